// Add Connection through the real command and quick picks: the project found in IAM (one, several, refused), today's
// region + project and credential migrated into the list with nothing lost, and never a project created.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEFAULT_ACCOUNT, LEGACY_CONNECTION_ID, type ConnectionSetting } from '../../src/config/connections';
import type { ConnectionNode } from '../../src/tree/nodes';
import { answering, makeDrill, makeGroup, openHarness, readOutputLog, setSetting, settle, waitFor, type Harness, type PromptAnswer } from './support';

const P2 = '2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a';
const P3 = '3b3b3b3b3b3b3b3b3b3b3b3b3b3b3b3b';
const legacyGroup = makeGroup('legacy-group');
const eastGroup = makeGroup('east-group');

const connectionsSetting = (): ConnectionSetting[] | undefined =>
  vscode.workspace.getConfiguration('sdrs').inspect<ConnectionSetting[]>('connections')?.globalValue;

describe('Add Connection', function () {
  let h: Harness;

  before(async () => {
    h = await openHarness({ groups: [legacyGroup], drills: [makeDrill('legacy-drill', legacyGroup.id)] });
    h.emulator.setProjectData(P2, { groups: [eastGroup], drills: [makeDrill('east-drill', eastGroup.id)] });
    await setSetting('iamEndpoint', h.emulator.url);
  });
  beforeEach(async () => {
    await setSetting('connections', undefined);
    await settle(h.api);
    await h.reset();
    h.emulator.options.iamProjects = [{ id: P2, name: 'cn-east-2' }];
  });
  after(async () => {
    await setSetting('connections', undefined);
    await h?.dispose();
  });

  /** Runs Add Connection for the default account and region cn-east-2 (the second region in the list). */
  async function addForCnEast2(more: PromptAnswer[]): Promise<void> {
    await answering(h.api, () => vscode.commands.executeCommand('sdrsDrills.addConnection'), [{}, { down: 1 }, ...more]);
    await settle(h.api);
  }

  it("finds the region's only project in IAM; today's region, project, filter and credential become the list's first entry", async () => {
    const { filterState, registry, credentials } = h.api.services;
    await vscode.commands.executeCommand('sdrsDrills.filter', { name: 'legacy' });
    await settle(h.api);
    const before = h.model;
    const since = h.mark();

    await addForCnEast2([]);

    const iam = h.emulator.requests.slice(since).filter((r) => r.path === '/v3/projects');
    assert.equal(iam.length, 1, 'IAM was asked once');
    assert.deepEqual(iam[0].query.name, ['cn-east-2']);
    assert.equal(iam[0].headers['x-project-id'], undefined);
    assert.equal(h.emulator.iamCreateAttempts, 0, 'a project was created');

    assert.deepEqual(connectionsSetting(), [
      { account: DEFAULT_ACCOUNT, region: '', projectId: h.emulator.projectId },
      { account: DEFAULT_ACCOUNT, region: 'cn-east-2', projectId: P2, projectName: 'cn-east-2' },
    ]);
    await waitFor(() => registry.connections.length === 2 && registry.connections.every((e) => e.model.state.kind === 'loaded'), 'both connections to load');
    // The old credential (stored under its old key) serves both; nothing had to be entered again.
    assert.equal((await credentials.resolve(DEFAULT_ACCOUNT))?.source, 'secretStorage');
    const [migrated, added] = registry.connections;
    // The new root is shown and selected (it comes last, often below the fold).
    const { treeView } = h.api.services.view;
    await waitFor(
      () => {
        const [selected] = treeView.selection;
        return selected?.kind === 'connection' && selected.config.id === added.config.id;
      },
      `the new connection's root to be selected (selected: ${treeView.selection.map((n) => n.kind).join(', ') || 'nothing'})`,
    );
    assert.notEqual(migrated.config.id, LEGACY_CONNECTION_ID);
    // The same connection, moved: its model and listing stay, and it is not listed again (only the new project is).
    assert.equal(migrated.model, before, 'the moved connection got a new model');
    const drillLists = h.emulator.requests.slice(since).filter((r) => r.path.endsWith('/disaster-recovery-drills'));
    assert.ok(
      drillLists.length > 0 && drillLists.every((r) => r.path.includes(P2)),
      `the moved connection was listed again: ${drillLists.map((r) => r.path).join(', ')}`,
    );
    assert.deepEqual(filterState.get(migrated.config.id), { name: 'legacy' }, 'the filter did not move with the connection');
    assert.deepEqual(filterState.get(LEGACY_CONNECTION_ID), {});
    assert.deepEqual(
      migrated.model.listing?.groups.map((g) => g.label),
      ['legacy-group'],
    );
    assert.deepEqual(
      added.model.listing?.groups.map((g) => g.label),
      ['east-group'],
    );
    const roots = h.api.services.view.provider.children().filter((n): n is ConnectionNode => n.kind === 'connection');
    assert.deepEqual(
      roots.map((r) => r.config.label),
      [h.emulator.projectId.slice(0, 8), `cn-east-2 · ${P2.slice(0, 8)}`],
    );
  });

  it('a second Add Connection lists only the new connection; the others keep their listing', async () => {
    await addForCnEast2([]);
    await waitFor(() => h.api.services.registry.connections.length === 2, 'two connections');
    h.emulator.setProjectData(P3, { groups: [eastGroup], drills: [] });
    h.emulator.options.iamProjects = [{ id: P3, name: 'cn-east-2' }];
    const since = h.mark();
    await addForCnEast2([]);
    await waitFor(() => h.api.services.registry.connections.length === 3, 'three connections');
    const listed = h.emulator.requests.slice(since).filter((r) => r.path.startsWith('/v1/'));
    assert.ok(listed.length > 0 && listed.every((r) => r.path.includes(P3)), listed.map((r) => r.path).join('\n'));
  });

  it('offers the projects when IAM lists several for the region, and adds the one picked', async () => {
    h.emulator.setProjectData(P3, { groups: [eastGroup], drills: [] });
    h.emulator.options.iamProjects = [
      { id: P2, name: 'cn-east-2' },
      { id: P3, name: 'cn-east-2' },
    ];
    await addForCnEast2([{ down: 1 }]);
    assert.deepEqual(
      connectionsSetting()?.map((c) => c.projectId),
      [h.emulator.projectId, P3],
    );
    assert.equal(h.emulator.iamCreateAttempts, 0);
  });

  it('asks for the project ID, saying why, when IAM refuses; Escape there adds nothing', async () => {
    h.emulator.injectFault({
      path: '/v3/projects',
      status: 403,
      body: { error_code: 'APIGW.0302', error_msg: 'The IAM user is not authorized', request_id: 'iam-403' },
      times: Infinity,
    });
    try {
      await addForCnEast2([{ cancel: true }]);
    } finally {
      h.emulator.clearFaults();
    }
    assert.equal(connectionsSetting(), undefined, 'a connection was added');
    assert.match(readOutputLog(h.api), /IAM project lookup for cn-east-2 failed: .*403/);
    assert.equal(h.emulator.iamCreateAttempts, 0);
  });

  it('Escape at the region step adds nothing and asks nothing', async () => {
    const since = h.mark();
    await answering(h.api, () => vscode.commands.executeCommand('sdrsDrills.addConnection'), [{}, { cancel: true }]);
    assert.equal(connectionsSetting(), undefined);
    assert.equal(h.emulator.requests.slice(since).filter((r) => r.path === '/v3/projects').length, 0);
  });
});
