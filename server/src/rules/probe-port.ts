import type { Rule } from './types';
import { arr, containersOf, get, isObj } from './lib/index-resources';

export const rule: Rule = {
  id: 'probe-port',
  title: 'Probe port not declared by the container',
  category: 'workloads',
  severity: 'error',
  rationale: 'A probe on a port the container does not open fails forever: readiness never turns true, or liveness restarts the container in a loop.',
  docs: {
    description: 'A named `httpGet.port` or `tcpSocket.port` of a container\'s readiness, liveness or startup probe must be one of that container\'s named `ports` (error: the kubelet cannot resolve it). A numeric port need not be declared, since `containerPort` is informational; when the container declares other ports but not this one, it is reported as a warning (a likely typo).',
    bad: `ports: [{ name: http, containerPort: 8000 }]
readinessProbe: { httpGet: { path: /healthz, port: web } }`,
    good: `ports: [{ name: http, containerPort: 8000 }]
readinessProbe: { httpGet: { path: /healthz, port: http } }`,
  },
  check(ctx) {
    for (const t of ctx.index.podTemplates) {
      for (const c of containersOf(t)) {
        const ports = arr(c.container.ports).filter(isObj);
        for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
          for (const handler of ['httpGet', 'tcpSocket', 'grpc']) {
            const port = get(c.container, [probe, handler, 'port']);
            if (port === undefined) continue;
            const named = typeof port === 'string' && !/^\d+$/.test(port);
            if (named ? ports.some((p) => p.name === port) : ports.some((p) => p.containerPort === Number(port))) continue;
            // A numeric port need not be declared (containerPort is informational): only a
            // container that declares other ports suggests a typo, and that is a warning.
            if (!named && ports.length === 0) continue;
            const declared = ports.map((p) => (p.name ? `${p.containerPort} (${p.name})` : String(p.containerPort))).join(', ') || 'none';
            ctx.report({
              resource: t.resource,
              path: [...c.path, probe, handler, 'port'],
              message: named
                ? `${probe} port '${port}' is not a named port of container '${c.name}' (declared: ${declared}); the probe cannot run`
                : `${probe} port ${port} is not declared by container '${c.name}' (declared: ${declared}); Kubernetes does not require it, but check that the container listens there`,
              ...(named ? {} : { severity: 'warning' as const }),
            });
          }
        }
      }
    }
  },
};
