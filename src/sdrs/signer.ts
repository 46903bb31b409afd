// Signs Huawei Cloud API requests with AK/SK (SDK-HMAC-SHA256) so the SDRS client needs no SDK.
import { createHash, createHmac } from 'node:crypto';

export interface AkSkCredentials {
  accessKey: string;
  secretKey: string;
  securityToken?: string;
}

export interface SignableRequest {
  /** Any case; upper-cased for signing. */
  method: string;
  /** Absolute URL including the query, exactly as it will be requested. */
  url: string;
  /** Extra headers that will be sent; of them only `x-project-id` is signed. */
  headers?: Record<string, string>;
  /** Defaults to empty. */
  body?: string | Buffer;
}

/**
 * A request already taken apart, at the level the algorithm (and its published test vectors) is
 * defined: the vectors sign `x-sdk-date` alone, which `signRequest` never does.
 */
export interface SigningInput {
  method: string;
  /** The path as it appears in the URL (percent-encoded or not), e.g. `/v1/a%20b`. */
  path: string;
  /** The query as it appears in the URL, without the leading `?`. */
  query: string;
  /** Exactly the headers to sign, names in any case; must include `x-sdk-date`. */
  headers: Record<string, string>;
  body?: string | Buffer;
}

const ALGORITHM = 'SDK-HMAC-SHA256';

// Index = byte value; precomputed because encoding runs over every path segment and query item.
const UNRESERVED = new Uint8Array(256);
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~') {
  UNRESERVED[ch.charCodeAt(0)] = 1;
}
const HEX = Array.from({ length: 256 }, (_, b) => '%' + b.toString(16).toUpperCase().padStart(2, '0'));

function percentEncodeBytes(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    out += UNRESERVED[b] === 1 ? String.fromCharCode(b) : HEX[b];
  }
  return out;
}

/** RFC 3986 encoding as the signature wants it: only `A-Z a-z 0-9 - _ . ~` survive; `%XX` is upper-case. */
export function percentEncode(s: string): string {
  return percentEncodeBytes(Buffer.from(s, 'utf8'));
}

function isHexDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/**
 * Decodes to bytes rather than to a string, and never throws: the server percent-decodes the path
 * to raw bytes before re-encoding it, so a stray `%` or an escape that is not valid UTF-8 (`%FF`)
 * must survive the round trip byte for byte instead of failing like decodeURIComponent would.
 */
function percentDecodeBytes(s: string, plusIsSpace: boolean): Buffer {
  const out: number[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 0x25 && i + 2 < s.length && isHexDigit(s.charCodeAt(i + 1)) && isHexDigit(s.charCodeAt(i + 2))) {
      out.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 3;
    } else if (c === 0x2b && plusIsSpace) {
      out.push(0x20);
      i += 1;
    } else if (c < 0x80) {
      out.push(c);
      i += 1;
    } else {
      const ch = String.fromCodePoint(s.codePointAt(i) ?? c);
      for (const b of Buffer.from(ch, 'utf8')) out.push(b);
      i += ch.length;
    }
  }
  return Buffer.from(out);
}

/**
 * Decodes each segment before encoding it so that a URL that is already encoded (`%20`, `%E4%B8%AD`,
 * `%2F` inside a segment) is not encoded twice; the server does the same with the path it receives.
 * The trailing `/` exists only in the signature, never on the wire.
 */
export function canonicalUri(path: string): string {
  const uri = path
    .split('/')
    .map((segment) => percentEncodeBytes(percentDecodeBytes(segment, false)))
    .join('/');
  return uri.endsWith('/') ? uri : uri + '/';
}

/**
 * A raw `+` is read as a space (form encoding, which is how axios serialises `params` and how the
 * server's query parser reads it); a literal plus must arrive as `%2B`, which percentEncode produces.
 * Sorting happens after encoding, on the encoded ASCII text, as the reference orders the steps; the
 * official Node SDK sorts the raw keys instead, which only differs for keys or repeated-key values
 * mixing reserved/non-ASCII characters with unreserved ones.
 */
