// Benchmark: listing 10,000 drills at 100 ms latency, our concurrent pager vs. a plain sequential offset pager.
import { SdrsClient } from '../src/sdrs/client';
import type { DisasterRecoveryDrill } from '../src/sdrs/model';
import { SdrsTransport } from '../src/sdrs/transport';
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';

const DRILLS = Number(process.env.BENCH_DRILLS ?? 10_000);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
const PAGE = 1000;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** The baseline: one page after another until a short page. */
async function sequential(client: SdrsClient): Promise<DisasterRecoveryDrill[]> {
  const all: DisasterRecoveryDrill[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await client.listDrillPage({}, PAGE, offset);
    all.push(...page.items);
    if (page.items.length < PAGE) return all;
  }
}

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = process.hrtime.bigint();
  const result = await fn();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, result };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The emulator runs in its own process, as a real service would: its work must not share our event loop. */
async function startEmulatorProcess(countMode: string): Promise<{ url: string; projectId: string; requests: () => number; stop: () => void }> {
  const cli = path.join(__dirname, '..', 'test', 'emulator', 'cli.js');
  const child: ChildProcess = spawn(
    process.execPath,
    [cli, '--port', '0', '--drills', String(DRILLS), '--groups', '40', '--latency', String(LATENCY_MS), '--count-mode', countMode, '--ak', AK, '--sk', SK],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = readline.createInterface({ input: child.stdout! });
  let requests = 0;
  const first = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
    lines.once('line', resolve);
  });
  lines.on('line', () => requests++);
  const match = /listening on (\S+) project=(\S+)/.exec(first);
  if (!match) throw new Error(`unexpected emulator banner: ${first}`);
  return { url: match[1], projectId: match[2], requests: () => requests, stop: () => child.kill() };
}

const AK = 'BENCHAK';
const SK = 'BENCHSK';

async function main(): Promise<void> {
  console.log(`drills=${DRILLS} latency=${LATENCY_MS} ms page=${PAGE} concurrency=4 runs=${RUNS} (median shown; emulator in its own process)`);
  let ok = true;
  for (const mode of ['total', 'page']) {
    const emulator = await startEmulatorProcess(mode);
    const transport = new SdrsTransport({
      endpoint: emulator.url,
      projectId: emulator.projectId,
      credentials: async () => ({ kind: 'aksk', accessKey: AK, secretKey: SK }),
    });
    const ours: number[] = [];
    const seq: number[] = [];
    let requests = 0;
    for (let run = 0; run < RUNS; run++) {
      // A fresh client each run: no memory of earlier result sizes.
      const client = new SdrsClient(transport, { pageSize: PAGE, concurrency: 4 });
      await new Promise((r) => setTimeout(r, 50)); // the previous run's access-log lines are in
      const before = emulator.requests();
      const a = await time(() => client.listDrills());
      await new Promise((r) => setTimeout(r, 50)); // let the access log catch up
      requests = emulator.requests() - before;
      const b = await time(() => sequential(client));
      if (a.result.length !== DRILLS || b.result.length !== DRILLS) throw new Error(`incomplete: ${a.result.length}/${b.result.length}`);
      ours.push(a.ms);
      seq.push(b.ms);
    }
    const o = median(ours);
    const s = median(seq);
    // One round trip of wall time = what the sequential pager pays per page: the latency plus moving and
    // parsing a 1000-drill page (~440 KB). The bare injected latency is printed as well.
    const pages = Math.floor(DRILLS / PAGE) + 1;
    const roundTrip = s / pages;
    const roundTrips = o / roundTrip;
    const speedup = s / o;
    const pass = roundTrips <= 3.5 && speedup >= 3;
    ok &&= pass;
    console.log(
      `count=${mode.padEnd(5)} ours ${o.toFixed(0)} ms, ${requests} requests · sequential ${s.toFixed(0)} ms, ${pages} requests ` +
        `(one round trip = ${roundTrip.toFixed(0)} ms) · ours = ${roundTrips.toFixed(2)} round trips ` +
        `(${(o / LATENCY_MS).toFixed(2)}× the bare latency) · ${speedup.toFixed(2)}× faster · ` +
        `target ≤ 3.5 round trips and ≥ 3×: ${pass ? 'met' : 'MISSED'}`,
    );
    emulator.stop();
  }
  process.exitCode = ok ? 0 : 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
