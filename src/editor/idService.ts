// Keeps the ID index in step with the registry's listings, for the editor features (hover, links, completion, the
// Terraform check). Rebuilding reuses every listing already indexed, so a change in one connection costs only that one.
import * as vscode from 'vscode';
import { IdIndex, type IdEntry, type IndexedConnection } from '../ids/idIndex';
import type { ConnectionState } from '../model/connectionModel';
import type { ConnectionRegistry } from '../model/connectionRegistry';

/** A listing that holds all the project has now: fresh, unfiltered, and with the protection groups call answered. */
function isComplete(state: ConnectionState): boolean {
  if (state.kind !== 'loaded') return false;
  const { listing } = state;
  return !listing.fromCache && Object.keys(listing.filter).length === 0 && !listing.groupsError;
}

export class IdService implements vscode.Disposable {
  private current = IdIndex.empty;
  private connections: readonly IndexedConnection[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fired when the index or its completeness changed (not on every state change of a connection). */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;
  /** Time the last rebuild took, in ms (logged by the tests and the bench). */
  lastBuildMs = 0;

  constructor(private readonly registry: ConnectionRegistry) {
    this.subscription = registry.onDidChange(() => this.rebuild());
    this.rebuild();
  }

  get index(): IdIndex {
    return this.current;
  }

  /** Every connection has a complete listing, so an ID none of them lists is not one SDRS has. */
  get complete(): boolean {
    return IdIndex.isComplete(this.connections);
  }

  lookup(id: string): IdEntry[] {
    return this.current.lookup(id);
  }

  private rebuild(): void {
    const next = this.registry.connections.map((e): IndexedConnection => ({
      id: e.config.id,
      label: e.config.label,
      listing: e.model.listing,
      complete: isComplete(e.model.state),
    }));
    const same =
      next.length === this.connections.length &&
      next.every((c, i) => {
        const old = this.connections[i];
        return c.id === old.id && c.label === old.label && c.listing === old.listing && c.complete === old.complete;
      });
    if (same) return;
    const started = performance.now();
    this.connections = next;
    this.current = IdIndex.build(next, this.current);
    this.lastBuildMs = performance.now() - started;
    this.changed.fire();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
