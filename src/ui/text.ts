// Text the extension shows in several places (tree, hovers, pickers, notifications): one wording each, and server
// text made safe for places that draw `$(icon)` syntax.
import * as vscode from 'vscode';
import { hasZone, parseServerTime, utcText } from '../model/time';

/**
 * Quick picks, tree labels and status bar text draw `$(name)` as icons; text from the server (or typed by the user)
 * is escaped so it shows as written. Only our own labels may carry icons.
 */
export function escapeIcons(text: string): string {
  // Every `$(name)` gets a backslash, also one already escaped, so a server's "\$(x)" still reads as written.
  return text.replace(/\$\([a-z0-9-]+(?:~[a-z0-9-]*)?\)/gi, (icon) => `\\${icon}`);
}

/** "1 drill", "12 drills". */
export function drillCount(n: number): string {
  return n === 1 ? vscode.l10n.t('1 drill') : vscode.l10n.t('{0} drills', n);
}

/** `as of 10:32 (UTC 02:32)`, and `cached, as of …` for a listing saved by an earlier session. */
export function listingAge(fetchedAt: Date, fromCache: boolean): string {
  const time = clockTime(fetchedAt);
  return fromCache ? vscode.l10n.t('cached, as of {0}', time) : vscode.l10n.t('as of {0}', time);
}

/** A time of day of ours (when a listing was fetched) in local time with UTC beside it: `10:32 (UTC 02:32)`. */
export function clockTime(date: Date): string {
  const local = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return vscode.l10n.t('{0} (UTC {1})', local, date.toISOString().slice(11, 16));
}

/**
 * A server timestamp in local time with its UTC value beside it, as sent when it came without a zone (SDRS's own
 * `yyyy-MM-dd HH:mm:ss.SSS` is UTC) and in UTC when it came with one. Text that is not a timestamp is shown as it came.
 */
export function formatTimestamp(text: string): string {
  const date = parseServerTime(text);
  if (!date) return text;
  return vscode.l10n.t('{0} (UTC {1})', date.toLocaleString(), hasZone(text) ? utcText(date) : text.trim());
}

/**
 * A value as display text, or undefined to leave the row out: only non-empty strings and finite numbers are shown,
 * so an object, list, null or NaN from the server never reads "[object Object]", "null" or "NaN".
 */
export function shownValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() ? value : undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  return undefined;
}

/** The label of a row whose server-supplied name and ID are both empty. */
export const noId = (): string => vscode.l10n.t('(no ID)');
