// The SDRS calls the registry makes: list drills (all pages), list protection groups and protected instances, show, create, rename and delete a drill, show a job, list and delete failed tasks.
import { acceptedError, isSdrsError, MAX_CODE, MAX_REQUEST_ID, MAX_SERVER_MESSAGE, responseError, SdrsError, serverText, validationError } from './errors';
import {
  typedGroup,
  typedInstance,
  type CreateDrillInput,
  type DisasterRecoveryDrill,
  type DrillDeletion,
  type DrillFilter,
  type FailedTask,
  type FailedTaskFilter,
  type Job,
  type JobEntities,
  type ProtectedInstance,
  type ProtectionGroup,
  type StartedJob,
  type SubJob,
} from './model';
import { pageAll, type FetchPage, type Page } from './paging';
import { percentEncode } from './signer';
import type { QueryValue, RequestOptions, SdrsTransport } from './transport';
import {
  assertLimit,
  assertOffset,
  checkDrillName,
  checkId,
  checkJobId,
  MAX_PAGE_SIZE,
  normalizeCreateDrill,
  normalizeDrillFilter,
  normalizeFailedTaskFilter,
} from './validation';
import { isRecord, type Json } from './json';
import { parseDrill } from './parse';

export interface ListOptions extends RequestOptions {
  /** Page size (`limit`), 1..1000; defaults to the client's. */
  pageSize?: number;
  /** Pages fetched at once; defaults to the client's. */
  concurrency?: number;
  /** Ceiling on the items of this listing; defaults to MAX_LISTED_ITEMS (for tests). */
  maxItems?: number;
  /**
   * How many items the caller expects, e.g. the saved listing's size: before the first answer, only the pages that
   * many items fill (plus one to find the end) are asked for, so five drills cost one request and 50,000 still page in
   * parallel. This client's own last listing of the same list wins over it; without either, a full window is asked.
   */
  expectedItems?: number;
}

/** The largest `limit` the text of error SDRS.0221 allows ("greater than 0 and less than 1000"). */
export const STRICT_MAX_PAGE_SIZE = MAX_PAGE_SIZE - 1;

/**
 * The largest page SDRS takes, shared by every client of a window. The documentation allows `limit`
 * up to 1000, but the text of error SDRS.0221 says "less than 1000"; a refusal is paid for (and
 * reported) once per window, not once per client or listing. Nothing is asked up front: against a
 * service that takes 1000, as documented, this costs no request at all.
 */
export class PageSizeMemory {
  /** Largest `limit` to send: 1000 until SDRS refuses that with SDRS.0221, then 999. */
  maxPageSize = MAX_PAGE_SIZE;

  /** Records a refusal of pages of 1000; true the first time only, which is when to tell the user. */
  refuseFullSize(): boolean {
    if (this.maxPageSize < MAX_PAGE_SIZE) return false;
    this.maxPageSize = STRICT_MAX_PAGE_SIZE;
    return true;
  }
}

export interface ClientDefaults {
  pageSize?: number;
  concurrency?: number;
  /** Shared by the clients of one window; a client without one keeps its own. */
  pageSizeMemory?: PageSizeMemory;
  /** Told (in English, once per memory object) when the client changes how it talks to SDRS, e.g. a smaller page size. */
  onNotice?: (message: string) => void;
}

/** SDRS's answer to a `limit` it does not take: HTTP 400 with code SDRS.0221. */
export function isLimitRefusal(e: unknown): boolean {
  return e instanceof SdrsError && e.kind === 'http' && e.status === 400 && e.code === 'SDRS.0221';
}

/**
 * An answer saying the resource does not exist: 404, unless the gateway sent it (an `APIGW.` code
 * means the API was not found, e.g. a wrong endpoint, not the drill), or 400 with SDRS.1902 (drill
 * not found), the two answers Terraform counts as "gone". SDRS.1913 (wrong state) is not one: it
 * also answers a drill that is still being deleted, and the reference says not to assume it gone.
 */
export function isNotFound(e: unknown): e is SdrsError {
  return isServiceNotFound(e) || (e instanceof SdrsError && e.kind === 'http' && e.status === 400 && e.code === 'SDRS.1902');
}

