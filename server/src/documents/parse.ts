// YAML parsing with positions. Every multi-document file is parsed once per
// text version; callers share the result through ParseCache. A file is cut at
// its `---` document markers into chunks, and each chunk is parsed on its own:
// by the fast parser (yaml/fastParse.ts) when the document is plain Kubernetes
// YAML, else by the yaml library (runs of such chunks in one library pass). The
// cache parses incrementally: after an edit only the chunks whose text changed
// are parsed again (an edit in a 1,200-document file re-parses one document,
// not 22,000 lines); unchanged documents are reused with their positions
// shifted.
import { parseDocument, visit, LineCounter, isCollection, isNode, isPair, isScalar, YAMLParseError, type Document } from 'yaml';
import type { Range } from '../findings';
import { fastParseGuarded } from '../yaml/fastParse';
import { lineFeeds, parseAllDocumentsGo } from '../yaml/goyamlParse';
import { documentStarts } from '../yaml/documentStarts';
import { ownCopy } from '../yaml/ownCopy';
import { deepNestingAt, nestingMessage } from '../yaml/nesting';
import { isTimestampRefusal, timestampMessage } from '../yaml/timestamp';

export interface ParsedYaml {
  text: string;
  documents: Document.Parsed[];
  lineCounter: LineCounter;
  /** Syntax errors of every document, with exact ranges. */
  errors: YamlProblem[];
  warnings: YamlProblem[];
}

export interface YamlProblem {
  message: string;
  code: string;
  range: Range;
}

const OPTIONS = { prettyErrors: false, uniqueKeys: true } as const;
// The library checks each new key against every earlier key of its map
// (quadratic: 20,000 keys took minutes); the library passes run without it and
// duplicateKeys() reports the same errors in one pass.
const LIBRARY_OPTIONS = { prettyErrors: false, uniqueKeys: false } as const;

export function parseYaml(text: string): ParsedYaml {
  return parseIncremental(text, []).parsed;
}

/** The yaml library's parse of `text`, every document. */
function parseDocuments(text: string): Document.Parsed[] {
  const deep = deepNestingAt(text);
  if (deep >= 0) return [tooDeep(text, deep)];
  // Guard against alias bombs: the yaml library refuses to expand more aliases than its limit.
  const parsed = parseAllDocumentsGo(text, LIBRARY_OPTIONS) as unknown as Document.Parsed[];
  const docs = Array.isArray(parsed) ? parsed : [parsed];
  const dup = duplicateKeys(docs);
  // A duplicate in maps small enough for the library's own check: its errors, exactly.
  if (dup && dup.largestMap <= EXACT_DUPLICATES_UP_TO) {
    const again = parseAllDocumentsGo(text, OPTIONS) as unknown as Document.Parsed[];
    return Array.isArray(again) ? again : [again];
  }
  for (const doc of docs) {
    for (const [e, keyEnd] of dup?.errors.get(doc) ?? []) {
      // Where the library reports it: once the key is composed, before what follows the key.
      const at = doc.errors.findIndex((x) => x.pos[0] >= keyEnd);
      doc.errors.splice(at < 0 ? doc.errors.length : at, 0, e);
    }
    // The document as parseAllDocumentsGo(text, OPTIONS) would have made it.
    doc.options.uniqueKeys = OPTIONS.uniqueKeys;
  }
  return docs;
}

/**
 * Text nested past the limit (yaml/nesting.ts) is not given to the
 * (recursive) parser: one empty document spanning it, with the error at the
 * place the limit is passed.
 */
function tooDeep(text: string, at: number): Document.Parsed {
  const doc = parseDocument('', LIBRARY_OPTIONS) as unknown as Document.Parsed;
  doc.range = [0, text.length, text.length];
  doc.errors.push(new YAMLParseError([at, at + 1], 'RESOURCE_EXHAUSTION', nestingMessage()));
  return doc;
}

/** Maps up to this many keys get the library's own duplicate check (quadratic). */
const EXACT_DUPLICATES_UP_TO = 2000;

