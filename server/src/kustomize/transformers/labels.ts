// `labels` and `commonLabels` (kustomize LabelTransformer): set label pairs at
// every field-spec location; `commonLabels` and `includeSelectors` also reach
// selectors, `includeTemplates` pod templates.
import { walkFieldSpec, type FieldSpec } from '../fieldspecs';
import type { TransformerConfig } from '../transformerConfig';
import { mergeFs } from '../transformerConfig';
import type { Origin } from '../model';
import { wrongNodeKind } from '../nodeKind';
import type { Resource } from '../resource';
import { shareCreated, writeInPlace } from '../aliases';
import { isObj, setField, type Obj } from '../values';

export interface LabelSet {
  pairs: Record<string, string>;
  /** Origin per label key (the kustomization line that set it). */
  origins: Record<string, Origin>;
  fieldSpecs: readonly FieldSpec[];
}

/**
 * The field specs of one `labels` entry (kustomize's LabelTransformer
 * configurator): its own `fields`, the config's `labels`, then the selectors
 * and templates (includeSelectors) or the templates (includeTemplates) and
 * metadata/labels. Throws "conflicting fieldspecs" as kustomize does.
 */
export function labelSetFor(
  tc: TransformerConfig,
  opts: { includeSelectors?: boolean; includeTemplates?: boolean; fields?: FieldSpec[] },
): FieldSpec[] {
  // kustomize's words for a conflict (kusttarget_configplugin.go): "failed to merge labels: …",
  // but for the template specs of includeTemplates.
  const merge = (s: FieldSpec[], incoming: readonly FieldSpec[], prefix = 'failed to merge labels'): FieldSpec[] => {
    try {
      return mergeFs(s, incoming);
    } catch (e) {
      throw new Error(`${prefix}: ${(e as Error).message}`);
    }
  };
  let fss = merge(opts.fields ?? [], tc.labels);
  if (opts.includeSelectors) return merge(fss, tc.commonLabels);
  if (opts.includeTemplates) fss = merge(fss, tc.templateLabels, 'failed to merge template fieldSpec');
  return merge(fss, [{ path: 'metadata/labels', create: true }]);
}

export function applyLabels(resources: Resource[], set: LabelSet, file: string): void {
  const entries = Object.entries(set.pairs); // once for all resources
  for (const r of resources) setPairs(r, set.fieldSpecs, set.pairs, set.origins, file, entries);
}

/**
 * kustomize's labels/annotations filter on one object: per key, new fields
 * share one value node (see aliases.ts), existing ones are written in place.
 * kustomize sets one key at a time at every field-spec location; each spec
 * is walked once here for all keys instead, which writes every container's
 * keys in the same order and leaves the same sharing (groups are per key).
 */
export function setPairs(
  r: Resource,
  fieldSpecs: readonly FieldSpec[],
  pairs: Record<string, string>,
  origins: Record<string, Origin | undefined>,
  file: string,
  entries: readonly [string, string][] = Object.entries(pairs),
): void {
  if (!entries.length) return;
  // Per key, the fields created (a list made at the first one: most keys exist already
  // or are created at one place, and forEach below skips the holes).
  const created: [Obj, string][][] = new Array(entries.length);
  const visit = (container: Obj, key: string): void => {
    // kyaml looks the map up to create in (LookupCreate of a MappingNode): a field there of
    // another kind fails the build (a null is created over, by walkFieldSpec).
    const at = container[key];
    if (at !== undefined && at !== null && !isObj(at)) throw wrongNodeKind('MappingNode', at, file);
    if (!isObj(at)) container[key] = {};
    const m = container[key] as Obj;
    // A plain loop: no closure per visited container.
    for (let i = 0; i < entries.length; i++) {
      const [k, v] = entries[i]!;
      if (Object.hasOwn(m, k)) writeInPlace(m, k, v, origins[k]);
      else {
        setField(m, k, v, origins[k]);
        (created[i] ??= []).push([m, k]);
      }
    }
  };
  for (const fs of fieldSpecs) walkFieldSpec(r.obj, fs, 'map', visit, file);
  created.forEach((members) => {
    shareCreated(members);
    // shareCreated groups two places or more: the resource now has shared nodes.
    if (members.length > 1) r.sharing = true;
  });
}
