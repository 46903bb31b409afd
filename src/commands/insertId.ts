// `sdrsDrills.insertId`: puts a node's ID into the active editor at every cursor, replacing selections.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { primaryId } from '../tree/nodes';
import { registerNodeCommand } from './runner';
import { COMMANDS } from './commandIds';

export function registerInsertIdCommand(services: Services): vscode.Disposable {
  const selectFirst = (): string => vscode.l10n.t('Select a drill, drill server or protection group in the SDRS view first.');
  return registerNodeCommand(services, {
    id: COMMANDS.insertId,
    kinds: ['protectionGroup', 'drill', 'drillServer'],
    title: () => vscode.l10n.t('Insert ID at Cursor'),
    selectFirst,
    failure: (_node, reason) => vscode.l10n.t('The ID could not be inserted: {0}', reason),
    run: async (node) => {
      const id = primaryId(node);
      if (!id) {
        void vscode.window.showInformationMessage(selectFirst());
        return;
      }
      const editor = vscode.window.activeTextEditor;
      if (!editor) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Open an editor to insert the ID into.'));
        return;
      }
      const ok = await editor.edit((edit) => {
        for (const selection of editor.selections) edit.replace(selection, id);
      });
      if (!ok) void vscode.window.showWarningMessage(vscode.l10n.t('The ID could not be inserted: the editor is read-only or changed.'));
    },
  });
}
