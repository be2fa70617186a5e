// Incremental decoding (server/src/kustomize/yaml/chunks.ts, and the fast
// parse path it takes for plain documents) against the whole-file decode, on
// every YAML file of the repository: on a first decode, after an edit of one
// document, or after every line moved, the result must be exactly the
// whole-file decode's (values, origins, null markers, document ranges), and
// errors the same errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { yamlFiles } from '../support/yamlFiles';
import { join } from 'node:path';
import { heapKeptByEdits } from '../support/editsAcrossDocuments';
import { decodeYaml, nullAnnotationKeys, type DecodedFile } from '../../server/src/kustomize/yaml/decode';
import { chunksOf, decodeIncremental } from '../../server/src/kustomize/yaml/chunks';
import { RenderCache } from '../../server/src/kustomize';
import { isEmptyNull, isObj, originsAt, type Value } from '../../server/src/kustomize/values';

const repo = join(__dirname, '..', '..');

/** Values with everything the engine attaches to them, as plain data. */
function snapshot(v: Value): unknown {
  if (Array.isArray(v)) return { items: v.map(snapshot), origins: v.map((_, i) => originsAt(v, i) ?? null) };
  if (isObj(v)) {
    const keys = Object.keys(v);
    return {
      entries: keys.map((k) => [k, snapshot(v[k]!), originsAt(v, k) ?? null, isEmptyNull(v, k)]),
      nullAnnotations: [...(nullAnnotationKeys(v) ?? [])],
    };
  }
  return typeof v === 'bigint' ? `${v}n` : Number.isNaN(v) ? 'NaN' : v;
}

const docsOf = (d: DecodedFile): unknown => d.docs.map((x) => ({ value: snapshot(x.value), range: x.range, control: x.control ?? null }));

type Outcome = { ok: unknown } | { error: string };
function outcome(f: () => DecodedFile): Outcome {
  try {
    return { ok: docsOf(f()) };
  } catch (e) {
    const k = e as { message: string; file?: string; range?: unknown };
    return { error: JSON.stringify([k.message, k.file, k.range]) };
  }
}

/** The memo of a decode of `previous` (the memo survives errors of the new text only through the cache). */
function memoAfter(previous: string, file: string, yaml11: boolean): ReturnType<typeof decodeIncremental>['memo'] {
  try {
    return decodeIncremental(previous, file, yaml11, undefined).memo;
  } catch {
    return undefined;
  }
}

const allFiles = [...yamlFiles(join(repo, 'manifests')), ...yamlFiles(join(repo, 'test', 'fixtures'))];
const files = allFiles.filter((f) => (chunksOf(readFileSync(f, 'utf8'))?.length ?? 0) >= 2);

test('a first decode (chunk by chunk, fast path where it applies) equals the whole-file decode on every YAML file', () => {
  assert.ok(allFiles.length >= 500, `only ${allFiles.length} files`);
  for (const file of allFiles) {
    const text = readFileSync(file, 'utf8');
    for (const yaml11 of [false, true]) {
      assert.deepEqual(outcome(() => decodeIncremental(text, file, yaml11, undefined).decoded), outcome(() => decodeYaml(text, file, yaml11)), `${file} (yaml11=${yaml11})`);
    }
  }
});

test('the repository has multi-document YAML files to check', () => {
  assert.ok(files.length >= 40, `only ${files.length} multi-document files`);
});

test('after one document changed, or every line moved, incremental decoding equals the whole-file decode', () => {
  let compared = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const chunks = chunksOf(text)!;
    for (const yaml11 of [false, true]) {
      const whole = outcome(() => decodeYaml(text, file, yaml11));
      // Every line moved: no chunk is reused, each is decoded on its own.
      const moved = memoAfter(`# moved\n${text}`, file, yaml11);
      if (moved) {
        assert.deepEqual(outcome(() => decodeIncremental(text, file, yaml11, moved).decoded), whole, `${file} (all lines moved, yaml11=${yaml11})`);
        compared++;
      }
      // One document blanked out (same lines): the others are reused, that one is decoded on its own.
      for (let k = 0; k < chunks.length; k++) {
        const blanked = chunks.map((c, i) => (i === k ? c.text.replace(/[^\n]+/g, '#') : c.text)).join('');
        const memo = memoAfter(blanked, file, yaml11);
        if (!memo) continue;
        assert.deepEqual(outcome(() => decodeIncremental(text, file, yaml11, memo).decoded), whole, `${file} (document ${k} edited, yaml11=${yaml11})`);
        compared++;
      }
    }
  }
  assert.ok(compared >= 200, `only ${compared} comparisons`);
});

