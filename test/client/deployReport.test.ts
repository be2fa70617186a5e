// What a deploy says when it did not fully succeed, and the refusal to take
// over another environment's objects: the exact words the CLI and the editor print.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countsLine, partialState, type ReportItem } from '../../client/src/cluster/deployReport';
import { allowedToTakeOver, foreignSetOf, takeOverRefusal } from '../../client/src/cluster/ownership';
import { applySetOf, PART_OF } from '../../client/src/cluster/applyset';

const item = (action: ReportItem['action'], what: string, extra: Partial<ReportItem> = {}): ReportItem => ({ action, what, ...extra });

test('deploy report: a clean deploy has no state to explain', () => {
  const items = [item('created', 'Namespace thebot'), item('configured', 'Deployment thebot/backend'), item('unchanged', 'Service thebot/backend')];
  assert.equal(countsLine(items), '1 created, 1 configured, 1 unchanged, 0 failed');
  assert.equal(partialState('dev', items), undefined);
});

test('deploy report: rejected in the middle, then the cluster stopped answering', () => {
  const items = [
    item('created', 'Namespace thebot'),
    item('configured', 'ConfigMap thebot/app-config'),
    item('unchanged', 'Service thebot/backend'),
    item('failed', 'Deployment thebot/backend', { message: 'Deployment.apps "backend" is invalid: spec.replicas: Invalid value: -1' }),
    item('failed', 'Deployment thebot/frontend', { noAnswer: true, message: "cannot reach the cluster of context 'thebot-production' at https://127.0.0.1:6443: socket hang up" }),
    item('skipped', 'Deployment thebot/celery-worker'),
    item('skipped', 'StatefulSet thebot/postgres'),
  ];
  assert.equal(countsLine(items), '1 created, 1 configured, 1 unchanged, 2 failed, 2 not attempted');
  assert.deepEqual(partialState('production', items), [
    'production is now PARTLY deployed (nothing was rolled back):',
    '  3 of 7 objects are as rendered: 1 created, 1 configured, 1 unchanged',
    '  1 failed and is as before: Deployment thebot/backend',
    '  1 got no answer and may or may not have been applied: Deployment thebot/frontend',
    '  2 not attempted (the cluster had stopped answering) and are as before',
    'Fix the cause and deploy production again: only what differs is applied.',
  ]);
});

test('deploy report: nothing changed when the first request was refused', () => {
  const items = [
    item('unchanged', 'Namespace thebot'),
    item('failed', 'ConfigMap thebot/app-config', { noAnswer: true, message: "cannot reach the cluster of context 'thebot-dev' at https://127.0.0.1:6443: connect ECONNREFUSED 127.0.0.1:6443" }),
    item('skipped', 'Deployment thebot/backend'),
  ];
  assert.deepEqual(partialState('dev', items), [
    'dev is as it was before this deploy: nothing was changed.',
    '  1 failed and is as before: ConfigMap thebot/app-config',
    '  1 not attempted (the cluster had stopped answering) and is as before',
    'Fix the cause and deploy dev again: only what differs is applied.',
  ]);
});

test('ownership: another environment\'s member is refused unless named; unlabelled and own objects are not claimed', () => {
  const dev = applySetOf({ name: 'dev', context: 'thebot-dev', namespace: 'thebot', protected: false });
  const prod = applySetOf({ name: 'production', context: 'thebot-production', namespace: 'thebot', protected: true });
  const live = (id?: string) => ({ metadata: { name: 'backend', labels: id ? { [PART_OF]: id } : {} } });
  assert.equal(foreignSetOf(live(dev.id), prod), dev.id);
  assert.equal(foreignSetOf(live(prod.id), prod), undefined);
  assert.equal(foreignSetOf(live(), prod), undefined);
  assert.equal(foreignSetOf(undefined, prod), undefined);
  const owner = { id: dev.id, environment: 'dev' };
  assert.equal(takeOverRefusal(owner), `belongs to environment 'dev' (label ${PART_OF}=${dev.id}); not taken over: deploy with --take-over-from dev to take it over`);
  assert.equal(takeOverRefusal({ id: 'applyset-x-v1' }), `belongs to another applyset (label ${PART_OF}=applyset-x-v1); not taken over: deploy with --take-over-from applyset-x-v1 to take it over`);
  assert.equal(allowedToTakeOver(owner, undefined), false);
  assert.equal(allowedToTakeOver(owner, ['staging']), false);
  assert.equal(allowedToTakeOver(owner, ['dev']), true);
  assert.equal(allowedToTakeOver(owner, [dev.id]), true);
  assert.equal(allowedToTakeOver({ id: 'applyset-x-v1' }, ['dev']), false);
});
