// `npm run demo` as a newcomer uses it: start it, open its URL in a browser, see drills in the SDRS view, stop it —
// and what goes wrong around it: a second demo on the same port, a port someone else holds, SIGTERM and SIGHUP.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import type { Browser } from 'playwright-core';
import { launchChromium, PortInUseError, startCodeServer } from '../host/codeServer';
import { REPO_ROOT } from '../host/tools';
import { seedData } from '../emulator/emulator';
import type { Page } from 'playwright-core';
import {
  clickMenuItem,
  collapseRow,
  expandRow,
  openSdrsView,
  pickQuickInputItem,
  readTreeItems,
  readTreeRows,
  rightClickRow,
  runPaletteCommand,
  screenshot,
  typeInQuickInput,
  waitForQuickInput,
  waitForQuickInputClosed,
  waitForTreeItems,
  type TreeRow,
  UI_WAIT_MS,
} from './workbench';

const DEMO = path.join(REPO_ROOT, 'out', 'scripts', 'demo.js');
const PORT_IN_USE = 'port in use — stop the other demo or pass `-- --port 0`';

interface Demo {
  process: ChildProcess;
  url: string;
  port: number;
  emulatorPort: number;
  /** The demo's processes (code-server and everything under it) while it ran. */
  descendants: number[];
  exited: Promise<number | null>;
  /** Every line it printed so far. */
  lines: string[];
}

const started: Demo[] = [];

/** What the demo serves (scripts/demo.ts): one project per region, seeded 1, 2, 3; the first two are connected. */
const DEMO_PROJECTS = [
  { region: 'cn-north-4', seed: 1 },
  { region: 'cn-east-3', seed: 2 },
  { region: 'cn-south-1', seed: 3 },
] as const;
const rootLabels = (rows: TreeRow[]): string[] => rows.filter((r) => r.level === 1).map((r) => r.label);
/** Names of the project's protection groups: the tree shows every one, also those without drills. */
function shownGroups(seed: number): string[] {
  return seedData({ seed, groups: 8, drills: 60 }).groups.map((g) => g.name);
}

/** "Collapse All" in the side bar's title; returns the root labels once only the `roots` folded roots are left. */
async function collapseAll(page: Page, roots: number): Promise<string[]> {
  // A container with one view shows the view's actions in the side bar's title.
  await page.locator('.part.sidebar .title').first().hover();
  await page.locator('.part.sidebar .action-label[aria-label^="Collapse All"]').first().click();
  const rows = await waitForTreeItems(page, (r) => r.length === roots && r.every((x) => x.level === 1 && x.expanded === false), `only ${roots} folded roots`);
  return rootLabels(rows);
}

