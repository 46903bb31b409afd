// Every documented status and error body shape becomes a readable SdrsError with its request ID.
import * as assert from 'node:assert/strict';
import { errorFromNetwork, errorFromResponse, parseErrorBody, SdrsError } from '../../src/sdrs/errors';

describe('error mapping', () => {
  const shapes: [string, unknown, string, string][] = [
    ['error', { error: { code: 'SDRS.0201', message: 'bad limit' } }, 'SDRS.0201', 'bad limit'],
    ['badRequest', { badRequest: { code: 'SDRS.0202', message: 'bad name' } }, 'SDRS.0202', 'bad name'],
    ['badrequest', { badrequest: { code: 'SDRS.0204', message: 'bad vpc' } }, 'SDRS.0204', 'bad vpc'],
    ['itemNotFound', { itemNotFound: { code: 'SDRS.1013', message: 'no group' } }, 'SDRS.1013', 'no group'],
    ['any wrapper', { conflictingRequest: { code: 'SDRS.0209', message: 'wrong status' } }, 'SDRS.0209', 'wrong status'],
    ['gateway', { error_code: 'APIGW.0301', error_msg: 'Incorrect IAM authentication information', request_id: 'gw-1' }, 'APIGW.0301', 'Incorrect IAM authentication information'],
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
});
