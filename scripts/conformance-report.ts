// Conformance on repositories nobody here wrote: renders every kustomization
// directory under a source root with `kubectl kustomize` (kustomize v5.5.0) and
// with `thebot render`, and prints per repository how many are
//   identical     both render, byte for byte the same
//   wrong render  both render, outputs differ (the worst: we would deploy something else)
//   refused       kustomize renders, we refuse with a message naming what we do not do
//   wrong error   kustomize renders, we fail with anything else (a defect)
//   ours-only     we render where kustomize fails
//   both fail     both fail (`same words`: our message contains kustomize's whole message, whitespace
//                 aside; `same words up to the network`: every word before its network failure, or,
//                 when its message is the failed GET itself, the URL it tried)
// Not a CI test: it needs the fetched repositories and takes minutes.
//
//   npx tsx scripts/conformance-report.ts [--src DIR] [--out DIR] [--jobs N] [--repo SUBSTR]
//        [--helm PATH] [--fresh-kubectl] [--kept-kubectl-only] [--timeout S] [--thebot PATH/bin/thebot.js] [--thebot-without-helm]
//        [--in-process] [--krusty DIR]
//
// --krusty DIR classifies kustomize's own tests instead (the cases extracted by
// ../shared/conformance/krusty-extract-go.py; kustomize's results are in the cases).
//
// --in-process renders ours with the engine in this process (what `thebot render`
// calls, its messages printed the same way) instead of starting bin/thebot.js per
// directory: on a loaded machine the process start-ups are most of the time.
//
// kubectl's results are kept under --out and reused (they only change with the
// repositories); ours are recomputed on every run. Both get `--enable-helm` with
// the same `--helm-command` when a helm binary is available (default: the one
// scripts/setup.d/35-helm.sh installs). --load-restrictor VALUE gives both
// sides kustomize's flag (Flux repositories build with LoadRestrictionsNone). Per directory: <out>/classes.tsv; the
// unified diff of each wrong render: <out>/diffs/.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir, loadavg } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { engineRenderOptions } from '../server/src/cli/engine-flags';
import { renderOutput } from '../server/src/cli/render';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : dflt;
};
const ROOT = resolve(__dirname, '..');
const SRC = resolve(arg('--src', '/work/conformance/src'));
const OUT = resolve(arg('--out', '/tmp/thebot-conformance'));
const JOBS = Number(arg('--jobs', '2'));
const ONLY = arg('--repo', '');
const TIMEOUT_MS = Number(arg('--timeout', '60')) * 1000;
const FRESH = process.argv.includes('--fresh-kubectl');
// Only directories whose kubectl result is already kept (a quick re-measure after a change).
const KEPT_ONLY = process.argv.includes('--kept-kubectl-only');
const CACHE = process.env.THEBOT_CACHE ?? join(homedir(), '.cache', 'thebot');
const HELM = arg('--helm', join(CACHE, 'helm', 'current', 'helm'));
const HAVE_HELM = existsSync(HELM);
const THEBOT = resolve(arg('--thebot', join(ROOT, 'bin', 'thebot.js')));
// A build from before --enable-helm existed (the baseline) takes no helm flags.
const THEBOT_HELM = !process.argv.includes('--thebot-without-helm');
const IN_PROCESS = process.argv.includes('--in-process');
const LOAD_RESTRICTOR = arg('--load-restrictor', '');
// kustomize's own tests extracted by ../shared/conformance/krusty-extract-go.py: each case directory
// holds RUN (the directory to build) and expected.yaml or expected.err from `kubectl kustomize`.
const KRUSTY = process.argv.includes('--krusty') ? resolve(arg('--krusty', '/work/conformance/krusty')) : '';
const NAMES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

interface Run { rc: number; out: string; err: string }
type Class = 'identical' | 'wrong render' | 'refused' | 'wrong error' | 'ours-only' | 'both fail';
const CLASSES: Class[] = ['identical', 'wrong render', 'refused', 'wrong error', 'ours-only', 'both fail'];

