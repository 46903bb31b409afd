// Shared by the emulator's route modules: the SDRS/gateway/IAM error bodies, query-parameter checks and paging.

/** `keystone` is IAM's own: `{"error": {"code": <HTTP status>, "message", "title"}}`, with the title passed as `code`. */
export type ErrorShape = 'error' | 'itemNotFound' | 'gateway' | 'keystone';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly shape: ErrorShape,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function fail(status: number, shape: ErrorShape, code: string, message: string, headers?: Record<string, string>): never {
  throw new ApiError(status, shape, code, message, headers);
}

export function errorBody(e: ApiError, requestId: string): object {
  if (e.shape === 'gateway') return { error_code: e.code, error_msg: e.message, request_id: requestId };
  if (e.shape === 'keystone') return { error: { code: e.status, message: e.message, title: e.code } };
  return { [e.shape]: { code: e.code, message: e.message } };
}

/** A success other than 200 with a JSON body, e.g. 204 No Content (body undefined). */
export class Answer {
  constructor(
    readonly status: number,
    readonly body?: unknown,
  ) {}
}

export type Query = Record<string, string[]>;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const first = (q: Query, key: string): string | undefined => q[key]?.[0];

export function intParam(q: Query, key: string, fallback: number, max: number): number {
  const raw = first(q, key);
  if (raw === undefined) return fallback;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(n <= max)) fail(400, 'error', 'SDRS.0201', `Invalid request parameters: ${key} must be an integer between 0 and ${max}, got '${raw}'`);
  return n;
}

/** An empty value is no filter; any other value must be one of `allowed`. */
export function enumParam(q: Query, key: string, allowed: readonly string[]): string | undefined {
  const value = first(q, key);
  if (value && !allowed.includes(value))
    fail(400, 'error', 'SDRS.0201', `Invalid request parameters: ${key} must be one of ${allowed.join(', ')}, got '${value}'`);
  return value || undefined;
}

export const statusParam = (q: Query, allowed: readonly string[]): string | undefined => enumParam(q, 'status', allowed);

/** `server_group_id` as a filter: empty is none, anything else must look like a UUID (SDRS.0207). */
export function groupIdParam(q: Query): string | undefined {
  const groupId = first(q, 'server_group_id');
  if (groupId && !UUID.test(groupId)) fail(400, 'error', 'SDRS.0207', `Invalid protection group ID: '${groupId}'`);
  return groupId || undefined;
}

export interface Paging {
  limit: number;
  offset: number;
}

/** The text of SDRS.0221, which contradicts the documented range 0..1000. */
export const STRICT_LIMIT_MESSAGE = 'Invalid limit: it must be greater than 0 and less than 1000';

/**
 * Validated before any filter, so a bad limit is reported even when another parameter is also wrong.
 * With `strict`, a limit outside 1..999 (as given; an absent limit still means 1000) is SDRS.0221.
 */
export function pagingParams(q: Query, strict: boolean): Paging {
  const raw = first(q, 'limit');
  if (strict && raw !== undefined && !(/^\d+$/.test(raw) && Number(raw) >= 1 && Number(raw) <= 999)) fail(400, 'error', 'SDRS.0221', STRICT_LIMIT_MESSAGE);
  return { limit: intParam(q, 'limit', 1000, 1000), offset: intParam(q, 'offset', 0, Number.MAX_SAFE_INTEGER) };
}

export type CountMode = 'total' | 'page';

export function page<T>(matches: T[], { limit, offset }: Paging, countMode: CountMode): { count: number; items: T[] } {
  // limit=0 is in the documented range and yields an empty page: a client that pages "until short page" must cope.
  const items = matches.slice(offset, offset + limit);
  return { count: countMode === 'page' ? items.length : matches.length, items };
}

export const nameMatches = (name: string, filter: string | undefined): boolean => !filter || name.toLowerCase().includes(filter.toLowerCase());

interface Timestamped {
  id: string;
  created_at?: string;
}
// Plain code-unit comparison: timestamps and IDs are ASCII, and localeCompare (ICU) would dominate a page's cost.
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byCreation = (a: Timestamped, b: Timestamped): number => compare(a.created_at ?? '', b.created_at ?? '') || compare(a.id, b.id);

/** Server order is (created_at, id). Seeded data already is, so the common case costs one pass instead of a sort per page. */
export function inServerOrder<T extends Timestamped>(items: T[]): T[] {
  for (let i = 1; i < items.length; i++) {
    if (byCreation(items[i - 1], items[i]) > 0) return [...items].sort(byCreation);
  }
  return items;
}
