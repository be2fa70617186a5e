// The Images view's live column (pure): what each environment runs beside
// what it renders, read from the watches' live objects; unknown while not
// listed or not watchable, not deployed when absent, another environment's
// when the object is not this one's own, stale while disconnected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applySetOf, PART_OF } from '../../client/src/cluster/applyset';
import { imageUses } from '../../client/src/images';
import { liveImage, liveImageNote, liveImageSummary, liveUseText } from '../../client/src/liveImages';
import { LiveStatus } from '../../client/src/liveStatus';

const DEV = { name: 'dev', namespace: 'thebot' };
const ID = applySetOf({ ...DEV, context: '', protected: false }).id;
const deploy = (name: string, image: string, labels: Record<string, string> = { [PART_OF]: ID }) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'thebot', labels, resourceVersion: '1', managedFields: [{ manager: 'thebot', operation: 'Apply' }] },
  spec: { template: { spec: { initContainers: [{ name: 'migrate', image }], containers: [{ name: 'django', image }] } } },
});
const rendered = (name: string, image: string) => ({ kind: 'Deployment', name, object: deploy(name, image) });
const uses = imageUses('dev', [rendered('backend', 'localhost:5000/thebot/backend:dev'), rendered('worker', 'localhost:5000/thebot/backend:dev')]);

test('unknown until the watches know the object; never a guessed state', () => {
  const live = new LiveStatus();
  assert.deepEqual(liveImage(DEV, uses[0]!, live.get('dev')), { state: 'unknown', reason: 'not watched' });
  live.start('dev', true);
  assert.deepEqual(liveImage(DEV, uses[0]!, live.get('dev')), { state: 'unknown', reason: 'watching…' });
  assert.equal(liveImageSummary(uses, uses.map((u) => liveImage(DEV, u, live.get('dev')))), 'live: unknown (watching…)');
  assert.equal(liveImageNote(uses, uses.map((u) => liveImage(DEV, u, live.get('dev')))), ' (live: unknown)');
  // A context that cannot be used at all: its reason.
  live.fail('dev', 'Refusing to use context other-cluster', 'context refused');
  assert.deepEqual(liveImage(DEV, uses[0]!, live.get('dev')), { state: 'unknown', reason: 'context refused' });
});

test('running: "same" when the cluster runs the rendered reference, else the live one', () => {
  const live = new LiveStatus();
  live.start('dev', true);
  live.setObject('dev', uses[0]!.key, deploy('backend', 'localhost:5000/thebot/backend:dev'));
  live.setObject('dev', 'Deployment/thebot/worker', deploy('worker', 'localhost:5000/thebot/backend:v0.9'));
  live.connected('dev');
  assert.equal(uses[0]!.key, 'Deployment/thebot/backend');
  const lives = uses.map((u) => liveImage(DEV, u, live.get('dev')));
  assert.deepEqual(lives[0], { state: 'running', image: 'localhost:5000/thebot/backend:dev', stale: false });
  assert.equal(liveUseText(uses[0]!, lives[0]!), 'live: same');
  assert.equal(liveUseText(uses[2]!, lives[2]!), 'live: localhost:5000/thebot/backend:v0.9');
  assert.equal(liveImageNote(uses.slice(0, 2), lives.slice(0, 2)), '');
  assert.equal(liveImageSummary(uses.slice(2), lives.slice(2)), 'live: localhost:5000/thebot/backend:v0.9');
  assert.equal(liveImageNote(uses.slice(2), lives.slice(2)), ' (live: v0.9)');
  // Two workloads in different states: each named.
  assert.equal(
    liveImageSummary(uses, lives),
    'live: Deployment/backend migrate: same, Deployment/backend django: same, Deployment/worker migrate: localhost:5000/thebot/backend:v0.9, Deployment/worker django: localhost:5000/thebot/backend:v0.9',
  );
});

test('not deployed, another environment\'s, a container the live workload lacks, and stale while disconnected', () => {
  const live = new LiveStatus(() => new Date('2026-12-02T10:05:00Z'));
  live.start('dev', true);
  live.setObject('dev', uses[0]!.key, undefined);
  live.setObject('dev', uses[2]!.key, deploy('worker', 'x', { [PART_OF]: 'applyset-staging' }));
  live.connected('dev');
  assert.deepEqual(liveImage(DEV, uses[0]!, live.get('dev')), { state: 'not-deployed', stale: false });
  assert.deepEqual(liveImage(DEV, uses[2]!, live.get('dev')), { state: 'not-ours', stale: false });
  assert.equal(liveImageSummary(uses.slice(0, 2), uses.slice(0, 2).map((u) => liveImage(DEV, u, live.get('dev')))), 'live: not deployed');
  assert.equal(liveImageNote(uses.slice(2), uses.slice(2).map((u) => liveImage(DEV, u, live.get('dev')))), " (live: another environment's)");

  const noInit = deploy('backend', 'localhost:5000/thebot/backend:dev');
  noInit.spec.template.spec.initContainers = [];
  live.setObject('dev', uses[0]!.key, { ...noInit, metadata: { ...noInit.metadata, resourceVersion: '2' } });
  assert.deepEqual(liveImage(DEV, uses[0]!, live.get('dev')), { state: 'not-deployed', stale: false });
  assert.deepEqual(liveImage(DEV, uses[1]!, live.get('dev')), { state: 'running', image: 'localhost:5000/thebot/backend:dev', stale: false });

  live.lost('dev', 'connect ECONNREFUSED 127.0.0.1:6443');
  assert.deepEqual(liveImage(DEV, uses[1]!, live.get('dev')), { state: 'running', image: 'localhost:5000/thebot/backend:dev', stale: true });
  assert.equal(liveUseText(uses[1]!, liveImage(DEV, uses[1]!, live.get('dev'))), 'live: same (stale)');
  assert.equal(liveImageNote(uses.slice(0, 2), uses.slice(0, 2).map((u) => liveImage(DEV, u, live.get('dev')))), ' (live: Deployment/backend migrate: not deployed (stale), Deployment/backend django: same (stale))');
});
