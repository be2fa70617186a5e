// The engine's values straight from the text, for the plain Kubernetes YAML
// the fast parser (server/src/yaml/fastParse*.ts) reads: the same lines, the
// same rules, but no yaml-library nodes built and walked again by decode.ts.
// It reads a subset of the fast parser's subset and gives up (undefined) on
// anything else, which then takes the usual path (fastParse → decode.ts):
// anchors and aliases, merge keys, repeated keys, a
// collection under metadata.annotations (but an empty `{}` / `[]`), a key
// whose value (or absence of one) comes after a comment or blank line, deep
// nesting, a plain scalar go-yaml scans otherwise in a flow collection. What it returns equals decodeChunk's result
// through the usual path: values, key order, origins (ranges included, which
// depend on where the library's parser puts comment lines: the fast parser's
// routing of comments is kept here, as far as it moves a range), empty-null
// marks, null annotations, the first unreadable character
// (scripts/fastdecode-diff.ts checks this over whole corpora).
// A render's inputs went through yaml nodes twice (built by the fast parser,
// then walked by decode.ts); see the commit message for the figures.
import { Document, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Range } from '../../findings';
import { BAIL, keyColon, plainStart, scanFlow, scanPlain, scanQuoted, tagMemo, type ScalarContext } from '../../yaml/fastParseScalar';
import { blockScalar, plainContinued, quotedContinued, type LineContext } from '../../yaml/fastParseMultiline';
import { isKeyAt } from '../../yaml/fastParseBlock';
import { fastParseFailures, hasUnsupported } from '../../yaml/fastParse';
import { MAX_NESTING } from '../../yaml/nesting';
import { lineIndex, markEmptyNull, markStyled, NoteLog, noteReadAt, put, type Obj, type Value } from '../values';
import { isMap } from '../../yaml/nodeTypes';
import { UNREADABLE, noteNullAnnotation, plainKeyIsStringV3, resolvePlainV2, resolvePlainV3, type DecodedDoc } from './decode';
import { contentEnd, indentEnd, nextLineStart } from '../../yaml/lines';

/** Comment and blank lines after a collection's last item (the fast parser's `trail`), as far as ranges need them. */
interface Trail {
  /** The deepest indentation of a comment line in it, -1 without one. */
  commentIndent: number;
  /** Offset after its last token. */
  end: number;
}

interface Frame {
  map: boolean;
  indent: number;
  /** Offset where the collection starts. */
  start: number;
  obj: Obj | Value[];
  /** Where the collection sits in its parent (key or index); unused for the root. */
  at: string | number;
  /** 0: ordinary, 1: the root mapping, 2: its metadata, 3: metadata.annotations (values kept as text). */
  ctx: number;
  /** The last item is a scalar or flow collection after which an indented comment line joins it. */
  joinable: boolean;
  /** range[2] of the last item's node: the collection's range[1] once closed. */
  lastEnd: number;
  trail: Trail | null;
  /** A key whose value is not on its line, the offset of its `:`, its line's end; whether a comment or blank line came since. */
  pendingKey: string | null;
  pendingColon: number;
  pendingEol: number;
  pendingTrivia: boolean;
}

interface St extends LineContext {
  file: string;
  firstLine: number;
  /** How an untagged plain scalar reads (goyaml.v3, or v2 for YAML 1.1). */
  resolve: (text: string) => Value;
  stack: Frame[];
  root: Frame | null;
  rootEnd: number;
  lineStarts: number[];
  lineHint: number;
  /** The origins noted, made when first asked for (values.ts NoteLog); none when they are not wanted. */
  log: NoteLog | undefined;
  /** Whether a scalar may hold a character UNREADABLE matches (only then is each tested). */
  mayControl: boolean;
  control: Range | undefined;
}

const CTX_ROOT = 1;
const CTX_META = 2;
const CTX_RAW = 3;

/** Deeper documents take the usual path (which reports what is too deep). */
const MAX_DEPTH = MAX_NESTING - 10;

