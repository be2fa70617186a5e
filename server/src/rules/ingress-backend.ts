import type { PathSegment } from '../kustomize/model';
import type { Rule } from './types';
import { serviceWriter } from './lib/external';
import { arr, get, isObj, nameOf } from './lib/index-resources';

export const rule: Rule = {
  id: 'ingress-backend',
  title: 'Ingress backend Service or port missing',
  category: 'references',
  severity: 'error',
  rationale: 'An Ingress path pointing at a Service or port that does not exist answers 503 for that route.',
  docs: {
    description: 'Every `backend.service` of an Ingress (rules and `defaultBackend`) must name a Service of the environment, and its `port.number`/`port.name` must be a port of that Service. A Service an operator makes for a resource of the set counts, with the ports that resource gives it: Argo Events\' `<name>-eventsource-svc` for an EventSource with `spec.service`.',
    bad: `kind: Ingress
spec:
  rules:
    - host: api.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: { service: { name: backend, port: { number: 8080 } } }   # Service port is 8000`,
    good: `            backend: { service: { name: backend, port: { number: 8000 } } }`,
  },
  check(ctx) {
    for (const ing of ctx.index.ofKind('Ingress')) {
      const backends: PathSegment[][] = [];
      if (isObj(get(ing.object, ['spec', 'defaultBackend', 'service']))) backends.push(['spec', 'defaultBackend', 'service']);
      arr(get(ing.object, ['spec', 'rules'])).forEach((_, i) => {
        arr(get(ing.object, ['spec', 'rules', i, 'http', 'paths'])).forEach((__, j) => {
          const p: PathSegment[] = ['spec', 'rules', i, 'http', 'paths', j, 'backend', 'service'];
          if (isObj(get(ing.object, p))) backends.push(p);
        });
      });
      for (const p of backends) {
        const name = String(get(ing.object, [...p, 'name']) ?? '');
        const svc = ctx.index.find('Service', name, ctx.index.namespaceOf(ing));
        // Or made at run time by an operator for a resource of the set, with the ports that resource gives it.
        const made = svc ? undefined : serviceWriter(ctx.index, name, ctx.index.namespaceOf(ing));
        if (!svc && !made) {
          ctx.report({ resource: ing, path: [...p, 'name'], message: `Ingress '${nameOf(ing)}' backend Service '${name}' is not defined` });
          continue;
        }
        const ports = svc ? arr(get(svc.object, ['spec', 'ports'])).filter(isObj) : made!.ports;
        const related = svc ? [{ resource: svc, path: ['metadata', 'name'] as PathSegment[], message: `Service '${name}' is defined here` }] : [];
        const madeBy = made ? ` (made by the ${made.kind})` : '';
        const num = get(ing.object, [...p, 'port', 'number']);
        const pname = get(ing.object, [...p, 'port', 'name']);
        if (num !== undefined && !ports.some((sp) => sp.port === num)) {
          ctx.report({
            resource: ing,
            path: [...p, 'port', 'number'],
            message: `Service '${name}'${madeBy} has no port ${String(num)} (ports: ${ports.map((sp) => sp.port).join(', ') || 'none'})`,
            ...(related.length ? { related } : {}),
          });
        } else if (pname !== undefined && !ports.some((sp) => sp.name === pname)) {
          ctx.report({
            resource: ing,
            path: [...p, 'port', 'name'],
            message: `Service '${name}'${madeBy} has no port named '${String(pname)}'`,
            ...(related.length ? { related } : {}),
          });
        }
      }
    }
  },
};
