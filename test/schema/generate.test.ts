// schemas/ is reproducible: regenerating from the pinned upstream modules (Go
// module proxy) gives the committed files byte for byte. Skipped, with the
// reason printed, only where the `go` tool is missing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(__dirname, '..', '..');
const haveGo = spawnSync('go', ['version'], { encoding: 'utf8' }).status === 0;
if (!haveGo) console.log('# generate.test.ts: skipped, `go` is not installed (needed to fetch the upstream modules)');

test('scripts/gen-schemas.ts regenerates the committed schemas byte for byte', { skip: !haveGo && '`go` not installed' }, () => {
  const out = mkdtempSync(join(tmpdir(), 'thebot-schemas-'));
  try {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'scripts', 'gen-schemas.ts'), '--out', out], { cwd: repo, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const index = JSON.parse(readFileSync(join(repo, 'schemas', 'index.json'), 'utf8')) as { files: string[] };
    assert.deepEqual(index.files, ['kubernetes-1.34.json', 'crds/monitoring.coreos.com.json', 'crds/cert-manager.io.json', 'kustomization.schema.json']);
    const generated = readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json')).sort();
    // Every bundle, the descriptions of the Kubernetes and CRD bundles beside them, and nothing else.
    assert.deepEqual(generated, [
      'crds/cert-manager.io.docs.json', 'crds/cert-manager.io.json', 'crds/monitoring.coreos.com.docs.json', 'crds/monitoring.coreos.com.json',
      'index.json', 'kubernetes-1.34.docs.json', 'kubernetes-1.34.json', 'kustomization.schema.json',
    ]);
    for (const f of generated) {
      assert.ok(readFileSync(join(out, f)).equals(readFileSync(join(repo, 'schemas', f))), `${f} differs from a fresh generation`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('schema files record the upstream module versions they come from', () => {
  const source = (f: string) => (JSON.parse(readFileSync(join(repo, 'schemas', f), 'utf8')) as { 'x-thebot-source': Record<string, string> })['x-thebot-source'];
  assert.deepEqual(source('kubernetes-1.34.json'), {
    kubernetesVersion: '1.34',
    module: 'k8s.io/kubernetes@v1.34.4',
    path: 'api/openapi-spec/v3',
    enums: 'k8s.io/api@v0.34.4 (+enum Go types)',
  });
  assert.equal(source('crds/monitoring.coreos.com.json').module, 'github.com/prometheus-operator/prometheus-operator@v0.85.0');
  assert.equal(source('crds/cert-manager.io.json').module, 'github.com/cert-manager/cert-manager@v1.21.2');
  assert.equal(source('kustomization.schema.json').module, 'sigs.k8s.io/kustomize/api@v0.18.0');
});
