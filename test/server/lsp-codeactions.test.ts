// Quick fixes through the protocol: a rule finding with a fix on a literal
// source value becomes a code action whose edit replaces that value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { LspClient, repoRoot, uriOf } from './lspClient';

const root = join(repoRoot, 'test', 'fixtures', 'server', 'workspace');

test('allowPrivilegeEscalation: true gets a quick fix that sets it to false', async () => {
  const client = await LspClient.start({ root });
  try {
    // Turn the rule on for this session through an unsaved thebot.yaml.
    const config = join(root, 'thebot.yaml');
    await client.open(config, readFileSync(config, 'utf8').replace('include: [image-latest-tag, min-replicas]', 'include: [privilege-escalation]'));
    const app = join(root, 'base', 'app.yaml');
    const text = readFileSync(app, 'utf8')
      .replace('imagePullPolicy: Sometimes', 'imagePullPolicy: Always')
      .replace('          env:\n', '          securityContext:\n            allowPrivilegeEscalation: true\n          env:\n');
    const uri = await client.open(app, text);
    const p = await client.waitForDiagnostics(uri, (d) => d.diagnostics.some((x) => x.code === 'privilege-escalation'), true);
    const d = p.diagnostics.find((x) => x.code === 'privilege-escalation')!;
    assert.deepEqual([d.range.start, d.message], [{ line: 22, character: 38 }, "dev, production: container 'web' of Deployment 'web' allows privilege escalation"]);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d] },
    })) as CodeAction[];
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind, a.edit?.changes?.[uriOf(app)]]),
      [['Set allowPrivilegeEscalation: false', 'quickfix', [{ range: { start: { line: 22, character: 38 }, end: { line: 22, character: 42 } }, newText: 'false' }]]],
    );
  } finally {
    await client.stop();
  }
});
