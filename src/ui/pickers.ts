// Pickers several commands share.
import * as vscode from 'vscode';
import type { ConnectionEntry, ConnectionRegistry } from '../model/connectionRegistry';
import { isNode } from '../tree/nodes';
import { pick } from './prompts';
import { escapeIcons } from './text';

/** The connection a command is about: the node's, the only one, or the one the user picks. */
export async function pickConnection(
  registry: ConnectionRegistry,
  arg: unknown,
  title: string,
  candidates?: (e: ConnectionEntry) => boolean,
): Promise<ConnectionEntry | undefined> {
  if (isNode(arg)) return registry.get(arg.connection);
  if (typeof arg === 'string') return registry.get(arg);
  const entries = registry.connections.filter(candidates ?? (() => true));
  if (entries.length <= 1) return entries[0];
  const picked = await pick(
    entries.map((entry) => ({ label: escapeIcons(entry.config.label), description: `${entry.config.account} · ${entry.config.projectId}`, entry })),
    { title, placeHolder: vscode.l10n.t('Pick a connection'), ignoreFocusOut: true },
  );
  return picked?.entry;
}
