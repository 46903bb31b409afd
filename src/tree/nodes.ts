// The kinds of node in the drill tree and how each looks: labels, icons by status, context values, lazy tooltips.
import * as vscode from 'vscode';
import type { ConnectionConfig } from '../config/connections';
import type { ConnectionState, MissingSetup } from '../model/connectionModel';
import type { SdrsError } from '../sdrs/errors';
import type { DrillGroup } from '../sdrs/grouping';
import {
  DELETABLE_DRILL_STATUSES,
  DRILLABLE_GROUP_STATUSES,
  type DisasterRecoveryDrill,
  type DrillServer,
  type FailedTask,
  type ProtectedInstance,
  type ProtectionGroup,
} from '../sdrs/model';
import { describeFilter } from '../filter/filterState';
import { errorLine, errorSummary, errorTooltip } from './errorText';

/** A connection's root, shown when there is more than one connection. */
export interface ConnectionNode {
  kind: 'connection';
  connection: string;
  config: ConnectionConfig;
  state: ConnectionState;
  parent?: undefined;
}
export interface GroupNode {
  kind: 'protectionGroup';
  connection: string;
  group: DrillGroup;
  /** Undefined when the only connection's groups are the roots. */
  parent?: ConnectionNode;
}
export interface DrillNode {
  kind: 'drill';
  connection: string;
  drill: DisasterRecoveryDrill;
  parent: GroupNode;
}
export interface DrillServerNode {
  kind: 'drillServer';
  connection: string;
  server: DrillServer;
  drill: DisasterRecoveryDrill;
  /**
   * How many earlier siblings carry the same `drill_server_id` (0 for the first). Exact repeats are
   * dropped when the model is built; what is left (one server ID listed with two protected
   * instances) is shown, each row with its own tree ID.
   */
  occurrence: number;
  /** The protected instance it copies, when the instance listing named it. */
  instance?: ProtectedInstance;
  parent: DrillNode;
}
/** A drill task SDRS failed and keeps in its task center, listed under its protection group until dismissed. */
export interface FailedTaskNode {
  kind: 'failedTask';
  connection: string;
  task: FailedTask;
  parent: GroupNode;
}
/** Loading, empty, failed and unconfigured states: made only by `stateNode`, so every list shows them alike. */
export interface StateNode {
  kind: 'state';
  connection: string;
  state: 'loading' | 'empty' | 'emptyFiltered' | 'error' | 'stale' | 'unconfigured';
  error?: SdrsError;
  /** When the shown data was fetched (stale nodes). */
  fetchedAt?: Date;
  /** What an unconfigured connection lacks. */
  missing?: readonly MissingSetup[];
  /** The account whose credentials are missing. */
  account?: string;
  parent?: ConnectionNode;
}
export type DrillTreeNode = ConnectionNode | GroupNode | DrillNode | DrillServerNode | FailedTaskNode | StateNode;

/** Context values that package.json menus match with `viewItem == …`. */
export const CONTEXT = {
  connection: 'connection',
  protectionGroup: 'protectionGroup',
  drillableGroup: 'protectionGroup.drillable',
  drill: 'drill',
  deletableDrill: 'drill.deletable',
  drillServer: 'drillServer',
  failedTask: 'failedTask',
  error: 'error',
  emptyFiltered: 'emptyFiltered',
} as const;

export function stateNode(
  connection: string,
  parent: ConnectionNode | undefined,
  state: StateNode['state'],
  extra: Omit<StateNode, 'kind' | 'state' | 'connection' | 'parent'> = {},
): StateNode {
  return { kind: 'state', connection, parent, state, ...extra };
}

const STATUS_ICONS: Record<string, [string, string | undefined]> = {
  available: ['pass', 'testing.iconPassed'],
  creating: ['sync~spin', 'charts.yellow'],
  deleting: ['sync~spin', 'charts.yellow'],
  error: ['error', 'testing.iconFailed'],
  'error-deleting': ['error', 'testing.iconFailed'],
};

/** Protection group statuses the service moves on by itself (see the status table of the lifecycle reference). */
const GROUP_TRANSITIONAL = new Set(['creating', 'deleting', 'starting', 'reprotecting', 'stopping', 'reversing', 'failing-over']);

/**
 * A protection group's status as icon and colour, so errors and changes stand out without hovering: error and
 * error-* red, transitional states a yellow spinner, protected green, failed-over (production on the DR site) yellow.
 */
