// A kustomization's `crds` (kustomize's accumulator.LoadConfigFromCRDs): files
// of OpenAPI definitions (type name → {Schema, Dependencies}, JSON or YAML)
// whose x-kubernetes-* extensions add field specs for the kind named by the
// type name's last dotted part: annotations, label selectors, name prefixes
// (identity) and name references (object-ref kind/version/name key). The
// result is merged into the kustomization's field-spec tables.
import { KustomizeError, ReaderError } from './errors';
import { loadFile, strings, type BuildState } from './buildFiles';
import type { Kustomization } from './loader';
import type { Origin } from './model';
import { resolve } from 'node:path';
import { EMPTY_CONFIG, mergeConfig, mergeFs, type TransformerConfig } from './transformerConfig';
import type { FieldSpec, NameRefSpec } from './fieldspecs';
import { isObj, type Obj, type Value } from './values';

const X = {
  annotation: 'x-kubernetes-annotation',
  labelSelector: 'x-kubernetes-label-selector',
  identity: 'x-kubernetes-identity',
  version: 'x-kubernetes-object-ref-api-version',
  kind: 'x-kubernetes-object-ref-kind',
  nameKey: 'x-kubernetes-object-ref-name-key',
};

/** Go's encoding/json matches field names case-insensitively; extensions are stored lowercased. */
function field(o: Obj, name: string): Value | undefined {
  if (name in o) return o[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(o)) if (key.toLowerCase() === lower) return o[key];
  return undefined;
}

/** VendorExtensible.Extensions.GetString: set only for a string value. */
function ext(property: Obj, name: string): string | undefined {
  const v = field(property, name);
  return typeof v === 'string' ? v : undefined;
}

const schemaOf = (def: Value | undefined): Obj => {
  const s = isObj(def) ? field(def, 'Schema') : undefined;
  return isObj(s) ? s : {};
};
const propertiesOf = (def: Value | undefined): Obj => {
  const p = field(schemaOf(def), 'properties');
  return isObj(p) ? p : {};
};

interface Tables {
  commonAnnotations: FieldSpec[];
  commonLabels: FieldSpec[];
  namePrefix: FieldSpec[];
  nameReference: NameRefSpec[];
}

const MAX_DEPTH = 64;

function loadType(t: Tables, kind: string, defs: Obj, typeName: string, path: string[], at: Origin): void {
  if (!(typeName in defs)) return;
  // kustomize follows $refs without a limit (a cycle never ends): stop and say so.
  if (path.length > MAX_DEPTH) throw new KustomizeError(`$ref cycle in the definition of '${typeName}' (more than ${MAX_DEPTH} levels)`, at.file, at.range);
  for (const [prop, raw] of Object.entries(propertiesOf(defs[typeName]))) {
    if (!isObj(raw)) continue;
    const p = [...path, prop];
    const fs = (segments: string[]): FieldSpec => ({ kind, path: segments.join('/') });
    if (ext(raw, X.annotation) !== undefined) t.commonAnnotations = mergeFs(t.commonAnnotations, [fs(p)]);
    if (ext(raw, X.labelSelector) !== undefined) t.commonLabels = mergeFs(t.commonLabels, [fs(p)]);
    if (ext(raw, X.identity) !== undefined) t.namePrefix = mergeFs(t.namePrefix, [fs(p)]);
    const version = ext(raw, X.version);
    const refKind = ext(raw, X.kind);
    if (version !== undefined && refKind !== undefined) {
      const ref: NameRefSpec = { kind: refKind, fieldSpecs: [fs([...p, ext(raw, X.nameKey) ?? 'name'])] };
      if (version) ref.version = version;
      const i = t.nameReference.findIndex((n) => n.kind === ref.kind && (n.version ?? '') === version && !n.group);
      if (i < 0) t.nameReference.push(ref);
      else t.nameReference[i] = { ...t.nameReference[i]!, fieldSpecs: mergeFs(t.nameReference[i]!.fieldSpecs, ref.fieldSpecs) };
    }
    const ref = field(raw, '$ref');
    if (typeof ref === 'string' && ref !== '') loadType(t, kind, defs, ref, p, at);
  }
}

