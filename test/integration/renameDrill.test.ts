// Rename Drill through the command against the emulator's PUT: the row shows the answer without a listing; bad names
// never reach the server; a refusal leaves the row as it was; a second rename while one is in flight sends nothing.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { labelOf, makeDrill, makeGroup, openHarness, waitFor, type Harness } from './support';

const group = makeGroup('rename-group');
const drill = makeDrill('before-rename', group.id);

describe('Rename Drill', function () {
  let h: Harness;
  const puts = (since: number): number => h.emulator.requests.slice(since).filter((r) => r.method === 'PUT').length;
  const label = (): string => labelOf(h.item(h.drill(drill.id)));

  before(async () => {
    h = await openHarness({ groups: [group], drills: [{ ...drill }] });
    h.emulator.options.lifecycle = true;
  });
  beforeEach(async () => {
    h.emulator.data.drills[0].name = 'before-rename';
    await h.reset();
  });
  after(async () => {
    await h?.dispose();
  });

  it('renames through SDRS and shows the new name at once, without listing again', async () => {
    const since = h.mark();
    await vscode.commands.executeCommand('sdrsDrills.renameDrill', h.drill(drill.id), 'after-rename.v2');
    assert.equal(h.emulator.data.drills[0].name, 'after-rename.v2');
    assert.equal(label(), 'after-rename.v2');
    assert.equal(puts(since), 1);
    assert.deepEqual(h.drillListRequests(since), [], 'the rename listed the drills again');
  });

  it('refuses a name SDRS would refuse before sending anything', async () => {
    const since = h.mark();
    for (const bad of ['has space', 'x'.repeat(65), '演练', '']) {
      await vscode.commands.executeCommand('sdrsDrills.renameDrill', h.drill(drill.id), bad);
    }
    assert.equal(puts(since), 0);
    assert.equal(label(), 'before-rename');
  });

  it('leaves the row as it was when SDRS refuses the rename', async () => {
    h.emulator.injectFault({ method: 'PUT', status: 400, body: { error: { code: 'SDRS.0202', message: 'Invalid name' } } });
    const since = h.mark();
    await vscode.commands.executeCommand('sdrsDrills.renameDrill', h.drill(drill.id), 'refused-name');
    assert.equal(puts(since), 1);
    assert.equal(label(), 'before-rename');
    assert.equal(h.emulator.data.drills[0].name, 'before-rename');
  });

  it('sends one rename when the command runs twice at once', async () => {
    h.emulator.setLatency(300);
    const since = h.mark();
    try {
      await Promise.all([
        vscode.commands.executeCommand('sdrsDrills.renameDrill', h.drill(drill.id), 'twice'),
        vscode.commands.executeCommand('sdrsDrills.renameDrill', h.drill(drill.id), 'twice'),
      ]);
    } finally {
      h.emulator.setLatency(0);
    }
    await waitFor(() => label() === 'twice', 'the new name');
    assert.equal(puts(since), 1);
  });
});
