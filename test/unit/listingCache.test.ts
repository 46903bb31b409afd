// The on-disk listing cache: round trip, and every kind of file it must ignore without throwing. Real files in a temp dir.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CACHE_FORMAT, ListingCache, type CachedListing } from '../../src/cache/listingCache';
import type { DisasterRecoveryDrill, ProtectionGroup } from '../../src/sdrs/model';

const KEY = 'acct|cn-north-4|0123456789abcdef0123456789abcdef|https://sdrs.example.com|{"status":"available"}';
const OTHER_KEY = 'acct|cn-north-4|0123456789abcdef0123456789abcdef|https://sdrs.example.com|{}';

const drill = (id: string, servers = 1): DisasterRecoveryDrill => ({
  id,
  name: `drill-${id}`,
  status: 'available',
  server_group_id: 'g1',
  drill_vpc_id: 'vpc-1',
  created_at: '2024-01-08 10:00:00.000',
  updated_at: '2024-01-09 10:00:00.000',
  drill_servers: Array.from({ length: servers }, (_, k) => ({ protected_instance: `inst-${k}`, drill_server_id: `${id}-srv-${k}` })),
});

const group: ProtectionGroup = {
  id: 'g1',
  name: 'prod-web',
  description: 'DR for prod-web',
  status: 'protected',
  progress: 100,
  protected_instance_num: 2,
  disaster_recovery_drill_num: 2,
  created_at: '2023-03-01 00:00:00.000',
};

const listing = (drills = [drill('d1', 2), drill('d2', 0)]): CachedListing => ({
  savedAt: new Date(Date.now() - 60_000),
  filter: { status: 'available' },
  drills,
  groups: [group],
  instances: [{ id: 'pi-1', name: 'ecs-web-01', server_group_id: 'g1', status: 'protected', progress: 100 }],
});

