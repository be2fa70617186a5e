// Benchmark (not a test): the extension's activation in a real editor
// (code-server in Debian's Chromium, as the e2e tests run it) on the platform
// workspace (manifests/), from activate() to the language server ready, as the
// extension logs it ("THE_BOT Platform activated in N ms … (language server
// M ms, project search P ms)"). One extension install serves every run, as a
// user's does: its first start writes the V8 code cache of the extension and
// of the language server (server/src/codeCache.ts); the later ones alternate
// with the cache (what a user gets from the second start on) and without it
// (THEBOT_CODE_CACHE=0 for code-server, so for the extension host and the
// server it forks). Each run is a new code-server and a new browser.
// Usage: npx tsx scripts/bench-activation.ts [--runs 5] [--vsix FILE]
//   --vsix: an already built package (default: built here, as `npm run package` does).
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeServerBinary, installExtension, startCodeServer } from '../localdev/codeServer';
import { buildVsix } from '../localdev/vsix';
import { openWorkbench } from '../test/e2e/workbench';
import { repoRoot } from '../test/server/lspClient';

function option(name: string, dflt: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : dflt;
}
const RUNS = Number(option('--runs', '5'));
const VSIX = option('--vsix', '');

interface Activation {
  total: number;
  server: number;
  search: number;
  /** The server's own share: its process start -> `initialize` received (its log line); -1 when not logged. */
  serverStart: number;
}

const ACTIVATED = /THE_BOT Platform activated in (\d+) ms.*language server (\d+) ms, project search (\d+) ms/;

const SERVER_STARTED = /initialize received (\d+) ms after its process started/;

/** The first line matching `re` in the editor's log files (user-data/logs: the extension's channels among them). */
function logLine(userData: string, re: RegExp): string | undefined {
  const logs = join(userData, 'logs');
  if (!existsSync(logs)) return undefined;
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.log') ? [join(dir, e.name)] : []));
  for (const file of walk(logs)) {
    const line = readFileSync(file, 'utf8').split('\n').find((l) => re.test(l));
    if (line) return line;
  }
  return undefined;
}

async function until<T>(get: () => T | undefined, what: string, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** One editor start on the workspace: the extension's activation figures. */
async function run(scratch: string, workspace: string, env: Record<string, string>, beforeClose?: () => Promise<unknown>): Promise<Activation> {
  // Each start writes a new log folder; the old ones would answer first.
  rmSync(join(scratch, 'user-data', 'logs'), { recursive: true, force: true });
  const server = await startCodeServer({ scratch, env });
  try {
    const wb = await openWorkbench(server.url, workspace, join(scratch, 'chromium'));
    try {
      const line = await until(() => logLine(server.dirs.userData, ACTIVATED), 'the activation line in the extension log', 120_000);
      const m = ACTIVATED.exec(line)!;
      // The server's line goes to the language client's channel, flushed to its log file a moment later.
      const started = await until(() => logLine(server.dirs.userData, SERVER_STARTED), 'the language server start line', 10_000).catch(() => undefined);
      await beforeClose?.();
      return { total: Number(m[1]), server: Number(m[2]), search: Number(m[3]), serverStart: started ? Number(SERVER_STARTED.exec(started)![1]) : -1 };
    } finally {
      await wb.close();
    }
  } finally {
    await server.stop();
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const load = (): string => loadavg().map((l) => l.toFixed(1)).join(' ');
const show = (runs: Activation[], k: keyof Activation): string => `median ${median(runs.map((r) => r[k]))} ms (${runs.map((r) => r[k]).join(', ')})`;

async function main(): Promise<void> {
  if (!codeServerBinary()) throw new Error('code-server is not installed: run bash scripts/setup.sh');
  const scratch = mkdtempSync(join(tmpdir(), 'thebot-bench-activation-'));
  try {
    const workspace = join(scratch, 'manifests');
    cpSync(join(repoRoot, 'manifests'), workspace, { recursive: true });
    const vsix = VSIX || buildVsix(join(scratch, 'thebot-platform.vsix')).file;
    installExtension(scratch, vsix);
    // The code caches go to a cache folder of this run (THEBOT_CACHE), removed with it.
    const cache = join(scratch, 'cache');
    const codeCache = join(cache, 'code-cache');
    console.log(`bench-activation: ${cpus().length} cores, load average ${load()}; ${RUNS} alternating pairs after a first start`);
    // The caches are saved 10 s after each bundle loads (or as its process exits, which a stopped
    // editor does not wait for): the first start stays open until both are there.
    const cachesSaved = () =>
      until(() => {
        const names = existsSync(codeCache) ? readdirSync(codeCache) : [];
        return names.some((n) => n.startsWith('client-main-')) && names.some((n) => n.startsWith('server-main-')) ? true : undefined;
      }, 'the code caches of the extension and the language server', 60_000);
    const first = await run(scratch, workspace, { THEBOT_CACHE: cache }, cachesSaved);
    console.log(`first start (no cache yet): activated in ${first.total} ms (language server ${first.server} ms, of which its process start -> initialize ${first.serverStart} ms; project search ${first.search} ms)`);
    const sides: Record<'without cache' | 'with cache', Activation[]> = { 'without cache': [], 'with cache': [] };
    for (let i = 0; i < RUNS; i++) {
      sides['without cache'].push(await run(scratch, workspace, { THEBOT_CACHE: cache, THEBOT_CODE_CACHE: '0' }));
      sides['with cache'].push(await run(scratch, workspace, { THEBOT_CACHE: cache }));
    }
    for (const [name, runs] of Object.entries(sides)) {
      console.log(`${name.padEnd(13)}  activate -> language server ready ${show(runs, 'total')}; language server ${show(runs, 'server')}; its process start -> initialize ${show(runs, 'serverStart')}; project search ${show(runs, 'search')}`);
    }
    console.log(`load average ${load()}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
