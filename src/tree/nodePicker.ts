// Commands that need a node, run from the palette, walk the same tree as quick picks: connection → group → drill → server.
import * as vscode from 'vscode';
import { pick } from '../ui/prompts';
import { escapeIcons } from '../ui/text';
import type { DrillTreeProvider } from './drillTreeProvider';
import { NODE_SPECS, specOf, type DrillTreeNode, type NodeKind } from './nodes';
import { say, showInfo } from '../ui/say';

interface NodeItem extends vscode.QuickPickItem {
  node: DrillTreeNode;
  /** Choosing it ends the walk (the node itself), rather than opening its children. */
  final: boolean;
}

/** How the picker shows and reaches a node; undefined for rows it never offers (states, failed tasks). */
const pickerOf = (node: DrillTreeNode) => specOf(node).picker;

/**
 * Asks for a node of one of `kinds`, walking down from the roots the view shows now; undefined when cancelled or when
 * there is nothing to pick. A level with a single choice is taken without asking.
 */
export async function pickNode(provider: DrillTreeProvider, kinds: readonly NodeKind[], title: string): Promise<DrillTreeNode | undefined> {
  const accepts = (node: DrillTreeNode): boolean => kinds.includes(node.kind);
  // The walk goes no deeper than the deepest kind asked for.
  const deepest = Math.max(...kinds.map((kind) => NODE_SPECS[kind].picker?.depth ?? 0));
  let children = provider.children();
  for (;;) {
    const items: NodeItem[] = [];
    for (const node of children) {
      const picker = pickerOf(node);
      if (!picker) continue;
      const { label, description } = picker.describe(node);
      // Server text is shown as written: no $(icon) from a name.
      const base = { label: escapeIcons(label), description: description && escapeIcons(description) };
      const canOpen = picker.depth < deepest && provider.children(node).some((c) => pickerOf(c) !== undefined);
      if (accepts(node)) items.push({ ...base, node, final: true });
      if (canOpen && !(accepts(node) && picker.depth === deepest)) {
        items.push(
          accepts(node)
            ? { ...base, label: `$(chevron-right) ${base.label}`, detail: vscode.l10n.t('Show its contents'), node, final: false }
            : { ...base, node, final: false },
        );
      }
    }
    if (items.length === 0) {
      void showInfo(say('The SDRS view lists nothing to pick yet.'));
      return undefined;
    }
    const onlyOne = items.length === 1 && !items[0].final;
    const picked = onlyOne
      ? items[0]
      : await pick(items, { title, placeHolder: pickerOf(items[0].node)?.placeholder(), matchOnDescription: true, ignoreFocusOut: true });
    if (!picked) return undefined;
    if (picked.final) return picked.node;
    children = provider.children(picked.node);
  }
}
