// Dry-run Environment and Diff Environment Against Cluster.
import * as vscode from 'vscode';
import type { Ctx } from '../context';
import type { ObjectDiff } from '../clusterPort';
import { pickEnvironment } from './pick';
import { preflight } from './preflight';
import { countActions, locationOf, showFailure, writeResults } from './results';

export const DIFF_SCHEME = 'thebot-diff';

/** Contents of the two sides of open diffs, keyed by URI path. */
export class DiffDocuments implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  set(path: string, text: string): vscode.Uri {
    this.contents.set(path, text);
    return vscode.Uri.from({ scheme: DIFF_SCHEME, path });
  }
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.path) ?? '';
  }
}

function joinDocs(diffs: ObjectDiff[], side: 'live' | 'desired'): string {
  return diffs
    .map((d) => {
      const text = side === 'live' ? d.live ?? `# ${d.kind} ${d.name}: not in the cluster\n` : d.desired;
      return `# ${d.kind} ${d.namespace ? `${d.namespace}/` : ''}${d.name}\n${text.endsWith('\n') ? text : `${text}\n`}`;
    })
    .join('---\n');
}

export const dryRunEnvironment = (ctx: Ctx) => async (arg?: unknown) => {
  const env = await pickEnvironment(ctx, arg, 'Dry-run Environment');
  if (!env) return;
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Dry-run of ${env.name}`, cancellable: true }, async (progress, token) => {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    progress.report({ message: 'checking the context…' });
    const pre = await preflight(ctx, env);
    if (!pre.ok) return void vscode.window.showErrorMessage(pre.message);
    const render = await ctx.project.render(env.name);
    progress.report({ message: `server-side dry-run of ${render.objects.length} objects…` });
    const results = await ctx.cluster.dryRun(pre.target, render.objects.map((o) => o.object), abort.signal);
    writeResults(ctx.output, `Dry-run of ${env.name} on ${env.context} (${pre.server}):`, render, results);
    // On their source lines too (Problems panel), until the next dry-run of this environment.
    const located = await ctx.publishRejections(env, results);
    const failed = results.filter((r) => r.action === 'failed');
    if (failed.length) return void showFailure(render, `Dry-run of ${env.name} failed for`, failed, locationOf(located[0]));
    void vscode.window.showInformationMessage(`Dry-run of ${env.name}: ${countActions(results)}.`);
  });
};

export async function openDiff(ctx: Ctx, docs: DiffDocuments, envName: string, diffs: ObjectDiff[]): Promise<void> {
  const changed = diffs.filter((d) => d.live !== d.desired);
  const left = docs.set(`/${envName}/cluster.yaml`, joinDocs(changed, 'live'));
  const right = docs.set(`/${envName}/manifests.yaml`, joinDocs(changed, 'desired'));
  ctx.output.appendLine(`Diff of ${envName}: ${changed.length} of ${diffs.length} objects differ`);
  await vscode.commands.executeCommand('vscode.diff', left, right, `${envName}: cluster ↔ manifests (${changed.length} changed)`);
}

export const diffEnvironment = (ctx: Ctx, docs: DiffDocuments) => async (arg?: unknown) => {
  const env = await pickEnvironment(ctx, arg, 'Diff Environment Against Cluster');
  if (!env) return;
  const diffs = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Diff of ${env.name}`, cancellable: true }, async (_p, token) => {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    const pre = await preflight(ctx, env);
    if (!pre.ok) return void vscode.window.showErrorMessage(pre.message);
    const render = await ctx.project.render(env.name);
    return ctx.cluster.diff(pre.target, render.objects.map((o) => o.object), abort.signal);
  });
  if (diffs) await openDiff(ctx, docs, env.name, diffs);
};
