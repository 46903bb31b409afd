// The emulator's drill lifecycle (sdrs-lifecycle.md §1–§4, §7, §9): create, rename and delete drills, their asynchronous jobs on a
// configurable clock, and the task center's failed tasks. One state per project; startEmulator wires the routes in when `lifecycle` is on.
import { createHash } from 'node:crypto';
import type { DisasterRecoveryDrill, ProtectedInstance, ProtectionGroup } from '../../src/sdrs/model';
import { Answer, enumParam, fail, first, groupIdParam, nameMatches, page, pagingParams, UUID, type CountMode, type Query } from './common';
import { formatTimestamp } from './seed';

export type JobStatus = 'INIT' | 'RUNNING' | 'SUCCESS' | 'FAIL';
export const CREATE_DRILL_JOB = 'createDisasterRecoveryDrill';
export const DELETE_DRILL_JOB = 'deleteDisasterRecoveryDrill';

export interface JobEntities {
  server_group_id?: string;
  /** Create jobs: set when the job ends (SUCCESS or FAIL), as Terraform reads it after SUCCESS. Delete jobs: from the start. */
  disaster_recovery_drill_id?: string;
  [field: string]: unknown;
}

/** `GET /v1/{project_id}/jobs/{job_id}`'s body (§4), exactly as sent. */
export interface EmulatorJob {
  status: JobStatus;
  job_id: string;
  job_type: string;
  /** ISO `yyyy-MM-ddTHH:mm:ss.SSSZ`. */
  begin_time: string;
  /** ISO; null until the job is SUCCESS or FAIL. */
  end_time: string | null;
  /** Null unless FAIL. */
  error_code: string | null;
  /** Null unless FAIL. */
  fail_reason: string | null;
  entities: JobEntities;
}

export const FAILURE_RESOURCE_TYPES = ['server_groups', 'protected_instances', 'replications', 'disaster_recovery_drills'] as const;
export const FAILURE_STATUSES = [
  'createFail',
  'deleteFail',
  'attachFail',
  'detachFail',
  'expandFail',
  'resizeFail',
  'startFail',
  'stopFail',
  'reverseFail',
  'failoverFail',
  'reprotectFail',
] as const;

/** One item of `GET /task-center/failure-jobs` (§7), exactly as sent. */
export interface FailureJob {
  job_status: 'FAIL';
  job_id: string;
  job_type: string;
  resource_id: string;
  resource_name: string;
  resource_type: string;
  failure_status: string;
  begin_time: string;
  error_code: string;
  fail_reason: string;
}

/**
 * A failed task as the emulator stores it: the item plus the protection group it belongs to, which is not sent but decides
 * who sees it. An entry with `resource_type: 'server_groups'` is group-level: the only kind listed without `server_group_id`.
 */
export interface FailureJobEntry extends FailureJob {
  server_group_id: string;
}

/** Protection-group statuses that allow a drill to be created (§5, the "drill?" column). */
export const DRILLABLE_GROUP_STATUSES = [
  'available',
  'protected',
  'failed-over',
  'error-starting',
  'error-stopping',
  'error-reversing',
  'error-reprotecting',
  'error-failing-over',
] as const;
/** Drill statuses from which a delete is accepted (§3); any other answers 400 SDRS.1913. */
export const DELETABLE_DRILL_STATUSES = ['available', 'error', 'error-deleting'] as const;

/**
 * A drill whose name contains this fails its jobs: the create job (drill `error`) and, while the name still contains it, every
 * delete job (drill `error-deleting`); rename it to delete it. For demos and end-to-end tests that cannot call failNextJob.
 */
export const FAIL_JOB_MARK = 'emulator-fail';

/** Error codes of failed jobs (§1). */
export const CREATE_FAILED_CODE = 'SDRS.1922';
export const DELETE_FAILED_CODE = 'SDRS.1923';
/**
 * The emulator's choice for an unknown job (404) or failed task: no source gives the real answer. SDRS.0408 is the
 * appendix's "null job" (listed there as a 500 job-engine fault); here it comes in a 404 `error` body.
 */
export const JOB_NOT_FOUND_CODE = 'SDRS.0408';

/** 1–64 bytes of the ASCII set the English API pages allow (§1); ASCII, so bytes and characters agree. */
const DRILL_NAME = /^[A-Za-z0-9._-]{1,64}$/;

export interface LifecycleData {
  groups: ProtectionGroup[];
  drills: DisasterRecoveryDrill[];
  instances?: ProtectedInstance[];
}

