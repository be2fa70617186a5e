// Regenerates the committed expectations of the Kustomize corpus from the real
// kustomize (`kubectl kustomize`, v5.5.0 when they were written):
//   <case>/expected.yaml      stdout of a successful build (byte for byte)
//   <case>/expected.stderr    kustomize's warnings (deprecated fields), when any
//   <case>/expected.error     error cases: kustomize's message, case path as $CASE
//   <case>/expected.exitcode  error cases: the exit status
// Usage: npx tsx scripts/gen-kustomize-expected.ts [case-id-substring…]
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  EXPECTED_KUSTOMIZE_VERSION,
  findOracle,
  listCases,
  normalise,
  runKustomize,
} from '../test/kustomize/oracle';

const oracle = findOracle();
if (!oracle) {
  console.error('no kustomize found (bash scripts/setup.sh, or set THEBOT_KUBECTL / THEBOT_KUSTOMIZE); expectations can only come from the real kustomize');
  process.exit(2);
}
if (oracle.version !== EXPECTED_KUSTOMIZE_VERSION) {
  console.error(`warning: kustomize ${oracle.version ?? 'unknown'} (the corpus was written against ${EXPECTED_KUSTOMIZE_VERSION})`);
}
console.error(`oracle: ${oracle.label} (${oracle.bin})`);

const filters = process.argv.slice(2);
let failed = 0;
for (const c of listCases()) {
  if (filters.length && !filters.some((f) => c.id.includes(f))) continue;
  const run = runKustomize(oracle, c.root, c.loadRestrictor);
  const out = (name: string, text: string | undefined) => {
    const file = join(c.dir, name);
    if (text === undefined || text === '') rmSync(file, { force: true });
    else writeFileSync(file, text);
  };
  out('expected.stderr', normalise(run.warnings, c));
  if (c.expectError) {
    if (run.code === 0) {
      console.error(`${c.id}: expected kustomize to fail, but it succeeded`);
      failed++;
      continue;
    }
    out('expected.yaml', undefined);
    out('expected.error', normalise(run.error ?? run.warnings, c) + '\n');
    out('expected.exitcode', `${run.code}\n`);
    console.log(`${c.id}: error (exit ${run.code})`);
  } else {
    if (run.code !== 0) {
      console.error(`${c.id}: kustomize failed: ${run.error ?? run.warnings}`);
      failed++;
      continue;
    }
    writeFileSync(join(c.dir, 'expected.yaml'), run.stdout); // even when empty: an empty build is an expectation too
    out('expected.error', undefined);
    out('expected.exitcode', undefined);
    console.log(`${c.id}: ${run.stdout ? run.stdout.split('\n---\n').length : 0} objects${run.warnings ? ' (+stderr)' : ''}`);
  }
}
process.exit(failed ? 1 : 0);
