// `sdrsDrills.showLog`: reveals the extension's log channel.
import * as vscode from 'vscode';
import type { Services } from '../services';

export function registerShowLogCommand({ log }: Services): vscode.Disposable {
  return vscode.commands.registerCommand('sdrsDrills.showLog', () => log.show(true));
}
