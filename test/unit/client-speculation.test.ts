// How far the drill listing speculates before the first page answers: as far as the saved listing's size says (one
// request for five drills), in parallel for 50,000, a full window when nothing is known; in both `count` modes.
import * as assert from 'node:assert/strict';
import { SdrsClient } from '../../src/sdrs/client';
import { SdrsTransport } from '../../src/sdrs/transport';
import { startEmulator, type Emulator } from '../emulator/emulator';

type QueryValue = Parameters<SdrsTransport['get']>[1][string];

/**
 * Records the offset of every drill page the client asks for, when it asks (not when the request reaches the server, which
 * depends on sockets), and how many it had asked for when the first page came back: the speculative window.
 */
class CountingTransport extends SdrsTransport {
  readonly asked: number[] = [];
  firstWindow: number | undefined;
  override get(path: string, query: Record<string, QueryValue>, options?: Parameters<SdrsTransport['get']>[2]): ReturnType<SdrsTransport['get']> {
    if (!path.endsWith('/disaster-recovery-drills')) return super.get(path, query, options);
    this.asked.push(Number(query.offset));
    return super.get(path, query, options).then((answer) => {
      this.firstWindow ??= this.asked.length;
      return answer;
    });
  }
}

describe('drill listing: speculative pages', function () {
  this.timeout(60_000);
  const emulators: Emulator[] = [];
  after(async () => {
    for (const e of emulators) await e.close();
  });

  async function listing(
    drills: number,
    expectedItems: number | undefined,
    countMode: 'total' | 'page',
  ): Promise<{ firstWindow?: number; asked: number[]; listed: number }> {
    const emulator = await startEmulator({ drills, groups: 10, verifyAuth: false });
    emulators.push(emulator);
    emulator.setCountMode(countMode);
    const transport = new CountingTransport({
      endpoint: emulator.url,
      projectId: emulator.projectId,
      credentials: async () => ({ kind: 'token', token: 'emulator-token' }),
    });
    const client = new SdrsClient(transport, { pageSize: 1000, concurrency: 4 });
    const listed = (await client.listDrills({}, { expectedItems })).length;
    return { firstWindow: transport.firstWindow, asked: transport.asked, listed };
  }

  for (const countMode of ['total', 'page'] as const) {
    it(`asks once for a project the saved listing says has five drills (count = ${countMode})`, async () => {
      const run = await listing(5, 5, countMode);
      assert.deepEqual([run.firstWindow, run.asked, run.listed], [1, [0], 5]);
    });

    it(`asks for two pages at once for 1,500 drills (count = ${countMode})`, async () => {
      const run = await listing(1500, 1500, countMode);
      assert.deepEqual([run.firstWindow, run.asked.slice(0, 2), run.listed], [2, [0, 1000], 1500]);
    });

    it(`still asks four pages at once for 50,000 drills, each page once (count = ${countMode})`, async () => {
      const run = await listing(50_000, 50_000, countMode);
      assert.equal(run.firstWindow, 4);
      assert.equal(run.listed, 50_000);
      assert.equal(new Set(run.asked).size, run.asked.length, 'a page was asked for twice');
    });
  }

  it('asks a full window when nothing says how big the project is, as before', async () => {
    assert.equal((await listing(5, undefined, 'page')).firstWindow, 4);
  });

  it('takes a saved size that has grown: the page past the hint comes back full, and paging goes on', async () => {
    const run = await listing(2500, 5, 'page');
    assert.deepEqual([run.firstWindow, run.listed], [1, 2500]);
  });
});
