// One-line scalars and one-line flow collections for the fast parser: where
// they end in the source, and the yaml-library nodes the library composes for
// them. Values are resolved by the document's own schema tags, as the
// library's composer does (compose/compose-scalar.ts); anything the library
// would report or read differently throws BAIL.
import { Scalar, type Alias, type Schema, type YAMLMap, type YAMLSeq } from 'yaml';
import { newMap, newPair, newScalar, newSeq } from './fastNodes';
import { isScalar } from './nodeTypes';
import { resolveEnd, tok, type Tok } from './fastParseTokens';

/** Thrown (never as an Error, so no stack is captured) when a chunk leaves the supported subset. */
export const BAIL = Object.freeze({ bail: true });

export interface ScalarContext {
  schema: Schema;
  options: Record<string, unknown>;
  /** The fast parser's source text; every offset below is into it. */
  src: string;
  /** Which tag each plain value resolves by, for this schema's tags (see tagMemo). */
  memo: TagMemo;
}

export interface TagMemo {
  tags: readonly TagLike[];
  byValue: Map<string, Memoised>;
  byKey: Map<string, Memoised>;
}

/** A short plain value's tag, and the first copy of its text, which every later scalar of the same text shares. */
interface Memoised {
  tag: TagLike;
  text: string;
}

export interface TagLike {
  default?: boolean | 'key';
  test?: RegExp;
  format?: string;
  resolve(value: string, onError: (message: string) => void, options: unknown): unknown;
}

const SCALAR = Symbol.for('yaml.scalar');

let sharedMemo: TagMemo | undefined;

/**
 * The tag memo for `schema`: every document has its own Schema object, but
 * with the same tag objects, so one memo serves them all (a plain value's tag
 * is found by trying each tag's test in order, once per distinct value).
 */
export function tagMemo(schema: Schema): TagMemo {
  const tags = schema.tags as unknown as TagLike[];
  const m = sharedMemo;
  if (m && m.tags.length === tags.length && m.tags.every((t, i) => t === tags[i]) && m.byValue.size + m.byKey.size < 50_000) return m;
  sharedMemo = { tags: [...tags], byValue: new Map(), byKey: new Map() };
  return sharedMemo;
}
const bailOnError = (): never => {
  throw BAIL;
};

function resolveWith(ctx: ScalarContext, tag: TagLike, value: string): Scalar {
  const res = tag.resolve(value, bailOnError, ctx.options);
  const scalar = isScalar(res) ? res : newScalar(res);
  return scalar;
}

/** A plain scalar's node, as compose-scalar builds it (range end set later from its end tokens). */
export function plainScalar(ctx: ScalarContext, start: number, end: number, atKey: boolean): Scalar {
  return plainScalarOf(ctx, ctx.src.slice(start, end), start, end, atKey);
}

/** A plain scalar's node for `value` (a multi-line one is folded) from `start` to `end` in the source. */
export function plainScalarOf(ctx: ScalarContext, value: string, start: number, end: number, atKey: boolean): Scalar {
  // Only short values are memoised: V8 keeps longer slices as views into the
  // whole file's text, which a memo entry would keep alive after the file changed.
  // The memo also hands back its copy of the text: a parsed file keeps one
  // string per distinct short key or value (`name`, `image`, `8080`) instead
  // of one per scalar (the 1,200-document file: 47,000 strings, 2 MB of its
  // 12 MB tree), so there is less for the garbage collector to copy.
  const memo = value.length <= 12 ? (atKey ? ctx.memo.byKey : ctx.memo.byValue) : undefined;
  const hit = memo?.get(value);
  let tag: TagLike;
  if (hit) {
    tag = hit.tag;
    value = hit.text;
  } else {
    tag = findTag(ctx, value, atKey);
    memo?.set(value, { tag, text: value });
  }
  const scalar = resolveWith(ctx, tag, value);
  scalar.range = [start, end, end];
  scalar.source = value;
  scalar.type = Scalar.PLAIN;
  if (tag.format) scalar.format = tag.format;
  return scalar;
}

/** compose-scalar findScalarTagByTest (the core schema has no compat tags). */
function findTag(ctx: ScalarContext, value: string, atKey: boolean): TagLike {
  for (const t of ctx.memo.tags) {
    if ((t.default === true || (atKey && t.default === 'key')) && t.test?.test(value)) return t;
  }
  return (ctx.schema as unknown as Record<symbol, TagLike>)[SCALAR];
}

