// kustomize's TransformerConfig (api/internal/plugins/builtinconfig): the
// field-spec tables the built-in transformers of a kustomization use (where
// names, labels, annotations, namespaces, images, replicas and $(VAR)s live,
// and which fields refer to which kinds by name). The defaults are
// builtinFieldSpecs.ts; a kustomization's `configurations` files and `crds`
// add to them, and a kustomization's transformers see the tables merged over
// everything it includes (its bases' configurations too).
//
// Configs are immutable once made: merges build new ones, and the result of
// merging the same two configs is remembered (every kustomization of every
// render merges the defaults in again).
import { KustomizeError } from './errors';
import { builtinSpecs, type FieldSpec, type NameRefSpec } from './fieldspecs';
import { goSort } from './goSort';
import { compareUtf8 } from './utf8Order';
import { bool, checkGoTypes, fieldSpec, str, struct, type T } from './kustomizationTypes';
import { rangeAt } from './loader';
import { isObj, type Obj, type Value } from './values';
import { DEFAULT_ORDER_FIRST, DEFAULT_ORDER_LAST } from './transformers/sort';

export const FS_FIELDS = [
  'namePrefix', 'nameSuffix', 'namespace', 'commonLabels', 'labels', 'templateLabels', 'commonAnnotations',
  'varReference', 'images', 'replicas',
] as const;
export type FsField = (typeof FS_FIELDS)[number];

export type TransformerConfig = Readonly<Record<FsField, readonly FieldSpec[]> & { nameReference: readonly NameRefSpec[] }>;

// The order in which Merge reports a conflict, with its Go field name.
const MERGE_ORDER: [FsField | 'nameReference', string][] = [
  ['namePrefix', 'NamePrefix'], ['nameSuffix', 'NameSuffix'], ['namespace', 'NameSpace'],
  ['commonAnnotations', 'CommonAnnotations'], ['commonLabels', 'CommonLabels'], ['labels', 'Labels'],
  ['templateLabels', 'TemplateLabels'], ['varReference', 'VarReference'], ['nameReference', 'NameReference'],
  ['images', 'Images'], ['replicas', 'Replicas'],
];

const rank = new Map<string, number>();
DEFAULT_ORDER_FIRST.forEach((k, i) => rank.set(k, -DEFAULT_ORDER_FIRST.length + i));
DEFAULT_ORDER_LAST.forEach((k, i) => rank.set(k, 1 + i));
const stableKeys = new WeakMap<Gvk, string>();
/** The GVK's string for ordering, made once per spec: a merge sorts every table of the config. */
const stable = (g: Gvk): string => {
  let k = stableKeys.get(g);
  if (k === undefined) stableKeys.set(g, (k = `${g.group || '~G'}_${g.version || '~V'}_${g.kind || '~K'}`));
  return k;
};

export interface Gvk {
  group?: string;
  version?: string;
  kind?: string;
}

/** resid.Gvk.IsLessThan: legacy kind order, then the GVK string. */
export function gvkLess(a: Gvk, b: Gvk): boolean {
  const ia = rank.get(a.kind ?? '') ?? 0;
  const ib = rank.get(b.kind ?? '') ?? 0;
  if (ia !== ib) return ia < ib;
  return compareUtf8(stable(a), stable(b)) < 0;
}

/** x.IsSelected(sel): every field `sel` sets equals x's. */
export const isSelected = (x: Gvk, sel: Gvk): boolean =>
  (!sel.group || sel.group === (x.group ?? '')) && (!sel.version || sel.version === (x.version ?? '')) && (!sel.kind || sel.kind === (x.kind ?? ''));

const gvkEquals = (a: Gvk, b: Gvk): boolean => (a.group ?? '') === (b.group ?? '') && (a.version ?? '') === (b.version ?? '') && (a.kind ?? '') === (b.kind ?? '');

/** FsSlice.MergeAll (conflicting `create` flags are an error). */
export function mergeFs(s: readonly FieldSpec[], incoming: readonly FieldSpec[]): FieldSpec[] {
  const out = [...s];
  // The first spec of `out` with x's path that x selects: found among those of that path (in
  // order), not by a scan of the whole table for each incoming spec.
  const byPath = new Map<string, FieldSpec[]>();
  for (const y of out) {
    const same = byPath.get(y.path);
    if (same) same.push(y);
    else byPath.set(y.path, [y]);
  }
  for (const x of incoming) {
    const same = byPath.get(x.path);
    const y = same?.find((c) => isSelected(c, x));
    if (y === undefined) {
      out.push(x);
      if (same) same.push(x);
      else byPath.set(x.path, [x]);
    } else if (!!y.create !== !!x.create) throw new Error('conflicting fieldspecs');
  }
  return out;
}

