// Document symbols: the outline of a (multi-document) manifest, one entry per
// document, named kind/name.
//
// The editor asks again after every edit (the outline, the breadcrumbs): each
// document's symbol is kept across edits (documents/keptPerDocument.ts) with
// its index (a document without kind or name is named by it), so after a
// keystroke in the 1,200-document file only the edited document is read again.
import { isMap, isNode, isScalar, type Document } from 'yaml';
import type { DocumentSymbol } from 'vscode-languageserver-types';
import { SymbolKind } from 'vscode-languageserver-types';
import type { ParsedYaml } from '../documents/parse';
import { nodeRange } from '../documents/locate';
import { keptPerDocument, rangeMoved } from '../documents/keptPerDocument';

const OWNER = {};

const moved = (s: DocumentSymbol | undefined, lines: number): DocumentSymbol | undefined =>
  s && { ...s, range: rangeMoved(s.range, lines), selectionRange: rangeMoved(s.selectionRange, lines) };

export function documentSymbols(parsed: ParsedYaml): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  parsed.documents.forEach((doc, i) => {
    const symbol = keptPerDocument(OWNER, parsed, doc, i, () => documentSymbol(parsed, doc, i), moved);
    if (symbol) out.push(symbol);
  });
  return out;
}

function documentSymbol(parsed: ParsedYaml, doc: Document.Parsed, i: number): DocumentSymbol | undefined {
  const root = doc.contents;
  if (!isMap(root) || !root.range) return undefined;
  const kind = scalarAt(root.get('kind', true));
  const metadata = root.get('metadata', true);
  const nameNode = isMap(metadata) ? metadata.get('name', true) : undefined;
  const name = scalarAt(nameNode);
  const apiVersion = scalarAt(root.get('apiVersion', true));
  const namespace = isMap(metadata) ? scalarAt(metadata.get('namespace', true)) : undefined;
  const range = nodeRange(parsed, root);
  const selectionNode = isNode(nameNode) && name ? nameNode : root.get('kind', true);
  return {
    name: kind && name ? `${kind}/${name}` : kind ?? name ?? `document ${i + 1}`,
    detail: [apiVersion, namespace].filter(Boolean).join(' '),
    kind: kind === 'Kustomization' ? SymbolKind.Module : SymbolKind.Class,
    range,
    selectionRange: isNode(selectionNode) ? nodeRange(parsed, selectionNode) : { start: range.start, end: range.start },
  };
}

function scalarAt(node: unknown): string | undefined {
  return isScalar(node) && node.value !== null && node.value !== undefined ? String(node.value) : undefined;
}
