import type { Rule } from './types';

/** Deprecated field → replacement; `commonLabels` is covered by common-labels-selector. */
const DEPRECATED: Record<string, string> = {
  bases: 'resources',
  patchesStrategicMerge: 'patches',
  patchesJson6902: 'patches (with target)',
  vars: 'replacements',
  imageTags: 'images',
};

export const rule: Rule = {
  id: 'deprecated-kustomize-field',
  title: 'Deprecated kustomization field',
  category: 'kustomize',
  severity: 'warning',
  rationale: 'Kustomize v5 warns on these fields and will drop them; `kustomize edit fix` or the listed replacement keeps builds working.',
  docs: {
    description: 'Reports `bases`, `patchesStrategicMerge`, `patchesJson6902`, `vars` and `imageTags` in kustomizations.',
    bad: `patchesStrategicMerge:
  - replicas.yaml`,
    good: `patches:
  - path: replicas.yaml`,
  },
  check(ctx) {
    for (const k of ctx.kustomizations) {
      for (const [field, replacement] of Object.entries(DEPRECATED)) {
        if (k.data[field] === undefined || k.data[field] === null) continue; // like kustomize: `null` is absent
        ctx.report({ location: { file: k.file, range: k.rangeOf([field], true) }, message: `'${field}' is deprecated; use ${replacement}` });
      }
    }
  },
};
