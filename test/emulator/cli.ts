// Command line for the SDRS emulator: serves seeded data on a fixed port for demos, benchmarks and manual checks.
import { parseArgs } from 'node:util';
import { startEmulator, type CountMode, type EmulatorOptions, type RecordedRequest } from './emulator';

const USAGE = `usage: node out/test/emulator/cli.js [--port 8080] [--drills 60] [--groups 8] [--seed 1] [--latency 0]
       [--count-mode total|page] [--strict-limit] [--project-id ID] [--ak AK --sk SK] [--token T] [--no-auth] [--quiet]`;

function die(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function int(value: string, flag: string): number {
  if (!/^\d+$/.test(value)) die(`--${flag} must be a non-negative integer, got '${value}'`);
  return Number(value);
}

function accessLog(r: RecordedRequest, ms: number): void {
  const query = Object.entries(r.query).flatMap(([k, vs]) => vs.map((v) => `${k}=${v}`)).join('&');
  // Status 0 means the socket was reset on purpose by an injected fault.
  console.log(`${r.method} ${r.path}${query ? `?${query}` : ''} ${r.status || 'RESET'} ${ms}ms`);
}

async function main(): Promise<void> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse();
  } catch (e) {
    die(e instanceof Error ? e.message : String(e));
  }
  const v = args.values;
  if (v.help) {
    console.log(USAGE);
    return;
  }
  const countMode = v['count-mode'];
  if (countMode !== 'total' && countMode !== 'page') die(`--count-mode must be total or page, got '${countMode}'`);
  if ((v.ak === undefined) !== (v.sk === undefined)) die('--ak and --sk go together');

  const options: EmulatorOptions = {
    port: int(v.port, 'port'),
    drills: int(v.drills, 'drills'),
    groups: int(v.groups, 'groups'),
    seed: int(v.seed, 'seed'),
    latencyMs: int(v.latency, 'latency'),
    countMode: countMode as CountMode,
    strictLimit: v['strict-limit'],
    projectId: v['project-id'],
    credentials: v.ak !== undefined && v.sk !== undefined ? { accessKey: v.ak, secretKey: v.sk } : undefined,
    token: v.token,
    verifyAuth: !v['no-auth'],
    onResponse: (r, ms) => {
      if (!v.quiet) accessLog(r, ms);
      // A long-running demo or benchmark must not keep every request in memory.
      emulator.requests.length = 0;
    },
  };
  const emulator = await startEmulator(options);
  console.log(`SDRS emulator listening on ${emulator.url} project=${emulator.projectId}`);
  const auth = emulator.options.verifyAuth
    ? `AK=${emulator.options.credentials.accessKey} SK=${emulator.options.credentials.secretKey} token=${emulator.options.token}`
    : 'auth disabled';
  console.log(`groups=${emulator.data.groups.length} drills=${emulator.data.drills.length} count-mode=${countMode}${emulator.options.strictLimit ? ' strict-limit' : ''} ${auth}`);

  const stop = (signal: string): void => {
    console.log(`${signal}: stopping`);
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

function parse() {
  return parseArgs({
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string', default: '8080' },
      drills: { type: 'string', default: '60' },
      groups: { type: 'string', default: '8' },
      seed: { type: 'string', default: '1' },
      latency: { type: 'string', default: '0' },
      'count-mode': { type: 'string', default: 'total' },
      // limit=1000 (and 0) answer 400 SDRS.0221, as the error's own text says the range is 1..999.
      'strict-limit': { type: 'boolean', default: false },
      'project-id': { type: 'string' },
      ak: { type: 'string' },
      sk: { type: 'string' },
      token: { type: 'string' },
      'no-auth': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