let shared: { schema: ScalarContext['schema']; options: Record<string, unknown> } | undefined;

/** The failsafe schema the fast parser resolves scalars by (every scalar a string), built once. */
function failsafe(): { schema: ScalarContext['schema']; options: Record<string, unknown> } {
  if (!shared) {
    const doc = new Document(undefined, { schema: 'failsafe', prettyErrors: false, uniqueKeys: false, strict: false });
    shared = { schema: doc.schema, options: doc.options as Record<string, unknown> };
  }
  return shared;
}

/**
 * decodeChunk(text, file, yaml11, firstLine) for a chunk in the subset read
 * here, else undefined.
 */
export function fastDecodeChunk(text: string, file: string, firstLine: number, yaml11 = false, origins = true): DecodedDoc[] | undefined {
  if (hasUnsupported(text, 0, text.length)) return undefined;
  const { schema, options } = failsafe();
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const st: St = {
    schema,
    options,
    src: text,
    memo: tagMemo(schema),
    to: text.length,
    valEol: 0,
    valNl: 0,
    // A comment line after a multi-line value: read here (route() places it as after a one-line value).
    commentAfterRead: true,
    file,
    firstLine,
    resolve: yaml11 ? resolvePlainV2 : resolvePlainV3,
    stack: [],
    root: null,
    rootEnd: 0,
    lineStarts,
    lineHint: 0,
    log: origins ? new NoteLog({ file, lineStarts, firstLine }, 'resource') : undefined,
    mayControl: /[\\\ufffe\uffff]/.test(text),
    control: undefined,
  };
  try {
    return [decodeDocument(st)];
  } catch (e) {
    // Anything else is a bug here: the usual path reads the chunk (tests assert none happen).
    if (e !== BAIL && fastParseFailures.length < 10) fastParseFailures.push(e);
    return undefined;
  }
}

function decodeDocument(st: St): DecodedDoc {
  const src = st.src;
  const to = st.to;
  // Comment and blank lines, then `---` and what follows it (fastParse.ts parseChunk).
  let started = false;
  let docOffset = -1;
  let p = 0;
  while (p < to) {
    const nlEnd = nextLineStart(src, p, to);
    const eol = contentEnd(src, p, nlEnd);
    const c = indentEnd(src, p, eol);
    if (c === eol || src[c] === '#') {
      // Trivia: only comments (of the document) come of it.
    } else if (!started && c === p && src.startsWith('---', p) && (p + 3 === eol || src[p + 3] === ' ')) {
      started = true;
      docOffset = p;
      if (p + 3 < eol && src.slice(p + 3, eol).trim() !== '') throw BAIL;
    } else {
      if (c !== p) throw BAIL;
      if (docOffset < 0) docOffset = p;
      break;
    }
    p = nlEnd;
  }
  if (p >= to) throw BAIL;
  parseBody(st, p, to);
  const root = st.root;
  if (!root) throw BAIL;
  const doc: DecodedDoc = { value: root.obj, range: range(st, docOffset, st.rootEnd) };
  if (st.control) doc.control = st.control;
  return doc;
}

/** The range from `a` to `b`, as decode.ts's toRange gives it (the file's lines). */
function range(st: St, a: number, b: number): Range {
  return { start: position(st, a), end: position(st, b) };
}

/** LineCounter.linePos in the chunk, from the line of the last position asked (offsets mostly grow). */
function position(st: St, off: number): { line: number; character: number } {
  const starts = st.lineStarts;
  let k = st.lineHint;
  if (off < starts[k]!) k = lineIndex(starts, off, k);
  else {
    while (k + 1 < starts.length && starts[k + 1]! <= off) k++;
  }
  st.lineHint = k;
  return { line: k + st.firstLine, character: off - starts[k]! };
}

