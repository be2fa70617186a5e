// Files changed outside the editor (reported by the client's file watcher)
// re-render the environments that need them: a resource that was missing
// appears, and the render error on the kustomization entry goes away.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileChangeType } from 'vscode-languageserver-protocol';
import { LspClient, repoRoot, uriOf } from './lspClient';

// Both happen in the one `initialized` handler (the connection keeps only the last handler of a notification:
// a second one once silently dropped the watchers, and every keystroke re-read the workspace from disk).
test('once initialized, the server registers its file watchers and reads the helm settings', { timeout: 60_000 }, async () => {
  const client = await LspClient.start({ root: join(repoRoot, 'test', 'fixtures', 'server', 'workspace') });
  try {
    assert.deepEqual(await client.registered, ['workspace/didChangeWatchedFiles']);
    await client.configured;
    assert.deepEqual(client.configurationSections, ['thebot']);
  } finally {
    await client.stop();
  }
});

// The timeout is a safety net against a hang if the change were ignored, not a speed assertion.
test('creating a missing resource file on disk clears the render error', { timeout: 120_000 }, async () => {
  const root = join(mkdtempSync(join(tmpdir(), 'thebot-lsp-watch-')), 'workspace');
  cpSync(join(repoRoot, 'test', 'fixtures', 'server', 'workspace'), root, { recursive: true });
  const kust = join(root, 'overlays', 'dev', 'kustomization.yaml');
  writeFileSync(kust, readFileSync(kust, 'utf8') + '  - extra.yaml\n');
  const client = await LspClient.start({ root });
  try {
    const kustUri = uriOf(kust);
    const failed = client.waitForDiagnostics(kustUri, (p) => p.diagnostics.some((d) => d.code === 'render'));
    await client.open(join(root, 'base', 'app.yaml'));
    assert.deepEqual(
      (await failed).diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.code}`),
      ['5:4 render'],
    );
    const cleared = client.waitForDiagnostics(kustUri, (p) => p.diagnostics.length === 0);
    const extra = join(root, 'overlays', 'dev', 'extra.yaml');
    writeFileSync(extra, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\ndata:\n  A: "1"\n');
    await client.fileChanged(extra, FileChangeType.Created);
    assert.deepEqual((await cleared).diagnostics, []);
  } finally {
    await client.stop();
  }
});
