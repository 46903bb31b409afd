// The emulator serving several projects and accounts over real HTTP, and the CLI's --projects for a two-connection demo.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';
import type { DisasterRecoveryDrill, ListDrillsResponse, ListProtectionGroupsResponse } from '../../src/sdrs/model';
import { seedData, startEmulator, type Emulator, type EmulatorData } from '../emulator/emulator';
import { probe, sdkListProjects, sdkSign, type ProbeReply } from '../emulator/probe';

const B = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2';
const C = 'ccccccccccccccccccccccccccccccc3';
const E = 'eeeeeeeeeeeeeeeeeeeeeeeeeeeeeee5';
const TOKEN = { 'X-Auth-Token': 'emulator-token' };

interface ErrorBody {
  error?: { code: string; message: string };
  error_code?: string;
  error_msg?: string;
}

const drillsPath = (project: string, query = ''): string => `/v1/${project}/disaster-recovery-drills${query ? `?${query}` : ''}`;
const get = <T = ErrorBody>(emu: { url: string }, p: string, headers: Record<string, string> = TOKEN): Promise<ProbeReply<T>> =>
  probe<T>(emu.url + p, { headers });
const drillIds = (r: ProbeReply<ListDrillsResponse>): string[] => r.body.disaster_recovery_drills.map((d: DisasterRecoveryDrill) => d.id);

function assert403(r: ProbeReply<ErrorBody>): void {
  assert.equal(r.status, 403, r.text);
  assert.equal(r.body.error?.code, 'SDRS.0001');
}

