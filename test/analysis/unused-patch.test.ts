// Patch files no kustomization uses (kubebuilder's scaffold names its optional
// patches only in comments: `#- path: patches/cainjection_in_x.yaml`) are not
// complete objects: checked as patches, their problems as warnings, with one
// info that says nothing uses them and which comment names them. A file that
// is neither named in a comment nor called a patch is still a standalone
// object.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseYaml } from '../../server/src/documents/parse';
import { createFileValidators } from '../../server/src/analysis/files';
import { KustomizationIndex } from '../../server/src/analysis/kustomizations';
import { fileRole, roleFindings } from '../../server/src/analysis/project';
import { HelmChartLookup } from '../../server/src/analysis/templates';

const cli = join(__dirname, '..', '..', 'bin', 'thebot.js');

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'thebot-unused-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

// No selector, no containers' images: fragments, as kubebuilder scaffolds them.
const DEPLOYMENT_FRAGMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: manager\nspec:\n  template:\n    spec:\n      containers:\n      - name: m\n        portz: []\n';
const CRD_FRAGMENT = 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  annotations:\n    cert-manager.io/inject-ca-from: system/serving-cert\n  name: xs.example.com\n';

test('patches named only in a kustomization comment, or called patches beside one, get an info and warnings, not object errors', () => {
  const dir = tree({
    'config/default/kustomization.yaml': 'resources:\n- ../crd\n# Only one of these should be enabled:\n#- path: manager_webhook_patch.yaml\n',
    'config/default/manager_webhook_patch.yaml': DEPLOYMENT_FRAGMENT,
    'config/crd/kustomization.yaml': 'resources:\n- bases/x.yaml\npatches:\n# +kubebuilder:scaffold:crdkustomizewebhookpatch\n#- path: patches/cainjection_in_xs.yaml\n',
    'config/crd/bases/x.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
    'config/crd/patches/cainjection_in_xs.yaml': CRD_FRAGMENT,
    'config/crd/patches/not_mentioned.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: loose\nspec:\n  replicas: "two"\n',
    // Neither named in a comment nor called a patch: a standalone object, checked whole.
    'examples/deploy.yaml': DEPLOYMENT_FRAGMENT,
  });
  const r = spawnSync(process.execPath, [cli, 'check', '.'], { cwd: dir, encoding: 'utf8' });
  assert.equal(
    r.stdout,
    [
      'config/crd/patches/cainjection_in_xs.yaml:1:1 info unused-patch no kustomization uses this file (config/crd/kustomization.yaml:5 names it in a comment): checked as a patch, its problems as warnings',
      'config/crd/patches/not_mentioned.yaml:1:1 info unused-patch no kustomization uses this file: checked as a patch, its problems as warnings',
      'config/crd/patches/not_mentioned.yaml:6:13 warning schema-type expected integer, got string "two"',
      'config/default/manager_webhook_patch.yaml:1:1 info unused-patch no kustomization uses this file (config/default/kustomization.yaml:4 names it in a comment): checked as a patch, its problems as warnings',
      'config/default/manager_webhook_patch.yaml:10:9 warning schema-unknown-field unknown field "portz" in Deployment.spec.template.spec.containers[0]',
      'examples/deploy.yaml:5:1 error schema-required missing required field "selector" in Deployment.spec',
      'examples/deploy.yaml:10:9 error schema-unknown-field unknown field "portz" in Deployment.spec.template.spec.containers[0]',
      '',
    ].join('\n'),
  );
  assert.equal(r.status, 1);
});

