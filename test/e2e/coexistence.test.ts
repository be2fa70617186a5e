// Beside the extensions users already have: Red Hat YAML (redhat.vscode-yaml)
// and the Kubernetes extension (ms-kubernetes-tools.vscode-kubernetes-tools,
// which contributes its own Kubernetes schemas to Red Hat YAML) installed in
// code-server with ours. Each problem appears once in the Problems panel — a
// schema error ours alone reports, a YAML syntax error Red Hat YAML alone
// reports — and the Kubernetes extension's `vs-kubernetes.kubeconfig` is the
// kubeconfig the Environments tree uses (over $KUBECONFIG).
//
// Their .vsix are not published to the npm registry (the only extension
// source our machines reach), so this runs only when they are given:
//   bash scripts/build-peer-vsix.sh yaml <vscode-yaml checkout> /tmp/yaml.vsix
//   bash scripts/build-peer-vsix.sh kubernetes <vscode-kubernetes-tools checkout> /tmp/k8s.vsix
//   THEBOT_REDHAT_YAML_VSIX=/tmp/yaml.vsix THEBOT_KUBERNETES_VSIX=/tmp/k8s.vsix node test/run.mjs e2e/coexistence
// Without them it is skipped, also in CI (which cannot obtain them).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeServerBinary, installExtension, startCodeServer, type CodeServer } from '../../localdev/codeServer';
import { buildVsix } from '../../localdev/vsix';
import { openWorkbench, quickInput, runCommand, screenshot, screenshotOnFailure, treeRow, type Workbench } from './workbench';

const root = new URL('../../', import.meta.url).pathname;
const peers = { yaml: process.env.THEBOT_REDHAT_YAML_VSIX, kubernetes: process.env.THEBOT_KUBERNETES_VSIX };
const missing = !codeServerBinary()
  ? 'code-server is not installed (bash scripts/setup.sh)'
  : !peers.yaml || !peers.kubernetes
    ? 'THEBOT_REDHAT_YAML_VSIX and THEBOT_KUBERNETES_VSIX not given (not published to npm: scripts/build-peer-vsix.sh builds them from source)'
    : undefined;
if (!codeServerBinary() && process.env.CI === 'true') throw new Error(missing);

const SEEDED_FILE = 'base/06-backend-deployment.yaml';
/** A Kubernetes manifest of its own (not in any kustomization) with a YAML syntax error (an unclosed flow sequence on line 6). */
const BROKEN_FILE = 'scratch/broken-configmap.yaml';
const BROKEN = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: scratch\ndata:\n  a: [unclosed\n';

/** A kubeconfig with the platform's contexts, its server a closed port: reachable or not, the tree says which file it read. */
function kubeconfig(server: string, contexts: string[]): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    `current-context: ${contexts[0]}`,
    'clusters:',
    `- name: c\n  cluster:\n    server: ${server}\n    insecure-skip-tls-verify: true`,
    'users:',
    '- name: u\n  user:\n    token: t',
    'contexts:',
    ...contexts.map((c) => `- name: ${c}\n  context:\n    cluster: c\n    user: u\n    namespace: thebot`),
    '',
  ].join('\n');
}

