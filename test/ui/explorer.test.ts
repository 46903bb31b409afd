// End-to-end UI: a person browses the drill tree, filters it, copies and drags IDs, and we take the README screenshots.
import * as assert from 'node:assert/strict';
import { startEmulator, type Emulator, type RecordedRequest } from '../emulator/emulator';
import { DRILLS, GROUPS, INSTANCE_NAMES, QUARTERLY_PROD_SERVERS, VPCS, drillData, ALL_GROUPS, groupLabels, openDrillDataSession, sameList } from './drillData';
import {
  clickMenuItem,
  clickQuickInputBack,
  dragRowToEditor,
  expandRow,
  hoverRow,
  openUntitledEditor,
  poll,
  quickInputItem,
  readQuickInput,
  readViewDescription,
  revertAndCloseAllEditors,
  rightClickRow,
  runPaletteCommand,
  screenshot,
  screenshotIfFailed,
  treeRow,
  type TreeRow,
  typeInQuickInput,
  type UiSession,
  viewTitleAction,
  waitForEditorText,
  waitForQuickInput,
  waitForQuickInputClosed,
  waitForTreeItems,
  childrenOf,
  UI_WAIT_MS,
} from './workbench';

const AK = 'UIEXPLORERTESTAK0001';
const SK = 'ui-explorer-test-secret-key';

const drillListCalls = (requests: RecordedRequest[]): RecordedRequest[] => requests.filter((r) => r.path.endsWith('/disaster-recovery-drills'));

