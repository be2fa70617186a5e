// compareUtf8 orders strings as Go does (their UTF-8 bytes), without encoding
// them: checked against Buffer.compare of the encodings, on the cases where
// UTF-16 code units and bytes disagree (a surrogate pair against U+E000-U+FFFF).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareUtf8 } from '../../server/src/kustomize/utf8Order';
import { legacySort } from '../../server/src/kustomize/transformers/sort';
import { Resource, gvkString } from '../../server/src/kustomize/resource';

const bytes = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

test('compareUtf8 agrees with the order of the UTF-8 bytes', () => {
  const words = ['', 'a', 'A', 'ab', 'a-b', 'a_b', 'a.b', 'apps/v1', 'apps_v1_Deployment', '~G_~V_Namespace', 'é', 'e\u0301', '\u00ff', '\u0100', '\ud7ff', '\ue000', '\uff5e', '\uffff', '😀', '😀a', 'a😀', '\ud83d\ude00\ue000', '\ue000\ud83d\ude00', '\u{10000}', '\u{10ffff}'];
  for (const a of words) {
    for (const b of words) assert.equal(compareUtf8(a, b), Math.sign(bytes(a, b)), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  }
  // Where plain string comparison gets it wrong: U+FF5E is below 😀 (U+1F600) in UTF-8, above its high surrogate in UTF-16.
  assert.equal('\uff5e' < '😀', false);
  assert.equal(compareUtf8('\uff5e', '😀'), -1);
});

test('legacySort orders ids by their UTF-8 bytes, names beyond the BMP included', () => {
  // Kinds share the default rank (not in orderFirst/orderLast): the group/version/kind, then namespace and name decide.
  const names = ['a', 'b', '\uff5e', '😀', 'a😀', '\ue000', 'z', '\ud7ff'];
  const resources = names.flatMap((name, i) =>
    ['Widget', 'Gadget'].map((kind) => new Resource({ apiVersion: i % 2 ? 'x.example/v1' : 'v1', kind, metadata: { name, namespace: names[(i + 3) % names.length]! } }, { file: '', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, by: '' })),
  );
  const key = (r: Resource): [string, string] => {
    const id = r.curId();
    return [`${id.group || '~G'}_${id.version || '~V'}_${id.kind || '~K'}`, `${gvkString(id)}|${id.namespace || '~X'}|${id.name || '~N'}`];
  };
  const expected = [...resources].sort((a, b) => {
    const [ga, fa] = key(a);
    const [gb, fb] = key(b);
    return ga !== gb ? bytes(ga, gb) : bytes(fa, fb);
  });
  assert.deepEqual(legacySort(resources).map((r) => key(r)[1]), expected.map((r) => key(r)[1]));
});
