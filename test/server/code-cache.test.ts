// dist/server.js runs the language server's bundle (dist/server-main.js)
// through V8's code cache under $THEBOT_CACHE/code-cache: saved at exit (or
// 10 s after start), used by the next server, saved again when V8 rejects it;
// the server answers the same either way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspClient, repoRoot } from './lspClient';

const root = join(repoRoot, 'test', 'fixtures', 'cli', 'project');
const file = join(root, 'base', 'web.yaml');
const NAME = new RegExp(`^server-main-[0-9a-f]{8}-${process.version}-${process.arch}-\\d+-\\d+\\.bin$`);

/** A server's diagnostics for the fixture's web.yaml, the server stopped (so it has exited) before they are returned. */
async function diagnostics(env: Record<string, string>): Promise<unknown> {
  const client = await LspClient.start({ root, env });
  try {
    const uri = await client.open(file);
    return (await client.diagnosticsFor(uri, 1)).diagnostics;
  } finally {
    await client.stop();
  }
}

test('the server saves its code cache at exit, the next server uses it, a rejected one is saved again', async () => {
  const expected = await diagnostics({ THEBOT_CACHE: mkdtempSync(join(tmpdir(), 'thebot-srv-cc-off-')), THEBOT_CODE_CACHE: '0' });
  assert.ok(Array.isArray(expected) && expected.length > 0, 'the fixture has findings to compare');
  const cache = mkdtempSync(join(tmpdir(), 'thebot-srv-cc-'));
  const dir = join(cache, 'code-cache');
  assert.deepEqual(await diagnostics({ THEBOT_CACHE: cache }), expected);
  const files = readdirSync(dir);
  assert.equal(files.length, 1);
  assert.match(files[0]!, NAME);
  const saved = join(dir, files[0]!);
  assert.ok(statSync(saved).size > 100_000, 'the cache holds the bundle compiled');
  const written = { ino: statSync(saved).ino, bytes: readFileSync(saved) };
  utimesSync(saved, new Date(2000, 0, 1), new Date(2000, 0, 1));
  assert.deepEqual(await diagnostics({ THEBOT_CACHE: cache }), expected);
  assert.deepEqual({ ino: statSync(saved).ino, bytes: readFileSync(saved) }, written, 'an accepted cache is not saved again');
  assert.ok(statSync(saved).mtimeMs > Date.now() - 3_600_000, 'an accepted cache is marked as used (prune keeps it)');
  writeFileSync(saved, 'not a code cache');
  assert.deepEqual(await diagnostics({ THEBOT_CACHE: cache }), expected);
  assert.deepEqual(readdirSync(dir), files);
  assert.ok(readFileSync(saved).length > 100_000, 'the rejected cache was replaced');
});

test('THEBOT_CODE_CACHE=0 leaves the cache directory alone', async () => {
  const cache = mkdtempSync(join(tmpdir(), 'thebot-srv-cc-none-'));
  await diagnostics({ THEBOT_CACHE: cache, THEBOT_CODE_CACHE: '0' });
  assert.equal(existsSync(join(cache, 'code-cache')), false);
});

test('a server that keeps running saves its cache 10 s after it started, without waiting for its exit', async () => {
  const cache = mkdtempSync(join(tmpdir(), 'thebot-srv-cc-timer-'));
  const dir = join(cache, 'code-cache');
  const started = Date.now();
  const client = await LspClient.start({ root, env: { THEBOT_CACHE: cache } });
  try {
    const uri = await client.open(file);
    await client.diagnosticsFor(uri, 1);
    const saved = (): boolean => existsSync(dir) && readdirSync(dir).some((f) => NAME.test(f));
    if (Date.now() - started < 9_000) assert.equal(saved(), false, 'not saved before the 10 s');
    while (!saved()) {
      assert.ok(Date.now() - started < 30_000, 'saved within 30 s');
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(Date.now() - started >= 10_000, `saved after ${Date.now() - started} ms`);
  } finally {
    await client.stop();
  }
});