export function groupStatusIcon(status: string | undefined): vscode.ThemeIcon {
  if (status === 'error' || status?.startsWith('error-')) return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
  if (status && GROUP_TRANSITIONAL.has(status)) return new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('charts.yellow'));
  if (status === 'protected') return new vscode.ThemeIcon('shield', new vscode.ThemeColor('testing.iconPassed'));
  if (status === 'failed-over') return new vscode.ThemeIcon('shield', new vscode.ThemeColor('charts.yellow'));
  return new vscode.ThemeIcon('shield');
}

/** Which site is production now (`priority_station`), by its availability zone when the group names it. */
export function productionSite(group: ProtectionGroup): string | undefined {
  const station = group.priority_station;
  if (station !== 'source' && station !== 'target') return undefined;
  const zone = station === 'source' ? group.source_availability_zone : group.target_availability_zone;
  return zone ? vscode.l10n.t('production: {0}', zone) : station === 'source' ? vscode.l10n.t('production: source site') : vscode.l10n.t('production: DR site');
}

/** available → green tick, creating/deleting → spinner, error/error-deleting → red; anything else neutral. */
export function statusIcon(status: string): vscode.ThemeIcon {
  const [id, color] = STATUS_ICONS[status] ?? ['circle-outline', undefined];
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

/** One part of a tree ID: encoded, so no `/` or `#` inside a server-supplied ID can forge a path. */
const part = (id: string): string => encodeURIComponent(id);

/**
 * Tree IDs are paths, `c/<connection>/g/<group>/d/<drill>/s/<server>[#n]`, each part encoded: unique for any data
 * (IDs with `/`, empty IDs, one ID in two places or two connections), stable across refreshes so VS Code keeps
 * expansion and selection.
 */
export function nodeId(node: DrillTreeNode): string | undefined {
  switch (node.kind) {
    case 'connection':
      return `c/${part(node.connection)}`;
    case 'protectionGroup':
      return `c/${part(node.connection)}/g/${part(node.group.id)}`;
    case 'drill':
      return `${nodeId(node.parent)}/d/${part(node.drill.id)}`;
    case 'drillServer':
      return `${nodeId(node.parent)}/s/${part(node.server.drill_server_id)}${node.occurrence ? `#${node.occurrence}` : ''}`;
    case 'failedTask':
      return `${nodeId(node.parent)}/f/${part(node.task.job_id)}`;
    case 'state':
      return `c/${part(node.connection)}/state/${node.state}`;
  }
}

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

/** The ID an "Insert ID" or a drag of this node produces. */
export function primaryId(node: DrillTreeNode): string | undefined {
  switch (node.kind) {
    case 'protectionGroup':
      return node.group.id;
    case 'drill':
      return node.drill.id;
    case 'drillServer':
      return node.server.drill_server_id;
    default:
      return undefined;
  }
}

/** The label of a row whose server-supplied name and ID are both empty. */
const noId = (): string => vscode.l10n.t('(no ID)');

/**
 * The tree item for a node. `expanded` is for protection groups: whether the row starts open (the
 * user's own choice, else open only while the listing is small).
 */
export function toTreeItem(node: DrillTreeNode, expanded = false): vscode.TreeItem {
  switch (node.kind) {
    case 'connection':
      return connectionItem(node);
    case 'protectionGroup': {
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
      item.id = nodeId(node);
      return item;
    }
    case 'drill': {
      const hasServers = node.drill.drill_servers.length > 0;
      const item = new vscode.TreeItem(
        node.drill.name || node.drill.id || noId(),
        hasServers ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
      );
      item.description = node.drill.status;
      item.iconPath = statusIcon(node.drill.status);
      // Delete Drill is offered only in the states SDRS deletes in.
      item.contextValue = DELETABLE_DRILL_STATUSES.includes(node.drill.status) ? CONTEXT.deletableDrill : CONTEXT.drill;
      item.id = nodeId(node);
      return item;
    }
    case 'drillServer': {
      // Named after the protected instance it copies, with its own ID beside it; by ID while no name is known.
      const name = node.instance?.name;
      const item = new vscode.TreeItem(name || node.server.drill_server_id || noId(), vscode.TreeItemCollapsibleState.None);
      item.description = name ? node.server.drill_server_id : node.server.protected_instance;
      item.iconPath = new vscode.ThemeIcon('vm');
      item.contextValue = CONTEXT.drillServer;
      item.id = nodeId(node);
      return item;
    }
    case 'failedTask':
      return failedTaskItem(node);
    case 'state':
      return stateItem(node);
  }
}

/** `create failed: drill-a`, red, with the code; the reason is in the tooltip. */
function failedTaskItem(node: FailedTaskNode): vscode.TreeItem {
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
  item.id = nodeId(node);
  return item;
}

/** "1 drill", "12 drills". */
export function drillCount(n: number): string {
  return n === 1 ? vscode.l10n.t('1 drill') : vscode.l10n.t('{0} drills', n);
}

/** `as of 10:32`, and `(cached)` for a listing saved by an earlier session. */
export function listingAge(fetchedAt: Date, fromCache: boolean): string {
  const time = fetchedAt.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return fromCache ? vscode.l10n.t('cached, as of {0}', time) : vscode.l10n.t('as of {0}', time);
}

/** One connection's root: its label, and its state in the description and icon. */
function connectionItem(node: ConnectionNode): vscode.TreeItem {
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
  if (state.kind !== 'unconfigured' && state.kind !== 'failed' && state.listing && Object.keys(state.listing.filter).length)
    parts.push(vscode.l10n.t('filtered'));
  item.description = parts.join(' · ');
  item.iconPath = icon;
  item.contextValue = CONTEXT.connection;
  item.id = nodeId(node);
  return item;
}

function stateItem(node: StateNode): vscode.TreeItem {
  const item = stateItemOf(node);
  item.id = nodeId(node);
  return item;
}

function stateItemOf(node: StateNode): vscode.TreeItem {
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
        item.command = { command: 'sdrsDrills.setCredentials', title: vscode.l10n.t('Set Credentials'), arguments: [node.account] };
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
      item.command = { command: 'sdrsDrills.clearFilter', title: vscode.l10n.t('Clear Filter'), arguments: [node] };
      return item;
    }
    case 'error':
    case 'stale': {
      const summary = node.error ? errorSummary(node.error) : vscode.l10n.t('Refresh failed');
      const label =
        node.state === 'stale' && node.fetchedAt
          ? vscode.l10n.t('Refresh failed, showing drills from {0}: {1}', node.fetchedAt.toLocaleTimeString(), summary)
          : summary;
      const item = new vscode.TreeItem(label);
      item.iconPath = new vscode.ThemeIcon(
        node.state === 'stale' ? 'warning' : 'error',
        new vscode.ThemeColor(node.state === 'stale' ? 'list.warningForeground' : 'list.errorForeground'),
      );
      item.description = node.error?.code;
      item.contextValue = CONTEXT.error;
      item.command = { command: 'sdrsDrills.refresh', title: vscode.l10n.t('Retry'), arguments: [node] };
      if (node.error) item.tooltip = errorTooltip(node.error);
      return item;
    }
  }
}

