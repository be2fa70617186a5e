// Watch Rollouts: live workload status from cluster watches into the tree and
// the status bar, until every workload is available, one fails, the
// configured timeout passes, or the user cancels.
import * as vscode from 'vscode';
import type { Ctx } from '../context';
import type { Environment } from '../project';
import type { ClusterTarget } from '../clusterPort';
import { readSettings } from '../config';
import { summarize, type WorkloadStatus } from '../liveStatus';
import { pickEnvironment } from './pick';
import { preflight } from './preflight';

/**
 * Watches until done (with `untilFailure`, an atomic deploy's, until the first
 * workload that will not succeed); the final statuses (undefined when the
 * watch itself failed).
 */
export async function watchRollouts(ctx: Ctx, env: Environment, objects: Record<string, unknown>[], target: ClusterTarget, untilFailure = false): Promise<WorkloadStatus[] | undefined> {
  const timeoutSeconds = readSettings().rolloutTimeoutSeconds;
  ctx.live.start(env.name);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `${env.name} rollout`, cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      try {
        const final = await ctx.cluster.watchRollouts(target, objects, (s) => {
          ctx.live.update(env.name, s);
          progress.report({ message: summarize(ctx.live.get(env.name)) });
        }, {
          timeoutSeconds,
          untilFailure,
          signal: abort.signal,
          onConnection: (c) => (c.state === 'connected' ? ctx.live.connected(env.name) : ctx.live.lost(env.name, c.error, c.since)),
        });
        ctx.live.stop(env.name);
        const failed = final.filter((w) => w.state === 'failed');
        const text = summarize(ctx.live.get(env.name)) ?? 'no workloads';
        ctx.output.appendLine(`rollout of ${env.name}: ${text}`);
        for (const w of failed) ctx.output.appendLine(`  ${w.kind} ${w.name}: ${w.reason ?? 'failed'}`);
        if (failed.length) void vscode.window.showErrorMessage(`Rollout of ${env.name}: ${failed.map((w) => `${w.kind} ${w.name}: ${w.reason ?? 'failed'}`).join('; ')}`);
        return final;
      } catch (e) {
        ctx.live.fail(env.name, (e as Error).message);
        ctx.output.appendLine(`rollout watch of ${env.name} ended: ${(e as Error).message}`);
        return undefined;
      }
    },
  );
}

export const watchRolloutsCommand = (ctx: Ctx) => async (arg?: unknown) => {
  const env = await pickEnvironment(ctx, arg, 'Watch Rollouts');
  if (!env) return;
  const pre = await preflight(ctx, env);
  if (!pre.ok) {
    ctx.live.fail(env.name, pre.message, pre.failure);
    return void vscode.window.showErrorMessage(pre.message);
  }
  const render = await ctx.project.render(env.name);
  await watchRollouts(ctx, env, render.objects.map((o) => o.object), pre.target);
};