/** A 404 from SDRS, not from the gateway in front of it. */
function isServiceNotFound(e: unknown): e is SdrsError {
  return e instanceof SdrsError && e.kind === 'http' && e.status === 404 && !/^APIGW\./i.test(e.code ?? '');
}

/** One paged list call, as `listAll` runs it. */
interface PagedList<T> {
  /** Plural noun for messages: "drills". */
  noun: string;
  fetch: FetchPage<T>;
  idOf: (item: T) => string;
  /** This query, for remembering its result size (the page size is added). */
  key: string;
  /** Pages asked for before the first answer when the query has no remembered size; default the concurrency. */
  coldPages?: number;
}

/** Turns an unexpected body into a clear error naming the first field that is wrong. */
class ShapeChecker {
  constructor(
    private readonly what: string,
    private readonly requestId: string | undefined,
    /** The credentials the request carried: server text that echoes them is redacted. */
    private readonly secrets: readonly string[] = [],
  ) {}

  fail(path: string, problem: string): never {
    throw responseError(`SDRS returned ${this.what} of an unexpected shape: ${path} ${problem}`, this.requestId);
  }

  record(v: unknown, path: string): Json {
    return isRecord(v) ? v : this.fail(path, 'is not an object');
  }

  string(obj: Json, key: string, path: string): string {
    const v = obj[key];
    return typeof v === 'string' ? v : this.fail(`${path}.${key}`, 'is not a string');
  }

  optionalString(obj: Json, key: string, path: string): string {
    const v = obj[key];
    if (v === undefined || v === null) return '';
    return typeof v === 'string' ? v : this.fail(`${path}.${key}`, 'is not a string');
  }

  array(obj: Json, key: string, path: string): unknown[] {
    const v = obj[key];
    return Array.isArray(v) ? v : this.fail(`${path}.${key}`, 'is missing or not a list');
  }

  count(obj: Json): number | undefined {
    const v = obj.count;
    if (v === undefined || v === null) return undefined;
    return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : this.fail('count', 'is not a whole number');
  }

  drill(v: unknown, path: string): DisasterRecoveryDrill {
    return parseDrill(v, path, { fail: (at, problem) => this.fail(at, problem), strict: false });
  }

