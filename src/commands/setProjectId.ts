// `sdrsDrills.setProjectId`: asks for the project ID (32 hexadecimal characters); writes `sdrs.projectId`.
import * as vscode from 'vscode';
import { ask } from '../ui/prompts';
import { readSettings, updateSetting } from '../config/settings';
import { COMMANDS } from './commandIds';
import { checkProjectId } from '../ui/validationText';
import { inert, showError } from '../ui/say';

export function registerSetProjectIdCommand(): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.setProjectId, async (projectId?: string) => {
    if (typeof projectId !== 'string') {
      projectId = await ask({
        title: vscode.l10n.t('Set SDRS project ID'),
        prompt: vscode.l10n.t('The project ID of the region, from My Credentials → API Credentials in the console'),
        value: readSettings().projectId,
        ignoreFocusOut: true,
        validateInput: checkProjectId,
      });
      if (projectId === undefined) return;
    }
    const problem = checkProjectId(projectId);
    if (problem) {
      void showError(inert(problem));
      return;
    }
    await updateSetting('projectId', projectId.trim().toLowerCase());
  });
}
