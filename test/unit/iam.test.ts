// Finding a region's project through IAM, over real HTTP against the emulator's IAM route; the transport's getAt; IAM endpoints.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { findProjects, GLOBAL_IAM_ENDPOINT, iamEndpointFor, resolveProject, type IamProject } from '../../src/sdrs/iam';
import { RequestLimiter } from '../../src/sdrs/limiter';
import { SdrsTransport, type RequestLogEntry, type SdrsCredentials, type TransportOptions } from '../../src/sdrs/transport';
import { startEmulator, type Emulator } from '../emulator/emulator';
import { rejection } from './transport-servers';

const A = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1';
const B = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2';
const C = 'ccccccccccccccccccccccccccccccc3';
const AKSK: SdrsCredentials = { kind: 'aksk', accessKey: 'EMULATORAK', secretKey: 'EMULATORSK' };

function iamTransport(url: string, credentials: SdrsCredentials, overrides: Partial<TransportOptions> = {}): SdrsTransport {
  return new SdrsTransport({
    endpoint: iamEndpointFor('cn-north-4', url),
    credentials: async () => credentials,
    retryBaseMs: 1,
    sleep: async () => undefined,
    ...overrides,
  });
}

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('IAM: findProjects against the emulator', () => {
  let emu: Emulator;
  let logs: RequestLogEntry[];
  let iam: SdrsTransport;
  before(async () => {
    emu = await startEmulator();
  });
  after(() => emu.close());
  beforeEach(() => {
    logs = [];
    iam = iamTransport(emu.url, AKSK, { log: (e) => logs.push(e) });
    emu.requests.length = 0;
    emu.options.iamProjects = [{ id: emu.projectId, name: 'cn-north-4' }];
  });
  afterEach(() => {
    emu.clearFaults();
    assert.equal(emu.iamCreateAttempts, 0, 'no project was ever created');
  });

  it('one match: GET /v3/projects?name=, signed (host, x-sdk-date), no X-Project-Id, no body; logged with both IDs', async () => {
    const projects = await findProjects(iam, 'cn-north-4');
    assert.deepEqual(projects, [{ id: emu.projectId, name: 'cn-north-4' }]);
    assert.deepEqual(resolveProject(projects), { kind: 'one', project: { id: emu.projectId, name: 'cn-north-4' } });
    assert.equal(emu.requests.length, 1);
    const [r] = emu.requests;
    assert.deepEqual([r.method, r.path, r.query, r.status], ['GET', '/v3/projects', { name: ['cn-north-4'] }, 200]);
    assert.match(String(r.headers.authorization), /^SDK-HMAC-SHA256 Access=EMULATORAK, SignedHeaders=host;x-sdk-date, Signature=[0-9a-f]{64}$/);
    assert.equal(r.headers['x-project-id'], undefined);
    assert.equal(r.headers['x-auth-token'], undefined);
    assert.ok(!r.headers['content-length'] || r.headers['content-length'] === '0');
    assert.equal(logs.length, 1);
    assert.deepEqual([logs[0].method, logs[0].path, logs[0].status, logs[0].attempt], ['GET', '/v3/projects?name=cn-north-4', 200, 1]);
    assert.equal(logs[0].requestId, r.requestId);
    assert.match(logs[0].traceId ?? '', /^[0-9a-f]{32}$/);
  });

  it('no match: an empty list and kind none, after one GET and nothing else', async () => {
    emu.options.iamProjects = [{ id: A, name: 'cn-east-3' }];
    const projects = await findProjects(iam, 'cn-north-4');
    assert.deepEqual(projects, []);
    assert.deepEqual(resolveProject(projects), { kind: 'none' });
    assert.deepEqual(
      emu.requests.map((r) => `${r.method} ${r.path}`),
      ['GET /v3/projects'],
    );
  });

  it('several matches: all of them, in IAM’s order, each ID once; kind several', async () => {
    emu.options.iamProjects = [
      { id: A, name: 'cn-north-4' },
      { id: B, name: 'cn-north-4' },
      { id: A, name: 'cn-north-4' },
    ];
    const projects = await findProjects(iam, 'cn-north-4');
    assert.deepEqual(projects, [
      { id: A, name: 'cn-north-4' },
      { id: B, name: 'cn-north-4' },
    ]);
    assert.deepEqual(resolveProject(projects), { kind: 'several', projects });
  });

  it('keeps only exact, case-sensitive name matches, even when IAM returns more than it was asked for', async () => {
    emu.options.iamProjects = [{ id: A, name: 'CN-North-4' }];
    assert.deepEqual(await findProjects(iam, 'cn-north-4'), [], 'the emulator filters exactly');
    // A server that ignores ?name= (or matches loosely): the client filters again.
    emu.injectFault({
      path: '/v3/projects',
      status: 200,
      body: {
        projects: [
          { id: A, name: 'CN-North-4' },
          { id: B, name: 'cn-north-4' },
          { id: C, name: 'cn-north-4_sub' },
          { id: 'not-hex', name: 'cn-east-3' },
        ],
      },
    });
    assert.deepEqual(await findProjects(iam, 'cn-north-4'), [{ id: B, name: 'cn-north-4' }]);
  });

  it('ignores other fields and unknown extras', async () => {
    emu.options.iamProjects = [{ id: A, name: 'cn-north-4', enabled: false, extra: { nested: [1, 2] } }];
    assert.deepEqual(await findProjects(iam, 'cn-north-4'), [{ id: A, name: 'cn-north-4' }]);
  });

  it('401 on a bad signature: kind http, APIGW.0301, an IAM message, no secret in it', async () => {
    const wrong = iamTransport(emu.url, { kind: 'aksk', accessKey: 'EMULATORAK', secretKey: 'a-wrong-secret-key' });
    const e = await rejection(findProjects(wrong, 'cn-north-4'));
    assert.deepEqual([e.kind, e.status, e.code], ['http', 401, 'APIGW.0301']);
    assert.match(e.message, /IAM rejected the credentials/);
    assert.match(e.serverMessage ?? '', /signature/);
    assert.match(e.requestId ?? '', /^[0-9a-f]{32}$/);
    assert.ok(!e.describe().includes('a-wrong-secret-key'));
  });

  it('403: kind http, a message that says to enter the project ID, the server’s words kept', async () => {
    emu.injectFault({
      path: '/v3/projects',
      status: 403,
      body: { error: { code: 403, message: 'You are not authorized to perform the requested action.', title: 'Forbidden' } },
    });
    const e = await rejection(findProjects(iam, 'cn-north-4'));
    assert.deepEqual([e.kind, e.status], ['http', 403]);
    assert.match(e.message, /lack IAM permission.*project ID by hand/);
    assert.equal(e.serverMessage, 'You are not authorized to perform the requested action.');
  });

  it('network failure (nothing listening): kind network, ECONNREFUSED, and the message names IAM, not SDRS', async () => {
    const port = await closedPort();
    const e = await rejection(findProjects(iamTransport(`http://127.0.0.1:${port}`, AKSK), 'cn-north-4'));
    assert.deepEqual([e.kind, e.errno], ['network', 'ECONNREFUSED']);
    assert.match(e.message, /IAM/);
    assert.doesNotMatch(e.message, /SDRS/);
  });

  it('a deadline, a 503 retried to success, and a cancel behave as for SDRS calls', async () => {
    emu.injectFault({ path: '/v3/projects', kind: 'hang' });
    const slow = await rejection(findProjects(iamTransport(emu.url, AKSK, { timeoutMs: 300 }), 'cn-north-4'));
    assert.equal(slow.kind, 'timeout');
    assert.match(slow.message, /^IAM did not answer within 0\.3 s/);

    emu.injectFault({ path: '/v3/projects', status: 503 });
    assert.equal((await findProjects(iam, 'cn-north-4')).length, 1);
    assert.deepEqual(
      logs.map((l) => l.status),
      [503, 200],
    );

    const controller = new AbortController();
    controller.abort();
    assert.equal((await rejection(findProjects(iam, 'cn-north-4', { signal: controller.signal }))).kind, 'aborted');
  });

  describe('hostile bodies: kind response naming the field', () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ['projects not a list', { projects: { id: A, name: 'cn-north-4' } }, /: projects is missing or not a list/],
      ['projects missing', { links: {} }, /: projects is missing or not a list/],
      ['an id that is a number', { projects: [{ id: 1234567890123456, name: 'cn-north-4' }] }, /: projects\[0\]\.id is not a string/],
      [
        'a name that is null',
        {
          projects: [
            { id: A, name: 'cn-north-4' },
            { id: B, name: null },
          ],
        },
        /: projects\[1\]\.name is not a string/,
      ],
      ['an entry that is a string', { projects: ['cn-north-4'] }, /: projects\[0\] is not an object/],
      ['a body that is a list', [{ id: A, name: 'cn-north-4' }], /: body is not an object/],
      [
        'a matching id that is not 32 hex',
        { projects: [{ id: 'cn-north-4-project', name: 'cn-north-4' }] },
        /: projects\[0\]\.id of region cn-north-4 is not a project ID of 32 hexadecimal characters/,
      ],
    ];
    for (const [what, body, message] of cases) {
      it(what, async () => {
        emu.injectFault({ path: '/v3/projects', status: 200, body });
        const e = await rejection(findProjects(iam, 'cn-north-4'));
        assert.equal(e.kind, 'response', e.describe());
        assert.match(e.message, /^IAM returned a project list of an unexpected shape/);
        assert.match(e.message, message);
        assert.match(e.requestId ?? '', /^[0-9a-f]{32}$/);
      });
    }

    it('an HTML page instead of JSON', async () => {
      emu.injectFault({ path: '/v3/projects', status: 200, body: '<html>login</html>', headers: { 'content-type': 'text/html' } });
      const e = await rejection(findProjects(iam, 'cn-north-4'));
      assert.equal(e.kind, 'response');
      assert.match(e.message, /^IAM answered HTTP 200 with an HTML page instead of JSON/);
    });

    it('a body over the size limit', async () => {
      emu.injectFault({ path: '/v3/projects', status: 200, body: { projects: [], padding: 'x'.repeat(4096) } });
      const e = await rejection(findProjects(iamTransport(emu.url, AKSK, { maxResponseBytes: 1024 }), 'cn-north-4'));
      assert.equal(e.kind, 'response');
      assert.match(e.message, /The IAM response was larger than/);
    });
  });

  it('an IAM token credential goes as X-Auth-Token, unsigned', async () => {
    const projects = await findProjects(iamTransport(emu.url, { kind: 'token', token: emu.options.token }), 'cn-north-4');
    assert.equal(projects.length, 1);
    const [r] = emu.requests;
    assert.equal(r.headers['x-auth-token'], emu.options.token);
    assert.equal(r.headers.authorization, undefined);
    const e = await rejection(findProjects(iamTransport(emu.url, { kind: 'token', token: 'expired-token-value' }), 'cn-north-4'));
    assert.deepEqual([e.status, e.code], [401, 'APIGW.0301']);
    assert.ok(!e.describe().includes('expired-token-value'));
  });

  it('temporary credentials sign and send X-Security-Token', async () => {
    const temp = await startEmulator({ credentials: { accessKey: 'TMPAK', secretKey: 'TMPSK', securityToken: 'sts-token-value' } });
    try {
      const creds: SdrsCredentials = { kind: 'aksk', accessKey: 'TMPAK', secretKey: 'TMPSK', securityToken: 'sts-token-value' };
      assert.deepEqual(await findProjects(iamTransport(temp.url, creds), 'cn-north-4'), [{ id: temp.projectId, name: 'cn-north-4' }]);
      const [r] = temp.requests;
      assert.match(String(r.headers.authorization), /SignedHeaders=host;x-sdk-date;x-security-token,/);
      assert.equal(r.headers['x-security-token'], 'sts-token-value');
      const stale = await rejection(findProjects(iamTransport(temp.url, { ...creds, securityToken: 'old-sts-token' }), 'cn-north-4'));
      assert.equal(stale.status, 401);
      assert.equal(temp.iamCreateAttempts, 0);
    } finally {
      await temp.close();
    }
  });

  it('refuses a region that is not a region ID before sending anything', async () => {
    for (const bad of ['', 'cn north 4', 'cn-north-4/../x', 'CN-NORTH-4', 'cn-north-4&name=x']) {
      const e = await rejection(findProjects(iam, bad));
      assert.deepEqual([e.kind, e.field], ['validation', 'region'], bad);
    }
    assert.equal(emu.requests.length, 0);
  });

  it('shares a limiter with SDRS transports', async () => {
    const limiter = new RequestLimiter(1);
    const sdrs = new SdrsTransport({ endpoint: emu.url, projectId: emu.projectId, credentials: async () => AKSK, limiter });
    emu.setLatency(100);
    try {
      const [projects] = await Promise.all([
        findProjects(iamTransport(emu.url, AKSK, { limiter }), 'cn-north-4'),
        sdrs.get('/server-groups', {}),
        sdrs.get('/server-groups', {}),
      ]);
      assert.equal(projects.length, 1);
      const spans = emu.requests.map((r) => r.startedAt).sort((a, b) => a - b);
      assert.ok(spans[1] - spans[0] >= 90 && spans[2] - spans[1] >= 90, `one at a time: ${spans.join(', ')}`);
    } finally {
      emu.setLatency(0);
    }
  });
});

