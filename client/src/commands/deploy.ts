// Deploy Environment: pre-flight → server-side dry-run and diff → confirmation
// (typing the name for a protected environment) → apply with a cancellable
// progress → per-object results in the output channel → rollout watched in
// the tree and the status bar. Each deploy is recorded as a revision; with
// "Deploy Atomically", a failed rollout rolls back to the previous revision.
import * as vscode from 'vscode';
import type { Ctx } from '../context';
import type { Environment } from '../project';
import { readSettings } from '../config';
import { pickEnvironment } from './pick';
import { preflight } from './preflight';
import { countActions, locationOf, reportItems, showFailure, showPartialDeploy, writeResults } from './results';
import { dryRunGate } from '../deployPolicy';
import { partialState } from '../cluster/deployReport';
import { openDiff, type DiffDocuments } from './cluster';
import { watchRollouts } from './rollout';
import { atomicRollback, type RevisionEvents } from './revisions';
import { recordDeploy } from '../revisionAdapter';

type Choice = 'deploy' | 'atomic' | undefined;

/**
 * Asks for confirmation; for a protected environment the user types its name.
 * After an unclean dry-run (only ever allowed for a non-protected environment)
 * the first, default button shows the diff: nothing that deploys is one Enter away.
 */
async function confirm(env: Environment, summary: string, warning: string | undefined, showDiff: () => Promise<void>): Promise<Choice> {
  const question = `Deploy ${env.name} to context ${env.context} (namespace ${env.namespace})? ${summary}`;
  if (warning) {
    for (;;) {
      const choice = await vscode.window.showWarningMessage(question, { modal: true, detail: warning }, 'Show Diff', 'Deploy Partly');
      if (choice === 'Show Diff') {
        await showDiff();
        continue;
      }
      return choice === 'Deploy Partly' ? 'deploy' : undefined;
    }
  }
  if (env.protected) {
    for (;;) {
      const choice = await vscode.window.showWarningMessage(
        question,
        { modal: true, detail: `${env.name} is protected. Atomically: a failed rollout is rolled back to the previous revision.` },
        'Continue',
        'Continue Atomically',
        'Show Diff',
      );
      if (choice === 'Show Diff') {
        await showDiff();
        continue;
      }
      if (choice !== 'Continue' && choice !== 'Continue Atomically') return undefined;
      const typed = await vscode.window.showInputBox({
        title: `Deploy protected environment ${env.name}`,
        prompt: `Type ${env.name} to deploy to ${env.context}`,
        ignoreFocusOut: true,
        validateInput: (v) => (v === env.name || v === '' ? undefined : `Type exactly: ${env.name}`),
      });
      if (typed !== env.name) return undefined;
      return choice === 'Continue Atomically' ? 'atomic' : 'deploy';
    }
  }
  for (;;) {
    const choice = await vscode.window.showInformationMessage(
      question,
      { modal: true, detail: 'Atomically: a failed rollout is rolled back to the previous revision.' },
      'Deploy',
      'Deploy Atomically',
      'Show Diff',
    );
    if (choice === 'Show Diff') {
      await showDiff();
      continue;
    }
    return choice === 'Deploy' ? 'deploy' : choice === 'Deploy Atomically' ? 'atomic' : undefined;
  }
}

