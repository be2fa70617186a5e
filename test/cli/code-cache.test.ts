// bin/thebot.js keeps V8's code cache of the command bundles under
// $THEBOT_CACHE/code-cache: written after the first run, used by the next,
// rewritten when V8 rejects it; the output never changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repo = join(__dirname, '..', '..');
const overlay = 'test/fixtures/cli/project/overlays/dev';

function render(cache: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(repo, 'bin', 'thebot.js'), 'render', overlay], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, THEBOT_CACHE: cache, ...env },
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  return r.stdout;
}

test('the code cache is written by the first run, used by the next, rewritten when rejected', () => {
  const expected = render(mkdtempSync(join(tmpdir(), 'thebot-cc-off-')), { THEBOT_CODE_CACHE: '0' });
  assert.match(expected, /^apiVersion: /);
  const cache = mkdtempSync(join(tmpdir(), 'thebot-cc-'));
  const dir = join(cache, 'code-cache');
  assert.equal(render(cache), expected);
  const files = readdirSync(dir);
  assert.equal(files.length, 1);
  assert.match(files[0]!, new RegExp(`^cli-render-[0-9a-f]{8}-${process.version}-${process.arch}-\\d+-\\d+\\.bin$`));
  const file = join(dir, files[0]!);
  const written = { ino: statSync(file).ino, bytes: readFileSync(file) };
  utimesSync(file, new Date(2000, 0, 1), new Date(2000, 0, 1));
  assert.equal(render(cache), expected);
  assert.deepEqual({ ino: statSync(file).ino, bytes: readFileSync(file) }, written, 'an accepted cache is not written again');
  assert.ok(statSync(file).mtimeMs > Date.now() - 3_600_000, 'an accepted cache is marked as used (prune keeps it)');
  writeFileSync(file, 'not a code cache');
  assert.equal(render(cache), expected);
  assert.deepEqual(readdirSync(dir), files);
  assert.ok(readFileSync(file).length > 100_000, 'the rejected cache was replaced');
});

test('an unwritable cache directory is skipped silently', () => {
  const cache = mkdtempSync(join(tmpdir(), 'thebot-cc-file-'));
  writeFileSync(join(cache, 'code-cache'), 'a file where the directory would be');
  const expected = render(cache, { THEBOT_CODE_CACHE: '0' });
  assert.equal(render(cache), expected);
});

test('THEBOT_TRACE changes nothing a command prints through the code cache (an import() in the bundle once threw there, with a stack trace)', () => {
  const cache = mkdtempSync(join(tmpdir(), 'thebot-cc-trace-'));
  const trace = join(cache, 'trace.jsonl');
  const check = (env: Record<string, string>) =>
    spawnSync(process.execPath, [join(repo, 'bin', 'thebot.js'), 'check', 'test/fixtures/cli/project'], { cwd: repo, encoding: 'utf8', env: { ...process.env, THEBOT_CACHE: cache, ...env } });
  // Traced before the cache exists (the bundle compiled from source), then with it.
  const first = check({ THEBOT_TRACE: trace });
  const plain = check({});
  const cached = check({ THEBOT_TRACE: trace });
  assert.match(plain.stdout, /^test\/fixtures\/cli\/project\//);
  for (const r of [first, cached]) assert.deepEqual([r.status, r.stdout, r.stderr], [plain.status, plain.stdout, plain.stderr]);
});

test('a save removes the caches of earlier builds of the bundle and any cache unused for 30 days, and keeps the rest', () => {
  const cache = mkdtempSync(join(tmpdir(), 'thebot-cc-prune-'));
  const dir = join(cache, 'code-cache');
  mkdirSync(dir);
  render(cache);
  const [own] = readdirSync(dir);
  // An earlier build of the same bundle (same prefix, other size and time), recent.
  const earlier = own!.replace(/-\d+-\d+\.bin$/, '-1-2.bin');
  const days = (n: number) => new Date(Date.now() - n * 24 * 3600 * 1000);
  const others = { 'cli-check-00000000-v0-x64-1-1.bin': days(29), 'server-main-11111111-v0-x64-1-1.bin': days(31), 'unrelated.bin': days(45) };
  for (const [name, when] of [[earlier, new Date()], ...Object.entries(others)] as [string, Date][]) {
    writeFileSync(join(dir, name), 'x');
    utimesSync(join(dir, name), when, when);
  }
  writeFileSync(join(dir, own!), 'rejected: saved again');
  render(cache);
  assert.deepEqual(readdirSync(dir).sort(), ['cli-check-00000000-v0-x64-1-1.bin', own!].sort());
});

test('usage and a failed run write no code cache: the next successful run writes a whole one', () => {
  const cache = mkdtempSync(join(tmpdir(), 'thebot-cc-partial-'));
  const run = (args: string[]) => spawnSync(process.execPath, [join(repo, 'bin', 'thebot.js'), ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env, THEBOT_CACHE: cache } });
  const help = run(['render', '--help']);
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /^usage: thebot render /);
  const missing = run(['render', 'test/fixtures/cli/no-such-overlay']);
  assert.equal(missing.status, 2);
  assert.equal(missing.stdout, '');
  // A cache saved by either run would hold only what it compiled, and V8
  // would accept it for every later render of this bundle.
  assert.deepEqual(readdirSync(cache), []);
  render(cache);
  assert.deepEqual(readdirSync(join(cache, 'code-cache')).map((f) => f.replace(/-[0-9a-f]{8}-.*$/, '')), ['cli-render']);
});

