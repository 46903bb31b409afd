// Runs a throwaway code-server (a real VS Code extension host) and opens its workbench in headless Chromium.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as util from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ensureHostTools } from './tools';

export interface CodeServerOptions {
  /** User settings written before start; the runner's defaults are merged under them. */
  settings?: Record<string, unknown>;
  /** Folder the workbench opens; defaults to an empty temp folder. */
  workspaceFolder?: string;
  /** Print code-server's own output (the extension host's stdout/stderr lands there). */
  verbose?: boolean;
  /** Loopback port to listen on; default a free one. */
  port?: number;
  /**
   * Default true: what the test runners need (a built workbench reads the payload's development entries only with
   * it) — but it also hides every notification toast, so a workbench for people (the demo) turns it off.
   */
  smokeTestDriver?: boolean;
  /** Extra environment for code-server and so for its extension host (the payload's extensionEnvironment needs the driver). */
  env?: Record<string, string>;
}

export interface CodeServer {
  port: number;
  baseUrl: string;
  /** code-server's PID, also the ID of its process group (extension host, file watcher, pty host). */
  pid: number;
  /** Root of this run's temp dirs (user data, extensions, config, and the private TMPDIR). */
  tempDir: string;
  workspaceFolder: string;
  extensionsDir: string;
  userDataDir: string;
  /** Run code-server's CLI with this server's dirs (e.g. `--install-extension`). */
  cli(args: string[]): Promise<void>;
  /** The server's log files so far (`user-data/logs/**`, e.g. `…/exthost1/remoteexthost.log`); gone after `stop()`. */
  readLogs(): { file: string; contents: string }[];
  /** Stops code-server and every process of its group, then removes `tempDir`. */
  stop(): Promise<void>;
}

/** Thrown when code-server cannot listen because another process holds the port. */
export class PortInUseError extends Error {
  readonly code = 'EADDRINUSE';
  constructor(readonly port: number) {
    super(`port ${port} is in use`);
  }
}

/**
 * The environment that keeps a process's files inside `tempDir`: HOME and XDG dirs, and a private temp dir, so the
 * IPC sockets VS Code makes (`vscode-ipc-*.sock`, the git extension's `vscode-git-*.sock`), Node's compile cache and
 * tsserver's `vscode-typescript*` land there and are removed with it, not left in the shared os.tmpdir().
 */
export function privateEnv(tempDir: string): NodeJS.ProcessEnv {
  const tmp = path.join(tempDir, 'tmp');
  fs.mkdirSync(tmp, { recursive: true, mode: 0o700 });
  return {
    ...process.env,
    HOME: tempDir,
    XDG_CONFIG_HOME: path.join(tempDir, 'xdg-config'),
    XDG_DATA_HOME: path.join(tempDir, 'xdg-data'),
    XDG_CACHE_HOME: path.join(tempDir, 'xdg-cache'),
    // VS Code puts its sockets in XDG_RUNTIME_DIR when set, else in os.tmpdir() (TMPDIR).
    XDG_RUNTIME_DIR: tmp,
    TMPDIR: tmp,
    TMP: tmp,
    TEMP: tmp,
  };
}

const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'workbench.tips.enabled': false,
  'chat.disableAIFeatures': true,
};

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--disable-crash-reporter',
  '--disable-breakpad',
];

/** Headless Chromium whose profile, config and cache live under `tempDir`, never under $HOME. */
export function launchChromium(tempDir: string): Promise<Browser> {
  const { chromium: executablePath } = ensureHostTools();
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true, env: privateEnv(tempDir) });
}

/** Whether any process of the group `pgid` is still alive. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const LISTENING = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)\//;

/**
 * Waits until *this* child listens and answers /healthz. The port comes from the child's own "listening" line, so a
 * server another process already runs on the port is never mistaken for ours (the child then fails with EADDRINUSE).
 */
