// The direct decoder (server/src/kustomize/yaml/fastDecode.ts): values and
// origins read straight from the text must be exactly those of the decode
// through yaml nodes (decodeChunkNodes) on the chunks it takes, and it must
// decline what it does not read. (scripts/fastdecode-diff.ts runs the same
// comparison over whole corpora.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeChunkNodes, nullAnnotationKeys, type DecodedDoc } from '../../server/src/kustomize/yaml/decode';
import { fastDecodeChunk } from '../../server/src/kustomize/yaml/fastDecode';
import { fastParseFailures } from '../../server/src/yaml/fastParse';
import { cloneExact, cloneValue, isEmptyNull, isObj, noteOrigin, originsAt, type Obj, type Value } from '../../server/src/kustomize/values';

function snapshot(v: Value): unknown {
  if (Array.isArray(v)) return { items: v.map(snapshot), origins: v.map((_, i) => originsAt(v, i) ?? null) };
  if (isObj(v)) {
    return {
      entries: Object.keys(v).map((k) => [k, snapshot(v[k]!), originsAt(v, k) ?? null, isEmptyNull(v, k)]),
      nullAnnotations: [...(nullAnnotationKeys(v) ?? [])],
    };
  }
  return typeof v === 'bigint' ? `${v}n` : Number.isNaN(v) ? 'NaN' : v;
}

const docs = (d: DecodedDoc[] | undefined): unknown => d?.map((x) => ({ keys: Object.keys(x), value: snapshot(x.value), range: x.range, control: x.control ?? null }));

const r = (l1: number, c1: number, l2: number, c2: number) => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });

/** Chunks the direct decoder reads: where comments and blank lines move a collection's range, scalars of every kind. */
const READ = [
  'a: 1\nb: two\n',
  '---\na:\n  b: c\n  # same indent\nd: e\n',
  'a:\n  b: c\n    # deeper: joins c\n\n    # and again\nd: e\n',
  'env:\n  - name: A\n    value: b\n  # - name: C\n  #   value: d\nports: []\n',
  'env:\n- name: A\n  value: b\n# - name: C\nports: []\n',
  'a:\n  b:\n    c: d\n      # joins d\n  # kept by b\ne: f\n',
  'a:\n  b:\nc:\n',
  'a:\n  env:\n    - x\n    # kept by the sequence\nb: 1\n',
  'a:\n  b:\n    env:\n      - x\n      # kept by the sequence, to the next line\'s indentation\n  d: 1\n',
  'a:   \nb: x # comment\n',
  'a: |\n  one\n  two\n\nb: >-\n  folded\n  text\n',
  'a: "x\\u0085y\\x7fz"\nb: plain\n  continued\n\n  more\nc: \'it\'\'s\'\n',
  "q: \"over\n  lines\"\nr: 'single\n\n  quoted'\n",
  'list: [a, "b", 1, true, null, 0x1F, 1e3, 2001-12-14t21:59:43.10-05:00]\nmap: {k: v, n: ~, "q": 017}\n',
  'kind: X\nmetadata:\n  name: n\n  annotations:\n    a: yes\n    b: ~\n    c:\n    d: |\n      text\n  labels:\n    l: "1"\n',
  'metadata:\n  annotations: plain\n',
  '- a\n- b: c\n  d: e\n- [x]\n',
  '- name: x\n  items:\n  - 1\n  - 2\n    # joins 2\n',
  'on: yes\noff: n\ny: 2001-12-14\nbig: 18446744073709551615\nneg: -0b101\n',
  'a: b\r\nc:\r\n  d: e\r\n',
  'x: last line without newline',
  '# header\n\n---  \n# after\nk: v\n',
  // A plain continuation line starting with `-` before a non-blank (a wrapped `--dry-run`) is text.
  'description: run with\n  --dry-run and\n  -f x\n\n  -y # c\nargs:\n- x\n  -y\n- z\n',
  // A comment line right after a multi-line value, at each indentation around the value's.
  ...['', '  ', '   ', '    '].flatMap((i) => [
    `a:\n  b: |\n    x\n    y\n${i}# c\n  d: e\n`,
    `a:\n  b: >-\n    x\n\n${i}# c\n\n  d: e\n`,
    `a:\n  b: |\n    x\n${i}# c\n`,
    `a:\n  b: plain\n    continued\n${i}# c\n  d: e\n`,
    `a:\n  b: plain\n    continued # on the line\n${i}# c\n`,
    `a:\n  b: 'single\n    quoted'\n${i}# c\n`,
    `a:\n  b: "double\n    quoted"\n${i}# c\n  d: e\n`,
    `a:\n  - |\n    x\n${i}# c\n  - y\n`,
    `a:\n- plain\n  continued\n\n${i}# c\n\n`,
  ]),
  '- |\n  x\n# c\n- y\n',
  // A one-line flow collection on the line after its key.
  'a:\n  [x, "y", 1]\nb:\n  {k: v} # c\n  # joins it\nc:\n  d:\n    []\n  e: f\n- x\n'.replace('- x\n', ''),
  'a:\n- b:\n    {}\n  c: d\n',
  // Empty flow collections as annotation values ("") and as metadata.annotations.
  'kind: X\nmetadata:\n  annotations:\n    a: {}\n    b: []\n    c: { } # c\n    d:\n      []\n    e: x\n  labels:\n    l: {}\n',
  'metadata:\n  annotations: {}\n',
  'metadata:\n  annotations: []\n',
  'metadata:\n  annotations:\n    {}\nspec: {}\n',
];