export interface LifecycleContext {
  query: Query;
  /** Decoded `{id}` path parameter ('' for collection routes). */
  id: string;
  project: string;
  data: LifecycleData;
  body: Buffer;
  countMode: CountMode;
  strictLimit: boolean;
}

export type LifecycleHandler = (ctx: LifecycleContext) => object;

export interface LifecycleDeps {
  /** Read on every job start (durations) and every settle (clock). */
  options: { jobInitMs: number; jobRunMs: number; now: () => number };
  dataOf(projectId: string): LifecycleData | undefined;
  /** Runs fn after ms of wall time, unless the emulator closes first. */
  later(fn: () => void, ms: number): void;
}

interface JobRecord {
  job: EmulatorJob;
  runningAt: number;
  endsAt: number;
  /** Set when the job is to fail. */
  failure?: { errorCode: string; reason: string };
  /** Applies the job's effect on the project's data when it ends. */
  end(ok: boolean, at: number): void;
  done: boolean;
}

interface ProjectState {
  jobs: Map<string, JobRecord>;
  failureJobs: FailureJobEntry[];
  /** Without data.instances: each group's protected-instance IDs, fixed at first use (see instancesOf). */
  instances: Map<string, string[]>;
  /** Without data.instances: the instance objects served for those IDs, per group, kept so that changes to them stick. */
  derived: Map<string, Map<string, ProtectedInstance>>;
  /** With data.instances: the groups whose missing instances were already appended to that array (keyed by the array). */
  completed: WeakMap<ProtectedInstance[], Set<string>>;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** A version-4-shaped UUID from a hash, so IDs repeat from run to run (screenshots, logs) yet never collide with seeded ones. */
function hashUuid(text: string): string {
  const h = createHash('md5').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16], 16) & 3]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function checkName(name: string): void {
  if (!DRILL_NAME.test(name)) {
    fail(400, 'error', 'SDRS.0202', `Invalid name: a DR drill name is 1 to 64 characters of letters, digits, '.', '_' and '-', got '${name}'`);
  }
}

/** `{"disaster_recovery_drill": {...}}` or 400 SDRS.0201. */
function drillSpec(body: Buffer): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return fail(400, 'error', 'SDRS.0201', 'Invalid request parameters: the body is not JSON');
  }
  const spec = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>).disaster_recovery_drill : undefined;
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    return fail(400, 'error', 'SDRS.0201', 'Invalid request parameters: disaster_recovery_drill is required and must be an object');
  }
  return spec as Record<string, unknown>;
}

function requiredString(spec: Record<string, unknown>, key: string): string {
  const value = spec[key];
  return typeof value === 'string'
    ? value
    : fail(400, 'error', 'SDRS.0201', `Invalid request parameters: disaster_recovery_drill.${key} is required and must be a string`);
}

/** The item as listed: the stored entry without its group. */
function sent(f: FailureJobEntry): FailureJob {
  const { job_status, job_id, job_type, resource_id, resource_name, resource_type, failure_status, begin_time, error_code, fail_reason } = f;
  return { job_status, job_id, job_type, resource_id, resource_name, resource_type, failure_status, begin_time, error_code, fail_reason };
}

function drillNotFound(id: string): never {
  return fail(400, 'error', 'SDRS.1902', `The DR drill ${id} does not exist`);
}

