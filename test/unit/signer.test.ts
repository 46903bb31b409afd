// Unit tests for the AK/SK signer: published vectors, encoding rules, and a seeded fuzz against the official SDK signer.
import * as assert from 'node:assert/strict';
// The official signer is a devDependency used only here as an oracle; src/ must never import it.
import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner';
import {
  canonicalQueryString,
  canonicalRequest,
  canonicalUri,
  formatSdkDate,
  percentEncode,
  sign,
  signRequest,
  stringToSign,
  type AkSkCredentials,
  type SignableRequest,
} from '../../src/sdrs/signer';
// Seeded, so a failure is reproducible from its index.
import { mulberry32 } from '../emulator/seed';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const T0 = new Date(Date.UTC(2006, 0, 2, 15, 4, 5));

/** Our canonical request for a signRequest call, rebuilt from the same parts, for assertions and mismatch reports. */
function ourCanonical(req: SignableRequest, creds: AkSkCredentials, now: Date): string {
  const url = new URL(req.url);
  const headers: Record<string, string> = { host: url.host, 'x-sdk-date': formatSdkDate(now) };
  for (const [k, v] of Object.entries(req.headers ?? {})) {
    if (k.toLowerCase() === 'x-project-id') headers['x-project-id'] = v;
  }
  if (creds.securityToken) headers['x-security-token'] = creds.securityToken;
  return canonicalRequest({ method: req.method, path: url.pathname, query: url.search.slice(1), headers, body: req.body });
}

