// A kustomization's `openapi:` field (kustomize's KustTarget: ldr.Load of
// `path`, then openapi.SetSchema with `version`): a custom OpenAPI document,
// or the built-in Kubernetes version, for every strategic merge of the build
// from then on (openapi/schemaState.ts follows kyaml's global state).
import { sha256Hex } from './digest';
import { resolve } from 'node:path';
import { KustomizeError } from './errors';
import { loadFile, parseFile, type BuildState } from './buildFiles';
import { originOf, type Kustomization } from './loader';
import type { Resource } from './resource';
import { compileCustomSchema } from './openapi/customSchema';
import type { Layer, SchemaLookup } from './openapi/schemaLayers';
import { INITIAL_SCHEMA_STATE, observeType, schemaForMerge, setSchema, type SchemaState } from './openapi/schemaState';
import { isObj } from './values';

const stateOf = (st: BuildState): SchemaState => st.openapi ?? INITIAL_SCHEMA_STATE;

/** Entering kustomization `k` (the top one: `reset`). */
export function applyOpenApiField(k: Kustomization, st: BuildState, reset = false): void {
  const field = k.data.openapi;
  if (!isObj(field)) return;
  const at = originOf(k.data, 'openapi', 'openapi', k.file);
  const fail = (msg: string) => new KustomizeError(msg, at.file, at.range);
  const version = 'version' in field ? String(field.version ?? '') : undefined;
  let custom: (() => ReturnType<typeof compileCustomSchema>) | undefined;
  if ('path' in field) {
    const path = String(field.path ?? '');
    const abs = resolve(k.dir, path);
    const p = originOf(field, 'path', 'openapi', k.file);
    // kustomize loads the file before it looks whether a schema is already set.
    const text = loadFile(st, k, path, p, (m) => m);
    const id = `${abs}#${sha256Hex(text)}`;
    // kyaml keeps the bytes and parses them at its first use of the schema
    // (initSchema: a strategic merge, a type outside its scope table): a file
    // that does not parse fails only a build that needs it.
    custom = () => lazyLayer(id, () => compileCustomSchema(parseFile(st, abs, text, 'invalid schema file: ')[0]?.value ?? null, id));
  }
  const next = setSchema(stateOf(st), version, custom, reset);
  if (typeof next === 'string') throw fail(next);
  st.openapi = next;
}

/** A layer whose document is read at its first use (its error, too, is thrown at each use). */
function lazyLayer(id: string, compile: () => Layer): Layer {
  let done: { layer?: Layer; error?: unknown } | undefined;
  const get = (): Layer => {
    if (!done) {
      try {
        done = { layer: compile() };
      } catch (e) {
        done = { error: e };
      }
    }
    if (done.error !== undefined) throw done.error;
    return done.layer!;
  };
  return {
    id,
    get kinds() {
      return get().kinds;
    },
    get defs() {
      return get().defs;
    },
    has: (name) => get().has(name),
  };
}

/** Resources kustomize computed the id of (their types may flag the built-in document for parsing). */
export function observeResources(st: BuildState, resources: readonly Resource[]): void {
  let s = stateOf(st);
  if (s.init) return;
  for (const r of resources) s = observeType(s, typeof r.obj.apiVersion === 'string' ? r.obj.apiVersion : '', r.kind);
  st.openapi = s;
}

/** The definitions a strategic merge sees now (parsing them if not yet done). */
export function mergeSchemas(st: BuildState): SchemaLookup {
  const [next, lookup] = schemaForMerge(stateOf(st));
  st.openapi = next;
  return lookup;
}
