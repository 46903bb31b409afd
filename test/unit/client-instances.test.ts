// SdrsClient.listProtectedInstances over real HTTP against the emulator: every page in both count modes, the SDRS.0221
// fallback, the signed request, only documented fields of their type, and clear errors for bodies of the wrong shape.
import * as assert from 'node:assert/strict';
import { SdrsClient } from '../../src/sdrs/client';
import { SdrsError } from '../../src/sdrs/errors';
import type { DisasterRecoveryDrill, ProtectedInstance, ProtectionGroup } from '../../src/sdrs/model';
import { SdrsTransport, type RequestLogEntry } from '../../src/sdrs/transport';
import { startEmulator, type Emulator } from '../emulator/emulator';

const AK = 'TESTAKTESTAKTESTAK12';
const SK = 'test-secret-key/with+chars';
const uuid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
/** The emulator's (and the reference's) order: created_at, then ID. */
const serverOrder = (xs: readonly ProtectedInstance[]): ProtectedInstance[] =>
  [...xs].sort((a, b) => compare(a.created_at ?? '', b.created_at ?? '') || compare(a.id, b.id));

const PREFIX = 'SDRS returned a protected instance list of an unexpected shape: ';

describe('SdrsClient.listProtectedInstances against the emulator', function () {
  let emulator: Emulator;
  let logs: RequestLogEntry[];
  let notices: string[];

  const client = (defaults: { pageSize?: number; concurrency?: number } = {}): SdrsClient =>
    new SdrsClient(
      new SdrsTransport({
        endpoint: emulator.url,
        projectId: emulator.projectId,
        credentials: async () => ({ kind: 'aksk', accessKey: AK, secretKey: SK }),
        log: (entry) => logs.push(entry),
        retryBaseMs: 1,
        sleep: async () => undefined,
      }),
      { ...defaults, onNotice: (m) => notices.push(m) },
    );
  /** Serves this body (an object as JSON, a string raw) for the next protected-instance request. */
  const serve = (body: unknown): void => emulator.injectFault({ path: '/protected-instances', status: 200, body });
  const shapeError = async (p: Promise<unknown>, problem: string): Promise<void> => {
    await assert.rejects(p, (e: unknown) => {
      assert.ok(e instanceof SdrsError, `expected SdrsError, got ${String(e)}`);
      assert.equal(e.kind, 'response', e.describe());
      assert.equal(e.message, PREFIX + problem);
      assert.match(e.requestId ?? '', /^[0-9a-f]{32}$/);
      return true;
    });
  };

  before(async () => {
    emulator = await startEmulator({ groups: 12, drills: 40, credentials: { accessKey: AK, secretKey: SK } });
  });
  after(async () => emulator.close());
  beforeEach(() => {
    emulator.clearFaults();
    emulator.setCountMode('total');
    emulator.options.strictLimit = false;
    emulator.requests.length = 0;
    logs = [];
    notices = [];
  });

  describe('listing', () => {
    it('the emulator serves more than four pages of 7 (or the paging tests below prove nothing)', () => {
      assert.equal(emulator.protectedInstances().length, 30);
    });

    for (const mode of ['total', 'page'] as const) {
      it(`lists every instance across pages of 7, in server order, when count means ${mode}`, async () => {
        emulator.setCountMode(mode);
        const listed = await client({ pageSize: 7, concurrency: 2 }).listProtectedInstances();
        const want = serverOrder(emulator.protectedInstances());
        assert.deepEqual(
          listed.map((i) => i.id),
          want.map((i) => i.id),
        );
        assert.deepEqual(
          listed.map((i) => i.name),
          want.map((i) => i.name),
        );
        // The seeded instances have only documented fields, each of its type: nothing is lost.
        assert.deepEqual(listed, want);
        const offsets = emulator.requests.map((r) => Number(r.query.offset[0])).sort((a, b) => a - b);
        assert.deepEqual(offsets.slice(0, 5), [0, 7, 14, 21, 28]);
        assert.equal(new Set(offsets).size, offsets.length, 'no page asked twice');
        assert.ok(
          emulator.requests.every((r) => r.status === 200 && r.query.limit[0] === '7'),
          JSON.stringify(emulator.requests.map((r) => [r.status, r.query])),
        );
      });
    }

    it('sends a signed GET to /v1/<project>/protected-instances with limit and offset only', async () => {
      const listed = await client().listProtectedInstances();
      assert.equal(listed.length, 30);
      assert.equal(emulator.requests.length, 1, 'a cold listing of instances asks one page first');
      const [r] = emulator.requests;
      assert.equal(r.method, 'GET');
      assert.equal(r.path, `/v1/${emulator.projectId}/protected-instances`);
      assert.deepEqual(r.query, { limit: ['1000'], offset: ['0'] });
      assert.equal(r.status, 200, 'the emulator verified the signature');
      assert.match(String(r.headers.authorization), /^SDK-HMAC-SHA256 Access=TESTAKTESTAKTESTAK12, SignedHeaders=host;x-sdk-date, Signature=[0-9a-f]{64}$/);
      assert.deepEqual(
        logs.map((l) => [l.method, l.path, l.status]),
        [['GET', '/v1/{project_id}/protected-instances?limit=1000&offset=0', 200]],
      );
    });

    it('retries once at 999 when SDRS refuses limit=1000 with SDRS.0221, and keeps 999', async () => {
      emulator.options.strictLimit = true;
      const c = client();
      const listed = await c.listProtectedInstances();
      assert.deepEqual(
        listed.map((i) => i.id),
        serverOrder(emulator.protectedInstances()).map((i) => i.id),
      );
      assert.deepEqual(
        emulator.requests.map((r) => [r.query.limit[0], r.query.offset[0], r.status]),
        [
          ['1000', '0', 400],
          ['999', '0', 200],
        ],
      );
      assert.deepEqual(notices, ['SDRS refused limit=1000 (SDRS.0221); using pages of 999 from now on']);
      emulator.requests.length = 0;
      assert.equal((await c.listProtectedInstances()).length, 30);
      assert.deepEqual(
        emulator.requests.map((r) => [r.query.limit[0], r.status]),
        [['999', 200]],
      );
      assert.equal(notices.length, 1, 'told once');
    });

    it('does not retry a limit refusal of a page size below 1000', async () => {
      emulator.injectFault({ path: '/protected-instances', status: 400, body: { error: { code: 'SDRS.0221', message: 'Invalid limit' } } });
      await assert.rejects(client({ pageSize: 7 }).listProtectedInstances(), (e: unknown) => {
        assert.ok(e instanceof SdrsError);
        assert.equal(e.kind, 'http');
        assert.equal(e.code, 'SDRS.0221');
        return true;
      });
      assert.equal(emulator.requests.length, 1);
      assert.deepEqual(notices, []);
    });

    it('lists instances derived for explicit data without any, named after their IDs', async () => {
      const group: ProtectionGroup = {
        id: uuid(1),
        name: 'g',
        status: 'protected',
        protected_instance_num: 2,
        priority_station: 'source',
        created_at: '2024-01-01 00:00:00.000',
      };
      const em = await startEmulator({ data: { groups: [group], drills: [] as DisasterRecoveryDrill[] } });
      try {
        const c = new SdrsClient(
          new SdrsTransport({ endpoint: em.url, projectId: em.projectId, credentials: async () => ({ kind: 'token', token: 'emulator-token' }) }),
        );
        const listed = await c.listProtectedInstances();
        assert.equal(listed.length, 2);
        assert.deepEqual(
          listed.map((i) => i.name),
          listed.map((i) => `instance-${i.id.slice(0, 8)}`),
        );
        assert.deepEqual(listed.map((i) => i.id).sort(), em.protectedInstanceIds(group.id).sort());
        assert.ok(listed.every((i) => i.server_group_id === group.id && i.status === 'protected' && i.progress === 100));
      } finally {
        await em.close();
      }
    });
  });

  describe('fields of the wrong type', () => {
    it('drops wrong-typed optional fields and undocumented ones; a null or missing name is empty', async () => {
      serve({
        count: 4,
        protected_instances: [
          {
            id: uuid(1),
            name: null,
            status: 5,
            progress: 101,
            server_group_id: uuid(9),
            description: { en: 'x' },
            source_server: ['s'],
            created_at: '2024-01-01 00:00:00.000',
            metadata: { a: 1 },
          },
          { id: uuid(2), status: 'protected', progress: 0, priority_station: 'target', target_server: uuid(8), updated_at: null },
          { id: uuid(3), name: 'frac', progress: 50.5, status: null },
          { id: uuid(4), name: 'neg', progress: -1, description: 'ok' },
        ],
      });
      const listed = await client().listProtectedInstances();
      assert.deepEqual(listed, [
        { id: uuid(1), name: '', server_group_id: uuid(9), created_at: '2024-01-01 00:00:00.000' },
        { id: uuid(2), name: '', status: 'protected', progress: 0, priority_station: 'target', target_server: uuid(8) },
        { id: uuid(3), name: 'frac' },
        { id: uuid(4), name: 'neg', description: 'ok' },
      ]);
      assert.deepEqual(Object.keys(listed[0]).sort(), ['created_at', 'id', 'name', 'server_group_id'], 'no key left with an undefined value');
      assert.ok(!('status' in listed[0]) && !('progress' in listed[0]));
    });

    it('keeps progress 100 and drops a progress of Infinity (1e400 in the JSON)', async () => {
      serve(`{"count":2,"protected_instances":[{"id":"${uuid(1)}","name":"a","progress":100},{"id":"${uuid(2)}","name":"b","progress":1e400}]}`);
      assert.deepEqual(await client().listProtectedInstances(), [
        { id: uuid(1), name: 'a', progress: 100 },
        { id: uuid(2), name: 'b' },
      ]);
    });

    it('an id that is not a string is a shape error naming protected_instances[0].id', async () => {
      serve({ count: 1, protected_instances: [{ id: 5, name: 'x' }] });
      await shapeError(client().listProtectedInstances(), 'protected_instances[0].id is not a string');
    });

    it('names the failing item: a missing id in the third, a null id in the first', async () => {
      serve({ count: 3, protected_instances: [{ id: uuid(1), name: 'a' }, { id: uuid(2), name: 'b' }, { name: 'no id' }] });
      await shapeError(client().listProtectedInstances(), 'protected_instances[2].id is not a string');
      serve({ count: 1, protected_instances: [{ id: null, name: 'x' }] });
      await shapeError(client().listProtectedInstances(), 'protected_instances[0].id is not a string');
    });

    it('a name that is not a string (nor null) is a shape error naming it', async () => {
      serve({ count: 1, protected_instances: [{ id: uuid(1), name: { zh: '名' } }] });
      await shapeError(client().listProtectedInstances(), 'protected_instances[0].name is not a string');
    });

    it('an item that is not an object is a shape error naming it', async () => {
      serve({ count: 2, protected_instances: [{ id: uuid(1), name: 'a' }, 'instance'] });
      await shapeError(client().listProtectedInstances(), 'protected_instances[1] is not an object');
    });

    it('a body without the list, or with something else in its place, is a shape error', async () => {
      serve({ count: 0 });
      await shapeError(client().listProtectedInstances(), 'body.protected_instances is missing or not a list');
      serve({ count: 1, protected_instances: { id: uuid(1), name: 'a' } });
      await shapeError(client().listProtectedInstances(), 'body.protected_instances is missing or not a list');
      serve({ count: 0, server_groups: [] });
      await shapeError(client().listProtectedInstances(), 'body.protected_instances is missing or not a list');
      serve([]);
      await shapeError(client().listProtectedInstances(), 'body is not an object');
    });

    it('a count that is not a whole number is a shape error', async () => {
      serve({ count: -1, protected_instances: [] });
      await shapeError(client().listProtectedInstances(), 'count is not a whole number');
    });
  });

  describe('a server that misbehaves on this route', () => {
    it('an error that echoes the Authorization header and the keys reaches no message, code or log line', async () => {
      emulator.injectFault({
        path: '/protected-instances',
        status: 500,
        times: Infinity,
        body: { error: { code: `SDRS.9999 ${AK}`, message: `echo: Authorization: SDK-HMAC-SHA256 Access=${AK} secret=${SK}` } },
      });
      await assert.rejects(client().listProtectedInstances(), (e: unknown) => {
        assert.ok(e instanceof SdrsError);
        assert.equal(e.status, 500);
        const shown = [e.message, e.describe(), e.serverMessage ?? '', e.code ?? '', JSON.stringify(logs)].join('\n');
        assert.ok(!shown.includes(AK) && !shown.includes(SK), shown);
        return true;
      });
    });

    it("a count that is only the page's length still lists every instance once", async () => {
      emulator.setCountMode('page');
      const all = emulator.protectedInstances().length;
      const instances = await client({ pageSize: 7, concurrency: 2 }).listProtectedInstances();
      assert.equal(instances.length, all);
      assert.equal(new Set(instances.map((i) => i.id)).size, all);
    });

    it('a count of a million over one short page ends the listing at once, without asking for the million', async () => {
      emulator.injectFault({
        path: '/protected-instances',
        status: 200,
        times: Infinity,
        body: { count: 1_000_000, protected_instances: [{ id: uuid(1), name: 'only' }] },
      });
      const instances = await client({ pageSize: 7, concurrency: 2 }).listProtectedInstances();
      assert.deepEqual(
        instances.map((i) => i.name),
        ['only'],
      );
      assert.ok(emulator.requests.length <= 4, `${emulator.requests.length} requests`);
    });
  });
});
