// Checks list-call input before any request is sent; the filter prompts reuse these checks.
import { validationError } from './errors';
import { DRILL_STATUSES, type DrillFilter, type DrillStatus } from './model';

export const MAX_PAGE_SIZE = 1000;

export function isDrillStatus(value: string): value is DrillStatus {
  return (DRILL_STATUSES as readonly string[]).includes(value);
}

/** Why a value is not a valid page size (`limit`), or undefined when it is. */
export function checkLimit(value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
    return `must be a whole number from 1 to ${MAX_PAGE_SIZE} (got ${JSON.stringify(value)})`;
  }
  return undefined;
}

/** Why a value is not a valid `offset`, or undefined when it is. */
export function checkOffset(value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    return `must be a whole number of 0 or more (got ${JSON.stringify(value)})`;
  }
  return undefined;
}

/** Why a value is not a usable status filter, or undefined when it is. */
export function checkStatus(value: string): string | undefined {
  return isDrillStatus(value) ? undefined : `must be one of ${DRILL_STATUSES.join(', ')} (got ${JSON.stringify(value)})`;
}

/** Why a value is not a usable ID filter, or undefined when it is. */
export function checkId(value: string): string | undefined {
  const trimmed = value.trim();
  if (!trimmed) return 'must not be empty';
  if (trimmed.length > 64) return 'must be at most 64 characters';
  if (!/^[A-Za-z0-9_-]+$/.test(trimmed)) return 'may contain only letters, digits, "-" and "_"';
  return undefined;
}

/** Why a value is not a usable name filter, or undefined when it is. */
export function checkNameFilter(value: string): string | undefined {
  const trimmed = value.trim();
  if (!trimmed) return 'must not be empty';
  if (trimmed.length > 64) return 'must be at most 64 characters';
  return undefined;
}

const ID_FIELDS = ['server_group_id', 'drill_vpc_id'] as const;

/**
 * Returns the filter trimmed and checked; throws an SdrsError naming the field and the allowed
 * values. Unknown keys are refused so a typo never silently widens a query.
 */
export function normalizeDrillFilter(filter: DrillFilter): DrillFilter {
  const known = new Set<string>(['server_group_id', 'name', 'status', 'drill_vpc_id']);
  for (const key of Object.keys(filter)) {
    if (!known.has(key)) throw validationError(key, `is not a drill filter (use ${[...known].join(', ')})`);
  }
  const result: DrillFilter = {};
  for (const field of ID_FIELDS) {
    const value = filter[field];
    if (value === undefined) continue;
    const problem = typeof value === 'string' ? checkId(value) : 'must be a string';
    if (problem) throw validationError(field, problem);
    result[field] = value.trim();
  }
  if (filter.name !== undefined) {
    const problem = typeof filter.name === 'string' ? checkNameFilter(filter.name) : 'must be a string';
    if (problem) throw validationError('name', problem);
    result.name = filter.name.trim();
  }
  if (filter.status !== undefined) {
    const problem = typeof filter.status === 'string' ? checkStatus(filter.status) : 'must be a string';
    if (problem) throw validationError('status', problem);
    result.status = filter.status;
  }
  return result;
}

export function assertLimit(value: unknown): asserts value is number {
  const problem = checkLimit(value);
  if (problem) throw validationError('limit', problem);
}

export function assertOffset(value: unknown): asserts value is number {
  const problem = checkOffset(value);
  if (problem) throw validationError('offset', problem);
}
