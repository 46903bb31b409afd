// End-to-end UI: IDs in code. A person has a file that mentions a drill and a protected instance by ID; hovering the
// drill's ID shows what it is with "Reveal in SDRS View", whose click selects the drill in the SDRS view; a Ctrl-click on
// the protected instance's ID (a document link) expands the tree down to the drill server that copies it and selects it.
// In a Terraform file of the workspace, `group_id = "` completes protection groups by name (the ID is inserted), and a
// mistyped group ID is a warning whose quick fix puts in the listed group's ID.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { startEmulator, type Emulator } from '../emulator/emulator';
import { DRILLS, GROUPS, INSTANCE_NAMES, QUARTERLY_PROD_SERVERS, drillData, ALL_GROUPS, openDrillDataSession, sameList } from './drillData';
import {
  expandRow,
  isRowSelected,
  openUntitledEditor,
  poll,
  revertAndCloseAllEditors,
  screenshot,
  screenshotIfFailed,
  treeRow,
  type UiSession,
  VIEW_CONTAINER,
  viewTitleAction,
  waitForEditorText,
  waitForQuickInputClosed,
  waitForTreeItems,
  UI_WAIT_MS,
} from './workbench';

const AK = 'UIIDSINCODETESTAK001';
const SK = 'ui-ids-in-code-test-secret-key';
const DRILL = DRILLS.quarterlyProd;
/** quarterly-prod-web's first drill server and the protected instance it copies, named by the instance listing. */
const [SERVER_ID, INSTANCE_ID] = QUARTERLY_PROD_SERVERS[0];
const INSTANCE_NAME = INSTANCE_NAMES[INSTANCE_ID];

/** The file a person has open: a drill and a protected instance by ID, as Terraform variables or a runbook would. */
const FILE_LINES = ['# quarterly DR drill of prod-web', `drill_id = "${DRILL.id}"`, `protected_instance = "${INSTANCE_ID}"`];

/** The end of a document link's tooltip (src/editor/links.ts), which the editor's hover shows for a link. */
const LINK_TOOLTIP = 'reveal in the SDRS view';

/** The visible editor hover (Monaco's content hover) whose text contains each of `texts` (case-insensitive). */
const editorHover = (page: Page, texts: string[]): Locator =>
  texts
    .reduce((hover, text) => hover.filter({ hasText: text }), page.locator('.monaco-editor .monaco-hover'))
    .locator('visible=true')
    .first();

/** The little of the DOM that idCentre reads in the page (the tests compile without the DOM library). */
interface DrawnLine {
  textContent: string | null;
  querySelector(selector: string): { getBoundingClientRect(): { x: number; y: number; width: number; height: number } } | null;
}

/**
 * The centre of `id` as drawn in the active editor. Monaco draws each line as a `.view-line` whose one child span holds
 * the line's token spans; the font is monospaced and the lines here are ASCII, so a character's x is proportional to
 * its column. Text and box are read in one go in the page: Monaco redraws a line (new spans) when its links arrive.
 */
async function idCentre(page: Page, id: string): Promise<{ x: number; y: number }> {
  const line = page.locator('.editor-group-container.active .monaco-editor .view-lines .view-line', { hasText: id }).first();
  const deadline = Date.now() + UI_WAIT_MS;
  for (;;) {
    const drawn = await line
      .evaluate(
        (el) => {
          const node = el as unknown as DrawnLine;
          const box = node.querySelector(':scope > span')?.getBoundingClientRect();
          return { text: node.textContent ?? '', box: box && { x: box.x, y: box.y, width: box.width, height: box.height } };
        },
        undefined,
        { timeout: 2_000 },
      )
      .catch(() => undefined);
    const text = drawn?.text.replace(/\u00a0/g, ' ') ?? '';
    const column = text.indexOf(id);
    if (drawn?.box?.width && column >= 0) {
      return { x: drawn.box.x + (drawn.box.width * (column + id.length / 2)) / text.length, y: drawn.box.y + drawn.box.height / 2 };
    }
    if (Date.now() > deadline) throw new Error(`"${id}" is not drawn in the editor (line ${JSON.stringify(text)}, box ${JSON.stringify(drawn?.box)})`);
    await page.waitForTimeout(100);
  }
}

