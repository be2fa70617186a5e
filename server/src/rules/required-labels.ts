import type { Rule } from './types';
import { get, labelsOf } from './lib/index-resources';

export const rule: Rule = {
  id: 'required-labels',
  title: 'Workload lacks a required label',
  category: 'workloads',
  severity: 'warning',
  rationale: 'Dashboards, cost reports and NetworkPolicies select workloads by the project\'s standard labels; a workload without them is invisible to all three.',
  docs: {
    description: 'Every workload and its pod template must carry each label key listed in `facts.requiredLabels` of the project config.',
    bad: `# facts.requiredLabels: [app.kubernetes.io/name]
kind: Deployment
metadata:
  name: backend
  labels: { app: backend }`,
    good: `metadata:
  name: backend
  labels: { app: backend, app.kubernetes.io/name: backend }`,
  },
  check(ctx) {
    if (!ctx.facts.requiredLabels.length) return;
    for (const t of ctx.index.podTemplates) {
      const own = labelsOf(get(t.resource.object, ['metadata', 'labels']));
      const missing = ctx.facts.requiredLabels.filter((k) => !(k in own));
      const missingTpl = t.kind === 'Pod' ? [] : ctx.facts.requiredLabels.filter((k) => !(k in t.labels));
      if (missing.length) ctx.report({ resource: t.resource, path: ['metadata', 'name'], message: `${t.kind} '${t.name}' lacks required label(s) ${missing.join(', ')}` });
      if (missingTpl.length) ctx.report({ resource: t.resource, path: ['metadata', 'name'], message: `pod template of ${t.kind} '${t.name}' lacks required label(s) ${missingTpl.join(', ')}` });
    }
  },
};
