import type { Rule } from './types';
import { arr, get } from './lib/index-resources';

export const rule: Rule = {
  id: 'host-path',
  title: 'hostPath volume',
  category: 'security',
  severity: 'warning',
  rationale: 'A hostPath volume exposes the node\'s filesystem to the pod and ties the pod to one node\'s data.',
  docs: {
    description: 'Reports `hostPath` volumes in pod templates.',
    bad: `volumes:
  - name: logs
    hostPath: { path: /var/log/thebot }`,
    good: `volumes:
  - name: logs
    emptyDir: {}`,
  },
  check(ctx) {
    for (const t of ctx.index.podTemplates) {
      arr(t.spec.volumes).forEach((v, i) => {
        const p = get(v, ['hostPath', 'path']);
        if (get(v, ['hostPath']) === undefined) return;
        ctx.report({ resource: t.resource, path: [...t.specPath, 'volumes', i, 'hostPath'], message: `volume '${String(get(v, ['name']))}' of ${t.kind} '${t.name}' mounts host path ${String(p)}` });
      });
    }
  },
};
