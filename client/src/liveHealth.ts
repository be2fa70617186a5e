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
import type { EnvironmentLiveState } from './liveStatus';

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
