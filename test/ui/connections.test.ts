// End-to-end UI: a person adds connections from the palette (account → region → project looked up in IAM) and the
// view grows a root per connection; IAM refusing the lookup falls back to typing the project ID; Escape adds nothing.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startEmulator, type Emulator, type EmulatorData, type RecordedRequest } from '../emulator/emulator';
import { drillData } from './drillData';
import {
  connectionSettings,
  expandRow,
  openSdrsSession,
  pickQuickInputItem,
  poll,
  quickInputItem,
  readQuickInput,
  readUserSettings,
  runPaletteCommand,
  screenshot,
  screenshotIfFailed,
  type TreeRow,
  typeInQuickInput,
  type UiSession,
  viewTitleAction,
  waitForQuickInput,
  waitForQuickInputClosed,
  waitForTreeItems,
  waitForUserSetting,
  childrenOf,
  UI_WAIT_MS,
} from './workbench';

// The default account's keys reach the extension through the SDKs' environment variables; the partner's are typed.
const AK = 'UICONNECTIONSTESTAK1';
const SK = 'ui-connections-test-secret-key';
const PARTNER_AK = 'UICONNECTIONSPARTNER';
const PARTNER_SK = 'ui-connections-partner-secret-key';

/** One project per region, each named after its region in IAM (as Huawei Cloud names a region's default project). */
const PROJECTS = {
  north: '5bf2462b16cb6194f80c1648150df57f',
  east: '5982b6ccf1b319213d954a391ffc10f3',
  south: 'a035573cee07a7b02f7dbc797cf9cc4f',
  asia: 'f785993ef1bcd71475135711605d660a',
} as const;
const REGIONS = { north: 'cn-north-4', east: 'cn-east-3', south: 'cn-south-1', asia: 'ap-southeast-3' } as const;
/** The root labels a person reads: region · the project ID's first 8 characters (the project name is the region's own). */
const ROOT = {
  north: `${REGIONS.north} · ${PROJECTS.north.slice(0, 8)}`,
  east: `${REGIONS.east} · ${PROJECTS.east.slice(0, 8)}`,
  south: `${REGIONS.south} · ${PROJECTS.south.slice(0, 8)}`,
  asia: `${REGIONS.asia} · ${PROJECTS.asia.slice(0, 8)}`,
} as const;
const NORTH_GROUPS = ['crm-app', 'erp-db', 'hr-portal', 'prod-web'];
const EAST_GROUPS = ['order-db', 'pay-gateway'];

/** cn-east-3's project: small, fixed, with IDs of its own, so the README screenshot does not churn. */
function eastData(): EmulatorData {
  const group = (id: string, name: string): EmulatorData['groups'][number] => ({
    id,
    name,
    description: `DR protection for ${name}`,
    status: 'protected',
    source_availability_zone: 'cn-east-3a',
    target_availability_zone: 'cn-east-3b',
    protected_instance_num: 2,
    disaster_recovery_drill_num: 0,
    created_at: '2024-05-02 08:00:00.000',
    updated_at: '2024-05-02 09:30:00.000',
  });
  const drill = (
    id: string,
    name: string,
    status: string,
    groupId: string,
    created: string,
    servers: Array<[string, string]> = [],
  ): EmulatorData['drills'][number] => ({
    id,
    name,
    status,
    server_group_id: groupId,
    drill_vpc_id: '344f20f8-dcdb-4035-bfb6-21d3740d1e01',
    created_at: `${created} 02:15:00.000`,
    updated_at: `${created} 03:40:00.000`,
    drill_servers: servers.map(([drillServer, instance]) => ({ drill_server_id: drillServer, protected_instance: instance })),
  });
  const pay = '453823f1-ac2b-4fa8-aeac-828254ce83cc';
  const order = '25972c6b-fc93-41bb-9f15-6f28464024d3';
  return {
    groups: [group(pay, 'pay-gateway'), group(order, 'order-db')],
    drills: [
      drill('301747c2-7117-4904-bf2b-a448e94a3a75', 'monthly-pay-gateway', 'available', pay, '2025-02-10', [
        ['0c9e51d4-a84a-42d6-8725-61b8e5ec46f7', 'edc9369b-f267-4368-b168-b65440e6bb1d'],
      ]),
      drill('22774185-c64d-4c1c-b419-01b27195f343', 'quarterly-order-db', 'available', order, '2025-03-03', [
        ['773ad42a-43e7-44b0-bb9a-4a5dd8a87194', 'd68ccaac-9568-4ba6-a628-9b12f1f5b255'],
      ]),
      drill('27651455-ccaf-4eef-859a-38b234524a96', 'failover-order-db', 'creating', order, '2025-05-19'),
      drill('98f3a827-504f-43e9-a63f-fb447de45124', 'monthly-pay-gateway-2', 'error', pay, '2025-06-09'),
    ],
  };
}

