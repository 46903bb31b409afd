// SDRS.0221 over real HTTP: a service that refuses limit=1000 is asked once, the listing goes on at 999, and the window remembers it.
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
    new SdrsClient(new SdrsTransport({ endpoint: emulator.url, projectId: emulator.projectId, credentials: async () => ({ kind: 'token', token: 'emulator-token' }) }), {
      onNotice: (m) => notices.push(m),
      ...defaults,
    });
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

  it('lists every drill after one refused request, retrying at 999, and says so once', async () => {
    const memory = new PageSizeMemory();
    const c = client({ pageSizeMemory: memory, concurrency: 4 });
    const drills = await c.listDrills();
    assert.deepEqual(
      drills.map((d) => d.id),
      drillIds(),
    );
    assert.equal(refused().length, 1, `refused: ${JSON.stringify(limits(refused()))}`);
    assert.deepEqual(limits(refused()), ['1000']);
    assert.equal(refused()[0].query.offset?.[0], '0');
    assert.equal(emulator.requests[0].status, 400, 'the refused request is the first one');
    assert.deepEqual(new Set(limits(emulator.requests.slice(1))), new Set(['999']));
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

  it('drills and protection groups listed at once (as a refresh does) are refused once between them', async () => {
    const memory = new PageSizeMemory();
    const c = client({ pageSizeMemory: memory });
    const [drills, groups] = await Promise.all([c.listDrills(), c.listProtectionGroups()]);
    assert.equal(drills.length, 2500);
    assert.equal(groups.length, emulator.data.groups.length);
    assert.equal(refused().length, 1, `limits sent: ${limits().join(',')}`);
    assert.deepEqual(notices, [NOTICE]);
  });

  it('a configured page size below 1000 is untouched: no probe, no refusal, no notice', async () => {
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
    assert.deepEqual(limits(), ['1000']);
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
    // The probe at 1000, then one run at 999 (its speculative window of 4 pages at most), then nothing.
    assert.deepEqual(limits().slice(0, 2), ['1000', '999']);
    assert.ok(emulator.requests.length <= 5, limits().join(','));
    assert.deepEqual(new Set(limits().slice(1)), new Set(['999']));
    assert.deepEqual(notices, [NOTICE]);
  });

  it('against a lenient service, the first listing asks one page first and then speculates; the next speculates at once', async () => {
    emulator.options.strictLimit = false;
    const memory = new PageSizeMemory();
    const events: string[] = [];
    const traced = (): SdrsClient => {
      const t = new SdrsTransport({ endpoint: emulator.url, projectId: emulator.projectId, credentials: async () => ({ kind: 'token', token: 'emulator-token' }) });
      const get = t.get.bind(t);
      t.get = async (path, query, options) => {
        events.push(`start ${String(query.offset)}`);
        try {
          return await get(path, query, options);
        } finally {
          events.push(`end ${String(query.offset)}`);
        }
      };
      return new SdrsClient(t, { pageSizeMemory: memory, concurrency: 4, onNotice: (m) => notices.push(m) });
    };
    emulator.setLatency(20);
    assert.equal((await traced().listDrills()).length, 2500);
    assert.deepEqual(events.slice(0, 2), ['start 0', 'end 0'], 'the first page of an unknown size is asked alone');
    assert.ok(events.filter((e) => e.startsWith('start')).length >= 3);
    assert.equal(memory.fullSizeAccepted, true);
    assert.equal(memory.maxPageSize, 1000);
    // A client that remembers nothing of the query, with the same memory: the speculative window opens at once.
    events.length = 0;
    assert.equal((await traced().listDrills()).length, 2500);
    assert.deepEqual(events.slice(0, 4), ['start 0', 'start 1000', 'start 2000', 'start 3000']);
    assert.deepEqual(new Set(limits()), new Set(['1000']));
    assert.deepEqual(notices, []);
  });

  it('a listing waiting for another one’s first answer can be cancelled, and the wait ends with it', async () => {
    const memory = new PageSizeMemory();
    emulator.injectFault({ kind: 'hang' });
    const firstController = new AbortController();
    const first = client({ pageSizeMemory: memory }).listDrills({}, { signal: firstController.signal });
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(memory.probe, 'the first listing is finding out');
    const controller = new AbortController();
    const second = client({ pageSizeMemory: memory }).listProtectionGroups({ signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    await assert.rejects(second, (e: unknown) => e instanceof SdrsError && e.kind === 'aborted');
    assert.equal(emulator.requests.length, 1, 'the waiting listing sent nothing');
    firstController.abort();
    await assert.rejects(first, (e: unknown) => e instanceof SdrsError && e.kind === 'aborted');
    assert.equal(memory.probe, undefined, 'a cancelled probe lets the next listing find out');
    // And the next listing does: refused once, then 999.
    emulator.requests.length = 0;
    assert.equal((await client({ pageSizeMemory: memory }).listDrills()).length, 2500);
    assert.deepEqual(limits().slice(0, 2), ['1000', '999']);
  });
});
