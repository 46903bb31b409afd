// Protection groups over real HTTP: only documented fields, each of its type, whatever the service sends.
import * as assert from 'node:assert/strict';
import { SdrsClient } from '../../src/sdrs/client';
import { SdrsError } from '../../src/sdrs/errors';
import type { DisasterRecoveryDrill, ProtectionGroup } from '../../src/sdrs/model';
import { SdrsTransport } from '../../src/sdrs/transport';
import { startEmulator, type Emulator } from '../emulator/emulator';

const uuid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** Every field the client keeps, each well-typed. */
const GOOD: ProtectionGroup = {
  id: uuid(1),
  name: 'payments',
  description: 'DR for payments',
  status: 'protected',
  source_availability_zone: 'cn-north-4a',
  target_availability_zone: 'cn-north-4b',
  priority_station: 'source',
  replication_status: 'active',
  progress: 100,
  health_status: 'normal',
  protection_type: 'replication-pair',
  source_vpc_id: uuid(99),
  protected_instance_num: 3,
  disaster_recovery_drill_num: 0,
  created_at: '2024-01-02 03:04:05.678',
  updated_at: '2024-01-03 03:04:05.678',
};

/** The same fields, every one of the wrong type (or null). */
const HOSTILE = {
  id: uuid(2),
  name: 'hostile',
  description: { text: 'not a string' },
  status: 7,
  source_availability_zone: {},
  target_availability_zone: ['cn-north-4b'],
  priority_station: true,
  replication_status: 0,
  progress: 101,
  health_status: ['normal'],
  protection_type: { type: 'x' },
  source_vpc_id: 12,
  protected_instance_num: '3',
  disaster_recovery_drill_num: { n: 1 },
  created_at: ['2024-01-02 03:04:05.678'],
  updated_at: 5,
  domain_id: 12,
  // Undocumented extras are dropped too.
  metadata: { __system__frozen: 'true' },
  replication_pairs: ['abc'],
};

/** Numbers that are not counts. */
const BAD_NUMBERS = {
  id: uuid(3),
  name: 'bad-numbers',
  status: null,
  protected_instance_num: -1,
  disaster_recovery_drill_num: 1.5,
  progress: '50',
  created_at: '2024-01-04 00:00:00.000',
};

describe('protection group fields, against the emulator', () => {
  let emulator: Emulator;
  const client = (): SdrsClient =>
    new SdrsClient(
      new SdrsTransport({ endpoint: emulator.url, projectId: emulator.projectId, credentials: async () => ({ kind: 'token', token: 'emulator-token' }) }),
    );
  const byId = (groups: ProtectionGroup[], id: string): ProtectionGroup => {
    const g = groups.find((x) => x.id === id);
    assert.ok(g, `group ${id} missing`);
    return g;
  };

  before(async () => {
    const groups = [GOOD, HOSTILE, BAD_NUMBERS] as unknown as ProtectionGroup[];
    emulator = await startEmulator({ data: { groups, drills: [] } });
  });
  after(async () => emulator.close());
  beforeEach(() => emulator.clearFaults());

  it('keeps every documented field of the right type, exactly', async () => {
    assert.deepEqual(byId(await client().listProtectionGroups(), GOOD.id), GOOD);
  });

  it('drops every field of the wrong type, and undocumented ones: only id and name are left', async () => {
    const g = byId(await client().listProtectionGroups(), HOSTILE.id);
    assert.deepEqual(g, { id: HOSTILE.id, name: 'hostile' });
    assert.deepEqual(Object.keys(g).sort(), ['id', 'name'], 'no key is left behind with an undefined value either');
  });

  it('the reported case: a valid group whose shown fields are objects, lists and numbers keeps only what is text or a count', async () => {
    const reported = {
      id: uuid(6),
      name: 'reported',
      status: 'protected',
      description: { en: 'DR' },
      source_availability_zone: ['cn-north-4a'],
      target_availability_zone: 4,
      created_at: { date: '2024-01-02' },
      updated_at: [],
      protected_instance_num: { n: 2 },
      disaster_recovery_drill_num: 'NaN',
    };
    emulator.injectFault({ path: '/server-groups', status: 200, body: { count: 1, server_groups: [reported] } });
    const [g] = await client().listProtectionGroups();
    assert.deepEqual(g, { id: uuid(6), name: 'reported', status: 'protected' });
  });

  it('drops counts that are negative, fractional or strings, and a null status', async () => {
    const g = byId(await client().listProtectionGroups(), BAD_NUMBERS.id);
    assert.deepEqual(g, { id: BAD_NUMBERS.id, name: 'bad-numbers', created_at: '2024-01-04 00:00:00.000' });
  });

  it('nothing shown can read "[object Object]": every kept value is a string or a finite number', async () => {
    for (const g of await client().listProtectionGroups()) {
      for (const [key, value] of Object.entries(g)) {
        assert.ok(typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)), `${g.name}.${key} is ${JSON.stringify(value)}`);
        assert.ok(!String(value).includes('[object'), `${g.name}.${key}`);
      }
    }
  });

  it('drops a count of Infinity (1e400 in the JSON) and a progress above 100', async () => {
    emulator.injectFault({
      path: '/server-groups',
      status: 200,
      body: `{"count":1,"server_groups":[{"id":"${uuid(4)}","name":"inf","protected_instance_num":1e400,"disaster_recovery_drill_num":2,"progress":150}]}`,
    });
    const [g] = await client().listProtectionGroups();
    assert.deepEqual(g, { id: uuid(4), name: 'inf', disaster_recovery_drill_num: 2 });
  });

  it('still fails, naming the field, when id or name is not a string', async () => {
    emulator.injectFault({ path: '/server-groups', status: 200, body: { count: 1, server_groups: [{ id: 42, name: 'x' }] } });
    await assert.rejects(client().listProtectionGroups(), (e: unknown) => {
      assert.ok(e instanceof SdrsError);
      assert.equal(e.kind, 'response');
      assert.match(e.message, /server_groups\[0\]\.id is not a string/);
      return true;
    });
    emulator.injectFault({ path: '/server-groups', status: 200, body: { count: 1, server_groups: [{ id: uuid(5), name: { zh: '名' } }] } });
    await assert.rejects(client().listProtectionGroups(), /server_groups\[0\]\.name is not a string/);
  });

  it('a drill whose optional text field has the wrong type still fails the listing, naming the field', async () => {
    const drill = {
      id: uuid(10),
      name: 'd',
      status: 'available',
      server_group_id: GOOD.id,
      drill_vpc_id: uuid(11),
      created_at: { at: 1 },
      updated_at: '',
      drill_servers: [],
    };
    emulator.data.drills.push(drill as unknown as DisasterRecoveryDrill);
    try {
      await assert.rejects(client().listDrills(), /disaster_recovery_drills\[0\]\.created_at is not a string/);
    } finally {
      emulator.data.drills.length = 0;
    }
  });
});
