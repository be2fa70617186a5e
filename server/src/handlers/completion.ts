// Completion: look the document up, gather its environments, ask the service.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, listKinds } from '../schema';
import { kustomizationFile } from '../config';
import { complete, type DirEntry } from '../services/completion';
import { environmentsFor, parsedDocument, parsedFile, type ServerContext } from './context';

export { COMPLETION_TRIGGERS } from '../services/completion';

function listDirectory(dir: string): DirEntry[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => !e.name.startsWith('.') && e.name !== 'node_modules')
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((e) => ({ name: e.name, directory: e.isDirectory(), kustomization: e.isDirectory() && kustomizationFile(join(dir, e.name)) !== undefined }));
  } catch {
    return [];
  }
}

export function registerCompletion(ctx: ServerContext): void {
  ctx.connection.onCompletion(async (p) => {
    const d = parsedDocument(ctx, p.textDocument.uri);
    if (!d) return [];
    const { environments } = await environmentsFor(ctx, d.file);
    return complete({
      file: d.file,
      parsed: d.parsed,
      position: p.position,
      environments,
      describe,
      listKinds,
      parseFile: (f) => parsedFile(ctx, f),
      listDirectory,
      triggerCharacter: p.context?.triggerCharacter,
    });
  });
}
