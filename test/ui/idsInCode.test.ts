// End-to-end UI: IDs in code. A person has a file that mentions a drill and a protected instance by ID; hovering the
// drill's ID shows what it is with "Reveal in SDRS View", whose click selects the drill in the SDRS view; a Ctrl-click on
// the protected instance's ID (a document link) expands the tree down to the drill server that copies it and selects it.
import * as assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { startEmulator, type Emulator } from '../emulator/emulator';
import { DRILLS, INSTANCE_NAMES, QUARTERLY_PROD_SERVERS, drillData, ALL_GROUPS, openDrillDataSession, sameList } from './drillData';
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
  const deadline = Date.now() + 15_000;
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
    20_000,
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
  assert.ok(box.y >= list.y - 1 && box.y + box.height <= list.y + list.height + 1, `"${label}" is inside the view: row ${JSON.stringify(box)}, list ${JSON.stringify(list)}`);
  // The only selected row (the view's selection is single).
  const selected = await page.locator(`[id="${VIEW_CONTAINER}"] .monaco-list-row[aria-selected="true"] .label-name`).allInnerTexts();
  assert.deepEqual(selected.map((t) => t.trim()), [label], 'selected rows');
}

describe('IDs in code (UI)', function () {
  let emulator: Emulator;
  let session: UiSession;

  before(async function () {
    // The instance listing names the protected instances (ecs-web-01 …); the drill server rows are named after them.
    const data = drillData();
    emulator = await startEmulator({ data, credentials: { accessKey: AK, secretKey: SK } });
    session = await openDrillDataSession('idsInCode', emulator, {
      // The test types its file with the keyboard: no suggestion may take an Enter, and no quote may be closed twice.
      // (Completion of IDs by name is tested in the extension host.)
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
    // Every scenario starts from the folded tree and a fresh untitled file holding FILE_LINES.
    await viewTitleAction(page, 'Collapse All').click();
    await waitForTreeItems(page, (r) => sameList(r.map((x) => x.label), ALL_GROUPS) && r.every((x) => x.expanded !== true), 'only the folded groups');
    await openUntitledEditor(page);
    await page.keyboard.type(FILE_LINES.join('\n'));
    await waitForEditorText(page, (t) => t === FILE_LINES.join('\n'));
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

  it('hover.png: hovering a drill ID shows the drill with "Reveal in SDRS View", whose click selects the drill in the SDRS view', async () => {
    const { page } = session;
    // The drill's group open, as a person reading the tree would have it; the drill is not selected yet.
    await expandRow(page, 'prod-web');
    await treeRow(page, DRILL.name).waitFor({ state: 'visible', timeout: 15_000 });
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

    await waitForTreeItems(page, (r) => r.some((x2) => x2.label === INSTANCE_NAME && x2.level === 3 && x2.description === SERVER_ID), `${INSTANCE_NAME} under ${DRILL.name}`);
    await assertRowSelectedAndVisible(page, INSTANCE_NAME);
  });

  it('"Copy ID" in the hover of a protected instance ID puts the ID on the clipboard', async () => {
    const { page } = session;
    const hover = await hoverId(page, INSTANCE_ID, 'Copy ID');
    assert.match((await hover.innerText()).replace(/\u00a0/g, ' '), new RegExp(`Protected instance · ${INSTANCE_NAME}`));
    await hover.locator('a', { hasText: 'Copy ID' }).first().click();
    await page.locator('.part.statusbar', { hasText: 'Copied protected instance ID' }).waitFor({ state: 'visible', timeout: 15_000 });

    // Read the clipboard the way a person would: paste it on a new last line (a click below the text puts the cursor at its end).
    // The click left the hover focused; Escape closes it.
    await page.mouse.move(900, 700);
    await page.keyboard.press('Escape');
    await editorHover(page, ['Copy ID']).waitFor({ state: 'hidden', timeout: 15_000 });
    await page.mouse.click(900, 600);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+V');
    const text = await waitForEditorText(page, (t) => t.split('\n').length === FILE_LINES.length + 1 && t.split('\n')[FILE_LINES.length].length > 0);
    assert.equal(text.split('\n')[FILE_LINES.length], INSTANCE_ID);
  });
});
