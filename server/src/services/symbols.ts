// Document symbols: the outline of a (multi-document) manifest, one entry per
// document, named kind/name.
//
// The editor asks again after every edit (the outline, the breadcrumbs). A
// document's symbol is kept on its Document (the parse cache hands back the
// same Document while its text is unchanged) with its index (a document
// without kind or name is named by it) and moved by as many lines as the
// document moved: after a keystroke in the 1,200-document file only the
// edited document is read again.
import { isMap, isNode, isScalar, type Document } from 'yaml';
import type { DocumentSymbol, Range } from 'vscode-languageserver-types';
import { SymbolKind } from 'vscode-languageserver-types';
import type { ParsedYaml } from '../documents/parse';
import { nodeRange, rangeOf } from '../documents/locate';
import { memoOn, setMemoOn } from '../documents/memoOn';

const MEMO = {};

interface Entry {
  index: number;
  /** The document's first line when `symbol` was made or last moved. */
  line: number;
  symbol: DocumentSymbol | undefined;
}

export function documentSymbols(parsed: ParsedYaml): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  parsed.documents.forEach((doc, i) => {
    const line = parsed.lineCounter.linePos(doc.range[0]).line;
    let entry = memoOn<Entry>(doc, MEMO);
    if (!entry || entry.index !== i) entry = setMemoOn<Entry>(doc, MEMO, { index: i, line, symbol: documentSymbol(parsed, doc, i) });
    else if (entry.line !== line) {
      entry.symbol = entry.symbol && moved(entry.symbol, line - entry.line);
      entry.line = line;
    }
    if (entry.symbol) out.push(entry.symbol);
  });
  return out;
}

function moved(s: DocumentSymbol, delta: number): DocumentSymbol {
  const r = (x: Range): Range => ({ start: { line: x.start.line + delta, character: x.start.character }, end: { line: x.end.line + delta, character: x.end.character } });
  return { ...s, range: r(s.range), selectionRange: r(s.selectionRange) };
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
  const range = rangeOf(parsed, root.range[0], trimmedEnd(parsed.text, root.range[0], root.range[1]));
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

function trimmedEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(text[e - 1])) e--;
  return e;
}
