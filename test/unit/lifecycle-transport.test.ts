// SdrsTransport.request over real HTTP: JSON bodies signed over the bytes sent, and which methods are sent again after which failures.
import * as assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
// The official signer is a devDependency used only as an oracle; src/ must never import it.
import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner';
import { RequestLimiter } from '../../src/sdrs/limiter';
import type { HttpMethod, RequestLogEntry, RetryPolicy, SdrsCredentials } from '../../src/sdrs/transport';
import { parseQuery, verifySignature, type Credentials } from '../emulator/verify';
import { bodyOf, PROJECT_ID, rejection, startServer, type ReceivedRequest, type TestServer, transportFor } from './transport-servers';

const AK = 'LIFECYCLEAK000000000';
const SK = 'lifecycle-secret/key+0123456789';
const AKSK: SdrsCredentials = { kind: 'aksk', accessKey: AK, secretKey: SK };
const DRILLS = '/disaster-recovery-drills';
const DRILL = '/disaster-recovery-drills/e472d26f-0000-4000-8000-000000000001';
const CREATE = { disaster_recovery_drill: { server_group_id: 'c2aee29a-0000-4000-8000-000000000002', name: 'drill-2024-q1' } };

/** The gateway's check (test/emulator/verify.ts) over what the server received, body bytes included. */
function verdict(r: ReceivedRequest, creds: Credentials = { accessKey: AK, secretKey: SK }): ReturnType<typeof verifySignature> {
  const q = r.url.indexOf('?');
  return verifySignature(
    { method: r.method, path: q < 0 ? r.url : r.url.slice(0, q), query: q < 0 ? [] : parseQuery(r.url.slice(q + 1)), headers: r.headers, body: r.body },
    creds,
    Date.now(),
    900,
  );
}

type Step = number | 'reset' | 'hang';

/**
 * Answers each request with the next step (the last one repeats): a status with a small JSON body
 * (a job ID on 200), a reset connection once the body is in, or no answer at all.
 */
function scripted(steps: Step[], headers: Record<string, string> = {}) {
  let n = 0;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const step = steps[Math.min(n++, steps.length - 1)];
    await bodyOf(req);
    if (step === 'reset') return void req.socket.resetAndDestroy();
    if (step === 'hang') return;
    const body = step === 200 ? { job_id: `job-${n}` } : { error: { code: `SDRS.${step}`, message: `answered ${step}` } };
    res.writeHead(step, { 'content-type': 'application/json', 'x-request-id': `rid-${n}`, ...headers });
    res.end(JSON.stringify(body));
  };
}

