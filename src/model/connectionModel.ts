// One connection's listing as a single state that others read and only the model changes: unconfigured, loading,
// loaded, stale (loaded + the last refresh's error) or failed. Free of vscode, so its transitions run under plain mocha.
import type { CachedListing } from '../cache/listingCache';
import type { SdrsClient } from '../sdrs/client';
import { SdrsError } from '../sdrs/errors';
import { groupDrills, type DrillGroup } from '../sdrs/grouping';
import type { DisasterRecoveryDrill, DrillFilter, FailedTask, ProtectedInstance, ProtectionGroup } from '../sdrs/model';
import { Emitter, type Event } from './emitter';

/** What a connection still lacks before it can list anything. */
export type MissingSetup = 'region' | 'projectId' | 'credentials';
export type CredentialSourceKind = 'secretStorage' | 'environment';

/** One listing as the tree draws it. */
export interface Listing {
  readonly groups: readonly DrillGroup[];
  readonly drillCount: number;
  /** The filter this listing was made with. */
  readonly filter: DrillFilter;
  readonly fetchedAt: Date;
  /** Drawn from the saved listing of an earlier session, until the network answers. */
  readonly fromCache: boolean;
  /** Protection groups as the server-groups call returned them (names for the tree and the filter prompt). */
  readonly knownGroups: readonly ProtectionGroup[];
  /** Why group names are unavailable, when that call failed but drills loaded. */
  readonly groupsError?: SdrsError;
  /** The project's protected instances by ID: names for drill servers (`drill_servers[].protected_instance`). */
  readonly instances: ReadonlyMap<string, ProtectedInstance>;
  /** Why instance names are unavailable, when that call failed but drills loaded. */
  readonly instancesError?: SdrsError;
  readonly credentialSource?: CredentialSourceKind;
}

export type ConnectionState =
  | { readonly kind: 'unconfigured'; readonly missing: readonly MissingSetup[] }
  /** A refresh is running; `listing` is what stays on screen meanwhile (the last one, or the cached one). */
  | { readonly kind: 'loading'; readonly listing?: Listing }
  | { readonly kind: 'loaded'; readonly listing: Listing }
  /** The last refresh failed; the listing before it is still shown. */
  | { readonly kind: 'stale'; readonly listing: Listing; readonly error: SdrsError }
  | { readonly kind: 'failed'; readonly error: SdrsError };

export type ConnectResult =
  | {
      ok: true;
      client: Pick<SdrsClient, 'listDrills' | 'listProtectionGroups' | 'listProtectedInstances' | 'listFailedTasks' | 'deleteFailedTask'>;
      credentialSource: CredentialSourceKind;
    }
  | { ok: false; missing: MissingSetup[]; error?: SdrsError };

export interface ModelLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ListingStore {
  read(key: string): Promise<CachedListing | undefined>;
  /** True when it was saved. */
  write(key: string, listing: CachedListing): Promise<boolean>;
}

export interface ConnectionModelDeps {
  /** Builds the client from the connection's current settings and credentials, or says what is missing. */
  connect: () => Promise<ConnectResult>;
  /** The connection's current filter. */
  filter: () => DrillFilter;
  /** Where the last good listing is kept between sessions, and the key of this connection's (undefined: not cached). */
  cache?: { store: ListingStore; key: (filter: DrillFilter) => string | undefined };
  log: ModelLog;
  now?: () => Date;
  /** How long after a listing is drawn it is saved (default 1 s). */
  saveDelayMs?: number;
}

/** How long after a listing is drawn it is saved for the next start. */
const SAVE_DELAY_MS = 1000;

/** Drills in these statuses change by themselves; the view refreshes while any are present. */
const TRANSITIONAL = new Set(['creating', 'deleting']);

export function asSdrsError(e: unknown): SdrsError {
  if (e instanceof SdrsError) return e;
  return new SdrsError({ kind: 'network', message: e instanceof Error ? e.message : String(e) });
}

/** The listing a state shows, if any. */
export function listingOf(state: ConnectionState): Listing | undefined {
  return state.kind === 'loaded' || state.kind === 'stale' || state.kind === 'loading' ? state.listing : undefined;
}

/** A drill VPC and the drills (by name, else ID) that use it. */
export interface DrillVpcUse {
  readonly id: string;
  readonly drills: readonly string[];
}

/** Each drill VPC once, in ID order, with the drills using it in listing order. */
export function vpcUses(drills: readonly DisasterRecoveryDrill[]): DrillVpcUse[] {
  const uses = new Map<string, string[]>();
  for (const d of drills) {
    if (!d.drill_vpc_id) continue;
    const names = uses.get(d.drill_vpc_id) ?? [];
    names.push(d.name || d.id);
    uses.set(d.drill_vpc_id, names);
  }
  return [...uses].sort(([a], [b]) => a.localeCompare(b)).map(([id, names]) => ({ id, drills: names }));
}

