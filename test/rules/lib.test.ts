import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuantity, formatQuantity } from '../../shared/quantity';
import { parseImage, fromRegistry } from '../../server/src/rules/lib/image';
import { selectorMatches } from '../../server/src/rules/lib/index-resources';

test('quantities: cpu and memory suffixes, exponents, garbage', () => {
  assert.deepEqual(
    ['500m', '1', '1.5', '512Mi', '1Gi', '1G', '1e3', '2k', 750, '12x', ''].map(parseQuantity),
    [0.5, 1, 1.5, 536870912, 1073741824, 1e9, 1000, 2000, 750, undefined, undefined],
  );
  assert.equal(formatQuantity('requests.cpu', 2.5), '2500m');
  assert.equal(formatQuantity('limits.memory', 1.5 * 2 ** 30), '1536Mi');
});

test('image references: registry, repository, tag, digest', () => {
  assert.deepEqual(parseImage('postgres:16'), { registry: 'docker.io', repository: 'postgres', tag: '16' });
  assert.deepEqual(parseImage('localhost:5000/thebot/backend'), { registry: 'localhost:5000', repository: 'thebot/backend' });
  assert.deepEqual(parseImage('gcr.io/thebot-staging/backend:v1@sha256:ab'), { registry: 'gcr.io', repository: 'thebot-staging/backend', tag: 'v1', digest: 'sha256:ab' });
  assert.equal(fromRegistry('gcr.io/thebot-staging/backend:v1', 'gcr.io/thebot-staging'), true);
  assert.equal(fromRegistry('gcr.io/thebot-staging-evil/backend:v1', 'gcr.io/thebot-staging'), false);
  assert.equal(fromRegistry('registry.the-bot.ru.evil.io/x:1', 'registry.the-bot.ru'), false);
});

test('label selectors: matchLabels and every matchExpressions operator', () => {
  const labels = { app: 'web', tier: 'front' };
  assert.equal(selectorMatches({}, labels), true);
  assert.equal(selectorMatches({ matchLabels: { app: 'web' } }, labels), true);
  assert.equal(selectorMatches({ matchLabels: { app: 'api' } }, labels), false);
  assert.equal(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] }, labels), true);
  assert.equal(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }, labels), false);
  assert.equal(selectorMatches({ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, labels), false);
  assert.equal(selectorMatches({ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, labels), true);
});
