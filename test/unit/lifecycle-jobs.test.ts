// watchJob: following a job to SUCCESS or FAIL, with backoff, a time limit, stop-watching and transient errors; a fake clock keeps it fast.
import * as assert from 'node:assert/strict';
import { SdrsClient } from '../../src/sdrs/client';
import { SdrsError } from '../../src/sdrs/errors';
import { createdDrillId, failedJob, isJobFailure, newestDrillNamed, watchJob, type WatchJobOptions } from '../../src/sdrs/jobs';
import type { DisasterRecoveryDrill, Job } from '../../src/sdrs/model';
import type { RequestOptions } from '../../src/sdrs/transport';
import { PROJECT_ID, rejection, startServer, type TestServer, transportFor } from './transport-servers';

const JOB_ID = '2c9eb2c1661d2c3201661d33d8990ghz';
const DRILL_ID = 'e472d26f-3333-4000-8000-000000000003';
const GROUP = 'c2aee29a-1111-4000-8000-000000000001';

const job = (status: string, extra: Partial<Job> = {}): Job => ({ job_id: JOB_ID, status, job_type: 'createDisasterRecoveryDrill', entities: {}, ...extra });
const http = (status: number, code?: string): SdrsError => new SdrsError({ kind: 'http', status, code, message: `HTTP ${status}`, requestId: `rid-${status}` });

/** A clock that only moves when slept on, recording each sleep. */
function fakeClock(): { now: () => number; sleep: (ms: number) => Promise<void>; sleeps: number[]; elapsed: () => number } {
  let t = 1_000_000;
  const start = t;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    sleeps,
    elapsed: () => t - start,
  };
}

/** A client whose showJob answers from a script (the last entry repeats); errors are thrown. */
function scriptedClient(script: Array<Job | SdrsError>): { client: { showJob: (id: string, o?: RequestOptions) => Promise<Job> }; asked: string[] } {
  const asked: string[] = [];
  let n = 0;
  return {
    asked,
    client: {
      showJob: async (id: string) => {
        asked.push(id);
        const next = script[Math.min(n++, script.length - 1)];
        if (next instanceof SdrsError) throw next;
        return next;
      },
    },
  };
}

