// The live view never shows a state it does not know: connection tracking of
// the watches, the disconnected/stale states of LiveStatus and their texts,
// and the watch loop that retries while the cluster is away.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectionTracker, clock, type Connection } from '../../client/src/cluster/connection';
import { LiveStatus, isNotDeployed, isStale, summarize, workloadKey, workloadText, type WorkloadStatus } from '../../client/src/liveStatus';
import { keepWatching, retryDelay, type PreflightResult } from '../../client/src/watchLoop';
import type { ClusterTarget } from '../../client/src/clusterPort';

const at = (h: number, m: number) => new Date(2026, 11, 2, h, m, 30);

test('connection: lost once when a watch cannot be re-established, since the end of its last stream; back when all are live', () => {
  const seen: Connection[] = [];
  let now = at(6, 1);
  const c = new ConnectionTracker(['Deployment/thebot', 'StatefulSet/thebot'], (x) => seen.push(x), () => now);
  c.up('Deployment/thebot');
  assert.deepEqual(seen, [], 'not connected until every watch is live');
  c.up('StatefulSet/thebot');
  assert.deepEqual(seen, [{ state: 'connected' }]);
  // A stream ends and reconnects at once: no news.
  c.ended('Deployment/thebot');
  c.up('Deployment/thebot');
  assert.equal(seen.length, 1);
  // The apiserver goes away at 06:02; the retry at 06:03 fails: lost since 06:02.
  now = at(6, 2);
  c.ended('Deployment/thebot');
  now = at(6, 3);
  c.lost('Deployment/thebot', 'connect ECONNREFUSED');
  c.lost('StatefulSet/thebot', 'connect ECONNREFUSED');
  assert.deepEqual(seen.slice(1), [{ state: 'lost', since: at(6, 2), error: 'connect ECONNREFUSED' }], 'reported once');
  c.up('Deployment/thebot');
  assert.equal(seen.length, 2, 'one watch back is not enough');
  c.up('StatefulSet/thebot');
  assert.deepEqual(seen.at(-1), { state: 'connected' });
});

const w = (name: string, state: WorkloadStatus['state'], ready = 1): WorkloadStatus => ({ kind: 'Deployment', namespace: 'thebot', name, ready, desired: 1, state });

test('live status: nothing is summed up before every watch has listed (a part of the workloads is no state)', () => {
  const live = new LiveStatus(() => at(7, 4));
  live.start('dev');
  live.update('dev', w('backend', 'complete'));
  live.update('dev', w('frontend', 'complete'));
  assert.equal(summarize(live.get('dev')), 'watching…', 'the Deployments listed, the StatefulSets not yet');
  live.update('dev', { kind: 'StatefulSet', namespace: 'thebot', name: 'postgres', ready: 0, desired: 1, state: 'progressing' });
  assert.equal(summarize(live.get('dev')), 'watching…');
  live.connected('dev');
  assert.equal(summarize(live.get('dev')), '2/3 available');
  // A new watch while connected: the last known summary is not claimed again until it has listed.
  live.start('dev');
  live.update('dev', w('backend', 'complete'));
  assert.equal(summarize(live.get('dev')), 'watching…');
  live.update('dev', { kind: 'StatefulSet', namespace: 'thebot', name: 'postgres', ready: 1, desired: 1, state: 'complete' });
  live.connected('dev');
  assert.equal(summarize(live.get('dev')), 'all available');
});

test('live status: disconnected since HH:MM with the last known state marked stale; recovery drops what was not confirmed', () => {
  const events: string[] = [];
  const live = new LiveStatus(() => at(7, 4));
  live.onDidChange((e) => events.push(e));
  assert.equal(summarize(live.get('dev')), undefined);
  live.start('dev');
  assert.equal(summarize(live.get('dev')), 'watching…', 'nothing claimed before the first status');
  live.update('dev', w('backend', 'complete'));
  live.update('dev', w('frontend', 'complete'));
  live.connected('dev');
  assert.equal(summarize(live.get('dev')), 'all available');
  assert.equal(isStale(live.get('dev'), workloadKey('Deployment', 'thebot', 'backend')), false);

  live.lost('dev', "cannot reach the cluster of context 'thebot-dev' at https://127.0.0.1:6443: connect ECONNREFUSED 127.0.0.1:6443", at(7, 2));
  const s = live.get('dev')!;
  assert.equal(summarize(s), 'disconnected since 07:02 (last known: all available, stale)');
  assert.equal(s.errorLabel, 'disconnected since 07:02');
  assert.equal(s.error, "cannot reach the cluster of context 'thebot-dev' at https://127.0.0.1:6443: connect ECONNREFUSED 127.0.0.1:6443");
  assert.equal(isStale(s, workloadKey('Deployment', 'thebot', 'backend')), true);
  assert.equal(workloadText(s.workloads.get(workloadKey('Deployment', 'thebot', 'backend'))!, true), '1/1 available (stale)');
  // A later failure keeps the first time (and the latest error).
  live.lost('dev', 'no answer within 5s', at(7, 9));
  assert.equal(summarize(live.get('dev')), 'disconnected since 07:02 (last known: all available, stale)');
  assert.equal(live.get('dev')!.error, 'no answer within 5s');

  // A new watch: backend is listed again, frontend is not (deleted meanwhile).
  live.start('dev');
  assert.equal(summarize(live.get('dev')), 'disconnected since 07:02 (last known: all available, stale)', 'still disconnected until the watch is connected');
  live.update('dev', w('backend', 'progressing', 0));
  assert.equal(isStale(live.get('dev'), workloadKey('Deployment', 'thebot', 'frontend')), true);
  live.connected('dev');
  assert.deepEqual([...live.get('dev')!.workloads.keys()], ['Deployment/thebot/backend']);
  assert.equal(summarize(live.get('dev')), '0/1 available');
  assert.equal(live.get('dev')!.error, undefined);
  assert.ok(events.length >= 9 && events.every((e) => e === 'dev'));
});

