// The extension's runtime context: the language client lifecycle and the
// shared parts every command and view uses (project model, live status,
// output channel, status bar, rendered documents). Everything disposable is
// registered in the ExtensionContext's subscriptions.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SERVER_NODE_FLAGS, withoutExtraCaCerts } from '../../server/src/launch';
import { Project, type Environment } from './project';
import { LiveStatus, summarize } from './liveStatus';
import { RenderDocuments } from './render/renderDocument';
import { kubeconfigFiles, readSettings } from './config';
import type { ClusterPort, ClusterTarget, ObjectResult } from './clusterPort';
import type { Rejection } from './rejections';
import { LiveWatcher } from './liveWatch';
import { ClusterDiagnostics } from './clusterDiagnostics';
import {
  ACCEPT_ALL_SCHEMA,
  ACCEPT_ALL_SCHEME,
  ACCEPT_ALL_URI,
  RED_HAT_YAML,
  serverInitializationOptions,
  validatedByThebot,
  yamlSyntaxLeftToRedHat,
  type RedHatYamlState,
} from './coexistence';

export type Client = LanguageClient;

export async function startLanguageClient(context: vscode.ExtensionContext): Promise<LanguageClient> {
  const module = context.asAbsolutePath('dist/server.js');
  // The language client merges `env` over the extension host's own.
  const env = withoutExtraCaCerts(process.env);
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS], env } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS, '--nolazy', '--inspect=6010'], env } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'yaml' }],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}') },
    // With Red Hat YAML validating, YAML syntax errors are left to it (shown once, not twice); read at each (re)start.
    initializationOptions: () => serverInitializationOptions(redHatYaml()),
  };
  const client = new LanguageClient('thebot', 'THE_BOT Platform', serverOptions, clientOptions);
  context.subscriptions.push(client, restartOnRedHatYamlChange(client));
  void contributeAcceptAllSchema();
  await client.start();
  return client;
}

function redHatYaml(): RedHatYamlState {
  return { installed: vscode.extensions.getExtension(RED_HAT_YAML) !== undefined, validate: vscode.workspace.getConfiguration('yaml').get('validate') };
}

/** The server reads the syntax choice once, at start: restart it when installing Red Hat YAML or `yaml.validate` flips it. */
function restartOnRedHatYamlChange(client: LanguageClient): vscode.Disposable {
  let leftToRedHat = yamlSyntaxLeftToRedHat(redHatYaml());
  const check = (): void => {
    const now = yamlSyntaxLeftToRedHat(redHatYaml());
    if (now === leftToRedHat) return;
    leftToRedHat = now;
    if (client.isRunning()) void client.restart();
  };
  return vscode.Disposable.from(
    vscode.extensions.onDidChange(() => {
      check();
      void contributeAcceptAllSchema(); // registering twice is refused by Red Hat YAML, so this is idempotent
    }),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('yaml.validate') && check()),
  );
}

/** The part of Red Hat YAML's extension API used here (its schema-extension-api.ts). */
interface RedHatYamlApi {
  registerContributor(schema: string, requestSchema: (resource: string) => string | undefined, requestSchemaContent: (uri: string) => string, label?: string): boolean;
}

/** Red Hat YAML applies an accept-all schema, not its own, to the files our server validates (see coexistence.ts). */
async function contributeAcceptAllSchema(): Promise<void> {
  const yaml = vscode.extensions.getExtension<RedHatYamlApi | undefined>(RED_HAT_YAML);
  if (!yaml) return;
  try {
    const api = await yaml.activate();
    api?.registerContributor(
      ACCEPT_ALL_SCHEME,
      (resource) => {
        const uri = vscode.Uri.parse(resource);
        const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        return validatedByThebot(uri.path, open?.getText()) ? ACCEPT_ALL_URI : undefined;
      },
      () => ACCEPT_ALL_SCHEMA,
      'THE_BOT',
    );
  } catch {
    // An older or failing Red Hat YAML: its schemas stay as they are; ours still report.
  }
}