  /**
   * Optional server text: absent when null, missing or blank; one line, cut to `max`. Codes, names
   * and times get MAX_CODE, free text MAX_SERVER_MESSAGE. Any other type is an error.
   */
  text(obj: Json, key: string, path: string, max: number): string | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') return this.fail(`${path}.${key}`, 'is not a string');
    return serverText(v, this.secrets, max) || undefined;
  }

  /** An optional ID: absent when null, missing or blank; otherwise it must pass `check` (no cutting: a cut ID is another ID). */
  id(obj: Json, key: string, path: string, check: (value: string) => string | undefined): string | undefined {
    const v = obj[key];
    if (v === undefined || v === null || (typeof v === 'string' && !v.trim())) return undefined;
    if (typeof v !== 'string') return this.fail(`${path}.${key}`, 'is not a string');
    const problem = check(v);
    return problem ? this.fail(`${path}.${key}`, `is not an ID: it ${problem}`) : v.trim();
  }

  job(v: unknown, jobId: string): Job {
    const j = this.record(v, 'body');
    // The answer repeats the ID asked for; only its type is checked, and the ID asked for is kept.
    this.text(j, 'job_id', 'body', MAX_REQUEST_ID);
    const job: Job = { job_id: jobId, ...this.jobFields(j, 'body', true) };
    if (this.requestId) job.requestId = this.requestId;
    return job;
  }

  /** What a job and a sub-job share; only a job's entities have sub-jobs. */
  private jobFields(j: Json, path: string, withSubJobs: boolean): Omit<SubJob, 'job_id'> {
    const status =
      this.text(j, 'status', path, MAX_CODE) ?? this.fail(`${path}.status`, j.status === undefined || j.status === null ? 'is missing' : 'is empty');
    const rawEntities = j.entities === undefined || j.entities === null ? {} : this.record(j.entities, `${path}.entities`);
    const entities: JobEntities = {};
    const drillId = this.id(rawEntities, 'disaster_recovery_drill_id', `${path}.entities`, checkId);
    if (drillId) entities.disaster_recovery_drill_id = drillId;
    const groupId = this.id(rawEntities, 'server_group_id', `${path}.entities`, checkId);
    if (groupId) entities.server_group_id = groupId;
    const rawSubJobs = rawEntities.sub_jobs;
    if (withSubJobs && rawSubJobs !== undefined && rawSubJobs !== null) {
      entities.sub_jobs = this.array(rawEntities, 'sub_jobs', `${path}.entities`).map((s, i) => {
        const at = `${path}.entities.sub_jobs[${i}]`;
        const sub = this.record(s, at);
        const subId = this.id(sub, 'job_id', at, checkJobId);
        return subId ? { job_id: subId, ...this.jobFields(sub, at, false) } : this.jobFields(sub, at, false);
      });
    }
    const fields: Omit<SubJob, 'job_id'> = { status, entities };
    const texts = [
      ['job_type', MAX_CODE],
      ['begin_time', MAX_CODE],
      ['end_time', MAX_CODE],
      ['error_code', MAX_CODE],
      ['fail_reason', MAX_SERVER_MESSAGE],
    ] as const;
    for (const [key, max] of texts) {
      const value = this.text(j, key, path, max);
      if (value !== undefined) fields[key] = value;
    }
    return fields;
  }

  failedTask(v: unknown, path: string): FailedTask {
    const t = this.record(v, path);
    // The task's key, and the only ID `deleteFailedTask` can be given: checked, never cut.
    const jobId = this.id(t, 'job_id', path, checkJobId) ?? this.fail(`${path}.job_id`, 'is missing');
    const task: FailedTask = { job_id: jobId };
    const fields = [
      ['job_status', MAX_CODE],
      ['job_type', MAX_CODE],
      ['resource_id', MAX_REQUEST_ID],
      ['resource_name', MAX_CODE],
      ['resource_type', MAX_CODE],
      ['failure_status', MAX_CODE],
      ['begin_time', MAX_CODE],
      ['error_code', MAX_CODE],
      ['fail_reason', MAX_SERVER_MESSAGE],
    ] as const;
    for (const [key, max] of fields) {
      const value = this.text(t, key, path, max);
      if (value !== undefined) task[key] = value;
    }
    return task;
  }

  /**
   * Only the typed fields of a group, each of its type: id and name must be strings (or the list
   * fails, naming the field); any other field of the wrong type, or null, is left out, since it is
   * shown but never needed.
   */
  group(v: unknown, path: string): ProtectionGroup {
    const g = this.record(v, path);
    return typedGroup(this.string(g, 'id', path), this.string(g, 'name', path), g);
  }

  /** Like `group`: the ID must be a string; the name is only shown, so a missing or null one is empty. */
  instance(v: unknown, path: string): ProtectedInstance {
    const i = this.record(v, path);
    return typedInstance(this.string(i, 'id', path), this.optionalString(i, 'name', path), i);
  }
}

export class SdrsClient {
  private readonly pageSize: number;
  private readonly concurrency: number;
  private readonly memory: PageSizeMemory;
  private readonly onNotice?: (message: string) => void;
  /** Size of each query's last result, so small lists are not fetched with speculative empty pages. */
  private readonly lastSizes = new Map<string, number>();

  constructor(
    private readonly transport: SdrsTransport,
    defaults: ClientDefaults = {},
  ) {
    this.pageSize = defaults.pageSize ?? MAX_PAGE_SIZE;
    this.concurrency = defaults.concurrency ?? 4;
    this.memory = defaults.pageSizeMemory ?? new PageSizeMemory();
    this.onNotice = defaults.onNotice;
    assertLimit(this.pageSize);
    this.checkConcurrency(this.concurrency);
  }

  /** One page of `GET /disaster-recovery-drills`, exactly as asked. */
  async listDrillPage(filter: DrillFilter, limit: number, offset: number, options: RequestOptions = {}): Promise<Page<DisasterRecoveryDrill>> {
    const page = { path: '/disaster-recovery-drills', what: 'a drill list', key: 'disaster_recovery_drills' };
    return this.listPage(page, { ...normalizeDrillFilter(filter) }, limit, offset, options, (check, v, path) => check.drill(v, path));
  }

