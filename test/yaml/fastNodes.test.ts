// The fast parser's nodes are made without the yaml library's constructors
// (server/src/yaml/fastNodes.ts): no property defined on each node for its
// type. They must still be the library's nodes to everything that reads them:
// its guards, instanceof, constructor, own enumerable keys, clone() (a
// document's too), editing and printing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMap, isNode, isPair, isScalar, isSeq, parseDocument, visit, Pair, Scalar, YAMLMap, YAMLSeq, type Document } from 'yaml';
import { fastParseDocument } from '../../server/src/yaml/fastParse';
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
      assert.ok(isMap(n) && !isSeq(n) && isNode(n) && n instanceof YAMLMap && n.constructor === YAMLMap);
      assert.deepEqual(Object.getOwnPropertySymbols(n), []);
    },
    Seq(_k, n) {
      counts.Seq++;
      assert.ok(isSeq(n) && !isMap(n) && n instanceof YAMLSeq && n.constructor === YAMLSeq);
      assert.deepEqual(Object.getOwnPropertySymbols(n), []);
    },
    Pair(_k, n) {
      counts.Pair++;
      assert.ok(isPair(n) && !isNode(n) && n instanceof Pair && n.constructor === Pair);
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
