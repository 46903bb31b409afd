// Every reason the tree reloads, in one place: settings, credentials, filters, and the timer while drills change.
import * as vscode from 'vscode';
import type { CredentialStore } from '../config/credentials';
import { onDidChangeSettings, readSettings } from '../config/settings';
import type { FilterState } from '../filter/filterState';
import type { DrillView } from './drillView';
import type { Explorer } from './explorer';

export function wireRefreshTriggers(explorer: Explorer, view: DrillView, credentials: CredentialStore, filterState: FilterState): vscode.Disposable {
  let timer: NodeJS.Timeout | undefined;
  /** While drills are creating or deleting, refresh their connections every `sdrs.autoRefreshSeconds`, only while the view is visible. */
  const scheduleAutoRefresh = (): void => {
    clearTimeout(timer);
    timer = undefined;
    const seconds = readSettings().autoRefreshSeconds;
    if (seconds <= 0 || !view.treeView.visible || explorer.loading) return;
    const changing = explorer.connections.filter((e) => e.model.hasTransitionalDrills).map((e) => e.config.id);
    if (changing.length === 0) return;
    timer = setTimeout(() => void Promise.all(changing.map((id) => view.refresh(id))), seconds * 1000);
  };
  const subscriptions = [
    // A settings change may add, remove or repoint connections: reread them, then reload everything.
    onDidChangeSettings(() => {
      explorer.sync();
      void view.refresh();
    }),
    credentials.onDidChange((account) => {
      for (const e of explorer.connections) if (e.config.account === account) void view.refresh(e.config.id);
    }),
    filterState.onDidChange((connection) => void view.refresh(connection)),
    explorer.onDidChange(scheduleAutoRefresh),
    view.treeView.onDidChangeVisibility(scheduleAutoRefresh),
  ];
  return {
    dispose: () => {
      clearTimeout(timer);
      for (const s of subscriptions) s.dispose();
    },
  };
}
