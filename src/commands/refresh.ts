// `sdrsDrills.refresh`: reloads the drill tree.
import * as vscode from 'vscode';
import type { DrillTreeProvider } from '../tree/drillTreeProvider';

export function registerRefreshCommand(tree: DrillTreeProvider): vscode.Disposable {
  return vscode.commands.registerCommand('sdrsDrills.refresh', () => tree.refresh());
}
