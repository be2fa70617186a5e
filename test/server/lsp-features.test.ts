// Completion, hover, definition, references, symbols and folding of the real
// server process on the fixture workspace (test/fixtures/server/workspace).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { CompletionItem, DocumentSymbol, FoldingRange, Hover, Location } from 'vscode-languageserver-protocol';
import { LspClient, repoRoot, uriOf } from './lspClient';

const root = join(repoRoot, 'test', 'fixtures', 'server', 'workspace');
const app = join(root, 'base', 'app.yaml');
let client: LspClient;

before(async () => {
  client = await LspClient.start({ root });
});
after(async () => {
  await client.stop();
});

const rel = (l: Location): string => `${l.uri.slice(uriOf(root).length + 1)}:${l.range.start.line}:${l.range.start.character}-${l.range.end.line}:${l.range.end.character}`;
const at = (line: number, character: number) => ({ line, character });

async function request<T>(method: string, file: string, position: { line: number; character: number }, extra: object = {}): Promise<T> {
  return client.connection.sendRequest(method, { textDocument: { uri: uriOf(file) }, position, ...extra }) as Promise<T>;
}

test('hover shows the schema type and description and each environment\'s value with where it was set', async () => {
  await client.open(app);
  const h = await request<Hover>('textDocument/hover', app, at(7, 4));
  assert.deepEqual(h.range, { start: at(7, 2), end: at(7, 10) });
  assert.equal(
    (h.contents as { value: string }).value,
    [
      '**replicas** `integer`',
      '',
      'Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1.',
      '',
      `- dev: 1 — [base/app.yaml:8](${uriOf(app)}#L8)`,
      `- production: 2 — [overlays/production/kustomization.yaml:10](${uriOf(join(root, 'overlays', 'production', 'kustomization.yaml'))}#L10)`,
    ].join('\n'),
  );
  const image = await request<Hover>('textDocument/hover', app, at(19, 20));
  assert.match((image.contents as { value: string }).value, /\n\n- dev: example\/web:1\.0 — \[base\/app\.yaml:20\]\(file:\/\/\/\S+\/base\/app\.yaml#L20\)\n- production: example\/web:latest — \[overlays\/production\/kustomization\.yaml:13\]\(file:\/\/\/\S+\/overlays\/production\/kustomization\.yaml#L13\)$/);
});

test('hover on an enum field lists its values', async () => {
  const h = await request<Hover>('textDocument/hover', app, at(20, 12));
  assert.match((h.contents as { value: string }).value, /^\*\*imagePullPolicy\*\* `string` — one of `Always`, `IfNotPresent`, `Never`\n\n/);
});

test('definition: from configMapKeyRef, claimName and serviceAccountName to the defining document', async () => {
  assert.deepEqual((await request<Location[]>('textDocument/definition', app, at(25, 26))).map(rel), ['base/config.yaml:3:8-3:18']);
  assert.deepEqual((await request<Location[]>('textDocument/definition', app, at(33, 25))).map(rel), ['base/config.yaml:11:8-11:16']);
  assert.deepEqual((await request<Location[]>('textDocument/definition', app, at(16, 28))).map(rel), ['base/config.yaml:21:8-21:11']);
  // The key inside the ConfigMap.
  assert.deepEqual((await request<Location[]>('textDocument/definition', app, at(26, 26))).map(rel), ['base/config.yaml:5:13-5:17']);
});

test('definition: from a kustomization entry to the file, from a patch to the object it patches', async () => {
  const kust = join(root, 'overlays', 'production', 'kustomization.yaml');
  await client.open(kust);
  assert.deepEqual((await request<Location[]>('textDocument/definition', kust, at(4, 8))).map(rel), ['base/kustomization.yaml:0:0-0:0']);
  assert.deepEqual((await request<Location[]>('textDocument/definition', kust, at(6, 12))).map(rel), ['overlays/production/patches/web.yaml:0:0-0:0']);
  // replicas[].name -> the Deployment it scales.
  assert.deepEqual((await request<Location[]>('textDocument/definition', kust, at(8, 12))).map(rel), ['base/app.yaml:3:8-3:11']);
  const patch = join(root, 'overlays', 'production', 'patches', 'web.yaml');
  await client.open(patch);
  assert.deepEqual((await request<Location[]>('textDocument/definition', patch, at(3, 8))).map(rel), ['base/app.yaml:3:8-3:11']);
});

test('references: every field in every environment that names the ConfigMap', async () => {
  const config = join(root, 'base', 'config.yaml');
  await client.open(config);
  const refs = await request<Location[]>('textDocument/references', config, at(3, 10), { context: { includeDeclaration: false } });
  assert.deepEqual(refs.map(rel), ['base/app.yaml:25:24-25:34']);
});

test('completion: names and keys of ConfigMaps, PVC names, and enum values', async () => {
  const file = join(root, 'standalone', 'pod.yaml');
  const text = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: probe',
    'spec:',
    '  containers:',
    '    - name: main',
    '      imagePullPolicy: ',
    '      env:',
    '        - name: LEVEL',
    '          valueFrom:',
    '            configMapKeyRef:',
    '              name: web-config',
    '              key: ',
    '  volumes:',
    '    - name: data',
    '      persistentVolumeClaim:',
    '        claimName: ',
    '',
  ].join('\n');
  await client.open(file, text);
  const labels = async (line: number, character: number): Promise<string[]> =>
    (await request<CompletionItem[]>('textDocument/completion', file, at(line, character))).map((i) => `${i.label}|${i.detail ?? ''}`);
  assert.deepEqual(await labels(7, 23), ['Always|string', 'IfNotPresent|string', 'Never|string']);
  assert.deepEqual(await labels(13, 19), ['LOG_LEVEL|key of ConfigMap web-config — dev, production', 'WORKERS|key of ConfigMap web-config — dev, production']);
  assert.deepEqual(await labels(17, 19), ['web-data|PersistentVolumeClaim — dev, production']);
  const names = await request<CompletionItem[]>('textDocument/completion', file, at(12, 20));
  assert.deepEqual(names.map((i) => i.label), ['web-config']);
});

test('completion: schema keys not yet present, required fields of a new object as a snippet', async () => {
  const file = join(root, 'standalone', 'svc.yaml');
  await client.open(file, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  \n');
  const items = await request<CompletionItem[]>('textDocument/completion', file, at(5, 2));
  const byLabel = new Map(items.map((i) => [i.label, i]));
  assert.equal(byLabel.get('selector')?.detail, 'LabelSelector (required)');
  assert.equal(byLabel.get('template')?.textEdit && (byLabel.get('template')!.textEdit as { newText: string }).newText, 'template:\n  $1');
  assert.equal((byLabel.get('replicas')!.textEdit as { newText: string }).newText, 'replicas: $1');
  assert.equal(byLabel.has('status'), false);
  const containers = await (async () => {
    await client.change(uriOf(file), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  \n');
    return request<CompletionItem[]>('textDocument/completion', file, at(5, 2));
  })();
  const c = containers.find((i) => i.label === 'containers')!;
  assert.equal(c.detail, '[]Container (required)');
  assert.equal((c.textEdit as { newText: string }).newText, 'containers:\n  - name: $1');
});

test('completion in a kustomization: fields, resource paths, image names and workload names', async () => {
  const file = join(root, 'overlays', 'dev', 'kustomization.yaml');
  const text = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../../base\n  - ../../\nimages:\n  - name: \nreplicas:\n  - name: \nnameSuf\n';
  await client.close(uriOf(file));
  await client.open(file, text);
  const labels = async (line: number, character: number): Promise<string[]> =>
    (await request<CompletionItem[]>('textDocument/completion', file, at(line, character))).map((i) => i.label);
  assert.deepEqual(await labels(4, 10), ['../../../', '../../base', '../../base/', '../../overlays/', '../../standalone/', '../../thebot.yaml']);
  assert.deepEqual(await labels(6, 10), ['example/web']);
  assert.deepEqual(await labels(8, 10), ['web']);
  assert.deepEqual((await labels(9, 7)).filter((l) => l.startsWith('name')), ['namePrefix', 'nameSuffix', 'namespace']);
  // Closing the edited buffer re-renders dev from the disk (later tests need its objects).
  const rerendered = client.waitForDiagnostics(uriOf(file));
  await client.close(uriOf(file));
  await rerendered;
});

test('document symbols: one per document, named kind/name; folding ranges per block', async () => {
  const symbols = await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: uriOf(app) } }) as DocumentSymbol[];
  assert.deepEqual(
    symbols.map((s) => `${s.name} ${s.detail} ${s.range.start.line}-${s.range.end.line} ${s.selectionRange.start.line}:${s.selectionRange.start.character}`),
    ['Deployment/web apps/v1 0-33 3:8', 'Service/web v1 35-45 38:8'],
  );
  const folds = await client.connection.sendRequest('textDocument/foldingRange', { textDocument: { uri: uriOf(join(root, 'base', 'config.yaml')) } }) as FoldingRange[];
  assert.deepEqual(folds.map((f) => `${f.startLine}-${f.endLine}`), ['0-6', '2-3', '4-6', '8-16', '10-11', '12-16', '14-16', '15-16', '18-21', '20-21']);
});

