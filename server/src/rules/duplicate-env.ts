import type { Rule } from './types';
import { arr, containersOf, get } from './lib/index-resources';

export const rule: Rule = {
  id: 'duplicate-env',
  title: 'Duplicate environment variable',
  category: 'workloads',
  severity: 'warning',
  rationale: 'When a container sets the same variable twice the last one silently wins; usually an overlay patch appended a value instead of replacing it.',
  docs: {
    description: 'Reports the second and later `env` entries with the same `name` in one container.',
    bad: `env:
  - { name: LOG_LEVEL, value: INFO }
  - { name: LOG_LEVEL, value: DEBUG }`,
    good: `env:
  - { name: LOG_LEVEL, value: INFO }`,
  },
  check(ctx) {
    for (const t of ctx.index.podTemplates) {
      for (const c of containersOf(t)) {
        const seen = new Set<string>();
        arr(c.container.env).forEach((e, i) => {
          const name = get(e, ['name']);
          if (typeof name !== 'string') return;
          if (seen.has(name)) {
            ctx.report({ resource: t.resource, path: [...c.path, 'env', i, 'name'], message: `env '${name}' is set more than once in container '${c.name}' (the last one wins)` });
          }
          seen.add(name);
        });
      }
    }
  },
};
