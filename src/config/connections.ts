// The connections (account + region + project) from user settings, with today's single region/project as the first.
import * as vscode from 'vscode';
import { SECTION } from './settings';

export { DEFAULT_ACCOUNT, LEGACY_CONNECTION_ID, type ConnectionConfig, type ConnectionSetting } from '../model/types';
import { DEFAULT_ACCOUNT, LEGACY_CONNECTION_ID, type ConnectionConfig, type ConnectionSetting } from '../model/types';

export const ACCOUNT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/**
 * `cn-north-4 · my-project`; a region's system project (named after the region) shows the start of its ID instead,
 * and a connection without a region (a custom endpoint) its project alone.
 */
export function defaultLabel(region: string, projectId: string, projectName?: string): string {
  const project = projectName && projectName !== region ? projectName : projectId.slice(0, 8);
  return [region, project].filter(Boolean).join(' · ') || '?';
}

export function connectionId(account: string, region: string, projectId: string, endpoint: string | undefined): string {
  return [account, region, projectId.toLowerCase(), endpoint ?? ''].join('|');
}

/**
 * Reads `sdrs.connections` from user settings only (application scope: a workspace can never add one or point one
 * at another endpoint). Entries that are not objects are skipped; a repeated entry (same ID) is kept once.
 */
export function readConnectionSettings(): ConnectionSetting[] {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect<unknown>('connections');
  const raw = inspected?.globalValue;
  if (!Array.isArray(raw)) return [];
  return raw.filter((e): e is ConnectionSetting => typeof e === 'object' && e !== null && !Array.isArray(e));
}

export function toConfig(entry: ConnectionSetting, legacy = false): ConnectionConfig {
  const account = ACCOUNT_NAME.test(text(entry.account)) ? text(entry.account) : DEFAULT_ACCOUNT;
  const region = text(entry.region);
  const projectId = text(entry.projectId).toLowerCase();
  const endpoint = text(entry.endpoint) || undefined;
  const projectName = text(entry.projectName) || undefined;
  return {
    id: legacy ? LEGACY_CONNECTION_ID : connectionId(account, region, projectId, endpoint),
    label: text(entry.label) || defaultLabel(region, projectId, projectName),
    account,
    region,
    projectId,
    projectName,
    endpoint,
    legacy,
  };
}

/** Every connection, in settings order: `sdrs.connections`, or the legacy region + project while that list is empty. */
export function readConnections(): ConnectionConfig[] {
  const entries = readConnectionSettings();
  if (entries.length === 0) {
    const c = vscode.workspace.getConfiguration(SECTION);
    return [toConfig({ region: c.get<string>('region') ?? '', projectId: c.get<string>('projectId') ?? '', account: DEFAULT_ACCOUNT }, true)];
  }
  const seen = new Set<string>();
  const configs: ConnectionConfig[] = [];
  for (const entry of entries) {
    const config = toConfig(entry);
    if (seen.has(config.id)) continue;
    seen.add(config.id);
    configs.push(config);
  }
  return configs;
}

/** The settings entry for a connection, as Add / Rename / Remove write it back. */
export function toSetting(config: ConnectionConfig): ConnectionSetting {
  const entry: ConnectionSetting = { account: config.account, region: config.region, projectId: config.projectId };
  if (config.projectName) entry.projectName = config.projectName;
  if (config.endpoint) entry.endpoint = config.endpoint;
  if (config.label !== defaultLabel(config.region, config.projectId, config.projectName)) entry.label = config.label;
  return entry;
}

/** Writes the list to user settings; the legacy connection, when still in use, becomes the list's first entry. */
export async function writeConnections(configs: readonly ConnectionConfig[]): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update('connections', configs.map(toSetting), vscode.ConfigurationTarget.Global);
}