function parseBody(st: St, p: number, to: number): void {
  const src = st.src;
  while (p < to) {
    const nlEnd = nextLineStart(src, p, to);
    const eol = contentEnd(src, p, nlEnd);
    const c = indentEnd(src, p, eol);
    const n = c - p;
    if (c === eol || src[c] === '#') {
      if (n > 0) route(st, false, n, c);
      if (c < eol && route(st, true, n, eol) && nlEnd > eol) {
        // A comment joined to the value before it takes its line break too.
        st.stack[st.stack.length - 1]!.lastEnd = nlEnd;
      } else if (nlEnd > eol) route(st, false, n, nlEnd);
    } else {
      if (n === 0 && (src.startsWith('---', p) || src.startsWith('...', p))) throw BAIL;
      const f = st.stack[st.stack.length - 1];
      if (n > 0 && f && f.pendingKey === null && f.trail) f.trail.end = c;
      st.valNl = nlEnd;
      contentLine(st, p, c, eol, nlEnd);
      p = st.valNl;
      continue;
    }
    p = nlEnd;
  }
  while (st.stack.length > 0) pop(st);
}

/**
 * A trivia token (spaces, a comment, a line break) ending at `end`, placed as
 * fastParseBlock.ts route() places it. True when it is a comment that joined
 * the last value (its range then ends after it).
 */
function route(st: St, comment: boolean, indent: number, end: number): boolean {
  const f = st.stack[st.stack.length - 1];
  if (!f) throw BAIL;
  if (f.pendingKey !== null) {
    f.pendingTrivia = true;
    return false;
  }
  if (!f.trail) {
    f.trail = { commentIndent: comment ? indent : -1, end };
    return false;
  }
  if (comment && indent > f.indent && f.joinable && f.trail.commentIndent < 0) {
    f.trail = null;
    f.lastEnd = end;
    return true;
  }
  if (comment && indent > f.trail.commentIndent) f.trail.commentIndent = indent;
  f.trail.end = end;
  return false;
}

function contentLine(st: St, lineStart: number, c: number, eol: number, nlEnd: number): void {
  const src = st.src;
  const n = c - lineStart;
  const seqItem = src[c] === '-' && (c + 1 === eol || src[c + 1] === ' ');
  const stack = st.stack;
  if (stack.length === 0) {
    if (st.root || n !== 0) throw BAIL;
    st.root = open(st, null, '', seqItem, 0, c);
  } else {
    let f = stack[stack.length - 1]!;
    if (f.pendingKey !== null) {
      if (seqItem ? n >= f.indent : n > f.indent) {
        const key = f.pendingKey;
        f.pendingKey = null;
        const ch = src[c];
        if (ch === '{' || ch === '[') {
          // `key:` then a one-line flow collection on the next line: the key's value, as if on its line.
          if (f.pendingTrivia) throw BAIL;
          f.trail = null;
          flowPair(st, f, key, c, eol, nlEnd);
          return;
        }
        open(st, f, key, seqItem, n, c);
      } else closeEmpty(st, f);
    }
    for (;;) {
      f = stack[stack.length - 1]!;
      if (f.map ? !seqItem && n === f.indent : seqItem && n === f.indent) break;
      if (n < f.indent || (!f.map && !seqItem && n === f.indent)) {
        if (stack.length === 1) throw BAIL;
        pop(st);
      } else throw BAIL;
    }
  }
  const f = stack[stack.length - 1]!;
  f.trail = null;
  if (f.map) {
    keyLine(st, f, c, eol, nlEnd);
    return;
  }
  let r = c + 1;
  while (r < eol && src.charCodeAt(r) === 32) r++;
  if (r === eol || (src[r] === '-' && (r + 1 === eol || src[r + 1] === ' ')) || src[r] === '#' || src[r] === '&') throw BAIL;
  const arr = f.obj as Value[];
  if (isKeyAt(st, r, eol)) {
    const child = open(st, f, arr.length, false, r - lineStart, r);
    keyLine(st, child, r, eol, nlEnd);
    return;
  }
  const i = arr.length;
  arr.push(itemValue(st, r, eol, nlEnd, f.indent));
  noteReadAt(arr, i, st.log, valStart, valEnd);
  lineEnd(st, f, st.valEol, st.valNl);
}

