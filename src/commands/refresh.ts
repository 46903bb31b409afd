// `sdrsDrills.refresh`: reloads one connection (from its root, or a failed row's Retry) or all (a newer refresh cancels one in flight).
import * as vscode from 'vscode';
import type { Services } from '../services';
import type { DrillTreeNode } from '../tree/nodes';
import { COMMANDS } from './commandIds';

export function registerRefreshCommand({ view }: Services): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.refresh, (node?: DrillTreeNode) => view.refresh(node?.connection));
}
