import type { Rule } from './types';
import { arr, containersOf, describe, get, isObj, labelsOf, nameOf } from './lib/index-resources';

export const rule: Rule = {
  id: 'service-target-port',
  title: 'Service targetPort is not a container port',
  category: 'references',
  severity: 'error',
  rationale: 'Traffic sent to a port no container listens on is refused; the Service looks healthy while every connection fails.',
  docs: {
    description: 'For each port of a Service that selects pods, the `targetPort` (the `port` when omitted) must be a `containerPort` (by number) or a named port of a container in every selected pod template.',
    bad: `kind: Service
spec:
  selector: { app: backend }
  ports: [{ port: 80, targetPort: 8080 }]   # container listens on 8000`,
    good: `kind: Service
spec:
  selector: { app: backend }
  ports: [{ port: 80, targetPort: 8000 }]`,
  },
  check(ctx) {
    for (const svc of ctx.index.ofKind('Service')) {
      const sel = get(svc.object, ['spec', 'selector']);
      if (!isObj(sel) || Object.keys(sel).length === 0) continue;
      const pods = ctx.index.podsSelectedBy({ matchLabels: labelsOf(sel) }, ctx.index.namespaceOf(svc));
      if (!pods.length) continue;
      arr(get(svc.object, ['spec', 'ports'])).forEach((p, i) => {
        if (!isObj(p)) return;
        const target = p.targetPort ?? p.port;
        for (const t of pods) {
          const ports = containersOf(t, false).flatMap((c) => arr(c.container.ports).filter(isObj));
          const ok = typeof target === 'string' ? ports.some((cp) => cp.name === target) : ports.some((cp) => cp.containerPort === target);
          if (ok) continue;
          const declared = ports.map((cp) => (cp.name ? `${cp.containerPort} (${cp.name})` : String(cp.containerPort))).join(', ') || 'none';
          ctx.report({
            resource: svc,
            path: ['spec', 'ports', i, p.targetPort !== undefined ? 'targetPort' : 'port'],
            message: `Service '${nameOf(svc)}' targetPort ${typeof target === 'string' ? `'${target}'` : target} is not a container port of ${describe(t.resource)} (declared: ${declared})`,
          });
          break;
        }
      });
    }
  },
};