function keyLine(st: St, f: Frame, c: number, eol: number, nlEnd: number): void {
  const src = st.src;
  let key: string;
  let colon: number;
  if (src[c] === '"' || src[c] === "'") {
    const k = scanQuoted(st, c, eol);
    key = k.value as string;
    colon = keyColon(src, k.range![1], eol);
  } else {
    if (!plainStart(src, c, eol)) throw BAIL;
    const end = scanPlain(src, c, eol);
    colon = keyColon(src, end, eol);
    key = src.slice(c, end);
  }
  if (colon < 0 || colon - c > 1000) throw BAIL;
  // A merge key, a repeated key, a plain key that is no string (decode.ts refuses it): the usual path.
  if (key === '<<' || Object.hasOwn(f.obj, key)) throw BAIL;
  if (src[c] !== '"' && src[c] !== "'" && st.resolve === resolvePlainV3 && !plainKeyIsStringV3(key)) throw BAIL;
  let r = colon + 1;
  while (r < eol && src.charCodeAt(r) === 32) r++;
  if (r === eol) {
    f.pendingKey = key;
    f.pendingColon = colon;
    f.pendingEol = eol;
    f.pendingTrivia = false;
    f.joinable = false;
    return;
  }
  const ch = src[r];
  if (ch === '#' || ch === '&' || (ch === '-' && (r + 1 === eol || src[r + 1] === ' '))) throw BAIL;
  if (ch === '{' || ch === '[') {
    flowPair(st, f, key, r, eol, nlEnd);
    return;
  }
  const obj = f.obj as Obj;
  const raw = f.ctx === CTX_RAW;
  put(obj, key, itemValue(st, r, eol, nlEnd, f.indent, raw));
  if (raw && valPlain && st.resolve(valText) === null) noteNullAnnotation(obj, key);
  else if (valStyled && !raw) markStyled(obj, key);
  noteReadAt(obj, key, st.log, valStart, valEnd);
  lineEnd(st, f, st.valEol, st.valNl);
}

/**
 * `key`'s value in map frame `f`: the one-line flow collection at `r` (on the
 * key's line or the next). Under metadata.annotations, decode.ts reads a
 * collection as text: an empty one (`{}`, `[]`) as an annotation's value is
 * "" (kustomize's map[string]string has no text for it), as
 * metadata.annotations itself an empty map; anything else there takes the
 * usual path.
 */
function flowPair(st: St, f: Frame, key: string, r: number, eol: number, nlEnd: number): void {
  const obj = f.obj as Obj;
  const raw = f.ctx === CTX_RAW;
  const annotations = f.ctx === CTX_META && key === 'annotations';
  let v = itemValue(st, r, eol, nlEnd, f.indent);
  if (raw || annotations) {
    if (Array.isArray(v) ? v.length > 0 : Object.keys(v as Obj).length > 0) throw BAIL;
    // decode.ts rawMap: an annotation's collection has no text; an empty `annotations: []` stays a sequence.
    if (raw) v = '';
  }
  put(obj, key, v);
  noteReadAt(obj, key, st.log, valStart, valEnd);
  lineEnd(st, f, st.valEol, st.valNl);
}

/** The value at `r` on its line: a one-line flow collection or a scalar (sets val*, st.valEol/valNl). */
function itemValue(st: St, r: number, eol: number, nlEnd: number, parentIndent: number, raw = false): Value {
  const ch = st.src[r];
  if (ch === '{' || ch === '[') {
    // One level below the open block collections (it holds only scalars).
    if (st.stack.length >= MAX_DEPTH) throw BAIL;
    st.valEol = eol;
    st.valNl = nlEnd;
    const coll = scanFlow(st, r, eol);
    valStart = r;
    valEnd = coll.range![1];
    valBlock = false;
    valPlain = false;
    valStyled = false;
    return flowValue(st, coll);
  }
  inlineValue(st, r, eol, nlEnd, parentIndent);
  return scalarValue(st, raw);
}