describe('signer', () => {
  describe('percentEncode', () => {
    it('keeps exactly the RFC 3986 unreserved set', () => {
      assert.equal(percentEncode('ABCXYZabcxyz0189-_.~'), 'ABCXYZabcxyz0189-_.~');
    });
    it('encodes space as %20, not +', () => assert.equal(percentEncode('a b'), 'a%20b'));
    it('keeps ~', () => assert.equal(percentEncode('~user'), '~user'));
    it('encodes + as %2B', () => assert.equal(percentEncode('a+b'), 'a%2Bb'));
    it('encodes the characters encodeURIComponent leaves alone', () => {
      assert.equal(percentEncode("!'()*"), '%21%27%28%29%2A');
    });
    it('encodes / and % inside a value', () => assert.equal(percentEncode('a/b%c'), 'a%2Fb%25c'));
    it('encodes Chinese as upper-case %XX of the UTF-8 bytes', () => {
      assert.equal(percentEncode('中文'), '%E4%B8%AD%E6%96%87');
    });
    it('encodes characters outside the BMP as four UTF-8 bytes', () => {
      assert.equal(percentEncode('😀'), '%F0%9F%98%80');
    });
    it('leaves the empty string empty', () => assert.equal(percentEncode(''), ''));
  });

  describe('formatSdkDate', () => {
    it('formats as YYYYMMDDTHHMMSSZ', () => assert.equal(formatSdkDate(T0), '20060102T150405Z'));
    it('uses UTC and drops milliseconds', () => {
      assert.equal(formatSdkDate(new Date('2099-12-31T23:59:59.999+08:00')), '20991231T155959Z');
    });
    it('zero-pads every field', () => {
      assert.equal(formatSdkDate(new Date(Date.UTC(2001, 1, 3, 4, 5, 6))), '20010203T040506Z');
    });
  });

  describe('canonicalUri', () => {
    it('adds the trailing slash', () => assert.equal(canonicalUri('/v1/p/disaster-recovery-drills'), '/v1/p/disaster-recovery-drills/'));
    it('does not double a trailing slash', () => assert.equal(canonicalUri('/v1/p/'), '/v1/p/'));
    it('maps the root to a single slash', () => assert.equal(canonicalUri('/'), '/'));
    it('keeps empty segments', () => assert.equal(canonicalUri('/a//b'), '/a//b/'));
    it('encodes raw characters per segment', () => assert.equal(canonicalUri('/a b/中'), '/a%20b/%E4%B8%AD/'));
    it('does not double-encode an already-encoded segment', () => {
      assert.equal(canonicalUri('/a%20b/%E4%B8%AD'), '/a%20b/%E4%B8%AD/');
    });
    it('keeps an encoded / inside its segment and upper-cases escapes', () => {
      assert.equal(canonicalUri('/a%2fb/c'), '/a%2Fb/c/');
    });
    it('re-encodes escapes of unreserved characters as the characters', () => assert.equal(canonicalUri('/%7Eu%2D'), '/~u-/'));
    it('treats a stray % as a literal and keeps non-UTF-8 bytes', () => {
      assert.equal(canonicalUri('/100%/%FF'), '/100%25/%FF/');
    });
  });

  describe('canonicalQueryString', () => {
    it('sorts by key, then by value for repeated keys, keeping repeats', () => {
      assert.equal(canonicalQueryString('b=2&a=3&c=x&a=1&a=3'), 'a=1&a=3&a=3&b=2&c=x');
    });
    it('writes an empty value, or a missing =, as k=', () => assert.equal(canonicalQueryString('b=&a'), 'a=&b='));
    it('is empty for an empty query', () => assert.equal(canonicalQueryString(''), ''));
    it('skips empty items', () => assert.equal(canonicalQueryString('a=1&&b=2&'), 'a=1&b=2'));
    it('splits on the first = only', () => assert.equal(canonicalQueryString('a=b=c'), 'a=b%3Dc'));
    it('reads a raw + as a space and %2B as a plus', () => {
      assert.equal(canonicalQueryString('q=a+b&p=a%2Bb'), 'p=a%2Bb&q=a%20b');
    });
    it('normalises lower-case escapes and raw unicode', () => {
      assert.equal(canonicalQueryString('n=%e4%b8%ad&m=中'), 'm=%E4%B8%AD&n=%E4%B8%AD');
    });
    it('sorts on the encoded text, as the reference orders the steps', () => {
      // Raw order would put "a" before "中"; encoded, "%E4..." sorts before "a".
      assert.equal(canonicalQueryString('a=1&中=2'), '%E4%B8%AD=2&a=1');
    });
  });

  describe('published vectors (x-sdk-date as the only signed header)', () => {
    const headers = { 'X-Sdk-Date': '20060102T150405Z' };

    it('GET /path?limit=1, empty body', () => {
      const input = { method: 'GET', path: '/path', query: 'limit=1', headers };
      assert.equal(canonicalRequest(input), `GET\n/path/\nlimit=1\nx-sdk-date:20060102T150405Z\n\nx-sdk-date\n${EMPTY_SHA256}`);
      assert.equal(sign(input, 'SecretKey'), '5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624');
    });

    it('POST /path?key=value with a JSON body and trailing newline', () => {
      const input = { method: 'POST', path: '/path', query: 'key=value', headers, body: '{"Name":"test","Id":1}\n' };
      assert.equal(sign(input, 'SecretKey'), 'cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59');
      assert.equal(sign({ ...input, body: Buffer.from(input.body) }, 'SecretKey'), sign(input, 'SecretKey'));
    });

    it('builds the string to sign from the date and the canonical hash', () => {
      assert.equal(stringToSign('', '20060102T150405Z'), `SDK-HMAC-SHA256\n20060102T150405Z\n${EMPTY_SHA256}`);
    });

    it('refuses to sign without x-sdk-date', () => {
      assert.throws(() => sign({ method: 'GET', path: '/', query: '', headers: { host: 'h' } }, 'sk'), /x-sdk-date/);
    });
  });

  describe('signRequest', () => {
    const creds: AkSkCredentials = { accessKey: 'AK', secretKey: 'SK' };
    const url = 'https://sdrs.cn-north-4.myhuaweicloud.com/v1/p/disaster-recovery-drills?limit=10';

    it('returns X-Sdk-Date and Authorization only, signing host and x-sdk-date', () => {
      const h = signRequest({ method: 'get', url }, creds, T0);
      assert.deepEqual(Object.keys(h).sort(), ['Authorization', 'X-Sdk-Date']);
      assert.equal(h['X-Sdk-Date'], '20060102T150405Z');
      assert.match(h.Authorization, /^SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=[0-9a-f]{64}$/);
      assert.equal(
        ourCanonical({ method: 'get', url }, creds, T0),
        'GET\n/v1/p/disaster-recovery-drills/\nlimit=10\n' +
          'host:sdrs.cn-north-4.myhuaweicloud.com\nx-sdk-date:20060102T150405Z\n\nhost;x-sdk-date\n' +
          EMPTY_SHA256,
      );
    });

    it('adds and signs X-Security-Token for temporary credentials', () => {
      const temp = { ...creds, securityToken: 'tok-123' };
      const h = signRequest({ method: 'GET', url }, temp, T0);
      assert.equal(h['X-Security-Token'], 'tok-123');
      assert.match(h.Authorization, /SignedHeaders=host;x-sdk-date;x-security-token,/);
      assert.match(ourCanonical({ method: 'GET', url }, temp, T0), /\nx-security-token:tok-123\n/);
      assert.notEqual(h.Authorization, signRequest({ method: 'GET', url }, creds, T0).Authorization);
    });

    it('signs x-project-id (any case, value trimmed) and no other sent header', () => {
      const req = { method: 'POST', url, body: '{}', headers: { 'X-PROJECT-ID': '  p1\t', 'Content-Type': 'application/json' } };
      const h = signRequest(req, creds, T0);
      assert.match(h.Authorization, /SignedHeaders=host;x-project-id;x-sdk-date,/);
      assert.match(ourCanonical(req, creds, T0), /\nx-project-id:p1\n/);
      const trimmed = signRequest({ ...req, headers: { 'x-project-id': 'p1' } }, creds, T0);
      assert.equal(h.Authorization, trimmed.Authorization);
    });

    it('upper-cases the method', () => {
      assert.equal(signRequest({ method: 'delete', url }, creds, T0).Authorization, signRequest({ method: 'DELETE', url }, creds, T0).Authorization);
    });

    it('signs a non-default port in host, and no default port', () => {
      assert.match(ourCanonical({ method: 'GET', url: 'https://h.example:8443/x' }, creds, T0), /\nhost:h.example:8443\n/);
      assert.match(ourCanonical({ method: 'GET', url: 'https://h.example:443/x' }, creds, T0), /\nhost:h.example\n/);
      assert.match(ourCanonical({ method: 'GET', url: 'http://h.example:80/x' }, creds, T0), /\nhost:h.example\n/);
      assert.match(ourCanonical({ method: 'GET', url: 'http://h.example:443/x' }, creds, T0), /\nhost:h.example:443\n/);
    });

    it('hashes a Buffer body like the same string', () => {
      const body = '{"name":"演练"}';
      assert.equal(
        signRequest({ method: 'PUT', url, body }, creds, T0).Authorization,
        signRequest({ method: 'PUT', url, body: Buffer.from(body) }, creds, T0).Authorization,
      );
    });

    it('uses the current time by default', () => {
      const before = formatSdkDate(new Date());
      const date = signRequest({ method: 'GET', url }, creds)['X-Sdk-Date'];
      assert.ok(date >= before && date <= formatSdkDate(new Date()), date);
    });

    it('rejects one header given twice in different case', () => {
      assert.throws(() => signRequest({ method: 'GET', url, headers: { 'X-Project-Id': 'a', 'x-project-id': 'b' } }, creds, T0), /more than once/);
    });
  });

  describe('oracle: official @huaweicloud/huaweicloud-sdk-core AKSKSigner', () => {
    oracleSuite();
  });
});

