// WorkspaceFiles keeps what it read from disk only while the client reports
// disk changes (cacheDisk), and only for the watched YAML files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkspaceFiles } from '../../server/src/documents/workspace';

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'thebot-ws-'));
  writeFileSync(join(dir, 'a.yaml'), 'a: 1\n');
  writeFileSync(join(dir, 'app.env'), 'A=1\n');
  return dir;
}

test('without cacheDisk every read goes to the disk', () => {
  const dir = scratch();
  const files = new WorkspaceFiles();
  assert.equal(files.readFile(join(dir, 'a.yaml')), 'a: 1\n');
  writeFileSync(join(dir, 'a.yaml'), 'a: 2\n');
  assert.equal(files.readFile(join(dir, 'a.yaml')), 'a: 2\n');
});

test('with cacheDisk a YAML file keeps its text until diskChanged(); other files are read every time', () => {
  const dir = scratch();
  const files = new WorkspaceFiles();
  files.cacheDisk = true;
  const yaml = join(dir, 'a.yaml');
  const env = join(dir, 'app.env');
  assert.equal(files.readFile(yaml), 'a: 1\n');
  assert.equal(files.readFile(env), 'A=1\n');
  assert.equal(files.isDirectory(join(dir, 'sub')), undefined);
  writeFileSync(yaml, 'a: 2\n');
  writeFileSync(env, 'A=2\n');
  mkdirSync(join(dir, 'sub'));
  assert.equal(files.readFile(yaml), 'a: 1\n');
  assert.equal(files.readFile(env), 'A=2\n');
  assert.equal(files.isDirectory(join(dir, 'sub')), undefined);
  files.diskChanged();
  assert.equal(files.readFile(yaml), 'a: 2\n');
  assert.equal(files.isDirectory(join(dir, 'sub')), true);
});

test('an open buffer wins over the cached disk text, and closing it reads the disk again', () => {
  const dir = scratch();
  const files = new WorkspaceFiles();
  files.cacheDisk = true;
  const yaml = join(dir, 'a.yaml');
  assert.equal(files.readFile(yaml), 'a: 1\n');
  files.setBuffer(yaml, 3, 'a: 3\n');
  assert.equal(files.readFile(yaml), 'a: 3\n');
  writeFileSync(yaml, 'a: 3\n'); // saved
  files.deleteBuffer(yaml);
  assert.equal(files.readFile(yaml), 'a: 3\n');
});

test('realpath resolves symlinks (cached with cacheDisk); a missing path keeps its name under its directory\'s real path', () => {
  const dir = scratch();
  symlinkSync(join(dir, 'a.yaml'), join(dir, 'link.yaml'));
  symlinkSync(dir, join(dir, 'linkdir'));
  const files = new WorkspaceFiles();
  files.cacheDisk = true;
  const real = files.realpath(dir);
  assert.equal(files.realpath(join(dir, 'link.yaml')), join(real, 'a.yaml'));
  // An unsaved buffer's file compares with the load restrictor's real root like a file on disk would.
  assert.equal(files.realpath(join(dir, 'linkdir', 'missing.yaml')), join(real, 'missing.yaml'));
});

test('an open buffer over 16 MiB of UTF-8 is refused like a file on disk, counted in bytes', () => {
  const dir = scratch();
  const files = new WorkspaceFiles();
  const file = join(dir, 'a.yaml');
  // 6 Mi characters of 3 bytes each: 18 MiB on disk, under the cap in characters.
  const text = '\u20ac'.repeat(6 * 1024 * 1024);
  files.setBuffer(file, 2, text);
  assert.throws(() => files.readFile(file), { message: `file '${file}' is too large: ${18 * 1024 * 1024} bytes (the limit is 16 MiB)` });
  files.setBuffer(file, 3, '\u20ac'.repeat(5 * 1024 * 1024));
  assert.equal(files.readFile(file)?.length, 5 * 1024 * 1024);
});
