// Commands that need a node, run from the palette, walk the same tree as quick picks: connection → group → drill → server.
import * as vscode from 'vscode';
import { pick } from '../ui/prompts';
import { escapeIcons } from '../filter/filterInput';
import type { DrillTreeProvider } from './drillTreeProvider';
import { drillCount, type DrillTreeNode } from './nodes';

type PickableKind = 'protectionGroup' | 'drill' | 'drillServer';

interface NodeItem extends vscode.QuickPickItem {
  node: DrillTreeNode;
  /** Choosing it ends the walk (the node itself), rather than opening its children. */
  final: boolean;
}

function describe(node: DrillTreeNode): { label: string; description?: string } {
  switch (node.kind) {
    case 'connection':
      return { label: node.config.label, description: node.config.projectId };
    case 'protectionGroup':
      return { label: node.group.label, description: `${drillCount(node.group.drills.length)} · ${node.group.id}` };
    case 'drill':
      return { label: node.drill.name || node.drill.id, description: `${node.drill.status} · ${node.drill.id}` };
    case 'drillServer':
      return { label: node.server.drill_server_id, description: node.server.protected_instance };
    case 'failedTask':
    case 'state':
      return { label: '' };
  }
}

const PLACEHOLDERS: Record<DrillTreeNode['kind'], () => string> = {
  connection: () => vscode.l10n.t('Pick a connection'),
  protectionGroup: () => vscode.l10n.t('Pick a protection group'),
  drill: () => vscode.l10n.t('Pick a drill'),
  drillServer: () => vscode.l10n.t('Pick a drill server'),
  failedTask: () => '',
  state: () => '',
};

/**
 * Asks for a node of one of `kinds`, walking down from the roots the view shows now; undefined when cancelled or when
 * there is nothing to pick. A level with a single choice is taken without asking.
 */
export async function pickNode(provider: DrillTreeProvider, kinds: readonly PickableKind[], title: string): Promise<DrillTreeNode | undefined> {
  const accepts = (node: DrillTreeNode): boolean => (kinds as readonly string[]).includes(node.kind);
  const deepest = kinds.includes('drillServer') ? 3 : kinds.includes('drill') ? 2 : 1;
  const depth = (node: DrillTreeNode): number => ({ connection: 0, protectionGroup: 1, drill: 2, drillServer: 3, failedTask: 9, state: 9 })[node.kind];
  let children = provider.children();
  for (;;) {
    const items: NodeItem[] = [];
    for (const node of children) {
      if (node.kind === 'state' || node.kind === 'failedTask') continue;
      const { label, description } = describe(node);
      // Server text is shown as written: no $(icon) from a name.
      const base = { label: escapeIcons(label), description: description && escapeIcons(description) };
      const canOpen = depth(node) < deepest && provider.children(node).some((c) => c.kind !== 'state' && c.kind !== 'failedTask');
      if (accepts(node)) items.push({ ...base, node, final: true });
      if (canOpen && !(accepts(node) && depth(node) === deepest)) {
        items.push(
          accepts(node)
            ? { ...base, label: `$(chevron-right) ${base.label}`, detail: vscode.l10n.t('Show its contents'), node, final: false }
            : { ...base, node, final: false },
        );
      }
    }
    if (items.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('The SDRS view lists nothing to pick yet.'));
      return undefined;
    }
    const onlyOne = items.length === 1 && !items[0].final;
    const picked = onlyOne
      ? items[0]
      : await pick(items, { title, placeHolder: PLACEHOLDERS[items[0].node.kind](), matchOnDescription: true, ignoreFocusOut: true });
    if (!picked) return undefined;
    if (picked.final) return picked.node;
    children = provider.children(picked.node);
  }
}
