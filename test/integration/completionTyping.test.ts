// Completion as a person types it, through the editor's own suggest widget: names that differ only in their last digits
// narrow as they are typed, and accepting replaces the whole value inside the quotes (also what follows the cursor).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { makeDrill, makeGroup, openHarness, waitFor, WAIT_MS, type Harness } from './support';

const groups = ['pg-001', 'pg-002', 'pg-010', '灾备-组1', '灾备-组2'].map((name) => makeGroup(name));
const byName = (name: string): string => groups.find((g) => g.name === name)!.id;

describe('completion while typing', function () {
  let h: Harness;

  before(async () => {
    h = await openHarness({ groups, drills: [makeDrill('one-drill', groups[0].id)] });
    await waitFor(() => h.api.services.ids.complete, 'the ID index to be complete');
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await h?.dispose();
  });

  /**
   * Opens `line` with the cursor at `|`, types `typed` key by key, opens the suggest widget (Ctrl+Space) and accepts what
   * it has selected, asking again until the line changes (accept does nothing until the widget is up: the wait is for
   * that state, bounded by WAIT_MS); returns the line.
   */
  async function accepted(line: string, typed: string): Promise<string> {
    const document = await vscode.workspace.openTextDocument({ content: line.replace('|', ''), language: 'terraform' });
    const editor = await vscode.window.showTextDocument(document);
    const at = document.positionAt(line.indexOf('|'));
    editor.selection = new vscode.Selection(at, at);
    try {
      for (const ch of typed) await vscode.commands.executeCommand('type', { text: ch });
      await vscode.commands.executeCommand('hideSuggestWidget');
      await vscode.commands.executeCommand('editor.action.triggerSuggest');
      const before = document.lineAt(at.line).text;
      const deadline = Date.now() + WAIT_MS;
      while (document.lineAt(at.line).text === before) {
        assert.ok(Date.now() < deadline, `no suggestion was accepted in ${before}`);
        await vscode.commands.executeCommand('acceptSelectedSuggestion');
        await new Promise((r) => setTimeout(r, 50));
      }
      return document.lineAt(at.line).text;
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  }

  /** Our items at the end of `line`, as the editor asks for them. */
  async function items(line: string): Promise<vscode.CompletionItem[]> {
    const document = await vscode.workspace.openTextDocument({ content: line, language: 'terraform' });
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      document.lineAt(0).range.end,
    );
    return list.items.filter((i) => i.detail && groups.some((g) => g.id === i.detail));
  }

  it('filters on the name alone while a name is typed, so the editor narrows pg-00 to pg-002 as 2 is typed', async () => {
    // With the ID in the filter text too, the editor's fuzzy match kept pg-001 for "pg-002" (the 2 found in its ID).
    const shown = await items('group_id = "pg-00');
    assert.deepEqual(
      shown.map((i) => i.filterText),
      ['pg-001', 'pg-002'],
    );
    // And the list is asked for again with every key (marked incomplete), so the index decides what matches.
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      (await vscode.workspace.openTextDocument({ content: 'group_id = "pg-00', language: 'terraform' })).uri,
      new vscode.Position(0, 17),
    );
    assert.equal(list.isIncomplete, true);
  });

  it('typed in full, then Ctrl+Space: pg-002 inserts pg-002 and pg-010 inserts pg-010', async () => {
    assert.equal(await accepted('group_id = "|"', 'pg-002'), `group_id = "${byName('pg-002')}"`);
    assert.equal(await accepted('group_id = "|"', 'pg-010'), `group_id = "${byName('pg-010')}"`);
  });

  it('takes Chinese names with a hyphen and digits the same way', async () => {
    assert.equal(await accepted('group_id = "|"', '灾备-组2'), `group_id = "${byName('灾备-组2')}"`);
  });

  it('replaces the whole value inside the quotes, also what follows the cursor', async () => {
    assert.equal(await accepted('group_id = "|pg-9"', 'pg-002'), `group_id = "${byName('pg-002')}"`);
  });
});
