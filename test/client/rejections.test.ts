// Cluster rejections as diagnostics: one per located failure, equal ones of
// several environments merged and labelled, failures without an answer left out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byFile, rejected, rejectionsOf } from '../../client/src/rejections';
import type { ObjectResult } from '../../client/src/clusterPort';

const range = (line: number, a: number, b: number) => ({ start: { line, character: a }, end: { line, character: b } });
const results: ObjectResult[] = [
  { apiVersion: 'v1', kind: 'Namespace', name: 'thebot', action: 'unchanged' },
  { apiVersion: 'apps/v1', kind: 'Deployment', name: 'backend', namespace: 'thebot', action: 'failed', message: 'Deployment.apps "backend" is invalid: spec.replicas: Invalid value: -1', fields: ['spec.replicas'] },
  { apiVersion: 'apps/v1', kind: 'Deployment', name: 'frontend', namespace: 'thebot', action: 'failed', message: 'Apply failed with 1 conflict: conflict with "other-team": .spec.template.spec.containers[name="frontend"].image', conflict: true },
  { apiVersion: 'v1', kind: 'Service', name: 'backend', namespace: 'thebot', action: 'failed', noAnswer: true, message: 'cannot reach the cluster' },
];

test('rejections: located failures with an answer become diagnostics; the rest do not', () => {
  const failed = rejected(results);
  assert.deepEqual(failed.map((r) => r.name), ['backend', 'frontend']);
  const list = rejectionsOf('staging', failed, [
    { file: '/p/overlays/staging/kustomization.yaml', range: range(16, 11, 12), by: 'replicas' },
    null,
  ]);
  assert.deepEqual(list, [
    {
      environment: 'staging',
      file: '/p/overlays/staging/kustomization.yaml',
      range: range(16, 11, 12),
      message: 'Deployment thebot/backend: Deployment.apps "backend" is invalid: spec.replicas: Invalid value: -1',
      code: 'cluster-rejected',
    },
  ]);
  const conflict = rejectionsOf('dev', [failed[1]!], [{ file: '/p/base/frontend.yaml', range: range(20, 15, 40), by: 'resource' }]);
  assert.equal(conflict[0]!.code, 'cluster-conflict');
});

test('rejections: the same rejection in two environments is one diagnostic, environments in project order', () => {
  const base = { file: '/p/base/backend.yaml', range: range(30, 10, 20), message: 'Deployment thebot/backend: spec.selector: field is immutable', code: 'cluster-rejected' as const };
  const files = byFile(
    new Map([
      ['production', [{ ...base, environment: 'production' }]],
      ['staging', [{ ...base, environment: 'staging' }, { ...base, environment: 'staging', range: range(40, 0, 5), file: '/p/base/frontend.yaml' }]],
    ]),
    ['dev', 'staging', 'production'],
  );
  assert.deepEqual([...files.keys()], ['/p/base/backend.yaml', '/p/base/frontend.yaml']);
  assert.deepEqual(files.get('/p/base/backend.yaml'), [{ ...base, environments: ['staging', 'production'] }]);
  assert.deepEqual(files.get('/p/base/frontend.yaml')!.map((r) => r.environments), [['staging']]);
  // A later dry-run of staging with nothing rejected leaves production's only.
  const after = byFile(new Map([['production', [{ ...base, environment: 'production' }]], ['staging', []]]), ['dev', 'staging', 'production']);
  assert.deepEqual(after.get('/p/base/backend.yaml')!.map((r) => r.environments), [['production']]);
});
