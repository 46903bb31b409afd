// `sdrsDrills.renameDrill`: a new name for a drill, checked as you type; the row shows the server's answer at once.
import * as vscode from 'vscode';
import { ask } from '../ui/prompts';
import { drillNameProblem } from '../ui/validationText';
import type { Services } from '../services';
import { wasAccepted } from '../sdrs/errors';
import type { DisasterRecoveryDrill } from '../sdrs/model';
import { failureLine } from '../tree/errorText';
import { COMMANDS } from './commandIds';
import { registerNodeCommand } from './runner';
import { inert, say, showError, showStatus, showWarning } from '../ui/say';

export function registerRenameDrillCommand(services: Services): vscode.Disposable {
  // The new name may be given as the second argument (keybindings, tests); otherwise it is asked for.
  return registerNodeCommand(services, {
    id: COMMANDS.renameDrill,
    kinds: ['drill'],
    title: () => vscode.l10n.t('Rename Drill'),
    selectFirst: () => say('Select a drill in the SDRS view first.'),
    // A second Enter or a second command never sends a second request.
    busyKey: (node) => node.drill.id,
    failure: (_node, reason) => say('Could not rename the drill: {0}', reason),
    run: async ({ drill }, { entry, inView }, newName?: unknown) => {
      const name =
        typeof newName === 'string'
          ? newName
          : await ask({
              title: vscode.l10n.t('Rename Drill'),
              prompt: vscode.l10n.t('New name for {0}', inert(drill.name || drill.id)),
              value: drill.name,
              valueSelection: [0, drill.name.length],
              ignoreFocusOut: true,
              validateInput: (v) => (v === drill.name ? undefined : drillNameProblem(v)),
            });
      if (name === undefined || name === drill.name) return;
      const problem = drillNameProblem(name);
      if (problem) {
        void showError(inert(problem));
        return;
      }
      const client = await services.clients.client(entry.config);
      let renamed: DisasterRecoveryDrill;
      try {
        renamed = await inView(() => client.renameDrill(drill.id, name));
      } catch (e) {
        if (!wasAccepted(e)) throw e;
        void showWarning(
          say('SDRS renamed the drill to {0} but its answer could not be read; refreshing to show it as SDRS has it ({1}).', name, failureLine(e)),
        );
        await services.view.refresh(entry.config.id);
        return;
      }
      // The answer is the drill as SDRS now has it: shown at once, no listing needed.
      if (!entry.model.replaceDrill(renamed)) void services.view.refresh(entry.config.id);
      showStatus(say('Renamed the drill to {0}', renamed.name), 3000);
    },
  });
}
