// SDRS.0221 over real HTTP: a listing refused at limit=1000 runs again at 999, the window remembers it, and says so once.
import * as assert from 'node:assert/strict';
import { isLimitRefusal, PageSizeMemory, SdrsClient, STRICT_MAX_PAGE_SIZE, type ClientDefaults } from '../../src/sdrs/client';
import { SdrsError } from '../../src/sdrs/errors';
import { SdrsTransport } from '../../src/sdrs/transport';
import { startEmulator, STRICT_LIMIT_MESSAGE, type Emulator, type RecordedRequest } from '../emulator/emulator';

const NOTICE = 'SDRS refused limit=1000 (SDRS.0221); using pages of 999 from now on';

describe('page size fallback on SDRS.0221, against the emulator', function () {
  let emulator: Emulator;
  let notices: string[];

  const client = (defaults: ClientDefaults = {}): SdrsClient =>
    new SdrsClient(
      new SdrsTransport({ endpoint: emulator.url, projectId: emulator.projectId, credentials: async () => ({ kind: 'token', token: 'emulator-token' }) }),
      {
        onNotice: (m) => notices.push(m),
        ...defaults,
      },
    );
  const limits = (requests: RecordedRequest[] = emulator.requests): string[] => requests.map((r) => r.query.limit?.[0] ?? '');
  const refused = (): RecordedRequest[] => emulator.requests.filter((r) => r.status === 400);
  const drillIds = (): string[] => emulator.data.drills.map((d) => d.id);

  before(async () => {
    // 2,500 drills: three pages of 999, so the listing after the fallback really pages.
    emulator = await startEmulator({ drills: 2500, groups: 12, strictLimit: true });
  });
  after(async () => emulator.close());
  beforeEach(() => {
    emulator.options.strictLimit = true;
    emulator.clearFaults();
    emulator.setLatency(0);
    emulator.requests.length = 0;
    notices = [];
  });

  it('the strict emulator refuses limit=1000 with HTTP 400 SDRS.0221 and the service’s wording', async () => {
    await assert.rejects(client().listDrillPage({}, 1000, 0), (e: unknown) => {
      assert.ok(e instanceof SdrsError);
      assert.equal(e.status, 400);
      assert.equal(e.code, 'SDRS.0221');
      assert.equal(e.serverMessage, STRICT_LIMIT_MESSAGE);
      assert.ok(isLimitRefusal(e));
      return true;
    });
    assert.equal((await client().listDrillPage({}, 999, 0)).items.length, 999);
  });

  it('lists every drill after the refusal, retrying at 999, and says so once', async () => {
    const memory = new PageSizeMemory();
    const c = client({ pageSizeMemory: memory, concurrency: 4 });
    const drills = await c.listDrills();
    assert.deepEqual(
      drills.map((d) => d.id),
      drillIds(),
    );
    // The first run's speculative window (at most the concurrency) is refused, then everything is asked at 999.
    const at1000 = limits().filter((l) => l === '1000').length;
    assert.ok(at1000 >= 1 && at1000 <= 4, `limits sent: ${limits().join(',')}`);
    assert.deepEqual(new Set(limits()), new Set(['1000', '999']));
    assert.ok(emulator.requests.filter((r) => r.query.limit?.[0] === '999').every((r) => r.status === 200));
    assert.equal(emulator.requests[0].status, 400, 'the first request is refused');
    assert.deepEqual(notices, [NOTICE]);
    assert.equal(memory.maxPageSize, STRICT_MAX_PAGE_SIZE);

    // The second listing starts at 999: nothing refused, nothing said.
    emulator.requests.length = 0;
    assert.deepEqual(
      (await c.listDrills()).map((d) => d.id),
      drillIds(),
    );
    assert.equal(emulator.requests[0].query.limit?.[0], '999');
    assert.equal(refused().length, 0);
    assert.deepEqual(notices, [NOTICE], 'onNotice was called again');
  });

  it('one memory for the window: a second client lists protection groups at 999 at once, and no second notice', async () => {
    const memory = new PageSizeMemory();
    await client({ pageSizeMemory: memory }).listDrills();
    emulator.requests.length = 0;
    const groups = await client({ pageSizeMemory: memory }).listProtectionGroups();
    assert.deepEqual(groups.map((g) => g.id).sort(), emulator.data.groups.map((g) => g.id).sort());
    // (A speculative drill page of the first listing, cancelled, may still be recorded: look at groups only.)
    assert.deepEqual(limits(emulator.requests.filter((r) => r.path.endsWith('/server-groups'))), ['999']);
    assert.deepEqual(notices, [NOTICE]);
  });

  it('protection groups fall back the same way', async () => {
    const groups = await client().listProtectionGroups();
    assert.equal(groups.length, emulator.data.groups.length);
    assert.deepEqual(limits(), ['1000', '999']);
    assert.equal(refused().length, 1);
    assert.equal(emulator.requests[0].path.endsWith('/server-groups'), true);
    assert.deepEqual(notices, [NOTICE]);
  });

  it('drills and protection groups listed at once (as a refresh does) both fall back, with one notice between them', async () => {
    const memory = new PageSizeMemory();
    const c = client({ pageSizeMemory: memory, concurrency: 4 });
    const [drills, groups] = await Promise.all([c.listDrills(), c.listProtectionGroups()]);
    assert.equal(drills.length, 2500);
    assert.equal(groups.length, emulator.data.groups.length);
    // At most one speculative window of drills and one page of groups at 1000.
    assert.ok(refused().length >= 2 && refused().length <= 5, `limits sent: ${limits().join(',')}`);
    assert.deepEqual(notices, [NOTICE]);
  });

  it('a configured page size below 1000 is untouched: no refusal, no notice', async () => {
    const memory = new PageSizeMemory();
    const drills = await client({ pageSize: 500, pageSizeMemory: memory }).listDrills();
    assert.equal(drills.length, 2500);
    assert.deepEqual(new Set(limits()), new Set(['500']));
    assert.equal(refused().length, 0);
    assert.deepEqual(notices, []);
    assert.equal(memory.maxPageSize, 1000);
  });

  it('a page size of 500 stays 500 after the fallback; a configured 1000 becomes 999', async () => {
    const memory = new PageSizeMemory();
    await client({ pageSizeMemory: memory }).listDrills({}, { pageSize: 1000 });
    emulator.requests.length = 0;
    await client({ pageSizeMemory: memory }).listDrills({}, { pageSize: 500 });
    assert.deepEqual(new Set(limits()), new Set(['500']));
  });

  it('a 400 with another code is not retried', async () => {
    emulator.options.strictLimit = false;
    emulator.injectFault({ status: 400, body: { error: { code: 'SDRS.0201', message: 'Invalid request parameters' } }, times: Infinity });
    const memory = new PageSizeMemory();
    await assert.rejects(client({ pageSizeMemory: memory }).listDrills(), (e: unknown) => {
      assert.ok(e instanceof SdrsError);
      assert.equal(e.code, 'SDRS.0201');
      return true;
    });
    assert.ok(limits().length <= 4 && limits().every((l) => l === '1000'), `no retry at 999: ${limits().join(',')}`);
    assert.equal(memory.maxPageSize, 1000);
    assert.deepEqual(notices, []);
  });

  it('SDRS.0221 with another status is not taken for the limit refusal', async () => {
    emulator.options.strictLimit = false;
    emulator.injectFault({ status: 500, body: { error: { code: 'SDRS.0221', message: 'odd' } }, times: Infinity });
    await assert.rejects(client().listDrills(), (e: unknown) => e instanceof SdrsError && e.status === 500);
    assert.deepEqual(limits(), ['1000']);
    assert.deepEqual(notices, []);
  });

  it('a service that refuses 999 too fails after one retry, not in a loop', async () => {
    emulator.injectFault({ status: 400, body: { error: { code: 'SDRS.0221', message: STRICT_LIMIT_MESSAGE } }, query: { limit: '999' }, times: Infinity });
    await assert.rejects(client({ concurrency: 4 }).listDrills(), (e: unknown) => isLimitRefusal(e));
    await new Promise((r) => setTimeout(r, 100));
    // One run at 1000, one at 999 (each its speculative window of 4 pages at most), then nothing.
    assert.equal(limits()[0], '1000');
    assert.deepEqual(new Set(limits()), new Set(['1000', '999']));
    assert.ok(emulator.requests.length <= 8, limits().join(','));
    assert.deepEqual(notices, [NOTICE]);
  });

  it('against a lenient service nothing is asked up front: the first listing speculates at once, at 1000', async () => {
    emulator.options.strictLimit = false;
    const memory = new PageSizeMemory();
    const events: string[] = [];
    const t = new SdrsTransport({
      endpoint: emulator.url,
      projectId: emulator.projectId,
      credentials: async () => ({ kind: 'token', token: 'emulator-token' }),
    });
    const get = t.get.bind(t);
    t.get = async (path, query, options) => {
      events.push(`start ${String(query.offset)}`);
      try {
        return await get(path, query, options);
      } finally {
        events.push(`end ${String(query.offset)}`);
      }
    };
    emulator.setLatency(20);
    assert.equal((await new SdrsClient(t, { pageSizeMemory: memory, concurrency: 4 }).listDrills()).length, 2500);
    assert.deepEqual(events.slice(0, 4), ['start 0', 'start 1000', 'start 2000', 'start 3000']);
    assert.deepEqual(new Set(limits()), new Set(['1000']));
    assert.equal(memory.maxPageSize, 1000);
    assert.deepEqual(notices, []);
  });
});