describe('SdrsTransport: getAt and an optional project ID', () => {
  it('get needs a project ID; getAt does not; a bad one still fails at construction with the same message', async () => {
    const t = new SdrsTransport({ endpoint: 'http://127.0.0.1:1', credentials: async () => AKSK });
    assert.equal(t.projectId, undefined);
    const e = await rejection(t.get('/server-groups', {}));
    assert.deepEqual([e.kind, e.field, e.message], ['config', 'projectId', 'No project ID is set']);
    for (const bad of ['', 'xyz', 'g'.repeat(32)]) {
      assert.throws(
        () => new SdrsTransport({ endpoint: 'http://127.0.0.1:1', projectId: bad, credentials: async () => AKSK }),
        (err: unknown) => err instanceof Error && err.message === 'The project ID must be 32 hexadecimal characters',
      );
    }
  });

  it('getAt refuses a path without a leading slash or with a query or fragment', async () => {
    const t = new SdrsTransport({ endpoint: 'http://127.0.0.1:1', credentials: async () => AKSK });
    for (const bad of ['v3/projects', '/v3/projects?name=x', '/v3/projects#x', '']) {
      assert.equal((await rejection(t.getAt(bad, {}))).kind, 'validation', bad);
    }
  });

  it('getAt sends to ${endpoint}${fullPath}, keeping an endpoint’s path prefix', async () => {
    const emu = await startEmulator();
    try {
      // A prefix the emulator does not serve: 404 from the gateway proves the path was `${endpoint}${fullPath}`.
      const prefixed = new SdrsTransport({ endpoint: `${emu.url}/prefix/`, credentials: async () => AKSK });
      assert.equal((await rejection(prefixed.getAt('/v3/projects', { name: 'cn-north-4' }))).status, 404);
      assert.equal(emu.requests.at(-1)?.path, '/prefix/v3/projects');
      const plain = new SdrsTransport({ endpoint: emu.url, credentials: async () => AKSK });
      const { body } = await plain.getAt('/v3/projects', { name: 'cn-north-4' });
      assert.deepEqual(
        (body as { projects: IamProject[] }).projects.map((p) => p.id),
        [emu.projectId],
      );
    } finally {
      await emu.close();
    }
  });
});

