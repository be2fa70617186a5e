// Walks the rule registry: one id everywhere (module file = id = fixture dir =
// docs anchor), complete metadata, a failing and a passing fixture per rule,
// and docs/rules.md up to date with the modules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../server/src/rules';
import { renderRuleDocs } from '../../server/src/rules/docs';
import { FIXTURES } from './fixtures';

const RULES_DIR = join(__dirname, '..', '..', 'server', 'src', 'rules');
const INFRA = new Set(['index', 'types', 'run', 'settings', 'suppression', 'docs']);

test('every rule module is registered under its file name, and nothing else is', () => {
  const files = readdirSync(RULES_DIR)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3))
    .filter((f) => !INFRA.has(f))
    .sort();
  assert.deepEqual(RULES.map((r) => r.id).sort(), files);
});

test('the registry is ordered by category, then by id as localeCompare orders ids (the registry compares code units)', () => {
  const categories = [...new Set(RULES.map((r) => r.category))];
  for (const category of categories) {
    const ids = RULES.filter((r) => r.category === category).map((r) => r.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => a.localeCompare(b)), category);
  }
  // Each category's rules are together.
  assert.deepEqual(RULES.map((r) => r.category), categories.flatMap((c) => RULES.filter((r) => r.category === c).map(() => c)));
});

test('every fixture directory belongs to a rule', () => {
  assert.deepEqual(readdirSync(FIXTURES).sort(), RULES.map((r) => r.id).sort());
});

for (const rule of RULES) {
  test(`${rule.id}: metadata, docs and fixtures are complete`, () => {
    assert.match(rule.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(rule.title.length > 5, 'title');
    assert.ok(rule.rationale.length > 20, 'rationale');
    assert.ok(rule.docs.description.length > 20, 'docs.description');
    assert.ok(rule.docs.bad.trim().length > 0 && rule.docs.good.trim().length > 0, 'bad and good examples');
    assert.notEqual(rule.docs.bad, rule.docs.good);
    assert.ok(['error', 'warning', 'info'].includes(rule.severity));
    const bad = join(FIXTURES, rule.id, 'bad');
    const good = join(FIXTURES, rule.id, 'good');
    assert.ok(existsSync(bad) && existsSync(good), 'bad/ and good/ fixtures');
    const lines = readFileSync(join(bad, 'expected.txt'), 'utf8').split('\n').filter((l) => l && !l.startsWith('  '));
    assert.ok(lines.length > 0, 'the failing fixture expects findings');
    for (const l of lines) assert.match(l, new RegExp(`^\\S+:\\d+:\\d+ (error|warning|info) ${rule.id} `));
  });
}

test('docs/rules.md is generated from the rule modules (run `npm run docs:rules`)', () => {
  const file = join(__dirname, '..', '..', 'docs', 'rules.md');
  assert.equal(readFileSync(file, 'utf8'), renderRuleDocs());
});

test('docs/rules.md has an anchor per rule id', () => {
  const text = renderRuleDocs();
  for (const r of RULES) assert.ok(text.includes(`\n### ${r.id}\n`), r.id);
});
