import type { Rule } from './types';
import { arr, containersOf, get } from './lib/index-resources';

export const rule: Rule = {
  id: 'capabilities-drop',
  title: 'Capabilities not dropped',
  category: 'security',
  severity: 'warning',
  rationale: 'Containers start with a default set of Linux capabilities (NET_RAW, CHOWN, …) most services never need; dropping ALL and adding back only what is required shrinks what an exploit can do.',
  docs: {
    description: 'Each container must list `ALL` in `securityContext.capabilities.drop`.',
    bad: `securityContext: { capabilities: { drop: [NET_RAW] } }`,
    good: `securityContext: { capabilities: { drop: [ALL] } }`,
  },
  check(ctx) {
    for (const t of ctx.index.podTemplates) {
      for (const c of containersOf(t)) {
        const drop = get(c.container, ['securityContext', 'capabilities', 'drop']);
        if (arr(drop).map(String).includes('ALL')) continue;
        ctx.report({
          resource: t.resource,
          path: drop === undefined ? [...c.path, 'name'] : [...c.path, 'securityContext', 'capabilities', 'drop'],
          message: `container '${c.name}' of ${t.kind} '${t.name}' does not drop ALL capabilities`,
        });
      }
    }
  },
};
