// Whether a set of watches (one per kind and namespace) is connected to the
// cluster, as one state for the whole environment. A view must never show a
// watched state as current while the watches cannot reach the server, so the
// loss is reported as soon as one watch cannot be re-established, with the
// time the connection was actually lost (the end of the last live stream) and
// the error; recovery once every watch is live again. A stream that ends and
// reconnects at once (the apiserver closes watches now and then) is not news.

export type Connection = { state: 'connected' } | { state: 'lost'; since: Date; error: string };

export class ConnectionTracker {
  private readonly live = new Map<string, boolean>();
  /** When each watch last stopped being live (kept until it is live again). */
  private readonly endedAt = new Map<string, Date>();
  private reported: 'connected' | 'lost' | undefined;

  constructor(
    ids: string[],
    private readonly emit: (c: Connection) => void,
    private readonly now: () => Date = () => new Date(),
  ) {
    for (const id of ids) this.live.set(id, false);
  }

  /** The watch `id` is live (the server answered and the stream is open). */
  up(id: string): void {
    this.live.set(id, true);
    this.endedAt.delete(id);
    if (this.reported !== 'connected' && [...this.live.values()].every(Boolean)) {
      this.reported = 'connected';
      this.emit({ state: 'connected' });
    }
  }

  /** The live stream of `id` ended; whether that is a loss, the next attempt says. */
  ended(id: string): void {
    this.live.set(id, false);
    if (!this.endedAt.has(id)) this.endedAt.set(id, this.now());
  }

  /** A list or watch of `id` could not be established. */
  lost(id: string, error: string): void {
    this.live.set(id, false);
    const since = this.endedAt.get(id) ?? this.now();
    if (!this.endedAt.has(id)) this.endedAt.set(id, since);
    if (this.reported === 'lost') return;
    this.reported = 'lost';
    this.emit({ state: 'lost', since, error });
  }
}

/** "06:05": local hours and minutes, as the views and the CLI show the time of a loss. */
export function clock(d: Date): string {
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}
