import type { Rule } from './types';
import { containersOf } from './lib/index-resources';
import { effective } from './lib/security';

export const rule: Rule = {
  id: 'run-as-non-root',
  title: 'Container may run as root',
  category: 'security',
  severity: 'warning',
  rationale: 'A process running as root inside a container is one kernel or runtime bug away from root on the node.',
  docs: {
    description: 'Each container must run as non-root: `runAsNonRoot: true` or a non-zero `runAsUser`, in the container\'s or the pod\'s `securityContext`.',
    bad: `securityContext: { runAsUser: 0 }`,
    good: `securityContext: { runAsNonRoot: true, runAsUser: 1000 }`,
  },
  check(ctx) {
    for (const t of ctx.index.podTemplates) {
      for (const c of containersOf(t)) {
        const nonRoot = effective(t, c, 'runAsNonRoot');
        const user = effective(t, c, 'runAsUser');
        if (user.value === 0) {
          ctx.report({ resource: t.resource, path: user.path!, message: `container '${c.name}' of ${t.kind} '${t.name}' runs as root (runAsUser: 0)` });
        } else if (nonRoot.value !== true && !(typeof user.value === 'number' && user.value > 0)) {
          ctx.report({
            resource: t.resource,
            path: nonRoot.value === false ? nonRoot.path! : [...c.path, 'name'],
            message: `container '${c.name}' of ${t.kind} '${t.name}' may run as root (set runAsNonRoot: true)`,
            ...(nonRoot.value === false ? { fix: { title: 'Set runAsNonRoot: true', newText: 'true' } } : {}),
          });
        }
      }
    }
  },
};
