// `sdrsDrills.showLog`: reveals the extension's log channel.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { COMMANDS } from './commandIds';

export function registerShowLogCommand({ log }: Services): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.showLog, () => log.show(true));
}
