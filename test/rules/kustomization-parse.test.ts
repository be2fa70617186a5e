// Kustomization files for the rules are parsed by the fast YAML path when it
// reads them (rules/lib/kustomizations.ts): the data and every range must be
// what the library's parse gives, on every kustomization file of the
// repository and on crafted files (block scalars, comments, CRLF, the cases
// the fast path leaves to the library).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { LineCounter, type Document } from 'yaml';
import { parseKustomization } from '../../server/src/rules/lib/kustomizations';
import { parseDocumentGo } from '../../server/src/yaml/goyamlParse';
import { fastParseDocument } from '../../server/src/yaml/fastParse';
import { rangeOfPath } from '../../server/src/config/positions';
import { yamlFiles } from '../support/yamlFiles';

const repoRoot = join(__dirname, '..', '..');

/** Every path to a value below `v` (map keys and sequence indexes). */
function paths(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}

/** Asserts parseKustomization gives the library's data and ranges; returns whether the fast path reads the text. */
function assertSameAsLibrary(file: string, text: string): boolean {
  const lc = new LineCounter();
  const doc = parseDocumentGo(text, { lineCounter: lc, prettyErrors: false }) as Document.Parsed;
  const got = parseKustomization(file, text);
  const data = doc.errors.length ? undefined : (doc.toJS() as unknown);
  if (data === undefined || typeof data !== 'object' || data === null || Array.isArray(data)) {
    assert.equal(got, undefined, file);
    return false;
  }
  assert.ok(got, file);
  assert.deepEqual(got.data, data, file);
  for (const p of paths(data)) {
    assert.deepEqual(got.rangeOf(p), rangeOfPath(doc, lc, p), `${file} ${JSON.stringify(p)}`);
    if (p.length) assert.deepEqual(got.rangeOf(p, true), rangeOfPath(doc, lc, p, true), `${file} key ${JSON.stringify(p)}`);
  }
  return fastParseDocument(text, 0, text.length, { prettyErrors: false }) !== undefined;
}

test('every kustomization file of the repository: the library parse, data and ranges', () => {
  const files = yamlFiles(join(repoRoot, 'manifests')).concat(yamlFiles(join(repoRoot, 'test', 'fixtures')));
  let fast = 0;
  let all = 0;
  for (const file of files) {
    if (!['kustomization.yaml', 'kustomization.yml', 'Kustomization'].includes(basename(file))) continue;
    all++;
    if (assertSameAsLibrary(file, readFileSync(file, 'utf8'))) fast++;
  }
  assert.ok(all > 100, `${all} kustomization files`);
  // The fast path must actually be what is tested on most of them.
  assert.ok(fast > all / 2, `${fast} of ${all} read by the fast path`);
});

test('crafted kustomizations: block scalars, comments, CRLF, and what the library must read', () => {
  const cases: [string, boolean][] = [
    // Lines inside a block scalar count: the ranges after it depend on them.
    ['resources:\n- a.yaml\npatches:\n- patch: |-\n    - op: replace\n      path: /spec/replicas\n      value: 3\n  target:\n    kind: Deployment\nnamePrefix: x-\n', true],
    ['# head\nresources:\n  - a.yaml # first\n\n  - b.yaml\nimages:\n  - name: nginx\n    newTag: "1.27"\n', true],
    ['resources:\r\n- a.yaml\r\nnamespace: web\r\n', true],
    ['resources: [a.yaml, b.yaml]\ncommonLabels: {app: web}\n', true],
    // An anchor on a value, an alias as a sequence item.
    ['base: &b a.yaml\nresources:\n- *b\n', true],
    // A comment after a key or an anchor, a second document, duplicate keys, an empty file: the library's parse.
    ['resources: # why\n  - a.yaml\n', false],
    ['resources: &r # why\n  - a.yaml\n', false],
    ['resources:\n- a.yaml\n---\nresources:\n- b.yaml\n', false],
    ['namespace: a\nnamespace: b\n', false],
    ['', false],
    ['- a\n- b\n', false],
  ];
  for (const [text, fast] of cases) assert.equal(assertSameAsLibrary('/p/kustomization.yaml', text), fast, JSON.stringify(text));
});
