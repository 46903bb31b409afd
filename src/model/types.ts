// What a connection is: the types and constants that settings, the models and the view share. Free of vscode.

/** The account whose credentials the single-project setup used: its secret keeps its old key. */
export const DEFAULT_ACCOUNT = 'default';
/** ID of the connection made from `sdrs.region` + `sdrs.projectId` while `sdrs.connections` is empty. */
export const LEGACY_CONNECTION_ID = 'default';

/** One entry of `sdrs.connections`, as a user may write it in settings.json. */
export interface ConnectionSetting {
  label?: string;
  account?: string;
  region?: string;
  projectId?: string;
  /** The project's name in IAM, for the default label. */
  projectName?: string;
  /** SDRS base URL for this connection only (private clouds, tests); else `sdrs.endpoint`, else the region's. */
  endpoint?: string;
}

export interface ConnectionConfig {
  /** Stable: account, region, project and endpoint; the label is not part of it, so renaming keeps filters and cache. */
  readonly id: string;
  readonly label: string;
  readonly account: string;
  readonly region: string;
  readonly projectId: string;
  readonly projectName?: string;
  readonly endpoint?: string;
  /** Made from `sdrs.region` + `sdrs.projectId`, not from `sdrs.connections`. */
  readonly legacy: boolean;
}
