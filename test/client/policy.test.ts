// Pure parts of the VS Code layer: kubeconfig precedence, deploy context
// policy, the image table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pendingNote, resolveKubeconfig } from '../../client/src/kubeconfig';
import { contextProblem, dryRunGate } from '../../client/src/deployPolicy';
import { imageName, imageTable, imageTag, imageUses } from '../../client/src/images';

test('kubeconfig: own setting, then the Kubernetes extension, then $KUBECONFIG, then ~/.kube/config', () => {
  const base = { setting: '', kubernetesExtensionSetting: '', env: undefined, home: '/home/u' };
  assert.deepEqual(resolveKubeconfig(base), ['/home/u/.kube/config']);
  assert.deepEqual(resolveKubeconfig({ ...base, env: '/a:/b' }), ['/a', '/b']);
  assert.deepEqual(resolveKubeconfig({ ...base, env: '/a', kubernetesExtensionSetting: '~/k.yaml' }), ['/home/u/k.yaml']);
  assert.deepEqual(resolveKubeconfig({ ...base, env: '/a', kubernetesExtensionSetting: '/k', setting: '/mine' }), ['/mine']);
  assert.deepEqual(resolveKubeconfig({ ...base, env: ' : ' }), ['/home/u/.kube/config']);
});

test('kubeconfig: a file being prepared has its note beside it (<file>.pending); none, or an empty one, is no note', () => {
  const files: Record<string, string> = { '/s/kubeconfig.pending': 'local cluster: starting\n', '/e/kubeconfig.pending': ' \n' };
  const read = (p: string): string => {
    if (p in files) return files[p]!;
    throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
  };
  assert.equal(pendingNote(['/a/config', '/s/kubeconfig'], read), 'local cluster: starting');
  assert.equal(pendingNote(['/a/config', '/e/kubeconfig'], read), undefined);
  assert.equal(pendingNote([], read), undefined);
});

test('deploy policy: a protected environment is refused on any context but its own', () => {
  const prod = { name: 'production', protected: true, context: 'thebot-dev', configuredContext: 'thebot-production' };
  const all = ['thebot-dev', 'thebot-staging', 'thebot-production'];
  assert.equal(
    contextProblem(prod, all),
    'Refusing to use context thebot-dev for protected environment production: thebot.yaml binds it to thebot-production.',
  );
  assert.equal(contextProblem({ ...prod, context: 'thebot-production' }, all), undefined);
  assert.equal(
    contextProblem({ ...prod, context: 'thebot-production' }, ['kind-kind']),
    'Context thebot-production of environment production is not in the kubeconfig (contexts: kind-kind).',
  );
  // An unprotected environment may be pointed elsewhere by the user.
  assert.equal(contextProblem({ name: 'dev', protected: false, context: 'minikube', configuredContext: 'thebot-dev' }, ['minikube']), undefined);
  assert.equal(contextProblem({ name: 'dev', protected: false, context: '', configuredContext: '' }, []), 'Environment dev is not bound to a kube context.');
});

test('images: names without registry and tag, tags per environment', () => {
  assert.equal(imageName('localhost:5000/thebot/backend:dev'), 'backend');
  assert.equal(imageName('gcr.io/thebot-staging/backend:v1.1.0'), 'backend');
  assert.equal(imageName('registry.the-bot.ru/thebot/frontend:v1.0.0'), 'frontend');
  assert.equal(imageName('postgres:15-alpine'), 'postgres');
  assert.equal(imageName('redis@sha256:abc'), 'redis');
  assert.equal(imageTag('redis'), 'latest');
  assert.equal(imageTag('localhost:5000/x'), 'latest');
  assert.equal(imageTag('x:1@sha256:abc'), 'sha256:abc');
  const deploy = (image: string) => ({
    kind: 'Deployment',
    name: 'backend',
    object: { kind: 'Deployment', spec: { template: { spec: { initContainers: [{ name: 'migrate', image }], containers: [{ name: 'django', image }] } } } },
  });
  const cron = {
    kind: 'CronJob',
    name: 'backup',
    object: { kind: 'CronJob', spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'pg', image: 'postgres:15' }] } } } } } },
  };
  const uses = [...imageUses('dev', [deploy('localhost:5000/thebot/backend:dev'), cron]), ...imageUses('production', [deploy('registry.the-bot.ru/thebot/backend:v1.0.0')])];
  assert.equal(uses.length, 5);
  const rows = imageTable(uses);
  assert.deepEqual(rows.map((r) => r.name), ['backend', 'postgres']);
  assert.deepEqual([...rows[0]!.byEnvironment], [
    ['dev', ['localhost:5000/thebot/backend:dev']],
    ['production', ['registry.the-bot.ru/thebot/backend:v1.0.0']],
  ]);
});

test('dry-run gate: a protected environment never applies after an unclean dry-run, whatever the setting', () => {
  const prod = { name: 'production', protected: true };
  const dev = { name: 'dev', protected: false };
  const results = [...Array(54).fill({ action: 'configured' }), ...Array(7).fill({ action: 'failed' })];
  for (const requireClean of [true, false]) {
    assert.deepEqual(dryRunGate(prod, results, requireClean), {
      apply: false,
      reason: 'production is protected and is never deployed after an unclean dry-run: 7 of 61 objects rejected by the server-side dry-run. Nothing was applied.',
    });
  }
  assert.deepEqual(dryRunGate(dev, results, true), { apply: false, reason: 'Dry-run of dev: 7 of 61 objects rejected by the server-side dry-run. Nothing was applied (thebot.requireCleanDryRun).' });
  assert.deepEqual(dryRunGate(dev, results, false), {
    apply: true,
    warning: '7 of 61 objects rejected by the server-side dry-run: they will fail again, the rest will be applied, and dev will be partly deployed.',
  });
  assert.deepEqual(dryRunGate(prod, results.slice(0, 54), true), { apply: true });
  // The cluster went away during the dry-run: nothing is decided, for any environment and setting.
  assert.deepEqual(dryRunGate(dev, [{ action: 'unchanged' }, { action: 'failed' }, { action: 'skipped' }], false), {
    apply: false,
    reason: 'The dry-run of dev did not complete: the cluster stopped answering (1 of 3 objects not checked). Nothing was applied.',
  });
});
