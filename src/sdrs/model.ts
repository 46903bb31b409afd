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
