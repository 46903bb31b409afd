// `sdrsDrills.insertId`: puts a node's ID into the active editor at every cursor, replacing selections.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { primaryId } from '../tree/nodes';
import { registerNodeCommand } from './runner';
import { COMMANDS } from './commandIds';
import { say, showInfo, showWarning, type Said } from '../ui/say';

export function registerInsertIdCommand(services: Services): vscode.Disposable {
  const selectFirst = (): Said => say('Select a drill, drill server or protection group in the SDRS view first.');
  return registerNodeCommand(services, {
    id: COMMANDS.insertId,
    kinds: ['protectionGroup', 'drill', 'drillServer'],
    title: () => vscode.l10n.t('Insert ID at Cursor'),
    selectFirst,
    failure: (_node, reason) => say('The ID could not be inserted: {0}', reason),
    run: async (node) => {
      const id = primaryId(node);
      if (!id) {
        void showInfo(selectFirst());
        return;
      }
      const editor = vscode.window.activeTextEditor;
      if (!editor) {
        void showInfo(say('Open an editor to insert the ID into.'));
        return;
      }
      const ok = await editor.edit((edit) => {
        for (const selection of editor.selections) edit.replace(selection, id);
      });
      if (!ok) void showWarning(say('The ID could not be inserted: the editor is read-only or changed.'));
    },
  });
}
