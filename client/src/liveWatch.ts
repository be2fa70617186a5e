// Keeps the Environments tree live: for each environment, a watch loop
// (watchLoop.ts) — pre-flight (bound, allowed, reachable), one status watch
// of its workloads (list + watch, no polling) feeding LiveStatus, and retries
// while the cluster is away. Restarted by the Refresh action and when the
// project or a context binding changes.
import type * as vscode from 'vscode';
import type { Ctx } from './context';
import { preflight } from './commands/preflight';
import { keepWatching } from './watchLoop';

export class LiveWatcher implements vscode.Disposable {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly ctx: Ctx) {}

  /** (Re)starts the watch of every environment. */
  async restart(): Promise<void> {
    this.stopAll();
    for (const env of await this.ctx.project.environments()) {
      const abort = new AbortController();
      this.running.set(env.name, abort);
      void this.watch(env.name, abort.signal);
    }
  }

  private async watch(name: string, signal: AbortSignal): Promise<void> {
    const env = await this.ctx.project.environment(name);
    if (!env || signal.aborted) return;
    await keepWatching({
      environment: name,
      live: this.ctx.live,
      signal,
      preflight: () => preflight(this.ctx, env),
      objects: async () => {
        const render = await this.ctx.project.render(name);
        if (render.errors.length) throw new Error(render.errors[0]!.message);
        return render.objects.map((o) => o.object);
      },
      watch: (target, objects, onStatus, s, onConnection, onLive) => this.ctx.cluster.watchStatus(target, objects, onStatus, s, onConnection, onLive),
    });
  }

  private stopAll(): void {
    for (const a of this.running.values()) a.abort();
    this.running.clear();
  }

  dispose(): void {
    this.stopAll();
  }
}
