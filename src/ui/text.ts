// Text the extension shows in several places (tree, hovers, pickers, notifications): one wording each, and server
// text made safe for places that draw `$(icon)` syntax.
import * as vscode from 'vscode';

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

/** `as of 10:32`, and `(cached)` for a listing saved by an earlier session. */
export function listingAge(fetchedAt: Date, fromCache: boolean): string {
  const time = fetchedAt.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return fromCache ? vscode.l10n.t('cached, as of {0}', time) : vscode.l10n.t('as of {0}', time);
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
