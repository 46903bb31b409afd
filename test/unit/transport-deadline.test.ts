// sdrs.requestTimeoutSeconds is a deadline for the whole request, headers and body, over real HTTP.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { getEventListeners } from 'node:events';
import * as path from 'node:path';
import type { SdrsCredentials } from '../../src/sdrs/transport';
import { rejection, startServer, type TestServer, transportFor } from './transport-servers';

const CREDS: SdrsCredentials = { kind: 'aksk', accessKey: 'DEADLINEAK0000000000', secretKey: 'deadline-secret-key' };
const OK_BODY = '{"disaster_recovery_drills":[],"count":0}';

/** Headers at once, then one byte every `everyMs`, and a complete JSON body after `endAfterMs`. */
function dripHandler(everyMs: number, endAfterMs: number) {
  return (_req: unknown, res: import('node:http').ServerResponse, onClose: (fn: () => void) => void): void => {
    res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'drip-1' });
    res.write('{"disaster_recovery_drills":[],"count":0');
    res.flushHeaders();
    const interval = setInterval(() => res.write(' '), everyMs);
    const end = setTimeout(() => {
      clearInterval(interval);
      res.end('}');
    }, endAfterMs);
    onClose(() => {
      clearInterval(interval);
      clearTimeout(end);
    });
  };
}

