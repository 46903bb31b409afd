// One reading of a drill, for an SDRS answer (the client) and for a saved listing (the cache). Free of vscode.
import { isRecord, type Json } from './json';
import type { DisasterRecoveryDrill, DrillServer } from './model';

export interface DrillRules {
  /** Throws the caller's error for the first field that is wrong; `path` names it (`body.disaster_recovery_drills[3].id`). */
  fail(path: string, problem: string): never;
  /**
   * SDRS may send null or leave out the optional fields (drill_vpc_id, created_at, updated_at, drill_servers); a file we
   * wrote ourselves never does, so there a null or a missing list means the file is not ours.
   */
  strict: boolean;
}

/** A fresh drill with exactly the model's fields; an absent optional text is '' and absent drill servers none. */
export function parseDrill(v: unknown, path: string, rules: DrillRules): DisasterRecoveryDrill {
  const d = isRecord(v) ? v : rules.fail(path, 'is not an object');
  const string = (obj: Json, key: string, at: string): string => {
    const value = obj[key];
    return typeof value === 'string' ? value : rules.fail(`${at}.${key}`, 'is not a string');
  };
  const optional = (key: string): string => {
    const value = d[key];
    if (value === undefined || (value === null && !rules.strict)) return '';
    return typeof value === 'string' ? value : rules.fail(`${path}.${key}`, 'is not a string');
  };
  const rawServers = d.drill_servers;
  const servers =
    (rawServers === undefined || rawServers === null) && !rules.strict
      ? []
      : Array.isArray(rawServers)
        ? rawServers
        : rules.fail(`${path}.drill_servers`, rules.strict ? 'is not a list' : 'is missing or not a list');
  return {
    id: string(d, 'id', path),
    name: string(d, 'name', path),
    status: string(d, 'status', path),
    server_group_id: string(d, 'server_group_id', path),
    drill_vpc_id: optional('drill_vpc_id'),
    created_at: optional('created_at'),
    updated_at: optional('updated_at'),
    drill_servers: servers.map((s, i): DrillServer => {
      const at = `${path}.drill_servers[${i}]`;
      const server = isRecord(s) ? s : rules.fail(at, 'is not an object');
      return { protected_instance: string(server, 'protected_instance', at), drill_server_id: string(server, 'drill_server_id', at) };
    }),
  };
}