const THREE = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: a', 'data:', '  x: "1"', '---', 'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: b', 'data:', '  y: "2"', '---', 'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: c', ''].join('\n');

test('an edit of one document decodes that document only: the others are the same objects', () => {
  const cache = new RenderCache();
  const before = cache.parse('/p/three.yaml', THREE);
  const after = cache.parse('/p/three.yaml', THREE.replace('y: "2"', 'y: "3"'));
  assert.equal(after.docs.length, 3);
  assert.equal(after.docs[0], before.docs[0]);
  assert.notEqual(after.docs[1], before.docs[1]);
  assert.equal(after.docs[2], before.docs[2]);
  assert.deepEqual(after.docs[1]!.value, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' }, data: { y: '3' } });
  assert.deepEqual(after.docs[1]!.range, { start: { line: 6, character: 0 }, end: { line: 13, character: 0 } });
});

test('the chunk memo survives invalidate(), as the language server invalidates every edited file', () => {
  const cache = new RenderCache();
  const before = cache.parse('/p/three.yaml', THREE);
  cache.invalidate('/p/three.yaml');
  const after = cache.parse('/p/three.yaml', THREE.replace('name: c', 'name: d'));
  assert.equal(after.docs[0], before.docs[0]);
  assert.equal(after.docs[1], before.docs[1]);
  assert.equal((after.docs[2]!.value as { metadata: { name: string } }).metadata.name, 'd');
});

test('a line added above moves the documents below: they are decoded again with their new lines', () => {
  const cache = new RenderCache();
  cache.parse('/p/three.yaml', THREE);
  const after = cache.parse('/p/three.yaml', THREE.replace('  x: "1"', '  x: "1"\n  z: "0"'));
  assert.deepEqual(after.docs.map((d) => d.range.start.line), [0, 7, 14]);
});

test('an error in the edited document is the whole-file decode error, and the next fix reuses the memo', () => {
  const cache = new RenderCache();
  const before = cache.parse('/p/three.yaml', THREE);
  const broken = THREE.replace('  y: "2"', '  y: "2\n  w: 1');
  assert.throws(() => cache.parse('/p/three.yaml', broken), (e: Error) => {
    assert.deepEqual(outcome(() => decodeYaml(broken, '/p/three.yaml')), { error: JSON.stringify([e.message, (e as { file?: string }).file, (e as { range?: unknown }).range]) });
    return true;
  });
  const fixed = cache.parse('/p/three.yaml', THREE.replace('y: "2"', 'y: "4"'));
  assert.equal(fixed.docs[0], before.docs[0]);
  assert.equal(fixed.docs[2], before.docs[2]);
});

test('a repeated key in the edited document is reported at the whole-file position (the message counts lines in the document, as kustomize)', () => {
  const cache = new RenderCache();
  cache.parse('/p/three.yaml', THREE);
  const dup = THREE.replace('  y: "2"', '  y: "2"\n  y: "3"');
  const expected = outcome(() => decodeYaml(dup, '/p/three.yaml'));
  assert.ok('error' in expected && expected.error.includes('line 7: mapping key \\"y\\" already defined at line 6') && expected.error.includes('{"line":13,"character":2}'), JSON.stringify(expected));
  assert.deepEqual(outcome(() => cache.parse('/p/three.yaml', dup)), expected);
});

test('files with directives are decoded whole', () => {
  assert.equal(chunksOf('%YAML 1.2\n---\na: 1\n---\nb: 2\n'), undefined);
});

test('edits in many documents of a large file keep no earlier version of its text alive', () => {
  // A chunk decoded after an edit is decoded from its own copy of its text: its
  // values, kept in the memo, were slices of that version's whole text and kept
  // all of it (150 edits, each in another document of a 1,200-document file: +62 MiB kept).
  let memo: ReturnType<typeof decodeIncremental>['memo'];
  const kept = heapKeptByEdits(
    150,
    (text) => (memo = decodeIncremental(text, 'big.yaml', false, undefined).memo),
    (text) => (memo = decodeIncremental(text, 'big.yaml', false, memo).memo),
  );
  assert.ok(kept.mib < 8, `heap grew by ${kept.mib.toFixed(1)} MiB`);
  assert.ok(memo, 'decoded chunk by chunk');
});
