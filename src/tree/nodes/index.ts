// The node specs, one per kind, and the few functions that dispatch to them. Nothing outside src/tree/nodes switches
// on a node's kind to learn how it looks or what it holds: it asks here.
import type * as vscode from 'vscode';
import type { IdKind } from '../../ids/kinds';
import { connectionSpec } from './connection';
import { drillSpec } from './drill';
import { drillServerSpec } from './drillServer';
import { failedTaskSpec } from './failedTask';
import { protectionGroupSpec } from './protectionGroup';
import type { CopyKind, NodeSpec, NodeSpecs, TreeContext } from './spec';
import { stateSpec } from './state';
import type { DrillTreeNode, NodeKind } from './types';

export * from './types';
export type { CopyKind, NodeSpec, TreeContext } from './spec';
export { connectionNode, connectionRows } from './connection';

export const NODE_SPECS: NodeSpecs = {
  connection: connectionSpec,
  protectionGroup: protectionGroupSpec,
  drill: drillSpec,
  drillServer: drillServerSpec,
  failedTask: failedTaskSpec,
  state: stateSpec,
};

/** The spec of a node's kind. (TypeScript cannot relate `NODE_SPECS[node.kind]` to `node` by itself.) */
export function specOf<N extends DrillTreeNode>(node: N): NodeSpec<N> {
  return NODE_SPECS[node.kind as NodeKind] as unknown as NodeSpec<N>;
}

export const nodeId = (node: DrillTreeNode): string => specOf(node).id(node);
export const primaryId = (node: DrillTreeNode): string | undefined => specOf(node).primaryId(node);
export const tooltipFor = (node: DrillTreeNode): vscode.MarkdownString | undefined => specOf(node).tooltip(node);
export const childrenOf = (node: DrillTreeNode, tree: TreeContext): DrillTreeNode[] => specOf(node).children(node, tree);
export const copyOf = (node: DrillTreeNode, kind: CopyKind): string | undefined => specOf(node).copies[kind]?.(node);

/** The tree item of a node, with its tree ID. */
export function toTreeItem(node: DrillTreeNode, tree: TreeContext): vscode.TreeItem {
  const item = specOf(node).item(node, tree);
  item.id = nodeId(node);
  return item;
}

/** A tree node as the view passes it to a command (a plain object with a kind); a URI, a string or nothing is not. */
export function isNode(value: unknown): value is DrillTreeNode {
  return typeof value === 'object' && value !== null && 'kind' in value && 'connection' in value;
}

/** Whether reveal lands on this node: one of the IDs it is the home of matches. */
export function holdsId(node: DrillTreeNode, matches: (kind: IdKind, value: string | undefined) => boolean): boolean {
  return specOf(node)
    .reveal.ids(node)
    .some(([kind, value]) => matches(kind, value));
}