function kustomizationDirs(dir: string, out: string[]): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  if (entries.some((e) => NAMES.has(e.name) && !e.isDirectory())) out.push(dir);
  for (const e of entries) {
    if (e.isDirectory() && e.name !== '.git' && e.name !== 'node_modules') kustomizationDirs(join(dir, e.name), out);
  }
  return out;
}

function run(cmd: string, args: string[], cwd: string): Promise<Run> {
  return new Promise((done) => {
    const p = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    p.stdout.on('data', (b: Buffer) => out.push(b));
    p.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => p.kill('SIGKILL'), TIMEOUT_MS);
    p.on('close', (code) => {
      clearTimeout(timer);
      done({ rc: code ?? 124, out: Buffer.concat(out).toString(), err: Buffer.concat(err).toString() });
    });
  });
}

// What a message of ours that declines a feature says (loader.ts, build.ts, cli).
const REFUSAL = /not supported|never fetched|--enable-helm|--fetch-remote|is refused|not built by this engine/;

function classify(k: Run, t: Run): Class {
  if (k.rc === 0 && t.rc === 0) return k.out === t.out ? 'identical' : 'wrong render';
  if (k.rc === 0) return REFUSAL.test(t.err) ? 'refused' : 'wrong error';
  if (t.rc === 0) return 'ours-only';
  return 'both fail';
}

function lastLine(s: string): string {
  const lines = s.trim().split('\n').filter((l) => l.trim() !== '');
  return (lines[lines.length - 1] ?? '').replace(/^Error: /, '');
}

/**
 * kustomize's error message out of kubectl's stderr, whole. kubectl ≥ 1.31 logs
 * it through klog: `E… run.go:72] "command failed" err="…"` (Go-quoted), or for
 * a message of several lines `err=<` then the lines indented by a tab, then ` >`.
 */
function kustomizeMessage(stderr: string): string {
  const block = /"command failed" err=<\n([\s\S]*)\n >\s*$/.exec(stderr);
  if (block) return block[1]!.split('\n').map((l) => l.replace(/^\t/, '')).join('\n').trim();
  const quoted = /"command failed" err="(.*)"\s*$/.exec(stderr);
  if (quoted) {
    try {
      return JSON.parse(`"${quoted[1]!}"`) as string;
    } catch {
      return quoted[1]!.replace(/\\(["\\])/g, '$1');
    }
  }
  return lastLine(stderr);
}

// Where kustomize's message starts to depend on the network it had (a GET, a git
// fetch, a DNS lookup): the words before it are what an offline engine can say.
// Inside a message kustomize quotes again (`accumulateDirectory: "…"`, Go's %q)
// the GET's quote is escaped: `Get \"https://…`.
const NETWORK = /Get \\?"https?:\/\/|failed to run '[^']*git |dial tcp|Error: looks like "https?:/;
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
// A Go pointer kustomize prints (`merging from generator &{0xc000123 <nil>}: …`) is an address, not words.
const GO_POINTER = / &\{0x[0-9a-f<>adr]+ <nil>\}/g;

/**
 * Whether our message carries kustomize's words: all of them (whitespace runs
 * compared as one space; ours adds `file:line:col: error: ` in front), or, where
 * kustomize's message reports a network failure, every word before it.
 */
function sameWords(kustomize: string, ours: string): 'same words' | 'same words up to the network' | undefined {
  const k = squash(kustomize.replace(GO_POINTER, ''));
  const t = squash(ours);
  if (k && t.includes(k)) return 'same words';
  const net = NETWORK.exec(k);
  const before = net ? k.slice(0, net.index).trim() : '';
  if (before.length >= 20 && t.includes(before)) return 'same words up to the network';
  // A message that starts with the network failure (an `openapi: path:` URL GET by
  // FileLoader.Load: `Get "<url>": dial tcp …`; a chart helm pulls from a repository:
  // `Error: looks like "<url>" is not a valid chart repository …`) has no words before it:
  // ours must name the URL.
  const get = net?.index === 0 ? /^(?:Get|Error: looks like) "([^"]+)"/.exec(k) : null;
  if (get && t.includes(get[1]!)) return 'same words up to the network';
  // helm pulling a chart from an OCI registry: `Error: failed to resolve <registry>/<path>/<chart>:<version>: Get …`.
  // Ours must name the registry path (`oci://<registry>/<path>`) and the chart.
  const oci = /^Error: failed to resolve (\S+): Get /.exec(k);
  if (oci) {
    const ref = oci[1]!.replace(/:[^:/]+$/, '');
    const slash = ref.lastIndexOf('/');
    if (t.includes(`oci://${ref.slice(0, slash)}`) && t.includes(`'${ref.slice(slash + 1)}'`)) return 'same words up to the network';
  }
  return undefined;
}

// `thebot render DIR` run inside this process (its renderOutput: fresh caches per directory, as a new process has).
function renderHere(dir: string, helm: string[]): Run {
  const options = engineRenderOptions({
    ...(helm[0] === '--enable-helm' ? { 'enable-helm': true, 'helm-command': helm[2] } : {}),
    ...(LOAD_RESTRICTOR ? { 'load-restrictor': LOAD_RESTRICTOR } : {}),
  });
  try {
    const result = renderOutput(dir, options);
    if (!result.errors.length) return { rc: 0, out: result.toYaml(), err: '' };
    const err = result.errors.map((e) => {
      const pos = e.range ? `:${e.range.start.line + 1}:${e.range.start.character + 1}` : '';
      return `${relative(dir, e.file) || e.file}${pos}: error: ${e.message}\n`;
    });
    return { rc: 1, out: '', err: err.join('') };
  } catch (e) {
    return { rc: 70, out: '', err: `crash: ${e instanceof Error ? e.stack : String(e)}\n` };
  }
}

async function pool<T>(items: T[], n: number, f: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) await f(items[next++]!);
  }));
}

