// Credentials: SecretStorage round trip, the HUAWEICLOUD_SDK_* environment fallback, and the welcome state when neither is set.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ACCESS_KEY, clearCredentials, makeDrill, makeGroup, openHarness, SECRET_KEY, settle, storeCredentials, waitFor, type Harness } from './support';

const ENV_KEYS = ['HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK', 'HUAWEICLOUD_SDK_SECURITY_TOKEN'] as const;
const group = makeGroup('erp-db');
const drill = makeDrill('erp-drill', group.id);

describe('credentials', function () {
  let h: Harness;
  const savedEnv = new Map<string, string | undefined>();

  before(async () => {
    for (const key of ENV_KEYS) savedEnv.set(key, process.env[key]);
    for (const key of ENV_KEYS) delete process.env[key];
    h = await openHarness({ groups: [group], drills: [drill] });
  });
  beforeEach(async () => {
    await h.reset();
  });
  afterEach(async () => {
    for (const key of ENV_KEYS) delete process.env[key];
    await h.storeCredentials();
  });
  after(async () => {
    await h?.dispose();
    for (const [key, value] of savedEnv) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it('stores AK/SK in SecretStorage and resolves them from there', async () => {
    const { credentials } = h.api.services;
    const model = h.model;
    const resolved = await credentials.resolve();
    assert.equal(resolved?.source, 'secretStorage');
    assert.deepEqual(resolved?.credentials, { kind: 'aksk', accessKey: ACCESS_KEY, secretKey: SECRET_KEY });
    assert.equal(model.listing?.credentialSource, 'secretStorage');
    assert.ok(!(h.api.services.view.treeView.description ?? '').includes(vscode.l10n.t('credentials from environment')));

    // The requests were signed with the stored AK (the emulator checked the signature).
    const last = h.emulator.requests.at(-1);
    assert.ok(String(last?.headers.authorization).includes(`Access=${ACCESS_KEY},`), 'request not signed with the stored AK');
    assert.equal(last?.status, 200);
  });

  it('falls back to HUAWEICLOUD_SDK_AK/SK when SecretStorage is empty, and says so in the view', async () => {
    const { credentials, view } = h.api.services;
    const model = h.model;
    process.env.HUAWEICLOUD_SDK_AK = ACCESS_KEY;
    process.env.HUAWEICLOUD_SDK_SK = SECRET_KEY;
    await clearCredentials(h.api);
    await settle(h.api);

    const resolved = await credentials.resolve();
    assert.equal(resolved?.source, 'environment');
    assert.deepEqual(resolved?.credentials, { kind: 'aksk', accessKey: ACCESS_KEY, secretKey: SECRET_KEY, securityToken: undefined });

    await h.refresh();
    assert.equal(model.error, undefined, model.error?.describe());
    assert.equal(model.listing?.credentialSource, 'environment');
    assert.deepEqual(
      h.groups().map((g) => g.group.label),
      ['erp-db'],
    );
    const description = view.treeView.description ?? '';
    assert.ok(description.includes(vscode.l10n.t('credentials from environment')), `view description: ${description}`);
    // The description is not drawn while this is its container's only view; the message always is.
    const message = h.api.services.view.treeView.message ?? '';
    assert.ok(message.includes('HUAWEICLOUD_SDK_AK'), `view message: ${message}`);
  });

  it('sends a stored IAM token as X-Auth-Token instead of signing', async () => {
    const model = h.model;
    await storeCredentials(h.api, { kind: 'token', token: h.emulator.options.token });
    await settle(h.api);
    const since = h.mark();
    await h.refresh();
    assert.equal(model.error, undefined, model.error?.describe());
    const requests = h.emulator.requests.slice(since);
    assert.ok(requests.length > 0);
    for (const r of requests) {
      assert.equal(r.headers['x-auth-token'], h.emulator.options.token);
      assert.equal(r.headers.authorization, undefined);
      assert.equal(r.status, 200);
    }
  });

  it('prefers SecretStorage over the environment', async () => {
    process.env.HUAWEICLOUD_SDK_AK = 'ENVACCESSKEY00000000';
    process.env.HUAWEICLOUD_SDK_SK = 'env-secret-key-0123456789';
    assert.equal((await h.api.services.credentials.resolve())?.source, 'secretStorage');
  });

  it('shows the welcome view (no root nodes) when neither SecretStorage nor the environment has credentials', async () => {
    const { credentials } = h.api.services;
    const model = h.model;
    await clearCredentials(h.api);
    await settle(h.api);
    await waitFor(() => model.missing.includes('credentials'), 'credentials to be reported missing');

    assert.equal(await credentials.resolve(), undefined);
    assert.deepEqual(model.missing, ['credentials']);
    assert.equal(model.listing, undefined);
    assert.deepEqual(h.roots(), []);

    const since = h.mark();
    await h.refresh();
    assert.equal(h.emulator.requests.length, since, 'a refresh without credentials sent requests');
  });
});