/** Local time with the UTC value the service sent (`yyyy-MM-dd HH:mm:ss.SSS`, no zone marker). */
export function formatTimestamp(utc: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?/.exec(utc);
  if (!m) return utc;
  const [, y, mo, d, h, mi, s, ms = '0'] = m;
  const date = new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, +ms.padEnd(3, '0')));
  return vscode.l10n.t('{0} (UTC {1})', date.toLocaleString(), utc);
}

/**
 * A value as tooltip text, or undefined to leave the row out: only non-empty strings and finite
 * numbers are shown, so an object, list, null or NaN from the server never reads "[object Object]",
 * "null" or "NaN".
 */
export function shownValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() ? value : undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  return undefined;
}

/** Tooltips are built on hover; server text goes in through appendText so it is escaped, never trusted. */
export function tooltipFor(node: DrillTreeNode): vscode.MarkdownString | undefined {
  const md = new vscode.MarkdownString();
  const title = (text: string): void => {
    md.appendMarkdown('**');
    md.appendText(text || noId());
    md.appendMarkdown('**\n\n');
  };
  const row = (label: string, value: unknown): void => {
    const text = shownValue(value);
    if (text === undefined) return;
    md.appendText(`${label}: ${text}`);
    md.appendMarkdown('  \n');
  };
  switch (node.kind) {
    case 'connection': {
      const { config, state } = node;
      title(config.label);
      row(vscode.l10n.t('Account'), config.account);
      row(vscode.l10n.t('Region'), config.region);
      row(vscode.l10n.t('Project ID'), config.projectId);
      row(vscode.l10n.t('Project'), config.projectName);
      row(vscode.l10n.t('Endpoint'), config.endpoint);
      const listing = state.kind === 'unconfigured' || state.kind === 'failed' ? undefined : state.listing;
      if (listing) {
        row(vscode.l10n.t('Drills'), listing.drillCount);
        row(vscode.l10n.t('Listed'), listingAge(listing.fetchedAt, listing.fromCache));
        row(
          vscode.l10n.t('Filter'),
          describeFilter(listing.filter, (id) => listing.knownGroups.find((g) => g.id === id)?.name),
        );
      }
      if (state.kind === 'stale' || state.kind === 'failed') {
        md.appendMarkdown('\n');
        md.appendText(errorLine(state.error));
      }
      return md;
    }
    case 'protectionGroup': {
      const g = node.group.group;
      title(node.group.label);
      row(vscode.l10n.t('Protection group ID'), node.group.id);
      if (!g) {
        row(vscode.l10n.t('Note'), vscode.l10n.t('The server-groups call did not return this group'));
      } else {
        row(vscode.l10n.t('Status'), g.status);
        row(vscode.l10n.t('Production site'), productionSite(g));
        row(vscode.l10n.t('Replication status'), g.replication_status);
        row(vscode.l10n.t('Synchronisation progress'), g.progress === undefined ? undefined : `${g.progress} %`);
        row(vscode.l10n.t('Health'), g.health_status);
        row(vscode.l10n.t('Description'), g.description);
        row(vscode.l10n.t('Source availability zone'), g.source_availability_zone);
        row(vscode.l10n.t('Target availability zone'), g.target_availability_zone);
        row(vscode.l10n.t('Protected instances'), g.protected_instance_num);
        row(vscode.l10n.t('Drills'), g.disaster_recovery_drill_num);
        if (typeof g.created_at === 'string' && g.created_at) row(vscode.l10n.t('Created'), formatTimestamp(g.created_at));
      }
      row(vscode.l10n.t('Drills shown'), node.group.drills.length);
      return md;
    }
    case 'drill': {
      const d = node.drill;
      title(d.name || d.id);
      row(vscode.l10n.t('Drill ID'), d.id);
      row(vscode.l10n.t('Status'), d.status);
      const group = node.parent.group;
      row(vscode.l10n.t('Protection group'), `${group.label}${group.group ? ` (${d.server_group_id})` : ''}`);
      row(vscode.l10n.t('Drill VPC ID'), d.drill_vpc_id);
      row(vscode.l10n.t('Drill servers'), d.drill_servers.length);
      if (d.created_at) row(vscode.l10n.t('Created'), formatTimestamp(d.created_at));
      if (d.updated_at) row(vscode.l10n.t('Updated'), formatTimestamp(d.updated_at));
      return md;
    }
    case 'failedTask': {
      const t = node.task;
      title(t.resource_name || t.job_id);
      row(vscode.l10n.t('Reason'), t.fail_reason);
      row(vscode.l10n.t('Error code'), t.error_code);
      row(vscode.l10n.t('Failure'), t.failure_status);
      row(vscode.l10n.t('Job ID'), t.job_id);
      row(vscode.l10n.t('Resource ID'), t.resource_id);
      row(vscode.l10n.t('Started'), t.begin_time);
      md.appendMarkdown('\n');
      md.appendText(vscode.l10n.t('Dismiss it from its context menu once dealt with.'));
      return md;
    }
    case 'drillServer': {
      const instance = node.instance;
      title(instance?.name || node.server.drill_server_id);
      row(vscode.l10n.t('Drill server ID'), node.server.drill_server_id);
      row(vscode.l10n.t('Protected instance'), instance?.name ? `${instance.name} (${node.server.protected_instance})` : node.server.protected_instance);
      row(vscode.l10n.t('Instance status'), instance?.status);
      row(vscode.l10n.t('Production-site server ID'), instance?.source_server);
      row(vscode.l10n.t('DR-site server ID'), instance?.target_server);
      row(vscode.l10n.t('Drill'), `${node.drill.name} (${node.drill.id})`);
      return md;
    }
    default:
      return undefined;
  }
}
