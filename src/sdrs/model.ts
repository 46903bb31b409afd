// Typed SDRS API model: fields mirror the documented response bodies exactly.
import { isRecord } from './json';

/** The five documented drill statuses (hyphens, not underscores). */
export const DRILL_STATUSES = ['creating', 'available', 'deleting', 'error', 'error-deleting'] as const;
export type DrillStatus = (typeof DRILL_STATUSES)[number];

export interface DrillServer {
  /** ID of the production server this drill server copies. */
  protected_instance: string;
  drill_server_id: string;
}

export interface DisasterRecoveryDrill {
  id: string;
  name: string;
  /** One of DRILL_STATUSES; kept as string so an undocumented status never breaks parsing. */
  status: string;
  server_group_id: string;
  drill_vpc_id: string;
  /** UTC, `yyyy-MM-dd HH:mm:ss.SSS`, no zone marker. */
  created_at: string;
  updated_at: string;
  drill_servers: DrillServer[];
}

export interface ListDrillsResponse {
  count: number;
  disaster_recovery_drills: DisasterRecoveryDrill[];
}

export interface ShowDrillResponse {
  disaster_recovery_drill: DisasterRecoveryDrill;
}

/**
 * A protection group (the API calls it a server group), as the client returns it: only these fields,
 * each of its type. A field the service sent with another type is absent; null is kept where the
 * documentation allows it (groups created after a platform upgrade report their health as null) and absent elsewhere.
 */
export interface ProtectionGroup {
  id: string;
  name: string;
  description?: string | null;
  /** One of the protection-group statuses; kept as string so an undocumented status never breaks parsing. */
  status?: string;
  source_availability_zone?: string;
  target_availability_zone?: string;
  /** `source` or `target`: which availability zone is production now. */
  priority_station?: string;
  /** Active-active domain. */
  domain_id?: string;
  domain_name?: string;
  /** `started` or `stopped`; null for groups created after the platform upgrade. */
  protected_status?: string | null;
  /** `active` (synchronised), `inactive`, `copying` or `active-stopped`; null after the upgrade. */
  replication_status?: string | null;
  /** First synchronisation progress in percent, 0–100. */
  progress?: number;
  /** `normal` or `abnormal`; null after the upgrade. */
  health_status?: string | null;
  /** `replication-pair`, or null for a legacy group replicated as one consistency group. */
  protection_type?: string | null;
  source_vpc_id?: string;
  target_vpc_id?: string;
  /** Reserved and unused: not the drill VPC (that is the drill's `drill_vpc_id`). */
  test_vpc_id?: string | null;
  /** `migration` (the default). */
  dr_type?: string;
  /** Reserved. */
  replication_model?: string | null;
  /** `ECS`. */
  server_type?: string;
  protected_instance_num?: number;
  replication_num?: number;
  disaster_recovery_drill_num?: number;
  /** UTC, `yyyy-MM-dd HH:mm:ss.SSS`, no zone marker. */
  created_at?: string;
  updated_at?: string;
}

export interface ListProtectionGroupsResponse {
  count: number;
  server_groups: ProtectionGroup[];
}

/**
 * A protected instance (`GET /v1/{project_id}/protected-instances`), as the client returns it: the documented fields,
 * each of its type. `id` is what `drill_servers[].protected_instance` refers to; `name` is the display name.
 * A field the service sent with another type (or as null) is absent, and so is a list entry of the wrong shape.
 */
export interface ProtectedInstance {
  id: string;
  name: string;
  server_group_id?: string;
  /** One of the protected-instance statuses; kept as string so an undocumented status never breaks parsing. */
  status?: string;
  description?: string;
  /** Synchronisation progress in percent, 0–100. */
  progress?: number;
  /** Production-site server ID. */
  source_server?: string;
  /** DR-site server ID. */
  target_server?: string;
  /** `source` or `target`: which availability zone is production now. */
  priority_station?: string;
  created_at?: string;
  updated_at?: string;
  /** The instance's disks: each replication pair and the device it is attached as. */
  attachment?: InstanceAttachment[];
  tags?: InstanceTag[];
  /** `__system__frozen` is `"true"` when the instance is frozen. */
  metadata?: Record<string, string>;
}

export interface InstanceAttachment {
  /** Replication pair ID. */
  replication: string;
  /** Device name, e.g. `/dev/vda`. */
  device: string;
}

export interface InstanceTag {
  key: string;
  value: string;
}

export interface ListProtectedInstancesResponse {
  count: number;
  protected_instances: ProtectedInstance[];
}