/**
 * Points at `id` in the editor until its hover shows each of `expect` (the pointer is wiggled: a hover that came before
 * the link did, or never came, is asked for again).
 */
async function hoverId(page: Page, id: string, ...expect: string[]): Promise<Locator> {
  const { x, y } = await idCentre(page, id);
  const hover = editorHover(page, expect);
  let dx = 0;
  await poll(
    page,
    async () => {
      if (await hover.isVisible()) return true;
      dx = dx === 0 ? 2 : 0;
      await page.mouse.move(x + dx, y);
      await hover.waitFor({ state: 'visible', timeout: 1_500 }).catch(() => undefined);
      return hover.isVisible();
    },
    `the hover of ${id} to show ${JSON.stringify(expect)}`,
    UI_WAIT_MS,
  );
  return hover;
}

/** The row is selected and drawn inside the SDRS view's list (not scrolled away). */
async function assertRowSelectedAndVisible(page: Page, label: string): Promise<void> {
  const row = treeRow(page, label);
  await poll(page, async () => (await row.isVisible()) && (await isRowSelected(page, label)), `"${label}" to be selected in the SDRS view`);
  const list = await page.locator(`[id="${VIEW_CONTAINER}"] .monaco-list`).first().boundingBox();
  const box = await row.boundingBox();
  assert.ok(list && box, `the SDRS list and the row "${label}" have boxes`);
  assert.ok(
    box.y >= list.y - 1 && box.y + box.height <= list.y + list.height + 1,
    `"${label}" is inside the view: row ${JSON.stringify(box)}, list ${JSON.stringify(list)}`,
  );
  // The only selected row (the view's selection is single).
  const selected = await page.locator(`[id="${VIEW_CONTAINER}"] .monaco-list-row[aria-selected="true"] .label-name`).allInnerTexts();
  assert.deepEqual(
    selected.map((t) => t.trim()),
    [label],
    'selected rows',
  );
}

/** A Terraform file of the workspace that creates a drill of a protection group to be chosen (the cursor goes in the quotes). */
const NEW_DRILL_TF = ['resource "huaweicloud_sdrs_drill" "quarterly" {', '  name         = "quarterly-prod-web-2"', '  group_id     = ""', '}', ''];
/** Line and column (1-based) between the quotes of `group_id = ""` in NEW_DRILL_TF. */
const NEW_DRILL_CURSOR = { line: 3, column: NEW_DRILL_TF[2].indexOf('""') + 2 };

/** prod-web's ID with its last four hex digits reversed: an ID no connection lists, one typo away from prod-web's. */
const TYPO_GROUP_ID = GROUPS.prodWeb.slice(0, -4) + [...GROUPS.prodWeb.slice(-4)].reverse().join('');
const TYPO_TF = ['resource "huaweicloud_sdrs_drill" "typo" {', '  name     = "quarterly-prod-web-2"', `  group_id = "${TYPO_GROUP_ID}"`, '}', ''];
const TYPO_MESSAGE = `Protection group ${TYPO_GROUP_ID} is not listed by any SDRS connection.`;

/** The status and description each protection group of drillData() shows in a suggestion (` · <status>`, `<Kind>`). */
const GROUP_STATUS: Readonly<Record<string, string>> = { 'prod-web': 'protected', 'erp-db': 'protected', 'crm-app': 'protected', 'hr-portal': 'available' };

/** Writes `lines` to `name` in the session's workspace folder (on the server's disk, which is this machine's). */
function writeWorkspaceFile(session: UiSession, name: string, lines: string[]): string {
  const file = path.join(session.server.workspaceFolder, name);
  fs.writeFileSync(file, lines.join('\n'));
  return file;
}

