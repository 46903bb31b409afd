// What the drill tree shows: the last good listing, the current load, and the last failure; newest refresh wins.
import * as vscode from 'vscode';
import type { ConnectionFactory, MissingSetup } from '../config/connection';
import type { CredentialSourceKind } from '../config/credentials';
import type { FilterState } from '../filter/filterState';
import { SdrsError } from '../sdrs/errors';
import { groupDrills, type DrillGroup } from '../sdrs/grouping';
import type { DisasterRecoveryDrill, DrillFilter, ProtectionGroup } from '../sdrs/model';

export interface Snapshot {
  groups: DrillGroup[];
  drillCount: number;
  /** The filter this listing was made with. */
  filter: DrillFilter;
  fetchedAt: Date;
  credentialSource: CredentialSourceKind;
}

/** Drills in these statuses change by themselves; the view refreshes while any are present. */
const TRANSITIONAL = new Set(['creating', 'deleting']);

export function asSdrsError(e: unknown): SdrsError {
  if (e instanceof SdrsError) return e;
  return new SdrsError({ kind: 'network', message: e instanceof Error ? e.message : String(e) });
}

export class ExplorerModel implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  /** The last listing that succeeded; kept when a later refresh fails. */
  snapshot?: Snapshot;
  /** The last refresh's failure, cleared by the next success. */
  error?: SdrsError;
  /** Set while settings or credentials are incomplete. */
  missing: MissingSetup[] = [];
  loading = false;
  /** Protection groups from the last successful server-groups call (names for the tree and the filter prompt). */
  knownGroups: ProtectionGroup[] = [];
  /** Why group names are unavailable, when the server-groups call failed but drills loaded. */
  groupsError?: SdrsError;

  private generation = 0;
  private controller?: AbortController;

  constructor(
    private readonly connections: ConnectionFactory,
    private readonly filterState: FilterState,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Drill VPC IDs seen in the last listing, for the filter prompt. */
  get seenVpcIds(): string[] {
    const ids = new Set<string>();
    for (const g of this.snapshot?.groups ?? []) for (const d of g.drills) if (d.drill_vpc_id) ids.add(d.drill_vpc_id);
    return [...ids].sort();
  }

  get hasTransitionalDrills(): boolean {
    return !!this.snapshot?.groups.some((g) => g.drills.some((d) => TRANSITIONAL.has(d.status)));
  }

  findDrill(id: string): DisasterRecoveryDrill | undefined {
    for (const g of this.snapshot?.groups ?? []) {
      const d = g.drills.find((x) => x.id === id);
      if (d) return d;
    }
    return undefined;
  }

  /**
   * Loads drills and protection groups for the current filter. A newer call cancels an older one
   * in flight, and only the newest call's outcome is applied.
   */
  async refresh(): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const generation = ++this.generation;
    const isCurrent = (): boolean => generation === this.generation;
    this.loading = true;
    this.changed.fire();
    try {
      const connection = await this.connections.connect();
      if (!isCurrent()) return;
      if (!connection.ok) {
        this.missing = connection.missing;
        this.error = connection.error;
        this.snapshot = undefined;
        return;
      }
      this.missing = [];
      const filter = this.filterState.filter;
      const started = Date.now();
      const [drills, groups] = await Promise.all([
        connection.client.listDrills(filter, { signal: controller.signal }),
        // Names are a nicety: if they fail, drills still show (by group ID).
        connection.client.listProtectionGroups({ signal: controller.signal }).then(
          (g) => ({ ok: true as const, groups: g }),
          (e: unknown) => ({ ok: false as const, error: asSdrsError(e) }),
        ),
      ]);
      if (!isCurrent()) return;
      if (groups.ok) {
        this.knownGroups = groups.groups;
        this.groupsError = undefined;
      } else if (groups.error.kind !== 'aborted') {
        this.groupsError = groups.error;
        this.log.warn(`Protection group names unavailable: ${groups.error.describe()}`);
      }
      this.snapshot = {
        groups: groupDrills(drills, this.knownGroups, {
          onDuplicateServers: (drill, dropped) =>
            this.log.warn(`Drill ${JSON.stringify(drill.id.slice(0, 80))} lists ${dropped} drill server entr${dropped === 1 ? 'y' : 'ies'} twice; each is shown once`),
        }),
        drillCount: drills.length,
        filter,
        fetchedAt: new Date(),
        credentialSource: connection.credentialSource,
      };
      this.error = undefined;
      this.log.info(`Listed ${drills.length} drills in ${Date.now() - started} ms`);
    } catch (e) {
      if (!isCurrent()) return;
      const error = asSdrsError(e);
      if (error.kind === 'aborted') return;
      this.error = error;
      this.log.error(`Refresh failed: ${error.describe()}`);
    } finally {
      if (isCurrent()) {
        this.loading = false;
        this.changed.fire();
      }
    }
  }

  dispose(): void {
    this.controller?.abort();
    this.changed.dispose();
  }
}
