// Health of each kind the platform uses, with its reason (pure).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { healthOf } from '../../client/src/cluster/health';
import { formatHealth, healthSummary } from '../../server/src/cli/health-format';

const now = new Date('2026-12-02T06:00:00Z');
const meta = (name: string, generation = 1) => ({ name, namespace: 'thebot', generation });
const line = (o: object, ctx = {}) => formatHealth(healthOf(o as Record<string, unknown>, { now, ...ctx }));

test('CronJob: the last success is shown; a run after the last success that did not succeed is degraded', () => {
  const cj = (status: object) => ({ kind: 'CronJob', metadata: meta('postgres-backup'), spec: { schedule: '0 2 * * *' }, status });
  assert.equal(line(cj({})), 'healthy     CronJob thebot/postgres-backup: not run yet (schedule "0 2 * * *")');
  assert.equal(
    line(cj({ lastScheduleTime: '2026-12-02T02:00:00Z', lastSuccessfulTime: '2026-12-02T02:00:40Z' })),
    'healthy     CronJob thebot/postgres-backup: last schedule 2026-12-02T02:00:00Z (4h ago), last success 2026-12-02T02:00:40Z (4h ago)',
  );
  assert.equal(
    line(cj({ lastScheduleTime: '2026-12-02T02:00:00Z', lastSuccessfulTime: '2026-11-30T02:00:40Z' })),
    'degraded    CronJob thebot/postgres-backup: the last run did not succeed: last schedule 2026-12-02T02:00:00Z (4h ago), last success 2026-11-30T02:00:40Z (2d ago)',
  );
  assert.equal(
    line(cj({ lastScheduleTime: '2026-12-02T05:59:30Z' })).split(': ')[0],
    'degraded    CronJob thebot/postgres-backup',
  );
});

test('Job failed, PVC pending and bound', () => {
  const job = { kind: 'Job', metadata: meta('migrate'), spec: { completions: 1 }, status: { failed: 7, conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }] } };
  assert.equal(line(job), 'degraded    Job thebot/migrate: 0/1 ready: job "migrate" failed (BackoffLimitExceeded: Job has reached the specified backoff limit)');
  const pvc = (status: object) => ({ kind: 'PersistentVolumeClaim', metadata: meta('postgres-data'), spec: { storageClassName: 'fast', volumeName: 'pv-1', resources: { requests: { storage: '10Gi' } } }, status });
  assert.equal(line(pvc({ phase: 'Pending' })), 'progressing PersistentVolumeClaim thebot/postgres-data: Pending: no volume bound yet (storage class fast)');
  assert.equal(line(pvc({ phase: 'Bound', capacity: { storage: '10Gi' } })), 'healthy     PersistentVolumeClaim thebot/postgres-data: Bound to pv-1 (10Gi)');
});

test('Ingress: TLS Secret missing, no address, healthy', () => {
  const ing = (status: object) => ({ kind: 'Ingress', metadata: meta('web'), spec: { tls: [{ secretName: 'web-tls' }] }, status });
  assert.equal(line(ing({}), { secrets: new Set(['other']) }), 'degraded    Ingress thebot/web: TLS Secret web-tls missing');
  assert.equal(line(ing({}), { secrets: new Set(['web-tls']) }), 'progressing Ingress thebot/web: no address yet (is an ingress controller running?)');
  assert.equal(line(ing({ loadBalancer: { ingress: [{ ip: '10.0.0.1' }] } }), { secrets: new Set(['web-tls']) }), 'healthy     Ingress thebot/web: address 10.0.0.1, TLS web-tls');
});

test('HPA: ScalingLimited is said, no metrics is degraded', () => {
  const hpa = (conditions: object[]) => ({ kind: 'HorizontalPodAutoscaler', metadata: meta('backend'), spec: { minReplicas: 2, maxReplicas: 4 }, status: { currentReplicas: 4, desiredReplicas: 4, conditions } });
  assert.equal(
    line(hpa([{ type: 'AbleToScale', status: 'True' }, { type: 'ScalingActive', status: 'True' }, { type: 'ScalingLimited', status: 'True', reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' }])),
    'healthy     HorizontalPodAutoscaler thebot/backend: 4 current / 4 desired (2-4); ScalingLimited: TooManyReplicas: the desired replica count is more than the maximum replica count',
  );
  assert.equal(
    line(hpa([{ type: 'AbleToScale', status: 'True' }, { type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric', message: 'unable to get metrics for resource cpu' }])),
    'degraded    HorizontalPodAutoscaler thebot/backend: 4 current / 4 desired (2-4); scaling inactive: FailedGetResourceMetric: unable to get metrics for resource cpu',
  );
});

test('PDB: no disruption allowed blocks drains; Certificate Ready or why not', () => {
  const pdb = (allowed: number) => ({ kind: 'PodDisruptionBudget', metadata: meta('backend'), status: { observedGeneration: 1, disruptionsAllowed: allowed, currentHealthy: 2, desiredHealthy: 2, expectedPods: 2 } });
  assert.equal(line(pdb(0)), 'degraded    PodDisruptionBudget thebot/backend: 0 disruptions allowed (2 healthy, 2 needed, 2 expected): node drains will block');
  assert.equal(line(pdb(1)), 'healthy     PodDisruptionBudget thebot/backend: 1 disruption allowed (2 healthy, 2 needed, 2 expected)');
  const cert = (conditions?: object[], extra = {}) => ({ kind: 'Certificate', metadata: meta('web'), status: { ...(conditions ? { conditions } : {}), ...extra } });
  assert.equal(line(cert()), 'progressing Certificate thebot/web: not Ready: no status yet (is cert-manager running?)');
  assert.equal(
    line(cert([{ type: 'Ready', status: 'False', reason: 'DoesNotExist', message: 'Issuing certificate as Secret does not exist' }])),
    'degraded    Certificate thebot/web: not Ready: DoesNotExist: Issuing certificate as Secret does not exist',
  );
  assert.equal(line(cert([{ type: 'Ready', status: 'True' }], { notAfter: '2027-03-01T00:00:00Z' })), 'healthy     Certificate thebot/web: Ready, valid until 2027-03-01T00:00:00Z');
});

test('summary counts by state', () => {
  const h = (state: 'healthy' | 'degraded') => ({ kind: 'X', namespace: '', name: 'x', state, message: '' });
  assert.equal(healthSummary('dev', [h('healthy'), h('degraded'), h('healthy')]), 'health dev: 2 healthy, 1 degraded (of 3 other objects)\n');
});
