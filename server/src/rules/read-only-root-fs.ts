import type { Rule } from './types';
import { containersOf, get } from './lib/index-resources';

export const rule: Rule = {
  id: 'read-only-root-fs',
  title: 'Root filesystem is writable',
  category: 'security',
  severity: 'warning',
  rationale: 'A writable root filesystem lets an attacker drop tools or modify the application in place; writable paths should be explicit emptyDir or volume mounts.',
  docs: {
    description: 'Each container must set `securityContext.readOnlyRootFilesystem: true` (mount an `emptyDir` where the process needs to write, e.g. /tmp).',
    bad: `securityContext: { runAsNonRoot: true }`,
    good: `securityContext: { runAsNonRoot: true, readOnlyRootFilesystem: true }
volumeMounts: [{ name: tmp, mountPath: /tmp }]`,
  },
  check(ctx) {
    for (const t of ctx.index.podTemplates) {
      for (const c of containersOf(t)) {
        const v = get(c.container, ['securityContext', 'readOnlyRootFilesystem']);
        if (v === true) continue;
        ctx.report({
          resource: t.resource,
          path: v === false ? [...c.path, 'securityContext', 'readOnlyRootFilesystem'] : [...c.path, 'name'],
          message: `container '${c.name}' of ${t.kind} '${t.name}' has a writable root filesystem`,
          ...(v === false ? { fix: { title: 'Set readOnlyRootFilesystem: true', newText: 'true' } } : {}),
        });
      }
    }
  },
};
