// Benchmark (not a test): parsing the 1,200-document file of issue 4 with the
// yaml library's parseAllDocuments and with parseYaml (the fast path per
// document), alternately in one run, plus an edit's re-parse through
// ParseCache. Prints medians in ms and the ratio, with the load average.
// Usage: npx tsx test/perf/parse.bench.ts [--runs N]
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseAllDocuments } from 'yaml';
import { ParseCache, parseYaml } from '../../server/src/documents/parse';
import { bigManifest } from '../documents/bigManifest';

const i = process.argv.indexOf('--runs');
const RUNS = i >= 0 ? Number(process.argv[i + 1]) : 20;
const OPTIONS = { prettyErrors: false, uniqueKeys: true };

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (f: () => unknown): number => {
  const t = performance.now();
  f();
  return performance.now() - t;
};

function main(): void {
  const text = bigManifest();
  const edited = text.replace('  replicas: 2', '  replicas: 3');
  const library: number[] = [];
  const fast: number[] = [];
  const edit: number[] = [];
  for (let r = 0; r < RUNS + 3; r++) {
    const a = time(() => parseAllDocuments(text, OPTIONS));
    const b = time(() => parseYaml(text));
    const cache = new ParseCache();
    cache.get('big', 1, text);
    const c = time(() => cache.get('big', 2, edited));
    // The first rounds warm the JIT up.
    if (r < 3) continue;
    library.push(a);
    fast.push(b);
    edit.push(c);
  }
  const load = loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log(`parse.bench: ${text.split('\n').length - 1} lines, 1,200 documents; ${RUNS} runs; load average ${load}`);
  console.log(`  yaml parseAllDocuments  ${median(library).toFixed(1)} ms`);
  console.log(`  parseYaml (fast path)   ${median(fast).toFixed(1)} ms  (${(median(library) / median(fast)).toFixed(1)}x)`);
  console.log(`  one edit, ParseCache    ${median(edit).toFixed(2)} ms`);
}

main();
