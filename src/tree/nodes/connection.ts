// A connection's root (shown when there are several) and the rows a connection shows for its state.
import * as vscode from 'vscode';
import type { ConnectionEntry } from '../../model/connectionRegistry';
import type { ConnectionState } from '../../model/connectionModel';
import { describeFilter } from '../../filter/filterState';
import { drillCount, listingAge, noId } from '../../ui/text';
import { errorLine, errorSummary } from '../errorText';
import { part, Tooltip } from './common';
import type { NodeSpec } from './spec';
import { CONTEXT, stateNode, type ConnectionNode, type DrillTreeNode, type GroupNode } from './types';

/** The root of a connection, as the tree shows it now. */
export function connectionNode(entry: ConnectionEntry): ConnectionNode {
  return { kind: 'connection', connection: entry.config.id, config: entry.config, state: entry.model.state };
}

/** A connection's rows for its state: one function, so every state has a place (the compiler checks). */
export function connectionRows(entry: ConnectionEntry, parent: ConnectionNode | undefined): DrillTreeNode[] {
  const id = entry.config.id;
  const state: ConnectionState = entry.model.state;
  const groups = (listing: NonNullable<typeof entry.model.listing>): DrillTreeNode[] => {
    if (listing.groups.length === 0) return [stateNode(id, parent, Object.keys(listing.filter).length ? 'emptyFiltered' : 'empty')];
    return listing.groups.map((group): GroupNode => ({ kind: 'protectionGroup', connection: id, group, parent }));
  };
  switch (state.kind) {
    case 'unconfigured':
      // The only connection's missing setup is told by the welcome view; under a root, by a row.
      return parent ? [stateNode(id, parent, 'unconfigured', { missing: state.missing, account: entry.config.account })] : [];
    case 'loading':
      return state.listing ? groups(state.listing) : [stateNode(id, parent, 'loading')];
    case 'loaded':
      return groups(state.listing);
    case 'stale':
      return [stateNode(id, parent, 'stale', { error: state.error, fetchedAt: state.listing.fetchedAt }), ...groups(state.listing)];
    case 'failed':
      return [stateNode(id, parent, 'error', { error: state.error })];
    default: {
      const never: never = state;
      throw new Error(`unknown connection state ${JSON.stringify(never)}`);
    }
  }
}

/** The listing a connection shows, when it has one. */
const shownListing = (state: ConnectionState) => (state.kind === 'unconfigured' || state.kind === 'failed' ? undefined : state.listing);

function item(node: ConnectionNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.config.label || noId(), vscode.TreeItemCollapsibleState.Expanded);
  const state = node.state;
  const parts: string[] = [];
  let icon: vscode.ThemeIcon;
  switch (state.kind) {
    case 'unconfigured':
      parts.push(vscode.l10n.t('not set up'));
      icon = new vscode.ThemeIcon('circle-slash');
      break;
    case 'loading':
      if (state.listing) parts.push(drillCount(state.listing.drillCount), listingAge(state.listing.fetchedAt, state.listing.fromCache));
      parts.push(vscode.l10n.t('refreshing…'));
      icon = new vscode.ThemeIcon('loading~spin');
      break;
    case 'loaded':
      parts.push(drillCount(state.listing.drillCount));
      icon = new vscode.ThemeIcon('cloud');
      break;
    case 'stale':
      parts.push(drillCount(state.listing.drillCount), listingAge(state.listing.fetchedAt, state.listing.fromCache), vscode.l10n.t('refresh failed'));
      icon = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
      break;
    case 'failed':
      parts.push(errorSummary(state.error));
      icon = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
      break;
    default: {
      const never: never = state;
      throw new Error(`unknown connection state ${JSON.stringify(never)}`);
    }
  }
  const listing = shownListing(state);
  if (listing && Object.keys(listing.filter).length) parts.push(vscode.l10n.t('filtered'));
  item.description = parts.join(' · ');
  item.iconPath = icon;
  item.contextValue = CONTEXT.connection;
  return item;
}

function tooltip(node: ConnectionNode): vscode.MarkdownString {
  const { config, state } = node;
  const tip = new Tooltip()
    .title(config.label)
    .row(vscode.l10n.t('Account'), config.account)
    .row(vscode.l10n.t('Region'), config.region)
    .row(vscode.l10n.t('Project ID'), config.projectId)
    .row(vscode.l10n.t('Project'), config.projectName)
    .row(vscode.l10n.t('Endpoint'), config.endpoint);
  const listing = shownListing(state);
  if (listing) {
    tip
      .row(vscode.l10n.t('Drills'), listing.drillCount)
      .row(vscode.l10n.t('Listed'), listingAge(listing.fetchedAt, listing.fromCache))
      .row(
        vscode.l10n.t('Filter'),
        describeFilter(listing.filter, (id) => listing.knownGroups.find((g) => g.id === id)?.name),
      );
  }
  if (state.kind === 'stale' || state.kind === 'failed') tip.paragraph(errorLine(state.error));
  return tip.md;
}

export const connectionSpec: NodeSpec<ConnectionNode> = {
  id: (node) => `c/${part(node.connection)}`,
  item,
  tooltip,
  children: (node, tree) => {
    const entry = tree.entry(node.connection);
    return entry ? connectionRows(entry, connectionNode(entry)) : [];
  },
  primaryId: () => undefined,
  copies: {},
  picker: {
    depth: 0,
    placeholder: () => vscode.l10n.t('Pick a connection'),
    describe: (node) => ({ label: node.config.label, description: node.config.projectId }),
  },
  reveal: { ids: () => [], searchChildren: () => true },
};
