// `npm run demo`: the extension on the embedded SDRS emulator — desktop VS Code when `code` is on PATH, else code-server in a browser.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { installInPlace, PortInUseError, startCodeServer, workbenchUrl } from '../test/host/codeServer';
import { REPO_ROOT } from '../test/host/tools';
import { startEmulator, type EmulatorData } from '../test/emulator/emulator';
import { formatTimestamp } from '../test/emulator/seed';

// Demo-only credentials the emulator accepts; they reach the extension through the SDKs' environment variables.
const DEMO_AK = 'DEMOACCESSKEY0000001';
const DEMO_SK = 'demo-secret-key-for-the-embedded-emulator';

/** The default project's region, then the regions of the other projects the emulator serves and IAM names. */
const REGIONS = ['cn-north-4', 'cn-east-3', 'cn-south-1'] as const;
/** Projects the demo connects to at start (the first two); the third is for trying Add Connection. */
const CONNECTED = 2;

/** The stable ID the emulator's CLI gives its k-th extra project (`--projects N`, seed 1), so the IDs look familiar. */
function extraProjectId(index: number): string {
  return createHash('md5').update(`sdrs-emulator-project-1-${index}`).digest('hex');
}

const OPTIONS = {
  web: { type: 'boolean', default: false },
  port: { type: 'string', default: '8123' },
  'emulator-port': { type: 'string', default: '0' },
  drills: { type: 'string', default: '60' },
  groups: { type: 'string', default: '8' },
  latency: { type: 'string', default: '150' },
  'job-seconds': { type: 'string', default: '5' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const USAGE = `usage: npm run demo -- [--web] [--port 8123] [--emulator-port 0] [--drills 60] [--groups 8] [--latency 150] [--job-seconds 5]
  (options go after npm's \`--\`: \`npm run demo -- --web\`; without it npm keeps them for itself)
  --web            use code-server in a browser even when desktop VS Code (\`code\`) is on PATH
  --port           code-server port (web mode); default 8123, 0 for a free one
  --emulator-port  SDRS emulator port; default 0, a free one
  --drills/--groups/--latency  size of each project's seeded data and the emulator's response delay (ms)
  --job-seconds    how long a create or delete job runs (default 5)`;

/** A failure the demo explains in one line (no stack). */
class DemoError extends Error {}

function portInUse(port: number, option: string): DemoError {
  return new DemoError(`127.0.0.1:${port}: port in use — stop the other demo or pass \`-- --${option} 0\``);
}

/** Fails early and clearly when something already listens on the port (code-server would only say EADDRINUSE). */
function assertPortFree(port: number, option: string): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (e: NodeJS.ErrnoException) => reject(e.code === 'EADDRINUSE' ? portInUse(port, option) : e));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

function portOption(values: Record<string, unknown>, name: 'port' | 'emulator-port'): number {
  const port = Number(values[name]);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new DemoError(`--${name} must be a port number (0 for a free one), not ${String(values[name])}\n${USAGE}`);
  return port;
}

function parseOptions(): ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'] {
  try {
    return parseArgs({ options: OPTIONS }).values;
  } catch (e) {
    throw new DemoError(`${(e as Error).message}\n${USAGE}`);
  }
}