describe('Drill explorer UI (code-server workbench + SDRS emulator)', function () {
  let emulator: Emulator;
  let session: UiSession;

  before(async function () {
    emulator = await startEmulator({ data: drillData(), credentials: { accessKey: AK, secretKey: SK } });
    session = await openDrillDataSession('explorer', emulator);
  });

  after(async function () {
    await session?.close();
    await emulator?.close();
  });

  // Leave the workbench as the next scenario expects it: no prompt, menu or editor open, no filter.
  afterEach(async function () {
    if (!session) return;
    const { page } = session;
    // A drag that failed half-way would leave the button down for the next scenario.
    await page.mouse.up().catch(() => undefined);
    await screenshotIfFailed(page, 'explorer', this.currentTest);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.mouse.move(900, 700);
    await waitForQuickInputClosed(page);
    await revertAndCloseAllEditors(page);
    const clear = viewTitleAction(page, 'Clear Filter');
    if (await clear.isVisible()) {
      await clear.click();
      await waitForTreeItems(page, (rows) => sameList(groupLabels(rows), ALL_GROUPS), 'all groups after clearing the filter');
    }
  });

  describe('reading the tree', function () {
    it("shows protection groups by name, drills with their status, and drill servers by their instance's name with their ID", async () => {
      const { page } = session;
      // Groups come from the server-groups call; hr-portal has no drills and is listed all the same.
      const rows = await waitForTreeItems(page, (r) => sameList(groupLabels(r), ALL_GROUPS), 'the groups');
      const prod = rows.find((r) => r.label === 'prod-web');
      assert.equal(prod?.description, `4 drills · ${GROUPS.prodWeb}`);
      const hr = rows.find((r) => r.label === 'hr-portal');
      assert.equal(hr?.description, `no drills · ${GROUPS.hrPortal}`);
      assert.equal(hr?.expanded, undefined, 'a group without drills has nothing to expand');

      // Start from everything folded, as after "Collapse All", then open one group and one drill.
      await viewTitleAction(page, 'Collapse All').click();
      await waitForTreeItems(page, (r) => r.length === 4 && r.every((x) => x.level === 1 && x.expanded !== true), 'only collapsed groups');

      await expandRow(page, 'prod-web');
      const drills = childrenOf(await waitForTreeItems(page, (r) => childrenOf(r, 'prod-web').length === 4, 'the drills of prod-web'), 'prod-web');
      assert.deepEqual(
        drills.map((d) => [d.label, d.description]),
        [
          ['quarterly-prod-web', 'available'],
          ['switchover-prod-web', 'available'],
          ['quarterly-prod-web-retry', 'creating'],
          ['failover-prod-web', 'error'],
        ],
      );
      // Status shows as an icon too: a green tick for available, a red error for failed.
      assert.match((await treeRow(page, 'quarterly-prod-web').locator('.custom-view-tree-node-item-icon').getAttribute('class')) ?? '', /codicon-pass/);
      assert.match((await treeRow(page, 'failover-prod-web').locator('.custom-view-tree-node-item-icon').getAttribute('class')) ?? '', /codicon-error/);
      // A drill without drill servers cannot be expanded.
      assert.equal(drills.find((d) => d.label === 'failover-prod-web')?.expanded, undefined);

      await expandRow(page, 'quarterly-prod-web');
      const servers = childrenOf(
        await waitForTreeItems(page, (r) => childrenOf(r, 'quarterly-prod-web').length === 2, 'the drill servers'),
        'quarterly-prod-web',
      );
      assert.deepEqual(
        servers.map((s) => [s.label, s.description, s.level]),
        QUARTERLY_PROD_SERVERS.map(([server, instance]) => [INSTANCE_NAMES[instance], server, 3]),
      );
    });
  });

  describe('filtering', function () {
    it('walks all four steps of "Filter Drills", refuses a bad ID, goes Back, and shows only matching drills', async () => {
      const { page } = session;
      await runPaletteCommand(page, 'SDRS: Filter Drills');

      // Step 1: protection group. Known groups are offered by name, with their IDs.
      let step = await waitForQuickInput(page, '(1/4)');
      assert.match(step.title, /protection group/);
      for (const [name, id] of [
        ['prod-web', GROUPS.prodWeb],
        ['hr-portal', GROUPS.hrPortal],
      ]) {
        assert.ok(
          step.items.some((i) => i.includes(name) && i.includes(id)),
          `${name} is offered: ${JSON.stringify(step.items)}`,
        );
      }

      // A typed ID that is not valid is marked as such, and Enter does not take it.
      await typeInQuickInput(page, 'bad id!');
      await quickInputItem(page, 'bad id!', 'Not a valid ID').waitFor({ state: 'visible', timeout: UI_WAIT_MS });
      await page.keyboard.press('Enter');
      // The extension handles events in order: if Enter had been taken, this later edit would land nowhere.
      await typeInQuickInput(page, 'bad id!!');
      await quickInputItem(page, 'bad id!!', 'Not a valid ID').waitFor({ state: 'visible', timeout: UI_WAIT_MS });
      step = await readQuickInput(page);
      assert.match(step.title, /\(1\/4\)/, 'still on the first step');

      // Pick a group by typing its name and pressing Enter: text that matches a group is never offered as an ID.
      await typeInQuickInput(page, 'prod-web');
      await quickInputItem(page, 'prod-web', GROUPS.prodWeb).waitFor({ state: 'visible', timeout: UI_WAIT_MS });
      assert.equal(await quickInputItem(page, 'prod-web', 'Use this ID').count(), 0, 'a group name was offered as an ID');
      await page.keyboard.press('Enter');

      // Step 2: a name fragment.
      step = await waitForQuickInput(page, '(2/4)');
      assert.match(step.title, /name/);
      await typeInQuickInput(page, 'quarterly');
      await page.keyboard.press('Enter');

      // Step 3, then Back once: step 2 again, still holding the answer.
      await waitForQuickInput(page, '(3/4)');
      await clickQuickInputBack(page);
      step = await waitForQuickInput(page, '(2/4)');
      assert.equal(step.value, 'quarterly');
      await page.keyboard.press('Enter');

      // Step 3: status.
      step = await waitForQuickInput(page, '(3/4)');
      assert.match(step.title, /status/);
      await quickInputItem(page, 'available', 'The drill is ready').click();

      // Step 4: drill VPC; the VPCs seen in the listing are offered.
      step = await waitForQuickInput(page, '(4/4)');
      assert.match(step.title, /drill VPC/);
      for (const vpc of VPCS)
        assert.ok(
          step.items.some((i) => i.includes(vpc)),
          `${vpc} is offered`,
        );
      const before = emulator.requests.length;
      await quickInputItem(page, 'Any drill VPC').click();
      await waitForQuickInputClosed(page);

      // Only the drill matching group, name and status remains (the creating retry and erp-db's drill do not).
      await expandRow(page, 'prod-web');
      const upToDrills = (r: TreeRow[]): TreeRow[] => r.filter((x) => x.level <= 2);
      const rows = upToDrills(
        await waitForTreeItems(
          page,
          (r) =>
            sameList(
              upToDrills(r).map((x) => x.label),
              ['prod-web', 'quarterly-prod-web'],
            ),
          'only quarterly-prod-web under prod-web',
        ),
      );
      assert.equal(rows[1].description, 'available');

      // The view says what it is filtered by. (While this is its container's only view, VS Code merges the view's
      // header into the side bar title and does not draw the description; the text is what the header holds.)
      await poll(page, async () => (await readViewDescription(page)).text.includes('status: available'), 'the view description to show the filter');
      const description = await readViewDescription(page);
      assert.match(description.text, /^group: prod-web · name: quarterly · status: available · 1 drill\b/);
      // The message above the tree is what a person actually sees.
      const message = page.locator('[id="workbench.view.extension.sdrs"] .message').first();
      // The workbench draws the message a moment after the header: wait for the filter to reach it.
      await poll(page, async () => (await message.innerText()).startsWith('Filtered by'), 'the view message to show the filter');
      assert.match((await message.innerText()).trim(), /^Filtered by group: prod-web · name: quarterly · status: available — 1 drill\./);

      // And the service was asked with exactly those filters.
      const calls = drillListCalls(emulator.requests.slice(before));
      assert.ok(calls.length > 0, 'the drills were listed again');
      for (const call of calls) {
        assert.deepEqual(call.query.server_group_id, [GROUPS.prodWeb]);
        assert.deepEqual(call.query.name, ['quarterly']);
        assert.deepEqual(call.query.status, ['available']);
        assert.equal(call.query.drill_vpc_id, undefined);
      }
    });

    it('shows $(icon) syntax in server text as written: no icon in the filter prompt or the tree', async () => {
      const { page } = session;
      const hostileGroup = { ...drillData().groups[0], id: '6b0e8a51-2f4c-4d7e-9a31-0c5d8e7f1a22', name: '$(zap) injected $(loading~spin)' };
      const hostileVpc = '$(flame)-vpc';
      const hostileDrill = {
        ...drillData().drills[0],
        id: '1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b',
        name: 'icon-drill',
        server_group_id: hostileGroup.id,
        drill_vpc_id: hostileVpc,
      };
      emulator.data.groups.push(hostileGroup);
      emulator.data.drills.push(hostileDrill);
      try {
        await runPaletteCommand(page, 'SDRS: Refresh');
        // Tree labels are plain text.
        await waitForTreeItems(page, (r) => groupLabels(r).includes(hostileGroup.name), 'the group named with icon syntax, as written');
        const noIcons = async (where: string): Promise<void> => {
          const icons = await page.locator('.codicon-zap, .codicon-flame, .codicon-bug, .quick-input-widget .codicon-loading').count();
          assert.equal(icons, 0, `an icon from server text was drawn in ${where}`);
        };
        await noIcons('the tree');

        await runPaletteCommand(page, 'SDRS: Filter Drills');
        let step = await waitForQuickInput(page, '(1/4)');
        assert.ok(
          step.items.some((i) => i.includes(hostileGroup.name) && i.includes(hostileGroup.id)),
          `the group is listed as written: ${JSON.stringify(step.items)}`,
        );
        await noIcons('the protection group step');
        // Typed text is shown as typed too.
        await typeInQuickInput(page, '$(bug)');
        await quickInputItem(page, '$(bug)', 'Not a valid ID').waitFor({ state: 'visible', timeout: UI_WAIT_MS });
        await noIcons('a typed ID');
        await typeInQuickInput(page, '');
        await page.keyboard.press('Enter');
        await waitForQuickInput(page, '(2/4)');
        await page.keyboard.press('Enter');
        await waitForQuickInput(page, '(3/4)');
        await page.keyboard.press('Enter');
        step = await waitForQuickInput(page, '(4/4)');
        assert.ok(
          step.items.some((i) => i.includes(hostileVpc)),
          `the drill VPC is listed as written: ${JSON.stringify(step.items)}`,
        );
        await noIcons('the drill VPC step');
        await page.keyboard.press('Escape');
        await waitForQuickInputClosed(page);
      } finally {
        emulator.data.groups.pop();
        emulator.data.drills.pop();
        await page.keyboard.press('Escape');
        await runPaletteCommand(page, 'SDRS: Refresh');
        await waitForTreeItems(page, (rows) => sameList(groupLabels(rows), ALL_GROUPS), 'the four protection groups again');
      }
    });

    it('"Clear Filter" in the view title brings every group back', async () => {
      const { page } = session;
      assert.equal(await viewTitleAction(page, 'Clear Filter').isVisible(), false, 'no Clear Filter button without a filter');

      // Filter to one group, taking the defaults ("any") for the other steps.
      await runPaletteCommand(page, 'SDRS: Filter Drills');
      await waitForQuickInput(page, '(1/4)');
      await quickInputItem(page, 'erp-db', GROUPS.erpDb).click();
      await waitForQuickInput(page, '(2/4)');
      await page.keyboard.press('Enter');
      await waitForQuickInput(page, '(3/4)');
      await page.keyboard.press('Enter');
      await waitForQuickInput(page, '(4/4)');
      await page.keyboard.press('Enter');
      await waitForQuickInputClosed(page);
      await waitForTreeItems(page, (r) => sameList(groupLabels(r), ['erp-db']), 'only erp-db');

      const before = emulator.requests.length;
      await viewTitleAction(page, 'Clear Filter').click();
      await waitForTreeItems(page, (r) => sameList(groupLabels(r), ALL_GROUPS), 'every group again');
      await poll(page, async () => !(await viewTitleAction(page, 'Clear Filter').isVisible()), 'the Clear Filter button to go away');
      await poll(page, async () => /^7 drills\b/.test((await readViewDescription(page)).text), 'the description to drop the filter');
      const calls = drillListCalls(emulator.requests.slice(before));
      assert.ok(calls.length > 0 && calls.every((c) => Object.keys(c.query).every((k) => k === 'limit' || k === 'offset')), 'listed without filters');
    });
  });

  describe('README screenshots', function () {
    it('tree.png: the view with its groups expanded', async () => {
      const { page } = session;
      // hr-portal has no drills: nothing to expand.
      for (const group of ALL_GROUPS.filter((g) => g !== 'hr-portal')) await expandRow(page, group);
      // (No click on a row here: a click on a collapsible row also toggles it.)
      await expandRow(page, 'quarterly-prod-web');
      await waitForTreeItems(page, (r) => r.length === 4 + 7 + 2, 'all groups, drills and two drill servers');
      await page.mouse.move(900, 700);
      await screenshot(page, 'tree');
    });

    it('filter-prompt.png: the first filter step; Escape leaves the filter unchanged', async () => {
      const { page } = session;
      await runPaletteCommand(page, 'SDRS: Filter Drills');
      await waitForQuickInput(page, '(1/4)');
      await quickInputItem(page, 'prod-web', GROUPS.prodWeb).waitFor({ state: 'visible' });
      await screenshot(page, 'filter-prompt');
      await page.keyboard.press('Escape');
      await waitForQuickInputClosed(page);
      assert.equal(await viewTitleAction(page, 'Clear Filter').isVisible(), false, 'no filter after Escape');
    });

    it('tooltip.png: hovering a drill shows its details', async () => {
      const { page } = session;
      await expandRow(page, 'prod-web');
      const tooltip = await hoverRow(page, 'quarterly-prod-web', 'Drill ID');
      assert.match(tooltip, new RegExp(`Drill ID: ${DRILLS.quarterlyProd.id}`));
      assert.match(tooltip, /Status: available/);
      assert.match(tooltip, new RegExp(`Protection group: prod-web \\(${GROUPS.prodWeb}\\)`));
      assert.match(tooltip, new RegExp(`Drill VPC ID: ${VPCS[0]}`));
      assert.match(tooltip, /Drill servers: 2/);
      await screenshot(page, 'tooltip');
    });
  });

  describe('copying and dragging IDs', function () {
    it('"Copy Drill ID" from a drill\'s context menu puts the ID on the clipboard', async () => {
      const { page } = session;
      await expandRow(page, 'erp-db');
      const menu = await rightClickRow(page, 'quarterly-erp-db');
      assert.ok(menu.includes('Copy Drill ID'), `context menu: ${JSON.stringify(menu)}`);
      assert.ok(menu.includes('Show Drill Details'));
      await clickMenuItem(page, 'Copy Drill ID');
      await page.locator('.part.statusbar', { hasText: 'Copied drill ID' }).waitFor({ state: 'visible', timeout: UI_WAIT_MS });

      // Read the clipboard the way a person would: paste it into a new file.
      await openUntitledEditor(page);
      await page.keyboard.press('Control+V');
      assert.equal(await waitForEditorText(page, (t) => t.length > 0), DRILLS.quarterlyErp.id);
    });

    it('dragging a drill server into an editor inserts its ID', async () => {
      const { page } = session;
      await openUntitledEditor(page);
      await expandRow(page, 'prod-web');
      await expandRow(page, 'quarterly-prod-web');
      const [serverId, instanceId] = QUARTERLY_PROD_SERVERS[1];
      await dragRowToEditor(page, INSTANCE_NAMES[instanceId]);
      assert.equal(await waitForEditorText(page, (t) => t.length > 0), serverId);
    });
  });
});
