// Editing thebot.yaml in the editor (unsaved) re-reads the project from the
// buffer: config problems on their lines, environments renamed in the labels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient, repoRoot, uriOf } from './lspClient';

const root = join(repoRoot, 'test', 'fixtures', 'server', 'workspace');

test('an unsaved thebot.yaml edit renames environments in the labels and reports its own problems', async () => {
  const client = await LspClient.start({ root });
  try {
    const appUri = await client.open(join(root, 'base', 'app.yaml'));
    await client.diagnosticsFor(appUri, 1);
    const configFile = join(root, 'thebot.yaml');
    const text = readFileSync(configFile, 'utf8');
    const labels = client.waitForDiagnostics(appUri, (p) => p.diagnostics.some((d) => d.message.startsWith('development, production: ')));
    const configUri = await client.open(configFile, text.replace('  dev:\n', '  development:\n').replace('protected: false', 'protected: maybe'));
    const config = await client.diagnosticsFor(configUri, 1);
    assert.deepEqual(
      config.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.code} ${d.message}`),
      ['8:15 config environments.development.protected: must be boolean'],
    );
    const app = await labels;
    assert.deepEqual(app.diagnostics.map((d) => d.message), ['development, production: must be one of: Always, IfNotPresent, Never']);
    assert.equal(app.uri, uriOf(join(root, 'base', 'app.yaml')));
  } finally {
    await client.stop();
  }
});

test('thebot.validation.enable=false (per-resource setting) leaves only syntax errors', async () => {
  const client = await LspClient.start({ root, settings: { validation: { enable: false } } });
  try {
    const app = join(root, 'base', 'app.yaml');
    const uri = await client.open(app, readFileSync(app, 'utf8') + 'extra: [\n');
    const p = await client.diagnosticsFor(uri, 1);
    assert.deepEqual(p.diagnostics.map((d) => `${d.code} ${d.message}`), ['yaml-syntax did not find expected node content']);
  } finally {
    await client.stop();
  }
});
