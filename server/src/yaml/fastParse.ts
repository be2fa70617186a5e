// A fast path for the YAML most Kubernetes manifests are made of: block maps
// and sequences of one-line scalars and one-line flow collections. It builds
// the very Document / YAMLMap / YAMLSeq / Pair / Scalar objects the yaml
// library's parseAllDocuments would (same ranges, values, comments), four to
// six times faster (test/perf/parse.bench.ts), because it reads lines instead
// of going through the library's lexer, CST and composer. Whatever falls
// outside that subset (tags, `?` keys, directives, tabs, duplicate keys, the
// less common forms of anchors and aliases (fastParseBlock.ts) and of values
// over several lines (fastParseMultiline.ts), anything the library would
// report; for fastParseGuarded, nesting past the guard's bound) makes it give
// up on the document: it returns undefined and the caller parses that
// document with the library.
//
// This file handles a document's start (stream-level comments, `---`) and
// end; fastParseBlock.ts its block structure; fastParseScalar.ts one-line
// scalars and flow collections; fastParseTokens.ts the library's rules for
// comments and blank lines.
import { Document, Pair, type Node, type ParsedNode, type YAMLMap, type YAMLSeq } from 'yaml';
import { BAIL, tagMemo } from './fastParseScalar';
import { DEEP, applyProps, parseBody, type State } from './fastParseBlock';
import { resolveEnd, resolveProps, tok, type Tok } from './fastParseTokens';
import { MAX_NESTING, deepNestingAt } from './nesting';
import { contentEnd, indentEnd, nextLineStart } from './lines';

type Directives = NonNullable<Document['directives']>;

// Characters the fast path never reads (tabs, control characters, a BOM, lone
// carriage returns, Unicode line separators): the library parses those chunks.
const UNSUPPORTED = /[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\u2028\u2029]|\r(?!\n)/;

/**
 * Whether `src` has an unsupported character from `from` to `to`. Only that
 * chunk is searched (a slice is a view, not a copy), with the character after
 * it so that a `\r` ending the chunk sees the `\n` that may follow. (A scan of
 * the whole text, kept for the last text seen, compared that text with the
 * next one at every chunk: when two files had the same content, two strings
 * of the whole file each time: parses of a second copy of the 1,200-document
 * file took a median 80-127 ms of CPU, now 66-77 ms; 3 alternating runs,
 * load 3.7-4.4.)
 */
export function hasUnsupported(src: string, from: number, to: number): boolean {
  const m = UNSUPPORTED.exec(from === 0 && to >= src.length ? src : src.slice(from, Math.min(to + 1, src.length)));
  return m !== null && m.index < to - from;
}

let directivesClass: (new (init: { version: string }) => Directives) | undefined;

/**
 * Errors the fast parser threw instead of giving up (bugs: a file must never
 * fail to parse because of the fast path, so it then falls back too). Tests
 * assert it stays empty; the first few are kept.
 */
export const fastParseFailures: unknown[] = [];

/**
 * The document in `src` from `from` to `to` (one `---` chunk), built the way
 * parseAllDocuments(src, options) builds it, with offsets into `src`; or
 * undefined when the chunk is outside the supported subset.
 */
export function fastParseDocument(src: string, from: number, to: number, options: Record<string, unknown>): Document.Parsed | undefined {
  const doc = parseBounded(src, from, to, options, Infinity);
  return doc === 'deep' ? undefined : doc;
}

/**
 * fastParseDocument for text that must also pass the nesting guard
 * (yaml/nesting.ts), without the guard's scan of every character in the
 * common case: the document when it nests no deeper than MAX_NESTING; past
 * that, undefined when the scan refuses the chunk (the caller's guard then
 * reports it, as before), else fastParseDocument's answer. The scan counts
 * the nesting of the YAML this parser reads exactly, except what it finds
 * inside scalars, which it does not parse: brackets in a plain scalar
 * (`x: y[[[…`) it refused, this parser reads as kustomize does. (The scan
 * took a tenth of a render of 3.4 MB of CRDs, whose regex patterns hold too
 * many brackets for its cheap exit.)
 */
export function fastParseGuarded(src: string, from: number, to: number, options: Record<string, unknown>): Document.Parsed | undefined {
  const doc = parseBounded(src, from, to, options, MAX_NESTING);
  if (doc !== 'deep') return doc;
  // Past the bound, though the scan may miss it: its quotes are a heuristic, and what it misses is read as before.
  return deepNestingAt(src.slice(from, to)) < 0 ? fastParseDocument(src, from, to, options) : undefined;
}

