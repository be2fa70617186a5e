import type { Rule } from './types';
import { containersOf, get } from './lib/index-resources';

export const rule: Rule = {
  id: 'privilege-escalation',
  title: 'Privilege escalation allowed',
  category: 'security',
  severity: 'warning',
  rationale: 'Unless `allowPrivilegeEscalation` is false, a setuid binary in the image can gain more privileges than the container started with.',
  docs: {
    description: 'Each container must set `securityContext.allowPrivilegeEscalation: false`.',
    bad: `securityContext: { allowPrivilegeEscalation: true }`,
    good: `securityContext: { allowPrivilegeEscalation: false }`,
  },
  check(ctx) {
    for (const t of ctx.index.podTemplates) {
      for (const c of containersOf(t)) {
        const v = get(c.container, ['securityContext', 'allowPrivilegeEscalation']);
        if (v === false) continue;
        ctx.report({
          resource: t.resource,
          path: v === undefined ? [...c.path, 'name'] : [...c.path, 'securityContext', 'allowPrivilegeEscalation'],
          message: `container '${c.name}' of ${t.kind} '${t.name}' allows privilege escalation`,
          ...(v !== undefined ? { fix: { title: 'Set allowPrivilegeEscalation: false', newText: 'false' } } : {}),
        });
      }
    }
  },
};
