// YAML parsing with positions. Every multi-document file is parsed once per
// text version; callers share the result through ParseCache.
import { parseAllDocuments, LineCounter, type Document } from 'yaml';
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

export function parseYaml(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  // Guard against alias bombs: the yaml library refuses to expand more aliases than this.
  const documents = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true }) as Document.Parsed[];
  const toRange = (offsets: [number, number]): Range => {
    const s = lineCounter.linePos(offsets[0]);
    const e = lineCounter.linePos(Math.max(offsets[1], offsets[0]));
    return { start: { line: s.line - 1, character: s.col - 1 }, end: { line: e.line - 1, character: e.col - 1 } };
  };
  const errors: YamlProblem[] = [];
  const warnings: YamlProblem[] = [];
  for (const doc of Array.isArray(documents) ? documents : [documents]) {
    for (const e of doc.errors) errors.push({ message: firstLine(e.message), code: e.code, range: toRange(e.pos) });
    for (const w of doc.warnings) warnings.push({ message: firstLine(w.message), code: w.code, range: toRange(w.pos) });
  }
  return { text, documents: Array.isArray(documents) ? documents : [documents], lineCounter, errors, warnings };
}

function firstLine(message: string): string {
  // The yaml library appends " at line X, column Y:" plus a code excerpt; the range already says where.
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/** Per-URI cache keyed by document version (or text for files read from disk). */
export class ParseCache {
  private readonly entries = new Map<string, { key: string | number; parsed: ParsedYaml }>();

  get(uri: string, versionOrText: string | number, text: string): ParsedYaml {
    const hit = this.entries.get(uri);
    if (hit && hit.key === versionOrText) return hit.parsed;
    const parsed = parseYaml(text);
    this.entries.set(uri, { key: versionOrText, parsed });
    return parsed;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }
}
