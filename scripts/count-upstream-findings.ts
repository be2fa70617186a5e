// Counts the error-level findings of `thebot check` on the public repositories
// of the conformance work (docs/upstream-findings.md): one
// `node bin/thebot.js check <repo> --format json` per repository (after
// `node esbuild.mjs`), then totals per repository and per finding code.
//   npx tsx scripts/count-upstream-findings.ts [--src DIR] [--out DIR] [REPO ...]
// DIR defaults to /work/conformance/src (HEAD trees, never committed); REPO
// names are directory names under it (owner+name), all of them by default.
// --out keeps each repository's JSON there (paths relative to the working
// directory), for review by hand; --from DIR
// reads that JSON instead of running `thebot check` again. --groups lists
// every error grouped by code and cause (the message with names, numbers and
// indexes abstracted), each group with its count and every file:line, so that
// each group can be judged (docs/upstream-findings.md).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

interface Finding { file: string; line: number; column: number; severity: string; code: string; message: string; environments?: string[] }

const args = process.argv.slice(2);
let src = '/work/conformance/src';
let out: string | undefined;
let from: string | undefined;
let groups = false;
const repos: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--src') src = args[++i];
  else if (args[i] === '--out') out = args[++i];
  else if (args[i] === '--from') from = args[++i];
  else if (args[i] === '--groups') groups = true;
  else repos.push(args[i]);
}
const names = repos.length ? repos : from ? readdirSync(from).filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5)).sort() : readdirSync(src).sort();
if (out) mkdirSync(out, { recursive: true });
const cli = join(__dirname, '..', 'bin', 'thebot.js');
const byCode = new Map<string, number>();
const causes = new Map<string, string[]>();
let total = 0;
for (const name of names) {
  const started = Date.now();
  let stdout: string;
  if (from) stdout = readFileSync(join(from, `${name}.json`), 'utf8');
  else {
    const run = spawnSync(process.execPath, [cli, 'check', join(src, name), '--format', 'json'], {
      encoding: 'utf8', maxBuffer: 1 << 30,
    });
    stdout = run.stdout;
    if (run.status !== 0 && run.status !== 1) {
      console.log(`${name}\tfailed (exit ${run.status}): ${run.stderr.split('\n')[0]}`);
      continue;
    }
  }
  let findings: Finding[];
  try {
    findings = JSON.parse(stdout) as Finding[];
  } catch {
    console.log(`${name}\tfailed: not JSON`);
    continue;
  }
  if (out) writeFileSync(join(out, `${name}.json`), stdout);
  const errors = findings.filter((f) => f.severity === 'error');
  for (const f of errors) {
    const key = `${f.code}\t${f.environments?.length ? 'render' : 'file'}\t${cause(f.message)}`;
    const where = `${name}/${relative(join(src, name), resolve(f.file))}:${f.line}:${f.column}`;
    causes.set(key, [...(causes.get(key) ?? []), where]);
  }
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
if (groups) {
  // Largest groups first; each with every place it occurs.
  for (const [key, where] of [...causes].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))) {
    console.log(`\n${where.length}\t${key}`);
    for (const w of where) console.log(`  ${w}`);
  }
}
console.log([...byCode].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(', '));

/** A message with its particulars abstracted: quoted names, numbers, list indexes, paths. */
function cause(message: string): string {
  return message
    .split('\n')[0]
    .replace(/'[^']*'|"[^"]*"/g, 'X')
    .replace(/\[\d+\]/g, '[]')
    .replace(/\/[\w./+@-]+/g, '/PATH')
    .replace(/\b\d+(\.\d+)?\b/g, 'N')
    .slice(0, 160);
}
