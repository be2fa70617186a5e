// Benchmark (not a test): the language server's work for one edit, in process,
// without the LSP layer: invalidate the edited file, render the three platform
// environments with one shared RenderCache, analyse each (schemas + rules).
// Alternates a base edit (every environment re-renders) and an overlay patch
// edit (one environment). Prints medians; run with --cpu-prof to profile.
// Usage: npx tsx test/perf/edit-path.bench.ts [--runs N]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadProjectConfig } from '../../server/src/config';
import { analyzeRendered } from '../../server/src/analysis';
import { engineOptions } from '../../server/src/analysis/engine';
import { renderKustomization, RenderCache } from '../../server/src/kustomize';
import { WorkspaceFiles } from '../../server/src/documents/workspace';

const i = process.argv.indexOf('--runs');
const RUNS = i >= 0 ? Number(process.argv[i + 1]) : 100;
const root = join(__dirname, '..', '..', 'manifests');
const config = loadProjectConfig(root);
const baseFile = join(root, 'base', '06-backend-deployment.yaml');
const patchFile = join(root, 'overlays', 'production', 'kustomization.yaml');
// The language server's reader: editor buffers over the disk, disk reads kept (it watches files).
const reader = new WorkspaceFiles();
reader.cacheDisk = true;
const cache = new RenderCache();
const { validate, read } = engineOptions({ reader });

function edit(file: string, n: number): void {
  const text = readFileSync(file, 'utf8');
  reader.setBuffer(file, n + 2, n % 2 ? text.replace(/count: (\d+)|replicas: (\d+)/, (m) => m.replace(/\d+/, (d) => String(Number(d) + 1))) : text);
  cache.invalidate(file);
}

function pass(files: string[]): { render: number; analyze: number } {
  let render = 0;
  let analyze = 0;
  for (const env of config.environments) {
    if (files.length && !files.some((f) => f.startsWith(env.overlay) || f.includes('/base/'))) continue;
    const t0 = performance.now();
    const r = renderKustomization(env.overlay, { reader, cache });
    const t1 = performance.now();
    analyzeRendered(config, env, r, { validate, read });
    analyze += performance.now() - t1;
    render += t1 - t0;
  }
  return { render, analyze };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
pass([]);
for (const [label, file] of [['base edit (3 environments)', baseFile], ['production overlay edit (1 environment)', patchFile]] as const) {
  const r: number[] = [];
  const a: number[] = [];
  for (let n = 0; n < RUNS; n++) {
    edit(file, n);
    const t = pass([file]);
    r.push(t.render);
    a.push(t.analyze);
  }
  console.log(`${label}: render ${median(r).toFixed(2)} ms, analyse ${median(a).toFixed(2)} ms, total ${median(r.map((x, k) => x + a[k]!)).toFixed(2)} ms (median of ${RUNS})`);
}
console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}; RenderCache parses: ${cache.parses}; included kustomizations built: ${cache.builds.stored}, served from the memo: ${cache.builds.hits}`);
