import type { Rule } from './types';
import { get, nameOf, toSelector, describe } from './lib/index-resources';
import { replicaFloor } from './lib/workloads';

function absolute(v: unknown, replicas: number, roundUp: boolean): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\d+%$/.test(v)) {
    const x = (Number(v.slice(0, -1)) / 100) * replicas;
    return roundUp ? Math.ceil(x) : Math.floor(x);
  }
  return undefined;
}

export const rule: Rule = {
  id: 'pdb-blocks-disruption',
  title: 'PodDisruptionBudget never allows a disruption',
  category: 'workloads',
  severity: 'error',
  rationale: 'A PDB whose minAvailable is at least the replica count (or maxUnavailable 0) blocks every voluntary eviction: node drains and cluster upgrades hang.',
  docs: {
    description: 'For each workload a PodDisruptionBudget selects, `minAvailable` must be lower than the workload\'s lowest replica count (the HPA `minReplicas` when an HPA scales it), and `maxUnavailable` must resolve to at least 1.',
    bad: `kind: PodDisruptionBudget
spec:
  minAvailable: 2
  selector: { matchLabels: { app: backend } }   # backend runs 2 replicas`,
    good: `spec:
  maxUnavailable: 1`,
  },
  check(ctx) {
    for (const pdb of ctx.index.ofKind('PodDisruptionBudget')) {
      const sel = toSelector(get(pdb.object, ['spec', 'selector']));
      if (!sel) continue;
      for (const t of ctx.index.podsSelectedBy(sel, ctx.index.namespaceOf(pdb))) {
        const n = replicaFloor(ctx.index, t);
        if (n === undefined) continue;
        const minRaw = get(pdb.object, ['spec', 'minAvailable']);
        const maxRaw = get(pdb.object, ['spec', 'maxUnavailable']);
        const min = absolute(minRaw, n, true);
        const maxU = absolute(maxRaw, n, true);
        if (min !== undefined && min >= n) {
          ctx.report({
            resource: pdb,
            path: ['spec', 'minAvailable'],
            message: `minAvailable ${String(minRaw)} of PodDisruptionBudget '${nameOf(pdb)}' is not below the ${n} replica(s) of ${describe(t.resource)}: no pod can ever be evicted`,
            related: [{ resource: t.resource, path: ['spec', 'replicas'], message: 'replicas set here' }],
          });
        } else if (maxU !== undefined && maxU < 1) {
          ctx.report({ resource: pdb, path: ['spec', 'maxUnavailable'], message: `maxUnavailable ${String(maxRaw)} of PodDisruptionBudget '${nameOf(pdb)}' allows no eviction of ${describe(t.resource)}` });
        }
      }
    }
  },
};