/** Optional text fields of a protected instance. */
const INSTANCE_STRINGS = [
  'server_group_id',
  'status',
  'description',
  'source_server',
  'target_server',
  'priority_station',
  'created_at',
  'updated_at',
] as const satisfies ReadonlyArray<keyof ProtectedInstance>;

/** The entries of a documented list that are objects whose `keys` are all strings, with only those keys; undefined when it is not a list. */
function stringRecords<K extends string>(v: unknown, keys: readonly K[]): Array<Record<K, string>> | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.flatMap((entry: unknown) => {
    if (!isRecord(entry) || !keys.every((key) => typeof entry[key] === 'string')) return [];
    return [Object.fromEntries(keys.map((key) => [key, entry[key]])) as Record<K, string>];
  });
}

/** A protected instance of only the documented fields, each of its type (see `typedGroup`). */
export function typedInstance(id: string, name: string, raw: Readonly<Record<string, unknown>>): ProtectedInstance {
  const instance: ProtectedInstance = { id, name };
  for (const key of INSTANCE_STRINGS) {
    const value = raw[key];
    if (typeof value === 'string') instance[key] = value;
  }
  const progress = raw.progress;
  if (typeof progress === 'number' && Number.isInteger(progress) && progress >= 0 && progress <= 100) instance.progress = progress;
  const attachment = stringRecords(raw.attachment, ['replication', 'device']);
  if (attachment) instance.attachment = attachment;
  const tags = stringRecords(raw.tags, ['key', 'value']);
  if (tags) instance.tags = tags;
  // Metadata is a map of text, or of the wrong type as a whole; fromEntries keeps a server's `__proto__` key a plain value.
  const metadata = isRecord(raw.metadata) ? Object.entries(raw.metadata) : undefined;
  if (metadata?.every(([, value]) => typeof value === 'string')) instance.metadata = Object.fromEntries(metadata) as Record<string, string>;
  return instance;
}

/** Filters of `GET /v1/{project_id}/disaster-recovery-drills`. */
export interface DrillFilter {
  server_group_id?: string;
  /** Fuzzy (substring) match. */
  name?: string;
  status?: DrillStatus;
  drill_vpc_id?: string;
}

/** Optional text fields of a protection group. */
const GROUP_STRINGS = [
  'status',
  'source_availability_zone',
  'target_availability_zone',
  'priority_station',
  'domain_id',
  'domain_name',
  'source_vpc_id',
  'target_vpc_id',
  'dr_type',
  'server_type',
  'created_at',
  'updated_at',
] as const satisfies ReadonlyArray<keyof ProtectionGroup>;

/** Optional text fields of a protection group that the documentation says may be null. */
const GROUP_NULLABLE_STRINGS = [
  'description',
  'protected_status',
  'replication_status',
  'health_status',
  'protection_type',
  'test_vpc_id',
  'replication_model',
] as const satisfies ReadonlyArray<keyof ProtectionGroup>;

/** Optional counts of a protection group: whole numbers of 0 or more. */
const GROUP_COUNTS = ['protected_instance_num', 'replication_num', 'disaster_recovery_drill_num'] as const satisfies ReadonlyArray<keyof ProtectionGroup>;

/**
 * A protection group of only the documented fields, each of its type: any optional field of the wrong type is left
 * out, and so is a null where the documentation allows none, since it is shown but never needed. (The caller has
 * checked `id` and `name`.)
 */
export function typedGroup(id: string, name: string, raw: Readonly<Record<string, unknown>>): ProtectionGroup {
  const group: ProtectionGroup = { id, name };
  for (const key of GROUP_STRINGS) {
    const value = raw[key];
    if (typeof value === 'string') group[key] = value;
  }
  for (const key of GROUP_NULLABLE_STRINGS) {
    const value = raw[key];
    if (typeof value === 'string' || value === null) group[key] = value;
  }
  for (const key of GROUP_COUNTS) {
    const value = raw[key];
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) group[key] = value;
  }
  const progress = raw.progress;
  if (typeof progress === 'number' && Number.isInteger(progress) && progress >= 0 && progress <= 100) group.progress = progress;
  return group;
}

/** What `createDrill` sends inside `{"disaster_recovery_drill": …}` (POST /disaster-recovery-drills). */
export interface CreateDrillInput {
  /** Protection group ID (a UUID). */
  server_group_id: string;
  /** 1–64 bytes of `[A-Za-z0-9._-]` (see `checkDrillName`). */
  name: string;
  /** An existing VPC (a UUID) to use as the drill VPC; empty or left out, SDRS creates one (and keeps it when the drill is deleted). */
  drill_vpc_id?: string;
}

/** An asynchronous call was taken: follow `jobId` with `GET /jobs/{job_id}` (see `watchJob`). */
export interface StartedJob {
  /** Opaque; checked to be usable in the job path (`checkJobId`). */
  jobId: string;
  requestId?: string;
}

