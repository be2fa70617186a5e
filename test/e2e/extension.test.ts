// The extension as a person uses it, in a real VS Code (code-server) driven
// through Chromium: install the .vsix, open the manifests, see the
// environments, follow an object to its source, see a seeded error with its
// environment label, render an environment, deploy dev to the local control
// plane and watch it become available, be refused deploying production
// through the wrong context. Screenshots of each step: test-results/e2e/.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeServerBinary, installExtension, startCodeServer, type CodeServer } from '../../localdev/codeServer';
import type { Locator } from 'playwright-core';
import { findInEditor, goToLine, openWorkbench, quickInput, settled, pick, runCommand, screenshot, setExpanded, treeRow, treeRows, widenSideBar, type Workbench } from './workbench';
import { buildVsix } from '../../localdev/vsix';
import { ControlPlane } from '../../localdev/cluster/controlPlane';
import { findBinaries } from '../../localdev/cluster/binaries';
import { ClusterSession } from '../../client/src/cluster';

const root = new URL('../../', import.meta.url).pathname;
const CI = process.env.CI === 'true';
const missing = codeServerBinary() ? undefined : 'code-server is not installed (bash scripts/setup.sh)';
if (missing && CI) throw new Error(missing);
const controlPlaneMissing = 'missing' in findBinaries() ? (findBinaries() as { missing: string }).missing : undefined;
if (controlPlaneMissing && CI) throw new Error(controlPlaneMissing);

/** The seeded error: an invalid imagePullPolicy in a base file every environment includes. */
const SEEDED_FILE = 'base/06-backend-deployment.yaml';

