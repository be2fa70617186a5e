// Drift of one live object against its render (pure): fields the render sets
// must match; defaults, status, other managers' additions, HPA replicas and
// canonicalised quantities do not count; Secrets compare by digest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { driftOf, pathText } from '../../client/src/cluster/drift';
import { parseQuantity as quantity } from '../../shared/quantity';

const ID = 'applyset-abc-v1';
const ours = { labels: { 'applyset.kubernetes.io/part-of': ID }, managedFields: [{ manager: 'thebot', operation: 'Apply' }] };
const desired = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'backend', labels: { app: 'backend' } },
  spec: {
    replicas: 2,
    template: {
      spec: {
        containers: [
          { name: 'backend', image: 'b:1', resources: { requests: { cpu: '0.5', memory: '1024Mi' } }, ports: [{ containerPort: 8000 }] },
          { name: 'sidecar', image: 's:1' },
        ],
      },
    },
  },
};
function live(change: (o: any) => void = () => undefined): any {
  const o = JSON.parse(JSON.stringify(desired));
  o.metadata = { ...o.metadata, namespace: 'thebot', uid: 'u', labels: { ...o.metadata.labels, ...ours.labels }, managedFields: ours.managedFields };
  // What the server and controllers add: defaults, status, another manager's annotation, canonical quantities, reordered containers.
  o.metadata.annotations = { 'deployment.kubernetes.io/revision': '3' };
  o.spec.strategy = { type: 'RollingUpdate' };
  o.spec.template.spec.containers.reverse();
  o.spec.template.spec.containers[1].resources.requests = { cpu: '500m', memory: '1Gi' };
  o.spec.template.spec.containers[1].imagePullPolicy = 'IfNotPresent';
  o.status = { readyReplicas: 1 };
  change(o);
  return o;
}

test('in sync despite defaults, status, other fields, reordered named lists and canonical quantities', () => {
  assert.deepEqual(driftOf(desired, live(), { applySetId: ID }), { state: 'in-sync', fields: [] });
});

test('drifted: the changed fields, as paths of the render', () => {
  const d = driftOf(desired, live((o) => {
    o.spec.template.spec.containers[1].image = 'b:hotfix';
    o.spec.replicas = 5;
  }), { applySetId: ID });
  assert.equal(d.state, 'drifted');
  assert.deepEqual(d.fields.map(pathText), ['spec.replicas', 'spec.template.spec.containers[0].image']);
});

test('HPA-owned replicas are not drift; missing and not ours', () => {
  assert.equal(driftOf(desired, live((o) => (o.spec.replicas = 5)), { applySetId: ID, scaledByHpa: true }).state, 'in-sync');
  assert.deepEqual(driftOf(desired, undefined, { applySetId: ID }), { state: 'missing', fields: [] });
  assert.equal(driftOf(desired, live((o) => delete o.metadata.labels['applyset.kubernetes.io/part-of']), { applySetId: ID }).state, 'not-ours');
  assert.equal(driftOf(desired, live((o) => (o.metadata.managedFields = [{ manager: 'kubectl', operation: 'Apply' }])), { applySetId: ID }).state, 'not-ours');
});

test('Secrets: values compared by digest (stringData rendered, data live), never shown', () => {
  const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: 'p1' } };
  const liveSecret = (v: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', ...ours }, data: { password: Buffer.from(v).toString('base64') }, type: 'Opaque' });
  assert.equal(driftOf(secret, liveSecret('p1'), { applySetId: ID }).state, 'in-sync');
  assert.deepEqual(driftOf(secret, liveSecret('p2'), { applySetId: ID }), { state: 'drifted', fields: [['data']] });
});

test('quantities', () => {
  assert.deepEqual(['1Gi', '1024Mi', '500m', '0.5', '1e3', '2k', 'x'].map(quantity), [2 ** 30, 2 ** 30, 0.5, 0.5, 1000, 2000, undefined]);
});
