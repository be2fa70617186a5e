// Regenerates the expected outputs of the per-transformer tables
// (test/kustomize-engine/transformers/<transformer>/<case>/out.yaml) with the
// real kustomize (`kubectl kustomize`, v5.5.0; THEBOT_KUBECTL picks another).
//   npx tsx test/kustomize-engine/regenerate.ts [substring…]
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listTransformerCases } from './cases';

const kubectl = process.env.THEBOT_KUBECTL ?? 'kubectl';
const only = process.argv.slice(2);
for (const c of listTransformerCases()) {
  if (only.length && !only.some((s) => c.id.includes(s))) continue;
  const r = spawnSync(kubectl, ['kustomize', c.dir], { encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(`${c.id}: kustomize failed:\n${r.stderr}`);
    process.exitCode = 1;
    continue;
  }
  writeFileSync(join(c.dir, 'out.yaml'), r.stdout);
  process.stdout.write(`${c.id}: ${r.stdout.split('\n').length - 1} lines\n`);
}
