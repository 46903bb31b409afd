// The emulator's drill lifecycle over real HTTP, each request signed by the official SDK signer: create, rename and delete with
// their jobs on an injected clock, failed jobs and the task center, faults on the new routes, project isolation, the real clock and the CLI.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import * as readline from 'node:readline';
import type { DisasterRecoveryDrill, ListDrillsResponse, ProtectionGroup } from '../../src/sdrs/model';
import {
  CREATE_DRILL_JOB,
  CREATE_FAILED_CODE,
  DELETE_DRILL_JOB,
  DELETE_FAILED_CODE,
  DRILLABLE_GROUP_STATUSES,
  FAIL_JOB_MARK,
  JOB_NOT_FOUND_CODE,
  startEmulator,
  type Emulator,
  type EmulatorJob,
  type FailureJob,
  type FailureJobEntry,
} from '../emulator/emulator';
import { probe, sdkDate, sdkSign, type ProbeReply } from '../emulator/probe';
import { formatTimestamp, GROUP_STATUSES } from '../emulator/seed';
import { computeSignature, parseQuery, sha256Hex } from '../emulator/verify';

const B = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2';
const T0 = Date.UTC(2025, 4, 6, 7, 8, 9, 120);
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface ErrorBody {
  error?: { code: string; message: string };
  itemNotFound?: { code: string; message: string };
  error_code?: string;
  error_msg?: string;
}
interface JobAccepted {
  job_id: string;
}
interface DrillReply {
  disaster_recovery_drill: DisasterRecoveryDrill;
}
interface FailureList {
  failure_jobs: FailureJob[];
  count: number;
}

/**
 * A signed request. An object body is sent as JSON, signed by the official SDK signer (the test oracle); a string body is
 * sent byte for byte, signed by verify.ts (the SDK signer can only hash JSON it serialises itself).
 */
function call<T = ErrorBody>(emu: Emulator, method: string, p: string, body?: object | string): Promise<ProbeReply<T>> {
  const url = emu.url + p;
  if (typeof body === 'string') {
    const [rawPath, rawQuery = ''] = p.split('?');
    const headers = { host: new URL(emu.url).host, 'x-sdk-date': sdkDate(Date.now()) };
    const signature = computeSignature(
      { method, path: rawPath, query: parseQuery(rawQuery), headers, signedHeaders: ['host', 'x-sdk-date'], payloadHash: sha256Hex(body) },
      'EMULATORSK',
    );
    const authorization = `SDK-HMAC-SHA256 Access=EMULATORAK, SignedHeaders=host;x-sdk-date, Signature=${signature}`;
    return probe<T>(url, { method, headers: { 'X-Sdk-Date': headers['x-sdk-date'], Authorization: authorization, 'Content-Type': 'application/json' }, body });
  }
  if (body === undefined) return probe<T>(url, { method, headers: sdkSign(url, { method }) });
  const headers = sdkSign(url, { method, headers: { 'Content-Type': 'application/json' }, data: body });
  return probe<T>(url, { method, headers, body: JSON.stringify(body) });
}

const drillsPath = (project: string, query = ''): string => `/v1/${project}/disaster-recovery-drills${query ? `?${query}` : ''}`;
const drillPath = (project: string, id: string): string => `/v1/${project}/disaster-recovery-drills/${id}`;
const jobPath = (project: string, id: string): string => `/v1/${project}/jobs/${id}`;
const failuresPath = (project: string, query = ''): string => `/v1/${project}/task-center/failure-jobs${query ? `?${query}` : ''}`;

const createBody = (groupId: string, name: string, vpc?: string): object => ({
  disaster_recovery_drill: { server_group_id: groupId, name, ...(vpc === undefined ? {} : { drill_vpc_id: vpc }) },
});

function assertError(r: ProbeReply<ErrorBody>, status: number, code: string, label = ''): void {
  assert.equal(r.status, status, `${label} ${r.text}`);
  assert.equal(r.body.error?.code, code, `${label} ${r.text}`);
  assert.ok(r.body.error?.message, label);
  assert.match(String(r.headers['x-request-id']), /^[0-9a-f]{32}$/);
}

