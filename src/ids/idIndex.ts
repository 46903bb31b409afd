// Every SDRS ID the registry has listed, across connections, so hovers, links, completion and the Terraform check
// answer from memory (never from the network). Free of vscode, so it runs under plain mocha and in the bench.
import type { Listing } from '../model/connectionModel';
import type { DisasterRecoveryDrill, ProtectedInstance } from '../sdrs/model';
import type { IdKind } from './kinds';
import { normalizeId } from './recognize';

/** One connection as the index sees it. */
export interface IndexedConnection {
  readonly id: string;
  readonly label: string;
  /** The listing on screen, if any (also a cached or stale one: names are still right). */
  readonly listing?: Listing;
  /**
   * Whether the listing holds everything the project has now: freshly loaded, unfiltered, with the group call
   * answered. Only then may an ID missing from it be called unknown.
   */
  readonly complete: boolean;
}

/** One listed thing an ID stands for. Every kind has the same shape, so lookups stay fast and callers stay simple. */
export interface IdEntry {
  readonly kind: IdKind;
  /** As SDRS listed it. */
  readonly id: string;
  /** Display name: the drill's, group's or protected instance's; a drill server's instance; '' when none is known. */
  readonly name: string;
  readonly status?: string;
  readonly connection: string;
  /** The protection group it belongs to (for a group, itself). */
  readonly groupId?: string;
  readonly groupName?: string;
  /** The drill of a drill server; the first drill using a drill VPC. */
  readonly drill?: DisasterRecoveryDrill;
  /** The protected instance of a drill server, or the instance itself. */
  readonly instance?: ProtectedInstance;
  /** For a drill VPC: how many listed drills use it. */
  readonly uses?: number;
}

/**
 * One connection's IDs: built once per listing object and reused while that listing is on screen. It keeps the
 * listing's own objects by ID, one map per kind, and makes an IdEntry only when one is asked for: a listing of 50,000
 * drills is indexed without allocating an object per ID.
 */
class ConnectionIndex {
  private readonly drills = new Map<string, DisasterRecoveryDrill>();
  /** Drill server ID → the drill that lists it. */
  private readonly servers = new Map<string, DisasterRecoveryDrill>();
  private readonly groups = new Map<string, { id: string; name: string; status?: string }>();
  private readonly instances = new Map<string, ProtectedInstance>();
  private readonly vpcs = new Map<string, { id: string; first: DisasterRecoveryDrill; uses: number }>();
  /** Names of every group the listing knows, for the drills, servers and instances in it. */
  private readonly groupNames = new Map<string, string>();

  constructor(
    private readonly connection: string,
    private readonly listing: Listing,
  ) {
    for (const g of listing.knownGroups) this.groupNames.set(g.id, g.name);
    for (const group of listing.groups) {
      const name = group.group?.name ?? this.groupNames.get(group.id) ?? '';
      if (group.id) this.groups.set(normalizeId(group.id), { id: group.id, name, status: group.group?.status });
      for (const drill of group.drills) {
        if (drill.id) this.drills.set(normalizeId(drill.id), drill);
        for (const server of drill.drill_servers) if (server.drill_server_id) this.servers.set(normalizeId(server.drill_server_id), drill);
        const vpcId = drill.drill_vpc_id;
        if (vpcId) {
          const key = normalizeId(vpcId);
          const vpc = this.vpcs.get(key);
          if (vpc) vpc.uses++;
          else this.vpcs.set(key, { id: vpcId, first: drill, uses: 1 });
        }
      }
    }
    // Groups the listing leaves out (a filter about drills hides groups without any) still have names.
    for (const g of listing.knownGroups) {
      const key = normalizeId(g.id);
      if (g.id && !this.groups.has(key)) this.groups.set(key, g);
    }
    for (const instance of listing.instances.values()) if (instance.id) this.instances.set(normalizeId(instance.id), instance);
  }

