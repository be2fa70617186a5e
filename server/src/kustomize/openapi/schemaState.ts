// Which OpenAPI definitions a build's strategic merges see, following kyaml's
// global schema state (openapi.SetSchema / initSchema / IsNamespaceScoped)
// through one `kustomize build`:
//  - every kustomization, as it is loaded (the top one first, then each base
//    and component as the build enters it), may set the schema with its
//    `openapi:` field; only the first one that sets it counts;
//  - the definitions are parsed lazily, at the first strategic merge (or the
//    first resource of a type outside kyaml's precomputed scope table once a
//    custom schema is set): the custom document alone, or the built-in one;
//  - a resource of such a type loaded while the built-in schema is in use and
//    unparsed flags the built-in document to be parsed too, after the custom
//    one (its definitions of the same names then win);
//  - a schema parsed before a custom one was set stays, under it.
// The state is immutable: each event returns a new one (the build memo keys
// and replays it).
import { isPrecomputedType } from './clusterScoped';
import { BUILTIN_LAYER, BUILTIN_LOOKUP, SchemaLookup, type Layer } from './schemaLayers';

/** The only Kubernetes version whose document kyaml v0.18.1 embeds. */
export const BUILTIN_OPENAPI_VERSION = 'v1.21.2';

const NOT_PARSED = 0;
const DELAYED = 1;
const PARSED = 2;

export interface SchemaState {
  /** kubernetesOpenAPIVersion ('' when unset, 'custom' with a custom document). */
  readonly version: string;
  readonly custom?: Layer;
  readonly init: boolean;
  readonly builtin: typeof NOT_PARSED | typeof DELAYED | typeof PARSED;
  /** The documents parsed so far, in order. */
  readonly layers: readonly Layer[];
  /** The lookup of an initialised state (cached). */
  readonly lookup?: SchemaLookup;
}

export const INITIAL_SCHEMA_STATE: SchemaState = { version: '', init: false, builtin: NOT_PARSED, layers: [] };

/** openapi.SetSchema(field, bytes, reset): an error message, or the new state. */
export function setSchema(s: SchemaState, version: string | undefined, custom: (() => Layer) | undefined, reset: boolean): SchemaState | string {
  const isSet = s.version !== '' || s.custom !== undefined;
  if (isSet && !reset) return s;
  if (custom) {
    if (version !== undefined) return 'builtin version and custom schema provided, cannot use both';
    return { ...s, custom: custom(), version: 'custom', init: false, lookup: undefined };
  }
  const v = version ?? '';
  if (v === '') return { ...s, version: '' };
  if (v !== BUILTIN_OPENAPI_VERSION) return 'the specified OpenAPI version is not built in';
  return { ...s, version: v, custom: undefined, init: false, lookup: undefined };
}

function parsed(layers: readonly Layer[], l: Layer): Layer[] {
  // Parsing a document again re-adds the same definitions: only its latest place counts.
  return [...layers.filter((x) => x.id !== l.id), l];
}

/** initSchema */
export function initSchema(s: SchemaState): SchemaState {
  if (s.init) return s;
  // kyaml parses the custom document here (a lazy layer: loadOpenApi.ts), failing the build if it does not parse.
  s.custom?.has('');
  let layers = s.custom ? parsed(s.layers, s.custom) : parsed(s.layers, BUILTIN_LAYER);
  let builtin = s.custom ? s.builtin : PARSED;
  if (builtin === DELAYED) {
    layers = parsed(layers, BUILTIN_LAYER);
    builtin = PARSED;
  }
  return { ...s, init: true, builtin, layers, lookup: undefined };
}

/** The state after kustomize computed the id of a resource of this type (resid.NewGvk → IsNamespaceScoped). */
export function observeType(s: SchemaState, apiVersion: string, kind: string): SchemaState {
  if (s.init || isPrecomputedType(apiVersion, kind)) return s;
  if (s.custom) return initSchema(s);
  if (s.builtin === NOT_PARSED) return { ...s, builtin: DELAYED };
  return s;
}

/** The state a strategic merge leaves (initialised) and the definitions it sees. */
export function schemaForMerge(s: SchemaState): [SchemaState, SchemaLookup] {
  const i = initSchema(s);
  // Without a custom document only the built-in one is ever parsed.
  if (!i.custom && i.layers.every((l) => l === BUILTIN_LAYER)) return [i, BUILTIN_LOOKUP];
  if (i.lookup) return [i, i.lookup];
  const lookup = new SchemaLookup(i.layers);
  return [{ ...i, lookup }, lookup];
}

/** What of the state a build's result depends on (memo keys). */
export function schemaStateKey(s: SchemaState): string {
  return `${s.version}|${s.custom?.id ?? ''}|${+s.init}${s.builtin}|${s.layers.map((l) => l.id).join(',')}`;
}
