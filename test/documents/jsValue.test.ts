// documentValue (server/src/documents/jsValue.ts) against the yaml library's
// toJS: the same data on every YAML document of the repository and on the
// 1,200-document file, the library's own result where the walk gives up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { yamlFiles } from '../support/yamlFiles';
import { quietly } from '../support/quietly';
import { join } from 'node:path';
import type { Document } from 'yaml';
import { ParseCache, parseYaml } from '../../server/src/documents/parse';
import { documentValue } from '../../server/src/documents/jsValue';
import { bigManifest } from './bigManifest';

const repo = join(__dirname, '..', '..');

function libraryValue(doc: Document.Parsed): { ok: unknown } | { error: string } {
  try {
    return { ok: quietly(() => doc.toJS({ maxAliasCount: 1000 })) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

function ours(doc: Document.Parsed): { ok: unknown } | { error: string } {
  try {
    return { ok: quietly(() => documentValue(doc)) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** The document with the library's toJS disabled: documentValue must not need it. */
function withoutLibrary(doc: Document.Parsed): Document.Parsed {
  doc.toJS = () => {
    throw new Error('library toJS called');
  };
  return doc;
}

test('every YAML document of the repository and the 1,200-document file: the same data as the library', () => {
  const texts = [...yamlFiles(join(repo, 'manifests')), ...yamlFiles(join(repo, 'test', 'fixtures'))].map((f) => [f, readFileSync(f, 'utf8')] as const);
  texts.push(['big', bigManifest()]);
  let docs = 0;
  for (const [file, text] of texts) {
    for (const [i, doc] of parseYaml(text).documents.entries()) {
      assert.deepStrictEqual(ours(doc), libraryValue(doc), `${file} document ${i}`);
      docs++;
    }
  }
  assert.ok(docs >= 2300, `only ${docs} documents`);
});

test('plain documents are walked directly; the library is not called', () => {
  const text = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata: { name: a, labels: { x: "1" } }',
    'data:',
    '  __proto__: kept as a key',
    '  "1": one',
    '  2: two',
    '  true: yes',
    '  empty:',
    '  list: [a, 1, 2.5, null, true]',
    '  nested:',
    '    - k: v',
    '    - [x]',
  ].join('\n');
  const doc = parseYaml(text).documents[0]!;
  const expected = doc.toJS();
  assert.deepStrictEqual(documentValue(withoutLibrary(doc)), expected);
  const data = (expected as { data: Record<string, unknown> }).data;
  assert.deepStrictEqual(Object.keys(data), ['1', '2', '__proto__', 'true', 'empty', 'list', 'nested']);
  assert.equal(Object.getPrototypeOf(data), Object.prototype);
});

for (const [name, text] of [
  ['an alias', 'a: &x 1\nb: *x\n'],
  ['an anchor on a map', 'a: &x { b: 1 }\n'],
  ['a tag', 'a: !!str 1\n'],
  ['a merge-looking key', '<<: { a: 1 }\nb: 2\n'],
  ['a null key', '? \n: v\n'],
  ['a collection key', '? [a, b]\n: v\n'],
] as const) {
  test(`${name}: the library's own value`, () => {
    const doc = parseYaml(text).documents[0]!;
    assert.deepStrictEqual(ours(doc), libraryValue(doc));
    // A Document keeps its value once made: a new parse of the text, the library disabled.
    assert.throws(() => documentValue(withoutLibrary(parseYaml(text).documents[0]!)), /library toJS called/);
  });
}

test("a Document's value is made once and kept until the document's text changes", () => {
  const cache = new ParseCache();
  const text = 'kind: ConfigMap\ndata: { a: "1" }\n---\nkind: Secret\nstringData: { b: "2" }\n';
  const first = cache.get('file:///x.yaml', 1, text);
  const [a, b] = first.documents.map((d) => documentValue(d));
  assert.equal(documentValue(withoutLibrary(first.documents[0]!)), a);
  assert.equal(documentValue(first.documents[1]!), b);
  // An edit of the second document: the first keeps its Document and its value, the second has new ones.
  const second = cache.get('file:///x.yaml', 2, text.replace('"2"', '"3"'));
  assert.equal(second.documents[0], first.documents[0]);
  assert.equal(documentValue(second.documents[0]!), a);
  assert.notEqual(documentValue(second.documents[1]!), b);
  assert.deepStrictEqual(documentValue(second.documents[1]!), { kind: 'Secret', stringData: { b: '3' } });
});

test('a value the library refuses to make is not kept: the next call asks again', () => {
  const doc = parseYaml('a: &x 1\nb: *x\n').documents[0]!;
  const toJS = doc.toJS.bind(doc);
  withoutLibrary(doc);
  assert.throws(() => documentValue(doc), /library toJS called/);
  doc.toJS = toJS;
  assert.deepStrictEqual(documentValue(doc), { a: 1, b: 1 });
});
