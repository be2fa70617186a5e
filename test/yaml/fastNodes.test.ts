// The fast parser's nodes are made without the yaml library's constructors
// (server/src/yaml/fastNodes.ts): no property defined on each node for its
// type. They must still be the library's nodes to everything that reads them:
// its guards, instanceof, constructor, own enumerable keys, clone() (a
// document's too), editing and printing. And what a parsed file keeps in
// memory: one string per distinct short text, no type property on each node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMap, isNode, isPair, isScalar, isSeq, parseDocument, visit, Pair, Scalar, YAMLMap, YAMLSeq, type Document } from 'yaml';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fastParseDocument } from '../../server/src/yaml/fastParse';
import { parseYaml } from '../../server/src/documents/parse';
import { bigManifest } from '../documents/bigManifest';
import { diffDocuments } from './compareTrees';

const OPTIONS = { prettyErrors: false, uniqueKeys: true };
const TEXT = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web # the name',
  '  labels: { app: web, tier: "front" }',
  'spec:',
  '  replicas: 2',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: main',
  "          args: [--port, '8080']",
  '          env:',
  '            - { name: A, value: "1" }',
  '',
].join('\n');

function fast(text = TEXT): Document.Parsed {
  const doc = fastParseDocument(text, 0, text.length, OPTIONS);
  assert.ok(doc, 'the fast path takes the document');
  return doc;
}
const library = (text = TEXT): Document.Parsed => parseDocument(text, OPTIONS) as unknown as Document.Parsed;

test('fast nodes carry no own type property; the library guards, instanceof and constructor see the library classes', () => {
  const counts = { Scalar: 0, Map: 0, Seq: 0, Pair: 0 };
  visit(fast(), {
    Scalar(_k, n) {
      counts.Scalar++;
      assert.ok(isScalar(n) && isNode(n) && n instanceof Scalar && n.constructor === Scalar);
      assert.deepEqual(Object.getOwnPropertySymbols(n), []);
    },
    Map(_k, n) {
      counts.Map++;
      assert.ok(isMap(n) && isNode(n) && n instanceof YAMLMap && n.constructor === YAMLMap);
      assert.ok(!isSeq(n));
      assert.deepEqual(Object.getOwnPropertySymbols(n), []);
    },
    Seq(_k, n) {
      counts.Seq++;
      assert.ok(isSeq(n) && n instanceof YAMLSeq && n.constructor === YAMLSeq);
      assert.ok(!isMap(n));
      assert.deepEqual(Object.getOwnPropertySymbols(n), []);
    },
    Pair(_k, n) {
      counts.Pair++;
      assert.ok(isPair(n) && n instanceof Pair && n.constructor === Pair);
      assert.ok(!isNode(n));
      assert.deepEqual(Object.getOwnPropertySymbols(n), []);
    },
  });
  assert.deepEqual(counts, { Scalar: 28, Map: 8, Seq: 3, Pair: 17 });
});

test("a fast collection's schema is the document's, not enumerable, and writable as the library's", () => {
  const doc = fast();
  const map = doc.contents as YAMLMap;
  assert.equal(map.schema, doc.schema);
  assert.deepEqual(Object.keys(map).sort(), Object.keys(library().contents as YAMLMap).sort());
  assert.equal(Object.getOwnPropertyDescriptor(map, 'schema')?.enumerable, false);
  const other = library().schema;
  map.schema = other;
  assert.equal(map.schema, other);
  assert.equal(Object.getOwnPropertyDescriptor(map, 'schema')?.enumerable, false);
});

test("clone() of a fast document is the library document's clone", () => {
  const copy = fast().clone() as Document.Parsed;
  assert.deepEqual(diffDocuments(copy, library().clone() as Document.Parsed), []);
  assert.ok(isMap(copy.contents) && (copy.contents as YAMLMap).schema === copy.schema);
  const seq = (copy.getIn(['spec', 'template', 'spec', 'containers'], true) as YAMLSeq).clone();
  assert.ok(isSeq(seq) && seq instanceof YAMLSeq && isMap(seq.items[0]));
});

test('a fast document edits and prints as the library document does', () => {
  const edit = (doc: Document.Parsed): string => {
    doc.setIn(['spec', 'replicas'], 3);
    doc.setIn(['metadata', 'labels', 'tier'], 'back');
    doc.addIn(['spec', 'template', 'spec', 'containers', 0, 'args'], '--debug');
    doc.deleteIn(['metadata', 'name']);
    return doc.toString();
  };
  const expected = edit(library());
  assert.match(expected, /replicas: 3/);
  assert.equal(edit(fast()), expected);
  assert.deepEqual(fast().toJS(), library().toJS());
});

test('the 1,200-document file parsed keeps at most 9,350 bytes of heap per document', () => {
  // V8's own gc, for this test only (as services/youngGc.ts takes it).
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  setFlagsFromString('--no-expose-gc');
  // Code and its data are not the tree's: compiled by three parses first, and not counted.
  const heap = (): number =>
    getHeapSpaceStatistics()
      .filter((s) => !s.space_name.startsWith('code_'))
      .reduce((n, s) => n + s.space_used_size, 0);
  const text = bigManifest();
  for (let i = 0; i < 3; i++) parseYaml(text);
  gc();
  const before = heap();
  // Three parses kept: what is not the trees (a few hundred KB, varying run to run) weighs a third as much per document.
  const kept = [parseYaml(text), parseYaml(text), parseYaml(text)];
  gc();
  const documents = kept.reduce((n, p) => n + p.documents.length, 0);
  const perDocument = (heap() - before) / documents;
  // Node 20, 8 runs: 9,143-9,201 bytes. Nodes made by the library's constructors (their type an
  // own property): 9,541-9,593; each short key or value in its own string: 9,844-9,894.
  assert.equal(documents, 3600);
  assert.ok(perDocument <= 9350, `${perDocument.toFixed(0)} bytes per document`);
});

test('a parse that gives up deep inside a document leaves nothing to the next (the parser reuses its frames)', () => {
  // Pending keys, comments, sequences and anchors at five levels, then a tag the fast path leaves to the library.
  const broken = 'a:\n  b:\n    - c:\n        # note\n        d:\n          e: &x 1\n          f: !custom 2\n';
  assert.equal(fastParseDocument(broken, 0, broken.length, OPTIONS), undefined);
  const next = 'a:\n  b:\n    - c: 1\n      d:\n        - e\n  g: h\ni: j\n';
  assert.deepEqual(diffDocuments(fast(next), library(next)), []);
  assert.deepEqual(diffDocuments(fast(), library()), []);
});
