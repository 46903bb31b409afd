// A real HTTP server that speaks SDRS's drill API (and its protected instances) for one or more projects (with `lifecycle`, also create, rename and delete with their jobs and failed tasks), IAM's project listing, and the API gateway's auth and errors, for tests, benchmarks and demos.
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import { DRILL_STATUSES, type DisasterRecoveryDrill, type ProtectedInstance, type ProtectionGroup } from '../../src/sdrs/model';
import {
  Answer,
  ApiError,
  errorBody,
  fail,
  first,
  groupIdParam,
  inServerOrder,
  nameMatches,
  page,
  pagingParams,
  statusParam,
  type CountMode,
  type Query,
} from './common';
import { listInstances, showInstance } from './instances';
import { createLifecycle, type EmulatorJob, type FailureJobEntry } from './lifecycle';
import { GROUP_STATUSES, seedData } from './seed';
import { parseQuery, verifySignatureAny, type Credentials } from './verify';

export { STRICT_LIMIT_MESSAGE, type CountMode } from './common';
export {
  CREATE_DRILL_JOB,
  CREATE_FAILED_CODE,
  DELETABLE_DRILL_STATUSES,
  DELETE_DRILL_JOB,
  DELETE_FAILED_CODE,
  DRILLABLE_GROUP_STATUSES,
  FAIL_JOB_MARK,
  FAILURE_RESOURCE_TYPES,
  FAILURE_STATUSES,
  JOB_NOT_FOUND_CODE,
  type EmulatorJob,
  type FailureJob,
  type FailureJobEntry,
  type JobEntities,
  type JobStatus,
} from './lifecycle';
export { INSTANCE_NOT_FOUND_CODE, INSTANCE_QUERY_TYPES, isAbnormal, MAX_FILTER_IDS } from './instances';
export { INSTANCE_STATUSES, seedData, type SeedOptions, type SeededData } from './seed';

export interface EmulatorData {
  groups: ProtectionGroup[];
  drills: DisasterRecoveryDrill[];
  /**
   * The protected instances `GET /protected-instances` lists (seeded data has them). Live like the others. A group with no
   * instance here gets derived ones (see `protectedInstances`) appended on first use. Without it, every group's are derived.
   */
  instances?: ProtectedInstance[];
}

export interface RecordedRequest {
  method: string;
  /** Path as received, still percent-encoded, without the query. */
  path: string;
  /** Decoded query parameters ({} when the query could not be decoded). */
  query: Record<string, string[]>;
  headers: Record<string, string | string[] | undefined>;
  /** 0 until answered, and for ever for a reset or hung request. */
  status: number;
  requestId: string;
  startedAt: number;
}

/** How to seed an extra project; a field left out takes the emulator's own value (the seed: one derived from the project ID). */
export interface ProjectSeed {
  seed?: number;
  groups?: number;
  drills?: number;
  /** The region whose availability zones its groups name (default cn-north-4). */
  region?: string;
}

/** One entry of IAM's project list. Fields other than id and name go into the response as given, over the defaults. */
export interface IamProjectEntry {
  id: string;
  name: string;
  [field: string]: unknown;
}

/** The region the default project is named after in IAM. */
export const DEFAULT_IAM_REGION = 'cn-north-4';
/** `domain_id` (the account) of the projects IAM lists. */
export const IAM_DOMAIN_ID = '0c1a4e2f6d0b4a5c8e9f1a2b3c4d5e6f';

