// One connection's state machine under plain mocha: unconfigured, loading (with a cached or earlier listing), loaded,
// stale, failed; the newest refresh wins; the saved listing is drawn first and written back after each good listing.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ListingCache, type CachedListing } from '../../src/cache/listingCache';
import { ConnectionModel, type ConnectionModelDeps, type ConnectionState, type ConnectResult, type Listing } from '../../src/model/connectionModel';
import { SdrsClient } from '../../src/sdrs/client';
import { SdrsError } from '../../src/sdrs/errors';
import type { DisasterRecoveryDrill, DrillFilter, ProtectedInstance, ProtectionGroup } from '../../src/sdrs/model';
import { SdrsTransport } from '../../src/sdrs/transport';
import { startEmulator, type Emulator } from '../emulator/emulator';

const group = (id: string, name: string): ProtectionGroup => ({ id, name, status: 'protected' });
const drill = (id: string, groupId: string, status = 'available'): DisasterRecoveryDrill => ({
  id,
  name: `drill-${id}`,
  status,
  server_group_id: groupId,
  drill_vpc_id: 'vpc-1',
  created_at: '2024-01-01 00:00:00.000',
  updated_at: '2024-01-01 00:00:00.000',
  drill_servers: [],
});

/** A client whose answers the test releases one by one. */
class HeldClient {
  calls: Array<{
    filter: DrillFilter;
    resolve: (d: DisasterRecoveryDrill[]) => void;
    reject: (e: unknown) => void;
    signal?: AbortSignal;
    expectedItems?: number;
  }> = [];
  groups: ProtectionGroup[] | Error = [group('g1', 'alpha')];
  listDrills(filter: DrillFilter, options: { signal?: AbortSignal; expectedItems?: number } = {}): Promise<DisasterRecoveryDrill[]> {
    return new Promise((resolve, reject) => {
      this.calls.push({ filter, resolve, reject, signal: options.signal, expectedItems: options.expectedItems });
      options.signal?.addEventListener('abort', () => reject(new SdrsError({ kind: 'aborted', message: 'The request was cancelled' })));
    });
  }
  listProtectionGroups(): Promise<ProtectionGroup[]> {
    return this.groups instanceof Error ? Promise.reject(this.groups) : Promise.resolve(this.groups);
  }
  instances: ProtectedInstance[] | Error | Promise<ProtectedInstance[]> = [{ id: 'pi-1', name: 'ecs-web-01', server_group_id: 'g1' }];
  listProtectedInstances(): Promise<ProtectedInstance[]> {
    return this.instances instanceof Error ? Promise.reject(this.instances) : Promise.resolve(this.instances);
  }
}

class MemoryStore {
  files = new Map<string, CachedListing>();
  writes: string[] = [];
  async read(key: string): Promise<CachedListing | undefined> {
    return this.files.get(key);
  }
  async write(key: string, listing: CachedListing): Promise<boolean> {
    this.writes.push(key);
    this.files.set(key, listing);
    return true;
  }
}

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
/** Read through a function, so the compiler does not narrow the state across awaits that change it. */
const kindOf = (m: ConnectionModel): ConnectionState['kind'] => m.state.kind;
const waitUntil = async (condition: () => boolean): Promise<void> => {
  for (let i = 0; i < 100 && !condition(); i++) await tick();
  assert.ok(condition(), 'the condition never held');
};
const listingNow = (m: ConnectionModel): Listing | undefined => m.listing;

