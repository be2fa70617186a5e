// Whole-process benchmark of the `thebot` CLI beside its peer (prints figures;
// not a test). Each row runs both commands as fresh processes, alternately, for
// --runs rounds (default 5), so a change in the machine's load weighs on both:
//   render <dir>     `thebot render <dir>`  vs `kubectl kustomize <dir>` (same bytes, checked)
//   check            `thebot check manifests` vs `kubectl kustomize` of one overlay
//   --help           `thebot --help` vs `node -e 0` (the cost of loading our code)
// `thebot` is bin/thebot.js run as a command, as the installed `thebot` runs
// (not `node bin/thebot.js`, which skips its shell part: see its header). The
// header line says whether NODE_EXTRA_CA_CERTS is set: `node -e 0` pays for it
// at start-up, `thebot render`, `check` and `--help` do not.
// CPU is user+sys of the process and its threads, as wait4 returns them to the
// parent (python3's os.wait4: microseconds); on a shared machine CPU time is the
// fairer figure, as wall time grows with every other job. Not /usr/bin/time's
// %U and %S: GNU time prints each truncated to 10 ms, which took about 10 ms
// off each sample, 6% of a platform render and 2% of kubectl's, and so
// overstated our ratio on the platform overlays by 2-6% (docs/performance.md);
// it is used only when python3 is missing (the header line says so). Wall
// time from the same helper (fork to wait). Peak RSS, the kernel's share of
// the CPU (sys) and the minor page faults from the same source: on this project's
// machines (virtual, 2 cores) a page fault costs 10-15 microseconds of kernel
// time, and a render's faults were about a third of its CPU. Each
// command runs once untimed first (our first run writes the V8 code cache),
// each row with a code cache directory of its own (THEBOT_CACHE): a cache
// holds the functions the run that wrote it compiled, so one written by another
// input (a test's small fixture) would leave the rest to compile at every run.
// Usage: npx tsx scripts/bench-cli.ts [--runs N] [--src DIR] [--only SUBSTRING]
//   --src: where public repositories are materialized as <owner+name>/ (the
//   large real builds below are skipped when absent); default /work/conformance/src.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const repo = join(__dirname, '..');
const argv = process.argv.slice(2);
function option(name: string): string | undefined {
  const i = argv.indexOf(name);
  return i < 0 ? undefined : argv.splice(i, 2)[1];
}
const runs = Number(option('--runs') ?? 5);
const src = option('--src') ?? '/work/conformance/src';
const only = option('--only');
if (!Number.isInteger(runs) || runs < 1 || argv.length) {
  console.error('usage: npx tsx scripts/bench-cli.ts [--runs N] [--src DIR] [--only SUBSTRING]');
  process.exit(2);
}

/**
 * Runs its arguments as a child and prints on stderr, after the child's own
 * output, what wait4 returns for it: wall, user and sys seconds to the
 * microsecond, peak RSS (KiB) and minor page faults. The fork is the parent's
 * (python's own start is not in the child's figures).
 */
const WAIT4 = `import os, sys, time
t = time.monotonic()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[1], sys.argv[1:])
    finally:
        os._exit(127)
_, status, ru = os.wait4(pid, 0)
wall = time.monotonic() - t
sys.stderr.write("\\n@@time %.6f %.6f %.6f %d %d\\n" % (wall, ru.ru_utime, ru.ru_stime, ru.ru_maxrss, ru.ru_minflt))
sys.exit(os.waitstatus_to_exitcode(status))
`;
const hasPython = spawnSync('python3', ['-c', 'import os; os.wait4'], { stdio: 'ignore' }).status === 0;
const TIME = hasPython ? undefined : existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const measure = hasPython ? 'wait4 (python3), microseconds' : TIME ? '/usr/bin/time, CPU truncated to 10 ms (no python3)' : 'wall only (neither python3 nor /usr/bin/time)';
const thebot = [join(repo, 'bin', 'thebot.js')];

interface Sample {
  wall: number;
  cpu?: number;
  sys?: number;
  rssMiB?: number;
  faults?: number;
}

