// Create, rename and delete a drill, show a job, list and delete failed tasks: the client over real HTTP against small fake SDRS servers.
import * as assert from 'node:assert/strict';
import { isNotFound, SdrsClient } from '../../src/sdrs/client';
import type { SdrsError } from '../../src/sdrs/errors';
import type { CreateDrillInput, FailedTaskFilter } from '../../src/sdrs/model';
import type { SdrsCredentials } from '../../src/sdrs/transport';
import { parseQuery, verifySignature } from '../emulator/verify';
import { bodyOf, PROJECT_ID, rejection, startServer, type TestServer, transportFor } from './transport-servers';

const AK = 'LIFECYCLECLIENTAK000';
const SK = 'lifecycle-client-secret+/=';
const AKSK: SdrsCredentials = { kind: 'aksk', accessKey: AK, secretKey: SK };
const GROUP = 'c2aee29a-1111-4000-8000-000000000001';
const VPC = '7881f1d2-2222-4000-8000-000000000002';
const DRILL_ID = 'e472d26f-3333-4000-8000-000000000003';
/** 32 characters, two of them not hex, like the documented examples. */
const JOB_ID = '2c9eb2c1661d2c3201661d33d8990ghz';

const DRILL = {
  id: DRILL_ID,
  name: 'dr_drill_test',
  status: 'available',
  server_group_id: GROUP,
  drill_vpc_id: VPC,
  created_at: '2018-07-18 06:41:58.681',
  updated_at: '2018-07-18 09:41:14.677',
  drill_servers: [{ protected_instance: 'd08ca8d7-0000-4000-8000-000000000004', drill_server_id: '9de0439a-0000-4000-8000-000000000005' }],
};

