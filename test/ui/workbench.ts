// What a person does in the workbench, as functions: open the SDRS view, read it, run palette commands.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { openWorkbench, startCodeServer, type CodeServer, type Workbench } from '../host/codeServer';
import { REPO_ROOT } from '../host/tools';

export const VIEW_CONTAINER = 'workbench.view.extension.sdrs';
/**
 * How long any wait for the workbench may take before it fails: a watchdog for what never comes, not a window a test
 * relies on (passing tests never reach it), so a machine busy with other work still passes.
 */
export const UI_WAIT_MS = Number(process.env.SDRS_UI_WAIT_MS ?? 60_000);
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'out', 'screenshots');

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface UiSession {
  server: CodeServer;
  workbench: Workbench;
  page: Page;
  close(): Promise<void>;
}

export interface UiSessionOptions {
  /** User settings (the workbench's own). */
  settings?: Record<string, unknown>;
  /** The extension host's environment. */
  env?: Record<string, string>;
}

/** Starts code-server with the extension in development mode and waits for the workbench to be ready. */
export async function openUiSession(options: UiSessionOptions = {}): Promise<UiSession> {
  const server = await startCodeServer({ settings: options.settings });
  try {
    const workbench = await openWorkbench(server, {
      extensionDevelopmentPath: REPO_ROOT,
      extensionEnvironment: options.env,
    });
    await workbench.page.locator('.monaco-workbench').waitFor({ timeout: UI_WAIT_MS });
    await workbench.page.locator('.activitybar').waitFor({ timeout: UI_WAIT_MS });
    return {
      server,
      workbench,
      page: workbench.page,
      close: async () => {
        await workbench.close().catch(() => undefined);
        await server.stop();
      },
    };
  } catch (e) {
    await server.stop();
    throw e;
  }
}

/** Clicks the SDRS item in the activity bar and waits for its view container to show. */
export async function openSdrsView(page: Page): Promise<void> {
  await page.locator('.activitybar [aria-label^="SDRS"]').first().click({ timeout: UI_WAIT_MS });
  await page.locator(`[id="${VIEW_CONTAINER}"]`).waitFor({ state: 'visible', timeout: UI_WAIT_MS });
}

