// Young-generation garbage collection at a quiet moment. Every re-render
// allocates several MiB that are garbage by the next edit; when the scavenger
// runs in the middle of a render it also copies everything that render has
// built so far, and that pause lands in the edit's latency. After diagnostics
// are published only the kept state is alive: a scavenge there is cheaper and
// out of the way. Needs `gc` (the server is started with --expose-gc, see
// launch.ts); without it this does nothing.
import { getHeapSpaceStatistics } from 'node:v8';

type Collect = (options: { type: 'minor' | 'major' }) => void;

/** Scavenges when the young generation is more than `fraction` full (so the next edit fits without one). */
export function collectYoungIfFull(fraction = 0.5): boolean {
  const collect = (globalThis as { gc?: Collect }).gc;
  if (!collect) return false;
  const young = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  if (!young) return false;
  const capacity = young.space_used_size + young.space_available_size;
  if (young.space_used_size <= fraction * capacity) return false;
  collect({ type: 'minor' });
  return true;
}