interface Seen {
  method: string;
  /** Path under /v1/{project_id}. */
  path: string;
  query: Array<[string, string]>;
  body: string;
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | 'reset';

/** A fake SDRS: checks every signature (401 when wrong), records what it got, and answers with `route`. */
async function fakeSdrs(route: (seen: Seen, n: number) => Reply, seen: Seen[]): Promise<TestServer> {
  let n = 0;
  return startServer(async (req, res) => {
    const body = await bodyOf(req);
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const rawPath = q < 0 ? url : url.slice(0, q);
    const query = q < 0 ? [] : parseQuery(url.slice(q + 1));
    const verdict = verifySignature(
      { method: req.method ?? '', path: rawPath, query, headers: req.headers, body },
      { accessKey: AK, secretKey: SK },
      Date.now(),
      900,
    );
    const prefix = `/v1/${PROJECT_ID}`;
    const entry: Seen = {
      method: req.method ?? '',
      path: rawPath.startsWith(prefix) ? rawPath.slice(prefix.length) : rawPath,
      query,
      body: body.toString('utf8'),
    };
    seen.push(entry);
    const reply: Reply = verdict.ok ? route(entry, n++) : { status: 401, body: { error_code: 'APIGW.0301', error_msg: verdict.reason } };
    if (reply === 'reset') return void req.socket.resetAndDestroy();
    res.writeHead(reply.status, { 'content-type': 'application/json', 'x-request-id': `rid-${seen.length}`, ...reply.headers });
    res.end(reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
  });
}

const ok = (body: unknown): Reply => ({ status: 200, body });

describe('lifecycle calls over HTTP', function () {
  this.timeout(10_000);
  let server: TestServer | undefined;
  let seen: Seen[];
  beforeEach(() => {
    seen = [];
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /** A client of a fake SDRS that answers every request with `route`. */
  async function clientFor(route: (s: Seen, n: number) => Reply, maxAttempts = 3): Promise<SdrsClient> {
    await server?.close();
    server = await fakeSdrs(route, seen);
    return new SdrsClient(transportFor(server, AKSK, { maxAttempts }));
  }

  function validationOf(e: SdrsError, field: string): void {
    assert.equal(e.kind, 'validation', e.describe());
    assert.equal(e.field, field);
    assert.match(e.message, new RegExp(`^Invalid ${field}: `));
  }

  describe('createDrill', () => {
    it('POSTs the documented body and returns the job ID and request ID', async () => {
      const client = await clientFor(() => ok({ job_id: JOB_ID }));
      const started = await client.createDrill({ server_group_id: ` ${GROUP} `, name: 'drill-2024.q1_A', drill_vpc_id: VPC });
      assert.deepEqual(started, { jobId: JOB_ID, requestId: 'rid-1' });
      assert.equal(seen.length, 1);
      assert.equal(seen[0].method, 'POST');
      assert.equal(seen[0].path, '/disaster-recovery-drills');
      assert.deepEqual(JSON.parse(seen[0].body), { disaster_recovery_drill: { server_group_id: GROUP, name: 'drill-2024.q1_A', drill_vpc_id: VPC } });
    });

    for (const vpc of [undefined, '', '   ']) {
      it(`leaves drill_vpc_id out when it is ${JSON.stringify(vpc)}`, async () => {
        const client = await clientFor(() => ok({ job_id: JOB_ID }));
        const input: CreateDrillInput = { server_group_id: GROUP, name: 'n' };
        if (vpc !== undefined) input.drill_vpc_id = vpc;
        await client.createDrill(input);
        assert.equal(seen[0].body, `{"disaster_recovery_drill":{"server_group_id":"${GROUP}","name":"n"}}`);
      });
    }

    it('checks every field before sending, naming the one at fault', async () => {
      const client = await clientFor(() => ok({ job_id: JOB_ID }));
      const cases: Array<[unknown, string, RegExp]> = [
        [{ server_group_id: GROUP, name: '' }, 'name', /must not be empty/],
        [{ server_group_id: GROUP, name: 'a b' }, 'name', /not a space/],
        [{ server_group_id: GROUP, name: '演练' }, 'name', /not "演"/],
        [{ server_group_id: GROUP, name: 'x\u0000' }, 'name', /not U\+0000/],
        [{ server_group_id: GROUP, name: 'a'.repeat(65) }, 'name', /at most 64 characters \(it has 65\)/],
        [{ server_group_id: GROUP, name: 42 }, 'name', /must be a string/],
        [{ server_group_id: GROUP }, 'name', /must be a string/],
        [{ server_group_id: 'not-a-uuid', name: 'n' }, 'server_group_id', /UUID/],
        [{ server_group_id: '', name: 'n' }, 'server_group_id', /must not be empty/],
        [{ name: 'n' }, 'server_group_id', /must be a string/],
        [{ server_group_id: GROUP, name: 'n', drill_vpc_id: 'vpc-1' }, 'drill_vpc_id', /UUID/],
        [{ server_group_id: GROUP, name: 'n', drill_vpc_id: 7 }, 'drill_vpc_id', /must be a string/],
        [{ server_group_id: GROUP, name: 'n', drill_vpc: VPC }, 'drill_vpc', /is not a field of a new drill/],
        [null, 'drill', /must be an object/],
      ];
      for (const [input, field, message] of cases) {
        const e = await rejection(client.createDrill(input as CreateDrillInput));
        validationOf(e, field);
        assert.match(e.message, message);
      }
      assert.equal(seen.length, 0, 'nothing may be sent for invalid input');
      assert.ok((await client.createDrill({ server_group_id: GROUP, name: 'a'.repeat(64) })).jobId);
    });

    it('sends a create whose connection resets only once, and one answered 503 only once', async () => {
      let client = await clientFor(() => 'reset');
      const reset = await rejection(client.createDrill({ server_group_id: GROUP, name: 'once' }));
      assert.equal(reset.errno, 'ECONNRESET');
      assert.equal(seen.length, 1);
      seen.length = 0;
      client = await clientFor(() => ({ status: 503, body: { error: { code: 'SDRS.0008', message: 'busy' } } }));
      assert.equal((await rejection(client.createDrill({ server_group_id: GROUP, name: 'once' }))).status, 503);
      assert.equal(seen.length, 1);
    });

    it('maps a refusal with its code (SDRS.1002 wrong group status)', async () => {
      const client = await clientFor(() => ({ status: 400, body: { error: { code: 'SDRS.1002', message: 'group is deleting' } } }));
      const e = await rejection(client.createDrill({ server_group_id: GROUP, name: 'n' }));
      assert.equal(e.kind, 'http');
      assert.equal(e.code, 'SDRS.1002');
      assert.equal(e.serverMessage, 'group is deleting');
    });

    const hostile: Array<[unknown, RegExp]> = [
      [{}, /job_id is missing/],
      [{ job_id: null }, /job_id is missing/],
      [{ job_id: 5 }, /job_id is not a string/],
      [{ job_id: '' }, /job_id is not usable: it must not be empty/],
      [{ job_id: 'j'.repeat(100_000) }, /job_id is not usable: it must be at most 128 characters/],
      [{ job_id: '../../server-groups' }, /job_id is not usable/],
      [[], /job_id is missing/],
      ['"job"', /job_id is missing/],
    ];
    for (const [body, message] of hostile) {
      it(`says the create was taken but cannot be followed when the answer is ${JSON.stringify(body).slice(0, 40)}`, async () => {
        const client = await clientFor(() => ok(body));
        const e = await rejection(client.createDrill({ server_group_id: GROUP, name: 'n' }));
        assert.equal(e.kind, 'response');
        assert.match(e.message, /^SDRS accepted the create request but its answer has no job ID to follow/);
        assert.match(e.message, message);
        assert.match(e.message, /refresh to see the drill$/);
        assert.equal(e.requestId, 'rid-1');
        assert.ok(e.message.length < 400);
      });
    }
  });

  describe('renameDrill', () => {
    it('PUTs only the name and returns the drill as SDRS answers it', async () => {
      const client = await clientFor(() => ok({ disaster_recovery_drill: { ...DRILL, name: 'renamed-1' } }));
      const drill = await client.renameDrill(` ${DRILL_ID} `, 'renamed-1');
      assert.deepEqual(drill, { ...DRILL, name: 'renamed-1' });
      assert.equal(seen[0].method, 'PUT');
      assert.equal(seen[0].path, `/disaster-recovery-drills/${DRILL_ID}`);
      assert.equal(seen[0].body, '{"disaster_recovery_drill":{"name":"renamed-1"}}');
    });

    it('takes null optional fields as empty, like the list', async () => {
      const client = await clientFor(() => ok({ disaster_recovery_drill: { ...DRILL, drill_vpc_id: null, updated_at: null, drill_servers: null } }));
      const drill = await client.renameDrill(DRILL_ID, 'x');
      assert.equal(drill.drill_vpc_id, '');
      assert.equal(drill.updated_at, '');
      assert.deepEqual(drill.drill_servers, []);
    });

    it('says SDRS renamed the drill (accepted) when a 2xx answer cannot be read, never that the rename failed', async () => {
      for (const body of [{ disaster_recovery_drill: 'renamed' }, {}, { disaster_recovery_drill: { ...DRILL, id: 5 } }]) {
        const client = await clientFor(() => ok(body));
        const e = await rejection(client.renameDrill(DRILL_ID, 'x'));
        assert.equal(e.accepted, true, JSON.stringify(body));
        assert.match(e.message, /^SDRS returned a renamed drill of an unexpected shape: /);
      }
    });

    it('marks a create or delete answered without a usable job ID as accepted, and a refusal as not', async () => {
      let client = await clientFor(() => ok({}));
      assert.equal((await rejection(client.createDrill({ server_group_id: GROUP, name: 'n' }))).accepted, true);
      client = await clientFor(() => ok({ job_id: 7 }));
      assert.equal((await rejection(client.deleteDrill(DRILL_ID))).accepted, true);
      client = await clientFor(() => ({ status: 400, body: { error: { code: 'SDRS.1901', message: 'no' } } }));
      assert.equal((await rejection(client.createDrill({ server_group_id: GROUP, name: 'n' }))).accepted, false);
    });

    it('checks the ID and the name before sending', async () => {
      const client = await clientFor(() => ok({ disaster_recovery_drill: DRILL }));
      validationOf(await rejection(client.renameDrill(DRILL_ID, 'bad name')), 'name');
      validationOf(await rejection(client.renameDrill(DRILL_ID, 'é')), 'name');
      validationOf(await rejection(client.renameDrill('a/b', 'n')), 'drill ID');
      validationOf(await rejection(client.renameDrill('', 'n')), 'drill ID');
      assert.equal(seen.length, 0);
    });

    it('re-sends a rename after 502 (same name, same result)', async () => {
      const client = await clientFor((_s, n) => (n === 0 ? { status: 502, body: '<html>bad gateway</html>' } : ok({ disaster_recovery_drill: DRILL })));
      assert.equal((await client.renameDrill(DRILL_ID, DRILL.name)).id, DRILL_ID);
      assert.equal(seen.length, 2);
      assert.equal(seen[0].body, seen[1].body);
    });

    const hostile: Array<[unknown, RegExp]> = [
      [{}, /disaster_recovery_drill is not an object/],
      [{ disaster_recovery_drill: null }, /disaster_recovery_drill is not an object/],
      [{ disaster_recovery_drill: { ...DRILL, id: 7 } }, /disaster_recovery_drill\.id is not a string/],
      [{ disaster_recovery_drill: { ...DRILL, name: null } }, /disaster_recovery_drill\.name is not a string/],
      [{ disaster_recovery_drill: { ...DRILL, drill_servers: 'none' } }, /drill_servers is missing or not a list/],
      [{ disaster_recovery_drill: { ...DRILL, drill_servers: [{ protected_instance: 1 }] } }, /drill_servers\[0\]\.protected_instance is not a string/],
    ];
    for (const [body, message] of hostile) {
      it(`refuses a rename answer ${JSON.stringify(body).slice(0, 50)}… naming the field`, async () => {
        const client = await clientFor(() => ok(body));
        const e = await rejection(client.renameDrill(DRILL_ID, 'n'));
        assert.equal(e.kind, 'response');
        assert.match(e.message, /^SDRS returned a renamed drill of an unexpected shape: /);
        assert.match(e.message, message);
      });
    }

    it('reports an unknown drill (400 SDRS.1902) as an error isNotFound recognises', async () => {
      const client = await clientFor(() => ({ status: 400, body: { error: { code: 'SDRS.1902', message: 'drill not found' } } }));
      const e = await rejection(client.renameDrill(DRILL_ID, 'n'));
      assert.equal(e.code, 'SDRS.1902');
      assert.ok(isNotFound(e));
    });
  });

  describe('deleteDrill', () => {
    it('DELETEs without a body and returns the job', async () => {
      const client = await clientFor(() => ok({ job_id: JOB_ID }));
      assert.deepEqual(await client.deleteDrill(DRILL_ID), { jobId: JOB_ID, requestId: 'rid-1' });
      assert.equal(seen[0].method, 'DELETE');
      assert.equal(seen[0].path, `/disaster-recovery-drills/${DRILL_ID}`);
      assert.equal(seen[0].body, '');
    });

    const gone: Array<[string, Reply]> = [
      ['404 itemNotFound', { status: 404, body: { itemNotFound: { code: 'SDRS.1301', message: 'no such drill' } } }],
      ['404 without a body', { status: 404 }],
      ['400 SDRS.1902', { status: 400, body: { error: { code: 'SDRS.1902', message: 'drill not found' } } }],
    ];
    for (const [name, reply] of gone) {
      it(`answers alreadyGone for ${name}, as Terraform does`, async () => {
        const client = await clientFor(() => reply);
        assert.deepEqual(await client.deleteDrill(DRILL_ID), { alreadyGone: true, requestId: 'rid-1' });
        assert.equal(seen.length, 1);
      });
    }

    const errors: Array<[string, Reply, string | undefined]> = [
      [
        '400 SDRS.1913 (wrong state: maybe still deleting, not gone)',
        { status: 400, body: { error: { code: 'SDRS.1913', message: 'cannot delete' } } },
        'SDRS.1913',
      ],
      ['404 from the gateway (APIGW.0101: no such API)', { status: 404, body: { error_code: 'APIGW.0101', error_msg: 'API not found' } }, 'APIGW.0101'],
      ['400 SDRS.1900 (invalid ID)', { status: 400, body: { error: { code: 'SDRS.1900', message: 'bad id' } } }, 'SDRS.1900'],
      ['403', { status: 403, body: { error: { code: 'SDRS.0003', message: 'no role' } } }, 'SDRS.0003'],
    ];
    for (const [name, reply, code] of errors) {
      it(`throws for ${name}`, async () => {
        const client = await clientFor(() => reply);
        const e = await rejection(client.deleteDrill(DRILL_ID));
        assert.equal(e.kind, 'http');
        assert.equal(e.code, code);
        assert.equal(isNotFound(e), false);
      });
    }

    it('re-sends a delete after 503 or a reset, then returns its job', async () => {
      const client = await clientFor((_s, n) => (n === 0 ? { status: 503 } : n === 1 ? 'reset' : ok({ job_id: JOB_ID })));
      assert.equal(((await client.deleteDrill(DRILL_ID)) as { jobId: string }).jobId, JOB_ID);
      assert.equal(seen.length, 3);
    });

    it('says the delete was taken but cannot be followed when the job ID is unusable', async () => {
      const client = await clientFor(() => ok({ job_id: { id: 1 } }));
      const e = await rejection(client.deleteDrill(DRILL_ID));
      assert.equal(e.kind, 'response');
      assert.match(e.message, /^SDRS accepted the delete request but its answer has no job ID to follow \(job_id is not a string\)/);
    });

    it('checks the ID before sending', async () => {
      const client = await clientFor(() => ok({ job_id: JOB_ID }));
      validationOf(await rejection(client.deleteDrill('..')), 'drill ID');
      validationOf(await rejection(client.deleteDrill(undefined as unknown as string)), 'drill ID');
      assert.equal(seen.length, 0);
    });
  });

  describe('showJob', () => {
    const running = {
      status: 'RUNNING',
      job_id: JOB_ID,
      job_type: 'createDisasterRecoveryDrill',
      begin_time: '2019-06-13T09:40:53.930Z',
      end_time: null,
      error_code: null,
      fail_reason: null,
      entities: {},
    };

    it('reads a running job: nulls become absent fields, never "null"', async () => {
      const client = await clientFor(() => ok(running));
      const job = await client.showJob(JOB_ID);
      assert.deepEqual(job, {
        job_id: JOB_ID,
        status: 'RUNNING',
        job_type: 'createDisasterRecoveryDrill',
        begin_time: '2019-06-13T09:40:53.930Z',
        entities: {},
        requestId: 'rid-1',
      });
      assert.equal(seen[0].method, 'GET');
      assert.equal(seen[0].path, `/jobs/${JOB_ID}`);
      assert.ok(!('end_time' in job) && !('error_code' in job) && !('fail_reason' in job));
      assert.doesNotMatch(JSON.stringify(job), /null/);
    });

    it('reads a finished create job with the new drill in entities, ignoring undocumented keys', async () => {
      const client = await clientFor(() =>
        ok({
          ...running,
          status: 'SUCCESS',
          end_time: '2019-06-13T09:42:01.003Z',
          entities: { disaster_recovery_drill_id: DRILL_ID, server_group_id: GROUP, undocumented: 'x' },
          extra: { anything: true },
        }),
      );
      const job = await client.showJob(JOB_ID);
      assert.equal(job.status, 'SUCCESS');
      assert.equal(job.end_time, '2019-06-13T09:42:01.003Z');
      assert.deepEqual(job.entities, { disaster_recovery_drill_id: DRILL_ID, server_group_id: GROUP });
    });

    it('reads a failed job with its code and reason; an empty end_time and missing entities are absent', async () => {
      const client = await clientFor(() =>
        ok({ status: 'FAIL', job_type: 'deleteDisasterRecoveryDrill', end_time: '', error_code: 'SDRS.1923', fail_reason: 'delete drill failed' }),
      );
      assert.deepEqual(await client.showJob(JOB_ID), {
        job_id: JOB_ID,
        status: 'FAIL',
        job_type: 'deleteDisasterRecoveryDrill',
        error_code: 'SDRS.1923',
        fail_reason: 'delete drill failed',
        entities: {},
        requestId: 'rid-1',
      });
    });

    it('keeps an undocumented status as it is', async () => {
      const client = await clientFor(() => ok({ status: 'PAUSED' }));
      assert.equal((await client.showJob(JOB_ID)).status, 'PAUSED');
    });

    it('flattens and cuts a huge or multi-line fail_reason, and cuts long codes', async () => {
      const client = await clientFor(() =>
        ok({ status: 'FAIL', error_code: 'SDRS.' + '9'.repeat(10_000), fail_reason: 'line one\r\nline two ' + 'x'.repeat(1024 * 1024) }),
      );
      const job = await client.showJob(JOB_ID);
      assert.ok(job.fail_reason && job.fail_reason.length <= 520, `fail_reason is ${job.fail_reason?.length} characters`);
      assert.match(job.fail_reason, /^line one line two x+… \(\d+ more characters\)$/);
      assert.ok(job.error_code && job.error_code.length <= 64);
    });

    const hostile: Array<[unknown, RegExp]> = [
      [null, /body is not an object/],
      [[], /body is not an object/],
      [{}, /body\.status is missing/],
      [{ status: null }, /body\.status is missing/],
      [{ status: '  ' }, /body\.status is empty/],
      [{ status: 3 }, /body\.status is not a string/],
      [{ status: 'RUNNING', job_id: 9 }, /body\.job_id is not a string/],
      [{ status: 'FAIL', fail_reason: { text: 'x' } }, /body\.fail_reason is not a string/],
      [{ status: 'FAIL', error_code: 1922 }, /body\.error_code is not a string/],
      [{ status: 'RUNNING', begin_time: 1560418853930 }, /body\.begin_time is not a string/],
      [{ status: 'RUNNING', entities: 'drill' }, /body\.entities is not an object/],
      [{ status: 'RUNNING', entities: [] }, /body\.entities is not an object/],
      [{ status: 'SUCCESS', entities: { disaster_recovery_drill_id: 12 } }, /body\.entities\.disaster_recovery_drill_id is not a string/],
      [
        { status: 'SUCCESS', entities: { disaster_recovery_drill_id: 'd'.repeat(100_000) } },
        /body\.entities\.disaster_recovery_drill_id is not an ID: it must be at most 64 characters/,
      ],
      [{ status: 'SUCCESS', entities: { server_group_id: 'a b' } }, /body\.entities\.server_group_id is not an ID/],
    ];
    for (const [body, message] of hostile) {
      it(`refuses a job answer ${JSON.stringify(body).slice(0, 100)} naming the field`, async () => {
        const client = await clientFor(() => ok(body));
        const e = await rejection(client.showJob(JOB_ID));
        assert.equal(e.kind, 'response');
        assert.match(e.message, /^SDRS returned a job of an unexpected shape: /);
        assert.match(e.message, message);
        assert.ok(e.message.length < 300, `message is ${e.message.length} characters`);
      });
    }

    it('checks the job ID before sending: opaque, but a single path segment', async () => {
      const client = await clientFor(() => ok({ status: 'INIT' }));
      for (const bad of ['', '  ', '.', '..', '.hidden', 'a/b', 'a?b', 'a b', 'j'.repeat(129), 7 as unknown as string]) {
        validationOf(await rejection(client.showJob(bad)), 'job ID');
      }
      assert.equal(seen.length, 0);
      await client.showJob(' ff80808-1.x_Y ');
      assert.equal(seen[0].path, '/jobs/ff80808-1.x_Y');
    });

    it('maps an unknown job (404) to an http error', async () => {
      const client = await clientFor(() => ({ status: 404, body: { error: { code: 'SDRS.0404', message: 'job not found' } } }));
      const e = await rejection(client.showJob(JOB_ID));
      assert.equal(e.status, 404);
      assert.equal(seen.length, 1);
    });
  });

  describe('failed tasks', () => {
    const task = {
      job_status: 'FAIL',
      job_id: 'ff8080826b5f2c6a016b5f4e9fba0085',
      job_type: 'createDisasterRecoveryDrill',
      resource_id: DRILL_ID,
      resource_name: 'drill-a',
      resource_type: 'disaster_recovery_drills',
      failure_status: 'createFail',
      begin_time: '2019-06-13T09:40:53.930Z',
      error_code: 'EVS.2024',
      fail_reason: 'no quota',
    };

    it('sends the filters and reads the documented items, both spellings kept, nulls absent', async () => {
      const other = {
        job_status: 'FAIL',
        job_id: 'j2',
        job_type: 'createProtectedInstance',
        resource_type: 'protectedInstance',
        resource_name: null,
        fail_reason: null,
      };
      const client = await clientFor(() => ok({ failure_jobs: [task, other], count: 2 }));
      const filter: FailedTaskFilter = {
        server_group_id: ` ${GROUP} `,
        resource_type: 'disaster_recovery_drills',
        failure_status: 'createFail',
        resource_name: ' drill ',
      };
      const tasks = await client.listFailedTasks(filter);
      assert.deepEqual(tasks, [task, { job_status: 'FAIL', job_id: 'j2', job_type: 'createProtectedInstance', resource_type: 'protectedInstance' }]);
      assert.equal(seen[0].path, '/task-center/failure-jobs');
      assert.deepEqual(Object.fromEntries(seen[0].query), {
        server_group_id: GROUP,
        resource_type: 'disaster_recovery_drills',
        failure_status: 'createFail',
        resource_name: 'drill',
        limit: '1000',
        offset: '0',
      });
    });

    it('pages until a short page', async () => {
      const client = await clientFor((s) => {
        const offset = Number(new Map(s.query).get('offset'));
        const all = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ ...task, job_id: id }));
        return ok({ failure_jobs: all.slice(offset, offset + 2), count: 5 });
      });
      const tasks = await client.listFailedTasks({ server_group_id: GROUP }, { pageSize: 2, concurrency: 1 });
      assert.deepEqual(
        tasks.map((t) => t.job_id),
        ['a', 'b', 'c', 'd', 'e'],
      );
      assert.deepEqual(
        seen.map((s) => new Map(s.query).get('offset')),
        ['0', '2', '4'],
      );
    });

    it('checks the filter before sending', async () => {
      const client = await clientFor(() => ok({ failure_jobs: [] }));
      const bad: Array<[unknown, string]> = [
        [{ resource_type: 'drills' }, 'resource_type'],
        [{ resource_type: 'protectedInstance' }, 'resource_type'],
        [{ failure_status: 'CreateFail' }, 'failure_status'],
        [{ server_group_id: 'a b' }, 'server_group_id'],
        [{ resource_name: '' }, 'resource_name'],
        [{ group: GROUP }, 'group'],
      ];
      for (const [filter, field] of bad) validationOf(await rejection(client.listFailedTasks(filter as FailedTaskFilter)), field);
      assert.equal(seen.length, 0);
    });

    const hostile: Array<[unknown, RegExp]> = [
      [{ count: 0 }, /failure_jobs is missing or not a list/],
      [{ failure_jobs: [null] }, /failure_jobs\[0\] is not an object/],
      [{ failure_jobs: [{ job_status: 'FAIL' }] }, /failure_jobs\[0\]\.job_id is missing/],
      [{ failure_jobs: [{ job_id: 5 }] }, /failure_jobs\[0\]\.job_id is not a string/],
      [{ failure_jobs: [{ job_id: 'j'.repeat(200) }] }, /failure_jobs\[0\]\.job_id is not an ID: it must be at most 128 characters/],
      [{ failure_jobs: [task, { ...task, job_id: 'x', fail_reason: ['a'] }] }, /failure_jobs\[1\]\.fail_reason is not a string/],
      [{ failure_jobs: [], count: -1 }, /count is not a whole number/],
    ];
    for (const [body, message] of hostile) {
      it(`refuses a failed-task answer ${JSON.stringify(body).slice(0, 50)} naming the field`, async () => {
        const client = await clientFor(() => ok(body));
        const e = await rejection(client.listFailedTasks({ server_group_id: GROUP }));
        assert.equal(e.kind, 'response');
        assert.match(e.message, /^SDRS returned a failed-task list of an unexpected shape: /);
        assert.match(e.message, message);
      });
    }

    it('cuts a huge fail_reason in a failed task', async () => {
      const client = await clientFor(() => ok({ failure_jobs: [{ ...task, fail_reason: 'r'.repeat(500_000) }] }));
      const [t] = await client.listFailedTasks({ server_group_id: GROUP });
      assert.ok((t.fail_reason ?? '').length <= 520);
    });

    for (const [name, reply, gone] of [
      ['200 with a JSON body', ok({}), false],
      ['204 without a body', { status: 204 }, false],
      ['200 without a body', { status: 200 }, false],
      ['404', { status: 404, body: { error: { code: 'SDRS.0404', message: 'no such task' } } }, true],
    ] as Array<[string, Reply, boolean]>) {
      it(`deletes a failed task: ${name} answers alreadyGone ${gone}`, async () => {
        const client = await clientFor(() => reply);
        assert.deepEqual(await client.deleteFailedTask(task.job_id), { alreadyGone: gone, requestId: 'rid-1' });
        assert.equal(seen[0].method, 'DELETE');
        assert.equal(seen[0].path, `/task-center/failure-jobs/${task.job_id}`);
      });
    }

    it('throws other failed-task delete errors, and checks the ID first', async () => {
      const client = await clientFor(() => ({ status: 404, body: { error_code: 'APIGW.0101', error_msg: 'no such API' } }));
      assert.equal((await rejection(client.deleteFailedTask('abc'))).code, 'APIGW.0101');
      validationOf(await rejection(client.deleteFailedTask('../x')), 'failed task ID');
      assert.equal(seen.length, 1);
    });
  });
});