/** Text of the visible tree rows of the SDRS view, top to bottom. */
export async function readTreeRows(page: Page): Promise<string[]> {
  const rows = page.locator(`[id="${VIEW_CONTAINER}"] .monaco-list-row`);
  return (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

/** Text of the view's welcome content (shown while the tree is empty). */
export async function readWelcome(page: Page): Promise<string> {
  const welcome = page.locator(`[id="${VIEW_CONTAINER}"] .welcome-view-content`).first();
  await welcome.waitFor({ state: 'visible', timeout: UI_WAIT_MS });
  return (await welcome.innerText()).replace(/\s+/g, ' ').trim();
}

/** Runs a command from the palette by its title, as a person would. */
export async function runPaletteCommand(page: Page, title: string): Promise<void> {
  // The palette lists the commands whose `when` holds as it opens and keeps that list while it is open. Right after a
  // workbench starts, a context key (isWorkspaceTrusted, a view's keys) may not be set yet: the palette then answers
  // "No matching commands" for a command that is there a moment later. So the palette is opened again until it lists it.
  const deadline = Date.now() + UI_WAIT_MS;
  const input = page.locator('.quick-input-widget input');
  const rows = page.locator('.quick-input-widget .monaco-list-row');
  // The best fuzzy match is not always the command itself ("File: Compare New Untitled Text Files" comes before
  // "File: New Untitled Text File"), so take the row whose label is exactly the title.
  const row = rows.filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(title)}\\s*$`) }) }).first();
  const none = rows.filter({ hasText: /^\s*No matching commands\s*$/ }).first();
  for (;;) {
    await page
      .locator('.monaco-workbench')
      .click({ position: { x: 640, y: 400 } })
      .catch(() => undefined);
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: Math.max(1, deadline - Date.now()) });
    await input.fill(`>${title}`);
    const shown = await row
      .or(none)
      .first()
      .waitFor({ state: 'visible', timeout: Math.max(1, deadline - Date.now()) })
      .then(
        () => true,
        () => false,
      );
    if (shown && (await row.isVisible())) break;
    if (!shown || Date.now() > deadline) {
      const listed = await rows
        .locator('.label-name')
        .allTextContents()
        .catch(() => []);
      const placeholder = await input.getAttribute('placeholder').catch(() => null);
      throw new Error(`The command palette does not list "${title}"; it shows ${JSON.stringify({ placeholder, listed: listed.slice(0, 10) })}`);
    }
    await page.keyboard.press('Escape');
    await input.waitFor({ state: 'hidden', timeout: Math.max(1, deadline - Date.now()) });
    await page.waitForTimeout(250);
  }
  if (/\bfocused\b/.test((await row.getAttribute('class')) ?? '')) await page.keyboard.press('Enter');
  else await row.click();
}

/** Waits for the workbench's finite animations (fades of pickers, hovers, menus) to end; spinners run forever and are skipped. */
export async function waitForAnimations(page: Page): Promise<void> {
  interface Animated {
    getAnimations(options: { subtree: boolean }): { finished: Promise<unknown>; effect: { getComputedTiming(): { endTime?: number | string } } | null }[];
  }
  await page
    .locator('.monaco-workbench')
    .first()
    .evaluate(async (root) => {
      const finite = (root as unknown as Animated)
        .getAnimations({ subtree: true })
        .filter((a) => Number.isFinite(Number(a.effect?.getComputedTiming().endTime)));
      await Promise.all(finite.map((a) => a.finished.catch(() => undefined)));
    });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await waitForAnimations(page).catch(() => undefined);
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Re-checks `ready` until it holds; for DOM state that no single selector can express. */
export async function poll(page: Page, ready: () => Promise<boolean>, what: string, timeoutMs = UI_WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await page.waitForTimeout(100);
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// User settings

/** The user settings as the workbench saved them: code-server keeps them in its user-data dir, on the server's disk. */
export function readUserSettings(session: UiSession): Record<string, unknown> {
  const text = fs.readFileSync(path.join(session.server.userDataDir, 'User', 'settings.json'), 'utf8');
  return JSON.parse(text) as Record<string, unknown>;
}

/** Polls the saved user settings until `check` accepts the value of `key`; returns that value. */
export async function waitForUserSetting(
  session: UiSession,
  key: string,
  check: (value: unknown) => boolean,
  what: string,
  timeoutMs = UI_WAIT_MS,
): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // A read in the middle of a write is not JSON yet: look again.
    let value: unknown;
    let read = false;
    try {
      value = readUserSettings(session)[key];
      read = true;
    } catch {
      // being written
    }
    if (read && check(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for the user setting ${key} to hold ${what}; it holds ${read ? JSON.stringify(value) : '(unreadable)'}`);
    await session.page.waitForTimeout(150);
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// The tree

const sdrsView = (page: Page): Locator => page.locator(`[id="${VIEW_CONTAINER}"]`);

/** One visible row of the SDRS tree, as a person reads it. */
export interface TreeRow {
  label: string;
  description: string;
  /** 1 for protection groups, 2 for drills, 3 for drill servers. */
  level: number;
  /** undefined for rows that cannot expand. */
  expanded?: boolean;
}

/** The rows directly under the first row labelled `parent` (the tree as drawn, top to bottom). */
export function childrenOf(rows: TreeRow[], parent: string): TreeRow[] {
  const start = rows.findIndex((r) => r.label === parent);
  if (start < 0) return [];
  const out: TreeRow[] = [];
  for (const row of rows.slice(start + 1)) {
    if (row.level <= rows[start].level) break;
    if (row.level === rows[start].level + 1) out.push(row);
  }
  return out;
}

const squash = (t: string | null): string => (t ?? '').replace(/\s+/g, ' ').trim();

/** The little of the DOM that the page-side readers below use (the tests compile without the DOM library). */
interface DomNode {
  textContent: string | null;
  className: string;
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomNode | null;
}

/** Label, description, depth and expansion of every rendered row, top to bottom, read in one go. */
export async function readTreeItems(page: Page): Promise<TreeRow[]> {
  const raw = await sdrsView(page)
    .locator('.monaco-list-row')
    .evaluateAll((rows) =>
      (rows as unknown as DomNode[]).map((row) => ({
        label: row.querySelector('.label-name')?.textContent ?? '',
        description: row.querySelector('.label-description')?.textContent ?? '',
        level: Number(row.getAttribute('aria-level')),
        expanded: row.getAttribute('aria-expanded'),
      })),
    );
  // Rows are positioned absolutely; the DOM order is their order on screen.
  return raw.map((r) => ({
    label: squash(r.label),
    description: squash(r.description),
    level: r.level,
    expanded: r.expanded === null ? undefined : r.expanded === 'true',
  }));
}

/** Polls the tree until `check` accepts its rows; the last rows are in the error when it never does. */
export async function waitForTreeItems(page: Page, check: (rows: TreeRow[]) => boolean, what: string, timeoutMs = UI_WAIT_MS): Promise<TreeRow[]> {
  const deadline = Date.now() + timeoutMs;
  let rows: TreeRow[] = [];
  for (;;) {
    // Rows are re-rendered under us while the tree refreshes; a failed read just means "look again".
    rows = await readTreeItems(page).catch(() => []);
    if (check(rows)) return rows;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for the SDRS tree to show ${what}; it shows:\n${JSON.stringify(rows, null, 1)}`);
    await page.waitForTimeout(150);
  }
}

/** The tree row whose label is exactly `label`. */
export function treeRow(page: Page, label: string): Locator {
  return sdrsView(page)
    .locator('.monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }) })
    .first();
}

/** Expands a row by its twistie (a no-op when already expanded) and waits for it to open. */
export async function expandRow(page: Page, label: string): Promise<void> {
  const row = treeRow(page, label);
  await row.waitFor({ state: 'visible', timeout: UI_WAIT_MS });
  const expanded = async (): Promise<boolean> => (await row.getAttribute('aria-expanded')) === 'true';
  // The extension may open the row itself just before the click lands (Create Drill opens the new drill's group), and the
  // click then closes it again: look once more and click again, a few times.
  for (let attempt = 0; attempt < 3 && !(await expanded()); attempt++) {
    await row.locator('.monaco-tl-twistie').click();
    await poll(page, expanded, `"${label}" to expand`, 3000).catch(() => undefined);
  }
  await poll(page, expanded, `"${label}" to expand`);
}

/** Collapses a row by its twistie (a no-op when already collapsed) and waits for it to close. */
export async function collapseRow(page: Page, label: string): Promise<void> {
  const row = treeRow(page, label);
  await row.waitFor({ state: 'visible', timeout: UI_WAIT_MS });
  if ((await row.getAttribute('aria-expanded')) !== 'true') return;
  await row.locator('.monaco-tl-twistie').click();
  await poll(page, async () => (await row.getAttribute('aria-expanded')) === 'false', `"${label}" to collapse`);
}

/** Right-clicks a row and returns the visible labels of its context menu. */
export async function rightClickRow(page: Page, label: string): Promise<string[]> {
  await treeRow(page, label).click({ button: 'right' });
  const menu = page.locator('.monaco-menu').first();
  await menu.waitFor({ state: 'visible', timeout: UI_WAIT_MS });
  return (await menu.locator('.action-item:not(.disabled) .action-label').allInnerTexts()).map(squash).filter(Boolean);
}

/** Clicks an item of the open context menu and waits for the menu to close. */
export async function clickMenuItem(page: Page, label: string): Promise<void> {
  const menu = page.locator('.monaco-menu').first();
  const item = menu.locator('.action-item', { hasText: label }).first();
  // A click that arrives before the pointer has highlighted the item is ignored by the menu; point first, as a hand does.
  await item.hover();
  await poll(page, async () => /\bfocused\b/.test((await item.getAttribute('class')) ?? ''), `menu item "${label}" to highlight`);
  // A menu item listens for the mouse-up only from 100 ms after it is drawn (so the right-click's own release runs
  // nothing); a click sooner is dropped and the menu stays open.
  await page.waitForTimeout(150);
  await item.click();
  await menu.waitFor({ state: 'hidden', timeout: UI_WAIT_MS });
}

/** Hovers a row's label until the workbench shows its tooltip containing `expect`; returns the tooltip text. */
export async function hoverRow(page: Page, label: string, expect: string): Promise<string> {
  await treeRow(page, label).locator('.label-name').hover();
  const hover = page.locator('.workbench-hover', { hasText: expect }).first();
  await hover.waitFor({ state: 'visible', timeout: UI_WAIT_MS });
  // MarkdownString.appendText writes spaces as &nbsp;.
  return (await hover.innerText()).replace(/\u00a0/g, ' ').trim();
}

/** The view's description as VS Code renders it in the view's pane header (e.g. the active filter and counts). */
export async function readViewDescription(page: Page): Promise<{ text: string; visible: boolean }> {
  const description = sdrsView(page).locator('.pane-header .description').first();
  return { text: squash(await description.textContent()), visible: await description.isVisible() };
}

/**
 * A view title action (`view/title` navigation group). With one view in the container VS Code draws them in the
 * side bar's title; otherwise in the view's pane header.
 */
export function viewTitleAction(page: Page, label: string): Locator {
  return page
    .locator(`.part.sidebar .composite.title .action-label[aria-label="${label}"], [id="${VIEW_CONTAINER}"] .pane-header .action-label[aria-label="${label}"]`)
    .locator('visible=true')
    .first();
}

/** Drags the primary side bar's edge so the side bar is `width` pixels wide (descriptions then fit in screenshots). */
export async function resizeSideBar(page: Page, width: number): Promise<void> {
  const sash = page.locator('.monaco-sash.primary-sidebar-sash');
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  const box = await sash.boundingBox();
  if (!sidebar || !box) throw new Error('side bar or its sash is not visible');
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width / 2, y);
  await page.mouse.down();
  await page.mouse.move(sidebar.x + width, y, { steps: 8 });
  await page.mouse.up();
}

// ---------------------------------------------------------------------------------------------------------------------
// Quick input (pickers and input boxes)

const quickInput = (page: Page): Locator => page.locator('.quick-input-widget');

export interface QuickInputState {
  title: string;
  /** The input box's value. */
  value: string;
  /** Each visible item's label and description, joined by a space, top to bottom. */
  items: string[];
  /** The focused item's text, if any. */
  active?: string;
  /** Prompt or validation message under the input. */
  message: string;
}

/** What the open quick input shows. */
export async function readQuickInput(page: Page): Promise<QuickInputState> {
  const widget = quickInput(page);
  const rows = await widget.locator('.quick-input-list .monaco-list-row').evaluateAll((els) =>
    (els as unknown as DomNode[]).map((row) => ({
      text: `${row.querySelector('.label-name')?.textContent ?? ''} ${row.querySelector('.label-description')?.textContent ?? ''}`,
      focused: row.className.split(' ').includes('focused'),
    })),
  );
  const messages = await widget.locator('.quick-input-message').allTextContents();
  const focused = rows.find((r) => r.focused);
  return {
    title: squash(await widget.locator('.quick-input-title').textContent()),
    value: await widget.locator('.quick-input-box input').first().inputValue(),
    items: rows.map((r) => squash(r.text)),
    active: focused && squash(focused.text),
    message: squash(messages.join(' ')),
  };
}

/** Waits until the quick input is open with a title containing `title` (e.g. "(2/4)"). */
export async function waitForQuickInput(page: Page, title: string, timeoutMs = UI_WAIT_MS): Promise<QuickInputState> {
  await quickInput(page).locator('.quick-input-title', { hasText: title }).waitFor({ state: 'visible', timeout: timeoutMs });
  return readQuickInput(page);
}

/** Replaces the quick input's text, as if typed. */
export async function typeInQuickInput(page: Page, text: string): Promise<void> {
  await quickInput(page).locator('.quick-input-box input').first().fill(text);
}

/** A visible quick input item whose text contains every one of `texts`. */
export function quickInputItem(page: Page, ...texts: string[]): Locator {
  let rows = quickInput(page).locator('.quick-input-list .monaco-list-row');
  for (const t of texts) rows = rows.filter({ hasText: t });
  return rows.first();
}

/** Waits for the visible quick input item whose text contains every one of `texts`, and clicks it. */
export async function pickQuickInputItem(page: Page, ...texts: string[]): Promise<void> {
  const item = quickInputItem(page, ...texts);
  await item.waitFor({ state: 'visible', timeout: UI_WAIT_MS });
  await item.click();
}

/** Clicks the quick input's Back button. */
export async function clickQuickInputBack(page: Page): Promise<void> {
  await quickInput(page).locator('.quick-input-left-action-bar .codicon-quick-input-back').click();
}

export async function waitForQuickInputClosed(page: Page): Promise<void> {
  await quickInput(page).waitFor({ state: 'hidden', timeout: UI_WAIT_MS });
}

// ---------------------------------------------------------------------------------------------------------------------
// Editors

/** Opens a new untitled text editor (it takes the keyboard focus) and waits for its tab. */
export async function openUntitledEditor(page: Page): Promise<Locator> {
  await runPaletteCommand(page, 'File: New Untitled Text File');
  const editor = page.locator('.editor-group-container.active .monaco-editor').first();
  await editor.locator('textarea, .native-edit-context').first().waitFor({ state: 'attached', timeout: UI_WAIT_MS });
  await page.locator('.editor-group-container.active .tab.active', { hasText: 'Untitled' }).waitFor({ state: 'visible', timeout: UI_WAIT_MS });
  return editor;
}

/** The text of the active editor as rendered (one line per rendered view line). */
export async function readEditorText(page: Page): Promise<string> {
  const lines = page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
  // Monaco renders spaces as U+00A0.
  return (await lines.innerText()).replace(/\u00a0/g, ' ').trim();
}

/** Polls the active editor until its text satisfies `check`. */
export async function waitForEditorText(page: Page, check: (text: string) => boolean, timeoutMs = UI_WAIT_MS): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await readEditorText(page).catch(() => '');
    if (check(text)) return text;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for the editor's text; it shows ${JSON.stringify(text)}`);
    await page.waitForTimeout(150);
  }
}

