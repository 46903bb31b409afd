// The emulator's protected instances (sdrs-lifecycle.md §6, §9): `GET /protected-instances` with its filters and
// `GET /protected-instances/{id}`. What a project serves (given in its data, or derived from its groups) comes from the lifecycle.
import type { ProtectedInstance, ProtectionGroup } from '../../src/sdrs/model';
import { enumParam, fail, first, groupIdParam, inServerOrder, nameMatches, page, pagingParams, UUID, type CountMode, type Paging, type Query } from './common';
import { INSTANCE_STATUSES } from './seed';

/** Most IDs an ID-list filter (`server_group_ids`, `protected_instance_ids`) takes; more is 400 SDRS.0226. */
export const MAX_FILTER_IDS = 30;
/** An unknown protected instance (§6): HTTP 400, as every code of the appendix not marked 500. */
export const INSTANCE_NOT_FOUND_CODE = 'SDRS.1320';
/** `query_type` values: `status_abnormal` keeps abnormal instances only; `general` (or empty) is no filter. */
export const INSTANCE_QUERY_TYPES = ['general', 'status_abnormal'] as const;

/** Abnormal for `query_type=status_abnormal`: every failed operation (`error…`), a broken replication, a deleted server. */
export const isAbnormal = (status: string | undefined): boolean => !!status && (status.startsWith('error') || status === 'fault' || status === 'invalid');

export interface InstanceContext {
  query: Query;
  /** Decoded `{id}` path parameter ('' for the collection). */
  id: string;
  groups: ProtectionGroup[];
  /** The project's served instances, unordered (the lifecycle's `served`). */
  instances(): ProtectedInstance[];
  countMode: CountMode;
  strictLimit: boolean;
}

/**
 * Paging as §9 asks for this list: a `limit` that is not an integer 0..1000 is SDRS.0221 (with `strict`, also 0 and 1000), an
 * `offset` that is not a non-negative integer SDRS.0222. (The drill and group lists keep their older SDRS.0201 for these.)
 */
function instancePaging(q: Query, strict: boolean): Paging {
  const limit = first(q, 'limit');
  if (limit !== undefined && !(/^\d+$/.test(limit) && Number(limit) <= 1000) && !strict) {
    fail(400, 'error', 'SDRS.0221', `Invalid limit: it must be an integer between 0 and 1000, got '${limit}'`);
  }
  const offset = first(q, 'offset');
  if (offset !== undefined && !(/^\d+$/.test(offset) && Number(offset) <= Number.MAX_SAFE_INTEGER)) {
    fail(400, 'error', 'SDRS.0222', `Invalid offset: it must be an integer of at least 0, got '${offset}'`);
  }
  return pagingParams(q, strict);
}

/**
 * An ID-list filter. The reference shows two forms and so both are taken: a JSON array `["id1","id2"]` (URL-encoded in the
 * query) and the Python-like `['id1','id2']`. Empty (or `[]`) is no filter. Anything else, e.g. a bare ID or a comma-separated
 * list, is `malformed` (400); an element that is not a UUID is `badId` (400); more than 30 is SDRS.0226.
 */
function idListParam(q: Query, key: string, malformed: string, badId: string): string[] | undefined {
  const raw = first(q, key)?.trim();
  if (!raw) return undefined;
  const refuse = (): never => fail(400, 'error', malformed, `Invalid request parameters: ${key} must be a list such as ["id1","id2"], got '${raw}'`);
  let ids: unknown;
  try {
    ids = JSON.parse(raw);
  } catch {
    const python = /^\[\s*('[^'"]*'(\s*,\s*'[^'"]*')*)?\s*\]$/.exec(raw);
    ids = python ? [...raw.matchAll(/'([^'"]*)'/g)].map((m) => m[1]) : refuse();
  }
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) return refuse();
  if (ids.length > MAX_FILTER_IDS) fail(400, 'error', 'SDRS.0226', `Invalid request parameters: ${key} takes at most ${MAX_FILTER_IDS} IDs, got ${ids.length}`);
  const bad = ids.find((id) => !UUID.test(id));
  if (bad !== undefined) fail(400, 'error', badId, `Invalid request parameters: '${bad}' in ${key} is not an ID`);
  return ids.length ? ids : undefined;
}

/** The availability zone where the group's production site is now: the target AZ after a failover, else the source AZ. */
function productionAz(group: ProtectionGroup | undefined): string | undefined {
  if (!group) return undefined;
  return group.priority_station === 'target' ? group.target_availability_zone : group.source_availability_zone;
}

/**
 * `GET /protected-instances`. Checks in this order: paging (0221, 0222), `server_group_ids` (0201, 0226, 0207) or else
 * `server_group_id` (0207), `protected_instance_ids` (0208, 0226) unless a group filter is given (then it is ignored, unchecked),
 * `status` and `query_type` (0201). `name` is a case-insensitive substring; `availability_zone` matches the group's current
 * production-site AZ (so an instance whose group is not served, or has no AZ, never matches). Ordered by created_at, then id.
 */
export function listInstances({ query: q, groups, instances, countMode, strictLimit }: InstanceContext): object {
  const paging = instancePaging(q, strictLimit);
  // An empty list (or `[]`) counts as absent, so it neither overrides server_group_id nor silences protected_instance_ids.
  const groupIds = idListParam(q, 'server_group_ids', 'SDRS.0201', 'SDRS.0207');
  const groupId = groupIds ? undefined : groupIdParam(q);
  const inGroups = groupIds ? new Set(groupIds) : groupId ? new Set([groupId]) : undefined;
  const ids = inGroups ? undefined : idListParam(q, 'protected_instance_ids', 'SDRS.0208', 'SDRS.0208');
  const wanted = ids && new Set(ids);
  const status = enumParam(q, 'status', INSTANCE_STATUSES);
  const abnormal = enumParam(q, 'query_type', INSTANCE_QUERY_TYPES) === 'status_abnormal';
  const name = first(q, 'name');
  const az = first(q, 'availability_zone') || undefined;
  const groupOf = az ? new Map(groups.map((g) => [g.id, g])) : undefined;
  const matches = inServerOrder(instances()).filter(
    (i) =>
      (!inGroups || inGroups.has(i.server_group_id ?? '')) &&
      (!wanted || wanted.has(i.id)) &&
      (!status || i.status === status) &&
      (!abnormal || isAbnormal(i.status)) &&
      nameMatches(i.name, name) &&
      (!groupOf || productionAz(groupOf.get(i.server_group_id ?? '')) === az),
  );
  const { count, items } = page(matches, paging, countMode);
  return { protected_instances: items, count };
}

/** `GET /protected-instances/{id}`: the instance, or 400 SDRS.1320 in the `error` shape. */
export function showInstance({ id, instances }: InstanceContext): object {
  const instance = instances().find((i) => i.id === id);
  return instance ? { protected_instance: instance } : fail(400, 'error', INSTANCE_NOT_FOUND_CODE, `The protected instance ${id} does not exist`);
}
