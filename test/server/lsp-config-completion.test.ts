// thebot.yaml in the editor, through the real server process: completion of
// keys, values and names from schemas/thebot-config.schema.json, and hover
// with the schema's type and description.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompletionItem, Hover } from 'vscode-languageserver-protocol';
import { LspClient, repoRoot, uriOf } from './lspClient';

const root = join(repoRoot, 'test', 'fixtures', 'server', 'workspace');
const configFile = join(root, 'thebot.yaml');
let client: LspClient;

// The fixture's thebot.yaml (lines 0-19) with a new environment `qa` being
// typed and rule sections being filled in below it.
const text = [
  ...readFileSync(configFile, 'utf8').trimEnd().split('\n'),
  '  severity:', // 20
  '    image-latest-tag: ', // 21
  '  environments:', // 22
  '    ', // 23
  '  exclude:', // 24
  '    - ', // 25
].join('\n').replace('    facts:\n      minReplicas: 3\n', '    facts:\n      minReplicas: 3\n  qa:\n    \n');

before(async () => {
  client = await LspClient.start({ root });
  await client.open(configFile, text);
});
after(async () => {
  await client.stop();
});

const at = (line: number, character: number) => ({ line, character });
async function request<T>(method: string, line: number, character: number): Promise<T> {
  return client.connection.sendRequest(method, { textDocument: { uri: uriOf(configFile) }, position: at(line, character) }) as Promise<T>;
}
const completion = (line: number, character: number): Promise<CompletionItem[]> => request<CompletionItem[]>('textDocument/completion', line, character);

test('the text under test has the lines the positions below point at', () => {
  const lines = text.split('\n');
  assert.deepEqual([lines[8], lines[18], lines[19], lines[23], lines[25], lines[27]], ['    protected: false', '  qa:', '    ', '    image-latest-tag: ', '    ', '    - ']);
});

test('completion in a new environment offers the environment keys of the schema, overlay required', async () => {
  const items = await completion(19, 4);
  assert.deepEqual(
    items.map((i) => `${i.label}|${i.detail}`),
    ['overlay|string (required)', 'context|string', 'namespace|string', 'protected|boolean', 'facts|facts'],
  );
  const protectedItem = items.find((i) => i.label === 'protected')!;
  assert.deepEqual(protectedItem.textEdit, { range: { start: at(19, 4), end: at(19, 4) }, newText: 'protected: $1' });
  assert.deepEqual(protectedItem.documentation, {
    kind: 'markdown',
    value: 'Deploys need explicit confirmation and placeholder secrets are errors (default: true for an environment named "prod" or "production").',
  });
});

test('completion leaves out keys already present in an environment', async () => {
  const items = await completion(5, 4);
  assert.deepEqual(items.map((i) => i.label), []);
});

test('completion offers true/false for protected and the severities for a rule', async () => {
  const file = text.split('\n');
  file[8] = '    protected: ';
  await client.change(uriOf(configFile), file.join('\n'));
  assert.deepEqual((await completion(8, 15)).map((i) => i.label), ['true', 'false']);
  await client.change(uriOf(configFile), text);
  assert.deepEqual((await completion(23, 22)).map((i) => i.label), ['error', 'warning', 'info', 'off']);
});

test('completion under rules.environments offers the environment names the file declares', async () => {
  assert.deepEqual((await completion(25, 4)).map((i) => `${i.label}|${i.detail}`), ['dev|environment', 'production|environment', 'qa|environment']);
});

test('completion in rules.exclude offers rule ids with their title and default severity', async () => {
  const items = await completion(27, 6);
  const latest = items.find((i) => i.label === 'image-latest-tag');
  assert.equal(latest?.detail, 'Image uses latest or no tag (default warning)');
  assert.deepEqual(latest?.textEdit, { range: { start: at(27, 6), end: at(27, 6) }, newText: 'image-latest-tag' });
});

test('hover on protected: shows the schema type and description', async () => {
  const h = await request<Hover>('textDocument/hover', 8, 6);
  assert.deepEqual(h, {
    contents: {
      kind: 'markdown',
      value: '**protected** `boolean`\n\nDeploys need explicit confirmation and placeholder secrets are errors (default: true for an environment named "prod" or "production").',
    },
    range: { start: at(8, 4), end: at(8, 13) },
  });
});

test('hover on environments: shows the map type and its description', async () => {
  const h = await request<Hover>('textDocument/hover', 3, 3);
  assert.deepEqual(h.contents, {
    kind: 'markdown',
    value: '**environments** `map[string]environment`\n\nDeployment environments, keyed by name, in promotion order. Without this key, environments are discovered from overlays/*.',
  });
});
