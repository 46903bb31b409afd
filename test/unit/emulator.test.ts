// The SDRS emulator over real HTTP: routes, filters, paging, validation, gateway auth, faults, latency and seeded data.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials';
import {
  DRILL_STATUSES,
  type DisasterRecoveryDrill,
  type ListDrillsResponse,
  type ListProtectionGroupsResponse,
  type ProtectionGroup,
  type ShowDrillResponse,
} from '../../src/sdrs/model';
import { seedData, startEmulator, STRICT_LIMIT_MESSAGE, type Emulator } from '../emulator/emulator';
import { computeSignature, sha256Hex } from '../emulator/verify';

const PROJECT = '0123456789abcdef0123456789abcdef';
const TOKEN = { 'X-Auth-Token': 'emulator-token' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/;
const DRILL_NAME = /^[A-Za-z0-9\u4e00-\u9fa5._-]{1,64}$/;

interface SdrsError {
  error?: { code: string; message: string };
  itemNotFound?: { code: string; message: string };
  error_code?: string;
  error_msg?: string;
  request_id?: string;
}

interface Reply<T> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

async function call<T = SdrsError>(emu: Emulator, path: string, init: RequestInit = { headers: TOKEN }): Promise<Reply<T>> {
  const res = await fetch(emu.url + path, init);
  const text = await res.text();
  const isJson = res.headers.get('content-type')?.includes('json') ?? false;
  return { status: res.status, headers: res.headers, text, body: (isJson ? JSON.parse(text) : undefined) as T };
}

const drillsPath = (query = ''): string => `/v1/${PROJECT}/disaster-recovery-drills${query ? `?${query}` : ''}`;
const groupsPath = (query = ''): string => `/v1/${PROJECT}/server-groups${query ? `?${query}` : ''}`;

/** `YYYYMMDDTHHMMSSZ`. */
const sdkDate = (ms: number): string =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** Headers for `url` signed by the official SDK signer (the test oracle); host is left for fetch to send. */
function sdkSign(url: string, opts: { ak?: string; sk?: string; date?: string; headers?: Record<string, string> } = {}): Record<string, string> {
  const u = new URL(url);
  const queryParams: Record<string, string[]> = {};
  for (const [k, v] of u.searchParams) (queryParams[k] ??= []).push(v);
  const credential = new BasicCredentials().withAk(opts.ak ?? 'EMULATORAK').withSk(opts.sk ?? 'EMULATORSK');
  const request = {
    method: 'GET',
    endpoint: `${u.protocol}//${u.host}${u.pathname}`,
    queryParams,
    headers: { 'X-Sdk-Date': opts.date ?? sdkDate(Date.now()), ...opts.headers },
  };
  const headers = { ...(AKSKSigner.sign(request, credential) as Record<string, string>) };
  delete headers.host;
  return headers;
}

async function signedCall<T = SdrsError>(emu: Emulator, path: string, opts?: Parameters<typeof sdkSign>[1]): Promise<Reply<T>> {
  return call<T>(emu, path, { headers: sdkSign(emu.url + path, opts) });
}

function assertGatewayError(r: Reply<SdrsError>, status: number, code: string, msg?: RegExp): void {
  assert.equal(r.status, status, r.text);
  assert.equal(r.body.error_code, code, r.text);
  assert.equal(r.body.request_id, r.headers.get('x-request-id'));
  if (msg) assert.match(r.body.error_msg ?? '', msg);
}

function assertSdrsError(r: Reply<SdrsError>, status: number, code: string, msg?: RegExp): void {
  assert.equal(r.status, status, r.text);
  assert.equal(r.body.error?.code, code, r.text);
  if (msg) assert.match(r.body.error?.message ?? '', msg);
}

const byCreation = (a: DisasterRecoveryDrill, b: DisasterRecoveryDrill): number => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id);

