// Document symbols: the outline of a (multi-document) manifest, one entry per
// document, named kind/name.
import { isMap, isNode, isScalar } from 'yaml';
import type { DocumentSymbol } from 'vscode-languageserver-types';
import { SymbolKind } from 'vscode-languageserver-types';
import type { ParsedYaml } from '../documents/parse';
import { nodeRange, rangeOf } from '../documents/locate';

export function documentSymbols(parsed: ParsedYaml): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  parsed.documents.forEach((doc, i) => {
    const root = doc.contents;
    if (!isMap(root) || !root.range) return;
    const kind = scalarAt(root.get('kind', true));
    const metadata = root.get('metadata', true);
    const nameNode = isMap(metadata) ? metadata.get('name', true) : undefined;
    const name = scalarAt(nameNode);
    const apiVersion = scalarAt(root.get('apiVersion', true));
    const namespace = isMap(metadata) ? scalarAt(metadata.get('namespace', true)) : undefined;
    const range = rangeOf(parsed, root.range[0], trimmedEnd(parsed.text, root.range[0], root.range[1]));
    const selectionNode = isNode(nameNode) && name ? nameNode : root.get('kind', true);
    out.push({
      name: kind && name ? `${kind}/${name}` : kind ?? name ?? `document ${i + 1}`,
      detail: [apiVersion, namespace].filter(Boolean).join(' '),
      kind: kind === 'Kustomization' ? SymbolKind.Module : SymbolKind.Class,
      range,
      selectionRange: isNode(selectionNode) ? nodeRange(parsed, selectionNode) : { start: range.start, end: range.start },
    });
  });
  return out;
}

function scalarAt(node: unknown): string | undefined {
  return isScalar(node) && node.value !== null && node.value !== undefined ? String(node.value) : undefined;
}

function trimmedEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(text[e - 1])) e--;
  return e;
}
