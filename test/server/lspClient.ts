// A small LSP client for tests: starts the bundled server (dist/server.js) as a
// separate process over stdio, speaks the real protocol to it and lets tests
// wait on published diagnostics. It never sleeps: every wait resolves on a
// notification (or fails when the server process exits).
import { SERVER_NODE_FLAGS, withoutExtraCaCerts } from '../../server/src/launch';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ConfigurationRequest,
  ShutdownRequest,
  ExitNotification,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type InitializeResult,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';

export const repoRoot = join(__dirname, '..', '..');
export const serverPath = join(repoRoot, 'dist', 'server.js');

export interface StartOptions {
  /** Workspace folder (absolute path); also the server's working directory. */
  root?: string;
  /** More workspace folders besides `root` (a multi-root workspace). */
  folders?: string[];
  /** Answer to `workspace/configuration` requests for the `thebot` section. */
  settings?: Record<string, unknown>;
  /** Answers for other configuration sections (another server's settings). */
  configuration?: Record<string, unknown>;
  /** Node arguments that start another server over stdio (default: dist/server.js --stdio). */
  command?: string[];
  initializationOptions?: unknown;
  /** Announce dynamic file-watcher registration as VS Code does (default true). */
  watchFiles?: boolean;
  /** Variables added to the server's environment. */
  env?: Record<string, string>;
  /** The Node binary that runs the server (default: this process's). */
  node?: string;
  /** The folding ranges per file the client wants (`rangeLimit`; default 5,000, VS Code's `editor.foldingMaximumRegions`). */
  foldingRangeLimit?: number;
}

interface Waiter {
  uri: string;
  accept: (p: PublishDiagnosticsParams) => boolean;
  resolve: (p: PublishDiagnosticsParams) => void;
  reject: (e: Error) => void;
}

