// The tree's health of objects that are not workloads, from the live states
// its watches keep: the backup CronJob's last success, a pending PVC, an HPA
// that cannot get metrics; nothing for workloads (their rollout says it),
// absent or unknown objects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiveStatus } from '../../client/src/liveStatus';
import { failingObjects, healthText, objectHealth } from '../../client/src/liveHealth';

const now = new Date('2026-12-02T06:00:00Z');

test('health from the watched live state: CronJob, PVC, HPA; none for a workload, an absent or unlisted object', () => {
  const live = new LiveStatus();
  const meta = (name: string, rv: string) => ({ name, namespace: 'thebot', resourceVersion: rv });
  live.setObject('dev', 'CronJob/thebot/postgres-backup', {
    metadata: meta('postgres-backup', '1'),
    spec: { schedule: '0 3 * * *' },
    status: { lastScheduleTime: '2026-12-02T03:00:00Z', lastSuccessfulTime: '2026-12-01T03:00:41Z' },
  });
  live.setObject('dev', 'PersistentVolumeClaim/thebot/backups', { metadata: meta('backups', '2'), spec: { storageClassName: 'local' }, status: { phase: 'Pending' } });
  live.setObject('dev', 'HorizontalPodAutoscaler/thebot/backend', {
    metadata: meta('backend', '3'),
    spec: { minReplicas: 1, maxReplicas: 3 },
    status: { currentReplicas: 1, desiredReplicas: 1, conditions: [{ type: 'AbleToScale', status: 'True' }, { type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric', message: 'unable to get metrics for resource cpu' }] },
  });
  live.setObject('dev', 'Deployment/thebot/backend', { metadata: meta('backend', '4'), spec: { replicas: 1 }, status: {} });
  live.setObject('dev', 'Ingress/thebot/thebot', undefined);
  const s = live.get('dev');
  const text = (key: string, kind: string) => {
    const h = objectHealth(s, key, kind, now);
    return h && healthText(h);
  };
  assert.equal(
    text('CronJob/thebot/postgres-backup', 'CronJob'),
    'degraded: the last run did not succeed: last schedule 2026-12-02T03:00:00Z (3h ago), last success 2026-12-01T03:00:41Z (27h ago)',
  );
  assert.equal(text('PersistentVolumeClaim/thebot/backups', 'PersistentVolumeClaim'), 'progressing: Pending: no volume bound yet (storage class local)');
  assert.equal(text('HorizontalPodAutoscaler/thebot/backend', 'HorizontalPodAutoscaler'), 'degraded: 1 current / 1 desired (1-3); scaling inactive: FailedGetResourceMetric: unable to get metrics for resource cpu');
  assert.equal(text('Deployment/thebot/backend', 'Deployment'), undefined, 'a workload has its rollout status');
  assert.equal(text('Ingress/thebot/thebot', 'Ingress'), undefined, 'absent: drift says missing');
  assert.equal(text('PodDisruptionBudget/thebot/backend', 'PodDisruptionBudget'), undefined, 'not listed yet: unknown');
  assert.equal(text('ConfigMap/thebot/x', 'ConfigMap'), undefined);
});

test('failing objects: a failed rollout, a degraded health; not a progressing one, another environment\'s, or one whose state is stale', () => {
  const live = new LiveStatus();
  const status = (name: string, state: 'failed' | 'progressing' | 'complete', extra: Record<string, unknown> = {}) =>
    live.update('dev', { kind: 'Deployment', namespace: 'thebot', name, ready: 0, desired: 2, state, reason: 'ImagePullBackOff', ...extra });
  status('api', 'failed');
  status('web', 'progressing');
  status('worker', 'complete');
  status('other', 'failed', { foreign: 'staging' });
  live.setObject('dev', 'CronJob/thebot/backup', {
    metadata: { name: 'backup', namespace: 'thebot', resourceVersion: '1' },
    spec: { schedule: '0 3 * * *' },
    status: { lastScheduleTime: '2026-12-02T03:00:00Z', lastSuccessfulTime: '2026-12-01T03:00:41Z' },
  });
  live.setObject('dev', 'PersistentVolumeClaim/thebot/data', { metadata: { name: 'data', namespace: 'thebot', resourceVersion: '2' }, status: { phase: 'Pending' } });
  const objects = ['Deployment api', 'Deployment web', 'Deployment worker', 'Deployment other', 'CronJob backup', 'PersistentVolumeClaim data', 'ConfigMap x'].map((s) => {
    const [kind, name] = s.split(' ');
    return { kind: kind!, namespace: 'thebot', name: name! };
  });
  assert.deepEqual([...failingObjects(objects, live.get('dev'), now)], [
    ['Deployment/thebot/api', '0/2 failed: ImagePullBackOff'],
    ['CronJob/thebot/backup', 'degraded: the last run did not succeed: last schedule 2026-12-02T03:00:00Z (3h ago), last success 2026-12-01T03:00:41Z (27h ago)'],
  ]);
  assert.deepEqual([...failingObjects(objects, undefined, now)], [], 'no live state: nothing known');
  // A new watch: what was shown is unconfirmed until it is listed again.
  live.start('dev', true);
  assert.deepEqual([...failingObjects(objects, live.get('dev'), now)], []);
});
