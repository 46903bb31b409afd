// `sdrsDrills.refresh`: reloads the drill tree (a newer refresh cancels one in flight).
import * as vscode from 'vscode';
import type { Services } from '../services';

export function registerRefreshCommand({ view }: Services): vscode.Disposable {
  return vscode.commands.registerCommand('sdrsDrills.refresh', () => view.refresh());
}
