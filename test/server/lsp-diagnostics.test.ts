// Diagnostics of the real server process on the fixture workspace
// (test/fixtures/server/workspace: dev and production over one base): exact
// ranges, codes and environment labels for a value set in a base file, in a
// patch, and by `replicas:` / `images:` entries; a file no environment
// includes is validated on its own; an edit re-validates and clears.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, repoRoot, uriOf } from './lspClient';

const root = join(repoRoot, 'test', 'fixtures', 'server', 'workspace');
let client: LspClient;

before(async () => {
  client = await LspClient.start({ root });
});
after(async () => {
  await client.stop();
});

const show = (ds: Diagnostic[]): string[] =>
  ds.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.severity} ${d.code} ${d.source} ${d.message}`);

test('a bad value in the base file is one diagnostic labelled with both environments', async () => {
  const uri = await client.open(join(root, 'base', 'app.yaml'));
  const p = await client.diagnosticsFor(uri, 1);
  assert.deepEqual(show(p.diagnostics), ['20:27-20:36 1 schema-invalid-value thebot dev, production: must be one of: Always, IfNotPresent, Never']);
});

test('a bad value set by a patch is reported once, on the patch line, for production only', async () => {
  const uri = await client.open(join(root, 'overlays', 'production', 'patches', 'web.yaml'));
  const p = await client.diagnosticsFor(uri, 1);
  assert.deepEqual(show(p.diagnostics), ['11:19-11:23 1 schema-invalid-value thebot production: invalid quantity "lots"']);
});

test('replicas: and images: entries carry the findings they cause, with the base line as related information', async () => {
  const uri = await client.open(join(root, 'overlays', 'production', 'kustomization.yaml'));
  const p = await client.diagnosticsFor(uri, 1);
  assert.deepEqual(show(p.diagnostics), [
    "9:11-9:12 2 min-replicas thebot production: Deployment 'web' runs 2 replica(s), below the 3 required in production",
    "12:12-12:18 2 image-latest-tag thebot production: image 'example/web:latest' of container 'web' uses the 'latest' tag; pin a version",
  ]);
  assert.deepEqual(
    p.diagnostics.map((d) => d.relatedInformation?.map((r) => `${r.location.uri.slice(uriOf(root).length + 1)}:${r.location.range.start.line} ${r.message}`)),
    [
      ['base/app.yaml:7 spec.replicas set here (resource), overridden'],
      ['base/app.yaml:19 spec.template.spec.containers[0].image set here (resource), overridden'],
    ],
  );
});

test('fixing the replicas entry clears its finding; the images finding stays', async () => {
  const uri = uriOf(join(root, 'overlays', 'production', 'kustomization.yaml'));
  const version = await client.change(uri, [{ range: { start: { line: 9, character: 11 }, end: { line: 9, character: 12 } }, text: '3' }]);
  const p = await client.diagnosticsFor(uri, version);
  assert.deepEqual(show(p.diagnostics), [
    "12:12-12:18 2 image-latest-tag thebot production: image 'example/web:latest' of container 'web' uses the 'latest' tag; pin a version",
  ]);
});

test('an unsaved edit to the base re-validates the environments that include it', async () => {
  const uri = uriOf(join(root, 'base', 'app.yaml'));
  const version = await client.change(uri, [{ range: { start: { line: 20, character: 27 }, end: { line: 20, character: 36 } }, text: 'Never' }]);
  const p = await client.diagnosticsFor(uri, version);
  assert.deepEqual(p.diagnostics, []);
  // Break the replicas type in the base: the error lands on the base line in both environments…
  const v2 = await client.change(uri, [{ range: { start: { line: 7, character: 12 }, end: { line: 7, character: 13 } }, text: 'one' }]);
  const p2 = await client.diagnosticsFor(uri, v2);
  assert.deepEqual(show(p2.diagnostics), ['7:12-7:15 1 schema-type thebot dev: expected integer, got string "one"']);
});

test('a file no environment includes is validated on its own, without labels', async () => {
  const uri = await client.open(join(root, 'standalone', 'job.yaml'));
  const p = await client.diagnosticsFor(uri, 1);
  assert.deepEqual(show(p.diagnostics), ['11:10-11:18 1 schema-unknown-field thebot unknown field "replicas" in Job.spec.template.spec.containers[0]']);
});

test('a kustomization file is checked against the kustomization schema', async () => {
  const uri = uriOf(join(root, 'overlays', 'dev', 'kustomization.yaml'));
  await client.open(join(root, 'overlays', 'dev', 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: shop\nresources:\n  - ../../base\nnamePrefx: dev-\n');
  const p = await client.diagnosticsFor(uri, 1);
  assert.deepEqual(show(p.diagnostics), ['5:0-5:9 1 schema-unknown-field thebot unknown field "namePrefx" in Kustomization']);
});

test('a render error becomes a diagnostic on the kustomization entry that caused it', async () => {
  const client2 = await LspClient.start({ root });
  try {
    const file = join(root, 'overlays', 'production', 'kustomization.yaml');
    const uri = await client2.open(file, readFileSync(file, 'utf8').replace('  - ../../base\n', '  - ../../base\n  - missing.yaml\n'));
    const p = await client2.diagnosticsFor(uri, 1);
    assert.deepEqual(show(p.diagnostics), [
      `5:4-5:16 1 render thebot production: accumulating resources: accumulation err='accumulating resources from 'missing.yaml': evalsymlink failure on '${root}/overlays/production/missing.yaml' : lstat ${root}/overlays/production/missing.yaml: no such file or directory': must build at directory: not a valid directory: evalsymlink failure on '${root}/overlays/production/missing.yaml' : lstat ${root}/overlays/production/missing.yaml: no such file or directory`,
    ]);
    // Removing the bad entry renders production again: its findings come back.
    const fixed = await client2.change(uri, readFileSync(file, 'utf8'));
    assert.deepEqual(
      (await client2.diagnosticsFor(uri, fixed)).diagnostics.map((d) => d.code),
      ['min-replicas', 'image-latest-tag'],
    );
    // A syntax error in the base is reported once, as a syntax error (not again as each environment's render error).
    const app = join(root, 'base', 'app.yaml');
    const appUri = await client2.open(app, readFileSync(app, 'utf8').replace('  replicas: 1\n', '  replicas: 1\n  bad: [1\n'));
    const q = await client2.diagnosticsFor(appUri, 1);
    assert.deepEqual(show(q.diagnostics), ["9:2-9:3 1 yaml-syntax thebot did not find expected ',' or ']'"]);
  } finally {
    await client2.stop();
  }
});
