// Completion of SDRS IDs by name: in a value after a key such as `drill_id`, `server_group_id` or `drill_vpc_id` (any
// case style, see completionContext), the listed IDs of that kind are offered as "prod-web · available" and the ID is
// inserted. Answers from the index; at most MAX_CANDIDATES items. The list is always marked incomplete, so VS Code asks
// again as the user types and the index (not VS Code's fuzzy match over stale items) decides what `pg-002` matches.
import * as vscode from 'vscode';
import { completionContext, typedRunEnd } from '../ids/completionContext';
import type { IdEntry } from '../ids/idIndex';
import { kindName, serverLine } from './idText';
import type { IdService } from './idService';

/** The characters after which a value starts: quotes, `=`, `:` and the space after a flag or a YAML key. */
export const COMPLETION_TRIGGERS = ['"', "'", '=', ':', ' '];
const MAX_LINE_PREFIX = 2000;

export class IdCompletionProvider implements vscode.CompletionItemProvider {
  constructor(private readonly ids: IdService) {}

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionList | undefined {
    const line = document.lineAt(position.line).text;
    const prefix = line.slice(Math.max(0, position.character - MAX_LINE_PREFIX), position.character);
    const context = completionContext(prefix);
    if (!context) return undefined;
    const index = this.ids.index;
    if (index.connectionCount === 0) return undefined;
    const { entries } = index.candidates(context.kinds, context.typed);
    if (!entries.length) return undefined;
    const shift = position.character - prefix.length;
    const start = new vscode.Position(position.line, shift + context.typedStart);
    // The whole value, also what follows the cursor: VS Code filters on what lies between its start and the cursor, and
    // accepting replaces all of it (in either of VS Code's insert modes), so no half of an old value is left behind.
    const range = new vscode.Range(start, new vscode.Position(position.line, typedRunEnd(line, position.character)));
    const several = index.connectionCount > 1;
    const typed = context.typed.toLowerCase();
    const items = entries.map((entry, i) => this.item(entry, i, range, typed, several ? index.connectionLabel(entry.connection) : undefined));
    return new vscode.CompletionList(items, true);
  }

  private item(entry: IdEntry, order: number, range: vscode.Range, typed: string, connection: string | undefined): vscode.CompletionItem {
    const name = shortLine(entry.name);
    const label: vscode.CompletionItemLabel = {
      label: name || entry.id,
      detail: entry.status ? ` · ${shortLine(entry.status)}` : entry.kind === 'drillVpc' && entry.drill ? ` · ${vpcUse(entry)}` : undefined,
      description: [kindName(entry.kind), entry.kind === 'protectionGroup' ? undefined : shortLine(entry.groupName ?? ''), connection]
        .filter(Boolean)
        .join(' · '),
    };
    const item = new vscode.CompletionItem(label, kindIcon(entry));
    item.insertText = entry.id;
    item.range = range;
    // VS Code filters by what was typed, fuzzily: against the name only while the user types a name (the name and the ID
    // together let `pg-002` match `pg-001 …2…` through the ID's digits), against the ID while they type the ID.
    item.filterText = !typed ? `${name} ${entry.id}` : name && name.toLowerCase().includes(typed) ? name : entry.id;
    // Keep our order (name matches first, listing order within).
    item.sortText = String(order).padStart(5, '0');
    item.detail = entry.id;
    return item;
  }
}

/** A drill VPC has no name: the drill that uses it says which it is. */
function vpcUse(entry: IdEntry): string {
  const name = shortLine(entry.drill?.name ?? '');
  return entry.uses && entry.uses > 1 ? vscode.l10n.t('{0} and {1} more', name, entry.uses - 1) : name;
}

/** Server text on one line, cut to a width a suggestion shows. */
function shortLine(text: string): string {
  return serverLine(text, 120) ?? '';
}

function kindIcon(entry: IdEntry): vscode.CompletionItemKind {
  switch (entry.kind) {
    case 'protectionGroup':
      return vscode.CompletionItemKind.Folder;
    case 'drill':
      return vscode.CompletionItemKind.Event;
    case 'drillVpc':
      return vscode.CompletionItemKind.Reference;
    default:
      return vscode.CompletionItemKind.Value;
  }
}
