// Against a real control plane (fresh, nothing deployed): dry-run of every
// environment (custom resources validated by the upstream CRDs), rejected
// dry-runs mapped to their source lines, pre-flight
// refusals (wrong context, unreachable cluster, protected environment) and
// missing CRDs reported by kind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { run, summarize } from '../../client/src/cluster';
import { dryRunCommand } from '../../server/src/cli/dry-run';
import { deployCommand } from '../../server/src/cli/deploy';
import { capture, environment, FIXTURES, MANIFESTS, open, render, scrub, unreachableKubeconfig, useControlPlane } from './harness';

const h = useControlPlane();

for (const name of ['dev', 'staging', 'production']) {
  test(`dry-run of ${name}: every object accepted`, async (t) => {
    if (!h.cp) return t.skip(h.skipReason);
    const env = environment(name);
    const resources = render(env.overlay);
    const session = await open(h.cp, env);
    const outcomes = await run(session, resources, { dryRun: true });
    const rejected = outcomes.filter((o) => o.action === 'failed').map((o) => `${o.ref.kind} ${o.ref.name}: ${o.message}`);
    assert.deepEqual(rejected, []);
    assert.equal(outcomes.length, resources.length);
    // Nothing exists yet: everything would be created.
    assert.equal(summarize(outcomes).created, resources.length);
  });
}

test('dry-run CLI: a rejected quantity is reported on its object and source line', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  const env = environment('dev');
  const session = await open(h.cp, env);
  const outcomes = await run(session, render(join(FIXTURES, 'bad-quantity')), { dryRun: true });
  const failed = outcomes.filter((o) => o.action === 'failed');
  assert.equal(failed.length, 1);
  assert.deepEqual(failed[0]!.ref, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'backend', namespace: 'thebot' });
  assert.equal(failed[0]!.origin?.file, join(FIXTURES, 'bad-quantity/bad-cpu.yaml'));
  assert.deepEqual(failed[0]!.origin?.range.start, { line: 12, character: 19 });
  assert.equal(failed[0]!.message, BAD_QUANTITY_MESSAGE);
});

test('dry-run: a ServiceMonitor with an invalid spec is rejected by the real CRD schema, on its source line', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  const session = await open(h.cp, environment('dev'));
  const outcomes = await run(session, render(join(FIXTURES, 'bad-servicemonitor')), { dryRun: true });
  assert.equal(outcomes.length, 2);
  const [o, pattern] = outcomes;
  assert.equal(o!.action, 'failed');
  assert.deepEqual(o!.ref, { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', name: 'backend', namespace: 'thebot' });
  // Server-side apply checks the patch against the CRD's structural schema first (the server's words).
  assert.equal(
    o!.message,
    'failed to create typed patch object (default/backend; monitoring.coreos.com/v1, Kind=ServiceMonitor): .spec.endpoints: expected list, got &{x}',
  );
  assert.equal(o!.origin?.file, join(FIXTURES, 'bad-servicemonitor/servicemonitor.yaml'));
  // `  endpoints: "x"`, line 9: the value.
  assert.deepEqual(o!.origin?.range.start, { line: 8, character: 13 });
  // The OpenAPI validation of the CRD: a duration against its pattern (`      interval: 30 seconds`, line 22).
  assert.equal(pattern!.action, 'failed');
  assert.equal(pattern!.message, PATTERN_MESSAGE);
  assert.equal(pattern!.origin?.file, join(FIXTURES, 'bad-servicemonitor/servicemonitor.yaml'));
  assert.deepEqual(pattern!.origin?.range.start, { line: 21, character: 16 });
});

test('deploy CLI: one rejected object and nothing is applied', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  const io = capture();
  // The bad quantity is an error finding too: the findings gate would refuse first (exit 3), so it is
  // overridden here to reach the server-side dry-run this test is about.
  const gated = capture();
  assert.equal(await deployCommand(['dev', '--project', join(FIXTURES, 'bad-project'), '--kubeconfig', h.cp.kubeconfig], gated), 3);
  assert.equal(
    gated.stderr,
    'thebot: dev has 1 error finding (as `thebot check` reports them); nothing was sent:\n' +
      'test/cluster-ops/fixtures/bad-quantity/bad-cpu.yaml:13:20 error schema-invalid-value [dev] invalid quantity "lots"\n' +
      'fix them, or pass --ignore-findings "<reason>" to go ahead anyway (the reason is recorded)\n',
  );
  assert.equal(await deployCommand(['dev', '--project', join(FIXTURES, 'bad-project'), '--kubeconfig', h.cp.kubeconfig, '--ignore-findings', 'the server must reject it'], io), 1);
  assert.deepEqual(io.stdout.trimEnd().split('\n'), [
    'failed      Deployment thebot/backend',
    `    test/cluster-ops/fixtures/bad-quantity/bad-cpu.yaml:13:20: ${BAD_QUANTITY_MESSAGE}`,
    'deploy dev: 1 of 67 objects rejected by the server-side dry-run; nothing applied',
  ]);
  const namespaces = await h.cp.kubeConfig().makeApiClient(k8s.CoreV1Api).listNamespace();
  assert.ok(!namespaces.items.some((n) => n.metadata?.name === 'thebot'));
});

