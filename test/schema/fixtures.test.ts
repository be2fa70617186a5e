// YAML in, findings out: each test/schema/fixtures/<name>.yaml is validated
// and its findings must equal <name>.expected line for line
// ("line:col-line:col severity code path: message", 1-based like the CLI).
// Mode from the name: kustomization-* → kustomization, patch-* → patch, else full.
// UPDATE_FIXTURES=1 rewrites the .expected files (review the diff!).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYaml } from '../../server/src/documents/parse';
import { locateProblems, validateFileDocuments, type FileMode, type PatchTarget } from '../../server/src/schema';

const dir = join(__dirname, 'fixtures');
/** What a kustomization's `target:` would say for these JSON 6902 patch fixtures. */
const PATCH_TARGETS: Record<string, PatchTarget[]> = {
  'patch-json6902-targets.yaml': [{ kind: 'Deployment' }, { kind: 'StatefulSet' }],
  'patch-untyped-targets.yaml': [{ kind: 'Deployment' }, { kind: 'StatefulSet' }],
};

export function findingLines(file: string, mode: FileMode, patchTargets?: PatchTarget[]): string {
  const parsed = parseYaml(readFileSync(file, 'utf8'));
  // Documents with syntax errors are skipped by the validator: only unknown-kind.yaml has one, on purpose.
  assert.equal(parsed.errors.length > 0, file.endsWith('unknown-kind.yaml'), `syntax errors in ${file}`);
  const located = locateProblems(parsed, mode, { patchTargets });
  // validateFileDocuments is the same list as Findings.
  assert.deepEqual(
    validateFileDocuments(file, parsed, mode, { patchTargets }),
    located.map((p) => ({ file, range: p.range, severity: p.severity, code: p.code, source: 'thebot', message: p.message })),
  );
  return located
    .map((p) => `${p.range.start.line + 1}:${p.range.start.character + 1}-${p.range.end.line + 1}:${p.range.end.character + 1} ${p.severity} ${p.code} ${p.path.join('.') || '(root)'}: ${p.message}`)
    .join('\n');
}

for (const name of readdirSync(dir).filter((n) => n.endsWith('.yaml')).sort()) {
  const mode: FileMode = name.startsWith('kustomization') ? 'kustomization' : name.startsWith('patch') ? 'patch' : 'full';
  test(`fixture ${name} (${mode})`, () => {
    const actual = findingLines(join(dir, name), mode, PATCH_TARGETS[name]);
    const expectedFile = join(dir, name.replace(/\.yaml$/, '.expected'));
    if (process.env.UPDATE_FIXTURES) writeFileSync(expectedFile, actual ? `${actual}\n` : '');
    assert.equal(actual, readFileSync(expectedFile, 'utf8').trimEnd());
  });
}
