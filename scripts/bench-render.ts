// Render benchmark (prints figures; not a test). For each platform overlay:
//   kubectl      median wall time of `kubectl kustomize <overlay>` as a process (or of
//                the standalone `kustomize build` when that is the oracle, see oracle.ts)
//   cold         our in-process render with a fresh RenderCache each time
//   warm         our render again with the same RenderCache (nothing changed)
//   warm+yaml    the same plus toYaml() (what `kubectl kustomize` also does: print)
//   incr(patch)  after a one-file edit of the overlay's patch: the edited text
//                comes through a reader overlay (as the language server's unsaved
//                buffers do), the file is invalidated in the cache, the rest reused
//   incr(base)   the same for a base resource file shared by every overlay
// Usage: npx tsx scripts/bench-render.ts [--runs N] [--kubectl-runs N] [overlay-dir…]
import { spawnSync } from 'node:child_process';
import { relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { renderKustomization } from '../server/src/kustomize';
import { RenderCache } from '../server/src/kustomize/cache';
import { nodeFileReader, type FileReader } from '../server/src/kustomize/fs';
import { findOracle, oracleEnv, platformOverlays, REPO_ROOT } from '../test/kustomize/oracle';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(process.argv.splice(i, 2)[1]);
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} needs a positive integer`);
  return v;
}
const runs = option('--runs', 100);
const kubectlRuns = option('--kubectl-runs', 15);
/** In-process runs per round: `runs` spread over the `kubectlRuns` rounds. */
const perRound = Math.max(1, Math.round(runs / kubectlRuns));
const dirs = process.argv.slice(2);
const targets = dirs.length
  ? dirs.map((d) => ({ env: d, root: resolve(d) }))
  : platformOverlays();
if (targets.length === 0) {
  console.error('no overlays found (manifests/overlays/{dev,staging,production}); pass kustomization directories');
  process.exit(2);
}

const oracle = findOracle();
const oracleArgs = (root: string) => (oracle?.kind === 'kubectl' ? ['kustomize', root] : ['build', root]);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Measurements are interleaved: each round runs the kustomize process once and a
 * slice of every in-process measurement, so a machine whose load changes during
 * the run (it is shared) weighs on both sides alike.
 */
interface Probe {
  perRound: number;
  run: (i: number) => void;
  samples: number[];
}
function probe(perRound: number, run: (i: number) => void): Probe {
  return { perRound, run, samples: [] };
}
function interleave(rounds: number, probes: Probe[]): void {
  for (let r = 0; r < rounds; r++) {
    for (const p of probes) {
      for (let k = 0; k < p.perRound; k++) {
        const i = p.samples.length;
        const t0 = performance.now();
        p.run(i);
        p.samples.push(performance.now() - t0);
      }
    }
  }
}

/** The file a developer would edit: the overlay's first patch, else its first non-kustomization input. */
function pickEditedFile(root: string, files: string[]): string {
  const inOverlay = files.filter((f) => f.startsWith(root + '/') && !/\/(kustomization\.ya?ml|Kustomization)$/.test(f));
  const pick = inOverlay.find((f) => f.includes('/patches/')) ?? inOverlay[0] ?? files.find((f) => !/kustomization\.ya?ml$/.test(f));
  if (!pick) throw new Error(`no editable input under ${root}`);
  return pick;
}

/** The plain file system, except `file`, whose text is the current editor buffer. */
function editedReader(file: string, text: () => string, stamp: () => string): FileReader {
  return {
    readFile: (p) => (p === file ? text() : nodeFileReader.readFile(p)),
    isDirectory: (p) => nodeFileReader.isDirectory(p),
    realpath: (p) => nodeFileReader.realpath(p),
    version: (p) => (p === file ? stamp() : nodeFileReader.version?.(p)),
  };
}

const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const ratio = (a: number | undefined, b: number) => (a === undefined ? '—' : `${(a / b).toFixed(0)}×`);

console.log(`node ${process.version}; kustomize process: ${oracle ? `${oracle.label} ${oracle.version ?? ''} (${oracle.bin})` : 'none found'}`);
console.log(`${kubectlRuns} rounds per overlay, each: 1 process run and ${perRound} runs of each in-process measurement (medians, ms)`);
const header = ['overlay', 'objects', 'kubectl', 'cold', 'warm', 'warm+yaml', 'incr(patch)', 'incr(base)', 'kubectl/warm', 'kubectl/warm+yaml', 'kubectl/incr(patch)', 'kubectl/incr(base)', 'identical'];
const rows: string[][] = [];
const notes: string[] = [];
for (const t of targets) {
  // Correctness first: the figures mean nothing if the output differs.
  const first = renderKustomization(t.root);
  if (first.errors.length) {
    console.error(`${t.env}: render failed: ${first.errors.map((e) => e.message).join('; ')}`);
    process.exitCode = 1;
    continue;
  }
  const ours = first.toYaml();
  let identical = 'no kustomize';
  if (oracle) {
    const once = spawnSync(oracle.bin, oracleArgs(t.root), { encoding: 'utf8', env: oracleEnv() });
    identical = once.status === 0 && once.stdout === ours ? 'yes' : 'NO';
  }

  // One warmed cache per measurement, so the interleaved measurements do not
  // re-parse each other's edits (each edit must cost exactly one parse).
  const warmCache = () => {
    const cache = new RenderCache();
    for (let i = 0; i < 20; i++) renderKustomization(t.root, { cache }); // JIT and cache warm-up
    return cache;
  };
  const cache = warmCache();

  // One-file edits: the overlay's own patch, and a base resource every overlay shares.
  // Each edit appends a comment, so every re-render must print the same bytes.
  const edits: { file: string; parses: number; probe: Probe }[] = [];
  const editProbe = (file: string) => {
    const original = nodeFileReader.readFile(file)!;
    const cache = warmCache();
    let edit = 0;
    const reader = editedReader(file, () => `${original}# edit ${edit}\n`, () => `edit-${edit}`);
    const e = {
      file,
      parses: 0,
      probe: probe(perRound, (i) => {
        edit = i + 1;
        cache.invalidate(file);
        const before = cache.parses;
        const r = renderKustomization(t.root, { reader, cache });
        e.parses += cache.parses - before;
        if (i === 0 && r.toYaml() !== ours) identical += `, edit of ${relative(REPO_ROOT, file)} DIFFERS`;
      }),
    };
    edits.push(e);
    return e.probe;
  };
  const baseFile = first.files.find((f) => !f.startsWith(t.root + '/') && !/\/(kustomization\.ya?ml|Kustomization)$/.test(f));
  const kubectlProbe = oracle ? probe(1, () => spawnSync(oracle.bin, oracleArgs(t.root), { env: oracleEnv(), stdio: 'ignore' })) : undefined;
  const coldProbe = probe(Math.max(1, Math.round(perRound / 2)), () => renderKustomization(t.root, { cache: new RenderCache() }));
  const warmProbe = probe(perRound, () => renderKustomization(t.root, { cache }));
  const warmYamlProbe = probe(perRound, () => renderKustomization(t.root, { cache }).toYaml());
  const patchProbe = editProbe(pickEditedFile(t.root, first.files));
  const baseProbe = baseFile ? editProbe(baseFile) : undefined;
  interleave(kubectlRuns, [kubectlProbe, coldProbe, warmProbe, warmYamlProbe, patchProbe, baseProbe].filter((p): p is Probe => !!p));

  const kubectlMs = kubectlProbe && median(kubectlProbe.samples);
  const cold = median(coldProbe.samples);
  const warm = median(warmProbe.samples);
  const warmYaml = median(warmYamlProbe.samples);
  const patch = { ms: median(patchProbe.samples) };
  const base = baseProbe && { ms: median(baseProbe.samples) };
  const note = (e: (typeof edits)[number]) => `${relative(REPO_ROOT, e.file)} (${(e.parses / e.probe.samples.length).toFixed(2)} parses/edit)`;

  rows.push([
    t.env,
    String(first.resources.length),
    kubectlMs === undefined ? '—' : fmt(kubectlMs),
    fmt(cold),
    fmt(warm),
    fmt(warmYaml),
    fmt(patch.ms),
    base ? fmt(base.ms) : '—',
    ratio(kubectlMs, warm),
    ratio(kubectlMs, warmYaml),
    ratio(kubectlMs, patch.ms),
    base ? ratio(kubectlMs, base.ms) : '—',
    identical,
  ]);
  notes.push(`${t.env}: edited ${edits.map(note).join('; ')}`);
}

const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
console.log(line(header));
for (const r of rows) console.log(line(r));
for (const n of notes) console.log(n);
