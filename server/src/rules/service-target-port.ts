import type { Rule } from './types';
import { arr, containersOf, describe, get, isObj, labelsOf, nameOf } from './lib/index-resources';

export const rule: Rule = {
  id: 'service-target-port',
  title: 'Service targetPort is not a container port',
  category: 'references',
  severity: 'error',
  rationale: 'Traffic sent to a port no container listens on is refused; the Service looks healthy while every connection fails.',
  docs: {
    description: 'For each port of a Service that selects pods, a named `targetPort` must be a named port of a container in every selected pod template (error: nothing can be routed). A numeric `targetPort` (the `port` when omitted) need not be declared, since `containerPort` is informational; when the pods declare other ports but not this one, it is reported as a warning (a likely typo).',
    bad: `kind: Service
spec:
  selector: { app: backend }
  ports: [{ port: 80, targetPort: web }]   # the container's port is named http`,
    good: `kind: Service
spec:
  selector: { app: backend }
  ports: [{ port: 80, targetPort: http }]`,
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
          const named = typeof target === 'string' && !/^\d+$/.test(target);
          if (named ? ports.some((cp) => cp.name === target) : ports.some((cp) => cp.containerPort === Number(target))) continue;
          // A numeric targetPort need not be declared (containerPort is informational):
          // only pods that declare other ports suggest a typo, and that is a warning.
          if (!named && ports.length === 0) continue;
          const declared = ports.map((cp) => (cp.name ? `${cp.containerPort} (${cp.name})` : String(cp.containerPort))).join(', ') || 'none';
          ctx.report({
            resource: svc,
            path: ['spec', 'ports', i, p.targetPort !== undefined ? 'targetPort' : 'port'],
            message: named
              ? `Service '${nameOf(svc)}' targetPort '${target}' is not a named port of ${describe(t.resource)} (declared: ${declared}); traffic cannot be routed`
              : `Service '${nameOf(svc)}' targetPort ${target} is not declared by ${describe(t.resource)} (declared: ${declared}); Kubernetes does not require it, but check that the container listens there`,
            ...(named ? {} : { severity: 'warning' as const }),
          });
          break;
        }
      });
    }
  },
};
