// Benchmark (not a test): the language server's start with and without V8's
// code cache (server/src/codeCache.ts, run by dist/server.js), fresh servers
// alternately: spawn -> initialize answered (what the extension waits for
// before it is ready), spawn -> first diagnostics of a platform file, and the
// server's CPU time by then. The cached side uses a cache written by one
// untimed start first, as any start after the first finds it.
// Usage: node esbuild.mjs && npx tsx scripts/bench-server-start.ts [--runs 10] [--node PATH]
//   --node: the Node binary that runs the server, e.g. code-server's (the editor forks the server with its own).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { LspClient, repoRoot } from '../test/server/lspClient';

function option(name: string, dflt: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : dflt;
}
const RUNS = Number(option('--runs', '10'));
const NODE = option('--node', process.execPath);
const root = join(repoRoot, 'manifests');
const file = join(root, 'base', '06-backend-deployment.yaml');

function cpuMs(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function start(env: Record<string, string>): Promise<{ initialized: number; diagnostics: number; cpu: number }> {
  const t0 = performance.now();
  const client = await LspClient.start({ root, env, node: NODE });
  const initialized = performance.now() - t0;
  try {
    const uri = await client.open(file);
    await client.diagnosticsFor(uri, 1);
    return { initialized, diagnostics: performance.now() - t0, cpu: cpuMs(client.pid) };
  } finally {
    await client.stop();
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const range = (xs: number[]): string => `${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)}`;
const load = (): string => loadavg().map((l) => l.toFixed(1)).join(' ');

async function main(): Promise<void> {
  const version = execFileSync(NODE, ['--version'], { encoding: 'utf8' }).trim();
  const cache = mkdtempSync(join(tmpdir(), 'thebot-bench-start-'));
  console.log(`bench-server-start: node ${version}, ${RUNS} alternating pairs, load average ${load()}`);
  await start({ THEBOT_CACHE: cache }); // writes the cache at exit
  const sides: Record<'cold' | 'cached', { initialized: number; diagnostics: number; cpu: number }[]> = { cold: [], cached: [] };
  for (let i = 0; i < RUNS; i++) {
    sides.cold.push(await start({ THEBOT_CACHE: cache, THEBOT_CODE_CACHE: '0' }));
    sides.cached.push(await start({ THEBOT_CACHE: cache }));
  }
  rmSync(cache, { recursive: true, force: true });
  for (const [name, runs] of Object.entries(sides)) {
    const f = (k: 'initialized' | 'diagnostics' | 'cpu'): string => `median ${median(runs.map((r) => r[k])).toFixed(0)} (${range(runs.map((r) => r[k]))})`;
    console.log(`${name.padEnd(6)}  spawn -> initialized ${f('initialized')} ms; -> first diagnostics ${f('diagnostics')} ms; server CPU by then ${f('cpu')} ms`);
  }
  console.log(`load average at the end ${load()}`);
}

void main();
