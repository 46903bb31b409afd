// `sdrsDrills.deleteDrill`: a modal that says what goes and what stays, the row marked "deleting" at once, and the
// delete job followed to its end by the job watcher.
import * as vscode from 'vscode';
import { DELETABLE_DRILL_STATUSES, type DrillDeletion } from '../sdrs/model';
import { wasAccepted } from '../sdrs/errors';
import { failureLine } from '../tree/errorText';
import type { Services } from '../services';
import { registerNodeCommand } from './runner';
import { COMMANDS } from './commandIds';
import { askModal, inert, say, showInfo, showWarning } from '../ui/say';

/** What goes with the drill, in words that fit the count. */
function deletedServers(n: number): string {
  if (n === 0) return vscode.l10n.t('The drill has no drill servers.');
  return n === 1
    ? vscode.l10n.t('Deletes its drill server with its disks and NICs.')
    : vscode.l10n.t('Deletes its {0} drill servers with their disks and NICs.', n);
}

export function registerDeleteDrillCommand(services: Services): vscode.Disposable {
  const { view, jobs } = services;
  // `confirmed: true` as the second argument skips the modal (tests, keybindings that confirm themselves).
  return registerNodeCommand(services, {
    id: COMMANDS.deleteDrill,
    kinds: ['drill'],
    title: () => vscode.l10n.t('Delete Drill'),
    selectFirst: () => say('Select a drill in the SDRS view first.'),
    // A second click never sends a second request.
    busyKey: (node) => node.drill.id,
    failure: ({ drill }, reason) => say('Could not delete drill {0}: {1}', drill.name || drill.id, reason),
    run: async ({ drill }, { entry }, confirmed?: unknown) => {
      const name = drill.name || drill.id;
      if (!DELETABLE_DRILL_STATUSES.includes(drill.status)) {
        void showInfo(say('Drill {0} cannot be deleted while it is {1}; SDRS deletes drills that are available, error or error-deleting.', name, drill.status));
        return;
      }
      if (confirmed !== true) {
        const remove = vscode.l10n.t('Delete');
        const answer = await askModal(
          say('Delete drill {0}?', name),
          inert(
            [
              deletedServers(drill.drill_servers.length),
              drill.drill_vpc_id ? vscode.l10n.t('The drill VPC {0} is kept.', inert(drill.drill_vpc_id)) : vscode.l10n.t('The drill VPC is kept.'),
            ].join(' '),
          ),
          remove,
        );
        if (answer !== remove) return;
      }
      const client = await services.clients.client(entry.config);
      let result: DrillDeletion;
      try {
        result = await client.deleteDrill(drill.id);
      } catch (e) {
        if (!wasAccepted(e)) throw e;
        // SDRS is deleting it; only the job cannot be followed. The listing shows how far it got.
        entry.model.replaceDrill({ ...drill, status: 'deleting' });
        void showWarning(
          say('SDRS accepted the deletion of drill {0} but sent no job to follow; refreshing to show it as SDRS lists it ({1}).', name, failureLine(e)),
        );
        await view.refresh(entry.config.id);
        return;
      }
      if ('alreadyGone' in result) {
        // Someone (or an earlier attempt) deleted it already: that is what the user wanted.
        await view.refresh(entry.config.id);
        return;
      }
      // Shown at once; the listing after the job replaces it.
      entry.model.replaceDrill({ ...drill, status: 'deleting' });
      await jobs.follow({ connection: entry.config.id, jobId: result.jobId, kind: 'deleteDrill', drillId: drill.id, drillName: name });
    },
  });
}
