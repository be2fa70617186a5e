import type { Rule } from './types';
import { get, selectorMatches, toSelector } from './lib/index-resources';
import { replicaFloor } from './lib/workloads';

export const rule: Rule = {
  id: 'pdb-missing',
  title: 'Multi-replica workload without PodDisruptionBudget',
  category: 'workloads',
  severity: 'warning',
  rationale: 'Without a PDB a node drain may evict every replica at once, turning a routine upgrade into an outage.',
  docs: {
    description: 'A Deployment or StatefulSet running more than one replica (lowest count: HPA `minReplicas` when scaled) must be selected by a PodDisruptionBudget. Workloads listed in `facts.singletons` are exempt.',
    bad: `kind: Deployment
metadata: { name: frontend }
spec:
  replicas: 3   # no PodDisruptionBudget selects app: frontend`,
    good: `kind: PodDisruptionBudget
metadata: { name: frontend }
spec:
  maxUnavailable: 1
  selector: { matchLabels: { app: frontend } }`,
  },
  check(ctx) {
    const pdbs = ctx.index.ofKind('PodDisruptionBudget');
    for (const t of ctx.index.podTemplates) {
      if (t.kind !== 'Deployment' && t.kind !== 'StatefulSet') continue;
      if (ctx.facts.singletons.includes(t.name)) continue;
      const n = replicaFloor(ctx.index, t) ?? 1;
      if (n <= 1) continue;
      const covered = pdbs.some((p) => {
        const sel = toSelector(get(p.object, ['spec', 'selector']));
        return ctx.index.namespaceOf(p) === t.namespace && sel !== undefined && selectorMatches(sel, t.labels);
      });
      if (!covered) ctx.report({ resource: t.resource, path: ['metadata', 'name'], message: `${t.kind} '${t.name}' runs ${n} replicas but no PodDisruptionBudget selects its pods` });
    }
  },
};