export interface EmulatorOptions {
  port?: number;
  /** The default project: it serves `data` (or seed/groups/drills). Live through `options`: change it and the old ID is no longer served (unless in `projects`). */
  projectId?: string;
  /**
   * More projects on the same server, keyed by project ID (32 hexadecimal characters): each its own
   * world of groups and drills, from given data (kept by reference) or seeded (by default with a seed
   * derived from the ID, so projects differ). An entry for the default project ID stands for `data`
   * and may not be given together with it. A request for a project served by none answers 403 SDRS.0001.
   */
  projects?: Record<string, EmulatorData | ProjectSeed>;
  seed?: number;
  groups?: number;
  drills?: number;
  /** Explicit data instead of seeding; kept by reference, so the caller's arrays stay live. */
  data?: EmulatorData;
  /** What `count` means in list responses: all matches, or the length of this page. */
  countMode?: CountMode;
  /**
   * Enforce the stricter reading of `limit` found in the text of error SDRS.0221 ("greater than 0 and
   * less than 1000") instead of the documented 0..1000: limit=1000 and limit=0 are refused with HTTP 400
   * SDRS.0221. Live through `options`.
   */
  strictLimit?: boolean;
  latencyMs?: number;
  credentials?: Credentials;
  /**
   * More accepted AK/SK pairs (other accounts), each valid for every project and for IAM, like
   * `credentials` (which stays the primary, shown by the CLI). Credentials are deliberately not tied
   * to projects: a test that needs one connection to fail for one project removes that project
   * (`removeProject`) or injects a fault on its path. Live through `options`.
   */
  extraCredentials?: Credentials[];
  /** Accepted IAM token (X-Auth-Token). */
  token?: string;
  /**
   * What `GET /v3/projects` lists, filtered by `?name=` exactly (case-sensitive). Live through `options`.
   * Default: the default project, named cn-north-4. Independent of `projects`: a served project missing
   * here is simply not found through IAM, and an entry here need not be served.
   */
  iamProjects?: IamProjectEntry[];
  verifyAuth?: boolean;
  maxClockSkewSeconds?: number;
  /**
   * Serve the drill lifecycle (sdrs-lifecycle.md): POST (create), PUT (rename) and DELETE on drills, `GET /jobs/{id}`, and the task
   * center's failed tasks (`GET /task-center/failure-jobs`, its deletes). It also makes a show of an unknown drill answer as the
   * service documents, 400 SDRS.1902, instead of this emulator's older 404 itemNotFound SDRS.1301. Off by default only because
   * earlier tests pin the read-only service (POST on the drill list is 405, `/jobs/1` an unknown API). Live through `options`.
   */
  lifecycle?: boolean;
  /** How long a new job stays INIT (default 300). Read when a job starts: a change applies to later jobs. Live through `options`. */
  jobInitMs?: number;
  /** How long a new job then stays RUNNING before SUCCESS or FAIL (default 700). Read when a job starts. Live through `options`. */
  jobRunMs?: number;
  /**
   * The clock for jobs and for the timestamps of drills the lifecycle creates or changes (default Date.now). With an injected
   * clock, advance it and send any request to the project (or call settleJobs) to apply the transitions due. Signatures are
   * still checked against the real time. Live through `options`.
   */
  now?: () => number;
  /** Called once per answered (or reset) request, e.g. for the CLI's access log. */
  onResponse?: (request: RecordedRequest, durationMs: number) => void;
}

export type ResolvedOptions = Required<Omit<EmulatorOptions, 'data' | 'projects'>>;

export interface Fault {
  method?: string;
  /** A string matches as a substring of the path, a RegExp is tested against it. */
  path?: string | RegExp;
  /** Every listed parameter must have this (decoded) value, e.g. {offset: '1000'} to fail only the second page. */
  query?: Record<string, string>;
  /** How many requests it hits; default 1, Infinity allowed. */
  times?: number;
  /** 'reset' destroys the socket; 'hang' never answers (until close). */
  kind?: 'http' | 'reset' | 'hang';
  /** Default 500. */
  status?: number;
  /** Object → JSON; string → sent raw (e.g. an HTML page). */
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * Handle the request first, then fault only the answer: the request takes effect (a POST creates its drill and job) but
   * the client sees the reset, the hang or the error instead. Default false: the request is faulted before it is handled.
   */
  afterRoute?: boolean;
}