// ---------------------------------------------------------------------------------------------
// Oracle plumbing

type OracleCredential = Parameters<typeof AKSKSigner.sign>[1];
type OracleRequest = Parameters<typeof AKSKSigner.sign>[0];

/** The stock signer, only overridden to record the canonical request it builds so a mismatch can show it. */
class CapturingOracle extends AKSKSigner {
  static lastCanonical = '';
  protected static override buildCanonicalRequest(
    method: string | undefined,
    uri: string | undefined,
    query: string,
    headers: string,
    signedHeaders: string,
    payloadHash: string | undefined,
  ): string {
    const canonical = super.buildCanonicalRequest(method, uri, query, headers, signedHeaders, payloadHash);
    CapturingOracle.lastCanonical = canonical;
    return canonical;
  }
}

/**
 * The stock oracle encodes the URL's pathname without decoding it first, so `%20` becomes `%2520`
 * (the SDK's own client even encodeURIComponent()s path params first, so it double-encodes them).
 * The reference says to encode the path's segments, and the Go and Python APIG signers decode the
 * path before encoding it; this subclass adds exactly that decode step, still encoding with the
 * oracle's own urlEncode. It is used only for paths the stock oracle cannot be given raw.
 */
class DecodingOracle extends CapturingOracle {
  protected static override CanonicalURI(inputUri?: string): string | undefined {
    if (!inputUri) return inputUri;
    const uri = inputUri
      .split('/')
      .map((segment) => String(this.urlEncode(decodeURIComponent(segment))))
      .join('/');
    return uri.endsWith('/') ? uri : uri + '/';
  }
}

