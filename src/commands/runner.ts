// One way to run a command on a tree node: the node the view passed or one picked from the palette, the kind check,
// one run per target at a time, progress in the view, and one failure wording (with the request ID) for all.
import * as vscode from 'vscode';
import type { ConnectionEntry } from '../model/connectionRegistry';
import type { Services } from '../services';
import { failureLine } from '../tree/errorText';
import { VIEW_ID } from '../tree/drillTreeProvider';
import { isNode, type DrillTreeNode, type NodeKind, type NodeOf } from '../tree/nodes';
import { pickNode } from '../tree/nodePicker';
import type { CommandId } from './commandIds';
import { showError, showInfo, type Said } from '../ui/say';

/** What an action gets besides its node: the node's connection, and progress in the view for the part that waits. */
export interface CommandContext {
  entry: ConnectionEntry;
  inView<T>(work: () => Thenable<T>): Thenable<T>;
  /** Ends the busy guard before the action does (Create Drill, once SDRS has taken the POST, while its job runs). */
  release(): void;
}

export interface NodeCommand<K extends NodeKind> {
  id: CommandId;
  /** The kinds of node it runs on. */
  kinds: readonly K[];
  /** The kinds the palette asks for, when they differ (Show Drill Details runs on a drill server too, but asks for a drill). */
  pickKinds?: readonly K[];
  /** The palette picker's title; without one, the command runs only on a node the view gives it. */
  title?: () => string;
  /** Said when it is run without a node it can use. */
  selectFirst: () => Said;
  /** A target that may have one run at a time: a second run while the first is busy does nothing. */
  busyKey?: (node: NodeOf<K>) => string;
  /** The failure line: "Could not … : {reason}", the reason with its code and request ID. */
  failure: (node: NodeOf<K>, reason: string) => Said;
  run: (node: NodeOf<K>, context: CommandContext, ...args: unknown[]) => Promise<unknown>;
}

export function registerNodeCommand<K extends NodeKind>({ registry, view }: Services, command: NodeCommand<K>): vscode.Disposable {
  const busy = new Set<string>();
  const accepts = (node: DrillTreeNode | undefined): node is NodeOf<K> => !!node && (command.kinds as readonly NodeKind[]).includes(node.kind);
  return vscode.commands.registerCommand(command.id, async (arg?: unknown, ...args: unknown[]) => {
    const given = isNode(arg) ? arg : undefined;
    const node = given ?? (command.title ? await pickNode(view.provider, command.pickKinds ?? command.kinds, command.title()) : undefined);
    if (!accepts(node)) {
      // Escape in the picker says nothing; a node of another kind, or none where no picker exists, says what to select.
      if (given || !command.title) void showInfo(command.selectFirst());
      return;
    }
    const entry = registry.get(node.connection);
    if (!entry) return;
    const key = command.busyKey?.(node);
    if (key !== undefined) {
      if (busy.has(key)) return;
      busy.add(key);
    }
    const release = (): void => {
      if (key !== undefined) busy.delete(key);
    };
    try {
      await command.run(node, { entry, inView: (work) => vscode.window.withProgress({ location: { viewId: VIEW_ID } }, work), release }, ...args);
    } catch (e) {
      void showError(command.failure(node, failureLine(e)));
    } finally {
      release();
    }
  });
}
