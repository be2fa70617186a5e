import type { Rule } from './types';
import { get, isObj, labelsOf, nameOf } from './lib/index-resources';

export const rule: Rule = {
  id: 'service-selector-no-match',
  title: 'Service selects no pods',
  category: 'references',
  severity: 'error',
  rationale: 'A Service whose selector matches no pod template has no endpoints: every request to it fails although each manifest is valid on its own.',
  docs: {
    description: 'Reports a Service with a selector that matches the pod-template labels of no workload in the same namespace of the rendered environment.',
    bad: `kind: Service
metadata: { name: api }
spec:
  selector: { app: backend-api }   # pods are labelled app: backend
---
kind: Deployment
metadata: { name: backend }
spec:
  template:
    metadata: { labels: { app: backend } }`,
    good: `kind: Service
metadata: { name: api }
spec:
  selector: { app: backend }`,
  },
  check(ctx) {
    for (const svc of ctx.index.ofKind('Service')) {
      const sel = get(svc.object, ['spec', 'selector']);
      if (!isObj(sel) || Object.keys(sel).length === 0) continue;
      const labels = labelsOf(sel);
      if (ctx.index.podsSelectedBy({ matchLabels: labels }, ctx.index.namespaceOf(svc)).length) continue;
      const text = Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ');
      ctx.report({
        resource: svc,
        path: ['spec', 'selector', Object.keys(sel)[0]],
        message: `Service '${nameOf(svc)}' selects no pods: no pod template is labelled ${text}`,
      });
    }
  },
};
