// Builds the registry's model: protection groups (by name) → their drills (server order) → drill servers.
import type { DisasterRecoveryDrill, DrillServer, ProtectionGroup } from './model';

export interface DrillGroup {
  /** The protection group ID every drill here has as `server_group_id`. */
  id: string;
  /** The group as the server-groups call returned it; undefined when that call did not list it. */
  group?: ProtectionGroup;
  /** The group's name, or its ID for a group the server-groups call did not return. */
  label: string;
  drills: DisasterRecoveryDrill[];
}

export interface GroupingOptions {
  /**
   * Told once per drill whose server list repeated an entry exactly (same drill server and same
   * protected instance); the repeats are dropped, since the tree would show the same row twice.
   */
  onDuplicateServers?: (drill: DisasterRecoveryDrill, dropped: number) => void;
  /** Which known groups without drills are listed too (so a first drill can be created from them); default none. */
  includeEmpty?: (group: ProtectionGroup) => boolean;
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** The drill, with exact repeats in `drill_servers` removed (the same object when there are none). */
function withoutRepeatedServers(drill: DisasterRecoveryDrill, options: GroupingOptions): DisasterRecoveryDrill {
  const servers = drill.drill_servers;
  if (servers.length < 2) return drill;
  const seen = new Set<string>();
  const kept: DrillServer[] = [];
  for (const s of servers) {
    // JSON of the pair: no separator in either ID can make two different pairs collide.
    const key = JSON.stringify([s.drill_server_id, s.protected_instance]);
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(s);
  }
  if (kept.length === servers.length) return drill;
  options.onDuplicateServers?.(drill, servers.length - kept.length);
  return { ...drill, drill_servers: kept };
}

/**
 * Groups drills by protection group: groups with drills, plus those `includeEmpty` accepts. A drill whose group is
 * unknown is kept under its group ID rather than dropped. Groups are sorted by label, ties by ID.
 */
export function groupDrills(drills: readonly DisasterRecoveryDrill[], groups: readonly ProtectionGroup[], options: GroupingOptions = {}): DrillGroup[] {
  const byId = new Map<string, ProtectionGroup>();
  for (const g of groups) byId.set(g.id, g);
  const result = new Map<string, DrillGroup>();
  for (const drill of drills) {
    let entry = result.get(drill.server_group_id);
    if (!entry) {
      const group = byId.get(drill.server_group_id);
      entry = { id: drill.server_group_id, group, label: group?.name || drill.server_group_id, drills: [] };
      result.set(drill.server_group_id, entry);
    }
    entry.drills.push(withoutRepeatedServers(drill, options));
  }
  if (options.includeEmpty) {
    for (const group of byId.values()) {
      if (!result.has(group.id) && options.includeEmpty(group)) result.set(group.id, { id: group.id, group, label: group.name || group.id, drills: [] });
    }
  }
  return [...result.values()].sort((a, b) => collator.compare(a.label, b.label) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
