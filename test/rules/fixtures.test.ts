// Every rule against its failing and passing fixture: exact positions and messages,
// rendered by the Kustomize engine; the same expectations must hold with the test
// adapter (plain YAML node ranges), which pins the engine's origins to the source.
// THEBOT_UPDATE_FIXTURES=1 rewrites bad/expected.txt (review the diff before committing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../server/src/rules';
import { FIXTURES, runFixture } from './fixtures';

// Rules about what a patch did to the source (merged a list, replaced a value): the adapter applies no patch, so it cannot agree.
const ENGINE_ONLY = new Set(['duplicate-merge-key', 'overridden-invalid-value']);

for (const rule of RULES) {
  test(`${rule.id}: bad fixture reports exactly expected.txt`, () => {
    const dir = join(FIXTURES, rule.id, 'bad');
    const actual = runFixture(rule, dir);
    const expectedFile = join(dir, 'expected.txt');
    if (process.env.THEBOT_UPDATE_FIXTURES) writeFileSync(expectedFile, actual);
    assert.ok(existsSync(expectedFile), `missing ${expectedFile}`);
    const expected = readFileSync(expectedFile, 'utf8');
    assert.notEqual(expected, '', 'a failing fixture must produce findings');
    assert.equal(actual, expected);
  });
  test(`${rule.id}: good fixture reports nothing`, () => {
    assert.equal(runFixture(rule, join(FIXTURES, rule.id, 'good')), '');
  });
  if (ENGINE_ONLY.has(rule.id)) {
    // The adapter applies no patch: what it sees (both entries rendered, no
    // override) is pinned in its own file, so a change on either side shows.
    test(`${rule.id}: the test adapter, which applies no patch, reports exactly expected.adapter.txt`, () => {
      const dir = join(FIXTURES, rule.id, 'bad');
      const actual = runFixture(rule, dir, 'adapter');
      const expectedFile = join(dir, 'expected.adapter.txt');
      if (process.env.THEBOT_UPDATE_FIXTURES) writeFileSync(expectedFile, actual);
      assert.equal(actual, readFileSync(expectedFile, 'utf8'));
    });
  } else {
    test(`${rule.id}: the test adapter gives the same findings as the engine`, () => {
      const dir = join(FIXTURES, rule.id, 'bad');
      assert.equal(runFixture(rule, dir, 'adapter'), readFileSync(join(dir, 'expected.txt'), 'utf8'));
    });
  }
}
