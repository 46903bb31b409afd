// Every reason the tree reloads, in one place: settings, credentials, filters, and the timer while drills change.
import * as vscode from 'vscode';
import type { CredentialStore } from '../config/credentials';
import { readSettings, SECTION } from '../config/settings';
import type { FilterState } from '../filter/filterState';
import type { DrillView } from './drillView';
import type { ConnectionRegistry } from '../model/connectionRegistry';

/** Settings of the editor features alone: changing them reloads nothing. */
const EDITOR_ONLY: ReadonlySet<string> = new Set([`${SECTION}.checkTerraform`]);

export function wireRefreshTriggers(
  registry: ConnectionRegistry,
  view: DrillView,
  credentials: CredentialStore,
  filterState: FilterState,
  /** Every `sdrs.*` setting, as the manifest declares them. */
  settingKeys: readonly string[],
): vscode.Disposable {
  let timer: NodeJS.Timeout | undefined;
  /** While drills are creating or deleting, refresh their connections every `sdrs.autoRefreshSeconds`, only while the view is visible. */
  const scheduleAutoRefresh = (): void => {
    clearTimeout(timer);
    timer = undefined;
    const seconds = readSettings().autoRefreshSeconds;
    if (seconds <= 0 || !view.treeView.visible || registry.loading) return;
    const changing = registry.connections.filter((e) => e.model.hasTransitionalDrills).map((e) => e.config.id);
    if (changing.length === 0) return;
    timer = setTimeout(() => void Promise.all(changing.map((id) => view.refresh(id))), seconds * 1000);
  };
  const subscriptions = [
    // A settings change may add, remove or repoint connections: reread them. A change of the connection list alone
    // reloads only the connections it added or repointed; any other setting (endpoint, paging, timeouts) reloads all.
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION) || !settingKeys.some((key) => !EDITOR_ONLY.has(key) && e.affectsConfiguration(key))) return;
      const touched = registry.sync();
      const onlyConnections = settingKeys.every((key) => key === `${SECTION}.connections` || !e.affectsConfiguration(key));
      if (!onlyConnections) void view.refresh();
      else for (const id of touched) void view.refresh(id);
    }),
    credentials.onDidChange((account) => {
      for (const e of registry.connections) if (e.config.account === account) void view.refresh(e.config.id);
    }),
    filterState.onDidChange((connection) => void view.refresh(connection)),
    registry.onDidChange(scheduleAutoRefresh),
    view.treeView.onDidChangeVisibility(scheduleAutoRefresh),
  ];
  return {
    dispose: () => {
      clearTimeout(timer);
      for (const s of subscriptions) s.dispose();
    },
  };
}
