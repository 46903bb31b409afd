// RequestLimiter on its own (FIFO, abort while queued, live max), then shared by transports over real HTTP.
import * as assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import type * as http from 'node:http';
import { RequestLimiter } from '../../src/sdrs/limiter';
import { SdrsTransport, type RequestLogEntry, type SdrsCredentials } from '../../src/sdrs/transport';
import { rejection, startServer, type TestServer, transportFor } from './transport-servers';

const CREDS: SdrsCredentials = { kind: 'aksk', accessKey: 'LIMITERAK00000000000', secretKey: 'limiter-secret-key' };
const OK_BODY = '{"disaster_recovery_drills":[],"count":0}';

/** A promise with its resolve function, for tasks the test finishes by hand. */
function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

async function until(condition: () => boolean, what: string, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('RequestLimiter', () => {
  it('runs at most max tasks at once and starts the waiting ones in arrival order', async () => {
    const limiter = new RequestLimiter(2);
    const gates = Array.from({ length: 5 }, () => deferred<number>());
    const started: number[] = [];
    const results = gates.map((g, i) =>
      limiter.run(() => {
        started.push(i);
        return g.promise;
      }),
    );
    await tick();
    assert.deepEqual([started, limiter.inFlight, limiter.waiting], [[0, 1], 2, 3]);
    gates[1].resolve(1);
    await tick();
    assert.deepEqual(started, [0, 1, 2]);
    gates[0].resolve(0);
    await tick();
    assert.deepEqual(started, [0, 1, 2, 3]);
    gates.slice(2).forEach((g, i) => g.resolve(i + 2));
    assert.deepEqual(await Promise.all(results), [0, 1, 2, 3, 4]);
    assert.deepEqual([limiter.inFlight, limiter.waiting], [0, 0]);
  });

  it('releases the slot when a task rejects or throws synchronously', async () => {
    const limiter = new RequestLimiter(1);
    await assert.rejects(
      limiter.run(() => Promise.reject(new Error('async failure'))),
      /async failure/,
    );
    assert.equal(limiter.inFlight, 0);
    await assert.rejects(
      limiter.run(() => {
        throw new Error('sync failure');
      }),
      /sync failure/,
    );
    assert.equal(limiter.inFlight, 0);
    assert.equal(await limiter.run(async () => 'next'), 'next');
  });

  it('a waiting task whose signal aborts leaves the queue at once, never runs, and rejects with kind aborted', async () => {
    const limiter = new RequestLimiter(1);
    const hold = deferred();
    const first = limiter.run(() => hold.promise);
    const controller = new AbortController();
    let ran = false;
    const queued = limiter.run(async () => void (ran = true), controller.signal);
    const after = limiter.run(async () => 'after');
    await tick();
    assert.equal(limiter.waiting, 2);
    controller.abort();
    const e = await rejection(queued);
    assert.equal(e.kind, 'aborted');
    assert.equal(limiter.waiting, 1, 'left the queue before any slot was free');
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
    hold.resolve();
    await first;
    assert.equal(await after, 'after');
    assert.equal(ran, false);
  });

  it('rejects an already-aborted signal without running the task, even with a free slot', async () => {
    const limiter = new RequestLimiter(3);
    const controller = new AbortController();
    controller.abort();
    let ran = false;
    const e = await rejection(limiter.run(async () => void (ran = true), controller.signal));
    assert.equal(e.kind, 'aborted');
    assert.equal(ran, false);
    assert.equal(limiter.inFlight, 0);
  });

  it('removes its abort listener once a waiting task starts', async () => {
    const limiter = new RequestLimiter(1);
    const hold = deferred();
    const first = limiter.run(() => hold.promise);
    const controller = new AbortController();
    const second = limiter.run(async () => 'ran', controller.signal);
    assert.equal(getEventListeners(controller.signal, 'abort').length, 1);
    hold.resolve();
    await first;
    assert.equal(await second, 'ran');
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
    controller.abort(); // too late to matter
  });

  it('raising max starts waiting tasks at once; lowering it lets running ones finish and starts none', async () => {
    const limiter = new RequestLimiter(1);
    const gates = Array.from({ length: 4 }, () => deferred());
    const started: number[] = [];
    const all = gates.map((g, i) => limiter.run(() => (started.push(i), g.promise)));
    await tick();
    assert.deepEqual(started, [0]);
    limiter.max = 3;
    assert.deepEqual(started, [0, 1, 2], 'started synchronously by the setter');
    limiter.max = 1;
    gates[0].resolve();
    gates[1].resolve();
    await tick();
    assert.deepEqual([started, limiter.inFlight], [[0, 1, 2], 1], 'still one running: nothing new starts');
    gates[2].resolve();
    await tick();
    assert.deepEqual(started, [0, 1, 2, 3]);
    gates[3].resolve();
    await Promise.all(all);
  });

  it('refuses a max that is not a whole number of 1 or more', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, Infinity]) {
      assert.throws(() => new RequestLimiter(bad), RangeError, String(bad));
    }
    const limiter = new RequestLimiter(2);
    assert.throws(() => (limiter.max = 0), RangeError);
    assert.equal(limiter.max, 2);
  });
});

