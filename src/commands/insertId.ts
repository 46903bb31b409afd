// `sdrsDrills.insertId`: puts a node's ID into the active editor at every cursor, replacing selections.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { primaryId, type DrillTreeNode } from '../tree/nodes';
import { pickNode } from '../tree/nodePicker';

export function registerInsertIdCommand({ view }: Services): vscode.Disposable {
  return vscode.commands.registerCommand('sdrsDrills.insertId', async (node?: DrillTreeNode) => {
    node ??= await pickNode(view.provider, ['protectionGroup', 'drill', 'drillServer'], vscode.l10n.t('Insert ID at Cursor'));
    if (!node) return;
    const id = primaryId(node);
    if (!id) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Select a drill, drill server or protection group in the SDRS view first.'));
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
  });
}
