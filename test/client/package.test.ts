// The .vsix allow-list: exactly the bundles and what they read at run time,
// no sources, tests, fixtures or dev files (`vsce ls` lists what `vsce
// package` would put in).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

const root = new URL('../../', import.meta.url).pathname;

test('the package holds only the runtime files', () => {
  const r = spawnSync(`${root}node_modules/.bin/vsce`, ['ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const files = r.stdout.trim().split('\n').sort();
  const unexpected = files.filter(
    (f) =>
      !/^(package\.json|README\.md|CHANGELOG\.md|LICENSE|bin\/thebot\.js|dist\/(client|client-main|server|server-main|code-cache|cli|cli-(render|check|cluster)|lib-re2js)\.js|docs\/(rules|settings)\.md|media\/(icon\.png|activitybar\.svg|walkthrough\/(environments|problem|hover)\.png|walkthrough\/deploy\.md)|snippets\/[^/]+\.code-snippets|schemas\/.+\.json)$/.test(f),
  );
  assert.deepEqual(unexpected, []);
  for (const required of ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'dist/client.js', 'dist/client-main.js', 'dist/server.js', 'dist/server-main.js', 'dist/code-cache.js', 'dist/cli.js', 'dist/cli-render.js', 'dist/cli-check.js', 'dist/cli-cluster.js', 'dist/lib-re2js.js', 'bin/thebot.js', 'docs/rules.md', 'docs/settings.md', 'media/icon.png', 'schemas/thebot-config.schema.json', 'schemas/kubernetes-1.34.json', 'schemas/kubernetes-1.34.docs.json']) {
    assert.ok(files.includes(required), required);
  }
});
