// Summary of a THEBOT_TRACE file (server/src/services/trace.ts): per run label,
// the median and p95 of the whole run and of each stage (wall / CPU ms).
// Usage: npx tsx scripts/trace-summary.ts FILE [--skip N] (skip the first N runs of each label: warm-up)
import { readFileSync } from 'node:fs';

const [file] = process.argv.slice(2);
const i = process.argv.indexOf('--skip');
const SKIP = i >= 0 ? Number(process.argv[i + 1]) : 0;
if (!file) throw new Error('usage: npx tsx scripts/trace-summary.ts FILE [--skip N]');
const runs = readFileSync(file, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { run: string; wallMs?: number; stages: [string, number, number][] });
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
  const names = [...new Set(list.flatMap((r) => r.stages.map((s) => s[0])))];
  for (const n of names) {
    const wall = list.map((r) => r.stages.filter((s) => s[0] === n).reduce((a, s) => a + s[1], 0));
    const cpu = list.map((r) => r.stages.filter((s) => s[0] === n).reduce((a, s) => a + s[2], 0));
    console.log(`  ${n.padEnd(22)} wall ${fmt(wall)}   cpu ${fmt(cpu)}`);
  }
}