test('dry-run CLI: wrong context refused before contacting the cluster', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  const io = capture();
  const code = await dryRunCommand(['dev', '--project', MANIFESTS, '--kubeconfig', h.cp.kubeconfig, '--context', 'other-cluster'], io);
  assert.equal(code, 3);
  assert.equal(
    io.stderr,
    "thebot: refusing to act: environment 'dev' is bound to context 'thebot-dev', but the requested context is 'other-cluster' " +
      '(switch with `kubectl config use-context thebot-dev` or pass --context thebot-dev)\n',
  );
  assert.equal(io.stdout, '');
});

test('dry-run CLI: an unreachable cluster is refused with a clear message', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  const file = unreachableKubeconfig(h.cp, join(mkdtempSync(join(tmpdir(), 'thebot-unreach-')), 'config'));
  const io = capture();
  const code = await dryRunCommand(['dev', '--project', MANIFESTS, '--kubeconfig', file], io);
  assert.equal(code, 3);
  const port = h.cp.state.ports.unreachable;
  assert.equal(io.stderr, `thebot: cannot reach the cluster of context 'thebot-dev' at https://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}\n`);
});

test('dry-run CLI: rejected credentials are named as such', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  const file = join(mkdtempSync(join(tmpdir(), 'thebot-badtoken-')), 'config');
  writeFileSync(file, readFileSync(h.cp.kubeconfig, 'utf8').replace(/token: \S+/, 'token: not-a-valid-token'));
  const io = capture();
  assert.equal(await dryRunCommand(['dev', '--project', MANIFESTS, '--kubeconfig', file], io), 3);
  assert.equal(scrub(io.stderr, h.cp), "thebot: the cluster of context 'thebot-dev' at https://127.0.0.1:PORT rejected the token of user 'thebot-admin': Unauthorized (HTTP 401)\n");
});

test('deploy CLI: a protected environment needs --confirm, checked before anything else', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  const io = capture();
  const code = await deployCommand(['production', '--project', MANIFESTS, '--kubeconfig', h.cp.kubeconfig, '--context', 'thebot-production'], io);
  assert.equal(code, 3);
  assert.equal(io.stderr, "thebot: environment 'production' is protected: confirm with --confirm production\n");
});

test('dry-run CLI: prints one line per object and a summary', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  const io = capture();
  const code = await dryRunCommand(['dev', '--project', MANIFESTS, '--kubeconfig', h.cp.kubeconfig], io);
  assert.equal(code, 0, io.stderr + io.stdout);
  const lines = io.stdout.trimEnd().split('\n');
  assert.equal(lines[0], "created (dry run)      Namespace thebot");
  assert.deepEqual(lines.slice(-2), [
    'note: namespaces not created yet: thebot (validated in default)',
    'dry-run dev: 67 accepted (67 to create, 0 to configure, 0 unchanged), 0 rejected',
  ]);
  assert.equal(lines.length, 69);
  assert.equal(scrub(io.stderr, h.cp), 'dev: context thebot-dev (https://127.0.0.1:PORT, Kubernetes v1.34.4), 67 objects\n');
});

// Last: removes the cert-manager CRDs from this file's cluster.
test('missing CRDs are reported by kind before anything is sent', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  const kc = h.cp.kubeConfig();
  const ext = kc.makeApiClient(k8s.ApiextensionsV1Api);
  for (const name of ['certificates.cert-manager.io', 'issuers.cert-manager.io', 'clusterissuers.cert-manager.io']) {
    await ext.deleteCustomResourceDefinition({ name });
  }
  // Deletion finishes asynchronously (finalizer): wait until discovery drops the kinds.
  const env = environment('dev');
  for (;;) {
    const session = await open(h.cp, env);
    if (!session.discovery.find('cert-manager.io/v1', 'ClusterIssuer')) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const io = capture();
  const code = await dryRunCommand(['dev', '--project', MANIFESTS, '--kubeconfig', h.cp.kubeconfig], io);
  assert.equal(code, 3);
  assert.equal(
    io.stderr,
    'thebot: the cluster does not serve a kind dev uses:\n' +
      '  cert-manager.io/v1 ClusterIssuer is not served by the cluster (is cert-manager installed?): ' +
      'ClusterIssuer letsencrypt-prod, ClusterIssuer letsencrypt-staging\n',
  );
  assert.equal(io.stdout, '');
});

const PATTERN_MESSAGE =
  'ServiceMonitor.monitoring.coreos.com "frontend" is invalid: spec.endpoints[0].interval: Invalid value: "30 seconds": ' +
  "spec.endpoints[0].interval in body should match '^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$'";

// The server's words (the object is validated in `default`: namespace thebot does not exist yet).
const BAD_QUANTITY_MESSAGE =
  'failed to convert new object (default/backend; apps/v1, Kind=Deployment) to proper version: ' +
  "unable to convert unstructured object to apps/v1, Kind=Deployment: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