/** Closes every editor without saving (untitled test scratch files would otherwise ask to be saved). */
export async function revertAndCloseAllEditors(page: Page): Promise<void> {
  const tabs = page.locator('.editor-group-container .tab');
  for (let i = 0; i < 10 && (await tabs.count()) > 0; i++) {
    const before = await tabs.count();
    await runPaletteCommand(page, 'View: Revert and Close Editor');
    await poll(page, async () => (await tabs.count()) < before, 'the editor to close');
  }
  await waitForQuickInputClosed(page);
}

/** Drags a tree row into the active editor's text area (HTML5 drag and drop, as a mouse would). */
export async function dragRowToEditor(page: Page, label: string): Promise<void> {
  // Aim below the first line: an empty untitled file shows a "Select a language" hint there that takes the pointer.
  const target = page.locator('.editor-group-container.active .monaco-editor .overflow-guard').first();
  await treeRow(page, label).dragTo(target, { targetPosition: { x: 200, y: 120 }, timeout: UI_WAIT_MS });
}

/**
 * A UI suite's session: drops the failure screenshots of an earlier run named `<suite>-failed-*`, opens the workbench
 * with `options`, opens the SDRS view at 520 px and waits until `ready` accepts the tree (a screenshot
 * `<suite>-failed-setup` when it never does).
 */
