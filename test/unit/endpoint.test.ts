// Region endpoints and the rules for a custom endpoint.
import * as assert from 'node:assert/strict';
import { normalizeEndpoint, regionEndpoint, resolveEndpoint, SDRS_REGIONS } from '../../src/sdrs/endpoint';
import { SdrsError } from '../../src/sdrs/errors';

/** The SdrsError normalizeEndpoint throws for `raw`; fails when it accepts it. */
function refusal(raw: string): SdrsError {
  try {
    normalizeEndpoint(raw);
  } catch (e) {
    assert.ok(e instanceof SdrsError, String(e));
    assert.equal(e.kind, 'config');
    assert.equal(e.field, 'endpoint');
    return e;
  }
  assert.fail(`${raw} was accepted`);
}

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
    it(`refuses ${bad}`, () =>
      assert.throws(
        () => normalizeEndpoint(bad),
        (e: Error) => e.name === 'SdrsError',
      ));
  }

  describe('never echoes user info', () => {
    const AK = 'ENDPOINTAK0123456789';
    const SK = 'endpoint-secret/key+0123';
    const cases: [string, string, RegExp?][] = [
      ['valid URL with user info', `https://${AK}:plainsecret99@sdrs.example.com`],
      ['valid URL with user info and a path', `https://${AK}:plainsecret99@sdrs.example.com/a@b`],
      ['user info and a bad port', `http://${AK}:${SK}@127.0.0.1:notaport`, /"http:\/\/\*\*\*@127\.0\.0\.1:notaport" is not a valid URL/],
      ['a secret key with a slash', `https://${AK}:${SK}@sdrs.example.com:x`, /"https:\/\/\*\*\*@sdrs\.example\.com:x"/],
      ['no scheme', `//${AK}:${SK}@host`, /"\/\/\*\*\*@host"/],
      ['one slash', `http:/${AK}:${SK}@host:bad`, /"http:\/\*\*\*@host:bad"/],
      ['user name only', `https://${AK}@[::1`],
      ['no slashes at all', `${AK}:${SK}@host with space`],
      ['spaces around', `  https://${AK}:${SK}@sdrs.example.com:99999  `],
    ];
    for (const [name, raw, pattern] of cases) {
      it(name, () => {
        const e = refusal(raw);
        const text = [e.message, e.describe(), String(e), e.stack ?? '', JSON.stringify(e)].join('\n');
        for (const secret of [AK, SK, 'endpointak', 'secret/key', 'plainsecret99'])
          assert.ok(!text.toLowerCase().includes(secret.toLowerCase()), `${secret} in ${e.message}`);
        if (pattern) assert.match(e.message, pattern);
      });
    }

    it('echoes a bad endpoint without user info as typed, on one line and cut short', () => {
      assert.match(refusal('not a url').message, /"not a url" is not a valid URL/);
      const e = refusal(`bad\nendpoint${'x'.repeat(5_000)}`);
      assert.doesNotMatch(e.message, /\n/);
      assert.ok(e.message.length < 400, `${e.message.length}`);
    });
  });

  it('refuses an unknown region without an endpoint', () => {
    assert.throws(() => resolveEndpoint('eu-west-0', undefined), /not offered in region "eu-west-0"/);
    assert.throws(() => resolveEndpoint(undefined, ''), /No SDRS region/);
  });
});
