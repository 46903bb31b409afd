// `sdrsDrills.setProjectId`: asks for the project ID (32 hexadecimal characters); writes `sdrs.projectId`.
import * as vscode from 'vscode';
import { ask } from '../ui/prompts';
import { readSettings, updateSetting } from '../config/settings';

export function checkProjectId(value: string): string | undefined {
  return /^[0-9a-f]{32}$/i.test(value.trim()) ? undefined : vscode.l10n.t('A project ID is 32 hexadecimal characters (0-9, a-f).');
}

export function registerSetProjectIdCommand(): vscode.Disposable {
  return vscode.commands.registerCommand('sdrsDrills.setProjectId', async (projectId?: string) => {
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
      void vscode.window.showErrorMessage(problem);
      return;
    }
    await updateSetting('projectId', projectId.trim().toLowerCase());
  });
}
