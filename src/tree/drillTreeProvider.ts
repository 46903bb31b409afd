// Tree data for the `sdrsDrills` view: a root per connection (or the only connection's groups as roots) → protection
// groups → drills → drill servers, plus state nodes.
import * as vscode from 'vscode';
import type { ConnectionRegistry } from '../model/connectionRegistry';
import { childrenOf, connectionNode, connectionRows, nodeId, primaryId, toTreeItem, tooltipFor, type DrillTreeNode, type TreeContext } from './nodes';

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

  /** What the node specs may ask of the tree. */
  private readonly tree: TreeContext = {
    entry: (connection) => this.registry.get(connection),
    startsExpanded: (node) =>
      this.userExpanded.get(nodeId(node)) ?? (this.registry.get(node.connection)?.model.listing?.drillCount ?? 0) <= this.autoExpandLimit(),
  };

  getTreeItem(node: DrillTreeNode): vscode.TreeItem {
    return toTreeItem(node, this.tree);
  }

  /** Called from the view's expand/collapse events. */
  rememberExpansion(node: DrillTreeNode, expanded: boolean): void {
    this.userExpanded.set(nodeId(node), expanded);
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
    if (node) return childrenOf(node, this.tree);
    const connections = this.registry.connections;
    if (connections.length === 1) return connectionRows(connections[0], undefined);
    return connections.map(connectionNode);
  }

  getParent(node: DrillTreeNode): DrillTreeNode | undefined {
    return node.parent;
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