/** The library's DUPLICATE_KEY errors (uniqueKeys: true), found with one set per map; undefined when there are none. */
function duplicateKeys(docs: Document.Parsed[]): { errors: Map<Document.Parsed, [YAMLParseError, number][]>; largestMap: number } | undefined {
  const errors = new Map<Document.Parsed, [YAMLParseError, number][]>();
  let largestMap = 0;
  for (const doc of docs) {
    visit(doc, {
      Map(_key, map) {
        largestMap = Math.max(largestMap, map.items.length);
        const seen = new Set<unknown>();
        for (const pair of map.items) {
          const k = pair.key;
          // The library compares scalar values with ===: NaN is never a duplicate.
          if (!isScalar(k) || Number.isNaN(k.value)) continue;
          if (seen.has(k.value) && k.range) {
            const list = errors.get(doc) ?? [];
            list.push([new YAMLParseError([k.range[0], k.range[0] + 1], 'DUPLICATE_KEY', 'Map keys must be unique'), k.range[1]]);
            errors.set(doc, list);
          }
          seen.add(k.value);
        }
      },
    });
  }
  return errors.size ? { errors, largestMap } : undefined;
}

function assemble(text: string, documents: Document.Parsed[], lineStarts = lineStartsOf(text)): ParsedYaml {
  const lineCounter = new LineCounter();
  lineCounter.lineStarts = lineStarts;
  const toRange = (offsets: [number, number]): Range => {
    const s = lineCounter.linePos(offsets[0]);
    const e = lineCounter.linePos(Math.max(offsets[1], offsets[0]));
    return { start: { line: s.line - 1, character: s.col - 1 }, end: { line: e.line - 1, character: e.col - 1 } };
  };
  const errors: YamlProblem[] = [];
  const warnings: YamlProblem[] = [];
  for (const doc of documents) {
    for (const e of doc.errors) {
      const message =
        e.code === 'DUPLICATE_KEY'
          ? (duplicateKeyMessage(doc, e.pos[0], lineCounter) ?? firstLine(e.message))
          : isTimestampRefusal(e)
            ? (badTimestampMessage(doc, e.pos[1]) ?? firstLine(e.message))
            : firstLine(e.message);
      errors.push({ message, code: e.code, range: toRange(e.pos) });
    }
    for (const w of doc.warnings) warnings.push({ message: firstLine(w.message), code: w.code, range: toRange(w.pos) });
  }
  return { text, documents, lineCounter, errors, warnings };
}

/** The line starts of `text`: 0, then the offset after each line end. */
function lineStartsOf(text: string): number[] {
  return lineEnds(text, [0]);
}

/** The offsets after each line end of `text` (a lone carriage return ends a line too: goyamlParse.ts), appended to `to`. */
function lineEnds(text: string, to: number[] = []): number[] {
  const lines = lineFeeds(text);
  for (let i = lines.indexOf('\n'); i >= 0; i = lines.indexOf('\n', i + 1)) to.push(i + 1);
  return to;
}

/**
 * The text's line starts from its chunks' own (kept with each chunk): a
 * keystroke in the 22,800-line file scanned every line again (~2 ms), where
 * only the edited chunk is new. The chunks cover the text in order (a chunk
 * starts with a `---` marker, so no line end is split between two).
 */
function chunkLineStarts(text: string, chunks: Chunk[]): number[] {
  const starts = [0];
  let at = 0;
  for (const c of chunks) {
    if (c.offset !== at) return lineStartsOf(text);
    const ends = (c.lineEnds ??= lineEnds(c.text));
    for (let i = 0; i < ends.length; i++) starts.push(ends[i] + at);
    at += c.text.length;
  }
  return at === text.length ? starts : lineStartsOf(text);
}

/**
 * goyaml's words for a repeated key (what kustomize prints for a resource;
 * for a kustomization it keeps the last value silently):
 * `mapping key "x" already defined at line 3`.
 */
function duplicateKeyMessage(doc: Document.Parsed, at: number, lc: LineCounter): string | undefined {
  let message: string | undefined;
  visit(doc, {
    Map(_key, map) {
      const seen = new Map<unknown, number>();
      for (const pair of map.items) {
        const k = pair.key;
        if (!isScalar(k) || !k.range) continue;
        const first = seen.get(k.value);
        if (k.range[0] === at && first !== undefined) {
          message = `mapping key ${JSON.stringify(String(k.value))} already defined at line ${lc.linePos(first).line}`;
          return visit.BREAK;
        }
        if (first === undefined) seen.set(k.value, k.range[0]);
      }
      return undefined;
    },
  });
  return message;
}

