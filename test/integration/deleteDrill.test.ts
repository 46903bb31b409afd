// Delete Drill against the emulator's DELETE and jobs: "deleting" at once, the job followed to its end, the row gone;
// wrong states refused; a failing job's reason reported; an already-gone drill is success; jobs resumed by a new window.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { JobWatcher } from '../../src/jobs/jobWatcher';
import type { DisasterRecoveryDrill } from '../../src/sdrs/model';
import { makeDrill, makeGroup, openHarness, readOutputLog, report, waitFor, type Harness } from './support';

const group = makeGroup('delete-group');

describe('Delete Drill', function () {
  let h: Harness;
  let drill: DisasterRecoveryDrill;
  const deletes = (since: number): number => h.emulator.requests.slice(since).filter((r) => r.method === 'DELETE').length;
  const listed = (id: string): boolean => !!h.model.findDrill(id);

  before(async () => {
    h = await openHarness({ groups: [group], drills: [] });
    h.emulator.options.lifecycle = true;
    // Quick jobs: the watcher's first poll comes after 2 s.
    h.emulator.options.jobInitMs = 100;
    h.emulator.options.jobRunMs = 400;
  });
  beforeEach(async () => {
    drill = makeDrill(`to-delete-${Math.random().toString(36).slice(2, 8)}`, group.id);
    h.emulator.data.drills.push({ ...drill });
    await h.reset();
  });
  after(async () => {
    await h?.dispose();
  });

  it('marks the drill deleting at once, follows the job, and removes the row when it succeeds', async () => {
    const { view } = h.api.services;
    const since = h.mark();
    const running = vscode.commands.executeCommand('sdrsDrills.deleteDrill', h.drill(drill.id), true);
    await waitFor(() => h.model.findDrill(drill.id)?.status === 'deleting', 'the row to say deleting');
    await waitFor(() => view.treeView.badge?.value === 1, 'the badge to count the running job');
    await running;
    const finished = Date.now();
    assert.equal(deletes(since), 1);
    assert.equal(listed(drill.id), false, 'the deleted drill is still listed');
    assert.equal(view.treeView.badge, undefined);
    const [job] = h.emulator.jobs().filter((j) => j.job_type === 'deleteDisasterRecoveryDrill' && j.entities.disaster_recovery_drill_id === drill.id);
    assert.equal(job?.status, 'SUCCESS');
    const polls = h.emulator.jobPolls(job.job_id);
    report(
      `      delete job: ${polls} polls; job SUCCESS → row gone ${finished - Date.parse(job.end_time ?? '')} ms (the watcher polls after 2 s, then 3 s, …)`,
    );
    assert.ok(polls >= 1 && polls <= 3, `${polls} polls`);
  });

  it('refuses a drill SDRS cannot delete in its state, saying why, without asking SDRS', async () => {
    h.emulator.data.drills.find((d) => d.id === drill.id)!.status = 'creating';
    await h.refresh();
    const since = h.mark();
    await vscode.commands.executeCommand('sdrsDrills.deleteDrill', h.drill(drill.id), true);
    assert.equal(deletes(since), 0);
    assert.equal(listed(drill.id), true);
  });

  it("reports a failing job's reason and code, and shows the drill as SDRS left it", async () => {
    h.emulator.failNextJob('the drill server disk is busy');
    await vscode.commands.executeCommand('sdrsDrills.deleteDrill', h.drill(drill.id), true);
    await waitFor(() => /did not succeed: .*the drill server disk is busy/.test(readOutputLog(h.api)), 'the failure in the log');
    assert.match(readOutputLog(h.api), /SDRS\.1923/);
    await waitFor(() => h.model.findDrill(drill.id)?.status === 'error-deleting', 'the drill to show error-deleting');
  });

  it('takes a drill that is already gone as deleted', async () => {
    const node = h.drill(drill.id);
    h.emulator.data.drills = h.emulator.data.drills.filter((d) => d.id !== drill.id);
    const since = h.mark();
    await vscode.commands.executeCommand('sdrsDrills.deleteDrill', node, true);
    assert.equal(deletes(since), 1);
    await waitFor(() => !listed(drill.id), 'the row to go');
    assert.doesNotMatch(readOutputLog(h.api).split('\n').slice(-5).join('\n'), /Could not delete/);
  });

  it('a new window picks up a job the last one left running, and follows it to the end', async () => {
    h.emulator.options.jobRunMs = 2500;
    const { registry, clients, log, jobs } = h.api.services;
    const memento = jobs['memento'];
    try {
      const running = vscode.commands.executeCommand('sdrsDrills.deleteDrill', h.drill(drill.id), true);
      await waitFor(() => Array.isArray(memento.get('sdrs.jobs')) && (memento.get('sdrs.jobs') as unknown[]).length === 1, 'the job to be saved');
      // A second window (as after a reload) reads the same global state.
      const next = new JobWatcher(memento, registry, clients, log);
      try {
        const resumed = next.resume();
        assert.equal(resumed.length, 1, 'the saved job was not resumed');
        const outcome = await resumed[0];
        assert.equal(outcome.ok, true);
      } finally {
        next.dispose();
      }
      await running;
      assert.equal(listed(drill.id), false);
      assert.equal(memento.get('sdrs.jobs'), undefined, 'a finished job stays saved');
    } finally {
      h.emulator.options.jobRunMs = 400;
    }
  });
});
