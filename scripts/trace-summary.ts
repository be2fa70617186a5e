// Summary of a THEBOT_TRACE file (server/src/services/trace.ts): per run label,
// the median and p95 of the whole run and of each stage (wall / CPU ms), the
// run's wall time outside its stages, and garbage collection: inside the run,
// and between the previous run's end and this one's start (a pause the edit
// may have waited for before the server read it, counted in no run).
// Usage: npx tsx scripts/trace-summary.ts FILE [--skip N] (skip the first N runs of each label: warm-up)
import { readFileSync } from 'node:fs';

const [file] = process.argv.slice(2);
const i = process.argv.indexOf('--skip');
const SKIP = i >= 0 ? Number(process.argv[i + 1]) : 0;
if (!file) throw new Error('usage: npx tsx scripts/trace-summary.ts FILE [--skip N]');
type Line = { run?: string; wallMs?: number; at?: number; end?: number; stages: [string, number, number][]; gc?: string; ms?: number };
const lines = readFileSync(file, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as Line);
const runs = lines.filter((l): l is Line & { run: string } => l.run !== undefined);
const gcs = lines.filter((l) => l.gc !== undefined).map((l) => ({ kind: l.gc!, at: l.at!, ms: l.ms! }));
/** Milliseconds of collections starting in [from, to). */
const gcIn = (from: number, to: number): number => gcs.filter((g) => g.at >= from && g.at < to).reduce((a, g) => a + g.ms, 0);
const gcBefore = new Map<Line, number>();
const gcDuring = new Map<Line, number>();
runs.forEach((r, k) => {
  if (r.at === undefined || r.end === undefined) return;
  gcDuring.set(r, gcIn(r.at, r.end));
  const prev = runs[k - 1]?.end;
  if (prev !== undefined) gcBefore.set(r, gcIn(prev, r.at));
});
const byLabel = new Map<string, typeof runs>();
for (const r of runs) byLabel.set(r.run, [...(byLabel.get(r.run) ?? []), r]);
const q = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] : NaN;
};
const fmt = (xs: number[]): string => `median ${q(xs, 0.5).toFixed(2)}  p95 ${q(xs, 0.95).toFixed(2)}`;
for (const [label, all] of byLabel) {
  const list = all.slice(SKIP);
  if (!list.length) continue;
  console.log(`${label} (${list.length} runs): edit -> published ${fmt(list.map((r) => r.wallMs ?? NaN))} ms`);
  const outside = list.map((r) => (r.wallMs ?? NaN) - r.stages.reduce((a, s) => a + s[1], 0));
  console.log(`  ${'(outside stages)'.padEnd(22)} wall ${fmt(outside)}`);
  if (gcs.length) {
    const during = list.map((r) => gcDuring.get(r) ?? NaN);
    const before = list.map((r) => gcBefore.get(r) ?? NaN).filter((x) => !Number.isNaN(x));
    console.log(`  ${'(gc in the run)'.padEnd(22)} wall ${fmt(during)}`);
    console.log(`  ${'(gc before the run)'.padEnd(22)} wall ${fmt(before)}   runs after one: ${before.filter((x) => x > 0).length} of ${before.length}`);
  }
  const names = [...new Set(list.flatMap((r) => r.stages.map((s) => s[0])))];
  for (const n of names) {
    const wall = list.map((r) => r.stages.filter((s) => s[0] === n).reduce((a, s) => a + s[1], 0));
    const cpu = list.map((r) => r.stages.filter((s) => s[0] === n).reduce((a, s) => a + s[2], 0));
    console.log(`  ${n.padEnd(22)} wall ${fmt(wall)}   cpu ${fmt(cpu)}`);
  }
}
