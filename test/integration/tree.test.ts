// The drill tree against the emulator: grouping by protection group name, labels, unknown groups, status icons, escaped tooltips.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DisasterRecoveryDrill, ProtectionGroup } from '../../src/sdrs/model';
import type { EmulatorData } from '../emulator/emulator';
import { labelOf, makeDrill, makeGroup, markdownOf, openHarness, type Harness } from './support';

const web = makeGroup('alpha-web');
// Upper-case B: a plain code-unit sort would put it before "alpha-web".
const db = makeGroup('Beta-db');
const orders = makeGroup('订单系统-生产');
const idle = makeGroup('idle-group'); // has no drills: listed, so its first drill can be created from it
const missingGroupId = '7f0c5a10-0000-4000-8000-00000000dead';

const webDrill1 = makeDrill('季度演练-web', web.id, {
  drill_servers: [
    { protected_instance: 'c0000000-0000-4000-8000-000000000001', drill_server_id: 'd0000000-0000-4000-8000-000000000001' },
    { protected_instance: 'c0000000-0000-4000-8000-000000000002', drill_server_id: 'd0000000-0000-4000-8000-000000000002' },
  ],
});
const webDrill2 = makeDrill('dr_drill_test', web.id, { status: 'creating' });
const dbDrill = makeDrill('DR-Test.db', db.id, { status: 'error', drill_servers: [] });
const ordersDrill = makeDrill('年度容灾演练', orders.id, { status: 'deleting' });
const orphanDrill = makeDrill('orphan-drill', missingGroupId, { status: 'error-deleting' });

function fixture(): EmulatorData {
  // Server returns drills in creation order; groups deliberately unsorted.
  return { groups: [orders, idle, db, web], drills: [webDrill1, dbDrill, ordersDrill, webDrill2, orphanDrill] };
}

function icon(item: vscode.TreeItem): vscode.ThemeIcon {
  assert.ok(item.iconPath instanceof vscode.ThemeIcon, `icon is not a ThemeIcon: ${String(item.iconPath)}`);
  return item.iconPath;
}

