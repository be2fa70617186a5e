// The accept-all schema our extension contributes through Red Hat YAML's API,
// checked against the real yaml-language-server (the server inside Red Hat
// YAML): for a kustomization.yaml mapped to a schema in `yaml.schemas`, the
// server reports the schema error on its own, and nothing once our contributed
// schema answers its custom-schema request (Red Hat YAML's client forwards
// that request to the requestSchema callback given to registerContributor).
// A client of its own, with VS Code's workspace capabilities: yaml-language-
// server needs `workspaceFolders` once dynamic watcher registration is announced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  DidOpenTextDocumentNotification,
  ConfigurationRequest,
  ShutdownRequest,
  ExitNotification,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';
import { ACCEPT_ALL_SCHEMA, ACCEPT_ALL_URI, validatedByThebot } from '../../client/src/coexistence';

const repoRoot = join(__dirname, '..', '..');

async function diagnosticsWith(contributor: boolean): Promise<string[]> {
  const root = mkdtempSync(join(tmpdir(), 'thebot-yls-'));
  const file = join(root, 'kustomization.yaml');
  const uri = URI.file(file).toString();
  const text = 'resourcez:\n  - app.yaml\n';
  writeFileSync(file, text);
  const settings = {
    validate: true,
    schemas: { [pathToFileURL(join(repoRoot, 'schemas', 'kustomization.schema.json')).toString()]: 'kustomization.yaml' },
    schemaStore: { enable: false },
    kubernetesCRDStore: { enable: false },
  };
  const child = spawn(process.execPath, [join(repoRoot, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server'), '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  let configured!: () => void;
  const configuredOnce = new Promise<void>((resolve) => (configured = resolve));
  let diagnostics!: (p: PublishDiagnosticsParams) => void;
  const published = new Promise<PublishDiagnosticsParams>((resolve) => (diagnostics = resolve));
  connection.onRequest(ConfigurationRequest.type, (p) => {
    setImmediate(configured);
    return p.items.map((i) => (i.section === 'yaml' ? settings : i.section === 'http' || i.section === 'editor' || i.section === 'files' || i.section === '[yaml]' ? {} : null));
  });
  connection.onRequest('client/registerCapability', () => null);
  // What Red Hat YAML's client does with registered contributors: ask them for the resource.
  connection.onRequest('custom/schema/request', (resource: string) => (contributor && validatedByThebot(URI.parse(resource).path, text) ? [ACCEPT_ALL_URI] : []));
  connection.onRequest('custom/schema/content', (schema: string) => (schema === ACCEPT_ALL_URI ? ACCEPT_ALL_SCHEMA : ''));
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => p.uri === uri && diagnostics(p));
  connection.listen();
  try {
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: URI.file(root).toString(),
      workspaceFolders: [{ uri: URI.file(root).toString(), name: 'root' }],
      capabilities: { workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } } },
    });
    await connection.sendNotification(InitializedNotification.type, {});
    await connection.sendNotification('yaml/registerCustomSchemaRequest');
    await configuredOnce;
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const p = await published;
    return p.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.message}`);
  } finally {
    await connection.sendRequest(ShutdownRequest.type);
    await connection.sendNotification(ExitNotification.type);
    connection.dispose();
    child.kill();
    rmSync(root, { recursive: true, force: true });
  }
}

test('yaml-language-server alone reports the kustomization schema error our server reports too', async () => {
  assert.deepEqual(await diagnosticsWith(false), ['0:0 Property resourcez is not allowed.']);
});

test('with our accept-all schema contributed for the file, yaml-language-server reports no schema error', async () => {
  assert.deepEqual(await diagnosticsWith(true), []);
});
