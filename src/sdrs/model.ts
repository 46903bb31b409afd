// Typed SDRS API model: fields mirror the documented response bodies exactly.

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
 * each of its type. A field the service sent with another type (or as null) is absent.
 */
export interface ProtectionGroup {
  id: string;
  name: string;
  description?: string;
  /** One of the protection-group statuses; kept as string so an undocumented status never breaks parsing. */
  status?: string;
  source_availability_zone?: string;
  target_availability_zone?: string;
  /** `source` or `target`: which availability zone is production now. */
  priority_station?: string;
  /** Replication state of the group, e.g. `active` once the first full synchronisation is done; may be null. */
  replication_status?: string;
  /** First synchronisation progress in percent, 0–100; may be null. */
  progress?: number;
  health_status?: string;
  protection_type?: string;
  source_vpc_id?: string;
  protected_instance_num?: number;
  disaster_recovery_drill_num?: number;
  /** UTC, `yyyy-MM-dd HH:mm:ss.SSS`, no zone marker. */
  created_at?: string;
  updated_at?: string;
}

export interface ListProtectionGroupsResponse {
  count: number;
  server_groups: ProtectionGroup[];
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

/**
 * A protection group of only the documented fields, each of its type: any optional field of the wrong type, or null,
 * is left out, since it is shown but never needed. (The caller has checked `id` and `name`.)
 */
export function typedGroup(id: string, name: string, raw: Readonly<Record<string, unknown>>): ProtectionGroup {
  const group: ProtectionGroup = { id, name };
  for (const key of GROUP_STRINGS) {
    const value = raw[key];
    if (typeof value === 'string') group[key] = value;
  }
  for (const key of GROUP_COUNTS) {
    const value = raw[key];
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) group[key] = value;
  }
  const progress = raw.progress;
  if (typeof progress === 'number' && Number.isInteger(progress) && progress >= 0 && progress <= 100) group.progress = progress;
  return group;
}