test('folding ranges: at most the client\'s rangeLimit, the outermost first', async () => {
  const limited = await LspClient.start({ root, foldingRangeLimit: 4 });
  try {
    await limited.open(join(root, 'base', 'config.yaml'));
    const folds = (await limited.connection.sendRequest('textDocument/foldingRange', { textDocument: { uri: uriOf(join(root, 'base', 'config.yaml')) } })) as FoldingRange[];
    assert.deepEqual(folds.map((f) => `${f.startLine}-${f.endLine}`), ['0-6', '2-3', '8-16', '18-21']);
  } finally {
    await limited.stop();
  }
});

test('completion: Service names and their ports for an Ingress backend', async () => {
  const file = join(root, 'standalone', 'ingress.yaml');
  const text = [
    'apiVersion: networking.k8s.io/v1',
    'kind: Ingress',
    'metadata:',
    '  name: web',
    'spec:',
    '  rules:',
    '    - http:',
    '        paths:',
    '          - path: /',
    '            pathType: Prefix',
    '            backend:',
    '              service:',
    '                name: web',
    '                port:',
    '                  number: ',
    '',
  ].join('\n');
  await client.open(file, text);
  const labels = async (line: number, character: number): Promise<string[]> =>
    (await request<CompletionItem[]>('textDocument/completion', file, at(line, character))).map((i) => `${i.label}|${i.detail ?? ''}`);
  assert.deepEqual(await labels(12, 22), ['web|Service — dev, production']);
  assert.deepEqual(await labels(14, 26), ['80|port of Service web (http) — dev, production']);
  assert.deepEqual((await request<Location[]>('textDocument/definition', file, at(12, 23))).map(rel), ['base/app.yaml:38:8-38:11']);
});
