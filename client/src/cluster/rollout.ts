// Watching rollouts of an environment's workloads (Deployments, StatefulSets,
// DaemonSets, Jobs) until all are complete, one fails, or time runs out.
// Watches, not polling: one list then one watch per kind and namespace; after
// a dropped connection the watch resumes from the last resourceVersion seen
// (bookmarks keep it fresh), and a 410 Gone (too old) relists first.
import { Watch } from '@kubernetes/client-node';
import { PART_OF } from './applyset';
import { ConnectionTracker, type Connection } from './connection';
import { objectPath, type Discovery, type ResourceMapping } from './discovery';
import { rolloutFailure } from './atomic';
import { stuckReasons } from './podReasons';
import { isWorkloadKind, rolloutStatus, type WorkloadStatus } from './rolloutStatus';
import { UnreachableError, type Transport } from './transport';
import { CredentialError, credentialFailure } from './credentials';

export interface RolloutOptions {
  /** Overall deadline; Infinity (with untilAborted) watches until aborted. */
  timeoutMs: number;
  onStatus?: (s: WorkloadStatus) => void;
  /** Connection events: drops, resumes, relists. */
  onEvent?: (message: string) => void;
  signal?: AbortSignal;
  /** Keep watching after everything is complete (`status --watch`); ends on timeout or abort. */
  untilAborted?: boolean;
  /**
   * End `failed` at the first workload whose rollout will not succeed (past
   * its progress deadline, a failed Job, a crash loop, an image that cannot
   * be pulled: `rolloutFailure`) without waiting for the others: an atomic
   * deploy rolls back at once, in the editor and in the CLI alike.
   */
  untilFailure?: boolean;
  /**
   * A workload still progressing with no change for this long gets the
   * reasons from its pods (unschedulable, image pulls, crash loops) attached
   * and reported through onStatus (default 10 s).
   */
  stuckAfterMs?: number;
  /**
   * Resume an earlier watch from this resourceVersion instead of listing
   * first (e.g. after a reload); if it is too old the server says 410 Gone
   * and the watch relists.
   */
  fromResourceVersion?: string;
  /**
   * Whether the cluster can be watched right now: `lost` as soon as a list or
   * a watch cannot be (re-)established (with the time the connection was lost
   * and the error), `connected` once every watch is live again. A stream that
   * merely ends and reconnects at once is not reported.
   */
  onConnection?: (c: Connection) => void;
  /**
   * The environment's applyset id: a live workload without this membership
   * label is another environment's (or nobody's), and is reported as not
   * deployed here, never with its status.
   */
  applySetId?: string;
  /**
   * Every other object to follow in the same watches (the editor's drift
   * view): each live state as it comes, whoever owns it, and `undefined` when
   * it is absent (deleted, or not in a full list). Kinds the cluster does not
   * serve are left out.
   */
  objects?: { refs: LiveRef[]; onLive(key: string, obj: Record<string, unknown> | undefined): void };
}

/** An object to follow; `key` is the caller's name for it, given back with each state. */
export interface LiveRef {
  apiVersion: string;
  kind: string;
  /** '' for a cluster-scoped kind. */
  namespace: string;
  name: string;
  key: string;
}

export type RolloutOutcome = 'complete' | 'failed' | 'timeout' | 'aborted';

export interface RolloutReport {
  outcome: RolloutOutcome;
  /** In input order. */
  workloads: WorkloadStatus[];
  /** How many times a watch was re-established (resumed or relisted). */
  reconnects: number;
}

export interface WorkloadRef {
  kind: string;
  namespace: string;
  name: string;
}

type Obj = Record<string, any>;

const keyOf = (r: WorkloadRef) => `${r.kind}/${r.namespace}/${r.name}`;

/** The workloads among rendered objects (namespace defaulted). */
export function workloadsOf(objects: Obj[], defaultNamespace: string): WorkloadRef[] {
  return objects
    .filter((o) => isWorkloadKind(o.kind))
    .map((o) => ({ kind: String(o.kind), namespace: String(o.metadata?.namespace || defaultNamespace), name: String(o.metadata?.name) }));
}

