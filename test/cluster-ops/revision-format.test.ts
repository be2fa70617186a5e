// Revisions as stored (pure): Secrets reduced to a digest of their values,
// payload compressed and split across Secrets, read back intact; the history
// table; when an atomic deploy gives up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { atomicTarget, decodeInfo, decodeRevision, encodeRevision, liveRevision, secretDigest, setDigest, toStored, type Revision } from '../../client/src/cluster/revisions';
import { reportFailure, rolloutFailure } from '../../client/src/cluster/atomic';
import { formatHistory } from '../../server/src/cli/revision-common';
import { previousRevision } from '../../server/src/cli/rollback';

const secret = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'db', labels: { app: 'postgres' } },
  type: 'Opaque',
  stringData: { password: 'hunter2-do-not-print' },
};
const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { LOG_LEVEL: 'info' } };

function revision(objects: Record<string, unknown>[], n = 1): Revision {
  const stored = objects.map(toStored);
  return {
    environment: 'dev',
    number: n,
    time: '2026-12-02T06:00:00Z',
    user: 'thebot-admin',
    commit: '0123456789abcdef0123456789abcdef01234567',
    dirty: true,
    digest: setDigest(stored),
    objectCount: stored.length,
    state: 'deployed',
    objects: stored,
  };
}

