// The SDRS client over real HTTP against the emulator: signing, paging, errors, retries, limits, logging.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { SdrsClient } from '../../src/sdrs/client';
import { SdrsError } from '../../src/sdrs/errors';
import { DRILL_STATUSES } from '../../src/sdrs/model';
import { SdrsTransport, type RequestLogEntry, type SdrsCredentials, type TransportOptions } from '../../src/sdrs/transport';
import { startEmulator, type Emulator } from '../emulator/emulator';

const AK = 'TESTAKTESTAKTESTAK12';
const SK = 'test-secret-key/with+chars';

function expectError(kind: SdrsError['kind'], check?: (e: SdrsError) => void): (e: unknown) => boolean {
  return (e: unknown) => {
    assert.ok(e instanceof SdrsError, `expected SdrsError, got ${String(e)}`);
    assert.equal(e.kind, kind, e.describe());
    check?.(e);
    return true;
  };
}

describe('SDRS client against the emulator', function () {
  let emulator: Emulator;
  let logs: RequestLogEntry[];
  let sleeps: number[];

  const transport = (overrides: Partial<TransportOptions> = {}, credentials: SdrsCredentials = { kind: 'aksk', accessKey: AK, secretKey: SK }): SdrsTransport =>
    new SdrsTransport({
      endpoint: emulator.url,
      projectId: emulator.projectId,
      credentials: async () => credentials,
      log: (entry) => logs.push(entry),
      retryBaseMs: 5,
      sleep: async (ms) => {
        sleeps.push(ms);
        await new Promise((r) => setTimeout(r, Math.min(ms, 20)));
      },
      ...overrides,
    });
  const client = (overrides: Partial<TransportOptions> = {}, defaults = {}): SdrsClient => new SdrsClient(transport(overrides), defaults);

  before(async () => {
    emulator = await startEmulator({ drills: 2500, groups: 12, credentials: { accessKey: AK, secretKey: SK } });
  });
  after(async () => emulator.close());
  beforeEach(() => {
    emulator.clearFaults();
    emulator.setCountMode('total');
    emulator.setLatency(0);
    emulator.requests.length = 0;
    logs = [];
    sleeps = [];
  });

  describe('authentication', () => {
    it('signs requests the emulator verifies independently (AK/SK)', async () => {
      const page = await client().listDrillPage({}, 10, 0);
      assert.equal(page.items.length, 10);
      const auth = String(emulator.requests[0].headers.authorization);
      assert.match(auth, /^SDK-HMAC-SHA256 Access=TESTAKTESTAKTESTAK12, SignedHeaders=host;x-sdk-date, Signature=[0-9a-f]{64}$/);
    });

    it('signs Chinese and reserved characters in the name filter', async () => {
      const drills = await client().listDrills({ name: '演练 a+b/%~' });
      assert.ok(Array.isArray(drills));
      assert.equal(emulator.requests[0].status, 200);
      assert.deepEqual(emulator.requests[0].query.name, ['演练 a+b/%~']);
    });

    it('sends and signs a security token for temporary credentials', async () => {
      const em = await startEmulator({ drills: 3, credentials: { accessKey: 'TMPAK', secretKey: 'TMPSK', securityToken: 'sec-token' } });
      try {
        const t = new SdrsTransport({
          endpoint: em.url,
          projectId: em.projectId,
          credentials: async () => ({ kind: 'aksk', accessKey: 'TMPAK', secretKey: 'TMPSK', securityToken: 'sec-token' }),
        });
        assert.equal((await new SdrsClient(t).listDrills()).length, 3);
        assert.equal(em.requests[0].headers['x-security-token'], 'sec-token');
        assert.match(String(em.requests[0].headers.authorization), /SignedHeaders=host;x-sdk-date;x-security-token,/);
      } finally {
        await em.close();
      }
    });

    it('uses X-Auth-Token without a signature in IAM-token mode', async () => {
      const c = new SdrsClient(transport({}, { kind: 'token', token: 'emulator-token' }));
      assert.equal((await c.listDrillPage({}, 5, 0)).items.length, 5);
      assert.equal(emulator.requests[0].headers.authorization, undefined);
      assert.equal(emulator.requests[0].headers['x-auth-token'], 'emulator-token');
    });

    it('reports a wrong secret key as 401 APIGW.0301 with the request ID', async () => {
      const c = new SdrsClient(transport({}, { kind: 'aksk', accessKey: AK, secretKey: 'wrong' }));
      await assert.rejects(
        c.listDrills(),
        expectError('http', (e) => {
          assert.equal(e.status, 401);
          assert.equal(e.code, 'APIGW.0301');
          assert.equal(e.requestId, emulator.requests[0].requestId);
          assert.match(e.describe(), /Authentication failed.*APIGW\.0301, HTTP 401, request ID [0-9a-f]{32}/);
        }),
      );
    });

    it('refuses to send without credentials', async () => {
      const t = new SdrsTransport({ endpoint: emulator.url, projectId: emulator.projectId, credentials: async () => undefined });
      await assert.rejects(
        new SdrsClient(t).listDrills(),
        expectError('config', (e) => assert.equal(e.field, 'credentials')),
      );
      assert.equal(emulator.requests.length, 0);
    });
  });

  describe('listing', () => {
    for (const mode of ['total', 'page'] as const) {
      it(`returns every drill in server order when count means ${mode}`, async () => {
        emulator.setCountMode(mode);
        const drills = await client({}, { pageSize: 100, concurrency: 4 }).listDrills();
        assert.deepEqual(
          drills.map((d) => d.id),
          emulator.data.drills.map((d) => d.id),
        );
      });
    }

    it('passes every filter to the service and gets only matching drills', async () => {
      const sample = emulator.data.drills.find((d) => d.status === 'error-deleting')!;
      const filter = {
        server_group_id: sample.server_group_id,
        status: 'error-deleting' as const,
        drill_vpc_id: sample.drill_vpc_id,
        name: sample.name.slice(1, 4).toUpperCase(),
      };
      const drills = await client().listDrills(filter);
      assert.ok(drills.some((d) => d.id === sample.id));
      for (const d of drills) {
        assert.equal(d.server_group_id, filter.server_group_id);
        assert.equal(d.status, 'error-deleting');
        assert.equal(d.drill_vpc_id, filter.drill_vpc_id);
        assert.ok(d.name.toLowerCase().includes(filter.name.toLowerCase()));
      }
      const q = emulator.requests[0].query;
      assert.deepEqual(q.server_group_id, [filter.server_group_id]);
      assert.deepEqual(q.status, ['error-deleting']);
      assert.deepEqual(q.drill_vpc_id, [filter.drill_vpc_id]);
      assert.deepEqual(q.name, [filter.name]);
      assert.deepEqual(q.limit, ['1000']);
      assert.deepEqual(q.offset, ['0']);
    });

    it('sees all five statuses in the seeded data', async () => {
      const statuses = new Set((await client().listDrills()).map((d) => d.status));
      assert.deepEqual([...statuses].sort(), [...DRILL_STATUSES].sort());
    });

    it('validates before sending anything', async () => {
      await assert.rejects(
        client().listDrills({ status: 'available ' as 'available' }),
        expectError('validation', (e) => assert.equal(e.field, 'status')),
      );
      await assert.rejects(
        client().listDrillPage({}, 1001, 0),
        expectError('validation', (e) => assert.equal(e.field, 'limit')),
      );
      await assert.rejects(
        client().listDrillPage({}, 10, -1),
        expectError('validation', (e) => assert.equal(e.field, 'offset')),
      );
      await assert.rejects(client().listDrills({}, { pageSize: 0 }), expectError('validation'));
      assert.equal(emulator.requests.length, 0);
    });

    it('maps the service validation error (SDRS.0207) for a malformed group ID', async () => {
      await assert.rejects(
        client().listDrills({ server_group_id: 'not-a-uuid' }),
        expectError('http', (e) => {
          assert.equal(e.status, 400);
          assert.equal(e.code, 'SDRS.0207');
        }),
      );
    });

    it('lists every protection group across pages', async () => {
      const groups = await client({}, { pageSize: 5 }).listProtectionGroups();
      assert.deepEqual(groups.map((g) => g.id).sort(), emulator.data.groups.map((g) => g.id).sort());
      assert.ok(groups.every((g) => typeof g.name === 'string'));
    });

    it('shows one drill, and maps a missing one to 404 itemNotFound', async () => {
      const want = emulator.data.drills[7];
      assert.deepEqual(await client().showDrill(want.id), want);
      await assert.rejects(
        client().showDrill('00000000-0000-4000-8000-000000000000'),
        expectError('http', (e) => {
          assert.equal(e.status, 404);
          assert.equal(e.code, 'SDRS.1301');
          assert.ok(e.serverMessage);
        }),
      );
    });

    it('remembers a small result and does not speculate next time', async () => {
      const t = transport();
      let calls = 0;
      const get = t.get.bind(t);
      t.get = (...args) => {
        calls++;
        return get(...args);
      };
      const c = new SdrsClient(t, { pageSize: 1000, concurrency: 4 });
      await c.listDrills({ status: 'creating' });
      assert.equal(calls, 4, 'a cold listing speculates up to the concurrency bound');
      calls = 0;
      await c.listDrills({ status: 'creating' });
      assert.equal(calls, 1, 'a warm listing of a small result asks once');
    });
  });

  describe('failures', () => {
    const statuses = [400, 401, 403, 404, 405, 406, 407, 408, 409, 429, 500, 501, 502, 503, 504];
    for (const status of statuses) {
      it(`maps HTTP ${status} with an SDRS body to a readable error`, async () => {
        emulator.injectFault({ status, body: { error: { code: 'SDRS.9999', message: `injected ${status}` } }, times: Infinity });
        await assert.rejects(
          client().listDrillPage({}, 10, 0),
          expectError('http', (e) => {
            assert.equal(e.status, status);
            assert.equal(e.code, 'SDRS.9999');
            assert.equal(e.serverMessage, `injected ${status}`);
            assert.match(e.requestId ?? '', /^[0-9a-f]{32}$/);
          }),
        );
      });
    }

    it('maps a gateway body, an HTML page and an empty body', async () => {
      emulator.injectFault({ status: 403, body: { error_code: 'APIGW.0302', error_msg: 'denied', request_id: 'gw' } });
      await assert.rejects(
        client().listDrillPage({}, 1, 0),
        expectError('http', (e) => assert.equal(e.code, 'APIGW.0302')),
      );
      emulator.injectFault({ status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>', headers: { 'Content-Type': 'text/html' }, times: 3 });
      await assert.rejects(
        client().listDrillPage({}, 1, 0),
        expectError('http', (e) => assert.match(e.message, /Bad gateway/)),
      );
      emulator.injectFault({ status: 500, body: '' });
      await assert.rejects(
        client().listDrillPage({}, 1, 0),
        expectError('http', (e) => assert.equal(e.status, 500)),
      );
    });

    it('refuses a 200 that is not JSON, or JSON of the wrong shape', async () => {
      emulator.injectFault({ status: 200, body: '<html>login portal</html>' });
      await assert.rejects(
        client().listDrillPage({}, 1, 0),
        expectError('response', (e) => assert.match(e.message, /HTML page instead of JSON/)),
      );
      emulator.injectFault({ status: 200, body: { count: 1 } });
      await assert.rejects(
        client().listDrillPage({}, 1, 0),
        expectError('response', (e) => assert.match(e.message, /disaster_recovery_drills is missing/)),
      );
      emulator.injectFault({ status: 200, body: { count: 1, disaster_recovery_drills: [{ id: 5, name: 'x' }] } });
      await assert.rejects(
        client().listDrillPage({}, 1, 0),
        expectError('response', (e) => assert.match(e.message, /\[0\]\.id is not a string/)),
      );
      emulator.injectFault({ status: 200, body: { count: 'many', disaster_recovery_drills: [] } });
      await assert.rejects(
        client().listDrillPage({}, 1, 0),
        expectError('response', (e) => assert.match(e.message, /count is not a whole number/)),
      );
    });

    it('refuses a page longer than the limit', async () => {
      const three = emulator.data.drills.slice(0, 3);
      emulator.injectFault({ status: 200, body: { count: 3, disaster_recovery_drills: three }, times: Infinity });
      await assert.rejects(
        client({}, { pageSize: 2, concurrency: 1 }).listDrills(),
        expectError('response', (e) => assert.match(e.message, /3 items for a page of at most 2/)),
      );
    });

    it('refuses a 50 MB body without crashing', async () => {
      const huge = `{"count":1,"disaster_recovery_drills":[],"pad":"${'x'.repeat(50 * 1024 * 1024)}"}`;
      emulator.injectFault({ status: 200, body: huge });
      await assert.rejects(
        client().listDrillPage({}, 1, 0),
        expectError('response', (e) => assert.match(e.message, /larger than 20 MB/)),
      );
    });

    it('does not follow redirects', async () => {
      emulator.injectFault({ status: 302, body: '', headers: { Location: 'http://127.0.0.2:9/steal' } });
      await assert.rejects(
        client().listDrillPage({}, 1, 0),
        expectError('http', (e) => assert.match(e.message, /redirect/)),
      );
      assert.equal(emulator.requests.length, 1);
    });

    it('retries 429 honouring Retry-After (capped), then succeeds', async () => {
      emulator.injectFault({ status: 429, body: { error_code: 'APIGW.0308', error_msg: 'throttled' }, headers: { 'Retry-After': '30' } });
      const page = await client({ maxRetryAfterMs: 40 }).listDrillPage({}, 3, 0);
      assert.equal(page.items.length, 3);
      assert.deepEqual(sleeps, [40]);
      assert.deepEqual(
        logs.map((l) => l.status),
        [429, 200],
      );
    });

    it('retries 502/503/504 and resets at most 3 attempts in all, with growing backoff', async () => {
      emulator.injectFault({ status: 503, times: 2 });
      assert.equal((await client().listDrillPage({}, 2, 0)).items.length, 2);
      assert.equal(emulator.requests.length, 3);
      emulator.requests.length = 0;
      emulator.injectFault({ kind: 'reset', times: 1 });
      assert.equal((await client().listDrillPage({}, 2, 0)).items.length, 2);
      emulator.requests.length = 0;
      emulator.injectFault({ status: 504, times: 5 });
      await assert.rejects(
        client().listDrillPage({}, 2, 0),
        expectError('http', (e) => assert.equal(e.status, 504)),
      );
      assert.equal(emulator.requests.length, 3);
    });

    it('does not retry other errors', async () => {
      emulator.injectFault({ status: 500, times: 5 });
      await assert.rejects(client().listDrillPage({}, 2, 0), expectError('http'));
      assert.equal(emulator.requests.length, 1);
    });

    it('times out a request that never answers', async () => {
      emulator.injectFault({ kind: 'hang' });
      await assert.rejects(
        client({ timeoutMs: 200 }).listDrillPage({}, 2, 0),
        expectError('timeout', (e) => assert.match(e.message, /did not answer within/)),
      );
    });

    it('cancels through an AbortSignal', async () => {
      emulator.injectFault({ kind: 'hang' });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      await assert.rejects(client().listDrillPage({}, 2, 0, { signal: controller.signal }), expectError('aborted'));
    });

    it('maps a refused connection', async () => {
      const port = await new Promise<number>((resolve) => {
        const s = net.createServer().listen(0, '127.0.0.1', () => {
          const p = (s.address() as net.AddressInfo).port;
          s.close(() => resolve(p));
        });
      });
      const t = new SdrsTransport({
        endpoint: `http://127.0.0.1:${port}`,
        projectId: emulator.projectId,
        credentials: async () => ({ kind: 'token', token: 't' }),
      });
      await assert.rejects(
        new SdrsClient(t).listDrills(),
        expectError('network', (e) => assert.equal(e.errno, 'ECONNREFUSED')),
      );
    });

    it('maps a TLS failure (self-signed certificate)', async function () {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sdrs-tls-'));
      try {
        execFileSync(
          'openssl',
          [
            'req',
            '-x509',
            '-newkey',
            'rsa:2048',
            '-nodes',
            '-subj',
            '/CN=localhost',
            '-days',
            '1',
            '-keyout',
            path.join(dir, 'k.pem'),
            '-out',
            path.join(dir, 'c.pem'),
          ],
          { stdio: 'ignore' },
        );
        const server = https.createServer({ key: fs.readFileSync(path.join(dir, 'k.pem')), cert: fs.readFileSync(path.join(dir, 'c.pem')) }, (_req, res) =>
          res.end('{}'),
        );
        await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
        const port = (server.address() as net.AddressInfo).port;
        try {
          const t = new SdrsTransport({
            endpoint: `https://localhost:${port}`,
            projectId: emulator.projectId,
            credentials: async () => ({ kind: 'token', token: 't' }),
          });
          await assert.rejects(
            new SdrsClient(t).listDrills(),
            expectError('network', (e) => assert.match(e.message, /TLS connection to SDRS failed/)),
          );
        } finally {
          server.close();
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('ignores proxy environment variables (the editor’s proxy support applies instead)', async () => {
      const saved = process.env.HTTP_PROXY;
      process.env.HTTP_PROXY = 'http://127.0.0.1:1';
      try {
        assert.equal((await client().listDrillPage({}, 1, 0)).items.length, 1);
      } finally {
        if (saved === undefined) delete process.env.HTTP_PROXY;
        else process.env.HTTP_PROXY = saved;
      }
    });
  });

  describe('logging', () => {
    it('logs method, path, status, duration and request ID, never secrets', async () => {
      emulator.injectFault({ status: 401, body: { error_code: 'APIGW.0301', error_msg: 'bad' } });
      await assert.rejects(client().listDrillPage({ name: 'prod' }, 5, 0));
      await client().listDrillPage({ name: 'prod' }, 5, 0);
      assert.equal(logs.length, 2);
      for (const entry of logs) {
        assert.equal(entry.method, 'GET');
        assert.equal(entry.path, '/v1/{project_id}/disaster-recovery-drills?name=prod&limit=5&offset=0');
        assert.match(entry.requestId ?? '', /^[0-9a-f]{32}$/);
        assert.ok(entry.durationMs >= 0);
      }
      const text = JSON.stringify(logs);
      for (const secret of [SK, AK, 'Signature', 'SDK-HMAC']) assert.ok(!text.includes(secret), `log contains ${secret}`);
    });
  });
});
