// `sdrsDrills.filter` (prompt, or a filter object as argument) and `sdrsDrills.clearFilter`, per connection.
import * as vscode from 'vscode';
import { pick } from '../ui/prompts';
import { escapeIcons, promptForFilter } from '../filter/filterInput';
import { isSdrsError } from '../sdrs/errors';
import type { DrillFilter } from '../sdrs/model';
import type { Services } from '../services';
import type { ConnectionEntry, ConnectionRegistry } from '../model/connectionRegistry';
import type { DrillTreeNode } from '../tree/nodes';

const isNode = (arg: unknown): arg is DrillTreeNode => typeof arg === 'object' && arg !== null && 'kind' in arg && 'connection' in arg;

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

export function registerFilterCommands({ filterState, registry }: Services): vscode.Disposable[] {
  const apply = async (connection: string, filter: DrillFilter): Promise<void> => {
    try {
      await filterState.set(connection, filter);
    } catch (e) {
      if (!isSdrsError(e)) throw e;
      void vscode.window.showErrorMessage(vscode.l10n.t('Invalid drill filter: {0}', e.message));
    }
  };
  return [
    // Keybindings and tests pass the filter directly (and the connection's ID when there are several); a tree node
    // or nothing means "ask".
    vscode.commands.registerCommand('sdrsDrills.filter', async (arg?: unknown, connectionId?: unknown) => {
      const given = arg && typeof arg === 'object' && !isNode(arg) ? (arg as DrillFilter) : undefined;
      const entry = await pickConnection(registry, given ? connectionId : arg, vscode.l10n.t('Filter Drills'));
      if (!entry) return;
      const id = entry.config.id;
      if (given) return apply(id, given);
      const filter = await promptForFilter(filterState.get(id), {
        groups: entry.model.knownGroups.map((g) => ({ id: g.id, name: g.name })),
        vpcs: entry.model.seenVpcs,
      });
      if (filter) await apply(id, filter);
    }),
    // From a node: that connection's filter; from the title bar or the palette: every filter.
    vscode.commands.registerCommand('sdrsDrills.clearFilter', (arg?: unknown) => (isNode(arg) ? filterState.clear(arg.connection) : filterState.clearAll())),
  ];
}
