// Runs a throwaway code-server (a real VS Code extension host) and opens its workbench in headless Chromium.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
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
}

export interface CodeServer {
  port: number;
  baseUrl: string;
  /** Root of this run's temp dirs (user data, extensions, config). */
  tempDir: string;
  workspaceFolder: string;
  extensionsDir: string;
  userDataDir: string;
  /** Run code-server's CLI with this server's dirs (e.g. `--install-extension`). */
  cli(args: string[]): Promise<void>;
  stop(): Promise<void>;
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
  const env = {
    ...process.env,
    HOME: tempDir,
    XDG_CONFIG_HOME: path.join(tempDir, 'xdg-config'),
    XDG_CACHE_HOME: path.join(tempDir, 'xdg-cache'),
    XDG_DATA_HOME: path.join(tempDir, 'xdg-data'),
  };
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true, env });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not become healthy within ${timeoutMs / 1000} s`);
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
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...BASE_SETTINGS, ...options.settings }, null, 2),
  );
  const configFile = path.join(tempDir, 'config.yaml');
  fs.writeFileSync(configFile, 'auth: none\n');
  // Keep every write of code-server and its extension host inside the temp dir, never $HOME.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: tempDir,
    XDG_CONFIG_HOME: path.join(tempDir, 'xdg-config'),
    XDG_DATA_HOME: path.join(tempDir, 'xdg-data'),
    XDG_CACHE_HOME: path.join(tempDir, 'xdg-cache'),
  };
  const dirArgs = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  const port = options.port || (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
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
      `127.0.0.1:${port}`,
      '--vscode-option',
      'enable-smoke-test-driver',
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

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 5000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(tempDir, { recursive: true, force: true });
  };

  try {
    await waitForHealth(baseUrl, child, 60_000);
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}\n--- code-server output ---\n${output.join('')}`);
  }

  const cli = (args: string[]): Promise<void> =>
    new Promise((resolve, reject) => {
      const p = spawn(tools.node, [tools.codeServerEntry, ...dirArgs, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      p.stdout.on('data', (d: Buffer) => (out += d.toString()));
      p.stderr.on('data', (d: Buffer) => (out += d.toString()));
      p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`code-server ${args.join(' ')} failed (${code}):\n${out}`))));
    });

  return { port, baseUrl, tempDir, workspaceFolder, extensionsDir, userDataDir, cli, stop };
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
