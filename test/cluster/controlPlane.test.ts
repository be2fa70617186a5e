// The local control plane itself: what it serves once started, and that
// stopping it leaves no process behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { findBinaries } from '../../localdev/cluster/binaries';
import { ControlPlane } from '../../localdev/cluster/controlPlane';
import { isRunning } from '../../localdev/cluster/processes';
import { freePort } from '../../localdev/cluster/probe';
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';

test('control plane: v1.34.4, four Ready kwok nodes, CRDs served, contexts; stop leaves no process', { timeout: 240_000 }, async (t) => {
  const bins = findBinaries();
  if ('missing' in bins) {
    if (process.env.CI === 'true') throw new Error(`CI: ${bins.missing}`);
    return t.skip(bins.missing);
  }
  const cp = await ControlPlane.start({ timeoutMs: 180_000 });
  const pids = cp.state.procs.map((p) => p.pid);
  try {
    assert.deepEqual(
      cp.state.procs.map((p) => p.name),
      ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok', 'provisioner'],
    );
    const kc = cp.kubeConfig();
    assert.deepEqual(
      kc.getContexts().map((c) => c.name),
      ['thebot-dev', 'thebot-staging', 'thebot-production', 'other-cluster', 'unreachable'],
    );
    const version = await kc.makeApiClient(k8s.VersionApi).getCode();
    assert.equal(version.gitVersion, 'v1.34.4');
    const nodes = await kc.makeApiClient(k8s.CoreV1Api).listNode();
    assert.deepEqual(
      nodes.items.map((n) => [n.metadata!.name, n.status!.conditions!.find((c) => c.type === 'Ready')!.status, n.spec!.taints ?? []]),
      [0, 1, 2, 3].map((i) => [`kwok-node-${i}`, 'True', []]),
    );
    const crds = await kc.makeApiClient(k8s.ApiextensionsV1Api).listCustomResourceDefinition();
    assert.deepEqual(crds.items.map((c) => c.metadata!.name).sort(), [
      'certificaterequests.cert-manager.io',
      'certificates.cert-manager.io',
      'clusterissuers.cert-manager.io',
      'issuers.cert-manager.io',
      'podmonitors.monitoring.coreos.com',
      'prometheusrules.monitoring.coreos.com',
      'servicemonitors.monitoring.coreos.com',
    ]);
    // The upstream definitions with their schemas, not placeholders.
    const sm = crds.items.find((c) => c.metadata!.name === 'servicemonitors.monitoring.coreos.com')!;
    assert.equal(sm.metadata!.annotations!['operator.prometheus.io/version'], '0.85.0');
    assert.equal(sm.spec.versions[0]!.schema!.openAPIV3Schema!.properties!.spec!.properties!.endpoints!.type, 'array');
  } finally {
    await cp.stop();
  }
  assert.deepEqual(pids.filter(isRunning), []);
});

test('control plane: a port taken before kube-controller-manager binds it fails that boot at once and start retries on new ports', { timeout: 300_000 }, async (t) => {
  const bins = findBinaries();
  if ('missing' in bins) {
    if (process.env.CI === 'true') throw new Error(`CI: ${bins.missing}`);
    return t.skip(bins.missing);
  }
  const taken = createServer();
  await new Promise<void>((r) => taken.listen(0, '127.0.0.1', () => r()));
  const port = (taken.address() as { port: number }).port;
  const logs: string[] = [];
  try {
    const cp = await ControlPlane.start({ timeoutMs: 180_000, ports: { controllerManager: port }, log: (m) => logs.push(m) });
    try {
      assert.notEqual(cp.state.ports.controllerManager, port);
      assert.deepEqual(
        logs.filter((m) => m.startsWith('control plane: a port')),
        ['control plane: a port was taken while booting, retrying on new ports (attempt 2)'],
      );
      assert.ok(cp.state.procs.every((p) => isRunning(p.pid)));
    } finally {
      await cp.stop();
    }
  } finally {
    taken.close();
  }
});

test('freePort: below the kernel ephemeral range, never the same port twice in one process', async () => {
  const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
  const ports = await Promise.all(Array.from({ length: 50 }, () => freePort()));
  assert.equal(new Set(ports).size, 50);
  for (const p of ports) assert.ok(p >= 10_000 && p < low, `${p} not in [10000, ${low})`);
});
