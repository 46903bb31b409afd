// The kinds of node in the drill tree, as plain data. A new kind is one interface here, one line in DrillTreeNode,
// and one spec file (see spec.ts): the compiler then names every concern it must fill.
import type { ConnectionConfig } from '../../model/types';
import type { ConnectionState, MissingSetup } from '../../model/connectionModel';
import type { SdrsError } from '../../sdrs/errors';
import type { DrillGroup } from '../../sdrs/grouping';
import type { DisasterRecoveryDrill, DrillServer, FailedTask, ProtectedInstance } from '../../sdrs/model';

/** A connection's root, shown when there is more than one connection. */
export interface ConnectionNode {
  kind: 'connection';
  connection: string;
  config: ConnectionConfig;
  state: ConnectionState;
  parent?: undefined;
}
export interface GroupNode {
  kind: 'protectionGroup';
  connection: string;
  group: DrillGroup;
  /** Undefined when the only connection's groups are the roots. */
  parent?: ConnectionNode;
}
export interface DrillNode {
  kind: 'drill';
  connection: string;
  drill: DisasterRecoveryDrill;
  parent: GroupNode;
}
export interface DrillServerNode {
  kind: 'drillServer';
  connection: string;
  server: DrillServer;
  drill: DisasterRecoveryDrill;
  /**
   * How many earlier siblings carry the same `drill_server_id` (0 for the first). Exact repeats are
   * dropped when the model is built; what is left (one server ID listed with two protected
   * instances) is shown, each row with its own tree ID.
   */
  occurrence: number;
  /** The protected instance it copies, when the instance listing named it. */
  instance?: ProtectedInstance;
  parent: DrillNode;
}
/** A drill task SDRS failed and keeps in its task center, listed under its protection group until dismissed. */
export interface FailedTaskNode {
  kind: 'failedTask';
  connection: string;
  task: FailedTask;
  parent: GroupNode;
}
/** Loading, empty, failed and unconfigured states: made only by `stateNode`, so every list shows them alike. */
export interface StateNode {
  kind: 'state';
  connection: string;
  state: 'loading' | 'empty' | 'emptyFiltered' | 'error' | 'stale' | 'unconfigured';
  error?: SdrsError;
  /** When the shown data was fetched (stale nodes). */
  fetchedAt?: Date;
  /** What an unconfigured connection lacks. */
  missing?: readonly MissingSetup[];
  /** The account whose credentials are missing. */
  account?: string;
  parent?: ConnectionNode;
}

export type DrillTreeNode = ConnectionNode | GroupNode | DrillNode | DrillServerNode | FailedTaskNode | StateNode;
export type NodeKind = DrillTreeNode['kind'];
export type NodeOf<K extends NodeKind> = Extract<DrillTreeNode, { kind: K }>;

/** Context values that package.json menus match with `viewItem == …`. */
export const CONTEXT = {
  connection: 'connection',
  protectionGroup: 'protectionGroup',
  drillableGroup: 'protectionGroup.drillable',
  drill: 'drill',
  deletableDrill: 'drill.deletable',
  drillServer: 'drillServer',
  failedTask: 'failedTask',
  error: 'error',
  emptyFiltered: 'emptyFiltered',
} as const;

export function stateNode(
  connection: string,
  parent: ConnectionNode | undefined,
  state: StateNode['state'],
  extra: Omit<StateNode, 'kind' | 'state' | 'connection' | 'parent'> = {},
): StateNode {
  return { kind: 'state', connection, parent, state, ...extra };
}
