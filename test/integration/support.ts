// Shared setup for the in-host suite: the extension's API, an SDRS emulator wired in through real settings and SecretStorage, polling helpers.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { LEGACY_CONNECTION_ID } from '../../src/config/connections';
import type { ExtensionApi } from '../../src/extension';
import type { ConnectionModel } from '../../src/model/connectionModel';
import type { SdrsCredentials } from '../../src/sdrs/transport';
import type { DisasterRecoveryDrill, ProtectionGroup } from '../../src/sdrs/model';
import type { DrillNode, DrillServerNode, DrillTreeNode, GroupNode, StateNode } from '../../src/tree/nodes';
import { startEmulator, type Emulator, type EmulatorData, type RecordedRequest } from '../emulator/emulator';
import type { SaidMessage } from '../../src/ui/say';

export const EXTENSION_ID = 'sdrs-drill-explorer.sdrs-drill-explorer';
/** What the emulator accepts and what the tests store; deliberately not the emulator's defaults. */
export const ACCESS_KEY = 'ITESTACCESSKEY000001';
export const SECRET_KEY = 'itest-secret-key-0123456789abcdef';

const DRILLS_PATH = /\/disaster-recovery-drills$/;

/** Prints a line into the mocha report (index.ts routes mocha's console to the runner). */
export function report(line: string): void {
  Mocha.reporters.Base.consoleLog(line);
}

export async function getApi(): Promise<ExtensionApi> {
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  const api = await ext.activate();
  assert.ok(api?.services, 'activate() returned no services');
  return api;
}

/** Everything the extension's Output channel has written so far: VS Code keeps its file beside the extension's log folder. */
export function readOutputLog(api: ExtensionApi): string {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('SDRS Drill Explorer.log')) files.push(full);
    }
  };
  walk(path.dirname(api.logUri.fsPath));
  return files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
}

/** Opens the SDRS view (the workbench asks for rows only while it is visible) and waits until it is. */
export async function showView(api: ExtensionApi): Promise<void> {
  await vscode.commands.executeCommand('sdrsDrills.focus');
  await waitFor(() => api.services.view.treeView.visible, 'the drill view to be visible');
}

/**
 * How long a wait may take before it fails: a watchdog for a state that never comes, never a window a test relies
 * on. Passing tests never wait for it, so it is generous enough for a machine busy with other work.
 */
export const WAIT_MS = Number(process.env.SDRS_WAIT_MS ?? 60_000);

/** Polls until `condition` holds; fails with `what` after `timeoutMs`. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** One answer to a prompt, as a keyboard user gives it: arrow down `down` times, then Enter (or Escape with `cancel`). */
export interface PromptAnswer {
  down?: number;
  cancel?: boolean;
}

/**
 * Starts a command and answers the quick picks and input boxes it shows, each once the extension says it is on screen
 * (never after waiting a while: a busy machine shows it later), then resolves with the command's own result.
 */
export async function answering<T>(api: ExtensionApi, start: () => Thenable<T>, answers: readonly PromptAnswer[]): Promise<T> {
  const shown: string[] = [];
  const sub = api.onDidShowPrompt((p) => shown.push(p.title ?? p.kind));
  try {
    const running = start();
    for (const [i, step] of answers.entries()) {
      await waitFor(() => shown.length > i, `prompt ${i + 1} of ${answers.length} to be shown (shown so far: ${shown.join(' → ') || 'none'})`);
      for (let n = 0; n < (step.down ?? 0); n++) await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
      await vscode.commands.executeCommand(step.cancel ? 'workbench.action.closeQuickOpen' : 'workbench.action.acceptSelectedQuickOpenItem');
    }
    return await running;
  } finally {
    sub.dispose();
  }
}

/** Resolves with the first event `event` fires for which `matches` holds; the listener is added before `cause` runs. */
export async function eventAfter<T>(event: vscode.Event<T>, matches: (value: T) => boolean, cause: () => Thenable<unknown>, what: string): Promise<void> {
  let seen = false;
  const sub = event((value) => (seen ||= matches(value)));
  try {
    await cause();
    await waitFor(() => seen, what);
  } finally {
    sub.dispose();
  }
}

