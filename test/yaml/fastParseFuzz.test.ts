// Random documents from a line grammar near the fast path's subset (keys,
// sequence items, comments, blank lines and text lines at random indentations,
// flow, quoted and block-scalar values, CRLF): whenever the fast path takes one, it must build what
// the yaml library builds, and it must never take one the library reports an
// error or a warning for. Seeded, so failures reproduce.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, visit, type Document } from 'yaml';
import { fastParseDocument, fastParseFailures } from '../../server/src/yaml/fastParse';
import { ParseCache, parseYaml } from '../../server/src/documents/parse';
import { parseAllDocumentsGo } from '../../server/src/yaml/goyamlParse';
import { diffDocuments } from './compareTrees';

const OPTIONS = { prettyErrors: false, uniqueKeys: true };

function random(seed: number): () => number {
  // mulberry32
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = ['a', 'b', 'name', 'k x', '"q"', "'s'", 'x:y', '1', 'true', '~', '""', '"a: b"', 'é', '-k', '.5', 'a  b'];
const VALUES = [
  ...['1', 'x', '-2', '0x1F', '1.50', 'null', '', '"a\\tb"', "'it''s'", '{a: 1}', '[1, 2]', '{}', '[]', 'http://h:1/p', 'a#b', 'v # c', '"x" #c'],
  ...['b: c', '&a x', '|', "'unclosed", '- x', 'é ü', '"\\u00e9"', "'#x'", '-', '?', ':x', '+1', '0o8', '1e', '{a: [1]}', '[a, b,]'],
  ...['{ "a": 1 }', '{a: 1, a: 2}', '[x]y', '"a"b', '{a: b # c}', '[a , "b" ]', '{ }', 'a,b', 'x]', '!t x', '*x', '"a\\q"', '.inf', '~', 'yes'],
  ...['[h:1, a:b]', '{k: a:b}', '[a:]', '[a:.b]', '{a:b: c}'],
  // Headers of block scalars (their content: the 'text' lines below).
  ...['|-', '>', '>-', '|+', '|2', '| # c'],
];
// Lines that continue a multi-line plain scalar or make a block scalar's content.
const TEXT = ['more text', 'x', 'a: b', '- y', '# z', 'w #c', '"q"', 'end  ', "it''s'", 'e\\"nd"', 'z" # c', "y  '", '\\t"', "'", "'quoted' word", '"2m", "1h")', '[a]', '{b', '&a x', '*a', '!t x', '| x', '> y', '%x', '@y', '`z', '? k', ': v', ',w', 'a\\', 'b \\', 'c\\\\', 'd\\\\\\'];

/** A line indented mostly where a block structure allows (same column, one level in, back out), sometimes anywhere. */
function line(r: () => number, prev: number): string {
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const indent = ' '.repeat(Math.max(0, pick([prev, prev, prev + 2, prev - 2, prev - 4, 0, prev + 1, prev + 3])));
  const trail = r() < 0.1 ? '  ' : '';
  switch (pick(['key', 'key', 'key', 'seq', 'seq', 'comment', 'blank', 'seqkey', 'text'])) {
    case 'text':
      return `${indent}${pick(TEXT)}`;
    case 'key':
      return `${indent}${pick(KEYS)}:${r() < 0.4 ? '' : ' ' + pick(VALUES)}${trail}`;
    case 'seq':
      return `${indent}- ${pick(VALUES)}${trail}`;
    case 'seqkey':
      return `${indent}- ${pick(KEYS)}: ${pick(VALUES)}${trail}`;
    case 'comment':
      return `${indent}# c${Math.floor(r() * 10)}`;
    default:
      return r() < 0.5 ? '' : indent;
  }
}

/** Documents the fast path took that hold a value over several lines (a block scalar, a continued plain or quoted scalar). */
let multiLineTaken = 0;

/** Asserts that the fast path, if it takes `text` whole, builds what the library builds; true when it took it. */
function checkIfTaken(text: string): boolean {
  const fast = fastParseDocument(text, 0, text.length, OPTIONS);
  if (!fast) return false;
  const expected = parseAllDocuments(text, OPTIONS) as unknown as Document.Parsed[];
  assert.equal(expected.length, 1, JSON.stringify(text));
  assert.deepEqual(diffDocuments(fast, expected[0]), [], JSON.stringify(text));
  let multi = false;
  visit(fast, {
    Scalar(_k, n) {
      if (n.range && text.slice(n.range[0], n.range[1]).includes('\n')) multi = true;
    },
  });
  if (multi) multiLineTaken++;
  return true;
}

/** A random document (lines of the grammar above, maybe a leading comment, maybe CRLF). */
function randomDocument(r: () => number): string {
  const lines: string[] = [];
  for (let n = 1 + Math.floor(r() * 10), prev = 0; lines.length < n; ) {
    const l = line(r, lines.length === 0 ? 0 : prev);
    lines.push(l);
    if (l.trim() !== '' && !l.trim().startsWith('#')) prev = l.length - l.trimStart().length + (l.trimStart().startsWith('- ') ? 2 : 0);
  }
  return lines.join('\n');
}

test('random multi-document files: parseYaml (fast and library chunks mixed) builds what a whole-file library parse builds', () => {
  const r = random(11);
  for (let i = 0; i < 1500; i++) {
    const parts = Array.from({ length: 1 + Math.floor(r() * 4) }, () => randomDocument(r));
    const text = (r() < 0.3 ? '# lead\n' : '') + parts.join(r() < 0.5 ? '\n---\n' : '\n# between\n---\n') + (r() < 0.8 ? '\n' : '');
    // The whole-file parse parseYaml stands for: the library, reading quoted scalars as go-yaml does.
    const expected = parseAllDocumentsGo(text, OPTIONS) as unknown as Document.Parsed[];
    const actual = parseYaml(text).documents;
    assert.equal(actual.length, expected.length, JSON.stringify(text));
    for (let d = 0; d < expected.length; d++) assert.deepEqual(diffDocuments(actual[d], expected[d]), [], `${JSON.stringify(text)} document ${d}`);
  }
  assert.deepEqual(fastParseFailures, []);
});

test('random edits through ParseCache (documents replaced, added, removed): each version builds what a whole-file library parse builds', () => {
  const r = random(23);
  for (let file = 0; file < 60; file++) {
    const cache = new ParseCache();
    let parts = Array.from({ length: 2 + Math.floor(r() * 4) }, () => randomDocument(r));
    for (let version = 1; version <= 12; version++) {
      const text = parts.join('\n---\n') + '\n';
      const expected = parseAllDocumentsGo(text, OPTIONS) as unknown as Document.Parsed[];
      const actual = cache.get('file', version, text).documents;
      assert.equal(actual.length, expected.length, JSON.stringify(text));
      for (let d = 0; d < expected.length; d++) assert.deepEqual(diffDocuments(actual[d], expected[d]), [], `${JSON.stringify(text)} version ${version} document ${d}`);
      const at = Math.floor(r() * parts.length);
      const op = r();
      if (op < 0.6) parts[at] = randomDocument(r);
      else if (op < 0.8) parts.splice(at, 0, randomDocument(r));
      else if (parts.length > 1) parts.splice(at, 1);
      parts = [...parts];
    }
  }
  assert.deepEqual(fastParseFailures, []);
});

test('random documents: the fast path, when taken, builds what the library builds', () => {
  const r = random(4);
  let taken = 0;
  for (let i = 0; i < 10000; i++) {
    const lines: string[] = [];
    for (let n = 1 + Math.floor(r() * 10), prev = 0; lines.length < n; ) {
      const l = line(r, lines.length === 0 ? 0 : prev);
      lines.push(l);
      if (l.trim() !== '' && !l.trim().startsWith('#')) prev = l.length - l.trimStart().length + (l.trimStart().startsWith('- ') ? 2 : 0);
    }
    if (r() < 0.3) lines.unshift('---');
    let text = lines.join(r() < 0.1 ? '\r\n' : '\n') + (r() < 0.8 ? '\n' : '');
    if (r() < 0.2) text = '# lead\n' + (r() < 0.5 ? '\n' : '') + text;
    if (checkIfTaken(text)) taken++;
  }
  assert.deepEqual(fastParseFailures, []);
  // The grammar is tuned so that a good share of the documents is in the subset.
  assert.ok(taken > 600, `${taken} documents on the fast path`);
  assert.ok(multiLineTaken > 40, `${multiLineTaken} of them with a value over several lines`);
});

test('mutated platform manifests (lines dropped, repeated, re-indented): the fast path, when taken, builds what the library builds', () => {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : /\.ya?ml$/.test(n) ? [join(dir, n)] : []));
  const files = walk(join(__dirname, '..', '..', 'manifests')).map((f) => readFileSync(f, 'utf8'));
  const r = random(7);
  let taken = 0;
  for (let i = 0; i < 3000; i++) {
    const lines = files[Math.floor(r() * files.length)].split('\n');
    const at = Math.floor(r() * lines.length);
    const op = Math.floor(r() * 4);
    if (op === 0) lines.splice(at, 1);
    else if (op === 1) lines.splice(at, 0, lines[at]);
    else if (op === 2) lines[at] = '  ' + lines[at];
    else lines[at] = lines[at].replace(/^ {1,2}/, '');
    // One document: the part between markers around the mutated line.
    const text = lines.join('\n');
    const start = text.lastIndexOf('\n---', text.split('\n').slice(0, at).join('\n').length);
    const from = start < 0 ? 0 : start + 1;
    const next = text.indexOf('\n---', from + 3);
    if (checkIfTaken(text.slice(from, next < 0 ? text.length : next + 1))) taken++;
  }
  assert.deepEqual(fastParseFailures, []);
  assert.ok(taken > 1000, `${taken} documents on the fast path`);
});

