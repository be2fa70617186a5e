// Activation in a workspace with YAML files but no kustomization (CI
// workflows, a compose file, Helm-style values): opening a YAML file
// activates the extension (onLanguage:yaml), which must stay dormant — no
// language server process, no renders, no watches — and cheap: its
// activation time and heap growth are read from its log and printed. A
// kustomization created later wakes it (language server started, the
// environment in the tree), and the server's memory is printed beside.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { codeServerBinary, installExtension, startCodeServer, type CodeServer } from '../../localdev/codeServer';
import { buildVsix } from '../../localdev/vsix';
import { openWorkbench, quickInput, runCommand, screenshotOnFailure, treeRow, type Workbench } from './workbench';

const missing = codeServerBinary() ? undefined : 'code-server is not installed (bash scripts/setup.sh)';
if (missing && process.env.CI === 'true') throw new Error(missing);

const FILES: Record<string, string> = {
  '.github/workflows/ci.yaml': 'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n',
  'docker-compose.yml': 'services:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n',
  'chart/values.yaml': 'replicaCount: 2\nimage:\n  repository: nginx\n  tag: "1.27"\n',
  ...Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`config/service-${i}.yaml`, `name: service-${i}\nport: ${8000 + i}\n`])),
};

const EXTRA_CA_CERTS = process.env.NODE_EXTRA_CA_CERTS ?? '/etc/ssl/certs/ca-certificates.crt';

