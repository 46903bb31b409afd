// Checks SDK-HMAC-SHA256 (AK/SK) signatures the way the API gateway does: an independent re-implementation of the documented algorithm.
import { createHash, createHmac } from 'node:crypto';

export const ALGORITHM = 'SDK-HMAC-SHA256';

export interface Credentials {
  accessKey: string;
  secretKey: string;
  /** Temporary credentials only: the request must carry (and sign) this X-Security-Token. */
  securityToken?: string;
}

export type HeaderMap = Record<string, string | string[] | undefined>;

/** Everything of a request that the signature covers, as the server received it. */
export interface SignedParts {
  method: string;
  /** Request path as sent on the wire (still percent-encoded), without the query. */
  path: string;
  /** Decoded query pairs, in any order. */
  query: ReadonlyArray<readonly [string, string]>;
  /** Header names in lower case, as Node delivers them. */
  headers: HeaderMap;
  /** Lower-case header names, in the order the client listed them. */
  signedHeaders: readonly string[];
  /** hex(sha256(body)), or the client's X-Sdk-Content-Sha256 value. */
  payloadHash: string;
  /** How the canonical query is sorted; default 'decoded'. */
  queryOrder?: QueryOrder;
}

/**
 * The official SDK signers sort query pairs on the decoded text; the written reference encodes first and then sorts.
 * The two differ only for keys or repeated values mixing non-ASCII with ASCII, so the verifier accepts either.
 */
export type QueryOrder = 'decoded' | 'encoded';

export type Verdict = { ok: true } | { ok: false; reason: string };

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** RFC 3986 encoding: keep A-Z a-z 0-9 - _ . ~, upper-case %XX for every other UTF-8 byte. */
export function sdkEncode(s: string): string {
  // encodeURIComponent already yields upper-case hex; it only leaves ! ' ( ) * that RFC 3986 wants encoded.
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/**
 * Parses a raw query string into decoded pairs. A raw `+` is a space, as in the official signers' query parsing
 * (and form encoding); a plus must be sent as %2B. Throws URIError on bad escapes.
 */
export function parseQuery(raw: string): Array<[string, string]> {
  const decode = (s: string): string => decodeURIComponent(s.replace(/\+/g, ' '));
  const pairs: Array<[string, string]> = [];
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    pairs.push([decode(key), decode(value)]);
  }
  return pairs;
}

/** Each received segment is decoded first, so `%2F` inside a segment survives and nothing is double-encoded. */
export function canonicalUri(rawPath: string): string {
  const uri = rawPath
    .split('/')
    .map((segment) => sdkEncode(decodeURIComponent(segment)))
    .join('/');
  return uri.endsWith('/') ? uri : uri + '/';
}

/** Sorted by key, then value (UTF-16 code-unit order), on the decoded or the encoded text. */
export function canonicalQuery(pairs: ReadonlyArray<readonly [string, string]>, order: QueryOrder = 'decoded'): string {
  const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const at = order === 'decoded' ? 0 : 2;
  return pairs
    .map(([k, v]) => [k, v, sdkEncode(k), sdkEncode(v)])
    .sort((a, b) => byCodeUnit(a[at], b[at]) || byCodeUnit(a[at + 1], b[at + 1]))
    .map((e) => `${e[2]}=${e[3]}`)
    .join('&');
}

function headerValue(headers: HeaderMap, name: string): string | undefined {
  const v = headers[name];
  return v === undefined ? undefined : (Array.isArray(v) ? v.join(',') : v).trim();
}

export function canonicalRequest(p: SignedParts): string {
  const headerLines = p.signedHeaders.map((h) => `${h}:${headerValue(p.headers, h) ?? ''}\n`).join('');
  return [p.method.toUpperCase(), canonicalUri(p.path), canonicalQuery(p.query, p.queryOrder), headerLines, p.signedHeaders.join(';'), p.payloadHash].join(
    '\n',
  );
}

/** hex(HMAC-SHA256(SK, string to sign)); the key is the raw SK, there is no derived signing key. */
export function computeSignature(p: SignedParts, secretKey: string): string {
  const stringToSign = [ALGORITHM, headerValue(p.headers, 'x-sdk-date') ?? '', sha256Hex(canonicalRequest(p))].join('\n');
  return createHmac('sha256', secretKey).update(stringToSign).digest('hex');
}

