import type { Rule } from './types';
import { arr, containersOf, get, isObj, nameOf } from './lib/index-resources';

export const rule: Rule = {
  id: 'hpa-target',
  title: 'HPA target missing, or utilization metric without requests',
  category: 'references',
  severity: 'error',
  rationale: 'An HPA whose target does not exist does nothing; an HPA scaling on cpu/memory utilization of containers that have no request for that resource cannot compute utilization and never scales.',
  docs: {
    description: 'The `scaleTargetRef` of a HorizontalPodAutoscaler must name a workload of the environment; for each `Resource` metric with a `Utilization` target, every container of the target must request that resource.',
    bad: `kind: HorizontalPodAutoscaler
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: backend }
  metrics:
    - type: Resource
      resource: { name: cpu, target: { type: Utilization, averageUtilization: 70 } }
# backend's container has no resources.requests.cpu`,
    good: `# the Deployment's containers set resources.requests.cpu: 500m`,
  },
  check(ctx) {
    for (const hpa of ctx.index.ofKind('HorizontalPodAutoscaler')) {
      const kind = String(get(hpa.object, ['spec', 'scaleTargetRef', 'kind']) ?? '');
      const name = String(get(hpa.object, ['spec', 'scaleTargetRef', 'name']) ?? '');
      const target = ctx.index.find(kind, name, ctx.index.namespaceOf(hpa));
      if (!target) {
        ctx.report({ resource: hpa, path: ['spec', 'scaleTargetRef', 'name'], message: `HPA '${nameOf(hpa)}' targets ${kind} '${name}', which is not defined` });
        continue;
      }
      const t = ctx.index.templateOf(target);
      if (!t) continue;
      arr(get(hpa.object, ['spec', 'metrics'])).forEach((m, i) => {
        if (!isObj(m) || m.type !== 'Resource') return;
        const res = String(get(m, ['resource', 'name']) ?? '');
        if (get(m, ['resource', 'target', 'type']) !== 'Utilization') return;
        for (const c of containersOf(t, false)) {
          if (get(c.container, ['resources', 'requests', res]) !== undefined) continue;
          ctx.report({
            resource: hpa,
            path: ['spec', 'metrics', i, 'resource', 'name'],
            message: `HPA '${nameOf(hpa)}' scales on ${res} utilization but container '${c.name}' of ${kind} '${name}' has no ${res} request`,
            related: [{ resource: target, path: [...c.path, 'name'], message: `container '${c.name}' is defined here` }],
          });
        }
      });
    }
  },
};
