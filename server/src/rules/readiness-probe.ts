import type { Rule } from './types';
import { containersOf } from './lib/index-resources';
import { LONG_RUNNING } from './lib/workloads';

export const rule: Rule = {
  id: 'readiness-probe',
  title: 'Missing readiness probe',
  category: 'workloads',
  severity: 'warning',
  rationale: 'Without a readiness probe a pod receives Service traffic as soon as its process starts, before it can answer; rolling updates then drop requests.',
  docs: {
    description: 'Every container of a long-running workload selected by a Service needs a `readinessProbe`. Workloads no Service selects (workers, schedulers) are exempt.',
    bad: `containers:
  - name: backend
    image: registry.example.com/backend:1.0.0`,
    good: `containers:
  - name: backend
    image: registry.example.com/backend:1.0.0
    readinessProbe: { httpGet: { path: /api/system/readiness/, port: http } }`,
  },
  check(ctx) {
    for (const t of ctx.index.podTemplates) {
      if (!LONG_RUNNING.has(t.kind) || !ctx.index.servicesFor(t).length) continue;
      for (const c of containersOf(t, false)) {
        if (c.container.readinessProbe === undefined) {
          ctx.report({ resource: t.resource, path: [...c.path, 'name'], message: `container '${c.name}' of ${t.kind} '${t.name}' has no readinessProbe but receives Service traffic` });
        }
      }
    }
  },
};
