// `sdrsDrills.dismissFailedTask`: asks SDRS's task center to forget a failed drill task, once it has been dealt with.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { COMMANDS } from './commandIds';
import { registerNodeCommand } from './runner';
import { say } from '../ui/say';

export function registerDismissFailedTaskCommand(services: Services): vscode.Disposable {
  // Only from the task's row: no palette picker.
  return registerNodeCommand(services, {
    id: COMMANDS.dismissFailedTask,
    kinds: ['failedTask'],
    selectFirst: () => say('Select a failed task in the SDRS view first.'),
    busyKey: (node) => node.task.job_id,
    failure: (_node, reason) => say('Could not dismiss the failed task: {0}', reason),
    run: (node, { entry }) => entry.model.dismissFailedTask(node.parent.group.id, node.task.job_id),
  });
}
