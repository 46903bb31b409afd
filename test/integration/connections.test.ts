// Three connections over two regions and two projects against one emulator, one with bad credentials: each root has
// its own state, refresh and filter; the saved listing is drawn before the network answers; requests stay bounded.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ConnectionSetting } from '../../src/config/connections';
import type { DrillTreeProvider } from '../../src/tree/drillTreeProvider';
import type { ConnectionNode, DrillTreeNode, GroupNode } from '../../src/tree/nodes';
import { startEmulator, type Emulator, type EmulatorData } from '../emulator/emulator';
import {
  answering,
  clearCredentials,
  getApi,
  isState,
  labelOf,
  makeDrill,
  makeGroup,
  readOutputLog,
  report,
  setSetting,
  settle,
  showView,
  storeCredentials,
  waitFor,
} from './support';
import type { ExtensionApi } from '../../src/extension';

const P1 = '11111111111111111111111111111111';
const P2 = '22222222222222222222222222222222';
const KEYS = {
  default: { accessKey: 'CONNDEFAULTAK0000001', secretKey: 'conn-default-secret-0001' },
  second: { accessKey: 'CONNSECONDAK00000002', secretKey: 'conn-second-secret-00002' },
  broken: { accessKey: 'CONNBROKENAK00000003', secretKey: 'conn-broken-secret-00003' },
};

function world(prefix: string, groups: number, drillsPerGroup: number): EmulatorData {
  const gs = Array.from({ length: groups }, (_, i) => makeGroup(`${prefix}-group-${i}`));
  return { groups: gs, drills: gs.flatMap((g) => Array.from({ length: drillsPerGroup }, (_, i) => makeDrill(`${prefix}-drill-${i}`, g.id))) };
}

const CONNECTIONS: ConnectionSetting[] = [
  { account: 'default', region: 'cn-north-4', projectId: P1, projectName: 'prod' },
  { account: 'second', region: 'cn-east-3', projectId: P2, projectName: 'dr' },
  // Its account's stored secret key is wrong: 401 for this connection only.
  { account: 'broken', region: 'cn-east-3', projectId: P1, label: 'broken account' },
];

