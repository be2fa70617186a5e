// Counts the error-level findings of `thebot check` on the public repositories
// of the conformance work (docs/upstream-findings.md): one
// `node bin/thebot.js check <repo> --format json` per repository (after
// `node esbuild.mjs`), then totals per repository and per finding code.
//   npx tsx scripts/count-upstream-findings.ts [--src DIR] [--out DIR] [REPO ...]
// DIR defaults to /work/conformance/src (HEAD trees, never committed); REPO
// names are directory names under it (owner+name), all of them by default.
// --out keeps each repository's JSON there, for review by hand.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Finding { file: string; line: number; severity: string; code: string; message: string }

const args = process.argv.slice(2);
let src = '/work/conformance/src';
let out: string | undefined;
const repos: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--src') src = args[++i];
  else if (args[i] === '--out') out = args[++i];
  else repos.push(args[i]);
}
const names = repos.length ? repos : readdirSync(src).sort();
if (out) mkdirSync(out, { recursive: true });
const cli = join(__dirname, '..', 'bin', 'thebot.js');
const byCode = new Map<string, number>();
let total = 0;
for (const name of names) {
  const started = Date.now();
  const run = spawnSync(process.execPath, [cli, 'check', join(src, name), '--format', 'json'], {
    encoding: 'utf8', maxBuffer: 1 << 30,
  });
  let findings: Finding[];
  try {
    findings = JSON.parse(run.stdout) as Finding[];
  } catch {
    console.log(`${name}\tfailed (exit ${run.status}): ${run.stderr.split('\n')[0]}`);
    continue;
  }
  if (out) writeFileSync(join(out, `${name}.json`), run.stdout);
  const errors = findings.filter((f) => f.severity === 'error');
  const codes = new Map<string, number>();
  for (const f of errors) {
    codes.set(f.code, (codes.get(f.code) ?? 0) + 1);
    byCode.set(f.code, (byCode.get(f.code) ?? 0) + 1);
  }
  total += errors.length;
  const detail = [...codes].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(', ');
  console.log(`${name}\t${errors.length}\t(${((Date.now() - started) / 1000).toFixed(0)} s)\t${detail}`);
}
console.log(`total\t${total}`);
console.log([...byCode].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(', '));
