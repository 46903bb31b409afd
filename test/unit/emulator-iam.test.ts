// The emulator's IAM route over real HTTP: GET /v3/projects?name= as the official SDK sends it, exact filtering, auth, faults, and refused creates.
import * as assert from 'node:assert/strict';
import { DEFAULT_IAM_REGION, IAM_DOMAIN_ID, startEmulator, type Emulator } from '../emulator/emulator';
import { probe, sdkDate, sdkListProjects, sdkSign, type ProbeReply } from '../emulator/probe';
import { computeSignature, sha256Hex } from '../emulator/verify';

const A = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1';
const B = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2';
const C = 'ccccccccccccccccccccccccccccccc3';
const D = 'ddddddddddddddddddddddddddddddd4';
const HEX32 = /^[0-9a-f]{32}$/;

interface ProjectList {
  links: { self: string; previous: null; next: null };
  projects: Array<{
    id: string;
    name: string;
    domain_id: string;
    parent_id: string;
    enabled: boolean;
    is_domain: boolean;
    description: string;
    links: { self: string };
  }>;
}
interface GatewayError {
  error_code: string;
  error_msg: string;
  request_id: string;
}
interface KeystoneError {
  error: { code: number; message: string; title: string };
}

const ids = (r: ProbeReply<ProjectList>): string[] => r.body.projects.map((p) => p.id);

function assertGateway401(r: ProbeReply<unknown>, msg: RegExp): void {
  const body = r.body as GatewayError;
  assert.equal(r.status, 401, r.text);
  assert.equal(body.error_code, 'APIGW.0301');
  assert.match(body.error_msg, msg);
  assert.equal(body.request_id, r.headers['x-request-id']);
}

/** A signature over `signedBody` with our own verifier (host and x-sdk-date signed), for sending with another body. */
function signedOver(emu: Emulator, query: Array<[string, string]>, signedBody: string): Record<string, string> {
  const headers = { host: new URL(emu.url).host, 'x-sdk-date': sdkDate(Date.now()) };
  const signature = computeSignature(
    { method: 'GET', path: '/v3/projects', query, headers, signedHeaders: ['host', 'x-sdk-date'], payloadHash: sha256Hex(signedBody) },
    'EMULATORSK',
  );
  return { 'X-Sdk-Date': headers['x-sdk-date'], Authorization: `SDK-HMAC-SHA256 Access=EMULATORAK, SignedHeaders=host;x-sdk-date, Signature=${signature}` };
}

