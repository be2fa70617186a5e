// The editor's drift marks against a real control plane: the tree's status
// watch follows every rendered object of every kind (no polling), and each is
// judged against the render: in sync right after a deploy (all 67, whatever
// the server defaulted), drifted with the field when another field manager
// changes it (a Deployment's replicas, a ConfigMap's value), still in sync
// when an HPA owns the replicas, missing when deleted, not ours when
// re-created by someone else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createClusterPort } from '../../client/src/clusterAdapter';
import { LiveStatus } from '../../client/src/liveStatus';
import { environmentDrift, type ObjectDrift } from '../../client/src/liveDrift';
import type { ClusterSession } from '../../client/src/cluster';
import { deployCommand } from '../../server/src/cli/deploy';
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
  const io = capture();
  assert.equal(await deployCommand(['dev', '--project', MANIFESTS, '--kubeconfig', cp.kubeconfig], io), 0, io.stdout + io.stderr);
  const session: ClusterSession = await open(cp, dev);

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
  const watching = createClusterPort().watchStatus(target, objects, () => undefined, abort.signal, undefined, (key, obj) => live.setObject('dev', key, obj));
  try {
    await until('every object listed', () => drift().size === objects.length);
    // Right after the deploy: all 67 in sync, though the server added defaults, status and its own fields.
    assert.deepEqual(notInSync(drift()), []);

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
  } finally {
    abort.abort();
    await watching;
  }
});
