// Runs every test/**/*.test.ts with Node's own test runner (TypeScript through tsx).
// Node 20's `--test` takes no globs, so the files are collected here.
// Usage: node test/run.mjs [substring-filter...]
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    // vscode-suite/ runs inside a desktop VS Code (@vscode/test-electron), not in plain Node.
    if (name === 'node_modules' || name === 'fixtures' || name === 'vscode-suite' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.ts')) files.push(relative(root, p));
  }
})(join(root, 'test'));
const selected = filters.length ? files.filter((f) => filters.some((s) => f.includes(s))) : files;
if (selected.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
// Two files at a time (Node's default is one less than the cores: one here).
// Most of the suite's wall time is waiting — on a browser, a control plane's
// controllers, a child process — so a second file fills the idle core: on this
// 2-core machine the whole suite took 669 s instead of 921 s, every test passing.
// THEBOT_TEST_CONCURRENCY=1 runs the files one after another.
const concurrency = [`--test-concurrency=${process.env.THEBOT_TEST_CONCURRENCY ?? 2}`];
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...concurrency, '--test-reporter=spec', ...selected], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
