// Context binding and confirmation of protected environments (no cluster needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bindContext, checkConfirmation, KubeconfigError, loadKubeconfig, kubeconfigFiles } from '../../client/src/cluster';
import { kubeconfigYaml } from '../../localdev/cluster/kubeconfigFile';

const dir = mkdtempSync(join(tmpdir(), 'thebot-safety-'));
const file = join(dir, 'config');
writeFileSync(file, kubeconfigYaml({ server: 'https://127.0.0.1:6443', caData: '', token: 't', unreachableServer: 'https://127.0.0.1:1', namespace: 'thebot' }));
const dev = { name: 'dev', context: 'thebot-dev', namespace: 'thebot', protected: false };
const production = { name: 'production', context: 'thebot-production', namespace: 'thebot', protected: true };

test('the bound context is accepted; any other is refused with the way out', () => {
  assert.equal(bindContext(loadKubeconfig(file), dev), 'thebot-dev');
  assert.throws(
    () => bindContext(loadKubeconfig(file), production),
    {
      name: 'SafetyError',
      message:
        "refusing to act: environment 'production' is bound to context 'thebot-production', but the current context is 'thebot-dev' " +
        '(switch with `kubectl config use-context thebot-production` or pass --context thebot-production)',
    },
  );
  assert.throws(() => bindContext(loadKubeconfig(file), dev, 'other-cluster'), {
    message:
      "refusing to act: environment 'dev' is bound to context 'thebot-dev', but the requested context is 'other-cluster' " +
      '(switch with `kubectl config use-context thebot-dev` or pass --context thebot-dev)',
  });
  const kc = loadKubeconfig(file);
  assert.equal(bindContext(kc, production, 'thebot-production'), 'thebot-production');
  assert.equal(kc.getCurrentContext(), 'thebot-production');
});

test('a bound context missing from the kubeconfig is named', () => {
  assert.throws(() => bindContext(loadKubeconfig(file), { ...dev, context: 'thebot-qa' }, 'thebot-qa'), {
    message: "context 'thebot-qa' of environment 'dev' is not in the kubeconfig (contexts: thebot-dev, thebot-staging, thebot-production, other-cluster, unreachable)",
  });
});

test('protected environments need their own name as confirmation', () => {
  checkConfirmation(dev, undefined);
  checkConfirmation(production, 'production');
  assert.throws(() => checkConfirmation(production, undefined), { message: "environment 'production' is protected: confirm with --confirm production" });
  assert.throws(() => checkConfirmation(production, 'dev'), {
    message: "confirmation 'dev' does not match environment 'production': confirm with --confirm production",
  });
});

test('kubeconfig: explicit path, then KUBECONFIG list, then ~/.kube/config; a missing file is named', () => {
  assert.deepEqual(kubeconfigFiles('/a:/b', '/c'), ['/a', '/b']);
  assert.deepEqual(kubeconfigFiles(undefined, '/c:/d'), ['/c', '/d']);
  assert.throws(() => loadKubeconfig(join(dir, 'nope')), (e: unknown) => {
    assert.ok(e instanceof KubeconfigError);
    assert.equal(e.message, `no kubeconfig found: ${join(dir, 'nope')} (from --kubeconfig) does not exist`);
    return true;
  });
});