describe('SDRS emulator: several projects', () => {
  let emu: Emulator;
  let given: EmulatorData;
  before(async () => {
    given = seedData({ seed: 42, groups: 2, drills: 4 });
    emu = await startEmulator({ projects: { [B]: {}, [C]: { seed: 7, groups: 3, drills: 5 }, [E]: given } });
  });
  after(() => emu.close());

  it('keeps the default project as the single-project options define it', async () => {
    assert.deepEqual(emu.data, seedData({ seed: 1, groups: 8, drills: 60 }));
    assert.equal(emu.projectData(emu.projectId), emu.data);
    const r = await get<ListDrillsResponse>(emu, drillsPath(emu.projectId));
    assert.deepEqual([r.status, r.body.count], [200, 60]);
  });

  it('serves each project its own world: seeded by default with a seed of its own, or as given', async () => {
    assert.deepEqual(emu.projectIds(), [emu.projectId, B, C, E]);
    const b = emu.projectData(B);
    assert.deepEqual([b.groups.length, b.drills.length], [8, 60], 'sizes default to the emulator’s');
    const defaultIds = new Set([...emu.data.drills, ...emu.data.groups].map((x) => x.id));
    assert.ok(
      [...b.drills, ...b.groups].every((x) => !defaultIds.has(x.id)),
      'a different seed, so no shared IDs',
    );
    assert.deepEqual(emu.projectData(C), seedData({ seed: 7, groups: 3, drills: 5 }));
    assert.equal(emu.projectData(E), given, 'given data is kept by reference');

    const [rb, rc, re] = await Promise.all([B, C, E].map((p) => get<ListDrillsResponse>(emu, drillsPath(p))));
    assert.deepEqual(
      drillIds(rb),
      b.drills.map((d) => d.id),
    );
    assert.deepEqual([rc.body.count, re.body.count], [5, 4]);
    const groups = await get<ListProtectionGroupsResponse>(emu, `/v1/${C}/server-groups`);
    assert.deepEqual(
      groups.body.server_groups.map((g) => g.id),
      emu.projectData(C).groups.map((g) => g.id),
    );
    const show = await get<{ disaster_recovery_drill: DisasterRecoveryDrill }>(emu, `${drillsPath(C)}/${emu.projectData(C).drills[0].id}`);
    assert.equal(show.status, 200);
    assert.equal((await get(emu, `${drillsPath(B)}/${emu.projectData(C).drills[0].id}`)).status, 404, 'a drill of C is not in B');
  });

  it('seeds an extra project the same way every time, and differently per project ID', async () => {
    const again = await startEmulator({ projects: { [C]: {}, [B]: {} }, verifyAuth: false });
    try {
      assert.deepEqual(again.projectData(B), emu.projectData(B));
      assert.notDeepEqual(
        again.projectData(C).drills.map((d) => d.id),
        again.projectData(B).drills.map((d) => d.id),
      );
    } finally {
      await again.close();
    }
  });

  it('applies the global options (count mode, strict limit, faults by path) to every project', async () => {
    emu.setCountMode('page');
    emu.options.strictLimit = true;
    try {
      assert.equal((await get<ListDrillsResponse>(emu, drillsPath(B, 'limit=7'))).body.count, 7);
      assert.equal((await get(emu, drillsPath(C, 'limit=1000'))).body.error?.code, 'SDRS.0221');
    } finally {
      emu.setCountMode('total');
      emu.options.strictLimit = false;
    }
    emu.injectFault({ path: `/v1/${B}/`, status: 403, body: { error: { code: 'SDRS.0003', message: 'no role' } }, times: Infinity });
    try {
      assert.equal((await get(emu, drillsPath(B))).body.error?.code, 'SDRS.0003');
      assert.equal((await get(emu, drillsPath(C))).status, 200, 'only the faulted project fails');
      assert.equal((await get(emu, drillsPath(emu.projectId))).status, 200);
    } finally {
      emu.clearFaults();
    }
  });

  it('projectData is live; setProjectData replaces or adds a project; removeProject stops serving one', async () => {
    const own = await startEmulator({ projects: { [B]: { drills: 3, groups: 1 } }, verifyAuth: false });
    try {
      own.projectData(B).drills.pop();
      assert.equal((await get<ListDrillsResponse>(own, drillsPath(B))).body.count, 2, 'mutating the live data shows');

      const next = seedData({ seed: 9, groups: 1, drills: 1 });
      own.setProjectData(B, next);
      assert.equal(own.projectData(B), next);
      assert.deepEqual(drillIds(await get<ListDrillsResponse>(own, drillsPath(B))), [next.drills[0].id]);

      assert403(await get(own, drillsPath(C)));
      own.setProjectData(C, { groups: [], drills: [] });
      assert.equal((await get<ListDrillsResponse>(own, drillsPath(C))).body.count, 0, 'a new project is served');
      own.removeProject(C);
      assert403(await get(own, drillsPath(C)));
      assert.throws(() => own.projectData(C), /not served/);
      assert.throws(() => own.removeProject(C), /not served/);

      // The default project: projectData is emulator.data, replacing either replaces both.
      const replaced = seedData({ seed: 3, groups: 1, drills: 2 });
      own.data = replaced;
      assert.equal(own.projectData(own.projectId), replaced);
      const viaSetter = seedData({ seed: 4, groups: 1, drills: 1 });
      own.setProjectData(own.projectId, viaSetter);
      assert.equal(own.data, viaSetter);
      assert.equal((await get<ListDrillsResponse>(own, drillsPath(own.projectId))).body.count, 1);
      assert.throws(() => own.removeProject(own.projectId), /cannot be removed/);

      assert.throws(() => own.setProjectData('not-a-project', next), RangeError);
      assert.throws(() => own.setProjectData('B'.repeat(31), next), RangeError);
    } finally {
      await own.close();
    }
  });

  it('answers 403 SDRS.0001 for a project it does not serve, and follows a live options.projectId', async () => {
    assert403(await get(emu, drillsPath('fedcba9876543210fedcba9876543210')));
    const own = await startEmulator({ projects: { [B]: {} }, verifyAuth: false });
    try {
      const first = own.options.projectId;
      own.options.projectId = C;
      assert403(await get(own, drillsPath(first)));
      assert.equal((await get<ListDrillsResponse>(own, drillsPath(C))).body.count, 60, 'the default data, now under C');
      assert.equal((await get(own, drillsPath(B))).status, 200, 'extra projects stay');
      assert.deepEqual(own.projectIds(), [C, B]);
    } finally {
      await own.close();
    }
  });

  it('takes a projects entry for the default ID as its data, and refuses one given together with data', async () => {
    const own = await startEmulator({ projects: { '0123456789abcdef0123456789abcdef': { drills: 2, groups: 1 } }, verifyAuth: false });
    try {
      assert.equal(own.data.drills.length, 2);
      assert.deepEqual(own.projectIds(), [own.projectId]);
    } finally {
      await own.close();
    }
    assert.throws(
      () => startEmulator({ data: seedData({ seed: 1, groups: 1, drills: 1 }), projects: { '0123456789abcdef0123456789abcdef': {} } }),
      /both data and a projects entry/,
    );
    assert.throws(() => startEmulator({ projects: { 'not-hex': {} } }), RangeError);
  });
});

