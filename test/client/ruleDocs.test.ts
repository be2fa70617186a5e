// "Open Rule Documentation" finds every registered rule in docs/rules.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ruleHeadings } from '../../client/src/ruleDocs';
import { RULES } from '../../server/src/rules';

test('every registered rule has a heading in docs/rules.md', () => {
  const headings = ruleHeadings(readFileSync(new URL('../../docs/rules.md', import.meta.url), 'utf8'));
  const missing = RULES.map((r) => r.id).filter((id) => !headings.has(id));
  assert.deepEqual(missing, []);
  assert.ok(RULES.length > 0);
});

test('headings inside code blocks and the page title are not rules', () => {
  const h = ruleHeadings('# Rules\n\n### latest-tag\n```yaml\n# not-a-rule\n```\n## `image-pull-policy`\n');
  assert.deepEqual([...h], [['latest-tag', 2], ['image-pull-policy', 6]]);
});