function configOfDefs(defs: Obj, at: Origin): TransformerConfig {
  let result = EMPTY_CONFIG;
  for (const name of Object.keys(defs)) {
    const props = propertiesOf(defs[name]);
    if (!('kind' in props) || !('apiVersion' in props) || !('metadata' in props)) continue;
    const parts = name.split('.');
    const t: Tables = { commonAnnotations: [], commonLabels: [], namePrefix: [], nameReference: [] };
    loadType(t, parts[parts.length - 1]!, defs, name, [], at);
    result = mergeConfig(result, Object.freeze({ ...EMPTY_CONFIG, ...t }) as TransformerConfig);
  }
  return result;
}

// Each file's tables, kept while its text is unchanged (a JSON file may not be
// YAML the parse cache reads, e.g. with tab indentation). Bounded.
const byFile = new Map<string, { text: string; config?: TransformerConfig; error?: unknown }>();

function cached(file: string, text: string, make: () => TransformerConfig): TransformerConfig {
  let e = byFile.get(file);
  if (!e || e.text !== text) {
    e = { text };
    try {
      e.config = make();
    } catch (err) {
      e.error = err;
    }
    if (byFile.size >= 256) byFile.clear();
    byFile.set(file, e);
  }
  if (e.error) throw e.error;
  return e.config!;
}

export function loadCrds(k: Kustomization, st: BuildState): TransformerConfig {
  const paths = strings(k, 'crds');
  let tc = EMPTY_CONFIG;
  const all = `[${paths.map(([p]) => p).join(' ')}]`;
  for (const [entry, origin] of paths) {
    const abs = resolve(k.dir, entry);
    const fail = (m: string): KustomizeError => new KustomizeError(`loading CRDs ${all}: ${m}`, origin.file, origin.range);
    const text = loadFile(st, k, entry, origin, (m) => `loading CRDs ${all}: ${m}`);
    const parsed = cached(abs, text, () => {
      let defs: Value;
      if (text.startsWith('{')) {
        try {
          defs = JSON.parse(text) as Value;
        } catch (e) {
          throw fail(`unable to parse open API definition from '${entry}': ${(e as Error).message}`);
        }
      } else {
        try {
          defs = st.cache.parse(abs, text, true).docs[0]?.value ?? null;
        } catch (e) {
          // kustomize converts the file with YAMLToJSON (go-yaml v2's words, yaml/goyamlErrors).
          if (!(e instanceof KustomizeError)) throw e;
          const line = e.range && !(e instanceof ReaderError) ? `line ${e.range.start.line + 1}: ` : '';
          const why = `unable to parse open API definition from '${entry}': error converting YAML to JSON: yaml: ${line}${e.message.replace(/^yaml: /, '')}`;
          throw new KustomizeError(`loading CRDs ${all}: ${why}`, e.file, e.range);
        }
      }
      if (defs !== null && !isObj(defs)) throw fail(`unable to parse open API definition from '${entry}': error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${Array.isArray(defs) ? 'array' : typeof defs === 'number' ? 'number' : typeof defs} into Go value of type accumulator.nameToApiMap`);
      for (const v of Object.values(defs ?? {})) {
        if (v !== null && !isObj(v)) {
          throw fail(`unable to parse open API definition from '${entry}': ${text.startsWith('{') ? '' : 'error unmarshaling JSON: while decoding JSON: '}json: cannot unmarshal ${Array.isArray(v) ? 'array' : typeof v === 'number' ? 'number' : typeof v} into Go value of type accumulator.OpenAPIDefinition`);
        }
      }
      return configOfDefs(defs ?? {}, origin);
    });
    try {
      tc = mergeConfig(tc, parsed);
    } catch (e) {
      throw fail((e as Error).message);
    }
  }
  return tc;
}
