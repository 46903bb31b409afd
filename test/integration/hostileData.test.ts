// Server data that used to break the tree: repeated and separator-laden IDs, wrongly typed fields.
import * as assert from 'node:assert/strict';
import type { DrillServer, ProtectionGroup } from '../../src/sdrs/model';
import type { DrillServerNode, DrillTreeNode } from '../../src/tree/nodes';
import type { EmulatorData } from '../emulator/emulator';
import { type Harness, labelOf, makeDrill, makeGroup, markdownOf, openHarness, showView, waitFor } from './support';

const server = (drill_server_id: string, protected_instance: string): DrillServer => ({ drill_server_id, protected_instance });

describe('hostile server data', function () {
  let h: Harness;

  before(async () => {
    h = await openHarness({ groups: [], drills: [] });
    await showView(h.api);
  });
  beforeEach(async () => {
    await h.reset();
  });
  after(async () => {
    await h?.dispose();
  });

  /** Every node of the tree, depth first, as the view would ask for them. */
  function allNodes(): DrillTreeNode[] {
    const out: DrillTreeNode[] = [];
    const walk = (nodes: DrillTreeNode[]): void => {
      for (const n of nodes) {
        out.push(n);
        walk(h.children(n));
      }
    };
    walk(h.roots());
    return out;
  }

  it('gives every distinct item its own tree ID, and VS Code can reveal each one', async () => {
    const g1 = makeGroup('separators');
    // The drill and group IDs below collide under the old `kind/id/id` scheme, or reuse each other's IDs.
    const slashDrill = makeDrill('slash-drill', g1.id, {
      id: 'a/b',
      drill_servers: [server('c', 'i1'), server('c', 'i1'), server('c', 'i2'), server('', 'i3'), server('x/y', 'i4'), server('a', 'i5')],
    });
    const plainDrill = makeDrill('plain-drill', g1.id, { id: 'a', drill_servers: [server('b/c', 'i6'), server('a/b', 'i7')] });
    const emptyGroupDrill = makeDrill('empty-group-drill', '', { id: g1.id, drill_servers: [server('', 'i8')] });
    const data: EmulatorData = { groups: [g1], drills: [slashDrill, plainDrill, emptyGroupDrill] };
    await h.load(data);
    const { view } = h.api.services;
    const model = h.model;
    assert.equal(model.error, undefined, model.error?.describe());

    const nodes = allNodes();
    const ids = nodes.map((n) => h.item(n).id);
    assert.ok(
      ids.every((id) => typeof id === 'string' && id.length > 0),
      `a node without an ID: ${JSON.stringify(ids)}`,
    );
    assert.equal(new Set(ids).size, ids.length, `repeated tree IDs: ${JSON.stringify(ids)}`);

    // Every distinct drill server is shown: the exact repeat once, the same ID with another instance too.
    const serversOf = (drillId: string): string[][] =>
      h.children(h.drill(drillId)).map((n) => {
        const s = (n as DrillServerNode).server;
        return [s.drill_server_id, s.protected_instance];
      });
    assert.deepEqual(serversOf('a/b'), [
      ['c', 'i1'],
      ['c', 'i2'],
      ['', 'i3'],
      ['x/y', 'i4'],
      ['a', 'i5'],
    ]);
    assert.deepEqual(serversOf('a'), [
      ['b/c', 'i6'],
      ['a/b', 'i7'],
    ]);
    assert.deepEqual(serversOf(g1.id), [['', 'i8']]);

    // The workbench takes them: revealing each drill server walks getParent/getChildren in the real
    // view, which threw "Element with id … is already registered" for repeated IDs.
    for (const node of nodes.filter((n): n is DrillServerNode => n.kind === 'drillServer')) {
      await view.treeView.reveal(node, { select: true, focus: false });
      await waitFor(() => view.treeView.selection[0]?.kind === 'drillServer', 'the drill server to be selected');
      const selected = view.treeView.selection[0] as DrillServerNode;
      assert.deepEqual(
        [selected.drill.id, selected.server.drill_server_id, selected.server.protected_instance],
        [node.drill.id, node.server.drill_server_id, node.server.protected_instance],
      );
    }
  });

  it('shows wrongly typed protection group fields as absent, never as [object Object], null, undefined or NaN', async () => {
    const hostile = {
      ...makeGroup('typed-wrong'),
      description: { text: 'an object' },
      status: ['protected'],
      source_availability_zone: 42,
      target_availability_zone: null,
      protected_instance_num: 'many',
      disaster_recovery_drill_num: { n: 1 },
      created_at: ['2024-01-02 03:04:05.678'],
      updated_at: 17,
    } as unknown as ProtectionGroup;
    const drill = makeDrill('typed-wrong-drill', hostile.id);
    await h.load({ groups: [hostile], drills: [drill] });
    assert.equal(h.model.error, undefined, h.model.error?.describe());

    const group = h.group('typed-wrong');
    const item = h.item(group);
    const texts = [labelOf(item), String(item.description), markdownOf(item).value, markdownOf(h.item(h.drill(drill.id))).value];
    for (const text of texts) {
      for (const bad of ['[object Object]', 'undefined', 'NaN', 'null', 'an object', 'many']) {
        assert.ok(!text.includes(bad), `"${bad}" shown: ${text}`);
      }
    }
    // What is well typed still shows.
    assert.ok(markdownOf(item).value.replace(/\\/g, '').includes(hostile.id));
  });
});
