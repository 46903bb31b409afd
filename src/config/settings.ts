// Reads the `sdrs.*` settings with their documented defaults and bounds, and reports changes.
import * as vscode from 'vscode';

export const SECTION = 'sdrs';

export interface SdrsSettings {
  region: string;
  projectId: string;
  /** Custom base URL; application-scoped (user settings only) so a workspace cannot redirect signed requests. */
  endpoint: string;
  /** IAM base URL for project lookups (private clouds, tests); application-scoped like `endpoint`. */
  iamEndpoint: string;
  pageSize: number;
  concurrency: number;
  requestTimeoutSeconds: number;
  autoRefreshSeconds: number;
  /** Protection groups start expanded while the listing has at most this many drills; 0 never. */
  autoExpandDrillLimit: number;
  /** How long a create or delete job is followed before the extension stops watching it. */
  jobTimeoutMinutes: number;
  /** Check literal SDRS IDs in Terraform files against the listings. */
  checkTerraform: boolean;
}

function clampInt(value: unknown, min: number, max: number, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : fallback;
}

export function readSettings(): SdrsSettings {
  const c = vscode.workspace.getConfiguration(SECTION);
  // Endpoint is read from user settings only, even if a workspace file tries to set it.
  const endpoint = c.inspect<string>('endpoint');
  const iamEndpoint = c.inspect<string>('iamEndpoint');
  return {
    region: (c.get<string>('region') ?? '').trim(),
    projectId: (c.get<string>('projectId') ?? '').trim(),
    endpoint: (endpoint?.globalValue ?? endpoint?.defaultValue ?? '').trim(),
    iamEndpoint: (iamEndpoint?.globalValue ?? iamEndpoint?.defaultValue ?? '').trim(),
    pageSize: clampInt(c.get('pageSize'), 1, 1000, 1000),
    concurrency: clampInt(c.get('concurrency'), 1, 16, 4),
    requestTimeoutSeconds: clampInt(c.get('requestTimeoutSeconds'), 1, 300, 30),
    autoRefreshSeconds: clampInt(c.get('autoRefreshSeconds'), 0, 3600, 15),
    autoExpandDrillLimit: clampInt(c.get('autoExpandDrillLimit'), 0, 100_000, 200),
    jobTimeoutMinutes: clampInt(c.get('jobTimeoutMinutes'), 1, 180, 10),
    checkTerraform: c.get('checkTerraform') !== false,
  };
}

export async function updateSetting(key: keyof SdrsSettings, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(key, value, vscode.ConfigurationTarget.Global);
}
