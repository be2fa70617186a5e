// Health of an environment's objects that are not workloads (CronJobs, PVCs,
// Ingresses, HPAs, PDBs, cert-manager Certificates), as the tree shows it:
// judged by cluster/health.ts from the live states the tree's watches already
// keep (LiveStatus.objects), so it costs no request and follows every change.
// Workloads have their rollout status instead (LiveStatus.workloads). An
// Ingress's TLS Secret is not checked here (one cert-manager creates is not
// among the watched objects); `thebot status` checks it.
// Pure (no `vscode`): the tests drive it directly.
import { HEALTH_KINDS, healthOf, type Health } from './cluster/health';
import { isWorkloadKind } from './cluster/rolloutStatus';
import { isStale, workloadKey, workloadText, type EnvironmentLiveState } from './liveStatus';

/** The health of the object under `key`, when its kind has a check beyond its rollout and the cluster has it. */
export function objectHealth(state: EnvironmentLiveState | undefined, key: string, kind: string, now?: Date): Health | undefined {
  if (!HEALTH_KINDS.includes(kind) || isWorkloadKind(kind)) return undefined;
  const live = state?.objects.get(key);
  if (!live) return undefined;
  return healthOf({ ...live, kind }, now ? { now } : {});
}

/** What the tree writes for it: the message alone when healthy, else the state first ("degraded: the last run did not succeed: …"). */
export function healthText(h: Health): string {
  return h.state === 'healthy' ? h.message : `${h.state}: ${h.message}`;
}

/**
 * The rendered objects the watches know to be failing now, by their live
 * key, with what the tree writes for them: a workload whose rollout failed, an
 * object of another kind whose health is degraded. A stale state (the watch
 * disconnected, or not yet confirmed since) is not known to be true: left out.
 */
export function failingObjects(objects: readonly { kind: string; namespace?: string; name: string }[], state: EnvironmentLiveState | undefined, now?: Date): Map<string, string> {
  const out = new Map<string, string>();
  if (!state) return out;
  for (const o of objects) {
    const key = workloadKey(o.kind, o.namespace, o.name);
    if (isStale(state, key)) continue;
    const w = state.workloads.get(key);
    if (w) {
      if (w.foreign === undefined && w.state === 'failed') out.set(key, workloadText(w, false));
      continue;
    }
    const h = objectHealth(state, key, o.kind, now);
    if (h?.state === 'degraded') out.set(key, healthText(h));
  }
  return out;
}