describe('IAM endpoints', () => {
  it('is regional by default, with the global one exported', () => {
    assert.equal(iamEndpointFor('cn-north-4'), 'https://iam.cn-north-4.myhuaweicloud.com');
    assert.equal(iamEndpointFor('ap-southeast-3', '  '), 'https://iam.ap-southeast-3.myhuaweicloud.com');
    assert.equal(GLOBAL_IAM_ENDPOINT, 'https://iam.myhuaweicloud.com');
  });

  it('normalizes an override like a custom SDRS endpoint: https, http on loopback only', () => {
    assert.equal(iamEndpointFor('eu-de', 'https://iam.eu-de.otc.t-systems.com/'), 'https://iam.eu-de.otc.t-systems.com');
    assert.equal(iamEndpointFor('cn-north-4', ' http://127.0.0.1:8080/ '), 'http://127.0.0.1:8080');
    assert.equal(iamEndpointFor('cn-north-4', 'http://[::1]:9'), 'http://[::1]:9');
    const cases: Array<[string, RegExp]> = [
      ['http://iam.example.com', /IAM endpoint must use https:\/\/; plain http:\/\/ is allowed only for loopback/],
      ['ftp://iam.example.com', /IAM endpoint must use https:\/\//],
      ['https://AK:SK@iam.example.com', /IAM endpoint must not contain a user name or password/],
      ['https://iam.example.com/?x=1', /IAM endpoint must not contain a query/],
      ['not a url', /IAM endpoint "not a url" is not a valid URL \(expected e\.g\. https:\/\/iam\.cn-north-4/],
    ];
    for (const [override, message] of cases) {
      assert.throws(
        () => iamEndpointFor('cn-north-4', override),
        (e: unknown) => e instanceof Error && 'kind' in e && e.kind === 'config' && 'field' in e && e.field === 'iamEndpoint' && message.test(e.message),
        override,
      );
    }
  });

  it('refuses a region that is not a region ID instead of building a host from it', () => {
    for (const bad of ['', 'evil.com/x', 'cn-north-4.attacker', 'CN-NORTH-4', 'cn--north']) {
      assert.throws(
        () => iamEndpointFor(bad),
        (e: unknown) => e instanceof Error && 'field' in e && e.field === 'region',
        bad,
      );
    }
  });
});

describe('resolveProject', () => {
  const p = (id: string): IamProject => ({ id, name: 'cn-north-4' });
  it('tells one, none and several apart, counting each ID once', () => {
    assert.deepEqual(resolveProject([]), { kind: 'none' });
    assert.deepEqual(resolveProject([p(A)]), { kind: 'one', project: p(A) });
    assert.deepEqual(resolveProject([p(A), p(A)]), { kind: 'one', project: p(A) });
    assert.deepEqual(resolveProject([p(A), p(B), p(A)]), { kind: 'several', projects: [p(A), p(B)] });
  });
});