test('live status: not deployed once every object but the Namespace is listed absent; deployed objects bring the workloads back', () => {
  const live = new LiveStatus();
  live.start('dev', true);
  live.setObject('dev', 'Namespace//thebot', { metadata: { name: 'thebot', resourceVersion: '1' } });
  live.setObject('dev', 'Deployment/thebot/backend', undefined);
  assert.equal(summarize(live.get('dev')), 'watching…', 'not claimed before every object is listed');
  live.setObject('dev', 'ConfigMap/thebot/settings', undefined);
  live.connected('dev');
  assert.equal(isNotDeployed(live.get('dev')), true);
  assert.equal(summarize(live.get('dev')), 'not deployed');
  // A lost connection says so first; a new watch does not claim it again until connected.
  live.lost('dev', 'connect ECONNREFUSED', at(7, 0));
  assert.equal(summarize(live.get('dev')), 'disconnected since 07:00');
  live.start('dev', true);
  assert.equal(isNotDeployed(live.get('dev')), false);
  live.setObject('dev', 'Namespace//thebot', { metadata: { name: 'thebot', resourceVersion: '1' } });
  live.setObject('dev', 'Deployment/thebot/backend', { metadata: { name: 'backend', resourceVersion: '7' } });
  live.setObject('dev', 'ConfigMap/thebot/settings', undefined);
  live.update('dev', w('backend', 'complete'));
  live.connected('dev');
  assert.equal(summarize(live.get('dev')), 'all available');
  // Undeployed (the Namespace kept): not deployed again.
  live.setObject('dev', 'Deployment/thebot/backend', undefined);
  assert.equal(summarize(live.get('dev')), 'not deployed');
  // Only Namespaces rendered: nothing to say it by.
  const ns = new LiveStatus();
  ns.start('ns', true);
  ns.setObject('ns', 'Namespace//thebot', undefined);
  ns.connected('ns');
  assert.equal(summarize(ns.get('ns')), 'no workloads');
  ns.stop('ns');
  assert.equal(summarize(ns.get('ns')), undefined);
});

test('live status: an environment whose workloads are all another environment\'s says so once listed, not "watching…" for ever', () => {
  const live = new LiveStatus();
  live.start('staging', true);
  live.setObject('staging', 'Deployment/thebot/backend', { metadata: { name: 'backend', resourceVersion: '3' } });
  live.update('staging', { ...w('backend', 'progressing', 0), foreign: 'applyset-dev' });
  assert.equal(summarize(live.get('staging')), 'watching…', 'not before every watch has listed');
  live.connected('staging');
  assert.equal(summarize(live.get('staging')), "workloads are another environment's");
  // One of its own among them: its own are what the summary counts.
  live.update('staging', w('frontend', 'complete'));
  assert.equal(summarize(live.get('staging')), 'all available');
});

test('live status: an unreachable pre-flight is a loss; a refused context forgets every state', () => {
  const live = new LiveStatus(() => at(9, 15));
  live.update('production', w('backend', 'complete'));
  live.fail('production', 'Context thebot-production of production is not reachable: connect ECONNREFUSED', 'unreachable');
  assert.equal(summarize(live.get('production')), 'disconnected since 09:15 (last known: all available, stale)');
  live.fail('production', 'Refusing to use context thebot-dev for protected environment production: thebot.yaml binds it to thebot-production.', 'context refused');
  assert.equal(summarize(live.get('production')), 'context refused');
  assert.equal(live.get('production')!.workloads.size, 0);
  assert.equal(live.get('production')!.disconnectedSince, undefined);
});

test('workload text: failed with its reason, another environment\'s object never with its status', () => {
  assert.equal(workloadText({ ...w('backend', 'failed', 0), reason: 'ImagePullBackOff' }, false), '0/1 failed: ImagePullBackOff');
  assert.equal(workloadText({ ...w('backend', 'progressing', 0), foreign: 'applyset-abc-v1' }, false), "another environment's (applyset applyset-abc-v1)");
  assert.equal(workloadText({ ...w('backend', 'progressing', 0), foreign: '' }, false), 'not deployed by THE_BOT (no applyset label)');
  const live = new LiveStatus();
  live.update('dev', { ...w('backend', 'complete'), foreign: 'applyset-abc-v1' });
  assert.equal(summarize(live.get('dev')), undefined, 'a foreign object counts for nothing');
  assert.equal(clock(at(0, 5)), '00:05');
});

