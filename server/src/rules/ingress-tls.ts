import type { Rule } from './types';
import { arr, get, isObj, nameOf } from './lib/index-resources';
import { exists, isExternal } from './lib/external';

function covers(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  return pattern.startsWith('*.') && host.endsWith(pattern.slice(1)) && !host.slice(0, -pattern.length + 1).includes('.');
}

export const rule: Rule = {
  id: 'ingress-tls',
  title: 'Ingress TLS secret or issuer undefined, or host not covered',
  category: 'references',
  severity: 'error',
  rationale: 'An Ingress whose TLS secret never exists (no cert-manager issuer, no Secret) serves the controller\'s default certificate; a rule host missing from `tls.hosts` is served without a matching certificate.',
  docs: {
    description: 'For an Ingress with `tls`: the cert-manager issuer named by `cert-manager.io/cluster-issuer` or `cert-manager.io/issuer` must be defined (or listed in `facts.externalObjects`); without an issuer annotation each `secretName` must be a Secret or the `secretName` of a cert-manager Certificate; every rule `host` must be covered by some `tls[].hosts` entry.',
    bad: `kind: Ingress
metadata:
  annotations: { cert-manager.io/cluster-issuer: letsencrypt }   # no such ClusterIssuer
spec:
  tls: [{ hosts: [example.com], secretName: web-tls }]
  rules:
    - host: api.example.com   # not in tls.hosts`,
    good: `kind: Ingress
metadata:
  annotations: { cert-manager.io/cluster-issuer: letsencrypt-prod }
spec:
  tls: [{ hosts: [example.com, api.example.com], secretName: web-tls }]`,
  },
  check(ctx) {
    for (const ing of ctx.index.ofKind('Ingress')) {
      const tls = arr(get(ing.object, ['spec', 'tls'])).filter(isObj);
      if (!tls.length) continue;
      const ns = ctx.index.namespaceOf(ing);
      const ann = get(ing.object, ['metadata', 'annotations']);
      const annotations = isObj(ann) ? ann : {};
      let managed = false;
      for (const [key, kind] of [
        ['cert-manager.io/cluster-issuer', 'ClusterIssuer'],
        ['cert-manager.io/issuer', 'Issuer'],
      ] as const) {
        const issuer = annotations[key];
        if (typeof issuer !== 'string') continue;
        managed = true;
        const found = kind === 'ClusterIssuer' ? ctx.index.findAny(kind, issuer) || isExternal(ctx.facts, kind, issuer) : exists(ctx.index, ctx.facts, kind, issuer, ns);
        if (!found) {
          ctx.report({ resource: ing, path: ['metadata', 'annotations', key], message: `${kind} '${issuer}' is not defined (add it, or list it in facts.externalObjects if it lives outside these manifests)` });
        }
      }
      tls.forEach((t, i) => {
        const secret = t.secretName;
        if (managed || typeof secret !== 'string') return;
        const byCertificate = ctx.index.ofKind('Certificate').some((c) => get(c.object, ['spec', 'secretName']) === secret && ctx.index.namespaceOf(c) === ns);
        if (!byCertificate && !exists(ctx.index, ctx.facts, 'Secret', secret, ns)) {
          ctx.report({ resource: ing, path: ['spec', 'tls', i, 'secretName'], message: `TLS Secret '${secret}' is not defined and no cert-manager issuer or Certificate creates it` });
        }
      });
      const tlsHosts = tls.flatMap((t) => arr(t.hosts).map(String));
      arr(get(ing.object, ['spec', 'rules'])).forEach((r, i) => {
        if (!isObj(r) || typeof r.host !== 'string') return;
        const host = r.host;
        if (!tlsHosts.some((p) => covers(p, host))) {
          ctx.report({ resource: ing, path: ['spec', 'rules', i, 'host'], message: `host '${host}' of Ingress '${nameOf(ing)}' is not covered by any tls.hosts entry` });
        }
      });
    }
  },
};
