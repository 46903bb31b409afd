// The manifest's promises about where requests may go: a workspace can never add a connection or point one elsewhere.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
  contributes: { configuration: { properties: Record<string, { scope?: string }> }; menus: Record<string, Array<{ command: string; when?: string }>> };
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
});
