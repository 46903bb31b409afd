// Credentials a server or gateway echoes back never reach an SdrsError, describe() or the request log, over real HTTP.
import * as assert from 'node:assert/strict';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import * as net from 'node:net';
import { SdrsClient } from '../../src/sdrs/client';
import { errorFromNetwork, errorFromResponse, redact, SdrsError } from '../../src/sdrs/errors';
import type { RequestLogEntry, SdrsCredentials } from '../../src/sdrs/transport';
import { PROJECT_ID, rejection, startServer, type TestServer, transportFor } from './transport-servers';

const AK = 'REDACTAK0123456789XY';
const SK = 'redact-Secret/key+with=chars0123456789';
const SECURITY_TOKEN = 'SecurityToken-0123456789-abcdefghij/xyz+=';
const IAM_TOKEN = 'MIIZ-iam-token-0123456789-abcdefghijklmnop';

const AKSK: SdrsCredentials = { kind: 'aksk', accessKey: AK, secretKey: SK, securityToken: SECURITY_TOKEN };
const TOKEN: SdrsCredentials = { kind: 'token', token: IAM_TOKEN };

/** Everything the request carried that must not come back: header values, the signature, the keys behind them. */
function secretsSent(headers: IncomingHttpHeaders): string[] {
  const out = headers['x-auth-token'] ? [IAM_TOKEN] : [AK, SK, SECURITY_TOKEN];
  for (const name of ['authorization', 'x-security-token', 'x-auth-token']) {
    const v = headers[name];
    if (typeof v === 'string') out.push(v);
  }
  const signature = /Signature=([0-9a-f]{64})/.exec(String(headers.authorization ?? ''))?.[1];
  if (signature) out.push(signature, signature.toUpperCase());
  return out;
}

/** The credential header values the request carried, joined as a gateway that dumps headers would. */
function echo(headers: IncomingHttpHeaders): string {
  return ['authorization', 'x-security-token', 'x-auth-token']
    .filter((n) => typeof headers[n] === 'string')
    .map((n) => `${n}: ${String(headers[n])}`)
    .join('; ');
}

type Shape = (headers: IncomingHttpHeaders) => { contentType: string; body: string; requestIdHeader?: string };

const SHAPES: Record<string, Shape> = {
  'nested {"error":{code,message}}': (h) => ({
    contentType: 'application/json',
    body: JSON.stringify({ error: { code: `SDRS.0002 ${String(h['x-auth-token'] ?? h.authorization)}`, message: `Invalid credentials: ${echo(h)}` } }),
  }),
  'gateway {"error_code","error_msg","request_id"}': (h) => ({
    contentType: 'application/json',
    body: JSON.stringify({
      error_code: 'APIGW.0301',
      error_msg: `Incorrect IAM authentication information: ${echo(h)}`,
      request_id: String(h['x-auth-token'] ?? h.authorization),
    }),
  }),
  'badRequest with the key in the message': (h) => ({
    contentType: 'application/json',
    body: JSON.stringify({
      badRequest: { code: 'SDRS.0201', message: `access key ${AK} secret ${SK} token ${String(h['x-security-token'] ?? h['x-auth-token'])}` },
    }),
  }),
  'plain text': (h) => ({ contentType: 'text/plain', body: `401 Unauthorized\n${echo(h)}\n` }),
  'HTML page': (h) => ({ contentType: 'text/html', body: `<html><body><h1>401</h1><pre>${echo(h)}</pre></body></html>` }),
  'X-Request-Id header': (h) => ({
    contentType: 'application/json',
    body: JSON.stringify({ error: { code: 'SDRS.0002', message: 'Invalid token' } }),
    requestIdHeader: String(h['x-auth-token'] ?? h.authorization),
  }),
};

/** Every string the error exposes, and what describe() and the log say. */
function exposed(e: SdrsError, logs: RequestLogEntry[]): string {
  const fields = {
    kind: e.kind,
    message: e.message,
    serverMessage: e.serverMessage,
    code: e.code,
    requestId: e.requestId,
    field: e.field,
    errno: e.errno,
    status: e.status,
  };
  return [JSON.stringify(fields), JSON.stringify(e), e.describe(), String(e), e.stack ?? '', JSON.stringify(logs)].join('\n');
}

function assertNoSecrets(text: string, secrets: string[]): void {
  for (const secret of secrets) {
    assert.ok(!text.toLowerCase().includes(secret.toLowerCase()), `leaked ${secret} in:\n${text.slice(0, 2_000)}`);
  }
}