describe('SDRS emulator: IAM', () => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator({ extraCredentials: [{ accessKey: 'SECONDAK', secretKey: 'SECONDSK' }] });
  });
  after(() => emu.close());
  let saved: Emulator['options']['iamProjects'];
  beforeEach(() => {
    saved = emu.options.iamProjects;
    emu.iamCreateAttempts = 0;
  });
  afterEach(() => {
    emu.options.iamProjects = saved;
    emu.clearFaults();
  });

  it('by default lists the default project, named cn-north-4, in the documented shape, to the official SDK’s request', async () => {
    const r = await sdkListProjects<ProjectList>(emu.url, 'cn-north-4');
    assert.equal(r.status, 200, r.text);
    assert.equal(DEFAULT_IAM_REGION, 'cn-north-4');
    assert.deepEqual(r.body, {
      links: { self: `${emu.url}/v3/projects?name=cn-north-4`, previous: null, next: null },
      projects: [
        {
          id: emu.projectId,
          name: 'cn-north-4',
          domain_id: IAM_DOMAIN_ID,
          parent_id: IAM_DOMAIN_ID,
          enabled: true,
          is_domain: false,
          description: '',
          links: { self: `${emu.url}/v3/projects/${emu.projectId}` },
        },
      ],
    });
    assert.match(String(r.headers['x-request-id']), HEX32);
    assert.match(String(r.headers['x-iam-trace-id']), HEX32);
    assert.notEqual(r.headers['x-iam-trace-id'], r.headers['x-request-id']);
    assert.match(String(r.headers['content-type']), /^application\/json/);
    const recorded = emu.requests.at(-1);
    assert.deepEqual([recorded?.method, recorded?.path, recorded?.query, recorded?.status], ['GET', '/v3/projects', { name: ['cn-north-4'] }, 200]);
    assert.match(String(recorded?.headers.authorization), /SignedHeaders=content-type;host;x-sdk-date,/);
  });

  it('filters by name exactly and case-sensitively: 0, 1 or 2 matches; no name lists all; live', async () => {
    emu.options.iamProjects = [
      { id: A, name: 'cn-north-4' },
      { id: B, name: 'cn-north-4' },
      { id: C, name: 'cn-east-3' },
      { id: D, name: 'CN-North-4' },
    ];
    assert.deepEqual(ids(await sdkListProjects<ProjectList>(emu.url, 'cn-north-4')), [A, B]);
    assert.deepEqual(ids(await sdkListProjects<ProjectList>(emu.url, 'cn-east-3')), [C]);
    assert.deepEqual(ids(await sdkListProjects<ProjectList>(emu.url, 'CN-North-4')), [D]);
    for (const none of ['cn-north', 'CN-NORTH-4', 'cn-north-4 ', 'ap-southeast-1', '']) {
      const r = await sdkListProjects<ProjectList>(emu.url, none);
      assert.deepEqual([r.status, r.body.projects], [200, []], JSON.stringify(none));
    }
    assert.deepEqual(ids(await sdkListProjects<ProjectList>(emu.url, undefined)), [A, B, C, D]);
    emu.options.iamProjects.splice(1, 1);
    assert.deepEqual(ids(await sdkListProjects<ProjectList>(emu.url, 'cn-north-4')), [A]);
    emu.options.iamProjects = [];
    assert.deepEqual(ids(await sdkListProjects<ProjectList>(emu.url, 'cn-north-4')), []);
  });

  it('passes extra entry fields through over the defaults (e.g. a disabled project)', async () => {
    emu.options.iamProjects = [{ id: A, name: 'cn-north-4', enabled: false, description: 'old' }];
    const [p] = (await sdkListProjects<ProjectList>(emu.url, 'cn-north-4')).body.projects;
    assert.deepEqual([p.id, p.enabled, p.description, p.domain_id], [A, false, 'old', IAM_DOMAIN_ID]);
  });

  it('hashes the body bytes as received: a `{}` body, an empty one, and a mismatch', async () => {
    const url = `${emu.url}/v3/projects?name=cn-north-4`;
    const query: Array<[string, string]> = [['name', 'cn-north-4']];
    assert.equal((await probe(url, { headers: signedOver(emu, query, '{}'), body: '{}' })).status, 200);
    assert.equal((await probe(url, { headers: signedOver(emu, query, '') })).status, 200, 'a client of our own may send no body');
    assertGateway401(await probe(url, { headers: signedOver(emu, query, '{}') }), /signature/);
    assertGateway401(await probe(url, { headers: signedOver(emu, query, ''), body: '{}' }), /signature/);
    assertGateway401(await probe(url, { headers: signedOver(emu, query, '{}'), body: '{ }' }), /signature/);
    // The SDK's own headers with a different body than it hashed.
    const sdk = sdkSign(url, { headers: { 'Content-Type': 'application/json' }, data: {} });
    assertGateway401(await probe(url, { headers: sdk, body: '{"project":{}}' }), /signature/);
  });

  it('authenticates like the SDRS routes: no credentials, a bad signature, an unknown AK, tokens, a second account', async () => {
    const url = `${emu.url}/v3/projects?name=cn-north-4`;
    assertGateway401(await probe(url), /no X-Auth-Token or Authorization/);
    const headers = sdkSign(url, { headers: { 'Content-Type': 'application/json' }, data: {} });
    const flipped = headers.Authorization.replace(/Signature=(.)/, (_m, c: string) => `Signature=${c === '0' ? '1' : '0'}`);
    assertGateway401(await probe(url, { headers: { ...headers, Authorization: flipped }, body: '{}' }), /signature/);
    assertGateway401(await sdkListProjects(emu.url, 'cn-north-4', { ak: 'NOSUCHAK' }), /unknown access key NOSUCHAK/);
    assertGateway401(await sdkListProjects(emu.url, 'cn-north-4', { sk: 'WRONGSK' }), /signature/);
    assertGateway401(await sdkListProjects(emu.url, 'cn-north-4', { date: sdkDate(Date.now() - 20 * 60_000) }), /X-Sdk-Date/);
    assertGateway401(await probe(url, { headers: { 'X-Auth-Token': 'nope' } }), /token/);
    assert.equal((await probe(url, { headers: { 'X-Auth-Token': emu.options.token } })).status, 200);
    assert.equal((await sdkListProjects(emu.url, 'cn-north-4', { ak: 'SECONDAK', sk: 'SECONDSK' })).status, 200);
  });

  it('with temporary credentials, requires a signed and matching X-Security-Token', async () => {
    const temp = await startEmulator({ credentials: { accessKey: 'TMPAK', secretKey: 'TMPSK', securityToken: 'sts-token' } });
    try {
      const creds = { ak: 'TMPAK', sk: 'TMPSK' };
      assert.equal((await sdkListProjects(temp.url, 'cn-north-4', { ...creds, securityToken: 'sts-token' })).status, 200);
      assertGateway401(await sdkListProjects(temp.url, 'cn-north-4', { ...creds, securityToken: 'other' }), /security token/);
      assertGateway401(await sdkListProjects(temp.url, 'cn-north-4', creds), /x-security-token must be signed/);
    } finally {
      await temp.close();
    }
  });

  it('refuses an X-Project-Id header with 400 (no project is known yet)', async () => {
    const r = await sdkListProjects<KeystoneError>(emu.url, 'cn-north-4', { headers: { 'X-Project-Id': emu.projectId } });
    assert.equal(r.status, 400, r.text);
    assert.deepEqual([r.body.error.code, r.body.error.title], [400, 'Bad Request']);
    assert.match(r.body.error.message, /X-Project-Id/);
  });

  it('records every POST /v3/projects in iamCreateAttempts and answers 403, whatever the auth or faults', async () => {
    const url = `${emu.url}/v3/projects`;
    const body = JSON.stringify({ project: { name: 'cn-north-4', domain_id: IAM_DOMAIN_ID } });
    const signed = sdkSign(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, data: JSON.parse(body) as object });
    const r = await probe<KeystoneError>(url, { method: 'POST', headers: signed, body });
    assert.equal(r.status, 403, r.text);
    assert.deepEqual([r.body.error.code, r.body.error.title], [403, 'Forbidden']);
    assert.equal(emu.iamCreateAttempts, 1);
    assertGateway401(await probe(url, { method: 'POST', body }), /no X-Auth-Token/);
    assert.equal(emu.iamCreateAttempts, 2, 'counted before the auth check');
    emu.injectFault({ path: '/v3/projects', kind: 'reset' });
    await assert.rejects(probe(url, { method: 'POST', headers: { 'X-Auth-Token': emu.options.token }, body }));
    assert.equal(emu.iamCreateAttempts, 3, 'counted before any fault');
    assert.equal((await probe(`${url}/`, { method: 'POST', headers: { 'X-Auth-Token': emu.options.token }, body })).status, 403);
    assert.equal(emu.iamCreateAttempts, 4, 'a trailing slash counts too');
    await sdkListProjects(emu.url, 'cn-north-4');
    assert.equal(emu.iamCreateAttempts, 4, 'a GET does not count');
  });

  it('answers other methods with 405 and other IAM paths as unknown APIs', async () => {
    const r = await probe<KeystoneError>(`${emu.url}/v3/projects`, { method: 'DELETE', headers: { 'X-Auth-Token': emu.options.token } });
    assert.deepEqual([r.status, r.headers.allow, r.body.error.code], [405, 'GET', 405]);
    for (const path of ['/v3/regions', '/v3/auth/domains', `/v3/projects/${emu.projectId}`, '/v3/auth/tokens']) {
      const unknown = await probe<GatewayError>(emu.url + path, { headers: { 'X-Auth-Token': emu.options.token } });
      assert.deepEqual([unknown.status, unknown.body.error_code], [404, 'APIGW.0101'], path);
      assert.match(String(unknown.headers['x-iam-trace-id']), HEX32, 'every /v3 answer carries X-IAM-Trace-Id');
    }
    const sdrs = await probe(`${emu.url}/v1/${emu.projectId}/server-groups`, { headers: { 'X-Auth-Token': emu.options.token } });
    assert.equal(sdrs.status, 200);
    assert.equal(sdrs.headers['x-iam-trace-id'], undefined, 'SDRS answers do not');
  });

  it('lets faults target /v3/projects: status, hostile 200 bodies, query matches and resets', async () => {
    emu.injectFault({ path: '/v3/projects', status: 403, body: { error: { code: 403, message: 'no iam:projects:list', title: 'Forbidden' } } });
    const denied = await sdkListProjects<KeystoneError>(emu.url, 'cn-north-4');
    assert.deepEqual([denied.status, denied.body.error.message], [403, 'no iam:projects:list']);
    assert.match(String(denied.headers['x-iam-trace-id']), HEX32);
    assert.match(String(denied.headers['x-request-id']), HEX32);

    emu.injectFault({ path: '/v3/projects', status: 200, body: { projects: { id: A } } });
    assert.deepEqual((await sdkListProjects(emu.url, 'cn-north-4')).body, { projects: { id: A } });

    emu.injectFault({ path: '/v3/projects', query: { name: 'cn-east-3' }, status: 503 });
    assert.equal((await sdkListProjects(emu.url, 'cn-north-4')).status, 200, 'another region is not hit');
    assert.equal((await sdkListProjects(emu.url, 'cn-east-3')).status, 503);

    emu.injectFault({ path: '/v3/projects', kind: 'reset' });
    assert.equal(
      (await probe(`${emu.url}/v1/${emu.projectId}/server-groups`, { headers: { 'X-Auth-Token': emu.options.token } })).status,
      200,
      'SDRS is not hit',
    );
    await assert.rejects(sdkListProjects(emu.url, 'cn-north-4'));
    assert.equal((await sdkListProjects(emu.url, 'cn-north-4')).status, 200);
  });

  it('the default IAM list follows a projectId option', async () => {
    const other = await startEmulator({ projectId: D, verifyAuth: false });
    try {
      assert.deepEqual(ids(await sdkListProjects<ProjectList>(other.url, 'cn-north-4')), [D]);
      assert.deepEqual(other.options.iamProjects, [{ id: D, name: 'cn-north-4' }]);
    } finally {
      await other.close();
    }
  });
});
