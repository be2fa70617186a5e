import type { Rule } from './types';
import { arr, containersOf, get, isObj, nameOf } from './lib/index-resources';

/** Names that hold credentials; *_FILE/_PATH/_NAME/_USER names point at them instead. */
const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|SECRET_?KEY|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIALS?)$/i;
const NOT_SECRET = /(_FILE|_PATH|_NAME|_USER|_ID|_URL|_HOST|_ALGORITHM|_LIFETIME)$/i;

export function looksSecret(name: string): boolean {
  return SECRET_NAME.test(name) && !NOT_SECRET.test(name);
}

export const rule: Rule = {
  id: 'literal-secret',
  title: 'Secret value in a ConfigMap or literal env',
  category: 'security',
  severity: 'warning',
  rationale: 'ConfigMaps and literal env values are readable by anyone who can read the Deployment or ConfigMap, end up in logs and diffs, and are not encrypted at rest.',
  docs: {
    description: 'Reports ConfigMap keys and literal container `env[].value`s whose name looks like a credential (…PASSWORD, …SECRET, …TOKEN, …API_KEY, …PRIVATE_KEY) and whose value is non-empty. Messages never print the value.',
    bad: `env:
  - { name: DB_PASSWORD, value: s3cret }`,
    good: `env:
  - name: DB_PASSWORD
    valueFrom: { secretKeyRef: { name: postgres-credentials, key: password } }`,
  },
  check(ctx) {
    for (const cm of ctx.index.ofKind('ConfigMap')) {
      const data = get(cm.object, ['data']);
      if (!isObj(data)) continue;
      for (const [k, v] of Object.entries(data)) {
        if (looksSecret(k) && typeof v === 'string' && v.trim() !== '') {
          ctx.report({ resource: cm, path: ['data', k], message: `ConfigMap '${nameOf(cm)}' key '${k}' looks like a secret; move it to a Secret` });
        }
      }
    }
    for (const t of ctx.index.podTemplates) {
      for (const c of containersOf(t)) {
        arr(c.container.env).forEach((e, i) => {
          const name = get(e, ['name']);
          const value = get(e, ['value']);
          if (typeof name !== 'string' || typeof value !== 'string' || value.trim() === '' || !looksSecret(name)) return;
          ctx.report({ resource: t.resource, path: [...c.path, 'env', i, 'value'], message: `env '${name}' of container '${c.name}' is a literal secret; use valueFrom.secretKeyRef` });
        });
      }
    }
  },
};