function hasDesktopCode(): boolean {
  return spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** What started, in start order; stopped in reverse by `stop`, once, whatever ends the demo. */
const cleanups: Array<() => Promise<void> | void> = [];
/** Start-ups under way: `stop` waits for them, so nothing that starts during a Ctrl-C outlives the demo. */
const pending = new Set<Promise<unknown>>();
/** Stops code-server's process group synchronously: the last resort when the process exits without `stop`. */
let killCodeServerGroup: (() => void) | undefined;
let stopping: Promise<never> | undefined;

/** Registers what `start` starts for `stop` as soon as it is up. */
function starting<T>(start: Promise<T>, cleanup: (started: T) => Promise<void> | void): Promise<T> {
  const tracked = start.then((started) => {
    cleanups.push(() => cleanup(started));
    return started;
  });
  pending.add(tracked);
  tracked.then(
    () => pending.delete(tracked),
    () => pending.delete(tracked),
  );
  return tracked;
}

/** The ports the demo listens on, for the line that says they are free again. */
const ports: string[] = [];

function stop(code: number): Promise<never> {
  stopping ??= (async () => {
    await Promise.allSettled([...pending]);
    const stoppedSomething = cleanups.length > 0;
    if (stoppedSomething) console.log('demo: stopping …');
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (e) {
        console.error(`demo: while stopping: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    killCodeServerGroup = undefined;
    if (stoppedSomething)
      console.log(`demo: stopped; the emulator and code-server have ended${ports.length ? ` and ports ${ports.join(' and ')} are free` : ''}.`);
    process.exit(code);
  })();
  return stopping;
}

async function main(): Promise<void> {
  // `npm run demo --web` hands `--web` to npm (as npm_config_web), never to this script.
  const swallowed = Object.keys(OPTIONS).filter((o) => process.env[`npm_config_${o.replace(/-/g, '_')}`] !== undefined);
  if (swallowed.length > 0) {
    throw new DemoError(
      `npm kept ${swallowed.map((o) => `--${o}`).join(', ')} for itself; put the demo's options after \`--\`: npm run demo -- ${swallowed.map((o) => `--${o}`).join(' ')} …\n${USAGE}`,
    );
  }
  const v = parseOptions();
  if (v.help) {
    console.log(USAGE);
    return;
  }
  const port = portOption(v, 'port');
  const emulatorPort = portOption(v, 'emulator-port');
  const jobMs = Number(v['job-seconds']) * 1000;
  if (!Number.isFinite(jobMs) || jobMs < 1000 || jobMs > 3_600_000)
    throw new DemoError(`--job-seconds must be 1 to 3600, not ${String(v['job-seconds'])}\n${USAGE}`);
  const started = Date.now();
  // Ctrl-C, `kill`, a closed terminal: each stops the emulator and code-server and frees their ports.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(0));
  process.on('exit', () => killCodeServerGroup?.());

  const web = v.web || !hasDesktopCode();
  if (web) await assertPortFree(port, 'port');

  // One project per region, seeded like the CLI's (`--projects 3`: seed 1, 2, 3), each named after its region in IAM.
  const extraIds = REGIONS.slice(1).map((_, k) => extraProjectId(k + 1));
  const emulator = await starting(
    startEmulator({
      port: emulatorPort,
      drills: Number(v.drills),
      groups: Number(v.groups),
      latencyMs: Number(v.latency),
      credentials: { accessKey: DEMO_AK, secretKey: DEMO_SK },
      // Each region's groups replicate between that region's own zones.
      projects: Object.fromEntries(extraIds.map((id, k) => [id, { seed: k + 2, region: REGIONS[k + 1] }])),
      // Create, rename and delete drills, with jobs that take a few seconds.
      lifecycle: true,
      jobInitMs: Math.min(1000, jobMs / 5),
      jobRunMs: jobMs - Math.min(1000, jobMs / 5),
    }),
    (e) => e.close(),
  ).catch((e: NodeJS.ErrnoException) => {
    throw e.code === 'EADDRINUSE' ? portInUse(emulatorPort, 'emulator-port') : e;
  });
  const projects = [emulator.projectId, ...extraIds].map((id, k) => ({ id, region: REGIONS[k] }));
  // Seeded drills that are creating or deleting finish like the demo's own jobs, so the view stops refreshing every 15 s.
  const settling = setTimeout(() => {
    for (const p of projects) finishSeededTransitions(emulator.projectData(p.id));
  }, jobMs);
  cleanups.push(() => clearTimeout(settling));
  emulator.options.iamProjects = projects.map((p) => ({ id: p.id, name: p.region }));
  const sizes = projects.map((p) => {
    const data = emulator.projectData(p.id);
    return `${p.region}: ${data.groups.length} protection groups, ${data.drills.length} drills`;
  });
  ports.push(String(new URL(emulator.url).port));
  console.log(`SDRS emulator: ${emulator.url} (${sizes.join('; ')})`);
  console.log(
    `Connected: ${REGIONS.slice(0, CONNECTED).join(', ')}. Try "SDRS: Add Connection…" → ${REGIONS[CONNECTED]}: IAM (the emulator) names its project.`,
  );

  // The demo's own settings: never the developer's real ones. The default account's credentials come from `env`.
  const settings = {
    'sdrs.endpoint': emulator.url,
    'sdrs.iamEndpoint': emulator.url,
    'sdrs.connections': projects.slice(0, CONNECTED).map((p) => ({ account: 'default', region: p.region, projectId: p.id, projectName: p.region })),
  };
  const env = { HUAWEICLOUD_SDK_AK: DEMO_AK, HUAWEICLOUD_SDK_SK: DEMO_SK };

  if (!web) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sdrs-demo-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    fs.mkdirSync(path.join(dir, 'user-data', 'User'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'workspace'), { recursive: true });
    writeSampleFiles(path.join(dir, 'workspace'), emulator.data);
    fs.writeFileSync(path.join(dir, 'user-data', 'User', 'settings.json'), JSON.stringify({ ...settings, 'workbench.startupEditor': 'none' }, null, 2));
    const code = spawn(
      'code',
      [
        '--new-window',
        '--wait',
        '--user-data-dir',
        path.join(dir, 'user-data'),
        '--extensions-dir',
        path.join(dir, 'extensions'),
        `--extensionDevelopmentPath=${REPO_ROOT}`,
        path.join(dir, 'workspace'),
      ],
      { stdio: 'inherit', env: { ...process.env, ...env } },
    );
    cleanups.push(() => void code.kill());
    console.log(
      `Desktop VS Code is starting with the extension in development mode (${Date.now() - started} ms). Open the SDRS view in the activity bar. Ctrl-C stops everything.`,
    );
    code.on('exit', () => void stop(0));
    return;
  }

  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'sdrs-demo-workspace-'));
  cleanups.push(() => fs.rmSync(workspace, { recursive: true, force: true }));
  writeSampleFiles(workspace, emulator.data);
  // Without the smoke-test driver (it hides every notification: the demo must look like the product), so the extension
  // is listed as installed in place rather than loaded as a development extension, and its environment is code-server's.
  const server = await starting(startCodeServer({ settings, port, workspaceFolder: workspace, smokeTestDriver: false, env }), (s) => s.stop()).catch(
    (e: unknown) => {
      // Someone took the port between the check above and code-server's own listen.
      throw e instanceof PortInUseError ? portInUse(port, 'port') : e;
    },
  );
  killCodeServerGroup = () => {
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  ports.push(String(server.port));
  installInPlace(server, REPO_ROOT);
  if (stopping) return;
  const url = workbenchUrl(server, {});
  console.log(`code-server is up in ${Date.now() - started} ms. Open this URL in a browser, then the SDRS view in the activity bar:`);
  console.log(`DEMO_URL ${url}`);
  console.log('Ctrl-C (or SIGTERM/SIGHUP) stops the emulator and code-server.');
}

/** Ends the transitions the seed starts drills in: creating ones become available, deleting ones go. */
function finishSeededTransitions(data: EmulatorData): void {
  const now = formatTimestamp(Date.now());
  for (const drill of [...data.drills]) {
    if (drill.status === 'creating') Object.assign(drill, { status: 'available', updated_at: now });
    else if (drill.status === 'deleting') {
      data.drills.splice(data.drills.indexOf(drill), 1);
      const group = data.groups.find((g) => g.id === drill.server_group_id);
      if (group?.disaster_recovery_drill_num) group.disaster_recovery_drill_num--;
    }
  }
}

/**
 * A Terraform file and a YAML file of the demo's own IDs, to try hover, Ctrl/Cmd-click, completion and the Terraform
 * check on: one group ID that the view lists and one that no connection lists.
 */
function writeSampleFiles(folder: string, data: EmulatorData): void {
  const drill = data.drills.find((d) => d.status === 'available' && d.drill_servers.length > 0) ?? data.drills[0];
  const group = data.groups.find((g) => g.id === drill?.server_group_id) ?? data.groups[0];
  if (!drill || !group) return;
  const tf = [
    '# Hover an ID, Ctrl/Cmd-click it, or type group_id = " for IDs by name. The second drill names a protection',
    '# group no connection lists: SDRS flags it once every connection has loaded, with quick fixes.',
    'resource "huaweicloud_sdrs_drill" "rehearsal" {',
    '  name         = "terraform-rehearsal"',
    `  group_id     = "${group.id}"`,
    `  drill_vpc_id = "${drill.drill_vpc_id}"`,
    '}',
    '',
    'resource "huaweicloud_sdrs_drill" "typo" {',
    '  name     = "terraform-typo"',
    `  group_id = "${group.id.slice(0, -4)}beef"`,
    '}',
    '',
  ].join('\n');
  const yaml = [
    '# IDs copied from the SDRS view: hover them.',
    `drill_id: ${drill.id}`,
    `drill_server_id: ${drill.drill_servers[0]?.drill_server_id ?? ''}`,
    `protected_instance: ${drill.drill_servers[0]?.protected_instance ?? ''}`,
    'server_group_id: ',
    '',
  ].join('\n');
  fs.writeFileSync(path.join(folder, 'drill.tf'), tf);
  fs.writeFileSync(path.join(folder, 'rehearsal.yaml'), yaml);
}

main().catch(async (e: unknown) => {
  console.error(`demo failed: ${e instanceof DemoError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  await stop(1);
});
