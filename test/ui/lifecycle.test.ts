// End-to-end UI: a person creates a drill in a protection group from its context menu (name → drill VPC → summary), watches
// the job in a progress notification until the new drill is selected and available, then deletes it from its own context
// menu; bad names are refused as typed, and Escape or Cancel at any step sends nothing.
import * as assert from 'node:assert/strict';
import { startEmulator, type Emulator, type RecordedRequest } from '../emulator/emulator';
import { GROUPS, drillData, ALL_GROUPS, groupLabels, openDrillDataSession, sameList } from './drillData';
import {
  clickDialogButton,
  clickMenuItem,
  closeNotificationCenter,
  collapseRow,
  expandRow,
  hoverRowAction,
  isRowSelected,
  notification,
  openNotificationCenter,
  pickQuickInputItem,
  poll,
  readActivityBadge,
  readNotification,
  readQuickInput,
  rightClickRow,
  rowInlineAction,
  runPaletteCommand,
  screenshot,
  screenshotIfFailed,
  treeRow,
  type TreeRow,
  typeInQuickInput,
  type UiSession,
  waitForDialog,
  waitForQuickInput,
  waitForQuickInputClosed,
  waitForTreeItems,
  childrenOf,
  UI_WAIT_MS,
} from './workbench';

const AK = 'UILIFECYCLETESTAK001';
const SK = 'ui-lifecycle-test-secret-key';
/** The group the drill is created in: it has no drills yet, so it is listed only because every group now is. */
const GROUP = 'hr-portal';
const NAME = 'quarterly-hr-portal';
const CREATE_ITEM = 'Create Drill…';
const DELETE_ITEM = 'Delete Drill…';

const drillOf = (rows: TreeRow[], name: string): TreeRow | undefined => childrenOf(rows, GROUP).find((r) => r.label === name);
/** Requests that change drills: POST on the collection (create), PUT and DELETE on one drill. */
const drillWrites = (requests: RecordedRequest[], method: 'POST' | 'PUT' | 'DELETE'): RecordedRequest[] =>
  requests.filter((r) => r.method === method && /\/disaster-recovery-drills(\/[^/]+)?$/.test(r.path));

/** The emulator's job clock: real time, except while held (then it stands still); `release` lets it run again. */
const jobClock = {
  heldAt: undefined as number | undefined,
  shift: 0,
  now(): number {
    return this.heldAt ?? Date.now() + this.shift;
  },
  hold(): void {
    this.heldAt = this.now();
  },
  release(): void {
    if (this.heldAt === undefined) return;
    this.shift = this.heldAt - Date.now();
    this.heldAt = undefined;
  },
};

