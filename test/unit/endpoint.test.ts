// Region endpoints and the rules for a custom endpoint.
import * as assert from 'node:assert/strict';
import { normalizeEndpoint, regionEndpoint, resolveEndpoint, SDRS_REGIONS } from '../../src/sdrs/endpoint';

describe('endpoint', () => {
  it('knows the 11 documented regions', () => {
    assert.equal(SDRS_REGIONS.length, 11);
    assert.equal(regionEndpoint('cn-north-4'), 'https://sdrs.cn-north-4.myhuaweicloud.com');
    assert.equal(resolveEndpoint('tr-west-1', undefined), 'https://sdrs.tr-west-1.myhuaweicloud.com');
  });

  it('prefers a custom endpoint and drops its trailing slash', () => {
    assert.equal(resolveEndpoint('cn-north-4', 'https://sdrs.example.internal:8443/'), 'https://sdrs.example.internal:8443');
  });

  it('allows http only on loopback', () => {
    assert.equal(normalizeEndpoint('http://127.0.0.1:8080'), 'http://127.0.0.1:8080');
    assert.equal(normalizeEndpoint('http://localhost:1'), 'http://localhost:1');
    assert.equal(normalizeEndpoint('http://[::1]:9'), 'http://[::1]:9');
    assert.throws(() => normalizeEndpoint('http://sdrs.example.com'), /https:\/\//);
    assert.throws(() => normalizeEndpoint('http://10.0.0.1'), /loopback/);
  });

  for (const bad of ['not a url', 'ftp://x', 'https://user:pw@host', 'https://host/?a=1']) {
    it(`refuses ${bad}`, () => assert.throws(() => normalizeEndpoint(bad), (e: Error) => e.name === 'SdrsError'));
  }

  it('refuses an unknown region without an endpoint', () => {
    assert.throws(() => resolveEndpoint('eu-west-0', undefined), /not offered in region "eu-west-0"/);
    assert.throws(() => resolveEndpoint(undefined, ''), /No SDRS region/);
  });
});
