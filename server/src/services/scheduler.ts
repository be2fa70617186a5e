// Coalesces validation requests: keys (changed files) collected over a short
// quiet period are handled in one run; a new request cancels the run in
// progress at its next checkpoint, and the cancelled run's keys are handled
// again with the new ones. No work is done for a document version that is
// already outdated.

export interface CancellationFlag {
  readonly cancelled: boolean;
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
  }
}

/** Lets queued notifications (a newer edit) in, then throws if the run was cancelled. */
export async function checkpoint(flag: CancellationFlag): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (flag.cancelled) throw new CancelledError();
}

export class Coalescer<T> {
  private pending = new Set<T>();
  private timer: { cancel(): void } | undefined;
  private running: { cancelled: boolean } | undefined;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly work: (keys: Set<T>, flag: CancellationFlag) => Promise<void>,
    private readonly onError: (e: unknown) => void,
  ) {}

  /** Queue `key`; the run starts after `delayMs` without further requests. */
  schedule(key: T, delayMs = 0): void {
    this.pending.add(key);
    if (this.running) this.running.cancelled = true;
    this.timer?.cancel();
    this.timer = later(() => void this.flush(), delayMs);
  }

  /** Something is pending or running. */
  get busy(): boolean {
    return !!this.timer || !!this.running || this.pending.size > 0;
  }

  /** Resolves when nothing is pending or running. */
  idle(): Promise<void> {
    if (!this.timer && !this.running && this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    if (this.running) return; // the run in progress picks the keys up when it ends
    const keys = this.pending;
    this.pending = new Set();
    const flag = { cancelled: false };
    this.running = flag;
    try {
      await this.work(keys, flag);
    } catch (e) {
      if (!(e instanceof CancelledError)) this.onError(e);
    } finally {
      this.running = undefined;
    }
    if (flag.cancelled) for (const k of keys) this.pending.add(k);
    if (this.pending.size && !this.timer) void this.flush();
    else if (!this.timer && this.pending.size === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }
}

/**
 * Runs `f` after `delayMs`; with no delay, right after the pending I/O
 * (setImmediate): edits that arrived together are still coalesced, without
 * the millisecond a zero timeout costs.
 */
function later(f: () => void, delayMs: number): { cancel(): void } {
  if (delayMs <= 0) {
    const i = setImmediate(f);
    return { cancel: () => clearImmediate(i) };
  }
  const t = setTimeout(f, delayMs);
  return { cancel: () => clearTimeout(t) };
}