/** Opens a file of the workspace by Quick Open (its name typed in the palette without `>`), as a person would. */
async function openWorkspaceFile(page: Page, name: string): Promise<void> {
  await page
    .locator('.monaco-workbench')
    .click({ position: { x: 640, y: 400 } })
    .catch(() => undefined);
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: UI_WAIT_MS });
  await input.fill(name);
  const row = page
    .locator('.quick-input-widget .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${name.replace(/\./g, '\\.')}\\s*$`) }) })
    .first();
  await row.waitFor({ state: 'visible', timeout: UI_WAIT_MS });
  await row.click();
  await waitForQuickInputClosed(page);
  await page.locator('.editor-group-container.active .tab.active', { hasText: name }).waitFor({ state: 'visible', timeout: UI_WAIT_MS });
  await page.locator('.editor-group-container.active .monaco-editor.focused').first().waitFor({ state: 'visible', timeout: UI_WAIT_MS });
}

/** Puts the cursor at line:column of the active editor by Go to Line/Column (`:line:column` in the palette). */
async function goToLineColumn(page: Page, line: number, column: number): Promise<void> {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: UI_WAIT_MS });
  await input.fill(`:${line}:${column}`);
  // The picker says where it will go once it has read the input.
  await page
    .locator('.quick-input-widget .monaco-list-row, .quick-input-widget .quick-input-message', { hasText: `${line}` })
    .first()
    .waitFor({ state: 'visible', timeout: UI_WAIT_MS });
  await page.keyboard.press('Enter');
  await waitForQuickInputClosed(page);
  await page.locator('.editor-group-container.active .monaco-editor.focused').first().waitFor({ state: 'visible', timeout: UI_WAIT_MS });
  // The status bar says where the cursor is.
  await page.locator('.part.statusbar', { hasText: `Ln ${line}, Col ${column}` }).waitFor({ state: 'visible', timeout: UI_WAIT_MS });
}

/** The open suggest widget of the active editor. */
const suggestWidget = (page: Page): Locator => page.locator('.editor-group-container.active .monaco-editor .suggest-widget.visible').first();

/** The little of the DOM that readSuggestions reads in the page. */
interface SuggestRow {
  className: string;
  querySelector(selector: string): { textContent: string | null } | null;
}

interface Suggestions {
  rows: string[];
  focused?: string;
}

/**
 * Each row of the open suggest widget as a person reads it, top to bottom: the label, its detail (` · protected`) and,
 * after a space, its description (`Protection group`); and the focused row.
 */
