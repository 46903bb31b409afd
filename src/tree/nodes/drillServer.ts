// A drill server: the copy of one protected instance that a drill started in the drill VPC.
import * as vscode from 'vscode';
import { noId } from '../../ui/text';
import { part, Tooltip } from './common';
import { drillSpec } from './drill';
import type { NodeSpec } from './spec';
import { CONTEXT, type DrillServerNode } from './types';

function item(node: DrillServerNode): vscode.TreeItem {
  // Named after the protected instance it copies, with its own ID beside it; by ID while no name is known.
  const name = node.instance?.name;
  const item = new vscode.TreeItem(name || node.server.drill_server_id || noId(), vscode.TreeItemCollapsibleState.None);
  item.description = name ? node.server.drill_server_id : node.server.protected_instance;
  item.iconPath = new vscode.ThemeIcon('vm');
  item.contextValue = CONTEXT.drillServer;
  return item;
}

function tooltip(node: DrillServerNode): vscode.MarkdownString {
  const instance = node.instance;
  return new Tooltip()
    .title(instance?.name || node.server.drill_server_id)
    .row(vscode.l10n.t('Drill server ID'), node.server.drill_server_id)
    .row(vscode.l10n.t('Protected instance'), instance?.name ? `${instance.name} (${node.server.protected_instance})` : node.server.protected_instance)
    .row(vscode.l10n.t('Instance status'), instance?.status)
    .row(vscode.l10n.t('Production-site server ID'), instance?.source_server)
    .row(vscode.l10n.t('DR-site server ID'), instance?.target_server)
    .row(vscode.l10n.t('Drill'), `${node.drill.name} (${node.drill.id})`).md;
}

export const drillServerSpec: NodeSpec<DrillServerNode> = {
  id: (node) => `${drillSpec.id(node.parent)}/s/${part(node.server.drill_server_id)}${node.occurrence ? `#${node.occurrence}` : ''}`,
  item,
  tooltip,
  children: () => [],
  primaryId: (node) => node.server.drill_server_id,
  copies: {
    drillServerId: (node) => node.server.drill_server_id,
    protectedInstanceId: (node) => node.server.protected_instance,
    drillId: (node) => node.drill.id,
    protectionGroupId: (node) => node.drill.server_group_id,
    json: (node) => JSON.stringify(node.server, null, 2),
  },
  picker: {
    depth: 3,
    placeholder: () => vscode.l10n.t('Pick a drill server'),
    describe: (node) => ({ label: node.server.drill_server_id, description: node.server.protected_instance }),
  },
  reveal: {
    ids: (node) => [
      ['drillServer', node.server.drill_server_id],
      ['protectedInstance', node.server.protected_instance],
    ],
    searchChildren: () => false,
  },
};