// The scalar inlineValue read (one at a time: no object per scalar).
let valText = '';
let valStart = 0;
let valEnd = 0;
let valPlain = false;
let valBlock = false;
/** The scalar in val* was quoted or a block scalar (values.ts markStyled). */
let valStyled = false;

/** fastParseBlock.ts inlineValue for a scalar at `r` (a flow collection is the caller's): sets val*, st.valEol/valNl. */
function inlineValue(st: St, r: number, eol: number, nlEnd: number, parentIndent: number): void {
  const src = st.src;
  st.valEol = eol;
  st.valNl = nlEnd;
  const ch = src[r];
  valBlock = false;
  valPlain = false;
  valStyled = ch === '"' || ch === "'" || ch === '|' || ch === '>';
  if (ch === '{' || ch === '[' || ch === '*') throw BAIL;
  let node: Scalar;
  if (ch === '"' || ch === "'") {
    try {
      node = scanQuoted(st, r, eol);
    } catch (e) {
      if (e !== BAIL) throw e;
      node = quotedContinued(st, r, eol, nlEnd, parentIndent);
    }
  } else if (ch === '|' || ch === '>') {
    node = blockScalar(st, r, eol, nlEnd, parentIndent);
    valBlock = true;
  } else {
    if (!plainStart(src, r, eol)) throw BAIL;
    const end = scanPlain(src, r, eol);
    if (keyColon(src, end, eol) >= 0) throw BAIL;
    let i = end;
    while (i < eol && src.charCodeAt(i) === 32) i++;
    const continued = i === eol ? plainContinued(st, r, end, nlEnd, parentIndent) : undefined;
    valPlain = true;
    valStart = r;
    if (!continued) {
      valText = src.slice(r, end);
      valEnd = end;
      return;
    }
    node = continued;
  }
  valText = node.value as string;
  valStart = node.range![0];
  valEnd = node.range![1];
}

/** The value decode.ts reads from the scalar in val* (`raw`: an annotation's text). */
function scalarValue(st: St, raw: boolean): Value {
  const text = valText;
  if (st.mayControl && st.control === undefined && UNREADABLE.test(text)) st.control = range(st, valStart, valEnd);
  if (valBlock) return blockText(st, text);
  if (raw || !valPlain) return text;
  return st.resolve(text);
}

/** decode.ts blockText: no final line break when the block scalar ends the input without one. */
function blockText(st: St, text: string): string {
  const end = valEnd;
  const last = st.src.charCodeAt(end - 1);
  return end > 0 && end === st.src.length && last !== 0x0a && last !== 0x0d && text.endsWith('\n') ? text.slice(0, -1) : text;
}

/** A one-line flow collection's value (decode.ts over the fast parser's nodes). */
function flowValue(st: St, coll: YAMLMap | YAMLSeq): Value {
  if (isMap(coll)) {
    const out: Obj = {};
    for (const pair of coll.items as { key: Scalar; value: Scalar }[]) {
      flowCheck(pair.key);
      flowCheck(pair.value);
      const key = pair.key.value as string;
      if (key === '<<' || (pair.key.type === 'PLAIN' && st.resolve === resolvePlainV3 && !plainKeyIsStringV3(key))) throw BAIL;
      put(out, key, flowScalar(st, pair.value));
      noteReadAt(out, key, st.log, pair.value.range![0], pair.value.range![1]);
    }
    return out;
  }
  const out: Value[] = [];
  const items = coll.items as Scalar[];
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    flowCheck(item);
    out.push(flowScalar(st, item));
    noteReadAt(out, i, st.log, item.range![0], item.range![1]);
  }
  return out;
}

