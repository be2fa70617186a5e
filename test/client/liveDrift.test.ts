// The tree's drift marks (pure): live states from the watches judged against
// the render; unknown until listed, missing when absent, HPA targets'
// replicas ignored; the summaries the tree shows; a new watch's unconfirmed
// objects dropped once it is connected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applySetOf, PART_OF } from '../../client/src/cluster/applyset';
import { driftOf, projectOnto } from '../../client/src/cluster/drift';
import { driftSummary, driftText, environmentDrift, liveKey, shownLiveState } from '../../client/src/liveDrift';
import { LiveStatus } from '../../client/src/liveStatus';

const ID = applySetOf({ name: 'dev', namespace: 'thebot', context: '', protected: false }).id;
const meta = (name: string) => ({ name, namespace: 'thebot' });
const ours = (o: any) => ({ ...o, metadata: { ...o.metadata, labels: { [PART_OF]: ID }, managedFields: [{ manager: 'thebot', operation: 'Apply' }] } });
const deploy = (name: string, replicas: number) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta(name), spec: { replicas } });
const hpa = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: meta('web'), spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' } } };
const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('conf'), data: { a: '1' } };
const rendered = [deploy('web', 2), deploy('beat', 1), hpa, cm];

test('each known object judged against the render; unlisted ones left out', () => {
  const live = new LiveStatus();
  live.start('dev');
  live.setObject('dev', liveKey(rendered[0]!), ours(deploy('web', 7)));
  live.setObject('dev', liveKey(rendered[1]!), ours(deploy('beat', 3)));
  live.setObject('dev', liveKey(cm), undefined);
  const d = environmentDrift({ name: 'dev', namespace: 'thebot' }, rendered, live.get('dev'));
  assert.deepEqual([...d].map(([k, v]) => [k, driftText(v)]), [
    ['Deployment/thebot/web', 'in sync'],
    ['Deployment/thebot/beat', 'drifted: spec.replicas'],
    ['ConfigMap/thebot/conf', 'missing'],
  ]);
  assert.equal(driftSummary(d.values()), '1 drifted, 1 missing');
  live.setObject('dev', liveKey(cm), { ...cm, metadata: { ...cm.metadata, resourceVersion: '9' } });
  assert.equal(driftText(environmentDrift({ name: 'dev', namespace: 'thebot' }, rendered, live.get('dev')).get(liveKey(cm))!), 'not ours');
});

test('a new watch drops the objects it did not confirm once connected; an unchanged state does not fire', () => {
  const live = new LiveStatus();
  let fired = 0;
  live.onDidChange(() => fired++);
  live.setObject('dev', 'a', { metadata: { resourceVersion: '1' } });
  live.setObject('dev', 'b', { metadata: { resourceVersion: '1' } });
  live.setObject('dev', 'b', { metadata: { resourceVersion: '1' } });
  assert.equal(fired, 2);
  // A deploy's rollout watch follows workloads only: the objects stay confirmed.
  live.start('dev');
  live.connected('dev');
  assert.deepEqual([...live.get('dev')!.objects.keys()], ['a', 'b']);
  live.start('dev', true);
  live.setObject('dev', 'a', { metadata: { resourceVersion: '1' } });
  live.connected('dev');
  assert.deepEqual([...live.get('dev')!.objects.keys()], ['a']);
});

test('omitted zero values and volume mounts of one volume (matched by mountPath) are not drift', () => {
  const want = { apiVersion: 'v1', kind: 'Pod', metadata: meta('p'), spec: { hostNetwork: false, args: [], containers: [{ name: 'c', volumeMounts: [{ name: 'v', mountPath: '/a', subPath: 'a' }, { name: 'v', mountPath: '/b', subPath: 'b' }] }] } };
  const have = ours({ ...want, spec: { containers: [{ name: 'c', volumeMounts: [{ name: 'v', mountPath: '/b', subPath: 'b' }, { name: 'v', mountPath: '/a', subPath: 'a' }] }] } });
  assert.deepEqual(driftOf(want, have, { applySetId: ID }), { state: 'in-sync', fields: [] });
  have.spec.containers[0].volumeMounts[0].subPath = 'x';
  assert.deepEqual(driftOf(want, have, { applySetId: ID }).fields, [['spec', 'containers', 0, 'volumeMounts', 1, 'subPath']]);
});

test('the live side of a drift view: only the fields the render sets, in its order', () => {
  const want = { kind: 'Deployment', apiVersion: 'apps/v1', metadata: { name: 'w' }, spec: { replicas: 1, template: { spec: { containers: [{ name: 'a', image: 'a:1' }] } } } };
  const have = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { uid: 'u', name: 'w' }, spec: { strategy: {}, template: { spec: { containers: [{ image: 'a:2', name: 'a', imagePullPolicy: 'Always' }, { name: 'b' }] } }, replicas: 3 }, status: { readyReplicas: 1 } };
  assert.equal(JSON.stringify(projectOnto(have, want)), JSON.stringify({ kind: 'Deployment', apiVersion: 'apps/v1', metadata: { name: 'w' }, spec: { replicas: 3, template: { spec: { containers: [{ name: 'a', image: 'a:2' }] } } } }));
});

test('what the tree shows changes only with a status, a drift or the connection, not with every watch event', () => {
  const live = new LiveStatus(() => new Date(2026, 11, 2, 10, 5)); // local time, as the tree shows it
  const env = { name: 'dev', namespace: 'thebot' };
  live.start('dev', true);
  live.setObject('dev', liveKey(rendered[1]!), ours(deploy('beat', 1)));
  live.update('dev', { kind: 'Deployment', namespace: 'thebot', name: 'beat', ready: 1, desired: 1, state: 'complete' } as any);
  live.connected('dev');
  const before = shownLiveState(env, rendered, live.get('dev'));
  assert.equal(before, 'all available\n\n\nDeployment/thebot/beat 1/1 available \nDeployment/thebot/beat in sync');
  // A new resourceVersion with the same fields (a controller's status update): nothing to redraw.
  live.setObject('dev', liveKey(rendered[1]!), { ...ours(deploy('beat', 1)), metadata: { ...ours(deploy('beat', 1)).metadata, resourceVersion: '2' } });
  assert.equal(shownLiveState(env, rendered, live.get('dev')), before);
  // Scaled behind our back: drifted.
  live.setObject('dev', liveKey(rendered[1]!), { ...ours(deploy('beat', 3)), metadata: { ...ours(deploy('beat', 3)).metadata, resourceVersion: '3' } });
  assert.notEqual(shownLiveState(env, rendered, live.get('dev')), before);
  assert.match(shownLiveState(env, rendered, live.get('dev')), /\nDeployment\/thebot\/beat drifted: spec\.replicas$/);
  // The connection lost: the summary and every line stale.
  live.lost('dev', 'connect ECONNREFUSED');
  assert.equal(shownLiveState(env, rendered, live.get('dev')).split('\n')[0], 'disconnected since 10:05 (last known: all available, stale)');
});
