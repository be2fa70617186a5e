// The fast parser's nesting bound (fastParseGuarded) stands in for the nesting
// guard's scan (yaml/nesting.ts) on the text it reads: it gives up where the
// scan refuses, so the library's path reports the same error at the same
// place; what the scan lets pass is read as before. The render path's side is
// in test/kustomize-engine/engine.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments, type Document } from 'yaml';
import { fastParseDocument, fastParseFailures, fastParseGuarded } from '../../server/src/yaml/fastParse';
import { deepNestingAt, MAX_NESTING, nestingMessage } from '../../server/src/yaml/nesting';
import { parseYaml } from '../../server/src/documents/parse';
import { diffDocuments } from './compareTrees';

const OPTIONS = { prettyErrors: false, uniqueKeys: true };

/** `n` block maps, each the value of the last key of the one before: `k0:\n k1:\n  k2: x`. */
function nestedMaps(n: number, last = 'x'): string {
  return Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k${i}:${i === n - 1 ? ` ${last}` : ''}`).join('\n') + '\n';
}

/** A sequence and a compact map per line (2 levels a line): `- k0:\n  - k1:\n    - k2: x`. */
function nestedItems(lines: number): string {
  return Array.from({ length: lines }, (_, i) => `${' '.repeat(2 * i)}- k${i}:${i === lines - 1 ? ' x' : ''}`).join('\n') + '\n';
}

function assertSameAsLibrary(doc: Document.Parsed | undefined, text: string): void {
  assert.ok(doc);
  const expected = parseAllDocuments(text, OPTIONS) as unknown as Document.Parsed[];
  assert.deepEqual(diffDocuments(doc, expected[0]), []);
}

test('the bound is the scan\'s: the fast parser reads 500 levels and gives up at the 501st, where the scan refuses', () => {
  assert.equal(MAX_NESTING, 500);
  const cases: [string, string, string][] = [
    // [what, 500 levels, 501 levels]
    ['block maps', nestedMaps(500), nestedMaps(501)],
    ['a flow collection under block maps', nestedMaps(499, '[x]'), nestedMaps(500, '[x]')],
    ['a flow map under block maps', nestedMaps(499, '{a: b}'), nestedMaps(500, '{a: b}')],
    ['sequences of compact maps', nestedItems(250), nestedItems(251).replace(/- k250: x\n$/, '- x\n')],
  ];
  for (const [what, ok, deep] of cases) {
    assert.equal(deepNestingAt(ok), -1, what);
    assertSameAsLibrary(fastParseGuarded(ok, 0, ok.length, OPTIONS), ok);
    assert.ok(deepNestingAt(deep) >= 0, what);
    assert.equal(fastParseGuarded(deep, 0, deep.length, OPTIONS), undefined, what);
    // Without the bound the fast parser reads it: the bound, not the subset, sent it away.
    assert.ok(fastParseDocument(deep, 0, deep.length, OPTIONS), what);
  }
  assert.deepEqual(fastParseFailures, []);
});

test('past the bound where the scan sees no depth (a quote it reads in a plain scalar hides the lines below): read as before', () => {
  const text = `a: b, 'c\nd:\n${nestedMaps(600).replace(/^/gm, '  ')}e: 'x'\n`;
  assert.equal(deepNestingAt(text), -1);
  const doc = fastParseGuarded(text, 0, text.length, OPTIONS);
  assertSameAsLibrary(doc, text);
});

test('brackets inside a plain scalar are no nesting: a document the scan refused is read', () => {
  const text = `a:\n  b: y${'['.repeat(600)}\n`;
  // The scan: two maps and 499 brackets, the 501st level at the 499th bracket.
  assert.equal(deepNestingAt(text), 9 + 498);
  assertSameAsLibrary(fastParseGuarded(text, 0, text.length, OPTIONS), text);
});

/** parseYaml's problems as `line:col-line:col message` (1-based). */
function problems(text: string): string[] {
  return parseYaml(text).errors.map((e) => `${e.range.start.line + 1}:${e.range.start.character + 1}-${e.range.end.line + 1}:${e.range.end.character + 1} ${e.message}`);
}

test('the editor\'s parse: a chunk past the bound is refused at the place the limit is passed, the same as before', () => {
  const head = 'apiVersion: v1\nkind: ConfigMap\n---\n';
  // The second chunk starts on line 4: the 501st map's key on the chunk's line 501, column 501.
  assert.deepEqual(problems(head + nestedMaps(501)), [`504:501-504:502 ${nestingMessage()}`]);
  // The flow collection that is the 501st level: at its bracket.
  assert.deepEqual(problems(head + nestedMaps(500, '[x]')), [`503:506-503:507 ${nestingMessage()}`]);
  // The 501st level is a sequence: at its dash.
  assert.deepEqual(problems(head + nestedItems(251)), [`254:501-254:502 ${nestingMessage()}`]);
  // One level less: no problem, every document from the fast parser the same as the library's.
  for (const text of [head + nestedMaps(500), head + nestedMaps(499, '[x]'), head + nestedItems(250)]) {
    assert.deepEqual(problems(text), []);
    const docs = parseYaml(text).documents;
    const expected = parseAllDocuments(text, OPTIONS) as unknown as Document.Parsed[];
    assert.equal(docs.length, 2);
    for (let i = 0; i < 2; i++) assert.deepEqual(diffDocuments(docs[i], expected[i]), []);
  }
});

test('the editor\'s parse: brackets inside a plain scalar are no nesting problem', () => {
  assert.deepEqual(problems(`a: 1\n---\nb: y${'['.repeat(600)}\n`), []);
});
