import type { Rule } from './types';
import { isObj } from './lib/index-resources';

export const rule: Rule = {
  id: 'common-labels-selector',
  title: 'Kustomization labels rewrite selectors',
  category: 'kustomize',
  severity: 'warning',
  rationale: '`commonLabels` (and `labels` with `includeSelectors: true`) also write Deployment/StatefulSet selectors, which are immutable: adding or changing such a label later makes every apply to a live cluster fail.',
  docs: {
    description: 'Reports `commonLabels`, and `labels` entries with `includeSelectors: true`, in any kustomization of the render. Use `labels` without `includeSelectors` (add `includeTemplates: true` to label pods).',
    bad: `commonLabels:
  app.kubernetes.io/part-of: thebot`,
    good: `labels:
  - pairs: { app.kubernetes.io/part-of: thebot }
    includeTemplates: true`,
  },
  check(ctx) {
    for (const k of ctx.kustomizations) {
      if (isObj(k.data.commonLabels) && Object.keys(k.data.commonLabels).length) {
        ctx.report({ location: { file: k.file, range: k.rangeOf(['commonLabels'], true) }, message: 'commonLabels also rewrites selectors (immutable on live objects); use labels without includeSelectors' });
      }
      if (Array.isArray(k.data.labels)) {
        k.data.labels.forEach((l, i) => {
          if (isObj(l) && l.includeSelectors === true) {
            ctx.report({ location: { file: k.file, range: k.rangeOf(['labels', i, 'includeSelectors']) }, message: 'includeSelectors: true rewrites selectors (immutable on live objects)' });
          }
        });
      }
    }
  },
};
