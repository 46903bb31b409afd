// A drill: its drill servers as children, each named after the protected instance it copies.
import * as vscode from 'vscode';
import { DELETABLE_DRILL_STATUSES, type ProtectedInstance } from '../../sdrs/model';
import { formatTimestamp, noId } from '../../ui/text';
import { part, statusIcon, Tooltip } from './common';
import type { NodeSpec } from './spec';
import { CONTEXT, type DrillNode, type DrillServerNode } from './types';
import { protectionGroupSpec } from './protectionGroup';

/**
 * The drill server rows of a drill, numbering repeated server IDs so each row has its own tree ID, each with the
 * protected instance it copies when `instances` names it.
 */
export function drillServerNodes(parent: DrillNode, instances?: ReadonlyMap<string, ProtectedInstance>): DrillServerNode[] {
  const seen = new Map<string, number>();
  return parent.drill.drill_servers.map((server) => {
    const occurrence = seen.get(server.drill_server_id) ?? 0;
    seen.set(server.drill_server_id, occurrence + 1);
    const node: DrillServerNode = { kind: 'drillServer', connection: parent.connection, server, drill: parent.drill, occurrence, parent };
    const instance = instances?.get(server.protected_instance);
    if (instance) node.instance = instance;
    return node;
  });
}

function item(node: DrillNode): vscode.TreeItem {
  const hasServers = node.drill.drill_servers.length > 0;
  const item = new vscode.TreeItem(
    node.drill.name || node.drill.id || noId(),
    hasServers ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
  );
  item.description = node.drill.status;
  item.iconPath = statusIcon(node.drill.status);
  // Delete Drill is offered only in the states SDRS deletes in.
  item.contextValue = DELETABLE_DRILL_STATUSES.includes(node.drill.status) ? CONTEXT.deletableDrill : CONTEXT.drill;
  return item;
}

function tooltip(node: DrillNode): vscode.MarkdownString {
  const d = node.drill;
  const group = node.parent.group;
  const tip = new Tooltip()
    .title(d.name || d.id)
    .row(vscode.l10n.t('Drill ID'), d.id)
    .row(vscode.l10n.t('Status'), d.status)
    .row(vscode.l10n.t('Protection group'), `${group.label}${group.group ? ` (${d.server_group_id})` : ''}`)
    .row(vscode.l10n.t('Drill VPC ID'), d.drill_vpc_id)
    .row(vscode.l10n.t('Drill servers'), d.drill_servers.length);
  if (d.created_at) tip.row(vscode.l10n.t('Created'), formatTimestamp(d.created_at));
  if (d.updated_at) tip.row(vscode.l10n.t('Updated'), formatTimestamp(d.updated_at));
  return tip.md;
}

export const drillSpec: NodeSpec<DrillNode> = {
  id: (node) => `${protectionGroupSpec.id(node.parent)}/d/${part(node.drill.id)}`,
  item,
  tooltip,
  children: (node, tree) => drillServerNodes(node, tree.entry(node.connection)?.model.listing?.instances),
  primaryId: (node) => node.drill.id,
  copies: {
    drillId: (node) => node.drill.id,
    drillVpcId: (node) => node.drill.drill_vpc_id || undefined,
    protectionGroupId: (node) => node.drill.server_group_id,
    json: (node) => JSON.stringify(node.drill, null, 2),
  },
  picker: {
    depth: 2,
    placeholder: () => vscode.l10n.t('Pick a drill'),
    describe: (node) => ({ label: node.drill.name || node.drill.id, description: `${node.drill.status} · ${node.drill.id}` }),
  },
  reveal: {
    ids: (node) => [
      ['drill', node.drill.id],
      ['drillVpc', node.drill.drill_vpc_id],
    ],
    // Its drill server rows are built only when one of them holds the ID.
    searchChildren: (node, matches) =>
      node.drill.drill_servers.some((s) => matches('drillServer', s.drill_server_id) || matches('protectedInstance', s.protected_instance)),
  },
};
