// Checks call input before any request is sent; the filter prompts and the drill name box reuse these checks.
import { validationError } from './errors';
import {
  DRILL_STATUSES,
  FAILED_TASK_RESOURCE_TYPES,
  FAILURE_STATUSES,
  type CreateDrillInput,
  type DrillFilter,
  type DrillStatus,
  type FailedTaskFilter,
} from './model';

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

/** The longest drill name SDRS takes: 64 bytes (the Terraform docs say characters; with ASCII only, the same). */
export const MAX_DRILL_NAME_BYTES = 64;
const DRILL_NAME_CHAR = /[A-Za-z0-9._-]/;

/**
 * Why a drill name would be refused, or undefined when it is fine: 1–64 bytes of ASCII letters,
 * digits, `.`, `_` and `-`, as the English API pages of Huawei Cloud and OTC allow (the Chinese SDK
 * comments also allow Chinese characters; not accepted here). Nothing is trimmed: a space is a
 * character SDRS refuses. Pure and cheap, for checking as the user types.
 */
export function checkDrillName(name: string): string | undefined {
  if (typeof name !== 'string') return 'must be a string';
  if (name === '') return 'must not be empty';
  for (const ch of name) {
    if (!DRILL_NAME_CHAR.test(ch)) {
      const shown =
        ch === ' ' ? 'a space' : /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(ch) ? `"${ch}"` : `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
      return `may contain only letters A-Z and a-z, digits, ".", "_" and "-" (not ${shown})`;
    }
  }
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes > MAX_DRILL_NAME_BYTES) return `must be at most ${MAX_DRILL_NAME_BYTES} characters (it has ${bytes})`;
  return undefined;
}

/** Protection group, drill, drill VPC and server IDs are UUIDs. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A project ID: 32 hexadecimal characters. */
export const PROJECT_ID = /^[0-9a-f]{32}$/i;

/** Why a value is not a UUID (protection group and VPC IDs), or undefined when it is; surrounding blanks are ignored. */
export function checkUuid(value: string): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  const trimmed = value.trim();
  if (!trimmed) return 'must not be empty';
  if (!UUID.test(trimmed)) return 'must be a UUID (8-4-4-4-12 hexadecimal digits)';
  return undefined;
}

/**
 * Why a value cannot be a job ID in `GET /jobs/{job_id}`, or undefined when it can. Job IDs are
 * opaque (the documented ones are 32 letters and digits): this only keeps the path what it says,
 * 1–128 letters, digits, `.`, `_` or `-`, not starting with `.` (so never `.` or `..`).
 */
export function checkJobId(value: string): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  const trimmed = value.trim();
  if (!trimmed) return 'must not be empty';
  if (trimmed.length > 128) return 'must be at most 128 characters';
  if (!/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(trimmed)) return 'may contain only letters, digits, ".", "_" and "-", and may not start with "."';
  return undefined;
}

/**
 * The create body's fields, checked (names the first field at fault): group ID a UUID, name per
 * `checkDrillName`, drill VPC ID a UUID when given. IDs are trimmed; an empty or blank VPC ID is
 * left out (SDRS then creates the drill VPC), never sent as "". Unknown keys are refused, so a
 * misspelt `drill_vpc_id` cannot silently make SDRS create a VPC.
 */
export function normalizeCreateDrill(input: CreateDrillInput): CreateDrillInput {
  if (typeof input !== 'object' || input === null) throw validationError('drill', 'must be an object with server_group_id and name');
  const known = new Set<string>(['server_group_id', 'name', 'drill_vpc_id']);
  for (const key of Object.keys(input)) {
    if (!known.has(key)) throw validationError(key, `is not a field of a new drill (use ${[...known].join(', ')})`);
  }
  const groupProblem = checkUuid(input.server_group_id);
  if (groupProblem) throw validationError('server_group_id', groupProblem);
  const nameProblem = checkDrillName(input.name);
  if (nameProblem) throw validationError('name', nameProblem);
  const result: CreateDrillInput = { server_group_id: input.server_group_id.trim(), name: input.name };
  const vpc = input.drill_vpc_id;
  if (vpc !== undefined && vpc !== null && !(typeof vpc === 'string' && !vpc.trim())) {
    const vpcProblem = checkUuid(vpc);
    if (vpcProblem) throw validationError('drill_vpc_id', vpcProblem);
    result.drill_vpc_id = vpc.trim();
  }
  return result;
}

/** The failed-task filter trimmed and checked, like `normalizeDrillFilter`: unknown keys and values are refused, naming the allowed ones. */
export function normalizeFailedTaskFilter(filter: FailedTaskFilter): FailedTaskFilter {
  const known = new Set<string>(['server_group_id', 'resource_type', 'failure_status', 'resource_name']);
  for (const key of Object.keys(filter)) {
    if (!known.has(key)) throw validationError(key, `is not a failed-task filter (use ${[...known].join(', ')})`);
  }
  const result: FailedTaskFilter = {};
  if (filter.server_group_id !== undefined) {
    const problem = typeof filter.server_group_id === 'string' ? checkId(filter.server_group_id) : 'must be a string';
    if (problem) throw validationError('server_group_id', problem);
    result.server_group_id = filter.server_group_id.trim();
  }
  const oneOf = <T extends string>(field: 'resource_type' | 'failure_status', allowed: readonly T[], value: unknown): T | undefined => {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      throw validationError(field, `must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
    }
    return value as T;
  };
  const resourceType = oneOf('resource_type', FAILED_TASK_RESOURCE_TYPES, filter.resource_type);
  if (resourceType) result.resource_type = resourceType;
  const failureStatus = oneOf('failure_status', FAILURE_STATUSES, filter.failure_status);
  if (failureStatus) result.failure_status = failureStatus;
  if (filter.resource_name !== undefined) {
    const problem = typeof filter.resource_name === 'string' ? checkNameFilter(filter.resource_name) : 'must be a string';
    if (problem) throw validationError('resource_name', problem);
    result.resource_name = filter.resource_name.trim();
  }
  return result;
}