describe('SDRS emulator: drill lifecycle', () => {
  let emu: Emulator;
  let clock: number;
  const tick = (ms: number): void => void (clock += ms);
  const P = (): string => emu.projectId;

  before(async () => {
    clock = T0;
    emu = await startEmulator({ lifecycle: true, now: () => clock, projects: { [B]: { groups: 2, drills: 4 } } });
  });
  after(() => emu.close());
  afterEach(() => {
    emu.clearFaults();
    emu.setCountMode('total');
  });

  /** A fresh group in the default project (or `project`), so tests do not share drill counts. */
  function addGroup(status = 'protected', more: Partial<ProtectionGroup> = {}, project = P()): ProtectionGroup {
    const group: ProtectionGroup = {
      id: randomUUID(),
      name: `g-${status}`,
      status,
      source_vpc_id: randomUUID(),
      protected_instance_num: 3,
      disaster_recovery_drill_num: 0,
      ...more,
    };
    emu.projectData(project).groups.push(group);
    return group;
  }

  async function create(group: ProtectionGroup, name: string, vpc?: string, project = P()): Promise<{ jobId: string; drill: DisasterRecoveryDrill }> {
    const r = await call<JobAccepted>(emu, 'POST', drillsPath(project), createBody(group.id, name, vpc));
    assert.equal(r.status, 200, r.text);
    const drill = emu.projectData(project).drills.find((d) => d.name === name && d.server_group_id === group.id);
    assert.ok(drill, 'the drill is stored at once');
    return { jobId: r.body.job_id, drill };
  }

  const getJob = async (id: string, project = P()): Promise<EmulatorJob> => {
    const r = await call<EmulatorJob>(emu, 'GET', jobPath(project, id));
    assert.equal(r.status, 200, r.text);
    return r.body;
  };
  const showDrill = (id: string, project = P()): Promise<ProbeReply<DrillReply & ErrorBody>> =>
    call<DrillReply & ErrorBody>(emu, 'GET', drillPath(project, id));

  describe('create: validation', () => {
    it('answers every malformed body, name, ID, group and VPC with 400 and the documented code, creating nothing', async () => {
      const group = addGroup('protected');
      const used = emu.data.drills[0].drill_vpc_id;
      const cases: Array<[string, object | string, string]> = [
        ['not JSON', '{"disaster_recovery_drill": ', 'SDRS.0201'],
        ['empty body', '', 'SDRS.0201'],
        ['no wrapper', { server_group_id: group.id, name: 'x' }, 'SDRS.0201'],
        ['wrapper is a string', { disaster_recovery_drill: 'x' }, 'SDRS.0201'],
        ['wrapper is null', { disaster_recovery_drill: null }, 'SDRS.0201'],
        ['wrapper is an array', { disaster_recovery_drill: [] }, 'SDRS.0201'],
        ['body is an array', '[]', 'SDRS.0201'],
        ['no server_group_id', { disaster_recovery_drill: { name: 'x' } }, 'SDRS.0201'],
        ['numeric server_group_id', { disaster_recovery_drill: { server_group_id: 5, name: 'x' } }, 'SDRS.0201'],
        ['no name', { disaster_recovery_drill: { server_group_id: group.id } }, 'SDRS.0201'],
        ['numeric name', { disaster_recovery_drill: { server_group_id: group.id, name: 7 } }, 'SDRS.0201'],
        ['numeric drill_vpc_id', { disaster_recovery_drill: { server_group_id: group.id, name: 'x', drill_vpc_id: 7 } }, 'SDRS.0201'],
        ['null drill_vpc_id', { disaster_recovery_drill: { server_group_id: group.id, name: 'x', drill_vpc_id: null } }, 'SDRS.0201'],
        ['empty name', createBody(group.id, ''), 'SDRS.0202'],
        ['65-character name', createBody(group.id, 'a'.repeat(65)), 'SDRS.0202'],
        ['Chinese name', createBody(group.id, '季度演练'), 'SDRS.0202'],
        ['space in name', createBody(group.id, 'a b'), 'SDRS.0202'],
        ['slash in name', createBody(group.id, 'a/b'), 'SDRS.0202'],
        ['malformed group ID', createBody('not-a-uuid', 'ok'), 'SDRS.0207'],
        ['empty group ID', createBody('', 'ok'), 'SDRS.0207'],
        ['empty drill_vpc_id', createBody(group.id, 'ok', ''), 'SDRS.0204'],
        ['malformed drill_vpc_id', createBody(group.id, 'ok', 'vpc-1'), 'SDRS.0204'],
        ['unknown group', createBody(randomUUID(), 'ok'), 'SDRS.1013'],
        ["the group's own VPC", createBody(group.id, 'ok', group.source_vpc_id), 'SDRS.1907'],
        ['a VPC another drill uses', createBody(group.id, 'ok', used), 'SDRS.1921'],
      ];
      const drills = emu.data.drills.length;
      const jobs = emu.jobs().length;
      for (const [label, body, code] of cases) assertError(await call(emu, 'POST', drillsPath(P()), body), 400, code, label);
      assert.deepEqual([emu.data.drills.length, emu.jobs().length, group.disaster_recovery_drill_num], [drills, jobs, 0]);
    });

    it('checks the body before the group: a bad name in an unknown group is SDRS.0202', async () => {
      assertError(await call(emu, 'POST', drillsPath(P()), createBody(randomUUID(), 'bad name')), 400, 'SDRS.0202');
    });

    it('allows a drill in exactly the groups whose status has "yes" in the drill? column; the rest answer SDRS.1002', async () => {
      const accepted: string[] = [];
      for (const status of GROUP_STATUSES) {
        const group = addGroup(status);
        const r = await call<JobAccepted & ErrorBody>(emu, 'POST', drillsPath(P()), createBody(group.id, `in-${status}`));
        if (r.status === 200) accepted.push(status);
        else assertError(r, 400, 'SDRS.1002', status);
      }
      assert.deepEqual(accepted.sort(), [...DRILLABLE_GROUP_STATUSES].sort());
    });

    it('accepts 64 characters of letters, digits, dot, underscore and hyphen', async () => {
      const name = `A.b_c-9${'x'.repeat(57)}`;
      assert.equal(name.length, 64);
      await create(addGroup(), name);
    });

    it('refuses an unsigned POST with 401 before looking at it, creating nothing', async () => {
      const drills = emu.data.drills.length;
      const r = await probe<ErrorBody>(emu.url + drillsPath(P()), { method: 'POST', body: JSON.stringify(createBody(addGroup().id, 'unsigned')) });
      assert.equal(r.status, 401);
      assert.equal(r.body.error_code, 'APIGW.0301');
      assert.equal(emu.data.drills.length, drills);
    });
  });

  describe('create: the job and the drill', () => {
    it('answers {job_id}, lists the drill as creating at once, and moves INIT → RUNNING → SUCCESS on the clock', async () => {
      const group = addGroup('protected', { protected_instance_num: 3 });
      const t0 = clock;
      const r = await call<JobAccepted>(emu, 'POST', drillsPath(P()), createBody(group.id, 'q1-drill'));
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(Object.keys(r.body), ['job_id']);
      assert.match(r.body.job_id, /^[0-9a-z]{32}$/);
      assert.match(r.body.job_id, /[g-z]/, 'not all hex: clients must treat job IDs as opaque');
      const id = r.body.job_id;

      const listed = await call<ListDrillsResponse>(emu, 'GET', drillsPath(P(), `server_group_id=${group.id}`));
      assert.equal(listed.body.count, 1);
      const [drill] = listed.body.disaster_recovery_drills;
      assert.match(drill.id, UUID);
      assert.deepEqual(
        { ...drill, id: '' },
        {
          id: '',
          name: 'q1-drill',
          status: 'creating',
          server_group_id: group.id,
          drill_vpc_id: '',
          created_at: formatTimestamp(t0),
          updated_at: formatTimestamp(t0),
          drill_servers: [],
        },
      );
      assert.equal(group.disaster_recovery_drill_num, 1, 'counted while it exists, creating included');

      const init = await getJob(id);
      assert.deepEqual(init, {
        status: 'INIT',
        job_id: id,
        job_type: CREATE_DRILL_JOB,
        begin_time: new Date(t0).toISOString(),
        end_time: null,
        error_code: null,
        fail_reason: null,
        entities: { server_group_id: group.id },
      });
      assert.match(init.begin_time, ISO);

      tick(299);
      assert.equal((await getJob(id)).status, 'INIT');
      tick(1);
      const running = await getJob(id);
      assert.deepEqual([running.status, running.end_time, running.entities.disaster_recovery_drill_id], ['RUNNING', null, undefined]);
      assert.equal((await showDrill(drill.id)).body.disaster_recovery_drill.status, 'creating');
      tick(699);
      assert.equal((await getJob(id)).status, 'RUNNING');
      tick(1);
      const done = await getJob(id);
      assert.deepEqual(done, {
        ...init,
        status: 'SUCCESS',
        end_time: new Date(t0 + 1000).toISOString(),
        entities: { server_group_id: group.id, disaster_recovery_drill_id: drill.id },
      });
      assert.equal(emu.jobPolls(id), 5);

      const shown = (await showDrill(drill.id)).body.disaster_recovery_drill;
      assert.equal(shown.status, 'available');
      assert.equal(shown.updated_at, formatTimestamp(t0 + 1000));
      assert.equal(shown.created_at, formatTimestamp(t0));
      assert.match(shown.drill_vpc_id, UUID, 'a drill VPC was made for it');
      const instances = emu.protectedInstanceIds(group.id);
      assert.equal(instances.length, 3, 'seeded to protected_instance_num');
      assert.deepEqual(
        shown.drill_servers.map((s) => s.protected_instance),
        instances,
      );
      assert.ok(shown.drill_servers.every((s) => UUID.test(s.drill_server_id)));
      assert.equal(new Set(shown.drill_servers.map((s) => s.drill_server_id)).size, 3);
      assert.equal(group.disaster_recovery_drill_num, 1);
    });

    it('uses the given drill VPC from the start, and a job ending between polls is SUCCESS at the next one', async () => {
      const vpc = randomUUID();
      const { jobId, drill } = await create(addGroup(), 'own-vpc', vpc);
      assert.equal(drill.drill_vpc_id, vpc);
      tick(5000);
      assert.equal((await getJob(jobId)).status, 'SUCCESS');
      assert.equal(drill.drill_vpc_id, vpc);
      assertError(await call(emu, 'POST', drillsPath(P()), createBody(addGroup().id, 'second', vpc)), 400, 'SDRS.1921');
    });

    it('makes drill servers for the protected instances the group’s drills already copy', async () => {
      const group = emu.data.groups.find(
        (g) => g.status === 'protected' && emu.data.drills.some((d) => d.server_group_id === g.id && d.drill_servers.length > 0),
      );
      assert.ok(group);
      const known = new Set(emu.data.drills.filter((d) => d.server_group_id === group.id).flatMap((d) => d.drill_servers.map((s) => s.protected_instance)));
      const before = group.disaster_recovery_drill_num ?? 0;
      const { jobId, drill } = await create(group, 'seeded-group');
      assert.equal(group.disaster_recovery_drill_num, before + 1);
      tick(1000);
      assert.equal((await getJob(jobId)).status, 'SUCCESS');
      const ids = drill.drill_servers.map((s) => s.protected_instance);
      assert.equal(ids.length, Math.max(known.size, group.protected_instance_num ?? 0));
      assert.ok([...known].every((k) => ids.includes(k)));
    });

    it('takes job durations from options when a job starts: a change applies to later jobs only', async () => {
      const { jobId: first } = await create(addGroup(), 'before-change');
      emu.options.jobInitMs = 0;
      emu.options.jobRunMs = 5000;
      try {
        const { jobId: second } = await create(addGroup(), 'after-change');
        assert.equal((await getJob(second)).status, 'RUNNING', 'no INIT phase');
        tick(1000);
        assert.deepEqual([(await getJob(first)).status, (await getJob(second)).status], ['SUCCESS', 'RUNNING']);
        tick(4000);
        assert.equal((await getJob(second)).status, 'SUCCESS');
      } finally {
        emu.options.jobInitMs = 300;
        emu.options.jobRunMs = 700;
      }
    });
  });

  describe('rename', () => {
    it('answers the full drill with the new name and updated_at; the list shows it; no job', async () => {
      const { jobId, drill } = await create(addGroup(), 'old-name');
      tick(1000);
      await getJob(jobId);
      const before = structuredClone(drill);
      const jobs = emu.jobs().length;
      tick(60_000);
      const r = await call<DrillReply>(emu, 'PUT', drillPath(P(), drill.id), { disaster_recovery_drill: { name: 'new.name_2' } });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.body.disaster_recovery_drill, { ...before, name: 'new.name_2', updated_at: formatTimestamp(clock) });
      const listed = await call<ListDrillsResponse>(emu, 'GET', drillsPath(P(), 'name=new.name_2'));
      assert.deepEqual(
        listed.body.disaster_recovery_drills.map((d) => d.id),
        [drill.id],
      );
      assert.equal(emu.jobs().length, jobs);
    });

    it('renames in any status (none is documented as refused), creating and deleting included', async () => {
      const { drill } = await create(addGroup(), 'busy');
      assert.equal((await call(emu, 'PUT', drillPath(P(), drill.id), { disaster_recovery_drill: { name: 'busy-renamed' } })).status, 200);
      const deleting = emu.data.drills.find((d) => d.status === 'deleting');
      assert.ok(deleting);
      const r = await call<DrillReply>(emu, 'PUT', drillPath(P(), deleting.id), { disaster_recovery_drill: { name: 'deleting-renamed' } });
      assert.deepEqual([r.status, r.body.disaster_recovery_drill.name, r.body.disaster_recovery_drill.status], [200, 'deleting-renamed', 'deleting']);
    });

    it('answers a bad body with SDRS.0201, a bad name with SDRS.0202, an unknown drill with 400 SDRS.1902; nothing changes', async () => {
      const drill = emu.data.drills.find((d) => d.status === 'available');
      assert.ok(drill);
      const before = structuredClone(drill);
      const cases: Array<[string, string, object | string, string]> = [
        ['not JSON', drill.id, '{', 'SDRS.0201'],
        ['no wrapper', drill.id, { name: 'x' }, 'SDRS.0201'],
        ['no name', drill.id, { disaster_recovery_drill: {} }, 'SDRS.0201'],
        ['null name', drill.id, { disaster_recovery_drill: { name: null } }, 'SDRS.0201'],
        ['empty name', drill.id, { disaster_recovery_drill: { name: '' } }, 'SDRS.0202'],
        ['long name', drill.id, { disaster_recovery_drill: { name: 'n'.repeat(65) } }, 'SDRS.0202'],
        ['Chinese name', drill.id, { disaster_recovery_drill: { name: '切换演练' } }, 'SDRS.0202'],
        ['unknown drill', randomUUID(), { disaster_recovery_drill: { name: 'fine' } }, 'SDRS.1902'],
        ['malformed drill ID', 'nope', { disaster_recovery_drill: { name: 'fine' } }, 'SDRS.1902'],
      ];
      for (const [label, id, body, code] of cases) assertError(await call(emu, 'PUT', drillPath(P(), id), body), 400, code, label);
      assert.deepEqual(drill, before);
    });
  });

  describe('delete', () => {
    it('deletes an available drill: deleting at once, INIT → RUNNING → SUCCESS, then gone (show: 400 SDRS.1902) and counted down', async () => {
      const group = addGroup();
      const vpc = randomUUID();
      const created = await create(group, 'to-delete', vpc);
      tick(1000);
      await getJob(created.jobId);
      const t0 = clock;
      const r = await call<JobAccepted>(emu, 'DELETE', drillPath(P(), created.drill.id));
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(Object.keys(r.body), ['job_id']);
      assert.notEqual(r.body.job_id, created.jobId);
      const shown = (await showDrill(created.drill.id)).body.disaster_recovery_drill;
      assert.deepEqual([shown.status, shown.updated_at], ['deleting', formatTimestamp(t0)]);

      const init = await getJob(r.body.job_id);
      assert.deepEqual(init, {
        status: 'INIT',
        job_id: r.body.job_id,
        job_type: DELETE_DRILL_JOB,
        begin_time: new Date(t0).toISOString(),
        end_time: null,
        error_code: null,
        fail_reason: null,
        entities: { server_group_id: group.id, disaster_recovery_drill_id: created.drill.id },
      });
      tick(300);
      assert.equal((await getJob(r.body.job_id)).status, 'RUNNING');
      assertError(await call(emu, 'DELETE', drillPath(P(), created.drill.id)), 400, 'SDRS.1913', 'while deleting');
      tick(700);
      const done = await getJob(r.body.job_id);
      assert.deepEqual([done.status, done.end_time, done.error_code, done.fail_reason], ['SUCCESS', new Date(t0 + 1000).toISOString(), null, null]);

      assertError(await showDrill(created.drill.id), 400, 'SDRS.1902', 'show after delete');
      const listed = await call<ListDrillsResponse>(emu, 'GET', drillsPath(P(), `server_group_id=${group.id}`));
      assert.equal(listed.body.count, 0);
      assert.equal(group.disaster_recovery_drill_num, 0);
      assertError(await call(emu, 'DELETE', drillPath(P(), created.drill.id)), 400, 'SDRS.1902', 'deleting again');
      assertError(
        await call(emu, 'PUT', drillPath(P(), created.drill.id), { disaster_recovery_drill: { name: 'x' } }),
        400,
        'SDRS.1902',
        'rename after delete',
      );

      // The drill VPC is kept, not removed with the drill: a new drill may use it.
      await create(group, 'reuses-vpc', vpc);
    });

    it('accepts available, error and error-deleting; answers creating and deleting with 400 SDRS.1913; unknown with 400 SDRS.1902', async () => {
      for (const status of ['creating', 'deleting']) {
        const drill = emu.data.drills.find((d) => d.status === status);
        assert.ok(drill, status);
        assertError(await call(emu, 'DELETE', drillPath(P(), drill.id)), 400, 'SDRS.1913', status);
        assert.equal(drill.status, status);
      }
      for (const status of ['available', 'error', 'error-deleting']) {
        const drill = emu.data.drills.find((d) => d.status === status);
        assert.ok(drill, status);
        const r = await call<JobAccepted>(emu, 'DELETE', drillPath(P(), drill.id));
        assert.equal(r.status, 200, `${status}: ${r.text}`);
        assert.equal(drill.status, 'deleting');
      }
      assertError(await call(emu, 'DELETE', drillPath(P(), randomUUID())), 400, 'SDRS.1902');
      tick(1000);
      emu.settleJobs();
    });
  });

  describe('failed jobs', () => {
    it('failNextJob: the create ends FAIL with SDRS.1922 and a reason, the drill is error without servers, a failed task is listed for its group only', async () => {
      const group = addGroup();
      emu.failNextJob();
      const { jobId, drill } = await create(group, 'doomed');
      const t0 = clock;
      tick(300);
      assert.equal((await getJob(jobId)).status, 'RUNNING', 'a failing job runs like any other');
      tick(700);
      const job = await getJob(jobId);
      assert.equal(job.status, 'FAIL');
      assert.equal(job.error_code, CREATE_FAILED_CODE);
      assert.equal(job.error_code, 'SDRS.1922');
      assert.match(job.fail_reason ?? '', /doomed/);
      assert.equal(job.end_time, new Date(t0 + 1000).toISOString());
      assert.equal(job.entities.disaster_recovery_drill_id, drill.id);
      const shown = (await showDrill(drill.id)).body.disaster_recovery_drill;
      assert.deepEqual([shown.status, shown.drill_servers], ['error', []]);
      assert.equal(group.disaster_recovery_drill_num, 1, 'a drill in error still exists');

      const listed = await call<FailureList>(emu, 'GET', failuresPath(P(), `server_group_id=${group.id}`));
      assert.equal(listed.status, 200, listed.text);
      assert.deepEqual(listed.body, {
        failure_jobs: [
          {
            job_status: 'FAIL',
            job_id: jobId,
            job_type: CREATE_DRILL_JOB,
            resource_id: drill.id,
            resource_name: 'doomed',
            resource_type: 'disaster_recovery_drills',
            failure_status: 'createFail',
            begin_time: job.begin_time,
            error_code: 'SDRS.1922',
            fail_reason: job.fail_reason,
          },
        ],
        count: 1,
      });
      const groupLevel = await call<FailureList>(emu, 'GET', failuresPath(P()));
      assert.ok(!groupLevel.body.failure_jobs.some((f) => f.job_id === jobId), 'without server_group_id only group-level failures');

      // The next job is not affected.
      const ok = await create(group, 'fine-after');
      tick(1000);
      assert.equal((await getJob(ok.jobId)).status, 'SUCCESS');
    });

    it('failNextJob queues: a reason and code of its own; two calls fail the next two jobs, the third succeeds', async () => {
      emu.failNextJob('quota: no more VPCs', 'SDRS.1929');
      emu.failNextJob();
      const group = addGroup();
      const jobs = [await create(group, 'f1'), await create(group, 'f2'), await create(group, 'f3')];
      tick(1000);
      const ended = await Promise.all(jobs.map((j) => getJob(j.jobId)));
      assert.deepEqual(
        ended.map((j) => [j.status, j.error_code]),
        [
          ['FAIL', 'SDRS.1929'],
          ['FAIL', 'SDRS.1922'],
          ['SUCCESS', null],
        ],
      );
      assert.equal(ended[0].fail_reason, 'quota: no more VPCs');
      assert.deepEqual(
        jobs.map((j) => j.drill.status),
        ['error', 'error', 'available'],
      );
    });

    it('a failed delete leaves error-deleting with SDRS.1923 and a deleteFail task; deleting again from there succeeds', async () => {
      const group = addGroup();
      const { jobId, drill } = await create(group, 'sticky');
      tick(1000);
      await getJob(jobId);
      emu.failNextJob();
      const first = await call<JobAccepted>(emu, 'DELETE', drillPath(P(), drill.id));
      tick(1000);
      const failed = await getJob(first.body.job_id);
      assert.deepEqual([failed.status, failed.error_code, failed.job_type], ['FAIL', DELETE_FAILED_CODE, DELETE_DRILL_JOB]);
      assert.match(failed.fail_reason ?? '', /sticky/);
      assert.equal((await showDrill(drill.id)).body.disaster_recovery_drill.status, 'error-deleting');
      const tasks = await call<FailureList>(emu, 'GET', failuresPath(P(), `server_group_id=${group.id}&failure_status=deleteFail`));
      assert.deepEqual(
        tasks.body.failure_jobs.map((f) => [f.job_id, f.resource_id, f.failure_status, f.error_code]),
        [[first.body.job_id, drill.id, 'deleteFail', 'SDRS.1923']],
      );

      const retry = await call<JobAccepted>(emu, 'DELETE', drillPath(P(), drill.id));
      assert.equal(retry.status, 200, retry.text);
      tick(1000);
      assert.equal((await getJob(retry.body.job_id)).status, 'SUCCESS');
      assertError(await showDrill(drill.id), 400, 'SDRS.1902');
      assert.equal(group.disaster_recovery_drill_num, 0);
    });

    it(`a drill named with '${FAIL_JOB_MARK}' fails its create and its deletes until renamed`, async () => {
      const group = addGroup();
      const { jobId, drill } = await create(group, `x-${FAIL_JOB_MARK}-1`);
      tick(1000);
      assert.equal((await getJob(jobId)).status, 'FAIL');
      const del = await call<JobAccepted>(emu, 'DELETE', drillPath(P(), drill.id));
      tick(1000);
      assert.equal((await getJob(del.body.job_id)).status, 'FAIL');
      assert.equal(drill.status, 'error-deleting');
      await call(emu, 'PUT', drillPath(P(), drill.id), { disaster_recovery_drill: { name: 'renamed' } });
      const again = await call<JobAccepted>(emu, 'DELETE', drillPath(P(), drill.id));
      tick(1000);
      assert.equal((await getJob(again.body.job_id)).status, 'SUCCESS');
      const tasks = await call<FailureList>(emu, 'GET', failuresPath(P(), `server_group_id=${group.id}`));
      assert.deepEqual(
        tasks.body.failure_jobs.map((f) => [f.failure_status, f.resource_name]),
        [
          ['createFail', `x-${FAIL_JOB_MARK}-1`],
          ['deleteFail', `x-${FAIL_JOB_MARK}-1`],
        ],
      );
    });
  });

  describe('job status', () => {
    it('answers an unknown job with 404 and an error body, and counts those polls too', async () => {
      for (const id of ['0'.repeat(32), 'nope', '%E4%B8%AD']) {
        // Signed by verify.ts (an empty string body): the SDK signer encodes an already-encoded path a second time.
        const r = await call(emu, 'GET', jobPath(P(), id), '');
        assert.equal(r.status, 404, r.text);
        assert.equal(r.body.error?.code, JOB_NOT_FOUND_CODE);
        assert.match(r.body.error?.message ?? '', /does not exist/);
      }
      assert.equal(emu.jobPolls('0'.repeat(32)), 1);
      assert.equal(emu.jobPolls('中'), 1, 'counted under the decoded ID');
      assert.equal(emu.jobPolls('never-asked'), 0);
    });

    it('offers no other method on a job', async () => {
      const r = await call(emu, 'DELETE', jobPath(P(), '0'.repeat(32)));
      assert.equal(r.status, 405);
      assert.equal(r.headers.allow, 'GET');
    });
  });

  describe('failed tasks', () => {
    const entry = (over: Partial<FailureJobEntry>): FailureJobEntry => ({
      job_status: 'FAIL',
      job_id: randomUUID().replace(/-/g, ''),
      job_type: 'createProtectionGroupNoCG',
      resource_id: randomUUID(),
      resource_name: 'pg',
      resource_type: 'server_groups',
      failure_status: 'createFail',
      begin_time: '2025-01-02T03:04:05.678Z',
      error_code: 'EVS.2024',
      fail_reason: 'volume quota',
      server_group_id: randomUUID(),
      ...over,
    });

    it('lists group-level failures without server_group_id, a group’s failures with it; filters, paging and both count modes', async () => {
      const own = await startEmulator({ lifecycle: true, drills: 0, groups: 1 });
      try {
        const group = own.data.groups[0];
        const list = own.failureJobs();
        const pgFail = entry({ resource_id: group.id, server_group_id: group.id, resource_name: 'erp-protection' });
        const otherPg = entry({ failure_status: 'deleteFail', resource_name: 'crm-protection' });
        const instance = entry({
          resource_type: 'protected_instances',
          failure_status: 'attachFail',
          server_group_id: group.id,
          resource_name: 'vm-01',
          job_type: 'attachReplicationPairNew',
        });
        const drill = entry({
          resource_type: 'disaster_recovery_drills',
          failure_status: 'deleteFail',
          server_group_id: group.id,
          resource_name: 'dr-1',
          job_type: DELETE_DRILL_JOB,
        });
        list.push(pgFail, otherPg, instance, drill);
        const listed = (q = ''): Promise<ProbeReply<FailureList>> => call<FailureList>(own, 'GET', failuresPath(own.projectId, q));
        const ids = (r: ProbeReply<FailureList>): string[] => r.body.failure_jobs.map((f) => f.job_id);

        const top = await listed();
        assert.deepEqual([ids(top), top.body.count], [[pgFail.job_id, otherPg.job_id], 2]);
        assert.ok(
          top.body.failure_jobs.every((f) => !('server_group_id' in f)),
          'the group is not part of the item',
        );
        assert.deepEqual(Object.keys(top.body.failure_jobs[0]).sort(), [
          'begin_time',
          'error_code',
          'fail_reason',
          'failure_status',
          'job_id',
          'job_status',
          'job_type',
          'resource_id',
          'resource_name',
          'resource_type',
        ]);

        const inGroup = `server_group_id=${group.id}`;
        assert.deepEqual(ids(await listed(inGroup)), [pgFail.job_id, instance.job_id, drill.job_id]);
        assert.deepEqual(ids(await listed(`${inGroup}&resource_type=disaster_recovery_drills`)), [drill.job_id]);
        assert.deepEqual(ids(await listed(`${inGroup}&failure_status=attachFail`)), [instance.job_id]);
        assert.deepEqual(ids(await listed(`${inGroup}&resource_name=VM`)), [instance.job_id], 'resource_name: case-insensitive substring');
        assert.deepEqual(ids(await listed('failure_status=deleteFail')), [otherPg.job_id]);
        assert.deepEqual(ids(await listed(`server_group_id=${randomUUID()}`)), []);
        assert.deepEqual(ids(await listed(`${inGroup}&resource_type=&failure_status=&resource_name=`)), ids(await listed(inGroup)), 'empty filters are none');

        const paged = await listed(`${inGroup}&limit=2&offset=1`);
        assert.deepEqual([ids(paged), paged.body.count], [[instance.job_id, drill.job_id], 3]);
        own.setCountMode('page');
        assert.equal((await listed(`${inGroup}&limit=1`)).body.count, 1);
      } finally {
        await own.close();
      }
    });

    it('refuses bad filters: resource_type and failure_status outside their lists (SDRS.0201), a malformed group ID (SDRS.0207), a bad limit', async () => {
      const cases: Array<[string, string]> = [
        ['resource_type=protectedInstance', 'SDRS.0201'],
        ['failure_status=CreateFail', 'SDRS.0201'],
        ['server_group_id=xyz', 'SDRS.0207'],
        ['limit=1001', 'SDRS.0201'],
        ['offset=-1', 'SDRS.0201'],
      ];
      for (const [q, code] of cases) assertError(await call(emu, 'GET', failuresPath(P(), q)), 400, code, q);
      emu.options.strictLimit = true;
      try {
        assertError(await call(emu, 'GET', failuresPath(P(), 'limit=1000')), 400, 'SDRS.0221');
      } finally {
        emu.options.strictLimit = false;
      }
    });

    it('deletes one failed task by job_id (204, no body), a group’s or all of them in a batch; an unknown one is 404', async () => {
      const own = await startEmulator({ lifecycle: true, drills: 0, groups: 1 });
      try {
        const g1 = randomUUID();
        const [a, b, c, d] = [entry({ server_group_id: g1 }), entry({ server_group_id: g1 }), entry({}), entry({})];
        own.failureJobs().push(a, b, c, d);
        const del = (p: string): Promise<ProbeReply<ErrorBody>> => call(own, 'DELETE', `/v1/${own.projectId}/task-center/${p}`);

        const one = await del(`failure-jobs/${a.job_id}`);
        assert.deepEqual([one.status, one.text, one.headers['content-type']], [204, '', undefined]);
        assert.deepEqual(
          own.failureJobs().map((f) => f.job_id),
          [b.job_id, c.job_id, d.job_id],
        );
        const missing = await del(`failure-jobs/${a.job_id}`);
        assert.equal(missing.status, 404);
        assert.equal(missing.body.error?.code, JOB_NOT_FOUND_CODE);

        assert.equal((await del(`${g1}/failure-jobs/batch`)).status, 204);
        assert.deepEqual(
          own.failureJobs().map((f) => f.job_id),
          [c.job_id, d.job_id],
        );
        assertError(await del('not-a-group/failure-jobs/batch'), 400, 'SDRS.0207');
        assert.equal((await del('failure-jobs/batch')).status, 204);
        assert.deepEqual(own.failureJobs(), []);
      } finally {
        await own.close();
      }
    });
  });

  describe('faults on the new routes', () => {
    it('injectFault hits each new route by method and path; the faulted request changes nothing', async () => {
      const group = addGroup();
      const { jobId, drill } = await create(group, 'fault-target');
      emu.failureJobs().push({
        job_status: 'FAIL',
        job_id: 'f'.repeat(32),
        job_type: CREATE_DRILL_JOB,
        resource_id: randomUUID(),
        resource_name: 'old-failure',
        resource_type: 'disaster_recovery_drills',
        failure_status: 'createFail',
        begin_time: '2025-01-02T03:04:05.678Z',
        error_code: 'SDRS.1922',
        fail_reason: 'x',
        server_group_id: group.id,
      });
      const before = { drills: emu.data.drills.length, jobs: emu.jobs().length, name: drill.name, status: drill.status, tasks: emu.failureJobs().length };
      const routes: Array<[string, string, object?]> = [
        ['POST', drillsPath(P()), createBody(group.id, 'never-made')],
        ['PUT', drillPath(P(), drill.id), { disaster_recovery_drill: { name: 'never-renamed' } }],
        ['DELETE', drillPath(P(), drill.id)],
        ['GET', jobPath(P(), jobId)],
        ['GET', failuresPath(P())],
        ['DELETE', `/v1/${P()}/task-center/failure-jobs/${'f'.repeat(32)}`],
      ];
      for (const [method, p, body] of routes) {
        emu.injectFault({ method, path: p, status: 503, body: { error: { code: 'SDRS.0008', message: 'busy' } } });
        // The same path with another method is not hit.
        const other = method === 'GET' ? 'HEAD' : 'GET';
        assert.notEqual((await call(emu, other, p)).status, 503, `${other} ${p}`);
        const r = await call(emu, method, p, body);
        assertError(r, 503, 'SDRS.0008', `${method} ${p}`);
      }
      assert.equal(drill.status, 'creating');
      assert.deepEqual(
        { drills: emu.data.drills.length, jobs: emu.jobs().length, name: drill.name, status: drill.status, tasks: emu.failureJobs().length },
        before,
      );
      assert.equal(emu.jobPolls(jobId), 1, 'a faulted poll is still a poll');
      tick(1000);
      emu.settleJobs();
    });

    it("kind 'reset' on POST: the connection drops before the create, which is recorded once and has no effect", async () => {
      const group = addGroup();
      emu.requests.length = 0;
      emu.injectFault({ method: 'POST', path: /\/disaster-recovery-drills$/, kind: 'reset' });
      await assert.rejects(call(emu, 'POST', drillsPath(P()), createBody(group.id, 'lost-before')), /ECONNRESET|socket hang up/);
      assert.deepEqual(
        emu.requests.map((r) => [r.method, r.path, r.status]),
        [['POST', drillsPath(P()), 0]],
      );
      assert.equal(group.disaster_recovery_drill_num, 0);
      assert.ok(!emu.data.drills.some((d) => d.name === 'lost-before'));
    });

    it("kind 'reset' with afterRoute: the create takes effect but the answer is lost, which is why a client must not re-send a POST", async () => {
      const group = addGroup();
      const jobs = emu.jobs().length;
      emu.requests.length = 0;
      emu.injectFault({ method: 'POST', path: '/disaster-recovery-drills', kind: 'reset', afterRoute: true });
      await assert.rejects(call(emu, 'POST', drillsPath(P()), createBody(group.id, 'lost-after')));
      assert.deepEqual(
        emu.requests.map((r) => [r.method, r.status]),
        [['POST', 0]],
      );
      assert.deepEqual(
        emu.data.drills.filter((d) => d.server_group_id === group.id).map((d) => [d.name, d.status]),
        [['lost-after', 'creating']],
      );
      assert.equal(emu.jobs().length, jobs + 1);
      assert.equal(group.disaster_recovery_drill_num, 1);
    });

    it('an http fault with afterRoute: the delete starts, the client sees a 504', async () => {
      const drill = emu.data.drills.find((d) => d.status === 'available');
      assert.ok(drill);
      emu.injectFault({ method: 'DELETE', path: drill.id, status: 504, afterRoute: true });
      assert.equal((await call(emu, 'DELETE', drillPath(P(), drill.id))).status, 504);
      assert.equal(drill.status, 'deleting');
      tick(1000);
      emu.settleJobs();
      assert.ok(!emu.data.drills.includes(drill));
    });
  });

  describe('projects', () => {
    it('keeps drills, jobs and failed tasks per project', async () => {
      const groupB = addGroup('protected', {}, B);
      const bDrills = emu.projectData(B).drills.length;
      const aDrills = emu.data.drills.length;
      emu.failNextJob();
      const { jobId, drill } = await create(groupB, 'only-in-b', undefined, B);
      assert.deepEqual([emu.projectData(B).drills.length, emu.data.drills.length], [bDrills + 1, aDrills]);
      assert.ok(emu.jobs(B).some((j) => j.job_id === jobId));
      assert.ok(!emu.jobs().some((j) => j.job_id === jobId));

      const viaA = await call(emu, 'GET', jobPath(P(), jobId));
      assert.equal(viaA.status, 404, 'a job of B is unknown in A');
      assertError(await showDrill(drill.id), 400, 'SDRS.1902', 'a drill of B is unknown in A');
      assertError(await call(emu, 'DELETE', drillPath(P(), drill.id)), 400, 'SDRS.1902');
      assertError(await call(emu, 'POST', drillsPath(P()), createBody(groupB.id, 'b-group-in-a')), 400, 'SDRS.1013');
      tick(1000);
      assert.equal((await getJob(jobId, B)).status, 'FAIL');
      assert.equal(emu.jobPolls(jobId), 2, 'polls count per job ID, whichever project was asked');

      const inB = await call<FailureList>(emu, 'GET', failuresPath(B, `server_group_id=${groupB.id}`));
      assert.deepEqual(
        inB.body.failure_jobs.map((f) => f.resource_id),
        [drill.id],
      );
      const inA = await call<FailureList>(emu, 'GET', failuresPath(P(), `server_group_id=${groupB.id}`));
      assert.deepEqual(inA.body.failure_jobs, []);
      assert.equal(emu.failureJobs(B).length, 1);
      assert.ok(!emu.failureJobs().some((f) => f.resource_id === drill.id));
    });

    it('answers 403 SDRS.0001 for a project served by none, and forgets a removed project’s jobs', async () => {
      const C = 'ccccccccccccccccccccccccccccccc3';
      emu.setProjectData(C, { groups: [], drills: [] });
      const group = addGroup('protected', {}, C);
      const { jobId } = await create(group, 'in-c', undefined, C);
      emu.removeProject(C);
      const r = await call(emu, 'GET', jobPath(C, jobId));
      assert.equal(r.status, 403);
      assert.equal(r.body.error?.code, 'SDRS.0001');
      emu.setProjectData(C, { groups: [], drills: [] });
      assert.equal((await call(emu, 'GET', jobPath(C, jobId))).status, 404, 'served again, but its old jobs are gone');
      assert.deepEqual(emu.jobs(C), []);
      emu.removeProject(C);
    });
  });
});

