// The manifest's promises about where requests may go: a workspace can never add a connection or point one elsewhere.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS } from '../../src/commands/commandIds';

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
  contributes: {
    commands: Array<{ command: string }>;
    configuration: { properties: Record<string, { scope?: string }> };
    menus: Record<string, Array<{ command: string; when?: string }>>;
  };
};

describe('manifest', () => {
  const properties = manifest.contributes.configuration.properties;
  // Every setting that decides where signed requests go, or which projects are listed.
  const guarded = ['sdrs.endpoint', 'sdrs.iamEndpoint', 'sdrs.connections'];

  it('keeps endpoints and connections in user settings only (application scope), never a workspace', () => {
    for (const key of guarded) assert.equal(properties[key]?.scope, 'application', `${key} is not application-scoped`);
  });

  it('ignores them in untrusted workspaces', () => {
    assert.deepEqual([...manifest.capabilities.untrustedWorkspaces.restrictedConfigurations].sort(), [...guarded].sort());
  });

  it('offers Add Connection only in a trusted workspace', () => {
    const entries = Object.values(manifest.contributes.menus)
      .flat()
      .filter((m) => m.command === 'sdrsDrills.addConnection');
    assert.ok(entries.length > 0);
    for (const m of entries) assert.match(m.when ?? '', /isWorkspaceTrusted/);
  });

  it('declares exactly the commands of commands/commandIds.ts, both ways', () => {
    const declared = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(declared, [...Object.values(COMMANDS)].sort());
  });

  it('names every command through COMMANDS: no command is registered, run or linked by a string ID in src/', () => {
    const root = path.resolve(__dirname, '..', '..', '..', 'src');
    // Where a command ID is used: registered, executed, or a tree item's / link's command.
    const literal = /(registerCommand\(|executeCommand\(|command:)\s*'sdrsDrills\./;
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith('.ts') && entry.name !== 'commandIds.ts' && literal.test(fs.readFileSync(full, 'utf8')))
          offenders.push(path.relative(root, full));
      }
    };
    walk(root);
    assert.deepEqual(offenders, []);
  });
});
