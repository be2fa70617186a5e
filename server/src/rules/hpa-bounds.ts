import type { Rule } from './types';
import { get, nameOf } from './lib/index-resources';

export const rule: Rule = {
  id: 'hpa-bounds',
  title: 'HPA bounds outside the environment\'s limits',
  category: 'environment',
  severity: 'warning',
  rationale: 'HPA bounds are capacity decisions per environment: a staging HPA allowed to scale to 15 replicas can starve the shared cluster, a production minimum of 1 undoes high availability.',
  docs: {
    description: 'With `facts.hpa.minReplicas`/`maxReplicas` set for the environment, every HPA\'s `minReplicas` must be at least the minimum and its `maxReplicas` at most the maximum; `minReplicas` above `maxReplicas` is always reported.',
    bad: `# facts.hpa (staging): { minReplicas: 2, maxReplicas: 5 }
kind: HorizontalPodAutoscaler
spec: { minReplicas: 2, maxReplicas: 10 }`,
    good: `spec: { minReplicas: 2, maxReplicas: 5 }`,
  },
  check(ctx) {
    const bounds = ctx.facts.hpa;
    for (const h of ctx.index.ofKind('HorizontalPodAutoscaler')) {
      const minRaw = get(h.object, ['spec', 'minReplicas']);
      const min = typeof minRaw === 'number' ? minRaw : 1;
      const max = get(h.object, ['spec', 'maxReplicas']);
      const name = nameOf(h);
      if (typeof max === 'number' && min > max) {
        ctx.report({ resource: h, path: ['spec', 'minReplicas'], message: `HPA '${name}' minReplicas ${min} is above its maxReplicas ${max}` });
        continue;
      }
      if (bounds.minReplicas && min < bounds.minReplicas) {
        ctx.report({ resource: h, path: minRaw === undefined ? ['metadata', 'name'] : ['spec', 'minReplicas'], message: `HPA '${name}' minReplicas ${min} is below ${bounds.minReplicas}, the minimum for ${ctx.env.name}` });
      }
      if (bounds.maxReplicas && typeof max === 'number' && max > bounds.maxReplicas) {
        ctx.report({ resource: h, path: ['spec', 'maxReplicas'], message: `HPA '${name}' maxReplicas ${max} is above ${bounds.maxReplicas}, the maximum for ${ctx.env.name}` });
      }
    }
  },
};
