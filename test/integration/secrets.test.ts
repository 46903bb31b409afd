// A gateway that echoes credentials, floods or forges log lines: nothing of it reaches the error node, its tooltip or the Output log.
import * as assert from 'node:assert/strict';
import type { StateNode } from '../../src/tree/nodes';
import { ACCESS_KEY, isState, labelOf, markdownOf, openHarness, readOutputLog, SECRET_KEY, setSetting, settle, waitFor, type Harness } from './support';

const FORGED = '2026-01-01 00:00:00.000 [error] forged line';

describe('secrets and hostile server messages', function () {
  let h: Harness;

  before(async () => {
    h = await openHarness({ groups: [], drills: [] });
  });
  beforeEach(async () => {
    await h.reset();
  });
  after(async () => {
    await h?.dispose();
  });

  function errorNode(): StateNode {
    const node = h.roots().find((n) => isState(n, 'error') || isState(n, 'stale'));
    assert.ok(
      node && node.kind === 'state',
      `no error node: ${h
        .roots()
        .map((n) => n.kind)
        .join(', ')}`,
    );
    return node;
  }

  /** Everything the user can read about the error node. */
  function shownText(node: StateNode): string {
    const item = h.item(node);
    return [labelOf(item), String(item.description ?? ''), markdownOf(item).value].join('\n');
  }

  it('keeps echoed credentials, huge messages and forged log lines out of the tree and the Output log', async () => {
    const echoed =
      `Incorrect IAM authentication information: Authorization: SDK-HMAC-SHA256 Access=${ACCESS_KEY}, SignedHeaders=host;x-sdk-date, ` +
      `sk=${SECRET_KEY}\n${FORGED}\n` +
      'x'.repeat(200_000);
    h.emulator.injectFault({
      path: '/disaster-recovery-drills',
      times: Infinity,
      status: 401,
      body: { error_code: 'APIGW.0301', error_msg: echoed, request_id: `rid-${ACCESS_KEY}` },
      headers: { 'X-Request-Id': `req-${ACCESS_KEY}` },
    });
    await h.refresh();

    const text = shownText(errorNode());
    for (const secret of [ACCESS_KEY, SECRET_KEY]) assert.ok(!text.includes(secret), `a credential reached the error node: ${text.slice(0, 2000)}`);
    assert.ok(text.length < 4000, `the error node holds ${text.length} characters of server text`);
    assert.ok(text.includes('APIGW.0301'), 'the code is still shown');

    // The Output log: the refresh failure is logged, on one line, without the credentials.
    let log = '';
    await waitFor(() => (log = readOutputLog(h.api)).includes('APIGW.0301'), 'the failure to reach the Output log file');
    for (const secret of [ACCESS_KEY, SECRET_KEY]) assert.ok(!log.includes(secret), 'a credential reached the Output log');
    assert.ok(!log.split('\n').some((line) => line.startsWith(FORGED.slice(0, 23))), 'a forged line reached the Output log as a line of its own');
    const longest = Math.max(...log.split('\n').map((l) => l.length));
    assert.ok(longest < 2000, `the Output log has a line of ${longest} characters`);
  });

  it('never echoes an endpoint with its user name and password', async () => {
    for (const endpoint of [
      'http://ENDPOINTUSER:ENDPOINTPASS@127.0.0.1:1',
      'http://ENDPOINTUSER:ENDPOINTPASS@127.0.0.1:notaport',
      'ftp://ENDPOINTUSER:ENDPOINTPASS@example.com',
    ]) {
      await setSetting('endpoint', endpoint);
      await settle(h.api);
      await waitFor(() => !!h.model.error, `an error for ${endpoint}`);
      const text = shownText(errorNode());
      assert.ok(!/ENDPOINTUSER|ENDPOINTPASS/.test(text), `the endpoint's user info was echoed: ${text}`);
    }
    await setSetting('endpoint', h.emulator.url);
    await settle(h.api);
  });
});
