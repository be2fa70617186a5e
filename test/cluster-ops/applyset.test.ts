// The applyset bookkeeping behind `deploy --prune` (no cluster): the parent's
// id as the ApplySet spec defines it, membership labels, group-kind notation,
// and what counts as ours.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { applySetOf, groupKind, owned, PART_OF, union, withMembership } from '../../client/src/cluster/applyset';

const dev = { name: 'dev', context: 'thebot-dev', namespace: 'thebot', protected: false };

test('the applyset id is the spec\'s: applyset-<base64url(sha256(name.namespace.Kind.group)) unpadded>-v1', () => {
  const set = applySetOf(dev);
  assert.equal(set.name, 'thebot-applyset-dev');
  assert.equal(set.namespace, 'thebot');
  // The same digest through the standard alphabet, converted by hand (+/ → -_, no =).
  const std = createHash('sha256').update('thebot-applyset-dev.thebot.ConfigMap.').digest('base64');
  assert.equal(set.id, `applyset-${std.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}-v1`);
  assert.match(set.id, /^applyset-[A-Za-z0-9_-]{43}-v1$/);
  // A label value: at most 63 characters.
  assert.ok(set.id.length <= 63);
  assert.notEqual(applySetOf({ ...dev, name: 'staging' }).id, set.id);
});

test('membership label added without touching the rest of the object', () => {
  const set = applySetOf(dev);
  const object = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'backend', labels: { app: 'backend' } }, spec: {} };
  const labelled = withMembership(object, set);
  assert.deepEqual(labelled, { ...object, metadata: { name: 'backend', labels: { app: 'backend', [PART_OF]: set.id } } });
  assert.deepEqual(object.metadata.labels, { app: 'backend' });
});

test('group-kinds: Kind.group, the core group bare; unions sorted', () => {
  assert.equal(groupKind('apps/v1', 'Deployment'), 'Deployment.apps');
  assert.equal(groupKind('v1', 'ConfigMap'), 'ConfigMap');
  assert.equal(groupKind('monitoring.coreos.com/v1', 'ServiceMonitor'), 'ServiceMonitor.monitoring.coreos.com');
  assert.deepEqual(union({ groupKinds: ['Job.batch', 'ConfigMap'], namespaces: ['b'] }, { groupKinds: ['Deployment.apps', 'ConfigMap'], namespaces: ['a'] }), {
    groupKinds: ['ConfigMap', 'Deployment.apps', 'Job.batch'],
    namespaces: ['a', 'b'],
  });
});

test('ours only with our label AND an Apply entry of our field manager', () => {
  const set = applySetOf(dev);
  const live = (labels: Record<string, string>, managers: [string, string][]) => ({
    metadata: { name: 'x', uid: 'u', labels, managedFields: managers.map(([manager, operation]) => ({ manager, operation })) },
  });
  assert.equal(owned(live({ [PART_OF]: set.id }, [['thebot', 'Apply']]), set), true);
  assert.equal(owned(live({ [PART_OF]: set.id }, [['other-team', 'Apply']]), set), false);
  assert.equal(owned(live({ [PART_OF]: set.id }, [['thebot', 'Update']]), set), false);
  assert.equal(owned(live({ [PART_OF]: applySetOf({ ...dev, name: 'staging' }).id }, [['thebot', 'Apply']]), set), false);
  assert.equal(owned(live({}, [['thebot', 'Apply']]), set), false);
});
