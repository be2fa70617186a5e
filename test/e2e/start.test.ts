// `npm start` stopped by SIGTERM (to npm, as a supervisor or `kill` sends it)
// leaves nothing running: not code-server's process group, not the control
// plane it started; and the editor opens a scratch copy of manifests/ with
// autosave off, never the repository's own files. code-server is replaced by
// a stand-in (a script that listens nowhere and keeps a child in its group,
// like an extension host): the test is about process lifetimes, and the real
// one is driven in extension.test.ts. Editor first: the control plane's
// binaries are "missing", so npm start runs the set-up step in the background
// (a stand-in that says it builds until the test lets it finish, then points
// at the real binaries) after the editor is served; the kubeconfig the editor
// was given carries the note the tree shows until the cluster is up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
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

/** Waits until `read` gives `want` (a file another process writes), or fails at the deadline. */
async function until(read: () => string | undefined, want: string | undefined, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  let last: string | undefined;
  while ((last = read()) !== want) {
    if (Date.now() > deadline) assert.fail(`${what}: ${JSON.stringify(last)} after ${ms} ms, expected ${JSON.stringify(want)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const content = (file: string) => (): string | undefined => (existsSync(file) ? readFileSync(file, 'utf8') : undefined);

/** Waits until none of the process groups is alive, or fails at the deadline. */
async function gone(pgids: number[], ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (pgids.some(alive)) {
    if (Date.now() > deadline) assert.fail(`${what} still running after ${ms} ms: ${pgids.filter(alive).join(', ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('npm start: the editor is served first, the cluster builds and starts behind it (the note, then the kubeconfig); SIGTERM to npm stops code-server and the cluster; a scratch copy, autosave off', { timeout: 300_000 }, async () => {
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
  // The set-up step's stand-in: reports a build, finishes when the test says so.
  const setup = join(cache, 'setup-controlplane.sh');
  const built = join(cache, 'built');
  writeFileSync(
    setup,
    [
      '#!/bin/bash',
      'echo "30-controlplane: to build: kube-apiserver kube-controller-manager kube-scheduler"',
      'echo "30-controlplane: etcd cached"',
      'echo "30-controlplane: building kube-apiserver kube-controller-manager kube-scheduler (one go build)…"',
      `while [ ! -e ${built} ]; do sleep 0.05; done`,
      `ln -s ${withCluster ? realpathSync(binaryDir()) : '/nonexistent'} ${cache}/controlplane/current`,
    ].join('\n') + '\n',
  );
  // This machine's last build of the three took 25 min: the note's estimate.
  mkdirSync(join(cache, 'controlplane'));
  writeFileSync(join(cache, 'controlplane', 'build-times.tsv'), '1500\tkube-apiserver kube-controller-manager kube-scheduler\n');
  const npm = spawn('npm', ['start', '--', '--port', '1', ...(withCluster ? [] : ['--no-cluster'])], {
    cwd: root,
    env: { ...process.env, THEBOT_CACHE: cache, THEBOT_CONTROLPLANE_BIN: '', THEBOT_CONTROLPLANE_SETUP: setup },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | NodeJS.Signals>((r) => npm.on('exit', (code, sig) => r(code ?? sig!)));
  let out = '';
  npm.stderr!.on('data', (b: Buffer) => (out += b));
  const lines = createInterface({ input: npm.stdout! });
  /** The first stdout line matching `re` (its groups), or a failure when npm start exits first. */
  const line = (re: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      lines.on('line', (l) => {
        const m = re.exec(l);
        if (m) resolve(m);
      });
      void exited.then((c) => reject(new Error(`npm start exited (${c}) before a line matching ${re}:\n${out}`)));
    });
  lines.on('line', (l) => (out += l + '\n'));
  const served = line(/^THE_BOT Platform in VS Code: .*\?folder=(.*)$/);
  const clusterUp = line(/^cluster: contexts thebot-dev, thebot-staging, thebot-production — export KUBECONFIG=(.*)$/);
  void clusterUp.catch(() => undefined);
  try {
    const folder = decodeURIComponent((await served)[1]!);
    const state = join(cache, 'start');
    assert.equal(folder, join(state, 'workspace', 'manifests'));
    assert.ok(existsSync(join(folder, 'thebot.yaml')));
    assert.match(out, /^editing: a scratch copy of manifests\//m);
    const settings = JSON.parse(readFileSync(join(state, 'user-data', 'User', 'settings.json'), 'utf8'));
    assert.equal(settings['files.autoSave'], 'off');

    if (withCluster) {
      // Editor first: served while the control plane is still "building"; the tree's note says so.
      const kubeconfig = join(state, 'kubeconfig');
      assert.equal(settings['thebot.kubeconfig'], kubeconfig);
      await until(content(`${kubeconfig}.pending`), 'local cluster: building kube-apiserver, kube-controller-manager, kube-scheduler, ~25 min left\n', 10_000, 'the note while building');
      assert.equal(existsSync(kubeconfig), false);
      assert.equal(existsSync(join(state, 'controlplane', 'state.json')), false, 'no cluster before its binaries');
      writeFileSync(built, '');
      assert.equal((await clusterUp)[1], kubeconfig);
      assert.match(readFileSync(kubeconfig, 'utf8'), /name: thebot-production/);
      assert.equal(existsSync(`${kubeconfig}.pending`), false, 'the note goes once the cluster is up');
      assert.match(readFileSync(join(state, 'controlplane-build.log'), 'utf8'), /^30-controlplane: etcd cached$/m);
    }

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
