// Rollback to this Revision and Diff with Live, on the revisions the
// Environments tree lists under each environment; and the atomic roll-back
// that Deploy Environment runs when the user chose "Deploy Atomically".
// A rollback shows its diff, asks like a deploy (typing the name for a
// protected environment), applies after a dry-run of every object, prunes
// what the revision did not have, and is recorded as a new revision.
import * as vscode from 'vscode';
import type { Ctx } from '../context';
import type { Environment } from '../project';
import type { ClusterTarget, ObjectDiff } from '../clusterPort';
import { revisions as listRevisions, rollbackTo, markFailed, type RollbackSummary } from '../revisionAdapter';
import type { DiffDocuments } from './cluster';
import { preflight } from './preflight';
import { atomicTarget } from '../cluster/revisions';
import { readSettings } from '../config';
import { watchRollouts } from './rollout';
import { revisionOf } from './treeArgs';
import type { TreeModel } from '../treeTargets';

/** Fires with the environment whose revisions changed (a deploy or rollback), so the tree reloads them. */
export class RevisionEvents implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<string>();
  readonly onDidChange = this.emitter.event;
  fire(environment: string): void {
    this.emitter.fire(environment);
  }
  dispose(): void {
    this.emitter.dispose();
  }
}

function side(d: ObjectDiff, which: 'live' | 'desired'): string {
  const text = which === 'live' ? d.live ?? `# ${d.kind} ${d.name}: not in the cluster\n` : d.desired;
  return `# ${d.kind} ${d.namespace ? `${d.namespace}/` : ''}${d.name}\n${text.endsWith('\n') ? text : `${text}\n`}`;
}

async function showRevisionDiff(docs: DiffDocuments, env: string, n: number, diffs: ObjectDiff[], toPrune: string[]): Promise<number> {
  const changed = diffs.filter((d) => d.live !== d.desired);
  const pruned = toPrune.map((p) => `# ${p}: deleted by the rollback (not in revision ${n})\n`).join('');
  const left = docs.set(`/${env}/revision-${n}/cluster.yaml`, changed.map((d) => side(d, 'live')).join('---\n') + pruned);
  const right = docs.set(`/${env}/revision-${n}/revision.yaml`, changed.map((d) => side(d, 'desired')).join('---\n'));
  await vscode.commands.executeCommand('vscode.diff', left, right, `${env}: cluster ↔ revision ${n} (${changed.length} changed, ${toPrune.length} to delete)`);
  return changed.length;
}

async function confirmRollback(env: Environment, n: number, summary: string): Promise<boolean> {
  const question = `Roll ${env.name} back to revision ${n} on context ${env.context}? ${summary}`;
  if (!env.protected) return (await vscode.window.showWarningMessage(question, { modal: true }, 'Roll Back')) === 'Roll Back';
  if ((await vscode.window.showWarningMessage(question, { modal: true, detail: `${env.name} is protected.` }, 'Continue')) !== 'Continue') return false;
  const typed = await vscode.window.showInputBox({
    title: `Roll back protected environment ${env.name}`,
    prompt: `Type ${env.name} to roll back ${env.context} to revision ${n}`,
    ignoreFocusOut: true,
    validateInput: (v) => (v === env.name || v === '' ? undefined : `Type exactly: ${env.name}`),
  });
  return typed === env.name;
}

function report(ctx: Ctx, env: string, n: number, r: RollbackSummary): void {
  for (const x of [...r.rejected, ...r.results]) ctx.output.appendLine(`  ${x.action.padEnd(10)} ${x.kind} ${x.namespace ? `${x.namespace}/` : ''}${x.name}${x.message ? `: ${x.message}` : ''}`);
  for (const p of r.pruned) ctx.output.appendLine(`  pruned     ${p}`);
  for (const s of r.secrets) ctx.output.appendLine(`  secret     ${s}`);
  if (r.revision) ctx.output.appendLine(`rollback of ${env} to revision ${n}: recorded as revision ${r.revision}`);
}

async function sourceDir(ctx: Ctx): Promise<string | undefined> {
  return (await ctx.project.project())?.root;
}

