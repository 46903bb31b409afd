// `npm run demo`: the extension on the embedded SDRS emulator — desktop VS Code when `code` is on PATH, else code-server in a browser.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { startCodeServer, workbenchUrl } from '../test/host/codeServer';
import { REPO_ROOT } from '../test/host/tools';
import { startEmulator } from '../test/emulator/emulator';

// Demo-only credentials the emulator accepts; they reach the extension through the SDKs' environment variables.
const DEMO_AK = 'DEMOACCESSKEY0000001';
const DEMO_SK = 'demo-secret-key-for-the-embedded-emulator';

const USAGE = `usage: npm run demo -- [--web] [--port 8123] [--emulator-port 0] [--drills 60] [--groups 8] [--latency 150]
  --web            use code-server in a browser even when desktop VS Code (\`code\`) is on PATH
  --port           code-server port (web mode); default 8123, 0 for a free one
  --emulator-port  SDRS emulator port; default a free one
  --drills/--groups/--latency  size of the seeded data and the emulator's response delay (ms)`;

function hasDesktopCode(): boolean {
  return spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
}

async function main(): Promise<void> {
  const { values: v } = parseArgs({
    options: {
      web: { type: 'boolean', default: false },
      port: { type: 'string', default: '8123' },
      'emulator-port': { type: 'string', default: '0' },
      drills: { type: 'string', default: '60' },
      groups: { type: 'string', default: '8' },
      latency: { type: 'string', default: '150' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (v.help) {
    console.log(USAGE);
    return;
  }
  const started = Date.now();
  const cleanups: Array<() => Promise<void> | void> = [];
  let stopping = false;
  const stop = async (code: number): Promise<never> => {
    if (!stopping) {
      stopping = true;
      for (const cleanup of cleanups.reverse()) await cleanup();
    }
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));

  const emulator = await startEmulator({
    port: Number(v['emulator-port']),
    drills: Number(v.drills),
    groups: Number(v.groups),
    latencyMs: Number(v.latency),
    credentials: { accessKey: DEMO_AK, secretKey: DEMO_SK },
  });
  cleanups.push(() => emulator.close());
  console.log(`SDRS emulator: ${emulator.url} (${emulator.data.groups.length} protection groups, ${emulator.data.drills.length} drills)`);

  // The demo's own settings: never the developer's real ones.
  const settings = {
    'sdrs.endpoint': emulator.url,
    'sdrs.projectId': emulator.projectId,
    'sdrs.region': 'cn-north-4',
  };
  const env = { HUAWEICLOUD_SDK_AK: DEMO_AK, HUAWEICLOUD_SDK_SK: DEMO_SK };

  if (!v.web && hasDesktopCode()) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sdrs-demo-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    fs.mkdirSync(path.join(dir, 'user-data', 'User'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'workspace'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'user-data', 'User', 'settings.json'), JSON.stringify({ ...settings, 'workbench.startupEditor': 'none' }, null, 2));
    const code = spawn(
      'code',
      ['--new-window', '--wait', '--user-data-dir', path.join(dir, 'user-data'), '--extensions-dir', path.join(dir, 'extensions'), `--extensionDevelopmentPath=${REPO_ROOT}`, path.join(dir, 'workspace')],
      { stdio: 'inherit', env: { ...process.env, ...env } },
    );
    cleanups.push(() => void code.kill());
    console.log(`Desktop VS Code is starting with the extension in development mode (${Date.now() - started} ms). Open the SDRS view in the activity bar. Ctrl-C stops everything.`);
    code.on('exit', () => void stop(0));
    return;
  }

  const server = await startCodeServer({ settings, port: Number(v.port) });
  cleanups.push(() => server.stop());
  const url = workbenchUrl(server, { extensionDevelopmentPath: REPO_ROOT, extensionEnvironment: env });
  console.log(`code-server is up in ${Date.now() - started} ms. Open this URL in a browser, then the SDRS view in the activity bar:`);
  console.log(`DEMO_URL ${url}`);
  console.log('Ctrl-C stops the emulator and code-server.');
}

main().catch((e: unknown) => {
  console.error(`demo failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