const rootLabels = (rows: TreeRow[]): string[] => rows.filter((r) => r.level === 1).map((r) => r.label);
const sorted = (xs: readonly string[]): string[] => [...xs].sort();
const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
/** Whether `parent`'s rows are exactly these groups (in any order): the listing has arrived and is drawn. */
const showsGroups = (rows: TreeRow[], parent: string, groups: readonly string[]): boolean =>
  sameList(sorted(childrenOf(rows, parent).map((r) => r.label)), sorted(groups));
/** Every protection group of the project: the tree shows them all, also those without drills. */
const allGroups = (data: EmulatorData): string[] => data.groups.map((g) => g.name);

const iamLookups = (requests: RecordedRequest[]): RecordedRequest[] => requests.filter((r) => r.path.startsWith('/v3/'));
/** The access key an AK/SK-signed request was signed with (an access key ID only; no secret is read). */
const signedBy = (r: RecordedRequest): string | undefined => /\bAccess=([^,\s]+)/.exec(String(r.headers.authorization ?? ''))?.[1];

interface ConnectionEntry {
  account?: string;
  region?: string;
  projectId?: string;
  projectName?: string;
  label?: string;
  endpoint?: string;
}
const connectionsOf = (value: unknown): ConnectionEntry[] => (Array.isArray(value) ? (value as ConnectionEntry[]) : []);