/**
 * Resolves once no refresh is running and none has started for `quietMs`. The causes whose effect trails the call
 * (a setting's change event, SecretStorage's) are awaited by `setSetting` and `storeCredentials`/`clearCredentials`
 * themselves, and the extension's own listeners run before a test's, so the refresh they start is already running
 * here; the quiet time only merges refreshes that follow one another (a listing, then its automatic follow-up).
 */
export async function settle(api: ExtensionApi, quietMs = 100, timeoutMs = WAIT_MS): Promise<void> {
  const { registry } = api.services;
  let last = Date.now();
  const sub = registry.onDidChange(() => (last = Date.now()));
  try {
    await waitFor(() => !registry.loading && Date.now() - last >= quietMs, 'the drill tree to settle', timeoutMs);
  } finally {
    sub.dispose();
  }
}

type SettingKey =
  | 'region'
  | 'projectId'
  | 'endpoint'
  | 'iamEndpoint'
  | 'connections'
  | 'pageSize'
  | 'concurrency'
  | 'requestTimeoutSeconds'
  | 'autoRefreshSeconds'
  | 'autoExpandDrillLimit'
  | 'checkTerraform';
const SETTING_KEYS: SettingKey[] = [
  'region',
  'projectId',
  'endpoint',
  'iamEndpoint',
  'connections',
  'pageSize',
  'concurrency',
  'requestTimeoutSeconds',
  'autoRefreshSeconds',
  'autoExpandDrillLimit',
  'checkTerraform',
];

/** The connection made from `sdrs.region` + `sdrs.projectId`: the one the single-connection suites use. */
export function legacyModel(api: ExtensionApi): ConnectionModel {
  const entry = api.services.registry.get(LEGACY_CONNECTION_ID);
  assert.ok(entry, `no legacy connection; connections: ${api.services.registry.connections.map((e) => e.config.id).join(', ')}`);
  return entry.model;
}

/**
 * Writes a user setting and resolves once the extension has seen the change: its configuration listener (registered
 * at activation, so it runs before this one) has started whatever refresh the change causes. A value that is already
 * set causes no event and is not waited for.
 */
export async function setSetting(key: SettingKey, value: unknown): Promise<void> {
  const config = vscode.workspace.getConfiguration('sdrs');
  const update = (): Thenable<void> => config.update(key, value, vscode.ConfigurationTarget.Global);
  if (JSON.stringify(config.inspect(key)?.globalValue) === JSON.stringify(value)) return update();
  await eventAfter(
    vscode.workspace.onDidChangeConfiguration,
    (e) => e.affectsConfiguration(`sdrs.${key}`),
    update,
    `the change of sdrs.${key} to reach the extension`,
  );
}

/** Stores an account's credentials and resolves once the extension has heard of it (SecretStorage's event trails the call). */
export async function storeCredentials(api: ExtensionApi, credentials: SdrsCredentials, account = 'default'): Promise<void> {
  const store = api.services.credentials;
  await eventAfter(
    store.onDidChange,
    (a) => a === account,
    () => store.store(credentials, account),
    `the new credentials of ${account} to reach the extension`,
  );
}

/** Removes an account's credentials and resolves once the extension has heard of it (nothing to wait for if there were none). */
export async function clearCredentials(api: ExtensionApi, account = 'default'): Promise<void> {
  const store = api.services.credentials;
  if ((await store.resolve(account))?.source !== 'secretStorage') return store.clear(account);
  await eventAfter(
    store.onDidChange,
    (a) => a === account,
    () => store.clear(account),
    `the removal of ${account}'s credentials to reach the extension`,
  );
}

