// Keeps the Environments tree live: for each environment whose context passes
// the pre-flight (bound, allowed, reachable), one status watch of its
// workloads (list + watch, no polling) feeding LiveStatus. Restarted by the
// Refresh action and when the project or a context binding changes.
import * as vscode from 'vscode';
import type { Ctx } from './context';
import { preflight } from './commands/preflight';

export class LiveWatcher implements vscode.Disposable {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly ctx: Ctx) {}

  /** (Re)starts the watch of every environment. */
  async restart(): Promise<void> {
    this.stopAll();
    for (const env of await this.ctx.project.environments()) {
      const abort = new AbortController();
      this.running.set(env.name, abort);
      void this.watch(env.name, abort);
    }
  }

  private async watch(name: string, abort: AbortController): Promise<void> {
    const env = await this.ctx.project.environment(name);
    if (!env || abort.signal.aborted) return;
    const pre = await preflight(this.ctx, env);
    if (abort.signal.aborted) return;
    if (!pre.ok) return this.ctx.live.fail(name, pre.message, pre.failure);
    try {
      const render = await this.ctx.project.render(name);
      this.ctx.live.start(name);
      await this.ctx.cluster.watchStatus(pre.target, render.objects.map((o) => o.object), (s) => this.ctx.live.update(name, s), abort.signal);
    } catch (e) {
      if (!abort.signal.aborted) this.ctx.live.fail(name, (e as Error).message);
    }
  }

  private stopAll(): void {
    for (const a of this.running.values()) a.abort();
    this.running.clear();
  }

  dispose(): void {
    this.stopAll();
  }
}