  /** Every entry with this (normalized) ID, at most one per kind. */
  lookup(key: string, out: IdEntry[]): void {
    const group = this.groups.get(key);
    if (group) out.push(this.groupEntry(group));
    const drill = this.drills.get(key);
    if (drill) out.push(this.drillEntry(drill));
    const serverDrill = this.servers.get(key);
    if (serverDrill) {
      const server = serverDrill.drill_servers.find((s) => normalizeId(s.drill_server_id) === key);
      if (server) out.push(this.serverEntry(server.drill_server_id, server.protected_instance, serverDrill));
    }
    const instance = this.instances.get(key);
    if (instance) out.push(this.instanceEntry(instance));
    const vpc = this.vpcs.get(key);
    if (vpc) out.push(this.vpcEntry(vpc));
  }

  has(key: string): boolean {
    return this.groups.has(key) || this.drills.has(key) || this.servers.has(key) || this.instances.has(key) || this.vpcs.has(key);
  }

  /** This connection's entries of one kind, in listing order (groups by name, drills in server order). */
  *entries(kind: IdKind, accept: (name: string, id: string) => boolean): Generator<IdEntry> {
    switch (kind) {
      case 'protectionGroup':
        for (const group of this.groups.values()) if (accept(group.name, group.id)) yield this.groupEntry(group);
        return;
      case 'drill':
        for (const group of this.listing.groups) for (const drill of group.drills) if (drill.id && accept(drill.name, drill.id)) yield this.drillEntry(drill);
        return;
      case 'drillServer':
        for (const group of this.listing.groups) {
          for (const drill of group.drills) {
            for (const server of drill.drill_servers) {
              if (!server.drill_server_id) continue;
              const name = this.listing.instances.get(server.protected_instance)?.name ?? '';
              if (accept(name, server.drill_server_id)) yield this.serverEntry(server.drill_server_id, server.protected_instance, drill);
            }
          }
        }
        return;
      case 'protectedInstance':
        for (const instance of this.instances.values()) if (accept(instance.name, instance.id)) yield this.instanceEntry(instance);
        return;
      case 'drillVpc':
        for (const vpc of this.vpcs.values()) if (accept('', vpc.id)) yield this.vpcEntry(vpc);
        return;
    }
  }

  private groupEntry(group: { id: string; name: string; status?: string }): IdEntry {
    return {
      kind: 'protectionGroup',
      id: group.id,
      name: group.name,
      status: group.status,
      connection: this.connection,
      groupId: group.id,
      groupName: group.name,
    };
  }

  private drillEntry(drill: DisasterRecoveryDrill): IdEntry {
    return { kind: 'drill', id: drill.id, name: drill.name, status: drill.status, connection: this.connection, ...this.groupOf(drill.server_group_id), drill };
  }

  private serverEntry(id: string, instanceId: string, drill: DisasterRecoveryDrill): IdEntry {
    const instance = this.listing.instances.get(instanceId);
    return { kind: 'drillServer', id, name: instance?.name ?? '', connection: this.connection, ...this.groupOf(drill.server_group_id), drill, instance };
  }

  private instanceEntry(instance: ProtectedInstance): IdEntry {
    return {
      kind: 'protectedInstance',
      id: instance.id,
      name: instance.name,
      status: instance.status,
      connection: this.connection,
      ...this.groupOf(instance.server_group_id),
      instance,
    };
  }

  private vpcEntry(vpc: { id: string; first: DisasterRecoveryDrill; uses: number }): IdEntry {
    return {
      kind: 'drillVpc',
      id: vpc.id,
      name: '',
      connection: this.connection,
      ...this.groupOf(vpc.first.server_group_id),
      drill: vpc.first,
      uses: vpc.uses,
    };
  }

  private groupOf(groupId: string | undefined): { groupId?: string; groupName?: string } {
    return groupId ? { groupId, groupName: this.groupNames.get(groupId) } : {};
  }
}

/** The best matches for a completion, and whether there were more than were returned. */
export interface Candidates {
  readonly entries: IdEntry[];
  readonly incomplete: boolean;
}

/** How many completion items at most: VS Code filters further as the user types (and asks again when incomplete). */
export const MAX_CANDIDATES = 500;

/** An immutable snapshot of every listed ID; `build` again after a change (unchanged listings are reused). */
export class IdIndex {
  private constructor(
    private readonly connections: readonly IndexedConnection[],
    private readonly indexes: readonly ConnectionIndex[],
    private readonly byListing: WeakMap<Listing, ConnectionIndex>,
  ) {}