/** decode.ts checkFlowScalar: a plain scalar go-yaml scans otherwise in a flow collection. */
function flowCheck(n: Scalar): void {
  if (n.type !== 'PLAIN') return;
  const s = typeof n.source === 'string' ? n.source : '';
  if (s.startsWith(':') || s.includes('?')) throw BAIL;
}

function flowScalar(st: St, n: Scalar): Value {
  const text = n.value as string;
  if (st.mayControl && st.control === undefined && UNREADABLE.test(text)) st.control = range(st, n.range![0], n.range![1]);
  return n.type === 'PLAIN' ? st.resolve(text) : text;
}

/** What follows a value on its line (fastParseBlock.ts lineEnd): where the value's node ends. */
function lineEnd(st: St, f: Frame, eol: number, nlEnd: number): void {
  const src = st.src;
  const after = valEnd;
  if (after === nlEnd && valBlock) {
    f.joinable = false;
    f.lastEnd = nlEnd;
    return;
  }
  let i = after;
  while (i < eol && src.charCodeAt(i) === 32) i++;
  if (i < eol && (src.charCodeAt(i) !== 35 || i === after)) throw BAIL;
  f.joinable = true;
  f.lastEnd = nlEnd;
}

function open(st: St, parent: Frame | null, at: string | number, seq: boolean, indent: number, offset: number): Frame {
  if (st.stack.length >= MAX_DEPTH) throw BAIL;
  const obj: Obj | Value[] = seq ? [] : {};
  let ctx = 0;
  if (parent === null) ctx = seq ? 0 : CTX_ROOT;
  else if (parent.ctx === CTX_ROOT && at === 'metadata') ctx = CTX_META;
  else if (parent.ctx === CTX_META && at === 'annotations') ctx = CTX_RAW;
  // A collection as an annotation's value: decode.ts keeps "" (the usual path).
  if (parent && parent.ctx === CTX_RAW) throw BAIL;
  if (ctx === CTX_RAW && seq) ctx = 0;
  if (parent) {
    if (parent.map) put(parent.obj as Obj, at as string, obj);
    else (parent.obj as Value[]).push(obj);
    parent.joinable = false;
  }
  const f: Frame = { map: !seq, indent, start: offset, obj, at, ctx, joinable: false, lastEnd: offset, trail: null, pendingKey: null, pendingColon: 0, pendingEol: 0, pendingTrivia: false };
  st.stack.push(f);
  return f;
}

/** A key whose value never came: null, written as nothing (fastParseBlock.ts closeEmpty). */
function closeEmpty(st: St, f: Frame): void {
  if (f.pendingTrivia) throw BAIL;
  const key = f.pendingKey!;
  f.pendingKey = null;
  let pos = f.pendingColon + 1;
  while (pos < f.pendingEol && st.src.charCodeAt(pos) === 32) pos++;
  const obj = f.obj as Obj;
  if (f.ctx === CTX_RAW) {
    put(obj, key, '');
    noteNullAnnotation(obj, key);
  } else {
    put(obj, key, null);
    markEmptyNull(obj, key);
  }
  noteReadAt(obj, key, st.log, pos, pos);
  f.joinable = false;
  f.lastEnd = pos;
}

/** Closes the innermost collection (fastParseBlock.ts pop): its range, its origin in its parent. */
function pop(st: St): void {
  const f = st.stack.pop()!;
  if (f.pendingKey !== null) closeEmpty(st, f);
  const parent = st.stack[st.stack.length - 1];
  let end2 = f.lastEnd;
  const trail = f.trail;
  if (trail) {
    if (f.indent === 0 || trail.commentIndent < f.indent) {
      if (parent) parent.trail = trail;
    } else end2 = trail.end;
  }
  if (!parent) {
    st.rootEnd = end2;
    return;
  }
  noteReadAt(parent.obj, f.at, st.log, f.start, f.lastEnd);
  parent.lastEnd = end2;
}