function oracleCredential(ak: string, sk: string): OracleCredential {
  // sign() only calls these two.
  return { getAk: () => ak, getSk: () => sk } as unknown as OracleCredential;
}

function runOracle(oracle: typeof CapturingOracle, request: OracleRequest, ak: string, sk: string): { auth: string; canonical: string } {
  CapturingOracle.lastCanonical = '';
  const headers = oracle.sign(request, oracleCredential(ak, sk)) as Record<string, string>;
  return { auth: headers.Authorization, canonical: CapturingOracle.lastCanonical };
}

class Gen {
  constructor(private readonly rng: () => number) {}
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rng() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.rng() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
  /**
   * Weighted towards the troublesome: reserved and unsafe ASCII, space, %, +, ~, /, Chinese, non-BMP.
   * `stockSafe` leaves out what the stock oracle's url.parse would escape or split on, so the
   * unmodified oracle can be handed the raw text as a path.
   */
  text(min: number, max: number, stockSafe = false): string {
    const classes = stockSafe ? STOCK_SAFE_CLASSES : CHAR_CLASSES;
    let s = '';
    for (let n = this.int(min, max); n > 0; n--) s += this.pick(this.pick(classes));
    return s;
  }
  token(len: number): string {
    let s = '';
    for (let n = len; n > 0; n--) s += this.pick(TOKEN_CHARS);
    return s;
  }
}

