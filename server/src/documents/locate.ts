// Positions and paths inside a parsed YAML file: offset <-> LSP position, the
// document and node under the cursor, and the source range of a path. Every
// service that needs "what is at the cursor" or "where is this field" uses it.
import { kustomizeReviver } from './jsValue';
import type { Document, Node, Pair } from 'yaml';
import { isMap, isNode, isPair, isScalar, isSeq } from '../yaml/nodeTypes';
import type { Position, Range } from '../findings';
import type { PathSegment } from '../kustomize/model';
import type { ParsedYaml } from './parse';

export function offsetAt(parsed: ParsedYaml, pos: Position): number {
  const starts = parsed.lineCounter.lineStarts;
  if (pos.line >= starts.length) return parsed.text.length;
  const lineStart = starts[pos.line];
  const lineEnd = pos.line + 1 < starts.length ? starts[pos.line + 1] : parsed.text.length;
  return Math.min(lineStart + pos.character, lineEnd);
}

export function positionAt(parsed: ParsedYaml, offset: number): Position {
  const p = parsed.lineCounter.linePos(offset);
  return { line: p.line - 1, character: p.col - 1 };
}

export function rangeOf(parsed: ParsedYaml, start: number, end: number): Range {
  return { start: positionAt(parsed, start), end: positionAt(parsed, Math.max(start, end)) };
}

/** Range of a node's value (without trailing whitespace or comments). */
export function nodeRange(parsed: ParsedYaml, node: Node): Range {
  const [start, end] = node.range ?? [0, 0];
  return rangeOf(parsed, start, trimEnd(parsed.text, start, end));
}

function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(text[e - 1])) e--;
  return e;
}

/** Index of the document that contains `offset` (the last one starting before it). */
export function documentIndexAt(parsed: ParsedYaml, offset: number): number {
  let index = 0;
  parsed.documents.forEach((d, i) => {
    if (d.range[0] <= offset) index = i;
  });
  return index;
}

export interface NodeAt {
  docIndex: number;
  document: Document.Parsed;
  /** Path of the node under the cursor; for a key, the path of the value it names. */
  path: PathSegment[];
  /** The scalar or collection under the cursor (the key scalar when `onKey`). */
  node: Node | undefined;
  onKey: boolean;
  /** The map entry the cursor is in, if any. */
  pair?: Pair;
}

const contains = (node: Node, offset: number): boolean => !!node.range && node.range[0] <= offset && offset <= node.range[1];

export function keyString(pair: Pair): string | undefined {
  if (isScalar(pair.key)) return String(pair.key.value);
  return typeof pair.key === 'string' ? pair.key : undefined;
}

/** The innermost node at `offset` and its path from the document root. */
export function nodeAt(parsed: ParsedYaml, offset: number): NodeAt | undefined {
  if (parsed.documents.length === 0) return undefined;
  const docIndex = documentIndexAt(parsed, offset);
  const document = parsed.documents[docIndex];
  const root = document.contents;
  const result: NodeAt = { docIndex, document, path: [], node: isNode(root) ? root : undefined, onKey: false };
  let node: unknown = root;
  for (;;) {
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => (isNode(p.key) && contains(p.key, offset)) || (isNode(p.value) && contains(p.value, offset)),
      );
      if (!pair) return result;
      const key = keyString(pair);
      if (key === undefined) return result;
      result.path = [...result.path, key];
      result.pair = pair;
      if (isNode(pair.key) && contains(pair.key, offset)) {
        result.node = pair.key;
        result.onKey = true;
        return result;
      }
      node = pair.value;
      result.node = pair.value as Node;
    } else if (isSeq(node)) {
      const i = node.items.findIndex((item) => isNode(item) && contains(item, offset));
      if (i < 0) return result;
      result.path = [...result.path, i];
      node = node.items[i];
      result.node = node as Node;
      result.pair = undefined;
    } else {
      return result;
    }
  }
}

/** The map entry at `path` in one document (for a key's range or its value's range). */
export function pairAt(document: Document.Parsed, path: PathSegment[]): Pair | undefined {
  if (path.length === 0) return undefined;
  const parent = path.length === 1 ? document.contents : document.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  const last = path[path.length - 1];
  return parent.items.find((p) => isPair(p) && keyString(p) === String(last));
}

/**
 * Source range of the value at `path` (falls back to its key, then to the
 * nearest ancestor that exists), for pointing at a field in a file.
 */
export function rangeOfPath(parsed: ParsedYaml, docIndex: number, path: PathSegment[]): Range | undefined {
  const document = parsed.documents[docIndex];
  if (!document) return undefined;
  for (let n = path.length; n >= 0; n--) {
    const p = path.slice(0, n);
    const value = p.length ? document.getIn(p, true) : document.contents;
    if (isNode(value) && value.range && !(isScalar(value) && value.value === null && value.range[0] === value.range[1])) {
      return nodeRange(parsed, value);
    }
    const pair = pairAt(document, p);
    if (pair && isNode(pair.key)) return nodeRange(parsed, pair.key);
  }
  return undefined;
}

/**
 * Plain data of a document or node, or undefined when it cannot be built
 * (an alias bomb trips the yaml library's alias limit).
 */
export function plainValue(node: { toJS(options?: { maxAliasCount?: number; reviver?: (key: unknown, value: unknown) => unknown }): unknown } | undefined | null): unknown {
  if (!node) return undefined;
  try {
    return node.toJS({ maxAliasCount: 1000, reviver: kustomizeReviver });
  } catch {
    return undefined;
  }
}
