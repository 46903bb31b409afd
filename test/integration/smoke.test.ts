// Smoke: the extension activates in a real extension host and contributes its view and commands.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { COMMANDS } from '../../src/commands/commandIds';

const EXTENSION_ID = 'sdrs-drill-explorer.sdrs-drill-explorer';

describe('extension smoke', () => {
  it('is installed and activates', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('runs from the expected copy: the development checkout, or the installed .vsix', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    if (process.env.SDRS_EXPECT_INSTALLED === '1') {
      assert.match(ext.extensionPath, /extensions[\\/]sdrs-drill-explorer\.sdrs-drill-explorer-\d/);
      assert.equal(fs.existsSync(path.join(ext.extensionPath, 'src')), false, 'sources must not be packaged');
    } else {
      assert.ok(fs.existsSync(path.join(ext.extensionPath, 'src', 'extension.ts')), `expected the development checkout, got ${ext.extensionPath}`);
    }
  });

  it('contributes the SDRS container and the sdrsDrills view', () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      contributes: { viewsContainers: { activitybar: { id: string }[] }; views: Record<string, { id: string }[]> };
    };
    assert.deepEqual(
      pkg.contributes.viewsContainers.activitybar.map((c) => c.id),
      ['sdrs'],
    );
    assert.deepEqual(
      pkg.contributes.views.sdrs.map((v) => v.id),
      ['sdrsDrills'],
    );
  });

  it('registers every contributed command, and none it does not contribute', async () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: { command: string }[] } };
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = pkg.contributes.commands.map((c) => c.command);
    assert.ok(contributed.length > 0);
    for (const id of contributed) {
      assert.ok(id.startsWith('sdrsDrills.'), `${id} lacks the sdrsDrills. prefix`);
      assert.ok(registered.has(id), `${id} is contributed but not registered`);
    }
    // VS Code itself registers a few commands for the sdrsDrills view (focus, reset its location, …).
    const viewCommands = /^sdrsDrills\.(focus|resetViewLocation|toggleVisibility|removeView|open)$/;
    const ours = [...registered].filter((id) => id.startsWith('sdrsDrills.') && !viewCommands.test(id));
    assert.deepEqual(
      ours.filter((id) => !contributed.includes(id)),
      [],
      'registered but not contributed',
    );
    assert.deepEqual([...ours].sort(), [...Object.values(COMMANDS)].sort());
  });

  it('opens the view through its focus command', async () => {
    const api = (await vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID)!.activate()) as ExtensionApi;
    await vscode.commands.executeCommand('sdrsDrills.focus');
    const deadline = Date.now() + 10_000;
    while (!api.services.view.treeView.visible && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(api.services.view.treeView.visible, true, 'the SDRS view did not become visible');
    await vscode.commands.executeCommand('sdrsDrills.refresh');
  });
});
