// compileGo answers anchored literal patterns (`^(?:web)$`, and with dots:
// `^(?:rbac.authorization.k8s.io)$`) without re2js; the answers must be
// re2js's (Go's) for every text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RE2JS } from 're2js';
import { compileGo, goRegexpError } from '../../server/src/kustomize/goRegexp';

const PATTERNS = ['^(?:rbac.authorization.k8s.io)$', '^(?:a.b)$', '^(?:.)$', '^(?:..)$', '^(?:x-y_z.1)$', '^(?:web)$', '^(?:)$', '^(?:.a.)$'];
// Characters a text is made of: the literal ones, a line break, a pair (one code point, two units), lone surrogates, a dot.
const PIECES = ['a', 'b', 'x', '.', '-', '_', '1', 'r', '\n', '\r', ' ', '\u00e9', '\ud83d\ude00', '\ud83d', '\ude00', 'k8s', 'rbac', 'authorization', 'io'];

function* texts(): Generator<string> {
  yield* ['', 'rbac.authorization.k8s.io', 'rbacXauthorization.k8s.io', 'rbac.authorization.k8s.io\n', 'a.b', 'aXb', 'a\nb', 'a\ud83d\ude00b', 'a\ud83db', 'a\ude00b', 'a\ud83d\ude00\ud83d\ude00b'];
  // Deterministic pseudo-random texts of 0-7 pieces.
  let seed = 7;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let i = 0; i < 4000; i++) {
    const n = next(8);
    let s = '';
    for (let j = 0; j < n; j++) s += PIECES[next(PIECES.length)];
    yield s;
  }
}

test('compileGo on anchored literal patterns, with and without dots, answers as re2js does for every text', () => {
  let compared = 0;
  for (const p of PATTERNS) {
    const ours = compileGo(p);
    const go = RE2JS.compile(p);
    for (const s of texts()) {
      assert.equal(ours.test(s), go.test(s), `${JSON.stringify(p)} on ${JSON.stringify(s)}`);
      compared++;
    }
  }
  assert.equal(compared, PATTERNS.length * 4011);
});

test('a dotted literal matches one character per dot, never a line break; a pair is one character', () => {
  const group = compileGo('^(?:rbac.authorization.k8s.io)$');
  assert.equal(group.test('rbac.authorization.k8s.io'), true);
  assert.equal(group.test('rbac-authorization-k8s-io'), true);
  assert.equal(group.test('rbac.authorization.k8s.ioo'), false);
  assert.equal(group.test('rbac\nauthorization.k8s.io'), false);
  const one = compileGo('^(?:a.b)$');
  assert.equal(one.test('a\ud83d\ude00b'), true);
  assert.equal(one.test('a\ud83d\ude00\ud83d\ude00b'), false);
  assert.equal(goRegexpError('^(?:a.b)$'), undefined);
});
