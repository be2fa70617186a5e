// Random documents from a line grammar near the fast path's subset (keys,
// sequence items, comments and blank lines at random indentations, flow and
// quoted values, CRLF): whenever the fast path takes one, it must build what
// the yaml library builds, and it must never take one the library reports an
// error or a warning for. Seeded, so failures reproduce.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments, type Document } from 'yaml';
import { fastParseDocument } from '../../server/src/documents/fastParse';
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

const KEYS = ['a', 'b', 'name', 'k x', '"q"', "'s'", 'x:y', '1', 'true', '~'];
const VALUES = ['1', 'x', '-2', '0x1F', '1.50', 'null', '', '"a\\tb"', "'it''s'", '{a: 1}', '[1, 2]', '{}', '[]', 'http://h:1/p', 'a#b', 'v # c', '"x" #c', 'b: c', '&a x', '|', "'unclosed", '- x'];

/** A line indented mostly where a block structure allows (same column, one level in, back out), sometimes anywhere. */
function line(r: () => number, prev: number): string {
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const indent = ' '.repeat(Math.max(0, pick([prev, prev, prev + 2, prev - 2, prev - 4, 0, prev + 1, prev + 3])));
  const trail = r() < 0.1 ? '  ' : '';
  switch (pick(['key', 'key', 'key', 'seq', 'seq', 'comment', 'blank', 'seqkey'])) {
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
    const fast = fastParseDocument(text, 0, text.length, OPTIONS);
    if (!fast) continue;
    const expected = parseAllDocuments(text, OPTIONS) as unknown as Document.Parsed[];
    assert.equal(expected.length, 1, JSON.stringify(text));
    assert.deepEqual(diffDocuments(fast, expected[0]), [], JSON.stringify(text));
    taken++;
  }
  // The grammar is tuned so that a good share of the documents is in the subset.
  assert.ok(taken > 800, `${taken} documents on the fast path`);
});
