// A large project without thebot.yaml (a monorepo: every top-level
// kustomization is an environment) renders on demand in the editor: opening a
// file publishes its own findings at once, then those of the environments
// whose kustomizations name it, smallest first; environments no open file
// takes part in are not rendered (their files get no diagnostics).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspClient, uriOf } from './lspClient';
import { ON_DEMAND_ENVIRONMENTS } from '../../server/src/services/project';

const deployment = (name: string, image: string): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    matchLabels:\n      app: ${name}\n  template:\n    metadata:\n      labels:\n        app: ${name}\n    spec:\n      containers:\n        - name: app\n          image: ${image}\n          imagePullPolicy: Sometimes\n`;

/** apps/app-NN (NN > 0) are environments of their own; apps/app-00 is built by platform/ (with app-01) and by its own overlay. */
function monorepo(): string {
  const root = mkdtempSync(join(tmpdir(), 'thebot-on-demand-'));
  const write = (path: string, text: string): void => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  for (let i = 0; i <= ON_DEMAND_ENVIRONMENTS; i++) {
    const name = `app-${String(i).padStart(2, '0')}`;
    write(`apps/${name}/kustomization.yaml`, 'resources:\n  - deployment.yaml\n');
    write(`apps/${name}/deployment.yaml`, deployment(name, `registry.example.com/${name}:1.0.0`));
  }
  write('overlays/app-00/kustomization.yaml', 'resources:\n  - ../../apps/app-00\nnamePrefix: solo-\n');
  write('platform/kustomization.yaml', 'resources:\n  - ../apps/app-00\n  - ../apps/app-01\n');
  return root;
}

test('a large discovered project publishes an open file\'s own findings first, then its environments\', smallest first; others are not rendered', async () => {
  const root = monorepo();
  const client = await LspClient.start({ root });
  try {
    const file = join(root, 'apps', 'app-00', 'deployment.yaml');
    const uri = uriOf(file);
    const first = client.waitForDiagnostics(uri);
    await client.open(file);
    const own = await first;
    const next = client.waitForDiagnostics(uri);
    const smallest = await next;
    const last = await client.waitForDiagnostics(uri);
    const show = (p: { diagnostics: { range: { start: { line: number; character: number } }; code?: unknown; message: string }[] }): string[] =>
      p.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${String(d.code)} ${d.message}`);
    // Before any render: the file's own checks (a resource gets syntax only, and it has none).
    assert.deepEqual(show(own), []);
    // The overlay that builds app-00 alone (3 files) before the platform (5 files).
    assert.deepEqual(show(smallest), [
      "14:16 capabilities-drop app-00: container 'app' of Deployment 'solo-app-00' does not drop ALL capabilities",
      "14:16 liveness-probe app-00: container 'app' of Deployment 'solo-app-00' has no livenessProbe",
      "14:16 privilege-escalation app-00: container 'app' of Deployment 'solo-app-00' allows privilege escalation",
      "14:16 read-only-root-fs app-00: container 'app' of Deployment 'solo-app-00' has a writable root filesystem",
      "14:16 resources-missing app-00: container 'app' of Deployment 'solo-app-00' has no cpu request, memory request, memory limit",
      "14:16 run-as-non-root app-00: container 'app' of Deployment 'solo-app-00' may run as root (set runAsNonRoot: true)",
      '16:27 schema-invalid-value app-00: must be one of: Always, IfNotPresent, Never',
    ]);
    assert.deepEqual(
      last.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${String(d.code)} ${d.message.slice(0, d.message.indexOf(':'))}`),
      [
        '3:8 automount-token platform',
        '14:16 capabilities-drop platform',
        '14:16 capabilities-drop app-00',
        '14:16 liveness-probe platform',
        '14:16 liveness-probe app-00',
        '14:16 privilege-escalation platform',
        '14:16 privilege-escalation app-00',
        '14:16 read-only-root-fs platform',
        '14:16 read-only-root-fs app-00',
        '14:16 resources-missing platform',
        '14:16 resources-missing app-00',
        '14:16 run-as-non-root platform',
        '14:16 run-as-non-root app-00',
        '16:27 schema-invalid-value app-00, platform',
      ],
    );
    // The server answers in order: everything it published for the open is in by now.
    await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
    // Files of the two rendered environments only: app-02 ... app-20 were never rendered.
    assert.deepEqual(
      [...new Set(client.published.map((p) => p.uri))].sort(),
      [uri, uriOf(join(root, 'apps', 'app-01', 'deployment.yaml')), uriOf(join(root, 'overlays', 'app-00', 'kustomization.yaml'))].sort(),
    );
  } finally {
    await client.stop();
  }
});