function waitingFor(r: WorkloadRef): WorkloadStatus {
  return { ...r, ready: 0, desired: 0, state: 'progressing', message: `Waiting for ${r.kind.toLowerCase()} "${r.name}" to be created...` };
}

/** A live workload of the same name that is not a member of this environment's applyset. */
export function foreignTo(r: WorkloadRef, owner: string | undefined): WorkloadStatus {
  const whose = owner ? `another applyset's (${PART_OF}=${owner})` : `not in any applyset (no ${PART_OF} label)`;
  return { ...waitingFor(r), message: `${r.kind.toLowerCase()} "${r.name}" exists but is ${whose}, not this environment's`, foreign: owner ?? '' };
}

export async function watchRollouts(t: Transport, discovery: Discovery, targets: WorkloadRef[], o: RolloutOptions): Promise<RolloutReport> {
  const statuses = new Map<string, WorkloadStatus>(targets.map((r) => [keyOf(r), waitingFor(r)]));
  const live = new Map<string, Obj>();
  const controllers = new Set<AbortController>();
  let reconnects = 0;
  let finished = false;
  let finish!: (outcome: RolloutOutcome) => void;
  const done = new Promise<RolloutOutcome>((resolve) => {
    finish = (outcome) => {
      if (finished) return;
      finished = true;
      for (const c of controllers) c.abort();
      resolve(outcome);
    };
  });
  if (targets.length === 0 && !o.untilAborted) finish('complete');

  const settle = () => {
    if (o.untilAborted) return;
    const all = [...statuses.values()];
    if (o.untilFailure && all.some((s) => rolloutFailure(s) !== undefined)) return finish('failed');
    if (all.every((s) => s.state !== 'progressing')) finish(all.some((s) => s.state === 'failed') ? 'failed' : 'complete');
  };
  const changedAt = new Map<string, number>();
  const absent = (k: string, next: WorkloadStatus) => {
    // A stream of a watch that has ended (aborted, replaced) reports nothing more.
    if (finished) return;
    live.delete(k);
    const before = statuses.get(k)!;
    statuses.set(k, next);
    // A workload seen before and gone now is news; one never seen is not.
    if (before.message !== next.message) {
      changedAt.set(k, Date.now());
      o.onStatus?.(next);
    }
  };
  const followed = new Map<string, LiveRef>();
  const update = (obj: Obj, deleted = false) => {
    if (finished) return;
    const ref: WorkloadRef = { kind: obj.kind, namespace: obj.metadata?.namespace ?? '', name: obj.metadata?.name };
    const k = keyOf(ref);
    const f = followed.get(k);
    if (f) o.objects!.onLive(f.key, deleted ? undefined : obj);
    if (!statuses.has(k)) return;
    const owner: string | undefined = obj.metadata?.labels?.[PART_OF];
    if (deleted) {
      absent(k, waitingFor(ref));
    } else if (o.applySetId !== undefined && owner !== o.applySetId) {
      absent(k, foreignTo(ref, owner));
    } else {
      live.set(k, obj);
      const s = rolloutStatus(obj);
      const before = statuses.get(k)!;
      if (before.message === s.message && before.state === s.state && before.ready === s.ready) {
        // Nothing moved: keep the reasons found for it so far.
        statuses.set(k, before.reason && !s.reason ? { ...s, reason: before.reason } : s);
        return;
      }
      statuses.set(k, s);
      changedAt.set(k, Date.now());
      o.onStatus?.(s);
    }
    settle();
  };

  // One list+watch loop per kind and namespace.
  type Group = { mapping: ResourceMapping; kind: string; namespace: string; targets: WorkloadRef[]; followed: LiveRef[] };
  const groups = new Map<string, Group>();
  const groupOf = (mapping: ResourceMapping, kind: string, namespace: string): Group => {
    const g = groups.get(`${kind}/${namespace}`) ?? { mapping, kind, namespace, targets: [], followed: [] };
    groups.set(`${kind}/${namespace}`, g);
    return g;
  };
  for (const r of targets) {
    const apiVersion = r.kind === 'Job' ? 'batch/v1' : 'apps/v1';
    groupOf(discovery.map(apiVersion, r.kind), r.kind, r.namespace).targets.push(r);
  }
  for (const r of o.objects?.refs ?? []) {
    const mapping = discovery.find(r.apiVersion, r.kind);
    if (!mapping) continue;
    const ref = { ...r, namespace: mapping.namespaced ? r.namespace : '' };
    followed.set(keyOf(ref), ref);
    groupOf(mapping, r.kind, ref.namespace).followed.push(ref);
  }
  const connection = new ConnectionTracker([...groups.keys()], (c) => !finished && o.onConnection?.(c));
  const watch = new Watch(t.kubeConfig);
  const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

  const loop = async (g: Group) => {
    const id = `${g.kind}/${g.namespace}`;
    const path = objectPath(g.mapping, g.namespace);
    const what = `${g.mapping.resource} in ${g.namespace}`;
    // List items and watch events leave out apiVersion and kind.
    const apiVersion = g.mapping.group ? `${g.mapping.group}/${g.mapping.version}` : g.mapping.version;
    let rv: string | undefined = o.fromResourceVersion;
    let failures = 0;
    let connections = 0;
    while (!finished) {
      try {
        if (rv === undefined) {
          const list = await t.request<{ metadata: { resourceVersion: string }; items: Obj[] }>('GET', path, { timeoutMs: 10_000 });
          rv = list.metadata.resourceVersion;
          const listed = new Set<string>();
          for (const item of list.items) {
            listed.add(keyOf({ kind: g.kind, namespace: item.metadata?.namespace ?? '', name: item.metadata?.name }));
            update({ ...item, apiVersion, kind: g.kind });
          }
          // A (re)list is the whole truth for this kind and namespace: what
          // it lacks was deleted meanwhile, whatever was seen before.
          for (const r of g.targets) if (!listed.has(keyOf(r))) absent(keyOf(r), waitingFor(r));
          if (finished) return;
          for (const r of g.followed) if (!listed.has(keyOf(r))) o.objects!.onLive(r.key, undefined);
          settle();
        }
        let gone = false;
        let ended = false;
        let streaming = false;
        const from = rv;
        const closed = new Promise<unknown>((resolve) => {
          void watch
            .watch(path, { resourceVersion: rv, allowWatchBookmarks: true }, (type: string, obj: Obj) => {
              if (type === 'ERROR') {
                if (obj?.code === 410) gone = true;
                return;
              }
              if (obj?.metadata?.resourceVersion) rv = obj.metadata.resourceVersion;
              if (type === 'BOOKMARK') return;
              update({ ...obj, apiVersion, kind: g.kind }, type === 'DELETED');
            }, (err: unknown) => {
              ended = true;
              resolve(err);
            })
            .then(
              (c) => {
                controllers.add(c);
                if (finished) c.abort();
                else if (!ended) {
                  // Connected (the server answered 200): the stream is live.
                  if (connections++ > 0) reconnects++;
                  failures = 0;
                  streaming = true;
                  connection.up(id);
                  o.onEvent?.(`watching ${what} from resourceVersion ${from}`);
                }
              },
              // Rejected before any request: the credential (an exec plugin
              // failing) — client-node calls neither callback then.
              (e: unknown) => {
                ended = true;
                resolve(credentialFailure(t.kubeConfig, e));
              },
            );
        });
        const err = await closed;
        if (finished) return;
        // Never live (refused, reset, HTTP error): the cluster is away. A
        // live stream that ends is only noted; the next attempt decides.
        if (!streaming) connection.lost(id, unreachable(t, err));
        else connection.ended(id);
        if (gone) {
          o.onEvent?.(`watch of ${what}: resourceVersion ${rv} is too old (410 Gone); relisting`);
          rv = undefined;
        } else {
          o.onEvent?.(`watch of ${what} dropped${err ? ` (${errText(err)})` : ''}; resuming from resourceVersion ${rv}`);
          failures++;
        }
      } catch (e) {
        if (finished) return;
        failures++;
        connection.lost(id, e instanceof UnreachableError ? e.message : errText(e));
        o.onEvent?.(`watch of ${what}: ${e instanceof UnreachableError ? e.message : errText(e)}; retrying`);
      }
      // Back off while the server is away (restart, network): 0.2 s doubling to 3 s.
      if (failures) await pause(Math.min(3000, 200 * 2 ** Math.min(failures - 1, 4)));
    }
  };

  // (setTimeout would fire at once for Infinity: it clamps overlarge delays to 1 ms.)
  const timer = Number.isFinite(o.timeoutMs) ? setTimeout(() => finish('timeout'), o.timeoutMs) : undefined;
  // Why a rollout does not move is not in the workload's own status: ask its
  // pods, once per quiet period, only for workloads that stopped moving.
  const stuckAfter = o.stuckAfterMs ?? 10_000;
  const asking = new Set<string>();
  const stuckTimer = setInterval(() => {
    for (const [k, s] of statuses) {
      const obj = live.get(k);
      if (finished || s.state !== 'progressing' || !obj || asking.has(k) || Date.now() - (changedAt.get(k) ?? 0) < stuckAfter) continue;
      asking.add(k);
      void stuckReasons(t, obj)
        .then((reasons) => {
          const cur = statuses.get(k)!;
          const reason = reasons.join('; ');
          if (finished || !reason || cur.message !== s.message || cur.reason === reason) return;
          const next = { ...cur, reason };
          statuses.set(k, next);
          o.onStatus?.(next);
          // A hopeless reason (a crash loop, an image pull) ends an atomic watch.
          settle();
        })
        .catch(() => undefined)
        .finally(() => asking.delete(k));
    }
  }, Math.max(250, stuckAfter / 2));
  stuckTimer.unref();
  const onAbort = () => finish('aborted');
  o.signal?.addEventListener('abort', onAbort);
  // Aborted before this watch began (while its session was opened): an
  // 'abort' listener added now would never fire, and the watch would run on
  // beside the one that replaced it.
  if (o.signal?.aborted) finish('aborted');
  for (const g of groups.values()) void loop(g);
  const outcome = await done;
  clearTimeout(timer);
  clearInterval(stuckTimer);
  o.signal?.removeEventListener('abort', onAbort);

  if (outcome === 'timeout' || outcome === 'failed') {
    // Say why: conditions and pod-level reasons of whatever is not complete.
    for (const [k, s] of statuses) {
      const obj = live.get(k);
      if (s.state === 'complete' || !obj) continue;
      try {
        // A failed workload keeps its condition's reason first (and not twice: the
        // workload's problems repeat it); a progressing one's earlier pod reasons are replaced.
        const first = s.state === 'failed' ? s.reason : undefined;
        const reasons = (await stuckReasons(t, obj)).filter((r) => !first || !r.includes(first));
        if (reasons.length) statuses.set(k, { ...s, reason: [first, ...reasons].filter(Boolean).join('; ') });
      } catch {
        /* the reasons are a courtesy; the outcome stands */
      }
    }
  }
  return { outcome, workloads: targets.map((r) => statuses.get(keyOf(r))!), reconnects };
}

/** A failed watch request in the words of UnreachableError (node-fetch's message names the whole URL). */
function unreachable(t: Transport, err: unknown): string {
  if (err instanceof CredentialError) return err.message;
  const status = (err as { statusCode?: number } | null)?.statusCode;
  if (status) return `the watch was refused: HTTP ${status} ${errText(err)}`;
  const text = err ? errText(err) : 'the watch ended before it started';
  return new UnreachableError(t.server, t.context, /reason: (.*)$/.exec(text)?.[1] ?? text).message;
}

function errText(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (e && typeof e === 'object' && 'error' in e) return String((e as { error: unknown }).error);
  return String(e);
}
