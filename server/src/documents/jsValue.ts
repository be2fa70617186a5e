// A document's plain data, as doc.toJS() builds it, for validating every
// document of a file on open. The library's toJS carries a context through
// every node (anchors, merge keys, reviver, key stringification of
// collections); most Kubernetes documents have none of that, and a direct
// walk over their maps, sequences and untagged scalars builds the same data
// several times faster. Anything else (aliases, anchors, tags, collection or
// null keys) goes to the library's toJS.
//
// The value is kept on its Document (documents/memoOn.ts): the parse cache
// hands back the same Document while its text is unchanged, and the file's
// checks ask for the value of every document of the file at each keystroke
// (1,200 documents: about 5 ms a keystroke, and as much garbage). Callers
// share it, so none may change it.
import type { Document } from 'yaml';
import { isMap, isPair, isScalar, isSeq } from '../yaml/nodeTypes';
import { memoOn, setMemoOn } from './memoOn';

const NOT_PLAIN = Symbol('not plain');
const VALUE = {};

/** doc.toJS({ maxAliasCount: 1000 }), built directly when the document is plain; the same object for the same Document. */
export function documentValue(doc: Document.Parsed): unknown {
  const known = memoOn<{ value: unknown }>(doc, VALUE);
  if (known) return known.value;
  const v = walk(doc.contents);
  // The library's toJS may throw (more aliases than its limit): nothing is kept, the next call throws again.
  const value = v === NOT_PLAIN ? doc.toJS({ maxAliasCount: 1000, reviver }) : v;
  setMemoOn(doc, VALUE, { value });
  return value;
}

/**
 * Values of the YAML 1.1 tags as kustomize renders them (goyaml.v3 into
 * JSON), not the library's classes: a `!!timestamp` is a string, `!!binary`
 * its decoded text, `!!omap`/`!!pairs` a list of one-entry maps, `!!set` a
 * map to "".
 */
export function kustomizeReviver(_key: unknown, v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
  if (v instanceof Set) return Object.fromEntries([...v].map((k) => [String(k), '']));
  if (v instanceof Map) return [...v].map(([k, x]) => Object.fromEntries([[String(k), x]]));
  return v;
}
const reviver = kustomizeReviver;

function walk(node: unknown): unknown {
  if (node === null || node === undefined) return null;
  if (isScalar(node)) {
    if (node.anchor || node.tag) return NOT_PLAIN;
    const v = node.value;
    // Core-schema scalars are primitives; anything else (a Date from a custom tag) is the library's business.
    // (The library turns bigints into numbers on the way out.)
    return (v !== null && typeof v === 'object') || typeof v === 'bigint' ? NOT_PLAIN : v;
  }
  if (isSeq(node)) {
    if (node.anchor || node.tag) return NOT_PLAIN;
    const out: unknown[] = [];
    for (const item of node.items) {
      const v = walk(item);
      if (v === NOT_PLAIN) return NOT_PLAIN;
      out.push(v);
    }
    return out;
  }
  if (isMap(node)) {
    if (node.anchor || node.tag) return NOT_PLAIN;
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) return NOT_PLAIN;
      const k = pair.key;
      // `<<` may be a merge key (schema-dependent); null and odd keys follow the library's stringification.
      if (k.anchor || k.tag || k.value === null || (typeof k.value !== 'string' && typeof k.value !== 'number' && typeof k.value !== 'boolean') || k.value === '<<') return NOT_PLAIN;
      const key = String(k.value);
      const v = walk(pair.value);
      if (v === NOT_PLAIN) return NOT_PLAIN;
      // As the library: a key like __proto__ becomes an own property, not the prototype.
      if (key in out) Object.defineProperty(out, key, { value: v, writable: true, enumerable: true, configurable: true });
      else out[key] = v;
    }
    return out;
  }
  return NOT_PLAIN;
}