/** goyaml's words for the `!!timestamp` scalar whose tag ends at `tagEnd` (what kustomize prints for a resource). */
function badTimestampMessage(doc: Document.Parsed, tagEnd: number): string | undefined {
  let message: string | undefined;
  visit(doc, {
    Scalar(_key, node) {
      if (node.tag !== 'tag:yaml.org,2002:timestamp' || !node.range || node.range[0] < tagEnd || typeof node.source !== 'string') return undefined;
      message = timestampMessage(node.source);
      return visit.BREAK;
    },
  });
  return message;
}

function firstLine(message: string): string {
  // The yaml library appends " at line X, column Y:" plus a code excerpt; the range already says where.
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/** A run of text from one `---` marker to the next, and the documents parsed from it. */
interface Chunk {
  text: string;
  offset: number;
  documents: Document.Parsed[];
  /**
   * Set when the library parsed it at the end of the text (true) or before a
   * `---` (false): a broken document can read differently at the end (an
   * unclosed quote runs over later markers), so it is reused only in the same
   * place. Unset for the fast parser's documents, the same in both.
   */
  atEnd?: boolean;
  /** Offsets after each line end of `text` (chunkLineStarts). */
  lineEnds?: number[];
  /** Every range array of its documents, once it has moved (shiftChunk). */
  ranges?: [number, number, number][];
}

/**
 * The file's chunks (yaml/documentStarts.ts); undefined, so parsed whole, also
 * when it uses document-end markers (`...`): comments after one belong to the
 * next document, which ties the two together.
 */
function chunkStarts(text: string): number[] | undefined {
  if (/^\.\.\.(?=[ \t\r\n]|$)/m.test(text)) return undefined;
  return documentStarts(text);
}

/**
 * A reused chunk's documents moved by `delta`, in place. Typing in a document
 * near the top of the 1,200-document file moves every document after it: a
 * walk of their trees through `visit` (a path and a callback per node, new
 * range arrays) took 35-50 ms a keystroke. The chunk's range arrays are
 * gathered on its first move; every later move is one loop over them.
 * Nothing else writes a range array, and no two nodes share one (the
 * parsers make each its own): the set only guards the gathering.
 */
function shiftChunk(chunk: Chunk, delta: number): void {
  if (delta !== 0) moveBy(chunk.documents, (chunk.ranges ??= rangesOf(chunk.documents)), delta);
}

/** Documents just parsed from a slice of the text moved to where the slice starts. */
function shiftDocuments(docs: Document.Parsed[], delta: number): void {
  if (delta !== 0) moveBy(docs, rangesOf(docs), delta);
}

function moveBy(docs: Document.Parsed[], ranges: [number, number, number][], delta: number): void {
  for (let i = 0; i < ranges.length; i++) {
    const r = ranges[i];
    r[0] += delta;
    r[1] += delta;
    r[2] += delta;
  }
  for (const doc of docs) for (const e of [...doc.errors, ...doc.warnings]) e.pos = [e.pos[0] + delta, e.pos[1] + delta];
}

/** The range arrays of `docs` and of every node `visit` reaches in them (collections' items, pairs' keys and values), each once. */
function rangesOf(docs: Document.Parsed[]): [number, number, number][] {
  const seen = new Set<[number, number, number]>();
  const add = (node: unknown): void => {
    if (isPair(node)) {
      add(node.key);
      add(node.value);
      return;
    }
    if (!isNode(node)) return;
    if (node.range) seen.add(node.range as [number, number, number]);
    if (isCollection(node)) for (const item of node.items) add(item);
  };
  for (const doc of docs) {
    seen.add(doc.range);
    add(doc.contents);
  }
  return [...seen];
}

/** Parses `text`, reusing the documents of chunks whose text is unchanged from `previous`. */
function parseIncremental(text: string, previous: Chunk[]): { parsed: ParsedYaml; chunks: Chunk[] } {
  const starts = chunkStarts(text);
  const chunks = starts && parseChunks(text, starts, previous);
  if (!chunks) return { parsed: assemble(text, parseDocuments(text)), chunks: [] };
  const documents: Document.Parsed[] = [];
  for (const c of chunks) documents.push(...c.documents);
  // A first parse scans the whole text once; the chunks' own line ends are made at the first edit.
  return { parsed: assemble(text, documents, previous.length ? chunkLineStarts(text, chunks) : lineStartsOf(text)), chunks };
}

/** Every chunk's documents: reused, fast-parsed, or from the library; undefined when the file must be parsed whole. */
function parseChunks(text: string, starts: number[], previous: Chunk[]): Chunk[] | undefined {
  const reuse = previousChunks(previous);
  const chunks: Chunk[] = [];
  // After an edit, a chunk parsed again is parsed from its own copy of its text:
  // its strings (its text, its nodes' sources and values) would otherwise be
  // slices of this version's whole text and keep all of it alive as long as
  // the chunk lives. Typing in 300 different documents of the 1,200-document
  // file kept 300 versions of it: the server grew from 94 to 283 MiB.
  const incremental = previous.length > 0;
  // Chunks the fast parser leaves to the library wait here, so that a run of them is one library pass.
  let runFrom = -1;
  const flush = (to: number): boolean => {
    if (runFrom < 0) return true;
    const run = parseRun(text, starts, runFrom, to);
    runFrom = -1;
    if (!run) return false;
    chunks.push(...run);
    return true;
  };
  for (let i = 0; i < starts.length; i++) {
    const offset = starts[i];
    const end = i + 1 < starts.length ? starts[i + 1] : text.length;
    const chunkText = text.slice(offset, end);
    const last = i + 1 === starts.length;
    let chunk = reuse(chunkText, i, last);
    if (chunk) {
      shiftChunk(chunk, offset - chunk.offset);
      chunk.offset = offset;
    } else {
      // Deep text goes to parseDocuments, which refuses it.
      const own = incremental ? ownCopy(chunkText) : chunkText;
      const doc = incremental ? fastParseGuarded(own, 0, own.length, OPTIONS) : fastParseGuarded(text, offset, end, OPTIONS);
      if (!doc) {
        if (runFrom < 0) runFrom = i;
        continue;
      }
      chunk = { text: own, offset, documents: [doc] };
      if (incremental) {
        chunk.ranges = rangesOf(chunk.documents);
        moveBy(chunk.documents, chunk.ranges, offset);
      }
    }
    if (!flush(i)) return undefined;
    chunks.push(chunk);
  }
  return flush(starts.length) ? chunks : undefined;
}

/**
 * Finds the chunk parsed before that can stand for the i-th chunk's text
 * (each is taken once): first the one at its place (its index, moved by the
 * chunks added or removed before it) or next to it; a text not found there is
 * looked up in a map of every earlier chunk's text, made at the second such
 * miss in a row (a chunk typed in is one miss). A map made for every parse
 * hashed every chunk's text and made a list for each: ~1 ms a keystroke in the
 * 1,200-document file, ~150 ms in a 100,000-document one.
 */
function previousChunks(previous: Chunk[]): (text: string, i: number, last: boolean) => Chunk | undefined {
  const taken = new Uint8Array(previous.length);
  let shift = 0;
  let misses = 0;
  let byText: Map<string, number[]> | undefined;
  const fits = (j: number, text: string, last: boolean): boolean => {
    const c = previous[j];
    return c !== undefined && taken[j] === 0 && c.text === text && reusable(c, last);
  };
  return (text, i, last) => {
    let j = i + shift;
    if (!fits(j, text, last)) j = fits(j + 1, text, last) ? j + 1 : fits(j - 1, text, last) ? j - 1 : -1;
    if (j < 0 && ++misses >= 2) {
      if (!byText) {
        byText = new Map();
        for (let k = 0; k < previous.length; k++) {
          const list = byText.get(previous[k].text);
          if (list) list.push(k);
          else byText.set(previous[k].text, [k]);
        }
      }
      j = byText.get(text)?.find((k) => taken[k] === 0 && reusable(previous[k], last)) ?? -1;
    }
    if (j < 0) return undefined;
    taken[j] = 1;
    shift = j - i;
    misses = 0;
    return previous[j];
  };
}

/**
 * Whether a chunk parsed before may stand for the same text now. Not when the
 * library found problems in it: a broken document can depend on text far
 * after it (an unclosed quote runs to the end of the file unless a quote
 * comes later, anywhere); nor when it moved to or from the end of the text.
 */
function reusable(chunk: Chunk, last: boolean): boolean {
  if (chunk.atEnd !== undefined && chunk.atEnd !== last) return false;
  return chunk.documents.every((d) => d.errors.length === 0 && d.warnings.length === 0);
}

/**
 * Chunks `from` to `to` (exclusive) parsed in one library pass, each with the
 * one document that lies inside it; or, when that is not so (a chunk without
 * a document, or with several), the whole run as one chunk. When a chunk
 * follows, the run is parsed with that chunk's `---` after it: a marker ends a
 * broken document differently from the end of the text (a comment after a key
 * without value moves on, for one), and the run must read as in the whole
 * file; what the marker's (empty) document then gets — comments moved out of
 * the run, problems — would belong to the next chunk's document. Undefined
 * in that case, and when the marker did not start a document of its own.
 */
function parseRun(text: string, starts: number[], from: number, to: number): Chunk[] | undefined {
  const offset = starts[from];
  const runEnd = to < starts.length ? starts[to] : text.length;
  // Its own copy, for the reason parseChunks gives (the library's pass is far slower than the copy).
  const runText = ownCopy(text.slice(offset, runEnd));
  const followed = to < starts.length;
  const documents = parseDocuments(followed ? runText + '---' : runText);
  if (followed) {
    const marker = documents.pop();
    if (!marker || marker.range[0] !== runText.length || marker.commentBefore || marker.errors.length || marker.warnings.length) return undefined;
  }
  shiftDocuments(documents, offset);
  if (documents.length === to - from) {
    const chunks: Chunk[] = [];
    for (let i = from; i < to; i++) {
      const end = i + 1 < starts.length ? starts[i + 1] : text.length;
      const doc = documents[i - from];
      if (doc.range[0] < starts[i] || doc.range[2] > end || (i > from && !ownDocument(doc, starts[i], end))) break;
      chunks.push({ text: runText.slice(starts[i] - offset, end - offset), offset: starts[i], documents: [doc], atEnd: !followed && i + 1 === to });
    }
    if (chunks.length === to - from) return chunks;
  }
  return [{ text: runText, offset, documents, atEnd: !followed }];
}

/**
 * Whether a document parsed after others depends on its chunk's text alone
 * (`---` included), so that its chunk may be reused after the chunk before it
 * changed: no comment or problem came to it from before its marker (a broken
 * document can leave its last comments to the next one), none from after its end.
 */
function ownDocument(doc: Document.Parsed, start: number, end: number): boolean {
  if (doc.commentBefore) return false;
  for (const p of [...doc.errors, ...doc.warnings]) if (p.pos[0] < start || p.pos[1] > end + 3) return false;
  return true;
}

/** Per-URI cache keyed by document version (or text for files read from disk). */
export class ParseCache {
  private readonly entries = new Map<string, { key: string | number; parsed: ParsedYaml; chunks: Chunk[] }>();

  get(uri: string, versionOrText: string | number, text: string): ParsedYaml {
    const hit = this.entries.get(uri);
    if (hit && hit.key === versionOrText) return hit.parsed;
    if (hit && hit.parsed.text === text) {
      hit.key = versionOrText;
      return hit.parsed;
    }
    const { parsed, chunks } = parseIncremental(text, hit?.chunks ?? []);
    this.entries.set(uri, { key: versionOrText, parsed, chunks });
    return parsed;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }
}

/**
 * Start-up work that lets the JIT compile the parser before the first real
 * file comes: a small generated multi-document file parsed a dozen times
 * (~80 ms on a busy 2-core machine), one parse per step so that the caller
 * can let the editor's messages in between. Cold code takes about twice as
 * long over the first 20,000-line file (test/perf/lsp-profile.bench.ts --big).
 */
export function* parserWarmUpSteps(): Generator<void> {
  const doc = (i: number): string =>
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      `  name: app-${i}`,
      '  labels: { app: x, tier: "web" }',
      'spec:',
      '  replicas: 2',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: main',
      `          image: "registry.example.com/app:1.0.${i}"`,
      '          args: [--port, "8080"]',
      '          ports:',
      '            - containerPort: 8080',
      '          securityContext:',
      '            runAsNonRoot: true',
    ].join('\n');
  const text = Array.from({ length: 40 }, (_, i) => doc(i)).join('\n---\n') + '\n';
  for (let i = 0; i < 12; i++) {
    parseYaml(text);
    yield;
  }
}
