// The pager: complete, ordered, de-duplicated results whichever meaning `count` has, with bounded concurrency.
import * as assert from 'node:assert/strict';
import { SdrsError } from '../../src/sdrs/errors';
import { pageAll, type FetchPage } from '../../src/sdrs/paging';

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
    assert.deepEqual([...src.calls].sort((a, b) => a - b), [0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
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
    assert.deepEqual(got.map((i) => i.id), ['a', 'b', 'c', 'd']);
  });

  it('ignores pages after the first short page', async () => {
    const pages: Item[][] = [[{ id: 'a' }, { id: 'b' }], [{ id: 'c' }], [{ id: 'late' }, { id: 'late2' }]];
    const fetchPage: FetchPage<Item> = async (offset) => ({ items: pages[offset / 2] ?? [] });
    const got = await pageAll(fetchPage, { ...opts, limit: 2, concurrency: 4 });
    assert.deepEqual(got.map((i) => i.id), ['a', 'b', 'c']);
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

  it('rejects as aborted when the caller cancels', async () => {
    const controller = new AbortController();
    const src = source(1000, 'page', 5);
    const promise = pageAll(src.fetchPage, { ...opts, limit: 10, concurrency: 2, signal: controller.signal });
    setTimeout(() => controller.abort(), 12);
    await assert.rejects(promise, (e: SdrsError) => e.kind === 'aborted');
    assert.ok(src.calls.length < 100);
  });
});