  /** One page of a paged list: limit and offset checked, the body's list and `count` shape-checked, each item parsed. */
  private async listPage<T>(
    page: { path: string; what: string; key: string },
    query: Record<string, QueryValue>,
    limit: number,
    offset: number,
    options: RequestOptions,
    parse: (check: ShapeChecker, item: unknown, path: string) => T,
  ): Promise<Page<T>> {
    assertLimit(limit);
    assertOffset(offset);
    const { body, requestId, secrets } = await this.transport.get(page.path, { ...query, limit, offset }, options);
    const check = new ShapeChecker(page.what, requestId, secrets);
    const obj = check.record(body, 'body');
    const items = check.array(obj, page.key, 'body').map((v, i) => parse(check, v, `${page.key}[${i}]`));
    return { items, count: check.count(obj), requestId };
  }

  /** Every drill matching the filter, in server order, across all pages. */
  async listDrills(filter: DrillFilter = {}, options: ListOptions = {}): Promise<DisasterRecoveryDrill[]> {
    const query = normalizeDrillFilter(filter);
    return this.listAll<DisasterRecoveryDrill>(
      {
        noun: 'drills',
        fetch: (offset, limit, signal) => this.listDrillPage(query, limit, offset, { signal }),
        idOf: (d) => d.id,
        key: `drills:${JSON.stringify(query)}`,
      },
      options,
    );
  }

  /** Every protection group of the project (`GET /server-groups`, all pages). */
  async listProtectionGroups(options: ListOptions = {}): Promise<ProtectionGroup[]> {
    return this.listAll<ProtectionGroup>(
      {
        noun: 'protection groups',
        fetch: (offset, limit, signal) =>
          this.listPage({ path: '/server-groups', what: 'a protection group list', key: 'server_groups' }, {}, limit, offset, { signal }, (check, v, path) =>
            check.group(v, path),
          ),
        idOf: (g) => g.id,
        key: 'groups',
        // Projects rarely have more than a page of protection groups: start with one request, not a speculative window.
        coldPages: 1,
      },
      options,
    );
  }

  /**
   * Every protected instance of the project (`GET /protected-instances`, all pages): the names of the instances that
   * drill servers copy. One paged listing for the project costs fewer requests than one per group, which the
   * reference suggests for a single drill.
   */
  async listProtectedInstances(options: ListOptions = {}): Promise<ProtectedInstance[]> {
    return this.listAll<ProtectedInstance>(
      {
        noun: 'protected instances',
        fetch: (offset, limit, signal) =>
          this.listPage(
            { path: '/protected-instances', what: 'a protected instance list', key: 'protected_instances' },
            {},
            limit,
            offset,
            { signal },
            (check, v, path) => check.instance(v, path),
          ),
        idOf: (i) => i.id,
        key: 'instances',
        coldPages: 1,
      },
      options,
    );
  }

  /**
   * Runs one paged list at the largest page size SDRS is known to take. A listing at 1000 that SDRS
   * refuses with SDRS.0221 is run once more at 999, which the shared memory keeps for every later
   * listing of the window; the notice is given once.
   */
  private async listAll<T>(list: PagedList<T>, options: ListOptions): Promise<T[]> {
    const { limit: configured, concurrency } = this.paging(options);
    for (let retried = false; ; retried = true) {
      const limit = Math.min(configured, this.memory.maxPageSize);
      const key = `${list.key}:${limit}`;
      try {
        const items = await pageAll<T>(list.fetch, {
          limit,
          concurrency,
          ...this.speculation(key, limit, concurrency, options.expectedItems, list.coldPages),
          signal: options.signal,
          idOf: list.idOf,
          maxItems: options.maxItems,
          noun: list.noun,
        });
        this.lastSizes.set(key, items.length);
        return items;
      } catch (e) {
        if (retried || limit < MAX_PAGE_SIZE || !isLimitRefusal(e)) throw e;
        if (this.memory.refuseFullSize()) this.onNotice?.(`SDRS refused limit=${limit} (SDRS.0221); using pages of ${this.memory.maxPageSize} from now on`);
      }
    }
  }

