// Folding ranges: each document of a multi-document file, and every mapping
// entry, sequence item or block scalar that spans more than one line.
import { isMap, isNode, isScalar, isSeq, visit, type Node } from 'yaml';
import type { FoldingRange } from 'vscode-languageserver-types';
import type { ParsedYaml } from '../documents/parse';
import { positionAt } from '../documents/locate';

export function foldingRanges(parsed: ParsedYaml): FoldingRange[] {
  const out: FoldingRange[] = [];
  const add = (startOffset: number, endOffset: number): void => {
    const startLine = positionAt(parsed, startOffset).line;
    const endLine = positionAt(parsed, lastContentOffset(parsed.text, startOffset, endOffset)).line;
    if (endLine > startLine) out.push({ startLine, endLine });
  };
  if (parsed.documents.length > 1) {
    for (const doc of parsed.documents) {
      if (isNode(doc.contents) && doc.contents.range) add(doc.contents.range[0], doc.contents.range[1]);
    }
  }
  for (const doc of parsed.documents) {
    visit(doc, {
      Pair(_, pair) {
        const key = pair.key as Node | null;
        const value = pair.value as Node | null;
        if (isNode(key) && key.range && isNode(value) && value.range && (isMap(value) || isSeq(value) || isScalar(value))) {
          add(key.range[0], value.range[1]);
        }
      },
      Seq(_, seq) {
        for (const item of seq.items) {
          if (isMap(item) && item.range) add(item.range[0], item.range[1]);
        }
      },
    });
  }
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