export interface Harness {
  api: ExtensionApi;
  emulator: Emulator;
  /** The only connection's model (the legacy one, made from the settings the harness writes). */
  readonly model: ConnectionModel;
  /** Root nodes exactly as the view asks for them. */
  roots(): DrillTreeNode[];
  children(node: DrillTreeNode): DrillTreeNode[];
  groups(): GroupNode[];
  /** getTreeItem followed by resolveTreeItem, as the workbench does on hover. */
  item(node: DrillTreeNode): vscode.TreeItem;
  group(name: string): GroupNode;
  drill(id: string): DrillNode;
  server(drillId: string, serverId: string): DrillServerNode;
  /** Replaces the emulator's data and reloads the tree. */
  load(data: EmulatorData): Promise<void>;
  /** A full refresh through the model; resolves when it (the newest) has been applied. */
  refresh(): Promise<void>;
  /** Index into emulator.requests, for "requests since" checks. */
  mark(): number;
  drillListRequests(since: number): RecordedRequest[];
  /** Undoes per-test changes: faults, latency, server-side credentials and project, filter. */
  reset(): Promise<void>;
  /** Stores the test credentials in SecretStorage (the default state). */
  storeCredentials(): Promise<void>;
  /** Leaves the model without a listing (credentials missing), so the next load is a first load. */
  forgetListing(): Promise<void>;
  dispose(): Promise<void>;
}

/** Starts an emulator over `data`, points the extension at it through real settings and SecretStorage, and waits for the first listing. */
export async function openHarness(data: EmulatorData): Promise<Harness> {
  const api = await getApi();
  const { view, filterState, credentials } = api.services;
  const emulator = await startEmulator({ data, credentials: { accessKey: ACCESS_KEY, secretKey: SECRET_KEY } });
  const serverSide = { projectId: emulator.options.projectId, credentials: { ...emulator.options.credentials } };
  const config = vscode.workspace.getConfiguration('sdrs');
  const previous = new Map(SETTING_KEYS.map((k) => [k, config.inspect(k)?.globalValue] as const));

  const provider = view.provider;
  const roots = (): DrillTreeNode[] => provider.children();
  const groups = (): GroupNode[] => roots().filter((n): n is GroupNode => n.kind === 'protectionGroup');
  const children = (node: DrillTreeNode): DrillTreeNode[] => provider.children(node);
  const settled = (): Promise<void> => settle(api);

  const harness: Harness = {
    api,
    emulator,
    get model() {
      return legacyModel(api);
    },
    roots,
    children,
    groups,
    item: (node) => provider.resolveTreeItem(provider.getTreeItem(node), node),
    group(name) {
      const found = groups().find((g) => g.group.label === name);
      assert.ok(
        found,
        `no protection group node labelled ${name}; have ${groups()
          .map((g) => g.group.label)
          .join(', ')}`,
      );
      return found;
    },
    drill(id) {
      for (const g of groups()) {
        const found = children(g).find((n): n is DrillNode => n.kind === 'drill' && n.drill.id === id);
        if (found) return found;
      }
      return assert.fail(`no drill node ${id}`);
    },
    server(drillId, serverId) {
      const found = children(harness.drill(drillId)).find((n): n is DrillServerNode => n.kind === 'drillServer' && n.server.drill_server_id === serverId);
      assert.ok(found, `no drill server node ${serverId} under drill ${drillId}`);
      return found;
    },
    async load(next) {
      emulator.data = next;
      await harness.refresh();
    },
    async refresh() {
      await harness.model.refresh();
      await waitFor(() => !harness.model.loading, 'the refresh to finish');
    },
    mark: () => emulator.requests.length,
    drillListRequests: (since) => emulator.requests.slice(since).filter((r) => DRILLS_PATH.test(r.path)),
    async reset() {
      emulator.clearFaults();
      emulator.setLatency(0);
      emulator.options.projectId = serverSide.projectId;
      emulator.options.credentials = { ...serverSide.credentials };
      await filterState.clearAll();
      if ((await credentials.resolve())?.source !== 'secretStorage') await harness.storeCredentials();
      await harness.refresh();
      assert.equal(harness.model.error, undefined, `reset left an error: ${harness.model.error?.describe()}`);
      assert.ok(harness.model.listing, 'reset left no listing');
    },
    async storeCredentials() {
      await storeCredentials(api, { kind: 'aksk', accessKey: ACCESS_KEY, secretKey: SECRET_KEY });
      await settled();
    },
    async forgetListing() {
      await clearCredentials(api);
      await settled();
      await waitFor(() => harness.model.listing === undefined && harness.model.missing.includes('credentials'), 'the listing to be dropped');
    },
    async dispose() {
      emulator.clearFaults();
      await filterState.clearAll();
      await clearCredentials(api);
      for (const [key, value] of previous) await setSetting(key, value);
      await settled();
      await emulator.close();
    },
  };

  await filterState.clearAll();
  await setSetting('connections', undefined);
  await setSetting('endpoint', emulator.url);
  await setSetting('projectId', emulator.projectId);
  // One page request per list call and no timer-driven refreshes, so request logs are exact.
  await setSetting('concurrency', 1);
  await setSetting('autoRefreshSeconds', 0);
  await setSetting('requestTimeoutSeconds', 10);
  await harness.storeCredentials();
  await harness.refresh();
  assert.equal(harness.model.error, undefined, `first listing failed: ${harness.model.error?.describe()}`);
  assert.ok(harness.model.listing, 'no first listing');
  return harness;
}

