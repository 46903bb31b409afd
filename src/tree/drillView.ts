// The `sdrsDrills` view around the tree: description, message, progress, welcome context keys, expand/collapse memory.
import * as vscode from 'vscode';
import { readSettings } from '../config/settings';
import { describeFilter, type FilterState } from '../filter/filterState';
import { errorLine } from './errorText';
import { DrillTreeProvider, VIEW_ID } from './drillTreeProvider';
import type { ConnectionEntry, ConnectionRegistry } from '../model/connectionRegistry';
import type { IdKind } from '../ids/kinds';
import { drillCount, listingAge } from '../ui/text';
import { connectionNode, holdsId, specOf, type DrillTreeNode } from './nodes';

/** The group ID of a listed protected instance, whatever the case of the ID asked for. */
function findInstanceGroup(entry: ConnectionEntry, key: string): string | undefined {
  for (const instance of entry.model.listing?.instances.values() ?? []) if (instance.id.toLowerCase() === key) return instance.server_group_id;
  return undefined;
}

export class DrillView implements vscode.Disposable {
  readonly provider: DrillTreeProvider;
  readonly treeView: vscode.TreeView<DrillTreeNode>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly registry: ConnectionRegistry,
    private readonly filterState: FilterState,
  ) {
    this.provider = new DrillTreeProvider(registry, () => readSettings().autoExpandDrillLimit);
    this.treeView = vscode.window.createTreeView(VIEW_ID, {
      treeDataProvider: this.provider,
      dragAndDropController: this.provider,
      showCollapseAll: true,
    });
    this.disposables.push(
      this.provider,
      this.treeView,
      registry.onDidChange(() => this.update()),
      filterState.onDidChange(() => this.update()),
      this.treeView.onDidExpandElement((e) => this.provider.rememberExpansion(e.element, true)),
      this.treeView.onDidCollapseElement((e) => this.provider.rememberExpansion(e.element, false)),
    );
    this.update();
  }

  /** Opens a protection group the connection lists now, without selecting it (e.g. to show a drill being created). */
  async expandGroup(connection: string, groupId: string): Promise<void> {
    const entry = this.registry.get(connection);
    if (!entry) return;
    const parent = this.provider.singleRoot ? undefined : connectionNode(entry);
    const group = this.provider.children(parent).find((n) => n.kind === 'protectionGroup' && n.group.id === groupId);
    if (group) await this.treeView.reveal(group, { expand: true, select: false, focus: false });
  }

  /**
   * Reveals, selects and focuses a connection's root once the registry has it (a new connection arrives with the
   * settings change event, after the write that made it); false when it has not come within `waitMs`.
   */
  async revealConnection(connection: string, waitMs = 10_000): Promise<boolean> {
    let entry = this.registry.get(connection);
    if (!entry) {
      entry = await new Promise<ConnectionEntry | undefined>((resolve) => {
        const timer = setTimeout(() => done(undefined), waitMs);
        const sub = this.registry.onDidChange(() => {
          const found = this.registry.get(connection);
          if (found) done(found);
        });
        const done = (found: ConnectionEntry | undefined): void => {
          clearTimeout(timer);
          sub.dispose();
          resolve(found);
        };
      });
    }
    if (!entry || this.provider.singleRoot) return false;
    await this.treeView.reveal(connectionNode(entry), { select: true, focus: true, expand: true });
    return true;
  }

  /** Reveals, selects and focuses a drill the connection lists now (e.g. one just created); false when it lists none. */
  async revealDrill(connection: string, drillId: string): Promise<boolean> {
    const entry = this.registry.get(connection);
    if (!entry?.model.findDrill(drillId)) return false;
    const parent = this.provider.singleRoot ? undefined : connectionNode(entry);
    for (const group of this.provider.children(parent)) {
      if (group.kind !== 'protectionGroup') continue;
      const node = this.provider.children(group).find((n) => n.kind === 'drill' && n.drill.id === drillId);
      if (node) {
        await this.treeView.reveal(node, { select: true, focus: true, expand: false });
        return true;
      }
    }
    return false;
  }

  /**
   * Reveals, selects and focuses what an ID stands for in a connection: a group, drill or drill server as itself, a
   * protected instance as the first drill server that copies it (else its group), a drill VPC as the first drill using
   * it. False when the connection lists nothing with that ID now.
   */
  async revealId(connection: string, id: string, kind?: IdKind): Promise<boolean> {
    const entry = this.registry.get(connection);
    if (!entry) return false;
    const key = id.toLowerCase();
    const same = (value: string | undefined): boolean => !!value && value.toLowerCase() === key;
    const wants = (k: IdKind): boolean => kind === undefined || kind === k;
    const parent = this.provider.singleRoot ? undefined : connectionNode(entry);
    const instanceGroup = wants('protectedInstance') ? findInstanceGroup(entry, key) : undefined;
    const matches = (k: IdKind, value: string | undefined): boolean => wants(k) && same(value);
    // Depth first, in the order the view shows rows, opening only rows whose spec says the ID may lie below.
    let fallback: DrillTreeNode | undefined;
    const search = (nodes: DrillTreeNode[]): DrillTreeNode | undefined => {
      for (const node of nodes) {
        if (holdsId(node, matches)) return node;
        const below = specOf(node).reveal.searchChildren(node, matches) ? search(this.provider.children(node)) : undefined;
        if (below) return below;
        // A protected instance no drill copies: its group.
        if (!fallback && instanceGroup && node.kind === 'protectionGroup' && node.group.id === instanceGroup) fallback = node;
      }
      return undefined;
    };
    const found = search(this.provider.children(parent));
    const node = found ?? fallback;
    if (!node) return false;
    await this.treeView.reveal(node, { select: true, focus: true, expand: false });
    return true;
  }

  /** Refresh one connection, or all, with progress shown in the view. */
  refresh(connection?: string): Thenable<void> {
    return vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => (connection ? this.registry.refresh(connection) : this.registry.refreshAll()));
  }

  /** The connection's current filter (also while its listing is still the one before), with group names. */
  private filterText(entry: ConnectionEntry): string {
    return describeFilter(this.filterState.get(entry.config.id), (id) => entry.model.knownGroups.find((g) => g.id === id)?.name);
  }

  private update(): void {
    const connections = this.registry.connections;
    const single = connections.length === 1 ? connections[0] : undefined;
    const missing = single?.model.missing ?? [];
    void vscode.commands.executeCommand('setContext', 'sdrsDrills.missingRegion', missing.includes('region'));
    void vscode.commands.executeCommand('setContext', 'sdrsDrills.missingProject', missing.includes('projectId'));
    void vscode.commands.executeCommand('setContext', 'sdrsDrills.missingCredentials', missing.includes('credentials'));
    void vscode.commands.executeCommand('setContext', 'sdrsDrills.configured', missing.length === 0);
    void vscode.commands.executeCommand('setContext', 'sdrsDrills.multipleConnections', connections.length > 1);

    const parts: string[] = [];
    const messages: string[] = [];
    if (single) {
      const listing = single.model.listing;
      const filter = this.filterText(single);
      if (filter) parts.push(filter);
      if (listing) parts.push(drillCount(listing.drillCount));
      if (listing?.credentialSource === 'environment') parts.push(vscode.l10n.t('credentials from environment'));
      // With a single view in the container the description is not drawn, so what matters is also stated in the
      // message above the tree, where it is always visible.
      if (filter)
        messages.push(listing ? vscode.l10n.t('Filtered by {0} — {1}.', filter, drillCount(listing.drillCount)) : vscode.l10n.t('Filtered by {0}.', filter));
      if (listing?.fromCache) messages.push(vscode.l10n.t('Showing the saved listing ({0}) until SDRS answers.', listingAge(listing.fetchedAt, true)));
      if (listing?.credentialSource === 'environment')
        messages.push(vscode.l10n.t('Using credentials from the environment (HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK).'));
      if (listing?.groupsError) messages.push(vscode.l10n.t('Protection group names are unavailable: {0}', errorLine(listing.groupsError)));
    } else {
      parts.push(vscode.l10n.t('{0} connections', connections.length));
      const total = connections.reduce((n, e) => n + (e.model.listing?.drillCount ?? 0), 0);
      parts.push(drillCount(total));
      const filtered = connections.map((e) => [e.config.label, this.filterText(e)] as const).filter(([, f]) => f);
      if (filtered.length) messages.push(vscode.l10n.t('Filtered: {0}.', filtered.map(([label, f]) => `${label} (${f})`).join('; ')));
    }
    this.treeView.description = parts.join(' · ') || undefined;
    this.treeView.message = messages.join(' ') || undefined;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