async function main(): Promise<void> {
  const repos = KRUSTY ? ['kustomize v5.5.0 api/krusty'] : readdirSync(SRC).filter((r) => statSync(join(SRC, r)).isDirectory() && r.includes(ONLY)).sort();
  // krusty cases were rendered by kubectl without helm (the extractor skips those needing it).
  const helmArgs = [...(HAVE_HELM && !KRUSTY ? ['--enable-helm', '--helm-command', HELM] : []), ...(LOAD_RESTRICTOR ? [`--load-restrictor=${LOAD_RESTRICTOR}`] : [])];
  mkdirSync(join(OUT, 'kubectl'), { recursive: true });
  mkdirSync(join(OUT, 'diffs'), { recursive: true });
  const rows: { repo: string; dir: string; cls: Class; note: string }[] = [];
  const work: { repo: string; dir: string }[] = [];
  const keyOf = (dir: string) => createHash('sha256').update(dir + '\0' + helmArgs.join(' ')).digest('hex').slice(0, 16);
  const krusty = new Map<string, Run>();
  if (KRUSTY) {
    for (const name of readdirSync(KRUSTY).sort()) {
      const c = join(KRUSTY, name);
      if (!name.includes(ONLY) || !existsSync(join(c, 'RUN'))) continue;
      const dir = join(c, readFileSync(join(c, 'RUN'), 'utf8').trim());
      const ok = existsSync(join(c, 'expected.yaml'));
      krusty.set(dir, ok ? { rc: 0, out: readFileSync(join(c, 'expected.yaml'), 'utf8'), err: '' } : { rc: 1, out: '', err: readFileSync(join(c, 'expected.err'), 'utf8') });
      work.push({ repo: repos[0]!, dir });
    }
  }
  for (const repo of KRUSTY ? [] : repos) {
    for (const dir of kustomizationDirs(join(SRC, repo), [])) {
      if (KEPT_ONLY && !existsSync(join(OUT, 'kubectl', `${keyOf(dir)}.json`))) continue;
      work.push({ repo, dir });
    }
  }
  const started = Date.now();
  const load0 = loadavg()[0]!;
  let done = 0;
  await pool(work, JOBS, async ({ repo, dir }) => {
    const key = keyOf(dir);
    const kfile = join(OUT, 'kubectl', `${key}.json`);
    let k: Run;
    if (KRUSTY) k = krusty.get(dir)!;
    else if (!FRESH && existsSync(kfile)) k = JSON.parse(readFileSync(kfile, 'utf8')) as Run;
    else {
      k = await run('kubectl', ['kustomize', ...helmArgs, '.'], dir);
      writeFileSync(kfile, JSON.stringify(k));
    }
    const t = IN_PROCESS
      ? renderHere(dir, helmArgs)
      : await run(process.execPath, [THEBOT, 'render', ...(THEBOT_HELM ? helmArgs : []), '.'], dir);
    const cls = classify(k, t);
    let note = '';
    if (cls === 'wrong render') {
      const name = relative(KRUSTY || SRC, dir).replace(/[/+]/g, '_');
      writeFileSync(join(OUT, 'diffs', `${name}.k.yaml`), k.out);
      writeFileSync(join(OUT, 'diffs', `${name}.t.yaml`), t.out);
      const d = spawnSync('diff', ['-u', join(OUT, 'diffs', `${name}.k.yaml`), join(OUT, 'diffs', `${name}.t.yaml`)], { encoding: 'utf8' });
      writeFileSync(join(OUT, 'diffs', `${name}.diff`), d.stdout);
    } else if (cls === 'refused' || cls === 'wrong error') note = lastLine(t.err);
    else if (cls === 'ours-only') note = `kustomize: ${kustomizeMessage(k.err)}`;
    else if (cls === 'both fail') note = sameWords(kustomizeMessage(k.err), t.err) ?? `kustomize: ${kustomizeMessage(k.err)} | ours: ${t.err.trim()}`;
    rows.push({ repo, dir: relative(KRUSTY || SRC, dir), cls, note });
    if (++done % 50 === 0) process.stderr.write(`${done}/${work.length}\n`);
  });
  rows.sort((a, b) => (a.dir < b.dir ? -1 : 1));
  writeFileSync(join(OUT, 'classes.tsv'), 'repo\tdir\tclass\tnote\n' + rows.map((r) => `${r.repo}\t${r.dir}\t${r.cls}\t${r.note.replace(/\s+/g, ' ')}`).join('\n') + '\n');
  const head = `| repository | dirs | ${CLASSES.join(' | ')} | both fail, same words | both fail, same words up to the network |`;
  const lines = [head, '|' + '---|'.repeat(CLASSES.length + 4)];
  const total = new Map<string, number>();
  const count = (rs: typeof rows, c: string) => rs.filter((r) => r.cls === c).length;
  for (const repo of [...repos, 'total']) {
    const rs = repo === 'total' ? rows : rows.filter((r) => r.repo === repo);
    if (!rs.length) continue;
    const same = (w: string) => rs.filter((r) => r.cls === 'both fail' && r.note === w).length;
    lines.push(`| ${repo === 'total' ? '**total**' : repo} | ${rs.length} | ${CLASSES.map((c) => count(rs, c)).join(' | ')} | ${same('same words')} | ${same('same words up to the network')} |`);
    total.set(repo, rs.length);
  }
  const renders = rows.filter((r) => r.cls === 'identical' || r.cls === 'wrong render' || r.cls === 'refused' || r.cls === 'wrong error').length;
  lines.push('', `kustomize renders ${renders} directories; identical ${count(rows, 'identical')} (${((100 * count(rows, 'identical')) / Math.max(1, renders)).toFixed(1)}%).`);
  lines.push(`helm: ${HAVE_HELM ? HELM : 'none (no --enable-helm)'}; ours ${IN_PROCESS ? 'in process' : THEBOT}; ${JOBS} jobs, ${((Date.now() - started) / 1000).toFixed(0)} s, load ${load0.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}; per directory: ${join(OUT, 'classes.tsv')}`);
  process.stdout.write(lines.join('\n') + '\n');
}

void main();
