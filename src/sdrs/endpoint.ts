// Where SDRS lives: the public regions' endpoints, and the rules a custom endpoint must meet.
import { clip, oneLine, REDACTED, SdrsError } from './errors';

/** Regions that offer SDRS per the public endpoint table. */
export const SDRS_REGIONS = [
  'cn-north-4',
  'cn-east-2',
  'cn-east-3',
  'cn-south-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'af-south-1',
  'sa-brazil-1',
  'la-north-2',
  'la-south-2',
  'tr-west-1',
] as const;
export type SdrsRegion = (typeof SDRS_REGIONS)[number];

export function isSdrsRegion(value: string): value is SdrsRegion {
  return (SDRS_REGIONS as readonly string[]).includes(value);
}

export function regionEndpoint(region: SdrsRegion): string {
  return `https://sdrs.${region}.myhuaweicloud.com`;
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * A user-typed endpoint as it may be quoted in a message: without user info (`http://AK:SK@host`),
 * even when the URL parser rejects it, on one line and cut short. Everything before the last `@`
 * goes, except a scheme followed by slashes: a secret key may contain `/` (which parsers take for
 * the start of the path), and without `//` (`AK:SK@host`) what precedes the `@` is no scheme at all.
 */
export function displayEndpoint(raw: string): string {
  const text = oneLine(raw);
  const at = text.lastIndexOf('@');
  if (at < 0) return clip(text, 200);
  const scheme = /^(?:[a-z][a-z0-9+.-]*:)?\/+/i.exec(text)?.[0] ?? '';
  return clip(`${scheme}${REDACTED}@${text.slice(at + 1)}`, 200);
}

/**
 * Checks a custom base URL and returns it without a trailing slash. Plain `http://` is refused
 * except on loopback (tests, the emulator), because requests carry signed credentials.
 */
export function normalizeEndpoint(raw: string): string {
  const configError = (message: string): SdrsError => new SdrsError({ kind: 'config', field: 'endpoint', message });
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw configError(`The SDRS endpoint "${displayEndpoint(raw)}" is not a valid URL (expected e.g. https://sdrs.cn-north-4.myhuaweicloud.com)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    // In `AK:SK@host` the parser takes the access key for the scheme: name it only when `//` follows.
    const named = raw.trim().toLowerCase().startsWith(`${url.protocol}//`);
    throw configError(`The SDRS endpoint must use https://${named ? ` (got ${url.protocol})` : ''}`);
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw configError('The SDRS endpoint must use https://; plain http:// is allowed only for loopback addresses');
  }
  if (url.username || url.password) {
    throw configError('The SDRS endpoint must not contain a user name or password');
  }
  if (url.search || url.hash) {
    throw configError('The SDRS endpoint must not contain a query or fragment');
  }
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

/** The endpoint to use: a custom one when set, else the region's. */
export function resolveEndpoint(region: string | undefined, customEndpoint: string | undefined): string {
  if (customEndpoint && customEndpoint.trim()) return normalizeEndpoint(customEndpoint);
  if (region && isSdrsRegion(region)) return regionEndpoint(region);
  throw new SdrsError({
    kind: 'config',
    field: 'region',
    message: region
      ? `SDRS is not offered in region "${region}"; choose one of ${SDRS_REGIONS.join(', ')} or set a custom endpoint`
      : 'No SDRS region is selected',
  });
}
