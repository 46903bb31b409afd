// A drill task SDRS failed (create or delete), listed under its protection group until dismissed.
import * as vscode from 'vscode';
import { formatTimestamp } from '../../ui/text';
import { part, Tooltip } from './common';
import { protectionGroupSpec } from './protectionGroup';
import { NO_IDS, type NodeSpec } from './spec';
import { CONTEXT, type FailedTaskNode } from './types';

/** `create failed: drill-a`, red, with the code; the reason is in the tooltip. */
function item(node: FailedTaskNode): vscode.TreeItem {
  const { task } = node;
  const what = task.resource_name || task.resource_id || task.job_id;
  const status = task.failure_status?.toLowerCase();
  const label =
    status === 'createfail'
      ? vscode.l10n.t('Create failed: {0}', what)
      : status === 'deletefail'
        ? vscode.l10n.t('Delete failed: {0}', what)
        : vscode.l10n.t('Failed task: {0}', what);
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  item.description = [task.error_code, task.fail_reason].filter(Boolean).join(' · ') || undefined;
  item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.errorForeground'));
  item.contextValue = CONTEXT.failedTask;
  return item;
}

function tooltip(node: FailedTaskNode): vscode.MarkdownString {
  const t = node.task;
  return new Tooltip()
    .title(t.resource_name || t.job_id)
    .row(vscode.l10n.t('Reason'), t.fail_reason)
    .row(vscode.l10n.t('Error code'), t.error_code)
    .row(vscode.l10n.t('Failure'), t.failure_status)
    .row(vscode.l10n.t('Job ID'), t.job_id)
    .row(vscode.l10n.t('Resource ID'), t.resource_id)
    .row(vscode.l10n.t('Started'), t.begin_time && formatTimestamp(t.begin_time))
    .paragraph(vscode.l10n.t('Dismiss it from its context menu once dealt with.')).md;
}

export const failedTaskSpec: NodeSpec<FailedTaskNode> = {
  id: (node) => `${protectionGroupSpec.id(node.parent)}/f/${part(node.task.job_id)}`,
  item,
  tooltip,
  children: () => [],
  ...NO_IDS,
};
