// A one-off status of an environment's workloads (no watch): each workload
// read once, its rollout status computed, and for anything not complete the
// reasons (conditions, pods). With the environment's applyset id, a live
// workload that is not a member of the set is reported as another's, never
// with its status.
import { PART_OF } from './applyset';
import { objectPath, type Discovery } from './discovery';
import { stuckReasons } from './podReasons';
import { foreignTo, type WorkloadRef } from './rollout';
import { rolloutStatus, type WorkloadStatus } from './rolloutStatus';
import type { Transport } from './transport';

export async function workloadStatus(t: Transport, discovery: Discovery, targets: WorkloadRef[], applySetId?: string): Promise<WorkloadStatus[]> {
  const out: WorkloadStatus[] = [];
  for (const r of targets) {
    const mapping = discovery.map(r.kind === 'Job' ? 'batch/v1' : 'apps/v1', r.kind);
    const res = await t.send<Record<string, any>>('GET', objectPath(mapping, r.namespace, r.name));
    if (res.status === 404) {
      out.push({ ...r, ready: 0, desired: 0, state: 'progressing', message: `${r.kind.toLowerCase()} "${r.name}" not found`, reason: 'not deployed' });
      continue;
    }
    const owner: string | undefined = res.body.metadata?.labels?.[PART_OF];
    if (applySetId !== undefined && owner !== applySetId) {
      out.push(foreignTo(r, owner));
      continue;
    }
    const s = rolloutStatus({ ...res.body, kind: r.kind });
    if (s.state !== 'complete') {
      const reasons = await stuckReasons(t, { ...res.body, kind: r.kind });
      if (reasons.length) s.reason = [s.reason, ...reasons].filter(Boolean).join('; ');
    }
    out.push(s);
  }
  return out;
}
