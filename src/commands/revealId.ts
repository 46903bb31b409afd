// Reveal in SDRS View and Copy ID for an ID in a file: run from a hover's links, a Ctrl/Cmd-click on the ID, or the
// palette (the ID under the cursor).
import * as vscode from 'vscode';
import { kindNoun, type IdTarget } from '../editor/idText';
import type { IdService } from '../editor/idService';
import { ID_KINDS } from '../ids/kinds';
import { idAt } from '../ids/recognize';
import type { Services } from '../services';
import { say, showInfo, showStatus } from '../ui/say';
import { COMMANDS } from './commandIds';

/** The target a command was given, if it is one; link arguments come from text, so they are checked. */
function targetOf(arg: unknown): IdTarget | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const { id, connection, kind } = arg as Record<string, unknown>;
  if (typeof id !== 'string' || !id) return undefined;
  return {
    id,
    connection: typeof connection === 'string' ? connection : undefined,
    kind: typeof kind === 'string' && (ID_KINDS as readonly string[]).includes(kind) ? (kind as IdTarget['kind']) : undefined,
  };
}

/** The listed ID under the active editor's cursor. */
function targetAtCursor(ids: IdService): IdTarget | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const position = editor.selection.active;
  const match = idAt(editor.document.lineAt(position.line).text, position.character);
  if (!match) return undefined;
  const [entry] = ids.lookup(match.key);
  return entry ? { id: entry.id, connection: entry.connection, kind: entry.kind } : { id: match.text };
}

export function registerIdCommands({ view, log, ids }: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.revealId, async (arg?: unknown) => {
      const target = arg === undefined ? targetAtCursor(ids) : targetOf(arg);
      if (!target) {
        void showInfo(say('Put the cursor on a drill, protection group, drill server, protected instance or drill VPC ID first.'));
        return;
      }
      // The link's connection first; then any connection that lists the ID now (the listing may have changed since).
      const candidates = [
        ...(target.connection ? [{ connection: target.connection, kind: target.kind }] : []),
        ...ids.lookup(target.id).map((e) => ({ connection: e.connection, kind: e.kind })),
      ];
      for (const c of candidates) {
        if (await view.revealId(c.connection, target.id, c.kind)) return;
      }
      log.info(`Reveal: ${target.id.slice(0, 80)} is not in the SDRS view now`);
      void showInfo(say('{0} is not in the SDRS view now. Refresh, or clear the filter, and try again.', target.id.slice(0, 80)));
    }),
    vscode.commands.registerCommand(COMMANDS.copyId, async (arg?: unknown) => {
      const target = arg === undefined ? targetAtCursor(ids) : targetOf(arg);
      if (!target) return;
      await vscode.env.clipboard.writeText(target.id);
      showStatus(target.kind ? say('Copied {0} ID', kindNoun(target.kind)) : say('Copied ID'), 3000);
    }),
  ];
}
