import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { mayHaveAliases, unknownAnchors } from '../../server/src/yaml/unknownAnchors';

test('mayHaveAliases: true for every alias form, false for wildcards that are no alias (so their files skip the tree walk)', () => {
  for (const t of ['a: *b', '- *b', 'x: [*a]', '{k: *v}', '*top', 'k:\n  - a\n  - *x.y']) assert.equal(mayHaveAliases(t), true, t);
  for (const t of ["r: ['*']", 'r: "*"', 'verbs: ["*"]', 'g: a*b', 's: * * * *', 'k: *\n']) assert.equal(mayHaveAliases(t), false, t);
});

test('unknownAnchors: aliases to anchors not set before them, in document order, with their offsets', () => {
  const doc = parseDocument('a: *late\nb: &late 1\nc: *late\nd: [*gone]\n');
  assert.deepEqual(unknownAnchors(doc), [['late', [3, 8]], ['gone', [33, 38]]]);
});
