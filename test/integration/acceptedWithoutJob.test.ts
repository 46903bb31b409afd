// SDRS took the request but its answer cannot be used (no job ID, an unreadable rename answer): the extension says so,
// refreshes and shows the drill as SDRS lists it, and never reports a failure a user would "fix" by sending it again.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { collectSaid, labelOf, makeDrill, makeGroup, openHarness, waitFor, type Harness, type SaidLog } from './support';

const group = makeGroup('accepted-group');
const drill = makeDrill('accepted-drill', group.id);

describe('accepted without a job', function () {
  let h: Harness;
  let said: SaidLog;
  const posts = (since: number): number => h.emulator.requests.slice(since).filter((r) => r.method === 'POST').length;
  const drillNamed = (name: string) => h.emulator.data.drills.find((d) => d.name === name);

  before(async () => {
    h = await openHarness({ groups: [group], drills: [{ ...drill }] });
    h.emulator.options.lifecycle = true;
    said = collectSaid(h.api);
  });
  beforeEach(async () => {
    h.emulator.data.drills.splice(0, h.emulator.data.drills.length, { ...drill });
    await h.reset();
    await h.refresh();
    said.clear();
  });
  after(async () => {
    said?.dispose();
    await h?.dispose();
  });
  /** The one warning, and no error beside it. */
  const warningOnly = async (what: string): Promise<string> => {
    const warning = await said.next('warning', what);
    assert.deepEqual(
      said.messages.filter((m) => m.kind === 'error'),
      [],
    );
    return warning.message;
  };

  it('a create answered without job_id: a warning that SDRS accepted it, no error, one POST, the drill listed', async () => {
    h.emulator.injectFault({ method: 'POST', status: 200, body: { note: 'accepted' }, afterRoute: true });
    const since = h.mark();
    await vscode.commands.executeCommand('sdrsDrills.createDrill', h.group(group.name), { name: 'accepted-create' });
    assert.match(await warningOnly('the warning'), /SDRS accepted drill accepted-create but sent no job to follow/);
    assert.equal(posts(since), 1);
    assert.ok(drillNamed('accepted-create'), 'SDRS created it');
    await waitFor(() => h.children(h.group(group.name)).some((n) => n.kind === 'drill' && n.drill.name === 'accepted-create'), 'the new drill in the tree');
  });

  it('a delete answered without job_id: a warning, the drill shown deleting then as SDRS lists it', async () => {
    h.emulator.injectFault({ method: 'DELETE', status: 200, body: {}, afterRoute: true });
    await vscode.commands.executeCommand('sdrsDrills.deleteDrill', h.drill(drill.id), true);
    assert.match(await warningOnly('the warning'), /SDRS accepted the deletion of drill accepted-drill but sent no job to follow/);
    const listed = h.model.findDrill(drill.id);
    assert.ok(!listed || listed.status === 'deleting', `listed as ${listed?.status}`);
  });

  it('a rename answered with a body it cannot read: a warning that SDRS renamed it, and the new name after the refresh', async () => {
    h.emulator.injectFault({ method: 'PUT', status: 200, body: { disaster_recovery_drill: 'renamed' }, afterRoute: true });
    await vscode.commands.executeCommand('sdrsDrills.renameDrill', h.drill(drill.id), 'accepted-rename');
    assert.match(await warningOnly('the warning'), /SDRS renamed the drill to accepted-rename but its answer could not be read/);
    await waitFor(() => labelOf(h.item(h.drill(drill.id))) === 'accepted-rename', 'the new name in the tree');
  });
});
