// Field specs: "in objects of this group/version/kind, the field at this
// path". kustomize's transformers are driven by these tables (see
// builtinFieldSpecs.ts); this module parses them and walks a path the way
// kustomize's fieldspec filter does (lists are traversed implicitly, `[]`
// marks a list, `create` makes missing maps along the way).
import { BUILTIN_FIELD_SPECS_YAML } from './builtinFieldSpecs';
import { readBuiltinTables } from './builtinTables';
import { KustomizeError } from './errors';
import { isObj, originsAt, type Obj, type Value } from './values';

export interface FieldSpec {
  group?: string;
  version?: string;
  kind?: string;
  path: string;
  create?: boolean;
}

export interface NameRefSpec {
  group?: string;
  version?: string;
  kind: string;
  fieldSpecs: FieldSpec[];
}

export interface BuiltinSpecs {
  namePrefix: FieldSpec[];
  nameSuffix: FieldSpec[];
  commonLabels: FieldSpec[];
  templateLabels: FieldSpec[];
  commonAnnotations: FieldSpec[];
  namespace: FieldSpec[];
  nameReference: NameRefSpec[];
  images: FieldSpec[];
  replicas: FieldSpec[];
}

let builtin: BuiltinSpecs | undefined;

/** The default field specs, read once. */
export function builtinSpecs(): BuiltinSpecs {
  builtin ??= readBuiltinTables(BUILTIN_FIELD_SPECS_YAML) as unknown as BuiltinSpecs;
  return builtin;
}

// Every id comparison and field-spec match splits an apiVersion, and a build
// sees only a handful of distinct ones: each is split once (bounded, as the
// strings come from the user's files).
const groupVersions = new Map<string, Readonly<{ group: string; version: string }>>();
const MAX_GROUP_VERSIONS = 1024;

export function parseGroupVersion(apiVersion: string): Readonly<{ group: string; version: string }> {
  let gv = groupVersions.get(apiVersion);
  if (gv) return gv;
  const i = apiVersion.lastIndexOf('/');
  gv = Object.freeze(i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) });
  if (groupVersions.size >= MAX_GROUP_VERSIONS) groupVersions.clear();
  groupVersions.set(apiVersion, gv);
  return gv;
}

export function specMatches(fs: { group?: string; version?: string; kind?: string }, obj: Obj): boolean {
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  if (fs.kind && fs.kind !== kind) return false;
  // Most built-in specs name no group or version: no need to split the apiVersion.
  if (!fs.group && !fs.version) return true;
  const { group, version } = parseGroupVersion(typeof obj.apiVersion === 'string' ? obj.apiVersion : '');
  if (fs.group && fs.group !== group) return false;
  if (fs.version && fs.version !== version) return false;
  return true;
}

// Field-spec paths come from a few tables and kustomizations: each split once (bounded),
// with each segment's field name (a `[]` list segment without its brackets) made
// once too, not at every step of every walk.
export interface SplitPath {
  readonly segs: readonly string[];
  readonly names: readonly string[];
  readonly seq: readonly boolean[];
}
const splitPaths = new Map<string, SplitPath>();

/** splitPath, shared: the result must not be changed. */
export function splitPathOnce(path: string): SplitPath {
  let parts = splitPaths.get(path);
  if (!parts) {
    if (splitPaths.size >= MAX_GROUP_VERSIONS) splitPaths.clear();
    const segs = splitPath(path);
    const seq = segs.map((s) => s.endsWith('[]'));
    parts = Object.freeze({ segs, names: segs.map((s, i) => (seq[i] ? s.slice(0, -2) : s)), seq });
    splitPaths.set(path, parts);
  }
  return parts;
}

/** kustomize's PathSplitter: split on `/`, `\/` escapes a slash. */
export function splitPath(path: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < path.length; i++) {
    if (path[i] === '\\' && path[i + 1] === '/') {
      cur += '/';
      i++;
    } else if (path[i] === '/') {
      out.push(cur);
      cur = '';
    } else cur += path[i];
  }
  out.push(cur);
  return out;
}

export type CreateKind = 'map' | 'scalar' | undefined;

/** `e` with `prefix` before its message, at the same place (errors.WrapPrefixf). */
function wrapped(e: unknown, prefix: string): unknown {
  return e instanceof KustomizeError ? new KustomizeError(prefix + e.message, e.file, e.range) : e;
}

/**
 * Call `visit(container, key)` for every place `spec.path` reaches in `obj`.
 * `createKind` is what to create at the end of the path when `spec.create`
 * is set (undefined: never create the last field). A KustomizeError, from the
 * walk or from `visit`, is said in kustomize's fieldspec.Filter words: each
 * list crossed adds `visit traversal on path: [rest of the path]: `, then
 * `considering field '<path>' of object <id>: ` in front.
 */
export function walkFieldSpec(
  obj: Obj,
  spec: FieldSpec,
  createKind: CreateKind,
  visit: (container: Obj, key: string) => void,
  file = '',
): void {
  if (!specMatches(spec, obj)) return;
  const { segs: path, names, seq } = splitPathOnce(spec.path);
  // `parent[key]` is `node` (for the place of a scalar the walk cannot cross).
  const rec = (node: Value, i: number, parent?: Obj | Value[], key?: string | number): void => {
    if (node === null || node === undefined) return;
    if (Array.isArray(node)) {
      try {
        for (let k = 0; k < node.length; k++) rec(node[k]!, i, node, k);
      } catch (e) {
        throw wrapped(e, `visit traversal on path: [${path.slice(i).join(' ')}]: `);
      }
      return;
    }
    if (!isObj(node)) {
      const at = parent !== undefined && key !== undefined ? originsAt(parent, key)?.at(-1) : undefined;
      throw new KustomizeError('expected sequence or mapping node', at?.file ?? file, at?.range);
    }
    const isSeq = seq[i]!;
    const name = names[i]!;
    // kyaml looks each field up with a PathGetter, which refuses a wildcard: a
    // `*` in a field spec's path fails the build once it reaches a mapping
    // (odh-manifests' varReference `metadata/labels/*`), where it ends nowhere.
    if (name === '*') throw new KustomizeError('fieldName: *: wildcard is not supported in PathGetter', file);
    const last = i === path.length - 1;
    if (last) {
      if (!(name in node) || node[name] === null) {
        if (!spec.create || !createKind || isSeq) {
          if (!(name in node)) return;
        } else if (createKind === 'map') node[name] = {};
        else if (!(name in node)) node[name] = null;
      }
      if (isSeq && Array.isArray(node[name])) return;
      visit(node, name);
      return;
    }
    if (!(name in node) || node[name] === null) {
      if (!spec.create || !createKind || isSeq) return;
      node[name] = {};
    }
    rec(node[name]!, i + 1, node, name);
  };
  try {
    rec(obj, 0);
  } catch (e) {
    throw wrapped(e, `considering field '${spec.path}' of object ${describe(obj)}: `);
  }
}

export function describe(obj: Obj): string {
  const md = isObj(obj.metadata) ? obj.metadata : {};
  const { group, version } = parseGroupVersion(typeof obj.apiVersion === 'string' ? obj.apiVersion : '');
  const kind = typeof obj.kind === 'string' && obj.kind ? obj.kind : '[noKind]';
  const gvk = [kind, version || '[noVer]', group || '[noGrp]'].join('.');
  const name = typeof md.name === 'string' && md.name ? md.name : '[noName]';
  const ns = typeof md.namespace === 'string' && md.namespace ? md.namespace : '[noNs]';
  return `${gvk}/${name}.${ns}`;
}
