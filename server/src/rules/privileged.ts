import type { Rule } from './types';
import { containersOf, get } from './lib/index-resources';

export const rule: Rule = {
  id: 'privileged',
  title: 'Privileged container',
  category: 'security',
  severity: 'error',
  rationale: 'A privileged container has every capability and all host devices: it is root on the node.',
  docs: {
    description: 'Reports containers with `securityContext.privileged: true`.',
    bad: `securityContext: { privileged: true }`,
    good: `securityContext: { privileged: false }`,
  },
  check(ctx) {
    for (const t of ctx.index.podTemplates) {
      for (const c of containersOf(t)) {
        if (get(c.container, ['securityContext', 'privileged']) !== true) continue;
        ctx.report({
          resource: t.resource,
          path: [...c.path, 'securityContext', 'privileged'],
          message: `container '${c.name}' of ${t.kind} '${t.name}' is privileged`,
          fix: { title: 'Set privileged: false', newText: 'false' },
        });
      }
    }
  },
};