function mergeNbr(s: readonly NameRefSpec[], incoming: readonly NameRefSpec[]): NameRefSpec[] {
  let out = [...s];
  for (const other of incoming) {
    let found = false;
    out = out.map((c) => {
      if (!gvkEquals(c, other)) return c;
      found = true;
      return { ...c, fieldSpecs: mergeFs(c.fieldSpecs, other.fieldSpecs) };
    });
    if (!found) out.push(other);
  }
  return out;
}

const sortFs = <X extends Gvk>(s: X[]): X[] => goSort(s, gvkLess);

function freeze(c: Record<string, unknown>): TransformerConfig {
  return Object.freeze(c) as TransformerConfig;
}

const merged = new WeakMap<TransformerConfig, WeakMap<TransformerConfig, TransformerConfig>>();

/** TransformerConfig.Merge: `a`'s specs, then those of `b` not already there; every table sorted. Throws kustomize's message. */
export function mergeConfig(a: TransformerConfig, b: TransformerConfig): TransformerConfig {
  let m = merged.get(a);
  const hit = m?.get(b);
  if (hit) return hit;
  const out: Record<string, unknown> = {};
  for (const [field, goName] of MERGE_ORDER) {
    try {
      out[field] = field === 'nameReference' ? sortFs(mergeNbr(a.nameReference, b.nameReference)) : sortFs(mergeFs(a[field], b[field]));
    } catch (e) {
      throw new Error(`failed to merge ${goName} fieldSpec: ${(e as Error).message}`);
    }
  }
  const c = freeze(out);
  if (!m) merged.set(a, (m = new WeakMap()));
  m.set(b, c);
  return c;
}

export const EMPTY_CONFIG: TransformerConfig = freeze(Object.fromEntries([...FS_FIELDS, 'nameReference'].map((f) => [f, Object.freeze([])])));

let defaults: TransformerConfig | undefined;

/** MakeDefaultConfig: the built-in tables, each sorted as kustomize sorts them. */
export function defaultConfig(): TransformerConfig {
  if (defaults) return defaults;
  const b = builtinSpecs() as unknown as Record<string, FieldSpec[] | NameRefSpec[] | undefined>;
  const out: Record<string, unknown> = {};
  for (const f of FS_FIELDS) out[f] = sortFs([...((b[f] as FieldSpec[] | undefined) ?? [])]);
  out.nameReference = sortFs([...((b.nameReference as NameRefSpec[] | undefined) ?? [])]);
  defaults = freeze(out);
  return defaults;
}

const FS_LIST: T = { k: 'list', of: fieldSpec, go: 'types.FsSlice' };
const CONFIG_TYPE = struct('TransformerConfig', {
  ...Object.fromEntries(FS_FIELDS.map((f) => [f, FS_LIST])),
  nameReference: {
    k: 'list',
    of: struct('NameBackReferences', { group: str, version: str, kind: str, fieldSpecs: FS_LIST }),
    go: 'builtinconfig.nbrSlice',
  },
}) as T & { k: 'struct' };
void bool;

export function toFieldSpec(v: Value): FieldSpec {
  const o = isObj(v) ? v : {};
  const fs: FieldSpec = { path: typeof o.path === 'string' ? o.path : '' };
  for (const key of ['group', 'version', 'kind'] as const) if (typeof o[key] === 'string' && o[key] !== '') fs[key] = o[key] as string;
  if (o.create === true) fs.create = true;
  return fs;
}

/**
 * A `configurations` file's data (read the YAML 1.1 way, as kustomize's
 * sigs.k8s.io/yaml does) → its config, each table sorted. Unknown fields and
 * wrong types are errors in Go's words, at `file` (the caller places them).
 */
export function parseConfig(data: Value, file: string): TransformerConfig {
  const problem = checkGoTypes(data ?? {}, CONFIG_TYPE);
  if (problem) throw new KustomizeError(`error unmarshaling JSON: while decoding JSON: ${problem.message}`, file, isObj(data) ? rangeAt(data, problem.path, file) : undefined);
  const o: Obj = isObj(data) ? data : {};
  const out: Record<string, unknown> = {};
  for (const f of FS_FIELDS) out[f] = sortFs(Array.isArray(o[f]) ? (o[f] as Value[]).map(toFieldSpec) : []);
  out.nameReference = sortFs(
    Array.isArray(o.nameReference)
      ? o.nameReference.map((n): NameRefSpec => {
          const x = isObj(n) ? n : {};
          const ref: NameRefSpec = { kind: typeof x.kind === 'string' ? x.kind : '', fieldSpecs: Array.isArray(x.fieldSpecs) ? x.fieldSpecs.map(toFieldSpec) : [] };
          if (typeof x.group === 'string' && x.group) ref.group = x.group;
          if (typeof x.version === 'string' && x.version) ref.version = x.version;
          return ref;
        })
      : [],
  );
  return freeze(out);
}
