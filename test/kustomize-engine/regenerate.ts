// Regenerates the expected outputs of the per-transformer tables
// (test/kustomize-engine/transformers/<transformer>/<case>/out.yaml) with the
// real kustomize v5.5.0 (found like the corpus oracle: test/kustomize/oracle.ts).
//   npx tsx test/kustomize-engine/regenerate.ts [substring…]
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findOracle, runKustomize } from '../kustomize/oracle';
import { listTransformerCases } from './cases';

const oracle = findOracle();
if (!oracle) throw new Error('no kustomize found: run scripts/setup.sh');
const only = process.argv.slice(2);
for (const c of listTransformerCases()) {
  if (only.length && !only.some((s) => c.id.includes(s))) continue;
  const r = runKustomize(oracle, c.dir);
  if (r.error !== undefined) {
    process.stderr.write(`${c.id}: kustomize failed: ${r.error}\n`);
    process.exitCode = 1;
    continue;
  }
  writeFileSync(join(c.dir, 'out.yaml'), r.stdout);
  process.stdout.write(`${c.id}: ${r.stdout.split('\n').length - 1} lines (${oracle.label})\n`);
}
