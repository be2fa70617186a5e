// The bundled server, started as its own process over stdio, publishes YAML
// syntax diagnostics for every document of a multi-document file, and clears
// them when an edit fixes the file.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspClient } from './lspClient';

let client: LspClient;
const dir = mkdtempSync(join(tmpdir(), 'thebot-lsp-syntax-'));

before(async () => {
  client = await LspClient.start({ root: dir });
});
after(async () => {
  await client.stop();
});

test('a broken second document gets one error at the exact range; fixing it clears it', async () => {
  const text = 'a: 1\n---\nb: [1, 2\nc: 3\n';
  const uri = await client.open(join(dir, 'broken.yaml'), text);
  const first = await client.diagnosticsFor(uri, 1);
  assert.deepEqual(
    first.diagnostics.map((d) => ({ range: d.range, severity: d.severity, code: d.code, source: d.source, message: d.message })),
    [
      {
        range: { start: { line: 3, character: 0 }, end: { line: 3, character: 1 } },
        severity: 1,
        code: 'yaml-syntax',
        source: 'thebot',
        message: 'Flow sequence in block collection must be sufficiently indented and end with a ]',
      },
    ],
  );

  // Close the flow sequence with a ranged edit: "b: [1, 2" -> "b: [1, 2]".
  const version = await client.change(uri, [{ range: { start: { line: 2, character: 8 }, end: { line: 2, character: 8 } }, text: ']' }]);
  const fixed = await client.diagnosticsFor(uri, version);
  assert.deepEqual(fixed.diagnostics, []);
});

test('errors in two documents of one file are both reported, each on its own line', async () => {
  const text = 'kind: A\nkey: value: other\n---\nkind: B\n---\nx: 1\nx: 2\n';
  const uri = await client.open(join(dir, 'two.yaml'), text);
  const p = await client.diagnosticsFor(uri, 1);
  assert.deepEqual(
    p.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message}`),
    ['1:5-1:6 Nested mappings are not allowed in compact mappings', '6:0-6:1 mapping key "x" already defined at line 6'],
  );
});

test('with yamlSyntaxDiagnostics off (Red Hat YAML reports syntax), syntax errors are not published', async () => {
  const quiet = await LspClient.start({ root: dir, initializationOptions: { yamlSyntaxDiagnostics: false } });
  try {
    const uri = await quiet.open(join(dir, 'quiet.yaml'), 'a: 1\n---\nb: [1, 2\nc: 3\n');
    assert.deepEqual((await quiet.diagnosticsFor(uri, 1)).diagnostics, []);
  } finally {
    await quiet.stop();
  }
});
