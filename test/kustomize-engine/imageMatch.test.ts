// The `images` transformer answers plain image names without re2js
// (transformers/images.ts): every answer must be the Go regular expression's,
// `^NAME(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$`, as kustomize's
// image.IsImageMatched compiles it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matches } from '../../server/src/kustomize/transformers/images';
import { compileGo } from '../../server/src/kustomize/goRegexp';

function goMatch(image: string, name: string): boolean {
  try {
    return compileGo(`^${name}(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$`).test(image);
  } catch {
    return false;
  }
}

const names = ['nginx', 'library/nginx', 'registry.the-bot.ru/thebot/api', 'a.b', '.', '', 'gcr.io/x', 'localhost:5000/app', 'x@y', 'a-b_c', 'ngin.*', '*', 'a+', '(nginx)', 'ngin[x]', 'a|b', 'a\\.b'];
const images = [
  'nginx', 'nginx:1.27', 'nginx@sha256:abc', 'nginx:1.27@sha256:abc', 'nginxx', 'ngin', 'NGINX', '', ':1', 'nginx:', 'nginx@sha256:',
  'nginx:1.27 ', 'nginx:tag/x', 'nginx:{x}', 'nginx@sha512:abc', 'nginx:1@sha256:a@sha256:b',
  'library/nginx:1', 'registry.the-bot.ru/thebot/api:1', 'registryXthe-bot.ru/thebot/api:1', 'registry\nthe-bot.ru/thebot/api', 'registry.the-bot.ru/thebot/api\n',
  'a.b', 'aXb', 'a\nb', 'a😀b', '😀', 'x', 'gcr.io/x:1', 'gcrXio/x', 'localhost:5000/app:2', 'x@y', 'x@y@sha256:1', 'a-b_c:latest',
];

test('plain image names match exactly as the Go regular expression does', () => {
  for (const name of names) {
    for (const image of images) assert.equal(matches(image, name), goMatch(image, name), `${JSON.stringify(name)} against ${JSON.stringify(image)}`);
  }
});
