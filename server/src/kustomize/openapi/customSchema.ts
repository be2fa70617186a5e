// A custom OpenAPI document (a kustomization's `openapi: {path: …}`, JSON or
// YAML, swagger 2.0 `definitions`) compiled into a layer of the compact form
// the strategic merge reads: for each definition, the fields that refer to
// another definition, the lists (with x-kubernetes-patch-strategy and their
// merge keys: x-kubernetes-list-map-keys, else x-kubernetes-patch-merge-key)
// and the maps; x-kubernetes-group-version-kind names the types it
// describes. Inline (unnamed) object schemas get a name of their own,
// `<definition>/<field>…`, so that they can be walked like definitions.
import { ADDITIONAL, type Defs, type Layer } from './schemaLayers';
import { isObj, type Obj, type Value } from '../values';

/** Go's encoding/json matches struct field names case-insensitively. */
function field(o: Obj, name: string): Value | undefined {
  if (name in o) return o[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(o)) if (key.toLowerCase() === lower) return o[key];
  return undefined;
}

/** VendorExtensible keeps extensions by their lowercased name. */
function ext(o: Obj, name: string): Value | undefined {
  for (const key of Object.keys(o)) if (key.toLowerCase() === name) return o[key];
  return undefined;
}

const DEFINITIONS_REF = '#/definitions/';

/** The definition a `$ref` names, '' when it names something else (kyaml cannot resolve it). */
function refOf(s: Obj): string | undefined {
  const r = s.$ref;
  if (typeof r !== 'string' || r === '') return undefined;
  return r.startsWith(DEFINITIONS_REF) ? r.slice(DEFINITIONS_REF.length).replace(/~1/g, '/').replace(/~0/g, '~') : '';
}

function isArrayType(s: Obj): boolean {
  const t = field(s, 'type');
  return t === 'array' || (Array.isArray(t) && t.length === 1 && t[0] === 'array');
}

function schemaOf(v: Value | undefined): Obj | undefined {
  return isObj(v) ? v : undefined;
}

class Compiler {
  defs: Defs = {};

  /** The name under which schema `s` can be looked up ('' for none). */
  nameFor(s: Obj | undefined, name: string): string {
    if (!s) return '';
    const ref = refOf(s);
    if (ref !== undefined) return ref;
    this.compile(s, name);
    return name;
  }

  compile(s: Obj, name: string): void {
    if (name in this.defs) return;
    const out: Record<string, string[]> = {};
    this.defs[name] = out;
    const props = schemaOf(field(s, 'properties'));
    for (const [p, raw] of Object.entries(props ?? {})) {
      const ps = schemaOf(raw);
      if (!ps) continue;
      const f = this.fieldOf(ps, `${name}/${p}`);
      if (f) out[p] = f;
    }
    const add = schemaOf(field(s, 'additionalProperties'));
    if (add) out[ADDITIONAL] = [this.nameFor(add, `${name}/*`)];
  }

  fieldOf(ps: Obj, name: string): string[] | undefined {
    // kyaml's ResourceSchema.Field follows a $ref and keeps only what it points at.
    const ref = refOf(ps);
    if (ref !== undefined) return [ref];
    if (isArrayType(ps)) {
      const f = ['[]', this.nameFor(schemaOf(field(ps, 'items')), `${name}/[]`)];
      const strategy = ext(ps, 'x-kubernetes-patch-strategy');
      if (typeof strategy === 'string') {
        f.push(strategy);
        const keys = ext(ps, 'x-kubernetes-list-map-keys');
        const key = ext(ps, 'x-kubernetes-patch-merge-key');
        if (Array.isArray(keys)) f.push(...keys.map((k) => String(k)));
        else if (typeof key === 'string') f.push(key);
      }
      return f;
    }
    const add = schemaOf(field(ps, 'additionalProperties'));
    if (add) return ['{}', this.nameFor(add, `${name}/*`)];
    this.compile(ps, name);
    return [name];
  }
}

function typeKey(g: Value): string | undefined {
  if (!isObj(g)) return undefined;
  const version = typeof g.version === 'string' ? g.version : '';
  const group = typeof g.group === 'string' ? g.group : '';
  const kind = typeof g.kind === 'string' ? g.kind : '';
  return `${group ? `${group}/` : ''}${version} ${kind}`;
}

/** The layer of a parsed custom document (`id` identifies its file and text). */
export function compileCustomSchema(doc: Value, id: string): Layer {
  const c = new Compiler();
  const kinds: Record<string, string> = {};
  const defs = isObj(doc) ? schemaOf(field(doc, 'definitions')) : undefined;
  const names = new Set(Object.keys(defs ?? {}));
  for (const [name, raw] of Object.entries(defs ?? {})) {
    const d = schemaOf(raw);
    if (!d) continue;
    c.compile(d, name);
    const gvks = ext(d, 'x-kubernetes-group-version-kind');
    if (Array.isArray(gvks)) {
      for (const g of gvks) {
        const key = typeKey(g);
        if (key) kinds[key] = name;
      }
    }
  }
  const compiled = c.defs;
  return { id, kinds, defs: compiled, has: (name) => names.has(name) || name in compiled };
}
