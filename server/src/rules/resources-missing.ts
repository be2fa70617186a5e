import type { Rule } from './types';
import { containersOf, get } from './lib/index-resources';

const REQUIRED: [string, string, string][] = [
  ['requests', 'cpu', 'cpu request'],
  ['requests', 'memory', 'memory request'],
  ['limits', 'memory', 'memory limit'],
];

export const rule: Rule = {
  id: 'resources-missing',
  title: 'Container requests or memory limit missing',
  category: 'workloads',
  severity: 'warning',
  rationale: 'Without requests the scheduler packs pods blindly and HPAs cannot compute utilization; without a memory limit one leaking container can exhaust its node. A cpu limit is deliberately not required (it throttles latency-sensitive services).',
  docs: {
    description: 'Every container (including init containers) must set `resources.requests.cpu`, `resources.requests.memory` and `resources.limits.memory`.',
    bad: `containers:
  - name: backend
    resources: { requests: { cpu: 500m } }`,
    good: `containers:
  - name: backend
    resources:
      requests: { cpu: 500m, memory: 512Mi }
      limits: { memory: 1Gi }`,
  },
  check(ctx) {
    for (const t of ctx.index.podTemplates) {
      for (const c of containersOf(t)) {
        const missing = REQUIRED.filter(([a, b]) => get(c.container, ['resources', a, b]) === undefined).map(([, , label]) => label);
        if (missing.length) {
          ctx.report({ resource: t.resource, path: [...c.path, 'name'], message: `container '${c.name}' of ${t.kind} '${t.name}' has no ${missing.join(', ')}` });
        }
      }
    }
  },
};
