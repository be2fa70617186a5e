import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cli = join(__dirname, '..', '..', 'bin', 'thebot.js');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('check reports a syntax error in the second document with exact line and column', () => {
  const dir = mkdtempSync(join(tmpdir(), 'thebot-cli-'));
  writeFileSync(join(dir, 'bad.yaml'), 'a: 1\n---\nb: [1, 2\nc: 3\n');
  const r = run(['check', 'bad.yaml'], dir);
  assert.equal(r.code, 1);
  assert.equal(
    r.stdout,
    'bad.yaml:4:1 error yaml-syntax Flow sequence in block collection must be sufficiently indented and end with a ]\n',
  );
});

test('check is silent and exits 0 on valid YAML', () => {
  const dir = mkdtempSync(join(tmpdir(), 'thebot-cli-'));
  writeFileSync(join(dir, 'good.yaml'), 'a: 1\n---\nb: [1, 2]\n');
  const r = run(['check', '.'], dir);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, '');
});

test('check exits 2 on a missing path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'thebot-cli-'));
  const r = run(['check', 'nope.yaml'], dir);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no such file or directory: nope\.yaml/);
});
