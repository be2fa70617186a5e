// Kubeconfig loading and credentials without a cluster: kubectl's merge of
// several files (first definition and first current-context win, empty files
// skipped, a relative exec command resolved against its file's directory),
// and an exec plugin that never answers, bounded and named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ClusterSession, CredentialError, loadKubeconfig } from '../../client/src/cluster';

const dir = mkdtempSync(join(tmpdir(), 'thebot-kubeconfig-'));
const file = (name: string, config: object | string) => {
  const f = join(dir, name);
  writeFileSync(f, typeof config === 'string' ? config : stringify({ apiVersion: 'v1', kind: 'Config', ...config }));
  return f;
};

test('several files merge as kubectl merges them', () => {
  const empty = file('empty', '\n');
  const a = file('a', { clusters: [{ name: 'c', cluster: { server: 'https://a.example:6443' } }], contexts: [{ name: 'dev', context: { cluster: 'c', user: 'u' } }] });
  const b = file('sub-b', {
    'current-context': 'dev',
    clusters: [{ name: 'c', cluster: { server: 'https://b.example:6443' } }],
    users: [{ name: 'u', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: './bin/get-token', args: ['x'] } } }],
    contexts: [{ name: 'prod', context: { cluster: 'c', user: 'u' } }],
  });
  const c = file('c', { 'current-context': 'prod', users: [{ name: 'u', user: { token: 'later' } }] });
  const kc = loadKubeconfig([empty, a, b, c]);
  assert.equal(kc.getCurrentContext(), 'dev');
  assert.deepEqual(kc.getClusters().map((x) => [x.name, x.server]), [['c', 'https://a.example:6443']]);
  assert.deepEqual(kc.getContexts().map((x) => x.name), ['dev', 'prod']);
  assert.deepEqual(kc.getUsers().map((x) => [x.name, x.exec?.command, x.token]), [['u', join(dir, 'bin/get-token'), undefined]]);
});

test('an exec plugin that never answers: a one-line error naming the context and the command, after the credential timeout', async () => {
  const plugin = join(dir, 'hangs.sh');
  writeFileSync(plugin, '#!/bin/sh\nexec sleep 3\n');
  chmodSync(plugin, 0o755);
  const kubeconfig = file('hangs', {
    'current-context': 'thebot-dev',
    clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1' } }],
    users: [{ name: 'u', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, args: ['token'] } } }],
    contexts: [{ name: 'thebot-dev', context: { cluster: 'c', user: 'u' } }],
  });
  const started = Date.now();
  await assert.rejects(
    ClusterSession.open({ environment: { name: 'dev', context: 'thebot-dev', namespace: 'thebot', protected: false }, kubeconfig, credentialTimeoutMs: 1000 }),
    (e: unknown) => e instanceof CredentialError && e.message === `cannot get the credential of context 'thebot-dev': the exec plugin \`${plugin} token\` gave no credential within 1s`,
  );
  assert.ok(Date.now() - started < 3000);
});