test('random values over several lines (block scalars, continued plain and quoted scalars): the fast path, when taken, builds what the library builds', () => {
  const r = random(31);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const before = multiLineTaken;
  let taken = 0;
  for (let i = 0; i < 6000; i++) {
    const base = pick([0, 2]);
    const ind = (n: number): string => ' '.repeat(Math.max(0, n));
    const head = pick([`${ind(base)}k: `, `${ind(base)}- `, `${ind(base)}- k: `]);
    const col = head.startsWith(`${ind(base)}- k`) ? base + 2 : base;
    const lines = [(base ? 'top:\n' : '') + head + pick(['|', '|-', '>', '>-', 'plain', 'two words', '|  ', '> ', 'x #c', '"open', "'open", '"a\\u00e9 ', "'it''s", '"', '"x\\', '"y \\', '"z\\\\'])];
    for (let n = 1 + Math.floor(r() * 4); n > 0; n--) {
      lines.push(r() < 0.25 ? pick(['', ' ', ind(col + 5)]) : ind(col + pick([1, 2, 2, 2, 3, 4, 0])) + pick(TEXT));
    }
    if (r() < 0.6) lines.push(`${ind(col)}${head.includes('- ') && col === base ? '- ' : ''}${pick(['z: 1', 'z', '# c'])}`);
    const text = lines.join(r() < 0.1 ? '\r\n' : '\n') + (r() < 0.9 ? '\n' : '');
    if (checkIfTaken(text)) taken++;
  }
  assert.deepEqual(fastParseFailures, []);
  assert.ok(multiLineTaken - before > 600, `${multiLineTaken - before} of ${taken} documents taken with a value over several lines`);
});

