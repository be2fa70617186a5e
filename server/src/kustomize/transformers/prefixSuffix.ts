// PrefixTransformer / SuffixTransformer (kustomize's plugins over
// api/filters/prefix, suffix): every location of the field specs gets the
// prefix or suffix, except in CRDs, APIServices and Namespaces. A spec at
// metadata/name also records the affix and the previous id (name references).
import { walkFieldSpec, type FieldSpec } from '../fieldspecs';
import type { Origin } from '../model';
import type { Resource } from '../resource';
import { markUntagged, setField, type Value } from '../values';

const selects = (id: { group: string; version: string; kind: string }, fs: FieldSpec): boolean =>
  (!fs.group || fs.group === id.group) && (!fs.version || fs.version === id.version) && (!fs.kind || fs.kind === id.kind);

const scalarText = (v: Value | undefined): string => (v === null || v === undefined ? '' : typeof v === 'object' ? '' : String(v));

export function applyAffix(resources: Resource[], affix: { prefix: string } | { suffix: string }, fieldSpecs: readonly FieldSpec[], origin: Origin): void {
  const prefix = 'prefix' in affix ? affix.prefix : '';
  const suffix = 'suffix' in affix ? affix.suffix : '';
  for (const r of resources) {
    const id = r.orgId();
    if (id.kind === 'CustomResourceDefinition' || id.kind === 'Namespace') continue;
    if (id.kind === 'APIService' && id.group === 'apiregistration.k8s.io') continue;
    for (const fs of fieldSpecs) {
      if (!selects(id, fs)) continue;
      if (fs.path === 'metadata/name') {
        if (prefix) r.prefixes.push(prefix);
        if (suffix) r.suffixes.push(suffix);
        if (prefix || suffix) r.storePreviousId();
      }
      walkFieldSpec(
        r.obj,
        fs,
        'scalar',
        (c, k) => {
          setField(c, k, `${prefix}${scalarText(c[k])}${suffix}`, origin);
          markUntagged(c, k);
        },
        r.origin.file,
      );
    }
  }
}
