// Folding ranges kept per document: after edits that move, change, add and
// remove documents, the folds of the cached parse are those of a fresh parse,
// and a fresh parse's folds are what a walk through the yaml library's visit()
// finds (the implementation before the per-document memo).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isNode, isScalar, isSeq, visit, type Node } from 'yaml';
import type { FoldingRange } from 'vscode-languageserver-types';
import { ParseCache, parseYaml, type ParsedYaml } from '../../server/src/documents/parse';
import { positionAt } from '../../server/src/documents/locate';
import { foldingRanges, limitFolds } from '../../server/src/services/folding';
import { bigManifest } from '../documents/bigManifest';
import { repoRoot } from './lspClient';

/** The whole-file computation through visit(), as folding.ts did it before. */
function throughVisit(parsed: ParsedYaml): FoldingRange[] {
  const out: FoldingRange[] = [];
  const last = (start: number, end: number): number => {
    let e = end;
    while (e > start && /\s/.test(parsed.text[e - 1])) e--;
    return Math.max(start, e - 1);
  };
  const add = (s: number, e: number): void => {
    const startLine = positionAt(parsed, s).line;
    const endLine = positionAt(parsed, last(s, e)).line;
    if (endLine > startLine) out.push({ startLine, endLine });
  };
  if (parsed.documents.length > 1) for (const doc of parsed.documents) if (isNode(doc.contents) && doc.contents.range) add(doc.contents.range[0], doc.contents.range[1]);
  for (const doc of parsed.documents) {
    visit(doc, {
      Pair(_, pair) {
        const key = pair.key as Node | null;
        const value = pair.value as Node | null;
        if (isNode(key) && key.range && isNode(value) && value.range && (isMap(value) || isSeq(value) || isScalar(value))) add(key.range[0], value.range[1]);
      },
      Seq(_, seq) {
        for (const item of seq.items) if (isMap(item) && item.range) add(item.range[0], item.range[1]);
      },
    });
  }
  const seen = new Map<number, FoldingRange>();
  for (const r of out) {
    const prev = seen.get(r.startLine);
    if (!prev || r.endLine > prev.endLine) seen.set(r.startLine, r);
  }
  return [...seen.values()].sort((a, b) => a.startLine - b.startLine);
}

const SAMPLE = [
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  s: |\n    one\n    two\n',
  '---\nlist:\n  - a: 1\n    b:\n      - x\n      - y\n  - {c: 1,\n     d: 2}\n? complex\n  key\n: value\n? - x\n  - k:\n      - 1\n      - 2\n: sequence key\n',
  '---\nbase: &b\n  x: 1\nuse:\n  <<: *b\n  y: 2\n',
  '---\nonly: line\n',
];

test('folds of a fresh parse: those visit() finds, on the platform, the big file and a sample of every node kind', () => {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : /\.ya?ml$/.test(n) ? [join(dir, n)] : []));
  const texts = [...walk(join(repoRoot, 'manifests')).map((f) => readFileSync(f, 'utf8')), bigManifest(), SAMPLE.join(''), SAMPLE[0]];
  for (const text of texts) {
    const parsed = parseYaml(text);
    assert.deepEqual(foldingRanges(parsed), throughVisit(parsed));
  }
  assert.deepEqual(
    foldingRanges(parseYaml(SAMPLE.join(''))).map((f) => [f.startLine, f.endLine]),
    // Documents (the second's own fold wins over its first key's), keys, sequence items (a flow map
    // over two lines among them), complex keys and what is inside one (20-22), a block scalar; a
    // one-line document has none.
    [[0, 7], [2, 3], [4, 7], [5, 7], [9, 23], [10, 13], [11, 13], [14, 15], [16, 18], [19, 23], [20, 22], [25, 29], [27, 29]],
  );
});