export function createLifecycle(deps: LifecycleDeps) {
  const { options: opts } = deps;
  const states = new Map<string, ProjectState>();
  const polls = new Map<string, number>();
  const failQueue: Array<{ reason?: string; errorCode?: string }> = [];
  let minted = 0;

  const stateOf = (project: string): ProjectState => {
    let state = states.get(project);
    if (!state) states.set(project, (state = { jobs: new Map(), failureJobs: [], instances: new Map(), derived: new Map(), completed: new WeakMap() }));
    return state;
  };

  /** 32 characters, hexadecimal but for one letter beyond f: job IDs are opaque, and the documented examples are not all hex. */
  const jobId = (project: string): string => {
    const h = createHash('md5').update(`job-${project}-${++minted}`).digest('hex');
    return h.slice(0, 31) + 'ghijklmnopqrstuv'[parseInt(h[31], 16)];
  };
  const newUuid = (kind: string, project: string): string => hashUuid(`${kind}-${project}-${++minted}`);

  /**
   * The IDs of a group's protected instances when the data lists none for it: those its drills already copy, topped up to
   * protected_instance_num (at least 1 when unset or not a number), fixed at first use. Tolerates hostile fixtures.
   */
  function derivedIds(project: string, data: LifecycleData, group: ProtectionGroup): string[] {
    const state = stateOf(project);
    let ids = state.instances.get(group.id);
    if (!ids) {
      const known = new Set<string>();
      for (const d of data.drills) {
        if (d.server_group_id !== group.id || !Array.isArray(d.drill_servers)) continue;
        for (const s of d.drill_servers) if (typeof s?.protected_instance === 'string') known.add(s.protected_instance);
      }
      const num = group.protected_instance_num;
      const want = typeof num === 'number' ? Math.min(num, 1000) : Math.max(1, known.size);
      ids = [...known];
      for (let k = 0; ids.length < want; k++) ids.push(hashUuid(`instance-${group.id}-${k}`));
      state.instances.set(group.id, ids);
    }
    return ids;
  }

  /** A served instance for a derived ID: deterministic name, protected, fully synchronised, dated like its group. */
  function derivedInstance(group: ProtectionGroup, id: string): ProtectedInstance {
    const instance: ProtectedInstance = { id, name: `instance-${id.slice(0, 8)}`, server_group_id: group.id, status: 'protected', progress: 100 };
    if (typeof group.priority_station === 'string') instance.priority_station = group.priority_station;
    if (typeof group.created_at === 'string') instance.created_at = instance.updated_at = group.created_at;
    return instance;
  }

  /** With data.instances: appends derived instances for the groups that have none there, once per group and array. */
  function complete(project: string, data: LifecycleData & { instances: ProtectedInstance[] }): void {
    const state = stateOf(project);
    let done = state.completed.get(data.instances);
    if (!done) state.completed.set(data.instances, (done = new Set()));
    let covered: Set<string | undefined> | undefined;
    for (const group of data.groups) {
      if (typeof group?.id !== 'string' || done.has(group.id)) continue;
      done.add(group.id);
      covered ??= new Set(data.instances.map((i) => i.server_group_id));
      if (!covered.has(group.id)) for (const id of derivedIds(project, data, group)) data.instances.push(derivedInstance(group, id));
    }
  }

  /**
   * The protected instances a project serves, unordered: `data.instances` itself when present (completed for groups without
   * any), otherwise a new array of derived instances, one per derived ID of each group, the objects kept per group and ID.
   */
  function served(project: string, data: LifecycleData): ProtectedInstance[] {
    if (data.instances) {
      complete(project, data as LifecycleData & { instances: ProtectedInstance[] });
      return data.instances;
    }
    const state = stateOf(project);
    const out: ProtectedInstance[] = [];
    const seen = new Set<string>();
    for (const group of data.groups) {
      if (typeof group?.id !== 'string' || seen.has(group.id)) continue;
      seen.add(group.id);
      let objects = state.derived.get(group.id);
      if (!objects) state.derived.set(group.id, (objects = new Map()));
      for (const id of derivedIds(project, data, group)) {
        let instance = objects.get(id);
        if (!instance) objects.set(id, (instance = derivedInstance(group, id)));
        out.push(instance);
      }
    }
    return out;
  }

  /** The IDs of the group's protected instances, for which a successful create makes drill servers: those served for it. */
  function instancesOf(project: string, data: LifecycleData, group: ProtectionGroup): string[] {
    if (!data.instances) return derivedIds(project, data, group);
    complete(project, data as LifecycleData & { instances: ProtectedInstance[] });
    return data.instances.filter((i) => i.server_group_id === group.id).map((i) => i.id);
  }

  function takeFailure(name: string, errorCode: string, reason: string): JobRecord['failure'] {
    const queued = failQueue.shift();
    if (queued) return { errorCode: queued.errorCode ?? errorCode, reason: queued.reason ?? reason };
    return name.includes(FAIL_JOB_MARK) ? { errorCode, reason } : undefined;
  }

  function startJob(project: string, jobType: string, entities: JobEntities, failure: JobRecord['failure'], end: JobRecord['end']): EmulatorJob {
    const begin = opts.now();
    const runningAt = begin + opts.jobInitMs;
    const endsAt = runningAt + opts.jobRunMs;
    const job: EmulatorJob = {
      status: 'INIT',
      job_id: jobId(project),
      job_type: jobType,
      begin_time: iso(begin),
      end_time: null,
      error_code: null,
      fail_reason: null,
      entities,
    };
    const rec: JobRecord = { job, runningAt, endsAt, failure, end, done: false };
    stateOf(project).jobs.set(job.job_id, rec);
    // With the real clock these keep `emulator.data` current between requests; an injected clock is settled by requests (or settleJobs).
    if (opts.jobInitMs > 0) wake(project, rec, runningAt);
    wake(project, rec, endsAt);
    return job;
  }

  /** Settles the project at `at`; a timer that fires a millisecond early (timers and Date.now use different clocks) tries again. */
  function wake(project: string, rec: JobRecord, at: number): void {
    deps.later(
      () => {
        settle(project);
        if (!rec.done && opts.now === Date.now && Date.now() < at) wake(project, rec, at);
      },
      Math.max(0, at - opts.now()),
    );
  }

  /** Applies every transition due by the clock, in the order the jobs end. */
  function settle(project: string): void {
    const state = states.get(project);
    if (!state) return;
    const now = opts.now();
    const due: JobRecord[] = [];
    for (const rec of state.jobs.values()) {
      if (rec.done) continue;
      if (now >= rec.endsAt) due.push(rec);
      else if (now >= rec.runningAt) rec.job.status = 'RUNNING';
    }
    for (const rec of due.sort((a, b) => a.endsAt - b.endsAt)) {
      rec.done = true;
      const { job, failure } = rec;
      job.end_time = iso(rec.endsAt);
      if (failure) [job.status, job.error_code, job.fail_reason] = ['FAIL', failure.errorCode, failure.reason];
      else job.status = 'SUCCESS';
      rec.end(!failure, rec.endsAt);
    }
  }

  function recordFailure(project: string, job: EmulatorJob, drill: DisasterRecoveryDrill, failureStatus: 'createFail' | 'deleteFail'): void {
    stateOf(project).failureJobs.push({
      job_status: 'FAIL',
      job_id: job.job_id,
      job_type: job.job_type,
      resource_id: drill.id,
      resource_name: drill.name,
      resource_type: 'disaster_recovery_drills',
      failure_status: failureStatus,
      begin_time: job.begin_time,
      error_code: job.error_code ?? '',
      fail_reason: job.fail_reason ?? '',
      server_group_id: drill.server_group_id,
    });
  }

  const findDrill = (project: string, id: string): DisasterRecoveryDrill | undefined => deps.dataOf(project)?.drills.find((d) => d.id === id);

  function adjustDrillCount(project: string, groupId: string, by: number): void {
    const group = deps.dataOf(project)?.groups.find((g) => g.id === groupId);
    if (group) group.disaster_recovery_drill_num = Math.max(0, (group.disaster_recovery_drill_num ?? 0) + by);
  }

  // -------------------------------------------------------------------------------------------------------------------
  // Routes

  /** §1. Checks in this order: body and required fields (0201), name (0202), ID forms (0207, 0204), group (1013, 1002), VPC (1907, 1921). */
  const createDrill: LifecycleHandler = ({ body, data, project }) => {
    const spec = drillSpec(body);
    const groupId = requiredString(spec, 'server_group_id');
    const name = requiredString(spec, 'name');
    const vpc = spec.drill_vpc_id;
    if (vpc !== undefined && typeof vpc !== 'string')
      fail(400, 'error', 'SDRS.0201', 'Invalid request parameters: disaster_recovery_drill.drill_vpc_id must be a string');
    checkName(name);
    if (!UUID.test(groupId)) fail(400, 'error', 'SDRS.0207', `Invalid protection group ID: '${groupId}'`);
    // An empty drill_vpc_id is refused rather than read as "create one": the reference says to leave the key out.
    if (vpc !== undefined && !UUID.test(vpc)) fail(400, 'error', 'SDRS.0204', `Invalid VPC: drill_vpc_id must be a VPC ID, got '${vpc}'`);
    const group = data.groups.find((g) => g.id === groupId) ?? fail(400, 'error', 'SDRS.1013', `The protection group ${groupId} does not exist`);
    // A fixture group without a status is taken as drillable; real groups always have one.
    if (group.status !== undefined && !(DRILLABLE_GROUP_STATUSES as readonly string[]).includes(group.status)) {
      fail(400, 'error', 'SDRS.1002', `The operation is not allowed: protection group ${group.id} is ${group.status}`);
    }
    if (vpc !== undefined && vpc === group.source_vpc_id)
      fail(400, 'error', 'SDRS.1907', `The drill VPC ${vpc} conflicts with the VPC of protection group ${group.id}`);
    const holder = vpc === undefined ? undefined : data.drills.find((d) => d.drill_vpc_id === vpc);
    if (holder) fail(400, 'error', 'SDRS.1921', `The drill VPC ${vpc} is already used by DR drill ${holder.id}`);

    const now = opts.now();
    const drill: DisasterRecoveryDrill = {
      id: newUuid('drill', project),
      name,
      status: 'creating',
      server_group_id: group.id,
      // Known at once when given; a VPC the service creates appears when the job succeeds.
      drill_vpc_id: vpc ?? '',
      created_at: formatTimestamp(now),
      updated_at: formatTimestamp(now),
      drill_servers: [],
    };
    data.drills.push(drill);
    adjustDrillCount(project, group.id, +1);
    const failure = takeFailure(
      name,
      CREATE_FAILED_CODE,
      `Failed to create DR drill ${name}: the drill servers could not be created (failure injected by the SDRS emulator)`,
    );
    const entities: JobEntities = { server_group_id: group.id };
    const job = startJob(project, CREATE_DRILL_JOB, entities, failure, (ok, at) => {
      entities.disaster_recovery_drill_id = drill.id;
      const live = findDrill(project, drill.id);
      if (!live) return; // the test replaced the data meanwhile
      live.updated_at = formatTimestamp(at);
      if (!ok) {
        live.status = 'error';
        live.drill_servers = [];
        recordFailure(project, job, live, 'createFail');
        return;
      }
      live.status = 'available';
      if (!live.drill_vpc_id) live.drill_vpc_id = newUuid('vpc', project);
      const liveGroup = deps.dataOf(project)?.groups.find((g) => g.id === live.server_group_id);
      const instances = liveGroup ? instancesOf(project, deps.dataOf(project) ?? data, liveGroup) : [];
      live.drill_servers = instances.map((pi) => ({ protected_instance: pi, drill_server_id: newUuid('drill-server', project) }));
    });
    return { job_id: job.job_id };
  };

  /** §2: synchronous; only the name changes; no status constraint is documented, so none is applied. */
  const renameDrill: LifecycleHandler = ({ body, data, id }) => {
    const name = requiredString(drillSpec(body), 'name');
    checkName(name);
    const drill = data.drills.find((d) => d.id === id) ?? drillNotFound(id);
    drill.name = name;
    drill.updated_at = formatTimestamp(opts.now());
    return { disaster_recovery_drill: drill };
  };

  /** §3: the drill VPC is kept (nothing here removes it), so a later drill may use it again. */
  const deleteDrill: LifecycleHandler = ({ data, id, project }) => {
    const drill = data.drills.find((d) => d.id === id) ?? drillNotFound(id);
    if (!(DELETABLE_DRILL_STATUSES as readonly string[]).includes(drill.status)) {
      fail(400, 'error', 'SDRS.1913', `The DR drill ${id} cannot be deleted while it is ${drill.status}`);
    }
    drill.status = 'deleting';
    drill.updated_at = formatTimestamp(opts.now());
    const failure = takeFailure(
      drill.name,
      DELETE_FAILED_CODE,
      `Failed to delete DR drill ${drill.name}: its drill servers could not be deleted (failure injected by the SDRS emulator)`,
    );
    const job = startJob(project, DELETE_DRILL_JOB, { server_group_id: drill.server_group_id, disaster_recovery_drill_id: drill.id }, failure, (ok, at) => {
      const live = deps.dataOf(project);
      const index = live?.drills.findIndex((d) => d.id === drill.id) ?? -1;
      if (!live || index < 0) return;
      const target = live.drills[index];
      if (ok) {
        live.drills.splice(index, 1);
        adjustDrillCount(project, target.server_group_id, -1);
        return;
      }
      target.status = 'error-deleting';
      target.updated_at = formatTimestamp(at);
      recordFailure(project, job, target, 'deleteFail');
    });
    return { job_id: job.job_id };
  };

  /** §4: the job as it stands by the clock; a job of another project is unknown here. */
  const showJob: LifecycleHandler = ({ id, project }) =>
    states.get(project)?.jobs.get(id)?.job ?? fail(404, 'error', JOB_NOT_FOUND_CODE, `The job ${id} does not exist`);

  /** §7: without server_group_id only group-level failures; resource_name is matched as a substring (like every other name filter). */
  const listFailureJobs: LifecycleHandler = ({ query: q, project, countMode, strictLimit }) => {
    const paging = pagingParams(q, strictLimit);
    const groupId = groupIdParam(q);
    const type = enumParam(q, 'resource_type', FAILURE_RESOURCE_TYPES);
    const status = enumParam(q, 'failure_status', FAILURE_STATUSES);
    const name = first(q, 'resource_name');
    const matches = (states.get(project)?.failureJobs ?? []).filter(
      (f) =>
        (groupId ? f.server_group_id === groupId : f.resource_type === 'server_groups') &&
        (!type || f.resource_type === type) &&
        (!status || f.failure_status === status) &&
        nameMatches(f.resource_name, name),
    );
    const { count, items } = page(matches, paging, countMode);
    return { failure_jobs: items.map(sent), count };
  };

  /**
   * `DELETE /task-center/failure-jobs/{failure_job_id}`: the public page answers 204 No Content. The listing has no ID but
   * job_id, so that is the failure_job_id taken here (unconfirmed).
   */
  const deleteFailureJob: LifecycleHandler = ({ id, project }) => {
    const list = states.get(project)?.failureJobs ?? [];
    const index = list.findIndex((f) => f.job_id === id);
    if (index < 0) fail(404, 'error', JOB_NOT_FOUND_CODE, `The failed task ${id} does not exist`);
    list.splice(index, 1);
    return new Answer(204);
  };

  /** `DELETE /task-center/failure-jobs/batch` (all of the project's) and `/task-center/{server_group_id}/failure-jobs/batch`; 204. */
  const deleteFailureJobs: LifecycleHandler = ({ id: groupId, project }) => {
    if (groupId && !UUID.test(groupId)) fail(400, 'error', 'SDRS.0207', `Invalid protection group ID: '${groupId}'`);
    // In place: failureJobs() hands tests the live array.
    const list = states.get(project)?.failureJobs ?? [];
    for (let i = list.length - 1; i >= 0; i--) if (!groupId || list[i].server_group_id === groupId) list.splice(i, 1);
    return new Answer(204);
  };

  return {
    /** Patterns as in emulator.ts's ROUTES: group 1 the project, group 2 (if any) the resource. */
    routes: [
      { pattern: /^\/v1\/([^/]+)\/disaster-recovery-drills$/, methods: { POST: createDrill } },
      { pattern: /^\/v1\/([^/]+)\/disaster-recovery-drills\/([^/]+)$/, methods: { PUT: renameDrill, DELETE: deleteDrill } },
      { pattern: /^\/v1\/([^/]+)\/jobs\/([^/]+)$/, methods: { GET: showJob } },
      { pattern: /^\/v1\/([^/]+)\/task-center\/failure-jobs$/, methods: { GET: listFailureJobs } },
      { pattern: /^\/v1\/([^/]+)\/task-center\/failure-jobs\/batch$/, methods: { DELETE: deleteFailureJobs } },
      { pattern: /^\/v1\/([^/]+)\/task-center\/failure-jobs\/([^/]+)$/, methods: { DELETE: deleteFailureJob } },
      { pattern: /^\/v1\/([^/]+)\/task-center\/([^/]+)\/failure-jobs\/batch$/, methods: { DELETE: deleteFailureJobs } },
    ] as ReadonlyArray<{ pattern: RegExp; methods: Readonly<Record<string, LifecycleHandler>> }>,
    settle,
    settleAll: (): void => [...states.keys()].forEach(settle),
    /** Counts a GET of a job path (any project, before auth and faults). */
    countPoll: (path: string): void => {
      const m = /^\/v1\/[^/]+\/jobs\/([^/]+)$/.exec(path);
      if (!m) return;
      let id = m[1];
      try {
        id = decodeURIComponent(id);
      } catch {
        // counted under the raw segment
      }
      polls.set(id, (polls.get(id) ?? 0) + 1);
    },
    polls: (jobId: string): number => polls.get(jobId) ?? 0,
    failNext: (reason?: string, errorCode?: string): void => void failQueue.push({ reason, errorCode }),
    jobs: (project: string): EmulatorJob[] => {
      settle(project);
      return [...(states.get(project)?.jobs.values() ?? [])].map((r) => r.job);
    },
    failureJobs: (project: string): FailureJobEntry[] => stateOf(project).failureJobs,
    instances: (project: string, data: LifecycleData, groupId: string): string[] => {
      const group = data.groups.find((g) => g.id === groupId);
      if (!group) throw new Error(`SDRS emulator: project ${project} has no protection group ${groupId}`);
      return instancesOf(project, data, group);
    },
    served,
    forget: (project: string): void => void states.delete(project),
  };
}

export type Lifecycle = ReturnType<typeof createLifecycle>;