function parseBounded(src: string, from: number, to: number, options: Record<string, unknown>, maxNesting: number): Document.Parsed | 'deep' | undefined {
  try {
    return parseChunk(src, from, to, options, maxNesting);
  } catch (e) {
    if (e === DEEP) return 'deep';
    if (e !== BAIL && fastParseFailures.length < 10) fastParseFailures.push(e);
    return undefined;
  }
}

function parseChunk(src: string, from: number, to: number, options: Record<string, unknown>, maxNesting: number): Document.Parsed {
  if (hasUnsupported(src, from, to)) throw BAIL;
  directivesClass ??= new Document().directives!.constructor as new (init: { version: string }) => Directives;
  const doc = new Document(undefined, { _directives: new directivesClass({ version: '1.2' }), ...options }) as unknown as Document.Parsed;
  if (doc.schema.compat) throw BAIL;
  const st: State = { schema: doc.schema, options: doc.options as Record<string, unknown>, src, memo: tagMemo(doc.schema), maxNesting, stack: [], root: null, docEnd: null, anchors: null, to, valEol: 0, valNl: 0 };

  // Stream-level comments and blank lines before the document, then `---` and what follows it.
  const prelude: string[] = [];
  let start: Tok[] | null = null;
  let docOffset = -1;
  let p = from;
  while (p < to) {
    const nlEnd = nextLineStart(src, p, to);
    const eol = contentEnd(src, p, nlEnd);
    const c = indentEnd(src, p, eol);
    const newline = nlEnd > eol ? src.slice(eol, nlEnd) : '';
    const trivia = c === eol || src[c] === '#';
    if (trivia && start) {
      if (c > p) start.push(tok('space', p, src.slice(p, c), c - p));
      if (c < eol) start.push(tok('comment', c, src.slice(c, eol), c - p));
      if (newline) start.push(tok('newline', eol, newline, c - p));
    } else if (trivia) {
      if (c < eol) prelude.push(src.slice(c, eol));
      if (newline) prelude.push(newline);
    } else if (!start && c === p && src.startsWith('---', p) && (p + 3 === eol || src[p + 3] === ' ')) {
      doc.directives!.docStart = true;
      docOffset = p;
      start = [tok('doc-start', p, '---', 0)];
      if (p + 3 < eol) {
        if (c !== p || src.slice(p + 3, eol).trim() !== '') throw BAIL;
        start.push(tok('space', p + 3, src.slice(p + 3, eol), 0));
      }
      if (newline) start.push(tok('newline', eol, newline, 0));
    } else {
      if (c !== p) throw BAIL;
      if (docOffset < 0) docOffset = p;
      break;
    }
    p = nlEnd;
  }
  if (p >= to) throw BAIL; // no content: empty documents stay with the library

  parseBody(st, p, to);
  const root = st.root;
  if (!root) throw BAIL;
  if (start) applyProps(root, resolveProps(start, 'doc-start', docOffset, true));
  doc.contents = root as ParsedNode;
  const rootEnd = root.range![2];
  const re = resolveEnd(st.docEnd ?? undefined, rootEnd);
  if (re.comment) doc.comment = re.comment;
  doc.range = [docOffset, rootEnd, re.offset];
  decorate(doc, prelude);
  return doc;
}

/** Composer.decorate(doc, false): stream-level comments before the document. */
function decorate(doc: Document.Parsed, prelude: string[]): void {
  let comment = '';
  let atComment = false;
  let afterEmptyLine = false;
  for (const source of prelude) {
    if (source[0] === '#') {
      comment += (comment === '' ? '' : afterEmptyLine ? '\n\n' : '\n') + (source.substring(1) || ' ');
      atComment = true;
      afterEmptyLine = false;
    } else {
      if (!atComment) afterEmptyLine = true;
      atComment = false;
    }
  }
  if (!comment) return;
  const dc = doc.contents as YAMLMap | YAMLSeq;
  if (afterEmptyLine || doc.directives!.docStart) {
    doc.commentBefore = comment;
    return;
  }
  let it = dc.items[0] as Pair<Node> | Node;
  if (it instanceof Pair) it = it.key as Node;
  const cb = (it as Node).commentBefore;
  (it as Node).commentBefore = cb ? `${comment}\n${cb}` : comment;
}
