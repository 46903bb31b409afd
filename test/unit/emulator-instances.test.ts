// The emulator's protected instances over real HTTP, each request signed by the official SDK signer: seeded instances, the list's
// filters and paging, the single GET, instances derived from explicit data, the lifecycle's creates using them, auth, and the
// seeded random stream kept as it was before instances existed.
import * as assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import type { DisasterRecoveryDrill, ListProtectedInstancesResponse, ProtectedInstance, ProtectionGroup } from '../../src/sdrs/model';
import {
  INSTANCE_NOT_FOUND_CODE,
  INSTANCE_STATUSES,
  isAbnormal,
  MAX_FILTER_IDS,
  seedData,
  startEmulator,
  STRICT_LIMIT_MESSAGE,
  type Emulator,
  type EmulatorData,
} from '../emulator/emulator';
import { probe, sdkSign, type ProbeReply } from '../emulator/probe';

const B = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/;
const CHINESE = /[\u4e00-\u9fa5]/;

interface ErrorBody {
  error?: { code: string; message: string };
  error_code?: string;
  error_msg?: string;
}
type List = ListProtectedInstancesResponse & ErrorBody;
type One = { protected_instance: ProtectedInstance } & ErrorBody;

/** A GET signed by the official SDK signer (the test oracle). */
function get<T = ErrorBody>(emu: Emulator, p: string, headers?: Record<string, string>): Promise<ProbeReply<T>> {
  const url = emu.url + p;
  return probe<T>(url, { headers: headers ?? sdkSign(url) });
}

const listPath = (project: string, query = ''): string => `/v1/${project}/protected-instances${query ? `?${query}` : ''}`;
const onePath = (project: string, id: string): string => `/v1/${project}/protected-instances/${encodeURIComponent(id)}`;
/** The two documented list forms, URL-encoded. */
const jsonList = (ids: readonly string[]): string => encodeURIComponent(JSON.stringify(ids));
const pythonList = (ids: readonly string[]): string => encodeURIComponent(`[${ids.map((id) => `'${id}'`).join(',')}]`);

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const serverOrder = (xs: readonly ProtectedInstance[]): ProtectedInstance[] =>
  [...xs].sort((a, b) => compare(a.created_at ?? '', b.created_at ?? '') || compare(a.id, b.id));
const ids = (xs: readonly { id: string }[]): string[] => xs.map((x) => x.id);

function assertError(r: ProbeReply<ErrorBody>, status: number, code: string, label = ''): void {
  assert.equal(r.status, status, `${label} ${r.text}`);
  assert.equal(r.body.error?.code, code, `${label} ${r.text}`);
  assert.ok(r.body.error?.message, label);
  assert.match(String(r.headers['x-request-id']), /^[0-9a-f]{32}$/);
}

