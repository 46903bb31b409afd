// UI smoke: a person opens the SDRS view, reads it, and runs a palette command.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { TempDirUse } from '../host/leftovers';
import { openSdrsView, openUiSession, readWelcome, runPaletteCommand, screenshot, type UiSession, UI_WAIT_MS } from './workbench';

// Root hooks, so they span every file of the UI suite: nothing that the suite starts (code-servers, their extension
// hosts, demos, Chromium) may leave sockets or files in the shared temp dir.
let tempUse: TempDirUse | undefined;
before(function () {
  tempUse = new TempDirUse({ descendantsOf: process.pid });
});
after(function () {
  const left = tempUse?.stop() ?? [];
  assert.deepEqual(left, [], `the UI suite's processes left these in ${os.tmpdir()}`);
});

describe('UI smoke (code-server workbench)', function () {
  let session: UiSession;

  before(async function () {
    session = await openUiSession();
  });

  after(async function () {
    await session?.close();
  });

  it('shows the SDRS view from the activity bar', async () => {
    await openSdrsView(session.page);
    const header = await session.page.locator('[id="workbench.view.extension.sdrs"] .pane-header').first().innerText();
    assert.match(header.toUpperCase(), /DISASTER RECOVERY DRILLS/);
    const welcome = await readWelcome(session.page);
    assert.match(welcome, /disaster-recovery drills of a Huawei Cloud project/);
  });

  it('runs "SDRS: Show Log" from the palette and shows the log channel', async () => {
    await runPaletteCommand(session.page, 'SDRS: Show Log');
    const panel = session.page.locator('.part.panel');
    await panel.waitFor({ state: 'visible', timeout: UI_WAIT_MS });
    // The output view names the selected channel in its dropdown.
    const channel = await session.page
      .locator('.part.panel select.monaco-select-box')
      .first()
      .evaluate((el) => (el as unknown as { selectedOptions: ArrayLike<{ text: string }> }).selectedOptions[0]?.text ?? '');
    assert.equal(channel, 'SDRS Drill Explorer');
    const shot = await screenshot(session.page, 'smoke-sdrs-view');
    assert.ok(fs.statSync(shot).size > 10_000, 'screenshot is suspiciously small');
  });
});
