// Node commands end to end: copy each kind of ID, copy as JSON, insert at every cursor, show drill details; activation time.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { answering, getApi, makeDrill, makeGroup, openHarness, report, waitFor, type Harness } from './support';

const group = makeGroup('支付网关-prod');
const drill = makeDrill('dr_drill_test', group.id, {
  drill_servers: [{ protected_instance: 'a1000000-0000-4000-8000-0000000000a1', drill_server_id: 'b2000000-0000-4000-8000-0000000000b2' }],
});
const SERVER_ID = 'b2000000-0000-4000-8000-0000000000b2';

async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

describe('node commands', function () {
  let h: Harness;

  before(async () => {
    h = await openHarness({ groups: [group], drills: [drill] });
  });
  beforeEach(async () => {
    await h.reset();
  });
  afterEach(async () => {
    await closeAllEditors();
  });
  after(async () => {
    await h?.dispose();
  });

  async function copied(command: string, node: unknown): Promise<string> {
    // A sentinel first, so a command that copies nothing cannot pass on a stale clipboard.
    await vscode.env.clipboard.writeText('sentinel');
    await vscode.commands.executeCommand(command, node);
    return vscode.env.clipboard.readText();
  }

  it('copies the exact ID of each kind', async () => {
    const drillNode = h.drill(drill.id);
    const serverNode = h.server(drill.id, SERVER_ID);
    const groupNode = h.group(group.name);
    assert.equal(await copied('sdrsDrills.copyDrillId', drillNode), drill.id);
    assert.equal(await copied('sdrsDrills.copyDrillVpcId', drillNode), drill.drill_vpc_id);
    assert.equal(await copied('sdrsDrills.copyProtectionGroupId', groupNode), group.id);
    assert.equal(await copied('sdrsDrills.copyProtectionGroupId', drillNode), group.id);
    assert.equal(await copied('sdrsDrills.copyDrillServerId', serverNode), SERVER_ID);
    assert.equal(await copied('sdrsDrills.copyProtectedInstanceId', serverNode), 'a1000000-0000-4000-8000-0000000000a1');
  });

  it('copies nothing when the node has no such ID', async () => {
    assert.equal(await copied('sdrsDrills.copyDrillServerId', h.drill(drill.id)), 'sentinel');
  });

  /** Runs a command from the palette (no node), answering each quick pick it shows with `answer`. */
  async function fromPalette(command: string, answers: Array<'accept' | 'cancel'>): Promise<string> {
    await vscode.env.clipboard.writeText('sentinel');
    await answering(
      h.api,
      () => vscode.commands.executeCommand(command),
      answers.map((answer) => ({ cancel: answer === 'cancel' })),
    );
    return vscode.env.clipboard.readText();
  }

  it('from the palette, walks the tree as quick picks (a level with one way down is skipped) and copies what is picked', async () => {
    // One group: straight to its drills; one drill: picked there.
    assert.equal(await fromPalette('sdrsDrills.copyDrillId', ['accept']), drill.id);
    // One group → one drill (both opened without asking) → its server.
    assert.equal(await fromPalette('sdrsDrills.copyDrillServerId', ['accept']), SERVER_ID);
    // Escape copies nothing.
    assert.equal(await fromPalette('sdrsDrills.copyDrillId', ['cancel']), 'sentinel');
  });

  it('copies a drill as JSON that parses back to the drill', async () => {
    const text = await copied('sdrsDrills.copyAsJson', h.drill(drill.id));
    assert.deepEqual(JSON.parse(text), drill);
    const groupJson = await copied('sdrsDrills.copyAsJson', h.group(group.name));
    assert.deepEqual(JSON.parse(groupJson), group);
  });

  it('inserts the ID at every cursor, replacing the selections', async () => {
    const doc = await vscode.workspace.openTextDocument({ content: 'first: OLD\nsecond: OLD\n', language: 'plaintext' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selections = [new vscode.Selection(0, 7, 0, 10), new vscode.Selection(1, 8, 1, 11)];

    await vscode.commands.executeCommand('sdrsDrills.insertId', h.drill(drill.id));
    assert.equal(doc.getText(), `first: ${drill.id}\nsecond: ${drill.id}\n`);

    // A drill server node inserts the drill server ID, at an empty cursor too.
    editor.selections = [new vscode.Selection(2, 0, 2, 0)];
    await vscode.commands.executeCommand('sdrsDrills.insertId', h.server(drill.id, SERVER_ID));
    assert.equal(doc.getText(), `first: ${drill.id}\nsecond: ${drill.id}\n${SERVER_ID}`);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('shows drill details as a JSON document fetched from SDRS', async () => {
    const since = h.mark();
    await vscode.commands.executeCommand('sdrsDrills.showDrillDetails', h.drill(drill.id));
    await waitFor(() => vscode.window.activeTextEditor?.document.uri.scheme === 'sdrs-drill', 'the drill details editor');
    const doc = vscode.window.activeTextEditor!.document;
    assert.equal(doc.languageId, 'json');
    assert.equal(new URLSearchParams(doc.uri.query).get('id'), drill.id);
    assert.deepEqual(JSON.parse(doc.getText()), drill);
    assert.ok(
      h.emulator.requests.slice(since).some((r) => r.path.endsWith(`/disaster-recovery-drills/${drill.id}`) && r.status === 200),
      'the details were not fetched with the show-drill call',
    );
  });
});

describe('activation', () => {
  it('activates quickly, without network work', async () => {
    const api = await getApi();
    report(`      activation took ${api.activationMs.toFixed(1)} ms`);
    assert.ok(Number.isFinite(api.activationMs) && api.activationMs >= 0, `activationMs is ${api.activationMs}`);
    assert.ok(api.activationMs < 500, `activation took ${api.activationMs.toFixed(1)} ms`);
  });
});
