// Copy commands on tree nodes: one per kind of ID, plus Copy as JSON; each confirms briefly in the status bar.
import * as vscode from 'vscode';
import type { Services } from '../services';
import type { DrillTreeNode } from '../tree/nodes';
import { pickNode } from '../tree/nodePicker';

interface CopySpec {
  command: string;
  /** What the palette asks for when no node is given. */
  kinds: Array<'protectionGroup' | 'drill' | 'drillServer'>;
  /** The text to copy from a node, or undefined when the node has no such ID. */
  pick: (node: DrillTreeNode) => string | undefined;
  confirmation: () => string;
}

const SPECS: CopySpec[] = [
  {
    command: 'sdrsDrills.copyDrillId',
    kinds: ['drill'],
    pick: (n) => (n.kind === 'drill' ? n.drill.id : n.kind === 'drillServer' ? n.drill.id : undefined),
    confirmation: () => vscode.l10n.t('Copied drill ID'),
  },
  {
    command: 'sdrsDrills.copyDrillVpcId',
    kinds: ['drill'],
    pick: (n) => (n.kind === 'drill' ? n.drill.drill_vpc_id || undefined : undefined),
    confirmation: () => vscode.l10n.t('Copied drill VPC ID'),
  },
  {
    command: 'sdrsDrills.copyProtectionGroupId',
    kinds: ['protectionGroup'],
    pick: (n) =>
      n.kind === 'protectionGroup' ? n.group.id : n.kind === 'drill' ? n.drill.server_group_id : n.kind === 'drillServer' ? n.drill.server_group_id : undefined,
    confirmation: () => vscode.l10n.t('Copied protection group ID'),
  },
  {
    command: 'sdrsDrills.copyDrillServerId',
    kinds: ['drillServer'],
    pick: (n) => (n.kind === 'drillServer' ? n.server.drill_server_id : undefined),
    confirmation: () => vscode.l10n.t('Copied drill server ID'),
  },
  {
    command: 'sdrsDrills.copyProtectedInstanceId',
    kinds: ['drillServer'],
    pick: (n) => (n.kind === 'drillServer' ? n.server.protected_instance : undefined),
    confirmation: () => vscode.l10n.t('Copied protected instance ID'),
  },
  {
    command: 'sdrsDrills.copyAsJson',
    kinds: ['protectionGroup', 'drill', 'drillServer'],
    pick: (n) => {
      const value =
        n.kind === 'drill' ? n.drill : n.kind === 'drillServer' ? n.server : n.kind === 'protectionGroup' ? (n.group.group ?? { id: n.group.id }) : undefined;
      return value === undefined ? undefined : JSON.stringify(value, null, 2);
    },
    confirmation: () => vscode.l10n.t('Copied as JSON'),
  },
];

export function registerCopyCommands({ view }: Services): vscode.Disposable[] {
  return SPECS.map((spec) =>
    vscode.commands.registerCommand(spec.command, async (node?: DrillTreeNode) => {
      // From the palette: walk the tree as quick picks.
      node ??= await pickNode(view.provider, spec.kinds, vscode.l10n.t('Copy'));
      if (!node) return;
      const text = spec.pick(node);
      if (!text) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Select a drill, drill server or protection group in the SDRS view first.'));
        return;
      }
      await vscode.env.clipboard.writeText(text);
      vscode.window.setStatusBarMessage(spec.confirmation(), 3000);
    }),
  );
}
