// Origins of transformed, patched and generated fields: every rendered value
// points at the line (and the kustomization field) that set it last, and its
// history lists every step, oldest first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { renderKustomization, RenderCache } from '../../server/src/kustomize';
import type { Origin, RenderedResource } from '../../server/src/kustomize/model';

const FILES: Record<string, string> = {
  'base/kustomization.yaml': [
    'resources:',
    '- app.yaml',
    'configMapGenerator:',
    '- name: settings',
    '  literals:',
    '  - LEVEL=info',
    '  envs:',
    '  - app.env',
    '',
  ].join('\n'),
  'base/app.env': '# comment\nREGION=eu\nZONE=a\n',
  'base/app.yaml': [
    'apiVersion: apps/v1', //            1
    'kind: Deployment', //               2
    'metadata:', //                      3
    '  name: api', //                    4
    'spec:', //                          5
    '  replicas: 1', //                  6
    '  selector:', //                    7
    '    matchLabels:', //               8
    '      app: api', //                 9
    '  template:', //                    10
    '    metadata:', //                  11
    '      labels:', //                  12
    '        app: api', //               13
    '    spec:', //                      14
    '      containers:', //              15
    '      - name: api', //              16
    '        image: api:1', //           17
    '        envFrom:', //               18
    '        - configMapRef:', //        19
    '            name: settings', //     20
    '---',
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    '  name: api',
    'spec:',
    '  ports:',
    '  - port: 80',
    '',
  ].join('\n'),
  'ov/kustomization.yaml': [
    'resources:', //                               1
    '- ../base', //                                2
    'namespace: prod', //                          3
    'labels:', //                                  4
    '- pairs:', //                                 5
    '    team: core', //                           6
    '  includeSelectors: true', //                 7
    'commonAnnotations:', //                       8
    '  owner: ops', //                             9
    'images:', //                                  10
    '- name: api', //                              11
    '  newName: registry/api', //                  12
    '  newTag: "2"', //                            13
    'replicas:', //                                14
    '- name: api', //                              15
    '  count: 3', //                               16
    'patches:', //                                 17
    '- path: resources.yaml', //                   18
    '- target:', //                                19
    '    kind: Deployment', //                     20
    '  patch: |', //                               21
    '    - op: add', //                            22
    '      path: /spec/template/spec/containers/0/args', // 23
    '      value: [--fast]', //                    24
    '    - op: replace', //                        25
    '      path: /spec/minReadySeconds', //        26
    '      value: 5', //                           27
    'replacements:', //                            28
    '- source:', //                                29
    '    kind: Service', //                        30
    '    fieldPath: metadata.name', //             31
    '  targets:', //                               32
    '  - select:', //                              33
    '      kind: Deployment', //                   34
    '    fieldPaths:', //                          35
    '    - metadata.annotations.service', //       36
    '    options:', //                             37
    '      create: true', //                       38
    '',
  ].join('\n'),
  'ov/resources.yaml': [
    'apiVersion: apps/v1', //                1
    'kind: Deployment', //                   2
    'metadata:', //                          3
    '  name: api', //                        4
    'spec:', //                              5
    '  template:', //                        6
    '    spec:', //                          7
    '      containers:', //                  8
    '      - name: api', //                  9
    '        resources:', //                 10
    '          limits:', //                  11
    '            memory: 256Mi', //          12
    '',
  ].join('\n'),
};

