// `npm run demo` as a newcomer uses it: start it, open its URL in a browser, see drills in the SDRS view, Ctrl-C.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';
import * as fs from 'node:fs';
import * as os from 'node:os';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../host/codeServer';
import { REPO_ROOT } from '../host/tools';
import { seedData } from '../emulator/emulator';
import { openSdrsView, readTreeRows, screenshot } from './workbench';

describe('npm run demo (web mode)', function () {
  let demo: ChildProcess;
  let browser: Browser | undefined;
  let browserHome: string | undefined;
  let url = '';
  let startupMs = 0;

  before(async function () {
    const started = Date.now();
    demo = spawn(process.execPath, [path.join(REPO_ROOT, 'out', 'scripts', 'demo.js'), '--web', '--port', '0', '--latency', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = readline.createInterface({ input: demo.stdout! });
    url = await new Promise<string>((resolve, reject) => {
      demo.once('exit', (code) => reject(new Error(`demo exited early with ${code}`)));
      lines.on('line', (line) => {
        if (line.startsWith('DEMO_URL ')) resolve(line.slice('DEMO_URL '.length));
      });
    });
    startupMs = Date.now() - started;
  });

  after(async function () {
    await browser?.close();
    if (browserHome) fs.rmSync(browserHome, { recursive: true, force: true });
    if (demo.exitCode === null) demo.kill('SIGKILL');
  });

  it('serves a workbench where the SDRS view lists the seeded drills', async () => {
    browserHome = fs.mkdtempSync(path.join(os.tmpdir(), 'sdrs-demo-browser-'));
    browser = await launchChromium(browserHome);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const shownAt = Date.now();
    await page.goto(url);
    await openSdrsView(page);
    const expected = seedData({ seed: 1, groups: 8, drills: 60 });
    const groupsWithDrills = expected.groups.filter((g) => expected.drills.some((d) => d.server_group_id === g.id));
    const firstName = [...groupsWithDrills].map((g) => g.name).sort((a, b) => a.localeCompare(b))[0];
    await page.locator('[id="workbench.view.extension.sdrs"] .monaco-list-row', { hasText: firstName }).first().waitFor({ timeout: 60_000 });
    // Groups start expanded and the list renders only visible rows: collapse to see every group.
    await screenshot(page, 'demo');
    // A container with one view shows the view's actions in the side bar's title.
    await page.locator('.part.sidebar .title').first().hover();
    await page.locator('.part.sidebar .action-label[aria-label^="Collapse All"]').first().click();
    const rows = await readTreeRows(page);
    for (const g of groupsWithDrills) {
      assert.ok(rows.some((r) => r.includes(g.name)), `group ${g.name} missing from ${JSON.stringify(rows)}`);
    }
    console.log(`      demo: URL printed after ${startupMs} ms; drills visible ${Date.now() - shownAt} ms after opening it`);
  });

  it('stops everything on Ctrl-C', async () => {
    const exited = new Promise<number | null>((resolve) => demo.once('exit', (code) => resolve(code)));
    demo.kill('SIGINT');
    assert.equal(await exited, 0);
    await assert.rejects(fetch(new URL('/healthz', url)), 'code-server still answers after Ctrl-C');
  });
});