describe('VS Code extension in code-server', { skip: missing, concurrency: false }, () => {
  let scratch: string;
  let server: CodeServer;
  let wb: Workbench;
  let cp: ControlPlane | undefined;

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'thebot-e2e-'));
    cpSync(join(root, 'manifests'), join(scratch, 'manifests'), { recursive: true });
    const seeded = join(scratch, 'manifests', SEEDED_FILE);
    const text = readFileSync(seeded, 'utf8');
    assert.match(text, /imagePullPolicy: \w+/);
    writeFileSync(seeded, text.replace(/imagePullPolicy: \w+/, 'imagePullPolicy: Sometimes'));

    const vsix = buildVsix(join(scratch, 'thebot-platform.vsix'));
    console.log(`vsix: ${vsix.bytes} bytes, ${vsix.files.length} files`);
    const out = installExtension(scratch, vsix.file);
    assert.match(out, /Extension 'thebot-platform\.vsix' was successfully installed\./);

    let kubeconfig: string;
    if (controlPlaneMissing) {
      // No cluster: contexts exist but point nowhere (the refusal needs no cluster).
      kubeconfig = join(scratch, 'kubeconfig');
      const ctx = (name: string) => `- name: ${name}\n  context: { cluster: nowhere, user: nobody, namespace: thebot }\n`;
      writeFileSync(kubeconfig, `apiVersion: v1\nkind: Config\nclusters:\n- name: nowhere\n  cluster: { server: 'https://127.0.0.1:1' }\nusers:\n- name: nobody\n  user: {}\ncontexts:\n${['thebot-dev', 'thebot-staging', 'thebot-production', 'other-cluster'].map(ctx).join('')}current-context: thebot-dev\n`);
    } else {
      cp = await ControlPlane.start({ dir: join(scratch, 'controlplane') });
      kubeconfig = cp.kubeconfig;
    }
    // Step 09's rollout that cannot finish fails at the controller's 5 s progress deadline or at
    // this timeout, whichever comes first (a CI run waited 180 s for the first in vain; cause unknown).
    server = await startCodeServer({ scratch, settings: { 'thebot.kubeconfig': kubeconfig, 'thebot.rolloutTimeoutSeconds': 90 } });
    wb = await openWorkbench(server.url, join(scratch, 'manifests'), join(scratch, 'chromium'));
  });

  /**
   * Runs a scenario step; on failure saves a screenshot of what the workbench
   * showed, and adds to the error what it said: the notifications, the
   * Environments rows, the extension's last log lines. In the error, because
   * a CI report keeps the failures and the tail of the output, not the middle.
   */
  let firstFailure: string | undefined;
  const step = (n: string, fn: () => Promise<void>) => async () => {
    try {
      await fn();
    } catch (e) {
      // Later steps often fail because an earlier one did; a CI report keeps only the
      // last failures' text, so each names the first one.
      const first = firstFailure;
      firstFailure ??= `step ${n}: ${(e instanceof Error ? e.message : String(e)).split('\n').slice(0, 4).join('\n  ')}`;
      if (wb) {
        const said: string[] = first ? [`an earlier step failed first: ${first}`] : [];
        await screenshot(wb.page, `failed-${n}`).catch(() => undefined);
        // Toasts without buttons hide after a few seconds: the notification list keeps them.
        await notifications(wb.page).then((list) => said.push(`notifications at the failure of step ${n}:${list.length ? `\n  ${list.join('\n  ')}` : ' none'}`), () => undefined);
        // The rows drawn (a row outside the view is not drawn) and what the extension logged last.
        await treeRows(wb.page, 'Environments').then(
          (rows) => said.push(`Environments rows at the failure of step ${n}:\n  ${rows.join('\n  ')}`),
          (err: Error) => said.push(`Environments rows at the failure of step ${n}: not read (${err.message})`),
        );
        const log = extensionLog(join(scratch, 'user-data'));
        if (log) said.push(`THE_BOT log at the failure of step ${n} (last 40 lines):\n  ${log.split('\n').slice(-40).join('\n  ')}`);
        const text = said.join('\n');
        console.log(text);
        if (e instanceof Error && text) {
          // The reporter prints the stack, which Playwright has already written out with the message.
          const [stack, message] = [e.stack ?? '', e.message];
          e.message = `${message}\n${text}`;
          e.stack = stack.includes(message) ? stack.replace(message, e.message) : `${stack}\n${text}`;
        }
      }
      throw e;
    }
  };

  after(async () => {
    await wb?.close();
    await server?.stop();
    await cp?.stop();
    if (scratch && !process.env.THEBOT_KEEP_SCRATCH) rmSync(scratch, { recursive: true, force: true });
  });

  it('shows the environments of thebot.yaml in the THE_BOT view', step('01', async () => {
    const { page } = wb;
    await page.locator('.activitybar a.action-label[aria-label="THE_BOT"]').click();
    await widenSideBar(page, 620);
    for (const [env, context] of [['dev', 'thebot-dev'], ['staging', 'thebot-staging'], ['production', 'thebot-production']]) {
      const row = treeRow(page, 'Environments', env!);
      await row.waitFor({ timeout: 60_000 });
      await row.locator('.label-description', { hasText: `${context} · thebot` }).waitFor();
    }
    await screenshot(page, '01-environments');
    const log = activationLog(join(scratch, 'user-data'));
    if (log) console.log(log);
  }));

  it('opens an object at its defining source line', step('02', async () => {
    const { page } = wb;
    await treeRow(page, 'Environments', 'dev').click();
    const deployments = treeRow(page, 'Environments', 'Deployment').first();
    if ((await deployments.getAttribute('aria-expanded')) !== 'true') await deployments.click();
    await treeRow(page, 'Environments', 'backend').first().click();
    await page.locator('.tabs-container .tab.active', { hasText: '06-backend-deployment.yaml' }).waitFor();
    await page.locator('.statusbar-item', { hasText: /^Ln \d+, Col 1$/ }).first().waitFor();
    await screenshot(page, '02-object-source');
  }));

  it('shows the seeded error in the Problems panel with its environments', step('03', async () => {
    const { page } = wb;
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Shift+M');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'dev, staging, production: ' });
    await row.first().waitFor({ timeout: 60_000 });
    // Message, source, code and the position of `Sometimes` in the seeded file.
    const seeded = readFileSync(join(scratch, 'manifests', SEEDED_FILE), 'utf8').split('\n');
    const line = seeded.findIndex((l) => l.includes('imagePullPolicy: Sometimes'));
    const col = seeded[line]!.indexOf('Sometimes');
    assert.deepEqual((await row.first().innerText()).split('\n'), [
      'dev, staging, production: must be one of: Always, IfNotPresent, Never',
      'thebot',
      'schema-invalid-value',
      `[Ln ${line + 1}, Col ${col + 1}]`,
    ]);
    await screenshot(page, '03-problems');
  }));

  it('shows schema help and every environment\'s value on hover, completes missing keys', step('03b', async () => {
    const { page } = wb;
    await page.locator('.tabs-container .tab', { hasText: '06-backend-deployment.yaml' }).click();
    const lines = readFileSync(join(scratch, 'manifests', SEEDED_FILE), 'utf8').split('\n');
    const replicas = lines.findIndex((l) => /^  replicas: \d+$/.test(l));
    await goToLine(page, replicas + 1, 4);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator('.monaco-hover-content', { hasText: 'Number of desired pods' });
    await hover.first().waitFor();
    const text = await hover.first().innerText();
    assert.match(text, /^replicas integer\n/);
    // The value each environment ends up with and the overlay line that set it.
    assert.match(text, /\ndev: 1 — overlays\/dev\/kustomization\.yaml:\d+\nstaging: 2 — overlays\/staging\/kustomization\.yaml:\d+\nproduction: 3 — overlays\/production\/kustomization\.yaml:\d+$/);
    await screenshot(page, '04-hover');
    await page.keyboard.press('Escape');

    // A new key under the Deployment's spec: the schema's keys not yet present are offered.
    await goToLine(page, replicas + 1, lines[replicas]!.length + 1);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+Space');
    const item = page.locator('.suggest-widget .monaco-list-row', { hasText: 'progressDeadlineSeconds' });
    await item.first().waitFor();
    // The Deployment spec keys the file does not set yet (and no others), besides the contributed snippets.
    const keys = page.locator('.suggest-widget .monaco-list-row', { hasNot: page.locator('.codicon-symbol-snippet') }).locator('.label-name');
    assert.deepEqual(await keys.allInnerTexts(), ['minReadySeconds', 'paused', 'progressDeadlineSeconds']);
    assert.ok(await page.locator('.suggest-widget .monaco-list-row', { hasText: 'k8s-deployment' }).count());
    await screenshot(page, '05-completion');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Z');
    await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached' });
  }));

  it('opens the documentation of a rule at its heading', step('03c', async () => {
    const { page } = wb;
    await runCommand(page, 'THE_BOT: Open Rule Documentation');
    await pick(page, 'image-latest-tag');
    await page.locator('.tabs-container .tab.active', { hasText: 'rules.md' }).waitFor();
    const heading = readFileSync(join(root, 'docs', 'rules.md'), 'utf8').split('\n').indexOf('### image-latest-tag');
    assert.ok(heading > 0);
    await page.locator('.statusbar-item', { hasText: new RegExp(`^Ln ${heading + 1}, Col 1$`) }).first().waitFor();
    await screenshot(page, '05b-rule-docs');
  }));

  it('renders an environment with origins on hover', step('04', async () => {
    const { page } = wb;
    await runCommand(page, 'THE_BOT: Render Environment');
    await pick(page, 'dev');
    await page.locator('.tabs-container .tab.active', { hasText: 'dev.yaml' }).waitFor();
    await findInEditor(page, 'image: localhost:5000/');
    // Show Hover at the cursor (Ctrl+K Ctrl+I).
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator('.monaco-hover-content', { hasText: 'Set by' });
    await hover.first().waitFor();
    assert.match(await hover.first().innerText(), /Set by images — overlays\/dev\/kustomization\.yaml:\d+/);
    await screenshot(page, '06-render-origin-hover');
  }));

  it('stops a deploy while the environment has error diagnostics', { skip: controlPlaneMissing }, step('05', async () => {
    const { page } = wb;
    await page.keyboard.press('Escape');
    await runCommand(page, 'THE_BOT: Deploy Environment');
    await pick(page, 'dev');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 60_000 });
    assert.match(await dialog.innerText(), /dev has 1 error in the Problems panel\./);
    await dialog.locator('.monaco-button', { hasText: /^Cancel$/ }).click();
    await dialog.waitFor({ state: 'detached' });

    // Fix it (the file on disk, as another tool would) and wait for the Problems panel to clear.
    writeFileSync(join(scratch, 'manifests', SEEDED_FILE), readFileSync(join(root, 'manifests', SEEDED_FILE), 'utf8'));
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'dev, staging, production: ' }).waitFor({ state: 'detached', timeout: 60_000 });
  }));

  it('asks for the name of a protected environment before deploying it', { skip: controlPlaneMissing }, step('05b', async () => {
    const { page } = wb;
    await runCommand(page, 'THE_BOT: Deploy Environment');
    await pick(page, 'staging');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 120_000 });
    assert.match(await dialog.innerText(), /Deploy staging to context thebot-staging \(namespace thebot\)\? \d+ created, 0 configured, 0 unchanged, 0 failed\./);
    assert.match(await dialog.innerText(), /staging is protected\./);
    await dialog.locator('.monaco-button', { hasText: /^Continue$/ }).click();
    const input = quickInput(page).locator('input');
    await input.waitFor({ state: 'visible' });
    await input.fill('stagin');
    await quickInput(page).locator('.quick-input-message', { hasText: 'Type exactly: staging' }).waitFor();
    await screenshot(page, '07a-protected-confirmation');
    // Escape: nothing is applied.
    await page.keyboard.press('Escape');
    await quickInput(page).waitFor({ state: 'hidden' });
  }));

  it('deploys dev to the local control plane and watches it become available', { skip: controlPlaneMissing }, step('05c', async () => {
    const { page } = wb;
    await runCommand(page, 'THE_BOT: Deploy Environment');
    await pick(page, 'dev');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 120_000 });
    assert.match(await dialog.innerText(), /Deploy dev to context thebot-dev \(namespace thebot\)\? \d+ created, 0 configured, 0 unchanged, 0 failed\./);
    await screenshot(page, '07-deploy-confirm');
    await dialog.locator('.monaco-button', { hasText: /^Deploy$/ }).click();
    await treeRow(page, 'Environments', 'dev').locator('.label-description', { hasText: 'all available' }).waitFor({ timeout: 300_000 });
    await screenshot(page, '08-deploy-all-available');

    // The Images view: what each environment runs beside what it renders, from the
    // tree's watches. Staging shares dev's namespace here: its frontend is dev's.
    const frontend = treeRow(page, 'Images', 'frontend').first();
    await setExpanded(frontend, true);
    const images = (env: string) => treeRow(page, 'Images', env).first().locator('.label-description');
    await images('dev').filter({ hasText: /^localhost:5000\/thebot\/frontend:latest · live: same$/ }).waitFor({ timeout: 60_000 });
    await images('staging').filter({ hasText: /^\S+\/frontend:\S+ · live: another environment's$/ }).waitFor({ timeout: 60_000 });
    await screenshot(page, '08-images-live');
    await setExpanded(frontend, false);

    // Right after the deploy, the cluster matches the manifests: the diff editor opens empty.
    await runCommand(page, 'THE_BOT: Diff Environment Against Cluster');
    await pick(page, 'dev');
    await page.locator('.tabs-container .tab.active', { hasText: 'dev: cluster ↔ manifests (0 changed)' }).waitFor({ timeout: 120_000 });
  }));

  it('says "disconnected since HH:MM" with the error while the API server is down, the last state stale, and recovers by itself', { skip: controlPlaneMissing }, step('05c2', async () => {
    const { page } = wb;
    const dev = treeRow(page, 'Environments', 'dev');
    const stoppedAt = new Date();
    await cp!.stopApiserver();
    // Within seconds, on the environment's row: when it went away and what is shown is the last known state.
    const description = dev.locator('.label-description', { hasText: /disconnected since \d\d:\d\d \(last known: all available, stale\)/ });
    await description.waitFor({ timeout: 30_000 });
    const since = /disconnected since (\d\d):(\d\d)/.exec(await description.innerText())!;
    const minutes = Number(since[1]) * 60 + Number(since[2]);
    const stopped = stoppedAt.getHours() * 60 + stoppedAt.getMinutes();
    assert.ok(minutes === stopped || minutes === (stopped + 1) % 1440, `disconnected since ${since[1]}:${since[2]}, the API server stopped at ${stoppedAt.toTimeString().slice(0, 5)}`);
    // Expanded: the error on its own line first, then the objects, workloads greyed as stale.
    if ((await dev.getAttribute('aria-expanded')) !== 'true') await dev.click();
    const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Environments' }) });
    const banner = pane.locator('.monaco-list-row .label-name', { hasText: /^Disconnected since \d\d:\d\d: \S/ });
    await banner.first().waitFor({ timeout: 30_000 });
    assert.match(await banner.first().innerText(), /^Disconnected since \d\d:\d\d: .*(ECONNREFUSED|connect|refused|reset|socket|closed)/i);
    const deployments = treeRow(page, 'Environments', 'Deployment').first();
    if ((await deployments.getAttribute('aria-expanded')) !== 'true') await deployments.click();
    await treeRow(page, 'Environments', 'backend').first().locator('.label-description', { hasText: /stale/ }).waitFor({ timeout: 30_000 });
    await screenshot(page, '08b-disconnected');

    // Back: the watch reconnects by itself and the states are current again.
    await cp!.startApiserver();
    await dev.locator('.label-description', { hasText: /— all available/ }).waitFor({ timeout: 120_000 });
    await banner.first().waitFor({ state: 'detached', timeout: 30_000 });
    await treeRow(page, 'Environments', 'backend').first().locator('.label-description', { hasText: /^\d+\/\d+ available(?!.*stale)/ }).waitFor({ timeout: 30_000 });
    await screenshot(page, '08c-reconnected');
  }));

  it('refuses to let staging take over dev\'s objects, with the reason and a link to the source', { skip: controlPlaneMissing }, step('05d', async () => {
    const { page } = wb;
    // Staging shares the local cluster and namespace with dev: every object
    // dev deployed carries dev's ApplySet label, so staging's dry-run rejects
    // them (no take-over without --take-over-from), and a protected
    // environment is never applied after an unclean dry-run.
    await runCommand(page, 'THE_BOT: Deploy Environment');
    await pick(page, 'staging');
    const toast = page.locator('.notification-toast', {
      hasText: /staging is protected and is never deployed after an unclean dry-run: \d+ of \d+ objects rejected by the server-side dry-run\. Nothing was applied\. First: Namespace thebot: belongs to environment 'dev'/,
    });
    await toast.waitFor({ timeout: 120_000 });
    // The status bar shows staging now: connected, and every workload it renders is dev's (it said "watching…" for ever).
    await page.locator('.statusbar-item', { hasText: /staging · thebot-staging · workloads are another environment's$/ }).first().waitFor({ timeout: 60_000 });
    await settled(toast);
    await screenshot(page, '08a-dry-run-rejected');
    await toast.locator('.monaco-button', { hasText: /^Open Source$/ }).click();
    await page.locator('.tabs-container .tab.active', { hasText: '00-namespace.yaml' }).waitFor();
    await page.locator('.statusbar-item', { hasText: /^Ln \d+, Col \d+$/ }).first().waitFor();
    // And in the Problems panel, labelled with the environment, until staging's next dry-run.
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel .monaco-list-row', { hasText: "staging: Namespace thebot: belongs to environment 'dev'" }).first().waitFor({ timeout: 60_000 });
  }));

  /**
   * Right-clicks a tree row, runs the context-menu entry with this title and
   * waits until `done` shows. The live view redraws rows as watch events come
   * (a rollout in progress), which can close a menu just opened: then it is
   * opened again, within a deadline. A click that lands while the tree
   * redraws reaches the command without its row (VS Code's extension host
   * forgets a redrawn row's handle until the view fetches it again): the
   * command then asks which environment and which object or revision
   * (client/src/treeTargets.ts); the test answers with `asked` and says so in
   * its output. A menu opened on another row (the tree focuses the row it
   * opens a menu for) is closed and opened again. Either way the action must complete.
   */
  const contextMenu = async (row: ReturnType<typeof treeRow>, title: string, asked: { environment: string; item: string }, done: Locator, timeout = 180_000) => {
    const { page } = wb;
    const item = page.locator('.monaco-menu .action-item', { hasText: title }).first();
    const end = Date.now() + 60_000;
    for (;;) {
      await row.click({ button: 'right' });
      try {
        await item.waitFor({ timeout: 5_000 });
        // The tree focuses the row it opens a menu for: another row focused is
        // a click that a redraw moved onto another row (its menu would act on that one).
        if (!(await row.evaluate((el) => el.classList.contains('focused'), undefined, { timeout: 5_000 }))) throw new Error(`the menu for '${title}' opened on another row`);
        await item.click({ timeout: 5_000 });
        break;
      } catch (e) {
        if (Date.now() > end) throw e;
        await page.keyboard.press('Escape');
      }
    }
    const question = quickInput(page).locator('.quick-input-title', { hasText: /: which .+\?$/ });
    // Both waits settle (the loser later, to nothing): no rejection is left unhandled.
    const first = await Promise.race([
      done.waitFor({ timeout }).then(() => 'done' as const, (e: Error) => e),
      question.waitFor({ timeout }).then(() => 'asked' as const, (e: Error) => e),
    ]);
    if (first instanceof Error) throw first;
    if (first === 'done') return;
    process.stderr.write(`# e2e: '${title}' reached its command without its row (tree redraw); it asked: ${await question.innerText()}\n`);
    if (/which environment\?$/.test(await question.innerText())) await pick(page, asked.environment);
    // Which object or revision: the list is virtual (only the rows in view exist), so filtered by the label first.
    await quickInput(page).locator('.quick-input-title', { hasText: ` of ${asked.environment}?` }).waitFor();
    await quickInput(page).locator('input').fill(asked.item);
    await pick(page, asked.item.replace(/[()]/g, '\\$&'));
    await done.waitFor({ timeout });
  };
  /** A PATCH to dev's cluster, as another tool would make it (its own field manager). */
  const patchDev = async (path: string, body: unknown) => {
    const s = await ClusterSession.open({ environment: { name: 'dev', context: 'thebot-dev', namespace: 'thebot', protected: false }, kubeconfig: cp!.kubeconfig, context: 'thebot-dev' });
    return s.transport.request(path.endsWith('/scale') || body ? 'PATCH' : 'DELETE', path, body ? { body, contentType: 'application/merge-patch+json', query: { fieldManager: 'kubectl-edit' } } : {});
  };
  const description = (label: string) => treeRow(wb.page, 'Environments', label).first().locator('.label-description');

  it('lists the revisions of dev: number, state, who, when, commit', { skip: controlPlaneMissing }, step('07', async () => {
    const { page } = wb;
    await page.keyboard.press('Escape');
    // The Images view folded: the Environments view gets the side bar's height (its rows are virtual: only visible ones exist).
    await page.locator('.pane-header', { hasText: /^Images/ }).click();
    const revisions = treeRow(page, 'Environments', 'Revisions').first();
    await setExpanded(revisions, true);
    const rev = treeRow(page, 'Environments', '#1 \\(live\\)');
    // Expanded while a full refresh of the tree is on its way, a row's children can be asked for by a
    // handle the extension host has just forgotten: it answers none ("No tree item with id … found"),
    // and the row stays open and empty (one CI run: no revision row in 3 steps). A person closes and
    // opens it again; so does this test, and says so.
    const end = Date.now() + 60_000;
    for (;;) {
      try {
        await rev.waitFor({ timeout: 10_000 });
        break;
      } catch (e) {
        if (Date.now() > end) throw e;
        process.stderr.write(`# e2e: no revision row 10 s after Revisions was expanded; closed and opened again. Rows:\n#   ${(await treeRows(page, 'Environments')).join('\n#   ')}\n`);
        await setExpanded(revisions, false);
        await setExpanded(revisions, true);
      }
    }
    // The scratch copy is not a git checkout: no commit.
    assert.match(await rev.locator('.label-description').innerText(), /^deployed · deploy · \S+ · \d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? UTC · no commit$/);
  }));

  it('marks objects changed behind its back as drifted, deleted ones as missing; Show Drift, then Deploy this Object puts it back', { skip: controlPlaneMissing }, step('08', async () => {
    const { page } = wb;
    await patchDev('/apis/apps/v1/namespaces/thebot/deployments/celery-beat/scale', { spec: { replicas: 3 } });
    await patchDev('/api/v1/namespaces/thebot/configmaps/nginx-config', undefined);
    await description('celery-beat').filter({ hasText: /· drifted: spec\.replicas$/ }).waitFor({ timeout: 60_000 });
    await treeRow(page, 'Environments', 'dev').locator('.label-description', { hasText: /1 drifted, 1 missing$/ }).waitFor();
    await setExpanded(treeRow(page, 'Environments', 'ConfigMap').first(), true);
    await description('nginx-config').filter({ hasText: /^missing$/ }).waitFor();
    assert.equal(await description('redis-config').innerText(), 'in sync');
    await screenshot(page, '10-revisions-drift');

    await contextMenu(treeRow(page, 'Environments', 'celery-beat').first(), 'Show Drift (Live ↔ Render)', { environment: 'dev', item: 'Deployment celery-beat' }, page.locator('.tabs-container .tab.active', { hasText: 'dev: Deployment celery-beat live ↔ render' }));
    // The header: each changed field, both values, the source line that sets it
    // (the view opens at its top). Monaco draws spaces as no-break spaces: \s matches both.
    const header = page.locator('.monaco-diff-editor .view-line', { hasText: /^#\sspec\.replicas\s—\slive\s3,\srender\s1\s—\sset\sat\s/ }).first();
    await header.waitFor();
    assert.match((await header.innerText()).replace(/\u00a0/g, ' '), /^# spec\.replicas — live 3, render 1 — set at (base|overlays\/dev)\/[\w.-]+\.yaml:\d+:\d+$/);
    await screenshot(page, '11-drift-diff');
    const toast = page.locator('.notification-toast', { hasText: 'Deployment thebot/celery-beat in dev: drifted: spec.replicas.' });
    await toast.waitFor();
    await toast.locator('.monaco-button', { hasText: /^Deploy this Object$/ }).click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /Deploy Deployment thebot\/celery-beat to dev \(context thebot-dev\) as rendered, taking back the fields changed in the cluster\?/);
    await dialog.locator('.monaco-button', { hasText: /^Deploy Object$/ }).click();
    await page.locator('.notification-toast', { hasText: 'Deployed Deployment thebot/celery-beat to dev: configured.' }).waitFor({ timeout: 60_000 });
    await description('celery-beat').filter({ hasText: /· in sync$/ }).waitFor({ timeout: 60_000 });
    // The open drift view was taken before that deploy: it says so.
    await page.locator('.monaco-diff-editor .view-line', { hasText: /^#\sSTALE:\sDeployment\sthebot\/celery-beat\swas\sdeployed\sat\s\d\d:\d\d\sUTC/ }).first().waitFor();
  }));

  it('deploys atomically: a rollout that fails is rolled back to the previous revision', { skip: controlPlaneMissing }, step('09', async () => {
    const { page } = wb;
    // celery-beat pinned to a node pool that does not exist, with a 5 s progress deadline.
    const kfile = join(scratch, 'manifests', 'overlays', 'dev', 'kustomization.yaml');
    const original = readFileSync(kfile, 'utf8');
    const broken = original.replace(/^patches:\n/m, 'patches:\n  - target:\n      kind: Deployment\n      name: celery-beat\n    patch: |-\n      - op: add\n        path: /spec/template/spec/nodeSelector\n        value:\n          thebot.dev/pool: none\n      - op: add\n        path: /spec/progressDeadlineSeconds\n        value: 5\n');
    assert.notEqual(broken, original);
    writeFileSync(kfile, broken);
    try {
      // The tree judges live against the new render at once: celery-beat no longer is what dev renders.
      await description('celery-beat').filter({ hasText: /drifted: (spec\.template\.spec\.nodeSelector, spec\.progressDeadlineSeconds|spec\.progressDeadlineSeconds, spec\.template\.spec\.nodeSelector)$/ }).waitFor({ timeout: 60_000 });
      await runCommand(page, 'THE_BOT: Deploy Environment');
      await pick(page, 'dev');
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ timeout: 120_000 });
      assert.match(await dialog.innerText(), /Deploy dev to context thebot-dev \(namespace thebot\)\? 1 created, 1 configured, \d+ unchanged, 0 failed\./);
      await dialog.locator('.monaco-button', { hasText: /^Deploy Atomically$/ }).click();
      const failed = page.locator('.notification-toast', { hasText: /Deploy of dev failed: Deployment thebot\/celery-beat: .*\. Rolled back to revision 1 \(now revision 3\)\./ });
      await failed.waitFor({ timeout: 180_000 });
    } finally {
      writeFileSync(kfile, original);
    }
    await description('#3 \\(live\\)').filter({ hasText: /^deployed · rollback to #1 · / }).waitFor({ timeout: 60_000 });
    assert.match(await description('#2').innerText(), /^failed · deploy · /);
    await description('nginx-config').filter({ hasText: /^in sync$/ }).waitFor({ timeout: 60_000 });
  }));

  it('diffs a revision with live, scales a workload, and rolls back to a revision', { skip: controlPlaneMissing }, step('10', async () => {
    const { page } = wb;
    // The rolled-back rollout done: dev is what it renders again.
    await treeRow(page, 'Environments', 'dev').locator('.label-description', { hasText: /— all available$/ }).waitFor({ timeout: 120_000 });
    await contextMenu(treeRow(page, 'Environments', '#2').first(), 'Diff with Live', { environment: 'dev', item: '#2' }, page.locator('.tabs-container .tab.active', { hasText: 'dev: cluster ↔ revision 2 (1 changed, 0 to delete)' }));

    // Scale (until the next deploy): shown as drift.
    await contextMenu(treeRow(page, 'Environments', 'celery-beat').first(), 'Scale…', { environment: 'dev', item: 'Deployment celery-beat' }, quickInput(page).locator('.quick-input-title', { hasText: 'Scale Deployment thebot/celery-beat in dev' }));
    const input = quickInput(page).locator('input');
    await input.fill('2');
    await input.press('Enter');
    await page.locator('.notification-toast', { hasText: 'Scaled Deployment thebot/celery-beat in dev to 2 until the next deploy.' }).waitFor({ timeout: 120_000 });
    await description('celery-beat').filter({ hasText: /^2\/2 available · drifted: spec\.replicas$/ }).waitFor({ timeout: 120_000 });
    // The README's picture: three revisions (a failed one, a rollback live) and a drift.
    await screenshot(page, '12-revisions-scaled-drift');

    const dialog = page.locator('.monaco-dialog-box');
    await contextMenu(treeRow(page, 'Environments', '#1').first(), 'Rollback to this Revision', { environment: 'dev', item: '#1' }, dialog);
    assert.match(await dialog.innerText(), /Roll dev back to revision 1 on context thebot-dev\? 1 objects change, 0 deleted\./);
    await page.locator('.tabs-container .tab.active', { hasText: 'dev: cluster ↔ revision 1 (1 changed, 0 to delete)' }).waitFor();
    await dialog.locator('.monaco-button', { hasText: /^Roll Back$/ }).click();
    await page.locator('.notification-toast', { hasText: 'Rolled dev back to revision 1 (now revision 4).' }).waitFor({ timeout: 180_000 });
    await description('#4 \\(live\\)').filter({ hasText: /^deployed · rollback to #1 · / }).waitFor({ timeout: 60_000 });
    await description('celery-beat').filter({ hasText: /· in sync$/ }).waitFor({ timeout: 60_000 });
    await screenshot(page, '12-rolled-back');
  }));

  it('refuses to deploy production through another context', step('06', async () => {
    const { page } = wb;
    await page.keyboard.press('Escape');
    // Collapse the tree so the production row is in view.
    await page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Environments' }) }).hover();
    await page.locator('.pane-header .codicon-collapse-all').first().click();
    await runCommand(page, 'THE_BOT: Select Kube Context for Environment');
    await pick(page, 'production');
    await pick(page, 'other-cluster');
    // A loud warning first; its default button keeps thebot.yaml's binding.
    const warning = page.locator('.monaco-dialog-box');
    await warning.waitFor();
    assert.match(await warning.innerText(), /thebot\.yaml binds production to context thebot-production, not other-cluster\. production is protected: dry-run, diff and deploy will be refused through other-cluster until you bind it back\./);
    await warning.locator('.monaco-button', { hasText: /^Bind production to other-cluster$/ }).click();
    await warning.waitFor({ state: 'detached' });
    await treeRow(page, 'Environments', 'production').locator('.label-description', { hasText: 'other-cluster · thebot' }).waitFor();
    await runCommand(page, 'THE_BOT: Deploy Environment');
    await pick(page, 'production');
    const toast = page.locator('.notification-toast', {
      hasText: 'Refusing to use context other-cluster for protected environment production: thebot.yaml binds it to thebot-production.',
    });
    await toast.waitFor({ timeout: 60_000 });
    await settled(toast);
    await screenshot(page, '09-production-refused');
  }));
});

/** The texts of every notification so far, newest first (the notification centre, opened and closed again). */
async function notifications(page: Workbench['page']): Promise<string[]> {
  await runCommand(page, 'Notifications: Show Notifications');
  const items = page.locator('.notifications-center .notification-list-item');
  await items.first().waitFor({ timeout: 5_000 }).catch(() => undefined);
  const texts = (await items.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  await page.keyboard.press('Escape');
  return texts;
}

/** The extension's log channel files (one per window). */
function extensionLogs(userData: string): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name === 'THE_BOT.log' ? [join(dir, e.name)] : []));
  return walk(join(userData, 'logs'));
}

/** The extension's own activation line from its log channel, if written yet. */
function activationLog(userData: string): string | undefined {
  for (const file of extensionLogs(userData)) {
    const line = readFileSync(file, 'utf8').split('\n').find((l) => l.includes('activated in'));
    if (line) return line;
  }
  return undefined;
}

/** The newest window's log, whole (undefined when none was written). */
function extensionLog(userData: string): string | undefined {
  try {
    const files = extensionLogs(userData);
    return files.length ? readFileSync(files.sort().at(-1)!, 'utf8').trimEnd() : undefined;
  } catch {
    return undefined;
  }
}
