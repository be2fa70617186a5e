// Structural comparison of two yaml-library documents: every node's class,
// own properties (range, value, type, source, flow, comments …), recursively,
// plus the document's fields, toJS() and toString(). Returns the differences
// as `path: what` lines (empty when the trees are the same).
import { isDocument, isNode, isPair, type Document } from 'yaml';
import { isDeepStrictEqual } from 'node:util';
import { quietly } from '../support/quietly';

export function diffDocuments(actual: Document, expected: Document): string[] {
  const out: string[] = [];
  if (!isDocument(actual) || !isDocument(expected)) return ['not documents'];
  for (const k of ['range', 'commentBefore', 'comment'] as const) {
    if (!isDeepStrictEqual(actual[k as keyof Document], expected[k as keyof Document])) out.push(`doc.${k}: ${JSON.stringify(actual[k as keyof Document])} != ${JSON.stringify(expected[k as keyof Document])}`);
  }
  if (!isDeepStrictEqual(actual.directives, expected.directives)) out.push(`doc.directives: ${JSON.stringify(actual.directives)} != ${JSON.stringify(expected.directives)}`);
  const problems = (list: { code: string; pos: unknown; message: string }[]) => list.map((e) => [e.code, e.pos, e.message]);
  if (!isDeepStrictEqual(problems(actual.errors), problems(expected.errors))) out.push(`doc.errors: ${JSON.stringify(problems(actual.errors))} != ${JSON.stringify(problems(expected.errors))}`);
  if (!isDeepStrictEqual(problems(actual.warnings), problems(expected.warnings))) out.push(`doc.warnings: ${JSON.stringify(problems(actual.warnings))} != ${JSON.stringify(problems(expected.warnings))}`);
  const { _directives: _a, ...optsA } = actual.options as Record<string, unknown>;
  const { _directives: _b, ...optsB } = expected.options as Record<string, unknown>;
  if (!isDeepStrictEqual(optsA, optsB)) out.push('doc.options differ');
  if (actual.schema.name !== expected.schema.name) out.push('doc.schema differs');
  walk(actual.contents, expected.contents, 'contents', out, actual.schema);
  if (!isDeepStrictEqual(attempt(() => actual.toJS()), attempt(() => expected.toJS()))) out.push('toJS() differs');
  const sa = attempt(() => actual.toString());
  const sb = attempt(() => expected.toString());
  if (!isDeepStrictEqual(sa, sb)) out.push(`toString() differs:\n${JSON.stringify(sa)}\n!=\n${JSON.stringify(sb)}`);
  return out;
}

/** The result of `f`, or what it throws (aliases to missing anchors throw in toJS). */
function attempt(f: () => unknown): unknown {
  try {
    return { value: quietly(f) };
  } catch (e) {
    return { threw: String(e) };
  }
}

function walk(a: unknown, b: unknown, path: string, out: string[], schema: unknown): void {
  if (out.length > 20) return;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    if (!Object.is(a, b)) out.push(`${path}: ${String(a)} != ${String(b)}`);
    return;
  }
  if (a.constructor !== b.constructor) {
    out.push(`${path}: ${a.constructor.name} != ${b.constructor.name}`);
    return;
  }
  if (!isNode(a) && !isPair(a)) {
    out.push(`${path}: unexpected ${a.constructor.name}`);
    return;
  }
  // Collections keep their document's schema (non-enumerable), as the composer gives it.
  if ('schema' in a && (a as { schema: unknown }).schema !== schema) out.push(`${path}: schema is not the document's`);
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  if (ka.join() !== kb.join()) out.push(`${path}: keys ${ka.join()} != ${kb.join()}`);
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  for (const k of kb) {
    if (k === 'items') {
      const ia = ra.items as unknown[];
      const ib = rb.items as unknown[];
      if (ia.length !== ib.length) out.push(`${path}.items: length ${ia.length} != ${ib.length}`);
      for (let i = 0; i < Math.min(ia.length, ib.length); i++) walk(ia[i], ib[i], `${path}[${i}]`, out, schema);
    } else if (k === 'key' || k === 'value') {
      if (isPair(b) || isNode(rb[k])) walk(ra[k], rb[k], `${path}.${k}`, out, schema);
      else if (!Object.is(ra[k], rb[k])) out.push(`${path}.${k}: ${JSON.stringify(ra[k])} != ${JSON.stringify(rb[k])}`);
    } else if (!isDeepStrictEqual(ra[k], rb[k])) out.push(`${path}.${k}: ${JSON.stringify(ra[k])} != ${JSON.stringify(rb[k])}`);
  }
}
