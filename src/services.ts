// The long-lived pieces commands work with, created once in activate().
import type * as vscode from 'vscode';
import type { ConnectionFactory } from './config/connection';
import type { CredentialStore } from './config/credentials';
import type { IdService } from './editor/idService';
import type { FilterState } from './filter/filterState';
import type { JobWatcher } from './jobs/jobWatcher';
import type { DrillView } from './tree/drillView';
import type { Explorer } from './tree/explorer';

export interface Services {
  explorer: Explorer;
  view: DrillView;
  filterState: FilterState;
  credentials: CredentialStore;
  connections: ConnectionFactory;
  log: vscode.LogOutputChannel;
  jobs: JobWatcher;
  /** Every listed ID, for the editor features. */
  ids: IdService;
}
