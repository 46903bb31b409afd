// Server-supplied text (message, code, request ID) is cut to a sane length and flattened to one line, over real HTTP.
import * as assert from 'node:assert/strict';
import { SdrsError } from '../../src/sdrs/errors';
import type { RequestLogEntry, SdrsCredentials } from '../../src/sdrs/transport';
import { rejection, startServer, type TestServer, transportFor } from './transport-servers';

const CREDS: SdrsCredentials = { kind: 'token', token: 'server-text-token-0123456789' };
// eslint-disable-next-line no-control-regex
const LINE_BREAKS = /[\r\n\u000b\u000c\u0085\u2028\u2029]/;

describe('server text in errors', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function errorFor(status: number, body: unknown, headers: Record<string, string> = {}, logs: RequestLogEntry[] = []): Promise<SdrsError> {
    server = await startServer((_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    });
    return rejection(transportFor(server, CREDS, { logs }).get('/disaster-recovery-drills', {}));
  }

  it('cuts a 200 KB server message to about 500 characters and says how much was cut', async () => {
    const huge = 'x'.repeat(200 * 1024);
    const e = await errorFor(400, { error: { code: 'SDRS.0201', message: huge } });
    assert.ok(e.serverMessage, 'the message was dropped instead of cut');
    assert.ok(e.serverMessage.length <= 520, `serverMessage is ${e.serverMessage.length} characters`);
    assert.ok(e.serverMessage.startsWith('x'.repeat(400)));
    assert.match(e.serverMessage, /…/);
    assert.match(e.serverMessage, /\(\d+ more characters\)$/);
    const line = e.describe();
    assert.ok(line.length < 800, `describe() is ${line.length} characters`);
    assert.doesNotMatch(line, LINE_BREAKS);
  });

  it('flattens CR LF, U+2028 and other controls so a message cannot forge log lines', async () => {
    const forged = 'bad limit\r\n2026-01-01 00:00:00.000 [error] fake line\u2028[info] another\u2029x\u0000y\u001b[31mred\u0085z\u202eevil';
    const logs: RequestLogEntry[] = [];
    const e = await errorFor(400, { error: { code: 'SDRS.0201\nAPIGW.0301', message: forged } }, { 'x-request-id': 'req-1' }, logs);
    assert.equal(e.serverMessage, 'bad limit 2026-01-01 00:00:00.000 [error] fake line [info] another x y [31mred z evil');
    assert.equal(e.code, 'SDRS.0201 APIGW.0301');
    assert.doesNotMatch(e.describe(), LINE_BREAKS);
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(e.describe(), /[\u0000-\u001f\u007f-\u009f]/);
    assert.doesNotMatch(JSON.stringify(logs), /\\[rn]|\\u2028/);
  });

  it('caps the code at 64 characters and the request ID at 128, one line each', async () => {
    const e = await errorFor(401, { error_code: 'APIGW.' + 'C'.repeat(5_000), error_msg: 'no', request_id: 'rid\n' + 'r'.repeat(10_000) });
    assert.ok(e.code && e.code.length <= 64 && e.code.startsWith('APIGW.CCC'), e.code);
    assert.ok(e.requestId && e.requestId.length <= 128 && e.requestId.startsWith('rid rrr'), e.requestId);
    assert.doesNotMatch(e.describe(), LINE_BREAKS);
  });

  it('caps a long X-Request-Id header, in the error and in the log', async () => {
    const logs: RequestLogEntry[] = [];
    const e = await errorFor(500, { error: { code: 'SDRS.0008', message: 'network timeout' } }, { 'x-request-id': 'h'.repeat(8_000) }, logs);
    assert.ok(e.requestId && e.requestId.length <= 128, `${e.requestId?.length}`);
    assert.ok(logs.length >= 1);
    for (const entry of logs) assert.ok((entry.requestId ?? '').length <= 128, `log request ID is ${entry.requestId?.length} characters`);
  });

  it('leaves an ordinary message as it is', async () => {
    const e = await errorFor(400, { error: { code: 'SDRS.0201', message: 'Invalid parameter: limit must be 0..1000 (演练)' } }, { 'x-request-id': 'abc123' });
    assert.equal(e.serverMessage, 'Invalid parameter: limit must be 0..1000 (演练)');
    assert.equal(e.code, 'SDRS.0201');
    assert.equal(e.requestId, 'abc123');
    assert.equal(
      e.describe(),
      'SDRS rejected the request as invalid — Invalid parameter: limit must be 0..1000 (演练) (SDRS.0201, HTTP 400, request ID abc123)',
    );
  });
});
