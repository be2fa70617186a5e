import type { Rule } from './types';
import { containersOf, get } from './lib/index-resources';
import { parseQuantity } from '../../../shared/quantity';

export const rule: Rule = {
  id: 'limit-below-request',
  title: 'Limit below request',
  category: 'workloads',
  severity: 'error',
  rationale: 'The API server rejects a container whose limit is lower than its request ("must be less than or equal to … limit"); an overlay that lowers limits without requests breaks the deploy.',
  docs: {
    description: 'For cpu, memory and ephemeral-storage, `resources.limits` must be at least `resources.requests`.',
    bad: `resources:
  requests: { memory: 768Mi }
  limits: { memory: 512Mi }`,
    good: `resources:
  requests: { memory: 512Mi }
  limits: { memory: 768Mi }`,
  },
  check(ctx) {
    for (const t of ctx.index.podTemplates) {
      for (const c of containersOf(t)) {
        for (const res of ['cpu', 'memory', 'ephemeral-storage']) {
          const reqRaw = get(c.container, ['resources', 'requests', res]);
          const limRaw = get(c.container, ['resources', 'limits', res]);
          const req = parseQuantity(reqRaw);
          const lim = parseQuantity(limRaw);
          if (req === undefined || lim === undefined || lim >= req) continue;
          ctx.report({
            resource: t.resource,
            path: [...c.path, 'resources', 'limits', res],
            message: `${res} limit ${String(limRaw)} of container '${c.name}' is below its request ${String(reqRaw)}`,
            related: [{ resource: t.resource, path: [...c.path, 'resources', 'requests', res], message: `${res} request set here` }],
          });
        }
      }
    }
  },
};
