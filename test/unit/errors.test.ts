// Every documented status and error body shape becomes a readable SdrsError with its request ID.
import * as assert from 'node:assert/strict';
import { clip, errorFromNetwork, errorFromResponse, oneLine, parseErrorBody, SdrsError, serverText, stripUserinfo, timeoutError } from '../../src/sdrs/errors';

describe('error mapping', () => {
  const shapes: [string, unknown, string, string][] = [
    ['error', { error: { code: 'SDRS.0201', message: 'bad limit' } }, 'SDRS.0201', 'bad limit'],
    ['badRequest', { badRequest: { code: 'SDRS.0202', message: 'bad name' } }, 'SDRS.0202', 'bad name'],
    ['badrequest', { badrequest: { code: 'SDRS.0204', message: 'bad vpc' } }, 'SDRS.0204', 'bad vpc'],
    ['itemNotFound', { itemNotFound: { code: 'SDRS.1013', message: 'no group' } }, 'SDRS.1013', 'no group'],
    ['any wrapper', { conflictingRequest: { code: 'SDRS.0209', message: 'wrong status' } }, 'SDRS.0209', 'wrong status'],
    [
      'gateway',
      { error_code: 'APIGW.0301', error_msg: 'Incorrect IAM authentication information', request_id: 'gw-1' },
      'APIGW.0301',
      'Incorrect IAM authentication information',
    ],
    ['JSON text', '{"error":{"code":"SDRS.0008","message":"network timeout"}}', 'SDRS.0008', 'network timeout'],
  ];
  for (const [name, body, code, message] of shapes) {
    it(`reads the ${name} shape`, () => {
      const parsed = parseErrorBody(body);
      assert.equal(parsed.code, code);
      assert.equal(parsed.message, message);
    });
  }

  it('takes the gateway request_id when there is no X-Request-Id header', () => {
    const e = errorFromResponse(401, { error_code: 'APIGW.0301', error_msg: 'x', request_id: 'gw-1' });
    assert.equal(e.requestId, 'gw-1');
    assert.equal(errorFromResponse(401, { error_code: 'APIGW.0301', request_id: 'gw-1' }, 'hdr-1').requestId, 'hdr-1');
  });

  for (const body of ['<html><body>502 Bad Gateway</body></html>', '', undefined, 'plain text', '{not json', [], 42]) {
    it(`survives a body of ${JSON.stringify(body)}`, () => {
      const e = errorFromResponse(502, body, 'req-9');
      assert.equal(e.kind, 'http');
      assert.equal(e.code, undefined);
      assert.equal(e.requestId, 'req-9');
      assert.match(e.describe(), /Bad gateway.*HTTP 502.*request ID req-9/);
    });
  }

  for (const status of [400, 401, 403, 404, 405, 406, 407, 408, 409, 429, 500, 501, 502, 503, 504]) {
    it(`gives HTTP ${status} its own short message`, () => {
      const e = errorFromResponse(status, { error: { code: 'SDRS.0001', message: 'srv' } }, 'rid');
      assert.equal(e.status, status);
      assert.ok(e.message.length > 10 && e.message.length < 100, e.message);
      assert.doesNotMatch(e.message, /undefined/);
      assert.match(e.describe(), new RegExp(`SDRS.0001, HTTP ${status}, request ID rid`));
    });
  }

  it('gives distinct messages for distinct statuses', () => {
    const statuses = [400, 401, 403, 404, 405, 406, 407, 408, 409, 429, 500, 501, 502, 503, 504];
    const messages = new Set(statuses.map((s) => errorFromResponse(s, '').message));
    assert.equal(messages.size, statuses.length);
  });

  const network: [string | undefined, SdrsError['kind'], RegExp][] = [
    ['ECONNREFUSED', 'network', /refused/],
    ['ECONNRESET', 'network', /reset/],
    ['ENOTFOUND', 'network', /DNS/],
    ['ECONNABORTED', 'timeout', /within 30 s/],
    ['ETIMEDOUT', 'timeout', /within 30 s/],
    ['CERT_HAS_EXPIRED', 'network', /TLS/],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'network', /TLS/],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'network', /TLS/],
    ['ERR_CANCELED', 'aborted', /cancelled/],
    [undefined, 'network', /failed/],
  ];
  for (const [errno, kind, pattern] of network) {
    it(`maps network failure ${errno ?? '(unknown)'}`, () => {
      const e = errorFromNetwork(errno, 'detail', 30_000);
      assert.equal(e.kind, kind);
      assert.match(e.message, pattern);
    });
  }

  describe('server text', () => {
    it('clips long text with an ellipsis and a count, within the limit, never splitting a surrogate pair', () => {
      const cut = clip('y'.repeat(10_000), 500);
      assert.ok(cut.length <= 500, `${cut.length}`);
      assert.match(cut, /^y+… \(\d+ more characters\)$/);
      assert.equal(Number(/\((\d+) more/.exec(cut)?.[1]) + cut.indexOf('…'), 10_000);
      assert.equal(clip('short', 500), 'short');
      assert.equal(clip('c'.repeat(100), 64), 'c'.repeat(63) + '…');
      const emoji = clip('😀'.repeat(100), 64);
      assert.ok(!/[\ud800-\udbff]…/.test(emoji), 'a high surrogate was left alone before the ellipsis');
    });

    it('flattens every kind of line break and control character to one space', () => {
      assert.equal(oneLine(' a\r\nb\u2028c\u2029d\u0085e\u000bf\u0000g\u001b[0mh\u202ei\t\tj '), 'a b c d e f g [0mh i j');
    });

    it('redacts, strips user info, flattens and clips in one call', () => {
      const out = serverText(`token TOKEN-0123456789\nat https://user:pa/ss@host/x ${'z'.repeat(1_000)}`, ['TOKEN-0123456789']);
      assert.ok(out.startsWith('token *** at https://***@host/x zzz'), out);
      assert.ok(out.length <= 500);
    });

    it('strips user info from URLs in free text but leaves e-mail addresses alone', () => {
      assert.equal(stripUserinfo('GET http://AK:SK@127.0.0.1:1/v1 failed; mail ops@example.com'), 'GET http://***@127.0.0.1:1/v1 failed; mail ops@example.com');
    });

    it('stores every field of an SdrsError cleaned, so no path around the builders can flood a log', () => {
      const e = new SdrsError({
        kind: 'http',
        message: 'line one\nline two',
        serverMessage: 'm'.repeat(100_000),
        code: 'C'.repeat(1_000),
        requestId: 'r\n'.repeat(1_000),
        secrets: ['mmmmmmmmmm'],
      });
      assert.equal(e.message, 'line one line two');
      assert.ok((e.serverMessage ?? '').length <= 500);
      assert.ok(!(e.serverMessage ?? '').includes('mmmmmmmmmm'), 'the secret survived');
      assert.ok((e.code ?? '').length <= 64);
      assert.ok((e.requestId ?? '').length <= 128);
      assert.doesNotMatch(e.describe(), /[\r\n]/);
      assert.ok(e.describe().length < 800);
      assert.equal(new SdrsError({ kind: 'http', message: 'x', serverMessage: '\r\n' }).serverMessage, undefined);
    });

    it('names the deadline in seconds, with a decimal only when needed', () => {
      assert.equal(timeoutError(30_000).message, 'SDRS did not answer within 30 s');
      assert.equal(timeoutError(200).message, 'SDRS did not answer within 0.2 s');
      assert.equal(timeoutError(1_500).kind, 'timeout');
    });
  });
});
