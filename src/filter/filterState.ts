// The active drill filter: kept in workspace state so it survives reloads, and described for the view.
import * as vscode from 'vscode';
import type { DrillFilter } from '../sdrs/model';
import { normalizeDrillFilter } from '../sdrs/validation';

const STATE_KEY = 'sdrsDrills.filter';
const CONTEXT_KEY = 'sdrsDrills.filterActive';

export class FilterState implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<DrillFilter>();
  readonly onDidChange = this.changed.event;
  private current: DrillFilter;

  constructor(private readonly memento: vscode.Memento) {
    this.current = FilterState.restore(memento.get<unknown>(STATE_KEY));
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

  get filter(): DrillFilter {
    return { ...this.current };
  }

  get isActive(): boolean {
    return Object.keys(this.current).length > 0;
  }

  /** Validates, stores and announces a new filter; throws an SdrsError (validation) when it is invalid. */
  async set(filter: DrillFilter): Promise<void> {
    const normalized = normalizeDrillFilter(filter);
    if (JSON.stringify(normalized) === JSON.stringify(this.current)) return;
    this.current = normalized;
    await this.memento.update(STATE_KEY, Object.keys(normalized).length ? normalized : undefined);
    await this.updateContext();
    this.changed.fire(this.filter);
  }

  clear(): Promise<void> {
    return this.set({});
  }

  private async updateContext(): Promise<void> {
    await vscode.commands.executeCommand('setContext', CONTEXT_KEY, this.isActive);
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
