// Go to definition and find references: look the document up, gather its
// environments, ask the service, turn files into URIs.
import type { Location as LspLocation } from 'vscode-languageserver/node';
import type { Location } from '../findings';
import { kustomizationFile } from '../config';
import { definition, references, type NavigationInput } from '../services/navigation';
import { environmentsFor, parsedDocument, parsedFile, uriOf, type ServerContext } from './context';

const toLsp = (l: Location): LspLocation => ({ uri: uriOf(l.file), range: l.range });

export function registerNavigation(ctx: ServerContext): void {
  const input = async (uri: string, position: NavigationInput['position']): Promise<NavigationInput | undefined> => {
    const d = parsedDocument(ctx, uri);
    if (!d) return undefined;
    const { environments } = await environmentsFor(ctx, d.file);
    return { file: d.file, parsed: d.parsed, position, environments, parseFile: (f) => parsedFile(ctx, f), kustomizationIn: kustomizationFile };
  };
  ctx.connection.onDefinition(async (p) => {
    const i = await input(p.textDocument.uri, p.position);
    return i ? definition(i).map(toLsp) : [];
  });
  ctx.connection.onReferences(async (p) => {
    const i = await input(p.textDocument.uri, p.position);
    return i ? references(i).map(toLsp) : [];
  });
}
