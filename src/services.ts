// The long-lived pieces commands work with, created once in activate().
import type * as vscode from 'vscode';
import type { ClientFactory } from './config/clientFactory';
import type { CredentialStore } from './config/credentials';
import type { IdService } from './editor/idService';
import type { FilterState } from './filter/filterState';
import type { JobWatcher } from './jobs/jobWatcher';
import type { DrillView } from './tree/drillView';
import type { ConnectionRegistry } from './model/connectionRegistry';

export interface Services {
  registry: ConnectionRegistry;
  view: DrillView;
  filterState: FilterState;
  credentials: CredentialStore;
  clients: ClientFactory;
  log: vscode.LogOutputChannel;
  jobs: JobWatcher;
  /** Every listed ID, for the editor features. */
  ids: IdService;
}