test('random documents with anchors and aliases: the fast path, when taken, builds what the library builds (aliases resolved the same)', () => {
  const r = random(47);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const NAMES = ['a', 'B', 'c-', 'd_', '9'];
  const SCALARS = ['1', 'x', '"q"', "'s'", '{a: 1}', '[1, 2]', '{}', 'two words', 'v # c', 'true', '~'];
  // Now and then something the fast path must leave to the library (or that the library reports).
  const ODD = ['# c', '*a', '!t x', '- x', 'k: v', '', '&b x', '|', '>-', "'open", '[*a]'];
  const ODD_LINES = ['&a k: v', '- &a k: v', '*a : v', 'k: &a: v', 'k: *a:', 'k: &a.x v', 'k: &a *a', '*a', 'k: & v', '# comment', '', '  # indented', 'k: |', '  text'];
  const ODD_NAMES = ['a.b', 'a:', ''];
  // Anchors mostly get a new name, sometimes one used before; aliases mostly name an anchor defined
  // before (maybe on a collection that holds them), sometimes an unknown or a later one.
  let defined: string[] = [];
  // Anchors on collections still open (an alias inside the collection it names).
  let open: string[] = [];
  const anchorName = (): string => {
    const x = r();
    const n = x < 0.03 ? pick(ODD_NAMES) : x < 0.08 && defined.length ? pick(defined) : `${pick(NAMES)}${defined.length}`;
    defined.push(n);
    return n;
  };
  const aliasName = (): string => {
    const done = defined.filter((n) => !open.includes(n));
    return r() < 0.9 && done.length ? pick(done) : r() < 0.5 && defined.length ? pick(defined) : `${pick(NAMES)}${defined.length + Math.floor(r() * 2)}`;
  };
  const anchor = (p = 0.4): string => (r() < p ? `&${anchorName()}${pick([' ', ' ', '  '])}` : '');
  const scalar = (): string => (r() < 0.04 ? pick(ODD) : r() < 0.3 && defined.length ? `*${aliasName()}${pick(['', '', ' # c', '  '])}` : `${anchor()}${pick(SCALARS)}`);
  /** A block collection's lines at `indent`: map entries or sequence items, values inline or nested. */
  const block = (indent: number, depth: number, out: string[]): void => {
    const pad = ' '.repeat(indent);
    const seq = r() < 0.4;
    const keys = [...KEYS.slice(0, 6), 'k', 'l', 'm', 'n'];
    for (let n = 1 + Math.floor(r() * 4); n > 0; n--) {
      if (r() < 0.1) out.push(pick(['', `${pad}# c`, `${' '.repeat(indent + 2)}# d`]));
      const head = seq ? `${pad}-${pick([' ', ' ', '  '])}` : `${pad}${keys.splice(Math.floor(r() * keys.length), 1)[0]}:${pick([' ', ' ', '  '])}`;
      if (depth < 3 && r() < 0.35) {
        // An anchor alone on the line, the value (a block collection) below it (`-` alone is the library's).
        const a = anchor(seq ? 0.97 : 0.6);
        out.push(`${head}${a}`.trimEnd() + (r() < 0.1 ? '  ' : ''));
        if (r() < 0.15) out.push(pick(['', `${' '.repeat(indent + 2)}# before`]));
        if (a) open.push(a.trim().slice(1));
        block(indent + (seq || r() < 0.7 ? 2 : 0), depth + 1, out);
        if (a) open.pop();
      } else out.push(`${head}${scalar()}`);
      if (r() < 0.03) out.push(`${pad}${pick(ODD_LINES)}`);
    }
  };
  let taken = 0;
  let withAliases = 0;
  let anchoredBlocks = 0;
  for (let i = 0; i < 6000; i++) {
    const lines: string[] = [];
    defined = [];
    open = [];
    if (r() < 0.2) lines.push('# lead');
    block(0, 0, lines);
    const text = lines.join(r() < 0.1 ? '\r\n' : '\n') + (r() < 0.9 ? '\n' : '');
    if (!checkIfTaken(text)) continue;
    taken++;
    let alias = false;
    let blockAnchor = false;
    visit(fastParseDocument(text, 0, text.length, OPTIONS)!, {
      Alias() {
        alias = true;
      },
      Collection(_k, node) {
        if (node.anchor && !node.flow) blockAnchor = true;
      },
    });
    if (alias) withAliases++;
    if (blockAnchor) anchoredBlocks++;
  }
  assert.deepEqual(fastParseFailures, []);
  assert.ok(withAliases > 500, `${withAliases} of ${taken} documents taken with aliases`);
  assert.ok(anchoredBlocks > 500, `${anchoredBlocks} of ${taken} documents taken with an anchored block collection`);
});