export const deployEnvironment = (ctx: Ctx, docs: DiffDocuments, revisions: RevisionEvents) => async (arg?: unknown) => {
  const env = await pickEnvironment(ctx, arg, 'Deploy Environment');
  if (!env) return;
  const settings = readSettings();
  ctx.output.appendLine(`— Deploy ${env.name} → ${env.context} —`);

  // Pre-flight: context bound, allowed and reachable; no error diagnostics unless overridden.
  const pre = await preflight(ctx, env);
  if (!pre.ok) {
    ctx.output.appendLine(`refused: ${pre.message}`);
    void vscode.window.showErrorMessage(pre.message);
    return;
  }
  const errors = (await ctx.project.problemCounts())[env.name]?.errors ?? 0;
  if (errors > 0) {
    const choice = await vscode.window.showWarningMessage(`${env.name} has ${errors} error${errors === 1 ? '' : 's'} in the Problems panel.`, { modal: true }, 'Deploy Anyway');
    if (choice !== 'Deploy Anyway') return void ctx.output.appendLine('cancelled: error diagnostics');
  }
  const render = await ctx.project.render(env.name);
  if (render.errors.length) {
    void vscode.window.showErrorMessage(`Render of ${env.name} failed: ${render.errors[0]!.message}`);
    return;
  }
  const objects = render.objects.map((o) => o.object);

  // Server-side dry-run and diff.
  const checked = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Deploy ${env.name}: dry-run` }, async () => {
    const dry = await ctx.cluster.dryRun(pre.target, objects);
    const diffs = await ctx.cluster.diff(pre.target, objects).catch(() => undefined);
    return { dry, diffs };
  });
  writeResults(ctx.output, `dry-run on ${env.context} (${pre.server}):`, render, checked.dry);
  const located = await ctx.publishRejections(env, checked.dry);
  const verdict = dryRunGate(env, checked.dry, settings.requireCleanDryRun);
  if (!verdict.apply) {
    ctx.output.appendLine(`refused: ${verdict.reason}`);
    ctx.output.show(true);
    await showFailure(render, `${verdict.reason} First:`, checked.dry.filter((r) => r.action === 'failed'), locationOf(located[0]));
    return;
  }
  const summary = `${countActions(checked.dry)}.`;
  const choice = await confirm(env, summary, verdict.warning, async () => {
    if (checked.diffs) await openDiff(ctx, docs, env.name, checked.diffs);
  });
  if (!choice) return void ctx.output.appendLine('cancelled by the user');

  // Apply, cancellable; then watch the rollout.
  const results = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Deploying ${env.name}`, cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      progress.report({ message: `applying ${objects.length} objects…` });
      return ctx.cluster.apply(pre.target, objects, abort.signal);
    },
  );
  writeResults(ctx.output, `applied to ${env.context}:`, render, results);
  // Every open view of the environment was taken before this apply, whether or not its revision gets recorded.
  if (results.some((r) => r.action !== 'unchanged')) docs.markStale(env.name, `${env.name} was deployed`);
  ctx.output.appendLine(`deploy ${env.name}: ${countActions(results)}`);
  const failures = results.filter((r) => r.action !== 'created' && r.action !== 'configured' && r.action !== 'unchanged');
  const sourceDir = (await ctx.project.project())?.root;
  const revision = await recordDeploy(pre.target, objects, sourceDir, failures.length, readSettings().revisionHistoryLimit).then(
    (n) => {
      ctx.output.appendLine(`recorded revision ${n} of ${env.name}`);
      revisions.fire(env.name);
      return n;
    },
    (e: unknown) => {
      ctx.output.appendLine(`note: the revision of this deploy was not recorded: ${(e as Error).message}`);
      return undefined;
    },
  );
  const state = partialState(env.name, reportItems(results));
  if (state) {
    // Exactly what state the environment is in now, never a bare "failed".
    for (const line of state) ctx.output.appendLine(line);
    ctx.output.show(true);
    if (choice === 'atomic') await atomicRollback(ctx, env, pre.target, revision, `${failures.length} objects failed to apply`, revisions);
    const rejectedAt = await ctx.publishRejections(env, results);
    await showPartialDeploy(render, `Deploy of ${env.name}: ${countActions(results)}.`, state, results.filter((r) => r.action === 'failed'), locationOf(rejectedAt[0]));
    return;
  }
  void vscode.window.showInformationMessage(`Deployed ${env.name}: ${countActions(results)}. Watching the rollout…`);
  const final = await watchRollouts(ctx, env, objects, pre.target, choice === 'atomic');
  // Failed (a timeout counts as failed); a watch cancelled by the user is not a failure.
  const failed = final?.filter((w) => w.state === 'failed') ?? [];
  if (choice === 'atomic' && final && failed.length) {
    const reason = failed.map((w) => `${w.kind} ${w.namespace}/${w.name}: ${w.reason ?? w.state}`).join('; ');
    await atomicRollback(ctx, env, pre.target, revision, reason, revisions);
  }
};
