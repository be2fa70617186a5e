// Document symbols and folding ranges: look the document up, ask the service.
import type { ServerContext } from './context';
import { parsedDocument } from './context';
import { documentSymbols } from '../services/symbols';
import { foldingRanges } from '../services/folding';

export function registerSymbols(ctx: ServerContext): void {
  ctx.connection.onDocumentSymbol((p) => {
    const d = parsedDocument(ctx, p.textDocument.uri);
    return d ? documentSymbols(d.parsed) : [];
  });
  ctx.connection.onFoldingRanges((p) => {
    const d = parsedDocument(ctx, p.textDocument.uri);
    return d ? foldingRanges(d.parsed, ctx.foldingRangeLimit) : [];
  });
}