  static readonly empty = new IdIndex([], [], new WeakMap());

  /** The index of these connections; a listing `previous` already indexed is not indexed again. */
  static build(connections: readonly IndexedConnection[], previous?: IdIndex): IdIndex {
    const byListing = previous?.byListing ?? new WeakMap<Listing, ConnectionIndex>();
    const indexes = connections.map((c) => {
      if (!c.listing) return undefined;
      let index = byListing.get(c.listing);
      if (!index) byListing.set(c.listing, (index = new ConnectionIndex(c.id, c.listing)));
      return index;
    });
    const present = connections.filter((_, i) => indexes[i]);
    return new IdIndex(
      present,
      indexes.filter((x): x is ConnectionIndex => !!x),
      byListing,
    );
  }

  /** Every listed thing with this ID (any case), in connection order; [] for an unknown ID. */
  lookup(id: string): IdEntry[] {
    const key = normalizeId(id);
    const out: IdEntry[] = [];
    for (const index of this.indexes) index.lookup(key, out);
    return out;
  }

  has(id: string): boolean {
    const key = normalizeId(id);
    return this.indexes.some((index) => index.has(key));
  }

  /** The label of a connection, for saying where an ID was found. */
  connectionLabel(id: string): string | undefined {
    return this.connections.find((c) => c.id === id)?.label;
  }

  /** The listing a connection's entries come from (its age, whether it is a saved one). */
  listingOf(id: string): Listing | undefined {
    return this.connections.find((c) => c.id === id)?.listing;
  }

  /** How many connections have a listing in the index. */
  get connectionCount(): number {
    return this.indexes.length;
  }

  /**
   * Whether `allConnections` are all in the index and complete: only then is an ID missing from it unknown to SDRS,
   * rather than not loaded yet, filtered out or in a connection that failed.
   */
  static isComplete(allConnections: readonly IndexedConnection[]): boolean {
    return allConnections.length > 0 && allConnections.every((c) => c.complete && c.listing);
  }

  /**
   * Every listed entry of these kinds that `accept` takes (by name and ID, before the entry is made), in listing order
   * (groups by name, drills in server order); an ID several connections list comes once, from the first.
   */
  *entries(kinds: readonly IdKind[], accept: (name: string, id: string) => boolean = () => true): Generator<IdEntry> {
    const seen = this.indexes.length > 1 ? new Set<string>() : undefined;
    let kind: IdKind = kinds[0];
    const once = seen
      ? (name: string, id: string): boolean => {
          const key = `${kind}:${normalizeId(id)}`;
          if (seen.has(key) || !accept(name, id)) return false;
          seen.add(key);
          return true;
        }
      : accept;
    for (kind of kinds) for (const index of this.indexes) yield* index.entries(kind, once);
  }

  /**
   * Completion candidates of these kinds for what the user typed: names that start with it first, then names that
   * contain it, then IDs that start with it (case-insensitive); all entries when nothing is typed. At most `limit`.
   */
  candidates(kinds: readonly IdKind[], typed: string, limit = MAX_CANDIDATES): Candidates {
    const needle = typed.trim().toLowerCase();
    const buckets: IdEntry[][] = [[], [], []];
    let total = 0;
    let incomplete = false;
    let rank = 0;
    const accept = (name: string, id: string): boolean => {
      if (!needle) rank = 0;
      else {
        const lower = name.toLowerCase();
        if (lower.startsWith(needle)) rank = 0;
        else if (lower.includes(needle)) rank = 1;
        else if (normalizeId(id).startsWith(needle)) rank = 2;
        else return false;
      }
      if (total < limit) return true;
      incomplete = true;
      // Kept only if it beats the worst one kept.
      const worst = buckets[2].length ? 2 : buckets[1].length ? 1 : 0;
      return rank < worst;
    };
    for (const entry of this.entries(kinds, accept)) {
      if (total >= limit) {
        const worst = buckets[2].length ? 2 : buckets[1].length ? 1 : 0;
        buckets[worst].pop();
        total--;
      }
      buckets[rank].push(entry);
      total++;
    }
    return { entries: buckets.flat(), incomplete };
  }
}
