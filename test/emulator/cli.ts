// Command line for the SDRS emulator: serves seeded data on a fixed port for demos, benchmarks and manual checks.
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import {
  DEFAULT_IAM_REGION,
  FAIL_JOB_MARK,
  startEmulator,
  type CountMode,
  type EmulatorOptions,
  type IamProjectEntry,
  type ProjectSeed,
  type RecordedRequest,
} from './emulator';

const USAGE = `usage: node out/test/emulator/cli.js [--port 8080] [--drills 60] [--groups 8] [--seed 1] [--latency 0]
       [--count-mode total|page] [--strict-limit] [--project-id ID] [--ak AK --sk SK] [--token T] [--no-auth] [--quiet]
       [--projects N] [--regions cn-north-4,cn-east-3,…] [--ak2 AK --sk2 SK] [--job-ms 1000 | --job-ms INIT,RUN]
  --projects N   serve N projects (default 1): project k+1 is seeded with seed+k, and IAM lists it under the
                 k+1-th region of --regions, so each region resolves to exactly one project
  --ak2/--sk2    a second account's AK/SK, accepted like --ak/--sk for every project and for IAM
  --job-ms       how long a create or delete job takes: a total (30% INIT, the rest RUNNING) or INIT,RUN in ms
                 (default 300,700). Drills can be created, renamed and deleted; a drill whose name contains
                 '${FAIL_JOB_MARK}' fails its create and delete jobs`;

/** Regions named in IAM for projects 1, 2, …: the default project first, then other SDRS regions. */
const DEFAULT_REGIONS = [
  DEFAULT_IAM_REGION,
  'cn-east-3',
  'cn-south-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'cn-east-2',
  'af-south-1',
  'sa-brazil-1',
  'la-north-2',
  'la-south-2',
  'tr-west-1',
];

/** A stable 32-hex project ID per extra project, so a demo's settings survive a restart of the emulator. */
function extraProjectId(seed: number, index: number): string {
  return createHash('md5').update(`sdrs-emulator-project-${seed}-${index}`).digest('hex');
}

function die(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function int(value: string, flag: string): number {
  if (!/^\d+$/.test(value)) die(`--${flag} must be a non-negative integer, got '${value}'`);
  return Number(value);
}

function accessLog(r: RecordedRequest, ms: number): void {
  const query = Object.entries(r.query)
    .flatMap(([k, vs]) => vs.map((v) => `${k}=${v}`))
    .join('&');
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
  if ((v.ak2 === undefined) !== (v.sk2 === undefined)) die('--ak2 and --sk2 go together');
  const projectCount = int(v.projects, 'projects');
  if (projectCount < 1) die('--projects must be at least 1');
  const regions = v.regions === undefined ? DEFAULT_REGIONS : v.regions.split(',').map((r) => r.trim());
  if (regions.some((r) => !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(r))) die(`--regions must be region IDs separated by commas, got '${v.regions}'`);
  if (regions.length < projectCount) die(`--regions names ${regions.length} region(s) for ${projectCount} projects`);
  const seed = int(v.seed, 'seed');
  const jobMs = v['job-ms'].split(',');
  if (jobMs.length > 2) die(`--job-ms is a total or INIT,RUN, got '${v['job-ms']}'`);
  const [jobInitMs, jobRunMs] =
    jobMs.length === 2
      ? [int(jobMs[0], 'job-ms'), int(jobMs[1], 'job-ms')]
      : ((total) => [Math.round(total * 0.3), total - Math.round(total * 0.3)])(int(jobMs[0], 'job-ms'));
  const extraIds = Array.from({ length: projectCount - 1 }, (_, k) => extraProjectId(seed, k + 1));
  const projects: Record<string, ProjectSeed> = Object.fromEntries(extraIds.map((id, k) => [id, { seed: seed + k + 1 }]));

  const options: EmulatorOptions = {
    port: int(v.port, 'port'),
    drills: int(v.drills, 'drills'),
    groups: int(v.groups, 'groups'),
    seed,
    latencyMs: int(v.latency, 'latency'),
    countMode: countMode as CountMode,
    strictLimit: v['strict-limit'],
    projectId: v['project-id'],
    credentials: v.ak !== undefined && v.sk !== undefined ? { accessKey: v.ak, secretKey: v.sk } : undefined,
    extraCredentials: v.ak2 !== undefined && v.sk2 !== undefined ? [{ accessKey: v.ak2, secretKey: v.sk2 }] : undefined,
    projects,
    token: v.token,
    verifyAuth: !v['no-auth'],
    // The command line serves the whole lifecycle: create, rename, delete, jobs and failed tasks.
    lifecycle: true,
    jobInitMs,
    jobRunMs,
    onResponse: (r, ms) => {
      if (!v.quiet) accessLog(r, ms);
      // A long-running demo or benchmark must not keep every request in memory.
      emulator.requests.length = 0;
    },
  };
  const emulator = await startEmulator(options);
  const iamProjects: IamProjectEntry[] = [emulator.projectId, ...extraIds].map((id, k) => ({ id, name: regions[k] }));
  emulator.options.iamProjects = iamProjects;
  // bench/paging.ts reads the first line (listening on URL project=ID) and counts every later line as a request.
  console.log(`SDRS emulator listening on ${emulator.url} project=${emulator.projectId} region=${regions[0]}`);
  const second = emulator.options.extraCredentials[0];
  const auth = emulator.options.verifyAuth
    ? `AK=${emulator.options.credentials.accessKey} SK=${emulator.options.credentials.secretKey}${second ? ` AK2=${second.accessKey} SK2=${second.secretKey}` : ''} token=${emulator.options.token}`
    : 'auth disabled';
  // Still one line: bench/paging.ts counts every line after the first as a request.
  const jobs = `jobs=${emulator.options.jobInitMs}+${emulator.options.jobRunMs}ms`;
  console.log(
    `groups=${emulator.data.groups.length} drills=${emulator.data.drills.length} count-mode=${countMode}${emulator.options.strictLimit ? ' strict-limit' : ''} ${auth} ${jobs}`,
  );
  // Only with several projects, so single-project runs print what they always did.
  for (const [k, id] of extraIds.entries()) {
    const data = emulator.projectData(id);
    console.log(`project=${id} region=${regions[k + 1]} groups=${data.groups.length} drills=${data.drills.length}`);
  }
  if (extraIds.length) console.log(`IAM: GET ${emulator.url}/v3/projects?name=<region> lists ${iamProjects.map((p) => `${p.name}=${p.id}`).join(' ')}`);

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
      projects: { type: 'string', default: '1' },
      regions: { type: 'string' },
      ak: { type: 'string' },
      sk: { type: 'string' },
      ak2: { type: 'string' },
      sk2: { type: 'string' },
      token: { type: 'string' },
      'no-auth': { type: 'boolean', default: false },
      'job-ms': { type: 'string', default: '300,700' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
