// Stage timings of the diagnostics path, for profiling (off by default):
// with THEBOT_TRACE=FILE the server appends one JSON line per run to FILE,
// each stage with its wall and CPU milliseconds, e.g.
// {"run":"edit","wallMs":12.1,"stages":[["render dev",3.1,3.0],...]}.
// `scripts/trace-summary.ts` prints medians per stage. Nothing is measured
// when the variable is unset (a closure call per stage, no clock reads; the
// global `performance` loads perf_hooks only when first used).
import { appendFileSync } from 'node:fs';

const file = process.env.THEBOT_TRACE;
let stages: [string, number, number][] = [];
let started: number | undefined;

export const tracing = !!file;

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
  const line = { run, wallMs: started === undefined ? undefined : round(performance.now() - started), stages };
  stages = [];
  started = undefined;
  appendFileSync(file, JSON.stringify(line) + '\n');
}

const round = (ms: number): number => Math.round(ms * 100) / 100;
