// Go templates are not YAML: a Helm chart's templates/ (a directory holding
// Chart.yaml is a chart) and files that do not parse and hold `{{` (or a
// Liquid/Jinja `{%` tag) get no
// findings of their own, Chart.yaml and the chart's values files only syntax (helm's input); broken YAML elsewhere is still a syntax error, and a
// template a kustomization names is read (and reported) as kustomize reads it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { writeTree } from '../support/tree';

const cli = join(__dirname, '..', '..', 'bin', 'thebot.js');

const tree = (files: Record<string, string>): string => writeTree(files, 'thebot-templates-');

const GO_TEMPLATE = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include "x.fullname" . }}\n  labels:\n    {{- include "x.labels" . | nindent 4 }}\n';
const CM = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

test('chart templates and Go-templated files get no findings; broken YAML elsewhere does', () => {
  const dir = tree({
    'app/kustomization.yaml': 'resources:\n- cm.yaml\n',
    'app/cm.yaml': CM('app'),
    'charts/x/Chart.yaml': 'apiVersion: v2\nname: x\nversion: 0.1.0\n',
    // A chart's own files are helm's input, not objects: `kind` in values.yaml says which workload the templates make.
    'charts/x/values.yaml': '# CronJob or Deployment\nkind: CronJob\nreplicas: 1\n',
    'charts/x/values-production.yaml': 'kind: Deployment\nimage:\n  tag: ""\n',
    'charts/x/values-broken.yaml': 'kind: Deployment\nimage: [x\n',
    // Objects helm installs as they are: checked.
    'charts/x/crds/widget.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: w\ndata: 5\n',
    'charts/y/Chart.yaml': 'apiVersion: v2\nname: [y\n',
    'charts/x/templates/cm.yaml': GO_TEMPLATE,
    // Valid YAML in a chart's templates/ is still a template: a wrong type is not ours to report.
    'charts/x/templates/sub/plain.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: p\ndata: 5\n',
    'hack/config.tmpl.yaml': GO_TEMPLATE,
    // Parses as YAML only because `{{ .ns }}` reads as a flow mapping (as a key): still a template.
    'testdata/result.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: {{ .ns }}\n',
    'charts/x/files/patch.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n',
    // A documentation snippet wrapped in Liquid/Jinja tags (external-secrets' docs/snippets): a template, not ~50 syntax errors.
    'docs/snippets/deployment.yaml': '{% raw %}\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n{% endraw %}\n',
    // `{%` in a value that parses: YAML, checked as such.
    'docs/quoted.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: q\ndata:\n  t: "{% raw %}"\n  n: 5\n',
    // Not a chart (no Chart.yaml): a templates/ directory alone proves nothing.
    'other/templates/bad.yaml': 'a: 1\nb: [1, 2\nc: 3\n',
  });
  const r = spawnSync(process.execPath, [cli, 'check', '.'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.stdout, [
    'charts/x/crds/widget.yaml:5:7 error schema-type expected object, got number 5',
    'charts/x/values-broken.yaml:3:1 error yaml-syntax Flow sequence in block collection must be sufficiently indented and end with a ]',
    'charts/y/Chart.yaml:3:1 error yaml-syntax Flow sequence in block collection must be sufficiently indented and end with a ]',
    'docs/quoted.yaml:7:6 error schema-type expected string, got number 5',
    'other/templates/bad.yaml:3:1 error yaml-syntax Flow sequence in block collection must be sufficiently indented and end with a ]',
    '',
  ].join('\n'));
  assert.equal(r.status, 1);
});

test('a file a kustomization lists as a resource is not checked as a standalone object when the render fails before it', () => {
  const dir = tree({
    'app/kustomization.yaml': 'resources:\n- missing.yaml\n- deploy.yaml\n',
    // No selector: as a standalone object it would be 'missing required field'; labels could add it in the render.
    'app/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers: [{ name: web, image: web:1 }]\n',
  });
  const r = spawnSync(process.execPath, [cli, 'check', '.'], { cwd: dir, encoding: 'utf8' });
  assert.deepEqual(r.stdout.split('\n').filter(Boolean).map((l) => l.split(' ').slice(0, 3).join(' ')), ['app/kustomization.yaml:2:3 error render']);
});

test('a chart template a kustomization names is a resource, read as kustomize reads it', () => {
  const dir = tree({
    'charts/x/Chart.yaml': 'apiVersion: v2\nname: x\nversion: 0.1.0\n',
    'charts/x/templates/kustomization.yaml': 'resources:\n- cm.yaml\n',
    'charts/x/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata: 5\n',
  });
  const r = spawnSync(process.execPath, [cli, 'check', '.'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.stdout, 'charts/x/templates/cm.yaml:5:7 error schema-type [templates] expected object, got number 5\n');
  assert.equal(r.status, 1);
});

test('plain-file mode: a file given on its own in a chart\'s templates/ is a template too', () => {
  const dir = tree({ 'Chart.yaml': 'apiVersion: v2\nname: x\nversion: 0.1.0\n', 'templates/cm.yaml': GO_TEMPLATE, 'bad.yaml': 'a: [\n' });
  const r = spawnSync(process.execPath, [cli, 'check', 'templates/cm.yaml'], { cwd: dir, encoding: 'utf8' });
  assert.deepEqual([r.status, r.stdout], [0, '']);
});
