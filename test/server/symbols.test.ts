// Document symbols kept per document: after edits that move, change, add and
// remove documents, the symbols of the cached parse are those of a fresh parse
// (whose Documents have no memo), names by index included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ParseCache, parseYaml } from '../../server/src/documents/parse';
import { documentSymbols } from '../../server/src/services/symbols';

const DOCS = [
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: x\ndata:\n  k: v\n',
  '---\nplain: map without kind or name\n',
  '---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n',
  '---\n- a list\n',
  '---\nkind: Kustomization\n',
];

test('symbols kept per document: after each edit, those of a fresh parse of the text', () => {
  const cache = new ParseCache();
  let text = DOCS.join('');
  const check = (version: number): void => {
    const parsed = cache.get('u', version, text);
    const fresh = documentSymbols(parseYaml(text));
    // Asked twice, as the editor does: the second answer comes from the memo.
    assert.deepEqual(documentSymbols(parsed), fresh, `version ${version}`);
    assert.deepEqual(documentSymbols(parsed), fresh, `version ${version}, again`);
  };
  check(1);
  assert.deepEqual(
    documentSymbols(cache.get('u', 1, text)).map((s) => [s.name, s.detail, s.range.start.line, s.range.end.line, s.selectionRange.start.line]),
    [
      ['ConfigMap/a', 'v1 x', 0, 6, 3],
      ['document 2', '', 8, 8, 8],
      ['Deployment/web', 'apps/v1', 10, 15, 13],
      ['Kustomization', '', 19, 19, 19],
    ],
  );
  const edits: ((t: string) => string)[] = [
    (t) => t.replace('  k: v\n', '  k: v\n  k2: v2\n'), // the first document grows: the others move down
    (t) => t.replace('replicas: 2', 'replicas: 20'), // a later document changes on its line
    (t) => 'first: new\n---\n' + t, // one added before all: every index moves ("document 3")
    (t) => t.replace('---\nplain: map without kind or name\n', ''), // one removed
    (t) => t.replace('  name: web\n', ''), // a Deployment without a name
  ];
  edits.forEach((edit, i) => {
    text = edit(text);
    check(i + 2);
  });
  assert.deepEqual(
    documentSymbols(cache.get('u', edits.length + 1, text)).map((s) => s.name),
    ['document 1', 'ConfigMap/a', 'Deployment', 'Kustomization'],
  );
});
