// Drives the VS Code workbench served by code-server in Debian's Chromium
// (headless) through playwright-core, the way a person would: command
// palette, quick picks, views, the Problems panel. Every wait is on a
// selector or a condition, never a sleep.
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const SCREENSHOTS = join(new URL('../../', import.meta.url).pathname, 'test-results', 'e2e');

export interface Workbench {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function openWorkbench(url: string, folder: string, profileDir: string): Promise<Workbench> {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.THEBOT_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  // A browser left running keeps the test process alive for ever (CI hung
  // after a page load timed out here): closed on any failure before returning.
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    // The workbench is waited for below; the page's load event (every script
    // and font fetched) took over Playwright's default 30 s on a loaded CI machine.
    await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`, { waitUntil: 'domcontentloaded', timeout: 120_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
    // The status bar is drawn once the workbench has restored its parts.
    await page.locator('#workbench\\.parts\\.statusbar').waitFor({ timeout: 60_000 });
    return { context, page, close: () => context.close() };
  } catch (e) {
    await context.close().catch(() => undefined);
    throw e;
  }
}

/**
 * Waits until the element's CSS transitions and animations (fade-ins, slides)
 * have finished. An animation cancelled meanwhile (the workbench restyled the
 * element) rejects its `finished` with an AbortError: it is not running any
 * more either, so it counts as settled.
 */
export async function settled(locator: Locator): Promise<void> {
  // Runs in the page; typed loosely because the DOM library is not in this tsconfig.
  type Animated = { getAnimations(o: { subtree: boolean }): { finished: Promise<unknown> }[] };
  await locator.evaluate((el) =>
    Promise.all((el as unknown as Animated).getAnimations({ subtree: true }).map((a) => a.finished.catch(() => undefined))).then(() => undefined),
  );
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** Runs body; when it fails, saves a screenshot `failed-<name>` of the page before rethrowing. */
export async function screenshotOnFailure(page: Page, name: string, body: () => Promise<unknown>): Promise<void> {
  try {
    await body();
  } catch (e) {
    await screenshot(page, `failed-${name}`).catch(() => undefined);
    throw e;
  }
}

/** The quick input widget (command palette, quick picks, input boxes). */
export function quickInput(page: Page): Locator {
  return page.locator('.quick-input-widget');
}

/**
 * Opens the quick input with `key` and returns its input once it holds the
 * focus. The widget closes when it loses the focus, and a click just before
 * (an editor tab, a tree row) could still be moving the focus as it opened:
 * the text filled in then went into the editor (a CI run's Go to Line typed
 * ":12:4" into 06-backend-deployment.yaml). Pressed again, up to 3 times,
 * until the input is focused and still is a moment later.
 */
async function openQuickInput(page: Page, key: string): Promise<Locator> {
  const input = quickInput(page).locator('input');
  const focused = () => input.evaluate((el) => el === el.ownerDocument.activeElement).catch(() => false);
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press(key);
    await input.waitFor({ state: 'visible' });
    if (await focused()) {
      await page.waitForTimeout(200);
      if ((await focused()) && (await input.isVisible())) return input;
    }
    if (attempt === 3) throw new Error(`the quick input opened by ${key} did not keep the focus`);
    // Closed by the focus change (or open without it): start again from a closed widget.
    if (await input.isVisible()) await page.keyboard.press('Escape');
  }
}

/** Opens the command palette and runs the command with this exact title ("THE_BOT: Deploy Environment"). */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = await openQuickInput(page, 'F1');
  await input.fill(`>${title}`);
  const row = quickInput(page).locator('.monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible' });
  await input.press('Enter');
}

/**
 * Picks the row labelled `label` (a regular expression's source) in the open
 * quick pick. Waits for the row first: the widget is reused between pickers,
 * so acting before the new items arrive would act on the old list. Then moves
 * the active item onto it with the arrow keys and accepts it with Enter, after
 * checking that the active row is that one: a click could land on another row
 * when the list moved under the pointer.
 */
export async function pick(page: Page, label: string): Promise<void> {
  const widget = quickInput(page);
  const exact = new RegExp(`^${label}$`);
  const rows = widget.locator('.monaco-list-row');
  const row = rows.filter({ has: page.locator('.label-name', { hasText: exact }) }).first();
  await row.waitFor({ state: 'visible' });
  const input = widget.locator('input');
  const index = async (r: Locator) => Number(await r.getAttribute('data-index'));
  for (let moves = 0; ; moves++) {
    const active = widget.locator('.monaco-list-row.focused').first();
    const activeLabel = await active.locator('.label-name').first().innerText({ timeout: 5_000 }).catch(() => undefined);
    if (activeLabel !== undefined && exact.test(activeLabel.trim())) break;
    if (moves > 100) throw new Error(`the quick pick's active row did not reach '${label}' (it is '${activeLabel ?? 'none'}')`);
    const from = activeLabel === undefined ? -1 : await index(active);
    await input.press((await index(row)) > from ? 'ArrowDown' : 'ArrowUp');
  }
  await input.press('Enter');
}