test('the info links to the comment that names the file (JSON: related location)', () => {
  const dir = tree({
    'k/kustomization.yaml': 'resources: []\n#- p.yaml\n',
    'k/p.yaml': CRD_FRAGMENT,
  });
  const r = spawnSync(process.execPath, [cli, 'check', '.', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
  const findings = JSON.parse(r.stdout) as { file: string; line: number; code: string; related: { file: string; line: number; message: string }[] }[];
  assert.deepEqual(
    findings.map((f) => [f.file, f.line, f.code, f.related.map((x) => [x.file, x.line, x.message])]),
    [['k/p.yaml', 1, 'unused-patch', [['k/kustomization.yaml', 2, 'named here, in a comment']]]],
  );
  assert.equal(r.status, 0);
});

test('plain-file mode (files given by path) reads the kustomizations above each file: the same roles and findings as project mode', () => {
  const dir = tree({
    'config/default/kustomization.yaml': 'resources:\n- ../crd\npatches:\n- path: manager_patch.yaml\n# Only one of these should be enabled:\n#- path: manager_webhook_patch.yaml\n',
    'config/default/manager_webhook_patch.yaml': DEPLOYMENT_FRAGMENT,
    // Used as a patch: checked as a patch, not as a whole object (no missing selector).
    'config/default/manager_patch.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: manager\nspec:\n  replicas: "two"\n',
    'config/crd/kustomization.yaml': 'resources:\n- bases/x.yaml\npatches:\n# +kubebuilder:scaffold:crdkustomizewebhookpatch\n#- path: patches/cainjection_in_xs.yaml\n',
    'config/crd/bases/x.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
    'config/crd/patches/cainjection_in_xs.yaml': CRD_FRAGMENT,
    'examples/deploy.yaml': DEPLOYMENT_FRAGMENT,
  });
  const files = ['config/crd/patches/cainjection_in_xs.yaml', 'config/default/manager_patch.yaml', 'config/default/manager_webhook_patch.yaml', 'examples/deploy.yaml'];
  const plain = spawnSync(process.execPath, [cli, 'check', ...files], { cwd: dir, encoding: 'utf8' });
  assert.equal(
    plain.stdout,
    [
      'config/crd/patches/cainjection_in_xs.yaml:1:1 info unused-patch no kustomization uses this file (config/crd/kustomization.yaml:5 names it in a comment): checked as a patch, its problems as warnings',
      'config/default/manager_patch.yaml:6:13 error schema-type expected integer, got string "two"',
      'config/default/manager_webhook_patch.yaml:1:1 info unused-patch no kustomization uses this file (config/default/kustomization.yaml:6 names it in a comment): checked as a patch, its problems as warnings',
      'config/default/manager_webhook_patch.yaml:10:9 warning schema-unknown-field unknown field "portz" in Deployment.spec.template.spec.containers[0]',
      'examples/deploy.yaml:5:1 error schema-required missing required field "selector" in Deployment.spec',
      'examples/deploy.yaml:10:9 error schema-unknown-field unknown field "portz" in Deployment.spec.template.spec.containers[0]',
      '',
    ].join('\n'),
  );
  // Project mode (the whole tree) says the same about these files (besides its render's findings: the patch matches nothing).
  const project = spawnSync(process.execPath, [cli, 'check', '.'], { cwd: dir, encoding: 'utf8' });
  const inFiles = project.stdout.split('\n').filter((l) => files.some((f) => l.startsWith(`${f}:`)) && !l.includes(' error render '));
  assert.deepEqual(
    inFiles.map((l) => l.replace(/ \[[^\]]*\]/, '')),
    plain.stdout.trim().split('\n'),
  );
});

test('whether a file is an unused patch is worked out once per file (its role, then its info), again after a kustomization changes', () => {
  const dir = tree({ 'k/kustomization.yaml': 'resources: []\n#- p.yaml\n', 'k/p.yaml': CRD_FRAGMENT });
  const kustomization = join(dir, 'k', 'kustomization.yaml');
  const file = join(dir, 'k', 'p.yaml');
  const index = new KustomizationIndex(() => [kustomization], (f) => parseYaml(readFileSync(f, 'utf8')));
  let asked = 0;
  const commentedOut = index.commentedOut.bind(index);
  index.commentedOut = (f) => {
    asked++;
    return commentedOut(f);
  };
  const parsed = parseYaml(readFileSync(file, 'utf8'));
  const check = () => {
    const role = fileRole(file, parsed, { index, environments: [], charts: new HelmChartLookup(), root: dir });
    const findings = roleFindings(file, parsed, { role, validate: true, kubernetesVersion: '1.34' }, createFileValidators(), index, dir);
    return [role, ...findings.map((f) => `${f.code} ${f.message}`)];
  };
  const unused = ['unused-patch', 'unused-patch no kustomization uses this file (k/kustomization.yaml:2 names it in a comment): checked as a patch, its problems as warnings'];
  assert.deepEqual(check(), unused);
  assert.equal(asked, 1, 'the role and the info: one look');
  assert.deepEqual(check(), unused);
  assert.equal(asked, 1, 'checked again, nothing changed: no look');
  // The comment removed: p.yaml is neither named nor called a patch, a standalone object again.
  writeFileSync(kustomization, 'resources: []\n');
  index.invalidate(kustomization);
  assert.deepEqual(check(), ['standalone', 'schema-required missing required field "spec" in CustomResourceDefinition']);
  assert.equal(asked, 2);
});
