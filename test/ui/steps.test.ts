// End-to-end UI of the multi-step prompts (src/ui/steps.ts): Escape at every step of Create Drill and Add Connection sends
// nothing and changes nothing; Back keeps what each step held, so a person can go back, change one answer and finish.
import * as assert from 'node:assert/strict';
import { startEmulator, type Emulator, type RecordedRequest } from '../emulator/emulator';
import { ALL_GROUPS, drillData, groupLabels, sameList } from './drillData';
import {
  connectionSettings,
  clickQuickInputBack,
  hoverRowAction,
  openSdrsSession,
  pickQuickInputItem,
  poll,
  readQuickInput,
  readUserSettings,
  runPaletteCommand,
  screenshotIfFailed,
  typeInQuickInput,
  type UiSession,
  waitForQuickInput,
  waitForQuickInputClosed,
  waitForUserSetting,
  UI_WAIT_MS,
} from './workbench';

const AK = 'UISTEPSTESTACCESSK01';
const SK = 'ui-steps-test-secret-key';
const PROJECTS = {
  north: '6a1f3c0e9b2d4e5f8a7b6c5d4e3f2a1b',
  east: '7b2e4d1f0c3e5f6a9b8c7d6e5f4a3b2c',
  /** cn-south-1 has two projects of its name, so its project step asks which. */
  southA: '8c3f5e2a1d4f6a7b0c9d8e7f6a5b4c3d',
  southB: '9d4a6f3b2e5a7b8c1d0e9f8a7b6c5d4e',
} as const;
const NORTH = 'cn-north-4';
const EAST = 'cn-east-3';
const SOUTH = 'cn-south-1';
const GROUP = 'hr-portal';
const NAME = 'steps-hr-portal';
/** A drill VPC typed by hand (no drill of hr-portal has one to offer). */
const VPC = '0f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2910';
const CREATE_ITEM = 'Create Drill…';
const initial = [{ account: 'default', region: NORTH, projectId: PROJECTS.north }];

const iamLookups = (requests: RecordedRequest[]): string[] => requests.filter((r) => r.path === '/v3/projects').map((r) => r.query.name?.[0] ?? '');
const drillPosts = (requests: RecordedRequest[]): RecordedRequest[] =>
  requests.filter((r) => r.method === 'POST' && r.path.endsWith('/disaster-recovery-drills'));

