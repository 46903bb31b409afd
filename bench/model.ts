// Benchmark: building the grouped model (group → drills → drill servers) for 50,000 drills: time and heap.
import { groupDrills } from '../src/sdrs/grouping';
import { seedData } from '../test/emulator/emulator';

const DRILLS = Number(process.env.BENCH_DRILLS ?? 50_000);
const RUNS = 5;

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('run with node --expose-gc');
  collect();
  collect();
}

function measure(label: string, build: () => number): { median: number; heapMb: number; size: number } {
  const times: number[] = [];
  let heapGrowth = 0;
  let size = 0;
  for (let run = 0; run < RUNS; run++) {
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const started = process.hrtime.bigint();
    size = build();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    heapGrowth = Math.max(heapGrowth, process.memoryUsage().heapUsed - heapBefore);
  }
  const median = [...times].sort((a, b) => a - b)[Math.floor(RUNS / 2)];
  const heapMb = heapGrowth / 1024 / 1024;
  console.log(`${label}: median ${median.toFixed(1)} ms (runs ${times.map((t) => t.toFixed(0)).join(', ')}), heap growth ${heapMb.toFixed(1)} MB`);
  return { median, heapMb, size };
}

function main(): void {
  const data = seedData({ seed: 7, groups: 200, drills: DRILLS });
  const servers = data.drills.reduce((n, d) => n + d.drill_servers.length, 0);
  const body = JSON.stringify({ count: DRILLS, disaster_recovery_drills: data.drills });
  console.log(`drills=${DRILLS} drill servers=${servers} protection groups=${data.groups.length} JSON=${(body.length / 1024 / 1024).toFixed(1)} MB`);
  // The target: grouping the parsed drills into group → drills → drill servers.
  const model = measure('build grouped model', () => groupDrills(data.drills, data.groups).length);
  // For context: the same plus parsing the JSON text it came from.
  measure('parse JSON + build grouped model', () => {
    const drills = (JSON.parse(body) as { disaster_recovery_drills: typeof data.drills }).disaster_recovery_drills;
    return groupDrills(drills, data.groups).length;
  });
  const pass = model.median <= 100 && model.heapMb <= 100;
  console.log(`groups in model=${model.size} · target (build) ≤ 100 ms and ≤ 100 MB heap: ${pass ? 'met' : 'MISSED'}`);
  process.exitCode = pass ? 0 : 1;
}

main();
