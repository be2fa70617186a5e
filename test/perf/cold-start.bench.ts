// Benchmark (not a test): a new user's first minutes, measured. With a fresh,
// empty THEBOT_CACHE (nothing of ~/.cache/thebot is read or touched; npm
// packages already installed, as after a clone and `npm ci`): the README's
// `bash scripts/setup.sh --editor && npm start`, then the workbench opened in
// Chromium until the Environments tree shows the environments with their
// diagnostics (a problem seeded into the scratch copy npm start opens, so
// "1 error" on the dev row says the first analysis reached the tree). The
// control plane's cold build, which npm start runs in the background, is
// stopped (SIGTERM to npm, as the user's Ctrl+C) as soon as the tree is up:
// it takes over an hour. Prints each part, the tree's cluster line at that
// moment and the load average; a screenshot in test-results/e2e/cold-start-tree.png.
// --reuse-code-server: code-server (the set-up's longest part on a cold
// machine: its native modules compile from source) is linked from
// ~/.cache/thebot instead of installed, to time the rest on its own.
// --until-cluster: the control plane's build is not stopped; the run goes on
// until npm start says the local cluster is up, then deploys dev to it with
// `thebot deploy dev` (the seeded error taken out first): the first deploy
// possible. For a cold Go build, give it empty GOCACHE and GOMODCACHE too.
// Usage: node --import tsx test/perf/cold-start.bench.ts [--runs N] [--reuse-code-server] [--until-cluster]
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync, openSync, closeSync } from 'node:fs';
import { homedir, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { openWorkbench, screenshot, treeRow } from '../e2e/workbench';

const root = new URL('../../', import.meta.url).pathname;
const i = process.argv.indexOf('--runs');
const RUNS = i >= 0 ? Number(process.argv[i + 1]) : 1;
const SEEDED_FILE = 'base/06-backend-deployment.yaml';
const REUSE_CODE_SERVER = process.argv.includes('--reuse-code-server');
const UNTIL_CLUSTER = process.argv.includes('--until-cluster');

const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
const secs = (ms: number) => (ms / 1000).toFixed(0);

/** Runs the editor-only set-up with its output in a log; resolves to each step's seconds as it printed them. */
async function setup(env: NodeJS.ProcessEnv, log: string): Promise<Record<string, number>> {
  const fd = openSync(log, 'w');
  const code = await new Promise<number | null>((r) => spawn('bash', ['scripts/setup.sh', '--editor'], { cwd: root, env, stdio: ['ignore', fd, fd] }).on('exit', r));
  closeSync(fd);
  if (code !== 0) throw new Error(`setup.sh --editor exited ${code}: see ${log}`);
  return Object.fromEntries([...readFileSync(log, 'utf8').matchAll(/^== setup: (\S+) done in (\d+)s$/gm)].map((m) => [m[1]!, Number(m[2])]));
}

async function run(n: number): Promise<void> {
  const cache = mkdtempSync(join(tmpdir(), 'thebot-cold-'));
  const env = { ...process.env, THEBOT_CACHE: cache, THEBOT_CONTROLPLANE_BIN: '' };
  if (REUSE_CODE_SERVER) {
    // Read only: 40-code-server.sh finds it complete and only points `current` at it, in the scratch cache.
    const installed = realpathSync(join(homedir(), '.cache', 'thebot', 'code-server', 'current'));
    mkdirSync(join(cache, 'code-server'));
    symlinkSync(installed, join(cache, 'code-server', installed.slice(installed.lastIndexOf('/') + 1)));
  }
  const loadBefore = load();
  const t0 = Date.now();
  let npm: ReturnType<typeof spawn> | undefined;
  try {
    // The log outlives the scratch cache (test-results/ is not committed).
    const logs = join(root, 'test-results', 'cold-start');
    mkdirSync(logs, { recursive: true });
    const steps = await setup(env, join(logs, `setup-${n}.log`));
    const tSetup = Date.now();
    // npm start exactly as the README says; its own process group, so nothing outlives the run.
    npm = spawn('npm', ['start'], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<unknown>((r) => npm!.on('exit', r));
    let out = '';
    npm.stderr!.on('data', (b: Buffer) => (out += b));
    const lines = createInterface({ input: npm.stdout! });
    lines.on('line', (l) => (out += l + '\n'));
    /** The first line of npm start's output matching `re`, or a failure when it exits first. */
    const firstLine = (re: RegExp, what: string) =>
      new Promise<RegExpExecArray>((resolve, reject) => {
        lines.on('line', (l) => {
          const m = re.exec(l);
          if (m) resolve(m);
        });
        void exited.then(() => reject(new Error(`npm start exited before ${what}:\n${out}`)));
      });
    const url = await firstLine(/^THE_BOT Platform in VS Code: (.*)\/\?folder=(.*)$/, 'serving the editor');
    const clusterUp = firstLine(/^cluster: contexts thebot-dev, thebot-staging, thebot-production — export KUBECONFIG=(.*)$/, 'the cluster was up');
    void clusterUp.catch(() => undefined);
    const tServed = Date.now();
    const folder = decodeURIComponent(url[2]!);
    const seeded = join(folder, SEEDED_FILE);
    const original = readFileSync(seeded, 'utf8');
    writeFileSync(seeded, original.replace(/imagePullPolicy: \w+/, 'imagePullPolicy: Sometimes'));
    const wb = await openWorkbench(url[1]!, folder, join(cache, 'chromium'));
    try {
      const tWorkbench = Date.now();
      // The container appears once the extension host has read our package (slow on a loaded machine).
      await wb.page.locator('.activitybar a.action-label[aria-label="THE_BOT"]').click({ timeout: 600_000 });
      const dev = treeRow(wb.page, 'Environments', 'dev').locator('.label-description', { hasText: '1 error' });
      await dev.waitFor({ timeout: 600_000 });
      const tTree = Date.now();
      const line = await dev.innerText();
      await screenshot(wb.page, 'cold-start-tree');
      console.log(
        `run ${n}: ${secs(tTree - t0)} s to the tree with diagnostics — setup --editor ${secs(tSetup - t0)} s (${Object.entries(steps).map(([s, t]) => `${s} ${t} s`).join(', ')}), ` +
          `npm start to the editor served ${secs(tServed - tSetup)} s, workbench loaded ${secs(tWorkbench - tServed)} s, tree with diagnostics ${secs(tTree - tWorkbench)} s; ` +
          `load ${loadBefore} → ${load()}\n  dev row: ${line}`,
      );
      if (UNTIL_CLUSTER) {
        const kubeconfig = (await clusterUp)[1]!;
        const tCluster = Date.now();
        writeFileSync(seeded, original);
        const deploy = spawn(join(root, 'bin', 'thebot.js'), ['deploy', 'dev', '--project', folder, '--kubeconfig', kubeconfig], { cwd: folder, env, stdio: ['ignore', 'pipe', 'pipe'] });
        let said = '';
        deploy.stdout!.on('data', (b: Buffer) => (said += b));
        deploy.stderr!.on('data', (b: Buffer) => (said += b));
        const code = await new Promise<number | null>((r) => deploy.on('exit', r));
        if (code !== 0) throw new Error(`thebot deploy dev exited ${code}:\n${said}`);
        const tDeployed = Date.now();
        console.log(
          `  the local cluster up ${secs(tCluster - t0)} s after the start (${secs(tCluster - tTree)} s after the tree), dev deployed to it ${secs(tDeployed - t0)} s after the start; load ${load()}`,
        );
      }
    } finally {
      await wb.close();
    }
  } finally {
    if (npm?.pid) {
      // As Ctrl+C: npm start stops code-server, the build and anything it started.
      try {
        process.kill(npm.pid, 'SIGTERM');
      } catch {
        /* gone */
      }
      await new Promise((r) => (npm!.exitCode !== null ? r(undefined) : npm!.on('exit', r)));
      try {
        process.kill(-npm.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    // Nothing may keep building into the scratch cache once it is deleted.
    const left = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).split('\n').filter((l) => l.includes(cache) && !l.includes('ps -eo'));
    if (left.length) console.log(`still running after the stop (left alone): ${left.join('; ')}`);
    rmSync(cache, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  for (let n = 1; n <= RUNS; n++) await run(n);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
});