describe('SDRS emulator: protected instances', () => {
  describe('seedData', () => {
    it('keeps the random stream of before instances: the same groups, drills and IDs', () => {
      // Computed from `git show HEAD:test/emulator/seed.ts` before protected instances were seeded.
      const data = seedData({ seed: 1, groups: 8, drills: 60 });
      assert.deepEqual(
        [data.groups[0].id, data.groups[1].id, data.groups[7].id, data.drills[0].id, data.drills[59].id],
        [
          'b8829f5c-6d01-4077-8fea-cb771748ca60',
          'b89007d2-7442-4420-ac53-9d725fe99c7c',
          '24379b63-b5e7-4ee4-b46c-3984da437baa',
          '05c1e757-de17-43ba-beb6-0042306c3ac3',
          'e43ef9ed-4efc-45f8-b19a-b51f100a0440',
        ],
      );
      assert.deepEqual(data.drills[0].drill_servers, [
        { protected_instance: '8706c4eb-fb26-427f-9f7e-79d2b47f6663', drill_server_id: 'cc643d1b-a50e-441d-8ac9-426e4f552335' },
      ]);
      assert.deepEqual(
        data.groups.map((g) => g.protected_instance_num),
        [1, 3, 5, 1, 2, 5, 1, 3],
      );
      const digest = (d: EmulatorData): string =>
        createHash('sha256')
          .update(JSON.stringify({ groups: d.groups, drills: d.drills }))
          .digest('hex');
      assert.equal(digest(data), '2e36565df63c2ddb975fc3fed94abd33d138fa875416c2f4fb0f5a2e9f18706c');
      assert.equal(digest(seedData({ seed: 42, groups: 2, drills: 4 })), 'ed7f7e2a7fdfb033065f9246f17ddf5d102f9f58e1cc6609d98ca8aca301601a');
      const big = seedData({ seed: 9, groups: 40, drills: 50_000 });
      assert.deepEqual([big.drills[49_999].id, big.drills[49_999].name], ['e7d5fdcd-f04b-4037-8e59-98d12ca66ab9', '切换演练-erp-db-50000']);
    });

    it('gives every group its instances: the IDs its drills copy and more, to protected_instance_num', () => {
      for (const seed of [1, 3, 9]) {
        const { groups, drills, instances = [] } = seedData({ seed, groups: 12, drills: 400 });
        assert.equal(
          instances.length,
          groups.reduce((n, g) => n + (g.protected_instance_num ?? 0), 0),
          `seed ${seed}`,
        );
        assert.equal(new Set(ids(instances)).size, instances.length, 'instance IDs are unique');
        for (const g of groups) {
          const own = instances.filter((i) => i.server_group_id === g.id);
          assert.equal(own.length, g.protected_instance_num, g.name);
          assert.ok(own.length >= 1 && own.length <= 6);
          assert.equal(new Set(own.map((i) => i.name)).size, own.length, `names are unique within ${g.name}`);
          const copied = drills.filter((d) => d.server_group_id === g.id).flatMap((d) => d.drill_servers.map((s) => s.protected_instance));
          assert.ok(
            copied.every((id) => own.some((i) => i.id === id)),
            `the drills of ${g.name} point at its instances`,
          );
          assert.ok(own.every((i) => i.priority_station === g.priority_station && (i.created_at ?? '') > (g.created_at ?? '')));
          if (g.status !== 'protected')
            assert.ok(
              own.every((i) => i.status === g.status),
              `${g.name} is ${g.status}`,
            );
        }
        assert.deepEqual(instances, serverOrder(instances), 'seeded in server order');
      }
    });

    it('looks like the service: names, statuses, servers, progress and timestamps', () => {
      const { instances = [] } = seedData({ seed: 3, groups: 40, drills: 100 });
      assert.ok(
        instances.every((i) => UUID.test(i.id) && UUID.test(i.source_server ?? '') && UUID.test(i.target_server ?? '') && i.source_server !== i.target_server),
      );
      assert.ok(instances.every((i) => /^[\w\u4e00-\u9fa5-]+-\d{2}$/.test(i.name)));
      assert.ok(instances.some((i) => CHINESE.test(i.name)) && instances.some((i) => /^[a-z]/.test(i.name)), 'ASCII and Chinese names');
      assert.ok(instances.every((i) => (INSTANCE_STATUSES as readonly string[]).includes(i.status ?? '')));
      const statuses = instances.map((i) => i.status);
      assert.ok(statuses.filter((s) => s === 'protected').length > instances.length / 2, 'mostly protected');
      assert.ok(statuses.some((s) => s !== 'protected') && statuses.some((s) => isAbnormal(s)), 'some are not');
      assert.ok(instances.every((i) => Number.isInteger(i.progress) && i.progress! >= 0 && i.progress! <= 100));
      assert.ok(instances.some((i) => i.progress! < 100) && instances.filter((i) => i.status === 'protected').every((i) => i.progress! > 0));
      assert.ok(instances.every((i) => TIMESTAMP.test(i.created_at ?? '') && TIMESTAMP.test(i.updated_at ?? '') && i.updated_at! >= i.created_at!));
      assert.deepEqual(seedData({ seed: 3, groups: 40, drills: 100 }).instances, instances, 'deterministic');
      assert.notDeepEqual(ids(seedData({ seed: 4, groups: 40, drills: 100 }).instances ?? []), ids(instances));
      assert.equal(seedData({ seed: 1, groups: 0, drills: 0 }).instances, undefined, 'nothing to list without groups');
    });
  });

  describe('the list and the single GET (seeded)', () => {
    let emu: Emulator;
    const P = (): string => emu.projectId;
    const list = (query = ''): Promise<ProbeReply<List>> => get<List>(emu, listPath(P(), query));
    const listIds = async (query: string): Promise<string[]> => {
      const r = await list(query);
      assert.equal(r.status, 200, `${query}: ${r.text}`);
      return ids(r.body.protected_instances);
    };
    const all = (): ProtectedInstance[] => serverOrder(emu.protectedInstances());

    before(async () => {
      emu = await startEmulator({ groups: 12, drills: 100, projects: { [B]: { groups: 2, drills: 3 } } });
    });
    after(() => emu.close());
    afterEach(() => {
      emu.clearFaults();
      emu.setCountMode('total');
      emu.options.strictLimit = false;
    });

    it('lists every instance of the project in server order, the very objects of data.instances', async () => {
      assert.equal(emu.protectedInstances(), emu.data.instances, 'the live array');
      const r = await list();
      assert.equal(r.status, 200, r.text);
      assert.match(String(r.headers['content-type']), /^application\/json/);
      assert.deepEqual(r.body, { protected_instances: all(), count: emu.data.instances!.length });
      const other = await get<List>(emu, listPath(B));
      assert.deepEqual(ids(other.body.protected_instances), ids(serverOrder(emu.protectedInstances(B))));
      assert.ok(
        other.body.protected_instances.every((i) => emu.projectData(B).groups.some((g) => g.id === i.server_group_id)),
        'each project its own',
      );
    });

    it('filters by server_group_id, and by server_group_ids in both list forms (overriding server_group_id)', async () => {
      const [g1, g2] = emu.data.groups;
      const of = (...groups: ProtectionGroup[]): string[] => ids(all().filter((i) => groups.some((g) => g.id === i.server_group_id)));
      assert.deepEqual(await listIds(`server_group_id=${g1.id}`), of(g1));
      assert.deepEqual(await listIds(`server_group_ids=${jsonList([g1.id, g2.id])}`), of(g1, g2));
      assert.deepEqual(await listIds(`server_group_ids=${pythonList([g2.id, g1.id])}`), of(g1, g2));
      assert.deepEqual(await listIds(`server_group_ids=${jsonList([g2.id])}&server_group_id=${g1.id}`), of(g2), 'server_group_id is ignored');
      assert.deepEqual(await listIds(`server_group_id=${randomUUID()}`), []);
      assert.deepEqual(await listIds('server_group_id='), ids(all()), 'empty is no filter');
      assert.deepEqual(await listIds(`server_group_ids=${jsonList([])}`), ids(all()), 'an empty list is no filter');
    });

    it('filters by protected_instance_ids in both list forms, ignored when a group filter is given', async () => {
      const every = all();
      const picked = [every[5], every[0], every[9]].map((i) => i.id);
      const inOrder = ids(every).filter((id) => picked.includes(id));
      assert.deepEqual(await listIds(`protected_instance_ids=${jsonList(picked)}`), inOrder);
      assert.deepEqual(await listIds(`protected_instance_ids=${pythonList(picked)}`), inOrder);
      assert.deepEqual(
        await listIds(`protected_instance_ids=${encodeURIComponent(`[ '${picked[0]}' , '${picked[1]}' ]`)}`),
        inOrder.filter((id) => id !== picked[2]),
        'spaces allowed',
      );
      assert.deepEqual(await listIds(`protected_instance_ids=${jsonList([randomUUID()])}`), []);
      const g = emu.data.groups[3];
      const ofGroup = ids(every.filter((i) => i.server_group_id === g.id));
      assert.deepEqual(await listIds(`server_group_id=${g.id}&protected_instance_ids=${jsonList(picked)}`), ofGroup);
      assert.deepEqual(await listIds(`server_group_ids=${jsonList([g.id])}&protected_instance_ids=${jsonList(picked)}`), ofGroup);
      const tooMany = Array.from({ length: MAX_FILTER_IDS + 1 }, () => randomUUID());
      assert.deepEqual(await listIds(`server_group_id=${g.id}&protected_instance_ids=${jsonList(tooMany)}`), ofGroup, 'an ignored list is not checked');
    });

    it('refuses more than 30 IDs in either list (SDRS.0226) and takes exactly 30', async () => {
      const thirty = Array.from({ length: MAX_FILTER_IDS }, () => randomUUID());
      const more = [...thirty, randomUUID()];
      assert.equal(MAX_FILTER_IDS, 30);
      for (const key of ['protected_instance_ids', 'server_group_ids']) {
        for (const form of [jsonList, pythonList]) {
          assertError(await list(`${key}=${form(more)}`), 400, 'SDRS.0226', key);
          assert.deepEqual(await listIds(`${key}=${form(thirty)}`), [], key);
        }
      }
    });

    it('refuses a malformed list (SDRS.0208 for instances, SDRS.0201 for groups) and an ID that is not one (SDRS.0208, SDRS.0207)', async () => {
      const id = emu.data.instances![0].id;
      const malformed = [id, `${id},${id}`, `[${id}]`, `["${id}"`, `{"id":"${id}"}`, `[1,2]`, `"${id}"`, `['${id}',"${id}"]`, `[null]`];
      for (const raw of malformed) {
        assertError(await list(`protected_instance_ids=${encodeURIComponent(raw)}`), 400, 'SDRS.0208', raw);
        assertError(await list(`server_group_ids=${encodeURIComponent(raw)}`), 400, 'SDRS.0201', raw);
      }
      assertError(await list(`protected_instance_ids=${jsonList([id, 'not-an-id'])}`), 400, 'SDRS.0208');
      assertError(await list(`server_group_ids=${pythonList(['not-an-id'])}`), 400, 'SDRS.0207');
      assertError(await list('server_group_id=not-an-id'), 400, 'SDRS.0207');
    });

    it('filters by name (a case-insensitive substring), status and query_type, and refuses unknown values (SDRS.0201)', async () => {
      const every = all();
      const expect = (pred: (i: ProtectedInstance) => boolean): string[] => ids(every.filter(pred));
      assert.deepEqual(
        await listIds('name=DB'),
        expect((i) => i.name.toLowerCase().includes('db')),
      );
      assert.ok((await listIds('name=DB')).length > 0);
      const chinese = every.find((i) => CHINESE.test(i.name))!.name.slice(0, 2);
      assert.deepEqual(
        await listIds(`name=${encodeURIComponent(chinese)}`),
        expect((i) => i.name.includes(chinese)),
      );
      assert.deepEqual(await listIds('name=no-such-name'), []);

      // Make sure the interesting statuses are there, whatever the seed gave.
      const [a, b, c] = [every[0], every[1], every[2]];
      [a.status, b.status, c.status] = ['fault', 'error-reprotecting', 'invalid'];
      every[3].status = 'available';
      try {
        for (const status of ['protected', 'fault', 'available', 'error-reprotecting'])
          assert.deepEqual(
            await listIds(`status=${status}`),
            expect((i) => i.status === status),
            status,
          );
        assert.deepEqual(
          await listIds('status=reversing'),
          expect((i) => i.status === 'reversing'),
        );
        const abnormal = await listIds('query_type=status_abnormal');
        assert.deepEqual(
          abnormal,
          expect((i) => /^error/.test(i.status ?? '') || i.status === 'fault' || i.status === 'invalid'),
        );
        assert.ok([a.id, b.id, c.id].every((id) => abnormal.includes(id)) && !abnormal.includes(every[3].id));
        assert.deepEqual(
          await listIds('query_type=status_abnormal&status=fault'),
          expect((i) => i.status === 'fault'),
        );
        assert.deepEqual(await listIds('query_type=general'), ids(every));
        assert.deepEqual(await listIds('query_type='), ids(every));
        assertError(await list('status=lost'), 400, 'SDRS.0201');
        assertError(await list('status=PROTECTED'), 400, 'SDRS.0201');
        assertError(await list('query_type=abnormal'), 400, 'SDRS.0201');
      } finally {
        const fresh = seedData({ seed: 1, groups: 12, drills: 100 }).instances!;
        for (const x of [a, b, c, every[3]]) x.status = fresh.find((f) => f.id === x.id)!.status;
      }
    });

    it("filters by availability_zone: the group's current production-site AZ (the target AZ after a failover)", async () => {
      const g = emu.data.groups[0];
      const az = (i: ProtectedInstance): string | undefined => {
        const group = emu.data.groups.find((x) => x.id === i.server_group_id);
        return group?.priority_station === 'target' ? group.target_availability_zone : group?.source_availability_zone;
      };
      assert.deepEqual(await listIds(`availability_zone=${g.source_availability_zone}`), ids(all().filter((i) => az(i) === g.source_availability_zone)));
      const station = g.priority_station;
      g.priority_station = 'target';
      try {
        const atTarget = await listIds(`availability_zone=${g.target_availability_zone}`);
        assert.ok(ids(all().filter((i) => i.server_group_id === g.id)).every((id) => atTarget.includes(id)));
        assert.ok(!(await listIds(`availability_zone=${g.source_availability_zone}`)).some((id) => all().find((i) => i.id === id)?.server_group_id === g.id));
      } finally {
        g.priority_station = station;
      }
      assert.deepEqual(await listIds('availability_zone=mars-1a'), []);
      assert.deepEqual(await listIds('availability_zone='), ids(all()));
    });

    it('pages with limit and offset; count is all matches or the page, as countMode says', async () => {
      const every = ids(all());
      const n = every.length;
      let r = await list('limit=5&offset=3');
      assert.deepEqual([ids(r.body.protected_instances), r.body.count], [every.slice(3, 8), n]);
      r = await list(`limit=5&offset=${n - 2}`);
      assert.deepEqual([ids(r.body.protected_instances), r.body.count], [every.slice(n - 2), n]);
      r = await list('limit=0');
      assert.deepEqual([r.body.protected_instances, r.body.count], [[], n]);
      r = await list(`offset=${n + 10}`);
      assert.deepEqual([r.body.protected_instances, r.body.count], [[], n]);
      emu.setCountMode('page');
      r = await list('limit=5&offset=3');
      assert.deepEqual([ids(r.body.protected_instances), r.body.count], [every.slice(3, 8), 5]);
      r = await list(`limit=5&offset=${n - 2}`);
      assert.equal(r.body.count, 2);
      r = await list(`server_group_id=${emu.data.groups[1].id}`);
      assert.equal(r.body.count, r.body.protected_instances.length);
    });

    it('refuses a bad limit (SDRS.0221) and a bad offset (SDRS.0222); strictLimit refuses 0 and 1000 too', async () => {
      for (const limit of ['-1', '1001', 'x', '1.5', '']) assertError(await list(`limit=${limit}`), 400, 'SDRS.0221', `limit=${limit}`);
      for (const offset of ['-1', 'x', '2.5', '']) assertError(await list(`offset=${offset}`), 400, 'SDRS.0222', `offset=${offset}`);
      assertError(await list('limit=x&status=lost'), 400, 'SDRS.0221', 'paging is checked first');
      assert.equal((await list('limit=1000')).status, 200);
      emu.options.strictLimit = true;
      for (const limit of ['0', '1000', 'x']) {
        const r = await list(`limit=${limit}`);
        assertError(r, 400, 'SDRS.0221', `strict limit=${limit}`);
        assert.equal(r.body.error?.message, STRICT_LIMIT_MESSAGE);
      }
      const r = await list('limit=999');
      assert.deepEqual([r.status, r.body.count], [200, emu.data.instances!.length]);
      assert.equal((await list()).status, 200, 'an absent limit is still fine');
    });

    it('shows one instance, and answers an unknown ID with 400 SDRS.1320', async () => {
      const instance = emu.data.instances![4];
      const r = await get<One>(emu, onePath(P(), instance.id));
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.body, { protected_instance: instance });
      assert.equal(INSTANCE_NOT_FOUND_CODE, 'SDRS.1320');
      assertError(await get(emu, onePath(P(), randomUUID())), 400, 'SDRS.1320');
      assertError(await get(emu, onePath(P(), 'not-an-id')), 400, 'SDRS.1320');
      assertError(await get(emu, onePath(B, instance.id)), 400, 'SDRS.1320', 'an instance of another project');
      assert.equal((await get<One>(emu, onePath(B, emu.projectData(B).instances![0].id))).status, 200);
    });

    it('checks auth like every route (401 APIGW.0301), refuses a foreign project (403 SDRS.0001) and other methods (405)', async () => {
      for (const p of [listPath(P()), onePath(P(), emu.data.instances![0].id)]) {
        const url = emu.url + p;
        for (const headers of [{}, sdkSign(url, { sk: 'WRONG' }), { 'X-Auth-Token': 'nope' }]) {
          const r = await get(emu, p, headers);
          assert.equal(r.status, 401, r.text);
          assert.equal(r.body.error_code, 'APIGW.0301');
        }
        assert.equal((await get(emu, p, { 'X-Auth-Token': 'emulator-token' })).status, 200);
      }
      const signedWithQuery = emu.url + listPath(P(), `limit=2&protected_instance_ids=${jsonList([randomUUID()])}`);
      const tampered = sdkSign(signedWithQuery);
      const r = await probe(signedWithQuery.replace('limit=2', 'limit=3'), { headers: tampered });
      assert.equal(r.status, 401, 'the query is signed');
      const foreign = await get(emu, listPath('ffffffffffffffffffffffffffffffff'));
      assertError(foreign, 403, 'SDRS.0001');
      const post = await probe(emu.url + listPath(P()), { method: 'POST', headers: sdkSign(emu.url + listPath(P()), { method: 'POST' }) });
      assert.equal(post.status, 405);
      assert.equal(post.headers.allow, 'GET');
    });

    it('takes faults and latency like the other routes', async () => {
      emu.injectFault({ path: '/protected-instances', query: { offset: '5' }, status: 503 });
      assert.equal((await list('offset=0')).status, 200);
      assert.equal((await list('offset=5')).status, 503);
      assert.equal((await list('offset=5')).status, 200, 'once');
      emu.setLatency(60);
      try {
        const started = Date.now();
        assert.equal((await list()).status, 200);
        assert.ok(Date.now() - started >= 55);
      } finally {
        emu.setLatency(0);
      }
    });
  });

  describe('instances derived from explicit data', () => {
    const T0 = Date.UTC(2025, 4, 6, 7, 8, 9, 120);
    let clock = T0;
    let emu: Emulator;
    let data: EmulatorData;
    const group = (name: string, more: Partial<ProtectionGroup> = {}): ProtectionGroup => ({
      id: randomUUID(),
      name,
      status: 'protected',
      source_availability_zone: 'cn-north-4a',
      target_availability_zone: 'cn-north-4b',
      priority_station: 'source',
      protected_instance_num: 3,
      disaster_recovery_drill_num: 0,
      created_at: '2024-02-03 04:05:06.789',
      ...more,
    });
    const drill = (g: ProtectionGroup, servers: string[]): DisasterRecoveryDrill => ({
      id: randomUUID(),
      name: `drill-${g.name}`,
      status: 'available',
      server_group_id: g.id,
      drill_vpc_id: randomUUID(),
      created_at: '2024-05-06 07:08:09.000',
      updated_at: '2024-05-06 07:08:09.000',
      drill_servers: servers.map((protected_instance) => ({ protected_instance, drill_server_id: randomUUID() })),
    });
    const [known1, known2] = [randomUUID(), randomUUID()];
    let withDrills: ProtectionGroup;
    let unset: ProtectionGroup;
    let none: ProtectionGroup;

    before(async () => {
      withDrills = group('with-drills');
      unset = group('unset', { protected_instance_num: undefined, created_at: '2024-01-01 00:00:00.000', priority_station: 'target' });
      none = group('none', { protected_instance_num: 0 });
      data = { groups: [withDrills, unset, none], drills: [drill(withDrills, [known1, known2]), drill(withDrills, [known2])] };
      emu = await startEmulator({ data, lifecycle: true, now: () => clock, jobInitMs: 0, jobRunMs: 100 });
    });
    after(() => emu.close());

    it("serves the IDs the group's drills copy, topped up to protected_instance_num, with deterministic names", async () => {
      const r = await get<List>(emu, listPath(emu.projectId));
      assert.equal(r.status, 200, r.text);
      const listed = r.body.protected_instances;
      assert.equal(r.body.count, 4);
      const mine = listed.filter((i) => i.server_group_id === withDrills.id);
      assert.equal(mine.length, 3);
      assert.ok([known1, known2].every((id) => mine.some((i) => i.id === id)));
      assert.deepEqual(ids(mine), ids(serverOrder(mine)));
      assert.deepEqual(
        listed.find((i) => i.id === known1),
        {
          id: known1,
          name: `instance-${known1.slice(0, 8)}`,
          server_group_id: withDrills.id,
          status: 'protected',
          progress: 100,
          priority_station: 'source',
          created_at: withDrills.created_at,
          updated_at: withDrills.created_at,
        },
      );
      const lone = listed.filter((i) => i.server_group_id === unset.id);
      assert.equal(lone.length, 1, 'one when protected_instance_num is unset');
      assert.deepEqual([lone[0].name, lone[0].priority_station], [`instance-${lone[0].id.slice(0, 8)}`, 'target']);
      assert.equal(ids(listed)[0], lone[0].id, 'ordered by created_at');
      assert.ok(!listed.some((i) => i.server_group_id === none.id), 'none for protected_instance_num 0');
      assert.equal(data.instances, undefined, 'the given data is not changed');

      assert.deepEqual(ids(serverOrder(emu.protectedInstances())), ids(listed));
      assert.deepEqual(ids(mine).sort(), [...emu.protectedInstanceIds(withDrills.id)].sort());
      assert.deepEqual((await get<List>(emu, listPath(emu.projectId))).body, r.body, 'stable from request to request');
      const show = await get<One>(emu, onePath(emu.projectId, known2));
      assert.deepEqual(
        show.body.protected_instance,
        listed.find((i) => i.id === known2),
      );
    });

    it('keeps derived instances live: a changed field sticks, a pushed ID is served', async () => {
      const target = emu.protectedInstances().find((i) => i.id === known1)!;
      target.status = 'fault';
      const extra = randomUUID();
      emu.protectedInstanceIds(none.id).push(extra);
      try {
        assert.deepEqual(await get<List>(emu, listPath(emu.projectId, 'query_type=status_abnormal')).then((r) => ids(r.body.protected_instances)), [known1]);
        const shown = await get<One>(emu, onePath(emu.projectId, extra));
        assert.equal(shown.body.protected_instance.server_group_id, none.id);
      } finally {
        target.status = 'protected';
        emu.protectedInstanceIds(none.id).pop();
      }
    });

    it('makes a created drill point at the derived instances it lists', async () => {
      const create = await probe<{ job_id: string }>(emu.url + `/v1/${emu.projectId}/disaster-recovery-drills`, {
        method: 'POST',
        headers: sdkSign(emu.url + `/v1/${emu.projectId}/disaster-recovery-drills`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          data: { disaster_recovery_drill: { server_group_id: withDrills.id, name: 'derived' } },
        }),
        body: JSON.stringify({ disaster_recovery_drill: { server_group_id: withDrills.id, name: 'derived' } }),
      });
      assert.equal(create.status, 200, create.text);
      clock += 1000;
      emu.settleJobs();
      const made = data.drills.find((d) => d.name === 'derived')!;
      assert.equal(made.status, 'available');
      const listed = await get<List>(emu, listPath(emu.projectId, `server_group_id=${withDrills.id}`));
      assert.deepEqual(made.drill_servers.map((s) => s.protected_instance).sort(), ids(listed.body.protected_instances).sort());
    });
  });

  describe('the lifecycle with listed instances', () => {
    let clock = Date.UTC(2025, 6, 1);
    let emu: Emulator;
    const P = (): string => emu.projectId;

    before(async () => {
      emu = await startEmulator({ lifecycle: true, now: () => clock, jobInitMs: 0, jobRunMs: 100 });
    });
    after(() => emu.close());

    async function create(groupId: string, name: string): Promise<DisasterRecoveryDrill> {
      const url = `${emu.url}/v1/${P()}/disaster-recovery-drills`;
      const body = { disaster_recovery_drill: { server_group_id: groupId, name } };
      const r = await probe(url, {
        method: 'POST',
        headers: sdkSign(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, data: body }),
        body: JSON.stringify(body),
      });
      assert.equal(r.status, 200, r.text);
      clock += 1000;
      emu.settleJobs();
      const drill = emu.data.drills.find((d) => d.name === name && d.server_group_id === groupId);
      assert.equal(drill?.status, 'available');
      return drill!;
    }

    it('makes drill servers for exactly the instances the list shows for the group, those given in data.instances', async () => {
      const group = emu.data.groups.find((g) => g.status === 'protected' && (g.protected_instance_num ?? 0) >= 3)!;
      const listed = await get<List>(emu, listPath(P(), `server_group_id=${group.id}`));
      const listedIds = ids(listed.body.protected_instances);
      assert.equal(listedIds.length, group.protected_instance_num);
      const drill = await create(group.id, 'from-list');
      assert.deepEqual(drill.drill_servers.map((s) => s.protected_instance).sort(), [...listedIds].sort());
      assert.deepEqual(emu.protectedInstanceIds(group.id).sort(), [...listedIds].sort());

      // An instance added to (or removed from) the list is used by the next create.
      const added: ProtectedInstance = { ...emu.data.instances!.find((i) => i.server_group_id === group.id)!, id: randomUUID(), name: '新增-vm-09' };
      emu.data.instances!.push(added);
      const removed = emu.data.instances!.findIndex((i) => i.id === listedIds[0]);
      const [gone] = emu.data.instances!.splice(removed, 1);
      const next = await create(group.id, 'after-change');
      const used = next.drill_servers.map((s) => s.protected_instance);
      assert.ok(used.includes(added.id) && !used.includes(gone.id));
      assert.equal(used.length, listedIds.length);
    });

    it('appends derived instances to data.instances for a group that has none there, once', async () => {
      const group: ProtectionGroup = {
        id: randomUUID(),
        name: 'late',
        status: 'protected',
        protected_instance_num: 2,
        disaster_recovery_drill_num: 0,
        created_at: '2026-01-01 00:00:00.000',
      };
      emu.data.groups.push(group);
      const before = emu.data.instances!.length;
      const listed = await get<List>(emu, listPath(P(), `server_group_id=${group.id}`));
      assert.equal(listed.body.count, 2);
      assert.equal(emu.data.instances!.length, before + 2, 'appended to the live array');
      assert.ok(listed.body.protected_instances.every((i) => i.name === `instance-${i.id.slice(0, 8)}` && i.status === 'protected'));
      const drill = await create(group.id, 'late-drill');
      assert.deepEqual(drill.drill_servers.map((s) => s.protected_instance).sort(), ids(listed.body.protected_instances).sort());

      // Removing a group's instances on purpose is respected: none are made up again.
      emu.data.instances = emu.data.instances!.filter((i) => i.server_group_id !== group.id);
      assert.equal(emu.data.instances.length, before + 0);
      const again = await get<List>(emu, listPath(P(), `server_group_id=${group.id}`));
      assert.equal(again.body.count, 2, 'a new array is a new list: the group has none there, so it is completed again');
      emu.data.instances.splice(emu.data.instances.length - 2, 2);
      assert.equal((await get<List>(emu, listPath(P(), `server_group_id=${group.id}`))).body.count, 0, 'but not twice for the same array');
    });
  });
});