/** A quoted or block scalar from `start` (the quote or header) to `end` (after the closing quote or last line). */
export function stringScalar(ctx: ScalarContext, start: number, end: number, value: string, type: Scalar.Type): Scalar {
  const tag = (ctx.schema as unknown as Record<symbol, TagLike>)[SCALAR];
  const scalar = resolveWith(ctx, tag, value);
  scalar.range = [start, end, end];
  scalar.source = value;
  scalar.type = type;
  if (tag.format) scalar.format = tag.format;
  return scalar;
}

export const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
  N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029', ' ': ' ', '"': '"', '/': '/', '\\': '\\',
};

/**
 * A quoted scalar starting at `pos` and closed on the same line (before `eol`);
 * its range[1] is the offset after the closing quote. Bails on an unclosed
 * quote and on escapes the library would report.
 */
export function scanQuoted(ctx: ScalarContext, pos: number, eol: number): Scalar {
  const s = ctx.src;
  if (s[pos] === "'") {
    let value = '';
    let from = pos + 1;
    for (let i = from; i < eol; i++) {
      if (s[i] !== "'") continue;
      if (s[i + 1] === "'" && i + 1 < eol) {
        value += s.slice(from, i + 1);
        from = i + 2;
        i++;
        continue;
      }
      value += s.slice(from, i);
      // Trailing spaces inside quotes are kept on a single line; only line folding trims.
      return stringScalar(ctx, pos, i + 1, value, Scalar.QUOTE_SINGLE);
    }
    throw BAIL;
  }
  let value = '';
  let from = pos + 1;
  for (let i = from; i < eol; i++) {
    const ch = s[i];
    if (ch === '"') {
      value += s.slice(from, i);
      return stringScalar(ctx, pos, i + 1, value, Scalar.QUOTE_DOUBLE);
    }
    if (ch !== '\\') continue;
    value += s.slice(from, i);
    const next = s[i + 1];
    const cc = i + 1 < eol ? ESCAPES[next] : undefined;
    if (cc !== undefined) {
      value += cc;
      i += 1;
    } else if (next === 'x' || next === 'u' || next === 'U') {
      const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
      const hex = s.slice(i + 2, i + 2 + length);
      if (i + 2 + length > eol || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) throw BAIL;
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) throw BAIL;
      value += String.fromCodePoint(code);
      i += 1 + length;
    } else throw BAIL;
    from = i + 1;
  }
  throw BAIL;
}

const enum C {
  Space = 32,
  Hash = 35,
  Colon = 58,
}

/**
 * End of a block-context plain scalar that starts at `pos` on one line: before
 * ` #`, before a `:` followed by a space or the line end (see keyColon), or at
 * the line end; trailing spaces excluded.
 */
export function scanPlain(s: string, pos: number, eol: number): number {
  let i = pos;
  for (; i < eol; i++) {
    const c = s.charCodeAt(i);
    if (c === C.Colon) {
      if (i + 1 === eol || s.charCodeAt(i + 1) === C.Space) break;
    } else if (c === C.Hash && s.charCodeAt(i - 1) === C.Space) break;
  }
  while (i > pos && s.charCodeAt(i - 1) === C.Space) i--;
  return i;
}

/** The offset of the mapping `:` (followed by a space or the line end) after spaces from `end`, or -1. */
export function keyColon(s: string, end: number, eol: number): number {
  while (end < eol && s.charCodeAt(end) === C.Space) end++;
  return s.charCodeAt(end) === C.Colon && (end + 1 === eol || s.charCodeAt(end + 1) === C.Space) ? end : -1;
}

/** Whether a plain scalar may start at `pos` (c-indicator rules; the ambiguous `-`, `?`, `:` starts bail). */
export function plainStart(s: string, pos: number, eol: number): boolean {
  const ch = s[pos];
  if (pos >= eol) return false;
  if ('-?:'.includes(ch)) return pos + 1 < eol && s[pos + 1] !== ' ' && ch === '-';
  return !',[]{}#&*!|>\'"%@`'.includes(ch);
}

/** End tokens after a value that ends at `pos`: spaces, a comment, the newline (as the lexer emits them). */
export function lineEndTokens(s: string, pos: number, eol: number, nlEnd: number, indent: number): Tok[] {
  const end: Tok[] = [];
  let i = pos;
  while (i < eol && s.charCodeAt(i) === C.Space) i++;
  if (i > pos) end.push(tok('space', pos, s.slice(pos, i), indent));
  if (i < eol) {
    // Only a comment may follow a value on its line; `#` needs the space before it.
    if (s.charCodeAt(i) !== C.Hash || i === pos) throw BAIL;
    end.push(tok('comment', i, s.slice(i, eol), indent));
  }
  if (nlEnd > eol) end.push(tok('newline', eol, s.slice(eol, nlEnd), indent));
  return end;
}

