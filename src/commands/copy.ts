// Copy commands on tree nodes: one per kind of ID, plus Copy as JSON; each confirms briefly in the status bar.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { copyOf, type CopyKind } from '../tree/nodes';
import type { CommandId } from './commandIds';
import { registerNodeCommand } from './runner';
import { COMMANDS } from './commandIds';
import { say, showInfo, showStatus, type Said } from '../ui/say';

interface CopyCommand {
  command: CommandId;
  copies: CopyKind;
  /** What the palette asks for when no node is given. */
  kinds: Array<'protectionGroup' | 'drill' | 'drillServer'>;
  confirmation: () => Said;
}

const COPY_COMMANDS: CopyCommand[] = [
  { command: COMMANDS.copyDrillId, copies: 'drillId', kinds: ['drill'], confirmation: () => say('Copied drill ID') },
  { command: COMMANDS.copyDrillVpcId, copies: 'drillVpcId', kinds: ['drill'], confirmation: () => say('Copied drill VPC ID') },
  {
    command: COMMANDS.copyProtectionGroupId,
    copies: 'protectionGroupId',
    kinds: ['protectionGroup'],
    confirmation: () => say('Copied protection group ID'),
  },
  { command: COMMANDS.copyDrillServerId, copies: 'drillServerId', kinds: ['drillServer'], confirmation: () => say('Copied drill server ID') },
  {
    command: COMMANDS.copyProtectedInstanceId,
    copies: 'protectedInstanceId',
    kinds: ['drillServer'],
    confirmation: () => say('Copied protected instance ID'),
  },
  { command: COMMANDS.copyAsJson, copies: 'json', kinds: ['protectionGroup', 'drill', 'drillServer'], confirmation: () => say('Copied as JSON') },
];

const selectFirst = (): Said => say('Select a drill, drill server or protection group in the SDRS view first.');

export function registerCopyCommands(services: Services): vscode.Disposable[] {
  return COPY_COMMANDS.map((spec) =>
    registerNodeCommand(services, {
      id: spec.command,
      kinds: ['protectionGroup', 'drill', 'drillServer'],
      // From the palette: walk the tree as quick picks.
      pickKinds: spec.kinds,
      title: () => vscode.l10n.t('Copy'),
      selectFirst,
      failure: (_node, reason) => say('Could not copy: {0}', reason),
      run: async (node) => {
        const text = copyOf(node, spec.copies);
        if (!text) {
          void showInfo(selectFirst());
          return;
        }
        await vscode.env.clipboard.writeText(text);
        showStatus(spec.confirmation(), 3000);
      },
    }),
  );
}