function render() {
  const root = mkdtempSync(join(tmpdir(), 'thebot-origins-'));
  for (const [p, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  const r = renderKustomization(join(root, 'ov'), { cache: new RenderCache() });
  assert.deepEqual(r.errors, []);
  const at = (o: Origin | undefined) => o && `${o.by} ${o.file.slice(root.length + 1)}:${o.range.start.line + 1}:${o.range.start.character + 1}`;
  const find = (kind: string) => r.resources.find((x) => x.object.kind === kind)!;
  return { at, find };
}

const C = ['spec', 'template', 'spec', 'containers', 0];

test('origins of kustomization transformers: namespace, labels, annotations, images, replicas, replacements', () => {
  const { at, find } = render();
  const dep: RenderedResource = find('Deployment');
  assert.equal(at(dep.originOf(['metadata', 'namespace'])), 'namespace ov/kustomization.yaml:3:12');
  assert.equal(at(dep.originOf(['metadata', 'labels', 'team'])), 'labels ov/kustomization.yaml:6:11');
  assert.equal(at(dep.originOf(['spec', 'selector', 'matchLabels', 'team'])), 'labels ov/kustomization.yaml:6:11');
  assert.equal(at(dep.originOf(['spec', 'template', 'metadata', 'annotations', 'owner'])), 'commonAnnotations ov/kustomization.yaml:9:10');
  // A rewritten image points at the field that set its tag; each part at the field that set it.
  assert.equal(at(dep.originOf([...C, 'image'])), 'images ov/kustomization.yaml:13:11');
  assert.deepEqual(dep.historyOf([...C, 'image']).map(at), ['resource base/app.yaml:17:16', 'images ov/kustomization.yaml:13:11']);
  const parts = dep.originOf([...C, 'image'])!.parts!;
  assert.deepEqual(Object.fromEntries(Object.entries(parts).map(([k, o]) => [k, at(o)])), {
    name: 'images ov/kustomization.yaml:12:12',
    tag: 'images ov/kustomization.yaml:13:11',
    digest: 'images ov/kustomization.yaml:13:11',
  });
  assert.deepEqual(dep.historyOf(['spec', 'replicas']).map(at), ['resource base/app.yaml:6:13', 'replicas ov/kustomization.yaml:16:10']);
  assert.equal(at(dep.originOf(['metadata', 'annotations', 'service'])), 'replacements ov/kustomization.yaml:29:3');
});

test('origins of patched fields: strategic merge from a file, JSON 6902 operations', () => {
  const { at, find } = render();
  const dep = find('Deployment');
  assert.equal(at(dep.originOf([...C, 'resources', 'limits', 'memory'])), 'patch ov/resources.yaml:12:21');
  // A JSON 6902 value points at its operation.
  assert.equal(at(dep.originOf([...C, 'args'])), 'patch ov/kustomization.yaml:22:7');
  assert.equal(at(dep.originOf([...C, 'args', 0])), 'patch ov/kustomization.yaml:22:7');
  assert.equal(at(dep.originOf(['spec', 'minReadySeconds'])), 'patch ov/kustomization.yaml:25:7');
  // The merge key is restated by the patch: both lines are in its history.
  assert.equal(at(dep.originOf([...C, 'name'])), 'patch ov/resources.yaml:9:15');
  assert.deepEqual(dep.historyOf([...C, 'name']).map(at), ['resource base/app.yaml:16:15', 'patch ov/resources.yaml:9:15']);
  // Untouched fields keep their base origin.
  assert.equal(at(dep.originOf(['spec', 'selector', 'matchLabels', 'app'])), 'resource base/app.yaml:9:12');
});

test('origins of generated fields: literals, env file lines, the hashed name and rewritten references', () => {
  const { at, find } = render();
  const cm = find('ConfigMap');
  assert.equal(at(cm.originOf(['data', 'LEVEL'])), 'configMapGenerator base/kustomization.yaml:6:5');
  assert.equal(at(cm.originOf(['data', 'REGION'])), 'configMapGenerator base/app.env:2:1');
  assert.equal(at(cm.originOf(['data', 'ZONE'])), 'configMapGenerator base/app.env:3:1');
  assert.equal(at(cm.originOf(['metadata', 'name'])), 'hash base/kustomization.yaml:4:3');
  assert.equal(at(cm.origin), 'configMapGenerator base/kustomization.yaml:4:3');
  const dep = find('Deployment');
  // The envFrom reference was rewritten to the hashed name by the name-reference step.
  assert.equal(at(dep.originOf([...C, 'envFrom', 0, 'configMapRef', 'name'])), 'nameReference base/kustomization.yaml:4:3');
});
