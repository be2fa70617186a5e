import type { Rule } from './types';
import { arr, containersOf, get } from './lib/index-resources';

export const rule: Rule = {
  id: 'duplicate-container-port',
  title: 'Duplicate container port',
  category: 'workloads',
  severity: 'error',
  rationale: 'Two containers of a pod (or one container twice) declaring the same port and protocol cannot both bind it; a repeated port name makes named targetPorts ambiguous.',
  docs: {
    description:
      'Within one pod template, each `containerPort`/`protocol` pair and each port `name` must be unique across containers. A pair repeated in one container is reported once, by the schema (`schema-duplicate-entry`: the API server refuses such a list under server-side apply).',
    bad: `containers:
  - name: web
    ports: [{ name: http, containerPort: 8080 }]
  - name: metrics
    ports: [{ name: http, containerPort: 8080 }]`,
    good: `  - name: metrics
    ports: [{ name: metrics, containerPort: 9100 }]`,
  },
  check(ctx) {
    for (const t of ctx.index.podTemplates) {
      // Where each pair and name was first declared: the container's name, and the container itself.
      const numbers = new Map<string, { name: string; container: unknown }>();
      const names = new Map<string, string>();
      for (const c of containersOf(t, false)) {
        arr(c.container.ports).forEach((p, i) => {
          const num = get(p, ['containerPort']);
          const proto = String(get(p, ['protocol']) ?? 'TCP');
          const name = get(p, ['name']);
          const key = `${String(num)}/${proto}`;
          const first = num !== undefined ? numbers.get(key) : undefined;
          if (first) {
            // Twice in one container: the schema's list-map check says so, in the API server's terms.
            if (first.container !== c.container) {
              ctx.report({ resource: t.resource, path: [...c.path, 'ports', i, 'containerPort'], message: `port ${String(num)}/${proto} is declared twice (also in container '${first.name}')` });
            }
          } else if (typeof name === 'string' && names.has(name)) {
            ctx.report({ resource: t.resource, path: [...c.path, 'ports', i, 'name'], message: `port name '${name}' is declared twice (also in container '${names.get(name)}')` });
          }
          if (num !== undefined && !first) numbers.set(key, { name: c.name, container: c.container });
          if (typeof name === 'string' && !names.has(name)) names.set(name, c.name);
        });
      }
    }
  },
};