test('a Secret is stored as its metadata and a digest of its values; the digest is the same for stringData and data', () => {
  const s = toStored(secret);
  assert.deepEqual(s.object, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', labels: { app: 'postgres' } }, type: 'Opaque' });
  const live = { ...secret, stringData: undefined, data: { password: Buffer.from('hunter2-do-not-print').toString('base64') } };
  assert.equal(s.valuesDigest, secretDigest(live));
  assert.match(s.valuesDigest!, /^sha256:[0-9a-f]{64}$/);
  assert.notEqual(secretDigest({ ...secret, stringData: { password: 'other' } }), s.valuesDigest);
  assert.deepEqual(toStored(configMap), { object: configMap });
});

test('encoded revision: one Secret of type thebot.dev/revision, summary in annotations, no Secret value anywhere', () => {
  const rev = revision([configMap, secret]);
  const secrets = encodeRevision(rev, 'thebot');
  assert.equal(secrets.length, 1);
  const s = secrets[0]!;
  assert.equal(s.type, 'thebot.dev/revision');
  assert.equal(s.metadata.name, 'thebot-revision-dev-1');
  assert.deepEqual(s.metadata.labels, {
    'app.kubernetes.io/managed-by': 'thebot',
    'thebot.dev/revision-of': 'dev',
    'thebot.dev/revision': '1',
    'thebot.dev/revision-part': '0',
  });
  assert.deepEqual(decodeInfo(s), {
    number: 1,
    time: '2026-12-02T06:00:00Z',
    user: 'thebot-admin',
    commit: '0123456789abcdef0123456789abcdef01234567',
    dirty: true,
    digest: rev.digest,
    objectCount: 2,
    state: 'deployed',
  });
  const everything = JSON.stringify(secrets) + JSON.stringify(decodeRevision(secrets));
  assert.ok(!everything.includes('hunter2'), 'clear value stored');
  assert.ok(!everything.includes(Buffer.from('hunter2-do-not-print').toString('base64')), 'base64 value stored');
  assert.deepEqual(decodeRevision(secrets), rev);
});

test('a large revision is split into parts that read back to the same objects; a damaged part is refused', () => {
  // Incompressible data so the payload really exceeds one part.
  const big = Array.from({ length: 8 }, (_, i) => ({ ...configMap, metadata: { name: `blob-${i}` }, data: { blob: randomBytes(150_000).toString('base64') } }));
  const rev = revision(big, 7);
  const secrets = encodeRevision(rev, 'thebot');
  assert.equal(secrets.length, 3);
  assert.deepEqual(
    secrets.map((s) => s.metadata.name),
    ['thebot-revision-dev-7', 'thebot-revision-dev-7-1', 'thebot-revision-dev-7-2'],
  );
  assert.equal(secrets[0]!.metadata.annotations['thebot.dev/revision-parts'], '3');
  assert.ok(secrets.every((s) => s.data['revision.json.gz'].length <= Math.ceil((512 * 1024) / 3) * 4));
  assert.deepEqual(decodeRevision(secrets), rev);
  const damaged = [secrets[0]!, { ...secrets[1]!, data: { 'revision.json.gz': secrets[2]!.data['revision.json.gz'] } }, secrets[2]!];
  assert.throws(() => decodeRevision(damaged), /^Error: revision thebot-revision-dev-7: the stored manifests are damaged \(digest sha256:[0-9a-f]{64}, recorded sha256:[0-9a-f]{64}\)$/);
});

test('history: newest first, the live one starred, rollbacks and reasons described', () => {
  const base = { time: '2026-12-02T06:00:00Z', user: 'thebot-admin', digest: 'sha256:x', objectCount: 67 };
  const text = formatHistory([
    { ...base, number: 3, rollbackOf: 1, state: 'deployed', reason: 'atomic deploy of revision 2 failed: timed out', commit: 'abcdef0123456789', dirty: false },
    { ...base, number: 2, state: 'failed', reason: 'timed out', commit: 'abcdef0123456789', dirty: true },
    { ...base, number: 1, state: 'deployed' },
  ]);
  assert.equal(
    text,
    [
      '  REVISION TIME                 USER         COMMIT             OBJECTS STATE    DESCRIPTION',
      '* 3        2026-12-02T06:00:00Z thebot-admin abcdef012345       67      deployed rollback to 1: atomic deploy of revision 2 failed: timed out',
      '  2        2026-12-02T06:00:00Z thebot-admin abcdef012345+dirty 67      failed   deploy: timed out',
      '  1        2026-12-02T06:00:00Z thebot-admin -                  67      deployed deploy',
      '',
    ].join('\n'),
  );
});

test('rollback without --to returns to the newest deployed revision before the live one', () => {
  const r = (number: number, state: 'deployed' | 'failed') => ({ number, state, time: '', user: '', digest: '', objectCount: 0 });
  assert.equal(previousRevision([r(4, 'deployed'), r(3, 'failed'), r(2, 'deployed'), r(1, 'deployed')])?.number, 2);
  assert.equal(previousRevision([r(1, 'deployed')]), undefined);
});

test('after an undeploy nothing is live: no marker, and rollback without --to returns to the undeployed revision', () => {
  const r = (number: number, state: 'deployed' | 'undeployed', reason?: string) => ({ number, state, time: '2026-12-02T06:00:00Z', user: 'thebot-admin', digest: '', objectCount: 67, ...(reason ? { reason } : {}) });
  const undeployed = [r(2, 'undeployed', 'undeployed by thebot-admin at 2026-12-02T07:00:00Z'), r(1, 'deployed')];
  assert.equal(liveRevision(undeployed), undefined);
  assert.equal(previousRevision(undeployed)?.number, 2);
  assert.equal(
    formatHistory(undeployed),
    [
      '  REVISION TIME                 USER         COMMIT OBJECTS STATE      DESCRIPTION',
      '  2        2026-12-02T06:00:00Z thebot-admin -      67      undeployed deploy: undeployed by thebot-admin at 2026-12-02T07:00:00Z',
      '  1        2026-12-02T06:00:00Z thebot-admin -      67      deployed   deploy',
      '',
    ].join('\n'),
  );
  // Brought back by a rollback: the new revision is live, and the one before it is the undeployed one.
  const back = [{ ...r(3, 'deployed'), rollbackOf: 2 }, ...undeployed];
  assert.equal(liveRevision(back)?.number, 3);
  assert.equal(previousRevision(back)?.number, 2);
  assert.match(formatHistory(back).split('\n')[1]!, /^\* 3 /);
});

test('atomic: back to the newest deployed revision before the failed one; none when the environment was undeployed before it', () => {
  const r = (number: number, state: 'deployed' | 'failed' | 'undeployed') => ({ number, state });
  assert.equal(atomicTarget([r(5, 'failed'), r(4, 'failed'), r(3, 'deployed'), r(2, 'undeployed')], 5)?.number, 3);
  assert.equal(atomicTarget([r(5, 'failed'), r(4, 'undeployed'), r(3, 'deployed')], 5), undefined);
  assert.equal(atomicTarget([r(1, 'failed')], 1), undefined);
  assert.equal(atomicTarget([r(3, 'deployed'), r(2, 'deployed')], undefined)?.number, 3, 'the deploy\'s own revision not recorded');
});

test('atomic: a failed workload or a hopeless pod reason gives up; unschedulable pods and timeouts are explained', () => {
  const w = { kind: 'Deployment', namespace: 'thebot', name: 'backend', ready: 0, desired: 2 };
  assert.equal(
    rolloutFailure({ ...w, state: 'failed', message: 'deployment "backend" exceeded its progress deadline', reason: 'ReplicaSet "backend-1" has timed out progressing.' }),
    'Deployment thebot/backend: deployment "backend" exceeded its progress deadline (ReplicaSet "backend-1" has timed out progressing.)',
  );
  assert.equal(
    rolloutFailure({ ...w, state: 'progressing', message: 'Waiting…', reason: 'pod backend-1-x: container backend: ImagePullBackOff: Back-off pulling image "nope:1"' }),
    'Deployment thebot/backend: pod backend-1-x: container backend: ImagePullBackOff: Back-off pulling image "nope:1"',
  );
  const unschedulable = { ...w, state: 'progressing' as const, message: 'Waiting for deployment "backend" rollout to finish: 0 of 2 updated replicas are available...', reason: 'pod backend-1-x: Unschedulable: 0/4 nodes are available' };
  assert.equal(rolloutFailure(unschedulable), undefined);
  assert.equal(
    reportFailure({ outcome: 'timeout', workloads: [unschedulable, { ...w, name: 'web', state: 'complete', message: 'ok' }], reconnects: 0 }, 30),
    'not available within --timeout 30s: Deployment thebot/backend: Waiting for deployment "backend" rollout to finish: 0 of 2 updated replicas are available... (pod backend-1-x: Unschedulable: 0/4 nodes are available)',
  );
});
