// `sdrsDrills.deleteDrill`: a modal that says what goes and what stays, the row marked "deleting" at once, and the
// delete job followed to its end by the job watcher.
import * as vscode from 'vscode';
import { DELETABLE_DRILL_STATUSES } from '../sdrs/model';
import type { Services } from '../services';
import { failureLine } from '../tree/errorText';
import type { DrillTreeNode } from '../tree/nodes';
import { pickNode } from '../tree/nodePicker';

/** What goes with the drill, in words that fit the count. */
function deletedServers(n: number): string {
  if (n === 0) return vscode.l10n.t('The drill has no drill servers.');
  return n === 1
    ? vscode.l10n.t('Deletes its drill server with its disks and NICs.')
    : vscode.l10n.t('Deletes its {0} drill servers with their disks and NICs.', n);
}

export function registerDeleteDrillCommand({ registry, clients, view, jobs }: Services): vscode.Disposable {
  /** Deletes in flight, by drill: a second click never sends a second request. */
  const pending = new Set<string>();
  // `confirmed: true` as the second argument skips the modal (tests, keybindings that confirm themselves).
  return vscode.commands.registerCommand('sdrsDrills.deleteDrill', async (arg?: DrillTreeNode, confirmed?: unknown) => {
    const node = arg ?? (await pickNode(view.provider, ['drill'], vscode.l10n.t('Delete Drill')));
    if (node?.kind !== 'drill') return;
    const entry = registry.get(node.connection);
    if (!entry) return;
    const { drill } = node;
    const name = drill.name || drill.id;
    if (!DELETABLE_DRILL_STATUSES.includes(drill.status)) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Drill {0} cannot be deleted while it is {1}; SDRS deletes drills that are available, error or error-deleting.', name, drill.status),
      );
      return;
    }
    if (confirmed !== true) {
      const remove = vscode.l10n.t('Delete');
      const answer = await vscode.window.showWarningMessage(
        vscode.l10n.t('Delete drill {0}?', name),
        {
          modal: true,
          detail: [
            deletedServers(drill.drill_servers.length),
            drill.drill_vpc_id ? vscode.l10n.t('The drill VPC {0} is kept.', drill.drill_vpc_id) : vscode.l10n.t('The drill VPC is kept.'),
          ].join(' '),
        },
        remove,
      );
      if (answer !== remove) return;
    }
    if (pending.has(drill.id)) return;
    pending.add(drill.id);
    try {
      const client = await clients.client(entry.config);
      const result = await client.deleteDrill(drill.id);
      if ('alreadyGone' in result) {
        // Someone (or an earlier attempt) deleted it already: that is what the user wanted.
        await view.refresh(entry.config.id);
        return;
      }
      // Shown at once; the listing after the job replaces it.
      entry.model.replaceDrill({ ...drill, status: 'deleting' });
      await jobs.follow({ connection: entry.config.id, jobId: result.jobId, kind: 'deleteDrill', drillId: drill.id, drillName: name });
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not delete drill {0}: {1}', name, failureLine(e)));
    } finally {
      pending.delete(drill.id);
    }
  });
}
