// `labels` and `commonLabels` (kustomize LabelTransformer): set label pairs at
// every field-spec location; `commonLabels` and `includeSelectors` also reach
// selectors, `includeTemplates` pod templates.
import { builtinSpecs, walkFieldSpec, type FieldSpec } from '../fieldspecs';
import type { Origin } from '../model';
import type { Resource } from '../resource';
import { isObj, setField, type Obj } from '../values';

export interface LabelSet {
  pairs: Record<string, string>;
  /** Origin per label key (the kustomization line that set it). */
  origins: Record<string, Origin>;
  fieldSpecs: FieldSpec[];
}

export function labelSetFor(
  kind: 'commonLabels' | 'labels',
  opts: { includeSelectors?: boolean; includeTemplates?: boolean; fields?: FieldSpec[] },
): FieldSpec[] {
  const b = builtinSpecs();
  if (kind === 'commonLabels') return b.commonLabels;
  const fss = [...(opts.fields ?? [])];
  if (opts.includeSelectors) return mergeSpecs(fss, b.commonLabels);
  let out = fss;
  if (opts.includeTemplates) out = mergeSpecs(out, b.templateLabels);
  return mergeSpecs(out, [{ path: 'metadata/labels', create: true }]);
}

function mergeSpecs(a: FieldSpec[], b: FieldSpec[]): FieldSpec[] {
  const key = (f: FieldSpec) => `${f.group ?? ''}|${f.version ?? ''}|${f.kind ?? ''}|${f.path}`;
  const seen = new Set(a.map(key));
  return [...a, ...b.filter((f) => !seen.has(key(f)))];
}

export function applyLabels(resources: Resource[], set: LabelSet, file: string): void {
  for (const r of resources) {
    for (const fs of set.fieldSpecs) {
      walkFieldSpec(
        r.obj,
        fs,
        'map',
        (container, key) => {
          if (!isObj(container[key])) container[key] = {};
          const m = container[key] as Obj;
          for (const [k, v] of Object.entries(set.pairs)) setField(m, k, v, set.origins[k]);
        },
        file,
      );
    }
  }
}
