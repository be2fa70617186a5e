// Maps a JSON path inside a parsed YAML document to a source range, so config
// problems point at the exact key or value that is wrong.
import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { Range } from '../findings';

export function offsetsToRange(lc: LineCounter, start: number, end: number): Range {
  const s = lc.linePos(start);
  const e = lc.linePos(Math.max(start, end));
  return { start: { line: s.line - 1, character: s.col - 1 }, end: { line: e.line - 1, character: e.col - 1 } };
}

function nodeRange(lc: LineCounter, node: Node | null | undefined): Range | undefined {
  if (!node || !node.range) return undefined;
  return offsetsToRange(lc, node.range[0], node.range[1]);
}

/**
 * Range of the value at `path`; with `key`, the range of the key that holds it
 * (used for "unknown property" and "required" problems). Falls back to the
 * nearest existing ancestor.
 */
export function rangeOfPath(doc: Document.Parsed, lc: LineCounter, path: (string | number)[], key = false): Range {
  let node: unknown = doc.contents;
  let best = nodeRange(lc, doc.contents as Node) ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return best;
      const last = i === path.length - 1;
      if (last && key) return nodeRange(lc, pair.key as Node) ?? best;
      node = pair.value;
      best = nodeRange(lc, pair.value as Node) ?? nodeRange(lc, pair.key as Node) ?? best;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      best = nodeRange(lc, node as Node) ?? best;
    } else return best;
  }
  return best;
}