describe('drill tree', function () {
  let h: Harness;

  before(async () => {
    h = await openHarness(fixture());
  });
  beforeEach(async () => {
    await h.reset();
    await h.load(fixture());
  });
  after(async () => {
    await h?.dispose();
  });

  it('lists every protection group by name, with the ID in the description, also one without drills', () => {
    const roots = h.roots();
    assert.ok(
      roots.every((n) => n.kind === 'protectionGroup'),
      `unexpected root kinds: ${roots.map((n) => n.kind).join(', ')}`,
    );
    // Names sorted case-insensitively, the unknown group (labelled by its ID) among them.
    assert.deepEqual(
      roots.map((n) => labelOf(h.item(n))),
      ['7f0c5a10-0000-4000-8000-00000000dead', 'alpha-web', 'Beta-db', 'idle-group', '订单系统-生产'],
    );
    const idleItem = h.item(h.group('idle-group'));
    assert.equal(idleItem.collapsibleState, vscode.TreeItemCollapsibleState.None);
    assert.match(String(idleItem.description), /^no drills · /);
    assert.deepEqual(h.children(h.group('idle-group')), []);
    for (const group of [web, db, orders]) {
      const item = h.item(h.group(group.name));
      assert.ok(String(item.description).includes(group.id), `description of ${group.name} lacks its ID: ${String(item.description)}`);
      // Protected: Create Drill is offered.
      assert.equal(item.contextValue, 'protectionGroup.drillable');
      assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
    }
  });

  it("shows drills by name with their status, and drill servers by their protected instance's name with their own ID", () => {
    const drills = h.children(h.group('alpha-web'));
    assert.deepEqual(
      drills.map((n) => [labelOf(h.item(n)), h.item(n).description]),
      [
        ['季度演练-web', 'available'],
        ['dr_drill_test', 'creating'],
      ],
    );
    // Available: Delete Drill is offered; creating: not.
    assert.equal(h.item(drills[0]).contextValue, 'drill.deletable');
    assert.equal(h.item(drills[1]).contextValue, 'drill');
    assert.equal(h.item(drills[0]).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);

    const servers = h.children(drills[0]);
    assert.deepEqual(
      servers.map((n) => [labelOf(h.item(n)), h.item(n).description, h.item(n).contextValue]),
      [
        // The emulator names the instances it derives `instance-<first 8 characters of the ID>`.
        ['instance-c0000000', 'd0000000-0000-4000-8000-000000000001', 'drillServer'],
        ['instance-c0000000', 'd0000000-0000-4000-8000-000000000002', 'drillServer'],
      ],
    );
    assert.deepEqual(h.children(servers[0]), []);

    const chinese = h.children(h.group('订单系统-生产'));
    assert.deepEqual(
      chinese.map((n) => labelOf(h.item(n))),
      ['年度容灾演练'],
    );
  });

  it('makes a drill without drill servers a leaf', () => {
    const node = h.drill(dbDrill.id);
    assert.equal(h.item(node).collapsibleState, vscode.TreeItemCollapsibleState.None);
    assert.deepEqual(h.children(node), []);
  });

  it('keeps a drill whose protection group is not listed, under the group ID', () => {
    const node = h.groups().find((g) => g.group.id === missingGroupId);
    assert.ok(node, 'the drill of an unknown protection group was dropped');
    const item = h.item(node);
    assert.equal(labelOf(item), missingGroupId);
    assert.equal(item.description, vscode.l10n.t('unknown protection group · 1 drill'));
    assert.deepEqual(
      h.children(node).map((n) => (n.kind === 'drill' ? n.drill.id : n.kind)),
      [orphanDrill.id],
    );
  });

  it('colours drills by status and gives an unknown status a neutral icon', async () => {
    const expected: Array<[DisasterRecoveryDrill, string, string | undefined]> = [
      [webDrill1, 'pass', 'testing.iconPassed'],
      [webDrill2, 'sync~spin', 'charts.yellow'],
      [ordersDrill, 'sync~spin', 'charts.yellow'],
      [dbDrill, 'error', 'testing.iconFailed'],
      [orphanDrill, 'error', 'testing.iconFailed'],
    ];
    for (const [drill, id, color] of expected) {
      const themeIcon = icon(h.item(h.drill(drill.id)));
      assert.equal(themeIcon.id, id, `icon of a ${drill.status} drill`);
      assert.equal(themeIcon.color?.id, color, `icon colour of a ${drill.status} drill`);
    }

    const frozen = makeDrill('frozen-drill', web.id, { status: 'frozen' });
    await h.load({ groups: [web], drills: [frozen] });
    assert.equal(h.model.error, undefined);
    const item = h.item(h.drill(frozen.id));
    assert.equal(item.description, 'frozen');
    assert.equal(icon(item).id, 'circle-outline');
    assert.equal(icon(item).color, undefined);
  });

  it('escapes server text in tooltips and never trusts them', async () => {
    const hostileName = '[x](command:workbench.action.closeWindow)';
    const hostileGroup = makeGroup('[g](command:workbench.action.quit) <img src=x onerror=alert(1)>', { description: '[d](command:workbench.action.quit)' });
    const drill = makeDrill(hostileName, hostileGroup.id, {
      drill_servers: [{ protected_instance: '[p](command:workbench.action.quit)', drill_server_id: 'e0000000-0000-4000-8000-000000000001' }],
    });
    await h.load({ groups: [hostileGroup], drills: [drill] });

    const drillItem = h.item(h.drill(drill.id));
    assert.equal(labelOf(drillItem), hostileName, 'labels are plain text and show the name as is');
    const nodes = [h.group(hostileGroup.name), h.drill(drill.id), h.server(drill.id, 'e0000000-0000-4000-8000-000000000001')];
    for (const node of nodes) {
      const tooltip = markdownOf(h.item(node));
      assert.ok(!tooltip.isTrusted, `${node.kind} tooltip is trusted`);
      assert.ok(!tooltip.supportHtml, `${node.kind} tooltip supports HTML`);
      assert.ok(!tooltip.value.includes('](command:'), `${node.kind} tooltip has an unescaped command link: ${tooltip.value}`);
    }
    const drillTooltip = markdownOf(drillItem).value;
    assert.ok(drillTooltip.includes('\\[x\\]\\(command:workbench.action.closeWindow\\)'), `drill name not escaped as expected: ${drillTooltip}`);
    assert.ok(drillTooltip.replace(/\\/g, '').includes(drill.id), `drill tooltip lacks the drill ID: ${drillTooltip}`);
  });

  it("shows a protection group's state as icon and colour, and which site is production, never 'null'", async () => {
    const groups = [
      makeGroup('g-protected', { status: 'protected', priority_station: 'source' }),
      makeGroup('g-failed-over', { status: 'failed-over', priority_station: 'target' }),
      makeGroup('g-failing-over', { status: 'failing-over' }),
      makeGroup('g-error', { status: 'error-failing-over' }),
      // The documented examples carry null in these fields.
      makeGroup('g-nulls', {
        status: 'available',
        priority_station: null,
        replication_status: null,
        progress: null,
        health_status: null,
      } as unknown as Partial<ProtectionGroup>),
      makeGroup('g-synced', { status: 'protected', replication_status: 'active', progress: 100, health_status: 'normal' }),
    ];
    await h.load({ groups, drills: [] });
    const expected: Record<string, [string, string | undefined]> = {
      'g-protected': ['shield', 'testing.iconPassed'],
      'g-failed-over': ['shield', 'charts.yellow'],
      'g-failing-over': ['sync~spin', 'charts.yellow'],
      'g-error': ['error', 'testing.iconFailed'],
      'g-nulls': ['shield', undefined],
    };
    for (const [name, [id, color]] of Object.entries(expected)) {
      const item = h.item(h.group(name));
      assert.equal(icon(item).id, id, `icon of ${name}`);
      assert.equal(icon(item).color?.id, color, `colour of ${name}`);
    }
    assert.match(String(h.item(h.group('g-protected')).description), /^no drills · production: cn-north-4a · /);
    // Create Drill is offered only where SDRS creates drills.
    assert.equal(h.item(h.group('g-protected')).contextValue, 'protectionGroup.drillable');
    assert.equal(h.item(h.group('g-failing-over')).contextValue, 'protectionGroup');
    assert.equal(h.item(h.group('g-error')).contextValue, 'protectionGroup.drillable');
    assert.match(String(h.item(h.group('g-failed-over')).description), /production: cn-north-4b/);
    const nulls = h.item(h.group('g-nulls'));
    assert.ok(!/\bnull\b/.test(String(nulls.description) + markdownOf(nulls).value), `"null" shown: ${markdownOf(nulls).value}`);
    const synced = markdownOf(h.item(h.group('g-synced'))).value.replace(/&nbsp;/g, ' ');
    for (const text of ['active', '100 %', 'normal']) assert.ok(synced.includes(text), `tooltip lacks ${text}: ${synced}`);
  });

  it('leaves tooltips to resolveTreeItem', () => {
    const node = h.drill(webDrill1.id);
    assert.equal(h.api.services.view.provider.getTreeItem(node).tooltip, undefined);
    assert.ok(h.item(node).tooltip instanceof vscode.MarkdownString);
  });
});
