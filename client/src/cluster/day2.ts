// Day-2 actions on an environment's own objects (what the Kubernetes
// extension and k9s offer), each refused for an object that is not this
// environment's: restart a workload (kubectl rollout restart's annotation),
// scale it temporarily (drift until the next deploy), undeploy the whole
// environment (delete what its ApplySet owns), describe an object (its live
// YAML, Secret values masked, with its events).
import { stringify } from 'yaml';
import { owned, prune, readRecord, type PruneOutcome } from './applyset';
import { objectPath, type ResourceMapping } from './discovery';
import { whoAmI } from './identity';
import { listRevisions, liveRevision, loadRevision, setRevisionState } from './revisions';
import { maskSecret, stripNoise } from './normalize';
import { run, type ObjectOutcome } from './operations';
import { eventsOf } from './troubleshoot';
import type { ClusterSession } from './session';

type Obj = Record<string, any>;

export interface Target {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
}

async function readOwn(session: ClusterSession, t: Target): Promise<{ mapping: ResourceMapping; live: Obj; path: string }> {
  const mapping = await session.mapping(t.apiVersion, t.kind);
  const path = objectPath(mapping, mapping.namespaced ? t.namespace : undefined, t.name);
  const r = await session.transport.send<Obj>('GET', path);
  if (r.status === 404) throw new Error(`${t.kind} ${t.namespace}/${t.name} is not in the cluster`);
  if (r.status >= 400) throw new Error(`cannot read ${t.kind} ${t.namespace}/${t.name}: HTTP ${r.status}`);
  if (!owned(r.body as never, session.applySet)) throw new Error(`${t.kind} ${t.namespace}/${t.name} is not ${session.environment.name}'s (not deployed by THE_BOT in this environment): left alone`);
  return { mapping, live: r.body, path };
}

/**
 * Rollout restart, as kubectl does it: a new `restartedAt` annotation on the
 * pod template (its own field manager, so the next deploy leaves it alone and
 * the render never counts it as drift).
 */
export async function restartWorkload(session: ClusterSession, t: Target, now = new Date()): Promise<string> {
  if (!['Deployment', 'StatefulSet', 'DaemonSet'].includes(t.kind)) throw new Error(`${t.kind} cannot be restarted (only Deployments, StatefulSets, DaemonSets)`);
  const { path } = await readOwn(session, t);
  const at = now.toISOString();
  await session.transport.request('PATCH', path, {
    body: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': at } } } } },
    contentType: 'application/merge-patch+json',
    query: { fieldManager: 'thebot-restart' },
  });
  return at;
}

/**
 * Scales a workload until the next deploy: the object as last deployed (the
 * newest revision) applied again by our own field manager with only its
 * replicas changed, so nothing else moves, the tree shows `spec.replicas` as
 * drifted, and the next deploy sets the rendered count back without a
 * field-manager conflict (a `kubectl scale` would make it conflict).
 */
export async function scaleWorkload(session: ClusterSession, t: Target, replicas: number): Promise<ObjectOutcome> {
  if (!['Deployment', 'StatefulSet'].includes(t.kind)) throw new Error(`${t.kind} cannot be scaled (only Deployments and StatefulSets)`);
  if (!Number.isInteger(replicas) || replicas < 0) throw new Error(`replicas must be a whole number of 0 or more, not ${replicas}`);
  await readOwn(session, t);
  const env = session.environment.name;
  const latest = (await listRevisions(session.transport, env, session.namespace)).find((r) => r.state === 'deployed');
  const revision = latest && (await loadRevision(session.transport, env, session.namespace, latest.number));
  const same = (o: Obj) => o.kind === t.kind && o.metadata?.name === t.name && (o.metadata?.namespace || session.namespace) === t.namespace;
  const deployed = revision?.objects.map((s) => s.object as Obj).find(same);
  if (!deployed) throw new Error(`no recorded revision of ${env} holds ${t.kind} ${t.namespace}/${t.name}: deploy it first`);
  const body = { ...deployed, spec: { ...deployed.spec, replicas } };
  const [outcome] = await run(session, [{ object: body }], { dryRun: false });
  if (outcome!.action === 'failed') throw new Error(outcome!.message ?? 'the cluster refused the change');
  return outcome!;
}

/**
 * Deletes every object the environment's ApplySet owns (only ours: labelled
 * and applied by thebot); Namespaces and CRDs are kept (their deletion would
 * cascade to objects that are not ours). The revisions stay: a rollback can
 * bring the environment back. Once everything is gone the revision that was
 * live is marked undeployed, so nothing is shown as live any more.
 */
export async function undeploy(session: ClusterSession, o: { dryRun?: boolean; onOutcome?: (p: PruneOutcome) => void; now?: Date } = {}): Promise<PruneOutcome[]> {
  const recorded = await readRecord(session.transport, session.applySet);
  if (!recorded) return [];
  const outcomes = await prune(session.transport, session.discovery, session.applySet, [], recorded, {
    defaultNamespace: session.namespace,
    ...(o.dryRun ? { dryRun: true } : {}),
    ...(o.onOutcome ? { onOutcome: o.onOutcome } : {}),
  });
  if (o.dryRun || outcomes.some((p) => p.action === 'failed')) return outcomes;
  const env = session.environment.name;
  const live = liveRevision(await listRevisions(session.transport, env, session.namespace));
  if (live) {
    const when = (o.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    await setRevisionState(session.transport, env, session.namespace, live.number, 'undeployed', `undeployed by ${await whoAmI(session.transport)} at ${when}`);
  }
  return outcomes;
}

/**
 * An object as it is in the cluster: its live YAML without managed fields,
 * Secret values masked, followed by its events (and its pods' for a
 * workload) as comments, oldest first.
 */
export async function describeObject(session: ClusterSession, t: Target): Promise<string> {
  const mapping = await session.mapping(t.apiVersion, t.kind);
  const ns = mapping.namespaced ? t.namespace : undefined;
  const r = await session.transport.send<Obj>('GET', objectPath(mapping, ns, t.name));
  if (r.status === 404) return `# ${t.kind} ${ns ? `${ns}/` : ''}${t.name}: not in the cluster\n`;
  if (r.status >= 400) throw new Error(`cannot read ${t.kind} ${t.name}: HTTP ${r.status}`);
  const live = maskSecret({ ...r.body, apiVersion: t.apiVersion, kind: t.kind });
  const meta = live.metadata as Obj | undefined;
  if (meta) delete meta.managedFields;
  const events = ns ? await eventsOf(session, t.kind, ns, t.name).catch(() => []) : [];
  const lines = events.map((e) => `#   ${e.last || '-'}  ${e.type.padEnd(7)} ${e.reason.padEnd(20)} ${e.object}: ${e.message}${e.count > 1 ? ` (x${e.count})` : ''}`);
  return `${stringify(live, { lineWidth: 0 })}# Events${events.length ? ':' : ': none'}\n${lines.map((l) => `${l}\n`).join('')}`;
}

/** What a drift view shows: both sides without the server's bookkeeping, Secret values masked. */
export function comparable(o: Obj): Obj {
  return maskSecret(stripNoise(o));
}
