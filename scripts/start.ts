// `npm start`: the whole product in one command. Builds and installs the
// .vsix into a code-server (a real VS Code in the browser) that opens a
// scratch copy of the bundled manifests/ (the editor never writes into the
// repository's own files; `--in-place` opens them, with autosave off), and
// prints the URL. Editor first, cluster when ready: the editor opens at once;
// the local control plane (contexts thebot-dev/-staging/-production) is then
// built, when its binaries are missing (scripts/setup.d/30-controlplane.sh),
// and started in the background. Until it answers, the kubeconfig the editor
// is given has a note beside it (<kubeconfig>.pending: "local cluster:
// building kube-apiserver, …, ~N min left", "… starting") that the
// Environments tree shows (the time left: localdev/cluster/buildEstimate.ts);
// the note goes once the cluster is up, and the tree connects by itself.
// Ctrl+C, SIGTERM or SIGHUP (to this process, or to the `npm start` that
// runs it) stop everything it started: code-server's process group, a build
// and the control plane, even when they arrive mid-start.
//
//   npx tsx scripts/start.ts [--port N] [--no-cluster] [--in-place]
//
// State (editor settings, extension, cluster data, the scratch copy) lives
// under $THEBOT_CACHE/start and is rebuilt on every start.
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { codeServerBinary, freePort, installExtension, startCodeServer, type CodeServer } from '../localdev/codeServer';
import { buildVsix } from '../localdev/vsix';
import { ControlPlane, stopAll } from '../localdev/cluster/controlPlane';
import { findBinaries } from '../localdev/cluster/binaries';
import { BuildProgress, parseRecord, RECORD_FILE } from '../localdev/cluster/buildEstimate';

const root = resolve(new URL('..', import.meta.url).pathname);

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const cache = process.env.THEBOT_CACHE || join(homedir(), '.cache', 'thebot');
const state = join(cache, 'start');
const clusterDir = join(state, 'controlplane');
/** The editor's kubeconfig: written when the cluster is up (the control plane may restart in a new directory). */
const kubeconfig = join(state, 'kubeconfig');
const running: { server?: CodeServer; cluster?: ControlPlane; build?: number } = {};
let stopping: Promise<never> | undefined;

/** Stops what was started (code-server, then the cluster, also one still booting), then exits. */
function stop(code: number): Promise<never> {
  stopping ??= (async () => {
    console.log('stopping…');
    try {
      if (running.build) killGroup(running.build);
      await running.server?.stop();
      if (running.cluster) await running.cluster.stop({ keepDir: true });
      else if (existsSync(join(clusterDir, 'state.json'))) await stopAll(ControlPlane.attach(clusterDir));
    } finally {
      process.exit(code);
    }
  })();
  return stopping;
}

// Installed before anything starts. Each signal stops everything, once; the
// exit handler is the synchronous last resort (an uncaught error, a second
// signal): SIGKILL to every process group still known.
for (const [sig, n] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]] as const) process.on(sig, () => void stop(n === 2 ? 0 : 128 + n));
function killGroup(pid: number, signal: NodeJS.Signals = 'SIGTERM'): void {
  try {
    process.kill(-pid, signal);
  } catch {
    /* already gone */
  }
}
process.on('exit', () => {
  const groups = [running.server?.pid, running.build, ...(existsSync(join(clusterDir, 'state.json')) ? ControlPlane.attach(clusterDir).procs.map((p) => p.pid) : [])];
  for (const pid of groups) if (pid) killGroup(pid, 'SIGKILL');
});

// npm does not pass SIGTERM on to its script (npm 11 exits and leaves it
// running), so the script also stops when its parent goes away: `npm start`
// execs node in place of the shell, which makes npm the parent watched here.
const parent = process.ppid;
setInterval(() => process.ppid !== parent && void stop(0), 500).unref();

/** The folder the editor opens: a scratch copy of manifests/, or the repository's own with --in-place. */
function workspace(): string {
  if (process.argv.includes('--in-place')) return join(root, 'manifests');
  const copy = join(state, 'workspace', 'manifests');
  cpSync(join(root, 'manifests'), copy, { recursive: true });
  return copy;
}

/** What the Environments tree shows until the cluster answers (client/src/kubeconfig.ts pendingNote). */
function note(text: string): void {
  writeFileSync(`${kubeconfig}.pending`, text + '\n');
}

