// Loading, empty, failed, stale and unconfigured rows: each says what is going on and, where it can, what to do.
import * as vscode from 'vscode';
import { clockTime } from '../../ui/text';
import { errorSummary, errorTooltip } from '../errorText';
import { part } from './common';
import { NO_IDS, type NodeSpec } from './spec';
import { CONTEXT, type StateNode } from './types';
import { COMMANDS } from '../../commands/commandIds';

function item(node: StateNode): vscode.TreeItem {
  switch (node.state) {
    case 'unconfigured': {
      const missing = node.missing ?? [];
      const item = new vscode.TreeItem(
        missing.includes('credentials')
          ? vscode.l10n.t('No credentials for account "{0}" — Set Credentials', node.account ?? '')
          : missing.includes('projectId')
            ? vscode.l10n.t('No valid project ID — edit sdrs.connections')
            : vscode.l10n.t('No region or endpoint — edit sdrs.connections'),
      );
      item.iconPath = new vscode.ThemeIcon('key');
      if (missing.includes('credentials'))
        item.command = { command: COMMANDS.setCredentials, title: vscode.l10n.t('Set Credentials'), arguments: [node.account] };
      else item.command = { command: 'workbench.action.openSettings', title: vscode.l10n.t('Open Settings'), arguments: ['sdrs.connections'] };
      return item;
    }
    case 'loading': {
      const item = new vscode.TreeItem(vscode.l10n.t('Loading drills…'));
      item.iconPath = new vscode.ThemeIcon('loading~spin');
      return item;
    }
    case 'empty': {
      const item = new vscode.TreeItem(vscode.l10n.t('No disaster-recovery drills in this project'));
      item.iconPath = new vscode.ThemeIcon('info');
      return item;
    }
    case 'emptyFiltered': {
      const item = new vscode.TreeItem(vscode.l10n.t('No drills match the filter — Clear Filter'));
      item.iconPath = new vscode.ThemeIcon('filter');
      item.contextValue = CONTEXT.emptyFiltered;
      item.command = { command: COMMANDS.clearFilter, title: vscode.l10n.t('Clear Filter'), arguments: [node] };
      return item;
    }
    case 'error':
    case 'stale': {
      const summary = node.error ? errorSummary(node.error) : vscode.l10n.t('Refresh failed');
      const label =
        node.state === 'stale' && node.fetchedAt ? vscode.l10n.t('Refresh failed, showing drills from {0}: {1}', clockTime(node.fetchedAt), summary) : summary;
      const item = new vscode.TreeItem(label);
      item.iconPath = new vscode.ThemeIcon(
        node.state === 'stale' ? 'warning' : 'error',
        new vscode.ThemeColor(node.state === 'stale' ? 'list.warningForeground' : 'list.errorForeground'),
      );
      item.description = node.error?.code;
      item.contextValue = CONTEXT.error;
      item.command = { command: COMMANDS.refresh, title: vscode.l10n.t('Retry'), arguments: [node] };
      if (node.error) item.tooltip = errorTooltip(node.error);
      return item;
    }
  }
}

export const stateSpec: NodeSpec<StateNode> = {
  id: (node) => `c/${part(node.connection)}/state/${node.state}`,
  item,
  // An error row carries its tooltip on the item; the others need none.
  tooltip: () => undefined,
  children: () => [],
  ...NO_IDS,
};
