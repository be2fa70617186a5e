// The OpenAPI definitions a strategic merge looks up, as kyaml keeps them: one
// global table that each parsed document adds to (a later document's
// definition of the same name, or of the same group/version/kind, wins). A
// layer is one parsed document in the compact form of patchMeta.ts; the
// built-in layer is kyaml's embedded Kubernetes v1.21.2 document.
import { PATCH_META } from './patchMeta';

/** Compact definitions: field -> [ref] | ["[]", itemsRef, patchStrategy?, mergeKey…] | ["{}", valueRef]. */
export type Defs = Record<string, Record<string, string[]>>;

/** The field key under which a definition's own additionalProperties (a map type) is kept. */
export const ADDITIONAL = '\u0000additionalProperties';

export interface Layer {
  /** Identifies the document (memo keys): 'builtin', or the custom file and a digest of its text. */
  id: string;
  kinds: Record<string, string>;
  defs: Defs;
  /** Whether the document defines `name` (a definition without list, map or reference fields is not in `defs`). */
  has(name: string): boolean;
}

/**
 * The built-in layer. Its compact table leaves out definitions without list,
 * map or reference fields; every definition of kyaml's document is named
 * io.k8s.…, so a name of that form counts as defined by it.
 */
export const BUILTIN_LAYER: Layer = {
  id: 'builtin',
  kinds: PATCH_META.kinds,
  defs: PATCH_META.defs,
  has: (name) => name in PATCH_META.defs || name.startsWith('io.k8s.'),
};

/** A schema position: a definition, a list property, or a map-of-definitions property. */
export type Schema = { def: string } | { list: string[] } | { additional: string } | undefined;

/** kyaml's lookups (openapi.SchemaForResourceType, ResourceSchema.Field/Elements/PatchStrategyAndKeyList) over layers. */
export class SchemaLookup {
  constructor(private readonly layers: readonly Layer[]) {}

  private def(name: string): Record<string, string[]> | undefined {
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const l = this.layers[i]!;
      if (l.has(name)) return l.defs[name] ?? {};
    }
    return undefined;
  }

  /** A reference kyaml cannot resolve gives no schema at all. */
  private ref(name: string): Schema {
    return name !== '' && this.def(name) ? { def: name } : undefined;
  }

  forType(apiVersion: unknown, kind: unknown): Schema {
    if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !apiVersion || !kind) return undefined;
    const key = `${apiVersion} ${kind}`;
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const def = this.layers[i]!.kinds[key];
      if (def) return { def };
    }
    return undefined;
  }

  field(s: Schema, key: string): Schema {
    if (!s) return undefined;
    if ('additional' in s) return this.ref(s.additional);
    if (!('def' in s)) return undefined;
    const d = this.def(s.def);
    const f = d?.[key] ?? d?.[ADDITIONAL];
    if (!f) return undefined;
    if (f[0] === '[]') return { list: f };
    if (f[0] === '{}') return { additional: f[1]! };
    return this.ref(f[0]!);
  }

  elements(s: Schema): Schema {
    return s && 'list' in s && s.list[1] ? this.ref(s.list[1]) : undefined;
  }
}

export const BUILTIN_LOOKUP = new SchemaLookup([BUILTIN_LAYER]);

/** Patch strategy and merge keys of a list schema. */
export function strategyAndKeys(s: Schema): [string, string[]] {
  if (!s || !('list' in s) || s.list.length < 3) return ['', []];
  return [s.list[2]!, s.list.slice(3)];
}
