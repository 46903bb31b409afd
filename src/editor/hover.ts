// Hover on a listed SDRS ID in any file: what it is, its name, status, group and connection, with Reveal and Copy.
// Answers from the index (never the network). Server text is escaped; only our two commands are enabled in links.
import * as vscode from 'vscode';
import type { IdEntry } from '../ids/idIndex';
import { idAt } from '../ids/recognize';
import { listingAge } from '../ui/text';
import type { IdService } from './idService';
import { ENABLED_COMMANDS, kindName, serverLine, commandLink, type IdTarget } from './idText';
import { COMMANDS } from '../commands/commandIds';

/** Longest line looked at: a minified file's one line is not searched on every hover. */
const MAX_LINE = 100_000;

/** The rows a hover shows for one entry: label and (server) value. */
/** Where an entry was listed: the connection's label, and the listing's age when it is a saved one. */
export interface ListedIn {
  label?: string;
  /** Said only for a listing saved by an earlier session, drawn until SDRS answers. */
  cachedAge?: string;
}

function rows(entry: IdEntry, listed: ListedIn): Array<[string, string | undefined]> {
  const out: Array<[string, string | undefined]> = [];
  out.push([vscode.l10n.t('Status'), entry.status]);
  if (entry.kind === 'drillServer') {
    out.push([vscode.l10n.t('Drill'), entry.drill?.name]);
    out.push([vscode.l10n.t('Protected instance ID'), entry.drill?.drill_servers.find((s) => s.drill_server_id === entry.id)?.protected_instance]);
    out.push([vscode.l10n.t('Instance status'), entry.instance?.status]);
  }
  if (entry.kind === 'drill') out.push([vscode.l10n.t('Drill VPC ID'), entry.drill?.drill_vpc_id]);
  if (entry.kind === 'drillVpc' && entry.uses !== undefined) {
    out.push([
      vscode.l10n.t('Used by'),
      entry.uses === 1 ? vscode.l10n.t('1 drill ({0})', entry.drill?.name ?? '') : vscode.l10n.t('{0} drills, e.g. {1}', entry.uses, entry.drill?.name ?? ''),
    ]);
  }
  if (entry.kind !== 'protectionGroup') out.push([vscode.l10n.t('Protection group'), entry.groupName || entry.groupId]);
  out.push([vscode.l10n.t('Connection'), listed.label]);
  out.push([vscode.l10n.t('Listed'), listed.cachedAge]);
  return out;
}

/** The hover text for every listed thing with one ID (usually one). */
/**
 * The hover for every listed thing with one ID (usually one): per entry, its details — server text, in a MarkdownString
 * that is not trusted at all — then its links, in a separate one trusted to run only our two commands and holding no
 * server text (the ID travels URL-encoded inside the command's arguments).
 */
export function hoverMarkdown(entries: readonly IdEntry[], listedIn: (connection: string) => ListedIn): vscode.MarkdownString[] {
  return entries.flatMap((entry) => [details(entry, listedIn(entry.connection)), links(entry)]);
}

function details(entry: IdEntry, listed: ListedIn): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', false);
  md.appendMarkdown('**');
  appendPlain(md, kindName(entry.kind));
  md.appendMarkdown('**');
  const name = serverLine(entry.name);
  if (name) {
    md.appendMarkdown(' · ');
    appendPlain(md, name);
  }
  md.appendMarkdown('\n\n');
  for (const [label, value] of rows(entry, listed)) {
    const text = serverLine(value);
    if (text === undefined) continue;
    appendPlain(md, `${label}: ${text}`);
    md.appendMarkdown('  \n');
  }
  return md;
}

function links(entry: IdEntry): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', false);
  md.isTrusted = { enabledCommands: ENABLED_COMMANDS };
  const target: IdTarget = { id: entry.id, connection: entry.connection, kind: entry.kind };
  md.appendMarkdown(`[${escapeLinkText(vscode.l10n.t('Reveal in SDRS View'))}](${commandLink(COMMANDS.revealId, target)})`);
  md.appendMarkdown(` · [${escapeLinkText(vscode.l10n.t('Copy ID'))}](${commandLink(COMMANDS.copyId, target)})`);
  return md;
}

/**
 * Text shown as it is: markdown escaped by appendText, and `<` as an entity too, so no renderer (with or without HTML
 * support) ever sees a tag in server text.
 */
function appendPlain(md: vscode.MarkdownString, text: string): void {
  md.appendMarkdown(new vscode.MarkdownString().appendText(text).value.replace(/</g, '&lt;'));
}

/** Our own link text (a translation) cannot close the link early. */
function escapeLinkText(text: string): string {
  return text.replace(/[\\[\]]/g, '\\$&');
}

export class IdHoverProvider implements vscode.HoverProvider {
  constructor(private readonly ids: IdService) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const line = document.lineAt(position.line).text;
    if (line.length > MAX_LINE) return undefined;
    const match = idAt(line, position.character);
    if (!match) return undefined;
    const entries = this.ids.lookup(match.key);
    if (!entries.length) return undefined;
    const index = this.ids.index;
    const md = hoverMarkdown(entries, (id) => {
      const listing = index.listingOf(id);
      return { label: index.connectionLabel(id), cachedAge: listing?.fromCache ? listingAge(listing.fetchedAt, true) : undefined };
    });
    return new vscode.Hover(md, new vscode.Range(position.line, match.start, position.line, match.end));
  }
}
