// Descriptions are generated apart from the schemas they describe
// (scripts/gen-schemas.ts writes `X.docs.json` beside `X.json`, each
// definition's descriptions in that definition's shape): validation never
// reads them, and a `thebot check` no longer reads or parses the 65% of the
// Kubernetes bundle they were. Hover and completion merge them back here.
import type { RawSchema } from './store';

/** `schema` with the descriptions of `docs` put back where they were; `schema` itself is not changed. */
export function withDocs(schema: RawSchema, docs: RawSchema | undefined): RawSchema {
  if (!docs) return schema;
  const out: RawSchema = { ...schema };
  if (typeof docs.description === 'string') out.description = docs.description;
  const props = object(docs.properties);
  const own = object(schema.properties);
  if (props && own) {
    // fromEntries, not assignment: a field may be named __proto__.
    out.properties = Object.fromEntries(Object.entries(own).map(([name, p]) => [name, Object.hasOwn(props, name) && object(p) ? withDocs(p as RawSchema, object(props[name])) : p]));
  }
  for (const k of ['items', 'additionalProperties']) {
    const d = object(docs[k]);
    const v = object(schema[k]);
    if (d && v) out[k] = withDocs(v, d);
  }
  return out;
}

function object(v: unknown): RawSchema | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as RawSchema) : undefined;
}