describe('redaction of echoed credentials', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  for (const [credName, creds] of [
    ['AK/SK with a security token', AKSK],
    ['IAM token', TOKEN],
  ] as const) {
    for (const [shapeName, shape] of Object.entries(SHAPES)) {
      for (const status of [401, 502]) {
        it(`${credName}: HTTP ${status}, ${shapeName}`, async () => {
          let received: IncomingHttpHeaders = {};
          server = await startServer((req: IncomingMessage, res: ServerResponse) => {
            received = req.headers;
            const { contentType, body, requestIdHeader } = shape(req.headers);
            res.writeHead(status, { 'content-type': contentType, ...(requestIdHeader ? { 'x-request-id': requestIdHeader } : {}) });
            res.end(body);
          });
          const logs: RequestLogEntry[] = [];
          const e = await rejection(transportFor(server, creds, { logs, maxAttempts: 2 }).get('/disaster-recovery-drills', {}));
          assert.equal(e.status, status);
          assert.equal(server.requests.length, status === 502 ? 2 : 1);
          const secrets = secretsSent(received);
          // Not vacuous: the request did carry the credentials, and the server did send them back.
          assert.ok(creds.kind === 'token' ? received['x-auth-token'] === IAM_TOKEN : String(received.authorization).includes(AK));
          const { body, requestIdHeader } = shape(received);
          assert.ok(
            secrets.some((s) => body.includes(s) || requestIdHeader?.includes(s)),
            'the server echoed nothing',
          );
          assertNoSecrets(exposed(e, logs), secrets);
          // What was echoed is replaced, not dropped: the rest of the server's text survives.
          const kept = [e.serverMessage, e.code, e.requestId].filter((v): v is string => !!v);
          if (requestIdHeader || /^[{]/.test(body))
            assert.ok(
              kept.some((v) => v.includes('***')),
              `nothing redacted in ${JSON.stringify(kept)}`,
            );
          assert.ok(logs.length >= 1);
        });
      }
    }
  }

  it('redacts an echoed X-Request-Id on a 200 that is not JSON, in the error and in the log', async () => {
    let received: IncomingHttpHeaders = {};
    server = await startServer((req, res) => {
      received = req.headers;
      res.writeHead(200, { 'content-type': 'text/html', 'x-request-id': `rid ${String(req.headers.authorization)}` });
      res.end('<html>login</html>');
    });
    const logs: RequestLogEntry[] = [];
    const e = await rejection(transportFor(server, AKSK, { logs }).get('/disaster-recovery-drills', {}));
    assert.equal(e.kind, 'response');
    assert.match(e.requestId ?? '', /^rid .*\*\*\*/);
    assertNoSecrets(exposed(e, logs), secretsSent(received));
  });

  it('hands the client a redacted request ID, so its shape errors and the success log are clean too', async () => {
    let received: IncomingHttpHeaders = {};
    server = await startServer((req, res) => {
      received = req.headers;
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': String(req.headers.authorization) });
      res.end('{"disaster_recovery_drills":[{"id":1}]}');
    });
    const logs: RequestLogEntry[] = [];
    const client = new SdrsClient(transportFor(server, AKSK, { logs }));
    const e = await rejection(client.listDrillPage({}, 10, 0));
    assert.equal(e.kind, 'response');
    assert.ok(e.requestId?.includes('***'));
    assert.equal(logs[0].status, 200);
    assertNoSecrets(exposed(e, logs), secretsSent(received));
  });

  it('keeps secrets and the endpoint’s user info out of a network failure', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const logs: RequestLogEntry[] = [];
    const e = await rejection(transportFor({ url: `http://127.0.0.1:${port}` }, AKSK, { logs, maxAttempts: 1 }).get('/x', {}));
    assert.equal(e.kind, 'network');
    assert.equal(e.errno, 'ECONNREFUSED');
    assert.equal(logs.length, 1);
    assertNoSecrets(exposed(e, logs), [AK, SK, SECURITY_TOKEN]);
  });

  it('redacts and strips user info from a network failure’s detail text', () => {
    const e = errorFromNetwork('ECONNRESET', `socket hang up talking to http://${AK}:${SK}@127.0.0.1:1 with ${IAM_TOKEN}`, 1_000, [IAM_TOKEN]);
    assertNoSecrets(exposed(e, []), [AK, SK, IAM_TOKEN]);
    assert.match(e.serverMessage ?? '', /http:\/\/\*\*\*@127\.0\.0\.1:1 with \*\*\*/);
  });

  it('redacts every field errorFromResponse fills, whatever the case or URL encoding of the echo', () => {
    const signature = 'a'.repeat(32) + 'b'.repeat(32);
    const body = { error_code: `APIGW.${AK}`, error_msg: `sig ${signature.toUpperCase()} sk ${encodeURIComponent(SK)}`, request_id: `r-${SK}` };
    const e = errorFromResponse(401, body, undefined, [AK, SK, signature]);
    assertNoSecrets(exposed(e, []), [AK, SK, signature, encodeURIComponent(SK)]);
    assert.equal(e.serverMessage, 'sig *** sk ***');
  });

  it('redact() leaves text alone when there is nothing to hide, and ignores empty or tiny secrets', () => {
    assert.equal(redact('nothing here', []), 'nothing here');
    assert.equal(redact('a b c', ['', 'b']), 'a b c');
    assert.equal(redact(`x ${AK}${AK} y`, [AK]), 'x ****** y');
    assert.equal(redact('Access=ABCDEF, Signature=abc', ['ABCDEF', 'Access=ABCDEF, Signature=abc']), '***');
  });

  it('the project ID alone is not treated as a secret', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ itemNotFound: { code: 'SDRS.1013', message: `project ${PROJECT_ID} has no such group` } }));
    });
    const e = await rejection(transportFor(server, AKSK).get('/x', {}));
    assert.equal(e.serverMessage, `project ${PROJECT_ID} has no such group`);
  });
});
