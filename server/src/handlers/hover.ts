// Hover: look the document up, gather its environments, ask the service.
import { describe } from '../schema';
import { hover } from '../services/hover';
import { environmentsFor, parsedDocument, parsedFile, type ServerContext } from './context';

export function registerHover(ctx: ServerContext): void {
  ctx.connection.onHover(async (p) => {
    const d = parsedDocument(ctx, p.textDocument.uri);
    if (!d) return null;
    const { project, environments } = await environmentsFor(ctx, d.file);
    return hover({
      file: d.file,
      parsed: d.parsed,
      position: p.position,
      root: project.config.root,
      environments,
      describe,
      parseFile: (f) => parsedFile(ctx, f),
    });
  });
}
