import type { Rule } from './types';
import { arr, containersOf, get, isObj } from './lib/index-resources';

export const rule: Rule = {
  id: 'probe-port',
  title: 'Probe port not declared by the container',
  category: 'workloads',
  severity: 'error',
  rationale: 'A probe on a port the container does not open fails forever: readiness never turns true, or liveness restarts the container in a loop.',
  docs: {
    description: 'The `httpGet.port`, `tcpSocket.port` or `grpc.port` of a container\'s readiness, liveness or startup probe must be one of that container\'s `ports` (by name for named ports, by number otherwise).',
    bad: `ports: [{ name: http, containerPort: 8000 }]
readinessProbe: { httpGet: { path: /healthz, port: 8080 } }`,
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
            const ok = typeof port === 'string' && !/^\d+$/.test(port) ? ports.some((p) => p.name === port) : ports.some((p) => p.containerPort === Number(port));
            if (ok) continue;
            const declared = ports.map((p) => (p.name ? `${p.containerPort} (${p.name})` : String(p.containerPort))).join(', ') || 'none';
            ctx.report({
              resource: t.resource,
              path: [...c.path, probe, handler, 'port'],
              message: `${probe} port ${typeof port === 'string' ? `'${port}'` : port} is not a port of container '${c.name}' (declared: ${declared})`,
            });
          }
        }
      }
    }
  },
};