export function canonicalQueryString(query: string): string {
  const pairs: Array<[string, string]> = [];
  for (const item of query.split('&')) {
    // `a&&b` and a trailing `&` carry no parameter; servers skip them too.
    if (item === '') continue;
    const eq = item.indexOf('=');
    const rawKey = eq < 0 ? item : item.slice(0, eq);
    const rawValue = eq < 0 ? '' : item.slice(eq + 1);
    pairs.push([percentEncodeBytes(percentDecodeBytes(rawKey, true)), percentEncodeBytes(percentDecodeBytes(rawValue, true))]);
  }
  pairs.sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function lowerCaseHeaders(headers: Record<string, string>): Map<string, string> {
  const byName = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    // Two spellings of one header would leave it to chance which value the server checks.
    if (byName.has(lower)) throw new Error(`Header "${lower}" is given more than once (in different letter case).`);
    byName.set(lower, value.trim());
  }
  return byName;
}

function sortedHeaderNames(headers: Map<string, string>): string[] {
  return [...headers.keys()].sort();
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function canonicalRequest(input: SigningInput): string {
  const headers = lowerCaseHeaders(input.headers);
  const names = sortedHeaderNames(headers);
  return [
    input.method.toUpperCase(),
    canonicalUri(input.path),
    canonicalQueryString(input.query),
    names.map((n) => `${n}:${headers.get(n) ?? ''}\n`).join(''),
    names.join(';'),
    sha256Hex(input.body ?? ''),
  ].join('\n');
}

function signedHeaderList(headers: Record<string, string>): string {
  return sortedHeaderNames(lowerCaseHeaders(headers)).join(';');
}

export function stringToSign(canonical: string, sdkDate: string): string {
  return `${ALGORITHM}\n${sdkDate}\n${sha256Hex(canonical)}`;
}

/** The hex signature; the date in the string to sign is the signed `x-sdk-date` header, so they cannot disagree. */
export function sign(input: SigningInput, secretKey: string): string {
  const date = lowerCaseHeaders(input.headers).get('x-sdk-date');
  if (date === undefined) throw new Error('The x-sdk-date header must be among the signed headers.');
  return createHmac('sha256', secretKey)
    .update(stringToSign(canonicalRequest(input), date))
    .digest('hex');
}

/** `YYYYMMDDTHHMMSSZ` in UTC; sub-second precision is dropped. */
export function formatSdkDate(d: Date): string {
  return d
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** Returns the headers to add to the request: X-Sdk-Date, Authorization, and X-Security-Token when the credentials have one. */
export function signRequest(req: SignableRequest, creds: AkSkCredentials, now: Date = new Date()): Record<string, string> {
  // WHATWG parsing is what axios/Node use to build the request line and Host header, so signing its
  // pathname/search/host signs what is actually sent (default ports dropped, dot segments resolved).
  const url = new URL(req.url);
  const date = formatSdkDate(now);
  const signed: Record<string, string> = { host: url.host, 'x-sdk-date': date };
  const sent = lowerCaseHeaders(req.headers ?? {});
  const projectId = sent.get('x-project-id');
  if (projectId !== undefined) signed['x-project-id'] = projectId;
  if (creds.securityToken) signed['x-security-token'] = creds.securityToken;

  const signature = sign({ method: req.method, path: url.pathname, query: url.search.slice(1), headers: signed, body: req.body }, creds.secretKey);
  const result: Record<string, string> = {
    'X-Sdk-Date': date,
    Authorization: `${ALGORITHM} Access=${creds.accessKey}, SignedHeaders=${signedHeaderList(signed)}, Signature=${signature}`,
  };
  if (creds.securityToken) result['X-Security-Token'] = creds.securityToken;
  return result;
}