describe('Drill lifecycle UI: Create Drill and Delete Drill (code-server workbench + SDRS emulator)', function () {
  let emulator: Emulator;
  let session: UiSession;
  /** The drill the create made, as SDRS has it; the delete test removes it. */
  let created: { id: string; drillVpcId: string; servers: number } | undefined;

  /** Right-click → "Create Drill…" → the name step, as a person starts it. */
  const startFromMenu = async (group: string): Promise<void> => {
    const menu = await rightClickRow(session.page, group);
    assert.ok(menu.includes(CREATE_ITEM), `"${CREATE_ITEM}" is on ${group}'s context menu: ${JSON.stringify(menu)}`);
    await clickMenuItem(session.page, CREATE_ITEM);
    await waitForQuickInput(session.page, 'Create Drill: name (1/3)');
  };

  /** Name (typed, Enter) → the drill VPC step. */
  const nameStep = async (name: string): Promise<void> => {
    await typeInQuickInput(session.page, name);
    await session.page.keyboard.press('Enter');
    await waitForQuickInput(session.page, 'Create Drill: drill VPC (2/3)');
  };

  /** Nothing was sent that creates, renames or deletes a drill, and no job was started. */
  const assertNothingSent = (since: number, what: string): void => {
    const writes = ['POST', 'PUT', 'DELETE'].flatMap((m) => drillWrites(emulator.requests.slice(since), m as 'POST' | 'PUT' | 'DELETE'));
    assert.deepEqual(
      writes.map((r) => `${r.method} ${r.path}`),
      [],
      `${what} sent a request`,
    );
  };

  before(async function () {
    emulator = await startEmulator({
      data: drillData(),
      credentials: { accessKey: AK, secretKey: SK },
      lifecycle: true,
      // Short jobs (INIT 0.3 s, RUNNING 1.2 s) on a clock the test holds while it looks at the drill "creating" or
      // "deleting": on a slow machine the group may open only after a real job of a few seconds has ended, so the jobs
      // wait for the test (`jobClock`), not the other way round.
      jobInitMs: 300,
      jobRunMs: 1200,
      now: () => jobClock.now(),
    });
    session = await openDrillDataSession('lifecycle', emulator);
  });

  after(async function () {
    await session?.close();
    await emulator?.close();
  });

  afterEach(async function () {
    if (!session) return;
    const { page } = session;
    await screenshotIfFailed(page, 'lifecycle', this.currentTest);
    jobClock.release();
    await closeNotificationCenter(page).catch(() => undefined);
    // A menu, a prompt or the modal of a failed test must not reach the next one.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.mouse.move(900, 700);
    await waitForQuickInputClosed(page);
    await page.locator('.monaco-dialog-box').waitFor({ state: 'hidden', timeout: UI_WAIT_MS });
  });

  it('a protection group offers "Create Drill…" inline (+) and on its context menu, not while SDRS refuses drills; a drill offers Rename, and Delete where SDRS deletes', async () => {
    const { page } = session;
    const rows = await waitForTreeItems(page, (r) => r.some((x) => x.label === GROUP), GROUP);
    assert.match(rows.find((r) => r.label === GROUP)?.description ?? '', new RegExp(`^no drills · ${GROUPS.hrPortal}$`));

    const plus = await hoverRowAction(page, GROUP, CREATE_ITEM);
    assert.match((await plus.getAttribute('class')) ?? '', /\bcodicon-add\b/, 'the inline action is a +');

    const groupMenu = await rightClickRow(page, GROUP);
    assert.ok(groupMenu.includes(CREATE_ITEM), `group menu: ${JSON.stringify(groupMenu)}`);
    assert.ok(!groupMenu.includes(DELETE_ITEM), `group menu: ${JSON.stringify(groupMenu)}`);
    await page.keyboard.press('Escape');

    // A group in a state SDRS creates no drills in (here: stopping protection) offers neither.
    const crm = emulator.data.groups.find((g) => g.id === GROUPS.crmApp);
    assert.ok(crm);
    crm.status = 'stopping';
    try {
      await runPaletteCommand(page, 'SDRS: Refresh');
      await poll(
        page,
        async () => /codicon-sync/.test((await treeRow(page, 'crm-app').locator('.custom-view-tree-node-item-icon').getAttribute('class')) ?? ''),
        'crm-app to show its transitional status',
      );
      const stoppingMenu = await rightClickRow(page, 'crm-app');
      assert.ok(
        stoppingMenu.includes('Copy Protection Group ID') && !stoppingMenu.includes(CREATE_ITEM),
        `a stopping group's menu: ${JSON.stringify(stoppingMenu)}`,
      );
      await page.keyboard.press('Escape');
      await treeRow(page, 'crm-app').locator('.label-name').hover();
      await page.waitForTimeout(300);
      assert.equal(await rowInlineAction(page, 'crm-app', CREATE_ITEM).count(), 0, 'a stopping group has no inline +');
    } finally {
      crm.status = 'protected';
      await runPaletteCommand(page, 'SDRS: Refresh');
      await poll(
        page,
        async () => /codicon-shield/.test((await treeRow(page, 'crm-app').locator('.custom-view-tree-node-item-icon').getAttribute('class')) ?? ''),
        'crm-app protected again',
      );
    }

    await expandRow(page, 'prod-web');
    const drillMenu = await rightClickRow(page, 'quarterly-prod-web');
    for (const item of ['Rename Drill…', DELETE_ITEM]) assert.ok(drillMenu.includes(item), `drill menu lacks ${item}: ${JSON.stringify(drillMenu)}`);
    assert.ok(!drillMenu.includes(CREATE_ITEM), `drill menu: ${JSON.stringify(drillMenu)}`);
    await page.keyboard.press('Escape');
    // Delete only where SDRS deletes: an error drill yes, a creating one no.
    for (const [drill, deletable] of [
      ['failover-prod-web', true],
      ['quarterly-prod-web-retry', false],
    ] as const) {
      const menu = await rightClickRow(page, drill);
      assert.equal(menu.includes(DELETE_ITEM), deletable, `${drill}'s menu: ${JSON.stringify(menu)}`);
      await page.keyboard.press('Escape');
    }
  });

  it('refuses a name with a space as it is typed (Enter does nothing), and Escape or Cancel at any step creates nothing', async () => {
    const { page } = session;
    const before = emulator.requests.length;

    // From the inline +: the name step, for this group.
    await (await hoverRowAction(page, GROUP, CREATE_ITEM)).click();
    let step = await waitForQuickInput(page, 'Create Drill: name (1/3)');
    assert.match(step.message, new RegExp(`A name for the new drill of ${GROUP}`));
    await typeInQuickInput(page, 'quarterly hr-portal');
    const refusal = page.locator('.quick-input-widget .quick-input-message', { hasText: 'Not a valid drill name' });
    await refusal.waitFor({ state: 'visible', timeout: UI_WAIT_MS });
    step = await readQuickInput(page);
    // The rule once, one bracket deep.
    assert.match(step.message, /^Not a valid drill name: it may contain only letters A-Z and a-z, digits, "\.", "_" and "-" \(not a space\)\./);
    await page.keyboard.press('Enter');
    // The extension handles events in order: had Enter been taken, the box would be gone and this edit would land nowhere.
    await typeInQuickInput(page, 'quarterly  hr-portal');
    await refusal.waitFor({ state: 'visible', timeout: UI_WAIT_MS });
    step = await readQuickInput(page);
    assert.match(step.title, /\(1\/3\)/, 'still on the name step');
    assert.equal(step.value, 'quarterly  hr-portal');
    // Escape at the name step.
    await page.keyboard.press('Escape');
    await waitForQuickInputClosed(page);

    // Escape at the drill VPC step.
    await startFromMenu(GROUP);
    await nameStep(NAME);
    step = await readQuickInput(page);
    assert.ok(
      step.items.some((i) => i.startsWith('Let SDRS create a drill VPC')),
      `the first choice: ${JSON.stringify(step.items)}`,
    );
    await page.keyboard.press('Escape');
    await waitForQuickInputClosed(page);

    // Escape at the summary, then "Cancel" there.
    for (const leave of ['Escape', 'Cancel'] as const) {
      await startFromMenu(GROUP);
      await nameStep(NAME);
      await pickQuickInputItem(page, 'Let SDRS create a drill VPC');
      step = await waitForQuickInput(page, `Create Drill: create ${NAME} in ${GROUP}? (3/3)`);
      assert.ok(
        step.items.some((i) => i === 'Create SDRS creates the drill VPC'),
        `the summary: ${JSON.stringify(step.items)}`,
      );
      assert.ok(step.items.includes('Cancel'), `the summary: ${JSON.stringify(step.items)}`);
      if (leave === 'Escape') await page.keyboard.press('Escape');
      else await pickQuickInputItem(page, 'Cancel');
      await waitForQuickInputClosed(page);
    }

    // A late POST would show here or in the next test's count of exactly one.
    await page.waitForTimeout(500);
    assertNothingSent(before, 'Escape or Cancel');
    assert.deepEqual(emulator.jobs(), [], 'a job was started');
    const rows = await waitForTreeItems(page, (r) => r.some((x) => x.label === GROUP), GROUP);
    assert.match(rows.find((r) => r.label === GROUP)?.description ?? '', /^no drills · /);
  });

  it('creates a drill from the context menu: "Creating drill" in a notification, the row "creating", then selected and available (create-drill.png)', async () => {
    const { page } = session;
    // Only prod-web stays open, for context in the screenshot; the rest fold so no row is scrolled out of the list.
    await waitForTreeItems(page, (r) => sameList(groupLabels(r), ALL_GROUPS), 'the groups');
    for (const group of ['crm-app', 'erp-db']) await collapseRow(page, group);
    await expandRow(page, 'prod-web');
    await collapseRow(page, 'quarterly-prod-web');
    const before = emulator.requests.length;

    await startFromMenu(GROUP);
    await typeInQuickInput(page, NAME);
    // The prompt, no refusal; and no tooltip of a row the pointer rested on when the menu closed.
    await poll(
      page,
      async () => (await readQuickInput(page)).message.startsWith(`A name for the new drill of ${GROUP} (Press 'Enter'`),
      'the prompt without a refusal',
    );
    await page.mouse.move(900, 700);
    await page.locator('.workbench-hover').waitFor({ state: 'hidden', timeout: UI_WAIT_MS });
    await screenshot(page, 'create-drill-name');
    await page.keyboard.press('Enter');
    await waitForQuickInput(page, 'Create Drill: drill VPC (2/3)');
    await pickQuickInputItem(page, 'Let SDRS create a drill VPC');
    await waitForQuickInput(page, `Create Drill: create ${NAME} in ${GROUP}? (3/3)`);
    const confirmedAt = Date.now();
    jobClock.hold();
    await pickQuickInputItem(page, 'SDRS creates the drill VPC');
    await waitForQuickInputClosed(page);

    // While the job runs: the progress notification (in the notification center: see `notification`), and the new drill
    // listed at once as "creating".
    await openNotificationCenter(page);
    const toast = notification(page, `Creating drill ${NAME}`);
    await toast.waitFor({ state: 'visible', timeout: UI_WAIT_MS });
    const toastMs = Date.now() - confirmedAt;
    const findCreating = (r: TreeRow[]): boolean => drillOf(r, NAME)?.description === 'creating';
    // The group that had nothing to expand now has a drill and a twistie. It stays folded (VS Code keeps a row's fold
    // state by its ID, and this row had none to keep), so a person opens it to watch the new drill.
    const group = await waitForTreeItems(
      page,
      (r) => r.find((x) => x.label === GROUP)?.description.startsWith('1 drill · ') === true,
      `${GROUP} with 1 drill`,
      UI_WAIT_MS,
    );
    if (group.find((x) => x.label === GROUP)?.expanded === false) await expandRow(page, GROUP);
    await waitForTreeItems(page, findCreating, `${NAME} creating`, UI_WAIT_MS);
    const creatingMs = Date.now() - confirmedAt;
    // The view's badge counts the jobs being followed.
    await poll(page, async () => (await readActivityBadge(page)) === '1', 'the SDRS badge to show 1 running job');
    await page.mouse.move(900, 700);
    await screenshot(page, 'create-drill');
    // Both still hold after the picture, so they held while it was taken.
    assert.ok(await toast.isVisible(), 'the notification had gone before the screenshot was taken');
    assert.ok(findCreating(await waitForTreeItems(page, () => true, 'any rows')), `${NAME} was no longer creating when the screenshot was taken`);
    assert.match(await readNotification(toast), new RegExp(`^Creating drill ${NAME}`));
    jobClock.release();

    // The end: the row available, revealed and selected; the notification gone.
    await waitForTreeItems(page, (r) => drillOf(r, NAME)?.description === 'available', `${NAME} available`, UI_WAIT_MS);
    await poll(page, () => isRowSelected(page, NAME), `${NAME} to be selected`, UI_WAIT_MS);
    const selectedMs = Date.now() - confirmedAt;
    await toast.waitFor({ state: 'hidden', timeout: UI_WAIT_MS });
    await closeNotificationCenter(page);
    await poll(page, async () => (await readActivityBadge(page)) === '', 'the SDRS badge to go');
    assert.equal(
      (await waitForTreeItems(page, () => true, 'any rows')).filter((r) => r.level === 2 && r.label === NAME).length,
      1,
      'one row for the new drill',
    );

    // SDRS: one POST, for this group and name; its job succeeded and named the drill.
    const posts = drillWrites(emulator.requests.slice(before), 'POST');
    assert.equal(posts.length, 1, `one POST: ${JSON.stringify(posts.map((r) => [r.path, r.status]))}`);
    assert.equal(posts[0].status, 200);
    const jobs = emulator.jobs();
    assert.equal(jobs.length, 1);
    assert.equal(jobs[0].status, 'SUCCESS');
    assert.equal(jobs[0].entities.server_group_id, GROUPS.hrPortal);
    const drill = emulator.data.drills.find((d) => d.name === NAME);
    assert.ok(drill, 'SDRS has the drill');
    assert.equal(drill.server_group_id, GROUPS.hrPortal);
    assert.equal(jobs[0].entities.disaster_recovery_drill_id, drill.id);
    assert.match(drill.drill_vpc_id, /^[0-9a-f-]{36}$/, 'SDRS made a drill VPC');
    created = { id: drill.id, drillVpcId: drill.drill_vpc_id, servers: drill.drill_servers.length };
    console.log(
      `      lifecycle: create confirmed → notification (center opened) ${toastMs} ms, row "creating" ${creatingMs} ms, available and selected ${selectedMs} ms (${emulator.jobPolls(jobs[0].job_id)} job polls)`,
    );
  });

  it('deletes that drill from its context menu: the modal says what goes and what stays, the row "deleting", then gone (delete-drill.png)', async () => {
    const { page } = session;
    assert.ok(created, 'the create test made a drill');
    const before = emulator.requests.length;
    await waitForTreeItems(page, (r) => drillOf(r, NAME)?.description === 'available', `${NAME} available`);

    // The modal, then Escape: nothing is deleted.
    let menu = await rightClickRow(page, NAME);
    assert.ok(menu.includes(DELETE_ITEM), `drill menu: ${JSON.stringify(menu)}`);
    await clickMenuItem(page, DELETE_ITEM);
    const modal = await waitForDialog(page);
    assert.equal(modal.message, `Delete drill ${NAME}?`);
    assert.equal(modal.detail, `Deletes its ${created.servers} drill servers with their disks and NICs. The drill VPC ${created.drillVpcId} is kept.`);
    assert.ok(modal.buttons.includes('Delete') && modal.buttons.includes('Cancel'), `buttons: ${JSON.stringify(modal.buttons)}`);
    await page.keyboard.press('Escape');
    await page.locator('.monaco-dialog-box').waitFor({ state: 'hidden', timeout: UI_WAIT_MS });
    await page.waitForTimeout(300);
    assertNothingSent(before, 'Escape at the delete modal');
    assert.equal(drillOf(await waitForTreeItems(page, () => true, 'any rows'), NAME)?.description, 'available');

    // Again, and confirm.
    menu = await rightClickRow(page, NAME);
    await clickMenuItem(page, DELETE_ITEM);
    await waitForDialog(page);
    await screenshot(page, 'delete-drill');
    const confirmedAt = Date.now();
    jobClock.hold();
    await clickDialogButton(page, 'Delete');

    await openNotificationCenter(page);
    const toast = notification(page, `Deleting drill ${NAME}`);
    await toast.waitFor({ state: 'visible', timeout: UI_WAIT_MS });
    await waitForTreeItems(page, (r) => drillOf(r, NAME)?.description === 'deleting', `${NAME} deleting`, UI_WAIT_MS);
    const deletingMs = Date.now() - confirmedAt;
    jobClock.release();
    const rows = await waitForTreeItems(page, (r) => r.some((x) => x.label === GROUP) && !r.some((x) => x.label === NAME), `${NAME} gone`, UI_WAIT_MS);
    const goneMs = Date.now() - confirmedAt;
    assert.match(rows.find((r) => r.label === GROUP)?.description ?? '', /^no drills · /);
    await toast.waitFor({ state: 'hidden', timeout: UI_WAIT_MS });
    await closeNotificationCenter(page);

    // SDRS: one DELETE of that drill; over the whole suite, exactly one POST and one DELETE, and no rename.
    const deletes = drillWrites(emulator.requests.slice(before), 'DELETE');
    assert.deepEqual(
      deletes.map((r) => [r.path, r.status]),
      [[`/v1/${emulator.projectId}/disaster-recovery-drills/${created.id}`, 200]],
    );
    assert.equal(drillWrites(emulator.requests, 'POST').length, 1, 'POSTs over the suite');
    assert.equal(drillWrites(emulator.requests, 'DELETE').length, 1, 'DELETEs over the suite');
    assert.equal(drillWrites(emulator.requests, 'PUT').length, 0, 'PUTs over the suite');
    const jobs = emulator.jobs();
    assert.deepEqual(
      jobs.map((j) => [j.job_type, j.status]),
      [
        ['createDisasterRecoveryDrill', 'SUCCESS'],
        ['deleteDisasterRecoveryDrill', 'SUCCESS'],
      ],
    );
    assert.ok(!emulator.data.drills.some((d) => d.id === created?.id), 'SDRS still has the drill');
    console.log(`      lifecycle: delete confirmed → row "deleting" ${deletingMs} ms, gone ${goneMs} ms (${emulator.jobPolls(jobs[1].job_id)} job polls)`);
  });
});
