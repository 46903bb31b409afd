// `sdrsDrills.renameDrill`: a new name for a drill, checked as you type; the row shows the server's answer at once.
import * as vscode from 'vscode';
import { ask } from '../ui/prompts';
import { checkDrillName } from '../sdrs/validation';
import type { Services } from '../services';
import { failureLine } from '../tree/errorText';
import type { DrillTreeNode } from '../tree/nodes';
import { pickNode } from '../tree/nodePicker';

/** Why a name is refused, in the display language; undefined when SDRS takes it. */
export function drillNameProblem(name: string): string | undefined {
  const problem = checkDrillName(name);
  // The problem states the rule it broke (the characters, the length, empty), so the rule is said once, unnested.
  return problem && vscode.l10n.t('Not a valid drill name: it {0}.', problem);
}

export function registerRenameDrillCommand({ registry, clients, view }: Services): vscode.Disposable {
  /** Renames in flight, by drill: a second Enter or a second command never sends a second request. */
  const pending = new Set<string>();
  // The new name may be given as the second argument (keybindings, tests); otherwise it is asked for.
  return vscode.commands.registerCommand('sdrsDrills.renameDrill', async (arg?: DrillTreeNode, newName?: unknown) => {
    const node = arg ?? (await pickNode(view.provider, ['drill'], vscode.l10n.t('Rename Drill')));
    if (node?.kind !== 'drill') return;
    const entry = registry.get(node.connection);
    if (!entry) return;
    const { drill } = node;
    const name =
      typeof newName === 'string'
        ? newName
        : await ask({
            title: vscode.l10n.t('Rename Drill'),
            prompt: vscode.l10n.t('New name for {0}', drill.name || drill.id),
            value: drill.name,
            valueSelection: [0, drill.name.length],
            ignoreFocusOut: true,
            validateInput: (v) => (v === drill.name ? undefined : drillNameProblem(v)),
          });
    if (name === undefined || name === drill.name) return;
    const problem = drillNameProblem(name);
    if (problem) {
      void vscode.window.showErrorMessage(problem);
      return;
    }
    if (pending.has(drill.id)) return;
    pending.add(drill.id);
    try {
      const client = await clients.client(entry.config);
      const renamed = await vscode.window.withProgress({ location: { viewId: 'sdrsDrills' } }, () => client.renameDrill(drill.id, name));
      // The answer is the drill as SDRS now has it: shown at once, no listing needed.
      if (!entry.model.replaceDrill(renamed)) void view.refresh(entry.config.id);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Renamed the drill to {0}', renamed.name), 3000);
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not rename the drill: {0}', failureLine(e)));
    } finally {
      pending.delete(drill.id);
    }
  });
}