const target: ClusterTarget = { environment: 'dev', protected: false, kubeconfigFiles: [], context: 'thebot-dev', namespace: 'thebot' };

test('watch loop: unreachable → disconnected and retried with back-off; back → watched, connected; loss during the watch shown', async () => {
  const live = new LiveStatus(() => at(8, 0));
  const abort = new AbortController();
  const answers: PreflightResult[] = [
    { ok: false, failure: 'unreachable', message: 'Context thebot-dev of dev is not reachable: connect ECONNREFUSED' },
    { ok: false, failure: 'unreachable', message: 'Context thebot-dev of dev is not reachable: connect ECONNREFUSED' },
    { ok: true, target },
  ];
  const slept: number[] = [];
  const summaries: (string | undefined)[] = [];
  live.onDidChange(() => summaries.push(summarize(live.get('dev'))));
  await keepWatching({
    environment: 'dev',
    live,
    signal: abort.signal,
    preflight: async () => answers.shift()!,
    objects: async () => [{ kind: 'Deployment' }],
    sleep: async (ms) => void slept.push(ms),
    watch: async (_t, objects, onStatus, _signal, onConnection) => {
      assert.deepEqual(objects, [{ kind: 'Deployment' }]);
      onStatus(w('backend', 'complete'));
      onConnection({ state: 'connected' });
      onConnection({ state: 'lost', since: at(8, 3), error: 'connect ECONNREFUSED 127.0.0.1:6443' });
      onConnection({ state: 'connected' });
      abort.abort();
    },
  });
  assert.deepEqual(slept, [retryDelay(0), retryDelay(1)]);
  assert.deepEqual([retryDelay(0), retryDelay(1), retryDelay(2), retryDelay(3), retryDelay(9)], [1000, 2000, 4000, 5000, 5000]);
  assert.deepEqual(summaries, [
    'disconnected since 08:00',
    'disconnected since 08:00',
    'disconnected since 08:00',
    'disconnected since 08:00 (last known: all available, stale)',
    'all available',
    'disconnected since 08:03 (last known: all available, stale)',
    'all available',
  ]);
});

test('watch loop: a refused context is not retried; a watch that throws is a loss, then retried', async () => {
  const live = new LiveStatus(() => at(8, 30));
  const refused = await keepWatching({
    environment: 'production',
    live,
    signal: new AbortController().signal,
    preflight: async () => ({ ok: false, failure: 'context refused', message: 'Refusing to use context thebot-dev for protected environment production' }),
    objects: async () => assert.fail('not rendered'),
    watch: async () => assert.fail('not watched'),
    sleep: async () => assert.fail('not retried'),
  });
  assert.equal(refused, undefined);
  assert.equal(summarize(live.get('production')), 'context refused');

  const abort = new AbortController();
  let calls = 0;
  await keepWatching({
    environment: 'dev',
    live,
    signal: abort.signal,
    preflight: async () => ({ ok: true, target }),
    objects: async () => [],
    watch: async () => {
      if (++calls === 1) throw new Error("cannot reach the cluster of context 'thebot-dev' at https://127.0.0.1:1: socket hang up");
      abort.abort();
    },
    sleep: async (ms) => assert.equal(ms, 1000),
  });
  assert.equal(calls, 2);
  assert.equal(live.get('dev')!.error, "cannot reach the cluster of context 'thebot-dev' at https://127.0.0.1:1: socket hang up");
});

test('watch loop: a cluster still being prepared (npm start) shows its note and is retried until it answers, without a refresh', async () => {
  const live = new LiveStatus(() => at(9, 0));
  const abort = new AbortController();
  const answers: PreflightResult[] = [
    { ok: false, failure: 'pending', message: 'local cluster: building kube-apiserver, kube-controller-manager, kube-scheduler' },
    { ok: false, failure: 'pending', message: 'local cluster: starting' },
    { ok: true, target },
  ];
  const summaries: (string | undefined)[] = [];
  live.onDidChange(() => summaries.push(summarize(live.get('dev'))));
  const slept: number[] = [];
  await keepWatching({
    environment: 'dev',
    live,
    signal: abort.signal,
    preflight: async () => answers.shift()!,
    objects: async () => [],
    sleep: async (ms) => void slept.push(ms),
    watch: async (_t, _o, _s, _signal, onConnection) => {
      onConnection({ state: 'connected' });
      abort.abort();
    },
  });
  assert.deepEqual(slept, [1000, 2000]);
  assert.deepEqual(summaries, [
    'local cluster: building kube-apiserver, kube-controller-manager, kube-scheduler',
    'local cluster: starting',
    'watching…',
    'no workloads',
  ]);
});
