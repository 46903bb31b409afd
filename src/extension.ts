// Entry point: wires the SDRS explorer's pieces together and does nothing else.
import * as vscode from 'vscode';
import { DrillTreeProvider } from './tree/drillTreeProvider';
import { registerRefreshCommand } from './commands/refresh';
import { registerShowLogCommand } from './commands/showLog';
import { createLog } from './log';

export const VIEW_ID = 'sdrsDrills';

export function activate(context: vscode.ExtensionContext): void {
  const started = Date.now();
  const log = createLog();
  const tree = new DrillTreeProvider();
  context.subscriptions.push(
    log,
    tree,
    vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true }),
    registerRefreshCommand(tree),
    registerShowLogCommand(log),
  );
  log.info(`SDRS Drill Explorer activated in ${Date.now() - started} ms`);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