describe('ListingCache', () => {
  let root: string;
  let dir: string;
  let logged: string[];
  let cache: ListingCache;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'sdrs-listing-cache-'));
    dir = path.join(root, 'cache');
    logged = [];
    cache = new ListingCache(dir, { log: (m) => logged.push(m) });
  });

  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** The one cache file in the dir (written by the test just before). */
  function onlyFile(): string {
    const names = fs.readdirSync(dir);
    assert.equal(names.length, 1, `expected one file, found ${names.join(', ')}`);
    return path.join(dir, names[0]);
  }

  /** Writes a valid listing under KEY, then lets the test change the stored JSON. */
  async function stored(change: (data: Record<string, unknown>) => void): Promise<void> {
    await cache.write(KEY, listing());
    const file = onlyFile();
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    change(data);
    fs.writeFileSync(file, JSON.stringify(data));
  }

  /** The file is ignored: read resolves undefined and logs exactly one line matching `why`. */
  async function assertIgnored(why: RegExp): Promise<void> {
    logged = [];
    assert.equal(await cache.read(KEY), undefined);
    assert.equal(logged.length, 1, `log: ${logged.join(' | ')}`);
    assert.match(logged[0], why);
    assert.doesNotMatch(logged[0], /\n/);
    // No listing data in the log line.
    assert.doesNotMatch(logged[0], /drill-d1|prod-web|vpc-1|inst-0|acct/);
  }

  it('round trip: what is written is read back, as plain objects with exactly the model fields', async () => {
    const written = listing();
    assert.equal(await cache.write(KEY, written), true);
    const read = await cache.read(KEY);
    assert.deepEqual(read, written);
    assert.ok(read!.savedAt instanceof Date);
    assert.equal(read!.savedAt.getTime(), written.savedAt.getTime());
    assert.notEqual(read!.drills[0], written.drills[0]);
    assert.deepEqual(logged, []);
  });

  it('stores compact JSON with format, key and an ISO savedAt, under a 32-hex-digit name', async () => {
    const written = listing();
    await cache.write(KEY, written);
    const file = onlyFile();
    assert.match(path.basename(file), /^[0-9a-f]{32}\.json$/);
    const text = fs.readFileSync(file, 'utf8');
    assert.doesNotMatch(text, /\n|": /);
    const data = JSON.parse(text) as Record<string, unknown>;
    assert.deepEqual(Object.keys(data), ['format', 'key', 'savedAt', 'filter', 'drills', 'groups', 'instances']);
    assert.equal(data.format, CACHE_FORMAT);
    assert.equal(data.key, KEY);
    assert.equal(data.savedAt, written.savedAt.toISOString());
  });

  it('a later write replaces the earlier one', async () => {
    await cache.write(KEY, listing([drill('a')]));
    await cache.write(KEY, listing([drill('b'), drill('c')]));
    assert.deepEqual(
      (await cache.read(KEY))!.drills.map((d) => d.id),
      ['b', 'c'],
    );
    onlyFile();
  });

  it('missing file (and missing dir): undefined, nothing logged', async () => {
    assert.equal(await cache.read(KEY), undefined);
    fs.mkdirSync(dir);
    assert.equal(await cache.read(KEY), undefined);
    assert.deepEqual(logged, []);
  });

  it('corrupt JSON: ignored, and the log does not quote the text', async () => {
    await cache.write(KEY, listing());
    fs.writeFileSync(onlyFile(), '{"format":1,"secretish-looking-garbage');
    await assertIgnored(/is not valid JSON/);
    assert.doesNotMatch(logged[0], /garbage/);
  });

  it('empty and truncated files: ignored', async () => {
    await cache.write(KEY, listing());
    const file = onlyFile();
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.slice(0, Math.floor(text.length / 2)));
    await assertIgnored(/is not valid JSON/);
    fs.writeFileSync(file, '');
    await assertIgnored(/is not valid JSON/);
  });

  it('JSON that is not an object: ignored', async () => {
    await cache.write(KEY, listing());
    for (const text of ['null', '[]', '1', '"x"']) {
      fs.writeFileSync(onlyFile(), text);
      await assertIgnored(/is not a JSON object/);
    }
  });

  for (const [label, format, why] of [
    ['format 0 (older)', 0, /has format 0, not 1/],
    ['format 2 (newer)', 2, /has format 2, not 1/],
    ['format "1" (a string)', '1', /has no format number/],
    ['no format', undefined, /has no format number/],
  ] as const) {
    it(`${label}: ignored`, async () => {
      await stored((d) => (d.format = format));
      await assertIgnored(why);
    });
  }

  it("another key's file (copied to this key's name): ignored; the other key still reads", async () => {
    await cache.write(OTHER_KEY, listing([drill('other')]));
    const otherFile = onlyFile();
    await cache.write(KEY, listing());
    const mine = fs
      .readdirSync(dir)
      .map((n) => path.join(dir, n))
      .find((f) => f !== otherFile)!;
    fs.copyFileSync(otherFile, mine);
    await assertIgnored(/belongs to another key/);
    assert.deepEqual(
      (await cache.read(OTHER_KEY))!.drills.map((d) => d.id),
      ['other'],
    );
  });

  it('a link in the folder to a valid listing elsewhere: ignored as a link, the file it points to never read', async () => {
    await cache.write(KEY, listing([drill('elsewhere')]));
    const mine = onlyFile();
    const outside = path.join(os.tmpdir(), `sdrs-outside-${process.pid}-${Date.now()}.json`);
    fs.renameSync(mine, outside);
    try {
      fs.symlinkSync(outside, mine);
      await assertIgnored(/is a link/);
    } finally {
      fs.rmSync(outside, { force: true });
    }
  });

  it('a FIFO in the folder: ignored at once, never waiting for a writer', async () => {
    await cache.write(KEY, listing());
    const mine = onlyFile();
    fs.rmSync(mine);
    execFileSync('mkfifo', [mine]);
    // Without O_NONBLOCK the open waits for a writer that never comes, and this read never ends.
    await assertIgnored(/is not a regular file/);
  });

  it('a missing key field: ignored', async () => {
    await stored((d) => delete d.key);
    await assertIgnored(/belongs to another key/);
  });

  describe('wrong shapes: each ignored, naming the field but not its value', () => {
    type Data = Record<string, unknown> & { drills: Array<Record<string, unknown>>; groups: Array<Record<string, unknown>> };
    const server = (d: Data): Record<string, unknown> => (d.drills[0].drill_servers as Array<Record<string, unknown>>)[0];
    const cases: Array<[string, (d: Data) => void, RegExp]> = [
      ['drills not a list', (d) => (d.drills = {} as never), /drills is not a list/],
      ['drills missing', (d) => delete (d as Partial<Data>).drills, /drills is not a list/],
      ['groups not a list', (d) => (d.groups = 'g' as never), /groups is not a list/],
      ['a drill is null', (d) => (d.drills[1] = null as never), /drills\[1\] is not an object/],
      ['a drill is a list', (d) => (d.drills[0] = [] as never), /drills\[0\] is not an object/],
      ...(['id', 'name', 'status', 'server_group_id'] as const).flatMap((f): Array<[string, (d: Data) => void, RegExp]> => [
        [`drill ${f} missing`, (d) => delete d.drills[0][f], new RegExp(`drills\\[0\\]\\.${f} is not a string`)],
        [`drill ${f} a number`, (d) => (d.drills[0][f] = 7), new RegExp(`drills\\[0\\]\\.${f} is not a string`)],
      ]),
      ...(['drill_vpc_id', 'created_at', 'updated_at'] as const).flatMap((f): Array<[string, (d: Data) => void, RegExp]> => [
        [`drill ${f} a number`, (d) => (d.drills[0][f] = 7), new RegExp(`drills\\[0\\]\\.${f} is not a string`)],
        [`drill ${f} null`, (d) => (d.drills[0][f] = null), new RegExp(`drills\\[0\\]\\.${f} is not a string`)],
      ]),
      ['drill_servers missing', (d) => delete d.drills[0].drill_servers, /drills\[0\]\.drill_servers is not a list/],
      ['drill_servers an object', (d) => (d.drills[0].drill_servers = {}), /drills\[0\]\.drill_servers is not a list/],
      ['a drill server a string', (d) => ((d.drills[0].drill_servers as unknown[])[1] = 's'), /drills\[0\]\.drill_servers\[1\] is not an object/],
      ['drill_server_id missing', (d) => delete server(d).drill_server_id, /drills\[0\]\.drill_servers\[0\]\.drill_server_id is not a string/],
      ['drill_server_id a number', (d) => (server(d).drill_server_id = 1), /drills\[0\]\.drill_servers\[0\]\.drill_server_id is not a string/],
      ['protected_instance null', (d) => (server(d).protected_instance = null), /drills\[0\]\.drill_servers\[0\]\.protected_instance is not a string/],
      ['a group is null', (d) => (d.groups[0] = null as never), /groups\[0\] is not an object/],
      ['group id a number', (d) => (d.groups[0].id = 1), /groups\[0\]\.id is not a string/],
      ['group name missing', (d) => delete d.groups[0].name, /groups\[0\]\.name is not a string/],
      ['filter missing', (d) => delete d.filter, /filter is not an object/],
      ['filter a list', (d) => (d.filter = []), /filter is not an object/],
      ['filter.name a number', (d) => (d.filter = { name: 3 }), /filter\.name is not a string/],
      ['filter.status not a drill status', (d) => (d.filter = { status: 'available ' }), /filter\.status is not a drill status/],
      ['savedAt missing', (d) => delete d.savedAt, /savedAt is not a string/],
      ['savedAt a number', (d) => (d.savedAt = Date.now()), /savedAt is not a string/],
      ['savedAt not a date', (d) => (d.savedAt = 'yesterday'), /savedAt is not a date/],
    ];
    for (const [label, change, why] of cases) {
      it(label, async () => {
        await stored((d) => change(d as Data));
        await assertIgnored(why);
      });
    }
  });

  it('absent optional drill text fields read as empty strings, as the client makes them', async () => {
    await stored((d) => {
      const first = (d.drills as Array<Record<string, unknown>>)[0];
      delete first.drill_vpc_id;
      delete first.created_at;
      delete first.updated_at;
    });
    const read = await cache.read(KEY);
    assert.deepEqual(read!.drills[0], { ...drill('d1', 2), drill_vpc_id: '', created_at: '', updated_at: '' });
    assert.deepEqual(logged, []);
  });

  it('wrong-typed optional group fields are dropped, as the client drops them; the listing is kept', async () => {
    await stored((d) => {
      d.groups = [
        {
          id: 'g1',
          name: 'prod-web',
          description: 7,
          status: 5,
          progress: 101,
          protected_instance_num: -1,
          disaster_recovery_drill_num: 1.5,
          replication_status: 'active',
        },
        { id: 'g2', name: 'erp', progress: 40, protected_instance_num: 3 },
      ];
    });
    const read = await cache.read(KEY);
    assert.deepEqual(read!.groups, [
      { id: 'g1', name: 'prod-web', replication_status: 'active' },
      { id: 'g2', name: 'erp', progress: 40, protected_instance_num: 3 },
    ]);
    assert.deepEqual(logged, []);
  });

  it('protected instances: a file without them (saved before they were kept) reads with none; bad ones are ignored like bad drills', async () => {
    await stored((d) => {
      delete d.instances;
    });
    assert.deepEqual((await cache.read(KEY))!.instances, []);
    await stored((d) => {
      d.instances = [{ id: 'pi-1', name: 'ecs', status: 7, progress: 'x', source_server: 'srv-1' }, { id: 'pi-2' }];
    });
    assert.deepEqual((await cache.read(KEY))!.instances, [
      { id: 'pi-1', name: 'ecs', source_server: 'srv-1' },
      { id: 'pi-2', name: '' },
    ]);
    assert.deepEqual(logged, []);
    await stored((d) => {
      d.instances = [{ id: 42, name: 'ecs' }];
    });
    assert.equal(await cache.read(KEY), undefined);
    assert.match(logged.join('\n'), /instances\[0\]\.id is not a string/);
  });

  it('unknown keys are stripped and __proto__ keys in the file change no prototype', async () => {
    await cache.write(KEY, listing());
    const file = onlyFile();
    const text = fs.readFileSync(file, 'utf8');
    // Written as text: JSON.stringify would not write a __proto__ key.
    fs.writeFileSync(
      file,
      text
        .replace('{"format"', '{"__proto__":{"polluted":1},"extra":1,"format"')
        .replace('{"id":"d1"', '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"secret":"x","id":"d1"')
        .replace('{"protected_instance"', '{"__proto__":{"polluted":1},"protected_instance"')
        .replace('{"id":"g1"', '{"__proto__":{"polluted":1},"internal":"x","id":"g1"')
        .replace('"filter":{', '"filter":{"__proto__":{"polluted":1},"limit":5,'),
    );
    const read = await cache.read(KEY);
    assert.deepEqual(logged, []);
    assert.deepEqual(read, { ...listing(), savedAt: read!.savedAt });
    for (const obj of [read!, read!.filter, read!.drills[0], read!.drills[0].drill_servers[0], read!.groups[0]]) {
      assert.equal(Object.getPrototypeOf(obj), Object.prototype);
      assert.equal((obj as { polluted?: unknown }).polluted, undefined);
    }
    assert.deepEqual(Object.keys(read!.drills[0]), ['id', 'name', 'status', 'server_group_id', 'drill_vpc_id', 'created_at', 'updated_at', 'drill_servers']);
    assert.equal(({} as { polluted?: unknown }).polluted, undefined);
  });

  it('savedAt more than a day in the future: ignored; an hour ahead (clock skew) is kept', async () => {
    await stored((d) => (d.savedAt = new Date(Date.now() + 2 * 86_400_000).toISOString()));
    await assertIgnored(/savedAt is more than a day in the future/);
    const ahead = new Date(Date.now() + 3_600_000);
    await cache.write(KEY, { ...listing(), savedAt: ahead });
    assert.equal((await cache.read(KEY))!.savedAt.getTime(), ahead.getTime());
  });

  it('oversize: not written (logged) and an older copy is removed; a file over maxBytes is not read', async () => {
    await cache.write(KEY, listing());
    const size = fs.statSync(onlyFile()).size;
    const small = new ListingCache(dir, { maxBytes: size - 1, log: (m) => logged.push(m) });
    logged = [];
    assert.equal(await small.write(KEY, listing()), false);
    assert.equal(logged.length, 1);
    assert.match(logged[0], new RegExp(`not saving [0-9a-f]{32}\\.json: ${size} bytes is over the limit of ${size - 1}`));
    assert.deepEqual(fs.readdirSync(dir), []);

    await cache.write(KEY, listing());
    logged = [];
    assert.equal(await small.read(KEY), undefined);
    assert.equal(logged.length, 1);
    assert.match(logged[0], new RegExp(`is ${size} bytes, over the limit of ${size - 1}`));
    assert.ok(await new ListingCache(dir, { maxBytes: size }).read(KEY));
  });

  it('a file where the directory should be: write resolves and logs, read and delete log, nothing throws', async () => {
    fs.writeFileSync(dir, 'not a dir');
    await cache.write(KEY, listing());
    assert.equal(logged.length, 1);
    assert.match(logged[0], /could not save [0-9a-f]{32}\.json \((EEXIST|ENOTDIR)\)/);
    assert.equal(await cache.read(KEY), undefined);
    assert.match(logged[1], /could not be read \(ENOTDIR\)/);
    await cache.delete(KEY);
    assert.match(logged[2], /could not remove [0-9a-f]{32}\.json \(ENOTDIR\)/);
    assert.deepEqual(fs.readdirSync(root), ['cache']);
  });

  it('a directory where the file should be: read ignores it; write logs and leaves no temp file', async () => {
    await cache.write(KEY, listing());
    const file = onlyFile();
    fs.rmSync(file);
    fs.mkdirSync(file);
    await assertIgnored(/is not a regular file|could not be read/);
    logged = [];
    await cache.write(KEY, listing());
    assert.equal(logged.length, 1);
    assert.match(logged[0], /could not save/);
    assert.deepEqual(fs.readdirSync(dir), [path.basename(file)]);
  });

  it('a listing that cannot be serialized: write resolves and logs', async () => {
    await cache.write(KEY, { ...listing(), savedAt: new Date(Number.NaN) });
    const cyclic = listing();
    (cyclic.drills[0] as unknown as { self: unknown }).self = cyclic.drills[0];
    await cache.write(KEY, cyclic);
    assert.equal(logged.length, 2);
    assert.match(logged[0], /not saving .*could not be serialized/);
    assert.ok(!fs.existsSync(dir));
  });

  it('a log that throws makes nothing throw, and later writes of the key still run', async () => {
    const throwing = new ListingCache(dir, {
      log: () => {
        throw new Error('log closed');
      },
    });
    await throwing.write(KEY, listing());
    fs.writeFileSync(onlyFile(), '{');
    assert.equal(await throwing.read(KEY), undefined);
    const file = onlyFile();
    fs.rmSync(file);
    fs.mkdirSync(file);
    await throwing.write(KEY, listing()); // fails: a directory is in the way
    fs.rmdirSync(file);
    await throwing.write(KEY, listing([drill('after')]));
    assert.deepEqual(
      (await throwing.read(KEY))!.drills.map((d) => d.id),
      ['after'],
    );
  });

  it('concurrent writes through one cache: the file is the last listing asked for', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => cache.write(KEY, listing([drill(`w${i}`, 3)]))));
    assert.deepEqual(
      (await cache.read(KEY))!.drills.map((d) => d.id),
      ['w19'],
    );
    assert.deepEqual(logged, []);
    onlyFile();
  });

  it('concurrent writes from two windows (two caches, one dir), read all the while: always one whole listing', async function () {
    this.timeout(30_000);
    const other = new ListingCache(dir, { log: (m) => logged.push(m) });
    // Over 512 KiB, so each write takes several write calls: a reader of a file being written in place would see part of it.
    const big = (tag: string): CachedListing => listing(Array.from({ length: 8000 }, (_, i) => drill(`${tag}${i}`, 2)));
    let writing = true;
    let seen = 0;
    const reader = (async () => {
      while (writing) {
        const r = await cache.read(KEY);
        if (!r) continue; // before the first rename there is no file
        seen++;
        assert.equal(r.drills.length, 8000);
        assert.equal(new Set(r.drills.map((d) => d.id.split('-')[0])).size, 1, 'a listing mixed from two writes');
      }
    })();
    const writes: Array<Promise<boolean>> = [];
    for (let i = 0; i < 4; i++) writes.push(cache.write(KEY, big(`a${i}-`)), other.write(KEY, big(`b${i}-`)));
    await Promise.all(writes).finally(() => (writing = false));
    await reader;
    assert.ok(seen > 0, 'the reader never saw a listing');
    assert.equal((await cache.read(KEY))!.drills.length, 8000);
    assert.deepEqual(logged, []);
    onlyFile();
  });

  it('leaves no temp files behind', async () => {
    await cache.write(KEY, listing());
    await cache.write(OTHER_KEY, listing());
    await cache.write(KEY, listing([drill('x')]));
    await cache.delete(OTHER_KEY);
    assert.deepEqual(
      fs.readdirSync(dir).filter((n) => !/^[0-9a-f]{32}\.json$/.test(n)),
      [],
    );
    assert.equal(fs.readdirSync(dir).length, 1);
  });

  it("key text with '/', '\\\\' and '..' never forms a path: files stay directly in the dir", async () => {
    const keys = ['../../escape', '../cache-sibling/x', '/etc/passwd', 'a/../../b', '..\\..\\win', '.', '..', '', 'x\0y'];
    for (const key of keys) await cache.write(key, listing([drill(key || 'empty')]));
    assert.deepEqual(fs.readdirSync(root), ['cache']);
    const names = fs.readdirSync(dir);
    assert.equal(names.length, keys.length);
    for (const n of names) assert.match(n, /^[0-9a-f]{32}\.json$/);
    for (const key of keys)
      assert.deepEqual(
        (await cache.read(key))!.drills.map((d) => d.id),
        [key || 'empty'],
      );
    assert.deepEqual(logged, []);
  });

  it('delete removes the listing; deleting a missing one is silent', async () => {
    await cache.write(KEY, listing());
    await cache.delete(KEY);
    assert.equal(await cache.read(KEY), undefined);
    await cache.delete(KEY);
    assert.deepEqual(fs.readdirSync(dir), []);
    assert.deepEqual(logged, []);
  });

  it('a delete after a write (not awaited) wins: they run in call order', async () => {
    const write = cache.write(KEY, listing());
    const del = cache.delete(KEY);
    await Promise.all([write, del]);
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  // The time is bench/cache.ts's figure; here, that the same listing reads back whole, five times over.
  it('10,000 drills with 1–3 drill servers each read back whole', async function () {
    this.timeout(60_000);
    const drills = Array.from({ length: 10_000 }, (_, i) => drill(`drill-${String(i).padStart(5, '0')}-0123456789abcdef`, 1 + (i % 3)));
    await cache.write(KEY, listing(drills));
    for (let run = 0; run < 5; run++) {
      const read = await cache.read(KEY);
      assert.equal(read!.drills.length, 10_000);
      assert.deepEqual(
        read!.drills.map((d) => d.drill_servers.length),
        drills.map((d) => d.drill_servers.length),
      );
    }
  });
});
