// ClusterPort over client/src/cluster (the @kubernetes/client-node operations
// shared with the `thebot` CLI). Each operation opens a checked session: the
// kubeconfig is loaded, the context bound to the environment, the server
// probed, kinds discovered — so nothing here can act on the wrong cluster.
import { stringify } from 'yaml';
import {
  errorMessage,
  fromPlain,
  loadKubeconfig,
  run,
  watchRollouts,
  workloadsOf,
  type ObjectOutcome,
} from './cluster';
import { rolloutFailure } from './cluster/atomic';
import { maskSecrets, stripNoise } from './cluster/normalize';
import { refOf } from './cluster/objects';
import { liveKey } from './liveDrift';
import type { ClusterPort, ObjectDiff, ObjectResult } from './clusterPort';
import type { WorkloadStatus } from './liveStatus';
import { openSession } from './openSession';


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

type ClusterWorkload = { kind: string; namespace: string; name: string; ready: number; desired: number; state: WorkloadStatus['state']; message: string; reason?: string; foreign?: string };

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
  };
}

export function createClusterPort(): ClusterPort {
  return {
    contexts: (files) => loadKubeconfig(files).getContexts().map((c) => c.name),
    async reachable(t) {
      try {
        const s = await openSession(t);
        return { ok: true, server: s.server, version: s.serverVersion };
      } catch (e) {
        return { ok: false, error: errorMessage(e) };
      }
    },
    async dryRun(t, objects, signal) {
      return (await run(await openSession(t), fromPlain(objects), { dryRun: true, ...(signal ? { signal } : {}) })).map(result);
    },
    async diff(t, objects, signal) {
      return (await run(await openSession(t), fromPlain(objects), { dryRun: true, ...(signal ? { signal } : {}) })).map(diffOf);
    },
    async apply(t, objects, signal) {
      return (await run(await openSession(t), fromPlain(objects), { dryRun: false, ...(signal ? { signal } : {}) })).map(result);
    },
    async watchRollouts(t, objects, onStatus, o) {
      const s = await openSession(t);
      const report = await watchRollouts(s.transport, s.discovery, workloadsOf(objects, t.namespace), {
        timeoutMs: o.timeoutSeconds * 1000,
        applySetId: s.applySet.id,
        onStatus: (w) => onStatus(toLive(w)),
        ...(o.untilFailure ? { untilFailure: true } : {}),
        ...(o.onConnection ? { onConnection: o.onConnection } : {}),
        ...(o.signal ? { signal: o.signal } : {}),
      });
      // A workload stuck for a hopeless reason (a crash loop) ended an atomic watch: failed, with that reason.
      const final = report.workloads.map((w) => toLive(report.outcome === 'failed' && w.state === 'progressing' && rolloutFailure(w) ? { ...w, state: 'failed' } : w));
      if (report.outcome === 'timeout') {
        return final.map((w) => (w.state === 'progressing' ? { ...w, state: 'failed' as const, reason: `not ready after ${o.timeoutSeconds} s${w.reason ? `: ${w.reason}` : ''}` } : w));
      }
      return final;
    },
    async watchStatus(t, objects, onStatus, signal, onConnection, onLive) {
      const s = await openSession(t);
      // Every rendered object in the same watches (drift is judged from them, no polling).
      const refs = objects.map((o) => {
        const r = refOf(o);
        return { apiVersion: r.apiVersion, kind: r.kind, namespace: r.namespace || t.namespace, name: r.name, key: liveKey(o) };
      });
      await watchRollouts(s.transport, s.discovery, workloadsOf(objects, t.namespace), {
        timeoutMs: STATUS_WATCH_MS,
        untilAborted: true,
        applySetId: s.applySet.id,
        onStatus: (w) => onStatus(toLive(w)),
        ...(onLive ? { objects: { refs, onLive } } : {}),
        ...(onConnection ? { onConnection } : {}),
        signal,
      });
    },
  };
}
