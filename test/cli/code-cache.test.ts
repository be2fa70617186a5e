// bin/thebot.js keeps V8's code cache of the command bundles under
// $THEBOT_CACHE/code-cache: written after the first run, used by the next,
// rewritten when V8 rejects it; the output never changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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
  const written = statSync(file).mtimeMs;
  assert.equal(render(cache), expected);
  assert.equal(statSync(file).mtimeMs, written, 'an accepted cache is not written again');
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
