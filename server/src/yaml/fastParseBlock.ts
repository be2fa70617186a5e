// The block structure of one document for the fast parser (fastParse.ts):
// maps and sequences by indentation, one content line at a time, with
// comments and blank lines placed as the yaml library's parser places them
// (parser.ts: they go to the innermost open collection; an indented comment
// after a scalar joins that scalar; when a collection closes, its trailing
// comments move up to its parent if they are less indented than it).
//
// Anchors and aliases, in the forms configs and manifests use: an anchor on a
// map value or a sequence item, before a one-line value or alone on its line
// before a block collection; an alias as a whole map value or sequence item,
// to an anchor earlier in the document (and not on a collection that holds
// it). Anything else with `&` or `*` bails: anchors on keys, on empty values,
// with a comment after them, with another property; aliases as keys, to later
// or unknown anchors; a name used twice.
import { Alias, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { newMap, newPair, newSeq } from './fastNodes';
import { BAIL, anchorNameEnd, applyEnd, keyColon, lineEndTokens, plainScalar, plainStart, scanFlow, scanPlain, scanQuoted, type ScalarContext } from './fastParseScalar';
import { emptyScalarPosition, resolveProps, tok, type Props, type Tok } from './fastParseTokens';
import { blockScalar, plainContinued, quotedContinued, type LineContext } from './fastParseMultiline';
import { contentEnd, indentEnd, nextLineStart } from './lines';

export type Value = Scalar | Alias | YAMLMap | YAMLSeq;

/** An open block collection, as the library's parser keeps it on its stack. */
interface Frame {
  map: boolean;
  indent: number;
  node: YAMLMap | YAMLSeq;
  /**
   * The last item's value when it is a scalar or flow collection, and its end
   * tokens (indented comments join them). Built only when needed: without a
   * comment on its line, `lastEnd` is null and the `end*` offsets describe it.
   */
  lastValue: Value | null;
  lastEnd: Tok[] | null;
  endAfter: number;
  endEol: number;
  endNl: number;
  endIndent: number;
  /** Comments and blank lines after the last item, not yet given to the next item. */
  trail: Tok[] | null;
  /**
   * A key whose value is not on its line; its `:` and what follows up to the
   * next content are `pendingSep`, built when a comment or blank line comes
   * (else the `:` line's offsets describe it).
   */
  pending: Scalar | null;
  /**
   * In a sequence: an item whose value is not on its line (`- &name` alone);
   * its tokens (comments before it, `-`, the anchor, what follows) are
   * `pendingSep`, always built. `pendingColon` is then the `-`.
   */
  pendingItem: boolean;
  pendingSep: Tok[] | null;
  pendingColon: number;
  pendingEol: number;
  pendingNl: number;
  /** The anchor on the pending value, and the offset of its `&` (-1 when none). */
  pendingAnchor: string | null;
  pendingAnchorAt: number;
  keys: Set<unknown> | null;
}

/** Thrown (like BAIL) when a collection would open more than State.maxNesting levels deep. */
export const DEEP = Object.freeze({ deep: true });

export interface State extends ScalarContext, LineContext {
  /** Collections may nest this deep, flow collections included. */
  maxNesting: number;
  stack: Frame[];
  root: Value | null;
  docEnd: Tok[] | null;
  /** The document's anchor names so far. */
  anchors: Set<string> | null;
}

/** Lines `p` to `to` of the document (from its first content line): builds st.root and st.docEnd. */
export function parseBody(st: State, p: number, to: number): void {
  const src = st.src;
  st.to = to;
  while (p < to) {
    const nlEnd = nextLineStart(src, p, to);
    const eol = contentEnd(src, p, nlEnd);
    const c = indentEnd(src, p, eol);
    const n = c - p;
    if (c === eol || src[c] === '#') {
      if (n > 0) route(st, tok('space', p, src.slice(p, c), n));
      if (c < eol) route(st, tok('comment', c, src.slice(c, eol), n));
      if (nlEnd > eol) route(st, tok('newline', eol, src.slice(eol, nlEnd), n));
    } else {
      if (n === 0 && (src.startsWith('---', p) || src.startsWith('...', p))) throw BAIL;
      // A content line's indentation only counts after comments (it ends the range of comments that
      // stay with a collection); elsewhere it changes nothing, so the common case builds no token.
      const f = st.stack[st.stack.length - 1];
      if (n > 0 && f && !f.pending && !f.pendingItem && f.trail) route(st, tok('space', p, src.slice(p, c), n));
      // A value over several lines took them all: go on after its last one.
      st.valNl = nlEnd;
      contentLine(st, p, c, eol, nlEnd);
      p = st.valNl;
      continue;
    }
    p = nlEnd;
  }
  while (st.stack.length > 0) pop(st);
}

/** A comment, blank-line or indentation token, placed as the library's parser places it (parser.ts blockMap/blockSequence). */
function route(st: State, t: Tok): void {
  const f = st.stack[st.stack.length - 1];
  if (!f) throw BAIL;
  if (f.pending || f.pendingItem) {
    (f.pendingSep ??= sepTokens(st, f)).push(t);
    return;
  }
  if (!f.trail) {
    // Without end tokens built, the value's line had no comment: its last end token is not one.
    if (t.type === 'newline' && f.lastEnd && f.lastEnd[f.lastEnd.length - 1]?.type === 'comment') {
      f.lastEnd.push(t);
      applyEnd(f.lastValue!, f.lastEnd);
    } else f.trail = [t];
    return;
  }
  if (t.type === 'comment' && t.indent > f.indent && f.lastValue && f.trail.every((x) => x.type === 'newline' || x.type === 'space')) {
    f.lastEnd ??= lineEndTokens(st.src, f.endAfter, f.endEol, f.endNl, f.endIndent);
    f.lastEnd.push(...f.trail, t);
    f.trail = null;
    applyEnd(f.lastValue, f.lastEnd);
    return;
  }
  f.trail.push(t);
}

function contentLine(st: State, lineStart: number, c: number, eol: number, nlEnd: number): void {
  const src = st.src;
  const n = c - lineStart;
  const seqItem = src[c] === '-' && (c + 1 === eol || src[c + 1] === ' ');
  const stack = st.stack;
  if (stack.length === 0) {
    if (st.root || n !== 0) throw BAIL;
    st.root = open(st, seqItem, 0, c, undefined).node;
  } else {
    let f = stack[stack.length - 1];
    if (f.pending) {
      if (seqItem ? n >= f.indent : n > f.indent) {
        const key = f.pending;
        const sep = f.pendingSep;
        f.pending = null;
        // A `:` and its line end alone give the value no props.
        const child = open(st, seqItem, n, c, sep ? resolveProps(sep, 'map-value-ind', key.range![2], false) : undefined);
        takeAnchor(f, child);
        addPair(f, key, child.node);
      } else closeEmpty(st, f);
    } else if (f.pendingItem) {
      if (n > f.indent) {
        const child = open(st, seqItem, n, c, resolveProps(f.pendingSep!, 'seq-item-ind', f.pendingColon, true));
        f.pendingItem = false;
        f.pendingSep = null;
        takeAnchor(f, child);
        (f.node as YAMLSeq).items.push(child.node);
        f.lastValue = null;
        f.lastEnd = null;
      } else closeEmpty(st, f);
    }
    for (;;) {
      f = stack[stack.length - 1];
      if (f.map ? !seqItem && n === f.indent : seqItem && n === f.indent) break;
      if (n < f.indent || (!f.map && !seqItem && n === f.indent)) {
        if (stack.length === 1) throw BAIL;
        pop(st);
      } else throw BAIL;
    }
  }
  const f = stack[stack.length - 1];
  if (f.map) {
    const start = f.trail;
    f.trail = null;
    keyLine(st, f, c, eol, nlEnd, n, start);
    return;
  }
  // A sequence item: `-`, its spaces, then a value or a compact map.
  let r = c + 1;
  while (r < eol && src.charCodeAt(r) === 32) r++;
  if (r === eol || (src[r] === '-' && (r + 1 === eol || src[r + 1] === ' ')) || src[r] === '#') throw BAIL;
  let anchor: string | null = null;
  if (src[r] === '&') {
    const at = r;
    r = anchorNameEnd(src, at, eol);
    anchor = defineAnchor(st, src.slice(at + 1, r));
    const after = r;
    while (r < eol && src.charCodeAt(r) === 32) r++;
    if (r === eol) {
      // `- &name` alone: the item's value (a block collection) starts on a later line.
      const sep = f.trail ?? [];
      f.trail = null;
      sep.push(tok('seq-item-ind', c, '-', n));
      if (at > c + 1) sep.push(tok('space', c + 1, src.slice(c + 1, at), n));
      sep.push(tok('anchor', at, src.slice(at, after), n));
      if (eol > after) sep.push(tok('space', after, src.slice(after, eol), n));
      if (nlEnd > eol) sep.push(tok('newline', eol, src.slice(eol, nlEnd), n));
      f.pendingItem = true;
      f.pendingSep = sep;
      awaitValue(f, c, anchor, at);
      return;
    }
    // A comment or another property after it, or a key (`- &a k: v` anchors the key): the library's.
    if (afterAnchorBails(src, r, eol) || isKeyAt(st, r, eol)) throw BAIL;
  }
  let props: Props | undefined;
  if (f.trail) {
    // Comments and blank lines before the item are its props ('-' and its spaces alone give none).
    const itemStart = f.trail;
    f.trail = null;
    itemStart.push(tok('seq-item-ind', c, '-', n));
    if (r > c + 1) itemStart.push(tok('space', c + 1, src.slice(c + 1, r), n));
    props = resolveProps(itemStart, 'seq-item-ind', c, true);
  }
  if (isKeyAt(st, r, eol)) {
    const child = open(st, false, r - (c - n), r, props);
    (f.node as YAMLSeq).items.push(child.node);
    f.lastEnd = null;
    f.lastValue = null;
    keyLine(st, child, r, eol, nlEnd, r - (c - n), null);
    return;
  }
  const node = inlineValue(st, r, eol, nlEnd, f.indent);
  if (anchor !== null) node.anchor = anchor;
  if (props) applyProps(node, props);
  (f.node as YAMLSeq).items.push(node);
  lineEnd(st, f, node, st.valEol, st.valNl, n);
}

/** A new anchor name (one used before bails: which node an alias means is then the library's question). */
function defineAnchor(st: State, name: string): string {
  const anchors = (st.anchors ??= new Set());
  if (anchors.has(name)) throw BAIL;
  anchors.add(name);
  return name;
}

/** What may not follow an anchor on its line here: a comment, another property, an alias, a sequence indicator. */
function afterAnchorBails(src: string, r: number, eol: number): boolean {
  const ch = src[r];
  return ch === '#' || ch === '&' || ch === '*' || ch === '!' || (ch === '-' && (r + 1 === eol || src[r + 1] === ' '));
}

/** The frame waits for a value on later lines: its indicator (`:` or `-`) at `indicator`, its anchor if any. */
function awaitValue(f: Frame, indicator: number, anchor: string | null, anchorAt: number): void {
  f.pendingColon = indicator;
  f.pendingAnchor = anchor;
  f.pendingAnchorAt = anchorAt;
  f.lastEnd = null;
  f.lastValue = null;
}

/** Gives a pending value's anchor to the collection just opened for it. */
function takeAnchor(f: Frame, child: Frame): void {
  if (f.pendingAnchor === null) return;
  child.node.anchor = f.pendingAnchor;
  f.pendingAnchor = null;
  f.pendingAnchorAt = -1;
}

/** An alias (`*name`) at `r` standing for a whole value: to an anchor defined before, on a node already complete. */
function aliasValue(st: State, r: number, eol: number): Alias {
  const end = anchorNameEnd(st.src, r, eol);
  const name = st.src.slice(r + 1, end);
  if (!st.anchors?.has(name)) throw BAIL;
  // An alias inside the collection it names (its toJS throws).
  for (const f of st.stack) if (f.node.anchor === name) throw BAIL;
  const alias = new Alias(name);
  alias.range = [r, end, end];
  return alias;
}

/** Whether a block map key (a one-line scalar followed by `:` and a space or the line end) starts at `pos`. */
export function isKeyAt(st: ScalarContext, pos: number, eol: number): boolean {
  const src = st.src;
  if (src[pos] === '"' || src[pos] === "'") {
    let end: number;
    try {
      end = scanQuoted(st, pos, eol).range![1];
    } catch (e) {
      // Not closed on its line: no key (a quoted value over lines, maybe).
      if (e !== BAIL) throw e;
      return false;
    }
    return keyColon(src, end, eol) >= 0;
  }
  return plainStart(src, pos, eol) && keyColon(src, scanPlain(src, pos, eol), eol) >= 0;
}

/** `key: value` or `key:` at `c` in map frame `f`; `start` holds the comments and blank lines before it. */
function keyLine(st: State, f: Frame, c: number, eol: number, nlEnd: number, indent: number, start: Tok[] | null): void {
  const src = st.src;
  let key: Scalar;
  let colon: number;
  if (src[c] === '"' || src[c] === "'") {
    key = scanQuoted(st, c, eol);
    colon = keyColon(src, key.range![1], eol);
  } else {
    if (!plainStart(src, c, eol)) throw BAIL;
    const end = scanPlain(src, c, eol);
    colon = keyColon(src, end, eol);
    key = plainScalar(st, c, end, true);
  }
  if (colon < 0) throw BAIL;
  // The library reports implicit keys over 1,024 characters.
  if (colon - c > 1000) throw BAIL;
  if (start) applyProps(key, resolveProps(start, 'explicit-key-ind', c, true));
  if (hasKey(f, key.value)) throw BAIL;
  let r = colon + 1;
  while (r < eol && src.charCodeAt(r) === 32) r++;
  let anchor: string | null = null;
  let anchorAt = -1;
  if (src[r] === '&') {
    anchorAt = r;
    r = anchorNameEnd(src, anchorAt, eol);
    anchor = defineAnchor(st, src.slice(anchorAt + 1, r));
    while (r < eol && src.charCodeAt(r) === 32) r++;
    if (r < eol && afterAnchorBails(src, r, eol)) throw BAIL;
  }
  if (r === eol) {
    f.pending = key;
    f.pendingSep = null;
    f.pendingEol = eol;
    f.pendingNl = nlEnd;
    awaitValue(f, colon, anchor, anchorAt);
    return;
  }
  if (src[r] === '#' || (src[r] === '-' && (r + 1 === eol || src[r + 1] === ' '))) throw BAIL;
  const node = inlineValue(st, r, eol, nlEnd, f.indent);
  if (anchor !== null) node.anchor = anchor;
  addPair(f, key, node);
  lineEnd(st, f, node, st.valEol, st.valNl, indent);
}

/** The tokens of a pending key's `:` line: the indicator, spaces, the anchor and spaces after it, the newline. */
function sepTokens(st: State, f: Frame): Tok[] {
  const src = st.src;
  const colon = f.pendingColon;
  const sep = [tok('map-value-ind', colon, ':', f.indent)];
  let p = colon + 1;
  if (f.pendingAnchor !== null) {
    const at = f.pendingAnchorAt;
    if (at > p) sep.push(tok('space', p, src.slice(p, at), f.indent));
    p = at + 1 + f.pendingAnchor.length;
    sep.push(tok('anchor', at, src.slice(at, p), f.indent));
  }
  if (f.pendingEol > p) sep.push(tok('space', p, src.slice(p, f.pendingEol), f.indent));
  if (f.pendingNl > f.pendingEol) sep.push(tok('newline', f.pendingEol, src.slice(f.pendingEol, f.pendingNl), f.indent));
  return sep;
}

/** What follows a value on its line (spaces, a comment, the newline): the value's range end and comment. */
function lineEnd(st: State, f: Frame, node: Value, eol: number, nlEnd: number, indent: number): void {
  const src = st.src;
  const after = node.range![1];
  if (after === nlEnd && (node as Scalar).type !== undefined && ((node as Scalar).type === 'BLOCK_LITERAL' || (node as Scalar).type === 'BLOCK_FOLDED')) {
    // A block scalar ends after its last line's newline; nothing follows it on that line.
    f.lastValue = null;
    f.lastEnd = null;
    return;
  }
  let i = after;
  while (i < eol && src.charCodeAt(i) === 32) i++;
  f.lastValue = node;
  if (i === eol) {
    // The common case, without building tokens: spaces and the newline only.
    node.range![2] = nlEnd;
    f.lastEnd = null;
    f.endAfter = after;
    f.endEol = eol;
    f.endNl = nlEnd;
    f.endIndent = indent;
    return;
  }
  f.lastEnd = lineEndTokens(src, after, eol, nlEnd, indent);
  applyEnd(node, f.lastEnd);
}

/**
 * The value at `r` on a line ending at `eol`/`nlEnd` (its range[1] is the
 * offset after it), in a collection indented `parentIndent`. A block scalar or
 * a plain scalar continued on the next lines takes them: st.valEol/valNl are
 * then its last line's (else this line's).
 */
function inlineValue(st: State, r: number, eol: number, nlEnd: number, parentIndent: number): Value {
  const src = st.src;
  st.valEol = eol;
  st.valNl = nlEnd;
  const ch = src[r];
  if (ch === '{' || ch === '[') {
    // A flow collection is one level below the open block collections (it holds only scalars).
    if (st.stack.length >= st.maxNesting) throw DEEP;
    return scanFlow(st, r, eol);
  }
  if (ch === '*') return aliasValue(st, r, eol);
  if (ch === '"' || ch === "'") {
    try {
      return scanQuoted(st, r, eol);
    } catch (e) {
      // Not closed on its line: maybe on a later one.
      if (e !== BAIL) throw e;
      return quotedContinued(st, r, eol, nlEnd, parentIndent);
    }
  }
  if (ch === '|' || ch === '>') return blockScalar(st, r, eol, nlEnd, parentIndent);
  if (!plainStart(src, r, eol)) throw BAIL;
  const end = scanPlain(src, r, eol);
  // `a: b: c` (a map in a compact value) is an error for the library.
  if (keyColon(src, end, eol) >= 0) throw BAIL;
  let i = end;
  while (i < eol && src.charCodeAt(i) === 32) i++;
  if (i === eol) {
    const continued = plainContinued(st, r, end, nlEnd, parentIndent);
    if (continued) return continued;
  }
  return plainScalar(st, r, end, false);
}

/**
 * Whether the map already has a key equal to `value` (compose/util-map-includes:
 * `===` on scalar values; a duplicate is an error for the library). Small maps
 * are scanned; big ones get a set.
 */
function hasKey(f: Frame, value: unknown): boolean {
  const items = (f.node as YAMLMap<Scalar, unknown>).items;
  if (f.keys) {
    // A set also matches NaN with NaN, which `===` never does: bail either way.
    if (f.keys.has(value)) return true;
    f.keys.add(value);
    return false;
  }
  for (const p of items) if (p.key.value === value) return true;
  if (items.length >= 16) f.keys = new Set(items.map((p) => p.key.value)).add(value);
  return false;
}

// Frames by depth, reused: a frame is only on the stack while its collection
// is open, and the parser runs one document at a time, so the frame at a depth
// is free again once its collection is closed. (A new frame per collection was
// a tenth of what a parse allocates: 2 MB for the 1,200-document file.) What a
// reused frame held is reset when it is taken, also after a parse that gave
// up; until then the frames (one per depth reached) keep a few nodes of the
// last document parsed alive.
const FRAMES: Frame[] = [];

function open(st: State, seq: boolean, indent: number, offset: number, props: Props | undefined): Frame {
  const depth = st.stack.length;
  if (depth >= st.maxNesting) throw DEEP;
  const node = seq ? newSeq(st.schema) : newMap(st.schema);
  node.range = [offset, offset, offset];
  if (props) applyProps(node, props);
  // Every field is set, in the same order each time: a new frame gets the same shape as a reused one.
  const f = FRAMES[depth] ?? (FRAMES[depth] = {} as Frame);
  f.map = !seq;
  f.indent = indent;
  f.node = node;
  f.lastValue = null;
  f.lastEnd = null;
  f.endAfter = 0;
  f.endEol = 0;
  f.endNl = 0;
  f.endIndent = 0;
  f.trail = null;
  f.pending = null;
  f.pendingItem = false;
  f.pendingSep = null;
  f.pendingColon = 0;
  f.pendingEol = 0;
  f.pendingNl = 0;
  f.pendingAnchor = null;
  f.pendingAnchorAt = -1;
  f.keys = null;
  st.stack.push(f);
  return f;
}

function addPair(f: Frame, key: Scalar, value: Value): void {
  (f.node as YAMLMap).items.push(newPair(key, value));
  f.lastValue = null;
  f.lastEnd = null;
}

/** A key whose value never came: the empty scalar the library composes (only without comments or blank lines in between). */
function closeEmpty(st: State, f: Frame): void {
  // An anchored empty value (or sequence item): the library's.
  if (f.pendingItem || f.pendingAnchor !== null) throw BAIL;
  const key = f.pending!;
  const sep = f.pendingSep;
  f.pending = null;
  let pos: number;
  if (sep) {
    let newlines = 0;
    for (const t of sep) {
      if (t.type === 'comment') throw BAIL;
      if (t.type === 'newline') newlines++;
    }
    if (newlines > 1) throw BAIL;
    const last = sep[sep.length - 1];
    pos = emptyScalarPosition(last.offset + last.source.length, sep);
  } else {
    // emptyScalarPosition over `:`, spaces, newline: just after the spaces that follow the `:`.
    pos = f.pendingColon + 1;
    while (pos < f.pendingEol && st.src.charCodeAt(pos) === 32) pos++;
  }
  // The composer's empty scalar: a plain '' resolved by the schema (null).
  const value = plainScalar(st, pos, pos, false);
  addPair(f, key, value);
}

/** Closes the innermost collection: its range, and where its trailing comments go (parser.ts pop()). */
function pop(st: State): void {
  const f = st.stack.pop()!;
  if (f.pending || f.pendingItem) closeEmpty(st, f);
  const parent = st.stack[st.stack.length - 1];
  let commentEnd: number | undefined;
  const trail = f.trail;
  if (trail) {
    if (f.indent === 0 || trail.every((t) => t.type !== 'comment' || t.indent < f.indent)) {
      if (parent) parent.trail = trail;
      else st.docEnd = trail;
    } else {
      const props = resolveProps(trail, f.map ? 'explicit-key-ind' : 'seq-item-ind', 0, true);
      commentEnd = props.end;
      if (props.comment) f.node.comment = props.comment;
    }
  }
  const items = f.node.items;
  const last = items[items.length - 1] as Pair<Node, Node> | Node;
  const lastNode = (f.map ? (last as Pair<Node, Node>).value : last) as Node;
  const offset = lastNode.range![2];
  // The range made at open(), completed in place (a new array here was another 1.2 MB of garbage for the big file).
  const range = f.node.range!;
  range[1] = offset;
  range[2] = commentEnd ?? offset;
}

export function applyProps(node: Value, props: Props): void {
  if (props.spaceBefore) node.spaceBefore = true;
  if (props.comment) node.commentBefore = props.comment;
}