describe('transport request(): bodies and retry rules', function () {
  this.timeout(10_000);
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  describe('signed bodies', () => {
    it('sends a POST body as application/json, signed over exactly the bytes received (gateway check and official SDK signer)', async () => {
      server = await startServer(scripted([200]));
      const body = { disaster_recovery_drill: { ...CREATE.disaster_recovery_drill, note: '演练 a+b/%~ "q"' } };
      const answer = await transportFor(server, AKSK).request('POST', DRILLS, { body, retry: 'unsent' });
      assert.deepEqual(answer, { status: 200, body: { job_id: 'job-1' }, requestId: 'rid-1' });
      const [r] = server.received;
      assert.equal(r.method, 'POST');
      assert.equal(r.url, `/v1/${PROJECT_ID}${DRILLS}`);
      assert.equal(r.headers['content-type'], 'application/json');
      assert.ok(r.body.equals(Buffer.from(JSON.stringify(body), 'utf8')), `received ${r.body.toString()}`);
      assert.equal(Number(r.headers['content-length']), r.body.length);
      assert.deepEqual(verdict(r), { ok: true });
      // The official signer, given the same object, hashes JSON.stringify of it: the same bytes, the same signature.
      const oracle = AKSKSigner.sign(
        {
          method: 'POST',
          endpoint: `${server.url}/v1/${PROJECT_ID}${DRILLS}`,
          headers: { 'X-Sdk-Date': String(r.headers['x-sdk-date']) },
          data: body,
        } as Parameters<typeof AKSKSigner.sign>[0],
        { getAk: () => AK, getSk: () => SK } as unknown as Parameters<typeof AKSKSigner.sign>[1],
      ) as Record<string, string>;
      assert.equal(r.headers.authorization, oracle.Authorization);
    });

    it('a signature over other bytes fails the gateway check (the check is not vacuous)', async () => {
      server = await startServer(scripted([200]));
      await transportFor(server, AKSK).request('POST', DRILLS, { body: CREATE, retry: 'unsent' });
      const r = server.received[0];
      assert.deepEqual(verdict({ ...r, body: Buffer.concat([r.body, Buffer.from('\n')]) }), { ok: false, reason: 'verify aksk signature fail' });
    });

    it('signs PUT with a body, and DELETE without one (no Content-Type), with temporary credentials too', async () => {
      server = await startServer(scripted([200]));
      const creds = { accessKey: AK, secretKey: SK, securityToken: 'lifecycle-security-token' };
      const t = transportFor(server, { kind: 'aksk', ...creds });
      await t.request('PUT', DRILL, { body: { disaster_recovery_drill: { name: 'renamed' } }, retry: 'safe' });
      await t.request('DELETE', DRILL, { retry: 'safe' });
      const [put, del] = server.received;
      assert.equal(put.method, 'PUT');
      assert.equal(put.body.toString(), '{"disaster_recovery_drill":{"name":"renamed"}}');
      assert.deepEqual(verdict(put, creds), { ok: true });
      assert.equal(del.method, 'DELETE');
      assert.equal(del.body.length, 0);
      assert.equal(del.headers['content-type'], undefined);
      assert.match(String(del.headers.authorization), /SignedHeaders=host;x-sdk-date;x-security-token,/);
      assert.deepEqual(verdict(del, creds), { ok: true });
    });

    it('sends an IAM token instead of a signature, body unchanged', async () => {
      server = await startServer(scripted([200]));
      await transportFor(server, { kind: 'token', token: 'lifecycle-iam-token' }).request('POST', DRILLS, { body: CREATE, retry: 'unsent' });
      const [r] = server.received;
      assert.equal(r.headers['x-auth-token'], 'lifecycle-iam-token');
      assert.equal(r.headers.authorization, undefined);
      assert.equal(r.body.toString(), JSON.stringify(CREATE));
    });

    it('refuses a body that is not JSON, a POST marked safe, and a path with a dot segment, sending nothing', async () => {
      server = await startServer(scripted([200]));
      const t = transportFor(server, AKSK);
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      for (const [p, field] of [
        [t.request('POST', DRILLS, { body: cyclic, retry: 'unsent' }), 'body'],
        [t.request('POST', DRILLS, { body: { n: 1n }, retry: 'unsent' }), 'body'],
        [t.request('PUT', DRILL, { body: () => 1, retry: 'safe' }), 'body'],
        [t.request('POST', DRILLS, { body: CREATE, retry: 'safe' as RetryPolicy }), 'retry'],
        [t.request('DELETE', '/disaster-recovery-drills/..', { retry: 'safe' }), 'path'],
        [t.request('GET', '/jobs/./x', { retry: 'safe' }), 'path'],
        [t.request('GET', 'jobs', { retry: 'safe' }), 'path'],
        [t.request('GET', '/jobs?x=1', { retry: 'safe' }), 'path'],
      ] as const) {
        const e = await rejection(p);
        assert.equal(e.kind, 'validation', e.describe());
        assert.equal(e.field, field);
      }
      assert.equal(server.received.length, 0);
    });

    it('logs the method and path of each attempt, never the body', async () => {
      server = await startServer(scripted([429, 200]));
      const logs: RequestLogEntry[] = [];
      await transportFor(server, AKSK, { logs }).request('POST', DRILLS, {
        body: { disaster_recovery_drill: { name: 'secret-looking-name' } },
        retry: 'unsent',
      });
      assert.deepEqual(
        logs.map((l) => [l.method, l.path, l.status, l.attempt]),
        [
          ['POST', `/v1/{project_id}${DRILLS}`, 429, 1],
          ['POST', `/v1/{project_id}${DRILLS}`, 200, 2],
        ],
      );
      assert.doesNotMatch(JSON.stringify(logs), /secret-looking-name/);
    });

    it('passes a query, and takes an empty answer only when allowed', async () => {
      server = await startServer((_req, res) => {
        res.writeHead(_req.method === 'DELETE' ? 204 : 200, { 'x-request-id': 'empty' });
        res.end();
      });
      const t = transportFor(server, AKSK);
      assert.deepEqual(await t.request('DELETE', '/task-center/failure-jobs/abc', { retry: 'safe', allowEmptyAnswer: true }), {
        status: 204,
        body: undefined,
        requestId: 'empty',
      });
      assert.deepEqual(await t.request('GET', '/x', { query: { a: 'b c', skip: undefined }, retry: 'safe', allowEmptyAnswer: true }), {
        status: 200,
        body: undefined,
        requestId: 'empty',
      });
      assert.equal(server.received[1].url, `/v1/${PROJECT_ID}/x?a=b%20c`);
      const e = await rejection(t.request('GET', '/x', { retry: 'safe' }));
      assert.equal(e.kind, 'response');
      assert.match(e.message, /an empty body instead of JSON/);
    });

    it('keeps the size cap, the error mapping and redaction for a POST', async () => {
      server = await startServer(async (req, res) => {
        await bodyOf(req);
        res.writeHead(400, { 'content-type': 'application/json', 'x-request-id': 'r-400' });
        res.end(JSON.stringify({ error: { code: 'SDRS.0202', message: `bad name; you sent ${String(req.headers.authorization)}` } }));
      });
      const e = await rejection(transportFor(server, AKSK).request('POST', DRILLS, { body: CREATE, retry: 'unsent' }));
      assert.equal(e.kind, 'http');
      assert.equal(e.status, 400);
      assert.equal(e.code, 'SDRS.0202');
      assert.equal(e.requestId, 'r-400');
      assert.equal(e.serverMessage, 'bad name; you sent ***');
      await server.close();

      server = await startServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ job_id: 'x'.repeat(4096) }));
      });
      const big = await rejection(transportFor(server, AKSK, { maxResponseBytes: 1024 }).request('POST', DRILLS, { body: CREATE, retry: 'unsent' }));
      assert.equal(big.kind, 'response');
      assert.match(big.message, /larger than/);
      assert.equal(server.received.length, 1);
    });

    it('holds a limiter slot per attempt, as GET does', async () => {
      let inFlight = 0;
      let most = 0;
      server = await startServer(async (req, res) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await bodyOf(req);
        setTimeout(() => {
          inFlight--;
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"job_id":"j"}');
        }, 30);
      });
      const t = transportFor(server, AKSK, { limiter: new RequestLimiter(1) });
      await Promise.all([t.request('POST', DRILLS, { body: CREATE, retry: 'unsent' }), t.request('DELETE', DRILL, { retry: 'safe' }), t.get('/x', {})]);
      assert.equal(most, 1);
      assert.equal(server.received.length, 3);
    });
  });

  describe('retry rules', () => {
    /** Runs one request against a scripted server; returns the error (or undefined) and how many requests arrived. */
    async function run(
      method: HttpMethod,
      retry: RetryPolicy,
      steps: Step[],
      extra: { timeoutMs?: number; headers?: Record<string, string>; sleeps?: number[] } = {},
    ) {
      server = await startServer(scripted(steps, extra.headers));
      const t = transportFor(server, AKSK, {
        maxAttempts: 3,
        timeoutMs: extra.timeoutMs ?? 5_000,
        sleep: async (ms) => void extra.sleeps?.push(ms),
      });
      const body = method === 'POST' ? CREATE : method === 'PUT' ? { disaster_recovery_drill: { name: 'n' } } : undefined;
      const outcome = await t.request(method, method === 'POST' ? DRILLS : DRILL, { body, retry }).then(
        (r) => ({ ok: r, error: undefined }),
        (e: unknown) => ({ ok: undefined, error: e }),
      );
      const sent = server.received.length;
      await server.close();
      server = undefined;
      return { ...outcome, sent };
    }

    it('sends a POST whose connection is reset exactly once, and says the connection was reset', async () => {
      const { error, sent } = await run('POST', 'unsent', ['reset', 200]);
      assert.equal(sent, 1, 'a POST must not be re-sent after a reset: SDRS may have created the drill');
      const e = await rejection(Promise.reject(error));
      assert.equal(e.kind, 'network');
      assert.equal(e.errno, 'ECONNRESET');
      assert.match(e.message, /^The connection to SDRS was reset/);
    });

    it('sends a POST that hits its deadline exactly once', async () => {
      const { error, sent } = await run('POST', 'unsent', ['hang'], { timeoutMs: 300 });
      assert.equal(sent, 1);
      const e = await rejection(Promise.reject(error));
      assert.equal(e.kind, 'timeout');
      assert.match(e.message, /did not answer within 0.3 s/);
    });

    for (const status of [500, 502, 503, 504]) {
      it(`does not re-send a POST answered ${status}`, async () => {
        const { error, sent } = await run('POST', 'unsent', [status, 200]);
        assert.equal(sent, 1);
        const e = await rejection(Promise.reject(error));
        assert.equal(e.status, status);
        assert.equal(e.code, `SDRS.${status}`);
      });
    }

    it('re-sends a POST throttled with 429 (the gateway never forwarded it), honouring Retry-After', async () => {
      const sleeps: number[] = [];
      const { ok, sent } = await run('POST', 'unsent', [429, 200], { headers: { 'retry-after': '2' }, sleeps });
      assert.equal(sent, 2);
      assert.deepEqual(ok?.body, { job_id: 'job-2' });
      assert.deepEqual(sleeps, [2_000]);
    });

    it('gives up a POST throttled on every attempt after maxAttempts, with the 429', async () => {
      const { error, sent } = await run('POST', 'unsent', [429]);
      assert.equal(sent, 3);
      assert.equal((await rejection(Promise.reject(error))).status, 429);
    });

    for (const step of ['reset', 429, 503] as const) {
      it(`sends a request with retry "never" once, even on ${step}`, async () => {
        const { error, sent } = await run('DELETE', 'never', [step, 200]);
        assert.equal(sent, 1);
        assert.ok(error);
      });
    }

    for (const method of ['PUT', 'DELETE'] as const) {
      for (const step of ['reset', 429, 502, 503, 504] as const) {
        it(`re-sends a ${method} after ${step} (safe: it cannot act twice), then succeeds`, async () => {
          const { ok, sent } = await run(method, 'safe', [step, 200]);
          assert.equal(sent, 2);
          assert.deepEqual(ok?.body, { job_id: 'job-2' });
        });
      }

      it(`does not re-send a ${method} answered 500 or 400, nor one that hit its deadline`, async () => {
        for (const steps of [
          [500, 200],
          [400, 200],
        ] as Step[][]) {
          const { error, sent } = await run(method, 'safe', steps);
          assert.equal(sent, 1);
          assert.equal((await rejection(Promise.reject(error))).status, steps[0]);
        }
        const { error, sent } = await run(method, 'safe', ['hang', 200], { timeoutMs: 300 });
        assert.equal(sent, 1);
        assert.equal((await rejection(Promise.reject(error))).kind, 'timeout');
      });

      it(`stops a ${method} after maxAttempts resets`, async () => {
        const { error, sent } = await run(method, 'safe', ['reset']);
        assert.equal(sent, 3);
        assert.equal((await rejection(Promise.reject(error))).errno, 'ECONNRESET');
      });
    }

    it('re-sends a PUT with the same bytes, each attempt signed afresh', async () => {
      server = await startServer(scripted(['reset', 200]));
      await transportFor(server, AKSK).request('PUT', DRILL, { body: { disaster_recovery_drill: { name: 'again' } }, retry: 'safe' });
      const [first, second] = server.received;
      assert.ok(first.body.equals(second.body));
      assert.deepEqual(verdict(first), { ok: true });
      assert.deepEqual(verdict(second), { ok: true });
    });
  });
});
