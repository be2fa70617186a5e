// Stage timings of the diagnostics path, for profiling (off by default):
// with THEBOT_TRACE=FILE the server appends one JSON line per run to FILE,
// each stage with its wall and CPU milliseconds, e.g.
// {"run":"edit","wallMs":12.1,"at":5120.3,"end":5132.4,"stages":[["render dev",3.1,3.0],...]},
// and one line per garbage collection, {"gc":"minor","at":5140.2,"ms":2.3}
// (`at`, `end`: performance.now()). A collection between two runs is outside
// every stage and every run's wallMs, yet an edit arriving meanwhile waits for
// it: the lines let scripts/trace-summary.ts count those too.
// `scripts/trace-summary.ts` prints medians per stage. Nothing is measured
// when the variable is unset (a closure call per stage, no clock reads; the
// global `performance` loads perf_hooks only when first used).
import { appendFileSync } from 'node:fs';

const file = process.env.THEBOT_TRACE;
let stages: [string, number, number][] = [];
let started: number | undefined;

export const tracing = !!file;

// perf_hooks is loaded only when tracing. A require, not import(): the bundles run through vm.Script
// for their code cache (codeCache.ts), where import() throws ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING.
if (file) {
  const { PerformanceObserver, constants } = require('node:perf_hooks') as typeof import('node:perf_hooks');
  observeGc(file, PerformanceObserver, constants);
}

function observeGc(file: string, Observer: typeof import('node:perf_hooks').PerformanceObserver, constants: typeof import('node:perf_hooks').constants): void {
  const kinds: Record<number, string> = {
    [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
    [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
    [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
  };
  new Observer((list) => {
    const lines = list.getEntries().map((e) => {
      const kind = (e.detail as { kind?: number } | undefined)?.kind ?? -1;
      return JSON.stringify({ gc: kinds[kind] ?? String(kind), at: round(e.startTime), ms: round(e.duration) }) + '\n';
    });
    appendFileSync(file, lines.join(''));
  }).observe({ entryTypes: ['gc'] });
}

/** Runs `f`, recording its time under `name` when tracing. */
export function stage<T>(name: string, f: () => T): T {
  if (!file) return f();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  try {
    return f();
  } finally {
    const c = process.cpuUsage(c0);
    stages.push([name, round(performance.now() - t0), round((c.user + c.system) / 1000)]);
  }
}

/** Marks the arrival of the request the next run answers (an edit), once. */
export function traceStart(): void {
  if (file && started === undefined) started = performance.now();
}

/** Writes the stages recorded since the last call as one line. */
export function traceEnd(run: string): void {
  if (!file) return;
  const end = performance.now();
  const line = { run, wallMs: started === undefined ? undefined : round(end - started), at: started === undefined ? undefined : round(started), end: round(end), stages };
  stages = [];
  started = undefined;
  appendFileSync(file, JSON.stringify(line) + '\n');
}

const round = (ms: number): number => Math.round(ms * 100) / 100;
