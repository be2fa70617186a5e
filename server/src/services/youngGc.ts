// Young-generation garbage collection at a quiet moment. Every re-render
// allocates several MiB that are garbage by the next edit; when the scavenger
// runs in the middle of a render it also copies everything that render has
// built so far, and that pause lands in the edit's latency. After diagnostics
// are published only the kept state is alive: a scavenge there is cheaper and
// out of the way.
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Collect = (options: { type: 'minor' | 'major' }) => void;

let runtime: Collect | null | undefined;

/**
 * V8's `gc`, taken at run time rather than exposed by `--expose-gc` on the
 * server's command line: any such flag makes Node refuse the code cache of its
 * own built-in modules, which then compile from source as the server starts
 * (Node 24, callgrind, 3 runs each: spawn to initialize 341-344M -> 254-256M
 * instructions without it). The flag is set for one new context, whose `gc` is the
 * isolate's, then unset: no global `gc` appears, and later code compiles
 * under the flags it started with. null when V8 refuses.
 */
function runtimeGc(): Collect | null {
  if (runtime !== undefined) return runtime;
  const exposed = (globalThis as { gc?: Collect }).gc;
  if (exposed) return (runtime = exposed);
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    runtime = typeof gc === 'function' ? (gc as Collect) : null;
  } catch {
    runtime = null;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
  return runtime;
}

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
  const young = youngSpace();
  if (!young || young.used <= fraction * young.capacity) return false;
  const collect = runtimeGc();
  if (!collect) return false;
  collect({ type: 'minor' });
  if ((youngSpace()?.used ?? 0) > promoteAbove * young.capacity) collect({ type: 'minor' });
  return true;
}
