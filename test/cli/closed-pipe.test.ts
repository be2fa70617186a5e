// A reader that stops early (`thebot render … | head -1`) closes the pipe:
// thebot stops with SIGPIPE's status (as kubectl does) and prints nothing on
// stderr, never Node's unhandled-'error' stack trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repo = join(__dirname, '..', '..');

// Far more than a pipe's buffer (64 KiB), so the writer is still writing when the reader goes.
function bigProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'thebot-pipe-project-'));
  const docs = Array.from({ length: 2000 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\ndata:\n  key: ${'x'.repeat(200)}\n`);
  writeFileSync(join(dir, 'configmaps.yaml'), docs.join('---\n'));
  writeFileSync(join(dir, 'kustomization.yaml'), 'resources:\n- configmaps.yaml\n');
  return dir;
}

test('render into a pipe closed after the first chunk: exit 141, nothing on stderr', async () => {
  const child = spawn(process.execPath, [join(repo, 'bin', 'thebot.js'), 'render', bigProject()], {
    cwd: repo,
    env: { ...process.env, THEBOT_CACHE: mkdtempSync(join(tmpdir(), 'thebot-pipe-')) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const first = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString('utf8'))));
  child.stdout.destroy();
  const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
  assert.match(first, /^apiVersion: /);
  assert.equal(stderr, '');
  assert.equal(code, 141);
});
