// Rollout status computed as `kubectl rollout status` words it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rolloutStatus } from '../../client/src/cluster/rolloutStatus';

const dep = (spec: object, status: object, generation = 2) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'backend', namespace: 'thebot', generation },
  spec: { replicas: 3, ...spec },
  status,
});

test('deployment: spec update not yet observed', () => {
  const s = rolloutStatus(dep({}, { observedGeneration: 1 }));
  assert.equal(s.state, 'progressing');
  assert.equal(s.message, 'Waiting for deployment spec update to be observed...');
});

test('deployment: the three waiting messages, then complete', () => {
  assert.equal(
    rolloutStatus(dep({}, { observedGeneration: 2, updatedReplicas: 1, replicas: 3 })).message,
    'Waiting for deployment "backend" rollout to finish: 1 out of 3 new replicas have been updated...',
  );
  assert.equal(
    rolloutStatus(dep({}, { observedGeneration: 2, updatedReplicas: 3, replicas: 4 })).message,
    'Waiting for deployment "backend" rollout to finish: 1 old replicas are pending termination...',
  );
  assert.equal(
    rolloutStatus(dep({}, { observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 2, readyReplicas: 2 })).message,
    'Waiting for deployment "backend" rollout to finish: 2 of 3 updated replicas are available...',
  );
  const done = rolloutStatus(dep({}, { observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 3, readyReplicas: 3 }));
  assert.deepEqual(done, {
    kind: 'Deployment',
    namespace: 'thebot',
    name: 'backend',
    ready: 3,
    desired: 3,
    state: 'complete',
    message: 'deployment "backend" successfully rolled out',
  });
});

test('deployment: progress deadline exceeded fails with the condition message', () => {
  const s = rolloutStatus(
    dep({}, {
      observedGeneration: 2,
      conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "backend-5d9" has timed out progressing.' }],
    }),
  );
  assert.equal(s.state, 'failed');
  assert.equal(s.message, 'deployment "backend" exceeded its progress deadline');
  assert.equal(s.reason, 'ReplicaSet "backend-5d9" has timed out progressing.');
});

const sts = (spec: object, status: object) => ({
  kind: 'StatefulSet',
  metadata: { name: 'postgres', namespace: 'thebot', generation: 1 },
  spec: { replicas: 2, ...spec },
  status: { observedGeneration: 1, ...status },
});

test('statefulset: ready pods, revisions, partitions', () => {
  assert.equal(rolloutStatus(sts({}, { readyReplicas: 1 })).message, 'Waiting for 1 pods to be ready...');
  assert.equal(
    rolloutStatus(sts({}, { readyReplicas: 2, updatedReplicas: 1, updateRevision: 'postgres-2', currentRevision: 'postgres-1' })).message,
    'waiting for statefulset rolling update to complete 1 pods at revision postgres-2...',
  );
  const done = rolloutStatus(sts({}, { readyReplicas: 2, currentReplicas: 2, updateRevision: 'postgres-1', currentRevision: 'postgres-1' }));
  assert.equal(done.state, 'complete');
  assert.equal(done.message, 'statefulset rolling update complete 2 pods at revision postgres-1...');
  const partitioned = { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } };
  assert.equal(
    rolloutStatus(sts(partitioned, { readyReplicas: 2, updatedReplicas: 0 })).message,
    'Waiting for partitioned roll out to finish: 0 out of 1 new pods have been updated...',
  );
  assert.equal(rolloutStatus(sts(partitioned, { readyReplicas: 2, updatedReplicas: 1 })).message, 'partitioned roll out complete: 1 new pods have been updated...');
  assert.equal(rolloutStatus(sts({}, { observedGeneration: 0 })).message, 'Waiting for statefulset spec update to be observed...');
});

test('daemonset and job', () => {
  const ds = (status: object) => ({ kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'thebot', generation: 1 }, status: { observedGeneration: 1, ...status } });
  assert.equal(
    rolloutStatus(ds({ desiredNumberScheduled: 4, updatedNumberScheduled: 2 })).message,
    'Waiting for daemon set "agent" rollout to finish: 2 out of 4 new pods have been updated...',
  );
  assert.equal(
    rolloutStatus(ds({ desiredNumberScheduled: 4, updatedNumberScheduled: 4, numberAvailable: 3 })).message,
    'Waiting for daemon set "agent" rollout to finish: 3 of 4 updated pods are available...',
  );
  assert.equal(rolloutStatus(ds({ desiredNumberScheduled: 4, updatedNumberScheduled: 4, numberAvailable: 4 })).state, 'complete');
  const job = (status: object) => ({ kind: 'Job', metadata: { name: 'migrate', namespace: 'thebot' }, spec: { completions: 1 }, status });
  assert.equal(rolloutStatus(job({})).message, 'Waiting for job "migrate" to complete: 0 of 1 succeeded...');
  assert.equal(rolloutStatus(job({ succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] })).state, 'complete');
  const failed = rolloutStatus(job({ conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }] }));
  assert.equal(failed.state, 'failed');
  assert.equal(failed.reason, 'BackoffLimitExceeded: Job has reached the specified backoff limit');
});
