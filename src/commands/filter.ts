// `sdrsDrills.filter` (prompt, or a filter object as argument) and `sdrsDrills.clearFilter`, per connection.
import * as vscode from 'vscode';
import { promptForFilter } from '../filter/filterInput';
import { isSdrsError } from '../sdrs/errors';
import type { DrillFilter } from '../sdrs/model';
import type { Services } from '../services';
import { COMMANDS } from './commandIds';
import { pickConnection } from '../ui/pickers';
import { isNode } from '../tree/nodes';
import { say, showError } from '../ui/say';

export function registerFilterCommands({ filterState, registry }: Services): vscode.Disposable[] {
  const apply = async (connection: string, filter: DrillFilter): Promise<void> => {
    try {
      await filterState.set(connection, filter);
    } catch (e) {
      if (!isSdrsError(e)) throw e;
      void showError(say('Invalid drill filter: {0}', e.message));
    }
  };
  return [
    // Keybindings and tests pass the filter directly (and the connection's ID when there are several); a tree node
    // or nothing means "ask".
    vscode.commands.registerCommand(COMMANDS.filter, async (arg?: unknown, connectionId?: unknown) => {
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
    vscode.commands.registerCommand(COMMANDS.clearFilter, (arg?: unknown) => (isNode(arg) ? filterState.clear(arg.connection) : filterState.clearAll())),
  ];
}