/** Moves the cursor to the first match of `text` in the active editor (find widget), then closes the widget. */
export async function findInEditor(page: Page, text: string): Promise<void> {
  await page.keyboard.press('Control+F');
  const input = page.locator('.find-widget textarea, .find-widget input').first();
  await input.waitFor({ state: 'visible' });
  await input.fill(text);
  await page.locator('.find-widget .matchesCount', { hasText: /^1 of \d+$/ }).waitFor();
  await page.keyboard.press('Escape');
}

/** Moves the cursor of the active editor to a 1-based line and column (Go to Line). */
export async function goToLine(page: Page, line: number, column = 1): Promise<void> {
  const input = await openQuickInput(page, 'Control+G');
  // The ":" prefix selects Go to Line whichever quick-input mode the key opened.
  await input.fill(`:${line}:${column}`);
  await input.press('Enter');
  await page.locator('.statusbar-item', { hasText: new RegExp(`^Ln ${line}, Col ${column}$`) }).first().waitFor();
}

/** Widens the primary side bar (drags its sash) so tree descriptions are readable in screenshots. */
export async function widenSideBar(page: Page, width: number): Promise<void> {
  const bar = (await page.locator('#workbench\\.parts\\.sidebar').boundingBox())!;
  const x = bar.x + bar.width;
  const y = bar.y + bar.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(bar.x + width, y, { steps: 5 });
  await page.mouse.up();
}

/** A row of a tree view, by its label (and optionally a text in its description). */
export function treeRow(page: Page, viewTitle: string, label: string): Locator {
  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: viewTitle }) });
  return pane.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) });
}

/**
 * The rows of a tree view as drawn now (a virtual list: only those in view),
 * one line each, indented by level: what a failed step prints, so that a
 * row that never came can be told from a row outside the view.
 */
export async function treeRows(page: Page, viewTitle: string): Promise<string[]> {
  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: viewTitle }) });
  // Plain values out of the page, formatted here: a function declared inside the
  // page function would be wrapped in the test runner's __name() helper, which
  // the page does not have.
  const rows = await pane.locator('.monaco-list-row').evaluateAll((els) =>
    els.map((r) => [r.getAttribute('aria-level') ?? '1', r.getAttribute('aria-expanded') ?? '', r.querySelector('.label-name')?.textContent ?? '', r.querySelector('.label-description')?.textContent ?? '']),
  );
  return rows.map(([level, expanded, label, description]) => {
    const mark = expanded === 'true' ? 'v ' : expanded === 'false' ? '> ' : '  ';
    return `${'  '.repeat(Number(level) - 1)}${mark}${label!.trim()}${description!.trim() ? ` · ${description!.trim()}` : ''}`;
  });
}

/**
 * Expands (or collapses) a tree row and waits until the tree says so. A live
 * tree redraws its rows as watch events come, which can swallow a click on
 * one: its twistie is clicked again until the row's aria-expanded changes,
 * within a deadline.
 */
export async function setExpanded(row: Locator, expanded: boolean, deadlineMs = 30_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  const done = row.locator(`xpath=self::*[@aria-expanded="${expanded}"]`);
  for (;;) {
    if (await done.count()) return;
    await row.locator('.monaco-tl-twistie').click();
    try {
      await done.waitFor({ timeout: 3_000 });
      return;
    } catch (e) {
      if (Date.now() > end) throw e;
    }
  }
}