/** Opens one root (the others folded) and checks that it shows every group of the project seeded with `seed`. */
async function assertRootShowsGroups(page: Page, root: string, seed: number): Promise<void> {
  await expandRow(page, root);
  const groups = shownGroups(seed);
  // The list renders only visible rows, and a group that comes (back) from a refresh starts expanded, as a small
  // listing's groups do: fold open groups, as a person would, until the root's rows are its groups only.
  const deadline = Date.now() + UI_WAIT_MS;
  for (;;) {
    const rows = await readTreeItems(page).catch((): TreeRow[] => []);
    const open = rows.find((r) => r.level === 2 && r.expanded === true);
    if (!open && rows.filter((r) => r.level === 2).length === groups.length) break;
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for the ${groups.length} groups of ${root}; the tree shows ${JSON.stringify(rows.map((r) => [r.level, r.label]))}`);
    if (open) await collapseRow(page, open.label).catch(() => undefined);
    else await page.waitForTimeout(150);
  }
  const texts = await readTreeRows(page);
  for (const g of groups)
    assert.ok(
      texts.some((t) => t.includes(g)),
      `group ${g} of ${root} missing from ${JSON.stringify(texts)}`,
    );
  await collapseAll(page, rootLabels(await waitForTreeItems(page, (r) => r.length > 0, 'rows')).length);
}

/** PPID of every live process, from /proc (zombies count as gone). */
function parents(): Map<number, number> {
  const map = new Map<number, number>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state !== 'Z') map.set(Number(name), Number(ppid));
    } catch {
      // exited meanwhile
    }
  }
  return map;
}

function descendantsOf(pid: number): number[] {
  const map = parents();
  const found: number[] = [];
  let frontier = [pid];
  while (frontier.length > 0) {
    const children = [...map].filter(([, ppid]) => frontier.includes(ppid)).map(([child]) => child);
    found.push(...children);
    frontier = children;
  }
  return found;
}

const alive = (pids: number[]): number[] => {
  const live = parents();
  return pids.filter((p) => live.has(p));
};

/** Whether a TCP connect to 127.0.0.1:port is refused (nothing listens). */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });
}

/** Runs the demo script (as `npm run demo -- <args>` does after building) until it prints its URL. */
async function startDemo(args: string[]): Promise<Demo> {
  const child = spawn(process.execPath, [DEMO, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines = readline.createInterface({ input: child.stdout! });
  let emulatorPort = 0;
  const printed: string[] = [];
  lines.on('line', (line) => printed.push(line));
  const url = await new Promise<string>((resolve, reject) => {
    void exited.then((code) => reject(new Error(`demo exited early with ${code}`)));
    lines.on('line', (line) => {
      const emulator = /^SDRS emulator: http:\/\/127\.0\.0\.1:(\d+)/.exec(line);
      if (emulator) emulatorPort = Number(emulator[1]);
      if (line.startsWith('DEMO_URL ')) resolve(line.slice('DEMO_URL '.length));
    });
  });
  const demo: Demo = { process: child, url, port: Number(new URL(url).port), emulatorPort, descendants: descendantsOf(child.pid!), exited, lines: printed };
  started.push(demo);
  return demo;
}

/** Runs a demo that should refuse to start: its exit code and output, or a failure if it claims success. */
async function runFailingDemo(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [DEMO, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  try {
    return await new Promise((resolve, reject) => {
      child.once('exit', (code) => resolve({ code, output }));
      child.stdout!.on('data', () => {
        if (output.includes('DEMO_URL ')) reject(new Error(`the demo claimed success:\n${output}`));
      });
    });
  } finally {
    if (child.exitCode === null) {
      for (const pid of descendantsOf(child.pid!)) process.kill(pid, 'SIGKILL');
      child.kill('SIGKILL');
    }
  }
}

/** Sends `signal` to the demo's node process only, and checks that everything it started is gone. */
async function assertStopsOn(demo: Demo, signal: NodeJS.Signals): Promise<void> {
  // Also what started since the URL was printed (the extension host starts when a browser opens the workbench).
  demo.descendants = [...new Set([...demo.descendants, ...descendantsOf(demo.process.pid!)])];
  assert.ok(demo.descendants.length > 0, 'the demo started no processes?');
  const stoppedAt = Date.now();
  demo.process.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  // Cleared, so a demo that exits at once does not keep mocha waiting out the watchdog.
  const code = await Promise.race([demo.exited, new Promise<'hung'>((r) => (timer = setTimeout(() => r('hung'), UI_WAIT_MS)))]).finally(() =>
    clearTimeout(timer),
  );
  assert.equal(code, 0, `the demo did not exit cleanly on ${signal}`);
  assert.deepEqual(alive(demo.descendants), [], `processes of the demo survived ${signal}: ${demo.descendants.join(' ')}`);
  assert.ok(await refused(demo.port), `code-server's port ${demo.port} still accepts connections after ${signal}`);
  assert.ok(await refused(demo.emulatorPort), `the emulator's port ${demo.emulatorPort} still accepts connections after ${signal}`);
  // It says so, naming the ports it freed.
  const said = demo.lines.find((l) => l.startsWith('demo: stopped'));
  assert.ok(
    said?.includes(String(demo.port)) && said.includes(String(demo.emulatorPort)),
    `the demo did not say it stopped and freed its ports: ${JSON.stringify(demo.lines.slice(-3))}`,
  );
  console.log(`      demo: stopped by ${signal} in ${Date.now() - stoppedAt} ms`);
}

after(function () {
  // Whatever a failed test left running.
  for (const demo of started) {
    for (const pid of alive(demo.descendants)) process.kill(pid, 'SIGKILL');
    if (demo.process.exitCode === null) demo.process.kill('SIGKILL');
  }
});

describe('npm run demo (web mode)', function () {
  let demo: Demo;
  let browser: Browser | undefined;
  let browserHome: string | undefined;
  let page: Page | undefined;
  let startupMs = 0;

  before(async function () {
    const t0 = Date.now();
    // Jobs long enough that a busy machine still sees one running (a person's demo keeps the default 5 s).
    demo = await startDemo(['--web', '--port', '0', '--latency', '0', '--job-seconds', '600']);
    startupMs = Date.now() - t0;
  });

  after(async function () {
    await browser?.close();
    if (browserHome) fs.rmSync(browserHome, { recursive: true, force: true });
  });

  it('serves a workbench where the SDRS view shows two connections, each with its seeded drills', async () => {
    browserHome = fs.mkdtempSync(path.join(os.tmpdir(), 'sdrs-demo-browser-'));
    browser = await launchChromium(browserHome);
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const shownAt = Date.now();
    await page.goto(demo.url);
    await openSdrsView(page);
    const [north, east] = DEMO_PROJECTS;
    const firstName = [...shownGroups(north.seed)].sort((a, b) => a.localeCompare(b))[0];
    await page.locator('[id="workbench.view.extension.sdrs"] .monaco-list-row', { hasText: firstName }).first().waitFor({ timeout: UI_WAIT_MS });
    await screenshot(page, 'demo');
    // Roots and groups start expanded and the list renders only visible rows: fold everything to see both roots.
    const roots = await collapseAll(page, 2);
    assert.deepEqual(
      roots.map((l) => l.split(' · ')[0]),
      [north.region, east.region],
      'a root per connection, in settings order',
    );
    for (const [k, project] of [north, east].entries()) await assertRootShowsGroups(page, roots[k], project.seed);
    console.log(`      demo: URL printed after ${startupMs} ms; drills visible ${Date.now() - shownAt} ms after opening it`);
  });

  it('"SDRS: Add Connection…" in the demo finds the third region\'s project in the emulator\'s IAM', async () => {
    assert.ok(page, 'no workbench open');
    const third = DEMO_PROJECTS[2];
    const before = await collapseAll(page, 2);
    await runPaletteCommand(page, 'SDRS: Add Connection…');
    await waitForQuickInput(page, 'Add Connection: account');
    await pickQuickInputItem(page, 'default', 'from the environment');
    await waitForQuickInput(page, 'Add Connection: region');
    await typeInQuickInput(page, third.region);
    await pickQuickInputItem(page, third.region);
    await waitForQuickInputClosed(page);
    // The new root comes last, expanded, with its groups: the lookup found the project (or the ID would be asked for).
    const rows = await waitForTreeItems(
      page,
      (r) => rootLabels(r).length === 3 && r.some((x) => x.level === 2),
      `a third root, ${third.region}, with its groups`,
    );
    const roots = rootLabels(rows);
    assert.deepEqual(roots.slice(0, 2), before);
    assert.match(roots[2], new RegExp(`^${third.region} · [0-9a-f]{8}$`));
    await collapseAll(page, 3);
    await assertRootShowsGroups(page, roots[2], third.seed);
  });

  it('shows notifications as the product does: "Creating drill …" pops up while the job runs (demo-create-drill.png)', async () => {
    assert.ok(page, 'no workbench open');
    const roots = await collapseAll(page, 3);
    await expandRow(page, roots[0]);
    const rows = await waitForTreeItems(page, (r) => r.some((x) => x.level === 2), 'the groups of the first connection');
    // The first group SDRS can drill (its context menu offers Create Drill…).
    let offered = false;
    for (const group of rows.filter((r) => r.level === 2)) {
      const items = await rightClickRow(page, group.label);
      if (items.includes('Create Drill…')) {
        await clickMenuItem(page, 'Create Drill…');
        offered = true;
        break;
      }
      await page.keyboard.press('Escape');
    }
    assert.ok(offered, 'no group of the first connection offers Create Drill…');
    const name = 'demo-rehearsal';
    await waitForQuickInput(page, 'Create Drill');
    await typeInQuickInput(page, name);
    await page.keyboard.press('Enter');
    await waitForQuickInput(page, 'drill VPC');
    await pickQuickInputItem(page, 'Let SDRS create a drill VPC');
    await waitForQuickInput(page, `create ${name}`);
    await pickQuickInputItem(page, 'SDRS creates the drill VPC');
    await waitForQuickInputClosed(page);
    // A toast, not only an entry in the notification center: the smoke-test driver (test runners only) hides toasts.
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: `Creating drill ${name}` }).first();
    await toast.waitFor({ state: 'visible', timeout: UI_WAIT_MS });
    await page.mouse.move(900, 700);
    await screenshot(page, 'demo-create-drill');
    assert.ok(await toast.isVisible(), 'the notification had gone before the screenshot was taken');
  });

  it('refuses to start a second demo on the port of the running one, and says so', async () => {
    const second = await runFailingDemo(['--web', '--port', String(demo.port), '--latency', '0']);
    assert.notEqual(second.code, 0, `the second demo exited with 0:\n${second.output}`);
    assert.ok(second.output.includes(PORT_IN_USE), `no clear message:\n${second.output}`);
    // The first demo is untouched.
    assert.equal((await fetch(new URL('/healthz', demo.url))).status, 200);
  });

  it('refuses a port another server holds, even one that answers /healthz like code-server', async () => {
    const impostor = http.createServer((_req, res) => res.end('{"status":"alive"}'));
    await new Promise<void>((r) => impostor.listen(0, '127.0.0.1', r));
    const port = (impostor.address() as net.AddressInfo).port;
    try {
      const run = await runFailingDemo(['--web', '--port', String(port), '--latency', '0']);
      assert.notEqual(run.code, 0, `the demo exited with 0:\n${run.output}`);
      assert.ok(run.output.includes(PORT_IN_USE), `no clear message:\n${run.output}`);
      // The health check itself: code-server that cannot listen is never mistaken for the server that can.
      await assert.rejects(startCodeServer({ port }), PortInUseError);
    } finally {
      impostor.close();
    }
  });

  it('stops everything on Ctrl-C', async () => {
    await assertStopsOn(demo, 'SIGINT');
  });
});

describe('npm run demo stopped by a signal to its process only', function () {
  for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
    it(`stops the emulator and code-server and frees their ports on ${signal}`, async () => {
      const demo = await startDemo(['--web', '--port', '0', '--latency', '0']);
      await assertStopsOn(demo, signal);
    });
  }
});