export class LspClient {
  /** Last diagnostics published per URI. */
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  /** Every publishDiagnostics notification in arrival order. */
  readonly published: PublishDiagnosticsParams[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly versions = new Map<string, number>();
  private exited: Error | undefined;
  private stderr = '';
  initializeResult!: InitializeResult;
  /** Resolves when the server first asked for its configuration (and got the answer). */
  readonly configured: Promise<void>;
  private markConfigured!: () => void;
  /** Resolves with the methods of the server's first dynamic registration (client/registerCapability). */
  readonly registered: Promise<string[]>;
  private markRegistered!: (methods: string[]) => void;
  /** Sections of every workspace/configuration item the server asked for, in order. */
  readonly configurationSections: (string | undefined)[] = [];

  private constructor(
    readonly connection: ProtocolConnection,
    private readonly child: ChildProcess,
  ) {
    this.configured = new Promise((resolve) => (this.markConfigured = resolve));
    this.registered = new Promise((resolve) => (this.markRegistered = resolve));
  }

  /** What the server has written on stderr. */
  get errorOutput(): string {
    return this.stderr;
  }

  /** Process id of the server (for memory figures). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  static async start(options: StartOptions = {}): Promise<LspClient> {
    if (!options.command && !existsSync(serverPath)) throw new Error(`${serverPath} is missing: run \`node esbuild.mjs\` (npm test does) first`);
    // By default the server is started as the extension starts it (same Node flags).
    const child = spawn(options.node ?? process.execPath, options.command ?? [...SERVER_NODE_FLAGS, serverPath, '--stdio'], {
      cwd: options.root ?? repoRoot,
      env: { ...withoutExtraCaCerts(process.env), ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspClient(connection, child);
    child.stderr!.on('data', (d: Buffer) => (client.stderr += d.toString()));
    child.on('exit', (code, signal) => client.fail(new Error(`server exited (code ${code}, signal ${signal}): ${client.stderr}`)));
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => client.onDiagnostics(p));
    connection.onRequest(ConfigurationRequest.type, (p) => {
      setImmediate(() => client.markConfigured());
      client.configurationSections.push(...p.items.map((i) => i.section));
      return p.items.map((i) => {
        if (i.section && options.configuration && i.section in options.configuration) return options.configuration[i.section];
        return i.section === 'thebot' || !i.section ? options.settings ?? {} : null;
      });
    });
    connection.onRequest('client/registerCapability', (p: { registrations: { method: string }[] }) => {
      client.markRegistered(p.registrations.map((r) => r.method));
      return null;
    });
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.listen();
    const rootUri = options.root ? URI.file(options.root).toString() : null;
    client.initializeResult = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      initializationOptions: options.initializationOptions,
      workspaceFolders: options.root
        ? [{ uri: rootUri!, name: 'root' }, ...(options.folders ?? []).map((f, i) => ({ uri: URI.file(f).toString(), name: `folder${i}` }))]
        : null,
      capabilities: {
        // As VS Code does: the server may register file watchers (and then keeps what it read from disk).
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false }, didChangeWatchedFiles: { dynamicRegistration: options.watchFiles !== false } },
        textDocument: {
          publishDiagnostics: { relatedInformation: true, versionSupport: true },
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
          // As VS Code says it (yaml-language-server's folding requires lineFoldingOnly).
          foldingRange: { lineFoldingOnly: true, rangeLimit: options.foldingRangeLimit ?? 5000 },
        },
      },
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  private onDiagnostics(p: PublishDiagnosticsParams): void {
    this.diagnostics.set(p.uri, p);
    this.published.push(p);
    for (const w of [...this.waiters]) {
      if (w.uri === p.uri && w.accept(p)) {
        this.waiters.delete(w);
        w.resolve(p);
      }
    }
  }

  private fail(err: Error): void {
    this.exited = err;
    for (const w of this.waiters) w.reject(err);
    this.waiters.clear();
  }

  /**
   * Resolves with the next diagnostics for `uri` accepted by `accept`. With
   * `fromHistory`, a notification already received counts too.
   */
  waitForDiagnostics(
    uri: string,
    accept: (p: PublishDiagnosticsParams) => boolean = () => true,
    fromHistory = false,
  ): Promise<PublishDiagnosticsParams> {
    if (this.exited) return Promise.reject(this.exited);
    if (fromHistory) {
      const last = this.diagnostics.get(uri);
      if (last && accept(last)) return Promise.resolve(last);
    }
    return new Promise((resolve, reject) => {
      this.waiters.add({ uri, accept, resolve, reject });
    });
  }

  /** Diagnostics published for exactly this version of an open document. */
  diagnosticsFor(uri: string, version = this.versions.get(uri)): Promise<PublishDiagnosticsParams> {
    return this.waitForDiagnostics(uri, (p) => p.version === version, true);
  }

  async open(file: string, text = readFileSync(file, 'utf8'), languageId = 'yaml'): Promise<string> {
    const uri = URI.file(file).toString();
    this.versions.set(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: 1, text },
    });
    return uri;
  }

  /** Sends a change (full text or ranged edits); returns the new version. */
  async change(uri: string, changes: string | TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: typeof changes === 'string' ? [{ text: changes }] : changes,
    });
    return version;
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  async changeConfiguration(settings: unknown): Promise<void> {
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings });
  }

  /** Tell the server a file changed on disk (as the editor's file watcher would). */
  async fileChanged(file: string, type: FileChangeType = FileChangeType.Changed): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: URI.file(file).toString(), type }] });
  }

  version(uri: string): number | undefined {
    return this.versions.get(uri);
  }

  async stop(): Promise<void> {
    if (!this.exited) {
      const exit = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      await this.connection.sendRequest(ShutdownRequest.type);
      await this.connection.sendNotification(ExitNotification.type);
      await exit;
    }
    this.connection.dispose();
  }
}

export function uriOf(file: string): string {
  return URI.file(file).toString();
}
