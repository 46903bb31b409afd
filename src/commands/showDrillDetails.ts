// `sdrsDrills.showDrillDetails`: the drill as formatted JSON in a read-only virtual document, fetched fresh.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { failureLine } from '../tree/errorText';
import { registerNodeCommand } from './runner';
import { COMMANDS } from './commandIds';
import { say, showWarning } from '../ui/say';

const SCHEME = 'sdrs-drill';

export function registerShowDrillDetailsCommand(services: Services): vscode.Disposable[] {
  const { clients, registry } = services;
  const provider: vscode.TextDocumentContentProvider = {
    async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
      const params = new URLSearchParams(uri.query);
      const id = params.get('id') ?? '';
      const entry = registry.get(params.get('connection') ?? '');
      try {
        if (!entry) throw new Error(vscode.l10n.t('The connection of this drill is no longer configured'));
        const client = await clients.client(entry.config);
        return JSON.stringify(await client.showDrill(id), null, 2) + '\n';
      } catch (e) {
        // Fall back to what the tree already has, saying so, rather than an empty document.
        const known = entry?.model.findDrill(id);
        const reason = failureLine(e);
        if (!known) throw new Error(reason);
        void showWarning(say('Showing the drill as last listed; fetching it failed: {0}', reason));
        return JSON.stringify(known, null, 2) + '\n';
      }
    },
  };
  return [
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, provider),
    registerNodeCommand(services, {
      id: COMMANDS.showDrillDetails,
      kinds: ['drill', 'drillServer'],
      pickKinds: ['drill'],
      title: () => vscode.l10n.t('Show Drill Details'),
      selectFirst: () => say('Select a drill in the SDRS view first.'),
      failure: (_node, reason) => say('Could not show the drill: {0}', reason),
      run: async (node) => {
        const { drill } = node;
        const safeName = (drill.name || drill.id).replace(/[^\p{L}\p{N}._-]+/gu, '_');
        const uri = vscode.Uri.from({
          scheme: SCHEME,
          path: `/${safeName}.json`,
          query: new URLSearchParams({ id: drill.id, connection: node.connection }).toString(),
        });
        const doc = await vscode.workspace.openTextDocument(uri);
        await vscode.languages.setTextDocumentLanguage(doc, 'json');
        await vscode.window.showTextDocument(doc, { preview: true });
      },
    }),
  ];
}