describe('ConnectionModel', () => {
  let client: HeldClient;
  let connect: ConnectResult;
  let filter: DrillFilter;
  let store: MemoryStore;
  let states: ConnectionState['kind'][];

  function model(extra: Partial<ConnectionModelDeps> = {}): ConnectionModel {
    const m = new ConnectionModel('conn-1', {
      connect: async () => connect,
      filter: () => filter,
      cache: { store, key: (f) => `key:${JSON.stringify(f)}` },
      log: silent,
      saveDelayMs: 0,
      ...extra,
    });
    m.onDidChange((s) => states.push(s.kind));
    return m;
  }

  beforeEach(() => {
    client = new HeldClient();
    connect = { ok: true, client: client as unknown as SdrsClient, credentialSource: 'secretStorage' };
    filter = {};
    store = new MemoryStore();
    states = [];
  });

  it('starts loading, then is loaded with the listing, and saves it', async () => {
    const m = model();
    assert.equal(kindOf(m), 'loading');
    const done = m.refresh();
    await tick();
    client.calls[0].resolve([drill('d1', 'g1'), drill('d2', 'g1', 'creating')]);
    await done;
    assert.equal(kindOf(m), 'loaded');
    assert.equal(m.listing?.drillCount, 2);
    assert.equal(m.listing?.fromCache, false);
    assert.equal(m.listing?.groups[0].label, 'alpha');
    assert.equal(m.hasTransitionalDrills, true);
    assert.deepEqual(states, ['loading', 'loaded']);
    // Saved a moment after it is drawn.
    assert.deepEqual(store.writes, []);
    await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(store.writes, ['key:{}']);
    assert.deepEqual(
      store.files.get('key:{}')?.drills.map((d) => d.id),
      ['d1', 'd2'],
    );
  });

  it('replaceDrill keeps every other field of the listing, also one it does not know, and regroups the drills', async () => {
    const m = model();
    const done = m.refresh();
    await tick();
    client.calls[0].resolve([drill('d1', 'g1'), drill('d2', 'g1')]);
    await done;
    await waitUntil(() => (m.listing?.instances.size ?? 0) > 0);
    const before = listingNow(m)!;
    // A field a later change adds to the listing: replaceDrill must not need to know it.
    (before as unknown as Record<string, unknown>).futureField = { kept: true };
    assert.equal(m.replaceDrill({ ...drill('d2', 'g1'), name: 'renamed' }), true);
    const after = listingNow(m)!;
    const withoutGroups = (l: Listing): Record<string, unknown> => Object.fromEntries(Object.entries(l).filter(([key]) => key !== 'groups'));
    assert.deepEqual(withoutGroups(after), withoutGroups(before), 'every field but the groups is as it was');
    assert.deepEqual((after as unknown as Record<string, unknown>).futureField, { kept: true });
    assert.deepEqual(
      after.groups[0].drills.map((d) => d.name),
      ['drill-d1', 'renamed'],
    );
  });

  it('tells the client how many drills the listing on screen has (saved or last), so paging speculates only that far', async () => {
    store.files.set('key:{}', {
      savedAt: new Date(0),
      filter: {},
      drills: [drill('s1', 'g1'), drill('s2', 'g1'), drill('s3', 'g1')],
      groups: [group('g1', 'alpha')],
      instances: [],
    });
    const m = model();
    await m.loadCached();
    const first = m.refresh();
    await tick();
    assert.equal(client.calls[0].expectedItems, 3, 'the saved listing holds 3 drills');
    client.calls[0].resolve([drill('d1', 'g1')]);
    await first;
    const second = m.refresh();
    await tick();
    assert.equal(client.calls[1].expectedItems, 1, 'the last listing held 1 drill');
    client.calls[1].resolve([]);
    await second;
    // Nothing known yet: no hint, and the client asks a full window.
    const fresh = model({ cache: undefined });
    const third = fresh.refresh();
    await tick();
    assert.equal(client.calls[2].expectedItems, undefined);
    client.calls[2].resolve([]);
    await third;
  });

  it('is unconfigured when setup is missing, and failed on a configuration error', async () => {
    connect = { ok: false, missing: ['credentials'] };
    const m = model();
    await m.refresh();
    assert.deepEqual(m.state, { kind: 'unconfigured', missing: ['credentials'] });
    assert.deepEqual(m.missing, ['credentials']);
    const error = new SdrsError({ kind: 'config', field: 'endpoint', message: 'bad endpoint' });
    connect = { ok: false, missing: [], error };
    await m.refresh();
    assert.equal(kindOf(m), 'failed');
    assert.equal(m.error, error);
  });

  it('keeps the listing when a later refresh fails (stale), and fails outright without one', async () => {
    const m = model();
    let done = m.refresh();
    await tick();
    const boom = new SdrsError({ kind: 'http', status: 500, message: 'boom' });
    client.calls[0].reject(boom);
    await done;
    assert.equal(kindOf(m), 'failed');

    done = m.refresh();
    await tick();
    client.calls[1].resolve([drill('d1', 'g1')]);
    await done;
    done = m.refresh();
    await tick();
    // While refreshing, the listing stays on screen.
    assert.equal(kindOf(m), 'loading');
    assert.equal(m.listing?.drillCount, 1);
    client.calls[2].reject(boom);
    await done;
    assert.equal(kindOf(m), 'stale');
    assert.equal(m.error, boom);
    assert.equal(m.listing?.drillCount, 1);
  });

  it('applies only the newest refresh: an older, slower answer is dropped and its request cancelled', async () => {
    const m = model();
    const first = m.refresh();
    await tick();
    filter = { status: 'available' };
    const second = m.refresh();
    await tick();
    assert.equal(client.calls[0].signal?.aborted, true, 'the older request was not cancelled');
    client.calls[1].resolve([drill('new', 'g1')]);
    await second;
    client.calls[0].resolve([drill('old', 'g1')]);
    await first;
    assert.deepEqual(
      m.listing?.groups[0].drills.map((d) => d.id),
      ['new'],
    );
    assert.deepEqual(m.listing?.filter, { status: 'available' });
  });

  it('shows group IDs when the group call fails, says why, and does not save that listing', async () => {
    client.groups = new SdrsError({ kind: 'http', status: 403, message: 'denied' });
    const m = model();
    const done = m.refresh();
    await tick();
    client.calls[0].resolve([drill('d1', 'g1')]);
    await done;
    assert.equal(kindOf(m), 'loaded');
    assert.equal(m.listing?.groups[0].label, 'g1');
    assert.equal(m.listing?.groupsError?.status, 403);
    assert.deepEqual(store.writes, []);
  });

  it('names protected instances by ID, keeps the last names when that call fails, and saves them with the listing', async () => {
    const m = model();
    let done = m.refresh();
    await tick();
    client.calls[0].resolve([drill('d1', 'g1')]);
    await done;
    assert.equal(m.listing?.instances.get('pi-1')?.name, 'ecs-web-01');
    assert.equal(m.listing?.instancesError, undefined);

    client.instances = new SdrsError({ kind: 'http', status: 403, message: 'denied' });
    done = m.refresh();
    await tick();
    client.calls[1].resolve([drill('d2', 'g1')]);
    await done;
    assert.equal(kindOf(m), 'loaded');
    assert.deepEqual(
      m.listing?.groups[0].drills.map((d) => d.id),
      ['d2'],
    );
    assert.equal(listingNow(m)?.instancesError?.status, 403);
    assert.equal(m.listing?.instances.get('pi-1')?.name, 'ecs-web-01', 'the names of the listing before were dropped');
  });

  it('draws the drills without waiting for instance names, which come when they come', async () => {
    let answer!: (instances: ProtectedInstance[]) => void;
    client.instances = new Promise((resolve) => (answer = resolve));
    const m = model();
    const done = m.refresh();
    await tick();
    client.calls[0].resolve([drill('d1', 'g1')]);
    await waitUntil(() => kindOf(m) === 'loaded');
    assert.deepEqual(
      m.listing?.groups[0].drills.map((d) => d.id),
      ['d1'],
    );
    assert.equal(m.listing?.instances.size, 0);
    assert.deepEqual(store.writes, [], 'saved before the names were in');
    answer([{ id: 'pi-2', name: 'late-name' }]);
    await done;
    assert.equal(kindOf(m), 'loaded');
    assert.equal(listingNow(m)?.instances.get('pi-2')?.name, 'late-name');
  });

  it('draws saved instance names with the saved listing', async () => {
    store.files.set('key:{}', {
      savedAt: new Date(),
      filter: {},
      drills: [drill('cached', 'g1')],
      groups: [],
      instances: [{ id: 'pi-9', name: 'saved-name' }],
    });
    const m = model();
    await m.loadCached();
    assert.equal(m.listing?.fromCache, true);
    assert.equal(m.listing?.instances.get('pi-9')?.name, 'saved-name');
  });

  it('draws the saved listing before the network answers, marked as cached, then replaces it', async () => {
    const savedAt = new Date('2026-11-28T10:32:00Z');
    store.files.set('key:{}', { savedAt, filter: {}, drills: [drill('cached', 'g1')], groups: [group('g1', 'alpha')], instances: [] });
    const m = model();
    await m.loadCached();
    assert.equal(m.cacheLoaded, true);
    assert.equal(kindOf(m), 'loading');
    assert.equal(m.listing?.fromCache, true);
    assert.equal(m.listing?.fetchedAt.getTime(), savedAt.getTime());
    assert.deepEqual(
      m.listing?.groups[0].drills.map((d) => d.id),
      ['cached'],
    );

    const done = m.refresh();
    await tick();
    // Still drawn while the refresh runs.
    assert.equal(m.listing?.fromCache, true);
    client.calls[0].resolve([drill('fresh', 'g1')]);
    await done;
    assert.equal(m.listing?.fromCache, false);
    assert.deepEqual(
      m.listing?.groups[0].drills.map((d) => d.id),
      ['fresh'],
    );
  });

  it('never lets the saved listing replace a fresh one or an error, and ignores one made with another filter', async () => {
    store.files.set('key:{}', { savedAt: new Date(), filter: {}, drills: [drill('cached', 'g1')], groups: [], instances: [] });
    let m = model();
    const done = m.refresh();
    await tick();
    client.calls[0].resolve([drill('fresh', 'g1')]);
    await done;
    await m.loadCached();
    assert.deepEqual(
      m.listing?.groups[0].drills.map((d) => d.id),
      ['fresh'],
    );

    // A file under this key whose filter differs (the key should prevent it; the model checks anyway).
    filter = { status: 'error' };
    store.files.set('key:{"status":"error"}', { savedAt: new Date(), filter: {}, drills: [drill('cached', 'g1')], groups: [], instances: [] });
    m = model();
    await m.loadCached();
    assert.equal(m.listing, undefined);
  });

  it('without a cache store, is loaded from the network only', async () => {
    const m = model({ cache: undefined });
    assert.equal(m.cacheLoaded, true);
    await m.loadCached();
    assert.equal(m.listing, undefined);
  });

  it('stops its request when disposed, and applies nothing after', async () => {
    const m = model();
    const done = m.refresh();
    await tick();
    m.dispose();
    assert.equal(client.calls[0].signal?.aborted, true);
    await done;
    assert.equal(kindOf(m), 'loading');
  });

  describe('over real HTTP with the real client and a real cache directory', function () {
    let emulator: Emulator;
    let dir: string;
    let models: ConnectionModel[] = [];
    before(async () => {
      emulator = await startEmulator({ drills: 40, groups: 5, verifyAuth: false });
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sdrs-model-'));
    });
    // Every model is disposed and its saves are finished before the folder goes, as the extension does at deactivate.
    afterEach(async () => {
      for (const m of models) m.dispose();
      await Promise.all(models.map((m) => m.idle));
      models = [];
    });
    after(async () => {
      await emulator.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    const realModel = (cache: ListingCache, saveDelayMs = 0): ConnectionModel => {
      const m = new ConnectionModel('real', {
        connect: async () => ({
          ok: true,
          client: new SdrsClient(
            new SdrsTransport({ endpoint: emulator.url, projectId: emulator.projectId, credentials: async () => ({ kind: 'token', token: 'emulator-token' }) }),
          ),
          credentialSource: 'secretStorage',
        }),
        filter: () => ({}),
        cache: { store: cache, key: () => 'real-connection' },
        log: silent,
        saveDelayMs,
      });
      models.push(m);
      return m;
    };
    const savedFiles = (): string[] => fs.readdirSync(dir).filter((f) => f.endsWith('.json'));

    it('a second session draws the first one’s listing from disk before listing again; a corrupt file is ignored', async () => {
      const first = realModel(new ListingCache(dir));
      await first.refresh();
      assert.equal(first.listing?.drillCount, 40);
      // The write is not awaited by refresh: wait for the save to start and end (mocha's timeout bounds the wait).
      while (savedFiles().length === 0) {
        await new Promise((r) => setTimeout(r, 5));
        await first.idle;
      }

      const second = realModel(new ListingCache(dir));
      await second.loadCached();
      assert.equal(second.listing?.fromCache, true);
      assert.equal(second.listing?.drillCount, 40);

      for (const f of fs.readdirSync(dir)) fs.writeFileSync(path.join(dir, f), '{"format":1,"key":');
      const third = realModel(new ListingCache(dir));
      await third.loadCached();
      assert.equal(third.listing, undefined);
      await third.refresh();
      assert.equal(kindOf(third), 'loaded');
    });

    it('dispose drops a save still waiting for its moment and lets one being written finish; nothing is written after', async () => {
      fs.rmSync(dir, { recursive: true, force: true });
      // Waiting: the listing is drawn, the save is a second away, the window closes.
      const waiting = realModel(new ListingCache(dir), 60_000);
      await waiting.refresh();
      waiting.dispose();
      await waiting.idle;
      assert.equal(fs.existsSync(dir), false, 'a disposed model wrote its listing');

      // Being written: dispose while the store holds the write open; idle resolves only once the file is complete.
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const cache = new ListingCache(dir);
      const write = cache.write.bind(cache);
      let started = false;
      cache.write = async (key, listing) => {
        started = true;
        await gate;
        return write(key, listing);
      };
      const writing = realModel(cache);
      await writing.refresh();
      try {
        // The save starts on a timer of its own (mocha's timeout bounds the wait).
        while (!started) await new Promise((r) => setTimeout(r, 5));
        writing.dispose();
        let idle = false;
        void writing.idle.then(() => (idle = true));
        await tick();
        assert.equal(idle, false, 'idle resolved while the save was still being written');
      } finally {
        release();
      }
      await writing.idle;
      assert.equal(savedFiles().length, 1);
      const next = realModel(new ListingCache(dir));
      await next.loadCached();
      assert.equal(next.listing?.drillCount, 40);
    });
  });
});
