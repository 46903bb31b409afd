// Times as SDRS sends them, read once: `yyyy-MM-dd HH:mm:ss.SSS` without a zone is UTC (the API reference says so);
// an ISO time with `Z` or an offset (jobs and failed tasks send those) is read with its zone. Free of vscode.

const SERVER_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** The instant a server timestamp names, or undefined when the text is not one. */
export function parseServerTime(text: string): Date | undefined {
  const m = SERVER_TIME.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, fraction = '0', zone] = m;
  const ms = +fraction.slice(0, 3).padEnd(3, '0');
  let utc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, ms);
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    utc -= sign * (+digits.slice(0, 2) * 60 + +digits.slice(2)) * 60_000;
  }
  // Date.UTC rolls 2024-02-30 over to March and 25:00 to the next day: not a time the server meant.
  const day = new Date(Date.UTC(+y, +mo - 1, +d));
  if (day.getUTCMonth() !== +mo - 1 || day.getUTCDate() !== +d || +h > 23 || +mi > 59 || +s > 59) return undefined;
  return new Date(utc);
}

/** Whether the text names its zone (`Z` or an offset); SDRS's own timestamps do not, and are UTC. */
export const hasZone = (text: string): boolean => /(?:Z|[+-]\d{2}:?\d{2})$/i.test(text.trim());

/** The instant as `yyyy-MM-dd HH:mm:ss.SSS` in UTC, the shape SDRS sends its own times in. */
export function utcText(date: Date): string {
  return date.toISOString().slice(0, 23).replace('T', ' ');
}
