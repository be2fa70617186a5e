// `npm start`: the whole product in one command. Builds and installs the
// .vsix into a code-server (a real VS Code in the browser) that opens a
// scratch copy of the bundled manifests/ (the editor never writes into the
// repository's own files; `--in-place` opens them, with autosave off), with
// the local control plane started when its binaries are built (contexts
// thebot-dev/-staging/-production, KUBECONFIG pointed at it), and prints the
// URL. Ctrl+C, SIGTERM or SIGHUP (to this process, or to the `npm start` that
// runs it) stop everything it started: code-server's process group and the
// control plane, even when they arrive mid-start.
//
//   npx tsx scripts/start.ts [--port N] [--no-cluster] [--in-place]
//
// State (editor settings, extension, cluster data, the scratch copy) lives
// under $THEBOT_CACHE/start and is rebuilt on every start.
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { codeServerBinary, freePort, installExtension, startCodeServer, type CodeServer } from '../localdev/codeServer';
import { buildVsix } from '../localdev/vsix';
import { ControlPlane, stopAll } from '../localdev/cluster/controlPlane';
import { findBinaries } from '../localdev/cluster/binaries';

const root = resolve(new URL('..', import.meta.url).pathname);

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const state = join(process.env.THEBOT_CACHE || join(homedir(), '.cache', 'thebot'), 'start');
const clusterDir = join(state, 'controlplane');
const running: { server?: CodeServer; cluster?: ControlPlane } = {};
let stopping: Promise<never> | undefined;

/** Stops what was started (code-server, then the cluster, also one still booting), then exits. */
function stop(code: number): Promise<never> {
  stopping ??= (async () => {
    console.log('stopping…');
    try {
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
process.on('exit', () => {
  const groups = [running.server?.pid, ...(existsSync(join(clusterDir, 'state.json')) ? ControlPlane.attach(clusterDir).procs.map((p) => p.pid) : [])];
  for (const pid of groups) {
    try {
      if (pid) process.kill(-pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
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

async function main(): Promise<void> {
  if (!codeServerBinary()) throw new Error('code-server is not installed: run bash scripts/setup.sh first');
  rmSync(state, { recursive: true, force: true });
  mkdirSync(state, { recursive: true });

  const vsix = buildVsix(join(state, 'thebot-platform.vsix'));
  installExtension(state, vsix.file);
  console.log(`extension: ${vsix.file} (${(vsix.bytes / 1024).toFixed(0)} KiB) installed`);
  if (stopping) return;

  const bins = findBinaries();
  if (process.argv.includes('--no-cluster')) {
    console.log('cluster: not started (--no-cluster)');
  } else if ('missing' in bins) {
    console.log(`cluster: not started — ${bins.missing}`);
  } else {
    console.log('cluster: starting the local control plane…');
    // detach: this script stops it (above), on every way out.
    running.cluster = await ControlPlane.start({ dir: clusterDir, detach: true, log: (m) => console.log(`  ${m}`) });
    console.log(`cluster: contexts thebot-dev, thebot-staging, thebot-production — export KUBECONFIG=${running.cluster.kubeconfig}`);
  }
  if (stopping) return;

  const folder = workspace();
  const port = Number(arg('--port') ?? 0) || (await freePort());
  const cluster = running.cluster;
  running.server = await startCodeServer({
    scratch: state,
    port,
    env: cluster ? { KUBECONFIG: cluster.kubeconfig } : {},
    settings: {
      'thebot.defaultEnvironment': 'dev',
      // Nothing is written behind the user's back (in-place or not).
      'files.autoSave': 'off',
      ...(cluster ? { 'thebot.kubeconfig': cluster.kubeconfig } : {}),
    },
  });
  if (stopping) return void (await running.server.stop());
  const where = folder.startsWith(state) ? `a scratch copy of manifests/ (${folder}; --in-place edits the repository's own)` : `${folder} (autosave off)`;
  console.log(`editing: ${where}`);
  console.log(`\nTHE_BOT Platform in VS Code: ${running.server.url}/?folder=${encodeURIComponent(folder)}\n(Ctrl+C to stop)`);
}

main().catch(async (e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  await stop(1);
});
