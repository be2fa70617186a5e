// Benchmark (not a test, ~10 minutes on a loaded 2-core machine): every input
// we have — the kustomize differential corpus (test/fixtures/kustomize/cases),
// the platform manifests and the hostile-input corpus (test/hostile/corpus.ts)
// — through the `thebot check` CLI and through a fresh language server that
// opens the kustomization, each within 10 s of CPU time and 1 GiB of peak
// resident memory (limits.ts). Prints the largest figures per front end with
// the load average, and exits 1 naming every input over a bound.
// Usage: npx tsx test/perf/corpus-bounds.bench.ts [id-substring…]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspClient, repoRoot } from '../server/lspClient';
import { CASES } from '../hostile/corpus';
import { CPU_LIMIT_MS, MEMORY_LIMIT_KIB, WALL_DEADLINE_MS, cpuMs, peakRssKiB, withDeadline } from '../hostile/limits';

interface Input {
  name: string;
  /** Not opened in the language server (corpus.ts says why). */
  cliOnly?: string;
  /** Prepares the input; returns the directory to check and a clean-up. */
  dir(): { dir: string; done(): void };
}

const filters = process.argv.slice(2);
const casesDir = join(repoRoot, 'test', 'fixtures', 'kustomize', 'cases');
const inputs: Input[] = [
  ...readdirSync(casesDir).map((id) => ({
    name: `corpus/${id}`,
    dir: () => ({ dir: existsSync(join(casesDir, id, 'overlay')) ? join(casesDir, id, 'overlay') : join(casesDir, id), done: () => undefined }),
  })),
  { name: 'manifests', dir: () => ({ dir: join(repoRoot, 'manifests'), done: () => undefined }) },
  ...CASES.map((c) => ({
    cliOnly: c.cliOnly,
    name: `hostile/${c.name}`,
    dir: () => {
      const dir = realpathSync(mkdtempSync(join(tmpdir(), 'thebot-bounds-')));
      c.make(dir);
      return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
    },
  })),
].filter((i) => !filters.length || filters.some((f) => i.name.includes(f)));

const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

interface Figures {
  cpuMs: number;
  rssKiB: number;
  error?: string;
}

function viaCli(dir: string): Figures {
  const usageFile = join(mkdtempSync(join(tmpdir(), 'thebot-usage-')), 'usage.json');
  const r = spawnSync(process.execPath, ['-r', join(repoRoot, 'test', 'hostile', 'usage.cjs'), join(repoRoot, 'bin', 'thebot.js'), 'check', '.'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: WALL_DEADLINE_MS,
    killSignal: 'SIGKILL',
    maxBuffer: 1 << 26,
    env: { ...process.env, THEBOT_USAGE_FILE: usageFile },
  });
  if (r.signal) return { cpuMs: NaN, rssKiB: NaN, error: `killed (${r.signal}) after the ${WALL_DEADLINE_MS} ms deadline` };
  if (/\n\s+at |RangeError|TypeError|ReferenceError/.test(r.stderr)) return { cpuMs: NaN, rssKiB: NaN, error: `internal error: ${r.stderr.slice(0, 300)}` };
  const u = JSON.parse(readFileSync(usageFile, 'utf8')) as { maxRSS: number; cpuMs: number };
  return { cpuMs: u.cpuMs, rssKiB: u.maxRSS };
}

async function viaServer(dir: string): Promise<Figures> {
  const client = await LspClient.start({ root: dir });
  try {
    const name = KUSTOMIZATION_NAMES.find((n) => existsSync(join(dir, n)));
    const file = join(dir, name ?? readdirSync(dir).find((f) => /\.ya?ml$/.test(f)) ?? 'kustomization.yaml');
    const uri = await client.open(file, existsSync(file) ? readFileSync(file, 'utf8') : '');
    await withDeadline(client.diagnosticsFor(uri, 1), WALL_DEADLINE_MS, 'diagnostics');
    return { cpuMs: cpuMs(client.pid!), rssKiB: peakRssKiB(client.pid!) };
  } catch (e) {
    return { cpuMs: NaN, rssKiB: NaN, error: (e as Error).message.slice(0, 300) };
  } finally {
    await client.stop().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const load = loadavg()[0]!.toFixed(1);
  const over: string[] = [];
  const worst = { cli: { cpu: [0, ''], rss: [0, ''] }, server: { cpu: [0, ''], rss: [0, ''] } } as Record<'cli' | 'server', Record<'cpu' | 'rss', [number, string]>>;
  const started = Date.now();
  for (const input of inputs) {
    const { dir, done } = input.dir();
    try {
      for (const [side, f] of [['cli', viaCli(dir)], ...(input.cliOnly ? [] : [['server', await viaServer(dir)]])] as ['cli' | 'server', Figures][]) {
        if (f.error || !(f.cpuMs < CPU_LIMIT_MS) || !(f.rssKiB < MEMORY_LIMIT_KIB)) over.push(`${side} ${input.name}: ${f.error ?? `${Math.round(f.cpuMs)} ms CPU, ${Math.round(f.rssKiB / 1024)} MiB`}`);
        if (f.cpuMs > worst[side].cpu[0]) worst[side].cpu = [f.cpuMs, input.name];
        if (f.rssKiB > worst[side].rss[0]) worst[side].rss = [f.rssKiB, input.name];
      }
    } finally {
      done();
    }
  }
  console.log(`${inputs.length} inputs through the CLI (thebot check) and a fresh language server, in ${Math.round((Date.now() - started) / 1000)} s; load average ${load} at the start, ${loadavg()[0]!.toFixed(1)} at the end`);
  for (const side of ['cli', 'server'] as const) {
    const w = worst[side];
    console.log(`${side.padEnd(6)} largest CPU ${Math.round(w.cpu[0])} ms (${w.cpu[1]}), largest peak RSS ${Math.round(w.rss[0] / 1024)} MiB (${w.rss[1]})   bounds: ${CPU_LIMIT_MS} ms, ${MEMORY_LIMIT_KIB / 1024} MiB`);
  }
  if (over.length) {
    console.log(`over a bound:\n${over.join('\n')}`);
    process.exitCode = 1;
  }
}

void main();
