// A file a kustomization's generator reads (configMapGenerator / secretGenerator
// `files`, `envs`, `env`) is what a ConfigMap or Secret holds: its YAML syntax is
// checked, never its schema (cluster-api reads a kube-state-metrics config, a
// `kind:` without `apiVersion`, into a ConfigMap; checked as a standalone
// manifest it got "missing required field" errors). Also: YAML with a kind but
// neither apiVersion nor metadata is no Kubernetes object (a fragment a script
// joins), while one with metadata and a misspelt apiVersion still is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { writeTree } from '../support/tree';

const cli = join(__dirname, '..', '..', 'bin', 'thebot.js');

const KSM_CONFIG = '# kube-state-metrics reads this\nkind: CustomResourceStateMetrics\nspec:\n  resources:\n  - groupVersionKind: {group: cluster.x-k8s.io, kind: Cluster, version: v1beta1}\n';

test('generator sources are data (syntax only), in a kustomization no environment renders too; a kind without apiVersion or metadata is no object', () => {
  const dir = writeTree({
    // The project's one environment does not include metrics/ (a tool's own kustomization): its files reach no render.
    'thebot.yaml': 'environments:\n  dev:\n    overlay: overlay\n    namespace: app\n',
    'overlay/kustomization.yaml': 'resources:\n- sa.yaml\n',
    'overlay/sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n',
    'metrics/kustomization.yaml': 'resources:\n- sa.yaml\nconfigMapGenerator:\n- name: crd-config\n  files:\n  - capi.yaml=crd-metrics-config.yaml\n  - broken.yaml\n  - pod-template.yaml\nsecretGenerator:\n- name: s\n  envs:\n  - creds.yaml\n',
    'metrics/sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ksm\n',
    'metrics/crd-metrics-config.yaml': KSM_CONFIG,
    'metrics/creds.yaml': 'kind: Credentials\nspec: {}\n',
    // A controller's pod template kept in a ConfigMap: an object's shape, not an object of the render (nor valid as one).
    'metrics/pod-template.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: runner\nspec:\n  containerz: []\n',
    'metrics/broken.yaml': 'a: [1, 2\n',
    // Not read by any kustomization: a fragment (kind, no apiVersion, no metadata), and an object with a misspelt apiVersion.
    'metrics/templates/header.yaml': 'kind: CustomResourceStateMetrics\nspec:\n  resources:\n',
    'wf.yaml': 'dbapiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  generateName: wf-\n',
  }, 'thebot-gensource-');
  const r = spawnSync(process.execPath, [cli, 'check', '.'], { cwd: dir, encoding: 'utf8' });
  assert.deepEqual(r.stdout.split('\n'), [
    // kustomize never parses it (the YAML library's words: the program reading it is another YAML reader).
    'metrics/broken.yaml:2:1 error yaml-syntax Flow sequence in block collection must be sufficiently indented and end with a ]',
    'wf.yaml:1:1 error schema-required missing required field "apiVersion" in object',
    '',
  ]);
  assert.equal(r.status, 1);
});