/** Chunks it declines (the usual path reads them). */
const DECLINED = [
  'a: &x 1\nb: *x\n',
  'base: {a: 1}\nm:\n  <<: {b: 2}\n',
  'a: 1\na: 2\n',
  'metadata:\n  annotations:\n    a:\n      b: c\n',
  'metadata:\n  annotations: {a: b}\n',
  'a:\n  # comment\nb: c\n',
  'a:\n\nb: c\n',
  'a: !!str 1\n',
  'list: [a, :b]\n',
  'a:\tb\n',
  '',
  '# only a comment\n',
  'x: |\n  block without a final line break',
  // A continuation line that starts a sequence entry, or a lone `-`: not read as text here.
  'a: b\n  - c\n',
  'a: b\n  -\n',
  'a: b\n  -\n  c\n',
  'a: b\n  -c: d\n',
  // A flow collection after its key, but after a comment or blank line, or not alone on its line, or over lines.
  'a:\n  # c\n  [x]\n',
  'a:\n\n  [x]\n',
  'a:\n  [x]: y\n',
  'a:\n  [x]\n  y\n',
  'a:\n  [x,\n  y]\n',
  // A non-empty collection as an annotation's value (its text is ""; the usual path reads it).
  'metadata:\n  annotations:\n    a: [b]\n',
  'metadata:\n  annotations:\n    a:\n      {b: c}\n',
  'metadata:\n  annotations:\n    [a]\n',
];

test('the direct decoder reads these chunks exactly as the decode through yaml nodes does', () => {
  for (const text of READ) {
    for (const yaml11 of [false, true]) {
      const got = fastDecodeChunk(text, 'f.yaml', 7, yaml11);
      assert.ok(got, `declined: ${JSON.stringify(text)}`);
      assert.deepEqual(docs(got), docs(decodeChunkNodes(text, 'f.yaml', yaml11, 7)), JSON.stringify(text));
    }
  }
});

test('the direct decoder declines what it does not read', () => {
  for (const text of DECLINED) assert.equal(fastDecodeChunk(text, 'f.yaml', 0), undefined, JSON.stringify(text));
  assert.deepEqual(fastParseFailures, []);
});

test('values, origins and marks of a small document', () => {
  const text = '---\nspec:\n  replicas: 3\n  env:\n  - name: A\n    value:\n  ports: [80, "x"]\n    # joins the flow sequence\nnote: |\n  hi\n';
  const [doc] = fastDecodeChunk(text, 'd.yaml', 10)!;
  assert.deepEqual(doc!.value, { spec: { replicas: 3, env: [{ name: 'A', value: null }], ports: [80, 'x'] }, note: 'hi\n' });
  assert.deepEqual(doc!.range, r(10, 0, 20, 0));
  const root = doc!.value as Obj;
  const spec = root.spec as Obj;
  const env = spec.env as Obj[];
  const o = (c: object, k: string | number) => originsAt(c, k)!.map((x) => [x.file, x.range, x.by]);
  assert.deepEqual(o(root, 'spec'), [['d.yaml', r(12, 2, 18, 0), 'resource']]);
  assert.deepEqual(o(spec, 'replicas'), [['d.yaml', r(12, 12, 12, 13), 'resource']]);
  assert.deepEqual(o(spec, 'env'), [['d.yaml', r(14, 2, 15, 10), 'resource']]);
  assert.deepEqual(o(env, 0), [['d.yaml', r(14, 4, 15, 10), 'resource']]);
  assert.deepEqual(o(env[0]!, 'value'), [['d.yaml', r(15, 10, 15, 10), 'resource']]);
  assert.equal(isEmptyNull(env[0]!, 'value'), true);
  assert.deepEqual(o(spec, 'ports'), [['d.yaml', r(16, 9, 16, 18), 'resource']]);
  assert.deepEqual(o(spec.ports as Value[], 1), [['d.yaml', r(16, 14, 16, 17), 'resource']]);
  assert.deepEqual(o(root, 'note'), [['d.yaml', r(18, 6, 20, 0), 'resource']]);
});