/** `20060102T150405Z` → epoch ms, or NaN when malformed. */
export function parseSdkDate(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : NaN;
}

const AUTH_HEADER = /^SDK-HMAC-SHA256\s+Access=([^,\s]+)\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-fA-F]+)\s*$/;

export interface ReceivedRequest {
  method: string;
  path: string;
  query: ReadonlyArray<readonly [string, string]>;
  headers: HeaderMap;
  body: Buffer;
}

/** The gateway's AK/SK check; the reason ends up in the 401's error_msg so a failing test says why. */
export function verifySignature(req: ReceivedRequest, creds: Credentials, nowMs: number, maxClockSkewSeconds: number): Verdict {
  const authorization = headerValue(req.headers, 'authorization');
  if (!authorization) return { ok: false, reason: 'no X-Auth-Token or Authorization header' };
  const m = AUTH_HEADER.exec(authorization);
  if (!m) return { ok: false, reason: `unsupported Authorization header (expected ${ALGORITHM} Access=…, SignedHeaders=…, Signature=…)` };
  const [, accessKey, signedList, signature] = m;
  if (accessKey !== creds.accessKey) return { ok: false, reason: `unknown access key ${accessKey}` };

  const signedHeaders = signedList.split(';');
  // The documented canonical form is lower-case and sorted; a client that deviates is buggy even if the maths works out.
  if (
    signedList !==
    [...signedHeaders]
      .map((h) => h.toLowerCase())
      .sort()
      .join(';')
  ) {
    return { ok: false, reason: 'SignedHeaders must be lower-case and sorted' };
  }
  const required = ['host', 'x-sdk-date', ...(creds.securityToken !== undefined ? ['x-security-token'] : [])];
  for (const name of required) {
    if (!signedHeaders.includes(name)) return { ok: false, reason: `${name} must be signed` };
  }
  for (const name of signedHeaders) {
    if (headerValue(req.headers, name) === undefined) return { ok: false, reason: `signed header ${name} is missing` };
  }
  if (creds.securityToken !== undefined && headerValue(req.headers, 'x-security-token') !== creds.securityToken) {
    return { ok: false, reason: 'invalid security token' };
  }

  const sdkDate = headerValue(req.headers, 'x-sdk-date') ?? '';
  const signedAt = parseSdkDate(sdkDate);
  if (Number.isNaN(signedAt)) return { ok: false, reason: `malformed X-Sdk-Date ${sdkDate} (expected YYYYMMDDTHHMMSSZ)` };
  if (Math.abs(nowMs - signedAt) > maxClockSkewSeconds * 1000) {
    return { ok: false, reason: `X-Sdk-Date ${sdkDate} is more than ${maxClockSkewSeconds} s away from the server clock` };
  }

  const payloadHash = headerValue(req.headers, 'x-sdk-content-sha256') ?? sha256Hex(req.body);
  const parts = { method: req.method, path: req.path, query: req.query, headers: req.headers, signedHeaders, payloadHash };
  try {
    const orders: QueryOrder[] = ['decoded', 'encoded'];
    const matches = orders.some((queryOrder) => computeSignature({ ...parts, queryOrder }, creds.secretKey) === signature.toLowerCase());
    return matches ? { ok: true } : { ok: false, reason: 'verify aksk signature fail' };
  } catch {
    return { ok: false, reason: 'malformed percent-encoding in the path' };
  }
}

/**
 * The same check against a list of accepted credentials (several accounts on one emulator): the
 * Authorization header's access key picks the entry; with no match, the first entry reports the
 * unknown access key. The list must not be empty.
 */
export function verifySignatureAny(req: ReceivedRequest, accepted: readonly Credentials[], nowMs: number, maxClockSkewSeconds: number): Verdict {
  const accessKey = AUTH_HEADER.exec(headerValue(req.headers, 'authorization') ?? '')?.[1];
  const creds = accepted.find((c) => c.accessKey === accessKey) ?? accepted[0];
  return verifySignature(req, creds, nowMs, maxClockSkewSeconds);
}
