// configMapGenerator / secretGenerator: literals, files, env files, options,
// behavior create/merge/replace. Generated objects get a name-suffix hash at
// the top level (see hash.ts) unless disableNameSuffixHash.
import { basename } from 'node:path';
import { KustomizeError } from '../errors';
import type { Origin } from '../model';
import { Resource, idString } from '../resource';
import type { ResMap } from '../resmap';
import { isObj, noteOrigin, setField, type Obj, type Value } from '../values';

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
  type?: string;
  /** key → value, in order, with the origin of each (literal line, file, env line). */
  pairs: { key: string; value: string; origin: Origin; binary?: boolean }[];
  options: GeneratorOptions;
  origin: Origin;
}

export function parseLiteral(source: string): [string, string] | undefined {
  const i = source.indexOf('=');
  if (i < 0) return undefined;
  let v = source.slice(i + 1);
  if (v.length >= 2 && v[0] === v[v.length - 1] && (v[0] === '"' || v[0] === "'")) v = v.slice(1, -1);
  return [source.slice(0, i), v];
}

export function parseEnvFile(text: string, file: string, origin: Origin): { key: string; value: string }[] {
  const out: { key: string; value: string }[] = [];
  const lines = text.split(/\r?\n/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, n) => {
    let line = n === 0 ? raw.replace(/^\uFEFF/, '') : raw;
    line = line.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) return;
    const i = line.indexOf('=');
    const key = i < 0 ? line : line.slice(0, i);
    if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(key)) {
      throw new KustomizeError(
        `a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')`,
        file,
        { start: { line: n, character: 0 }, end: { line: n, character: raw.length } },
      );
    }
    void origin;
    out.push({ key, value: i < 0 ? '' : line.slice(i + 1) });
  });
  return out;
}

export function keyFromFileSource(source: string): [string, string] {
  const i = source.indexOf('=');
  if (i < 0) return [basename(source), source];
  return [source.slice(0, i), source.slice(i + 1)];
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
    if (!/^[-._a-zA-Z0-9]+$/.test(p.key)) {
      throw new KustomizeError(
        `configmap ${args.name} illegal keys: [${p.key}]`.replace('configmap', args.kind === 'Secret' ? 'secret' : 'configmap'),
        p.origin.file,
        p.origin.range,
      );
    }
    if (p.key in data || p.key in binary) {
      throw new KustomizeError(
        `cannot add key ${p.key}, another key by that name already exists in ${args.kind === 'Secret' ? 'Secret' : 'ConfigMap'}: ${args.name}`.replace(
          /in (ConfigMap|Secret): .*/,
          `in ${args.kind === 'Secret' ? 'secret' : 'configmap'} data: ${args.name}`,
        ),
        p.origin.file,
        p.origin.range,
      );
    }
    if (args.kind === 'Secret') setField(data, p.key, Buffer.from(p.value, p.binary ? 'latin1' : 'utf8').toString('base64'), p.origin);
    else if (p.binary) setField(binary, p.key, Buffer.from(p.value, 'latin1').toString('base64'), p.origin);
    else setField(data, p.key, p.value, p.origin);
  }
  if (Object.keys(data).length) setField(obj, 'data', data, args.origin);
  if (Object.keys(binary).length) setField(obj, 'binaryData', binary, args.origin);
  const o = args.options;
  if (o.labels && Object.keys(o.labels).length) setField(md, 'labels', { ...o.labels }, args.origin);
  if (o.annotations && Object.keys(o.annotations).length) setField(md, 'annotations', { ...o.annotations }, args.origin);
  if (o.immutable) setField(obj, 'immutable', true, args.origin);
  const r = new Resource(obj, args.origin);
  r.needsHash = !o.disableNameSuffixHash;
  r.behavior = args.behavior;
  return r;
}

/** Add a generated resource to the build, honouring its behavior. */
export function absorbGenerated(res: ResMap, r: Resource): void {
  const id = r.curId();
  const matches = res.byAnyId(id);
  if (r.behavior === 'create' || !r.behavior) {
    if (matches.length) {
      throw new KustomizeError(`may not add resource with an already registered id: ${idString(id)}`, r.origin.file, r.origin.range);
    }
    res.list.push(r);
    return;
  }
  if (matches.length !== 1) {
    throw new KustomizeError(
      `id ${JSON.stringify(idString(id))} does not exist; cannot merge or replace`,
      r.origin.file,
      r.origin.range,
    );
  }
  const old = matches[0]!;
  if (r.behavior === 'replace') {
    old.obj.data = r.obj.data ?? null;
    if (r.obj.data === undefined) delete old.obj.data;
    if (r.obj.binaryData !== undefined) old.obj.binaryData = r.obj.binaryData;
  } else {
    for (const f of ['data', 'binaryData'] as const) {
      const nv = r.obj[f];
      if (!isObj(nv)) continue;
      if (!isObj(old.obj[f])) old.obj[f] = {};
      const ov = old.obj[f] as Obj;
      for (const [k, v] of Object.entries(nv)) setField(ov, k, v as Value, r.origin);
    }
  }
  for (const f of ['labels', 'annotations'] as const) {
    const nv = r.meta[f];
    if (!isObj(nv)) continue;
    if (!isObj(old.meta[f])) old.meta[f] = {};
    for (const [k, v] of Object.entries(nv)) setField(old.meta[f] as Obj, k, v, r.origin);
  }
  // The merged object keeps its own build annotations: a plain base ConfigMap gets no hash.
  void old.needsHash;
}
