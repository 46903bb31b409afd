// `sdrsDrills.showLog`: reveals the extension's log channel.
import * as vscode from 'vscode';

export function registerShowLogCommand(log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand('sdrsDrills.showLog', () => log.show(true));
}
