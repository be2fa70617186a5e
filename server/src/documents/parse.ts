// YAML parsing with positions. Every multi-document file is parsed once per
// text version; callers share the result through ParseCache. The cache parses
// incrementally: a file is cut at its `---` document markers and only the
// documents whose text changed are parsed again (an edit in a 1,200-document
// file re-parses one document, not 22,000 lines); unchanged documents are
// reused with their positions shifted.
import { parseAllDocuments, visit, LineCounter, isNode, type Document } from 'yaml';
import type { Range } from '../findings';

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

export function parseYaml(text: string): ParsedYaml {
  return assemble(text, parseDocuments(text));
}

function parseDocuments(text: string): Document.Parsed[] {
  // Guard against alias bombs: the yaml library refuses to expand more aliases than its limit.
  const docs = parseAllDocuments(text, OPTIONS) as unknown as Document.Parsed[];
  return Array.isArray(docs) ? docs : [docs];
}

function assemble(text: string, documents: Document.Parsed[]): ParsedYaml {
  const lineCounter = new LineCounter();
  lineCounter.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
  const toRange = (offsets: [number, number]): Range => {
    const s = lineCounter.linePos(offsets[0]);
    const e = lineCounter.linePos(Math.max(offsets[1], offsets[0]));
    return { start: { line: s.line - 1, character: s.col - 1 }, end: { line: e.line - 1, character: e.col - 1 } };
  };
  const errors: YamlProblem[] = [];
  const warnings: YamlProblem[] = [];
  for (const doc of documents) {
    for (const e of doc.errors) errors.push({ message: firstLine(e.message), code: e.code, range: toRange(e.pos) });
    for (const w of doc.warnings) warnings.push({ message: firstLine(w.message), code: w.code, range: toRange(w.pos) });
  }
  return { text, documents, lineCounter, errors, warnings };
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
}

/**
 * Start offsets of the file's chunks: 0 and every line that starts with a
 * `---` marker (at column 0 a marker always starts a new document, even
 * inside a block scalar). A leading run of comments stays with the first
 * document, as the parser attaches it there. Undefined when the file uses
 * directives (`%YAML`), which tie documents together: parse it whole.
 */
function chunkStarts(text: string): number[] | undefined {
  if (/^%/m.test(text)) return undefined;
  const starts = [0];
  const marker = /^---(?=[ \t\r\n]|$)/gm;
  for (let m = marker.exec(text); m; m = marker.exec(text)) {
    if (m.index === 0) continue;
    if (starts.length === 1 && /^(\s*(#.*)?\n)*\s*(#.*)?$/.test(text.slice(0, m.index))) continue;
    starts.push(m.index);
  }
  return starts;
}

function shiftDocuments(docs: Document.Parsed[], delta: number): void {
  if (delta === 0) return;
  const move = (r: [number, number, number]): [number, number, number] => [r[0] + delta, r[1] + delta, r[2] + delta];
  for (const doc of docs) {
    doc.range = move(doc.range);
    visit(doc, (_key, node) => {
      if (isNode(node) && node.range) node.range = move(node.range);
    });
    for (const e of [...doc.errors, ...doc.warnings]) e.pos = [e.pos[0] + delta, e.pos[1] + delta];
  }
}

/** Parses `text`, reusing the documents of chunks whose text is unchanged from `previous`. */
function parseIncremental(text: string, previous: Chunk[]): { parsed: ParsedYaml; chunks: Chunk[] } {
  const starts = chunkStarts(text);
  if (!starts || starts.length === 1) return { parsed: parseYaml(text), chunks: [] };
  // First parse of a file: one pass over the whole text is about twice as fast
  // as parsing each chunk and shifting its positions (a 1,200-document file is
  // opened); its documents are then dealt out to the chunks by position.
  if (previous.length === 0) {
    const parsed = parseYaml(text);
    return { parsed, chunks: dealOut(text, starts, parsed.documents) ?? [] };
  }
  const byText = new Map<string, Chunk[]>();
  for (const c of previous) byText.set(c.text, [...(byText.get(c.text) ?? []), c]);
  const chunks: Chunk[] = [];
  const documents: Document.Parsed[] = [];
  for (let i = 0; i < starts.length; i++) {
    const offset = starts[i];
    const chunkText = text.slice(offset, i + 1 < starts.length ? starts[i + 1] : text.length);
    let chunk = byText.get(chunkText)?.shift();
    if (chunk) {
      shiftDocuments(chunk.documents, offset - chunk.offset);
      chunk.offset = offset;
    } else {
      const docs = parseDocuments(chunkText);
      shiftDocuments(docs, offset);
      chunk = { text: chunkText, offset, documents: docs };
    }
    chunks.push(chunk);
    documents.push(...chunk.documents);
  }
  return { parsed: assemble(text, documents), chunks };
}

/**
 * The chunks of a whole-text parse: each chunk's text with the one document
 * that lies inside it. Undefined when that is not so (a chunk without a
 * document, or with several): the next edit then parses every chunk anew.
 */
function dealOut(text: string, starts: number[], documents: Document.Parsed[]): Chunk[] | undefined {
  if (documents.length !== starts.length) return undefined;
  const chunks: Chunk[] = [];
  for (let i = 0; i < starts.length; i++) {
    const offset = starts[i];
    const end = i + 1 < starts.length ? starts[i + 1] : text.length;
    const doc = documents[i];
    if (doc.range[0] < offset || doc.range[2] > end) return undefined;
    chunks.push({ text: text.slice(offset, end), offset, documents: [doc] });
  }
  return chunks;
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
