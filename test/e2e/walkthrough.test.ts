// The packaged extension as a new user meets it, in code-server: the .vsix
// from `npm run package` (no vsce warning, only shipped files) installed, the
// *Get Started* walkthrough opened from the command palette with its four
// steps and their media, and the three views its README shows (environments,
// a problem, the per-environment hover) — screenshots in test-results/e2e/
// (walkthrough-*.png; the README's are copied from marketplace-*.png into
// media/walkthrough/). No cluster needed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeServerBinary, installExtension, startCodeServer, type CodeServer } from '../../localdev/codeServer';
import { buildVsix } from '../../localdev/vsix';
import { goToLine, openWorkbench, pick, quickInput, runCommand, screenshot, settled, treeRow, widenSideBar, type Workbench } from './workbench';

const root = new URL('../../', import.meta.url).pathname;
const missing = codeServerBinary() ? undefined : 'code-server is not installed (bash scripts/setup.sh)';
if (missing && process.env.CI === 'true') throw new Error(missing);
const SEEDED_FILE = 'base/06-backend-deployment.yaml';
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('the packaged extension: Get Started walkthrough', { skip: missing, concurrency: false }, () => {
  let scratch: string;
  let server: CodeServer;
  let wb: Workbench;

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'thebot-walkthrough-'));
    cpSync(join(root, 'manifests'), join(scratch, 'manifests'), { recursive: true });
    const seeded = join(scratch, 'manifests', SEEDED_FILE);
    writeFileSync(seeded, readFileSync(seeded, 'utf8').replace(/imagePullPolicy: \w+/, 'imagePullPolicy: Sometimes'));
    const vsix = buildVsix(join(scratch, 'thebot-platform.vsix'));
    // vsce accepts the package without a warning.
    assert.doesNotMatch(vsix.log, /WARNING/i, vsix.log);
    for (const f of ['README.md', 'docs/settings.md', 'media/walkthrough/deploy.md', 'media/walkthrough/environments.png', 'media/walkthrough/problem.png', 'media/walkthrough/hover.png']) {
      assert.ok(vsix.files.includes(f), `${f} not in the package: ${vsix.files.join(', ')}`);
    }
    assert.match(installExtension(scratch, vsix.file), /Extension 'thebot-platform\.vsix' was successfully installed\./);
    server = await startCodeServer({ scratch });
    wb = await openWorkbench(server.url, join(scratch, 'manifests'), join(scratch, 'chromium'));
  });

  after(async () => {
    await wb?.close();
    await server?.stop();
    if (scratch && !process.env.THEBOT_KEEP_SCRATCH) rmSync(scratch, { recursive: true, force: true });
  });

  it('shows the README views: environments, a problem, the hover', async () => {
    const { page } = wb;
    await page.locator('.activitybar a.action-label[aria-label="THE_BOT"]').click();
    await widenSideBar(page, 560);
    for (const env of ['dev', 'staging', 'production']) {
      await treeRow(page, 'Environments', env).locator('.label-description', { hasText: `thebot-${env} · thebot` }).waitFor({ timeout: 60_000 });
    }
    await treeRow(page, 'Images', 'backend').waitFor();
    await page.mouse.move(1000, 700); // off the sash, which the drag left highlighted
    await screenshot(page, 'marketplace-environments');

    await runCommand(page, 'Go to File...');
    await quickInput(page).locator('input').fill('06-backend-deployment.yaml');
    await quickInput(page).locator('.monaco-list-row', { hasText: '06-backend-deployment.yaml' }).first().click();
    await page.locator('.tabs-container .tab.active', { hasText: '06-backend-deployment.yaml' }).waitFor();
    const lines = readFileSync(join(scratch, 'manifests', SEEDED_FILE), 'utf8').split('\n');
    const bad = lines.findIndex((l) => l.includes('imagePullPolicy: Sometimes'));
    await goToLine(page, bad + 1, lines[bad]!.indexOf('Sometimes') + 1);
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'dev, staging, production: must be one of: Always, IfNotPresent, Never' }).first().waitFor({ timeout: 60_000 });
    await screenshot(page, 'marketplace-problem');

    const replicas = lines.findIndex((l) => /^  replicas: \d+$/.test(l));
    await page.locator('.monaco-editor .view-lines').first().click();
    await goToLine(page, replicas + 1, 4);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator('.monaco-hover-content', { hasText: 'production: 3' });
    await hover.first().waitFor();
    await settled(hover.first());
    await screenshot(page, 'marketplace-hover');
    await page.keyboard.press('Escape');
  });

  it('opens the Get Started walkthrough with its four steps', async () => {
    const { page } = wb;
    const walkthrough = pkg.contributes.walkthroughs[0];
    // The editor area wide enough for the walkthrough's media column.
    await runCommand(page, 'View: Close Primary Side Bar');
    await page.keyboard.press('Control+J'); // toggles the panel (Problems) off
    await page.locator('#workbench\\.parts\\.panel').waitFor({ state: 'hidden' });
    await runCommand(page, 'Welcome: Open Walkthrough...');
    await pick(page, walkthrough.title);
    const container = page.locator('.gettingStartedContainer');
    await container.locator('.getting-started-category .category-title, h2', { hasText: walkthrough.title }).first().waitFor({ timeout: 30_000 });
    const titles = container.locator('.getting-started-step .step-title');
    await titles.first().waitFor();
    assert.deepEqual(
      (await titles.allInnerTexts()).map((t) => t.trim()),
      walkthrough.steps.map((s: { title: string }) => s.title),
    );
    // The first step's image, from the installed package.
    const image = container.locator('.getting-started-media img:visible').first();
    await image.waitFor();
    assert.ok(await image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth > 0), 'walkthrough image did not load');
    await settled(container);
    await screenshot(page, 'walkthrough-get-started');
    // Second step: its description and its command link.
    await container.locator('.getting-started-step', { hasText: walkthrough.steps[1].title }).click();
    await container.locator('.getting-started-step.expanded', { hasText: 'Open the Problems panel' }).waitFor();
    await screenshot(page, 'walkthrough-see-problem');
  });
});