/**
 * The end of the anchor (`&name`) or alias (`*name`) whose indicator is at
 * `pos`. Only names the yaml library and go-yaml read alike (letters, digits,
 * `_`, `-`; parseAllDocumentsGo reads names as go-yaml does) followed by a
 * space or the line end; anything else bails.
 */
export function anchorNameEnd(s: string, pos: number, eol: number): number {
  let i = pos + 1;
  for (; i < eol; i++) {
    const c = s.charCodeAt(i);
    if (!(isAlnum(c) || c === 95 || c === 45)) break;
  }
  if (i === pos + 1 || (i < eol && s.charCodeAt(i) !== C.Space)) throw BAIL;
  return i;
}

/** Sets a scalar's, alias's or flow collection's range end and trailing comment from its end tokens. */
export function applyEnd(node: Scalar | Alias | YAMLMap | YAMLSeq, end: readonly Tok[]): void {
  const range = node.range as [number, number, number];
  const re = resolveEnd(end, range[1]);
  range[2] = re.offset;
  if (re.comment) node.comment = re.comment;
}

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isWordOrSlash(c: number): boolean {
  return isAlnum(c) || c === 47;
}

/**
 * A flow collection (`{ a: b, c: d }`, `[a, b]`, `{}`, `[]`) opening at `pos`
 * and closing on the same line: the node (range end from its close bracket)
 * and the offset after the bracket. Items are one-line scalars; nested flow
 * collections, comments, empty items and a `:` inside a plain item other than
 * before a letter, digit or `/` bail. Its
 * range[1] is the offset after the closing bracket.
 */
export function scanFlow(ctx: ScalarContext, pos: number, eol: number): YAMLMap | YAMLSeq {
  const s = ctx.src;
  const isMap = s[pos] === '{';
  const close = isMap ? '}' : ']';
  const coll = isMap ? newMap(ctx.schema) : newSeq(ctx.schema);
  coll.flow = true;
  let i = pos + 1;
  const skip = (): void => {
    while (i < eol && s.charCodeAt(i) === C.Space) i++;
  };
  skip();
  if (s[i] === close) {
    coll.range = [pos, i + 1, i + 1];
    return coll;
  }
  const item = (atKey: boolean): Scalar => {
    if (s[i] === '"' || s[i] === "'") {
      const q = scanQuoted(ctx, i, eol);
      i = q.range![1];
      return q;
    }
    const start = i;
    if (!plainStart(s, i, eol)) throw BAIL;
    // `-` before a flow indicator (`{k: -}`): the library reads an entry indicator, go-yaml a scalar (goyamlParse.ts).
    if (s[i] === '-' && ',[]{}'.includes(s[i + 1]!)) throw BAIL;
    for (; i < eol; i++) {
      const ch = s[i];
      // A `:` before a letter, digit or `/` is the scalar's (`localhost:5000`, `http://x`), as for the library and go-yaml.
      if (ch === ':' && i + 1 < eol && isWordOrSlash(s.charCodeAt(i + 1))) continue;
      if (ch === ',' || ch === '[' || ch === ']' || ch === '{' || ch === '}' || ch === ':') break;
      if (ch === '#' && s[i - 1] === ' ') throw BAIL;
    }
    let end = i;
    while (end > start && s.charCodeAt(end - 1) === C.Space) end--;
    if (end === start) throw BAIL;
    return plainScalar(ctx, start, end, atKey);
  };
  for (;;) {
    if (isMap) {
      const key = item(true);
      if (key.range![1] !== i) throw BAIL;
      skip();
      if (s[i] !== ':' || s[i + 1] !== ' ') throw BAIL;
      i += 1;
      skip();
      const value = item(false);
      const valueEnd = value.range![1];
      skip();
      if (i > valueEnd) applyEnd(value, [tok('space', valueEnd, s.slice(valueEnd, i), 0)]);
      for (const p of (coll as YAMLMap).items) {
        const k = p.key as Scalar;
        if (k === key || k.value === key.value) throw BAIL;
      }
      (coll as YAMLMap<Scalar, Scalar>).items.push(newPair(key, value));
    } else {
      const value = item(false);
      const valueEnd = value.range![1];
      skip();
      if (i > valueEnd) applyEnd(value, [tok('space', valueEnd, s.slice(valueEnd, i), 0)]);
      (coll as YAMLSeq).items.push(value);
    }
    if (s[i] === close) break;
    if (s[i] !== ',') throw BAIL;
    i++;
    skip();
    // A trailing comma, or an empty item: outside the subset.
    if (s[i] === close || s[i] === ',') throw BAIL;
  }
  coll.range = [pos, i + 1, i + 1];
  return coll;
}
