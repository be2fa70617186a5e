// Places a finding on the most specific source node. Render origins record the
// range of the value that was set; a finding about a key (an unknown or
// forbidden field, a missing required field) belongs on the key, and a
// finding about a whole block (a mapping or list) on the key that holds it,
// as in file-level validation (schema/document.ts). The source file is parsed
// only when a finding needs its key, once per analysis.
import type { Node, Pair } from 'yaml';
import { isMap, isPair, isScalar, isSeq } from '../yaml/nodeTypes';
import type { Range } from '../findings';
import type { Origin } from '../kustomize/model';
import { parseYaml, type ParsedYaml } from '../documents/parse';

/** Origins whose range is the literal source of the value (not a kustomization field that computed it). */
const LITERAL = new Set(['resource', 'patch']);

interface Located {
  node: Node;
  pair?: Pair;
}

/** A parse of each file `read` returns, once per file for the caller's lifetime (when no parse cache is at hand). */
export function parseOnce(read: ((file: string) => string | undefined) | undefined): ((file: string) => ParsedYaml | undefined) | undefined {
  if (!read) return undefined;
  const parsed = new Map<string, ParsedYaml | undefined>();
  return (file) => {
    if (!parsed.has(file)) {
      const text = read(file);
      parsed.set(file, text === undefined ? undefined : parseYaml(text));
    }
    return parsed.get(file);
  };
}

export class SourcePlacer {
  constructor(private readonly parse: ((file: string) => ParsedYaml | undefined) | undefined) {}

  /** The range to report for a problem with the value recorded by `origin` ('key': about the field itself). */
  rangeFor(origin: Origin, target: 'key' | 'value'): Range {
    if (!LITERAL.has(origin.by) || !this.parse) return origin.range;
    const r = origin.range;
    // A scalar value on one line, reported as a value: already exact.
    if (target === 'value' && r.start.line === r.end.line) return r;
    const parsed = this.parse(origin.file);
    if (!parsed) return r;
    const offset = offsetOf(parsed, r.start.line, r.start.character);
    const hit = locate(parsed, offset);
    if (!hit) return r;
    const key = hit.pair && isScalar(hit.pair.key) ? (hit.pair.key as Node) : undefined;
    const block = isMap(hit.node) || isSeq(hit.node);
    if (key && (target === 'key' || block)) return rangeOf(parsed, key);
    if (block) {
      // No key (a list item): its first entry, as file-level validation does.
      const first = (hit.node as { items: unknown[] }).items[0];
      if (isPair(first) && isScalar(first.key)) return rangeOf(parsed, first.key as Node);
      if (first && (first as Node).range) return rangeOf(parsed, first as Node);
    }
    return r;
  }
}

function offsetOf(parsed: ParsedYaml, line: number, character: number): number {
  return (parsed.lineCounter.lineStarts[line] ?? 0) + character;
}

/** The node starting exactly at `offset` (the outermost one), with the pair holding it as its value. */
function locate(parsed: ParsedYaml, offset: number): Located | undefined {
  for (const doc of parsed.documents) {
    const root = doc.contents as Node | null;
    if (!root?.range || offset < root.range[0] || offset > root.range[2]) continue;
    return descend(root, undefined, offset);
  }
  return undefined;
}

function descend(node: Node, pair: Pair | undefined, offset: number): Located | undefined {
  if (node.range && node.range[0] === offset) return { node, ...(pair ? { pair } : {}) };
  if (isMap(node)) {
    for (const it of node.items) {
      const v = it.value as Node | null;
      if (v?.range && offset >= v.range[0] && offset <= v.range[2]) return descend(v, it, offset);
    }
  } else if (isSeq(node)) {
    for (const it of node.items as Node[]) {
      if (it?.range && offset >= it.range[0] && offset <= it.range[2]) return descend(it, undefined, offset);
    }
  }
  return undefined;
}

function rangeOf(parsed: ParsedYaml, node: Node): Range {
  const [start, end] = node.range ?? [0, 0];
  const s = parsed.lineCounter.linePos(start);
  const e = parsed.lineCounter.linePos(Math.max(start, end));
  return { start: { line: s.line - 1, character: s.col - 1 }, end: { line: e.line - 1, character: e.col - 1 } };
}
