// The volume our provisioner creates for a pending claim.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { volumeFor } from '../../localdev/cluster/provisioner';

test('a pending claim gets a PV of its size, modes and class, pre-bound to it', () => {
  const pv = volumeFor({
    metadata: { name: 'data-postgres-0', namespace: 'thebot', uid: 'u-1' },
    spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'standard', resources: { requests: { storage: '10Gi' } } },
    status: { phase: 'Pending' },
  });
  assert.deepEqual(pv, {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: 'thebot-pv-u-1', labels: { 'thebot.dev/provisioned-by': 'local-control-plane' } },
    spec: {
      capacity: { storage: '10Gi' },
      accessModes: ['ReadWriteOnce'],
      storageClassName: 'standard',
      volumeMode: 'Filesystem',
      persistentVolumeReclaimPolicy: 'Retain',
      claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: 'thebot', name: 'data-postgres-0', uid: 'u-1' },
      hostPath: { path: '/tmp/thebot-pv/u-1' },
    },
  });
});

test('a claim without a class matches the empty class (no default StorageClass here)', () => {
  const pv = volumeFor({ metadata: { name: 'c', namespace: 'n', uid: 'u-2' }, spec: {} });
  assert.equal(pv.spec!.storageClassName, '');
  assert.deepEqual(pv.spec!.accessModes, ['ReadWriteOnce']);
  assert.deepEqual(pv.spec!.capacity, { storage: '1Gi' });
});
