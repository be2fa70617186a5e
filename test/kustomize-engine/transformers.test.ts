// Per-transformer YAML-in/YAML-out tables (transformers/<transformer>/<case>/):
// the engine's output equals what real kustomize printed (out.yaml), and, when
// the reference kustomize is installed (test/kustomize/oracle.ts: kubectl or the
// standalone kustomize scripts/setup.d/25-kustomize.sh builds), it still prints
// it, so the table cannot rot. In CI a missing kustomize fails.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderKustomization, RenderCache } from '../../server/src/kustomize';
import { findOracle, runKustomize } from '../kustomize/oracle';
import { listTransformerCases } from './cases';

const oracle = findOracle();
const cases = listTransformerCases();

test('every transformer has a table', () => {
  const transformers = new Set(cases.map((c) => c.id.split('/')[0]));
  for (const t of ['namespace', 'prefixSuffix', 'labels', 'annotations', 'images', 'replicas', 'strategicMerge', 'json6902', 'replacements', 'generators', 'sort', 'buildMetadata']) {
    assert.ok(transformers.has(t), `no cases for ${t}`);
  }
});

describe('engine output equals kustomize, per transformer', () => {
  for (const c of cases) {
    test(c.id, () => {
      const r = renderKustomization(c.dir, { cache: new RenderCache() });
      assert.deepEqual(r.errors.map((e) => e.message), []);
      assert.equal(r.toYaml(), readFileSync(join(c.dir, 'out.yaml'), 'utf8'));
    });
  }
});

describe('kustomize still prints the committed out.yaml', () => {
  for (const c of cases) {
    test(c.id, { skip: !oracle && process.env.CI !== 'true' ? 'kustomize not installed' : false }, () => {
      assert.ok(oracle, 'no kustomize found (CI=true): run scripts/setup.sh');
      const run = runKustomize(oracle, c.dir);
      assert.equal(run.error, undefined);
      assert.equal(run.stdout, readFileSync(join(c.dir, 'out.yaml'), 'utf8'));
    });
  }
});
