// Extension entry: activate/deactivate only — build the context, register the
// command table, the views and the providers, start the language client.
import * as vscode from 'vscode';
import { Ctx, startLanguageClient, type Client } from './context';
import { createCommands } from './commands';
import { DIFF_SCHEME, DiffDocuments, SourceLinks } from './commands/cluster';
import { RuleDocumentationActions } from './commands/rules';
import { EnvironmentTree } from './views/environmentTree';
import { ImageTree } from './views/imageTree';
import { createClusterPort } from './clusterAdapter';
import { RevisionEvents, revisionsOf } from './commands/revisions';
import { hasSomethingToCheck, stayDormant } from './dormant';

let client: Client | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const started = Date.now();
  const heapBefore = process.memoryUsage().heapUsed;
  const something = await hasSomethingToCheck();
  const searchMs = Date.now() - started;
  if (!something) {
    stayDormant(context, () => start(context, Date.now(), process.memoryUsage().heapUsed, 'woken'));
    // Recorded for the dormant activation figure (test/e2e/activation.test.ts reads it from the log).
    const output = vscode.window.createOutputChannel('THE_BOT (dormant)', { log: true });
    context.subscriptions.push(output);
    output.info(`THE_BOT Platform activated dormant in ${Date.now() - started} ms, heap +${kib(process.memoryUsage().heapUsed - heapBefore)} KiB: no kustomization, thebot.yaml or Kubernetes manifest in this workspace (no language server, renders or watches)`);
    return;
  }
  await start(context, started, heapBefore, 'activated', searchMs);
}

const kib = (bytes: number) => Math.max(0, Math.round(bytes / 1024));

async function start(context: vscode.ExtensionContext, started: number, heapBefore: number, how: string, searchMs?: number): Promise<void> {
  const serverStarted = Date.now();
  client = await startLanguageClient(context);
  const serverMs = Date.now() - serverStarted;
  const ctx = new Ctx(context, client, createClusterPort());
  const diffs = new DiffDocuments();
  const revisions = new RevisionEvents();
  context.subscriptions.push(
    revisions,
    diffs,
    // A deploy or rollback makes every open view of the environment stale: they say so.
    revisions.onDidChange((env) => diffs.markStale(env, `${env} was deployed or rolled back`)),
  );
  const environments = new EnvironmentTree(ctx.project, ctx.live, { list: (env) => revisionsOf(ctx, env), onDidChange: revisions.onDidChange });
  for (const [id, handler] of Object.entries(createCommands(ctx, diffs, revisions, environments))) {
    context.subscriptions.push(vscode.commands.registerCommand(id, handler as (...args: unknown[]) => unknown));
  }
  const images = new ImageTree(ctx.project, ctx.live);
  context.subscriptions.push(
    environments,
    images,
    vscode.window.createTreeView('thebot.environments', { treeDataProvider: environments, showCollapseAll: true }),
    vscode.window.createTreeView('thebot.images', { treeDataProvider: images, showCollapseAll: true }),
    vscode.workspace.registerTextDocumentContentProvider(DIFF_SCHEME, diffs),
    vscode.languages.registerDocumentLinkProvider({ scheme: DIFF_SCHEME }, new SourceLinks(async () => (await ctx.project.project())?.root)),
    vscode.languages.registerCodeActionsProvider({ language: 'yaml' }, new RuleDocumentationActions(), {
      providedCodeActionKinds: RuleDocumentationActions.kinds,
    }),
  );
  // Recorded for the package's activation-time figure (test/e2e reads it from the log).
  const parts = [`language server ${serverMs} ms`, ...(searchMs === undefined ? [] : [`project search ${searchMs} ms`])];
  ctx.output.info(`THE_BOT Platform ${how} in ${Date.now() - started} ms, heap +${kib(process.memoryUsage().heapUsed - heapBefore)} KiB (language server started; ${parts.join(', ')})`);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
