// Tree data for the `sdrsDrills` view: protection groups → drills → drill servers, plus state nodes.
import * as vscode from 'vscode';
import type { ExplorerModel } from './explorerModel';
import { drillServerNodes, nodeId, primaryId, stateNode, toTreeItem, tooltipFor, type DrillTreeNode, type GroupNode } from './nodes';

export const VIEW_ID = 'sdrsDrills';
/** What a node carries when dragged: its ID as plain text, which an editor inserts on drop. */
const TEXT_MIME = 'text/plain';

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
    private readonly model: ExplorerModel,
    /** Protection groups start expanded only while the listing has at most this many drills. */
    private readonly autoExpandLimit: () => number,
  ) {
    this.subscription = model.onDidChange(() => this.changed.fire(undefined));
  }

  getTreeItem(node: DrillTreeNode): vscode.TreeItem {
    if (node.kind !== 'protectionGroup') return toTreeItem(node);
    const id = nodeId(node);
    const chosen = id === undefined ? undefined : this.userExpanded.get(id);
    return toTreeItem(node, chosen ?? (this.model.snapshot?.drillCount ?? 0) <= this.autoExpandLimit());
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

  getChildren(node?: DrillTreeNode): DrillTreeNode[] {
    if (!node) return this.rootNodes();
    switch (node.kind) {
      case 'protectionGroup':
        return node.group.drills.map((drill) => ({ kind: 'drill', drill, group: node.group }));
      case 'drill':
        return drillServerNodes(node.drill);
      default:
        return [];
    }
  }

  getParent(node: DrillTreeNode): DrillTreeNode | undefined {
    switch (node.kind) {
      case 'drill':
        return { kind: 'protectionGroup', group: node.group };
      case 'drillServer': {
        const group = this.model.snapshot?.groups.find((g) => g.id === node.drill.server_group_id);
        return group ? { kind: 'drill', drill: node.drill, group } : undefined;
      }
      default:
        return undefined;
    }
  }

  /** Root: nothing while unconfigured (the welcome view shows), else state nodes and/or groups. */
  private rootNodes(): DrillTreeNode[] {
    const { snapshot, error, loading, missing } = this.model;
    if (missing.length) return [];
    if (!snapshot) {
      if (error) return [stateNode('error', { error })];
      return loading ? [stateNode('loading')] : [];
    }
    const groups: GroupNode[] = snapshot.groups.map((group) => ({ kind: 'protectionGroup', group }));
    const head: DrillTreeNode[] = error ? [stateNode('stale', { error, fetchedAt: snapshot.fetchedAt })] : [];
    if (groups.length === 0) {
      return [...head, stateNode(Object.keys(snapshot.filter).length ? 'emptyFiltered' : 'empty')];
    }
    return [...head, ...groups];
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
