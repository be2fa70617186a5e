// The tree's live view of one environment, kept up by itself: pre-flight,
// then one status watch; while the cluster cannot be reached the environment
// is shown disconnected (last known states stale) and the whole thing is
// retried with a short back-off, so it recovers without a Refresh once the
// cluster answers again. Pure (no `vscode`): tests drive it with fakes.
import type { Connection } from './cluster/connection';
import type { ClusterTarget } from './clusterPort';
import type { LiveStatus, WorkloadStatus } from './liveStatus';

export type PreflightResult = { ok: true; target: ClusterTarget } | { ok: false; message: string; failure: string };

export interface WatchLoop {
  environment: string;
  live: LiveStatus;
  signal: AbortSignal;
  preflight(): Promise<PreflightResult>;
  /** The environment's rendered objects; rejects when it does not render. */
  objects(): Promise<Record<string, unknown>[]>;
  watch(
    target: ClusterTarget,
    objects: Record<string, unknown>[],
    onStatus: (s: WorkloadStatus) => void,
    signal: AbortSignal,
    onConnection: (c: Connection) => void,
    onLive: (key: string, obj: Record<string, unknown> | undefined) => void,
  ): Promise<void>;
  /** Waits before the next attempt (default: a timer that the signal cuts short). */
  sleep?(ms: number, signal: AbortSignal): Promise<void>;
}

/** Back-off between attempts while the cluster is away: 1, 2, 4, then every 5 s. */
export function retryDelay(attempt: number): number {
  return Math.min(5000, 1000 * 2 ** attempt);
}

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Runs until `signal` aborts, or until the environment cannot be watched at all (a refused context, no render). */
export async function keepWatching(l: WatchLoop): Promise<void> {
  const sleep = l.sleep ?? defaultSleep;
  let attempt = 0;
  while (!l.signal.aborted) {
    const pre = await l.preflight();
    if (l.signal.aborted) return;
    if (!pre.ok) {
      // Only an unreachable cluster, or one still being prepared (its note is
      // the label: "local cluster: building kube-apiserver"), may come back by
      // itself; a refused context or a missing kubeconfig waits for the
      // settings to change (which restarts the watcher).
      if (pre.failure === 'pending') l.live.fail(l.environment, pre.message, pre.message);
      else if (pre.failure !== 'unreachable') return l.live.fail(l.environment, pre.message, pre.failure);
      else l.live.lost(l.environment, pre.message);
    } else {
      let objects: Record<string, unknown>[];
      try {
        objects = await l.objects();
      } catch (e) {
        return l.live.fail(l.environment, `cannot render ${l.environment}: ${message(e)}`, 'render failed');
      }
      if (l.signal.aborted) return;
      try {
        l.live.start(l.environment, true);
        await l.watch(pre.target, objects, (s) => l.live.update(l.environment, s), l.signal, (c) => {
          if (c.state === 'connected') {
            attempt = 0;
            l.live.connected(l.environment);
          } else {
            l.live.lost(l.environment, c.error, c.since);
          }
        }, (key, obj) => l.live.setObject(l.environment, key, obj));
        if (l.signal.aborted) return;
      } catch (e) {
        if (l.signal.aborted) return;
        l.live.lost(l.environment, message(e));
      }
    }
    await sleep(retryDelay(attempt++), l.signal);
  }
}