describe('transport deadline', function () {
  this.timeout(20_000);
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  // The drip never pauses long enough for an idle timeout, and ends (with a 200) long after the deadline: a
  // timeout here can only be the deadline. How late it fires is machine speed, so only the lower bound is asserted.
  it('ends a body dripped every 200 ms with kind timeout at the 1 s deadline, and does not retry it', async () => {
    server = await startServer(dripHandler(200, 6_000));
    const started = Date.now();
    const e = await rejection(transportFor(server, CREDS, { timeoutMs: 1_000, maxAttempts: 3 }).get('/disaster-recovery-drills', {}));
    const elapsed = Date.now() - started;
    assert.equal(e.kind, 'timeout', e.describe());
    assert.match(e.message, /^SDRS did not answer within 1 s/);
    assert.ok(elapsed >= 900, `took ${elapsed} ms`);
    assert.equal(server.requests.length, 1, 'a deadline hit is not retried');
  });

  it('ends a body dripped one byte a second (the reported case) at a 2 s deadline', async () => {
    server = await startServer(dripHandler(1_000, 8_000));
    const started = Date.now();
    const e = await rejection(transportFor(server, CREDS, { timeoutMs: 2_000 }).get('/disaster-recovery-drills', {}));
    const elapsed = Date.now() - started;
    assert.equal(e.kind, 'timeout', e.describe());
    assert.match(e.message, /within 2 s/);
    assert.ok(elapsed >= 1_900, `took ${elapsed} ms`);
  });

  it('times out a server that never sends headers', async () => {
    server = await startServer(() => undefined);
    const started = Date.now();
    const e = await rejection(transportFor(server, CREDS, { timeoutMs: 1_000 }).get('/disaster-recovery-drills', {}));
    const elapsed = Date.now() - started;
    assert.equal(e.kind, 'timeout', e.describe());
    assert.ok(elapsed >= 900, `took ${elapsed} ms`);
  });

  it('reports a deadline hit as timeout, not aborted, when the caller passed a signal too', async () => {
    server = await startServer(dripHandler(200, 6_000));
    const caller = new AbortController();
    const e = await rejection(transportFor(server, CREDS, { timeoutMs: 1_000 }).get('/disaster-recovery-drills', {}, { signal: caller.signal }));
    assert.equal(e.kind, 'timeout', e.describe());
    assert.equal(caller.signal.aborted, false);
    assert.equal(getEventListeners(caller.signal, 'abort').length, 0, 'listener left on the caller’s signal');
  });

  // Neither the drip nor the deadline ends within mocha's timeout: only the cancel can end the request in time.
  it('reports a caller cancel during the drip as aborted, not timeout', async () => {
    server = await startServer(dripHandler(200, 10 * 60_000));
    const caller = new AbortController();
    const pending = rejection(transportFor(server, CREDS, { timeoutMs: 10 * 60_000 }).get('/disaster-recovery-drills', {}, { signal: caller.signal }));
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    caller.abort();
    const e = await pending;
    assert.equal(e.kind, 'aborted', e.describe());
    assert.equal(server.requests.length, 1);
  });

  // A request that waited for the drip or the deadline would outlast mocha's timeout.
  it('reports an already-cancelled signal as aborted without waiting', async () => {
    server = await startServer(dripHandler(200, 10 * 60_000));
    const caller = new AbortController();
    caller.abort();
    const e = await rejection(transportFor(server, CREDS, { timeoutMs: 10 * 60_000 }).get('/disaster-recovery-drills', {}, { signal: caller.signal }));
    assert.equal(e.kind, 'aborted', e.describe());
  });

  it('leaves a fast answer, and a slow one that finishes in time, unaffected', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'fast-1' });
      res.end(OK_BODY);
    });
    const caller = new AbortController();
    const fast = await transportFor(server, CREDS, { timeoutMs: 1_000 }).get('/disaster-recovery-drills', {}, { signal: caller.signal });
    assert.deepEqual(fast, { body: { disaster_recovery_drills: [], count: 0 }, requestId: 'fast-1' });
    assert.equal(getEventListeners(caller.signal, 'abort').length, 0, 'listener left on the caller’s signal');
    await server.close();

    server = await startServer(dripHandler(100, 600));
    const slow = await transportFor(server, CREDS, { timeoutMs: 1_000 }).get('/disaster-recovery-drills', {});
    assert.deepEqual(slow.body, { disaster_recovery_drills: [], count: 0 });
  });

  it('removes its listener from the caller’s signal after an HTTP error too', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"itemNotFound":{"code":"SDRS.1013","message":"no"}}');
    });
    const caller = new AbortController();
    const e = await rejection(transportFor(server, CREDS, { timeoutMs: 1_000 }).get('/x', {}, { signal: caller.signal }));
    assert.equal(e.status, 404);
    assert.equal(getEventListeners(caller.signal, 'abort').length, 0);
  });

  it('leaves no timer behind: a short run with a 60 s timeout exits at once', async () => {
    // The child makes one fast request and one that hits a 300 ms deadline, then closes its server.
    // A deadline timer that was not cleared would keep it alive for a minute.
    const transportJs = path.join(__dirname, '../../src/sdrs/transport.js');
    const script = `
      const http = require('node:http');
      const { SdrsTransport } = require(${JSON.stringify(transportJs)});
      const intervals = new Set();
      const server = http.createServer((req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        if (req.url.includes('fast')) return res.end('{}');
        res.write('{');
        const i = setInterval(() => res.write(' '), 50);
        intervals.add(i);
        res.on('close', () => { clearInterval(i); intervals.delete(i); });
      });
      server.listen(0, '127.0.0.1', async () => {
        const base = { endpoint: 'http://127.0.0.1:' + server.address().port, projectId: '${'0'.repeat(32)}',
          credentials: async () => ({ kind: 'token', token: 'child-token' }) };
        await new SdrsTransport({ ...base, timeoutMs: 60000 }).get('/fast', {});
        const e = await new SdrsTransport({ ...base, timeoutMs: 300 }).get('/slow', {}).then(() => null, (e) => e);
        for (const i of intervals) clearInterval(i);
        server.close();
        server.closeAllConnections();
        process.stdout.write(e && e.kind);
      });`;
    const started = Date.now();
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const kill = setTimeout(() => child.kill(), 15_000);
      child.on('exit', (c) => {
        clearTimeout(kill);
        resolve({ code: c, stdout: out });
      });
    });
    const elapsed = Date.now() - started;
    assert.equal(stdout, 'timeout');
    assert.equal(code, 0);
    assert.ok(elapsed < 5_000, `the child took ${elapsed} ms to exit: something kept it alive`);
  });
});
