// Entry point: wires the SDRS explorer's pieces together and does nothing else.
import * as vscode from 'vscode';
import { registerCopyCommands } from './commands/copy';
import { registerCredentialCommands } from './commands/credentials';
import { registerFilterCommands } from './commands/filter';
import { registerInsertIdCommand } from './commands/insertId';
import { registerRefreshCommand } from './commands/refresh';
import { registerSelectRegionCommand } from './commands/selectRegion';
import { registerSetProjectIdCommand } from './commands/setProjectId';
import { registerShowDrillDetailsCommand } from './commands/showDrillDetails';
import { registerShowLogCommand } from './commands/showLog';
import { ConnectionFactory } from './config/connection';
import { CredentialStore } from './config/credentials';
import { onDidChangeSettings } from './config/settings';
import { FilterState } from './filter/filterState';
import { createLog } from './log';
import type { Services } from './services';
import { DrillView } from './tree/drillView';
import { ExplorerModel } from './tree/explorerModel';

/** Returned from activate() for the integration tests; not a public API. */
export interface ExtensionApi {
  services: Services;
  activationMs: number;
  /** Where VS Code keeps this extension's logs; the Output channel's file is in a sibling folder. */
  logUri: vscode.Uri;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const started = performance.now();
  const log = createLog();
  const credentials = new CredentialStore(context.secrets);
  const connections = new ConnectionFactory(credentials, log);
  const filterState = new FilterState(context.workspaceState);
  const model = new ExplorerModel(connections, filterState, log);
  const view = new DrillView(model, filterState);
  const services: Services = { model, view, filterState, credentials, connections, log };

  context.subscriptions.push(
    log,
    credentials,
    filterState,
    model,
    view,
    registerRefreshCommand(services),
    registerShowLogCommand(services),
    registerInsertIdCommand(),
    registerSelectRegionCommand(),
    registerSetProjectIdCommand(),
    ...registerCopyCommands(),
    ...registerFilterCommands(services),
    ...registerCredentialCommands(services),
    ...registerShowDrillDetailsCommand(services),
    credentials.onDidChange(() => void view.refresh()),
    onDidChangeSettings(() => void view.refresh()),
  );
  // The first load runs after activation returns; activation itself does no network work.
  void view.refresh();
  const activationMs = performance.now() - started;
  log.info(`SDRS Drill Explorer activated in ${activationMs.toFixed(1)} ms`);
  return { services, activationMs, logUri: context.logUri };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