describe('SDRS emulator: lifecycle switch, real clock and CLI', () => {
  it('is off by default (POST 405, /jobs an unknown API, the old 404 SDRS.1301) and can be switched on live', async () => {
    const emu = await startEmulator({ drills: 3, groups: 1 });
    try {
      assert.deepEqual([emu.options.lifecycle, emu.options.jobInitMs, emu.options.jobRunMs, emu.options.now], [false, 300, 700, Date.now]);
      const P = emu.projectId;
      const post = await call(emu, 'POST', drillsPath(P), createBody(emu.data.groups[0].id, 'x'));
      assert.deepEqual([post.status, post.headers.allow, post.body.error?.code], [405, 'GET', 'SDRS.0206']);
      assert.equal((await call(emu, 'DELETE', drillPath(P, emu.data.drills[0].id))).status, 405);
      for (const p of [jobPath(P, '0'.repeat(32)), failuresPath(P)]) {
        const r = await probe<ErrorBody>(emu.url + p);
        assert.deepEqual([r.status, r.body.error_code], [404, 'APIGW.0101'], p);
      }
      const missing = await call(emu, 'GET', drillPath(P, randomUUID()));
      assert.deepEqual([missing.status, missing.body.itemNotFound?.code], [404, 'SDRS.1301']);

      emu.options.lifecycle = true;
      const created = await call<JobAccepted>(emu, 'POST', drillsPath(P), createBody(emu.data.groups[0].id, 'now-on'));
      assert.equal(created.status, 200, created.text);
      assertError(await call(emu, 'GET', drillPath(P, randomUUID())), 400, 'SDRS.1902');
      const wrong = await call(emu, 'PATCH', drillsPath(P));
      assert.deepEqual([wrong.status, wrong.headers.allow], [405, 'GET, POST']);
    } finally {
      await emu.close();
    }
  });

  it('with the real clock, a job passes through its states in order and timers settle the data without a request', async () => {
    const emu = await startEmulator({ lifecycle: true, drills: 0, groups: 1, jobInitMs: 150, jobRunMs: 150 });
    try {
      const P = emu.projectId;
      const group = emu.data.groups[0];
      const r = await call<JobAccepted>(emu, 'POST', drillsPath(P), createBody(group.id, 'real-time'));
      const seen: string[] = [];
      for (;;) {
        const job = await call<EmulatorJob>(emu, 'GET', jobPath(P, r.body.job_id));
        if (seen.at(-1) !== job.body.status) seen.push(job.body.status);
        if (job.body.status === 'SUCCESS' || job.body.status === 'FAIL') break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      // In order and never back; on a busy machine a poll may come too late to see RUNNING, never out of order.
      const order = ['INIT', 'RUNNING', 'SUCCESS'];
      assert.equal(seen.at(-1), 'SUCCESS');
      assert.deepEqual(
        seen,
        order.filter((s) => seen.includes(s)),
        `states seen: ${seen.join(' → ')}`,
      );

      const second = await call<JobAccepted>(emu, 'POST', drillsPath(P), createBody(group.id, 'untouched'));
      assert.equal(second.status, 200);
      // Watched in the emulator's data, never over HTTP: only its own timers can settle the drill.
      for (let deadline = Date.now() + 60_000; emu.data.drills.find((d) => d.name === 'untouched')?.status !== 'available';) {
        assert.ok(Date.now() < deadline, 'the drill never became available');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.equal(emu.jobPolls(second.body.job_id), 0);
    } finally {
      await emu.close();
    }
  });

  it('the CLI serves the lifecycle, with --job-ms as INIT,RUN or as a total', async function () {
    this.timeout(15_000);
    const cli = path.join(__dirname, '..', 'emulator', 'cli.js');
    async function run(jobMs: string): Promise<{ url: string; banner: string[]; stop: () => void }> {
      const child = spawn(process.execPath, [cli, '--port', '0', '--drills', '3', '--groups', '1', '--no-auth', '--quiet', '--job-ms', jobMs], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const banner: string[] = [];
      for await (const line of readline.createInterface({ input: child.stdout })) {
        banner.push(line);
        if (banner.length === 2) break;
      }
      return { url: /listening on (\S+)/.exec(banner[0])?.[1] ?? '', banner, stop: () => child.kill() };
    }
    const total = await run('1000');
    total.stop();
    assert.match(total.banner[1], / jobs=300\+700ms$/);

    const fast = await run('0,30');
    try {
      assert.match(fast.banner[1], / jobs=0\+30ms$/);
      const project = /project=(\S+)/.exec(fast.banner[0])?.[1] ?? '';
      const groups = (await probe<{ server_groups: ProtectionGroup[] }>(`${fast.url}/v1/${project}/server-groups`)).body.server_groups;
      const accepted = await probe<JobAccepted>(`${fast.url}${drillsPath(project)}`, {
        method: 'POST',
        body: JSON.stringify(createBody(groups[0].id, 'from-cli')),
      });
      assert.equal(accepted.status, 200, accepted.text);
      await new Promise((resolve) => setTimeout(resolve, 60));
      const job = await probe<EmulatorJob>(`${fast.url}${jobPath(project, accepted.body.job_id)}`);
      assert.equal(job.body.status, 'SUCCESS');
    } finally {
      fast.stop();
    }
  });
});
