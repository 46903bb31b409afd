// `sdrsDrills.dismissFailedTask`: asks SDRS's task center to forget a failed drill task, once it has been dealt with.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { failureLine } from '../tree/errorText';
import type { DrillTreeNode } from '../tree/nodes';

export function registerDismissFailedTaskCommand({ registry }: Services): vscode.Disposable {
  return vscode.commands.registerCommand('sdrsDrills.dismissFailedTask', async (node?: DrillTreeNode) => {
    if (node?.kind !== 'failedTask') {
      void vscode.window.showInformationMessage(vscode.l10n.t('Select a failed task in the SDRS view first.'));
      return;
    }
    try {
      await registry.get(node.connection)?.model.dismissFailedTask(node.parent.group.id, node.task.job_id);
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not dismiss the failed task: {0}', failureLine(e)));
    }
  });
}
