// Each connection's drill filter: kept in workspace state so it survives reloads, and described for the view.
import * as vscode from 'vscode';
import { LEGACY_CONNECTION_ID } from '../config/connections';
import type { DrillFilter } from '../sdrs/model';
import { normalizeDrillFilter } from '../sdrs/validation';

/** Before connections, one filter was stored under this key; it becomes the legacy connection's. */
const LEGACY_STATE_KEY = 'sdrsDrills.filter';
const STATE_KEY = 'sdrsDrills.filters';
const CONTEXT_KEY = 'sdrsDrills.filterActive';

export class FilterState implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fired with the connection whose filter changed. */
  readonly onDidChange = this.changed.event;
  private readonly filters = new Map<string, DrillFilter>();

  constructor(private readonly memento: vscode.Memento) {
    const stored = memento.get<unknown>(STATE_KEY);
    if (typeof stored === 'object' && stored !== null && !Array.isArray(stored)) {
      for (const [id, filter] of Object.entries(stored)) {
        const restored = FilterState.restore(filter);
        if (Object.keys(restored).length) this.filters.set(id, restored);
      }
    } else {
      const legacy = FilterState.restore(memento.get<unknown>(LEGACY_STATE_KEY));
      if (Object.keys(legacy).length) this.filters.set(LEGACY_CONNECTION_ID, legacy);
    }
    void this.updateContext();
  }

  /** A stored filter that no longer validates (e.g. written by an older version) is dropped, not trusted. */
  private static restore(stored: unknown): DrillFilter {
    if (typeof stored !== 'object' || stored === null) return {};
    try {
      return normalizeDrillFilter(stored as DrillFilter);
    } catch {
      return {};
    }
  }

  /** The connection's filter ({} when none). */
  get(connection: string): DrillFilter {
    return { ...this.filters.get(connection) };
  }

  isActive(connection: string): boolean {
    return this.filters.has(connection);
  }

  /** Connections that have a filter. */
  get active(): string[] {
    return [...this.filters.keys()];
  }

  /** Validates, stores and announces a connection's new filter; throws an SdrsError (validation) when it is invalid. */
  async set(connection: string, filter: DrillFilter): Promise<void> {
    const normalized = normalizeDrillFilter(filter);
    if (JSON.stringify(normalized) === JSON.stringify(this.get(connection))) return;
    if (Object.keys(normalized).length) this.filters.set(connection, normalized);
    else this.filters.delete(connection);
    await this.persist();
    await this.updateContext();
    this.changed.fire(connection);
  }

  clear(connection: string): Promise<void> {
    return this.set(connection, {});
  }

  async clearAll(): Promise<void> {
    for (const id of this.active) await this.clear(id);
  }

  private async persist(): Promise<void> {
    await this.memento.update(STATE_KEY, Object.fromEntries(this.filters));
    await this.memento.update(LEGACY_STATE_KEY, undefined);
  }

  private async updateContext(): Promise<void> {
    await vscode.commands.executeCommand('setContext', CONTEXT_KEY, this.filters.size > 0);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** `status: available · name: prod`, with protection group names where known; '' when no filter. */
export function describeFilter(filter: DrillFilter, groupName?: (id: string) => string | undefined): string {
  const parts: string[] = [];
  if (filter.server_group_id) {
    parts.push(vscode.l10n.t('group: {0}', groupName?.(filter.server_group_id) ?? filter.server_group_id));
  }
  if (filter.name) parts.push(vscode.l10n.t('name: {0}', filter.name));
  if (filter.status) parts.push(vscode.l10n.t('status: {0}', filter.status));
  if (filter.drill_vpc_id) parts.push(vscode.l10n.t('drill VPC: {0}', filter.drill_vpc_id));
  return parts.join(' · ');
}
