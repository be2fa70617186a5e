// The editor's drift marks against a real control plane: the tree's status
// watch follows every rendered object of every kind (no polling), and each is
// judged against the render: in sync right after a deploy (all 67, whatever
// the server defaulted), drifted with the field when another field manager
// changes it (a Deployment's replicas, a ConfigMap's value), still in sync
// when an HPA owns the replicas, missing when deleted, not ours when
// re-created by someone else. Then the day-2 actions on the same watch:
// Scale shows as drift and the next deploy takes it back without a conflict,
// Restart is not drift, Describe masks Secret values, Events, and Undeploy
// leaves every object missing but the kept Namespace. Before the first deploy
// and after the undeploy the environment is "not deployed".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createClusterPort } from '../../client/src/clusterAdapter';
import { LiveStatus, summarize } from '../../client/src/liveStatus';
import { environmentDrift, type ObjectDrift } from '../../client/src/liveDrift';
import type { ClusterSession } from '../../client/src/cluster';
import { deployCommand } from '../../server/src/cli/deploy';
import { describeLive, events, logs, restart, scale, undeployEnvironment } from '../../client/src/operateAdapter';
import { capture, environment, MANIFESTS, open, render, useControlPlane } from './harness';

const h = useControlPlane();
const dev = environment('dev');
const objects = render(dev.overlay).map((r) => r.object);

/** Objects not in sync, as "Kind/name state fields". */
function notInSync(drift: Map<string, ObjectDrift>): string[] {
  return [...drift]
    .filter(([, d]) => d.state !== 'in-sync')
    .map(([k, d]) => `${k.replace(/\/thebot\//, '/').replace(/\/\//, '/')} ${d.state}${d.fields.length ? ` ${d.fields.join(',')}` : ''}`)
    .sort();
}

