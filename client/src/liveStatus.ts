// Live workload status per environment, fed by cluster watches (liveWatch.ts,
// commands/rollout.ts) and read by the environment tree and the status bar.
// Holds state only; whoever watches pushes updates, so nothing polls.
//
// The views must never show a state nobody knows: while the cluster cannot be
// reached the environment is "disconnected since HH:MM" and its workloads are
// the last known states, marked stale; when a new watch starts, states not
// confirmed by the time it is connected are dropped (those objects are gone).
// Pure (no `vscode`): the tests drive it directly.
import { clock } from './cluster/connection';
import type { WorkloadStatus as ClusterWorkloadStatus } from './cluster/rolloutStatus';
export type { RolloutState } from './cluster/rolloutStatus';

/** What the tree shows of a workload: the cluster code's status without kubectl's message line. */
export type WorkloadStatus = Omit<ClusterWorkloadStatus, 'message'>;

export interface EnvironmentLiveState {
  /** Watching; false after the watch ended or the context was unreachable. */
  watching: boolean;
  /** Why the cluster could not be watched. */
  error?: string;
  /** Short form of `error` for the tree ("context refused", "disconnected since 06:05"). */
  errorLabel?: string;
  /** Set while the cluster cannot be reached: when the connection was lost. The workloads are then stale. */
  disconnectedSince?: Date;
  workloads: Map<string, WorkloadStatus>;
  /**
   * The live state of every rendered object the watches follow, by
   * workloadKey of the rendered object; null when the cluster does not have
   * it. Objects not yet listed are absent (unknown). Drift is judged from
   * these against the current render (liveDrift.ts).
   */
  objects: Map<string, Record<string, unknown> | null>;
  /** Workloads and objects a new watch has not confirmed yet (dropped when it is connected). */
  unconfirmed: Set<string>;
  /** The current watch is connected: every object it follows has been listed, so `objects` is complete. */
  listed?: boolean;
}

export function workloadKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

/** The workloads' own summary, whether or not it is current: "all available", "2/5 available", "1 failed". */
export function summarizeWorkloads(state: EnvironmentLiveState | undefined): string | undefined {
  const all = [...(state?.workloads.values() ?? [])].filter((w) => w.foreign === undefined);
  if (all.length === 0) return undefined;
  const failed = all.filter((w) => w.state === 'failed').length;
  if (failed) return `${failed} failed`;
  const complete = all.filter((w) => w.state === 'complete').length;
  if (complete === all.length) return 'all available';
  return `${complete}/${all.length} available`;
}

/**
 * Whether the cluster has none of the environment's objects: every rendered
 * object has been listed and is absent. Namespaces do not count: undeploy
 * keeps them (their deletion would cascade), and one may exist before the
 * first deploy. Only known once the watch is connected (before that an
 * object not listed yet is unknown, not absent).
 */
export function isNotDeployed(state: EnvironmentLiveState | undefined): boolean {
  if (!state?.listed || state.disconnectedSince || state.error) return false;
  const others = [...state.objects].filter(([key]) => !key.startsWith('Namespace/'));
  return others.length > 0 && others.every(([, live]) => live === null);
}

/** One line for a whole environment, as the tree and the status bar show it. */
export function summarize(state: EnvironmentLiveState | undefined): string | undefined {
  if (!state) return undefined;
  if (state.disconnectedSince) {
    const known = summarizeWorkloads(state);
    return `disconnected since ${clock(state.disconnectedSince)}${known ? ` (last known: ${known}, stale)` : ''}`;
  }
  if (state.error) return state.errorLabel ?? 'unreachable';
  // Until every watch has listed (connected()), the workloads seen so far are
  // only some of them: a watch's Deployments come before its StatefulSets, and
  // "all available" then was a state nobody knew (a test that stopped the API
  // server at that moment saw "last known: all available" turn into 4/6).
  if (state.watching && !state.listed) return 'watching…';
  // Never deployed (or undeployed): say so, rather than "0/6 available" or "watching…" for ever.
  if (isNotDeployed(state)) return 'not deployed';
  const own = summarizeWorkloads(state);
  if (own || !state.listed) return own ?? (state.watching ? 'watching…' : undefined);
  // Listed and none of its own: "watching…" here stayed for ever (staging
  // sharing dev's namespace, in the e2e run), as if something were pending.
  if ([...state.workloads.values()].some((w) => w.foreign !== undefined)) return "workloads are another environment's";
  return state.watching ? 'no workloads' : undefined;
}

