// The time left the tree's note shows while npm start builds the control
// plane: from the set-up step's lines, its recorded durations or the defaults.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BuildProgress, DEFAULT_SECONDS, parseRecord, unitSeconds } from '../../localdev/cluster/buildEstimate';

const K8S = 'kube-apiserver kube-controller-manager kube-scheduler';
const min = 60_000;

test('build record: the last duration of each unit wins; blank and malformed lines are skipped', () => {
  const recorded = parseRecord(`240\tetcd\n\n1900\t${K8S}\nabc\tkwok\n700\tkwok\r\n1500\t${K8S}\n12 etcd\n`);
  assert.deepEqual([...recorded], [
    ['etcd', 240],
    [K8S, 1500],
    ['kwok', 700],
  ]);
});

test('build estimate: a recorded unit takes its duration; one never built here the sum of its binaries defaults', () => {
  const recorded = parseRecord(`1500\t${K8S}\n`);
  assert.equal(unitSeconds(K8S.split(' '), recorded), 1500);
  // Only part of the group missing: not the recorded group, the defaults.
  assert.equal(unitSeconds(['kube-controller-manager', 'kube-scheduler'], recorded), 300);
  assert.equal(unitSeconds(['etcd'], recorded), DEFAULT_SECONDS.etcd);
  assert.equal(unitSeconds(K8S.split(' '), new Map()), 750);
  assert.equal(unitSeconds(['kube-proxy'], new Map()), 600);
});

test('build progress: a cold build with no record counts down from the defaults, unit by unit, then past the estimate', () => {
  const p = new BuildProgress(new Map());
  p.line(`30-controlplane: to build: etcd, kwok, ${K8S}`, 0);
  // Planned, nothing started yet: the whole 19 minutes (150 + 240 + 750 s).
  assert.equal(p.note(0), 'local cluster: building, ~19 min left');
  p.line('30-controlplane: building etcd (go.etcd.io/etcd/server/v3)…', 0);
  assert.equal(p.note(0), 'local cluster: building etcd, ~19 min left');
  assert.equal(p.note(1 * min), 'local cluster: building etcd, ~18 min left');
  // etcd over its 2.5 minutes: it counts as nearly done, the rest still ahead (990 s).
  assert.equal(p.note(4 * min), 'local cluster: building etcd, ~17 min left');
  p.line('30-controlplane: built etcd in 240s', 4 * min);
  p.line('30-controlplane: building kwok (sigs.k8s.io/kwok/cmd/kwok)…', 4 * min);
  assert.equal(p.note(4 * min + 30_000), 'local cluster: building kwok, ~16 min left');
  p.line('30-controlplane: built kwok in 240s', 8 * min);
  p.line(`30-controlplane: building ${K8S} (one go build)…`, 8 * min);
  assert.equal(p.note(8 * min), 'local cluster: building kube-apiserver, kube-controller-manager, kube-scheduler, ~13 min left');
  assert.equal(p.note(20 * min), 'local cluster: building kube-apiserver, kube-controller-manager, kube-scheduler, ~1 min left');
  assert.equal(p.note(22 * min), 'local cluster: building kube-apiserver, kube-controller-manager, kube-scheduler, longer than the ~13 min expected');
  p.line(`30-controlplane: built ${K8S} in 840s`, 22 * min);
  // The CRDs are extracted after the last binary: no unit left to count.
  assert.equal(p.note(53 * min), 'local cluster: building');
});

test('build progress: cached binaries are not counted; recorded durations are used', () => {
  const p = new BuildProgress(parseRecord(`1500\t${K8S}\n300\tkwok\n`));
  [
    '30-controlplane: to build: kwok, ' + K8S,
    '30-controlplane: etcd cached (/c/etcd)',
    '30-controlplane: building kwok (sigs.k8s.io/kwok/cmd/kwok)…',
  ].forEach((l) => p.line(l, 0));
  assert.equal(p.secondsLeft(0), 1800);
  assert.equal(p.note(2 * min), 'local cluster: building kwok, ~28 min left');
});

test('build progress: a unit the script did not announce (an older script) is the plan on its own', () => {
  const p = new BuildProgress(new Map());
  p.line('30-controlplane: etcd cached (/c/etcd)', 0);
  assert.equal(p.note(0), 'local cluster: building');
  p.line(`30-controlplane: building ${K8S} (one go build)…`, 0);
  assert.equal(p.note(59 * 1000), 'local cluster: building kube-apiserver, kube-controller-manager, kube-scheduler, ~12 min left');
});
