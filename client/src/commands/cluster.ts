// Dry-run Environment and Diff Environment Against Cluster.
import * as vscode from 'vscode';
import type { Ctx } from '../context';
import type { ObjectDiff } from '../clusterPort';
import { pickEnvironment } from './pick';
import { preflight } from './preflight';
import { countActions, locationOf, showFailure, writeResults } from './results';

export const DIFF_SCHEME = 'thebot-diff';

/**
 * Contents of the two sides of open diffs (and of the events, logs and
 * describe views), keyed by URI path (`/<env>/…`). After a deploy, rollback
 * or other change of an environment its open views say they are stale
 * (markStale) instead of showing an old cluster as the current one.
 */
export class DiffDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  set(path: string, text: string): vscode.Uri {
    this.contents.set(path, text);
    const uri = vscode.Uri.from({ scheme: DIFF_SCHEME, path });
    this.changed.fire(uri);
    return uri;
  }
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.path) ?? '';
  }
  /** Every view of `env` taken before `what` gets a first line saying so. */
  markStale(env: string, what: string, at = new Date()): void {
    const banner = `# STALE: ${what} at ${at.toISOString().slice(11, 16)} UTC, after this view was taken; run it again for the current state\n`;
    for (const [path, text] of this.contents) {
      if (!path.startsWith(`/${env}/`) || text.startsWith('# STALE: ')) continue;
      this.contents.set(path, banner + text);
      this.changed.fire(vscode.Uri.from({ scheme: DIFF_SCHEME, path }));
    }
  }
  dispose(): void {
    this.changed.dispose();
  }
}

/** `set at overlays/dev/kustomization.yaml:12:5` in a view opens that line of the source (paths relative to the project). */
export class SourceLinks implements vscode.DocumentLinkProvider {
  constructor(private readonly root: () => Promise<string | undefined>) {}
  async provideDocumentLinks(doc: vscode.TextDocument): Promise<vscode.DocumentLink[]> {
    const root = await this.root();
    if (!root) return [];
    const links: vscode.DocumentLink[] = [];
    for (let i = 0; i < doc.lineCount; i++) {
      const text = doc.lineAt(i).text;
      for (const m of text.matchAll(/set at (\S+?):(\d+):(\d+)/g)) {
        const start = m.index! + 'set at '.length;
        const target = vscode.Uri.joinPath(vscode.Uri.file(root), m[1]!).with({ fragment: `L${m[2]},${m[3]}` });
        const link = new vscode.DocumentLink(new vscode.Range(i, start, i, m.index! + m[0].length), target);
        link.tooltip = 'Open the source line that sets this field';
        links.push(link);
      }
    }
    return links;
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
