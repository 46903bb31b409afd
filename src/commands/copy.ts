// Copy commands on tree nodes: one per kind of ID, plus Copy as JSON; each confirms briefly in the status bar.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { copyOf, type CopyKind } from '../tree/nodes';
import type { CommandId } from './commandIds';
import { registerNodeCommand } from './runner';
import { COMMANDS } from './commandIds';

interface CopyCommand {
  command: CommandId;
  copies: CopyKind;
  /** What the palette asks for when no node is given. */
  kinds: Array<'protectionGroup' | 'drill' | 'drillServer'>;
  confirmation: () => string;
}

const COPY_COMMANDS: CopyCommand[] = [
  { command: COMMANDS.copyDrillId, copies: 'drillId', kinds: ['drill'], confirmation: () => vscode.l10n.t('Copied drill ID') },
  { command: COMMANDS.copyDrillVpcId, copies: 'drillVpcId', kinds: ['drill'], confirmation: () => vscode.l10n.t('Copied drill VPC ID') },
  {
    command: COMMANDS.copyProtectionGroupId,
    copies: 'protectionGroupId',
    kinds: ['protectionGroup'],
    confirmation: () => vscode.l10n.t('Copied protection group ID'),
  },
  { command: COMMANDS.copyDrillServerId, copies: 'drillServerId', kinds: ['drillServer'], confirmation: () => vscode.l10n.t('Copied drill server ID') },
  {
    command: COMMANDS.copyProtectedInstanceId,
    copies: 'protectedInstanceId',
    kinds: ['drillServer'],
    confirmation: () => vscode.l10n.t('Copied protected instance ID'),
  },
  { command: COMMANDS.copyAsJson, copies: 'json', kinds: ['protectionGroup', 'drill', 'drillServer'], confirmation: () => vscode.l10n.t('Copied as JSON') },
];

const selectFirst = (): string => vscode.l10n.t('Select a drill, drill server or protection group in the SDRS view first.');

export function registerCopyCommands(services: Services): vscode.Disposable[] {
  return COPY_COMMANDS.map((spec) =>
    registerNodeCommand(services, {
      id: spec.command,
      kinds: ['protectionGroup', 'drill', 'drillServer'],
      // From the palette: walk the tree as quick picks.
      pickKinds: spec.kinds,
      title: () => vscode.l10n.t('Copy'),
      selectFirst,
      failure: (_node, reason) => vscode.l10n.t('Could not copy: {0}', reason),
      run: async (node) => {
        const text = copyOf(node, spec.copies);
        if (!text) {
          void vscode.window.showInformationMessage(selectFirst());
          return;
        }
        await vscode.env.clipboard.writeText(text);
        vscode.window.setStatusBarMessage(spec.confirmation(), 3000);
      },
    }),
  );
}
