// Ctrl/Cmd-click on a listed SDRS ID reveals it in the SDRS view: a document link per known ID, whose target runs
// our Reveal command. Only IDs the registry lists are links, so other UUIDs in the file stay plain text.
import * as vscode from 'vscode';
import type { IdService } from './idService';
import { commandLink, kindName } from './idText';
import { findIds } from '../ids/recognize';
import { COMMANDS } from '../commands/commandIds';

/** Files larger than this get no ID links (a generated file or a log of many MB). */
const MAX_CHARS = 5_000_000;
/** At most this many links per file. */
const MAX_LINKS = 5000;

export class IdLinkProvider implements vscode.DocumentLinkProvider {
  constructor(private readonly ids: IdService) {}

  provideDocumentLinks(document: vscode.TextDocument, token: vscode.CancellationToken): vscode.DocumentLink[] {
    const index = this.ids.index;
    if (index.connectionCount === 0) return [];
    const text = document.getText();
    if (text.length > MAX_CHARS) return [];
    const links: vscode.DocumentLink[] = [];
    for (const match of findIds(text)) {
      if (token.isCancellationRequested || links.length >= MAX_LINKS) break;
      const [entry] = index.lookup(match.key);
      if (!entry) continue;
      const range = new vscode.Range(document.positionAt(match.start), document.positionAt(match.end));
      const link = new vscode.DocumentLink(
        range,
        vscode.Uri.parse(commandLink(COMMANDS.revealId, { id: entry.id, connection: entry.connection, kind: entry.kind })),
      );
      link.tooltip = entry.name
        ? vscode.l10n.t('{0} "{1}": reveal in the SDRS view', kindName(entry.kind), entry.name.slice(0, 80))
        : vscode.l10n.t('{0}: reveal in the SDRS view', kindName(entry.kind));
      links.push(link);
    }
    return links;
  }
}

/**
 * Registers the link provider, and registers it again when the index changes: VS Code asks for links only when a file
 * changes or a provider comes or goes, and an open file's IDs become links once the listing that knows them arrives.
 */
export function registerIdLinks(selector: vscode.DocumentSelector, ids: IdService): vscode.Disposable {
  const provider = new IdLinkProvider(ids);
  let registration = vscode.languages.registerDocumentLinkProvider(selector, provider);
  let timer: NodeJS.Timeout | undefined;
  const subscription = ids.onDidChange(() => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      // The new one first: a request the workbench sent to the old one just before it goes would otherwise find no
      // provider at all and draw no links until the next change.
      const old = registration;
      registration = vscode.languages.registerDocumentLinkProvider(selector, provider);
      old.dispose();
    }, 300);
  });
  return new vscode.Disposable(() => {
    clearTimeout(timer);
    subscription.dispose();
    registration.dispose();
  });
}
