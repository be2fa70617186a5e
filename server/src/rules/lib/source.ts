// The source document a rendered object was read from, as YAML nodes with
// positions: for checks of what the render no longer shows (a list entry a
// merge dropped, a base value every environment overrides).
import type { Document, Node, YAMLMap } from 'yaml';
import { isMap, isPair, isScalar, isSeq } from '../../yaml/nodeTypes';
import type { Range } from '../../findings';
import type { ParsedYaml } from '../../documents/parse';
import type { RenderedResource } from '../../kustomize/model';
import type { RuleContext } from '../types';

export interface SourceDoc {
  file: string;
  parsed: ParsedYaml;
  doc: Document.Parsed;
}

/** The document of the resource's own file (only for objects read from a resource file). */
export function sourceDocOf(ctx: RuleContext, r: RenderedResource): SourceDoc | undefined {
  if (!ctx.parse || r.origin.by !== 'resource') return undefined;
  const parsed = ctx.parse(r.origin.file);
  if (!parsed) return undefined;
  const offset = (parsed.lineCounter.lineStarts[r.origin.range.start.line] ?? 0) + r.origin.range.start.character;
  // The last document starting at or before the origin (a document's range starts at its `---` marker, where the previous one ends).
  let found: Document.Parsed | undefined;
  for (const doc of parsed.documents) {
    if (doc.range[0] > offset) break;
    found = doc;
  }
  return found && !found.errors.length && found.contents ? { file: r.origin.file, parsed, doc: found } : undefined;
}

/** The value of `key` in a YAML mapping node. */
export function child(node: unknown, key: string): Node | undefined {
  if (!isMap(node)) return undefined;
  const pair = (node as YAMLMap).items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
  return (pair?.value as Node | null) ?? undefined;
}

/** Follows string keys through mappings. */
export function nodeAt(node: unknown, path: string[]): Node | undefined {
  let cur = node as Node | undefined;
  for (const seg of path) cur = child(cur, seg);
  return cur;
}

export function scalarText(node: unknown): string | undefined {
  return isScalar(node) && node.value !== null && node.value !== undefined ? String(node.value) : undefined;
}

export function items(node: unknown): Node[] {
  return isSeq(node) ? (node.items as Node[]).filter(Boolean) : [];
}

export function nodeRange(src: SourceDoc, node: Node): Range {
  const [start, end] = node.range ?? [0, 0];
  const s = src.parsed.lineCounter.linePos(start);
  const e = src.parsed.lineCounter.linePos(Math.max(start, end));
  return { start: { line: s.line - 1, character: s.col - 1 }, end: { line: e.line - 1, character: e.col - 1 } };
}

/** Whether a render origin lies inside the node (same file, start within the node's source range). */
export function originWithin(src: SourceDoc, node: Node, origin: { file: string; range: Range } | undefined): boolean {
  if (!origin || origin.file !== src.file || !node.range) return false;
  const at = (src.parsed.lineCounter.lineStarts[origin.range.start.line] ?? 0) + origin.range.start.character;
  return at >= node.range[0] && at <= node.range[1];
}
