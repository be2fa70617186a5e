// Folding ranges: each document of a multi-document file, and every mapping
// entry, sequence item or block scalar that spans more than one line.
//
// The editor asks again after every edit. A document's folds are kept on its
// Document (the parse cache hands back the same Document while its text is
// unchanged) and moved by as many lines as the document moved: after a
// keystroke in the 1,200-document file only the edited document is walked
// (all of them took 25 ms warm, 90-130 ms cold, 10,000 folds).
import { isMap, isNode, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { FoldingRange } from 'vscode-languageserver-types';
import type { ParsedYaml } from '../documents/parse';
import { positionAt } from '../documents/locate';
import { memoOn, setMemoOn } from '../documents/memoOn';

const MEMO = {};

interface Entry {
  /** Whether the document's own fold is in (files of more than one document). */
  whole: boolean;
  /** The document's first line when `folds` were made or last moved. */
  line: number;
  folds: FoldingRange[];
}

export function foldingRanges(parsed: ParsedYaml): FoldingRange[] {
  const whole = parsed.documents.length > 1;
  const out: FoldingRange[] = [];
  for (const doc of parsed.documents) {
    const line = parsed.lineCounter.linePos(doc.range[0]).line;
    let entry = memoOn<Entry>(doc, MEMO);
    if (!entry || entry.whole !== whole) entry = setMemoOn<Entry>(doc, MEMO, { whole, line, folds: documentFolds(parsed, doc, whole) });
    else if (entry.line !== line) {
      const delta = line - entry.line;
      entry.folds = entry.folds.map((f) => ({ startLine: f.startLine + delta, endLine: f.endLine + delta }));
      entry.line = line;
    }
    // Folds of a later document start on later lines (a document's content ends before the next `---` line).
    for (const f of entry.folds) out.push(f);
  }
  return out;
}

/** One document's folds, one per start line (the longest), in line order. */
function documentFolds(parsed: ParsedYaml, doc: Document.Parsed, whole: boolean): FoldingRange[] {
  const out: FoldingRange[] = [];
  const add = (startOffset: number, endOffset: number): void => {
    const startLine = positionAt(parsed, startOffset).line;
    const endLine = positionAt(parsed, lastContentOffset(parsed.text, startOffset, endOffset)).line;
    if (endLine > startLine) out.push({ startLine, endLine });
  };
  if (whole && isNode(doc.contents) && doc.contents.range) add(doc.contents.range[0], doc.contents.range[1]);
  // What the yaml library's visit() reaches, in its order: a pair, then its key and value; a
  // sequence's map items, then each item. Walked directly: visit builds a path for every node.
  const walk = (node: unknown): void => {
    if (isPair(node)) {
      const key = node.key as Node | null;
      const value = node.value as Node | null;
      if (isNode(key) && key.range && isNode(value) && value.range && (isMap(value) || isSeq(value) || isScalar(value))) add(key.range[0], value.range[1]);
      walk(key);
      walk(value);
    } else if (isSeq(node)) {
      for (const item of node.items) if (isMap(item) && item.range) add(item.range[0], item.range[1]);
      for (const item of node.items) walk(item);
    } else if (isMap(node)) {
      for (const item of node.items) walk(item);
    }
  };
  walk(doc.contents);
  // One fold per start line (a sequence item and its first key can start on the same line).
  const seen = new Map<number, FoldingRange>();
  for (const r of out) {
    const prev = seen.get(r.startLine);
    if (!prev || r.endLine > prev.endLine) seen.set(r.startLine, r);
  }
  return [...seen.values()].sort((a, b) => a.startLine - b.startLine);
}

/** Offset of the last non-whitespace character in [start, end). */
function lastContentOffset(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(text[e - 1])) e--;
  return Math.max(start, e - 1);
}