describe('RequestLimiter shared by transports over HTTP', function () {
  this.timeout(20_000);
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /** Counts requests open at the server (arrived, response not yet finished) and keeps the peak. */
  function countingServer(
    handle: (req: http.IncomingMessage, res: http.ServerResponse) => void,
  ): Promise<TestServer & { open: () => number; peak: () => number }> {
    let open = 0;
    let peak = 0;
    return startServer((req, res, onClose) => {
      open++;
      peak = Math.max(peak, open);
      let counted = true;
      const done = (): void => {
        if (counted) open--;
        counted = false;
      };
      res.on('finish', done);
      onClose(done);
      handle(req, res);
    }).then((s) => ({ ...s, open: () => open, peak: () => peak }));
  }

  function answer(res: http.ServerResponse, status = 200, body = OK_BODY): void {
    res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': 'limit-1' });
    res.end(body);
  }

  it('10 transports sharing a limiter of 8 never have more than 8 requests open at the server, and all complete', async () => {
    const s = await countingServer((_req, res) => setTimeout(() => answer(res), 120));
    server = s;
    const limiter = new RequestLimiter(8);
    const transports = Array.from({ length: 10 }, () => transportFor(s, CREDS, { limiter }));
    const calls = transports.flatMap((t) => [0, 1, 2].map((i) => t.get('/disaster-recovery-drills', { offset: i })));
    await until(() => limiter.waiting > 0, 'requests to queue');
    assert.equal(limiter.inFlight, 8);
    const results = await Promise.all(calls);
    assert.equal(results.length, 30);
    assert.ok(results.every((r) => r.requestId === 'limit-1'));
    assert.equal(s.requests.length, 30);
    assert.equal(s.peak(), 8, 'the limiter let exactly 8 run at once, never more');
    assert.deepEqual([limiter.inFlight, limiter.waiting], [0, 0]);
  });

  it('a request cancelled while queued rejects at once with kind aborted and never reaches the server', async () => {
    const release = deferred();
    const s = await countingServer((_req, res) => void release.promise.then(() => answer(res)));
    server = s;
    const limiter = new RequestLimiter(1);
    const logs: RequestLogEntry[] = [];
    const first = transportFor(s, CREDS, { limiter }).get('/disaster-recovery-drills', {});
    await until(() => s.requests.length === 1, 'the first request');
    const controller = new AbortController();
    const queued = transportFor(s, CREDS, { limiter, logs }).get('/server-groups', {}, { signal: controller.signal });
    await until(() => limiter.waiting === 1, 'the second request to queue');
    // The slot is held until release(), below: a queued request that waited for it would never reject here.
    controller.abort();
    const e = await rejection(queued);
    assert.equal(e.kind, 'aborted', e.describe());
    assert.equal(limiter.waiting, 0);
    assert.deepEqual(
      logs.map((l) => [l.attempt, l.status, l.error]),
      [[1, undefined, 'The request was cancelled']],
    );
    release.resolve();
    await first;
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(s.requests.length, 1, 'the cancelled request was never sent');
    assert.equal(limiter.inFlight, 0);
  });

  it('raising max while requests wait lets more go at once', async () => {
    const release = deferred();
    const s = await countingServer((_req, res) => void release.promise.then(() => answer(res)));
    server = s;
    const limiter = new RequestLimiter(2);
    const calls = Array.from({ length: 6 }, (_, i) => transportFor(s, CREDS, { limiter }).get('/disaster-recovery-drills', { offset: i }));
    await until(() => s.open() === 2 && limiter.waiting === 4, 'two open, four queued');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(s.requests.length, 2);
    limiter.max = 5;
    await until(() => s.open() === 5, 'five open after raising max');
    assert.equal(limiter.waiting, 1);
    release.resolve();
    assert.equal((await Promise.all(calls)).length, 6);
    assert.equal(s.peak(), 5);
  });

  it('starts the deadline when the request is sent, not while it waits for a slot', async () => {
    const s = await countingServer((req, res) => setTimeout(() => answer(res), req.url?.includes('slow') ? 700 : 0));
    server = s;
    const limiter = new RequestLimiter(1);
    const slow = transportFor(s, CREDS, { limiter, timeoutMs: 5_000 }).get('/slow', {});
    await until(() => s.requests.length === 1, 'the slow request');
    const started = Date.now();
    const quick = await transportFor(s, CREDS, { limiter, timeoutMs: 400 }).get('/quick', {});
    assert.ok(Date.now() - started >= 500, 'it did wait for the slot');
    assert.equal(quick.requestId, 'limit-1');
    await slow;
  });

  it('holds no slot during the backoff sleep between retries, and releases it on every failure', async () => {
    let calls = 0;
    const s = await countingServer((req, res) => {
      if (req.url?.includes('retry') && ++calls === 1) return answer(res, 503, '{"error":{"code":"SDRS.0008","message":"busy"}}');
      if (req.url?.includes('fail')) return answer(res, 500, '{"error":{"code":"SDRS.1000","message":"no"}}');
      if (req.url?.includes('hang')) return; // ended by the deadline
      answer(res);
    });
    server = s;
    const limiter = new RequestLimiter(1);
    const slotsDuringSleep: number[] = [];
    const sleep = async (): Promise<void> => void slotsDuringSleep.push(limiter.inFlight);
    await transportFor(s, CREDS, { limiter, sleep }).get('/retry', {});
    assert.deepEqual(slotsDuringSleep, [0]);
    assert.equal(calls, 2);

    assert.equal((await rejection(transportFor(s, CREDS, { limiter }).get('/fail', {}))).status, 500);
    assert.equal((await rejection(transportFor(s, CREDS, { limiter, timeoutMs: 200 }).get('/hang', {}))).kind, 'timeout');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    assert.equal((await rejection(transportFor(s, CREDS, { limiter }).get('/hang', {}, { signal: controller.signal }))).kind, 'aborted');
    assert.equal((await rejection(transportFor({ url: 'http://127.0.0.1:1' }, CREDS, { limiter, maxAttempts: 1 }).get('/x', {}))).kind, 'network');
    const noCredentials = new SdrsTransport({ endpoint: s.url, projectId: '0'.repeat(32), credentials: async () => undefined, limiter });
    assert.equal((await rejection(noCredentials.get('/x', {}))).kind, 'config');
    assert.deepEqual([limiter.inFlight, limiter.waiting], [0, 0]);
    assert.equal(
      await transportFor(s, CREDS, { limiter })
        .get('/ok', {})
        .then((r) => r.requestId),
      'limit-1',
    );
  });
});