describe('SDRS emulator: several accounts (extraCredentials)', () => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator({
      credentials: { accessKey: 'FIRSTAK', secretKey: 'FIRSTSK' },
      extraCredentials: [
        { accessKey: 'SECONDAK', secretKey: 'SECONDSK' },
        { accessKey: 'TEMPAK', secretKey: 'TEMPSK', securityToken: 'sts' },
      ],
      projects: { [B]: { drills: 2, groups: 1 } },
    });
  });
  after(() => emu.close());

  const signed = (p: string, opts: Parameters<typeof sdkSign>[1]): Promise<ProbeReply<ErrorBody>> => get(emu, p, sdkSign(emu.url + p, opts));

  it('accepts the primary and every extra AK/SK for every project and for IAM', async () => {
    for (const project of [emu.projectId, B]) {
      assert.equal((await signed(drillsPath(project), { ak: 'FIRSTAK', sk: 'FIRSTSK' })).status, 200);
      assert.equal((await signed(drillsPath(project), { ak: 'SECONDAK', sk: 'SECONDSK' })).status, 200);
      assert.equal((await signed(drillsPath(project), { ak: 'TEMPAK', sk: 'TEMPSK', securityToken: 'sts' })).status, 200);
    }
    assert.equal((await sdkListProjects(emu.url, 'cn-north-4', { ak: 'SECONDAK', sk: 'SECONDSK' })).status, 200);
  });

  it('checks each account’s own secret and security token; an unknown AK is still unknown', async () => {
    const wrong = await signed(drillsPath(B), { ak: 'SECONDAK', sk: 'FIRSTSK' });
    assert.deepEqual([wrong.status, wrong.body.error_code], [401, 'APIGW.0301']);
    assert.match(wrong.body.error_msg ?? '', /signature/);
    assert.match((await signed(drillsPath(B), { ak: 'TEMPAK', sk: 'TEMPSK' })).body.error_msg ?? '', /x-security-token must be signed/);
    assert.match((await signed(drillsPath(B), { ak: 'OTHERAK', sk: 'OTHERSK' })).body.error_msg ?? '', /unknown access key OTHERAK/);
  });

  it('is live through options: dropping an account refuses it at once', async () => {
    const saved = emu.options.extraCredentials;
    emu.options.extraCredentials = [];
    try {
      assert.equal((await signed(drillsPath(B), { ak: 'SECONDAK', sk: 'SECONDSK' })).status, 401);
      assert.equal((await signed(drillsPath(B), { ak: 'FIRSTAK', sk: 'FIRSTSK' })).status, 200);
    } finally {
      emu.options.extraCredentials = saved;
    }
  });
});

describe('SDRS emulator CLI: --projects', function () {
  this.timeout(15_000);

  async function runCli(args: string[], lineCount: number): Promise<{ lines: string[]; stop: () => void }> {
    const cli = path.join(__dirname, '..', 'emulator', 'cli.js');
    const child = spawn(process.execPath, [cli, '--port', '0', '--quiet', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines: string[] = [];
    for await (const line of readline.createInterface({ input: child.stdout })) {
      lines.push(line);
      if (lines.length === lineCount) break;
    }
    return { lines, stop: () => child.kill() };
  }

  it('serves two projects under two regions in IAM, and prints their IDs and regions', async () => {
    const { lines, stop } = await runCli(['--projects', '2', '--drills', '7', '--ak2', 'AK2', '--sk2', 'SK2'], 4);
    try {
      const [first, second, project2, iam] = lines;
      const m = /listening on (\S+) project=([0-9a-f]{32}) region=cn-north-4$/.exec(first);
      assert.ok(m, lines.join('\n'));
      const [, url, project1] = m;
      assert.match(second, / AK2=AK2 SK2=SK2 /);
      const m2 = /^project=([0-9a-f]{32}) region=cn-east-3 groups=8 drills=7$/.exec(project2);
      assert.ok(m2, project2);
      const id2 = m2[1];
      assert.notEqual(id2, project1);
      assert.match(iam, new RegExp(`cn-north-4=${project1} cn-east-3=${id2}`));

      const north = await sdkListProjects<{ projects: Array<{ id: string }> }>(url, 'cn-north-4');
      const east = await sdkListProjects<{ projects: Array<{ id: string }> }>(url, 'cn-east-3', { ak: 'AK2', sk: 'SK2' });
      assert.deepEqual([north.body.projects.map((p) => p.id), east.body.projects.map((p) => p.id)], [[project1], [id2]]);

      const [d1, d2] = await Promise.all([project1, id2].map((p) => get<ListDrillsResponse>({ url }, drillsPath(p))));
      assert.deepEqual([d1.body.count, d2.body.count], [7, 7]);
      assert.notDeepEqual(drillIds(d1), drillIds(d2), 'seeded differently');
    } finally {
      stop();
    }
  });

  it('keeps the same extra project IDs from run to run; with one project IAM still lists it', async () => {
    const a = await runCli(['--projects', '3', '--regions', 'eu-de,eu-nl,cn-north-4'], 5);
    a.stop();
    const b = await runCli(['--projects', '3', '--regions', 'eu-de,eu-nl,cn-north-4'], 5);
    b.stop();
    assert.deepEqual(
      a.lines.slice(2, 4).map((l) => l.split(' ').slice(0, 2)),
      b.lines.slice(2, 4).map((l) => l.split(' ').slice(0, 2)),
    );
    assert.match(a.lines[0], /region=eu-de$/);
    assert.match(a.lines[3], /region=cn-north-4 /);

    const single = await runCli([], 2);
    try {
      const url = /listening on (\S+)/.exec(single.lines[0])?.[1] ?? '';
      assert.match(single.lines[0], /project=0123456789abcdef0123456789abcdef region=cn-north-4$/);
      assert.equal((await sdkListProjects<{ projects: unknown[] }>(url, 'cn-north-4')).body.projects.length, 1);
    } finally {
      single.stop();
    }
  });
});
