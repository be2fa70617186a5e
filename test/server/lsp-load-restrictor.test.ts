// thebot.yaml `loadRestrictor: LoadRestrictionsNone` in the editor: a patch
// outside its kustomization's directory (as Flux repositories keep them) is
// read by every render of the project and checked as the patch it is; without
// the key the render is refused on the entry, in kustomize's words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspClient, uriOf } from './lspClient';

function project(config: string): string {
  const root = mkdtempSync(join(tmpdir(), 'thebot-lsp-restrictor-'));
  mkdirSync(join(root, 'base'));
  mkdirSync(join(root, 'overlays', 'dev'), { recursive: true });
  mkdirSync(join(root, 'patches'));
  writeFileSync(join(root, 'thebot.yaml'), config);
  writeFileSync(join(root, 'base', 'kustomization.yaml'), 'resources:\n  - cm.yaml\n');
  writeFileSync(join(root, 'base', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  level: info\n');
  writeFileSync(join(root, 'overlays', 'dev', 'kustomization.yaml'), 'resources:\n  - ../../base\npatches:\n  - path: ../../patches/level.yaml\n');
  writeFileSync(join(root, 'patches', 'level.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  level: debug\nbinaryDatta: {}\n');
  return root;
}

const line = (d: { range: { start: { line: number; character: number } }; code?: unknown; message: string }) =>
  `${d.range.start.line}:${d.range.start.character} ${String(d.code)} ${d.message}`;

test('loadRestrictor: LoadRestrictionsNone in thebot.yaml: the patch outside the overlay is rendered and checked as a patch; without it the entry is refused', { timeout: 120_000 }, async () => {
  const none = project('environments:\n  dev:\n    overlay: overlays/dev\nloadRestrictor: LoadRestrictionsNone\n');
  let client = await LspClient.start({ root: none });
  try {
    const patch = join(none, 'patches', 'level.yaml');
    const published = client.waitForDiagnostics(uriOf(patch), (p) => p.diagnostics.length > 0);
    await client.open(patch);
    assert.deepEqual((await published).diagnostics.map(line), ['6:0 schema-unknown-field dev: unknown field "binaryDatta" in ConfigMap']);
  } finally {
    await client.stop();
  }

  const rootOnly = project('environments:\n  dev:\n    overlay: overlays/dev\n');
  client = await LspClient.start({ root: rootOnly });
  try {
    const kust = join(rootOnly, 'overlays', 'dev', 'kustomization.yaml');
    const refused = client.waitForDiagnostics(uriOf(kust), (p) => p.diagnostics.some((d) => d.code === 'render'));
    await client.open(kust);
    const render = (await refused).diagnostics.filter((d) => d.code === 'render');
    assert.deepEqual(render.map((d) => `${d.range.start.line}:${d.range.start.character}`), ['3:10']);
    assert.match(render[0]!.message, /security; file '.*\/patches\/level\.yaml' is not in or below '.*\/overlays\/dev'/);
  } finally {
    await client.stop();
  }
});