export async function openSdrsSession(suite: string, options: UiSessionOptions, ready: (rows: TreeRow[]) => boolean, what: string): Promise<UiSession> {
  const stale = fs.existsSync(SCREENSHOT_DIR) ? fs.readdirSync(SCREENSHOT_DIR).filter((name) => name.startsWith(`${suite}-failed-`)) : [];
  for (const name of stale) fs.rmSync(path.join(SCREENSHOT_DIR, name));
  const session = await openUiSession(options);
  try {
    await openSdrsView(session.page);
    await resizeSideBar(session.page, 520);
    await waitForTreeItems(session.page, ready, what, UI_WAIT_MS);
  } catch (e) {
    await screenshot(session.page, `${suite}-failed-setup`).catch(() => undefined);
    await session.close();
    throw e;
  }
  return session;
}

/** In an afterEach: a screenshot `<suite>-failed-<test title>` of a test that failed. */
export async function screenshotIfFailed(page: Page, suite: string, test: Mocha.Test | undefined): Promise<void> {
  if (test?.state !== 'failed') return;
  await screenshot(page, `${suite}-failed-${test.title.replace(/[^\w.-]+/g, '-').slice(0, 60)}`).catch(() => undefined);
}

// ---------------------------------------------------------------------------------------------------------------------
// Row actions, selection, notifications and modal dialogs

