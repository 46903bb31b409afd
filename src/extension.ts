// Entry point: wires the extension's pieces together and does nothing else.
import * as vscode from 'vscode';
import { registerCopyCommands } from './commands/copy';
import { registerCredentialCommands } from './commands/credentials';
import { registerFilterCommands } from './commands/filter';
import { registerInsertIdCommand } from './commands/insertId';
import { registerRefreshCommand } from './commands/refresh';
import { registerRenameDrillCommand } from './commands/renameDrill';
import { registerCreateDrillCommand } from './commands/createDrill';
import { registerDeleteDrillCommand } from './commands/deleteDrill';
import { registerDismissFailedTaskCommand } from './commands/dismissFailedTask';
import { JobWatcher } from './jobs/jobWatcher';
import { registerSelectRegionCommand } from './commands/selectRegion';
import { registerSetProjectIdCommand } from './commands/setProjectId';
import { registerShowDrillDetailsCommand } from './commands/showDrillDetails';
import { registerShowLogCommand } from './commands/showLog';
import { registerConnectionCommands } from './commands/connections';
import { registerIdCommands } from './commands/revealId';
import { COMPLETION_TRIGGERS, IdCompletionProvider } from './editor/completion';
import { IdHoverProvider } from './editor/hover';
import { IdService } from './editor/idService';
import { registerIdLinks } from './editor/links';
import { TerraformCheck } from './editor/terraformCheck';
import { ListingCache } from './cache/listingCache';
import { ClientFactory } from './config/clientFactory';
import { readConnections } from './config/connections';
import { CredentialStore } from './config/credentials';
import { FilterState } from './filter/filterState';
import { createLog } from './log';
import type { Services } from './services';
import { DrillView } from './tree/drillView';
import { ConnectionRegistry } from './model/connectionRegistry';
import { wireRefreshTriggers } from './tree/refreshTriggers';
import { onDidShowPrompt, type ShownPrompt } from './ui/prompts';
import { onDidSay, type SaidMessage } from './ui/say';

interface ManifestJson {
  contributes: { configuration: { properties: Record<string, unknown> } };
}

/** Returned from activate() for the integration tests; not a public API. */
export interface ExtensionApi {
  services: Services;
  /** Announces each quick pick and input box once it is on screen, so the suite answers prompts when they are shown. */
  onDidShowPrompt: vscode.Event<ShownPrompt>;
  /** Announces every notification and status-bar message as shown, so the suite checks what a person reads. */
  onDidSay: vscode.Event<SaidMessage>;
  activationMs: number;
  /** Where VS Code keeps this extension's logs; the Output channel's file is in a sibling folder. */
  logUri: vscode.Uri;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const started = performance.now();
  const log = createLog();
  const credentials = new CredentialStore(context.secrets, context.globalState);
  const clients = new ClientFactory(credentials, log);
  const filterState = new FilterState(context.workspaceState);
  // Each connection's last good listing, drawn at once on the next activation (never secrets).
  const cache = new ListingCache(vscode.Uri.joinPath(context.globalStorageUri, 'listings').fsPath, { log: (m) => log.warn(m) });
  const registry = new ConnectionRegistry({
    readConnections,
    filter: (connection) => filterState.get(connection),
    clients,
    log,
    cache,
  });
  closing = registry;
  const view = new DrillView(registry, filterState);
  const jobs = new JobWatcher(context.globalState, registry, clients, log, view);
  // IDs in any file: hover, Ctrl/Cmd-click, completion, and the Terraform check, all answered from the listings.
  const ids = new IdService(registry);
  const services: Services = { registry, view, filterState, credentials, clients, log, jobs, ids };
  // Files on disk, remote or virtual, untitled editors, the old side of a Git diff, and Output channels (our own log too).
  const everyFile: vscode.DocumentSelector = ['file', 'untitled', 'vscode-remote', 'vscode-vfs', 'git', 'output'].map((scheme) => ({ scheme }));

  context.subscriptions.push(
    log,
    credentials,
    filterState,
    registry,
    view,
    wireRefreshTriggers(
      registry,
      view,
      credentials,
      filterState,
      Object.keys((context.extension.packageJSON as ManifestJson).contributes.configuration.properties),
    ),
    registerRefreshCommand(services),
    registerShowLogCommand(services),
    registerInsertIdCommand(services),
    registerSelectRegionCommand(),
    registerSetProjectIdCommand(),
    ...registerCopyCommands(services),
    ...registerFilterCommands(services),
    ...registerCredentialCommands(services),
    ...registerShowDrillDetailsCommand(services),
    ...registerConnectionCommands(services),
    registerRenameDrillCommand(services),
    registerCreateDrillCommand(services),
    registerDeleteDrillCommand(services),
    registerDismissFailedTaskCommand(services),
    ids,
    ...registerIdCommands(services),
    vscode.languages.registerHoverProvider(everyFile, new IdHoverProvider(ids)),
    vscode.languages.registerCompletionItemProvider(everyFile, new IdCompletionProvider(ids), ...COMPLETION_TRIGGERS),
    registerIdLinks(everyFile, ids),
    new TerraformCheck(ids),
    jobs,
    // The view's badge counts the jobs being followed.
    jobs.onDidChange(
      (n) =>
        (view.treeView.badge = n
          ? { value: n, tooltip: n === 1 ? vscode.l10n.t('1 SDRS job running') : vscode.l10n.t('{0} SDRS jobs running', n) }
          : undefined),
    ),
  );
  // Jobs a reloaded window left running are picked up again.
  void jobs.resume();
  // The first load runs after activation returns; activation itself does no network work.
  void view.refresh();
  const activationMs = performance.now() - started;
  log.info(`SDRS Drill Explorer activated in ${activationMs.toFixed(1)} ms`);
  return { services, onDidShowPrompt, onDidSay, activationMs, logUri: context.logUri };
}

/** Set by activate(): what deactivate() must let finish. */
let closing: ConnectionRegistry | undefined;

/**
 * VS Code calls this before it disposes context.subscriptions: stop the models now and let a saved listing that is
 * being written finish, so a window closing mid-save leaves the old file or the new one, and nothing writes later.
 */
export async function deactivate(): Promise<void> {
  const registry = closing;
  closing = undefined;
  registry?.dispose();
  await registry?.idle();
}
