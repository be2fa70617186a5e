// Field paths from server messages, dependency order, Secret masking, diff format.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dependencyOrder, fieldPathsIn, originForMessage, parseFieldPath } from '../../client/src/cluster/objects';
import { maskSecrets, stripNoise } from '../../client/src/cluster/normalize';
import { unifiedDiff } from '../../client/src/cluster/diff';
import { podProblems, selectorString } from '../../client/src/cluster/podReasons';
import { outcomesToFindings } from '../../client/src/cluster/findings';

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'backend' },
  spec: { selector: { matchLabels: { app: 'backend' } }, template: { spec: { containers: [{ name: 'init' }, { name: 'backend', resources: { requests: { cpu: 'lots' } } }] } } },
};

test('validation paths and structured-merge paths resolve to object segments', () => {
  assert.deepEqual(parseFieldPath('spec.template.spec.containers[1].resources.requests.cpu', deployment), [
    'spec', 'template', 'spec', 'containers', 1, 'resources', 'requests', 'cpu',
  ]);
  assert.deepEqual(parseFieldPath('.spec.template.spec.containers[name="backend"].resources.requests.cpu', deployment), [
    'spec', 'template', 'spec', 'containers', 1, 'resources', 'requests', 'cpu',
  ]);
  assert.equal(parseFieldPath('Deployment.apps', deployment), undefined);
});

test('paths are found in server messages; words that look like paths are skipped for origins', () => {
  const msg = 'Deployment.apps "backend" is invalid: spec.selector: Invalid value: {"matchLabels":{"app":"x"}}: field is immutable';
  assert.deepEqual(fieldPathsIn(msg), ['Deployment.apps', 'spec.selector']);
  const seen: unknown[] = [];
  const origin = { file: '/m/base/deploy.yaml', range: { start: { line: 4, character: 2 }, end: { line: 6, character: 0 } }, by: 'resource' };
  const got = originForMessage({ object: deployment, originOf: (p) => (seen.push(p), origin) }, msg);
  assert.equal(got, origin);
  assert.deepEqual(seen, [['spec', 'selector']]);
});

test('namespaces first, then CRDs, then the rest in render order', () => {
  const o = (kind: string, name: string) => ({ object: { kind, metadata: { name } } });
  const order = dependencyOrder([o('Service', 'a'), o('CustomResourceDefinition', 'b'), o('Deployment', 'c'), o('Namespace', 'd')]);
  assert.deepEqual(order.map((x) => x.object.metadata.name), ['d', 'b', 'a', 'c']);
});

test('secret values are masked; a changed value stays visible as before/after', () => {
  const s = (data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data });
  const [b, a] = maskSecrets(s({ same: 'eA==', changed: 'eQ==', gone: 'eg==' }), s({ same: 'eA==', changed: 'dw==', added: 'dg==' }));
  assert.deepEqual(b!.data, { same: '***', changed: '*** (before)', gone: '***' });
  assert.deepEqual(a!.data, { same: '***', changed: '*** (after)', added: '***' });
});

test('server bookkeeping is stripped', () => {
  const live = {
    kind: 'ConfigMap',
    metadata: { name: 'c', uid: 'u', resourceVersion: '5', generation: 1, creationTimestamp: 't', managedFields: [], annotations: { 'deployment.kubernetes.io/revision': '2' } },
    data: { a: '1' },
    status: {},
  };
  assert.deepEqual(stripNoise(live), { kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } });
});

test('unified diff: plain header, hunks, nothing when equal', () => {
  assert.equal(unifiedDiff('live/x', 'desired/x', 'a: 1\nb: 2\n', 'a: 1\nb: 3\n'), '--- live/x\n+++ desired/x\n@@ -1,2 +1,2 @@\n a: 1\n-b: 2\n+b: 3\n');
  assert.equal(unifiedDiff('live/x', 'desired/x', 'a: 1\n', 'a: 1\n'), '');
});

test('selectors and pod-level reasons', () => {
  assert.equal(
    selectorString({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }, { key: 'x', operator: 'DoesNotExist' }] }),
    'app=web,tier in (a,b),!x',
  );
  assert.deepEqual(
    podProblems({
      metadata: { name: 'web-1' },
      status: {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/4 nodes are available: 4 Insufficient cpu.' }],
        containerStatuses: [{ name: 'web', state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "x"' } } }],
      },
    }),
    ['pod web-1: Unschedulable: 0/4 nodes are available: 4 Insufficient cpu.', 'pod web-1: container web: ImagePullBackOff: Back-off pulling image "x"'],
  );
  assert.deepEqual(podProblems({ metadata: { name: 'ok' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } }), []);
  // A crash loop with how the container last ended; a pull failure whose message does not name the image.
  assert.deepEqual(
    podProblems({
      metadata: { name: 'backend-1' },
      status: {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'backend',
            image: 'localhost:5000/thebot/backend:v2',
            state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container=backend pod=backend-1' } },
            lastState: { terminated: { reason: 'Error', exitCode: 1, message: 'django.core.exceptions.ImproperlyConfigured: SECRET_KEY\n' } },
          },
          { name: 'nginx', image: 'nginx:1.27-typo', state: { waiting: { reason: 'ErrImagePull', message: 'rpc error: code = NotFound' } } },
        ],
      },
    }),
    [
      'pod backend-1: container backend: CrashLoopBackOff: back-off 40s restarting failed container=backend pod=backend-1; last terminated: Error with code 1: django.core.exceptions.ImproperlyConfigured: SECRET_KEY',
      'pod backend-1: container nginx: ErrImagePull: rpc error: code = NotFound (image nginx:1.27-typo)',
    ],
  );
});

test('failed outcomes become findings on their source range', () => {
  const range = { start: { line: 12, character: 19 }, end: { line: 12, character: 23 } };
  const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'backend', namespace: 'thebot' };
  const findings = outcomesToFindings(
    [
      { ref, action: 'failed', message: 'quantities must match …', origin: { file: '/p/bad-cpu.yaml', range, by: 'patch' } },
      { ref: { ...ref, name: 'frontend' }, action: 'failed', conflict: true, message: 'Apply failed with 1 conflict', origin: { file: '/p/k.yaml', range, by: 'images' } },
      { ref: { ...ref, name: 'other' }, action: 'unchanged' },
    ],
    'dev',
  );
  assert.deepEqual(findings, [
    { file: '/p/bad-cpu.yaml', range, severity: 'error', code: 'cluster-rejected', source: 'thebot', message: 'Deployment thebot/backend: quantities must match …', environments: ['dev'] },
    { file: '/p/k.yaml', range, severity: 'error', code: 'cluster-conflict', source: 'thebot', message: 'Deployment thebot/frontend: Apply failed with 1 conflict', environments: ['dev'] },
  ]);
});
