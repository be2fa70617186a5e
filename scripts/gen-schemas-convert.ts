// Converts OpenAPI v3 schema objects (Kubernetes' published spec and CRDs'
// openAPIV3Schema) into the compact, strict JSON Schema (draft-07 keywords plus
// x-kubernetes-* markers) that server/src/schema/ validates with.
// Strictness is decided here, once: an object with declared properties gets
// `additionalProperties: false` unless it preserves unknown fields.
// Any keyword we do not understand stops the generator, so nothing the
// validator should check is dropped silently.

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Schema = { [k: string]: Json };

/** The exact grammar of resource.Quantity (the pattern controller-gen writes into CRDs). */
export const QUANTITY_PATTERN =
  '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$';

// Keywords copied as they are.
const KEEP = [
  'description',
  'format',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
  'uniqueItems',
  'nullable',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-int-or-string',
];
// Keywords that carry nothing for validation or hover.
const DROP = new Set([
  'x-kubernetes-patch-strategy',
  'x-kubernetes-patch-merge-key',
  'x-kubernetes-map-type',
  'x-kubernetes-unions',
  'x-kubernetes-group-version-kind',
  // CEL rules: evaluated only by the API server; documented as not checked.
  'x-kubernetes-validations',
]);
const HANDLED = new Set(['type', 'properties', 'additionalProperties', 'items', 'required', 'enum', 'default', 'allOf', 'oneOf', 'anyOf', '$ref']);

export interface ConvertOptions {
  /** Rewrites an upstream `$ref` (e.g. '#/components/schemas/X') into ours. */
  ref(upstream: string): string;
}

export function convert(s: Schema, opts: ConvertOptions, where: string): Schema {
  for (const k of Object.keys(s)) {
    if (!KEEP.includes(k) && !DROP.has(k) && !HANDLED.has(k)) throw new Error(`${where}: unsupported keyword ${k}`);
  }
  const out: Schema = {};
  // `allOf: [{$ref}]` is how the upstream spec attaches a description/default to a reference.
  const allOf = s.allOf as Schema[] | undefined;
  if (allOf) {
    if (allOf.length !== 1 || typeof allOf[0].$ref !== 'string') throw new Error(`${where}: unsupported allOf`);
    out.$ref = opts.ref(allOf[0].$ref);
  }
  if (typeof s.$ref === 'string') out.$ref = opts.ref(s.$ref);

  let type = s.type as Json | undefined;
  // Int-or-string: upstream writes oneOf/anyOf [integer, string]; Quantity: oneOf [string, number].
  const alternatives = (s.oneOf ?? s.anyOf) as Schema[] | undefined;
  if (alternatives) {
    const types = alternatives.map((a) => (Object.keys(a).length === 1 ? a.type : undefined)).sort();
    if (types.join() === 'integer,string') type = ['integer', 'string'];
    else if (types.join() === 'number,string') type = ['string', 'number'];
    else throw new Error(`${where}: unsupported oneOf/anyOf ${JSON.stringify(alternatives)}`);
  }
  if (s['x-kubernetes-int-or-string'] === true && type === undefined) type = ['integer', 'string'];
  if (type !== undefined) out.type = type;
  for (const k of KEEP) if (s[k] !== undefined) out[k] = s[k];
  if (typeof out.pattern === 'string') out.pattern = jsPattern(out.pattern, where);
  if (out.pattern === QUANTITY_PATTERN) out.format = 'quantity';
  if (out.format === 'int-or-string' && !out['x-kubernetes-int-or-string']) out['x-kubernetes-int-or-string'] = true;
  if (Array.isArray(s.enum)) out.enum = s.enum;
  if (Array.isArray(s.required) && s.required.length > 0) out.required = s.required;
  // Scalar defaults help hover ("defaults to TCP"); `default: {}` on references is noise.
  if (s.default !== undefined && (s.default === null || typeof s.default !== 'object')) out.default = s.default;

  if (s.properties) {
    const props: Schema = {};
    for (const [name, p] of Object.entries(s.properties as Record<string, Schema>)) props[name] = convert(p, opts, `${where}.${name}`);
    out.properties = props;
  }
  if (s.items) out.items = convert(s.items as Schema, opts, `${where}[]`);
  if (s.additionalProperties !== undefined) {
    out.additionalProperties =
      typeof s.additionalProperties === 'boolean' ? s.additionalProperties : convert(s.additionalProperties as Schema, opts, `${where}.*`);
  } else if (s.properties && s['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false;
  }
  return out;
}

/**
 * CRD patterns are Go RE2. The only RE2-only construct in our CRDs is a leading
 * `(?i)`; it becomes explicit [aA] classes so every consumer (JavaScript, other
 * JSON Schema tools) reads the same pattern. Anything else JavaScript rejects
 * stops the generator.
 */
function jsPattern(pattern: string, where: string): string {
  let p = pattern;
  const ci = /^(\^?)\(\?i\)/.exec(p);
  if (ci) {
    const rest = p.slice(ci[0].length);
    if (/[\\[]/.test(rest)) throw new Error(`${where}: cannot rewrite case-insensitive pattern ${pattern}`);
    p = ci[1] + rest.replace(/[a-zA-Z]/g, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`);
  }
  try {
    new RegExp(p, 'u');
  } catch (e) {
    throw new Error(`${where}: pattern ${pattern} is not valid in JavaScript: ${(e as Error).message}`);
  }
  return p;
}

/**
 * A converted schema without its descriptions, and the descriptions alone in
 * the schema's shape (`description`, and the `properties`, `items` and
 * `additionalProperties` that lead to more; undefined when there are none).
 * Validation reads the first, hover and completion both
 * (server/src/schema/docs.ts). A deprecated field keeps its description:
 * validation quotes its first sentence.
 */
export function splitDocs(s: Schema): { schema: Schema; docs: Schema | undefined } {
  const schema: Schema = {};
  const docs: Schema = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'description' && typeof v === 'string' && s.deprecated !== true) {
      docs.description = v;
    } else if (k === 'properties' && isSchema(v)) {
      const props: Schema = {};
      const propDocs: Schema = {};
      for (const [name, p] of Object.entries(v)) {
        const split = splitDocs(p as Schema);
        props[name] = split.schema;
        if (split.docs) propDocs[name] = split.docs;
      }
      schema.properties = props;
      if (Object.keys(propDocs).length) docs.properties = propDocs;
    } else if ((k === 'items' || k === 'additionalProperties') && isSchema(v)) {
      const split = splitDocs(v);
      schema[k] = split.schema;
      if (split.docs) docs[k] = split.docs;
    } else {
      schema[k] = v;
    }
  }
  return { schema, docs: Object.keys(docs).length ? docs : undefined };
}

function isSchema(v: Json | undefined): v is Schema {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}
