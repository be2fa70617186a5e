import type { Rule } from './types';
import { arr, get } from './lib/index-resources';
import { replicaCeiling } from './lib/workloads';

export const rule: Rule = {
  id: 'anti-affinity',
  title: 'Replicas without anti-affinity or topology spread',
  category: 'workloads',
  severity: 'warning',
  rationale: 'Replicas the scheduler places on the same node all die with it; high availability needs them spread.',
  docs: {
    description: 'A Deployment or StatefulSet that can run more than one replica (HPA `maxReplicas` when scaled) must set `podAntiAffinity` or `topologySpreadConstraints` in its pod template.',
    bad: `kind: Deployment
spec:
  replicas: 3
  template:
    spec:
      containers: [...]`,
    good: `    spec:
      topologySpreadConstraints:
        - { maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway, labelSelector: { matchLabels: { app: backend } } }`,
  },
  check(ctx) {
    for (const t of ctx.index.podTemplates) {
      if (t.kind !== 'Deployment' && t.kind !== 'StatefulSet') continue;
      const n = replicaCeiling(ctx.index, t) ?? 1;
      if (n <= 1) continue;
      if (get(t.spec, ['affinity', 'podAntiAffinity']) !== undefined || arr(t.spec.topologySpreadConstraints).length) continue;
      ctx.report({ resource: t.resource, path: ['metadata', 'name'], message: `${t.kind} '${t.name}' can run ${n} replicas but sets no podAntiAffinity or topologySpreadConstraints` });
    }
  },
};