// The direct decoder notes where each value was read and makes its Origin when first asked
// (values.ts NoteLog): copies made before that share the notes, copy-on-write as a made map is.
test('origins noted by the decoder and made on first use: copies share them, a write to one copy stays in it', () => {
  const o = (c: object, k: string | number) => originsAt(c, k)?.map((x) => [x.file, x.range, x.by]);
  const text = 'spec:\n  replicas: 3\n  env:\n  - name: A\n    value:\n';
  const read = () => fastDecodeChunk(text, 'd.yaml', 4)![0]!.value as Obj;
  const original = read();
  // Copies made before any origin was asked for; one of them relabelled (a resource file used as a patch).
  const copy = cloneValue(original);
  const exact = cloneExact(original, new Map(), () => false);
  const asPatch = cloneValue(original, 'patch');
  const spec = (v: Obj) => v.spec as Obj;
  const later = { file: 'kustomization.yaml', range: r(1, 2, 1, 5), by: 'replicas' };
  noteOrigin(spec(copy), 'replicas', later);
  assert.deepEqual(o(spec(copy), 'replicas'), [['d.yaml', r(5, 12, 5, 13), 'resource'], ['kustomization.yaml', r(1, 2, 1, 5), 'replicas']]);
  assert.deepEqual(o(spec(original), 'replicas'), [['d.yaml', r(5, 12, 5, 13), 'resource']]);
  assert.deepEqual(o(spec(exact), 'replicas'), [['d.yaml', r(5, 12, 5, 13), 'resource']]);
  assert.deepEqual(o(spec(asPatch), 'replicas'), [['d.yaml', r(5, 12, 5, 13), 'patch']]);
  // A key written later into a decoded container (a transformer adding a field): that container's own.
  noteOrigin(spec(original), 'paused', later);
  assert.equal(o(spec(exact), 'paused'), undefined);
  assert.deepEqual(o(spec(original), 'paused'), [['kustomization.yaml', r(1, 2, 1, 5), 'replicas']]);
  // Empty-null marks travel with the notes, before and after their origins are made.
  const first = (v: Obj) => (spec(v).env as Obj[])[0]!;
  assert.equal(isEmptyNull(first(copy), 'value'), true);
  assert.deepEqual(o(first(copy), 'value'), [['d.yaml', r(8, 10, 8, 10), 'resource']]);
  assert.equal(isEmptyNull(first(exact), 'value'), true);
  assert.equal(isEmptyNull(first(asPatch), 'value'), true);
  // Every key of a copy made before any was asked: the origins the decode through yaml nodes gives.
  const fresh = read();
  assert.deepEqual(snapshot(cloneValue(fresh)), snapshot(decodeChunkNodes(text, 'd.yaml', false, 4)![0]!.value));
  assert.deepEqual(snapshot(fresh), snapshot(decodeChunkNodes(text, 'd.yaml', false, 4)![0]!.value));
});

test('annotations keep their text; null ones are remembered', () => {
  const [doc] = fastDecodeChunk('metadata:\n  annotations:\n    a: 1\n    b: ~\n    c:\n', 'a.yaml', 0)!;
  const ann = ((doc!.value as Obj).metadata as Obj).annotations as Obj;
  assert.deepEqual(ann, { a: '1', b: '~', c: '' });
  assert.deepEqual([...nullAnnotationKeys(ann)!], ['b', 'c']);
  assert.equal(isEmptyNull(ann, 'c'), false);
});

test('an empty flow collection as an annotation\'s value is "" with the collection\'s range, not a null annotation', () => {
  const text = 'metadata:\n  annotations:\n    a: {}\n    b:\n      [ ]\n';
  const [doc] = fastDecodeChunk(text, 'a.yaml', 2)!;
  const ann = ((doc!.value as Obj).metadata as Obj).annotations as Obj;
  assert.deepEqual(ann, { a: '', b: '' });
  assert.equal(nullAnnotationKeys(ann), undefined);
  assert.deepEqual(originsAt(ann, 'a')!.map((x) => x.range), [r(4, 7, 4, 9)]);
  assert.deepEqual(originsAt(ann, 'b')!.map((x) => x.range), [r(6, 6, 6, 9)]);
  assert.deepEqual(docs([doc!]), docs(decodeChunkNodes(text, 'a.yaml', false, 2)));
});

test('the first unreadable character is where its scalar is', () => {
  const [doc] = fastDecodeChunk('a: ok\nb: "x\\x7f"\nc: "\\u009f"\n', 'c.yaml', 3)!;
  assert.deepEqual(doc!.control, r(4, 3, 4, 10));
});
