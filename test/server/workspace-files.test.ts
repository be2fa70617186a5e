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

test('realpath resolves symlinks (cached with cacheDisk) and returns a missing path unchanged', () => {
  const dir = scratch();
  symlinkSync(join(dir, 'a.yaml'), join(dir, 'link.yaml'));
  const files = new WorkspaceFiles();
  files.cacheDisk = true;
  assert.equal(files.realpath(join(dir, 'link.yaml')), join(dir, 'a.yaml').replace(dir, files.realpath(dir)));
  assert.equal(files.realpath(join(dir, 'missing.yaml')), join(dir, 'missing.yaml'));
});
