// Young-generation garbage collection at a quiet moment. Every re-render
// allocates several MiB that are garbage by the next edit; when the scavenger
// runs in the middle of a render it also copies everything that render has
// built so far, and that pause lands in the edit's latency. After diagnostics
// are published only the kept state is alive: a scavenge there is cheaper and
// out of the way. Needs `gc` (the server is started with --expose-gc, see
// launch.ts); without it this does nothing.
import { getHeapSpaceStatistics } from 'node:v8';

type Collect = (options: { type: 'minor' | 'major' }) => void;

const youngSpace = (): { used: number; capacity: number } | undefined => {
  const young = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  return young && { used: young.space_used_size, capacity: young.space_used_size + young.space_available_size };
};

/**
 * Scavenges when the young generation is more than `fraction` full (so the next edit fits without one).
 * When more than `promoteAbove` of it survives, scavenges again at once. What survives a scavenge after
 * a run is what the server keeps — after opening a large file, its tree (the 1,200-document file of
 * bench-lsp: 16.5 MiB) — and V8 copies a survivor twice, the second time to promote it. That second
 * copy came with the next scavenge, in the middle of a later edit (a 60-300 ms pause by load, the
 * big-file edit p95 of 20 edits); made now, both copies land in one pause after the same run.
 * Smaller sets are left to the next scavenge: the platform's open leaves 9 MiB, and a second copy
 * right after it would lengthen the first edit (the max of a fresh server's first edits) instead;
 * after an edit about 3 MiB survives (the last render, replaced by the next one: never promoted).
 */
export function collectYoungIfFull(fraction = 0.5, promoteAbove = 0.2): boolean {
  const collect = (globalThis as { gc?: Collect }).gc;
  if (!collect) return false;
  const young = youngSpace();
  if (!young || young.used <= fraction * young.capacity) return false;
  collect({ type: 'minor' });
  if ((youngSpace()?.used ?? 0) > promoteAbove * young.capacity) collect({ type: 'minor' });
  return true;
}