export const rollbackToRevision = (ctx: Ctx, docs: DiffDocuments, events: RevisionEvents, model: TreeModel<Environment>) => async (row?: unknown) => {
  const arg = await revisionOf(ctx, model, 'Rollback to this Revision', row, 'not-live');
  if (!arg) return;
  const env = arg.environment;
  const n = arg.revision.number;
  ctx.output.appendLine(`— Rollback ${env.name} → revision ${n} (${env.context}) —`);
  const pre = await preflight(ctx, env);
  if (!pre.ok) return void vscode.window.showErrorMessage(pre.message);
  const render = await ctx.project.render(env.name);
  try {
    const r = await rollbackTo(pre.target, n, render.objects.map((o) => o.object), await sourceDir(ctx), async (diffs, toPrune) => {
      const changed = await showRevisionDiff(docs, env.name, n, diffs, toPrune);
      const rejected = diffs.filter((d) => d.desired.startsWith('# dry-run failed'));
      if (rejected.length) return false;
      return confirmRollback(env, n, `${changed} objects change, ${toPrune.length} deleted.`);
    }, { keep: readSettings().revisionHistoryLimit });
    report(ctx, env.name, n, r);
    if (r.rejected.length) {
      ctx.output.show(true);
      return void vscode.window.showErrorMessage(`Rollback of ${env.name} to revision ${n}: ${r.rejected.length} objects rejected by the dry-run; nothing applied.`);
    }
    if (r.cancelled) return void ctx.output.appendLine('cancelled by the user');
    events.fire(env.name);
    const failed = r.results.filter((x) => x.action === 'failed');
    if (failed.length) return void vscode.window.showErrorMessage(`Rollback of ${env.name}: ${failed.length} objects failed (see the THE_BOT output).`);
    void vscode.window.showInformationMessage(`Rolled ${env.name} back to revision ${n} (now revision ${r.revision}). Watching the rollout…`);
    await watchRollouts(ctx, env, render.objects.map((o) => o.object), pre.target);
  } catch (e) {
    void vscode.window.showErrorMessage(`Rollback of ${env.name} to revision ${n}: ${(e as Error).message}`);
  }
};

export const diffRevisionWithLive = (ctx: Ctx, docs: DiffDocuments, model: TreeModel<Environment>) => async (row?: unknown) => {
  const arg = await revisionOf(ctx, model, 'Diff with Live', row, 'any');
  if (!arg) return;
  const env = arg.environment;
  const pre = await preflight(ctx, env);
  if (!pre.ok) return void vscode.window.showErrorMessage(pre.message);
  const render = await ctx.project.render(env.name);
  try {
    // A rollback whose confirmation always says no: the dry-run diff, nothing applied.
    const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Diff of ${env.name} with revision ${arg.revision.number}: dry-run…` }, () =>
      rollbackTo(pre.target, arg.revision.number, render.objects.map((o) => o.object), undefined, async (diffs, toPrune) => {
        await showRevisionDiff(docs, env.name, arg.revision.number, diffs, toPrune);
        return false;
      }),
    );
    if (r.rejected.length) {
      const first = r.rejected[0]!;
      void vscode.window.showErrorMessage(`Diff of ${env.name} with revision ${arg.revision.number}: ${r.rejected.length} objects rejected by the dry-run; first: ${first.kind} ${first.name}: ${first.message ?? ''}`);
    }
  } catch (e) {
    void vscode.window.showErrorMessage(`Diff of ${env.name} with revision ${arg.revision.number}: ${(e as Error).message}`);
  }
};

/** The tree's revisions of an environment, or why there are none to show. */
export async function revisionsOf(ctx: Ctx, env: Environment): Promise<Awaited<ReturnType<typeof listRevisions>> | string> {
  const pre = await preflight(ctx, env);
  if (!pre.ok) return pre.message;
  try {
    return await listRevisions(pre.target);
  } catch (e) {
    return (e as Error).message;
  }
}

/** Deploy Atomically, after a failed rollout: mark the deploy's revision failed and roll back to the one before. */
export async function atomicRollback(ctx: Ctx, env: Environment, target: ClusterTarget, failedRevision: number | undefined, reason: string, events: RevisionEvents): Promise<void> {
  if (failedRevision !== undefined) await markFailed(target, failedRevision, reason);
  const previous = atomicTarget(await listRevisions(target), failedRevision);
  if (!previous) {
    ctx.output.appendLine(`atomic deploy of ${env.name} failed (${reason}); no earlier deployed revision to roll back to`);
    return void vscode.window.showErrorMessage(`Deploy of ${env.name} failed: ${reason}. No earlier revision to roll back to.`);
  }
  const render = await ctx.project.render(env.name);
  const r = await rollbackTo(target, previous.number, render.objects.map((o) => o.object), await sourceDir(ctx), async () => true, {
    reason: `atomic deploy${failedRevision !== undefined ? ` of revision ${failedRevision}` : ''} failed: ${reason}`,
    keep: readSettings().revisionHistoryLimit,
  });
  report(ctx, env.name, previous.number, r);
  events.fire(env.name);
  ctx.output.show(true);
  void vscode.window.showErrorMessage(`Deploy of ${env.name} failed: ${reason}. Rolled back to revision ${previous.number}${r.revision ? ` (now revision ${r.revision})` : ''}.`);
}
