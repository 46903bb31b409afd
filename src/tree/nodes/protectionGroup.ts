// A protection group: its drills (and the drill tasks SDRS failed) as children.
import * as vscode from 'vscode';
import { DRILLABLE_GROUP_STATUSES } from '../../sdrs/model';
import { drillCount, formatTimestamp, noId } from '../../ui/text';
import { groupStatusIcon, part, productionSite, Tooltip } from './common';
import type { NodeSpec } from './spec';
import { CONTEXT, type DrillTreeNode, type GroupNode } from './types';

function item(node: GroupNode, expanded: boolean): vscode.TreeItem {
  const { group } = node;
  const n = group.drills.length;
  const state =
    n === 0 ? vscode.TreeItemCollapsibleState.None : expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
  const item = new vscode.TreeItem(group.label || noId(), state);
  const count = n === 0 ? vscode.l10n.t('no drills') : drillCount(n);
  item.description = group.group
    ? [count, productionSite(group.group), group.id].filter(Boolean).join(' · ')
    : n === 1
      ? vscode.l10n.t('unknown protection group · 1 drill')
      : vscode.l10n.t('unknown protection group · {0} drills', n);
  item.iconPath = group.group ? groupStatusIcon(group.group.status) : new vscode.ThemeIcon('question');
  // Create Drill is offered only where SDRS creates drills.
  item.contextValue = group.group?.status && DRILLABLE_GROUP_STATUSES.includes(group.group.status) ? CONTEXT.drillableGroup : CONTEXT.protectionGroup;
  return item;
}

function tooltip(node: GroupNode): vscode.MarkdownString {
  const g = node.group.group;
  const tip = new Tooltip().title(node.group.label).row(vscode.l10n.t('Protection group ID'), node.group.id);
  if (!g) {
    tip.row(vscode.l10n.t('Note'), vscode.l10n.t('The server-groups call did not return this group'));
  } else {
    tip
      .row(vscode.l10n.t('Status'), g.status)
      .row(vscode.l10n.t('Production site'), productionSite(g))
      .row(vscode.l10n.t('Replication status'), g.replication_status)
      .row(vscode.l10n.t('Synchronisation progress'), g.progress === undefined ? undefined : `${g.progress} %`)
      .row(vscode.l10n.t('Health'), g.health_status)
      .row(vscode.l10n.t('Description'), g.description)
      .row(vscode.l10n.t('Source availability zone'), g.source_availability_zone)
      .row(vscode.l10n.t('Target availability zone'), g.target_availability_zone)
      .row(vscode.l10n.t('Protected instances'), g.protected_instance_num)
      .row(vscode.l10n.t('Drills'), g.disaster_recovery_drill_num);
    if (typeof g.created_at === 'string' && g.created_at) tip.row(vscode.l10n.t('Created'), formatTimestamp(g.created_at));
  }
  return tip.row(vscode.l10n.t('Drills shown'), node.group.drills.length).md;
}

export const protectionGroupSpec: NodeSpec<GroupNode> = {
  id: (node) => `c/${part(node.connection)}/g/${part(node.group.id)}`,
  item: (node, tree) => item(node, tree.startsExpanded(node)),
  tooltip,
  children: (node, tree) => {
    // Opening a group asks for its failed drill tasks; they come first once they are in.
    const model = tree.entry(node.connection)?.model;
    model?.loadFailedTasks(node.group.id);
    const failed = (model?.failedTasks(node.group.id) ?? []).map((task): DrillTreeNode => ({
      kind: 'failedTask',
      connection: node.connection,
      task,
      parent: node,
    }));
    return [...failed, ...node.group.drills.map((drill): DrillTreeNode => ({ kind: 'drill', connection: node.connection, drill, parent: node }))];
  },
  primaryId: (node) => node.group.id,
  copies: {
    protectionGroupId: (node) => node.group.id,
    json: (node) => JSON.stringify(node.group.group ?? { id: node.group.id }, null, 2),
  },
  picker: {
    depth: 1,
    placeholder: () => vscode.l10n.t('Pick a protection group'),
    describe: (node) => ({ label: node.group.label, description: `${drillCount(node.group.drills.length)} · ${node.group.id}` }),
  },
  reveal: { ids: (node) => [['protectionGroup', node.group.id]], searchChildren: () => true },
};
