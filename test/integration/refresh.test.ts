// Refresh failures and ordering: error nodes with code and request ID that retry, stale listings kept, and only the newest refresh applied.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as vscode from 'vscode';
import type { DrillFilter } from '../../src/sdrs/model';
import type { StateNode } from '../../src/tree/nodes';
import { isState, labelOf, makeDrill, makeGroup, markdownOf, openHarness, setSetting, settle, waitFor, type Harness } from './support';

const web = makeGroup('crm-app');
const db = makeGroup('数据仓库-灾备');
const drills = [
  makeDrill('crm-drill', web.id, { status: 'available' }),
  makeDrill('crm-broken', web.id, { status: 'error' }),
  makeDrill('仓库演练', db.id, { status: 'available' }),
];
const DRILLS = 'disaster-recovery-drills';
const GROUP_LABELS = ['crm-app', '数据仓库-灾备'];

function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

describe('refresh failures and ordering', function () {
  let h: Harness;

  before(async () => {
    h = await openHarness({ groups: [web, db], drills });
  });
  beforeEach(async () => {
    await h.reset();
  });
  after(async () => {
    await h?.dispose();
  });

  const groupLabels = (): string[] => h.groups().map((g) => labelOf(h.item(g)));

  /** Drops the listing, breaks SDRS with `cause`, and lets the first load fail; returns the single root node. */
  async function failFirstLoad(cause: () => void | Promise<void>): Promise<StateNode> {
    await h.forgetListing();
    await cause();
    await h.storeCredentials();
    const roots = h.roots();
    assert.equal(roots.length, 1, `expected one error node, got ${roots.map((n) => n.kind).join(', ')}`);
    assert.ok(isState(roots[0], 'error'), `root is ${roots[0].kind}${isState(roots[0]) ? `/${roots[0].state}` : ''}`);
    return roots[0];
  }

  /** The node retries through its own command, and the groups come back. */
  async function retryRecovers(node: StateNode): Promise<void> {
    const command = h.item(node).command;
    assert.equal(command?.command, 'sdrsDrills.refresh');
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    await settle(h.api);
    assert.equal(h.model.error, undefined, h.model.error?.describe());
    assert.deepEqual(groupLabels(), GROUP_LABELS);
  }

  function assertErrorItem(node: StateNode, label: string, tooltipParts: string[]): void {
    const item = h.item(node);
    assert.equal(labelOf(item), label);
    assert.equal(item.contextValue, 'error');
    const tooltip = markdownOf(item);
    assert.ok(!tooltip.isTrusted && !tooltip.supportHtml, 'error tooltip is trusted');
    // appendText turns spaces into &nbsp;; compare as plain text.
    const text = tooltip.value.replace(/&nbsp;/g, ' ');
    for (const part of tooltipParts) assert.ok(text.includes(part), `tooltip lacks ${part}: ${text}`);
  }

  const lastDrillRequest = (since: number, status: number): string => {
    const r = h
      .drillListRequests(since)
      .filter((x) => x.status === status)
      .at(-1);
    assert.ok(r, `no drill list request answered ${status}`);
    return r.requestId;
  };

  it('401 from the gateway (APIGW.0301): error node with code and request ID, retry recovers', async () => {
    const since = h.mark();
    const accepted = h.emulator.options.credentials;
    // The service now expects another SK: a real signature rejection, in the gateway's flat body shape.
    const node = await failFirstLoad(() => void (h.emulator.options.credentials = { ...accepted, secretKey: 'rotated-secret-key-000000' }));
    const requestId = lastDrillRequest(since, 401);
    assert.equal(node.error?.code, 'APIGW.0301');
    assert.equal(node.error?.requestId, requestId);
    assertErrorItem(node, vscode.l10n.t('Authentication failed: check the AK/SK or IAM token'), ['APIGW.0301', '401', requestId]);
    assert.equal(h.item(node).description, 'APIGW.0301');

    h.emulator.options.credentials = accepted;
    await retryRecovers(node);
  });

  it('403 for a project the credentials cannot use: error node with code and request ID, retry recovers', async () => {
    const since = h.mark();
    const project = h.emulator.options.projectId;
    const node = await failFirstLoad(() => void (h.emulator.options.projectId = 'ffffffffffffffffffffffffffffffff'));
    const requestId = lastDrillRequest(since, 403);
    assertErrorItem(node, vscode.l10n.t('Access denied: the credentials lack permission for SDRS in this project'), ['SDRS.0001', '403', requestId]);
    h.emulator.options.projectId = project;
    await retryRecovers(node);
  });

  it('500: error node with code and request ID, retry after clearFaults recovers', async () => {
    const since = h.mark();
    const node = await failFirstLoad(() =>
      h.emulator.injectFault({ path: DRILLS, status: 500, body: { error: { code: 'SDRS.1000', message: 'Internal error' } }, times: Infinity }),
    );
    const requestId = lastDrillRequest(since, 500);
    assertErrorItem(node, vscode.l10n.t('SDRS had an internal error'), ['SDRS.1000', '500', requestId, 'Internal error']);
    h.emulator.clearFaults();
    await retryRecovers(node);
  });

  it('connection reset on every attempt: network error node after the retries, retry recovers', async () => {
    const since = h.mark();
    const node = await failFirstLoad(() => h.emulator.injectFault({ path: DRILLS, kind: 'reset', times: Infinity }));
    assert.equal(node.error?.kind, 'network');
    assert.equal(node.error?.errno, 'ECONNRESET');
    assertErrorItem(node, vscode.l10n.t('Could not reach SDRS: {0}', node.error!.message), ['ECONNRESET']);
    // Idempotent GETs are retried (3 attempts) before the failure is shown.
    assert.ok(h.drillListRequests(since).length >= 3, `only ${h.drillListRequests(since).length} attempts`);
    h.emulator.clearFaults();
    await retryRecovers(node);
  });

  it('nothing listening at the endpoint: "connection refused" error node', async () => {
    const port = await closedPort();
    try {
      const node = await failFirstLoad(() => setSetting('endpoint', `http://127.0.0.1:${port}`));
      assert.equal(node.error?.errno, 'ECONNREFUSED');
      assertErrorItem(node, vscode.l10n.t('Connection refused: nothing is listening at the SDRS endpoint'), ['ECONNREFUSED']);
    } finally {
      await setSetting('endpoint', h.emulator.url);
      await settle(h.api);
    }
    assert.deepEqual(groupLabels(), GROUP_LABELS);
  });

  it('keeps a good listing when a later refresh fails, with a stale node first', async () => {
    assert.deepEqual(groupLabels(), GROUP_LABELS);
    const since = h.mark();
    h.emulator.injectFault({ path: DRILLS, status: 500, body: { error: { code: 'SDRS.1000', message: 'Internal error' } }, times: Infinity });
    await h.refresh();

    const roots = h.roots();
    assert.ok(isState(roots[0], 'stale'), `first root is ${roots[0]?.kind}`);
    assert.deepEqual(
      roots.slice(1).map((n) => labelOf(h.item(n))),
      GROUP_LABELS,
      'the failed refresh blanked the tree',
    );
    const item = h.item(roots[0]);
    assert.ok(labelOf(item).includes(vscode.l10n.t('SDRS had an internal error')), labelOf(item));
    assert.equal(item.command?.command, 'sdrsDrills.refresh');
    assert.ok(markdownOf(item).value.includes(lastDrillRequest(since, 500)));
    // Drills under the kept groups are still there.
    assert.equal(h.children(h.group('crm-app')).length, 2);

    h.emulator.clearFaults();
    await retryRecovers(roots[0]);
    assert.ok(!h.roots().some((n) => isState(n)), 'the stale node stayed after a good refresh');
  });

  it('keeps drills when only the protection group call fails, and says why names may be missing', async () => {
    h.emulator.injectFault({ path: 'server-groups', status: 500, body: { error: { code: 'SDRS.1000', message: 'Internal error' } }, times: Infinity });
    await h.refresh();
    const { view } = h.api.services;
    const model = h.model;
    assert.equal(model.error, undefined);
    assert.equal(model.listing?.groupsError?.code, 'SDRS.1000');
    assert.ok(view.treeView.message?.includes('SDRS.1000'), `view message: ${view.treeView.message}`);
    // Names from the last good server-groups call are still used.
    assert.deepEqual(groupLabels(), GROUP_LABELS);

    h.emulator.clearFaults();
    await h.refresh();
    assert.equal(view.treeView.message, undefined);
  });

  it('pages through the list with sdrs.pageSize, keeping every drill', async () => {
    const many = Array.from({ length: 5 }, (_, i) => makeDrill(`page-drill-${i}`, web.id));
    h.emulator.data = { groups: [web, db], drills: many };
    const since = h.mark();
    try {
      await setSetting('pageSize', 2);
      await settle(h.api);
      await h.refresh();
      assert.deepEqual(
        h.children(h.group('crm-app')).map((n) => (n.kind === 'drill' ? n.drill.name : n.kind)),
        many.map((d) => d.name),
      );
      const pages = h.drillListRequests(since).filter((r) => r.query.limit?.[0] === '2');
      assert.ok(pages.length >= 3, `only ${pages.length} pages of 2 were requested`);
      assert.deepEqual([...new Set(pages.map((r) => r.query.offset?.[0]))].sort(), ['0', '2', '4']);
    } finally {
      h.emulator.data = { groups: [web, db], drills };
      await setSetting('pageSize', undefined);
      await settle(h.api);
    }
  });

  it('refreshes by itself while a drill is creating, and picks up the new status', async () => {
    const { view } = h.api.services;
    const model = h.model;
    const creating = makeDrill('auto-refresh-drill', web.id, { status: 'creating' });
    h.emulator.data = { groups: [web, db], drills: [creating] };
    await vscode.commands.executeCommand('sdrsDrills.focus');
    await waitFor(() => view.treeView.visible, 'the drill view to be visible');
    try {
      await setSetting('autoRefreshSeconds', 1);
      await settle(h.api);
      assert.equal(model.hasTransitionalDrills, true);

      // The service finishes creating the drill; no one refreshes by hand.
      h.emulator.data.drills[0] = { ...creating, status: 'available' };
      await waitFor(() => model.listing?.groups[0]?.drills[0]?.status === 'available', 'the automatic refresh', 8000);
      assert.equal(model.hasTransitionalDrills, false);
    } finally {
      await setSetting('autoRefreshSeconds', 0);
      h.emulator.data = { groups: [web, db], drills };
      await settle(h.api);
    }
  });

  /** Records the filter of every listing the model applies from now on. */
  function recordApplied(): { filters: DrillFilter[]; dispose(): void } {
    const model = h.model;
    let seen = model.listing;
    const filters: DrillFilter[] = [];
    const sub = model.onDidChange(() => {
      if (model.listing && model.listing !== seen) filters.push(model.listing.filter);
      seen = model.listing;
    });
    return { filters, dispose: () => sub.dispose() };
  }

  it('cancels an older refresh in flight when a newer one starts (filter change)', async () => {
    const model = h.model;
    // Refresh A's drill list call never answers on its own.
    h.emulator.injectFault({ path: DRILLS, kind: 'hang', times: 1 });
    const since = h.mark();
    const applied = recordApplied();
    try {
      const a = model.refresh();
      await waitFor(() => h.drillListRequests(since).length === 1, 'refresh A to reach SDRS');
      assert.equal(h.drillListRequests(since)[0].query.status, undefined);

      // Refresh B: the filter command reloads the tree.
      await vscode.commands.executeCommand('sdrsDrills.filter', { status: 'available' });
      // Refresh A's request hangs: only a cancel ends it (else mocha's timeout does, and the test fails).
      await a;
      await settle(h.api);

      assert.deepEqual(model.listing?.filter, { status: 'available' });
      assert.deepEqual(
        model.listing?.groups.flatMap((g) => g.drills.map((d) => d.status)),
        ['available', 'available'],
      );
      assert.equal(model.error, undefined);
      assert.deepEqual(applied.filters, [{ status: 'available' }], 'a listing other than the newest was applied');
      assert.equal(h.drillListRequests(since)[0].status, 0, 'refresh A was answered');
    } finally {
      applied.dispose();
    }
  });

  it('applies only the newest result when an older, slower refresh is still in flight', async () => {
    const model = h.model;
    h.emulator.setLatency(400);
    const since = h.mark();
    const applied = recordApplied();
    try {
      const a = model.refresh();
      await waitFor(() => h.drillListRequests(since).length === 1, 'refresh A to reach SDRS');
      await vscode.commands.executeCommand('sdrsDrills.filter', { name: '仓库' });
      await a;
      await settle(h.api, 600);

      assert.deepEqual(model.listing?.filter, { name: '仓库' });
      assert.deepEqual(
        model.listing?.groups.map((g) => g.label),
        ['数据仓库-灾备'],
      );
      assert.deepEqual(applied.filters, [{ name: '仓库' }], "refresh A's listing was applied");
      const requests = h.drillListRequests(since);
      assert.deepEqual(
        requests.map((r) => r.query.name?.[0]),
        [undefined, '仓库'],
      );
    } finally {
      applied.dispose();
    }
  });
});