export interface Emulator {
  url: string;
  /** The default project's ID at start (`options.projectId` is the live one). */
  projectId: string;
  /** The default project's data. Live: handlers read it on every request, so tests may mutate or replace the arrays. */
  data: EmulatorData;
  /** Every project served now, the default one first. */
  projectIds(): string[];
  /** A served project's live data (the default project's is `data`); throws for a project not served. */
  projectData(projectId: string): EmulatorData;
  /** Replaces a project's data, or starts serving a new project (32 hexadecimal characters); for the default project it sets `data`. */
  setProjectData(projectId: string, data: EmulatorData): void;
  /** Stops serving an extra project (its requests then get 403 SDRS.0001); the default project cannot be removed. */
  removeProject(projectId: string): void;
  /** `POST /v3/projects` requests received (counted before any check or fault). A client must never create a project: tests assert 0. */
  iamCreateAttempts: number;
  requests: RecordedRequest[];
  /** Live: mutate fields to change behaviour between requests (countMode, latencyMs, verifyAuth, …). */
  options: ResolvedOptions;
  setCountMode(mode: CountMode): void;
  setLatency(ms: number): void;
  /**
   * The next job to start (a create or delete, in any project) fails: its drill goes to `error` (create) or `error-deleting`
   * (delete), the job ends FAIL with `errorCode` (default SDRS.1922 for a create, SDRS.1923 for a delete) and `reason` (a default
   * text otherwise), and a failed task is recorded. Queued: two calls fail the next two jobs. See also FAIL_JOB_MARK.
   */
  failNextJob(reason?: string, errorCode?: string): void;
  /** `GET /v1/{project}/jobs/{jobId}` requests received for this job ID, in any project, counted before auth and faults. */
  jobPolls(jobId: string): number;
  /** A project's jobs (default: the default project), oldest first, as they stand now by the clock; the live objects. */
  jobs(projectId?: string): EmulatorJob[];
  /**
   * A project's failed tasks (default: the default project), the live array: push entries to test the listing. One with
   * `resource_type: 'server_groups'` is group-level (listed without server_group_id); the rest are listed only for their group.
   */
  failureJobs(projectId?: string): FailureJobEntry[];
  /**
   * The IDs of a group's protected instances, those a successful create makes drill servers for (default project unless given).
   * With `data.instances`: the group's instances there, a new array each call. Without: the live array of derived IDs (push to
   * it to add one): first use takes the IDs the group's drills already copy, topped up with stable new ones to
   * protected_instance_num (1 when unset). Throws for an unknown group.
   */
  protectedInstanceIds(groupId: string, projectId?: string): string[];
  /**
   * The protected instances a project serves (default: the default project), unordered and unfiltered. With `data.instances`,
   * that live array, first completed with derived instances for the groups that have none in it. Without, a new array of
   * derived instances, one per protectedInstanceIds entry of each group: named `instance-<first 8 characters of the ID>`,
   * `protected`, progress 100, with the group's server_group_id, priority_station and created_at (also as updated_at);
   * the objects are kept per group and ID, so changes to them stick. Throws for a project not served.
   */
  protectedInstances(projectId?: string): ProtectedInstance[];
  /** Applies every job transition due by the clock, in every project (a request does it for its own project anyway). */
  settleJobs(): void;
  injectFault(fault: Fault): void;
  clearFaults(): void;
  /** Stops listening and ends every open connection, hung requests included; safe to call twice. */
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------------------
// Routes

interface RouteContext {
  query: Query;
  /** Decoded `{id}` path parameter, '' for collection routes. */
  id: string;
  project: string;
  data: EmulatorData;
  /** The project's served protected instances (EmulatorData.instances, completed, or derived), unordered. */
  instances(): ProtectedInstance[];
  /** The request body as received. */
  body: Buffer;
  countMode: CountMode;
  strictLimit: boolean;
  lifecycle: boolean;
}
type Handler = (ctx: RouteContext) => object;

const listDrills: Handler = ({ query: q, data, countMode, strictLimit }) => {
  const paging = pagingParams(q, strictLimit);
  const groupId = groupIdParam(q);
  const status = statusParam(q, DRILL_STATUSES);
  const name = first(q, 'name');
  const vpc = first(q, 'drill_vpc_id');
  const matches = inServerOrder(data.drills).filter(
    (d) => (!groupId || d.server_group_id === groupId) && (!status || d.status === status) && (!vpc || d.drill_vpc_id === vpc) && nameMatches(d.name, name),
  );
  const { count, items } = page(matches, paging, countMode);
  return { count, disaster_recovery_drills: items };
};

const showDrill: Handler = ({ id, data, lifecycle }) => {
  const drill = data.drills.find((d) => d.id === id);
  if (drill) return { disaster_recovery_drill: drill };
  // The lifecycle reference documents 400 SDRS.1902. Without the lifecycle, the older choice (made when no code was known) stays.
  return lifecycle
    ? fail(400, 'error', 'SDRS.1902', `The DR drill ${id} does not exist`)
    : fail(404, 'itemNotFound', 'SDRS.1301', `The DR drill ${id} does not exist`);
};

const listGroups: Handler = ({ query: q, data, countMode, strictLimit }) => {
  const paging = pagingParams(q, strictLimit);
  const status = statusParam(q, GROUP_STATUSES);
  const name = first(q, 'name');
  const matches = inServerOrder(data.groups).filter((g) => (!status || g.status === status) && nameMatches(g.name, name));
  const { count, items } = page(matches, paging, countMode);
  return { server_groups: items, count };
};

const showGroup: Handler = ({ id, data }) => {
  const group = data.groups.find((g) => g.id === id);
  // Deliberately the plain `error` shape (the drill 404 uses itemNotFound) so clients meet both.
  return group ? { server_group: group } : fail(404, 'error', 'SDRS.1013', `The protection group ${id} does not exist`);
};

/** §6: served whether or not the lifecycle is on, since it only reads. */
const listProtectedInstances: Handler = (ctx) => listInstances({ ...ctx, groups: ctx.data.groups });
const showProtectedInstance: Handler = (ctx) => showInstance({ ...ctx, groups: ctx.data.groups });

type Route = { pattern: RegExp; methods: Readonly<Record<string, Handler>> };

/** Group 1 is always the project id, group 2 (if any) the resource id. */
const ROUTES: readonly Route[] = [
  { pattern: /^\/v1\/([^/]+)\/disaster-recovery-drills$/, methods: { GET: listDrills } },
  { pattern: /^\/v1\/([^/]+)\/disaster-recovery-drills\/([^/]+)$/, methods: { GET: showDrill } },
  { pattern: /^\/v1\/([^/]+)\/server-groups$/, methods: { GET: listGroups } },
  { pattern: /^\/v1\/([^/]+)\/server-groups\/([^/]+)$/, methods: { GET: showGroup } },
  { pattern: /^\/v1\/([^/]+)\/protected-instances$/, methods: { GET: listProtectedInstances } },
  { pattern: /^\/v1\/([^/]+)\/protected-instances\/([^/]+)$/, methods: { GET: showProtectedInstance } },
];

// ---------------------------------------------------------------------------------------------------------------------
// Server

const DEFAULTS: Omit<ResolvedOptions, 'extraCredentials' | 'iamProjects'> = {
  port: 0,
  projectId: '0123456789abcdef0123456789abcdef',
  seed: 1,
  groups: 8,
  drills: 60,
  countMode: 'total',
  strictLimit: false,
  latencyMs: 0,
  credentials: { accessKey: 'EMULATORAK', secretKey: 'EMULATORSK' },
  token: 'emulator-token',
  verifyAuth: true,
  maxClockSkewSeconds: 900,
  lifecycle: false,
  jobInitMs: 300,
  jobRunMs: 700,
  now: Date.now,
  onResponse: () => undefined,
};

/** The read-only routes with the lifecycle's merged in: methods of the same pattern join, new patterns follow. */
function withRoutes(base: readonly Route[], more: readonly Route[]): Route[] {
  const merged = base.map((r) => ({ pattern: r.pattern, methods: { ...r.methods } }));
  for (const r of more) {
    const same = merged.find((m) => m.pattern.source === r.pattern.source);
    if (same) Object.assign(same.methods, r.methods);
    else merged.push({ pattern: r.pattern, methods: { ...r.methods } });
  }
  return merged;
}

const JSON_TYPE = 'application/json;charset=UTF-8';
const NO_API = 'The API does not exist or has not been published in the environment';
const PROJECT_ID = /^[0-9a-f]{32}$/i;
/** IAM's project collection; a trailing slash is the same resource for counting create attempts. */
const IAM_PROJECTS = /^\/v3\/projects\/?$/;

function checkProjectId(id: string): void {
  if (!PROJECT_ID.test(id)) throw new RangeError(`SDRS emulator: a project ID is 32 hexadecimal characters, got '${id}'`);
}

function isData(entry: EmulatorData | ProjectSeed): entry is EmulatorData {
  return Array.isArray(entry.groups) || Array.isArray(entry.drills);
}

/** A seed per project ID, so extra projects differ from the default one and from each other. */
function seedFor(projectId: string, base: number): number {
  return (createHash('md5').update(projectId).digest().readUInt32BE(0) ^ base) >>> 0;
}

function decodeOr404(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return fail(404, 'gateway', 'APIGW.0101', NO_API);
  }
}

