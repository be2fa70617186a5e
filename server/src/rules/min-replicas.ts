import type { Rule } from './types';
import { get } from './lib/index-resources';

export const rule: Rule = {
  id: 'min-replicas',
  title: 'Fewer replicas than the environment requires',
  category: 'environment',
  severity: 'warning',
  rationale: 'An environment promised to be highly available (production: 3 replicas per service) silently loses that guarantee when an overlay or patch lowers replicas.',
  docs: {
    description: 'With `facts.minReplicas` set for the environment, every Deployment and StatefulSet not listed in `facts.singletons` must run at least that many replicas; when an HPA scales the workload, its `minReplicas` is checked instead.',
    bad: `# facts.minReplicas (production): 3
kind: Deployment
spec:
  replicas: 2`,
    good: `spec:
  replicas: 3`,
  },
  check(ctx) {
    const min = ctx.facts.minReplicas;
    if (!min) return;
    for (const t of ctx.index.podTemplates) {
      if ((t.kind !== 'Deployment' && t.kind !== 'StatefulSet') || ctx.facts.singletons.includes(t.name)) continue;
      const hpas = ctx.index.hpasFor(t.resource);
      if (hpas.length) {
        const hmin = get(hpas[0].object, ['spec', 'minReplicas']);
        const n = typeof hmin === 'number' ? hmin : 1;
        if (n < min) ctx.report({ resource: hpas[0], path: hmin === undefined ? ['metadata', 'name'] : ['spec', 'minReplicas'], message: `HPA minReplicas ${n} of ${t.kind} '${t.name}' is below the ${min} required in ${ctx.env.name}` });
        continue;
      }
      const n = t.replicas ?? 1;
      if (n >= min) continue;
      ctx.report({ resource: t.resource, path: get(t.resource.object, ['spec', 'replicas']) === undefined ? ['metadata', 'name'] : ['spec', 'replicas'], message: `${t.kind} '${t.name}' runs ${n} replica(s), below the ${min} required in ${ctx.env.name}` });
    }
  },
};