function byId(instances: readonly ProtectedInstance[]): ReadonlyMap<string, ProtectedInstance> {
  return new Map(instances.map((i) => [i.id, i]));
}

export class ConnectionModel {
  private readonly changed = new Emitter<ConnectionState>();
  /** Fired after every change of `state`. */
  readonly onDidChange: Event<ConnectionState> = this.changed.event;
  private current: ConnectionState = { kind: 'loading' };
  private generation = 0;
  private controller?: AbortController;
  private cacheRead?: Promise<void>;
  private cacheSettled = false;
  /** Failed drill tasks per protection group, asked for when a group is opened; forgotten with each new listing. */
  private failed = new Map<string, readonly FailedTask[] | 'loading'>();
  private saveTimer?: NodeJS.Timeout;
  /** Saves being written now: dispose() lets them finish (each file is replaced atomically) and `idle` waits for them. */
  private readonly saving = new Set<Promise<void>>();
  private disposed = false;

  constructor(
    /** Stable for the connection's life: tree IDs, filters and the cache key derive from it. */
    readonly id: string,
    private readonly deps: ConnectionModelDeps,
  ) {}

  get state(): ConnectionState {
    return this.current;
  }

  get listing(): Listing | undefined {
    return listingOf(this.current);
  }

  get loading(): boolean {
    return this.current.kind === 'loading';
  }

  /** The failure to show: the last refresh's (stale) or the only thing there is (failed). */
  get error(): SdrsError | undefined {
    return this.current.kind === 'stale' || this.current.kind === 'failed' ? this.current.error : undefined;
  }

  get missing(): readonly MissingSetup[] {
    return this.current.kind === 'unconfigured' ? this.current.missing : [];
  }

  get knownGroups(): readonly ProtectionGroup[] {
    return this.listing?.knownGroups ?? [];
  }

  get hasTransitionalDrills(): boolean {
    return !!this.listing?.groups.some((g) => g.drills.some((d) => TRANSITIONAL.has(d.status)));
  }

  /** Drill VPCs seen in the listing, each with the names of the drills using it, for the prompts. */
  get seenVpcs(): DrillVpcUse[] {
    return vpcUses(this.listing?.groups.flatMap((g) => g.drills) ?? []);
  }

  findDrill(id: string): DisasterRecoveryDrill | undefined {
    for (const g of this.listing?.groups ?? []) {
      const d = g.drills.find((x) => x.id === id);
      if (d) return d;
    }
    return undefined;
  }

  /** The failed drill tasks SDRS keeps for a group, once asked for (see `loadFailedTasks`); undefined before. */
  failedTasks(groupId: string): readonly FailedTask[] | undefined {
    const tasks = this.failed.get(groupId);
    return tasks === 'loading' ? undefined : tasks;
  }

  /**
   * Asks SDRS for a group's failed drill tasks (the task center lists a group's drill failures only when asked with
   * the group), once per listing; the change event tells when they are in. A failure is logged and shows nothing.
   */
  loadFailedTasks(groupId: string): void {
    if (this.failed.has(groupId) || this.disposed) return;
    this.failed.set(groupId, 'loading');
    const failed = this.failed;
    void (async () => {
      try {
        const connection = await this.deps.connect();
        if (!connection.ok) return;
        const tasks = await connection.client.listFailedTasks({ server_group_id: groupId, resource_type: 'disaster_recovery_drills' });
        // A newer listing started over: this answer belongs to the old one.
        if (this.failed !== failed || this.disposed) return;
        failed.set(groupId, tasks);
        if (tasks.length) this.changed.fire(this.current);
      } catch (e) {
        if (this.failed === failed) failed.set(groupId, []);
        this.deps.log.warn(`Failed tasks of group ${groupId} in ${this.id} unavailable: ${asSdrsError(e).describe()}`);
      }
    })();
  }

  /** Asks SDRS to forget a failed task and drops it from the group's list. */
  async dismissFailedTask(groupId: string, jobId: string): Promise<void> {
    const connection = await this.deps.connect();
    if (!connection.ok) throw connection.error ?? asSdrsError('not configured');
    await connection.client.deleteFailedTask(jobId);
    const tasks = this.failed.get(groupId);
    if (tasks && tasks !== 'loading')
      this.failed.set(
        groupId,
        tasks.filter((t) => t.job_id !== jobId),
      );
    this.changed.fire(this.current);
  }

