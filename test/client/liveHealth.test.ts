// The tree's health of objects that are not workloads, from the live states
// its watches keep: the backup CronJob's last success, a pending PVC, an HPA
// that cannot get metrics; nothing for workloads (their rollout says it),
// absent or unknown objects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiveStatus } from '../../client/src/liveStatus';
import { healthText, objectHealth } from '../../client/src/liveHealth';

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
