// Checks literal SDRS IDs in Terraform: a `huaweicloud_sdrs_*` resource or data source whose `group_id` /
// `server_group_id` / `drill_vpc_id` no connection lists gets a diagnostic, with quick fixes offering the listed IDs by
// name. Only while every connection's listing is complete (fresh, unfiltered): no false alarm while loading, when a
// connection failed, or when a filter hides part of a project. `sdrs.checkTerraform` turns it off.
import * as vscode from 'vscode';
import { pick } from '../ui/prompts';
import { readSettings } from '../config/settings';
import { escapeIcons } from '../ui/text';
import type { IdKind } from '../ids/kinds';
import { parseSdrsBlocks, sdrsIdReferences } from '../ids/terraform';
import type { IdService } from './idService';
import { kindNoun } from './idText';
import { COMMANDS } from '../commands/commandIds';

export const DIAGNOSTIC_SOURCE = 'SDRS';
export const UNKNOWN_ID_CODE = 'unknown-sdrs-id';
export const CHECK_SETTING = 'sdrs.checkTerraform';
/** Quick fixes offered as actions; a longer list is offered through one "Choose…" action. */
const MAX_FIX_ACTIONS = 8;
const PICK_COMMAND = COMMANDS.chooseListedId;
const DEBOUNCE_MS = 300;
/** Files larger than this are not checked. */
const MAX_CHARS = 5_000_000;

export function isTerraform(document: vscode.TextDocument): boolean {
  return document.languageId === 'terraform' || /\.tf$/i.test(document.uri.path);
}

/** The diagnostics for one Terraform file, given the index (the caller has checked it is complete). */
export function checkTerraform(document: vscode.TextDocument, ids: IdService): vscode.Diagnostic[] {
  const text = document.getText();
  if (text.length > MAX_CHARS) return [];
  const out: vscode.Diagnostic[] = [];
  for (const ref of sdrsIdReferences(parseSdrsBlocks(text))) {
    const { attribute, expected, block } = ref;
    const entries = ids.lookup(attribute.value);
    if (entries.some((e) => e.kind === expected)) continue;
    const range = new vscode.Range(document.positionAt(attribute.valueStart), document.positionAt(attribute.valueEnd));
    const other = entries[0];
    const message = other
      ? vscode.l10n.t(
          '{0} of {1}.{2} takes a {3} ID, but this is the ID of {4} "{5}".',
          attribute.key,
          block.type,
          block.name,
          kindNoun(expected),
          kindNoun(other.kind),
          other.name || other.id,
        )
      : expected === 'protectionGroup'
        ? vscode.l10n.t('Protection group {0} is not listed by any SDRS connection.', attribute.value)
        : vscode.l10n.t('Drill VPC {0} is not used by any drill an SDRS connection lists.', attribute.value);
    // A drill may be given any VPC of the project as its drill VPC: an unlisted one is worth a note, not a warning.
    const severity = expected === 'drillVpc' && !other ? vscode.DiagnosticSeverity.Information : vscode.DiagnosticSeverity.Warning;
    const diagnostic = new vscode.Diagnostic(range, message, severity);
    diagnostic.source = DIAGNOSTIC_SOURCE;
    diagnostic.code = UNKNOWN_ID_CODE;
    out.push(diagnostic);
  }
  return out;
}

/**
 * The kind each checked literal asks for, by the offset where its value starts: the diagnostics a quick fix is asked
 * about come back as copies, so what they expect is read from the document again.
 */
function expectedKindsByOffset(document: vscode.TextDocument): Map<number, IdKind> {
  return new Map(sdrsIdReferences(parseSdrsBlocks(document.getText())).map((ref) => [ref.attribute.valueStart, ref.expected]));
}

