// SDRS.0221 through the extension: a service that refuses limit=1000 still lists, and the window says so once in the Output log.
import * as assert from 'node:assert/strict';
import { makeDrill, makeGroup, openHarness, readOutputLog, waitFor, type Harness } from './support';

const NOTICE = 'SDRS refused limit=1000 (SDRS.0221); using pages of 999 from now on';

describe('page size fallback (SDRS.0221)', function () {
  let h: Harness;
  const group = makeGroup('strict-group');
  const drills = Array.from({ length: 1200 }, (_, i) => makeDrill(`strict-${i}`, group.id));

  before(async () => {
    h = await openHarness({ groups: [group], drills });
  });
  after(async () => {
    h.emulator.options.strictLimit = false;
    await h?.dispose();
  });

  it('lists every drill at 999 after the refusal, logs it once, and asks at 999 from then on', async () => {
    const model = h.model;
    h.emulator.options.strictLimit = true;
    const since = h.mark();
    await h.refresh();
    assert.equal(model.error, undefined, model.error?.describe());
    assert.equal(model.listing?.drillCount, drills.length);
    const limits = h.drillListRequests(since).map((r) => r.query.limit?.[0]);
    assert.ok(limits.includes('1000') && limits.includes('999'), `limits sent: ${limits.join(',')}`);

    const again = h.mark();
    await h.refresh();
    assert.equal(model.listing?.drillCount, drills.length);
    assert.deepEqual(new Set(h.emulator.requests.slice(again).map((r) => r.query.limit?.[0])), new Set(['999']));
    await waitFor(() => readOutputLog(h.api).includes(NOTICE), 'the notice in the Output log');
    assert.equal(readOutputLog(h.api).split(NOTICE).length - 1, 1, 'the notice was logged more than once');
  });
});
