// goyaml.v2's key order (server/src/kustomize/yaml/emit.ts): the ASCII fast
// path must order every pair exactly as the rune-based port of keyList.Less,
// and known pairs as kustomize prints them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goYamlKeyLess, runeKeyLess } from '../../server/src/kustomize/yaml/emit';

test('key order: known pairs in goyaml.v2 order', () => {
  const sorted = (keys: string[]): string[] => [...keys].sort((a, b) => (goYamlKeyLess(a, b) ? -1 : goYamlKeyLess(b, a) ? 1 : 0));
  // As kubectl kustomize (v5.5.0) prints a ConfigMap with these data keys.
  assert.deepEqual(sorted(['b', 'a10', 'a2', 'a', '_x', '1', 'B', 'a02', 'a-b', 'aB']), ['_x', '1', 'B', 'a', 'a-b', 'a2', 'a02', 'a10', 'aB', 'b']);
  assert.deepEqual(sorted(['spec', 'apiVersion', 'kind', 'metadata', 'data']), ['apiVersion', 'data', 'kind', 'metadata', 'spec']);
  assert.deepEqual(sorted(['é', 'z', 'e', 'ä1', 'ä']), ['e', 'z', 'ä', 'ä1', 'é']);
});

test('key order: the ASCII fast path equals the rune path on random keys', () => {
  // A small alphabet makes shared prefixes, zeros and digit runs common.
  const alphabet = 'aAbZ0019_-./:';
  let seed = 12345;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const key = (): string => Array.from({ length: rand(7) }, () => alphabet[rand(alphabet.length)]).join('');
  for (let i = 0; i < 20000; i++) {
    const a = key();
    const b = key();
    assert.equal(goYamlKeyLess(a, b), runeKeyLess(a, b), `${JSON.stringify(a)} < ${JSON.stringify(b)}`);
  }
});
