// configMapGenerator / secretGenerator: literals, files, env files, options,
// behavior create/merge/replace. Generated objects get a name-suffix hash at
// the top level (see hash.ts) unless disableNameSuffixHash.
import { basename } from 'node:path';
import { KustomizeError } from '../errors';
import type { Origin } from '../model';
import { goQuote } from '../goQuote';
import { Resource, idString, isClusterScoped, type ResId } from '../resource';
import type { ResMap } from '../resmap';
import { isObj, noteOrigin, originsAt, put, setField, setOrigins, type Obj, type Value } from '../values';

export interface GeneratorOptions {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  disableNameSuffixHash?: boolean;
  immutable?: boolean;
}

export interface GeneratorArgs {
  kind: 'ConfigMap' | 'Secret';
  name: string;
  namespace?: string;
  behavior: 'create' | 'merge' | 'replace';
  /** The behavior as kustomize names it in its build annotation (`unspecified` when none or unknown was written). */
  behaviorName: 'unspecified' | 'create' | 'merge' | 'replace';
  type?: string;
  /** key → value, in order, with the origin of each (literal line, file, env line). */
  pairs: { key: string; value: string; origin: Origin; bytes?: Uint8Array }[];
  options: GeneratorOptions;
  origin: Origin;
}

/** kv.parseLiteralSource: `key=value` (quotes around the value removed); no key is an error. */
export function parseLiteral(source: string): [string, string] | undefined {
  const i = source.indexOf('=');
  if (i <= 0) return undefined;
  let v = source.slice(i + 1);
  if (v.length >= 2 && v[0] === v[v.length - 1] && (v[0] === '"' || v[0] === "'")) v = v.slice(1, -1);
  return [source.slice(0, i), v];
}

/**
 * kustomize's kv.keyValuesFromLines: one `KEY=value` per line, left-trimmed,
 * blank and `#` lines skipped; no further trimming or key validation (its
 * validator is a no-op); a line without `=` gives an empty value.
 */
export function parseEnvFile(text: string, file: string): { key: string; value: string; line: number }[] {
  const out: { key: string; value: string; line: number }[] = [];
  const lines = text.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, n) => {
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (n === 0) line = line.replace(/^\uFEFF/, '');
    line = line.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) return;
    const i = line.indexOf('=');
    const key = i < 0 ? line : line.slice(0, i);
    // A line with an empty key is skipped.
    if (key === '') return;
    out.push({ key, value: i < 0 ? '' : line.slice(i + 1), line: n });
  });
  void file;
  return out;
}

/** generators.ParseFileSource: `path` (key = base name) or `key=path`; returns kustomize's message on error. */
export function keyFromFileSource(source: string): [string, string] | string {
  const n = source.split('=').length - 1;
  if (n === 0) return [basename(source), source];
  if (n === 1 && source.startsWith('=')) return `missing key name for file path ${JSON.stringify(source.slice(1))} in source ${JSON.stringify(source)}`;
  if (n === 1 && source.endsWith('=')) return `missing file path for key name ${JSON.stringify(source.slice(0, -1))} in source ${JSON.stringify(source)}`;
  if (n > 1) return `source ${JSON.stringify(source)} key name or file path contains '='`;
  const i = source.indexOf('=');
  return [source.slice(0, i), source.slice(i + 1)];
}

/** kyaml's encodeBase64: lines of 70 characters, each ending in a newline, once the encoding reaches 70. */
export function encodeBase64(bytes: Uint8Array): string {
  const enc = Buffer.from(bytes).toString('base64');
  if (enc.length < 70) return enc;
  let out = '';
  for (let i = 0; i < enc.length; i += 70) out += enc.slice(i, i + 70) + '\n';
  return out;
}

/** Build the generated object (kustomize's configmapandsecret factory). */
export function generate(args: GeneratorArgs): Resource {
  const md: Obj = { name: args.name };
  noteOrigin(md, 'name', args.origin);
  if (args.namespace) setField(md, 'namespace', args.namespace, args.origin);
  const obj: Obj = { apiVersion: 'v1', kind: args.kind, metadata: md };
  if (args.kind === 'Secret') setField(obj, 'type', args.type ?? 'Opaque', args.origin);
  const data: Obj = {};
  const binary: Obj = {};
  for (const p of args.pairs) {
    if (Object.hasOwn(data, p.key) || Object.hasOwn(binary, p.key)) {
      // kustomize's makeValidatedDataMap says "configmap" for Secrets too.
      throw new KustomizeError(`configmap ${args.name} illegally repeats the key \`${p.key}\``, p.origin.file, p.origin.range);
    }
    // Files that are not valid UTF-8 carry their bytes: Secret data, or a ConfigMap's binaryData.
    const raw = p.bytes ?? Buffer.from(p.value, 'utf8');
    if (args.kind === 'Secret') setField(data, p.key, encodeBase64(raw), p.origin);
    else if (p.bytes) setField(binary, p.key, encodeBase64(raw), p.origin);
    else setField(data, p.key, p.value, p.origin);
  }
  // kyaml's LoadMapIntoSecretData creates `data` even for no pairs (`data: {}`, part of
  // the hash); LoadMapIntoConfigMapData only creates the fields it fills.
  if (Object.keys(data).length || args.kind === 'Secret') setField(obj, 'data', data, args.origin);
  if (Object.keys(binary).length) setField(obj, 'binaryData', binary, args.origin);
  const o = args.options;
  if (o.labels && Object.keys(o.labels).length) setField(md, 'labels', { ...o.labels }, args.origin);
  if (o.annotations && Object.keys(o.annotations).length) setField(md, 'annotations', { ...o.annotations }, args.origin);
  if (o.immutable) setField(obj, 'immutable', true, args.origin);
  const r = new Resource(obj, args.origin);
  r.needsHash = !o.disableNameSuffixHash;
  r.behavior = args.behavior;
  r.generatorBehavior = args.behaviorName;
  return r;
}

