// `npm start` stopped by SIGTERM (to npm, as a supervisor or `kill` sends it)
// leaves nothing running: not code-server's process group, not the control
// plane it started; and the editor opens a scratch copy of manifests/ with
// autosave off, never the repository's own files. code-server is replaced by
// a stand-in (a script that listens nowhere and keeps a child in its group,
// like an extension host): the test is about process lifetimes, and the real
// one is driven in extension.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { binaryDir, findBinaries } from '../../localdev/cluster/binaries';
import { ControlPlane } from '../../localdev/cluster/controlPlane';

const root = new URL('../../', import.meta.url).pathname;
const CI = process.env.CI === 'true';
const bins = findBinaries();
if ('missing' in bins && CI) throw new Error(bins.missing);

function alive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits until none of the process groups is alive, or fails at the deadline. */
async function gone(pgids: number[], ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (pgids.some(alive)) {
    if (Date.now() > deadline) assert.fail(`${what} still running after ${ms} ms: ${pgids.filter(alive).join(', ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('npm start: SIGTERM to npm stops code-server and the cluster; the editor opens a scratch copy, autosave off', { timeout: 300_000 }, async () => {
  const cache = mkdtempSync(join(tmpdir(), 'thebot-start-'));
  const pidFile = join(cache, 'code-server.pid');
  const bin = join(cache, 'code-server', 'current');
  mkdirSync(bin, { recursive: true });
  writeFileSync(
    join(bin, 'code-server'),
    [
      '#!/bin/bash',
      'for a in "$@"; do [ "$a" = --install-extension ] && { echo "Extension was successfully installed."; exit 0; }; done',
      `echo $$ > ${pidFile}`,
      'sleep 600 &',
      'echo "[stand-in] HTTP server listening on http://127.0.0.1:0/"',
      'wait',
    ].join('\n') + '\n',
  );
  chmodSync(join(bin, 'code-server'), 0o755);
  const withCluster = !('missing' in bins);
  const npm = spawn('npm', ['start', '--', '--port', '1', ...(withCluster ? [] : ['--no-cluster'])], {
    cwd: root,
    env: { ...process.env, THEBOT_CACHE: cache, THEBOT_CONTROLPLANE_BIN: binaryDir() },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | NodeJS.Signals>((r) => npm.on('exit', (code, sig) => r(code ?? sig!)));
  let out = '';
  npm.stderr!.on('data', (b: Buffer) => (out += b));
  try {
    const folder = await new Promise<string>((resolve, reject) => {
      createInterface({ input: npm.stdout! }).on('line', (l) => {
        out += l + '\n';
        const m = /^THE_BOT Platform in VS Code: .*\?folder=(.*)$/.exec(l);
        if (m) resolve(decodeURIComponent(m[1]!));
      });
      void exited.then((c) => reject(new Error(`npm start exited (${c}) before serving:\n${out}`)));
    });
    const state = join(cache, 'start');
    assert.equal(folder, join(state, 'workspace', 'manifests'));
    assert.ok(existsSync(join(folder, 'thebot.yaml')));
    assert.match(out, /^editing: a scratch copy of manifests\//m);
    const settings = JSON.parse(readFileSync(join(state, 'user-data', 'User', 'settings.json'), 'utf8'));
    assert.equal(settings['files.autoSave'], 'off');

    const codeServer = Number(readFileSync(pidFile, 'utf8'));
    assert.ok(alive(codeServer));
    const cluster = withCluster ? ControlPlane.attach(join(state, 'controlplane')).procs.map((p) => p.pid) : [];
    assert.equal(cluster.length, withCluster ? 6 : 0, out);
    assert.ok(cluster.every(alive));

    // SIGTERM to npm alone, not to its group.
    process.kill(npm.pid!, 'SIGTERM');
    await exited;
    await gone([codeServer], 15_000, 'code-server');
    await gone(cluster, 30_000, 'the control plane');
    await gone([npm.pid!], 15_000, "npm start's own processes");
  } finally {
    if (alive(npm.pid!)) process.kill(-npm.pid!, 'SIGKILL');
    rmSync(cache, { recursive: true, force: true });
  }
});