  /** `GET /disaster-recovery-drills/{id}`. */
  async showDrill(id: string, options: RequestOptions = {}): Promise<DisasterRecoveryDrill> {
    const { body, requestId } = await this.transport.get(`/disaster-recovery-drills/${this.drillId(id)}`, {}, options);
    const check = new ShapeChecker('a drill', requestId);
    return check.drill(check.record(body, 'body').disaster_recovery_drill, 'disaster_recovery_drill');
  }

  /**
   * `POST /disaster-recovery-drills`: starts creating a drill and returns its job. Checked before
   * anything is sent (see `normalizeCreateDrill`, `checkDrillName`). Sent once: the POST is repeated
   * only after a 429 (the gateway's throttling, before SDRS sees it), never after a reset, a timeout
   * or a 5xx, when SDRS may already have created the drill (see RetryPolicy).
   */
  async createDrill(input: CreateDrillInput, options: RequestOptions = {}): Promise<StartedJob> {
    const drill = normalizeCreateDrill(input);
    const { body, requestId } = await this.transport.request('POST', '/disaster-recovery-drills', {
      body: { disaster_recovery_drill: drill },
      retry: 'unsent',
      signal: options.signal,
    });
    return { jobId: this.startedJobId(body, requestId, 'create'), requestId };
  }

  /** `PUT /disaster-recovery-drills/{id}`: renames the drill (synchronously, no job) and returns it as SDRS now has it. */
  async renameDrill(id: string, name: string, options: RequestOptions = {}): Promise<DisasterRecoveryDrill> {
    const drillId = this.drillId(id);
    const problem = checkDrillName(name);
    if (problem) throw validationError('name', problem);
    const { body, requestId } = await this.transport.request('PUT', `/disaster-recovery-drills/${percentEncode(drillId)}`, {
      body: { disaster_recovery_drill: { name } },
      retry: 'safe',
      signal: options.signal,
    });
    const check = new ShapeChecker('a renamed drill', requestId);
    try {
      return check.drill(check.record(body, 'body').disaster_recovery_drill, 'disaster_recovery_drill');
    } catch (e) {
      // The PUT was answered 2xx: the drill is renamed, only the answer cannot say how it looks now.
      throw isSdrsError(e) ? acceptedError(e.message, requestId) : e;
    }
  }

  /**
   * `DELETE /disaster-recovery-drills/{id}`: starts deleting the drill and returns its job, or
   * `{ alreadyGone: true }` when SDRS answers that the drill does not exist (`isNotFound`). Any other
   * error is thrown, SDRS.1913 (not deletable in its current state, e.g. already `deleting`) included.
   * Retried like a GET: a repeat cannot delete twice. If the first attempt was taken but its answer
   * lost, the repeat answers SDRS.1913 while that deletion runs (or "gone" once it is done).
   */
  async deleteDrill(id: string, options: RequestOptions = {}): Promise<DrillDeletion> {
    const drillId = this.drillId(id);
    try {
      const { body, requestId } = await this.transport.request('DELETE', `/disaster-recovery-drills/${percentEncode(drillId)}`, {
        retry: 'safe',
        signal: options.signal,
      });
      return { jobId: this.startedJobId(body, requestId, 'delete'), requestId };
    } catch (e) {
      if (isNotFound(e)) return e.requestId ? { alreadyGone: true, requestId: e.requestId } : { alreadyGone: true };
      throw e;
    }
  }

  /**
   * `GET /jobs/{job_id}`. Only `status` is required (a string; an undocumented one is kept as it
   * is); the rest is optional and absent when null or empty. Entity IDs that are present must be IDs.
   */
  async showJob(jobId: string, options: RequestOptions = {}): Promise<Job> {
    const problem = checkJobId(jobId);
    if (problem) throw validationError('job ID', problem);
    const id = jobId.trim();
    const { body, requestId, secrets } = await this.transport.request('GET', `/jobs/${percentEncode(id)}`, { retry: 'safe', signal: options.signal });
    return new ShapeChecker('a job', requestId, secrets).job(body, id);
  }

  /** One page of `GET /task-center/failure-jobs`, exactly as asked. */
  async listFailedTaskPage(filter: FailedTaskFilter, limit: number, offset: number, options: RequestOptions = {}): Promise<Page<FailedTask>> {
    const page = { path: '/task-center/failure-jobs', what: 'a failed-task list', key: 'failure_jobs' };
    return this.listPage(page, { ...normalizeFailedTaskFilter(filter) }, limit, offset, options, (check, v, path) => check.failedTask(v, path));
  }

