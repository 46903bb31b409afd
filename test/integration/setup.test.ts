// Region, project and endpoint: the setup commands validate their input, and a bad endpoint becomes an error node, not a request.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { isState, labelOf, makeDrill, makeGroup, openHarness, setSetting, settle, waitFor, type Harness } from './support';

const group = makeGroup('setup-group');
const drill = makeDrill('setup-drill', group.id);

function setting(key: string): unknown {
  return vscode.workspace.getConfiguration('sdrs').inspect(key)?.globalValue;
}

describe('setup commands and settings', function () {
  let h: Harness;
  let projectId: string;
  let endpoint: string;

  before(async () => {
    h = await openHarness({ groups: [group], drills: [drill] });
    projectId = h.emulator.projectId;
    endpoint = h.emulator.url;
  });
  afterEach(async () => {
    await setSetting('projectId', projectId);
    await setSetting('endpoint', endpoint);
    await settle(h.api);
  });
  after(async () => {
    await h?.dispose();
  });

  it('Set Project ID refuses anything but 32 hexadecimal characters and stores a valid one in lower case', async () => {
    for (const bad of ['xyz', `${projectId}0`, `${projectId.slice(0, 31)}g`]) {
      await vscode.commands.executeCommand('sdrsDrills.setProjectId', bad);
      assert.equal(setting('projectId'), projectId, `${bad} was stored`);
    }
    await vscode.commands.executeCommand('sdrsDrills.setProjectId', projectId.toUpperCase());
    assert.equal(setting('projectId'), projectId);
  });

  it('Select Region accepts only regions that offer SDRS', async () => {
    const before = setting('region');
    await vscode.commands.executeCommand('sdrsDrills.selectRegion', 'eu-west-0');
    assert.equal(setting('region'), before);
    await vscode.commands.executeCommand('sdrsDrills.selectRegion', 'cn-east-3');
    assert.equal(setting('region'), 'cn-east-3');
    await setSetting('region', before);
  });

  it('shows an error node for a plain-http endpoint that is not loopback, without sending anything', async () => {
    // What the last test's region change set off (a listing, then its protected instances) ends first.
    await settle(h.api);
    await waitFor(
      () => h.emulator.requests.every((r) => r.status !== 0) && Date.now() - (h.emulator.requests.at(-1)?.startedAt ?? 0) >= 200,
      'the emulator to be idle',
    );
    const since = h.mark();
    await setSetting('endpoint', 'http://sdrs.example.com');
    await settle(h.api);
    const [root] = h.roots();
    assert.ok(isState(root, 'error'), `expected an error node, got ${JSON.stringify(root)}`);
    assert.match(labelOf(h.item(root)), /https:\/\//);
    assert.deepEqual(
      h.emulator.requests.slice(since).map((r) => `${r.method} ${r.path}`),
      [],
    );
  });

  it('refreshes when a setting changes', async () => {
    const since = h.mark();
    await setSetting('pageSize', 500);
    await settle(h.api);
    const calls = h.drillListRequests(since);
    assert.ok(calls.length > 0, 'no refresh after the setting changed');
    assert.deepEqual(calls.at(-1)?.query.limit, ['500']);
  });
});