/** Whether a workload's status is not current (the cluster is away, or a new watch has not confirmed it yet). */
export function isStale(state: EnvironmentLiveState | undefined, key: string): boolean {
  return !!state && (!!state.disconnectedSince || state.unconfirmed.has(key));
}

/** A workload as the tree's object line describes it. */
export function workloadText(w: WorkloadStatus, stale: boolean): string {
  const counts = `${w.ready}/${w.desired}`;
  let text: string;
  if (w.foreign !== undefined) text = w.foreign ? `another environment's (applyset ${w.foreign})` : 'not deployed by THE_BOT (no applyset label)';
  else if (w.state === 'complete') text = `${counts} available`;
  else if (w.state === 'failed') text = `${counts} failed${w.reason ? `: ${w.reason}` : ''}`;
  else text = `${counts} progressing`;
  return stale ? `${text} (stale)` : text;
}

type Listener = (environment: string) => void;

export class LiveStatus {
  private readonly states = new Map<string, EnvironmentLiveState>();
  private readonly listeners = new Set<Listener>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** Fires with the environment name (a vscode.Event-compatible signature). */
  readonly onDidChange = (listener: Listener): { dispose(): void } => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  get(environment: string): EnvironmentLiveState | undefined {
    return this.states.get(environment);
  }

  private state(environment: string): EnvironmentLiveState {
    let s = this.states.get(environment);
    if (!s) {
      s = { watching: false, workloads: new Map(), objects: new Map(), unconfirmed: new Set() };
      this.states.set(environment, s);
    }
    return s;
  }

  private fire(environment: string): void {
    for (const l of [...this.listeners]) l(environment);
  }

  /**
   * A watch starts: what is shown so far stays, as unconfirmed, until the
   * watch is connected. `objects`: this watch also follows every object (the
   * tree's status watch; a deploy's rollout watch follows workloads only).
   */
  start(environment: string, objects = false): void {
    const s = this.state(environment);
    s.watching = true;
    s.listed = false;
    s.unconfirmed = new Set([...s.workloads.keys(), ...(objects ? s.objects.keys() : [])]);
    if (!s.disconnectedSince) {
      delete s.error;
      delete s.errorLabel;
    }
    this.fire(environment);
  }

  update(environment: string, status: WorkloadStatus): void {
    const s = this.state(environment);
    const key = workloadKey(status.kind, status.namespace, status.name);
    s.workloads.set(key, status);
    s.unconfirmed.delete(key);
    this.fire(environment);
  }

  /** The live state of a rendered object (undefined: the cluster does not have it); fires only when it changed. */
  setObject(environment: string, key: string, live: Record<string, unknown> | undefined): void {
    const s = this.state(environment);
    const before = s.objects.get(key);
    const wasUnconfirmed = s.unconfirmed.delete(key);
    const version = (o: Record<string, unknown> | null | undefined) => (o ? String((o.metadata as { resourceVersion?: string } | undefined)?.resourceVersion) : o);
    s.objects.set(key, live ?? null);
    if (wasUnconfirmed || version(before) !== version(live ?? null)) this.fire(environment);
  }

  /** Every watch is live: the connection is back, and what the new watch did not confirm is gone. */
  connected(environment: string): void {
    const s = this.state(environment);
    delete s.disconnectedSince;
    delete s.error;
    delete s.errorLabel;
    for (const key of s.unconfirmed) {
      s.workloads.delete(key);
      s.objects.delete(key);
    }
    s.unconfirmed.clear();
    s.listed = true;
    this.fire(environment);
  }

  /** The cluster cannot be reached (since `since`, the first loss kept): the workloads are the last known, stale. */
  lost(environment: string, error: string, since: Date = this.now()): void {
    const s = this.state(environment);
    s.disconnectedSince ??= since;
    s.error = error;
    s.errorLabel = `disconnected since ${clock(s.disconnectedSince)}`;
    this.fire(environment);
  }

  /**
   * The environment cannot be watched at all (no kubeconfig, a refused
   * context, a failed render): nothing is known about its workloads. An
   * unreachable cluster is a loss of connection instead (lost()).
   */
  fail(environment: string, error: string, label = 'unreachable'): void {
    if (label === 'unreachable') return this.lost(environment, error);
    const s = this.state(environment);
    s.watching = false;
    s.listed = false;
    s.error = error;
    s.errorLabel = label;
    delete s.disconnectedSince;
    s.workloads.clear();
    s.objects.clear();
    s.unconfirmed.clear();
    this.fire(environment);
  }

  stop(environment: string): void {
    const s = this.states.get(environment);
    if (s) {
      s.watching = false;
      this.fire(environment);
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
