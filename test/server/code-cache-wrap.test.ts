// The code cache's loader reads a bundle already wrapped in Node's module
// function, as one flat string (server/src/codeCache.ts, readWrapped): the
// text V8 compiles must be exactly Module.wrap of the file's, so that caches
// stay valid and stack traces keep their lines and columns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readWrapped } from '../../server/src/codeCache';

const wrap = (text: string): string => (Module as unknown as { wrap(s: string): string }).wrap(text);

test('readWrapped is Module.wrap of the file\'s text: ASCII, UTF-8 of 2 to 4 bytes, empty; undefined for a missing file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'thebot-wrap-'));
  const texts = { 'ascii.js': 'module.exports = 1;\n', 'utf8.js': "module.exports = 'é € 😀';\n", 'empty.js': '' };
  for (const [name, text] of Object.entries(texts)) {
    writeFileSync(join(dir, name), text);
    assert.equal(readWrapped(join(dir, name)), wrap(text), name);
  }
  assert.equal(readWrapped(join(dir, 'missing.js')), undefined);
});

test('a module loaded through the code cache runs as Node runs it: exports, UTF-8 text, stack positions; its cache is accepted by the next process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'thebot-wrap-run-'));
  const bundle = join(dir, 'bundle.js');
  writeFileSync(bundle, "const s = 'é € 😀';\nfunction where() {\n  return new Error('x').stack.split('\\n')[1].trim();\n}\nmodule.exports = { s, where: where(), file: __filename, dir: __dirname, main: typeof require };\n");
  const cache = join(dir, 'cache');
  const run = (hooked: boolean) => {
    const script = hooked
      ? `require(${JSON.stringify(join(__dirname, '..', '..', 'dist', 'code-cache.js'))}).installCodeCache({ match: (f) => f === ${JSON.stringify(bundle)}, dir: ${JSON.stringify(cache)} });`
      : '';
    const r = spawnSync(process.execPath, ['-e', `${script}\nprocess.stdout.write(JSON.stringify(require(${JSON.stringify(bundle)})));`], { encoding: 'utf8' });
    assert.equal(r.stderr, '');
    assert.equal(r.status, 0);
    return JSON.parse(r.stdout) as Record<string, string>;
  };
  const plain = run(false);
  assert.equal(plain.s, 'é € 😀');
  assert.match(plain.where!, /bundle\.js:3:10\)$/);
  assert.deepEqual(run(true), plain);
  const [saved] = readdirSync(cache);
  assert.match(saved!, /^bundle-[0-9a-f]{8}-/);
  const first = { ino: statSync(join(cache, saved!)).ino, bytes: readFileSync(join(cache, saved!)) };
  assert.deepEqual(run(true), plain);
  assert.deepEqual({ ino: statSync(join(cache, saved!)).ino, bytes: readFileSync(join(cache, saved!)) }, first, 'accepted, not written again');
});