async function waitForOwnServer(child: ChildProcess, output: string[], requestedPort: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let port: number | undefined;
  while (Date.now() < deadline) {
    const text = output.join('');
    if (child.exitCode !== null || child.signalCode !== null) {
      if (/EADDRINUSE/.test(text)) throw new PortInUseError(requestedPort);
      throw new Error(`code-server exited early with ${child.exitCode ?? child.signalCode}`);
    }
    port ??= Number(LISTENING.exec(text)?.[1]) || undefined;
    if (port !== undefined) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        // Still ours: the child is alive after answering.
        if (res.ok && child.exitCode === null) return port;
      } catch {
        // not answering yet
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`code-server did not become healthy within ${timeoutMs / 1000} s`);
}

/** Every file under `dir`, recursively (empty when it does not exist). */
function listFiles(dir: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : e.isFile() ? [path.join(dir, e.name)] : []));
}

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  const tools = ensureHostTools();
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sdrs-host-'));
  const userDataDir = path.join(tempDir, 'user-data');
  const extensionsDir = path.join(tempDir, 'extensions');
  const workspaceFolder = options.workspaceFolder ?? path.join(tempDir, 'workspace');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.mkdirSync(workspaceFolder, { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...options.settings }, null, 2));
  const configFile = path.join(tempDir, 'config.yaml');
  fs.writeFileSync(configFile, 'auth: none\n');
  // Keep every write of code-server and its extension host inside the temp dir, never $HOME or the shared /tmp.
  const env = { ...privateEnv(tempDir), ...options.env };
  const dirArgs = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  // Port 0: code-server picks a free one and says which in its "listening" line.
  const requestedPort = options.port ?? 0;
  const child = spawn(
    tools.node,
    [
      tools.codeServerEntry,
      ...dirArgs,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--bind-addr',
      `127.0.0.1:${requestedPort}`,
      ...(options.smokeTestDriver === false ? [] : ['--vscode-option', 'enable-smoke-test-driver']),
      workspaceFolder,
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  const output: string[] = [];
  const capture = (chunk: Buffer): void => {
    const text = chunk.toString();
    output.push(text);
    if (options.verbose) process.stderr.write(text);
  };
  child.stdout?.on('data', capture);
  child.stderr?.on('data', capture);

  // Detached, so code-server leads its own process group: the extension host and other helpers are in it too.
  const pgid = child.pid!;
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    const signal = (sig: NodeJS.Signals): void => {
      try {
        process.kill(-pgid, sig);
      } catch {
        // already gone
      }
    };
    // Wait for the whole group, not only its leader: a surviving helper could hold files or the port.
    if (groupAlive(pgid)) {
      signal('SIGTERM');
      const killAt = Date.now() + 5000;
      let killed = false;
      while (groupAlive(pgid)) {
        if (!killed && Date.now() > killAt) {
          signal('SIGKILL');
          killed = true;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
    fs.rmSync(tempDir, { recursive: true, force: true });
  };

  let port: number;
  try {
    port = await waitForOwnServer(child, output, requestedPort, 60_000);
  } catch (e) {
    await stop();
    if (e instanceof PortInUseError) throw e;
    throw new Error(`${(e as Error).message}\n--- code-server output ---\n${output.join('')}`);
  }
  const baseUrl = `http://127.0.0.1:${port}`;

  const cli = (args: string[]): Promise<void> =>
    new Promise((resolve, reject) => {
      const p = spawn(tools.node, [tools.codeServerEntry, ...dirArgs, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      p.stdout.on('data', (d: Buffer) => (out += d.toString()));
      p.stderr.on('data', (d: Buffer) => (out += d.toString()));
      p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`code-server ${args.join(' ')} failed (${code}):\n${out}`))));
    });

  const readLogs = (): { file: string; contents: string }[] =>
    listFiles(path.join(userDataDir, 'logs'))
      .filter((f) => f.endsWith('.log'))
      .map((file) => ({ file: path.relative(userDataDir, file), contents: fs.readFileSync(file, 'utf8') }));

  return { port, baseUrl, pid: pgid, tempDir, workspaceFolder, extensionsDir, userDataDir, cli, readLogs, stop };
}

export interface WorkbenchOptions {
  /** Load this folder as an extension in development mode. */
  extensionDevelopmentPath?: string;
  /** Run this mocha entry (exports `run()`) inside the extension host. */
  extensionTestsPath?: string;
  /** Variables added to the extension host's `process.env`. */
  extensionEnvironment?: Record<string, string>;
  /** Called with each console line of the workbench, in order. */
  onConsole?: (line: string) => void;
  viewport?: { width: number; height: number };
}

export interface WorkbenchExit {
  code: number;
  logs: { relativePath: string; contents: string }[];
}

export interface Workbench {
  browser: Browser;
  page: Page;
  /** Resolves when the workbench calls `codeAutomationExit` (test runs only). */
  exit: Promise<WorkbenchExit>;
  /** Lines the page wrote to its console, formatted as the extension host wrote them. */
  consoleLines: string[];
  close(): Promise<void>;
}

/** Formats a browser console message the way the extension host's console.log wrote it. */
function formatConsoleArgs(values: unknown[]): string {
  // The workbench forwards extension-host logs as ("%c INFO", "<css>", ...args).
  if (typeof values[0] === 'string' && values[0].startsWith('%c') && values.length >= 2) {
    values = values.slice(2);
  }
  return util.format(...values);
}

/** The workbench URL that opens the server's folder with the extension (and tests) of `options` loaded. */
/**
 * Lists an extension folder (the checkout, say) as installed in the server's extensions dir, as `--install-extension`
 * would, but in place: the extension runs from the folder as it is, like a development host, and without the smoke-test
 * driver the workbench looks like the product (notifications included). Call it before the workbench opens.
 */
export function installInPlace(server: CodeServer, folder: string): void {
  const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  const id = `${manifest.publisher}.${manifest.name}`.toLowerCase();
  const entries = [
    {
      identifier: { id },
      version: manifest.version,
      location: { $mid: 1, scheme: 'file', path: folder },
      metadata: { installedTimestamp: Date.now(), source: 'vsix', pinned: true },
    },
  ];
  fs.writeFileSync(path.join(server.extensionsDir, 'extensions.json'), JSON.stringify(entries));
}

export function workbenchUrl(server: CodeServer, options: WorkbenchOptions): string {
  const remote = (p: string): string => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload: [string, string][] = [
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ];
  if (options.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(options.extensionDevelopmentPath)]);
  if (options.extensionTestsPath) payload.push(['extensionTestsPath', remote(options.extensionTestsPath)]);
  if (options.extensionEnvironment) payload.push(['extensionEnvironment', JSON.stringify(options.extensionEnvironment)]);
  const url = new URL(server.baseUrl);
  url.searchParams.set('folder', server.workspaceFolder);
  url.searchParams.set('payload', JSON.stringify(payload));
  return url.toString();
}

export async function openWorkbench(server: CodeServer, options: WorkbenchOptions = {}): Promise<Workbench> {
  const browser = await launchChromium(server.tempDir);
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    locale: 'en-US',
  });
  const page = await context.newPage();
  const consoleLines: string[] = [];
  // Values are fetched as soon as a message arrives, but appended strictly in arrival order.
  let ordered = Promise.resolve();
  page.on('console', (msg) => {
    const text = Promise.all(msg.args().map((a) => a.jsonValue().catch(() => '[unserializable]')))
      .then(formatConsoleArgs)
      .catch(() => msg.text());
    ordered = ordered.then(async () => {
      const line = await text;
      consoleLines.push(line);
      options.onConsole?.(line);
    });
  });
  let resolveExit!: (result: WorkbenchExit) => void;
  const exit = new Promise<WorkbenchExit>((resolve) => (resolveExit = resolve));
  await page.exposeFunction('codeAutomationExit', async (code: number, logs?: WorkbenchExit['logs']) => {
    await ordered;
    resolveExit({ code, logs: logs ?? [] });
  });
  await page.goto(workbenchUrl(server, options));
  return {
    browser,
    page,
    exit,
    consoleLines,
    close: () => browser.close(),
  };
}
