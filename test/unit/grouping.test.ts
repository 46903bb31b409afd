// Grouping drills under protection groups for the tree.
import * as assert from 'node:assert/strict';
import { groupDrills } from '../../src/sdrs/grouping';
import type { DisasterRecoveryDrill, ProtectionGroup } from '../../src/sdrs/model';

const drill = (id: string, group: string): DisasterRecoveryDrill => ({
  id,
  name: `drill-${id}`,
  status: 'available',
  server_group_id: group,
  drill_vpc_id: 'vpc',
  created_at: '',
  updated_at: '',
  drill_servers: [],
});
const group = (id: string, name: string): ProtectionGroup => ({ id, name, status: 'protected' });

describe('groupDrills', () => {
  it('groups by protection group, sorted by name, keeping drill order', () => {
    const out = groupDrills([drill('1', 'g2'), drill('2', 'g1'), drill('3', 'g2')], [group('g1', 'zeta'), group('g2', 'alpha'), group('g3', 'empty')]);
    assert.deepEqual(
      out.map((g) => [g.label, g.drills.map((d) => d.id)]),
      [
        ['alpha', ['1', '3']],
        ['zeta', ['2']],
      ],
    );
  });

  it('keeps drills of an unknown group under its ID', () => {
    const out = groupDrills([drill('1', 'ghost')], []);
    assert.equal(out[0].label, 'ghost');
    assert.equal(out[0].group, undefined);
  });
});

describe('groupDrills: repeated drill servers', () => {
  const server = (id: string, instance: string): { drill_server_id: string; protected_instance: string } => ({
    drill_server_id: id,
    protected_instance: instance,
  });

  it('drops exact repeats, keeps same-ID servers of different instances, and reports each drill once', () => {
    const d = { ...drill('1', 'g'), drill_servers: [server('s1', 'i1'), server('s1', 'i1'), server('s1', 'i2'), server('s2', 'i1'), server('s1', 'i1')] };
    const reports: Array<[string, number]> = [];
    const out = groupDrills([d, drill('2', 'g')], [], { onDuplicateServers: (x, n) => reports.push([x.id, n]) });
    assert.deepEqual(out[0].drills[0].drill_servers, [server('s1', 'i1'), server('s1', 'i2'), server('s2', 'i1')]);
    assert.deepEqual(reports, [['1', 2]]);
    // The server's own object is not changed.
    assert.equal(d.drill_servers.length, 5);
  });

  it('does not confuse pairs whose IDs contain separators', () => {
    const d = { ...drill('1', 'g'), drill_servers: [server('a/b', 'c'), server('a', 'b/c'), server('a","b', 'c'), server('a', 'b","c')] };
    const out = groupDrills([d], []);
    assert.equal(out[0].drills[0].drill_servers.length, 4);
  });
});