test('a check that exits 1 on its findings ran whole: its code cache is written', () => {
  const cache = mkdtempSync(join(tmpdir(), 'thebot-cc-findings-'));
  const r = spawnSync(process.execPath, [join(repo, 'bin', 'thebot.js'), 'check', '--fail-on', 'warning', 'test/fixtures/cli/project'], { cwd: repo, encoding: 'utf8', env: { ...process.env, THEBOT_CACHE: cache } });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /0 error\(s\), 2 warning\(s\)/);
  assert.deepEqual(readdirSync(join(cache, 'code-cache')).map((f) => f.replace(/-[0-9a-f]{8}-.*$/, '')), ['cli-check']);
});

test('re2js is loaded from its own bundle (dist/lib-re2js.js) only when a pattern needs it, through the code cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'thebot-lazy-re2js-'));
  writeFileSync(
    join(dir, 'kustomization.yaml'),
    'resources:\n- configmaps.yaml\npatches:\n- target:\n    kind: ConfigMap\n    name: app-.*\n  patch: |-\n    - op: add\n      path: /data/patched\n      value: "yes"\n',
  );
  writeFileSync(join(dir, 'configmaps.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-one\ndata:\n  a: "1"\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\ndata:\n  b: "2"\n');
  // kubectl kustomize's output for this directory.
  const expected = 'apiVersion: v1\ndata:\n  a: "1"\n  patched: "yes"\nkind: ConfigMap\nmetadata:\n  name: app-one\n---\napiVersion: v1\ndata:\n  b: "2"\nkind: ConfigMap\nmetadata:\n  name: other\n';
  const cache = mkdtempSync(join(tmpdir(), 'thebot-cc-lazy-'));
  const run = (env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [join(repo, 'bin', 'thebot.js'), 'render', dir], { cwd: repo, encoding: 'utf8', env: { ...process.env, THEBOT_CACHE: cache, ...env } });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    return r.stdout;
  };
  // A render without a pattern (the platform's overlay) does not load it.
  render(cache);
  const kinds = () => readdirSync(join(cache, 'code-cache')).map((f) => f.replace(/-[0-9a-f]{8}-.*$/, '')).sort();
  assert.deepEqual(kinds(), ['cli-render']);
  assert.equal(run(), expected);
  assert.deepEqual(kinds(), ['cli-render', 'lib-re2js']);
  assert.equal(run(), expected);
  assert.equal(run({ THEBOT_CODE_CACHE: '0' }), expected);
});
