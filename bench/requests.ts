// Benchmark: drill-list requests per refresh for 5, 1,500 and 50,000 drills (pages of 1000, four at a time): the first
// refresh of a window with nothing known, one that knows the saved listing's size, and the next refresh. Counts only.
import { SdrsClient } from '../src/sdrs/client';
import { SdrsTransport } from '../src/sdrs/transport';
import { startEmulator } from '../test/emulator/emulator';

async function requests(drills: number, countMode: 'total' | 'page'): Promise<number[]> {
  const emulator = await startEmulator({ drills, groups: 40, verifyAuth: false, latencyMs: 20 });
  emulator.setCountMode(countMode);
  try {
    const transport = () =>
      new SdrsTransport({ endpoint: emulator.url, projectId: emulator.projectId, credentials: async () => ({ kind: 'token', token: 'emulator-token' }) });
    const drillRequests = (): number => emulator.requests.filter((r) => r.path.endsWith('/disaster-recovery-drills')).length;
    const counts: number[] = [];
    const measure = async (run: () => Promise<unknown>): Promise<void> => {
      const before = drillRequests();
      await run();
      // Speculative requests past the end may still be arriving: they count too (they were sent).
      await new Promise((r) => setTimeout(r, 100));
      counts.push(drillRequests() - before);
    };
    await measure(() => new SdrsClient(transport(), { pageSize: 1000, concurrency: 4 }).listDrills());
    const warm = new SdrsClient(transport(), { pageSize: 1000, concurrency: 4 });
    await measure(() => warm.listDrills({}, { expectedItems: drills }));
    await measure(() => warm.listDrills());
    return counts;
  } finally {
    await emulator.close();
  }
}

async function main(): Promise<void> {
  console.log('drill-list requests per refresh (pages of 1000, concurrency 4; pages needed = ⌊n/1000⌋ + 1)');
  console.log('drills   count   nothing known   saved size known   next refresh');
  for (const drills of [5, 1500, 50_000]) {
    for (const mode of ['total', 'page'] as const) {
      const [cold, hinted, next] = await requests(drills, mode);
      console.log(
        `${String(drills).padStart(6)}   ${mode.padEnd(5)}   ${String(cold).padStart(13)}   ${String(hinted).padStart(16)}   ${String(next).padStart(12)}`,
      );
    }
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