test('folds kept per document: after each edit, those of a fresh parse of the text', () => {
  const cache = new ParseCache();
  let text = SAMPLE.join('');
  const check = (version: number): void => {
    const parsed = cache.get('u', version, text);
    // Asked twice, as the editor does: the second answer comes from the memo.
    assert.deepEqual(foldingRanges(parsed), throughVisit(parseYaml(text)), `version ${version}`);
    assert.deepEqual(foldingRanges(parsed), throughVisit(parseYaml(text)), `version ${version}, again`);
  };
  check(1);
  const edits: ((t: string) => string)[] = [
    (t) => t.replace('  name: a\n', '  name: a\n  namespace: x\n'), // the first document grows: the others move down
    (t) => t.replace('    two\n', ''), // and shrinks
    (t) => t.replace('  y: 2\n', '  y: 2\n  z:\n    - 1\n'), // a later document changes
    (t) => t + '---\nnew:\n  doc: 1\n', // one added
    (t) => t.replace(/^---\nbase[^]*?(?=---)/m, ''), // one removed
    (t) => t.slice(0, t.indexOf('---')), // one document left: no document folds
    (t) => t + SAMPLE.slice(1).join(''), // several again
  ];
  edits.forEach((edit, i) => {
    text = edit(text);
    check(i + 2);
  });
});

/**
 * VS Code's selection when a provider answers more than its limit, written as
 * its syntax range provider writes it (sanitizeAndMerge's stack of enclosing
 * ranges, then RangesCollector's levels), to check limitFolds against.
 */
function vscodeKeeps(folds: FoldingRange[], limit: number): FoldingRange[] {
  const levels: number[] = [];
  const previous: FoldingRange[] = [];
  let top: FoldingRange | undefined;
  for (const f of folds) {
    if (!top) {
      top = f;
      levels.push(previous.length);
    } else if (f.startLine > top.startLine) {
      if (f.endLine <= top.endLine) {
        previous.push(top);
        top = f;
        levels.push(previous.length);
      } else {
        if (f.startLine > top.endLine) {
          do top = previous.pop();
          while (top && f.startLine > top.endLine);
          if (top) previous.push(top);
          top = f;
        }
        levels.push(previous.length);
      }
    } else levels.push(-1);
  }
  if (folds.length <= limit) return folds;
  const counts: number[] = [];
  for (const l of levels) counts[l] = (counts[l] ?? 0) + 1;
  let entries = 0;
  let maxLevel = counts.length;
  for (let i = 0; i < counts.length; i++) {
    const n = counts[i];
    if (n) {
      if (n + entries > limit) {
        maxLevel = i;
        break;
      }
      entries += n;
    }
  }
  return folds.filter((_, i) => levels[i]! < maxLevel || (levels[i] === maxLevel && entries++ < limit));
}

test('a client\'s rangeLimit: whole levels from the outermost, then the next level\'s first folds, as VS Code keeps them', () => {
  const folds = ['0-6', '2-3', '4-6', '8-16', '10-11', '12-16', '14-16', '15-16', '18-21', '20-21'].map((r) => {
    const [startLine, endLine] = r.split('-').map(Number);
    return { startLine: startLine!, endLine: endLine! };
  });
  const kept = (limit: number | undefined): string[] => limitFolds(folds, limit).map((f) => `${f.startLine}-${f.endLine}`);
  // Levels: 0-6, 8-16, 18-21 outermost (3); 2-3, 4-6, 10-11, 12-16, 20-21 (5); 14-16; 15-16.
  assert.deepEqual(kept(4), ['0-6', '2-3', '8-16', '18-21']);
  assert.deepEqual(kept(3), ['0-6', '8-16', '18-21']);
  assert.deepEqual(kept(2), ['0-6', '8-16']);
  assert.deepEqual(kept(9), ['0-6', '2-3', '4-6', '8-16', '10-11', '12-16', '14-16', '18-21', '20-21']);
  assert.deepEqual(kept(0), []);
  // No limit, or one not reached: the list itself.
  assert.equal(limitFolds(folds, undefined), folds);
  assert.equal(limitFolds(folds, 10), folds);
  for (let limit = 0; limit <= 10; limit++) assert.deepEqual(limitFolds(folds, limit), vscodeKeeps(folds, limit), `limit ${limit}`);

  // The 1,200-document file: 10,000 folds, VS Code's default limit 5,000.
  const big = foldingRanges(parseYaml(bigManifest()));
  assert.ok(big.length > 5000, `${big.length} folds`);
  for (const limit of [5000, 1200, 1201, 7777]) {
    const limited = foldingRanges(parseYaml(bigManifest()), limit);
    assert.equal(limited.length, limit);
    assert.deepEqual(limited, vscodeKeeps(big, limit), `limit ${limit}`);
  }
  for (const text of SAMPLE) {
    const all = foldingRanges(parseYaml(text));
    for (let limit = 0; limit <= all.length; limit++) assert.deepEqual(limitFolds(all, limit), vscodeKeeps(all, limit));
  }
});