function run(cmd: string[], env: NodeJS.ProcessEnv = process.env): { sample: Sample; stdout: string } {
  const full = hasPython ? ['python3', '-c', WAIT4, ...cmd] : TIME ? [TIME, '-f', '\n@@time %e %U %S %M %R', ...cmd] : cmd;
  const t = process.hrtime.bigint();
  const r = spawnSync(full[0]!, full.slice(1), { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 30, env });
  const wall = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd.join(' ')} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  const m = /@@time ([\d.]+) ([\d.]+) ([\d.]+) (\d+) (\d+)\s*$/.exec(r.stderr);
  const sample: Sample = m ? { wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), sys: Number(m[3]), rssMiB: Number(m[4]) / 1024, faults: Number(m[5]) } : { wall };
  return { sample, stdout: r.stdout };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function stat(samples: Sample[], key: keyof Sample, digits: number): string {
  const xs = samples.map((s) => s[key]).filter((x): x is number => x !== undefined);
  if (!xs.length) return '-';
  return `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;
}

function ratio(peer: Sample[], ours: Sample[], key: 'wall' | 'cpu'): string {
  const a = peer.map((s) => s[key]).filter((x): x is number => x !== undefined);
  const b = ours.map((s) => s[key]).filter((x): x is number => x !== undefined);
  return a.length && b.length ? `${(median(a) / median(b)).toFixed(1)}×` : '-';
}

interface Row {
  name: string;
  ours: string[];
  peer: string[];
  sameBytes?: boolean;
}

const rows: Row[] = [];
for (const env of ['dev', 'staging', 'production']) {
  const dir = join('manifests', 'overlays', env);
  rows.push({ name: `render ${dir}`, ours: [...thebot, 'render', dir], peer: ['kubectl', 'kustomize', dir], sameBytes: true });
}
for (const [owner, dir] of [
  ['kubeflow+manifests', 'applications/kserve/kserve'],
  ['ray-project+kuberay', 'ray-operator/config/default'],
  ['argoproj+argo-cd', 'manifests/ha/cluster-install'],
] as const) {
  const abs = join(src, owner, dir);
  if (existsSync(abs)) rows.push({ name: `render ${owner}/${dir}`, ours: [...thebot, 'render', abs], peer: ['kubectl', 'kustomize', abs], sameBytes: true });
  else console.log(`(skipped: ${abs} not found)`);
}
rows.push({ name: 'check manifests (3 envs) vs one kubectl kustomize', ours: [...thebot, 'check', 'manifests'], peer: ['kubectl', 'kustomize', 'manifests/overlays/production'] });
rows.push({ name: 'thebot --help vs node -e 0', ours: [...thebot, '--help'], peer: [process.execPath, '-e', '0'] });

const load = (): string => loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`node ${process.version}, ${runs} runs each, alternating; NODE_EXTRA_CA_CERTS ${process.env.NODE_EXTRA_CA_CERTS === undefined ? 'unset' : 'set'}; measured by ${measure}; load average at start ${load()}`);
console.log('seconds, MiB and minor page faults: median (min–max); ratio = peer median / ours median (above 1: ours faster)\n');
for (const row of rows.filter((r) => !only || r.name.includes(only))) {
  const ours: Sample[] = [];
  const peer: Sample[] = [];
  let same: boolean | undefined;
  const cache = mkdtempSync(join(tmpdir(), 'bench-cli-cache-'));
  const env = { ...process.env, THEBOT_CACHE: cache };
  // One untimed run each first: ours writes its code cache then (bin/thebot.js), as a user's first run does.
  run(row.ours, env);
  run(row.peer);
  for (let i = 0; i < runs; i++) {
    const a = run(row.ours, env);
    const b = run(row.peer);
    ours.push(a.sample);
    peer.push(b.sample);
    if (row.sameBytes && i === 0) same = a.stdout === b.stdout;
  }
  console.log(`${row.name}${same === undefined ? '' : same ? '  [identical bytes]' : '  [OUTPUT DIFFERS]'}`);
  const line = (s: Sample[]) => `cpu ${stat(s, 'cpu', 3)}  wall ${stat(s, 'wall', 3)}  rss ${stat(s, 'rssMiB', 0)}  sys ${stat(s, 'sys', 3)}  faults ${stat(s, 'faults', 0)}`;
  console.log(`  thebot  ${line(ours)}`);
  console.log(`  peer    ${line(peer)}`);
  console.log(`  ratio   cpu ${ratio(peer, ours, 'cpu')}  wall ${ratio(peer, ours, 'wall')}`);
  rmSync(cache, { recursive: true, force: true });
}
console.log(`\nload average at end ${load()}`);