export function isState(node: DrillTreeNode | undefined, state?: StateNode['state']): node is StateNode {
  return node?.kind === 'state' && (state === undefined || node.state === state);
}

/** The label of a tree item as a plain string. */
export function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

export function markdownOf(item: vscode.TreeItem): vscode.MarkdownString {
  assert.ok(item.tooltip instanceof vscode.MarkdownString, `tooltip is not a MarkdownString: ${String(item.tooltip)}`);
  return item.tooltip;
}

// ---------------------------------------------------------------------------------------------------------------------
// Fixtures: explicit data so every expectation is exact.

let counter = 0;
/** A fresh, valid-looking UUID (v4 layout) that is unique within the run. */
export function uuid(): string {
  const n = (++counter).toString(16).padStart(12, '0');
  return `0000${n.slice(0, 4)}-${n.slice(4, 8)}-4000-8000-${n}`;
}

export function makeGroup(name: string, extra: Partial<ProtectionGroup> = {}): ProtectionGroup {
  return {
    id: uuid(),
    name,
    description: `protection group ${name}`,
    status: 'protected',
    source_availability_zone: 'cn-north-4a',
    target_availability_zone: 'cn-north-4b',
    protected_instance_num: 2,
    disaster_recovery_drill_num: 1,
    created_at: '2024-01-02 03:04:05.678',
    updated_at: '2024-01-02 03:04:05.678',
    ...extra,
  };
}

let clock = Date.UTC(2024, 5, 1);
export function makeDrill(name: string, groupId: string, extra: Partial<DisasterRecoveryDrill> = {}): DisasterRecoveryDrill {
  // Strictly increasing creation times, so server order is creation order.
  const created = new Date((clock += 60_000)).toISOString().replace('T', ' ').replace('Z', '');
  return {
    id: uuid(),
    name,
    status: 'available',
    server_group_id: groupId,
    drill_vpc_id: uuid(),
    created_at: created,
    updated_at: created,
    drill_servers: [{ protected_instance: uuid(), drill_server_id: uuid() }],
    ...extra,
  };
}

/** Every notification and status-bar message the extension shows from now on, as a person would read it. */
export interface SaidLog {
  readonly messages: SaidMessage[];
  /** The first message of `kind` since the last clear, once it is shown. */
  next(kind: SaidMessage['kind'], what: string): Promise<SaidMessage>;
  clear(): void;
  dispose(): void;
}

export function collectSaid(api: ExtensionApi): SaidLog {
  const messages: SaidMessage[] = [];
  const subscription = api.onDidSay((m) => messages.push(m));
  return {
    messages,
    async next(kind, what) {
      await waitFor(() => messages.some((m) => m.kind === kind), `${what}: a ${kind} message`);
      return messages.find((m) => m.kind === kind)!;
    },
    clear: () => void messages.splice(0, messages.length),
    dispose: () => subscription.dispose(),
  };
}
