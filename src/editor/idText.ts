// The words and links the editor features (hover, links, completion, the Terraform check) use for a listed ID: its
// kind by name, server text as one safe line, and command links with escaped arguments.
import * as vscode from 'vscode';
import { COMMANDS } from '../commands/commandIds';
import type { IdKind } from '../ids/kinds';
import { clip, oneLine } from '../sdrs/errors';

/** What a hover's links may run: nothing else, whatever the text says. */
export const ENABLED_COMMANDS = [COMMANDS.revealId, COMMANDS.copyId];
/** Longest server text shown in a hover, per field. */
const MAX_TEXT = 200;

/** What the Reveal and Copy commands are given. */
export interface IdTarget {
  id: string;
  connection?: string;
  kind?: IdKind;
}

export function kindName(kind: IdKind): string {
  switch (kind) {
    case 'drill':
      return vscode.l10n.t('Drill');
    case 'protectionGroup':
      return vscode.l10n.t('Protection group');
    case 'drillServer':
      return vscode.l10n.t('Drill server');
    case 'protectedInstance':
      return vscode.l10n.t('Protected instance');
    case 'drillVpc':
      return vscode.l10n.t('Drill VPC');
  }
}

/** The kind inside a sentence ("not a protection group"). */
export function kindNoun(kind: IdKind): string {
  switch (kind) {
    case 'drill':
      return vscode.l10n.t('drill');
    case 'protectionGroup':
      return vscode.l10n.t('protection group');
    case 'drillServer':
      return vscode.l10n.t('drill server');
    case 'protectedInstance':
      return vscode.l10n.t('protected instance');
    case 'drillVpc':
      return vscode.l10n.t('drill VPC');
  }
}

/**
 * A `command:` link with JSON arguments, every character that could end a markdown link (or a URI) percent-encoded:
 * encodeURIComponent leaves `( ) ' ! *` alone, and a `)` would close the link early.
 */
export function commandLink(command: string, target: IdTarget): string {
  const args = encodeURIComponent(JSON.stringify([target])).replace(/[()'!*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `command:${command}?${args}`;
}

/** Server text made safe to show: one line, cut to `max` (undefined when empty); escaping is the caller's. */
export function serverLine(text: string | undefined, max = MAX_TEXT): string | undefined {
  return (text && clip(oneLine(text), max)) || undefined;
}
