import type { Rule } from './types';
import { exists } from './lib/external';

export const rule: Rule = {
  id: 'service-account-reference',
  title: 'ServiceAccount not defined',
  category: 'references',
  severity: 'error',
  rationale: 'The API server rejects pods whose ServiceAccount does not exist: the ReplicaSet keeps failing to create them.',
  docs: {
    description: 'The `serviceAccountName` of every pod template (other than `default`) must be a ServiceAccount of the environment or be listed in `facts.externalObjects`.',
    bad: `spec:
  template:
    spec:
      serviceAccountName: backend-sa   # no ServiceAccount backend-sa`,
    good: `kind: ServiceAccount
metadata: { name: backend-sa }`,
  },
  check(ctx) {
    for (const t of ctx.index.podTemplates) {
      const field = typeof t.spec.serviceAccountName === 'string' ? 'serviceAccountName' : typeof t.spec.serviceAccount === 'string' ? 'serviceAccount' : undefined;
      if (!field) continue;
      const name = String(t.spec[field]);
      if (name === 'default' || exists(ctx.index, ctx.facts, 'ServiceAccount', name, t.namespace)) continue;
      ctx.report({ resource: t.resource, path: [...t.specPath, field], message: `ServiceAccount '${name}' is not defined` });
    }
  },
};