/** Builds the missing control-plane binaries (the set-up step), its progress in the note; the log in the state directory. */
async function buildControlPlane(): Promise<boolean> {
  const log = join(state, 'controlplane-build.log');
  console.log(`cluster: building the control plane in the background (first run; log: ${log})`);
  note('local cluster: building');
  // Its own process group, so a stop ends the go build under it too.
  // THEBOT_CONTROLPLANE_SETUP: another set-up script (the tests' stand-in for an hour-long build).
  const setup = process.env.THEBOT_CONTROLPLANE_SETUP || join(root, 'scripts/setup.d/30-controlplane.sh');
  const build = spawn('bash', [setup], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  running.build = build.pid;
  const lines: string[] = [];
  build.stderr!.on('data', (b: Buffer) => lines.push(b.toString()));
  // The time left, from this machine's recorded build durations (or the defaults), counted down between lines.
  const record = join(cache, 'controlplane', RECORD_FILE);
  const progress = new BuildProgress(parseRecord(existsSync(record) ? readFileSync(record, 'utf8') : ''));
  createInterface({ input: build.stdout! }).on('line', (l) => {
    lines.push(l + '\n');
    progress.line(l, Date.now());
    note(progress.note(Date.now()));
  });
  const countdown = setInterval(() => note(progress.note(Date.now())), 15_000);
  const code = await new Promise<number | null>((r) => build.on('exit', r));
  clearInterval(countdown);
  running.build = undefined;
  writeFileSync(log, lines.join(''));
  if (code !== 0) {
    console.log(`cluster: the build failed (exit ${code}), see ${log}`);
    note(`local cluster: build failed (see ${log})`);
  }
  return code === 0;
}

/** Builds (when needed) and starts the local cluster; the editor is already open. */
async function startCluster(): Promise<void> {
  if ('missing' in findBinaries() && !(await buildControlPlane())) return;
  if (stopping) return;
  const bins = findBinaries();
  if ('missing' in bins) {
    console.log(`cluster: not started — ${bins.missing}`);
    return note(`local cluster: not started — ${bins.missing}`);
  }
  console.log('cluster: starting the local control plane…');
  note('local cluster: starting');
  try {
    // detach: this script stops it (above), on every way out.
    running.cluster = await ControlPlane.start({ dir: clusterDir, detach: true, log: (m) => console.log(`  ${m}`) });
  } catch (e) {
    if (stopping) return;
    const why = e instanceof Error ? e.message : String(e);
    console.log(`cluster: failed to start: ${why}`);
    return note(`local cluster: failed to start (${why.split('\n')[0]})`);
  }
  // The kubeconfig first, then the note goes: the tree's next retry connects.
  copyFileSync(running.cluster.kubeconfig, `${kubeconfig}.tmp`);
  renameSync(`${kubeconfig}.tmp`, kubeconfig);
  rmSync(`${kubeconfig}.pending`, { force: true });
  console.log(`cluster: contexts thebot-dev, thebot-staging, thebot-production — export KUBECONFIG=${kubeconfig}`);
}

async function main(): Promise<void> {
  if (!codeServerBinary()) throw new Error('code-server is not installed: run bash scripts/setup.sh --editor first');
  rmSync(state, { recursive: true, force: true });
  mkdirSync(state, { recursive: true });

  const vsix = buildVsix(join(state, 'thebot-platform.vsix'));
  installExtension(state, vsix.file);
  console.log(`extension: ${vsix.file} (${(vsix.bytes / 1024).toFixed(0)} KiB) installed`);
  if (stopping) return;

  const withCluster = !process.argv.includes('--no-cluster');
  if (withCluster) note('local cluster: starting');
  else console.log('cluster: not started (--no-cluster)');

  const folder = workspace();
  const port = Number(arg('--port') ?? 0) || (await freePort());
  running.server = await startCodeServer({
    scratch: state,
    port,
    env: withCluster ? { KUBECONFIG: kubeconfig } : {},
    settings: {
      'thebot.defaultEnvironment': 'dev',
      // Nothing is written behind the user's back (in-place or not).
      'files.autoSave': 'off',
      ...(withCluster ? { 'thebot.kubeconfig': kubeconfig } : {}),
    },
  });
  if (stopping) return void (await running.server.stop());
  const where = folder.startsWith(state) ? `a scratch copy of manifests/ (${folder}; --in-place edits the repository's own)` : `${folder} (autosave off)`;
  console.log(`editing: ${where}`);
  console.log(`\nTHE_BOT Platform in VS Code: ${running.server.url}/?folder=${encodeURIComponent(folder)}\n(Ctrl+C to stop)`);
  if (withCluster) await startCluster();
}

main().catch(async (e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  await stop(1);
});
