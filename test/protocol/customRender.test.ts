// RenderInfo built from a RenderResult: object line spans in the kustomize
// output and the origin of each value line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stringify } from 'yaml';
import type { Origin, PathSegment, RenderResult } from '../../server/src/kustomize/model';
import { renderInfo } from '../../server/src/handlers/customRender';

const at = (file: string, line: number, by: string): Origin => ({ file, range: { start: { line, character: 0 }, end: { line, character: 5 } }, by });

function resource(object: Record<string, unknown>, origin: Origin, overrides: Record<string, Origin>) {
  return {
    object,
    origin,
    originOf: (path: PathSegment[]) => {
      for (let n = path.length; n >= 0; n--) {
        const o = overrides[path.slice(0, n).join('.')];
        if (o) return o;
      }
      return origin;
    },
    historyOf: (path: PathSegment[]) => (overrides[path.join('.')] ? [origin, overrides[path.join('.')]!] : [origin]),
  };
}

test('object spans and per-line origins', () => {
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'thebot' }, data: { A: '1' } };
  const dep = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'backend' },
    spec: { replicas: 1, template: { spec: { containers: [{ name: 'django', image: 'localhost:5000/backend:dev' }] } } },
  };
  const base = at('/m/base/cm.yaml', 0, 'resource');
  const depBase = at('/m/base/dep.yaml', 0, 'resource');
  const result: RenderResult = {
    root: '/m/overlays/dev',
    files: [],
    errors: [],
    resources: [
      resource(cm, base, {}),
      resource(dep, depBase, {
        'spec.replicas': at('/m/overlays/dev/kustomization.yaml', 7, 'replicas'),
        'spec.template.spec.containers.0.image': at('/m/overlays/dev/kustomization.yaml', 3, 'images'),
      }),
    ],
    toYaml: () => [cm, dep].map((o) => stringify(o)).join('---\n'),
  };
  const r = renderInfo('dev', result);
  const lines = r.yaml.split('\n');
  assert.deepEqual(
    r.objects.map((o) => [o.kind, o.name, o.namespace, o.startLine, o.endLine]),
    [
      ['ConfigMap', 'cfg', 'thebot', 0, 7],
      ['Deployment', 'backend', undefined, 8, 19],
    ],
  );
  assert.equal(lines[7], '---');
  assert.equal(lines[8], 'apiVersion: apps/v1');
  assert.equal(lines.length, 20); // 19 lines and the final newline
  const replicas = lines.indexOf('  replicas: 1');
  const image = lines.findIndex((l) => l.trim() === 'image: localhost:5000/backend:dev');
  assert.equal(lines[image - 1]!.trim(), '- name: django');
  const byLine = new Map(r.lineOrigins.map((l) => [l.line, l]));
  assert.deepEqual(byLine.get(replicas)?.origin, { file: '/m/overlays/dev/kustomization.yaml', range: { start: { line: 7, character: 0 }, end: { line: 7, character: 5 } }, by: 'replicas' });
  assert.deepEqual(byLine.get(replicas)?.history.map((h) => h.by), ['resource', 'replicas']);
  assert.equal(byLine.get(image)?.origin.by, 'images');
  assert.equal(byLine.get(0)?.origin.file, '/m/base/cm.yaml');
  // `- name: django` holds the first container: its line is the item's first key.
  assert.equal(byLine.get(image - 1)?.origin.file, '/m/base/dep.yaml');
  assert.equal(r.errors.length, 0);
});

test('render errors come back without objects', () => {
  const result: RenderResult = {
    root: '/m',
    files: [],
    resources: [],
    errors: [{ message: 'missing resource x.yaml', file: '/m/kustomization.yaml' }],
    toYaml: () => '',
  };
  assert.deepEqual(renderInfo('dev', result), {
    environment: 'dev',
    yaml: '',
    objects: [],
    lineOrigins: [],
    errors: [{ message: 'missing resource x.yaml', file: '/m/kustomization.yaml' }],
  });
});