  /**
   * Puts the server's answer for one drill (e.g. after a rename) into the listing on screen, without listing again.
   * False when the listing does not hold that drill.
   */
  replaceDrill(updated: DisasterRecoveryDrill): boolean {
    const state = this.current;
    if (state.kind !== 'loaded' && state.kind !== 'stale') return false;
    const listing = state.listing;
    const drills = listing.groups.flatMap((g) => g.drills);
    const at = drills.findIndex((d) => d.id === updated.id);
    if (at < 0) return false;
    drills[at] = updated;
    // Everything else the listing holds stays as it is: only what the drills decide is made again.
    const next: Listing = { ...listing, groups: this.groupsOf(drills, listing.knownGroups, listing.filter), drillCount: drills.length };
    this.set(state.kind === 'stale' ? { ...state, listing: next } : { kind: 'loaded', listing: next });
    return true;
  }

  /**
   * Shows the saved listing of an earlier session while nothing better is on screen, if it was made with the
   * current filter. Resolves once it has been read (or found missing); later calls share the first read.
   */
  loadCached(): Promise<void> {
    return (this.cacheRead ??= this.readCache().finally(() => (this.cacheSettled = true)));
  }

  /** The saved listing has been read (or found missing), so what the state shows is all there is to show now. */
  get cacheLoaded(): boolean {
    return this.cacheSettled || !this.deps.cache;
  }

  private async readCache(): Promise<void> {
    const filter = this.deps.filter();
    const key = this.deps.cache?.key(filter);
    if (!key || !this.deps.cache) return;
    const started = Date.now();
    const cached = await this.deps.cache.store.read(key).catch(() => undefined);
    if (!cached || this.disposed) return;
    // Only while the first load is still running: a fresh listing or a real error always wins.
    if (this.current.kind !== 'loading' || this.current.listing) return;
    if (JSON.stringify(cached.filter) !== JSON.stringify(filter)) return;
    this.set({
      kind: 'loading',
      listing: this.buildListing(cached.drills, cached.groups, filter, cached.savedAt, true, { instances: byId(cached.instances) }),
    });
    this.deps.log.info(
      `Showing the saved listing of ${this.id} from ${cached.savedAt.toISOString()} (${cached.drills.length} drills, read in ${Date.now() - started} ms) until SDRS answers`,
    );
  }

  /**
   * Loads drills and protection groups for the current filter. A newer call cancels an older one in flight, and only
   * the newest call's outcome is applied.
   */
  async refresh(): Promise<void> {
    if (this.disposed) return;
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const generation = ++this.generation;
    const isCurrent = (): boolean => generation === this.generation && !this.disposed;
    this.set({ kind: 'loading', listing: this.listing });
    try {
      const connection = await this.deps.connect();
      if (!isCurrent()) return;
      if (!connection.ok) {
        this.set(
          connection.missing.length
            ? { kind: 'unconfigured', missing: connection.missing }
            : { kind: 'failed', error: connection.error ?? asSdrsError('not configured') },
        );
        return;
      }
      const filter = this.deps.filter();
      const started = Date.now();
      // Group and instance names are a nicety: if they fail, drills still show (by ID).
      const nicety = <T>(list: Promise<T>) =>
        list.then(
          (value) => ({ ok: true as const, value }),
          (e: unknown) => ({ ok: false as const, error: asSdrsError(e) }),
        );
      // Instance names come after the drills: a slow instance listing never holds the tree back.
      const instancesCall = nicety(connection.client.listProtectedInstances({ signal: controller.signal }));
      let instancesAnswer: Awaited<typeof instancesCall> | undefined;
      void instancesCall.then((answer) => (instancesAnswer = answer));
      // The listing on screen (this session's, or the saved one) says how far paging should speculate.
      const expectedItems = this.listing?.drillCount;
      const [drills, groups] = await Promise.all([
        connection.client.listDrills(filter, { signal: controller.signal, expectedItems }),
        nicety(connection.client.listProtectionGroups({ signal: controller.signal })),
      ]);
      if (!isCurrent()) return;
      let knownGroups = this.knownGroups;
      let groupsError: SdrsError | undefined;
      if (groups.ok) knownGroups = groups.value;
      else if (groups.error.kind !== 'aborted') {
        groupsError = groups.error;
        this.deps.log.warn(`Protection group names unavailable for ${this.id}: ${groups.error.describe()}`);
      }
      const now = this.deps.now?.() ?? new Date();
      // The names, if they are in already (usually: one page against many of drills); else those of the listing before.
      const early = instancesAnswer;
      const listing = this.buildListing(drills, knownGroups, filter, now, false, {
        groupsError,
        instances: early?.ok ? byId(early.value) : this.listing?.instances,
        instancesError: early && !early.ok ? early.error : undefined,
        credentialSource: connection.credentialSource,
      });
      this.failed = new Map();
      this.set({ kind: 'loaded', listing });
      this.deps.log.info(`Listed ${drills.length} drills of ${this.id} in ${Date.now() - started} ms`);

      const instances = early ?? (await instancesCall);
      if (!isCurrent()) return;
      let knownInstances = listing.instances;
      if (instances.ok) {
        if (!early) this.applyInstances((knownInstances = byId(instances.value)), undefined);
      } else if (instances.error.kind !== 'aborted') {
        if (!early) this.applyInstances(knownInstances, instances.error);
        this.deps.log.warn(`Protected instance names unavailable for ${this.id}: ${instances.error.describe()}`);
      }
      const key = this.deps.cache?.key(filter);
      if (key && groups.ok) this.save(key, { savedAt: now, filter, drills, groups: groups.value, instances: [...knownInstances.values()] });
    } catch (e) {
      if (!isCurrent()) return;
      const error = asSdrsError(e);
      if (error.kind === 'aborted') return;
      const shown = this.listing;
      this.set(shown ? { kind: 'stale', listing: shown, error } : { kind: 'failed', error });
      this.deps.log.error(`Refresh of ${this.id} failed: ${error.describe()}`);
    }
  }