async function readSuggestions(page: Page): Promise<Suggestions> {
  const rows = await suggestWidget(page)
    .locator('.monaco-list-row')
    .evaluateAll((els) =>
      (els as unknown as SuggestRow[]).map((el) => ({
        text: `${el.querySelector('.label-name')?.textContent ?? ''}${el.querySelector('.signature-label')?.textContent ?? ''} ${el.querySelector('.details-label')?.textContent ?? ''}`,
        focused: el.className.split(' ').includes('focused'),
      })),
    );
  const squash = (t: string): string =>
    t
      .replace(/\u00a0/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  return { rows: rows.map((r) => squash(r.text)), focused: rows.filter((r) => r.focused).map((r) => squash(r.text))[0] };
}

/** Polls the open suggest widget until `check` accepts what it shows; what it shows last is in the error when it never does. */
async function waitForSuggestions(page: Page, check: (shown: Suggestions) => boolean, what: string): Promise<Suggestions> {
  const deadline = Date.now() + UI_WAIT_MS;
  for (;;) {
    const shown = await readSuggestions(page).catch((): Suggestions => ({ rows: [] }));
    if (check(shown)) return shown;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for the suggest widget to show ${what}; it shows ${JSON.stringify(shown)}`);
    await page.waitForTimeout(100);
  }
}

/** The Problems item of the status bar (errors, then warnings); its accessible label says "Warnings: 1", "No Problems" … */
const problemsStatus = (page: Page): Locator => page.locator('.part.statusbar [id="status.problems"]').first();

/** The warning squiggles drawn in the active editor. */
const warningSquiggles = (page: Page): Locator =>
  page.locator(
    '.editor-group-container.active .monaco-editor .view-overlays .squiggly-warning, .editor-group-container.active .monaco-editor .squiggly-warning',
  );

/** The open code action menu (the quick fix menu of Ctrl+.) and its actions. */
const actionMenu = (page: Page): Locator => page.locator('.action-widget').locator('visible=true').first();

describe('IDs in code (UI)', function () {
  let emulator: Emulator;
  let session: UiSession;

  before(async function () {
    // The instance listing names the protected instances (ecs-web-01 …); the drill server rows are named after them.
    const data = drillData();
    emulator = await startEmulator({ data, credentials: { accessKey: AK, secretKey: SK } });
    session = await openDrillDataSession('idsInCode', emulator, {
      // The test types its file with the keyboard: no suggestion may take an Enter, and no quote may be closed twice.
      // Completion of IDs by name is asked for explicitly (Ctrl+Space) and taken with Tab, as in the completion test.
      'editor.suggestOnTriggerCharacters': false,
      'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
      'editor.acceptSuggestionOnEnter': 'off',
      'editor.autoClosingQuotes': 'never',
      'editor.autoClosingBrackets': 'never',
    });
  });

  after(async function () {
    await session?.close();
    await emulator?.close();
  });

  beforeEach(async function () {
    const { page } = session;
    // Every scenario starts from the folded tree.
    await viewTitleAction(page, 'Collapse All').click();
    await waitForTreeItems(
      page,
      (r) =>
        sameList(
          r.map((x) => x.label),
          ALL_GROUPS,
        ) && r.every((x) => x.expanded !== true),
      'only the folded groups',
    );
  });

  afterEach(async function () {
    if (!session) return;
    const { page } = session;
    await page.keyboard.up('Control').catch(() => undefined);
    await screenshotIfFailed(page, 'idsInCode', this.currentTest);
    await page.keyboard.press('Escape');
    await page.mouse.move(900, 700);
    await waitForQuickInputClosed(page);
    await revertAndCloseAllEditors(page);
  });

  describe('in a Terraform file of the workspace', function () {
    before(function () {
      // Both files before the first Quick Open: it may keep the file list it found for a while.
      writeWorkspaceFile(session, 'drill.tf', NEW_DRILL_TF);
      writeWorkspaceFile(session, 'typo.tf', TYPO_TF);
    });

    it('completion.png: Ctrl+Space in group_id = "" lists the protection groups by name with their status; Tab on prod-web inserts its ID', async () => {
      const { page } = session;
      await openWorkspaceFile(page, 'drill.tf');
      await waitForEditorText(page, (t) => t === NEW_DRILL_TF.join('\n').trim());
      await goToLineColumn(page, NEW_DRILL_CURSOR.line, NEW_DRILL_CURSOR.column);

      // Suggestions do not come on a quote in this suite: ask for them, as Ctrl+Space does.
      await page.keyboard.press('Control+Space');
      let shown = await waitForSuggestions(page, (s) => ALL_GROUPS.every((name) => s.rows.some((r) => r.startsWith(name))), ALL_GROUPS.join(', '));
      // Only protection groups: group_id takes no other kind of ID.
      assert.deepEqual(shown.rows.map((r) => r.split(' ')[0]).sort(), [...ALL_GROUPS].sort(), `suggestions: ${JSON.stringify(shown.rows)}`);
      for (const name of ALL_GROUPS) {
        const row = shown.rows.find((r) => r.startsWith(name)) ?? '';
        assert.equal(row, `${name} · ${GROUP_STATUS[name]} Protection group`, `the suggestion of ${name}`);
      }
      await screenshot(page, 'completion');

      // Filter by the name, as a person types it, until prod-web is the one focused suggestion; Tab takes it.
      await page.keyboard.type('prod-w');
      shown = await waitForSuggestions(page, (s) => s.rows.length === 1 && (s.focused ?? '').startsWith('prod-web '), 'prod-web alone, focused');
      assert.equal(shown.focused, 'prod-web · protected Protection group');
      await page.keyboard.press('Tab');
      await suggestWidget(page).waitFor({ state: 'hidden', timeout: UI_WAIT_MS });
      const text = await waitForEditorText(page, (t) => t.includes(GROUPS.prodWeb));
      assert.equal(text.split('\n')[NEW_DRILL_CURSOR.line - 1], `  group_id     = "${GROUPS.prodWeb}"`, `the editor's text: ${text}`);
    });

    it('terraform-check.png: a mistyped group_id is a warning whose quick fix Use protection group "prod-web" puts in its ID', async () => {
      const { page } = session;
      await openWorkspaceFile(page, 'typo.tf');
      await waitForEditorText(page, (t) => t === TYPO_TF.join('\n').trim());

      // The check runs once the listing is complete: a squiggle under the literal, one warning in the status bar.
      await warningSquiggles(page).first().waitFor({ state: 'visible', timeout: UI_WAIT_MS });
      await poll(
        page,
        async () => (await problemsStatus(page).getAttribute('aria-label')) === 'Warnings: 1',
        'one warning (and no error) in the status bar',
        UI_WAIT_MS,
      );
      // Pointing at the literal says why.
      await hoverId(page, TYPO_GROUP_ID, TYPO_MESSAGE);
      await page.mouse.move(900, 700);
      await page.keyboard.press('Escape');

      // Ctrl+. with the cursor in the literal opens the quick fixes.
      await goToLineColumn(page, 3, TYPO_TF[2].indexOf(TYPO_GROUP_ID) + 5);
      await page.keyboard.press('Control+.');
      const menu = actionMenu(page);
      const fix = menu.locator('.monaco-list-row', { hasText: `Use protection group "prod-web" (${GROUPS.prodWeb})` }).first();
      await fix.waitFor({ state: 'visible', timeout: UI_WAIT_MS });
      const offered = (await menu.locator('.monaco-list-row.action').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
      // Every listed group is offered, prod-web (the closest ID) first.
      assert.equal(offered[0], `Use protection group "prod-web" (${GROUPS.prodWeb})`, `the quick fixes: ${JSON.stringify(offered)}`);
      for (const name of ALL_GROUPS) {
        assert.ok(
          offered.some((o) => o.startsWith(`Use protection group "${name}" (`)),
          `a quick fix for ${name}: ${JSON.stringify(offered)}`,
        );
      }
      await screenshot(page, 'terraform-check');

      await fix.click();
      await menu.waitFor({ state: 'hidden', timeout: UI_WAIT_MS });
      const text = await waitForEditorText(page, (t) => t.includes(GROUPS.prodWeb));
      assert.equal(text.split('\n')[2], `  group_id = "${GROUPS.prodWeb}"`, `the editor's text: ${text}`);
      assert.ok(!text.includes(TYPO_GROUP_ID), `the typo is gone: ${text}`);
      // The check runs again on the edit: no squiggle, no problem left.
      await warningSquiggles(page).first().waitFor({ state: 'hidden', timeout: UI_WAIT_MS });
      await poll(page, async () => (await problemsStatus(page).getAttribute('aria-label')) === 'No Problems', '"No Problems" in the status bar');
    });
  });

  describe('in a file that mentions IDs', function () {
    beforeEach(async function () {
      // A fresh untitled file holding FILE_LINES.
      const { page } = session;
      await openUntitledEditor(page);
      await page.keyboard.type(FILE_LINES.join('\n'));
      await waitForEditorText(page, (t) => t === FILE_LINES.join('\n'));
    });

    it('hover.png: hovering a drill ID shows the drill with "Reveal in SDRS View", whose click selects the drill in the SDRS view', async () => {
      const { page } = session;
      // The drill's group open, as a person reading the tree would have it; the drill is not selected yet.
      await expandRow(page, 'prod-web');
      await treeRow(page, DRILL.name).waitFor({ state: 'visible', timeout: UI_WAIT_MS });
      assert.equal(await isRowSelected(page, DRILL.name), false, `${DRILL.name} is not selected before the reveal`);

      // Its hover, once the ID is also a link (underlined, with the link's own line in the hover), as a person sees it.
      const hover = await hoverId(page, DRILL.id, 'Reveal in SDRS View', LINK_TOOLTIP);
      const text = (await hover.innerText()).replace(/\u00a0/g, ' ');
      assert.match(text, new RegExp(`\\bDrill · ${DRILL.name}\\b`), `hover: ${text}`);
      assert.match(text, /Status: available/, `hover: ${text}`);
      assert.match(text, /Protection group: prod-web/, `hover: ${text}`);
      assert.match(text, /Reveal in SDRS View/, `hover: ${text}`);
      assert.match(text, /Copy ID/, `hover: ${text}`);
      await screenshot(page, 'hover');

      await hover.locator('a', { hasText: 'Reveal in SDRS View' }).first().click();
      await assertRowSelectedAndVisible(page, DRILL.name);
      // The reveal gives the SDRS view the keyboard focus (so arrow keys and the context menu key act on the row).
      await poll(page, async () => (await page.locator(`[id="${VIEW_CONTAINER}"] .monaco-list:focus-within`).count()) > 0, 'the SDRS view to have the focus');
    });

    it('Ctrl-click on a protected instance ID expands the tree to the drill server that copies it and selects that row', async () => {
      const { page } = session;
      // Folded tree: the drill server's row is not drawn before the click.
      assert.equal(await treeRow(page, INSTANCE_NAME).count(), 0, `${INSTANCE_NAME} is not drawn before the click`);

      // The ID is a document link once its hover carries the link's own tooltip (computed after the listing arrived).
      const hover = await hoverId(page, INSTANCE_ID, LINK_TOOLTIP);
      assert.match((await hover.innerText()).replace(/\u00a0/g, ' '), new RegExp(`Protected instance · ${INSTANCE_NAME}`));

      // Holding Ctrl over a link underlines it (Monaco's `detected-link-active`); the click with Ctrl held follows it.
      const { x, y } = await idCentre(page, INSTANCE_ID);
      await page.keyboard.down('Control');
      const activeLink = page.locator('.editor-group-container.active .monaco-editor .view-line .detected-link-active', { hasText: INSTANCE_ID }).first();
      await poll(
        page,
        async () => {
          await page.mouse.move(x + 1, y);
          await page.mouse.move(x, y);
          return activeLink.isVisible();
        },
        `${INSTANCE_ID} to show as a link under Ctrl`,
      );
      await page.mouse.click(x, y);
      await page.keyboard.up('Control');

      await waitForTreeItems(
        page,
        (r) => r.some((x2) => x2.label === INSTANCE_NAME && x2.level === 3 && x2.description === SERVER_ID),
        `${INSTANCE_NAME} under ${DRILL.name}`,
      );
      await assertRowSelectedAndVisible(page, INSTANCE_NAME);
    });

    it('"Copy ID" in the hover of a protected instance ID puts the ID on the clipboard', async () => {
      const { page } = session;
      const hover = await hoverId(page, INSTANCE_ID, 'Copy ID');
      assert.match((await hover.innerText()).replace(/\u00a0/g, ' '), new RegExp(`Protected instance · ${INSTANCE_NAME}`));
      await hover.locator('a', { hasText: 'Copy ID' }).first().click();
      await page.locator('.part.statusbar', { hasText: 'Copied protected instance ID' }).waitFor({ state: 'visible', timeout: UI_WAIT_MS });

      // Read the clipboard the way a person would: paste it on a new last line (a click below the text puts the cursor at its end).
      // The click left the hover focused; Escape closes it.
      await page.mouse.move(900, 700);
      await page.keyboard.press('Escape');
      await editorHover(page, ['Copy ID']).waitFor({ state: 'hidden', timeout: UI_WAIT_MS });
      await page.mouse.click(900, 600);
      await page.keyboard.press('Enter');
      await page.keyboard.press('Control+V');
      const text = await waitForEditorText(page, (t) => t.split('\n').length === FILE_LINES.length + 1 && t.split('\n')[FILE_LINES.length].length > 0);
      assert.equal(text.split('\n')[FILE_LINES.length], INSTANCE_ID);
    });
  });
});
