import type { Rule } from './types';
import { containersOf } from './lib/index-resources';
import { LONG_RUNNING } from './lib/workloads';

export const rule: Rule = {
  id: 'liveness-probe',
  title: 'Missing liveness probe',
  category: 'workloads',
  severity: 'warning',
  rationale: 'A process that hangs (deadlocked worker, stuck event loop) is restarted only if a liveness probe notices it.',
  docs: {
    description: 'Every container of a Deployment, StatefulSet, DaemonSet or ReplicaSet needs a `livenessProbe` (init containers and Jobs are exempt).',
    bad: `containers:
  - name: celery-worker
    command: [celery, -A, thebot, worker]`,
    good: `containers:
  - name: celery-worker
    command: [celery, -A, thebot, worker]
    livenessProbe: { exec: { command: [celery, -A, thebot, inspect, ping] }, periodSeconds: 60 }`,
  },
  check(ctx) {
    for (const t of ctx.index.podTemplates) {
      if (!LONG_RUNNING.has(t.kind)) continue;
      for (const c of containersOf(t, false)) {
        if (c.container.livenessProbe === undefined) {
          ctx.report({ resource: t.resource, path: [...c.path, 'name'], message: `container '${c.name}' of ${t.kind} '${t.name}' has no livenessProbe` });
        }
      }
    }
  },
};