  /** Puts instance names into the listing on screen (this refresh's, or what a rename made of it since). */
  private applyInstances(instances: ReadonlyMap<string, ProtectedInstance>, instancesError: SdrsError | undefined): void {
    const state = this.current;
    if (state.kind !== 'loaded' && state.kind !== 'stale') return;
    const listing: Listing = { ...state.listing, instances, instancesError };
    this.set(state.kind === 'stale' ? { ...state, listing } : { kind: 'loaded', listing });
  }

  private buildListing(
    drills: DisasterRecoveryDrill[],
    knownGroups: readonly ProtectionGroup[],
    filter: DrillFilter,
    fetchedAt: Date,
    fromCache: boolean,
    extra: Pick<Listing, 'groupsError' | 'instancesError' | 'credentialSource'> & { instances?: ReadonlyMap<string, ProtectedInstance> } = {},
  ): Listing {
    return {
      groups: this.groupsOf(drills, knownGroups, filter),
      drillCount: drills.length,
      filter,
      fetchedAt,
      fromCache,
      knownGroups,
      groupsError: extra.groupsError,
      instances: extra.instances ?? new Map(),
      instancesError: extra.instancesError,
      credentialSource: extra.credentialSource,
    };
  }

  /** The drills by protection group, as the tree shows them for this filter. */
  private groupsOf(drills: readonly DisasterRecoveryDrill[], knownGroups: readonly ProtectionGroup[], filter: DrillFilter): DrillGroup[] {
    return groupDrills(drills, knownGroups, {
      // Every group, also those without drills (a first drill is created from there), unless the filter is about
      // drills; a group filter keeps that group.
      includeEmpty: (g) => !filter.name && !filter.status && !filter.drill_vpc_id && (!filter.server_group_id || filter.server_group_id === g.id),
      onDuplicateServers: (drill, dropped) =>
        this.deps.log.warn(
          `Drill ${JSON.stringify(drill.id.slice(0, 80))} lists ${dropped} drill server entr${dropped === 1 ? 'y' : 'ies'} twice; each is shown once`,
        ),
    });
  }

  /**
   * Saves a listing a moment later: turning 50,000 drills into JSON takes a while, and the tree should be drawn first.
   * A newer listing replaces one still waiting.
   */
  private save(key: string, listing: CachedListing): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      const store = this.deps.cache?.store;
      if (!store || this.disposed) return;
      // The store keeps writes of one key in order; here they are only counted, for `idle`.
      const write: Promise<void> = store.write(key, listing).then(
        (saved) => {
          if (saved) this.deps.log.info(`Saved the listing of ${this.id} (${listing.drills.length} drills) for the next start`);
        },
        (e: unknown) => this.deps.log.warn(`Could not save the listing of ${this.id}: ${e instanceof Error ? e.message : String(e)}`),
      );
      this.saving.add(write);
      void write.finally(() => this.saving.delete(write));
    }, this.deps.saveDelayMs ?? SAVE_DELAY_MS);
  }

  /**
   * Resolves when no save is being written. After dispose() nothing new is written (a save still waiting for its
   * moment is dropped), so this resolves once the write already under way has finished.
   */
  get idle(): Promise<void> {
    return Promise.all(this.saving).then(() => undefined);
  }

  private set(state: ConnectionState): void {
    this.current = state;
    this.changed.fire(state);
  }

  /** Stops the refresh in flight and drops a save not yet started; a save being written finishes (see `idle`). */
  dispose(): void {
    this.disposed = true;
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.controller?.abort();
    this.changed.dispose();
  }
}