describe('Connections UI: Add Connection (code-server workbench + SDRS/IAM emulator)', function () {
  let emulator: Emulator;
  let session: UiSession;
  /** `sdrs.connections` as the suite starts: the one connection, in cn-north-4. */
  const initial: ConnectionEntry[] = [{ account: 'default', region: REGIONS.north, projectId: PROJECTS.north }];

  const savedConnections = (): ConnectionEntry[] => connectionsOf(readUserSettings(session)['sdrs.connections']);
  const waitForConnections = async (count: number): Promise<ConnectionEntry[]> =>
    connectionsOf(await waitForUserSetting(session, 'sdrs.connections', (v) => connectionsOf(v).length === count, `${count} connections`));

  /** "Collapse All" from the view's title: every root folds, so rows past the view's height are not needed. */
  const collapseAll = async (): Promise<void> => {
    const { page } = session;
    await page.locator('.part.sidebar .title').first().hover();
    await viewTitleAction(page, 'Collapse All').click();
    await waitForTreeItems(page, (rows) => rows.length > 0 && rows.every((r) => r.level === 1 && r.expanded !== true), 'only folded roots');
  };

  /** Palette → "SDRS: Add Connection…" → the account step, as a person starts it. */
  const startAddConnection = async (): Promise<void> => {
    await runPaletteCommand(session.page, 'SDRS: Add Connection…');
    await waitForQuickInput(session.page, 'Add Connection: account');
  };

  /** The region step: type the region to narrow the list of eleven, then pick it. */
  const pickRegion = async (region: string): Promise<void> => {
    const { page } = session;
    await waitForQuickInput(page, 'Add Connection: region');
    await typeInQuickInput(page, region);
    await pickQuickInputItem(page, region);
  };

  before(async function () {
    emulator = await startEmulator({
      projectId: PROJECTS.north,
      data: drillData(),
      projects: { [PROJECTS.east]: eastData(), [PROJECTS.south]: { groups: 2, drills: 3 }, [PROJECTS.asia]: { groups: 2, drills: 3 } },
      credentials: { accessKey: AK, secretKey: SK },
      extraCredentials: [{ accessKey: PARTNER_AK, secretKey: PARTNER_SK }],
      iamProjects: (Object.keys(PROJECTS) as Array<keyof typeof PROJECTS>).map((k) => ({ id: PROJECTS[k], name: REGIONS[k] })),
    });
    session = await openSdrsSession(
      'connections',
      {
        settings: connectionSettings(emulator, initial),
        env: { HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: SK },
      },
      // One connection: its groups are the roots, as before connections existed.
      (rows) => sameList(rootLabels(rows), NORTH_GROUPS),
      "the one connection's groups as roots",
    );
  });

  after(async function () {
    await session?.close();
    await emulator?.close();
  });

  afterEach(async function () {
    emulator?.clearFaults();
    if (!session) return;
    const { page } = session;
    await screenshotIfFailed(page, 'connections', this.currentTest);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.mouse.move(900, 700);
    await waitForQuickInputClosed(page);
  });

  it('adds cn-east-3 for the default account: IAM names the one project, a second root shows its groups', async () => {
    const { page } = session;
    const before = emulator.requests.length;

    await startAddConnection();
    let step = await readQuickInput(page);
    assert.ok(
      step.items.some((i) => /^default\b/.test(i) && i.includes('from the environment')),
      `the default account is offered: ${JSON.stringify(step.items)}`,
    );
    assert.ok(
      step.items.some((i) => i.includes('New account…')),
      `a new account is offered: ${JSON.stringify(step.items)}`,
    );
    await pickQuickInputItem(page, 'default', 'from the environment');

    // The region step: every SDRS region, nothing asked of IAM yet.
    step = await waitForQuickInput(page, 'Add Connection: region');
    for (const region of Object.values(REGIONS))
      assert.ok(
        step.items.some((i) => i.split(' ')[0] === region),
        `${region} is offered: ${JSON.stringify(step.items)}`,
      );
    // Each region with its name; the one this account is already connected in says so.
    assert.ok(
      step.items.includes(`${REGIONS.north} CN North-Beijing4 · connected: ${REGIONS.north} · ${PROJECTS.north.slice(0, 8)}`),
      `cn-north-4 is not named and marked connected: ${JSON.stringify(step.items)}`,
    );
    assert.ok(step.items.includes('cn-south-1 CN South-Guangzhou'), `cn-south-1 is not named: ${JSON.stringify(step.items)}`);
    assert.deepEqual(iamLookups(emulator.requests.slice(before)), [], 'IAM was asked before a region was picked');
    await quickInputItem(page, REGIONS.east).waitFor({ state: 'visible' });
    await screenshot(page, 'add-connection-region');

    const pickedAt = Date.now();
    await pickRegion(REGIONS.east);
    await waitForQuickInputClosed(page);

    // Two roots now, each with its own groups (roots start expanded; so do the groups of a small listing).
    const rows = await waitForTreeItems(
      page,
      (r) => sameList(rootLabels(r), [ROOT.north, ROOT.east]) && showsGroups(r, ROOT.north, NORTH_GROUPS) && showsGroups(r, ROOT.east, EAST_GROUPS),
      `the roots ${ROOT.north} and ${ROOT.east} with their groups`,
    );
    const shownMs = Date.now() - pickedAt;
    for (const root of [ROOT.north, ROOT.east]) await expandRow(page, root);
    assert.ok(
      rows.filter((r) => r.level === 1).every((r) => r.expanded === true),
      'both roots are expanded',
    );

    // The lookup: a GET of the region's name on the IAM endpoint, answered; nothing was created.
    const lookups = iamLookups(emulator.requests.slice(before));
    assert.equal(lookups.length, 1, `one IAM request: ${JSON.stringify(lookups.map((r) => [r.method, r.path, r.query]))}`);
    assert.equal(lookups[0].method, 'GET');
    assert.equal(lookups[0].path, '/v3/projects');
    assert.deepEqual(lookups[0].query, { name: [REGIONS.east] });
    assert.equal(lookups[0].status, 200);
    assert.equal(signedBy(lookups[0]), AK, 'IAM was asked with the default account');
    assert.equal(emulator.iamCreateAttempts, 0, 'a project was created in IAM');

    // The new connection's drills were listed in its own project.
    assert.ok(
      emulator.requests.slice(before).some((r) => r.path === `/v1/${PROJECTS.east}/disaster-recovery-drills` && r.status === 200),
      'the drills of the cn-east-3 project were listed',
    );

    // What was saved: the first connection as it was, the new one with the project's IAM name.
    const saved = await waitForConnections(2);
    assert.deepEqual(saved, [...initial, { account: 'default', region: REGIONS.east, projectId: PROJECTS.east, projectName: REGIONS.east }]);

    // Both roots render their counts once loaded.
    const loaded = await waitForTreeItems(
      page,
      (r) => r.find((x) => x.label === ROOT.north)?.description === '7 drills' && r.find((x) => x.label === ROOT.east)?.description === '4 drills',
      'both roots loaded, with their drill counts',
    );
    assert.deepEqual(
      childrenOf(loaded, 'pay-gateway').map((d) => [d.label, d.description]),
      [
        ['monthly-pay-gateway', 'available'],
        ['monthly-pay-gateway-2', 'error'],
      ],
    );
    console.log(`      connections: new root with its groups ${shownMs} ms after the region was picked`);

    // The single connection's message above the tree ("Using credentials from the environment") goes a moment
    // after the roots are drawn; with several connections the view has none.
    const message = page.locator('[id="workbench.view.extension.sdrs"] .message').first();
    await poll(page, async () => !(await message.isVisible()), 'the view message of the single connection to go');
    await page.mouse.move(900, 700);
    await screenshot(page, 'connections');
  });

  it('Escape at the account or the region step adds nothing and asks IAM nothing', async () => {
    const { page } = session;
    const before = emulator.requests.length;
    const saved = savedConnections();
    const roots = rootLabels(await waitForTreeItems(page, (r) => rootLabels(r).length > 0, 'the roots'));

    await startAddConnection();
    await page.keyboard.press('Escape');
    await waitForQuickInputClosed(page);

    await startAddConnection();
    await pickQuickInputItem(page, 'default', 'from the environment');
    await waitForQuickInput(page, 'Add Connection: region');
    await typeInQuickInput(page, REGIONS.south);
    await quickInputItem(page, REGIONS.south).waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await waitForQuickInputClosed(page);

    assert.deepEqual(iamLookups(emulator.requests.slice(before)), [], 'IAM was asked although no region was picked');
    assert.deepEqual(savedConnections(), saved, 'sdrs.connections changed');
    assert.deepEqual(rootLabels(await waitForTreeItems(page, (r) => rootLabels(r).length > 0, 'the roots')), roots);
    // (The next scenario adds one connection and checks the whole list: a late write from here would show there.)
  });

  it('IAM refuses the lookup (403): the project step says so, Escape adds nothing, a typed project ID adds the root', async () => {
    const { page } = session;
    const saved = savedConnections();
    // The gateway's refusal, as IAM sends it for credentials without IAM read permission.
    emulator.injectFault({
      method: 'GET',
      path: '/v3/projects',
      status: 403,
      times: Infinity,
      body: { error_code: 'APIGW.0302', error_msg: 'The IAM or ACL policy does not allow this request.', request_id: '845e5773f08f4cc7ab6815b8df87efb3' },
    });
    await collapseAll();
    const before = emulator.requests.length;

    // First Escape at the project step: nothing is added.
    await startAddConnection();
    await pickQuickInputItem(page, 'default', 'from the environment');
    await pickRegion(REGIONS.south);
    let step = await waitForQuickInput(page, `Add Connection: project of ${REGIONS.south}`);
    assert.match(step.message, /^IAM refused the lookup\b/, `the prompt says why: ${step.message}`);
    // IAM's own code and status, and no SDRS wording: this was IAM, not SDRS.
    assert.match(step.message, /\(APIGW\.0302, HTTP 403\b/);
    assert.doesNotMatch(step.message, /SDRS/);
    assert.match(step.message, /Type the project ID instead\./);
    assert.equal(step.value, '');
    await page.keyboard.press('Escape');
    await waitForQuickInputClosed(page);
    assert.deepEqual(savedConnections(), saved, 'Escape at the project step changed sdrs.connections');

    // Then type it: a bad ID is refused as you type, the right one adds the root.
    const typedAt = Date.now();
    await startAddConnection();
    await pickQuickInputItem(page, 'default', 'from the environment');
    await pickRegion(REGIONS.south);
    step = await waitForQuickInput(page, `Add Connection: project of ${REGIONS.south}`);
    assert.match(step.message, /^IAM refused the lookup\b/);
    await screenshot(page, 'add-connection-project');
    await typeInQuickInput(page, 'not-a-project-id');
    await page.locator('.quick-input-widget .quick-input-message', { hasText: '32 hexadecimal characters' }).waitFor({ state: 'visible', timeout: UI_WAIT_MS });
    await page.keyboard.press('Enter');
    // Enter on an invalid value keeps the box open (the extension handles events in order: this later edit still lands).
    await typeInQuickInput(page, PROJECTS.south.toUpperCase());
    await poll(page, async () => /^IAM refused the lookup\b/.test((await readQuickInput(page)).message), 'the prompt to come back for a valid ID');
    await page.keyboard.press('Enter');
    await waitForQuickInputClosed(page);

    const southGroups = allGroups(emulator.projectData(PROJECTS.south));
    await waitForTreeItems(
      page,
      (r) => rootLabels(r).includes(ROOT.south) && showsGroups(r, ROOT.south, southGroups),
      `the root ${ROOT.south} with its groups ${JSON.stringify(southGroups)}`,
    );
    console.log(`      connections: typed project ID → root with its groups in ${Date.now() - typedAt} ms (including typing)`);

    // IAM was asked (twice: once per attempt) and refused; nothing was created; the list grew by exactly this one.
    const lookups = iamLookups(emulator.requests.slice(before));
    assert.equal(lookups.length, 2, `one IAM request per attempt: ${JSON.stringify(lookups.map((r) => [r.method, r.path, r.query, r.status]))}`);
    assert.ok(lookups.every((r) => r.method === 'GET' && r.status === 403 && r.query.name?.[0] === REGIONS.south));
    assert.equal(emulator.iamCreateAttempts, 0, 'a project was created in IAM');
    const now = await waitForConnections(saved.length + 1);
    assert.deepEqual(
      now,
      [...saved, { account: 'default', region: REGIONS.south, projectId: PROJECTS.south }],
      'the typed ID is saved in lower case, with no project name',
    );
  });

  it('a new account: its name and AK/SK are asked, and IAM and SDRS are asked with its keys', async () => {
    const { page } = session;
    const saved = savedConnections();
    await collapseAll();
    const before = emulator.requests.length;

    await startAddConnection();
    await pickQuickInputItem(page, 'New account…');
    await waitForQuickInput(page, 'New account');
    await typeInQuickInput(page, 'default');
    await page.locator('.quick-input-widget .quick-input-message', { hasText: 'exists already' }).waitFor({ state: 'visible', timeout: UI_WAIT_MS });
    await typeInQuickInput(page, 'partner');
    await page.keyboard.press('Enter');
    await waitForQuickInput(page, 'SDRS credentials for "partner" (3/7)');
    await typeInQuickInput(page, PARTNER_AK);
    await page.keyboard.press('Enter');
    await waitForQuickInput(page, 'SDRS credentials for "partner" (4/7)');
    assert.equal(await page.locator('.quick-input-widget .quick-input-box input').first().getAttribute('type'), 'password', 'the SK is masked');
    await typeInQuickInput(page, PARTNER_SK);
    await page.keyboard.press('Enter');
    await waitForQuickInput(page, 'SDRS credentials for "partner" (5/7)');
    await page.keyboard.press('Enter');
    await pickRegion(REGIONS.asia);
    await waitForQuickInputClosed(page);

    const asiaGroups = allGroups(emulator.projectData(PROJECTS.asia));
    await waitForTreeItems(page, (r) => rootLabels(r).includes(ROOT.asia) && showsGroups(r, ROOT.asia, asiaGroups), `the root ${ROOT.asia} with its groups`);

    const lookups = iamLookups(emulator.requests.slice(before));
    assert.equal(lookups.length, 1);
    assert.deepEqual(lookups[0].query, { name: [REGIONS.asia] });
    assert.equal(signedBy(lookups[0]), PARTNER_AK, "IAM was asked with the new account's keys");
    const listings = emulator.requests.slice(before).filter((r) => r.path.startsWith(`/v1/${PROJECTS.asia}/`));
    assert.ok(listings.length > 0 && listings.every((r) => signedBy(r) === PARTNER_AK), "the new connection lists with the new account's keys");
    assert.equal(emulator.iamCreateAttempts, 0);
    const now = await waitForConnections(saved.length + 1);
    assert.deepEqual(now, [...saved, { account: 'partner', region: REGIONS.asia, projectId: PROJECTS.asia, projectName: REGIONS.asia }]);
    // No secret reaches the settings.
    const text = fs.readFileSync(path.join(session.server.userDataDir, 'User', 'settings.json'), 'utf8');
    assert.ok(!text.includes(PARTNER_SK) && !text.includes(SK), 'a secret key was written to settings.json');
  });
});
