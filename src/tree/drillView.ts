// The `sdrsDrills` view around the tree: description, messages, progress, welcome context keys, auto-refresh.
import * as vscode from 'vscode';
import { readSettings } from '../config/settings';
import { describeFilter, type FilterState } from '../filter/filterState';
import { errorLine } from './errorText';
import { DrillTreeProvider, VIEW_ID } from './drillTreeProvider';
import type { ExplorerModel } from './explorerModel';
import type { DrillTreeNode } from './nodes';

function drillCount(n: number): string {
  return n === 1 ? vscode.l10n.t('1 drill') : vscode.l10n.t('{0} drills', n);
}

export class DrillView implements vscode.Disposable {
  readonly provider: DrillTreeProvider;
  readonly treeView: vscode.TreeView<DrillTreeNode>;
  private readonly disposables: vscode.Disposable[] = [];
  private autoRefresh?: NodeJS.Timeout;

  constructor(
    private readonly model: ExplorerModel,
    private readonly filterState: FilterState,
  ) {
    this.provider = new DrillTreeProvider(model, () => readSettings().autoExpandDrillLimit);
    this.treeView = vscode.window.createTreeView(VIEW_ID, {
      treeDataProvider: this.provider,
      dragAndDropController: this.provider,
      showCollapseAll: true,
    });
    this.disposables.push(
      this.provider,
      this.treeView,
      model.onDidChange(() => this.update()),
      this.treeView.onDidChangeVisibility(() => this.scheduleAutoRefresh()),
      this.treeView.onDidExpandElement((e) => this.provider.rememberExpansion(e.element, true)),
      this.treeView.onDidCollapseElement((e) => this.provider.rememberExpansion(e.element, false)),
    );
    this.update();
  }

  /** Refresh with progress shown in the view. */
  refresh(): Thenable<void> {
    return vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => this.model.refresh());
  }

  private update(): void {
    const { snapshot, missing, groupsError } = this.model;
    void vscode.commands.executeCommand('setContext', 'sdrsDrills.missingRegion', missing.includes('region'));
    void vscode.commands.executeCommand('setContext', 'sdrsDrills.missingProject', missing.includes('projectId'));
    void vscode.commands.executeCommand('setContext', 'sdrsDrills.missingCredentials', missing.includes('credentials'));
    void vscode.commands.executeCommand('setContext', 'sdrsDrills.configured', missing.length === 0);

    const parts: string[] = [];
    const filterText = describeFilter(this.filterState.filter, (id) => this.model.knownGroups.find((g) => g.id === id)?.name);
    if (filterText) parts.push(filterText);
    if (snapshot) parts.push(drillCount(snapshot.drillCount));
    if (snapshot?.credentialSource === 'environment') parts.push(vscode.l10n.t('credentials from environment'));
    this.treeView.description = parts.join(' · ') || undefined;
    // With a single view in the container the description is not drawn, so the filter is also
    // stated in the message above the tree, where it is always visible.
    const messages: string[] = [];
    if (filterText) {
      messages.push(snapshot ? vscode.l10n.t('Filtered by {0} — {1}.', filterText, drillCount(snapshot.drillCount)) : vscode.l10n.t('Filtered by {0}.', filterText));
    }
    if (snapshot?.credentialSource === 'environment') {
      messages.push(vscode.l10n.t('Using credentials from the environment (HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK).'));
    }
    if (groupsError) messages.push(vscode.l10n.t('Protection group names are unavailable: {0}', errorLine(groupsError)));
    this.treeView.message = messages.join(' ') || undefined;
    this.scheduleAutoRefresh();
  }

  /** While drills are creating or deleting, refresh every `sdrs.autoRefreshSeconds`, only while the view is visible. */
  private scheduleAutoRefresh(): void {
    clearTimeout(this.autoRefresh);
    this.autoRefresh = undefined;
    const seconds = readSettings().autoRefreshSeconds;
    if (seconds <= 0 || !this.treeView.visible || this.model.loading || !this.model.hasTransitionalDrills) return;
    this.autoRefresh = setTimeout(() => void this.refresh(), seconds * 1000);
  }

  dispose(): void {
    clearTimeout(this.autoRefresh);
    for (const d of this.disposables) d.dispose();
  }
}
