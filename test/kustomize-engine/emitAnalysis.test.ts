// The YAML writer's analysis of a string (server/src/kustomize/yaml/emit.ts):
// the regular expression that answers for plain ASCII strings must give what
// go-yaml's analysis (analyze(), the code-point count, the simple-key test)
// gives, on every string of up to three characters over the characters that
// matter to it, and on real ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzedOf, analyzedSlowly } from '../../server/src/kustomize/yaml/emit';

const ALPHABET = ['a', 'Z', '0', '9', '_', '.', '/', '=', '+', ':', '-', ' ', '#', '?', '~', ',', '[', '!', '\n', '\t', 'é', '\u{1F600}', '\ud800'];

test('every string of up to three characters over those that matter: the same analysis both ways', () => {
  let strings = [''];
  let all: string[] = [];
  for (let len = 1; len <= 3; len++) {
    strings = strings.flatMap((s) => ALPHABET.map((c) => s + c));
    all = all.concat(strings);
  }
  let fast = 0;
  for (const s of all) {
    const e = analyzedOf(s);
    if (Object.isFrozen(e.a)) fast++;
    assert.deepStrictEqual({ ...e, a: { ...e.a } }, analyzedSlowly(s), JSON.stringify(s));
  }
  // The fast path is taken for strings of letters, digits and `_ . / = + - :` (not starting with `-`, `.` or `:`, not ending with `:`).
  // Over this alphabet: 6 first characters (a Z 0 9 _ /), 11 after (those and . = + : -), 10 last (no `:`).
  assert.equal(fast, 6 + 6 * 10 + 6 * 11 * 10);
});

test('real strings: the same analysis both ways, and the fast path for the plain ones', () => {
  const plain = ['apiVersion', 'app.kubernetes.io/name', 'registry.the-bot.ru/thebot/backend:v1.0.0', 'SECRET_KEY', '8080', 'true', '1e3', 'y', 'a=b+c', '/healthz', 'x'.repeat(128), 'x'.repeat(129)];
  const other = ['', '-', '---', '...', '.env', '-x', ':x', 'x:', 'x: y', 'a b', '# c', 'a #b', 'line\nbreak', ' lead', 'trail ', 'café', '\u{1F600}', '[x]', '*ref', '!tag', '%p', '@a', '`b'];
  for (const s of [...plain, ...other]) assert.deepStrictEqual({ ...analyzedOf(s), a: { ...analyzedOf(s).a } }, analyzedSlowly(s), JSON.stringify(s));
  for (const s of plain) assert.ok(Object.isFrozen(analyzedOf(s).a), `fast path for ${JSON.stringify(s)}`);
  for (const s of other) assert.ok(!Object.isFrozen(analyzedOf(s).a), `analyze() for ${JSON.stringify(s)}`);
  // Quoted by their style, not their analysis: the writer must still see they resolve to something else.
  assert.equal(analyzedOf('true').style, 'double');
  assert.equal(analyzedOf('8080').style, 'double');
  assert.equal(analyzedOf('x'.repeat(129)).simpleKey, false);
});
