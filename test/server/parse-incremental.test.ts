// The incremental parse cache gives exactly what a whole-file parse gives:
// same documents, same node ranges, same problems, before and after edits
// that move, change, add and remove documents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { visit, isNode } from 'yaml';
import { ParseCache, parseYaml, type ParsedYaml } from '../../server/src/documents/parse';
import { repoRoot } from './lspClient';
import { heapKeptByEdits } from '../support/editsAcrossDocuments';

function fingerprint(p: ParsedYaml): unknown {
  return {
    lines: p.lineCounter.lineStarts,
    errors: p.errors,
    warnings: p.warnings,
    documents: p.documents.map((d) => {
      const ranges: string[] = [];
      visit(d, (_k, n) => {
        if (isNode(n) && n.range) ranges.push(n.range.join(','));
      });
      return { range: d.range, value: d.toJS(), ranges };
    }),
  };
}

/** Line starts found without the parse cache: after each CRLF, LF or lone CR. */
function lineStarts(text: string): number[] {
  return [0, ...[...text.matchAll(/\r\n|\r|\n/g)].map((m) => m.index + m[0].length)];
}

function same(cache: ParseCache, uri: string, version: number, text: string): void {
  const parsed = cache.get(uri, version, text);
  assert.deepEqual(parsed.lineCounter.lineStarts, lineStarts(text));
  assert.deepEqual(fingerprint(parsed), fingerprint(parseYaml(text)));
}

test('edits in a multi-document file: incremental parse equals a fresh parse', () => {
  const cache = new ParseCache();
  const docs = ['# header\n', 'a: 1\nb: [1, 2]\n', '---\nkind: X\nmetadata:\n  name: x\n', '---\nc: |\n  text\n---\nd: 1\nd: 2\n', '---\ne: {f: 1\n'];
  let text = docs.join('');
  same(cache, 'u', 1, text);
  text = text.replace('name: x', 'name: longer-name'); // grows a middle document: later ones shift
  same(cache, 'u', 2, text);
  text = text.replace('a: 1\n', ''); // shrinks the first
  same(cache, 'u', 3, text);
  text = text + '---\nnew: doc\n'; // adds one
  same(cache, 'u', 4, text);
  text = text.replace('---\nc: |\n  text\n', ''); // removes one
  same(cache, 'u', 5, text);
  text = '---\n' + text; // a leading marker
  same(cache, 'u', 6, text);
  text = text.replace('kind: X', 'kind: X\n---\nkind: X'); // duplicates a document's text
  same(cache, 'u', 7, text);
  text = text.replace(/kind: X/g, 'kind: Y');
  same(cache, 'u', 8, text);
});

test('every platform manifest parses the same chunked as whole', () => {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : /\.ya?ml$/.test(n) ? [join(dir, n)] : []));
  const files = walk(join(repoRoot, 'manifests'));
  assert.ok(files.length > 10);
  for (const f of files) same(new ParseCache(), f, 1, readFileSync(f, 'utf8'));
});

test('typing moves the documents after the edit again and again: each version equals a fresh parse', () => {
  // Reused chunks are moved in place through the range arrays gathered on their
  // first move, and their line ends are kept: every later keystroke moves the
  // same arrays again. Documents of every kind the parsers make: flow and block
  // collections, block and quoted scalars, anchors, aliases and tags (the
  // library's), comments, CRLF and lone CR line ends.
  const docs = [
    'top: 1\n',
    '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: "v"\n  s: |\n    one\n    two\n',
    '---\r\nlist:\r\n  - {a: 1, b: [x, y]}\r\n  - plain\r\n    continued\r\n',
    '---\nbase: &b\n  x: 1\nuse:\n  <<: *b\n  y: !!str 2\n# trailing comment\n',
    '---\nseq:\n- a\n- b: c\n  d: e\n',
    '---\nlone: cr\rnext: line\n',
    '---\nlast: [1, 2, 3]\n',
  ];
  const cache = new ParseCache();
  let text = docs.join('');
  same(cache, 'u', 1, text);
  const edits: ((t: string) => string)[] = [
    (t) => t.replace('top: 1', 'top: 12'),
    (t) => t.replace('top: 12', 'top: 123'),
    (t) => t.replace('top: 123', 'top: 1'),
    (t) => t.replace('top: 1\n', 'top: 1\nmore: lines\nand: more\n'),
    (t) => t.replace('name: a', 'name: abc'), // a middle document: only those after it move
    (t) => t.replace('more: lines\nand: more\n', ''),
    (t) => t.replace('name: abc', 'name: a'),
    (t) => t.replace('top: 1', 't: 1'),
  ];
  edits.forEach((edit, i) => {
    text = edit(text);
    same(cache, 'u', i + 2, text);
  });
});

test('edits in many documents of a large file keep no earlier version of its text alive', () => {
  // Each chunk parsed after an edit is parsed from its own copy of its text; a
  // slice of the whole text kept that version alive as long as the chunk (150
  // edits, each in another document of the 1,200-document file: +61 MiB kept).
  const cache = new ParseCache();
  const kept = heapKeptByEdits(150, (text) => cache.get('u', 0, text), (text, version) => cache.get('u', version, text));
  assert.ok(kept.mib < 8, `heap grew by ${kept.mib.toFixed(1)} MiB`);
  same(cache, 'u', 151, kept.text);
});

test('after an edit, the unchanged documents are the ones parsed before, wherever they moved', () => {
  // Each chunk is first matched with the previous chunk at its place or next to
  // it, else (at the second miss in a row) by its text anywhere in the file.
  const doc = (i: number): string => `---\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\n`;
  const base = Array.from({ length: 12 }, (_, i) => doc(i));
  const cases: [string, string[], string[]][] = [
    // [what, the new documents, those that must be parsed again]
    ['one edited in place', base.map((d, i) => (i === 5 ? d.replace('cm-5', 'cm-five') : d)), [doc(5).replace('cm-5', 'cm-five')]],
    ['one added', [...base.slice(0, 4), doc(100), ...base.slice(4)], [doc(100)]],
    ['one removed', [...base.slice(0, 4), ...base.slice(5)], []],
    ['three pasted at the top', [doc(200), doc(201), doc(202), ...base], [doc(200), doc(201), doc(202)]],
    ['the last moved to the top', [base[11], ...base.slice(0, 11)], [base[11]]],
    ['the first and last swapped', [base[11], ...base.slice(1, 11), base[0]], [base[11], base[0]]],
    ['the last duplicated (each earlier chunk stands for one chunk only)', [...base, base[11]], [base[11]]],
  ];
  for (const [what, docs, reparsed] of cases) {
    const cache = new ParseCache();
    const before = new Map(cache.get('u', 1, base.join('')).documents.map((d, i) => [base[i], d]));
    const text = docs.join('');
    const after = cache.get('u', 2, text).documents;
    same(cache, 'u', 2, text);
    docs.forEach((d, i) => {
      if (reparsed.includes(d)) return;
      assert.equal(after[i], before.get(d), `${what}: document ${i} (${d.split('\n')[3]}) reused`);
    });
  }
});