export class TerraformCheck implements vscode.Disposable, vscode.CodeActionProvider {
  readonly diagnostics = vscode.languages.createDiagnosticCollection('sdrs');
  private readonly disposables: vscode.Disposable[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly ids: IdService) {
    this.disposables.push(
      this.diagnostics,
      ids.onDidChange(() => this.checkAll()),
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, DEBOUNCE_MS)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.cancel(d);
        this.diagnostics.delete(d.uri);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(CHECK_SETTING)) this.checkAll();
      }),
      vscode.languages.registerCodeActionsProvider({ pattern: '**/*.tf' }, this, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
      vscode.commands.registerCommand(PICK_COMMAND, (uri: vscode.Uri, range: vscode.Range, kind: IdKind) => this.choose(uri, range, kind)),
    );
    this.checkAll();
  }

  /** Checks every open Terraform file now. */
  checkAll(): void {
    for (const document of vscode.workspace.textDocuments) this.check(document);
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    if (!isTerraform(document)) return;
    this.cancel(document);
    const key = document.uri.toString();
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.check(document);
      }, delay),
    );
  }

  private cancel(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  private check(document: vscode.TextDocument): void {
    if (!isTerraform(document) || document.isClosed) return;
    // Nothing is said unless every connection has listed everything: an ID may belong to one still loading or failed.
    if (!readSettings().checkTerraform || !this.ids.complete) {
      this.diagnostics.delete(document.uri);
      return;
    }
    this.diagnostics.set(document.uri, checkTerraform(document, this.ids));
  }

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    let expected: Map<number, IdKind> | undefined;
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE || diagnostic.code !== UNKNOWN_ID_CODE) continue;
      // Parsed once per request, and only when one of our diagnostics is there.
      expected ??= expectedKindsByOffset(document);
      const kind = expected.get(document.offsetAt(diagnostic.range.start));
      if (!kind) continue;
      const typed = document.getText(diagnostic.range);
      const { entries } = this.ids.index.candidates([kind], '');
      const ranked = rankBySimilarity(entries, typed);
      const index = this.ids.index;
      for (const entry of ranked.slice(0, MAX_FIX_ACTIONS)) {
        const title = entry.name
          ? vscode.l10n.t('Use {0} "{1}" ({2})', kindNoun(kind), entry.name, entry.id)
          : vscode.l10n.t('Use {0} {1}', kindNoun(kind), entry.id);
        // With several connections the same name may be listed by more than one: say whose each one is.
        const action = new vscode.CodeAction(
          index.connectionCount > 1 ? vscode.l10n.t('{0} from {1}', title, index.connectionLabel(entry.connection) ?? entry.connection) : title,
          vscode.CodeActionKind.QuickFix,
        );
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(document.uri, diagnostic.range, entry.id);
        action.diagnostics = [diagnostic];
        if (ranked.length === 1) action.isPreferred = true;
        actions.push(action);
      }
      if (ranked.length > MAX_FIX_ACTIONS) {
        const action = new vscode.CodeAction(vscode.l10n.t('Choose from {0} listed IDs…', ranked.length), vscode.CodeActionKind.QuickFix);
        action.command = { command: PICK_COMMAND, title: action.title, arguments: [document.uri, diagnostic.range, kind] };
        action.diagnostics = [diagnostic];
        actions.push(action);
      }
    }
    return actions;
  }

  /** The quick pick behind "Choose from N listed IDs…": by name, with the ID; replaces the literal. */
  private async choose(uri: vscode.Uri, range: vscode.Range, kind: IdKind): Promise<void> {
    const { entries } = this.ids.index.candidates([kind], '', Number.MAX_SAFE_INTEGER);
    const picked = await pick(
      entries.map((entry) => ({ label: escapeIcons(entry.name) || entry.id, description: entry.status && escapeIcons(entry.status), detail: entry.id, entry })),
      { placeHolder: vscode.l10n.t('Replace with which {0}?', kindNoun(kind)), matchOnDescription: true, matchOnDetail: true },
    );
    if (!picked) return;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, range, picked.entry.id);
    await vscode.workspace.applyEdit(edit);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}

/** Entries whose ID shares the longest prefix with what is written come first (a typo), then by name. */
function rankBySimilarity<T extends { id: string; name: string }>(entries: readonly T[], written: string): T[] {
  const w = written.toLowerCase();
  const common = (id: string): number => {
    const a = id.toLowerCase();
    let n = 0;
    while (n < a.length && n < w.length && a[n] === w[n]) n++;
    return n;
  };
  return entries
    .map((entry) => ({ entry, score: common(entry.id) }))
    .sort((a, b) => b.score - a.score || a.entry.name.localeCompare(b.entry.name))
    .map((x) => x.entry);
}