describe('connections: several accounts, regions and projects', function () {
  this.timeout(120_000);
  let api: ExtensionApi;
  let emulator: Emulator;
  let provider: DrillTreeProvider;

  const roots = (): ConnectionNode[] => provider.children().filter((n): n is ConnectionNode => n.kind === 'connection');
  const root = (label: string): ConnectionNode =>
    roots().find((n) => n.config.label === label) ??
    assert.fail(
      `no root ${label}: ${roots()
        .map((n) => n.config.label)
        .join(', ')}`,
    );
  const groupsOf = (node: DrillTreeNode): GroupNode[] => provider.children(node).filter((n): n is GroupNode => n.kind === 'protectionGroup');
  const akOf = (headers: Record<string, string | string[] | undefined>): string => /Access=([^,]+)/.exec(String(headers.authorization ?? ''))?.[1] ?? '';

  before(async () => {
    api = await getApi();
    provider = api.services.view.provider;
    emulator = await startEmulator({
      projectId: P1,
      data: world('p1', 3, 2),
      projects: { [P2]: world('p2', 2, 3) },
      credentials: KEYS.default,
      extraCredentials: [KEYS.second, KEYS.broken],
    });
    await setSetting('endpoint', emulator.url);
    await setSetting('concurrency', 1);
    await setSetting('autoRefreshSeconds', 0);
    await storeCredentials(api, { kind: 'aksk', ...KEYS.default }, 'default');
    await storeCredentials(api, { kind: 'aksk', ...KEYS.second }, 'second');
    await storeCredentials(api, { kind: 'aksk', accessKey: KEYS.broken.accessKey, secretKey: 'wrong-secret-key-00000' }, 'broken');
    await setSetting('connections', CONNECTIONS);
    await showView(api);
    await waitFor(() => api.services.registry.connections.length === 3, 'three connections');
    await settle(api);
  });

  after(async () => {
    await setSetting('connections', undefined);
    await setSetting('endpoint', undefined);
    await setSetting('concurrency', undefined);
    await setSetting('autoRefreshSeconds', undefined);
    for (const account of ['default', 'second', 'broken']) await clearCredentials(api, account);
    await api.services.filterState.clearAll();
    await settle(api);
    await emulator.close();
  });

  it('gives each connection a root; the good ones render their own project, the bad one its own error with retry', () => {
    assert.deepEqual(
      roots().map((n) => n.config.label),
      ['cn-north-4 · prod', 'cn-east-3 · dr', 'broken account'],
    );
    assert.deepEqual(
      groupsOf(root('cn-north-4 · prod')).map((g) => g.group.label),
      ['p1-group-0', 'p1-group-1', 'p1-group-2'],
    );
    assert.deepEqual(
      groupsOf(root('cn-east-3 · dr')).map((g) => g.group.label),
      ['p2-group-0', 'p2-group-1'],
    );
    const broken = root('broken account');
    assert.equal(broken.state.kind, 'failed');
    const [error] = provider.children(broken);
    assert.ok(isState(error, 'error'), `the broken connection shows ${error?.kind}`);
    const item = provider.getTreeItem(error);
    assert.match(String(item.description), /APIGW\.0301/);
    assert.equal(item.command?.command, 'sdrsDrills.refresh');
    assert.equal((item.command?.arguments?.[0] as DrillTreeNode).connection, broken.connection);
    // Roots say what they hold.
    assert.equal(provider.getTreeItem(root('cn-east-3 · dr')).description, '6 drills');
    assert.equal(provider.getTreeItem(root('cn-east-3 · dr')).contextValue, 'connection');
    // Tree IDs carry the connection: the same group ID under two roots could never clash.
    const ids = roots().flatMap((r) => [provider.getTreeItem(r).id, ...provider.children(r).map((n) => provider.getTreeItem(n).id)]);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('refreshes one root from its own Refresh, and only that connection is asked', async () => {
    const since = emulator.requests.length;
    await vscode.commands.executeCommand('sdrsDrills.refresh', root('cn-east-3 · dr'));
    await settle(api);
    const asked = emulator.requests.slice(since);
    assert.ok(asked.length >= 2, 'drills and groups were listed');
    assert.ok(
      asked.every((r) => r.path.includes(P2) && akOf(r.headers) === KEYS.second.accessKey),
      asked.map((r) => `${r.path} ${akOf(r.headers)}`).join('\n'),
    );
  });

  it('filters one connection: the others keep their listing, and the view says what is filtered', async () => {
    const prod = root('cn-north-4 · prod');
    const since = emulator.requests.length;
    await vscode.commands.executeCommand('sdrsDrills.filter', { name: 'drill-1' }, prod.connection);
    await settle(api);
    assert.deepEqual(api.services.filterState.get(prod.connection), { name: 'drill-1' });
    assert.deepEqual(api.services.filterState.get(root('cn-east-3 · dr').connection), {});
    const filtered = emulator.requests.slice(since).filter((r) => r.path.endsWith('/disaster-recovery-drills'));
    assert.ok(filtered.length > 0 && filtered.every((r) => r.path.includes(P1) && r.query.name?.[0] === 'drill-1'));
    assert.equal(groupsOf(root('cn-east-3 · dr')).flatMap((g) => g.group.drills).length, 6);
    assert.equal(groupsOf(root('cn-north-4 · prod')).flatMap((g) => g.group.drills).length, 3);
    assert.match(api.services.view.treeView.message ?? '', /cn-north-4 · prod \(name: drill-1\)/);
    assert.match(String(provider.getTreeItem(root('cn-north-4 · prod')).description), /filtered/);
    // Clear Filter from the root clears only that connection.
    await vscode.commands.executeCommand('sdrsDrills.clearFilter', root('cn-north-4 · prod'));
    await settle(api);
    assert.equal(api.services.filterState.active.length, 0);
  });

  it("recovers the bad connection by itself once its account's credentials are fixed", async () => {
    const since = emulator.requests.length;
    await storeCredentials(api, { kind: 'aksk', ...KEYS.broken }, 'broken');
    await waitFor(() => root('broken account').state.kind === 'loaded', 'the fixed connection to load');
    assert.equal(groupsOf(root('broken account')).length, 3);
    // Only that account's connection was asked again.
    assert.ok(emulator.requests.slice(since).every((r) => akOf(r.headers) === KEYS.broken.accessKey));
  });

  it('from the palette, a command that needs a drill asks for the connection first, then the group and the drill', async () => {
    await vscode.env.clipboard.writeText('sentinel');
    // Connection (the first: cn-north-4 · prod), group (its first), drill (the first).
    await answering(api, () => vscode.commands.executeCommand('sdrsDrills.copyDrillId'), [{}, {}, {}]);
    const expected = groupsOf(root('cn-north-4 · prod'))[0].group.drills[0].id;
    assert.equal(await vscode.env.clipboard.readText(), expected);
  });

  it('keeps all connections together within sdrs.concurrency × 2 requests in flight', async () => {
    // Slow answers, so requests overlap as much as the bound allows.
    emulator.setLatency(150);
    const spans: Array<[number, number]> = [];
    emulator.options.onResponse = (r, ms) => spans.push([r.startedAt, r.startedAt + ms]);
    try {
      await api.services.view.refresh();
      await settle(api);
    } finally {
      emulator.setLatency(0);
      emulator.options.onResponse = () => undefined;
    }
    const events = spans.flatMap(([s, e]) => [[s, 1] as const, [e, -1] as const]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let open = 0;
    let most = 0;
    for (const [, d] of events) most = Math.max(most, (open += d));
    report(`      3 connections, sdrs.concurrency 1: ${spans.length} requests, at most ${most} in flight (bound 2)`);
    assert.ok(spans.length >= 6, `only ${spans.length} requests`);
    assert.ok(most <= 2, `${most} requests were in flight at once`);
    assert.ok(most >= 2, 'the bound was never reached: the test proves nothing');
  });

  it('draws a 10,000-drill saved listing at once when a connection comes back, before the network answers', async () => {
    const dr = root('cn-east-3 · dr');
    emulator.setProjectData(P2, world('big', 20, 500));
    await vscode.commands.executeCommand('sdrsDrills.refresh', dr);
    await settle(api);
    assert.equal(api.services.registry.get(dr.connection)?.model.listing?.drillCount, 10_000);
    // The listing is saved a moment after it is drawn.
    await waitFor(() => /Saved the listing of [^\n]*\(10000 drills\)/.test(readOutputLog(api)), 'the listing to be saved', 15_000);

    // From now on the emulator holds every answer for P2: whatever is drawn comes from the saved listing.
    emulator.injectFault({ path: P2, kind: 'hang', times: Infinity });
    const original = provider.getChildren.bind(provider);
    let asked = 0;
    let answered = 0;
    let rows = 0;
    provider.getChildren = (node?: DrillTreeNode) => {
      const start = performance.now();
      const result = original(node);
      if (node?.kind === 'connection' && node.config.label === 'cn-east-3 · dr' && !asked) {
        asked = start;
        void Promise.resolve(result).then((children) => {
          answered = performance.now();
          rows = children.filter((c) => c.kind === 'protectionGroup').length;
        });
      }
      return result;
    };
    try {
      // The connection leaves and comes back (as on a reload): a new model, a new read of the saved listing.
      await setSetting(
        'connections',
        CONNECTIONS.filter((c) => c.projectId !== P2 || c.account !== 'second'),
      );
      await waitFor(() => api.services.registry.connections.length === 2, 'the connection to go');
      const back = performance.now();
      await setSetting('connections', CONNECTIONS);
      await waitFor(() => answered > 0, 'the view to ask for the returning root and get its rows', 20_000);
      const ms = answered - asked;
      // The model logs how long reading the saved listing took (it starts as soon as the connection exists).
      await waitFor(() => /Showing the saved listing of [^\n]*10000 drills, read in \d+ ms/.test(readOutputLog(api)), 'the saved listing to be logged');
      const read = [...readOutputLog(api).matchAll(/10000 drills, read in (\d+) ms/g)].pop()?.[1];
      report(
        `      10000-drill saved listing, network held: file read in ${read} ms; rows ${ms.toFixed(1)} ms after the view asked; ` +
          `${(answered - back).toFixed(0)} ms after the connection came back (settings event, read, root drawn)`,
      );
      assert.equal(rows, 20, 'the saved listing was not drawn');
      const returned = root('cn-east-3 · dr');
      assert.equal(returned.state.kind, 'loading');
      assert.equal(returned.state.kind === 'loading' && returned.state.listing?.fromCache, true);
      assert.match(String(provider.getTreeItem(returned).description), /cached, as of/);
      assert.ok(ms <= 100, `the saved rows took ${ms.toFixed(1)} ms`);
    } finally {
      provider.getChildren = original;
      emulator.clearFaults();
      emulator.setProjectData(P2, world('p2', 2, 3));
    }
    await vscode.commands.executeCommand('sdrsDrills.refresh');
    await settle(api);
    assert.equal(labelOf(provider.getTreeItem(groupsOf(root('cn-east-3 · dr'))[0])), 'p2-group-0');
  });
});