describe('watchJob', () => {
  let clock: ReturnType<typeof fakeClock>;
  let options: WatchJobOptions;
  beforeEach(() => {
    clock = fakeClock();
    options = { now: clock.now, sleep: clock.sleep };
  });

  it('follows INIT → RUNNING → SUCCESS, counting polls and reporting each answer', async () => {
    const { client, asked } = scriptedClient([job('INIT'), job('RUNNING'), job('SUCCESS', { entities: { disaster_recovery_drill_id: DRILL_ID } })]);
    const updates: Array<[string, number]> = [];
    const result = await watchJob(client, ` ${JOB_ID} `, { ...options, onUpdate: (j, poll) => updates.push([j.status, poll]) });
    assert.equal(result.polls, 3);
    assert.equal(result.job.status, 'SUCCESS');
    assert.equal(createdDrillId(result.job), DRILL_ID);
    assert.deepEqual(updates, [
      ['INIT', 1],
      ['RUNNING', 2],
      ['SUCCESS', 3],
    ]);
    assert.deepEqual(asked, [JOB_ID, JOB_ID, JOB_ID]);
    assert.deepEqual(clock.sleeps, [2_000, 3_000, 4_500], 'first poll after 2 s, then 1.5 times longer each time');
  });

  it('grows the delay by the factor up to the maximum, and keeps polling an undocumented status', async () => {
    const { client } = scriptedClient([...Array.from({ length: 8 }, () => job('QUEUED')), job('success')]);
    const result = await watchJob(client, JOB_ID, { ...options, firstDelayMs: 1_000, maxDelayMs: 5_000, backoffFactor: 2 });
    assert.equal(result.polls, 9);
    assert.deepEqual(clock.sleeps, [1_000, 2_000, 4_000, 5_000, 5_000, 5_000, 5_000, 5_000, 5_000]);
  });

  it('uses the defaults: 2 s first, ×1.5, at most 10 s', async () => {
    const { client } = scriptedClient([...Array.from({ length: 7 }, () => job('RUNNING')), job('SUCCESS')]);
    await watchJob(client, JOB_ID, options);
    assert.deepEqual(clock.sleeps, [2_000, 3_000, 4_500, 6_750, 10_000, 10_000, 10_000, 10_000]);
  });

  it('rejects a FAIL with its error code, reason and request ID, marked as a job failure', async () => {
    const failed = job('FAIL', { error_code: 'SDRS.1922', fail_reason: 'drill create failed: no subnet', requestId: 'rid-fail' });
    const { client } = scriptedClient([job('RUNNING'), failed]);
    const e = await rejection(watchJob(client, JOB_ID, options));
    assert.equal(e.kind, 'http');
    assert.equal(e.status, undefined);
    assert.equal(e.code, 'SDRS.1922');
    assert.equal(e.serverMessage, 'drill create failed: no subnet');
    assert.equal(e.requestId, 'rid-fail');
    assert.equal(e.message, `Creating the drill failed (job ${JOB_ID})`);
    assert.equal(e.describe(), `Creating the drill failed (job ${JOB_ID}) — drill create failed: no subnet (SDRS.1922, request ID rid-fail)`);
    assert.ok(isJobFailure(e));
    assert.equal(failedJob(e), failed);
    assert.equal(clock.sleeps.length, 2);
  });

  it('names a delete job, and any other job type, in the failure', async () => {
    const del = await rejection(
      watchJob(scriptedClient([job('FAIL', { job_type: 'deleteDisasterRecoveryDrill', error_code: 'SDRS.1923' })]).client, JOB_ID, options),
    );
    assert.match(del.message, /^Deleting the drill failed/);
    const other = await rejection(watchJob(scriptedClient([job('FAIL', { job_type: undefined })]).client, JOB_ID, options));
    assert.match(other.message, /^The job failed/);
  });

  it('gives up at the limit, naming it and the polls; the last wait is cut so a poll lands on the limit', async () => {
    const { client } = scriptedClient([job('RUNNING', { requestId: 'rid-last' })]);
    const e = await rejection(watchJob(client, JOB_ID, { ...options, timeoutMs: 30_000 }));
    assert.equal(e.kind, 'timeout');
    assert.equal(clock.elapsed(), 30_000);
    // 2 + 3 + 4.5 + 6.75 + 10 = 26.25 s, then 3.75 s to the limit.
    assert.deepEqual(clock.sleeps, [2_000, 3_000, 4_500, 6_750, 10_000, 3_750]);
    assert.equal(e.message, `Stopped watching job ${JOB_ID} after 30 s (6 polls; last status RUNNING): it may still finish, refresh later`);
    assert.equal(isJobFailure(e), false);
  });

  it('waits 10 minutes by default', async () => {
    const { client } = scriptedClient([job('RUNNING')]);
    let polls = 0;
    const e = await rejection(watchJob(client, JOB_ID, { ...options, onUpdate: (_j, poll) => (polls = poll) }));
    assert.equal(clock.elapsed(), 600_000);
    // 4 polls in the first 16.25 s, 58 more every 10 s, and one cut short at the limit.
    assert.match(e.message, /after 10 min \(63 polls; last status RUNNING\)/);
    assert.equal(polls, 63);
  });

  for (const status of [404, 400, 401, 403]) {
    it(`stops at once on HTTP ${status} from the job GET, naming the job`, async () => {
      const { client, asked } = scriptedClient([http(status, 'SDRS.0404'), job('SUCCESS')]);
      const e = await rejection(watchJob(client, JOB_ID, options));
      assert.equal(asked.length, 1);
      assert.equal(e.kind, 'http');
      assert.equal(e.status, status);
      assert.equal(e.code, 'SDRS.0404');
      assert.equal(e.requestId, `rid-${status}`);
      assert.ok(e.message.includes(JOB_ID), e.message);
      if (status === 404 || status === 400) assert.match(e.message, /^SDRS does not know job /);
    });
  }

  it('stops at once on an answer of the wrong shape, naming the job', async () => {
    const shape = new SdrsError({ kind: 'response', message: 'SDRS returned a job of an unexpected shape: body.status is missing' });
    const { client, asked } = scriptedClient([shape]);
    const e = await rejection(watchJob(client, JOB_ID, options));
    assert.equal(asked.length, 1);
    assert.equal(e.kind, 'response');
    assert.equal(e.message, `Stopped watching job ${JOB_ID}: SDRS returned a job of an unexpected shape: body.status is missing`);
  });

  it('polls again after 503, 429, 408, 500, a reset and a transport timeout, then succeeds', async () => {
    const reset = new SdrsError({ kind: 'network', errno: 'ECONNRESET', message: 'The connection to SDRS was reset' });
    const slow = new SdrsError({ kind: 'timeout', message: 'SDRS did not answer within 30 s' });
    const { client } = scriptedClient([http(503), job('RUNNING'), http(429), http(408), http(500), reset, slow, job('SUCCESS')]);
    const errors: Array<[number | string | undefined, number]> = [];
    const result = await watchJob(client, JOB_ID, { ...options, onPollError: (e, poll) => errors.push([e.status ?? e.errno ?? e.kind, poll]) });
    assert.equal(result.polls, 8);
    assert.deepEqual(errors, [
      [503, 1],
      [429, 3],
      [408, 4],
      [500, 5],
      ['ECONNRESET', 6],
      ['timeout', 7],
    ]);
    assert.deepEqual(clock.sleeps, [2_000, 3_000, 4_500, 6_750, 10_000, 10_000, 10_000, 10_000], 'failed polls back off like the others');
  });

  it('gives up at the limit when SDRS keeps failing, quoting the last failure', async () => {
    const { client } = scriptedClient([http(503)]);
    const e = await rejection(watchJob(client, JOB_ID, { ...options, timeoutMs: 5_000 }));
    assert.equal(e.kind, 'timeout');
    assert.equal(e.message, `Stopped watching job ${JOB_ID} after 5 s (2 polls; the last poll failed: HTTP 503): it may still finish, refresh later`);
    assert.equal(e.requestId, 'rid-503');
  });

  it('stops watching when the signal aborts during a wait, without another poll', async () => {
    const controller = new AbortController();
    const { client, asked } = scriptedClient([job('RUNNING')]);
    const e = await rejection(
      watchJob(client, JOB_ID, {
        ...options,
        signal: controller.signal,
        onUpdate: (_j, poll) => poll === 2 && controller.abort(),
      }),
    );
    assert.equal(e.kind, 'aborted');
    assert.equal(e.message, `Stopped watching job ${JOB_ID}; the job itself goes on in SDRS`);
    assert.equal(asked.length, 2);
  });

  it('stops watching during a poll: the poll gets the signal and its cancel becomes the same error', async () => {
    const controller = new AbortController();
    let signalled: AbortSignal | undefined;
    const client = {
      showJob: (_id: string, o?: RequestOptions) =>
        new Promise<Job>((_resolve, reject) => {
          signalled = o?.signal;
          o?.signal?.addEventListener('abort', () => reject(new SdrsError({ kind: 'aborted', message: 'The request was cancelled' })));
          setTimeout(() => controller.abort(), 5);
        }),
    };
    const e = await rejection(watchJob(client, JOB_ID, { ...options, signal: controller.signal }));
    assert.equal(signalled, controller.signal);
    assert.equal(e.kind, 'aborted');
    assert.match(e.message, /the job itself goes on/);
  });

  it('does not poll at all with a signal already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const { client, asked } = scriptedClient([job('SUCCESS')]);
    assert.equal((await rejection(watchJob(client, JOB_ID, { ...options, signal: controller.signal }))).kind, 'aborted');
    assert.equal(asked.length, 0);
  });

  it('stops a real (default) sleep when aborted', async () => {
    const controller = new AbortController();
    const { client, asked } = scriptedClient([job('RUNNING')]);
    setTimeout(() => controller.abort(), 20);
    // A sleep the abort did not stop would outlast mocha's timeout.
    const e = await rejection(watchJob(client, JOB_ID, { signal: controller.signal, firstDelayMs: 10 * 60_000, maxDelayMs: 10 * 60_000 }));
    assert.equal(e.kind, 'aborted');
    assert.equal(asked.length, 0);
  });

  it('refuses a bad job ID or bad options before polling', async () => {
    const { client, asked } = scriptedClient([job('SUCCESS')]);
    for (const [id, o, field] of [
      ['', {}, 'job ID'],
      ['a/b', {}, 'job ID'],
      [JOB_ID, { timeoutMs: 0 }, 'timeoutMs'],
      [JOB_ID, { timeoutMs: Number.NaN }, 'timeoutMs'],
      [JOB_ID, { firstDelayMs: -1 }, 'firstDelayMs'],
      [JOB_ID, { firstDelayMs: 5_000, maxDelayMs: 1_000 }, 'maxDelayMs'],
      [JOB_ID, { backoffFactor: 0.5 }, 'backoffFactor'],
    ] as Array<[string, WatchJobOptions, string]>) {
      const e = await rejection(watchJob(client, id, { ...options, ...o }));
      assert.equal(e.kind, 'validation');
      assert.equal(e.field, field);
    }
    assert.equal(asked.length, 0);
  });

  describe('which drill a job created', () => {
    it('is entities.disaster_recovery_drill_id of a create job, else none', () => {
      assert.equal(createdDrillId(job('SUCCESS', { entities: { disaster_recovery_drill_id: DRILL_ID } })), DRILL_ID);
      assert.equal(createdDrillId(job('SUCCESS', { job_type: undefined, entities: { disaster_recovery_drill_id: DRILL_ID } })), DRILL_ID);
      assert.equal(createdDrillId(job('SUCCESS', { entities: { server_group_id: GROUP } })), undefined);
      assert.equal(createdDrillId(job('SUCCESS', { job_type: 'deleteDisasterRecoveryDrill', entities: { disaster_recovery_drill_id: DRILL_ID } })), undefined);
    });

    it('falls back to the newest drill of the group with exactly that name', () => {
      const drill = (id: string, name: string, created_at: string, server_group_id = GROUP): DisasterRecoveryDrill => ({
        id,
        name,
        status: 'available',
        server_group_id,
        drill_vpc_id: '',
        created_at,
        updated_at: '',
        drill_servers: [],
      });
      const drills = [
        drill('old', 'q1', '2024-01-01 00:00:00.000'),
        drill('new', 'q1', '2024-03-01 10:00:00.000'),
        drill('fuzzy', 'q1-copy', '2024-06-01 00:00:00.000'),
        drill('other-group', 'q1', '2024-09-01 00:00:00.000', 'c2aee29a-9999-4000-8000-000000000009'),
        drill('mid', 'q1', '2024-02-01 00:00:00.000'),
      ];
      assert.equal(newestDrillNamed(drills, GROUP, 'q1')?.id, 'new');
      assert.equal(newestDrillNamed(drills, GROUP, 'Q1'), undefined);
      assert.equal(newestDrillNamed([], GROUP, 'q1'), undefined);
    });
  });

  describe('over HTTP with the real client', () => {
    let server: TestServer | undefined;
    afterEach(async () => {
      await server?.close();
      server = undefined;
    });

    it('follows a create job through a 503 to SUCCESS and reads the new drill’s ID', async () => {
      const answers: Array<[number, unknown]> = [
        [
          200,
          {
            job_id: JOB_ID,
            status: 'INIT',
            job_type: 'createDisasterRecoveryDrill',
            begin_time: '2024-01-01T00:00:00.000Z',
            end_time: null,
            error_code: null,
            fail_reason: null,
            entities: {},
          },
        ],
        [503, { error: { code: 'SDRS.0008', message: 'busy' } }],
        [200, { job_id: JOB_ID, status: 'RUNNING', entities: { server_group_id: GROUP } }],
        [
          200,
          {
            job_id: JOB_ID,
            status: 'SUCCESS',
            end_time: '2024-01-01T00:01:00.000Z',
            entities: { server_group_id: GROUP, disaster_recovery_drill_id: DRILL_ID },
          },
        ],
      ];
      let n = 0;
      server = await startServer((req, res) => {
        assert.equal(req.url, `/v1/${PROJECT_ID}/jobs/${JOB_ID}`);
        const [status, body] = answers[Math.min(n++, answers.length - 1)];
        res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `rid-${n}` });
        res.end(JSON.stringify(body));
      });
      // One attempt per poll, so the poller (not the transport) sees the 503.
      const client = new SdrsClient(transportFor(server, { kind: 'token', token: 'jobs-token' }, { maxAttempts: 1 }));
      const statuses: string[] = [];
      const result = await watchJob(client, JOB_ID, { firstDelayMs: 5, maxDelayMs: 20, onUpdate: (j) => statuses.push(j.status) });
      assert.deepEqual(statuses, ['INIT', 'RUNNING', 'SUCCESS']);
      assert.equal(result.polls, 4);
      assert.equal(server.received.length, 4);
      assert.equal(result.job.requestId, 'rid-4');
      assert.equal(createdDrillId(result.job), DRILL_ID);
    });

    it('stops on an unknown job (404) after one request', async () => {
      server = await startServer((_req, res) => {
        res.writeHead(404, { 'content-type': 'application/json', 'x-request-id': 'rid-404' });
        res.end(JSON.stringify({ error: { code: 'SDRS.0404', message: 'job not found' } }));
      });
      const client = new SdrsClient(transportFor(server, { kind: 'token', token: 'jobs-token' }));
      const e = await rejection(watchJob(client, JOB_ID, { firstDelayMs: 1 }));
      assert.equal(server.received.length, 1);
      assert.equal(e.status, 404);
      assert.equal(e.requestId, 'rid-404');
      assert.equal(
        e.describe(),
        `SDRS does not know job ${JOB_ID} (is it from another project or region?); stopped watching it — job not found (SDRS.0404, HTTP 404, request ID rid-404)`,
      );
    });
  });
});
