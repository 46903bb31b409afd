// The ID index over hand-made listings: lookups of every kind, case, several connections, reuse across builds,
// completion candidates (ranking, limit, incompleteness), completeness, empty IDs and hostile names.
import * as assert from 'node:assert/strict';
import { IdIndex, type IdEntry, type IndexedConnection } from '../../src/ids/idIndex';
import type { IdKind } from '../../src/ids/kinds';
import type { Listing } from '../../src/model/connectionModel';
import { groupDrills } from '../../src/sdrs/grouping';
import type { DisasterRecoveryDrill, DrillServer, ProtectedInstance, ProtectionGroup } from '../../src/sdrs/model';

/** A UUID whose first group is `prefix` (hex) and whose last is `n`. */
const uuid = (prefix: string, n: number): string => `${prefix.padEnd(8, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;

const G_PAY = uuid('a1', 1);
const G_BILL = uuid('a1', 2);
const G_ARCHIVE = uuid('a1', 3);
const D_PAY1 = uuid('b2', 1);
const D_PAY2 = uuid('b2', 2);
const D_BILL = uuid('b2', 3);
const S_WEB = uuid('c3', 1);
const S_DB = uuid('c3', 2);
const S_APP = uuid('c3', 3);
const I_WEB = uuid('d4', 1);
const I_DB = uuid('d4', 2);
const I_APP = uuid('d4', 3);
const V_PAY = uuid('e5', 1);
const V_BILL = uuid('e5', 2);

const server = (drill_server_id: string, protected_instance: string): DrillServer => ({ drill_server_id, protected_instance });

function drill(id: string, name: string, group: string, vpc: string, servers: DrillServer[] = [], status = 'available'): DisasterRecoveryDrill {
  return { id, name, status, server_group_id: group, drill_vpc_id: vpc, created_at: '2024-01-01 00:00:00.000', updated_at: '', drill_servers: servers };
}

const instance = (id: string, name: string, group: string, status = 'protected'): ProtectedInstance => ({ id, name, server_group_id: group, status });

function listing(drills: DisasterRecoveryDrill[], knownGroups: ProtectionGroup[] = [], instances: ProtectedInstance[] = []): Listing {
  return {
    groups: groupDrills(drills, knownGroups),
    drillCount: drills.length,
    filter: {},
    fetchedAt: new Date(0),
    fromCache: false,
    knownGroups,
    instances: new Map(instances.map((i) => [i.id, i])),
  };
}

const conn = (id: string, l: Listing | undefined, complete = true): IndexedConnection => ({ id, label: `Label of ${id}`, listing: l, complete });

const KNOWN: ProtectionGroup[] = [
  { id: G_PAY, name: 'payments', status: 'protected' },
  { id: G_BILL, name: 'billing', status: 'error' },
  // Known, but without drills: groupDrills leaves it out of `groups`.
  { id: G_ARCHIVE, name: 'archive', status: 'available' },
];
const PAY1 = drill(D_PAY1, 'pay-drill-1', G_PAY, V_PAY, [server(S_WEB, I_WEB), server(S_DB, I_DB)]);
const PAY2 = drill(D_PAY2, 'pay-drill-2', G_PAY, V_PAY, [], 'creating');
const BILL = drill(D_BILL, 'bill-drill', G_BILL, V_BILL, [server(S_APP, I_APP)]);
const INSTANCES = [instance(I_WEB, 'web-1', G_PAY), instance(I_DB, 'db-1', G_PAY, 'error-failover'), instance(I_APP, 'app-1', G_BILL)];

const main = (): Listing => listing([PAY1, PAY2, BILL], KNOWN, INSTANCES);
const ids = (entries: Iterable<IdEntry>): string[] => [...entries].map((e) => e.id);
const summary = (e: IdEntry): [IdKind, string, string, string] => [e.kind, e.id, e.name, e.connection];

describe('IdIndex', () => {
  describe('lookup of each kind', () => {
    const index = IdIndex.build([conn('c1', main())]);

    it('a protection group with drills: itself as group, its status', () => {
      assert.deepEqual(index.lookup(G_PAY), [
        { kind: 'protectionGroup', id: G_PAY, name: 'payments', status: 'protected', connection: 'c1', groupId: G_PAY, groupName: 'payments' },
      ]);
    });

    it('a known protection group without drills', () => {
      assert.deepEqual(index.lookup(G_ARCHIVE), [
        { kind: 'protectionGroup', id: G_ARCHIVE, name: 'archive', status: 'available', connection: 'c1', groupId: G_ARCHIVE, groupName: 'archive' },
      ]);
    });

    it('a drill: name, status, group and the drill object', () => {
      const [entry, ...rest] = index.lookup(D_PAY2);
      assert.deepEqual(rest, []);
      assert.deepEqual(entry, {
        kind: 'drill',
        id: D_PAY2,
        name: 'pay-drill-2',
        status: 'creating',
        connection: 'c1',
        groupId: G_PAY,
        groupName: 'payments',
        drill: PAY2,
      });
      assert.equal(entry.drill, PAY2, 'the listing’s own object');
    });

    it('a drill server: named after its protected instance, with its drill and instance', () => {
      const entries = index.lookup(S_DB);
      assert.equal(entries.length, 1);
      assert.deepEqual(entries[0], {
        kind: 'drillServer',
        id: S_DB,
        name: 'db-1',
        connection: 'c1',
        groupId: G_PAY,
        groupName: 'payments',
        drill: PAY1,
        instance: INSTANCES[1],
      });
    });

    it('a drill server whose instance is not listed has an empty name and no instance', () => {
      const l = listing([drill(D_PAY1, 'd', G_PAY, V_PAY, [server(S_WEB, I_WEB)])], KNOWN, []);
      const [entry] = IdIndex.build([conn('c1', l)]).lookup(S_WEB);
      assert.equal(entry.kind, 'drillServer');
      assert.equal(entry.name, '');
      assert.equal(entry.instance, undefined);
    });

    it('a protected instance: its name, status and group name', () => {
      assert.deepEqual(index.lookup(I_DB), [
        {
          kind: 'protectedInstance',
          id: I_DB,
          name: 'db-1',
          status: 'error-failover',
          connection: 'c1',
          groupId: G_PAY,
          groupName: 'payments',
          instance: INSTANCES[1],
        },
      ]);
    });

    it('a drill VPC: how many drills use it and the first of them', () => {
      assert.deepEqual(index.lookup(V_PAY), [
        { kind: 'drillVpc', id: V_PAY, name: '', connection: 'c1', groupId: G_PAY, groupName: 'payments', drill: PAY1, uses: 2 },
      ]);
      const [bill] = index.lookup(V_BILL);
      assert.equal(bill.uses, 1);
      assert.equal(bill.drill, BILL);
      assert.equal(bill.groupName, 'billing');
    });

    it('an unknown ID gives [] and has() is false; every listed ID has()', () => {
      assert.deepEqual(index.lookup(uuid('ff', 9)), []);
      assert.deepEqual(index.lookup(''), []);
      assert.equal(index.has(uuid('ff', 9)), false);
      for (const id of [G_PAY, G_BILL, G_ARCHIVE, D_PAY1, D_PAY2, D_BILL, S_WEB, S_DB, S_APP, I_WEB, I_DB, I_APP, V_PAY, V_BILL])
        assert.equal(index.has(id), true, id);
      assert.equal(index.connectionCount, 1);
    });

    it('IdIndex.empty knows nothing', () => {
      assert.deepEqual(IdIndex.empty.lookup(G_PAY), []);
      assert.equal(IdIndex.empty.has(G_PAY), false);
      assert.deepEqual(IdIndex.empty.candidates(['drill'], ''), { entries: [], incomplete: false });
      assert.equal(IdIndex.empty.connectionCount, 0);
    });
  });

  describe('case', () => {
    it('an upper-case query finds lower-case IDs', () => {
      const index = IdIndex.build([conn('c1', main())]);
      assert.deepEqual(index.lookup(D_BILL.toUpperCase()).map(summary), [['drill', D_BILL, 'bill-drill', 'c1']]);
      assert.deepEqual(index.lookup(S_WEB.toUpperCase()).map(summary), [['drillServer', S_WEB, 'web-1', 'c1']]);
      assert.equal(index.has(V_PAY.toUpperCase()), true);
    });

    it('upper-case IDs in the listing are found by any case and reported as listed', () => {
      const up = (s: string): string => s.toUpperCase();
      const known = [{ id: up(G_PAY), name: 'PAY' }];
      const l = listing([drill(up(D_PAY1), 'D', up(G_PAY), up(V_PAY), [server(up(S_WEB), up(I_WEB))])], known, [instance(up(I_WEB), 'WEB', up(G_PAY))]);
      const index = IdIndex.build([conn('c1', l)]);
      for (const [id, kind, name] of [
        [G_PAY, 'protectionGroup', 'PAY'],
        [D_PAY1, 'drill', 'D'],
        [S_WEB, 'drillServer', 'WEB'],
        [I_WEB, 'protectedInstance', 'WEB'],
        [V_PAY, 'drillVpc', ''],
      ] as const) {
        for (const query of [id, up(id)]) {
          assert.deepEqual(index.lookup(query).map(summary), [[kind, up(id), name, 'c1']], query);
          assert.equal(index.has(query), true, query);
        }
      }
      assert.equal(index.lookup(D_PAY1)[0].groupName, 'PAY');
    });
  });

  it('an ID that is both a drill VPC and a protected instance gives both entries, VPC last', () => {
    const shared = uuid('77', 7);
    const l = listing([drill(D_PAY1, 'd', G_PAY, shared)], KNOWN, [instance(shared, 'also-instance', G_PAY)]);
    const index = IdIndex.build([conn('c1', l)]);
    assert.deepEqual(
      index.lookup(shared).map((e) => [e.kind, e.name, e.uses]),
      [
        ['protectedInstance', 'also-instance', undefined],
        ['drillVpc', '', 1],
      ],
    );
  });

  it('an ID that is a drill and a protection group gives the group first, then the drill', () => {
    const shared = uuid('78', 8);
    const l = listing([drill(shared, 'the-drill', G_PAY, V_PAY)], [...KNOWN, { id: shared, name: 'the-group' }]);
    assert.deepEqual(
      IdIndex.build([conn('c1', l)])
        .lookup(shared)
        .map((e) => [e.kind, e.name]),
      [
        ['protectionGroup', 'the-group'],
        ['drill', 'the-drill'],
      ],
    );
  });

  describe('two connections', () => {
    const OTHER_DRILL = uuid('b2', 99);
    const other = (): Listing => listing([drill(OTHER_DRILL, 'other-drill', G_PAY, V_PAY)], [{ id: G_PAY, name: 'payments (other)' }]);
    const index = IdIndex.build([conn('first', main()), conn('second', other())]);

    it('lookup returns the entries of both, in connection order', () => {
      assert.deepEqual(
        index.lookup(G_PAY).map((e) => [e.connection, e.name]),
        [
          ['first', 'payments'],
          ['second', 'payments (other)'],
        ],
      );
      assert.deepEqual(
        index.lookup(V_PAY).map((e) => [e.connection, e.uses]),
        [
          ['first', 2],
          ['second', 1],
        ],
      );
      assert.deepEqual(index.lookup(OTHER_DRILL).map(summary), [['drill', OTHER_DRILL, 'other-drill', 'second']]);
      assert.equal(index.connectionCount, 2);
    });

    it('the order follows the connections given, not the build of their listings', () => {
      const swapped = IdIndex.build([conn('second', other()), conn('first', main())]);
      assert.deepEqual(
        swapped.lookup(G_PAY).map((e) => e.connection),
        ['second', 'first'],
      );
    });

    it('entries() and candidates() list a shared ID once, from the first connection', () => {
      assert.deepEqual(ids(index.entries(['protectionGroup'])), [G_BILL, G_PAY, G_ARCHIVE]);
      assert.deepEqual(
        [...index.entries(['protectionGroup'])].map((e) => e.connection),
        ['first', 'first', 'first'],
      );
      assert.deepEqual(ids(index.entries(['drillVpc'])), [V_BILL, V_PAY]);
      assert.deepEqual(ids(index.entries(['drill'])), [D_BILL, D_PAY1, D_PAY2, OTHER_DRILL]);
      const c = index.candidates(['protectionGroup'], 'pay');
      assert.deepEqual(
        c.entries.map((e) => [e.id, e.connection]),
        [[G_PAY, 'first']],
      );
      assert.equal(c.incomplete, false);
      assert.deepEqual(ids(index.candidates(['drillVpc'], '').entries), [V_BILL, V_PAY]);
    });

    it('connectionLabel names connections with a listing; undefined otherwise', () => {
      const withEmpty = IdIndex.build([conn('first', main()), conn('none', undefined), conn('second', other())]);
      assert.equal(withEmpty.connectionLabel('first'), 'Label of first');
      assert.equal(withEmpty.connectionLabel('second'), 'Label of second');
      assert.equal(withEmpty.connectionLabel('nope'), undefined);
      assert.equal(withEmpty.connectionCount, 2);
      assert.deepEqual(
        withEmpty.lookup(G_PAY).map((e) => e.connection),
        ['first', 'second'],
      );
    });
  });

  describe('build with a previous index', () => {
    it('gives the same answers', () => {
      const l = main();
      const first = IdIndex.build([conn('c1', l)]);
      const second = IdIndex.build([conn('c1', l)], first);
      for (const id of [G_PAY, G_ARCHIVE, D_PAY1, S_APP, I_DB, V_PAY, uuid('ff', 1)]) assert.deepEqual(second.lookup(id), first.lookup(id), id);
      assert.deepEqual(second.candidates(['drill', 'protectedInstance'], ''), first.candidates(['drill', 'protectedInstance'], ''));
      assert.equal(second.connectionLabel('c1'), 'Label of c1');
    });

    it('reuses the index of an unchanged listing object (not indexed again)', () => {
      const l = main();
      const first = IdIndex.build([conn('c1', l)]);
      // Mutating a listing on screen is not allowed; here it shows whether the listing was indexed again.
      const late = uuid('b2', 50);
      l.groups[0].drills.push(drill(late, 'late', l.groups[0].id, V_BILL));
      assert.equal(IdIndex.build([conn('c1', l)], first).has(late), false, 'reused');
      assert.equal(IdIndex.build([conn('c1', l)]).has(late), true, 'built afresh');
    });

    it('reflects a new listing object for a connection: new names in, old ones gone', () => {
      const first = IdIndex.build([conn('c1', main()), conn('c2', listing([BILL], KNOWN, INSTANCES))]);
      const renamed = drill(D_PAY1, 'pay-drill-renamed', G_PAY, V_BILL);
      const next = IdIndex.build(
        [conn('c1', listing([renamed], [{ id: G_PAY, name: 'payments v2' }], [])), conn('c2', listing([BILL], KNOWN, INSTANCES))],
        first,
      );
      assert.deepEqual(next.lookup(D_PAY1).map(summary), [['drill', D_PAY1, 'pay-drill-renamed', 'c1']]);
      assert.equal(next.lookup(D_PAY1)[0].groupName, 'payments v2');
      assert.equal(next.has(D_PAY2), false);
      assert.equal(next.has(S_WEB), false);
      assert.equal(next.has(V_PAY), false);
      assert.deepEqual(next.lookup(I_WEB).map(summary), [['protectedInstance', I_WEB, 'web-1', 'c2']]);
      assert.deepEqual(
        next.lookup(G_PAY).map((e) => [e.connection, e.name]),
        [
          ['c1', 'payments v2'],
          ['c2', 'payments'],
        ],
      );
      assert.equal(next.candidates(['drill'], 'pay-drill-2').entries.length, 0);
      // The earlier index is a snapshot: unchanged.
      assert.deepEqual(
        first.lookup(D_PAY1).map((e) => e.name),
        ['pay-drill-1'],
      );
    });

    it('drops a connection that is no longer given', () => {
      const first = IdIndex.build([conn('c1', main())]);
      const next = IdIndex.build([], first);
      assert.equal(next.has(D_PAY1), false);
      assert.equal(next.connectionCount, 0);
    });
  });

  describe('entries', () => {
    const index = IdIndex.build([conn('c1', main())]);

    it('lists each kind in listing order: groups by name (known-only last), drills in server order', () => {
      assert.deepEqual(ids(index.entries(['protectionGroup'])), [G_BILL, G_PAY, G_ARCHIVE]);
      assert.deepEqual(ids(index.entries(['drill'])), [D_BILL, D_PAY1, D_PAY2]);
      assert.deepEqual(ids(index.entries(['drillServer'])), [S_APP, S_WEB, S_DB]);
      assert.deepEqual(ids(index.entries(['protectedInstance'])), [I_WEB, I_DB, I_APP]);
      assert.deepEqual(ids(index.entries(['drillVpc'])), [V_BILL, V_PAY]);
    });

    it('lists kinds in the order asked, and accept sees name and ID', () => {
      const seen: Array<[string, string]> = [];
      const out = ids(
        index.entries(['drillServer', 'drill'], (name, id) => {
          seen.push([name, id]);
          return name.endsWith('-1');
        }),
      );
      assert.deepEqual(out, [S_APP, S_WEB, S_DB, D_PAY1]);
      assert.deepEqual(seen, [
        ['app-1', S_APP],
        ['web-1', S_WEB],
        ['db-1', S_DB],
        ['bill-drill', D_BILL],
        ['pay-drill-1', D_PAY1],
        ['pay-drill-2', D_PAY2],
      ]);
    });
  });

  describe('candidates', () => {
    const drills = (n: number): DisasterRecoveryDrill[] => Array.from({ length: n }, (_, i) => drill(uuid('b2', i + 1), `drill-${i + 1}`, G_PAY, V_PAY));
    const of = (list: DisasterRecoveryDrill[]): IdIndex => IdIndex.build([conn('c1', listing(list, KNOWN))]);

    it('nothing typed: listing order up to the limit, incomplete when more exist', () => {
      const index = of(drills(5));
      assert.deepEqual(index.candidates(['drill'], '', 3), {
        entries: [...index.entries(['drill'])].slice(0, 3),
        incomplete: true,
      });
      assert.deepEqual(names(index.candidates(['drill'], '', 3)), ['drill-1', 'drill-2', 'drill-3']);
      assert.deepEqual(names(index.candidates(['drill'], '   ', 4)), ['drill-1', 'drill-2', 'drill-3', 'drill-4'], 'blank counts as nothing typed');
      const all = index.candidates(['drill'], '', 10);
      assert.deepEqual(names(all), ['drill-1', 'drill-2', 'drill-3', 'drill-4', 'drill-5']);
      assert.equal(all.incomplete, false);
      assert.equal(index.candidates(['drill'], '').incomplete, false, 'default limit');
    });

    it('nothing typed: exactly `limit` entries is not incomplete', () => {
      const c = of(drills(3)).candidates(['drill'], '', 3);
      assert.deepEqual(names(c), ['drill-1', 'drill-2', 'drill-3']);
      assert.equal(c.incomplete, false, 'there is nothing more than was returned');
    });

    it('typed: exactly `limit` name-prefix matches and no other match is not incomplete', () => {
      const list = [drill(uuid('b2', 1), 'web-a', G_PAY, V_PAY), drill(uuid('b2', 2), 'web-b', G_PAY, V_PAY), drill(uuid('b2', 3), 'db', G_PAY, V_PAY)];
      const c = of(list).candidates(['drill'], 'web', 2);
      assert.deepEqual(names(c), ['web-a', 'web-b']);
      assert.equal(c.incomplete, false, 'db does not match: nothing was left out');
    });

    it('ranks name-prefix, then name-contains, then ID-prefix; case-insensitive', () => {
      const list = [
        drill(uuid('ab', 1), 'zzz', G_PAY, V_PAY),
        drill(uuid('cd', 2), 'xx-ab-yy', G_PAY, V_PAY),
        drill(uuid('cd', 3), 'nothing', G_PAY, V_PAY),
        drill(uuid('cd', 4), 'Abacus', G_PAY, V_PAY),
        drill(uuid('AB', 5), 'qqq', G_PAY, V_PAY),
        drill(uuid('cd', 6), 'ab-first', G_PAY, V_PAY),
      ];
      const index = of(list);
      const want = ['Abacus', 'ab-first', 'xx-ab-yy', 'zzz', 'qqq'];
      for (const typed of ['ab', 'AB', 'aB', ' ab ']) {
        const c = index.candidates(['drill'], typed);
        assert.deepEqual(names(c), want, typed);
        assert.equal(c.incomplete, false, typed);
      }
      assert.deepEqual(names(index.candidates(['drill'], 'CD0000')), ['xx-ab-yy', 'nothing', 'Abacus', 'ab-first']);
    });

    it('a full ID typed matches by ID prefix', () => {
      const c = of(drills(3)).candidates(['drill'], uuid('b2', 2).toUpperCase());
      assert.deepEqual(ids(c.entries), [uuid('b2', 2)]);
    });

    it('better matches displace worse ones at the limit', () => {
      const list = [
        drill(uuid('ab', 1), 'q1', G_PAY, V_PAY),
        drill(uuid('ab', 2), 'q2', G_PAY, V_PAY),
        drill(uuid('cd', 3), 'ab-one', G_PAY, V_PAY),
        drill(uuid('cd', 4), 'ab-two', G_PAY, V_PAY),
      ];
      const two = of(list).candidates(['drill'], 'ab', 2);
      assert.deepEqual(ids(two.entries), [list[2].id, list[3].id]);
      assert.deepEqual(names(two), ['ab-one', 'ab-two']);
      assert.equal(two.incomplete, true);
      assert.deepEqual(names(of(list).candidates(['drill'], 'ab', 3)), ['ab-one', 'ab-two', 'q1']);
      assert.equal(of(list).candidates(['drill'], 'ab', 3).incomplete, true);
    });

    it('a contains match displaces an ID match, and a worse match never displaces a better one', () => {
      const list = [
        drill(uuid('ab', 1), 'q1', G_PAY, V_PAY),
        drill(uuid('cd', 2), 'x-ab', G_PAY, V_PAY),
        drill(uuid('cd', 3), 'ab-p', G_PAY, V_PAY),
        drill(uuid('ab', 4), 'q4', G_PAY, V_PAY),
      ];
      const c = of(list).candidates(['drill'], 'ab', 2);
      assert.deepEqual(names(c), ['ab-p', 'x-ab']);
      assert.equal(c.incomplete, true);
      const later = [
        drill(uuid('cd', 3), 'ab-p', G_PAY, V_PAY),
        drill(uuid('cd', 2), 'x-ab', G_PAY, V_PAY),
        drill(uuid('cd', 5), 'y-ab', G_PAY, V_PAY),
        drill(uuid('ab', 1), 'q1', G_PAY, V_PAY),
      ];
      const d = of(later).candidates(['drill'], 'ab', 2);
      assert.deepEqual(names(d), ['ab-p', 'x-ab'], 'equal rank keeps the earlier one');
      assert.equal(d.incomplete, true);
    });

    it('limit 1 keeps the single best match, wherever it is', () => {
      const list = [drill(uuid('ab', 1), 'q1', G_PAY, V_PAY), drill(uuid('cd', 2), 'x-ab', G_PAY, V_PAY), drill(uuid('cd', 3), 'ab-p', G_PAY, V_PAY)];
      assert.deepEqual(names(of(list).candidates(['drill'], 'ab', 1)), ['ab-p']);
    });

    it('several kinds: ranked together', () => {
      const index = IdIndex.build([conn('c1', main())]);
      const c = index.candidates(['protectionGroup', 'protectedInstance', 'drill'], 'b');
      assert.deepEqual(
        c.entries.map((e) => [e.kind, e.name]),
        [
          ['protectionGroup', 'billing'],
          ['drill', 'bill-drill'],
          ['protectedInstance', 'web-1'],
          ['protectedInstance', 'db-1'],
          ['drill', 'pay-drill-1'],
          ['drill', 'pay-drill-2'],
        ],
      );
    });

    it('drill VPCs have no name: only their ID prefix matches', () => {
      const index = IdIndex.build([conn('c1', main())]);
      assert.deepEqual(ids(index.candidates(['drillVpc'], 'E5').entries), [V_BILL, V_PAY]);
      assert.deepEqual(index.candidates(['drillVpc'], 'pay').entries, []);
    });

    it('no match gives [] and is not incomplete', () => {
      assert.deepEqual(of(drills(4)).candidates(['drill'], 'no-such-thing'), { entries: [], incomplete: false });
      assert.deepEqual(IdIndex.build([conn('c1', main())]).candidates(['drill'], 'web'), { entries: [], incomplete: false });
    });
  });

  describe('isComplete', () => {
    const l = main();
    it('is false for no connections', () => assert.equal(IdIndex.isComplete([]), false));
    it('is false when one is incomplete', () => assert.equal(IdIndex.isComplete([conn('a', l), conn('b', l, false)]), false));
    it('is false when one has no listing, even if marked complete', () => assert.equal(IdIndex.isComplete([conn('a', l), conn('b', undefined, true)]), false));
    it('is true when all are complete with listings', () => assert.equal(IdIndex.isComplete([conn('a', l), conn('b', listing([]))]), true));
  });

  it('skips entries with empty IDs', () => {
    const l = listing(
      [drill('', 'no-id', G_PAY, ''), drill(D_PAY1, 'ok', '', '', [server('', I_WEB), server(S_WEB, I_DB)])],
      [{ id: '', name: 'nameless-group' }, KNOWN[0]],
      [instance('', 'no-id-instance', G_PAY), instance(I_WEB, 'web-1', G_PAY)],
    );
    const index = IdIndex.build([conn('c1', l)]);
    assert.deepEqual(index.lookup(''), []);
    assert.equal(index.has(''), false);
    const all = [...index.entries(['protectionGroup', 'drill', 'drillServer', 'protectedInstance', 'drillVpc'])];
    assert.deepEqual(
      all.map((e) => [e.kind, e.id, e.name]),
      [
        ['protectionGroup', G_PAY, 'payments'],
        ['drill', D_PAY1, 'ok'],
        ['drillServer', S_WEB, ''],
        ['protectedInstance', I_WEB, 'web-1'],
      ],
    );
    assert.ok(all.every((e) => e.id !== ''));
    assert.deepEqual(index.candidates(['drill', 'protectedInstance'], 'no-id').entries, []);
    assert.deepEqual(
      index.lookup(D_PAY1).map((e) => [e.groupId, e.groupName]),
      [[undefined, undefined]],
      'a drill of group "" has no group',
    );
  });

  it('a hostile listing: markdown, newlines and 10,000-character names are kept as they are', () => {
    const long = 'x'.repeat(10_000);
    const markdown = '[click](command:workbench.action.terminal.new) **bold** `code`\n\n# heading\r\n<img src=x onerror=alert(1)>';
    const group = { id: G_PAY, name: markdown };
    const l = listing(
      [drill(D_PAY1, long, G_PAY, V_PAY, [server(S_WEB, I_WEB)]), drill(D_PAY2, '\n', G_PAY, V_PAY), drill(D_BILL, `${markdown}\u0000\u202e`, G_PAY, V_BILL)],
      [group],
      [instance(I_WEB, long + markdown, G_PAY, long)],
    );
    const index = IdIndex.build([conn('c1', l)]);
    assert.deepEqual(index.lookup(D_PAY1).map(summary), [['drill', D_PAY1, long, 'c1']]);
    assert.equal(index.lookup(D_PAY1)[0].groupName, markdown);
    assert.deepEqual(
      index.lookup(S_WEB).map((e) => e.name),
      [long + markdown],
    );
    assert.deepEqual(
      index.lookup(I_WEB).map((e) => e.status),
      [long],
    );
    assert.deepEqual(
      index.lookup(G_PAY).map((e) => e.name),
      [markdown],
    );
    assert.deepEqual(names(index.candidates(['drill'], 'x'.repeat(9_999))), [long]);
    assert.deepEqual(names(index.candidates(['drill'], '# heading')), [`${markdown}\u0000\u202e`]);
    assert.deepEqual(names(index.candidates(['drill'], '[CLICK]')), [`${markdown}\u0000\u202e`]);
    assert.deepEqual(names(index.candidates(['drill'], '\n')), [long, '\n', `${markdown}\u0000\u202e`], 'a typed newline is trimmed to nothing');
    assert.deepEqual(index.candidates(['drill'], `${long}y`).entries, []);
    assert.deepEqual(index.lookup(long), []);
    assert.deepEqual(index.lookup(markdown), []);
  });
});

function names(c: { entries: IdEntry[] }): string[] {
  return c.entries.map((e) => e.name);
}