describe('Multi-step prompts UI: Back and Escape in Create Drill and Add Connection (code-server workbench + SDRS/IAM emulator)', function () {
  let emulator: Emulator;
  let session: UiSession;
  const savedConnections = (): unknown => readUserSettings(session)['sdrs.connections'];

  /** Escape at the open prompt; resolves once it is closed and has sent nothing since `before`. */
  const escapeSendsNothing = async (before: number, where: string): Promise<void> => {
    await session.page.keyboard.press('Escape');
    await waitForQuickInputClosed(session.page);
    assert.deepEqual(
      emulator.requests.slice(before).map((r) => `${r.method} ${r.path}`),
      [],
      `Escape at ${where} sent a request`,
    );
  };

  const startCreateDrill = async (): Promise<void> => {
    await (await hoverRowAction(session.page, GROUP, CREATE_ITEM)).click();
    await waitForQuickInput(session.page, 'Create Drill: name (1/3)');
  };
  /** The name step's text, Enter, the drill VPC step. */
  const enterName = async (): Promise<void> => {
    await typeInQuickInput(session.page, NAME);
    await session.page.keyboard.press('Enter');
    await waitForQuickInput(session.page, 'Create Drill: drill VPC (2/3)');
  };
  /** A typed VPC ID, taken: the summary. */
  const enterVpc = async (): Promise<void> => {
    await typeInQuickInput(session.page, VPC);
    await pickQuickInputItem(session.page, VPC, 'Use this VPC ID');
    await waitForQuickInput(session.page, `Create Drill: create ${NAME} in ${GROUP}? (3/3)`);
  };

  const startAddConnection = async (): Promise<void> => {
    await runPaletteCommand(session.page, 'SDRS: Add Connection…');
    await waitForQuickInput(session.page, 'Add Connection: account');
  };
  const pickRegion = async (region: string): Promise<void> => {
    await waitForQuickInput(session.page, 'Add Connection: region');
    await typeInQuickInput(session.page, region);
    await pickQuickInputItem(session.page, region);
  };

  before(async function () {
    emulator = await startEmulator({
      projectId: PROJECTS.north,
      data: drillData(),
      lifecycle: true,
      projects: { [PROJECTS.east]: { groups: 2, drills: 3 }, [PROJECTS.southA]: { groups: 1, drills: 1 }, [PROJECTS.southB]: { groups: 1, drills: 1 } },
      credentials: { accessKey: AK, secretKey: SK },
      iamProjects: [
        { id: PROJECTS.north, name: NORTH },
        { id: PROJECTS.east, name: EAST },
        { id: PROJECTS.southA, name: SOUTH },
        { id: PROJECTS.southB, name: SOUTH },
      ],
    });
    session = await openSdrsSession(
      'steps',
      {
        settings: connectionSettings(emulator, initial),
        env: { HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: SK },
      },
      (rows) => sameList(groupLabels(rows), ALL_GROUPS),
      'the four protection groups',
    );
  });

  after(async function () {
    await session?.close();
    await emulator?.close();
  });

  afterEach(async function () {
    if (!session) return;
    const { page } = session;
    await screenshotIfFailed(page, 'steps', this.currentTest);
    await page.keyboard.press('Escape');
    await page.mouse.move(900, 700);
    await waitForQuickInputClosed(page);
  });

  it('Create Drill: Escape at the name, the drill VPC or the summary step sends nothing', async () => {
    let before = emulator.requests.length;
    await startCreateDrill();
    await escapeSendsNothing(before, 'the name step');

    before = emulator.requests.length;
    await startCreateDrill();
    await enterName();
    await escapeSendsNothing(before, 'the drill VPC step');

    before = emulator.requests.length;
    await startCreateDrill();
    await enterName();
    await enterVpc();
    // Back and forth first: Escape after Back cancels the whole flow all the same.
    await clickQuickInputBack(session.page);
    await waitForQuickInput(session.page, 'Create Drill: drill VPC (2/3)');
    await session.page.keyboard.press('Enter');
    await waitForQuickInput(session.page, `Create Drill: create ${NAME} in ${GROUP}? (3/3)`);
    await escapeSendsNothing(before, 'the summary');
    assert.deepEqual(emulator.jobs(), [], 'a job was started');
  });

  it('Add Connection: Escape at every step, on the new-account branch too, adds nothing and sends nothing (but the lookup)', async () => {
    const { page } = session;
    const saved = savedConnections();

    let before = emulator.requests.length;
    await startAddConnection();
    await escapeSendsNothing(before, 'the account step');

    // The new-account branch: name → AK → SK → security token, each left with Escape in turn.
    const branch: Array<[string, string]> = [
      ['New account (2/7)', 'partner'],
      ['SDRS credentials for "partner" (3/7)', AK],
      ['SDRS credentials for "partner" (4/7)', SK],
      ['SDRS credentials for "partner" (5/7)', ''],
    ];
    for (let stop = 0; stop < branch.length; stop++) {
      before = emulator.requests.length;
      await startAddConnection();
      await pickQuickInputItem(page, 'New account…');
      for (const [title, text] of branch.slice(0, stop)) {
        await waitForQuickInput(page, title);
        await typeInQuickInput(page, text);
        await page.keyboard.press('Enter');
      }
      await waitForQuickInput(page, branch[stop][0]);
      await escapeSendsNothing(before, branch[stop][0]);
    }
    // Nothing of the new account was kept: the account step does not offer it.
    await startAddConnection();
    assert.ok(!(await readQuickInput(page)).items.some((i) => i.startsWith('partner')), 'the cancelled new account is offered');
    await page.keyboard.press('Escape');
    await waitForQuickInputClosed(page);

    // The region step; then the project step, which comes after the one IAM lookup.
    before = emulator.requests.length;
    await startAddConnection();
    await pickQuickInputItem(page, 'default', 'from the environment');
    await waitForQuickInput(page, 'Add Connection: region (2/3)');
    await escapeSendsNothing(before, 'the region step');

    before = emulator.requests.length;
    await startAddConnection();
    await pickQuickInputItem(page, 'default', 'from the environment');
    await pickRegion(SOUTH);
    await waitForQuickInput(page, 'Add Connection: project (3/3)');
    await page.keyboard.press('Escape');
    await waitForQuickInputClosed(page);
    assert.deepEqual(
      emulator.requests.slice(before).map((r) => `${r.method} ${r.path}`),
      ['GET /v3/projects'],
      'Escape at the project step sent more than the lookup',
    );
    assert.deepEqual(savedConnections(), saved, 'sdrs.connections changed');
  });

  it('Create Drill: Back from the summary to the name keeps the name and the typed VPC; forward again creates exactly that', async () => {
    const { page } = session;
    const before = emulator.requests.length;
    await startCreateDrill();
    await enterName();
    await enterVpc();

    await clickQuickInputBack(page);
    let step = await waitForQuickInput(page, 'Create Drill: drill VPC (2/3)');
    assert.equal(step.value, VPC, 'the drill VPC step shows the typed ID again');
    await clickQuickInputBack(page);
    step = await waitForQuickInput(page, 'Create Drill: name (1/3)');
    assert.equal(step.value, NAME, 'the name step shows the name again');
    assert.equal(await page.locator('.quick-input-widget .codicon-quick-input-back').count(), 0, 'the first step offers Back');

    await page.keyboard.press('Enter');
    step = await waitForQuickInput(page, 'Create Drill: drill VPC (2/3)');
    assert.equal(step.value, VPC, 'the typed ID is kept on the way forward');
    await poll(page, async () => (await readQuickInput(page)).active?.startsWith(VPC) === true, 'the typed VPC to be the active item');
    await page.keyboard.press('Enter');
    step = await waitForQuickInput(page, `Create Drill: create ${NAME} in ${GROUP}? (3/3)`);
    assert.ok(
      step.items.some((i) => i === `Create drill VPC ${VPC}`),
      `the summary: ${JSON.stringify(step.items)}`,
    );
    await pickQuickInputItem(page, `drill VPC ${VPC}`);
    await waitForQuickInputClosed(page);

    await poll(page, async () => drillPosts(emulator.requests.slice(before)).some((r) => r.status !== 0), 'the create request to be answered');
    // One POST over the whole suite: a late one from an Escape would show here.
    const posts = drillPosts(emulator.requests);
    assert.equal(posts.length, 1, `one POST: ${JSON.stringify(posts.map((r) => [r.path, r.status]))}`);
    assert.equal(posts[0].status, 200);
    await poll(page, async () => emulator.jobs().every((j) => j.status === 'SUCCESS'), 'the create job to succeed', UI_WAIT_MS);
    const drill = emulator.data.drills.find((d) => d.name === NAME);
    assert.ok(drill, 'SDRS has the drill');
    assert.equal(drill.drill_vpc_id, VPC);
  });

  it('Add Connection: Back from the project step to the region, another region picked, adds that one', async () => {
    const { page } = session;
    const before = emulator.requests.length;
    await startAddConnection();
    await pickQuickInputItem(page, 'default', 'from the environment');
    await pickRegion(SOUTH);
    let step = await waitForQuickInput(page, 'Add Connection: project (3/3)');
    assert.ok(
      step.items.some((i) => i.includes(PROJECTS.southA)) && step.items.some((i) => i.includes(PROJECTS.southB)),
      `both projects of ${SOUTH} are offered: ${JSON.stringify(step.items)}`,
    );

    await clickQuickInputBack(page);
    step = await waitForQuickInput(page, 'Add Connection: region (2/3)');
    assert.equal(step.value, SOUTH, 'the region step shows what was typed there');
    assert.ok(step.active?.startsWith(SOUTH), `the region picked before is the active item: ${step.active}`);
    await pickRegion(EAST);
    await waitForQuickInputClosed(page);

    const saved = await waitForUserSetting(session, 'sdrs.connections', (v) => Array.isArray(v) && v.length === 2, 'two connections');
    assert.deepEqual(saved, [...initial, { account: 'default', region: EAST, projectId: PROJECTS.east, projectName: EAST }]);
    // One lookup per region picked; nothing created.
    assert.deepEqual(iamLookups(emulator.requests.slice(before)), [SOUTH, EAST]);
    assert.equal(emulator.iamCreateAttempts, 0);
  });
});
