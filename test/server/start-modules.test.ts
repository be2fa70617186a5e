// What the language server's process loads of Node's own modules: not
// node:crypto, which vscode-jsonrpc requires when it loads for a function the
// server never calls (esbuild.mjs, LAZY_BUILTINS). The bundle (dist/server.js
// and dist/server-main.js) is what runs, with a preload that writes Node's list
// of loaded modules when the server exits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVER_NODE_FLAGS } from '../../server/src/launch';
import { LspClient, repoRoot } from './lspClient';

test('the language server answers, validates a file and exits without loading node:crypto', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'thebot-srv-modules-'));
  const preload = join(dir, 'modules.js');
  const list = join(dir, 'modules.txt');
  writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(list)}, process.moduleLoadList.join('\\n')));\n`);
  const root = join(repoRoot, 'test', 'fixtures', 'cli', 'project');
  const client = await LspClient.start({ root, command: [...SERVER_NODE_FLAGS, '-r', preload, join(repoRoot, 'dist', 'server.js'), '--stdio'] });
  let diagnostics: unknown[];
  try {
    const uri = await client.open(join(root, 'base', 'web.yaml'));
    diagnostics = (await client.diagnosticsFor(uri, 1)).diagnostics;
  } finally {
    await client.stop();
  }
  assert.ok(diagnostics.length > 0, 'the fixture has findings: the server analysed it');
  const modules = readFileSync(list, 'utf8');
  assert.match(modules, /^NativeModule fs$/m, 'the list is Node’s list of loaded modules');
  assert.doesNotMatch(modules, /^NativeModule crypto$/m);
});
