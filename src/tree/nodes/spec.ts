// What the extension knows about one kind of node, in one place: its tree ID, tree item, tooltip, children, the ID it
// copies, how the palette picker shows it, and where reveal finds an ID. `NodeSpecs` maps every kind to its spec, so a
// kind that forgets a concern does not compile.
import type * as vscode from 'vscode';
import type { IdKind } from '../../ids/kinds';
import type { ConnectionEntry } from '../../model/connectionRegistry';
import type { DrillTreeNode, NodeKind, NodeOf } from './types';

/** The IDs the copy commands copy; a kind lists those it has. */
export type CopyKind = 'drillId' | 'drillVpcId' | 'protectionGroupId' | 'drillServerId' | 'protectedInstanceId' | 'json';

/** What a spec may ask of the tree while it builds items and children. */
export interface TreeContext {
  entry(connection: string): ConnectionEntry | undefined;
  /** Whether a row starts expanded: the user's own choice for it, else open only while its listing is small. */
  startsExpanded(node: DrillTreeNode): boolean;
}

export interface NodeSpec<N extends DrillTreeNode> {
  /** The tree ID: a path of encoded parts, unique for any data and stable across refreshes (see common.ts). */
  id(node: N): string;
  /** The row, without its ID (the dispatcher sets it) and without its tooltip (built on hover). */
  item(node: N, tree: TreeContext): vscode.TreeItem;
  tooltip(node: N): vscode.MarkdownString | undefined;
  children(node: N, tree: TreeContext): DrillTreeNode[];
  /** The ID an "Insert ID" or a drag of this node produces. */
  primaryId(node: N): string | undefined;
  /** Which IDs "Copy …" takes from this node. */
  copies: { readonly [C in CopyKind]?: (node: N) => string | undefined };
  /** How the palette picker shows the node, and how deep it lies; undefined when it is never picked. */
  picker?: {
    depth: number;
    placeholder(): string;
    describe(node: N): { label: string; description?: string };
  };
  /** The IDs this node is where reveal lands, and whether one of its descendants may hold `matches`. */
  reveal: {
    ids(node: N): ReadonlyArray<readonly [IdKind, string | undefined]>;
    searchChildren(node: N, matches: (kind: IdKind, value: string | undefined) => boolean): boolean;
  };
}

export type NodeSpecs = { readonly [K in NodeKind]: NodeSpec<NodeOf<K>> };

/** A spec's concerns for nodes that hold no ID: nothing to copy, pick or reveal. */
export const NO_IDS = {
  primaryId: (): undefined => undefined,
  copies: {},
  reveal: { ids: () => [], searchChildren: () => false },
} as const;
