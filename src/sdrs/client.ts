// The SDRS calls the explorer makes: list drills (all pages), list protection groups, show a drill.
import { responseError, SdrsError, validationError } from './errors';
import { typedGroup, type DisasterRecoveryDrill, type DrillFilter, type DrillServer, type ProtectionGroup } from './model';
import { pageAll, type FetchPage, type Page } from './paging';
import type { RequestOptions, SdrsTransport } from './transport';
import { assertLimit, assertOffset, checkId, MAX_PAGE_SIZE, normalizeDrillFilter } from './validation';

export interface ListOptions extends RequestOptions {
  /** Page size (`limit`), 1..1000; defaults to the client's. */
  pageSize?: number;
  /** Pages fetched at once; defaults to the client's. */
  concurrency?: number;
  /** Ceiling on the items of this listing; defaults to MAX_LISTED_ITEMS (for tests). */
  maxItems?: number;
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

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Turns an unexpected body into a clear error naming the first field that is wrong. */
class ShapeChecker {
  constructor(
    private readonly what: string,
    private readonly requestId: string | undefined,
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
    const d = this.record(v, path);
    const servers = d.drill_servers === undefined || d.drill_servers === null ? [] : this.array(d, 'drill_servers', path);
    return {
      id: this.string(d, 'id', path),
      name: this.string(d, 'name', path),
      status: this.string(d, 'status', path),
      server_group_id: this.string(d, 'server_group_id', path),
      drill_vpc_id: this.optionalString(d, 'drill_vpc_id', path),
      created_at: this.optionalString(d, 'created_at', path),
      updated_at: this.optionalString(d, 'updated_at', path),
      drill_servers: servers.map((s, i): DrillServer => {
        const sp = `${path}.drill_servers[${i}]`;
        const server = this.record(s, sp);
        return {
          protected_instance: this.string(server, 'protected_instance', sp),
          drill_server_id: this.string(server, 'drill_server_id', sp),
        };
      }),
    };
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
    const query = normalizeDrillFilter(filter);
    assertLimit(limit);
    assertOffset(offset);
    const { body, requestId } = await this.transport.get('/disaster-recovery-drills', { ...query, limit, offset }, options);
    const check = new ShapeChecker('a drill list', requestId);
    const obj = check.record(body, 'body');
    const items = check.array(obj, 'disaster_recovery_drills', 'body').map((d, i) => check.drill(d, `disaster_recovery_drills[${i}]`));
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
        fetch: async (offset, limit, signal) => {
          const { body, requestId } = await this.transport.get('/server-groups', { limit, offset }, { signal });
          const check = new ShapeChecker('a protection group list', requestId);
          const obj = check.record(body, 'body');
          const items = check.array(obj, 'server_groups', 'body').map((g, i) => check.group(g, `server_groups[${i}]`));
          return { items, count: check.count(obj), requestId };
        },
        idOf: (g) => g.id,
        key: 'groups',
        // Projects rarely have more than a page of protection groups: start with one request, not a speculative window.
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
          initialPages: this.lastSizes.has(key) ? this.initialPages(key, limit, concurrency) : (list.coldPages ?? concurrency),
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
    const problem = typeof id === 'string' ? checkId(id) : 'must be a string';
    if (problem) throw validationError('drill ID', problem);
    const { body, requestId } = await this.transport.get(`/disaster-recovery-drills/${id.trim()}`, {}, options);
    const check = new ShapeChecker('a drill', requestId);
    return check.drill(check.record(body, 'body').disaster_recovery_drill, 'disaster_recovery_drill');
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

  /** Speculate only as far as last time's result suggests, plus one page to find the end. */
  private initialPages(key: string, limit: number, concurrency: number): number {
    const last = this.lastSizes.get(key);
    return last === undefined ? concurrency : Math.min(concurrency, Math.floor(last / limit) + 1);
  }
}
