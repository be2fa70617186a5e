// Editor features through the real server on generated ConfigMaps whose
// overlays merge into them (test/fixtures/server/generators): definition and
// references include the overlays' `behavior: merge` entries; hover on a
// generated key shows each environment's value at its literal's own line, as
// clickable links. Completion in a list item offers keys other items use.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompletionItem, Hover, Location } from 'vscode-languageserver-protocol';
import { LspClient, repoRoot, uriOf } from './lspClient';

const root = join(repoRoot, 'test', 'fixtures', 'server', 'generators');
const app = join(root, 'base', 'app.yaml');
const baseKust = join(root, 'base', 'kustomization.yaml');
const prodKust = join(root, 'overlays', 'production', 'kustomization.yaml');
let client: LspClient;

before(async () => {
  client = await LspClient.start({ root });
  await client.open(app);
  await client.open(baseKust);
  await client.open(prodKust);
});
after(async () => {
  await client.stop();
});

const rel = (l: Location): string => `${l.uri.slice(uriOf(root).length + 1)}:${l.range.start.line}:${l.range.start.character}-${l.range.end.line}:${l.range.end.character}`;
const at = (line: number, character: number) => ({ line, character });
async function request<T>(method: string, file: string, position: { line: number; character: number }, extra: object = {}): Promise<T> {
  return client.connection.sendRequest(method, { textDocument: { uri: uriOf(file) }, position, ...extra }) as Promise<T>;
}

const hoverText = async (file: string, line: number, character: number): Promise<string> =>
  ((await request<Hover>('textDocument/hover', file, at(line, character))).contents as { value: string }).value;
const link = (path: string, line: number): string => `[${path}:${line}](${uriOf(join(root, path))}#L${line})`;

test('definition of a generated ConfigMap: the entry that creates it and the overlay entry that merges into it', async () => {
  const defs = await request<Location[]>('textDocument/definition', app, at(18, 26));
  assert.deepEqual(defs.map(rel), ['base/kustomization.yaml:3:10-3:18', 'overlays/production/kustomization.yaml:3:10-3:18']);
});

test('references from a generator entry: the fields that name the ConfigMap (as the source writes them) and the merging entry', async () => {
  const refs = await request<Location[]>('textDocument/references', baseKust, at(3, 12), { context: { includeDeclaration: false } });
  assert.deepEqual(refs.map(rel), ['base/app.yaml:18:24-18:32', 'overlays/production/kustomization.yaml:3:10-3:18']);
  const back = await request<Location[]>('textDocument/references', prodKust, at(4, 6), { context: { includeDeclaration: false } });
  assert.deepEqual(back.map(rel), ['base/kustomization.yaml:3:10-3:18', 'base/app.yaml:18:24-18:32']);
});

test('hover on a generator literal: each environment\'s value at the literal that set it, as links', async () => {
  assert.equal(
    await hoverText(baseKust, 5, 10),
    ['**literals** `string`', '', 'KEY=VALUE pairs.', '', `- dev: info — ${link('base/kustomization.yaml', 6)}`, `- production: warning — ${link('overlays/production/kustomization.yaml', 7)}`].join('\n'),
  );
  assert.equal(
    await hoverText(prodKust, 6, 10),
    ['**literals** `string`', '', 'KEY=VALUE pairs.', '', `- production: warning — ${link('overlays/production/kustomization.yaml', 7)}`].join('\n'),
  );
});

test('hover locations in a manifest are links to the line', async () => {
  assert.match(await hoverText(app, 19, 25), new RegExp(`\n\n- dev: LOG_LEVEL — ${escape(link('base/app.yaml', 20))}\n- production: LOG_LEVEL — ${escape(link('base/app.yaml', 20))}$`));
});

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('completion in a list item offers the keys other items already use, not those of its own item', async () => {
  const kust = join(root, 'overlays', 'dev', 'kustomization.yaml');
  await client.open(kust, 'resources:\n  - ../../base\nimages:\n  - name: example/web\n    newTag: "1.1"\n  - name: example/other\n    \n');
  const keys = async (file: string, line: number, character: number): Promise<string[]> =>
    (await request<CompletionItem[]>('textDocument/completion', file, at(line, character))).map((i) => i.label).sort();
  assert.deepEqual(await keys(kust, 6, 4), ['digest', 'newName', 'newTag', 'tagSuffix']);
  const pod = join(root, 'scratch-pod.yaml');
  const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: main\n      env:\n        - name: A\n          value: "1"\n        - name: B\n          \n';
  await client.open(pod, text);
  assert.deepEqual(await keys(pod, 11, 10), ['value', 'valueFrom']);
  // A new item right after `- `: every key of an env var.
  await client.change(uriOf(pod), text.replace('        - name: B\n          \n', '        - \n'));
  assert.deepEqual(await keys(pod, 10, 10), ['name', 'value', 'valueFrom']);
});

test('hover on a generator literal of a kustomization with an alias before its anchor: the field\'s help, no failed request', async () => {
  const uri = uriOf(prodKust);
  const text = readFileSync(prodKust, 'utf8');
  await client.change(uri, `${text}extra: *later\nlater: &later x\n`);
  try {
    assert.equal(await hoverText(prodKust, 6, 10), ['**literals** `string`', '', 'KEY=VALUE pairs.'].join('\n'));
  } finally {
    // Last in this file: the restored buffer is analysed again only after this returns.
    await client.change(uri, text);
  }
});