function toQueryRecord(pairs: ReadonlyArray<readonly [string, string]>): Query {
  const q: Query = {};
  for (const [k, v] of pairs) (q[k] ??= []).push(v);
  return q;
}

function faultMatches(f: Fault, method: string, path: string, query: Query): boolean {
  if (f.method && f.method.toUpperCase() !== method) return false;
  if (typeof f.path === 'string' && !path.includes(f.path)) return false;
  if (f.path instanceof RegExp && !f.path.test(path)) return false;
  return Object.entries(f.query ?? {}).every(([k, v]) => query[k]?.includes(v));
}

export function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const { data: given, projects = {}, ...rest } = options;
  const opts: ResolvedOptions = { ...DEFAULTS, extraCredentials: [], iamProjects: [], ...stripUndefined(rest) };
  if (rest.iamProjects === undefined) opts.iamProjects = [{ id: opts.projectId, name: DEFAULT_IAM_REGION }];
  const seeded = (entry: EmulatorData | ProjectSeed, seed: number): EmulatorData =>
    isData(entry)
      ? entry
      : seedData({ seed: entry.seed ?? seed, groups: entry.groups ?? opts.groups, drills: entry.drills ?? opts.drills, region: entry.region });
  const own = projects[opts.projectId];
  if (own && given) throw new RangeError(`SDRS emulator: the default project ${opts.projectId} has both data and a projects entry`);
  const data = given ?? (own ? seeded(own, opts.seed) : seedData({ seed: opts.seed, groups: opts.groups, drills: opts.drills }));
  /** Projects other than the default one (options.projectId, which always serves emulator.data). */
  const extra = new Map<string, EmulatorData>();
  for (const [id, entry] of Object.entries(projects)) {
    checkProjectId(id);
    if (id !== opts.projectId) extra.set(id, seeded(entry, seedFor(id, opts.seed)));
  }
  const dataOf = (projectId: string): EmulatorData | undefined => (projectId === opts.projectId ? emulator.data : extra.get(projectId));
  const requests: RecordedRequest[] = [];
  let faults: Array<Fault & { left: number }> = [];
  let counter = 0;
  let closing: Promise<void> | undefined;
  const timers = new Set<NodeJS.Timeout>();

  // Cancellable so close() never waits for (or is kept alive by) a pending latency delay.
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(() => (timers.delete(t), resolve()), ms);
      timers.add(t);
    });
  const lifecycle = createLifecycle({
    options: opts,
    dataOf,
    // Unref'd: a job still running must not keep a test process alive.
    later: (fn, ms) => {
      if (closing) return;
      const t = setTimeout(() => (timers.delete(t), fn()), ms);
      t.unref();
      timers.add(t);
    },
  });
  const lifecycleRoutes = withRoutes(ROUTES, lifecycle.routes);

  interface Incoming {
    method: string;
    path: string;
    pairs: Array<[string, string]>;
    query: Query;
    headers: http.IncomingHttpHeaders;
    body: Buffer;
  }

  /** The gateway's check, the same for SDRS and IAM: an X-Auth-Token, or an AK/SK signature over the body bytes as received. */
  function authenticate({ method, path, pairs, headers, body }: Incoming): void {
    if (!opts.verifyAuth) return;
    const token = headers['x-auth-token'];
    if (token !== undefined) {
      if (token !== opts.token) fail(401, 'gateway', 'APIGW.0301', 'Incorrect IAM authentication information: the token is invalid or expired');
      return;
    }
    const accepted = [opts.credentials, ...opts.extraCredentials];
    const verdict = verifySignatureAny({ method, path, query: pairs, headers, body }, accepted, Date.now(), opts.maxClockSkewSeconds);
    if (!verdict.ok) fail(401, 'gateway', 'APIGW.0301', `Incorrect IAM authentication information: ${verdict.reason}`);
  }

  /**
   * IAM's KeystoneListProjects, `GET /v3/projects?name=`: the configured list filtered by name
   * exactly (all of it without `name`). The official Node SDK sends a `{}` body on this GET and signs
   * it; the signature check hashes whatever body arrives. POST (create) is refused with 403.
   */
  function iam(incoming: Incoming): object {
    const { method, query, headers } = incoming;
    if (method !== 'GET' && method !== 'POST')
      fail(405, 'keystone', 'Method Not Allowed', `Method ${method} is not supported on /v3/projects`, { Allow: 'GET' });
    authenticate(incoming);
    if (method === 'POST')
      fail(403, 'keystone', 'Forbidden', 'You are not authorized to perform the requested action: creating projects (the SDRS emulator recorded this attempt)');
    // Stricter than IAM is known to be: no project is known before this call, so a client that sends one has mixed up its requests.
    if (headers['x-project-id'] !== undefined) fail(400, 'keystone', 'Bad Request', 'X-Project-Id must not be sent when listing projects');
    const name = first(query, 'name');
    const self = `${emulator.url}/v3/projects`;
    const projects = opts.iamProjects
      .filter((p) => name === undefined || p.name === name)
      .map(({ id, name, ...more }) => ({
        id,
        name,
        domain_id: IAM_DOMAIN_ID,
        parent_id: IAM_DOMAIN_ID,
        enabled: true,
        is_domain: false,
        description: '',
        links: { self: `${self}/${encodeURIComponent(String(id))}` },
        ...more,
      }));
    return { links: { self: name === undefined ? self : `${self}?name=${encodeURIComponent(name)}`, previous: null, next: null }, projects };
  }

  function route(incoming: Incoming): object {
    const { method, path, query, body } = incoming;
    if (IAM_PROJECTS.test(path)) return iam(incoming);
    const hit = (opts.lifecycle ? lifecycleRoutes : ROUTES).map((r) => ({ r, m: r.pattern.exec(path) })).find((x) => x.m);
    // The gateway answers unknown APIs before it looks at credentials.
    if (!hit?.m) return fail(404, 'gateway', 'APIGW.0101', NO_API);
    const [, rawProject, rawId = ''] = hit.m;
    const project = decodeOr404(rawProject);
    const id = decodeOr404(rawId);

    authenticate(incoming);
    // The published table lists SDRS.0001 under 400; a foreign project is an authorisation failure, so 403 here.
    const data = dataOf(project);
    if (!data) fail(403, 'error', 'SDRS.0001', `Invalid tenant ID: project ${project} is not accessible with these credentials`);
    const handler = hit.r.methods[method];
    if (!handler) fail(405, 'error', 'SDRS.0206', `Method ${method} is not supported on ${path}`, { Allow: Object.keys(hit.r.methods).join(', ') });
    lifecycle.settle(project);
    const instances = (): ProtectedInstance[] => lifecycle.served(project, data);
    return handler({ query, id, project, data, instances, body, countMode: opts.countMode, strictLimit: opts.strictLimit, lifecycle: opts.lifecycle });
  }

  function send(res: http.ServerResponse, record: RecordedRequest, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    record.status = status;
    // setHeader is case-insensitive, so a fault's 'content-type' replaces the default instead of doubling it.
    const iamTrace = record.path.startsWith('/v3/') ? { 'X-IAM-Trace-Id': createHash('md5').update(`iam-trace-${record.requestId}`).digest('hex') } : {};
    const all = {
      ...(body === undefined ? {} : { 'Content-Type': JSON_TYPE }),
      'X-Request-Id': record.requestId,
      ...iamTrace,
      'Content-Length': String(Buffer.byteLength(text)),
      ...headers,
    };
    for (const [name, value] of Object.entries(all)) res.setHeader(name, value);
    res.writeHead(status);
    res.end(text);
    opts.onResponse(record, Date.now() - record.startedAt);
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    let pairs: Array<[string, string]> | undefined;
    try {
      pairs = parseQuery(q < 0 ? '' : url.slice(q + 1));
    } catch {
      pairs = undefined;
    }
    const query = toQueryRecord(pairs ?? []);
    const requestId = createHash('md5').update(`sdrs-emulator-${++counter}`).digest('hex');
    const record: RecordedRequest = { method, path, query, headers: req.headers, status: 0, requestId, startedAt: Date.now() };
    requests.push(record);
    // Counted first, so neither a fault nor a failed signature hides an attempt to create a project.
    if (method === 'POST' && IAM_PROJECTS.test(path)) emulator.iamCreateAttempts++;
    if (method === 'GET') lifecycle.countPoll(path);

    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (opts.latencyMs > 0) await sleep(opts.latencyMs);
    if (closing) return;

    const fault = faults.find((f) => faultMatches(f, method, path, query));
    if (fault && --fault.left <= 0) faults = faults.filter((f) => f !== fault);
    const answer =
      fault && !fault.afterRoute ? undefined : answerOf(requestId, { method, path, pairs, query, headers: req.headers, body: Buffer.concat(chunks) });
    if (fault) {
      if (fault.kind === 'hang') return; // close() ends the connection
      if (fault.kind === 'reset') {
        req.socket.resetAndDestroy();
        opts.onResponse(record, Date.now() - record.startedAt);
        return;
      }
      const status = fault.status ?? 500;
      return send(res, record, status, fault.body ?? { error: { code: 'EMULATOR.FAULT', message: `Injected fault (HTTP ${status})` } }, fault.headers);
    }
    if (answer) send(res, record, answer.status, answer.body, answer.headers);
  }

  /** The route's answer, or the error it raised, as status, body and headers. */
  function answerOf(
    requestId: string,
    incoming: Omit<Incoming, 'pairs'> & { pairs: Incoming['pairs'] | undefined },
  ): { status: number; body: unknown; headers?: Record<string, string> } {
    try {
      const { pairs } = incoming;
      if (!pairs) fail(400, 'error', 'SDRS.0201', 'Invalid request parameters: malformed percent-encoding in the query string');
      const out = route({ ...incoming, pairs });
      return out instanceof Answer ? { status: out.status, body: out.body } : { status: 200, body: out };
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(500, 'error', 'SDRS.1000', `Internal error: ${String(e)}`);
      return { status: err.status, body: errorBody(err, requestId), headers: err.headers };
    }
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });

  const emulator: Emulator = {
    url: '',
    projectId: opts.projectId,
    data,
    projectIds: () => [opts.projectId, ...[...extra.keys()].filter((id) => id !== opts.projectId)],
    projectData: (projectId) => dataOf(projectId) ?? unserved(projectId),
    setProjectData: (projectId, next) => {
      if (projectId === opts.projectId) return void (emulator.data = next);
      checkProjectId(projectId);
      extra.set(projectId, next);
    },
    removeProject: (projectId) => {
      if (projectId === opts.projectId) throw new Error(`SDRS emulator: the default project ${projectId} cannot be removed (change options.projectId instead)`);
      if (!extra.delete(projectId)) unserved(projectId);
      lifecycle.forget(projectId);
    },
    iamCreateAttempts: 0,
    requests,
    options: opts,
    setCountMode: (mode) => void (opts.countMode = mode),
    setLatency: (ms) => void (opts.latencyMs = ms),
    injectFault: (f) => void faults.push({ ...f, left: f.times ?? 1 }),
    clearFaults: () => void (faults = []),
    failNextJob: (reason, errorCode) => lifecycle.failNext(reason, errorCode),
    jobPolls: (jobId) => lifecycle.polls(jobId),
    jobs: (projectId = opts.projectId) => lifecycle.jobs(projectId),
    failureJobs: (projectId = opts.projectId) => lifecycle.failureJobs(projectId),
    protectedInstanceIds: (groupId, projectId = opts.projectId) => lifecycle.instances(projectId, dataOf(projectId) ?? unserved(projectId), groupId),
    protectedInstances: (projectId = opts.projectId) => lifecycle.served(projectId, dataOf(projectId) ?? unserved(projectId)),
    settleJobs: () => lifecycle.settleAll(),
    // Idempotent, so an explicit close() in a test and an after() hook can both call it.
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        timers.forEach(clearTimeout);
        timers.clear();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections(); // keep-alive and hung sockets would otherwise hold close() open
      })),
  };

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : opts.port;
      emulator.url = `http://127.0.0.1:${port}`;
      opts.port = port;
      resolve(emulator);
    });
  });
}

function unserved(projectId: string): never {
  throw new Error(`SDRS emulator: project ${projectId} is not served`);
}

/** `{port: undefined}` must not override a default. */
function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