describe('SDRS emulator', function () {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator();
  });
  after(() => emu.close());
  afterEach(() => {
    emu.clearFaults();
    emu.setCountMode('total');
    emu.setLatency(0);
  });

  describe('list drills', () => {
    it('returns every drill in server order (created_at, then id) with count = total', async () => {
      const r = await call<ListDrillsResponse>(emu, drillsPath());
      assert.equal(r.status, 200);
      assert.equal(r.body.count, 60);
      assert.deepEqual(r.body.disaster_recovery_drills, [...emu.data.drills].sort(byCreation));
    });

    it('filters by server_group_id exactly', async () => {
      const groupId = emu.data.drills[0].server_group_id;
      const r = await call<ListDrillsResponse>(emu, drillsPath(`server_group_id=${groupId}`));
      const expected = emu.data.drills.filter((d) => d.server_group_id === groupId);
      assert.ok(expected.length > 0 && expected.length < 60);
      assert.equal(r.body.count, expected.length);
      assert.deepEqual(
        r.body.disaster_recovery_drills.map((d) => d.id),
        expected.map((d) => d.id),
      );
      const none = await call<ListDrillsResponse>(emu, drillsPath('server_group_id=00000000-0000-4000-8000-000000000000'));
      assert.deepEqual([none.status, none.body.count, none.body.disaster_recovery_drills], [200, 0, []]);
    });

    it('filters by name as a case-insensitive substring, Chinese included', async () => {
      for (const needle of ['dr-test', 'DR-TEST', '演练', '订单系统']) {
        const r = await call<ListDrillsResponse>(emu, drillsPath(`name=${encodeURIComponent(needle)}`));
        const expected = emu.data.drills.filter((d) => d.name.toLowerCase().includes(needle.toLowerCase()));
        assert.ok(expected.length > 0, `seed has no drill matching ${needle}`);
        assert.equal(r.body.count, expected.length, needle);
        assert.ok(r.body.disaster_recovery_drills.every((d) => d.name.toLowerCase().includes(needle.toLowerCase())));
      }
    });

    it('filters by each of the five statuses', async () => {
      let total = 0;
      for (const status of DRILL_STATUSES) {
        const r = await call<ListDrillsResponse>(emu, drillsPath(`status=${status}`));
        assert.equal(r.status, 200);
        assert.ok(r.body.count > 0, status);
        assert.ok(r.body.disaster_recovery_drills.every((d) => d.status === status));
        total += r.body.count;
      }
      assert.equal(total, 60);
    });

    it('filters by drill_vpc_id and combines filters', async () => {
      const vpc = emu.data.drills[0].drill_vpc_id;
      const r = await call<ListDrillsResponse>(emu, drillsPath(`drill_vpc_id=${vpc}`));
      const expected = emu.data.drills.filter((d) => d.drill_vpc_id === vpc);
      assert.ok(expected.length > 1, 'several drills share a drill VPC');
      assert.equal(r.body.count, expected.length);

      const { server_group_id: groupId, status } = emu.data.drills[0];
      const both = await call<ListDrillsResponse>(emu, drillsPath(`drill_vpc_id=${vpc}&server_group_id=${groupId}&status=${status}`));
      assert.equal(both.body.count, expected.filter((d) => d.server_group_id === groupId && d.status === status).length);
      assert.ok(both.body.count >= 1);
    });

    it('ignores empty filter values', async () => {
      const r = await call<ListDrillsResponse>(emu, drillsPath('name=&status=&server_group_id=&drill_vpc_id='));
      assert.equal(r.body.count, 60);
    });
  });

  describe('paging and count modes', () => {
    async function walk(limit: number): Promise<ListDrillsResponse[]> {
      const pages: ListDrillsResponse[] = [];
      for (let offset = 0; ; offset += limit) {
        const r = await call<ListDrillsResponse>(emu, drillsPath(`limit=${limit}&offset=${offset}`));
        assert.equal(r.status, 200);
        pages.push(r.body);
        if (r.body.disaster_recovery_drills.length < limit) return pages;
      }
    }

    it('limit/offset pages concatenate to the full list; count is the total by default', async () => {
      const pages = await walk(7);
      assert.equal(pages.length, 9);
      assert.deepEqual(
        pages.flatMap((p) => p.disaster_recovery_drills),
        [...emu.data.drills].sort(byCreation),
      );
      assert.ok(pages.every((p) => p.count === 60));
    });

    it("count is the page length in 'page' mode (setter and option)", async () => {
      emu.setCountMode('page');
      const pages = await walk(25);
      assert.deepEqual(
        pages.map((p) => p.count),
        [25, 25, 10],
      );
      const other = await startEmulator({ countMode: 'page', drills: 12, verifyAuth: false });
      try {
        const r = await call<ListDrillsResponse>(other, drillsPath('limit=5&offset=10'));
        assert.deepEqual([r.body.count, r.body.disaster_recovery_drills.length], [2, 2]);
        other.options.countMode = 'total';
        assert.equal((await call<ListDrillsResponse>(other, drillsPath('limit=5'))).body.count, 12);
      } finally {
        await other.close();
      }
    });

    it('limit=0 and an offset past the end give an empty page', async () => {
      for (const q of ['limit=0', 'offset=60', 'offset=100000&limit=1000']) {
        const r = await call<ListDrillsResponse>(emu, drillsPath(q));
        assert.deepEqual([r.status, r.body.count, r.body.disaster_recovery_drills], [200, 60, []], q);
      }
      emu.setCountMode('page');
      assert.equal((await call<ListDrillsResponse>(emu, drillsPath('limit=0'))).body.count, 0);
    });

    it('defaults to limit 1000', async () => {
      const big = await startEmulator({ drills: 1200, groups: 20, verifyAuth: false });
      try {
        const r = await call<ListDrillsResponse>(big, drillsPath());
        assert.deepEqual([r.body.count, r.body.disaster_recovery_drills.length], [1200, 1000]);
        const rest = await call<ListDrillsResponse>(big, drillsPath('offset=1000'));
        assert.equal(rest.body.disaster_recovery_drills.length, 200);
      } finally {
        await big.close();
      }
    });

    it('sorts live data that tests add out of order', async () => {
      const base = seedData({ seed: 5, groups: 2, drills: 3 });
      const own = await startEmulator({ data: base, verifyAuth: false });
      try {
        const early: DisasterRecoveryDrill = {
          ...base.drills[1],
          id: 'ffffffff-0000-4000-8000-000000000000',
          name: 'early',
          created_at: '2020-01-01 00:00:00.000',
        };
        own.data.drills.push(early);
        const r = await call<ListDrillsResponse>(own, drillsPath());
        assert.equal(r.body.count, 4);
        assert.equal(r.body.disaster_recovery_drills[0].name, 'early');
      } finally {
        await own.close();
      }
    });
  });

  describe('validation', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['limit=-1', 'SDRS.0201', /limit/],
      ['limit=1001', 'SDRS.0201', /limit/],
      ['limit=abc', 'SDRS.0201', /limit/],
      ['limit=1.5', 'SDRS.0201', /limit/],
      ['limit=', 'SDRS.0201', /limit/],
      ['offset=-1', 'SDRS.0201', /offset/],
      ['offset=x', 'SDRS.0201', /offset/],
      ['offset=1e3', 'SDRS.0201', /offset/],
      ['status=error_deleting', 'SDRS.0201', /status/],
      ['status=Available', 'SDRS.0201', /status/],
      ['server_group_id=not-a-uuid', 'SDRS.0207', /protection group/i],
      ['name=%E0%A4%A', 'SDRS.0201', /encoding/],
    ];
    for (const [query, code, msg] of cases) {
      it(`drills: ${query} → 400 ${code}`, async () => {
        assertSdrsError(await call(emu, drillsPath(query)), 400, code, msg);
      });
    }

    it('strictLimit: limit=1000 and limit=0 → 400 SDRS.0221 in the service’s words; 1..999 and no limit pass; live', async () => {
      const strict = await startEmulator({ drills: 1200, groups: 3, strictLimit: true });
      try {
        for (const path of [drillsPath, groupsPath]) {
          for (const q of ['limit=1000', 'limit=0', 'limit=1000&offset=5', 'limit=abc', 'limit=1001']) {
            const r = await call(strict, path(q));
            assertSdrsError(r, 400, 'SDRS.0221');
            assert.equal(r.body.error?.message, 'Invalid limit: it must be greater than 0 and less than 1000');
            assert.equal(r.body.error?.message, STRICT_LIMIT_MESSAGE);
          }
          for (const q of ['limit=999', 'limit=1', '']) assert.equal((await call(strict, path(q))).status, 200, q);
        }
        assert.equal((await call<ListDrillsResponse>(strict, drillsPath('limit=999'))).body.disaster_recovery_drills.length, 999);
        strict.options.strictLimit = false;
        assert.equal((await call<ListDrillsResponse>(strict, drillsPath('limit=1000'))).body.disaster_recovery_drills.length, 1000);
        strict.options.strictLimit = true;
        assert.equal((await call(strict, drillsPath('limit=1000'))).status, 400);
      } finally {
        await strict.close();
      }
      // Off by default: the documented range.
      assert.equal((await call(emu, drillsPath('limit=1000'))).status, 200);
      assert.equal((await call(emu, drillsPath('limit=0'))).status, 200);
    });

    it('the CLI’s --strict-limit refuses limit=1000 with SDRS.0221', async function () {
      this.timeout(15_000);
      const cli = path.join(__dirname, '..', 'emulator', 'cli.js');
      const child = spawn(process.execPath, [cli, '--port', '0', '--drills', '5', '--strict-limit', '--no-auth', '--quiet'], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      try {
        const lines = readline.createInterface({ input: child.stdout });
        const banner: string[] = [];
        for await (const line of lines) {
          banner.push(line);
          if (banner.length === 2) break;
        }
        const url = /listening on (\S+)/.exec(banner[0])?.[1];
        assert.ok(url, banner.join('\n'));
        assert.match(banner[1], / strict-limit /);
        const refused = await fetch(`${url}${drillsPath('limit=1000')}`);
        assert.equal(refused.status, 400);
        assert.deepEqual(await refused.json(), { error: { code: 'SDRS.0221', message: STRICT_LIMIT_MESSAGE } });
        assert.equal((await fetch(`${url}${drillsPath('limit=999')}`)).status, 200);
      } finally {
        child.kill();
      }
    });

    it('server groups: bad limit, offset or status → 400 SDRS.0201', async () => {
      for (const [query, msg] of [
        ['limit=2000', /limit/],
        ['offset=-5', /offset/],
        ['status=bogus', /status/],
      ] as const) {
        assertSdrsError(await call(emu, groupsPath(query)), 400, 'SDRS.0201', msg);
      }
    });
  });

  describe('show, server groups and unknown routes', () => {
    it('shows one drill, also through a percent-encoded id', async () => {
      const drill = emu.data.drills[3];
      const r = await call<ShowDrillResponse>(emu, `${drillsPath()}/${drill.id}`);
      assert.equal(r.status, 200);
      assert.deepEqual(r.body.disaster_recovery_drill, drill);
      const encoded = await call<ShowDrillResponse>(emu, `${drillsPath()}/${drill.id.replace(/-/g, '%2D')}`);
      assert.equal(encoded.body.disaster_recovery_drill.id, drill.id);
    });

    it('answers 404 itemNotFound SDRS.1301 for an unknown drill', async () => {
      const r = await call(emu, `${drillsPath()}/00000000-0000-4000-8000-000000000000`);
      assert.equal(r.status, 404);
      assert.equal(r.body.itemNotFound?.code, 'SDRS.1301');
    });

    it('lists protection groups with name/status filters, paging and both count modes', async () => {
      const all = await call<ListProtectionGroupsResponse>(emu, groupsPath());
      assert.equal(all.status, 200);
      assert.equal(all.body.count, 8);
      assert.deepEqual(new Set(all.body.server_groups.map((g) => g.id)), new Set(emu.data.groups.map((g) => g.id)));

      assert.deepEqual(
        (await call<ListProtectionGroupsResponse>(emu, groupsPath('name=ERP'))).body.server_groups.map((g) => g.name),
        ['erp-db'],
      );
      const zh = await call<ListProtectionGroupsResponse>(emu, groupsPath(`name=${encodeURIComponent('订单')}`));
      assert.deepEqual(
        zh.body.server_groups.map((g) => g.name),
        ['订单系统-生产'],
      );
      const prot = await call<ListProtectionGroupsResponse>(emu, groupsPath('status=protected'));
      assert.equal(prot.body.count, emu.data.groups.filter((g) => g.status === 'protected').length);

      const p2 = await call<ListProtectionGroupsResponse>(emu, groupsPath('limit=3&offset=6'));
      assert.deepEqual([p2.body.count, p2.body.server_groups.length], [8, 2]);
      assert.deepEqual(p2.body.server_groups, all.body.server_groups.slice(6));
      emu.setCountMode('page');
      assert.equal((await call<ListProtectionGroupsResponse>(emu, groupsPath('limit=3&offset=6'))).body.count, 2);
    });

    it('shows one protection group, or 404 SDRS.1013', async () => {
      const group = emu.data.groups[1];
      const r = await call<{ server_group: ProtectionGroup }>(emu, `${groupsPath()}/${group.id}`);
      assert.deepEqual(r.body.server_group, group);
      assertSdrsError(await call(emu, `${groupsPath()}/00000000-0000-4000-8000-000000000000`), 404, 'SDRS.1013');
    });

    it('answers unknown APIs with the gateway 404 APIGW.0101, before checking credentials', async () => {
      for (const path of ['/', '/v2/x/disaster-recovery-drills', `${drillsPath()}/`, `/v1/${PROJECT}/jobs/1`, `/v1/${PROJECT}/disaster-recovery-drills/a/b`]) {
        assertGatewayError(await call(emu, path, {}), 404, 'APIGW.0101', /does not exist/);
      }
    });

    it('answers a wrong method on a known path with 405 and Allow', async () => {
      const r = await call(emu, drillsPath(), { method: 'POST', headers: TOKEN, body: '{}' });
      assert.equal(r.status, 405);
      assert.equal(r.headers.get('allow'), 'GET');
      assert.equal(r.body.error?.code, 'SDRS.0206');
    });

    it('sends a 32-hex X-Request-Id and a JSON content type on every response', async () => {
      const replies = await Promise.all([drillsPath(), '/nope', drillsPath('limit=x'), `/v1/other/server-groups`].map((p) => call(emu, p)));
      const ids = replies.map((r) => r.headers.get('x-request-id') ?? '');
      assert.ok(
        ids.every((id) => /^[0-9a-f]{32}$/.test(id)),
        ids.join(),
      );
      assert.equal(new Set(ids).size, ids.length);
      assert.ok(replies.every((r) => r.headers.get('content-type')?.startsWith('application/json')));
    });

    it('records requests with decoded query, headers and status', async () => {
      emu.requests.length = 0;
      await call(emu, drillsPath(`name=${encodeURIComponent('演练')}&limit=5`));
      const [rec] = emu.requests;
      assert.deepEqual([rec.method, rec.path, rec.query, rec.status], ['GET', drillsPath(), { name: ['演练'], limit: ['5'] }, 200]);
      assert.equal(rec.headers['x-auth-token'], 'emulator-token');
      assert.match(rec.requestId, /^[0-9a-f]{32}$/);
      assert.ok(rec.startedAt <= Date.now());
    });
  });

  describe('authentication', () => {
    it('rejects a request without credentials (401 APIGW.0301)', async () => {
      assertGatewayError(await call(emu, drillsPath(), {}), 401, 'APIGW.0301', /Incorrect IAM authentication information/);
    });

    it('rejects a wrong X-Auth-Token', async () => {
      assertGatewayError(await call(emu, drillsPath(), { headers: { 'X-Auth-Token': 'nope' } }), 401, 'APIGW.0301', /token/);
    });

    it('accepts a request signed by the official SDK signer, Chinese query included', async () => {
      const r = await signedCall<ListDrillsResponse>(emu, drillsPath(`name=${encodeURIComponent('演练')}&limit=3`));
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.disaster_recovery_drills.length, 3);
      const show = await signedCall<ShowDrillResponse>(emu, `${drillsPath()}/${emu.data.drills[0].id}`);
      assert.equal(show.status, 200, show.text);
    });

    it('accepts a request signed with verify.ts (which reproduces the published vectors)', async () => {
      const base = { headers: { 'x-sdk-date': '20060102T150405Z' }, signedHeaders: ['x-sdk-date'], path: '/path' };
      const get = computeSignature({ ...base, method: 'GET', query: [['limit', '1']], payloadHash: sha256Hex('') }, 'SecretKey');
      assert.equal(get, '5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624');
      const post = computeSignature({ ...base, method: 'POST', query: [['key', 'value']], payloadHash: sha256Hex('{"Name":"test","Id":1}\n') }, 'SecretKey');
      assert.equal(post, 'cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59');

      const headers = { host: new URL(emu.url).host, 'x-sdk-date': sdkDate(Date.now()) };
      const signature = computeSignature(
        { method: 'GET', path: drillsPath(), query: [['limit', '2']], headers, signedHeaders: ['host', 'x-sdk-date'], payloadHash: sha256Hex('') },
        'EMULATORSK',
      );
      const authorization = `SDK-HMAC-SHA256 Access=EMULATORAK, SignedHeaders=host;x-sdk-date, Signature=${signature}`;
      const r = await call(emu, drillsPath('limit=2'), { headers: { 'X-Sdk-Date': headers['x-sdk-date'], Authorization: authorization } });
      assert.equal(r.status, 200, r.text);
    });

    it('agrees with the SDK signer on paths and queries that need encoding', () => {
      const headers = { host: '127.0.0.1:1', 'x-sdk-date': '20240102T030405Z' };
      const query: Array<[string, string]> = [
        ['name', '订单 a+b/~*'],
        ['b', '2'],
        ['a', 'z'],
        ['a', 'y'],
      ];
      const url = `http://127.0.0.1:1/v1/p/disaster-recovery-drills?${query.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;
      const sdk = /Signature=([0-9a-f]+)/.exec(sdkSign(url, { date: headers['x-sdk-date'] }).Authorization)?.[1];
      const ours = computeSignature(
        { method: 'GET', path: '/v1/p/disaster-recovery-drills', query, headers, signedHeaders: ['host', 'x-sdk-date'], payloadHash: sha256Hex('') },
        'EMULATORSK',
      );
      assert.equal(ours, sdk);
    });

    it('accepts a canonical query sorted on the encoded text too (the written reference order)', async () => {
      const headers = { host: new URL(emu.url).host, 'x-sdk-date': sdkDate(Date.now()) };
      const query: Array<[string, string]> = [
        ['limit', '1'],
        ['名', 'x'],
      ];
      const sign = (queryOrder: 'decoded' | 'encoded'): string =>
        computeSignature(
          { method: 'GET', path: drillsPath(), query, headers, signedHeaders: ['host', 'x-sdk-date'], payloadHash: sha256Hex(''), queryOrder },
          'EMULATORSK',
        );
      assert.notEqual(sign('decoded'), sign('encoded'));
      for (const order of ['decoded', 'encoded'] as const) {
        const authorization = `SDK-HMAC-SHA256 Access=EMULATORAK, SignedHeaders=host;x-sdk-date, Signature=${sign(order)}`;
        const r = await call(emu, drillsPath(`limit=1&${encodeURIComponent('名')}=x`), {
          headers: { 'X-Sdk-Date': headers['x-sdk-date'], Authorization: authorization },
        });
        assert.equal(r.status, 200, `${order}: ${r.text}`);
      }
    });

    it('reads a raw + in the query as a space, for filtering and for the signature', async () => {
      emu.requests.length = 0;
      const headers = sdkSign(emu.url + drillsPath('name=DR%20Test'));
      const r = await call<ListDrillsResponse>(emu, drillsPath('name=DR+Test'), { headers });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.count, 0);
      assert.deepEqual(emu.requests[0].query, { name: ['DR Test'] });
    });

    it('rejects a bad signature, a tampered query and an unknown access key', async () => {
      const headers = sdkSign(emu.url + drillsPath('limit=1'));
      const flipped = headers.Authorization.replace(/Signature=(.)/, (_m, c: string) => `Signature=${c === '0' ? '1' : '0'}`);
      assertGatewayError(await call(emu, drillsPath('limit=1'), { headers: { ...headers, Authorization: flipped } }), 401, 'APIGW.0301', /signature/);
      assertGatewayError(await call(emu, drillsPath('limit=2'), { headers }), 401, 'APIGW.0301', /signature/);
      assertGatewayError(await signedCall(emu, drillsPath(), { ak: 'OTHERAK' }), 401, 'APIGW.0301', /unknown access key/);
      assertGatewayError(await call(emu, drillsPath(), { headers: { Authorization: 'Basic Zm9vOmJhcg==' } }), 401, 'APIGW.0301', /unsupported/);
    });

    it('requires host and x-sdk-date among the signed headers', async () => {
      const date = sdkDate(Date.now());
      const signature = computeSignature(
        { method: 'GET', path: drillsPath(), query: [], headers: { 'x-sdk-date': date }, signedHeaders: ['x-sdk-date'], payloadHash: sha256Hex('') },
        'EMULATORSK',
      );
      const authorization = `SDK-HMAC-SHA256 Access=EMULATORAK, SignedHeaders=x-sdk-date, Signature=${signature}`;
      assertGatewayError(
        await call(emu, drillsPath(), { headers: { 'X-Sdk-Date': date, Authorization: authorization } }),
        401,
        'APIGW.0301',
        /host must be signed/,
      );
    });

    it('rejects an X-Sdk-Date beyond the allowed clock skew, accepts one within it', async () => {
      assertGatewayError(await signedCall(emu, drillsPath(), { date: sdkDate(Date.now() - 16 * 60_000) }), 401, 'APIGW.0301', /X-Sdk-Date/);
      assertGatewayError(await signedCall(emu, drillsPath(), { date: sdkDate(Date.now() + 16 * 60_000) }), 401, 'APIGW.0301', /X-Sdk-Date/);
      assert.equal((await signedCall(emu, drillsPath(), { date: sdkDate(Date.now() - 10 * 60_000) })).status, 200);
    });

    it('answers 403 SDRS.0001 for another project once authenticated, 401 before', async () => {
      assertSdrsError(await call(emu, '/v1/fedcba9876543210fedcba9876543210/disaster-recovery-drills'), 403, 'SDRS.0001', /tenant/i);
      assertSdrsError(await signedCall(emu, '/v1/fedcba9876543210fedcba9876543210/server-groups'), 403, 'SDRS.0001');
      assertGatewayError(await call(emu, '/v1/fedcba9876543210fedcba9876543210/disaster-recovery-drills', {}), 401, 'APIGW.0301');
    });

    it('with temporary credentials, requires a signed and matching X-Security-Token', async () => {
      const temp = await startEmulator({ credentials: { accessKey: 'TMPAK', secretKey: 'TMPSK', securityToken: 'sts-token' } });
      try {
        const creds = { ak: 'TMPAK', sk: 'TMPSK' };
        assert.equal((await signedCall(temp, drillsPath(), { ...creds, headers: { 'X-Security-Token': 'sts-token' } })).status, 200);
        assertGatewayError(await signedCall(temp, drillsPath(), { ...creds, headers: { 'X-Security-Token': 'other' } }), 401, 'APIGW.0301', /security token/);
        const unsigned = { ...sdkSign(temp.url + drillsPath(), creds), 'X-Security-Token': 'sts-token' };
        assertGatewayError(await call(temp, drillsPath(), { headers: unsigned }), 401, 'APIGW.0301', /x-security-token must be signed/);
      } finally {
        await temp.close();
      }
    });

    it('skips every check with verifyAuth: false', async () => {
      emu.options.verifyAuth = false;
      try {
        assert.equal((await call(emu, drillsPath('limit=1'), {})).status, 200);
      } finally {
        emu.options.verifyAuth = true;
      }
    });
  });

  describe('faults and latency', () => {
    it('answers an http fault with a JSON body and headers, `times` times, then recovers', async () => {
      emu.injectFault({
        path: '/disaster-recovery-drills',
        times: 2,
        status: 503,
        body: { error: { code: 'SDRS.0008', message: 'busy' } },
        headers: { 'Retry-After': '1' },
      });
      for (let i = 0; i < 2; i++) {
        const r = await call(emu, drillsPath());
        assertSdrsError(r, 503, 'SDRS.0008');
        assert.equal(r.headers.get('retry-after'), '1');
        assert.match(r.headers.get('x-request-id') ?? '', /^[0-9a-f]{32}$/);
      }
      assert.equal((await call(emu, drillsPath())).status, 200);
    });

    it('sends a string body raw (an HTML error page) with the given content type', async () => {
      const html = '<html><body><h1>502 Bad Gateway</h1></body></html>';
      emu.injectFault({ status: 502, body: html, headers: { 'content-type': 'text/html' } });
      const r = await call(emu, groupsPath());
      assert.deepEqual([r.status, r.text, r.headers.get('content-type')], [502, html, 'text/html']);
    });

    it('matches on method, path string or RegExp and query, and hits only matching requests', async () => {
      emu.injectFault({ path: /server-groups$/, status: 429, times: Infinity });
      emu.injectFault({ method: 'GET', path: 'disaster-recovery-drills', query: { offset: '10' }, status: 500 });
      assert.equal((await call(emu, drillsPath('offset=0&limit=10'))).status, 200);
      assert.equal((await call(emu, drillsPath('offset=10&limit=10'))).status, 500);
      assert.equal((await call(emu, drillsPath('offset=10&limit=10'))).status, 200);
      for (let i = 0; i < 3; i++) assert.equal((await call(emu, groupsPath())).status, 429);
      assert.equal((await call(emu, `${groupsPath()}/${emu.data.groups[0].id}`)).status, 200);
      emu.clearFaults();
      assert.equal((await call(emu, groupsPath())).status, 200);
    });

    it('resets the connection', async () => {
      emu.injectFault({ kind: 'reset' });
      await assert.rejects(fetch(emu.url + drillsPath(), { headers: TOKEN }), TypeError);
      assert.equal(emu.requests.at(-1)?.status, 0);
      assert.equal((await call(emu, drillsPath())).status, 200);
    });

    it('hangs until close() ends the request', async () => {
      const own = await startEmulator({ verifyAuth: false });
      own.injectFault({ kind: 'hang' });
      const pending = fetch(own.url + drillsPath());
      while (own.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
      // A hang never ends by itself: without close() this would run into mocha's timeout.
      await own.close();
      await assert.rejects(pending, TypeError);
      await own.close(); // a second close is harmless
    });

    it('adds latency to every response, including errors', async () => {
      emu.setLatency(150);
      for (const path of [drillsPath('limit=1'), '/nope']) {
        const started = Date.now();
        await call(emu, path);
        assert.ok(Date.now() - started >= 140, path);
      }
      const own = await startEmulator({ latencyMs: 5000, verifyAuth: false });
      const pending = fetch(own.url + drillsPath()).catch(() => 'ended');
      while (own.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
      await own.close(); // must not wait for the latency timer
      assert.equal(await pending, 'ended');
    });
  });

  describe('seedData', () => {
    const opts = { seed: 1, groups: 8, drills: 60 };

    it('is deterministic for a seed and differs between seeds', () => {
      assert.deepEqual(seedData(opts), seedData(opts));
      assert.notDeepEqual(
        seedData(opts).drills.map((d) => d.id),
        seedData({ ...opts, seed: 2 }).drills.map((d) => d.id),
      );
    });

    it('has all five statuses whenever there are at least five drills', () => {
      for (let seed = 1; seed <= 50; seed++) {
        for (const drills of [5, 6, 13, 60]) {
          const statuses = new Set(seedData({ seed, groups: 3, drills }).drills.map((d) => d.status));
          assert.deepEqual([...statuses].sort(), [...DRILL_STATUSES].sort(), `seed ${seed}, ${drills} drills`);
        }
      }
      assert.equal(seedData({ seed: 1, groups: 1, drills: 3 }).drills.length, 3);
      assert.deepEqual(seedData({ seed: 1, groups: 0, drills: 0 }), { groups: [], drills: [] });
      assert.throws(() => seedData({ seed: 1, groups: 0, drills: 1 }), RangeError);
    });

    it('looks like the service: ids, names, timestamps, servers, VPCs and counts', () => {
      const { groups, drills } = seedData({ seed: 3, groups: 12, drills: 400 });
      assert.ok([...groups, ...drills].every((x) => UUID.test(x.id)));
      assert.equal(new Set(drills.map((d) => d.id)).size, drills.length);
      assert.ok(
        drills.every((d) => DRILL_NAME.test(d.name)),
        'drill names follow the documented rule',
      );
      assert.ok(drills.some((d) => /[\u4e00-\u9fa5]/.test(d.name)) && groups.some((g) => /[\u4e00-\u9fa5]/.test(g.name)));
      assert.ok(drills.every((d) => TIMESTAMP.test(d.created_at) && TIMESTAMP.test(d.updated_at) && d.updated_at >= d.created_at));
      assert.ok(groups.every((g) => TIMESTAMP.test(g.created_at ?? '') && /^cn-north-4[a-z]$/.test(g.source_availability_zone ?? '')));
      assert.deepEqual(drills, [...drills].sort(byCreation), 'seeded in server order');

      const servers = drills.map((d) => d.drill_servers.length);
      assert.ok(servers.every((n) => n >= 0 && n <= 3) && servers.includes(0) && servers.includes(3));
      assert.ok(drills.every((d) => d.drill_servers.every((s) => UUID.test(s.protected_instance) && UUID.test(s.drill_server_id))));
      assert.ok(new Set(drills.map((d) => d.drill_vpc_id)).size <= 6, 'drills share a small pool of drill VPCs');

      assert.ok(groups.filter((g) => g.status === 'protected').length > groups.length / 2, 'mostly protected');
      for (const g of groups) assert.equal(g.disaster_recovery_drill_num, drills.filter((d) => d.server_group_id === g.id).length, g.name);
      assert.ok(
        groups.some((g) => g.disaster_recovery_drill_num === 0),
        'some groups have no drills',
      );
    });

    it("names its region's own availability zones, the same draws otherwise (the demo's cn-east-3 and cn-south-1 projects)", () => {
      const north = seedData({ seed: 2, groups: 8, drills: 60 });
      const east = seedData({ seed: 2, groups: 8, drills: 60, region: 'cn-east-3' });
      assert.ok(
        east.groups.every((g) => /^cn-east-3[a-z]$/.test(g.source_availability_zone ?? '') && /^cn-east-3[a-z]$/.test(g.target_availability_zone ?? '')),
      );
      assert.deepEqual(
        east.groups.map((g) => [g.source_availability_zone, g.target_availability_zone]),
        north.groups.map((g) => [
          g.source_availability_zone?.replace('cn-north-4', 'cn-east-3'),
          g.target_availability_zone?.replace('cn-north-4', 'cn-east-3'),
        ]),
      );
      assert.deepEqual(east.drills, north.drills);
    });

    // How long it takes is a figure for `npm run bench` (bench/text.ts), not an assertion here.
    it('seeds 50,000 drills, each ID once', () => {
      const { drills } = seedData({ seed: 9, groups: 40, drills: 50_000 });
      assert.equal(drills.length, 50_000);
      assert.equal(new Set(drills.map((d) => d.id)).size, 50_000);
    });
  });
});
