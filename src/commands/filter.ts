// `sdrsDrills.filter` (prompt, or a filter object as argument) and `sdrsDrills.clearFilter`.
import * as vscode from 'vscode';
import { promptForFilter } from '../filter/filterInput';
import { isSdrsError } from '../sdrs/errors';
import type { DrillFilter } from '../sdrs/model';
import type { Services } from '../services';

export function registerFilterCommands({ filterState, model, view }: Services): vscode.Disposable[] {
  const apply = async (filter: DrillFilter): Promise<void> => {
    try {
      await filterState.set(filter);
    } catch (e) {
      if (!isSdrsError(e)) throw e;
      void vscode.window.showErrorMessage(vscode.l10n.t('Invalid drill filter: {0}', e.message));
    }
  };
  return [
    vscode.commands.registerCommand('sdrsDrills.filter', async (arg?: unknown) => {
      // Keybindings and tests pass the filter directly; a tree node or nothing means "ask".
      if (arg && typeof arg === 'object' && !('kind' in arg)) return apply(arg as DrillFilter);
      const filter = await promptForFilter(filterState.filter, {
        groups: model.knownGroups.map((g) => ({ id: g.id, name: g.name })),
        vpcIds: model.seenVpcIds,
      });
      if (filter) await apply(filter);
    }),
    vscode.commands.registerCommand('sdrsDrills.clearFilter', () => filterState.clear()),
    // The filter is part of what the tree shows: any change reloads it.
    filterState.onDidChange(() => void view.refresh()),
  ];
}