  /**
   * Every failed task matching the filter, across all pages. Without `server_group_id` SDRS lists
   * only group-level failures; a drill's failures need its group.
   */
  async listFailedTasks(filter: FailedTaskFilter = {}, options: ListOptions = {}): Promise<FailedTask[]> {
    const query = normalizeFailedTaskFilter(filter);
    return this.listAll<FailedTask>(
      {
        noun: 'failed tasks',
        fetch: (offset, limit, signal) => this.listFailedTaskPage(query, limit, offset, { signal }),
        idOf: (t) => t.job_id,
        key: `failed-tasks:${JSON.stringify(query)}`,
        coldPages: 1,
      },
      options,
    );
  }

  /**
   * `DELETE /task-center/failure-jobs/{failure_job_id}`: removes one failed task from the list. The
   * documentation does not say whether that ID is the task's `job_id` (the only ID a task has) nor
   * what the answer holds, so any 2xx, with or without a body, counts; a 404 (not from the gateway)
   * answers `alreadyGone: true`. Retried like a GET: removing a record twice removes it once.
   */
  async deleteFailedTask(id: string, options: RequestOptions = {}): Promise<{ alreadyGone: boolean; requestId?: string }> {
    const problem = checkJobId(id);
    if (problem) throw validationError('failed task ID', problem);
    try {
      const { requestId } = await this.transport.request('DELETE', `/task-center/failure-jobs/${percentEncode(id.trim())}`, {
        retry: 'safe',
        allowEmptyAnswer: true,
        signal: options.signal,
      });
      return requestId ? { alreadyGone: false, requestId } : { alreadyGone: false };
    } catch (e) {
      if (isServiceNotFound(e)) {
        return e.requestId ? { alreadyGone: true, requestId: e.requestId } : { alreadyGone: true };
      }
      throw e;
    }
  }

  private drillId(id: string): string {
    const problem = typeof id === 'string' ? checkId(id) : 'must be a string';
    if (problem) throw validationError('drill ID', problem);
    return id.trim();
  }

  /**
   * The `job_id` of a create or delete answer. SDRS took the request by then, so a missing or unusable
   * ID is reported as such: the drill is being created or deleted, only its job cannot be followed.
   */
  private startedJobId(body: unknown, requestId: string | undefined, what: 'create' | 'delete'): string {
    const v = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Json).job_id : undefined;
    const problem = typeof v === 'string' ? checkJobId(v) : v === undefined || v === null ? 'is missing' : 'is not a string';
    if (!problem) return (v as string).trim();
    throw acceptedError(
      `SDRS accepted the ${what} request but its answer has no job ID to follow (job_id ${problem.startsWith('is') ? problem : `is not usable: it ${problem}`}); refresh to see the drill`,
      requestId,
    );
  }

  private paging(options: ListOptions): { limit: number; concurrency: number } {
    const limit = options.pageSize ?? this.pageSize;
    const concurrency = options.concurrency ?? this.concurrency;
    assertLimit(limit);
    this.checkConcurrency(concurrency);
    return { limit, concurrency };
  }

  private checkConcurrency(value: number): void {
    if (!Number.isInteger(value) || value < 1 || value > 16) {
      throw responseError(`Invalid concurrency: must be a whole number from 1 to 16 (got ${value})`);
    }
  }

  /** Speculate only as far as the last listing (this client's, else the caller's hint) suggests, plus one page to find the end. */
  private speculation(
    key: string,
    limit: number,
    concurrency: number,
    expected: number | undefined,
    coldPages: number | undefined,
  ): { initialPages: number; expectedLastPage?: number } {
    const hint = Number.isSafeInteger(expected) && expected! >= 0 ? expected : undefined;
    const last = this.lastSizes.get(key) ?? hint;
    if (last === undefined) return { initialPages: coldPages ?? concurrency };
    const lastPage = Math.floor(last / limit);
    return { initialPages: Math.min(concurrency, lastPage + 1), expectedLastPage: lastPage };
  }
}