/** Our language server processes started from this scratch's extensions. */
function serverProcesses(extensions: string): { pid: number; rssKiB: number }[] {
  const out = execFileSync('ps', ['-eo', 'pid=,rss=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((l) => l.includes(extensions) && l.includes('dist/server.js'))
    .map((l) => l.trim().split(/\s+/))
    .map(([pid, rss]) => ({ pid: Number(pid), rssKiB: Number(rss) }));
}

/** The first line of our logs that matches. */
function logLine(userData: string, match: RegExp): string | undefined {
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.log') ? [join(dir, e.name)] : []));
  for (const file of walk(join(userData, 'logs'))) {
    const line = readFileSync(file, 'utf8').split('\n').find((l) => match.test(l));
    if (line) return line;
  }
  return undefined;
}

/** A condition on files the workbench writes (no event to wait on): checked until it holds, within 15 s. */
async function eventually<T>(get: () => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('activation in a workspace with YAML but no kustomization', { skip: missing, concurrency: false }, () => {
  let scratch: string;
  let workspace: string;
  let server: CodeServer;
  let wb: Workbench;

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'thebot-activation-'));
    workspace = join(scratch, 'workspace');
    for (const [file, text] of Object.entries(FILES)) {
      mkdirSync(dirname(join(workspace, file)), { recursive: true });
      writeFileSync(join(workspace, file), text);
    }
    const vsix = buildVsix(join(scratch, 'thebot-platform.vsix'));
    assert.match(installExtension(scratch, vsix.file), /successfully installed/);
    // Set for code-server whatever this machine does: the woken server's environment is checked below.
    server = await startCodeServer({ scratch, env: { NODE_EXTRA_CA_CERTS: EXTRA_CA_CERTS } });
    wb = await openWorkbench(server.url, workspace, join(scratch, 'chromium'));
  });

  const failureScreenshot = (name: string, body: () => Promise<unknown>) => screenshotOnFailure(wb.page, name, body);

  after(async () => {
    await wb?.close();
    await server?.stop();
    if (scratch && !process.env.THEBOT_KEEP_SCRATCH) rmSync(scratch, { recursive: true, force: true });
  });

  it('opening a YAML file activates it dormant: no language server, the views say there is no project', async () => {
    const { page } = wb;
    await failureScreenshot('activation-dormant', async () => {
    await runCommand(page, 'Go to File...');
    // (A compose file would not do: VS Code gives it the language `dockercompose`.)
    await quickInput(page).locator('input').fill('values.yaml');
    // File search is slow on a loaded machine: a generous deadline.
    await quickInput(page).locator('.monaco-list-row', { hasText: 'values.yaml' }).first().click({ timeout: 120_000 });
    await page.locator('.tabs-container .tab.active', { hasText: 'values.yaml' }).waitFor();
    await page.locator('.statusbar-item', { hasText: /^YAML$/ }).first().waitFor();
    // The dormant views are registered once activate() has returned: the welcome text shows.
    await page.locator('.activitybar a.action-label[aria-label="THE_BOT"]').click();
    await page.locator('.welcome-view-content', { hasText: 'No THE_BOT project found' }).first().waitFor({ timeout: 60_000 });
    // The log channel is flushed to its file shortly after the line is written.
    const line = await eventually(() => logLine(server.dirs.userData, /activated dormant in/), 'the dormant activation line in the logs');
    const m = /activated dormant in (\d+) ms, heap \+(\d+) KiB/.exec(line)!;
    console.log(`# dormant activation: ${m[1]} ms, heap +${m[2]} KiB (${Object.keys(FILES).length} YAML files, no kustomization)`);
    assert.deepEqual(serverProcesses(server.dirs.extensions), []);
    // A command answers instead of failing with "command not found".
    await runCommand(page, 'THE_BOT: Render Environment');
    await page.locator('.notification-toast', { hasText: 'No THE_BOT project in this workspace' }).first().waitFor();
    });
  });

  it('a kustomization created and opened later wakes it: the language server starts, the environment appears', async () => {
    const { page } = wb;
    // The layout the editor recognises without a thebot.yaml: overlays/<environment>/ over a base.
    mkdirSync(join(workspace, 'base'));
    mkdirSync(join(workspace, 'overlays', 'dev'), { recursive: true });
    writeFileSync(join(workspace, 'base', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: "1"\n');
    writeFileSync(join(workspace, 'overlays', 'dev', 'kustomization.yaml'), 'resources:\n- ../../base\nnamespace: dev\n');
    writeFileSync(join(workspace, 'base', 'kustomization.yaml'), 'resources:\n- cm.yaml\n');
    // Opening it wakes the extension (a file created outside the editor wakes it through the file watcher too, when the watcher reports it).
    await runCommand(page, 'Go to File...');
    await quickInput(page).locator('input').fill('overlays/dev/kustomization.yaml');
    await quickInput(page).locator('.monaco-list-row', { hasText: 'kustomization.yaml' }).first().click({ timeout: 120_000 });
    await page.locator('.tabs-container .tab.active', { hasText: 'kustomization.yaml' }).waitFor();
    // Show the THE_BOT view unless it is in front already (a second click would close the side bar).
    if (!(await page.locator('.pane-header', { hasText: 'Environments' }).isVisible())) await page.locator('.activitybar a.action-label[aria-label="THE_BOT"]').click();
    await failureScreenshot('activation-woken', () => treeRow(page, 'Environments', 'dev').waitFor({ timeout: 60_000 }));
    const servers = serverProcesses(server.dirs.extensions);
    assert.equal(servers.length, 1);
    // The extension forks the server without NODE_EXTRA_CA_CERTS (Node would read the file at every
    // start; server/src/launch.ts) and hands it on under another name, for the programs the server runs.
    const environ = new Map(
      readFileSync(`/proc/${servers[0]!.pid}/environ`, 'utf8')
        .split('\0')
        .filter(Boolean)
        .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as const),
    );
    assert.equal(environ.get('NODE_EXTRA_CA_CERTS'), undefined);
    assert.equal(environ.get('THEBOT_NODE_EXTRA_CA_CERTS'), EXTRA_CA_CERTS);
    const woken = await eventually(() => logLine(server.dirs.userData, /THE_BOT Platform woken in/), 'the wake line in the logs');
    console.log(`# woken: ${/woken in (\d+ ms, heap \+\d+ KiB)/.exec(woken)![1]}; language server RSS ${Math.round(servers[0]!.rssKiB / 1024)} MiB`);
  });
});
