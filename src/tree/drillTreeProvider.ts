// Tree data for the `sdrsDrills` view: a root per connection (or the only connection's groups as roots) → protection
// groups → drills → drill servers, plus state nodes.
import * as vscode from 'vscode';
import type { ConnectionState } from '../model/connectionModel';
import type { ConnectionEntry, ConnectionRegistry } from '../model/connectionRegistry';
import { drillServerNodes, nodeId, primaryId, stateNode, toTreeItem, tooltipFor, type ConnectionNode, type DrillTreeNode, type GroupNode } from './nodes';

export const VIEW_ID = 'sdrsDrills';
/** What a node carries when dragged: its ID as plain text, which an editor inserts on drop. */
const TEXT_MIME = 'text/plain';
/** The longest the first ask waits for saved listings to be read. */
const CACHE_WAIT_MS = 200;

export class DrillTreeProvider implements vscode.TreeDataProvider<DrillTreeNode>, vscode.TreeDragAndDropController<DrillTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<DrillTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly dragMimeTypes = [TEXT_MIME];
  readonly dropMimeTypes: string[] = [];
  private readonly subscription: vscode.Disposable;
  /**
   * Expand/collapse choices the user made, by tree ID, for this window's life. VS Code keeps the
   * state of rows that stay in the tree; this also covers rows that leave (a filter) and come back.
   */
  private readonly userExpanded = new Map<string, boolean>();

  constructor(
    private readonly registry: ConnectionRegistry,
    /** Protection groups start expanded only while the listing has at most this many drills. */
    private readonly autoExpandLimit: () => number,
  ) {
    // One connection's change redraws the whole tree: with several, only its root would do, but the root node object
    // is rebuilt on every read, and VS Code matches it by ID either way.
    this.subscription = registry.onDidChange(() => this.changed.fire(undefined));
  }

  /** With one connection its groups are the roots, as before connections existed; with several each has a root. */
  get singleRoot(): boolean {
    return this.registry.connections.length === 1;
  }

  getTreeItem(node: DrillTreeNode): vscode.TreeItem {
    if (node.kind !== 'protectionGroup') return toTreeItem(node);
    const id = nodeId(node);
    const chosen = id === undefined ? undefined : this.userExpanded.get(id);
    const drillCount = this.registry.get(node.connection)?.model.listing?.drillCount ?? 0;
    return toTreeItem(node, chosen ?? drillCount <= this.autoExpandLimit());
  }

  /** Called from the view's expand/collapse events. */
  rememberExpansion(node: DrillTreeNode, expanded: boolean): void {
    const id = nodeId(node);
    if (id !== undefined && node.kind === 'protectionGroup') this.userExpanded.set(id, expanded);
  }

  resolveTreeItem(item: vscode.TreeItem, node: DrillTreeNode): vscode.TreeItem {
    item.tooltip ??= tooltipFor(node);
    return item;
  }

  /**
   * The view's question. On the first ask after activation a connection's saved listing may still be being read;
   * waiting for it briefly draws its rows at once instead of "Loading…" and then the rows.
   */
  getChildren(node?: DrillTreeNode): DrillTreeNode[] | Thenable<DrillTreeNode[]> {
    const pending = (node ? [this.registry.get(node.connection)] : this.registry.connections).filter((e) => e && !e.model.cacheLoaded);
    if (pending.length === 0) return this.children(node);
    const reads = Promise.all(pending.map((e) => e!.model.loadCached()));
    return Promise.race([reads, new Promise((resolve) => setTimeout(resolve, CACHE_WAIT_MS))]).then(() => this.children(node));
  }

  /** The children as the models hold them now. */
  children(node?: DrillTreeNode): DrillTreeNode[] {
    if (!node) {
      const connections = this.registry.connections;
      if (connections.length === 1) return this.connectionChildren(connections[0], undefined);
      return connections.map((entry) => this.connectionNode(entry));
    }
    switch (node.kind) {
      case 'connection': {
        const entry = this.registry.get(node.connection);
        return entry ? this.connectionChildren(entry, this.connectionNode(entry)) : [];
      }
      case 'protectionGroup': {
        // Opening a group asks for its failed drill tasks; they come first once they are in.
        const model = this.registry.get(node.connection)?.model;
        model?.loadFailedTasks(node.group.id);
        const failed = (model?.failedTasks(node.group.id) ?? []).map((task): DrillTreeNode => ({
          kind: 'failedTask',
          connection: node.connection,
          task,
          parent: node,
        }));
        return [...failed, ...node.group.drills.map((drill): DrillTreeNode => ({ kind: 'drill', connection: node.connection, drill, parent: node }))];
      }
      case 'drill':
        return drillServerNodes(node, this.registry.get(node.connection)?.model.listing?.instances);
      default:
        return [];
    }
  }

  getParent(node: DrillTreeNode): DrillTreeNode | undefined {
    return node.parent;
  }

  /** The root of a connection, as the tree shows it now. */
  connectionNode(entry: ConnectionEntry): ConnectionNode {
    return { kind: 'connection', connection: entry.config.id, config: entry.config, state: entry.model.state };
  }

  /** A connection's rows for its state: one function, so every state has a place (the compiler checks). */
  private connectionChildren(entry: ConnectionEntry, parent: ConnectionNode | undefined): DrillTreeNode[] {
    const id = entry.config.id;
    const state: ConnectionState = entry.model.state;
    const groups = (listing: NonNullable<typeof entry.model.listing>): DrillTreeNode[] => {
      if (listing.groups.length === 0) return [stateNode(id, parent, Object.keys(listing.filter).length ? 'emptyFiltered' : 'empty')];
      return listing.groups.map((group): GroupNode => ({ kind: 'protectionGroup', connection: id, group, parent }));
    };
    switch (state.kind) {
      case 'unconfigured':
        // The only connection's missing setup is told by the welcome view; under a root, by a row.
        return parent ? [stateNode(id, parent, 'unconfigured', { missing: state.missing, account: entry.config.account })] : [];
      case 'loading':
        return state.listing ? groups(state.listing) : [stateNode(id, parent, 'loading')];
      case 'loaded':
        return groups(state.listing);
      case 'stale':
        return [stateNode(id, parent, 'stale', { error: state.error, fetchedAt: state.listing.fetchedAt }), ...groups(state.listing)];
      case 'failed':
        return [stateNode(id, parent, 'error', { error: state.error })];
      default: {
        const never: never = state;
        throw new Error(`unknown connection state ${JSON.stringify(never)}`);
      }
    }
  }

  handleDrag(source: readonly DrillTreeNode[], dataTransfer: vscode.DataTransfer): void {
    const ids = source.map(primaryId).filter((id): id is string => !!id);
    if (ids.length) dataTransfer.set(TEXT_MIME, new vscode.DataTransferItem(ids.join('\n')));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
