// Tree data for the `sdrsDrills` view: protection groups, their drills and drill servers.
import * as vscode from 'vscode';

/** A node of the drill tree; later kinds (group, drill, drill server) extend this. */
export type DrillTreeNode = never;

export class DrillTreeProvider implements vscode.TreeDataProvider<DrillTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<DrillTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  getTreeItem(node: DrillTreeNode): vscode.TreeItem {
    return node;
  }

  getChildren(): DrillTreeNode[] {
    // Until a region, project and credentials are set, the view shows its welcome content.
    return [];
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
