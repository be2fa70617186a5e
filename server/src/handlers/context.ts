// What every handler gets: the connection, the open documents and the shared
// caches. Built once in server.ts.
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { ParseCache, ParsedYaml } from '../documents/parse';
import type { WorkspaceFiles } from '../documents/workspace';
import { dirname } from 'node:path';
import type { EnvironmentState, Project, Projects } from '../services/project';
import type { RenderResult } from '../kustomize/model';
import type { RenderedEnvironment } from '../services/counterparts';
import type { SettingsCache } from './settings';

export interface ServerContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  parses: ParseCache;
  files: WorkspaceFiles;
  projects: Projects;
  settings: SettingsCache;
  /** The most folding ranges the client wants per file (its `rangeLimit`, from `initialize`). */
  foldingRangeLimit?: number;
}

export function fileOf(uri: string): string {
  return URI.parse(uri).fsPath;
}

// Rules look files up by path many times per keystroke (each resource's source
// document, through parsedFile); URI.file(...).toString() was 0.6% of an edit's
// CPU profile. Paths seen by one server are few; the map is cleared past a size.
const uris = new Map<string, string>();

export function uriOf(file: string): string {
  let uri = uris.get(file);
  if (uri === undefined) {
    if (uris.size >= 10_000) uris.clear();
    uris.set(file, (uri = URI.file(file).toString()));
  }
  return uri;
}

/** Parsed text of an open document, or of a file on disk (cached by text). */
export function parsedFile(ctx: Pick<ServerContext, 'documents' | 'parses' | 'files'>, file: string): ParsedYaml | undefined {
  const uri = uriOf(file);
  const doc = ctx.documents.get(uri);
  if (doc) return ctx.parses.get(uri, doc.version, doc.getText());
  const text = ctx.files.readFile(file);
  return text === undefined ? undefined : ctx.parses.get(uri, text, text);
}

export function parsedDocument(ctx: ServerContext, uri: string): { doc: TextDocument; parsed: ParsedYaml; file: string } | undefined {
  const doc = ctx.documents.get(uri);
  if (!doc) return undefined;
  return { doc, parsed: ctx.parses.get(uri, doc.version, doc.getText()), file: fileOf(uri) };
}

const neverCancelled = { cancelled: false };

/**
 * The rendered environments that read `file` (all of the project's when none
 * does), rendering the project first if it never was.
 */
export async function environmentsFor(ctx: ServerContext, file: string): Promise<{ project: Project; environments: RenderedEnvironment[] }> {
  const project = ctx.projects.forDir(dirname(file));
  if (project.environments.some((s) => !s.render)) await ctx.projects.refresh(project, [], neverCancelled);
  const rendered = project.environments.filter((s): s is EnvironmentState & { render: RenderResult } => !!s.render);
  const reading = rendered.filter((s) => s.files.has(file));
  return { project, environments: (reading.length ? reading : rendered).map((s) => ({ name: s.env.name, render: s.render })) };
}