const UNICODE_CHARS = ['中', '文', '容', '灾', '演', '练', 'é', 'ß', '😀', '€'];
const CHAR_CLASSES: readonly string[][] = [[...'abcxyzABCXYZ0189'], [...'-_.~'], [..."!*'();:@&=+$,/?#[]"], [...' "%<>\\^`{|}'], [...'+%~/ '], UNICODE_CHARS];
const STOCK_UNSAFE = /[ "'<>`{}|^\\%?#/]/;
const STOCK_SAFE_CLASSES: readonly string[][] = CHAR_CLASSES.map((c) => c.filter((ch) => !STOCK_UNSAFE.test(ch))).filter((c) => c.length > 0);
const TOKEN_CHARS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/='];

const hex2 = (c: string): string => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0');

/** Different but equivalent ways a URL may carry the same decoded text; our signer must not care which. */
function encodeVariant(g: Gen, s: string, inQuery: boolean): string {
  const style = g.int(0, inQuery ? 4 : 3);
  switch (style) {
    case 0:
      return percentEncode(s);
    case 1:
      return encodeURIComponent(s);
    case 2:
      return encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
    case 3:
      // Raw except what would change the URL's structure; WHATWG URL escapes the rest itself. Trailing
      // spaces are escaped too, because URL parsing strips them from the end of the whole URL.
      return s.replace(inQuery ? /[%&=+#]/g : /[%/?#\\]/g, hex2).replace(/ +$/, (m) => '%20'.repeat(m.length));
    default:
      return encodeURIComponent(s).replace(/%20/g, '+');
  }
}

interface OracleCase {
  ours: { req: SignableRequest; creds: AkSkCredentials; now: Date };
  oracle: { request: OracleRequest; which: 'stock' | 'decoding' };
}

/** Order the stock oracle writes query pairs in: raw keys by JS sort, then each key's raw values by JS sort. */
function oracleQueryOrder(params: Array<[string, string]>): string {
  const byKey = new Map<string, string[]>();
  for (const [k, v] of params) byKey.set(k, [...(byKey.get(k) ?? []), v]);
  return [...byKey.keys()]
    .sort()
    .flatMap((k) => (byKey.get(k) ?? []).sort().map((v) => `${percentEncode(k)}=${percentEncode(v)}`))
    .join('&');
}

function referenceQueryOrder(params: Array<[string, string]>): string {
  return params
    .map(([k, v]): [string, string] => [percentEncode(k), percentEncode(v)])
    .sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

const stats = { cases: 0, stock: 0, decoding: 0, queryRegenerations: 0 };

function genQuery(g: Gen): Array<[string, string]> {
  const keyPool = ['limit', 'offset', 'name', 'status', 'server_group_id', 'marker', 'Name', 'a', 'z'];
  for (;;) {
    const params: Array<[string, string]> = [];
    for (let n = g.int(0, 5); n > 0; n--) {
      if (params.length > 0 && g.chance(0.3)) {
        params.push([g.pick(params)[0], g.chance(0.3) ? '' : g.text(0, 6)]);
      } else {
        const key = g.chance(0.5) ? g.pick(keyPool) : g.text(g.chance(0.05) ? 0 : 1, 6);
        params.push([key, g.chance(0.2) ? '' : g.text(0, 8)]);
      }
    }
    // Only the one corner where the stock oracle departs from the reference is avoided: pair order.
    if (oracleQueryOrder(params) === referenceQueryOrder(params)) return params;
    stats.queryRegenerations++;
  }
}

function genCase(g: Gen): OracleCase {
  const method = g.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD']);
  const scheme = g.pick(['https', 'http']);
  const hostname = g.pick(['sdrs.cn-north-4.myhuaweicloud.com', 'SDRS.ap-southeast-1.MyHuaweiCloud.com', 'localhost', '127.0.0.1']);
  const defaultPort = scheme === 'https' ? '443' : '80';
  const port = g.pick(['', '', defaultPort, '8443', '9000']);
  const ourPort = port ? `:${port}` : '';
  const oraclePort = port && port !== defaultPort ? `:${port}` : '';

  const stockSafe = g.chance(0.4);
  const segments: string[] = [];
  for (let n = g.int(1, 4); n > 0; n--) {
    let seg = g.chance(0.3) ? g.pick(['v1', '0b9d5ec4c1a24a6c8de5fb7b3a4f0d3e', 'disaster-recovery-drills', 'server-groups']) : g.text(0, 8, stockSafe);
    // WHATWG URL resolves dot segments (even encoded ones) before sending, so they never reach the server.
    if (seg === '.' || seg === '..') seg = 'dot';
    segments.push(seg);
  }
  if (g.chance(0.2)) segments.push('');
  const ourPath = '/' + segments.map((s) => encodeVariant(g, s, false)).join('/');
  // url.parse in the oracle escapes these itself (or splits on them), so such paths go through DecodingOracle.
  const which = segments.every((s) => !STOCK_UNSAFE.test(s)) ? 'stock' : 'decoding';
  const oraclePath = '/' + (which === 'stock' ? segments : segments.map(encodeURIComponent)).join('/');

  const params = genQuery(g);
  const query = g
    .shuffle([...params])
    .map(([k, v]) => (v === '' && k !== '' && g.chance(0.3) ? encodeVariant(g, k, true) : `${encodeVariant(g, k, true)}=${encodeVariant(g, v, true)}`))
    .join('&');
  const queryParams: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const [k, v] of params) {
    const prev = queryParams[k];
    queryParams[k] = prev === undefined ? v : [...(Array.isArray(prev) ? prev : [prev]), v];
  }

  const creds: AkSkCredentials = { accessKey: g.token(20).replace(/[+/=]/g, 'A'), secretKey: g.token(40) };
  if (g.chance(0.4)) creds.securityToken = g.token(g.int(16, 300));
  const now = new Date(Date.UTC(2000, 0, 1) + Math.floor(g.int(0, 3_155_000_000) * 1000 + g.int(0, 999)));
  const date = formatSdkDate(now);

  const ourHeaders: Record<string, string> = {};
  const oracleHeaders: Record<string, string> = { 'X-Sdk-Date': date };
  if (g.chance(0.5)) {
    const projectId = g.token(32).replace(/[+/=]/g, '0');
    ourHeaders[g.pick(['X-Project-Id', 'x-project-id', 'X-PROJECT-ID'])] = g.pick(['', ' ', '  \t']) + projectId + g.pick(['', ' ', '\t']);
    oracleHeaders['X-Project-Id'] = projectId;
  }
  if (creds.securityToken) oracleHeaders['X-Security-Token'] = creds.securityToken;
  // Sent but never signed: the oracle is not told about them.
  if (g.chance(0.5)) ourHeaders['User-Agent'] = 'sdrs-drill-explorer/0.0.1';

  let body: string | Buffer | undefined;
  let data: unknown;
  if (method !== 'GET' && method !== 'HEAD' && g.chance(0.7)) {
    data = { name: g.text(0, 10), id: g.int(0, 1e6), drill: { vpc_id: g.text(0, 5), servers: [g.text(0, 4), g.int(-5, 5)] }, ok: g.chance(0.5) };
    const json = JSON.stringify(data);
    body = g.chance(0.5) ? json : Buffer.from(json, 'utf8');
    ourHeaders['Content-Type'] = 'application/json;charset=UTF-8';
  } else {
    body = g.pick([undefined, '', Buffer.alloc(0)]);
  }

  const ourMethod = g.pick([method, method.toLowerCase(), method[0] + method.slice(1).toLowerCase()]);
  return {
    ours: {
      req: { method: ourMethod, url: `${scheme}://${hostname}${ourPort}${ourPath}${query ? '?' + query : ''}`, headers: ourHeaders, body },
      creds,
      now,
    },
    oracle: {
      which,
      request: { method, endpoint: `${scheme}://${hostname}${oraclePort}${oraclePath}`, headers: oracleHeaders, queryParams, data },
    },
  };
}

function describeCase(index: number, c: OracleCase, ours: string, theirs: { auth: string; canonical: string }): string {
  const show = (v: unknown): unknown => (Buffer.isBuffer(v) ? `Buffer(${v.toString('utf8')})` : v);
  return [
    `oracle mismatch at case #${index} (${c.oracle.which} oracle)`,
    `our request:    ${JSON.stringify({ ...c.ours.req, body: show(c.ours.req.body) })}`,
    `credentials:    ${JSON.stringify(c.ours.creds)}  now=${c.ours.now.toISOString()}`,
    `oracle request: ${JSON.stringify(c.oracle.request)}`,
    `ours:   ${ours}`,
    `oracle: ${theirs.auth}`,
    `our canonical request:\n${ourCanonical(c.ours.req, c.ours.creds, c.ours.now)}`,
    `oracle canonical request:\n${theirs.canonical}`,
  ].join('\n');
}

function oracleSuite(): void {
  const CASES = 2000;

  it(`agrees with the oracle on ${CASES} seeded random requests`, () => {
    const g = new Gen(mulberry32(0x5d125eed));
    let mismatches = 0;
    let first = '';
    for (let i = 0; i < CASES; i++) {
      const c = genCase(g);
      const ours = signRequest(c.ours.req, c.ours.creds, c.ours.now);
      const oracle = c.oracle.which === 'stock' ? CapturingOracle : DecodingOracle;
      const theirs = runOracle(oracle, c.oracle.request, c.ours.creds.accessKey, c.ours.creds.secretKey);
      stats.cases++;
      stats[c.oracle.which]++;
      const tokenOk = ours['X-Security-Token'] === c.ours.creds.securityToken;
      if (ours.Authorization !== theirs.auth || !tokenOk || ours['X-Sdk-Date'] !== formatSdkDate(c.ours.now)) {
        mismatches++;
        if (!first) first = describeCase(i, c, ours.Authorization, theirs);
      }
    }
    console.log(
      `      oracle: ${stats.cases} cases (${stats.stock} stock, ${stats.decoding} decoding-path shim), ` +
        `${stats.queryRegenerations} query draws redrawn for the sort-order corner`,
    );
    assert.equal(mismatches, 0, `${mismatches}/${CASES} cases differ from the oracle; first:\n${first}`);
  });

  it('(corner) stock oracle double-encodes an already-encoded path; we decode first, per the reference', () => {
    const request = { method: 'GET', endpoint: 'https://h/v1/a%20b', headers: { 'X-Sdk-Date': '20060102T150405Z' } };
    const theirs = runOracle(CapturingOracle, request, 'AK', 'SK');
    assert.equal(theirs.canonical.split('\n')[1], '/v1/a%2520b/');
    assert.equal(ourCanonical({ method: 'GET', url: 'https://h/v1/a%20b' }, { accessKey: 'AK', secretKey: 'SK' }, T0).split('\n')[1], '/v1/a%20b/');
  });

  it('(corner) stock oracle sorts query keys raw; the reference sorts the encoded keys', () => {
    const request = { method: 'GET', endpoint: 'https://h/x', headers: { 'X-Sdk-Date': '20060102T150405Z' }, queryParams: { a: '1', 中: '2' } };
    assert.equal(runOracle(CapturingOracle, request, 'AK', 'SK').canonical.split('\n')[2], 'a=1&%E4%B8%AD=2');
    assert.equal(canonicalQueryString('a=1&%E4%B8%AD=2'), '%E4%B8%AD=2&a=1');
  });

  it('agrees with the stock oracle on a typical SDRS call with temporary credentials', () => {
    const creds = { accessKey: 'AK', secretKey: 'SK', securityToken: 'tok' };
    const req = {
      method: 'GET',
      url: 'https://sdrs.cn-north-4.myhuaweicloud.com:8443/v1/0b9d/disaster-recovery-drills?limit=10&name=%E6%BC%94%E7%BB%83&status=available',
      headers: { 'X-Project-Id': '0b9d' },
    };
    const theirs = runOracle(
      CapturingOracle,
      {
        method: 'GET',
        endpoint: 'https://sdrs.cn-north-4.myhuaweicloud.com:8443/v1/0b9d/disaster-recovery-drills',
        headers: { 'X-Sdk-Date': '20060102T150405Z', 'X-Project-Id': '0b9d', 'X-Security-Token': 'tok' },
        queryParams: { limit: 10, name: '演练', status: 'available' },
      },
      'AK',
      'SK',
    );
    assert.equal(ourCanonical(req, creds, T0), theirs.canonical);
    assert.equal(signRequest(req, creds, T0).Authorization, theirs.auth);
  });
}