/**
 * What `deleteDrill` got: a deletion job, or an answer saying the drill does not exist (404, or 400
 * with SDRS.1902), which Terraform also counts as a finished deletion.
 */
export type DrillDeletion = StartedJob | { alreadyGone: true; requestId?: string };

/** The four documented job statuses. SUCCESS and FAIL are terminal; anything else means "keep polling". */
export const JOB_STATUSES = ['INIT', 'RUNNING', 'SUCCESS', 'FAIL'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** `job_type` of the drill jobs; other jobs (protection groups, sub-jobs) use other names, so it stays a string. */
export const JOB_TYPE_CREATE_DRILL = 'createDisasterRecoveryDrill';
export const JOB_TYPE_DELETE_DRILL = 'deleteDisasterRecoveryDrill';

/** The `entities` of a job that the registry reads; each present only when SDRS sent a usable value. */
export interface JobEntities {
  /**
   * The new drill after a create job. In no official document or SDK model: Terraform reads it.
   * When absent, find the drill by its group and name.
   */
  disaster_recovery_drill_id?: string;
  server_group_id?: string;
  /** The job's sub-jobs, each shaped like a job; a sub-job has none of its own. */
  sub_jobs?: SubJob[];
}

/** One of `entities.sub_jobs`: read like a job, its ID from the body (absent when null or missing). */
export type SubJob = Omit<Job, 'job_id' | 'entities' | 'requestId'> & { job_id?: string; entities: Omit<JobEntities, 'sub_jobs'> };

/**
 * `GET /v1/{project_id}/jobs/{job_id}`, as the client returns it. Optional fields are absent when SDRS
 * sent null, an empty string or nothing (never the text "null"); free text is one line, cut to size.
 */
export interface Job {
  /** The ID asked for (the documented answer repeats it). */
  job_id: string;
  /** One of JOB_STATUSES; kept as string so an undocumented status never breaks parsing. */
  status: string;
  job_type?: string;
  /** ISO UTC, `yyyy-MM-ddTHH:mm:ss.SSSZ`. */
  begin_time?: string;
  /** Same format; absent while the job runs. */
  end_time?: string;
  /** e.g. SDRS.1922, when the job failed. */
  error_code?: string;
  fail_reason?: string;
  entities: JobEntities;
  /** `X-Request-Id` of the answer this was read from (for support; not an API field). */
  requestId?: string;
}

/** `resource_type` values the failed-task filter takes (the OTC example answers with `protectedInstance` too). */
export const FAILED_TASK_RESOURCE_TYPES = ['server_groups', 'protected_instances', 'replications', 'disaster_recovery_drills'] as const;
export type FailedTaskResourceType = (typeof FAILED_TASK_RESOURCE_TYPES)[number];

/** `failure_status` values the failed-task filter takes; for drills, createFail and deleteFail. */
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
export type FailureStatus = (typeof FAILURE_STATUSES)[number];

/** Filters of `GET /v1/{project_id}/task-center/failure-jobs`. */
export interface FailedTaskFilter {
  /** Without it SDRS lists only group-level failures: pass it to see a group's drill failures. */
  server_group_id?: string;
  resource_type?: FailedTaskResourceType;
  failure_status?: FailureStatus;
  resource_name?: string;
}

/**
 * One failed task (`failure_jobs[]`). Only `job_id` is required; the rest is absent when SDRS sent
 * null or nothing. Values are kept as sent: the documented and example spellings differ
 * (`protected_instances` / `protectedInstance`), so compare case-insensitively and accept both.
 */
export interface FailedTask {
  job_id: string;
  /** Always FAIL, per the documentation. */
  job_status?: string;
  job_type?: string;
  resource_id?: string;
  resource_name?: string;
  resource_type?: string;
  failure_status?: string;
  /** ISO UTC, `yyyy-MM-ddTHH:mm:ss.SSSZ`. */
  begin_time?: string;
  /** May be another service's code, e.g. EVS.2024. */
  error_code?: string;
  fail_reason?: string;
}

/** Drill statuses SDRS deletes in; in any other it answers SDRS.1913. */
export const DELETABLE_DRILL_STATUSES: readonly string[] = ['available', 'error', 'error-deleting'];

/** Protection group statuses in which SDRS creates a drill (the "drill?" column of the status table). */
export const DRILLABLE_GROUP_STATUSES: readonly string[] = [
  'available',
  'protected',
  'failed-over',
  'error-starting',
  'error-stopping',
  'error-reversing',
  'error-reprotecting',
  'error-failing-over',
];
