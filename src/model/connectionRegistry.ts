// The registry of connection models: one per connection, kept in settings order and updated in place when the set of
// connections changes. Free of vscode: settings, filters and clients come in through RegistryDeps.
import type { ListingCache } from '../cache/listingCache';
import type { DisasterRecoveryDrill, DrillFilter } from '../sdrs/model';
import { ConnectionModel, type ConnectResult, type ModelLog } from './connectionModel';
import { Emitter, type Disposable } from './emitter';
import { LEGACY_CONNECTION_ID, type ConnectionConfig } from './types';

/** What the registry needs from the editor: the connections in settings, each one's filter, and its client. */
export interface RegistryDeps {
  readConnections(): ConnectionConfig[];
  filter(connection: string): DrillFilter;
  clients: {
    connect(config: ConnectionConfig): Promise<ConnectResult>;
    endpointOf(config: ConnectionConfig): string;
    forget(connection: string): void;
  };
  log: ModelLog;
  cache?: ListingCache;
}

export interface ConnectionEntry {
  readonly config: ConnectionConfig;
  readonly model: ConnectionModel;
}

export class ConnectionRegistry implements Disposable {
  private readonly changed = new Emitter<ConnectionEntry | undefined>();
  /** Fired with the connection whose state changed, or undefined when connections came or went. */
  readonly onDidChange = this.changed.event;
  private entries = new Map<string, { config: ConnectionConfig; model: ConnectionModel; subscription: Disposable }>();
  /** Saves that disposed models (removed connections, or all at dispose) are still writing. */
  private readonly draining = new Set<Promise<void>>();

  private readonly factory: RegistryDeps['clients'];
  private readonly log: ModelLog;
  private readonly cache?: ListingCache;

  constructor(private readonly deps: RegistryDeps) {
    this.factory = deps.clients;
    this.log = deps.log;
    this.cache = deps.cache;
    this.sync();
  }

  /** In settings order. */
  get connections(): ConnectionEntry[] {
    return [...this.entries.values()].map(({ config, model }) => ({ config, model }));
  }

  get(id: string): ConnectionEntry | undefined {
    const e = this.entries.get(id);
    return e && { config: e.config, model: e.model };
  }

  get loading(): boolean {
    return [...this.entries.values()].some((e) => e.model.loading);
  }

  /**
   * Reads the connections from settings: new ones get a model (which starts drawing its saved listing), removed ones
   * are disposed, and the rest keep theirs with the new settings. Returns the IDs that are new or whose settings
   * changed in a way that changes what they list (a new label does not).
   */
  sync(): string[] {
    const configs = this.deps.readConnections();
    const next = new Map<string, { config: ConnectionConfig; model: ConnectionModel; subscription: Disposable }>();
    const added: string[] = [];
    const changed: string[] = [];
    const listed = (c: ConnectionConfig): string => JSON.stringify([c.account, c.region, c.projectId, c.endpoint]);
    const ids = new Set(configs.map((c) => c.id));
    // The legacy connection (sdrs.region + sdrs.projectId) moving into the list gets a new ID but is the same
    // connection: it keeps its model, so its listing stays on screen and nothing is listed again.
    const legacy = this.entries.get(LEGACY_CONNECTION_ID);
    let inherited = false;
    for (const config of configs) {
      const existing = this.entries.get(config.id);
      if (existing) {
        next.set(config.id, { ...existing, config });
        if (listed(existing.config) !== listed(config)) changed.push(config.id);
        continue;
      }
      if (legacy && !inherited && !ids.has(LEGACY_CONNECTION_ID) && listed(legacy.config) === listed(config)) {
        inherited = true;
        next.set(config.id, { ...legacy, config });
        this.log.info(`Connection ${LEGACY_CONNECTION_ID} is now ${config.id} in sdrs.connections; its listing stays`);
        // Listed again only if the filter it moved with is not the one its listing was made with.
        const shown = legacy.model.listing?.filter;
        if (shown && JSON.stringify(shown) !== JSON.stringify(this.deps.filter(config.id))) changed.push(config.id);
        continue;
      }
      const model = this.createModel(config.id);
      const subscription = model.onDidChange(() => {
        const entry = this.entryOf(model);
        if (entry) this.changed.fire(entry);
      });
      next.set(config.id, { config, model, subscription });
      added.push(config.id);
    }
    for (const [id, old] of this.entries) {
      if (next.has(id) || (inherited && old === legacy)) {
        if (!next.has(id)) this.factory.forget(id);
        continue;
      }
      old.subscription.dispose();
      this.retire(old.model);
      this.factory.forget(id);
    }
    this.entries = next;
    for (const id of added) void this.entries.get(id)?.model.loadCached();
    this.changed.fire(undefined);
    return [...added, ...changed];
  }

  /** The entry holding `model` now (its ID may have changed since it was made: see sync). */
  private entryOf(model: ConnectionModel): ConnectionEntry | undefined {
    for (const { config, model: m } of this.entries.values()) if (m === model) return { config, model };
    return undefined;
  }

  private createModel(id: string): ConnectionModel {
    // Read when the model calls, never while it is being made: by then `model` is set.
    const config = (): ConnectionConfig | undefined => this.entryOf(model)?.config ?? this.entries.get(id)?.config;
    const model: ConnectionModel = new ConnectionModel(id, {
      connect: async () => {
        const c = config();
        return c ? this.factory.connect(c) : { ok: false, missing: [] };
      },
      // Its filter moves with it when its ID changes (Add Connection moves it).
      filter: () => this.deps.filter(config()?.id ?? id),
      cache: this.cache && {
        store: this.cache,
        key: (filter: DrillFilter) => {
          const c = config();
          if (!c) return undefined;
          let endpoint: string;
          try {
            endpoint = this.factory.endpointOf(c);
          } catch {
            return undefined;
          }
          // Never a secret: the account's name, not its keys.
          return JSON.stringify([c.account, c.region, c.projectId, endpoint, filter]);
        },
      },
      log: this.log,
    });
    return model;
  }

  refresh(id: string): Promise<void> {
    return this.entries.get(id)?.model.refresh() ?? Promise.resolve();
  }

  async refreshAll(): Promise<void> {
    await Promise.all([...this.entries.values()].map((e) => e.model.refresh()));
  }

  /** A drill listed by any connection. */
  findDrill(id: string): { entry: ConnectionEntry; drill: DisasterRecoveryDrill } | undefined {
    for (const entry of this.connections) {
      const drill = entry.model.findDrill(id);
      if (drill) return { entry, drill };
    }
    return undefined;
  }

  /** Disposes a model and keeps the save it is still writing until it ends. */
  private retire(model: ConnectionModel): void {
    model.dispose();
    const idle = model.idle.finally(() => this.draining.delete(idle));
    this.draining.add(idle);
  }

  /** Resolves when no saved listing is being written (by a live model or a disposed one). */
  async idle(): Promise<void> {
    await Promise.all([...this.draining, ...[...this.entries.values()].map((e) => e.model.idle)]);
  }

  dispose(): void {
    for (const e of this.entries.values()) {
      e.subscription.dispose();
      this.retire(e.model);
    }
    this.entries.clear();
    this.changed.dispose();
  }
}