/** Go's %#v of a resid.ResId. */
function goResId(id: ResId): string {
  return `resid.ResId{Gvk:resid.Gvk{Group:${goQuote(id.group)}, Version:${goQuote(id.version)}, Kind:${goQuote(id.kind)}, isClusterScoped:${isClusterScoped(id)}}, Name:${goQuote(id.name)}, Namespace:${goQuote(id.namespace)}}`;
}

/**
 * A value of the old object's labels, annotations, data or binaryData as
 * kustomize reads them for the merge (map[string]string from each value
 * node's text): a mapping or sequence has none, a number or boolean its text.
 */
function asGoString(v: Value): Value {
  if (v !== null && typeof v === 'object') return '';
  return typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' ? String(v) : v;
}

/** Add a generated resource to the build, honouring its behavior. */
export function absorbGenerated(res: ResMap, r: Resource): void {
  const id = r.curId();
  const matches = res.byAnyId(id);
  // kustomize's resWrangler.appendReplaceOrMerge (its messages print the id with Go's %#v).
  if (matches.length > 1) {
    throw new KustomizeError(`merging from generator: found multiple objects that could accept merge of ${idString(id)}`, r.origin.file, r.origin.range);
  }
  if (r.behavior === 'create' || !r.behavior) {
    if (matches.length) {
      throw new KustomizeError(`merging from generator: id ${goResId(id)} exists; behavior must be merge or replace`, r.origin.file, r.origin.range);
    }
    res.list.push(r);
    return;
  }
  if (matches.length !== 1) {
    throw new KustomizeError(`merging from generator: id ${goResId(id)} does not exist; cannot merge or replace`, r.origin.file, r.origin.range);
  }
  const old = matches[0]!;
  // kustomize's appendReplaceOrMerge: the NEW generated object takes the old one's
  // place with the old name and namespace, labels/annotations merged (new wins),
  // and for `merge` also data/binaryData merged (new wins). Build annotations come
  // from the old object, and the hash suffix only survives if both asked for it.
  const obj = r.obj;
  const md = r.meta;
  const mergeInto = (target: Obj, field: string, from: Value | undefined): void => {
    const nv = target[field];
    if (!isObj(from)) return;
    const merged: Obj = {};
    for (const [k, v] of Object.entries(from)) {
      put(merged, k, asGoString(v));
      setOrigins(merged, k, originsAt(from, k));
    }
    if (isObj(nv)) {
      for (const [k, v] of Object.entries(nv)) {
        put(merged, k, v);
        // Values a merging generator brings point at their own literal (file,
        // env line), after the history of the value they replace, so the
        // base's line stays related.
        if (field === 'data' || field === 'binaryData') setOrigins(merged, k, [...(originsAt(from, k) ?? []), ...(originsAt(nv, k) ?? [r.origin])]);
        else setOrigins(merged, k, originsAt(nv, k));
      }
    }
    if (Object.keys(merged).length) target[field] = merged;
  };
  mergeInto(md, 'labels', old.meta.labels);
  mergeInto(md, 'annotations', old.meta.annotations);
  md.name = old.name;
  setOrigins(md, 'name', originsAt(old.meta, 'name'));
  if (old.namespace) md.namespace = old.namespace;
  else delete md.namespace;
  if (r.behavior === 'merge') {
    mergeInto(obj, 'data', old.obj.data);
    mergeInto(obj, 'binaryData', old.obj.binaryData);
  }
  old.obj = obj;
  old.needsHash = old.needsHash && r.needsHash;
  // The origin annotation is an ordinary annotation there (the new one wins);
  // only `merge` puts the old origin back.
  if (r.behavior === 'replace' && r.buildOrigin !== undefined) old.buildOrigin = r.buildOrigin;
}
