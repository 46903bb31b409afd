// Create Drill against the emulator's POST and jobs: the drill listed as creating at once, the job followed to its end,
// the new drill revealed and selected; refused where SDRS would refuse; one POST however often it is asked; a failing
// job's reason reported.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DrillNode, FailedTaskNode } from '../../src/tree/nodes';
import { type Harness, labelOf, makeGroup, openHarness, readOutputLog, report, showView, waitFor } from './support';

const group = makeGroup('create-group', { status: 'protected' });
const closed = makeGroup('closed-group', { status: 'deleting' });

describe('Create Drill', function () {
  let h: Harness;
  const posts = (since: number): number => h.emulator.requests.slice(since).filter((r) => r.method === 'POST').length;
  const unique = (prefix: string): string => `${prefix}-${Math.random().toString(36).slice(2, 8)}`;

  before(async () => {
    h = await openHarness({ groups: [group, closed], drills: [] });
    h.emulator.options.lifecycle = true;
    h.emulator.options.jobInitMs = 100;
    h.emulator.options.jobRunMs = 400;
    await showView(h.api);
  });
  beforeEach(async () => {
    await h.reset();
  });
  after(async () => {
    await h?.dispose();
  });

  it('lists the drill as creating at once, follows the job, and reveals and selects the new drill', async () => {
    const { view } = h.api.services;
    const name = unique('new-drill');
    const since = h.mark();
    const running = vscode.commands.executeCommand('sdrsDrills.createDrill', h.group('create-group'), { name });
    await waitFor(() => h.model.listing?.groups.some((g) => g.drills.some((d) => d.name === name && d.status === 'creating')) ?? false, 'the creating row');
    await running;
    const selectedAt = Date.now();
    assert.equal(posts(since), 1);
    // reveal() resolves before the workbench's selection event reaches the extension host.
    await waitFor(() => view.treeView.selection[0]?.kind === 'drill', 'the new drill to be selected');
    const selected = view.treeView.selection[0] as DrillNode | undefined;
    assert.equal(selected?.kind, 'drill');
    assert.equal(selected?.drill.name, name);
    assert.equal(selected?.drill.status, 'available');
    const [job] = h.emulator.jobs().filter((j) => j.job_type === 'createDisasterRecoveryDrill' && j.entities.disaster_recovery_drill_id === selected?.drill.id);
    const polls = h.emulator.jobPolls(job.job_id);
    report(`      create job: ${polls} polls; job SUCCESS → new drill selected ${selectedAt - Date.parse(job.end_time ?? '')} ms`);
    assert.ok(polls >= 1 && polls <= 3, `${polls} polls`);
  });

  it('refuses a group SDRS will not create a drill in, and a bad name, without a POST', async () => {
    const since = h.mark();
    await vscode.commands.executeCommand('sdrsDrills.createDrill', h.group('closed-group'), { name: 'any-name' });
    await vscode.commands.executeCommand('sdrsDrills.createDrill', h.group('create-group'), { name: 'not allowed!' });
    await vscode.commands.executeCommand('sdrsDrills.createDrill', h.group('create-group'), { name: 'vpc-bad', drill_vpc_id: 'not-a-uuid' });
    assert.equal(posts(since), 0);
  });

  it('sends one POST when the command runs twice at once', async () => {
    h.emulator.setLatency(300);
    const name = unique('twice');
    const since = h.mark();
    try {
      await Promise.all([
        vscode.commands.executeCommand('sdrsDrills.createDrill', h.group('create-group'), { name }),
        vscode.commands.executeCommand('sdrsDrills.createDrill', h.group('create-group'), { name }),
      ]);
    } finally {
      h.emulator.setLatency(0);
    }
    assert.equal(posts(since), 1);
  });

  it("reports a failing job's reason, and shows the drill as SDRS left it", async () => {
    h.emulator.failNextJob('no capacity in the DR availability zone');
    const name = unique('failing');
    await vscode.commands.executeCommand('sdrsDrills.createDrill', h.group('create-group'), { name });
    await waitFor(() => /did not succeed: .*no capacity in the DR availability zone/.test(readOutputLog(h.api)), 'the failure in the log');
    await waitFor(() => h.model.listing?.groups.some((g) => g.drills.some((d) => d.name === name && d.status === 'error')) ?? false, 'the drill in error');

    // Opening the group asks the task center for its failed drill tasks: the failure is listed first, then dismissed.
    const failedRows = (): FailedTaskNode[] => h.children(h.group('create-group')).filter((n): n is FailedTaskNode => n.kind === 'failedTask');
    await waitFor(() => failedRows().some((n) => n.task.resource_name === name), 'the failed task row');
    const row = failedRows().find((n) => n.task.resource_name === name)!;
    const item = h.item(row);
    assert.equal(labelOf(item), `Create failed: ${name}`);
    assert.match(String(item.description), /SDRS\.1922 · no capacity in the DR availability zone/);
    assert.equal(item.contextValue, 'failedTask');
    const since = h.mark();
    await vscode.commands.executeCommand('sdrsDrills.dismissFailedTask', row);
    assert.equal(h.emulator.requests.slice(since).filter((r) => r.method === 'DELETE' && r.path.includes('/task-center/failure-jobs/')).length, 1);
    assert.ok(!failedRows().some((n) => n.task.job_id === row.task.job_id), 'the dismissed task is still shown');
    assert.ok(!h.emulator.failureJobs().some((t) => t.job_id === row.task.job_id), 'the task center still has it');
  });
});
