import type { Rule } from './types';
import { arr, get } from './lib/index-resources';

export const rule: Rule = {
  id: 'automount-token',
  title: 'Service-account token mounted where not needed',
  category: 'security',
  severity: 'warning',
  rationale: 'Every pod gets an API token by default; a pod whose ServiceAccount has no RoleBinding never needs it, and a stolen token is still an authenticated foothold in the cluster.',
  docs: {
    description: 'A pod template whose ServiceAccount is bound by no RoleBinding or ClusterRoleBinding must set `automountServiceAccountToken: false` (in the pod spec or on the ServiceAccount).',
    bad: `spec:
  serviceAccountName: frontend   # no RoleBinding mentions frontend`,
    good: `spec:
  serviceAccountName: frontend
  automountServiceAccountToken: false`,
  },
  check(ctx) {
    const bindings = ctx.index.ofKind('RoleBinding', 'ClusterRoleBinding');
    for (const t of ctx.index.podTemplates) {
      const sa = String(t.spec.serviceAccountName ?? t.spec.serviceAccount ?? 'default');
      const own = t.spec.automountServiceAccountToken;
      if (own === false) continue;
      const account = ctx.index.find('ServiceAccount', sa, t.namespace);
      if (own === undefined && account && get(account.object, ['automountServiceAccountToken']) === false) continue;
      const bound = bindings.some((b) =>
        arr(get(b.object, ['subjects'])).some(
          (s) => get(s, ['kind']) === 'ServiceAccount' && get(s, ['name']) === sa && (get(s, ['namespace']) ?? ctx.index.namespaceOf(b)) === t.namespace,
        ),
      );
      if (bound) continue;
      ctx.report({
        resource: t.resource,
        path: own === true ? [...t.specPath, 'automountServiceAccountToken'] : t.spec.serviceAccountName !== undefined ? [...t.specPath, 'serviceAccountName'] : ['metadata', 'name'],
        message: `${t.kind} '${t.name}' mounts the API token of ServiceAccount '${sa}', which no RoleBinding uses (set automountServiceAccountToken: false)`,
        ...(own === true ? { fix: { title: 'Set automountServiceAccountToken: false', newText: 'false' } } : {}),
      });
    }
  },
};
