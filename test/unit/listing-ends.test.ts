// Every listing ends, over real HTTP, whatever the server does: repeats itself, ignores offset, lists without end, or sends the wrong types.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SdrsClient } from '../../src/sdrs/client';
import { SdrsError } from '../../src/sdrs/errors';
import { MAX_LISTED_ITEMS, MAX_LISTED_PAGES } from '../../src/sdrs/paging';
import { SdrsTransport } from '../../src/sdrs/transport';

const PROJECT = '0123456789abcdef0123456789abcdef';
const GROUP = 'c2aee29a-0000-4000-8000-000000000001';

interface Asked {
  path: string;
  offset: number;
  limit: number;
}

/** What the server answers for one list request: a JSON body (status 200) and an optional delay. */
type Answer = (asked: Asked) => { body: unknown; delayMs?: number };

interface Served {
  url: string;
  requests: Asked[];
  close(): Promise<void>;
}

/** A purpose-built SDRS lookalike: answers every GET on any path with `answer`, and records each request as it arrives. */
async function serve(answer: Answer): Promise<Served> {
  const requests: Asked[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const asked = { path: url.pathname, offset: Number(url.searchParams.get('offset')), limit: Number(url.searchParams.get('limit')) };
    requests.push(asked);
    const { body, delayMs = 0 } = answer(asked);
    const text = JSON.stringify(body);
    const reply = (): void => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'X-Request-Id': `req-${requests.length}`, 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
    };
    if (delayMs <= 0) return reply();
    const t = setTimeout(() => (timers.delete(t), reply()), delayMs);
    timers.add(t);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        timers.forEach(clearTimeout);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const drill = (id: string): object => ({ id, name: `drill-${id}`, status: 'available', server_group_id: GROUP });
const group = (id: string): object => ({ id, name: `group-${id}`, status: 'protected' });
/** `n` drills with IDs `${prefix}0` … */
const drills = (prefix: string, n: number): object[] => Array.from({ length: n }, (_, i) => drill(`${prefix}${i}`));

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * A client on `served`, plus a count of the page requests it starts (each is one HTTP request: none
 * of these servers answers with a status that is retried) and whether any starts after `settled` is set.
 */
function clientFor(served: Served, defaults: { pageSize?: number; concurrency?: number } = {}) {
  const transport = new SdrsTransport({ endpoint: served.url, projectId: PROJECT, credentials: async () => ({ kind: 'token', token: 't' }) });
  const state = { started: 0, startedAfterSettle: 0, settled: false };
  const get = transport.get.bind(transport);
  transport.get = (...args) => {
    state.started++;
    if (state.settled) state.startedAfterSettle++;
    return get(...args);
  };
  return { client: new SdrsClient(transport, defaults), state };
}

type Outcome<T> = { value: T; error?: undefined } | { value?: undefined; error: unknown };

/**
 * Runs a listing that must end within `withinMs` (a runaway one is cancelled and the test fails, so
 * the old endless behaviour fails fast instead of hanging), then proves that nothing is sent after it
 * settled: no page request starts later, and the server sees no request beyond those started before.
 */
async function settles<T>(
  served: Served,
  state: ReturnType<typeof clientFor>['state'],
  run: (signal: AbortSignal) => Promise<T>,
  withinMs = 4000,
): Promise<Outcome<T>> {
  const controller = new AbortController();
  let runaway = false;
  const timer = setTimeout(() => {
    runaway = true;
    controller.abort();
  }, withinMs);
  let outcome: Outcome<T>;
  try {
    outcome = { value: await run(controller.signal) };
  } catch (error) {
    outcome = { error };
  } finally {
    clearTimeout(timer);
    state.settled = true;
  }
  assert.ok(!runaway, `the listing did not end within ${withinMs} ms (${served.requests.length} requests so far)`);
  const startedBefore = state.started;
  await sleep(250);
  const seen = served.requests.length;
  await sleep(250);
  assert.equal(state.startedAfterSettle, 0, 'a page request was started after the listing settled');
  assert.equal(served.requests.length, seen, 'the server kept receiving requests after the listing settled');
  assert.ok(seen <= startedBefore, `the server received ${seen} requests but only ${startedBefore} were started before the listing settled`);
  assert.ok(seen >= 1, 'the server received no request at all');
  return outcome;
}

function responseError(outcome: Outcome<unknown>): SdrsError {
  assert.ok(outcome.error !== undefined, `expected the listing to fail, it returned ${JSON.stringify(outcome.value)?.slice(0, 200)}`);
  assert.ok(outcome.error instanceof SdrsError, `expected SdrsError, got ${String(outcome.error)}`);
  assert.equal(outcome.error.kind, 'response', outcome.error.describe());
  return outcome.error;
}

function ids(list: ReadonlyArray<{ id: string }> | undefined): string[] {
  assert.ok(list, 'expected the listing to succeed');
  return list.map((x) => x.id);
}

describe('listing ends, over HTTP', function () {
  this.timeout(20_000);
  let served: Served | undefined;
  afterEach(async () => {
    await served?.close();
    served = undefined;
  });

  it('exports the ceiling of 200,000 items', () => {
    assert.equal(MAX_LISTED_ITEMS, 200_000);
  });

  describe('a server that repeats itself', () => {
    it('(a) full pages, no count, offset ignored: the listing is the one page there is', async () => {
      const page = drills('a', 10);
      served = await serve(() => ({ body: { disaster_recovery_drills: page } }));
      const { client, state } = clientFor(served, { pageSize: 10, concurrency: 4 });
      const outcome = await settles(served, state, (signal) => client.listDrills({}, { signal }));
      assert.deepEqual(
        ids(outcome.value),
        page.map((d) => (d as { id: string }).id),
      );
      // Page 0 and the page that repeats it decide; speculation never runs more than twice the concurrency ahead.
      assert.ok(served.requests.length >= 2 && served.requests.length <= 8, `${served.requests.length} requests`);
    });

    it('(b) full pages with count equal to the page length, same IDs for ever: ends after the first page', async () => {
      const page = drills('b', 10);
      served = await serve(() => ({ body: { count: 10, disaster_recovery_drills: page } }));
      const { client, state } = clientFor(served, { pageSize: 10, concurrency: 4 });
      const outcome = await settles(served, state, (signal) => client.listDrills({}, { signal }));
      assert.deepEqual(
        ids(outcome.value),
        page.map((d) => (d as { id: string }).id),
      );
      assert.ok(served.requests.length <= 8, `${served.requests.length} requests`);
    });

    it('a count that claims a huge total does not keep a repeating server going', async () => {
      const page = drills('h', 10);
      served = await serve(() => ({ body: { count: 1_000_000_000, disaster_recovery_drills: page } }));
      const { client, state } = clientFor(served, { pageSize: 10, concurrency: 4 });
      const outcome = await settles(served, state, (signal) => client.listDrills({}, { signal }));
      assert.equal(ids(outcome.value).length, 10);
      assert.ok(served.requests.length <= 8, `${served.requests.length} requests`);
    });

    it('judges pages in index order although they arrive out of order: the first page answers last', async () => {
      const page = drills('o', 10);
      // Offset ignored; page 0 is slow, so the repeats of it arrive first and must not end the listing early or late.
      served = await serve(({ offset }) => ({ body: { disaster_recovery_drills: page }, delayMs: offset === 0 ? 150 : 0 }));
      const { client, state } = clientFor(served, { pageSize: 10, concurrency: 4 });
      const outcome = await settles(served, state, (signal) => client.listDrills({}, { signal }));
      assert.deepEqual(
        ids(outcome.value),
        page.map((d) => (d as { id: string }).id),
      );
      // While page 0 is out, the fast repeats may run twice the concurrency ahead of it, no further.
      assert.ok(served.requests.length <= 8, `${served.requests.length} requests`);
    });

    it('keeps the pages before the repeat: two real pages, then the server starts over', async () => {
      // Offsets 0 and 10 are real; from 20 on the server answers the first page again.
      served = await serve(({ offset }) => ({
        body: { disaster_recovery_drills: drills('r', 20).slice(offset < 20 ? offset : 0, (offset < 20 ? offset : 0) + 10) },
      }));
      const { client, state } = clientFor(served, { pageSize: 10, concurrency: 2 });
      const outcome = await settles(served, state, (signal) => client.listDrills({}, { signal }));
      assert.deepEqual(
        ids(outcome.value),
        Array.from({ length: 20 }, (_, i) => `r${i}`),
      );
    });

    it('protection groups end the same way', async () => {
      const page = Array.from({ length: 5 }, (_, i) => group(`g${i}`));
      served = await serve(() => ({ body: { server_groups: page, count: 5 } }));
      const { client, state } = clientFor(served, { pageSize: 5, concurrency: 3 });
      const outcome = await settles(served, state, (signal) => client.listProtectionGroups({ signal }));
      assert.deepEqual(ids(outcome.value), ['g0', 'g1', 'g2', 'g3', 'g4']);
    });
  });

  describe('a server that lists without end', () => {
    /** Fresh IDs on every page, every page full, no count. */
    const endless =
      (): Answer =>
      ({ offset, limit }) => ({ body: { disaster_recovery_drills: drills(`e${offset}-`, limit) } });

    it('(c) fails at the ceiling (a small one for the test), naming the limit and what was listed', async () => {
      served = await serve(endless());
      const { client, state } = clientFor(served, { pageSize: 10, concurrency: 4 });
      const outcome = await settles(served, state, (signal) => client.listDrills({}, { signal, maxItems: 25 }));
      const e = responseError(outcome);
      assert.equal(e.message, 'SDRS listed more than 25 drills; stopped there (is the server ignoring offset?)');
      assert.match(e.requestId ?? '', /^req-\d+$/);
      // Pages at offsets 0, 10 and 20 already hold more than 25 positions: nothing past them is asked.
      assert.deepEqual(
        [...new Set(served.requests.map((r) => r.offset))].sort((a, b) => a - b),
        [0, 10, 20],
      );
    });

    it('names protection groups in the ceiling error', async () => {
      served = await serve(({ offset, limit }) => ({ body: { server_groups: Array.from({ length: limit }, (_, i) => group(`p${offset + i}`)) } }));
      const { client, state } = clientFor(served, { pageSize: 7, concurrency: 2 });
      const e = responseError(await settles(served, state, (signal) => client.listProtectionGroups({ signal, maxItems: 20 })));
      assert.equal(e.message, 'SDRS listed more than 20 protection groups; stopped there (is the server ignoring offset?)');
    });

    it('a list of exactly the ceiling is returned whole', async () => {
      const all = drills('x', 30);
      served = await serve(({ offset, limit }) => ({ body: { disaster_recovery_drills: all.slice(offset, offset + limit) } }));
      const { client, state } = clientFor(served, { pageSize: 10, concurrency: 4 });
      const outcome = await settles(served, state, (signal) => client.listDrills({}, { signal, maxItems: 30 }));
      assert.equal(ids(outcome.value).length, 30);
    });

    it('one item over the ceiling fails', async () => {
      const all = drills('y', 31);
      served = await serve(({ offset, limit }) => ({ body: { disaster_recovery_drills: all.slice(offset, offset + limit) } }));
      const { client, state } = clientFor(served, { pageSize: 10, concurrency: 4 });
      const e = responseError(await settles(served, state, (signal) => client.listDrills({}, { signal, maxItems: 30 })));
      assert.match(e.message, /^SDRS listed more than 30 drills;/);
    });

    it('(c) fails at the real default of 200,000 drills, after exactly 201 pages of 1000', async () => {
      // Bodies are built once per request from a template: the cost is the client's parsing, not the server's.
      served = await serve(endless());
      const { client, state } = clientFor(served, { pageSize: 1000, concurrency: 4 });
      const started = Date.now();
      const e = responseError(await settles(served, state, (signal) => client.listDrills({}, { signal }), 15_000));
      assert.equal(e.message, 'SDRS listed more than 200,000 drills; stopped there (is the server ignoring offset?)');
      assert.equal(served.requests.length, 201);
      assert.deepEqual(new Set(served.requests.map((r) => r.limit)), new Set([1000]));
      console.log(`      200,000-drill ceiling reached in ${Date.now() - started} ms`);
    });

    it('(c) ends at the page ceiling with small pages: 2,000 requests at pageSize 5, not 40,000, saying to raise sdrs.pageSize', async () => {
      served = await serve(endless());
      const { client, state } = clientFor(served, { pageSize: 5, concurrency: 4 });
      const started = Date.now();
      const e = responseError(await settles(served, state, (signal) => client.listDrills({}, { signal }), 60_000));
      assert.equal(
        e.message,
        'SDRS listed 2,000 full pages of 5 drills and no end; stopped there (raise sdrs.pageSize to list more per request, or the server is ignoring offset)',
      );
      assert.equal(served.requests.length, MAX_LISTED_PAGES);
      assert.equal(Math.max(...served.requests.map((r) => r.offset)), (MAX_LISTED_PAGES - 1) * 5);
      console.log(`      2,000-page ceiling at pageSize 5 reached in ${Date.now() - started} ms`);
    });
  });

  describe('(d) wrong types still give clear errors', () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ['count is a string', { count: 'abc', disaster_recovery_drills: drills('d', 10) }, /count is not a whole number/],
      ['count is negative', { count: -1, disaster_recovery_drills: drills('d', 10) }, /count is not a whole number/],
      ['count is a fraction', { count: 2.5, disaster_recovery_drills: drills('d', 10) }, /count is not a whole number/],
      ['items are an object', { count: 10, disaster_recovery_drills: { 0: drill('d0') } }, /body\.disaster_recovery_drills is missing or not a list/],
      ['items are a string', { disaster_recovery_drills: 'd0,d1' }, /body\.disaster_recovery_drills is missing or not a list/],
      ['items are missing', { count: 3 }, /body\.disaster_recovery_drills is missing or not a list/],
      ['the body is a list', [drill('d0')], /body is not an object/],
      ['an item is a string', { disaster_recovery_drills: ['d0'] }, /disaster_recovery_drills\[0\] is not an object/],
    ];
    for (const [title, body, message] of cases) {
      it(`${title}: fails once, naming the field`, async () => {
        served = await serve(() => ({ body }));
        const { client, state } = clientFor(served, { pageSize: 10, concurrency: 4 });
        const e = responseError(await settles(served, state, (signal) => client.listDrills({}, { signal })));
        assert.match(e.message, /^SDRS returned a drill list of an unexpected shape: /);
        assert.match(e.message, message);
        assert.match(e.requestId ?? '', /^req-\d+$/);
      });
    }

    it('server_groups that is not a list fails naming it', async () => {
      served = await serve(() => ({ body: { server_groups: { id: 'g' }, count: 1 } }));
      const { client, state } = clientFor(served, { pageSize: 10 });
      const e = responseError(await settles(served, state, (signal) => client.listProtectionGroups({ signal })));
      assert.match(e.message, /a protection group list of an unexpected shape: body\.server_groups is missing or not a list/);
    });
  });
});