describe('beside Red Hat YAML and the Kubernetes extension', { skip: missing, concurrency: false }, () => {
  let scratch: string;
  let workspace: string;
  let server: CodeServer;
  let wb: Workbench;
  let kubernetesSchemaRows: string[] = [];

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'thebot-coexistence-'));
    workspace = join(scratch, 'manifests');
    cpSync(join(root, 'manifests'), workspace, { recursive: true });
    const seeded = join(workspace, SEEDED_FILE);
    writeFileSync(seeded, readFileSync(seeded, 'utf8').replace(/imagePullPolicy: \w+/, 'imagePullPolicy: Sometimes'));
    mkdirSync(join(workspace, 'scratch'));
    writeFileSync(join(workspace, BROKEN_FILE), BROKEN);
    // The Kubernetes extension's setting names a file with the platform's contexts; $KUBECONFIG one without them.
    const theirs = join(scratch, 'kubernetes-extension.kubeconfig');
    writeFileSync(theirs, kubeconfig('https://127.0.0.1:1', ['thebot-dev', 'thebot-staging', 'thebot-production']));
    const env = join(scratch, 'env.kubeconfig');
    writeFileSync(env, kubeconfig('https://127.0.0.1:1', ['somebody-else']));
    const vsix = buildVsix(join(scratch, 'thebot-platform.vsix'));
    for (const file of [peers.yaml!, peers.kubernetes!, vsix.file]) assert.match(installExtension(scratch, file), /successfully installed/);
    server = await startCodeServer({
      scratch,
      env: { KUBECONFIG: env },
      settings: {
        'thebot.defaultEnvironment': 'dev',
        'vs-kubernetes': { 'vs-kubernetes.kubeconfig': theirs },
        // No telemetry prompt from Red Hat YAML over the Problems panel.
        'redhat.telemetry.enabled': false,
      },
    });
    wb = await openWorkbench(server.url, workspace, join(scratch, 'chromium'));
  });

  after(async () => {
    await wb?.close();
    await server?.stop();
    if (scratch && !process.env.THEBOT_KEEP_SCRATCH) rmSync(scratch, { recursive: true, force: true });
  });

  const failureScreenshot = (name: string, body: () => Promise<unknown>) => screenshotOnFailure(wb.page, name, body);

  const open = async (file: string) => {
    const { page } = wb;
    await runCommand(page, 'Go to File...');
    await quickInput(page).locator('input').fill(file);
    const name = file.slice(file.lastIndexOf('/') + 1);
    await quickInput(page).locator('.monaco-list-row', { hasText: name }).first().click({ timeout: 120_000 });
    await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
  };

  it('each problem appears once: our schema error, Red Hat YAML\'s syntax error', async () => {
    const { page } = wb;
    await failureScreenshot('coexistence-problems', async () => {
      const seeded = readFileSync(join(workspace, SEEDED_FILE), 'utf8').split('\n');
      const line = seeded.findIndex((l) => l.includes('imagePullPolicy: Sometimes')) + 1;
      const col = seeded[line - 1]!.indexOf('Sometimes') + 1;
      // Opened in this order: Red Hat YAML validates the seeded file before the broken one.
      await open(SEEDED_FILE);
      await open(BROKEN_FILE);
      await page.keyboard.press('Control+Shift+M');
      const rows = page.locator('.markers-panel .monaco-list-row');
      await rows.filter({ hasText: 'dev, staging, production: must be one of: Always, IfNotPresent, Never' }).first().waitFor({ timeout: 120_000 });
      // Red Hat YAML has validated both files once its syntax error is there (at the end of the input).
      await rows.filter({ hasText: 'Flow sequence in block collection must be sufficiently indented and end with a ]' }).first().waitFor({ timeout: 120_000 });
      const texts = (await rows.allInnerTexts()).map((t) => t.replace(/\n/g, ' | '));
      console.log(`# Problems panel:\n${texts.map((t) => `#   ${t}`).join('\n')}`);
      await screenshot(page, 'coexistence-problems');
      // The panel groups markers under a row per file ("<name><folder> | <count>").
      const byFile = new Map<string, string[]>();
      let header = '';
      for (const t of texts) {
        if (!t.includes('[Ln ')) byFile.set((header = t), []);
        else byFile.get(header)?.push(t);
      }
      const of = (path: string) => [...byFile].find(([h]) => h.startsWith(path.slice(path.lastIndexOf('/') + 1)))?.[1];
      // Ours alone, and Red Hat YAML's alone. The Kubernetes extension's own
      // schema (contributed to Red Hat YAML like ours, and combined with it)
      // repeats the error when it is registered in time: a known conflict,
      // checked on its own below.
      kubernetesSchemaRows = texts.filter((t) => t.includes('yaml-schema: kubernetes://'));
      assert.deepEqual(of(SEEDED_FILE)?.filter((t) => !t.includes('yaml-schema: kubernetes://')), [`dev, staging, production: must be one of: Always, IfNotPresent, Never | thebot | schema-invalid-value | [Ln ${line}, Col ${col}]`], texts.join('\n'));
      assert.deepEqual(of(BROKEN_FILE), ['Flow sequence in block collection must be sufficiently indented and end with a ] | YAML | [Ln 7, Col 1]'], texts.join('\n'));
    });
  });

  it("the Kubernetes extension's schema does not repeat our errors", { todo: 'known conflict: Red Hat YAML combines every contributed schema (allOf), so our accept-all schema cannot stop the Kubernetes extension\'s; seen in some runs, depending on which extension registers first' }, () => {
    assert.deepEqual(kubernetesSchemaRows, []);
  });

  it("the tree uses the Kubernetes extension's kubeconfig setting", async () => {
    const { page } = wb;
    await failureScreenshot('coexistence-kubeconfig', async () => {
      if (!(await page.locator('.pane-header', { hasText: 'Environments' }).isVisible())) await page.locator('.activitybar a.action-label[aria-label="THE_BOT"]').click();
      // Its file has thebot-dev (a closed port: disconnected); $KUBECONFIG's has not (context refused).
      await treeRow(page, 'Environments', 'dev').locator('.label-description', { hasText: 'disconnected since' }).waitFor({ timeout: 60_000 });
      await screenshot(page, 'coexistence-kubeconfig');
    });
  });
});
