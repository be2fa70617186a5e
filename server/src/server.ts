// Language server entry: connection, documents, capabilities, handler wiring.
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ParseCache, parserWarmUpSteps } from './documents/parse';
import { runInSteps } from './services/steps';
import { WorkspaceFiles } from './documents/workspace';
import { Projects } from './services/project';
import { createConfigSource } from './services/engine';
import { createFileValidators } from './analysis/files';
import type { ServerContext } from './handlers/context';
import { fileOf, parsedFile } from './handlers/context';
import { SettingsCache, registerSettings } from './handlers/settings';
import { normalizeSettings } from './services/settings';
import { DiagnosticsPublisher } from './handlers/diagnostics';
import { registerSymbols } from './handlers/symbols';
import { registerHover } from './handlers/hover';
import { registerCompletion, COMPLETION_TRIGGERS } from './handlers/completion';
import { registerNavigation } from './handlers/navigation';
import { registerCodeActions } from './handlers/codeActions';
import { registerCustomRequests } from './handlers/customRequests';
import { schemaValidator } from './schema';
import { restoreExtraCaCerts } from './launch';

// Started without NODE_EXTRA_CA_CERTS (launch.ts); helm and git, which this server may run, get it back.
restoreExtraCaCerts();
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const sources = { documents, parses: new ParseCache(), files: new WorkspaceFiles() };
/** Workspace folders (absolute paths): without thebot.yaml, environments are discovered over the folder holding a file. */
let workspaceFolders: string[] = [];
const projects = new Projects(createConfigSource(() => workspaceFolders), sources.files, (file) => parsedFile(sources, file), createFileValidators());
const ctx: ServerContext = { connection, ...sources, projects, settings: new SettingsCache(connection) };
const diagnostics = new DiagnosticsPublisher(ctx);
let watchFiles = false;
/** When `initialize` arrived, in ms since this process started (logged once initialized: the start's share of the extension's activation). */
let initializeMs = 0;

connection.onInitialize((params) => {
  initializeMs = Math.round(performance.now());
  const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  workspaceFolders = folders.filter((u) => u.startsWith('file:')).map((u) => fileOf(u));
  ctx.settings.supported = params.capabilities.workspace?.configuration === true;
  watchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  ctx.foldingRangeLimit = params.capabilities.textDocument?.foldingRange?.rangeLimit;
  const init = params.initializationOptions as { yamlSyntaxDiagnostics?: unknown } | undefined;
  if (init?.yamlSyntaxDiagnostics === false) diagnostics.syntaxDiagnostics = false;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      completionProvider: { triggerCharacters: COMPLETION_TRIGGERS, resolveProvider: false },
      definitionProvider: true,
      referencesProvider: true,
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      codeActionProvider: true,
    },
    serverInfo: { name: 'thebot-language-server', version: '0.1.0' },
  };
});
// One handler: the connection keeps only the last one registered for a
// notification (a second onInitialized silently dropped the file watching and
// the warm-up, and every keystroke re-read the workspace from disk).
connection.onInitialized(() => {
  connection.console.info(`THE_BOT language server: initialize received ${initializeMs} ms after its process started`);
  if (watchFiles) void diagnostics.watchFiles();
  void applyHelmSettings();
  // Load and compile the schemas, and let the JIT compile the YAML parser, in
  // small steps while nothing is being edited or validated: a step (loading the
  // Kubernetes bundle takes ~100 ms, a large CRD ~50 ms) never delays an open
  // or an edit, and what it compiles is not copied by the scavenges of a
  // render in progress. Run between edits instead, its 200 steps (0.6 s)
  // landed in the first seconds of every freshly started server: big-file
  // edit -> diagnostics p95 43-51 -> 66-123 ms when it was first enabled.
  runInSteps(warmUpSteps(), (e) => connection.console.error(`warm-up failed: ${String(e)}`), () => diagnostics.untilQuiet(WARM_UP_QUIET_MS));
});

/** Quiet time (no edit, no validation) before a warm-up step: longer than the gap between keystrokes. */
const WARM_UP_QUIET_MS = 300;

function* warmUpSteps(): Generator<void> {
  yield* schemaValidator().warmUpSteps();
  yield* parserWarmUpSteps();
}

/** The helm settings are machine-scoped: read once per change, for every project. */
async function applyHelmSettings(): Promise<void> {
  if (!ctx.settings.supported) return;
  const s = normalizeSettings(await connection.workspace.getConfiguration({ section: 'thebot' }).then((v: unknown) => v, () => undefined));
  const h = projects.external.helm;
  if (h.enabled === s.helm.enabled && h.command === s.helm.command) return;
  projects.external.helm = s.helm;
  // Renders made with the other setting are stale.
  projects.reset();
  diagnostics.revalidateAll();
}
registerSettings(connection, ctx.settings, () => {
  diagnostics.revalidateAll();
  void applyHelmSettings();
});
diagnostics.register();
registerSymbols(ctx);
registerHover(ctx);
registerCompletion(ctx);
registerNavigation(ctx);
registerCodeActions(ctx, diagnostics);
registerCustomRequests(ctx, () => diagnostics.revalidateAll());
documents.listen(connection);
connection.listen();