export class Ctx {
  readonly project: Project;
  readonly live = new LiveStatus();
  readonly output = vscode.window.createOutputChannel('THE_BOT', { log: true });
  readonly renders: RenderDocuments;
  /** Status watches behind the tree's live view. */
  readonly watcher: LiveWatcher;
  /** The cluster's rejections of the last dry-run/deploy per environment, on their source lines. */
  readonly rejections: ClusterDiagnostics;
  private readonly statusBar = vscode.window.createStatusBarItem('thebot.environment', vscode.StatusBarAlignment.Left, 50);
  /** The environment the user last worked with (status bar, default pick). */
  private active: string | undefined;

  constructor(
    readonly extension: vscode.ExtensionContext,
    readonly client: LanguageClient,
    readonly cluster: ClusterPort,
  ) {
    this.project = new Project(client);
    this.renders = new RenderDocuments(this.project);
    this.watcher = new LiveWatcher(this);
    this.rejections = new ClusterDiagnostics(client);
    this.statusBar.name = 'THE_BOT environment';
    this.statusBar.command = 'thebot.selectEnvironment';
    extension.subscriptions.push(
      this.project,
      this.live,
      this.output,
      this.renders,
      this.watcher,
      this.rejections,
      this.statusBar,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('thebot.environmentContexts') || e.affectsConfiguration('thebot.kubeconfig')) void this.watcher.restart();
      }),
      this.project.onDidChange(() => void this.updateStatusBar()),
      this.live.onDidChange(() => void this.updateStatusBar()),
    );
    void this.updateStatusBar();
    void this.watcher.restart();
  }

  get activeEnvironment(): string | undefined {
    return this.active ?? (readSettings().defaultEnvironment || undefined);
  }

  setActiveEnvironment(name: string): void {
    this.active = name;
    void this.updateStatusBar();
  }

  /** Publishes an environment's dry-run/deploy rejections on their source lines (until its next run); returns them. */
  async publishRejections(env: Environment, results: ObjectResult[]): Promise<Rejection[]> {
    const info = await this.project.project();
    if (!info) return [];
    const order = info.environments.map((e) => e.name);
    try {
      return await this.rejections.publish(info.root, env.name, results, order);
    } catch (e) {
      this.output.appendLine(`could not locate the rejections of ${env.name} in the sources: ${(e as Error).message}`);
      return [];
    }
  }

  target(env: Environment): ClusterTarget {
    return { environment: env.name, protected: env.protected, kubeconfigFiles: kubeconfigFiles(), context: env.context, namespace: env.namespace };
  }

  private async updateStatusBar(): Promise<void> {
    const envs = await this.project.environments().catch(() => []);
    const env = envs.find((e) => e.name === this.activeEnvironment) ?? envs[0];
    if (!env) {
      this.statusBar.hide();
      return;
    }
    const state = this.live.get(env.name);
    const live = summarize(state);
    const icon = state?.disconnectedSince ? 'debug-disconnect' : env.protected ? 'shield' : 'server-environment';
    this.statusBar.text = `$(${icon}) ${env.name} · ${env.context}${live ? ` · ${live}` : ''}`;
    const cluster = state?.disconnectedSince ? `\n\nThe cluster is not answering: ${state.error ?? ''}\nLive states are the last known (stale); reconnecting by itself.` : '';
    this.statusBar.tooltip = `THE_BOT environment ${env.name}${env.protected ? ' (protected)' : ''}: context ${env.context}, namespace ${env.namespace}. Click to switch.${cluster}`;
    this.statusBar.backgroundColor = state?.disconnectedSince
      ? new vscode.ThemeColor('statusBarItem.errorBackground')
      : env.protected
        ? new vscode.ThemeColor('statusBarItem.warningBackground')
        : undefined;
    this.statusBar.show();
  }
}