/** A row's inline action (its icon button) by title; VS Code draws it while the pointer is over the row or the row is selected. */
export function rowInlineAction(page: Page, label: string, action: string): Locator {
  return treeRow(page, label).locator(`.actions .action-label[aria-label="${action}"]`).first();
}

/** Points at a row and waits until its inline action `action` shows; returns it (for a click, or to read its icon). */
export async function hoverRowAction(page: Page, label: string, action: string): Promise<Locator> {
  await treeRow(page, label).locator('.label-name').hover();
  const button = rowInlineAction(page, label, action);
  await button.waitFor({ state: 'visible', timeout: UI_WAIT_MS });
  return button;
}

/** Whether the row labelled `label` is selected, as the list tells assistive technology and draws it. */
export async function isRowSelected(page: Page, label: string): Promise<boolean> {
  const row = treeRow(page, label);
  const [aria, cls] = await Promise.all([row.getAttribute('aria-selected', { timeout: 2_000 }), row.getAttribute('class', { timeout: 2_000 })]);
  return aria === 'true' && /\bselected\b/.test(cls ?? '');
}

/**
 * The visible notification whose text contains `text` (progress notifications included): a toast, or a row of the
 * notification center. The harness starts code-server with the smoke-test driver (needed for extensionDevelopmentPath),
 * and with it the workbench shows no toasts: notifications then only reach the center (see openNotificationCenter).
 */
