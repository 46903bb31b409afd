// Pieces several node specs share: tree-ID parts, status icons, and tooltips built from escaped rows.
import * as vscode from 'vscode';
import type { ProtectionGroup } from '../../sdrs/model';
import { noId, shownValue } from '../../ui/text';

/** One part of a tree ID: encoded, so no `/` or `#` inside a server-supplied ID can forge a path. */
export const part = (id: string): string => encodeURIComponent(id);

const STATUS_ICONS: Record<string, [string, string | undefined]> = {
  available: ['pass', 'testing.iconPassed'],
  creating: ['sync~spin', 'charts.yellow'],
  deleting: ['sync~spin', 'charts.yellow'],
  error: ['error', 'testing.iconFailed'],
  'error-deleting': ['error', 'testing.iconFailed'],
};

/** available → green tick, creating/deleting → spinner, error/error-deleting → red; anything else neutral. */
export function statusIcon(status: string): vscode.ThemeIcon {
  const [id, color] = STATUS_ICONS[status] ?? ['circle-outline', undefined];
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

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

/** A tooltip being written: server text goes in through appendText so it is escaped, never trusted. */
export class Tooltip {
  readonly md = new vscode.MarkdownString();

  title(text: string): this {
    this.md.appendMarkdown('**');
    this.md.appendText(text || noId());
    this.md.appendMarkdown('**\n\n');
    return this;
  }

  /** `label: value`, left out when the value is not displayable text (see shownValue). */
  row(label: string, value: unknown): this {
    const text = shownValue(value);
    if (text === undefined) return this;
    this.md.appendText(`${label}: ${text}`);
    this.md.appendMarkdown('  \n');
    return this;
  }

  paragraph(text: string): this {
    this.md.appendMarkdown('\n');
    this.md.appendText(text);
    return this;
  }
}
