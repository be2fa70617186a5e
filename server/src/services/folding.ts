// Folding ranges: each document of a multi-document file, and every mapping
// entry, sequence item or block scalar that spans more than one line.
//
// The editor asks again after every edit: each document's folds are kept
// across edits (documents/keptPerDocument.ts), so after a keystroke in the
// 1,200-document file only the edited document is walked (all of them took
// 25 ms warm, 90-130 ms cold, 10,000 folds).
import { isMap, isNode, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { FoldingRange } from 'vscode-languageserver-types';
import type { ParsedYaml } from '../documents/parse';
import { positionAt } from '../documents/locate';
import { keptPerDocument } from '../documents/keptPerDocument';

const OWNER = {};

const moved = (folds: FoldingRange[], lines: number): FoldingRange[] => folds.map((f) => ({ startLine: f.startLine + lines, endLine: f.endLine + lines }));

/** The file's folds, at most `limit` of them (the client's `rangeLimit`, see limitFolds). */
export function foldingRanges(parsed: ParsedYaml, limit?: number): FoldingRange[] {
  return limitFolds(allFoldingRanges(parsed), limit);
}

function allFoldingRanges(parsed: ParsedYaml): FoldingRange[] {
  // A document's own fold only in files of more than one document: part of the key.
  const whole = parsed.documents.length > 1;
  const out: FoldingRange[] = [];
  for (const doc of parsed.documents) {
    // Folds of a later document start on later lines (a document's content ends before the next `---` line).
    for (const f of keptPerDocument(OWNER, parsed, doc, whole, () => documentFolds(parsed, doc, whole), moved)) out.push(f);
  }
  return out;
}

/**
 * At most `limit` folds, the ones VS Code keeps when a provider answers more
 * than its `editor.foldingMaximumRegions` (5,000 by default, announced to the
 * server as `rangeLimit`; its syntax range provider's RangesCollector): whole
 * nesting levels from the outermost while they fit, then the first folds of
 * the next level in line order. The client would drop the rest itself after
 * receiving them: a 1,200-document file has 10,000 folds, made into JSON,
 * sent and parsed after every keystroke. `folds` is in line order and nested
 * (a fold ends at or before the end of every fold that starts before it and
 * reaches its start), as allFoldingRanges makes them.
 */
export function limitFolds(folds: FoldingRange[], limit: number | undefined): FoldingRange[] {
  if (limit === undefined || !(limit >= 0) || folds.length <= limit) return folds;
  const levels = new Uint32Array(folds.length);
  const perLevel: number[] = [];
  const open: FoldingRange[] = [];
  folds.forEach((f, i) => {
    while (open.length && open[open.length - 1]!.endLine < f.startLine) open.pop();
    levels[i] = open.length;
    perLevel[open.length] = (perLevel[open.length] ?? 0) + 1;
    open.push(f);
  });
  let kept = 0;
  let partial = perLevel.length;
  for (let level = 0; level < perLevel.length; level++) {
    if (kept + perLevel[level]! > limit) {
      partial = level;
      break;
    }
    kept += perLevel[level]!;
  }
  return folds.filter((_, i) => levels[i]! < partial || (levels[i] === partial && kept++ < limit));
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
