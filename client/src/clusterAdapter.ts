// ClusterPort over client/src/cluster (the @kubernetes/client-node operations
// shared with the `thebot` CLI). Each operation opens a checked session: the
// kubeconfig is loaded, the context bound to the environment, the server
// probed, kinds discovered — so nothing here can act on the wrong cluster.
import { stringify } from 'yaml';
import {
  ClusterSession,
  errorMessage,
  fromPlain,
  loadKubeconfig,
  run,
  watchRollouts,
  workloadsOf,
  type ObjectOutcome,
} from './cluster';
import { maskSecrets, stripNoise } from './cluster/normalize';
import { driftOf, pathText } from './cluster/drift';
import type { ClusterPort, ClusterTarget, ObjectDiff, ObjectResult } from './clusterPort';
import type { WorkloadStatus } from './liveStatus';

async function open(t: ClusterTarget): Promise<ClusterSession> {
  return ClusterSession.open({
    environment: { name: t.environment, context: t.context, namespace: t.namespace, protected: t.protected },
    kubeConfig: loadKubeconfig(t.kubeconfigFiles),
    context: t.context,
  });
}

function result(o: ObjectOutcome): ObjectResult {
  return {
    ...o.ref,
    action: o.action,
    ...(o.message !== undefined ? { message: o.message } : {}),
    ...(o.noAnswer ? { noAnswer: true } : {}),
    ...(o.fields ? { fields: o.fields } : {}),
    ...(o.conflict ? { conflict: true } : {}),
  };
}

const toYaml = (o: Record<string, unknown>): string => stringify(o, { lineWidth: 0 });

function diffOf(o: ObjectOutcome): ObjectDiff {
  if (o.action === 'failed' || !o.result) return { ...o.ref, desired: `# dry-run failed: ${o.message ?? ''}\n` };
  const [live, desired] = maskSecrets(o.live ? stripNoise(o.live) : undefined, stripNoise(o.result));
  return { ...o.ref, ...(live ? { live: toYaml(live) } : {}), desired: toYaml(desired!) };
}

/** The tree's status watch runs until the window closes or the user refreshes; one day bounds it. */
const STATUS_WATCH_MS = 24 * 3600 * 1000;

type ClusterWorkload = { kind: string; namespace: string; name: string; ready: number; desired: number; state: WorkloadStatus['state']; message: string; reason?: string; foreign?: string; drift?: WorkloadStatus['drift'] };

/** The cluster's status as the views show it: kubectl's message becomes the reason while not complete. */
function toLive(w: ClusterWorkload): WorkloadStatus {
  const reason = w.reason ?? (w.state !== 'complete' ? w.message : undefined);
  return {
    kind: w.kind,
    namespace: w.namespace,
    name: w.name,
    ready: w.ready,
    desired: w.desired,
    state: w.state,
    ...(reason ? { reason } : {}),
    ...(w.foreign !== undefined ? { foreign: w.foreign } : {}),
    ...(w.drift ? { drift: w.drift } : {}),
  };
}

/**
 * The drift judge for an environment's workloads: live object → in sync or
 * drifted against its render (cluster/drift.ts), HPA targets' replicas
 * ignored; undefined for objects it does not render.
 */
function liveDrift(objects: Record<string, unknown>[], namespace: string, applySetId: string): (live: Record<string, unknown>) => ClusterWorkload['drift'] {
  const key = (o: Record<string, unknown>) => {
    const m = (o.metadata ?? {}) as { namespace?: string; name?: string };
    return `${String(o.kind)}/${m.namespace || namespace}/${m.name}`;
  };
  const rendered = new Map(objects.map((o) => [key(o), o]));
  const scaled = new Set(
    objects
      .filter((o) => o.kind === 'HorizontalPodAutoscaler')
      .map((o) => {
        const ref = (o.spec as { scaleTargetRef?: { kind?: string; name?: string } } | undefined)?.scaleTargetRef;
        return `${ref?.kind}/${((o.metadata ?? {}) as { namespace?: string }).namespace || namespace}/${ref?.name}`;
      }),
  );
  return (live) => {
    const k = key(live);
    const desired = rendered.get(k);
    if (!desired) return undefined;
    const d = driftOf(desired, live, { applySetId, scaledByHpa: scaled.has(k) });
    if (d.state !== 'in-sync' && d.state !== 'drifted') return undefined;
    return { state: d.state, fields: d.fields.map(pathText) };
  };
}

export function createClusterPort(): ClusterPort {
  return {
    contexts: (files) => loadKubeconfig(files).getContexts().map((c) => c.name),
    async reachable(t) {
      try {
        const s = await open(t);
        return { ok: true, server: s.server, version: s.serverVersion };
      } catch (e) {
        return { ok: false, error: errorMessage(e) };
      }
    },
    async dryRun(t, objects, signal) {
      return (await run(await open(t), fromPlain(objects), { dryRun: true, ...(signal ? { signal } : {}) })).map(result);
    },
    async diff(t, objects, signal) {
      return (await run(await open(t), fromPlain(objects), { dryRun: true, ...(signal ? { signal } : {}) })).map(diffOf);
    },
    async apply(t, objects, signal) {
      return (await run(await open(t), fromPlain(objects), { dryRun: false, ...(signal ? { signal } : {}) })).map(result);
    },
    async watchRollouts(t, objects, onStatus, o) {
      const s = await open(t);
      const report = await watchRollouts(s.transport, s.discovery, workloadsOf(objects, t.namespace), {
        timeoutMs: o.timeoutSeconds * 1000,
        applySetId: s.applySet.id,
        onStatus: (w) => onStatus(toLive(w)),
        ...(o.onConnection ? { onConnection: o.onConnection } : {}),
        ...(o.signal ? { signal: o.signal } : {}),
      });
      const final = report.workloads.map(toLive);
      if (report.outcome === 'timeout') {
        return final.map((w) => (w.state === 'progressing' ? { ...w, state: 'failed' as const, reason: `not ready after ${o.timeoutSeconds} s${w.reason ? `: ${w.reason}` : ''}` } : w));
      }
      return final;
    },
    async watchStatus(t, objects, onStatus, signal, onConnection) {
      const s = await open(t);
      const judge = liveDrift(objects, t.namespace, s.applySet.id);
      const last = new Map<string, ClusterWorkload>();
      const keyOf = (w: { kind: string; namespace: string; name: string }) => `${w.kind}/${w.namespace}/${w.name}`;
      await watchRollouts(s.transport, s.discovery, workloadsOf(objects, t.namespace), {
        timeoutMs: STATUS_WATCH_MS,
        untilAborted: true,
        applySetId: s.applySet.id,
        onStatus: (w) => {
          const drift = last.get(keyOf(w))?.drift;
          const next = drift && w.foreign === undefined ? { ...w, drift } : w;
          last.set(keyOf(w), next);
          onStatus(toLive(next));
        },
        // Drift from the same watch events (no polling): judged at every event, reported when it changes.
        onObject: (obj) => {
          const meta = (obj.metadata ?? {}) as { namespace?: string; name?: string };
          const k = keyOf({ kind: String(obj.kind), namespace: String(meta.namespace ?? t.namespace), name: String(meta.name) });
          const drift = judge(obj);
          const before = last.get(k);
          if (!drift || !before || JSON.stringify(before.drift) === JSON.stringify(drift)) return;
          const next = { ...before, drift };
          last.set(k, next);
          onStatus(toLive(next));
        },
        ...(onConnection ? { onConnection } : {}),
        signal,
      });
    },
  };
}
