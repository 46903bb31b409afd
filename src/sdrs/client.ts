// The SDRS calls the explorer makes: list drills (all pages), list protection groups, show a drill.
import { responseError, validationError } from './errors';
import type { DisasterRecoveryDrill, DrillFilter, DrillServer, ProtectionGroup } from './model';
import { pageAll, type Page } from './paging';
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

export interface ClientDefaults {
  pageSize?: number;
  concurrency?: number;
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
    const group: ProtectionGroup = { id: this.string(g, 'id', path), name: this.string(g, 'name', path) };
    for (const key of GROUP_STRINGS) {
      const value = g[key];
      if (typeof value === 'string') group[key] = value;
    }
    for (const key of GROUP_COUNTS) {
      const value = g[key];
      if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) group[key] = value;
    }
    const progress = g.progress;
    if (typeof progress === 'number' && Number.isInteger(progress) && progress >= 0 && progress <= 100) group.progress = progress;
    return group;
  }
}

/** Optional text fields of a protection group. */
const GROUP_STRINGS = [
  'description',
  'status',
  'source_availability_zone',
  'target_availability_zone',
  'priority_station',
  'replication_status',
  'health_status',
  'protection_type',
  'source_vpc_id',
  'created_at',
  'updated_at',
] as const satisfies ReadonlyArray<keyof ProtectionGroup>;

/** Optional counts of a protection group: whole numbers of 0 or more. */
const GROUP_COUNTS = ['protected_instance_num', 'disaster_recovery_drill_num'] as const satisfies ReadonlyArray<keyof ProtectionGroup>;

export class SdrsClient {
  private readonly pageSize: number;
  private readonly concurrency: number;
  /** Size of each query's last result, so small lists are not fetched with speculative empty pages. */
  private readonly lastSizes = new Map<string, number>();

  constructor(
    private readonly transport: SdrsTransport,
    defaults: ClientDefaults = {},
  ) {
    this.pageSize = defaults.pageSize ?? MAX_PAGE_SIZE;
    this.concurrency = defaults.concurrency ?? 4;
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
    const { limit, concurrency } = this.paging(options);
    const key = `drills:${JSON.stringify(query)}:${limit}`;
    const drills = await pageAll((offset, pageLimit, signal) => this.listDrillPage(query, pageLimit, offset, { signal }), {
      limit,
      concurrency,
      initialPages: this.initialPages(key, limit, concurrency),
      signal: options.signal,
      idOf: (d) => d.id,
      maxItems: options.maxItems,
      noun: 'drills',
    });
    this.lastSizes.set(key, drills.length);
    return drills;
  }

  /** Every protection group of the project (`GET /server-groups`, all pages). */
  async listProtectionGroups(options: ListOptions = {}): Promise<ProtectionGroup[]> {
    const { limit, concurrency } = this.paging(options);
    const key = `groups:${limit}`;
    const groups = await pageAll(
      async (offset, pageLimit, signal): Promise<Page<ProtectionGroup>> => {
        const { body, requestId } = await this.transport.get('/server-groups', { limit: pageLimit, offset }, { signal });
        const check = new ShapeChecker('a protection group list', requestId);
        const obj = check.record(body, 'body');
        const items = check.array(obj, 'server_groups', 'body').map((g, i) => check.group(g, `server_groups[${i}]`));
        return { items, count: check.count(obj), requestId };
      },
      // Projects rarely have more than a page of protection groups: start with one request, not a speculative window.
      { limit, concurrency, initialPages: this.lastSizes.has(key) ? this.initialPages(key, limit, concurrency) : 1, signal: options.signal, idOf: (g) => g.id, maxItems: options.maxItems, noun: 'protection groups' },
    );
    this.lastSizes.set(key, groups.length);
    return groups;
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
