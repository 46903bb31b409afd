// The pager: complete, ordered, de-duplicated results whichever meaning `count` has, with bounded concurrency.
import * as assert from 'node:assert/strict';
import { SdrsError } from '../../src/sdrs/errors';
import { MAX_LISTED_ITEMS, pageAll, type FetchPage } from '../../src/sdrs/paging';

interface Item {
  id: string;
}

function source(total: number, countMode: 'total' | 'page', delayMs = 1) {
  const items: Item[] = Array.from({ length: total }, (_, i) => ({ id: `id-${i}` }));
  const calls: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const fetchPage: FetchPage<Item> = async (offset, limit) => {
    calls.push(offset);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((r) => setTimeout(r, delayMs));
    inFlight--;
    const page = items.slice(offset, offset + limit);
    return { items: page, count: countMode === 'total' ? items.length : page.length };
  };
  return { items, calls, fetchPage, maxInFlight: () => maxInFlight };
}

const opts = { idOf: (i: Item) => i.id };

describe('pageAll', () => {
  for (const mode of ['total', 'page'] as const) {
    for (const total of [0, 1, 9, 10, 11, 95, 100]) {
      it(`returns all ${total} items in order when count means ${mode}`, async () => {
        const src = source(total, mode);
        const got = await pageAll(src.fetchPage, { ...opts, limit: 10, concurrency: 4 });
        assert.deepEqual(got, src.items);
        assert.ok(src.maxInFlight() <= 4);
      });
    }
  }

  it('never has more than `concurrency` requests in flight', async () => {
    const src = source(1000, 'page', 2);
    await pageAll(src.fetchPage, { ...opts, limit: 10, concurrency: 3 });
    assert.equal(src.maxInFlight(), 3);
  });

  it('with a total count, asks for nothing past the page that confirms the end', async () => {
    const src = source(95, 'total');
    await pageAll(src.fetchPage, { ...opts, limit: 10, concurrency: 4, initialPages: 1 });
    assert.deepEqual(
      [...src.calls].sort((a, b) => a - b),
      [0, 10, 20, 30, 40, 50, 60, 70, 80, 90],
    );
  });

  it('keeps paging when a total count turns out stale (more items than it said)', async () => {
    const items = Array.from({ length: 35 }, (_, i) => ({ id: `x${i}` }));
    const fetchPage: FetchPage<Item> = async (offset, limit) => ({ items: items.slice(offset, offset + limit), count: 20 });
    const got = await pageAll(fetchPage, { ...opts, limit: 10, concurrency: 2 });
    assert.equal(got.length, 35);
  });

  it('drops duplicates by ID, keeping the first and the server order', async () => {
    const pages: Item[][] = [[{ id: 'a' }, { id: 'b' }], [{ id: 'b' }, { id: 'c' }], [{ id: 'd' }]];
    const fetchPage: FetchPage<Item> = async (offset) => ({ items: pages[offset / 2] ?? [] });
    const got = await pageAll(fetchPage, { ...opts, limit: 2, concurrency: 4 });
    assert.deepEqual(
      got.map((i) => i.id),
      ['a', 'b', 'c', 'd'],
    );
  });

  it('ignores pages after the first short page', async () => {
    const pages: Item[][] = [[{ id: 'a' }, { id: 'b' }], [{ id: 'c' }], [{ id: 'late' }, { id: 'late2' }]];
    const fetchPage: FetchPage<Item> = async (offset) => ({ items: pages[offset / 2] ?? [] });
    const got = await pageAll(fetchPage, { ...opts, limit: 2, concurrency: 4 });
    assert.deepEqual(
      got.map((i) => i.id),
      ['a', 'b', 'c'],
    );
  });

  it('refuses a page longer than the limit', async () => {
    const fetchPage: FetchPage<Item> = async () => ({ items: [{ id: 'a' }, { id: 'b' }, { id: 'c' }], requestId: 'r1' });
    await assert.rejects(pageAll(fetchPage, { ...opts, limit: 2, concurrency: 2 }), (e: SdrsError) => {
      assert.equal(e.kind, 'response');
      assert.match(e.message, /3 items for a page of at most 2/);
      assert.equal(e.requestId, 'r1');
      return true;
    });
  });

  it('fails with the first error and cancels the other requests', async () => {
    const aborted: number[] = [];
    const fetchPage: FetchPage<Item> = (offset, _limit, signal) =>
      new Promise((resolve, reject) => {
        if (offset === 10) return reject(new SdrsError({ kind: 'http', status: 500, message: 'boom' }));
        signal.addEventListener('abort', () => {
          aborted.push(offset);
          reject(new Error('aborted'));
        });
        setTimeout(() => resolve({ items: Array.from({ length: 10 }, (_, i) => ({ id: `${offset + i}` })) }), 50);
      });
    await assert.rejects(pageAll(fetchPage, { ...opts, limit: 10, concurrency: 4 }), /boom/);
    assert.ok(aborted.length >= 1, 'in-flight requests were not cancelled');
  });

  describe('always ends', () => {
    const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
    const ids = (prefix: string, n: number): Item[] => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}` }));

    it('judges a repeat against the pages before it in index order, not in arrival order', async () => {
      // Page 1 is slow; page 2 repeats page 1 and arrives first. In arrival order page 2 would look new
      // (and the short page 3 would end the list); in index order it repeats page 1, so the list ends there.
      const pages: Record<number, { items: Item[]; delay: number }> = {
        0: { items: [{ id: 'a' }, { id: 'b' }], delay: 0 },
        1: { items: [{ id: 'b' }, { id: 'c' }], delay: 60 },
        2: { items: [{ id: 'b' }, { id: 'c' }], delay: 0 },
        3: { items: [{ id: 'd' }], delay: 0 },
      };
      const fetchPage: FetchPage<Item> = async (offset) => {
        const page = pages[offset / 2] ?? { items: [], delay: 0 };
        await sleep(page.delay);
        return { items: page.items };
      };
      const got = await pageAll(fetchPage, { ...opts, limit: 2, concurrency: 4 });
      assert.deepEqual(
        got.map((i) => i.id),
        ['a', 'b', 'c'],
      );
    });

    it('a server that ignores offset ends after its one page, with no request after settling', async () => {
      let calls = 0;
      const fetchPage: FetchPage<Item> = async () => {
        calls++;
        await sleep(1);
        return { items: ids('s', 10), count: 10 };
      };
      const got = await pageAll(fetchPage, { ...opts, limit: 10, concurrency: 4 });
      assert.equal(got.length, 10);
      const atSettle = calls;
      await sleep(50);
      assert.equal(calls, atSettle);
      assert.ok(calls <= 8, `${calls} requests`);
    });

    it('fresh full pages for ever hit the ceiling, with the noun, and start nothing after', async () => {
      let calls = 0;
      const fetchPage: FetchPage<Item> = async (offset, limit) => {
        calls++;
        await sleep(1);
        return { items: ids(`f${offset}-`, limit) };
      };
      await assert.rejects(pageAll(fetchPage, { ...opts, limit: 10, concurrency: 3, maxItems: 50 }), (e: SdrsError) => {
        assert.equal(e.kind, 'response');
        assert.equal(e.message, 'SDRS listed more than 50 items; stopped there (is the server ignoring offset?)');
        return true;
      });
      const atSettle = calls;
      await sleep(50);
      assert.equal(calls, atSettle, 'requests after the listing failed');
      // Offsets 0..50: six pages hold more than 50 positions; nothing past them.
      assert.equal(calls, 6);
      await assert.rejects(pageAll(fetchPage, { ...opts, limit: 10, concurrency: 3, maxItems: 50, noun: 'drills' }), /more than 50 drills;/);
    });

    it('the default ceiling is MAX_LISTED_ITEMS: no page past offset 200,000 is asked', async () => {
      const offsets: number[] = [];
      const fetchPage: FetchPage<Item> = async (offset, limit) => {
        offsets.push(offset);
        return { items: ids(`m${offset}-`, limit) };
      };
      await assert.rejects(pageAll(fetchPage, { ...opts, limit: 1000, concurrency: 4 }), /more than 200,000 items/);
      assert.equal(Math.max(...offsets), MAX_LISTED_ITEMS);
      assert.equal(offsets.length, 201);
    });

    it('runs at most twice the concurrency ahead of a slow first page', async () => {
      let calls = 0;
      let callsWhenFirstAnswered = 0;
      const fetchPage: FetchPage<Item> = async (offset, limit) => {
        calls++;
        if (offset === 0) {
          await sleep(80);
          callsWhenFirstAnswered = calls;
        }
        return { items: ids(`z${offset}-`, offset >= 50 * limit ? 0 : limit) };
      };
      const got = await pageAll(fetchPage, { ...opts, limit: 10, concurrency: 2 });
      assert.equal(got.length, 500);
      assert.equal(callsWhenFirstAnswered, 4);
    });

    it('refuses a ceiling that is not a positive whole number', () => {
      assert.throws(() => pageAll(async () => ({ items: [] }), { ...opts, limit: 10, concurrency: 1, maxItems: 0 }), RangeError);
    });
  });

  it('rejects as aborted when the caller cancels', async () => {
    const controller = new AbortController();
    const src = source(1000, 'page', 5);
    const promise = pageAll(src.fetchPage, { ...opts, limit: 10, concurrency: 2, signal: controller.signal });
    setTimeout(() => controller.abort(), 12);
    await assert.rejects(promise, (e: SdrsError) => e.kind === 'aborted');
    assert.ok(src.calls.length < 100);
  });
});
