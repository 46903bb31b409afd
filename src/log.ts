// The shareable log: one LogOutputChannel; callers must never pass secrets to it.
import * as vscode from 'vscode';

export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel(vscode.l10n.t('SDRS Drill Explorer'), { log: true });
}
