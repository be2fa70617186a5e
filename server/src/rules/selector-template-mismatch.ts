import type { Rule } from './types';
import { get, isObj, nameOf, selectorMatches, toSelector } from './lib/index-resources';

export const rule: Rule = {
  id: 'selector-template-mismatch',
  title: 'Workload selector does not match its template labels',
  category: 'workloads',
  severity: 'error',
  rationale: 'The API server rejects a Deployment/StatefulSet/DaemonSet whose selector does not match its pod template ("selector does not match template labels"), so the whole apply fails.',
  docs: {
    description: 'The `spec.selector` of a workload must match the labels of its own pod template.',
    bad: `kind: Deployment
spec:
  selector: { matchLabels: { app: backend, tier: api } }
  template:
    metadata: { labels: { app: backend } }`,
    good: `  template:
    metadata: { labels: { app: backend, tier: api } }`,
  },
  check(ctx) {
    for (const t of ctx.index.podTemplates) {
      if (t.kind === 'Pod' || t.kind === 'CronJob') continue;
      const raw = get(t.resource.object, ['spec', 'selector']);
      const sel = toSelector(raw);
      if (!sel || selectorMatches(sel, t.labels)) continue;
      const bad = Object.entries(sel.matchLabels ?? {}).find(([k, v]) => t.labels[k] !== v);
      const path = bad ? ['spec', 'selector', 'matchLabels', bad[0]] : isObj(raw) && raw.matchExpressions ? ['spec', 'selector', 'matchExpressions'] : ['spec', 'selector'];
      ctx.report({
        resource: t.resource,
        path,
        message: bad
          ? `selector ${bad[0]}=${bad[1]} of ${t.kind} '${nameOf(t.resource)}' does not match its template labels (${bad[0]}=${t.labels[bad[0]] ?? '<unset>'})`
          : `selector of ${t.kind} '${nameOf(t.resource)}' does not match its template labels`,
      });
    }
  },
};
