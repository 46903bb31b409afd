// SDRS took the request but its answer cannot be used (no job ID, an unreadable rename answer): the extension says so,
// refreshes and shows the drill as SDRS lists it, and never reports a failure a user would "fix" by sending it again.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SaidMessage } from '../../src/ui/say';
import { labelOf, makeDrill, makeGroup, openHarness, waitFor, type Harness } from './support';

const group = makeGroup('accepted-group');
const drill = makeDrill('accepted-drill', group.id);

describe('accepted without a job', function () {
  let h: Harness;
  let said: SaidMessage[] = [];
  let subscription: vscode.Disposable | undefined;
  const posts = (since: number): number => h.emulator.requests.slice(since).filter((r) => r.method === 'POST').length;
  const drillNamed = (name: string) => h.emulator.data.drills.find((d) => d.name === name);

  before(async () => {
    h = await openHarness({ groups: [group], drills: [{ ...drill }] });
    h.emulator.options.lifecycle = true;
    subscription = h.api.onDidSay((m) => said.push(m));
  });
  beforeEach(async () => {
    h.emulator.data.drills.splice(0, h.emulator.data.drills.length, { ...drill });
    await h.reset();
    await h.refresh();
    said = [];
  });
  after(async () => {
    subscription?.dispose();
    await h?.dispose();
  });

  it('a create answered without job_id: a warning that SDRS accepted it, no error, one POST, the drill listed', async () => {
    h.emulator.injectFault({ method: 'POST', status: 200, body: { note: 'accepted' }, afterRoute: true });
    const since = h.mark();
    await vscode.commands.executeCommand('sdrsDrills.createDrill', h.group(group.name), { name: 'accepted-create' });
    await waitFor(() => said.some((m) => m.kind === 'warning'), 'the warning');
    assert.match(said.find((m) => m.kind === 'warning')!.message, /SDRS accepted drill accepted-create but sent no job to follow/);
    assert.deepEqual(
      said.filter((m) => m.kind === 'error'),
      [],
    );
    assert.equal(posts(since), 1);
    assert.ok(drillNamed('accepted-create'), 'SDRS created it');
    await waitFor(() => h.children(h.group(group.name)).some((n) => n.kind === 'drill' && n.drill.name === 'accepted-create'), 'the new drill in the tree');
  });

  it('a delete answered without job_id: a warning, the drill shown deleting then as SDRS lists it', async () => {
    h.emulator.injectFault({ method: 'DELETE', status: 200, body: {}, afterRoute: true });
    await vscode.commands.executeCommand('sdrsDrills.deleteDrill', h.drill(drill.id), true);
    await waitFor(() => said.some((m) => m.kind === 'warning'), 'the warning');
    assert.match(said.find((m) => m.kind === 'warning')!.message, /SDRS accepted the deletion of drill accepted-drill but sent no job to follow/);
    assert.deepEqual(
      said.filter((m) => m.kind === 'error'),
      [],
    );
    const listed = h.model.findDrill(drill.id);
    assert.ok(!listed || listed.status === 'deleting', `listed as ${listed?.status}`);
  });

  it('a rename answered with a body it cannot read: a warning that SDRS renamed it, and the new name after the refresh', async () => {
    h.emulator.injectFault({ method: 'PUT', status: 200, body: { disaster_recovery_drill: 'renamed' }, afterRoute: true });
    await vscode.commands.executeCommand('sdrsDrills.renameDrill', h.drill(drill.id), 'accepted-rename');
    await waitFor(() => said.some((m) => m.kind === 'warning'), 'the warning');
    assert.match(said.find((m) => m.kind === 'warning')!.message, /SDRS renamed the drill to accepted-rename but its answer could not be read/);
    assert.deepEqual(
      said.filter((m) => m.kind === 'error'),
      [],
    );
    await waitFor(() => labelOf(h.item(h.drill(drill.id))) === 'accepted-rename', 'the new name in the tree');
  });
});