export function notification(page: Page, text: string | RegExp): Locator {
  return page
    .locator('.notifications-toasts .notification-toast, .notifications-center .notification-list-item', { hasText: text })
    .locator('visible=true')
    .first();
}

/** The notification's text as a person reads it (title, then the progress message), spaces squashed. */
export async function readNotification(item: Locator): Promise<string> {
  return squash(await item.locator('.notification-list-item-message').first().textContent());
}

const notificationCenter = (page: Page): Locator => page.locator('.notifications-center.visible');

/** The bell at the right end of the status bar: it opens and closes the notification center. */
const notificationBell = (page: Page): Locator => page.locator('.part.statusbar [id="status.notifications"]').first();

/** Opens the notification center by the bell in the status bar, as a person does who missed a toast. */
export async function openNotificationCenter(page: Page): Promise<void> {
  if (await notificationCenter(page).isVisible()) return;
  await notificationBell(page).click();
  await notificationCenter(page).waitFor({ state: 'visible', timeout: UI_WAIT_MS });
}

/** Closes the notification center by the bell again (a no-op when closed). */
export async function closeNotificationCenter(page: Page): Promise<void> {
  if (!(await notificationCenter(page).isVisible())) return;
  await notificationBell(page).click();
  await notificationCenter(page).waitFor({ state: 'hidden', timeout: UI_WAIT_MS });
}

/** The number on the SDRS icon in the activity bar (the view's badge), '' when it has none. */
export async function readActivityBadge(page: Page): Promise<string> {
  const badge = page.locator('.activitybar .action-item:has([aria-label^="SDRS"]) .badge .badge-content').first();
  return (await badge.isVisible()) ? squash(await badge.textContent()) : '';
}

export interface DialogState {
  message: string;
  detail: string;
  buttons: string[];
}

const dialog = (page: Page): Locator => page.locator('.monaco-dialog-box').first();

/** Waits for the workbench's modal dialog (showWarningMessage with modal: true) and reads it. */
export async function waitForDialog(page: Page, timeoutMs = UI_WAIT_MS): Promise<DialogState> {
  const box = dialog(page);
  await box.waitFor({ state: 'visible', timeout: timeoutMs });
  return {
    message: squash(await box.locator('.dialog-message-text').first().textContent()),
    detail: squash(
      await box
        .locator('.dialog-message-detail')
        .first()
        .textContent()
        .catch(() => ''),
    ),
    buttons: (await box.locator('.dialog-buttons .monaco-button').allInnerTexts()).map(squash).filter(Boolean),
  };
}

/** Clicks a button of the open modal dialog by its text and waits for the dialog to close. */
export async function clickDialogButton(page: Page, label: string): Promise<void> {
  const box = dialog(page);
  await box
    .locator('.dialog-buttons .monaco-button', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) })
    .first()
    .click();
  await box.waitFor({ state: 'hidden', timeout: UI_WAIT_MS });
}

/** User settings for a session on one emulator project in cn-north-4, with no timer-driven refreshes. */
/** User settings for a suite with the connections `connections` on the emulator, IAM included (its /v3/projects route). */
export function connectionSettings(emulator: { url: string }, connections: readonly object[]): Record<string, unknown> {
  return {
    // Application scope: user settings only.
    'sdrs.endpoint': emulator.url,
    'sdrs.iamEndpoint': emulator.url,
    'sdrs.autoRefreshSeconds': 0,
    'sdrs.connections': connections,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
  };
}

export function singleProjectSettings(emulator: { url: string; projectId: string }): Record<string, unknown> {
  return {
    // Application scope: user settings only (never a workspace), honoured in remote windows too.
    'sdrs.endpoint': emulator.url,
    'sdrs.projectId': emulator.projectId,
    'sdrs.region': 'cn-north-4',
    // Only the test's own actions change the tree: no refresh every 15 s under a hover, a drag or a job.
    'sdrs.autoRefreshSeconds': 0,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
  };
}
