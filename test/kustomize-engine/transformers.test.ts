// Per-transformer YAML-in/YAML-out tables (transformers/<transformer>/<case>/):
// the engine's output equals what real kustomize printed (out.yaml), and, when
// kubectl is installed, kustomize still prints it (so the table cannot rot).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderKustomization, RenderCache } from '../../server/src/kustomize';
import { listTransformerCases } from './cases';

const kubectl = process.env.THEBOT_KUBECTL ?? 'kubectl';
const hasKubectl = spawnSync(kubectl, ['version', '--client'], { encoding: 'utf8' }).status === 0;
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
    test(c.id, { skip: !hasKubectl && process.env.CI !== 'true' ? 'kubectl not installed' : false }, () => {
      const run = spawnSync(kubectl, ['kustomize', c.dir], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout, readFileSync(join(c.dir, 'out.yaml'), 'utf8'));
    });
  }
});