test('drift of every kind from the tree\'s watches: in sync after a deploy, then drifted, HPA replicas ignored, missing, not ours', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  const cp = h.cp;
  const live = new LiveStatus();
  const waiters: { check: () => boolean; resolve: () => void }[] = [];
  live.onDidChange(() => {
    for (const w of [...waiters]) if (w.check()) waiters.splice(waiters.indexOf(w), 1), w.resolve();
  });
  const drift = () => environmentDrift({ name: 'dev', namespace: 'thebot' }, objects, live.get('dev'));
  const until = (what: string, check: () => boolean, ms = 30_000) =>
    check()
      ? Promise.resolve()
      : Promise.race([
          new Promise<void>((resolve) => waiters.push({ check, resolve })),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} not within ${ms} ms; now: ${JSON.stringify(notInSync(drift()))}`)), ms).unref()),
        ]);

  const abort = new AbortController();
  const target = { environment: 'dev', protected: false, kubeconfigFiles: [cp.kubeconfig], context: 'thebot-dev', namespace: 'thebot' };
  // Wired as the tree's watch loop is (watchLoop.ts): started before the first deploy.
  live.start('dev', true);
  const watching = createClusterPort().watchStatus(
    target,
    objects,
    (s) => live.update('dev', s),
    abort.signal,
    (c) => (c.state === 'connected' ? live.connected('dev') : live.lost('dev', c.error, c.since)),
    (key, obj) => live.setObject('dev', key, obj),
  );
  try {
    // Never deployed (its namespace does not even exist yet): said so once everything is listed, not "watching…".
    await until('not deployed', () => summarize(live.get('dev')) === 'not deployed');
    assert.equal(drift().size, objects.length);
    const io = capture();
    assert.equal(await deployCommand(['dev', '--project', MANIFESTS, '--kubeconfig', cp.kubeconfig], io), 0, io.stdout + io.stderr);
    // After the deploy: all 67 in sync, though the server added defaults, status and its own fields.
    await until('every object in sync', () => [...drift().values()].every((d) => d.state === 'in-sync'));
    assert.notEqual(summarize(live.get('dev')), 'not deployed');
    const session: ClusterSession = await open(cp, dev);

    const patch = (path: string, body: unknown) =>
      session.transport.request('PATCH', path, { body, contentType: 'application/merge-patch+json', query: { fieldManager: 'kubectl-edit' } });
    // Another manager scales celery-beat (no HPA) and backend (its HPA owns the replicas), and edits a ConfigMap value.
    await patch('/apis/apps/v1/namespaces/thebot/deployments/celery-beat/scale', { spec: { replicas: 3 } });
    await patch('/apis/apps/v1/namespaces/thebot/deployments/backend/scale', { spec: { replicas: 4 } });
    await patch('/api/v1/namespaces/thebot/configmaps/redis-config', { data: { 'redis.conf': 'maxmemory 1mb\n' } });
    const expected = ['ConfigMap/redis-config drifted data.redis.conf', 'Deployment/celery-beat drifted spec.replicas'];
    await until('the two drifts', () => JSON.stringify(notInSync(drift())) === JSON.stringify(expected));

    // Deleted: missing. Re-created by someone else (no applyset label): not ours.
    await session.transport.request('DELETE', '/api/v1/namespaces/thebot/configmaps/nginx-config');
    await until('nginx-config missing', () => drift().get('ConfigMap/thebot/nginx-config')?.state === 'missing');
    await session.transport.request('POST', '/api/v1/namespaces/thebot/configmaps', {
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'nginx-config' }, data: { x: 'y' } },
      query: { fieldManager: 'kubectl-create' },
    });
    await until('nginx-config not ours', () => drift().get('ConfigMap/thebot/nginx-config')?.state === 'not-ours');
    assert.deepEqual(notInSync(drift()), [...expected, 'ConfigMap/nginx-config not-ours'].sort());

    // The next deploy puts everything back (nginx-config needs a take-over: it is nobody's).
    await session.transport.request('DELETE', '/api/v1/namespaces/thebot/configmaps/nginx-config');
    const again = capture();
    assert.equal(await deployCommand(['dev', '--project', MANIFESTS, '--kubeconfig', cp.kubeconfig, '--force-conflicts'], again), 0, again.stdout + again.stderr);
    await until('all in sync again', () => notInSync(drift()).length === 0);

    // Scale: drift until the next deploy, which puts the rendered count back with no conflict.
    const beat = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'thebot', name: 'celery-beat' };
    assert.equal(await scale(target, beat, 2), 'configured');
    await until('celery-beat scaled', () => JSON.stringify(notInSync(drift())) === JSON.stringify(['Deployment/celery-beat drifted spec.replicas']));
    const third = capture();
    assert.equal(await deployCommand(['dev', '--project', MANIFESTS, '--kubeconfig', cp.kubeconfig], third), 0, third.stdout + third.stderr);
    await until('in sync after the deploy', () => notInSync(drift()).length === 0);

    // Restart: a new template annotation of its own manager, not drift.
    const when = await restart(target, beat, new Date('2026-01-02T03:04:05Z'));
    assert.equal(when, '2026-01-02T03:04:05.000Z');
    await until('restarted', () => (live.get('dev')!.objects.get('Deployment/thebot/celery-beat') as any)?.spec.template.metadata.annotations?.['kubectl.kubernetes.io/restartedAt'] === when);
    assert.deepEqual(notInSync(drift()), []);
    await assert.rejects(restart(target, { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'thebot', name: 'redis-config' }), /^Error: ConfigMap cannot be restarted/);

    // Describe: live YAML with Secret values masked, then the events.
    const secret = await describeLive(target, { apiVersion: 'v1', kind: 'Secret', namespace: 'thebot', name: 'django-secrets' });
    const rendered = objects.find((o: any) => o.kind === 'Secret' && o.metadata.name === 'django-secrets') as any;
    for (const v of Object.values({ ...rendered.data, ...rendered.stringData }) as string[]) assert.ok(!secret.includes(v), 'a Secret value in Describe');
    assert.match(secret, /^data:\n(  [\w.-]+: "\*\*\*"\n)+/m);
    assert.ok(!secret.includes('managedFields'));
    assert.match(secret, /\n# Events: none\n$/);
    const beatEvents = await events(target, beat);
    assert.ok(beatEvents.some((l) => / Normal +ScalingReplicaSet +Deployment\/celery-beat: Scaled up replica set celery-beat-\w+ from 1 to 2/.test(l)), beatEvents.join('\n'));

    // Logs: each container of the picked pod, with what the node says when it has none (kwok runs no containers).
    const text = await logs(target, beat);
    assert.match(text, /^# pod celery-beat-[a-z0-9]+-[a-z0-9]+, container celery-beat( \(no logs: .+ \(HTTP \d{3}\)\))?\n/);
    assert.ok(!/\n\s+at /.test(text), 'a stack trace');

    // Undeploy: everything the applyset owns is deleted but the Namespace (its deletion would cascade).
    const plan = await undeployEnvironment(target, true);
    assert.equal(plan.deleted.length, objects.length - 1);
    assert.deepEqual(plan.kept, ['Namespace thebot: not pruned: deleting a Namespace deletes every object in it; delete it yourself if that is meant']);
    assert.deepEqual(notInSync(drift()), []);
    const done = await undeployEnvironment(target, false);
    assert.deepEqual([done.deleted.length, done.failed], [objects.length - 1, []]);
    await until('all missing', () => notInSync(drift()).length === objects.length - 1);
    assert.equal(drift().get('Namespace//thebot')?.state, 'in-sync');
    await until('not deployed again', () => summarize(live.get('dev')) === 'not deployed');
  } finally {
    abort.abort();
    await watching;
  }
});
