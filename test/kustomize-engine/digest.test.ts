// SHA-256 without node:crypto (server/src/kustomize/digest.ts): the same hex
// digest as Node's, at every padding boundary and for text that is not ASCII;
// and `thebot render` of an overlay with a generator (a hashed name) loads no
// node:crypto, which only the cluster commands need.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256Hex } from '../../server/src/kustomize/digest';

const repo = join(__dirname, '..', '..');

test('sha256Hex is SHA-256 of the UTF-8 bytes, as node:crypto gives it', () => {
  const texts = [
    '',
    'abc',
    ...[55, 56, 57, 63, 64, 65, 119, 120, 128, 1000].map((n) => 'x'.repeat(n)),
    'données: ü, €, 日本, 🚀',
    'lone \ud800 surrogate',
    '{"data":{"A":"1"},"kind":"ConfigMap","name":""}',
  ];
  for (const t of texts) assert.equal(sha256Hex(t), createHash('sha256').update(t, 'utf8').digest('hex'), JSON.stringify(t));
  assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});

test('thebot render with a generator loads no node:crypto; a cluster command does', () => {
  const dir = mkdtempSync(join(tmpdir(), 'thebot-digest-'));
  const preload = join(dir, 'modules.js');
  const list = join(dir, 'modules.txt');
  writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(list)}, process.moduleLoadList.join('\\n')));\n`);
  const thebot = (args: string[]) => spawnSync(process.execPath, ['-r', preload, join(repo, 'bin', 'thebot.js'), ...args], { cwd: repo, encoding: 'utf8' });
  const r = thebot(['render', 'test/fixtures/kustomize/cases/build-metadata-components/base']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /\n {2}name: gen-h29d89cmmt\n/);
  assert.doesNotMatch(readFileSync(list, 'utf8'), /^NativeModule crypto$/m);
  const s = thebot(['status']);
  assert.equal(s.status, 2);
  assert.match(readFileSync(list, 'utf8'), /^NativeModule crypto$/m);
});
