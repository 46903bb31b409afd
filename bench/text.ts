// Benchmark: the text scans that used to carry timed assertions in the unit suite (IDs on long lines, completion
// context, the Terraform parse, the emulator's seed). Figures only, with no target: the unit tests prove the scans
// finish on these inputs; how long they take depends on the machine, so it is printed here.
import { completionContext } from '../src/ids/completionContext';
import { findIds, idAt } from '../src/ids/recognize';
import { parseSdrsBlocks, sdrsIdReferences } from '../src/ids/terraform';
import { seedData } from '../test/emulator/emulator';

const RUNS = Math.max(3, Number(process.env.BENCH_RUNS ?? 5));
const UUID = '0a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d';
const HEX32 = '0123456789abcdef0123456789abcdef';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function time(label: string, work: () => unknown): void {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = process.hrtime.bigint();
    work();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  console.log(`${label.padEnd(58)} median ${median(times).toFixed(1).padStart(7)} ms (runs ${times.map((t) => t.toFixed(0)).join(', ')})`);
}

const idsLine = Array.from({ length: 10_000 }, (_, i) => `{"n":${i},"id":"${i % 2 ? UUID : HEX32}","pad":"${'z'.repeat(50)}"}`).join(',');
const noise = `${'0123456789abcdef'.repeat(32_768)}-${'abcdef01-'.repeat(100_000)}`;
const long = `${'x '.repeat(500_000)}${UUID}${' y'.repeat(500_000)}`;
const at = long.indexOf(UUID) + 5;
const completionLine = `${'{"x": "y"}, '.repeat(100_000)}{"drill_id": "ab`;
const tf = Array.from(
  { length: 2500 },
  (_, i) => `resource "huaweicloud_sdrs_drill" "d${i}" {\n  name = "drill-${i}"\n  group_id = "${UUID}"\n  drill_vpc_id = "${UUID}"\n}\n`,
).join('\n');

console.log(`text scans, ${RUNS} runs each`);
time('findIds: 10,000 IDs on a 1 MB line', () => findIds(idsLine));
time('findIds: 1 MB of hex digits and hyphens (no ID)', () => findIds(noise));
time('idAt ×1000 on a 2 MB line', () => {
  for (let i = 0; i < 1000; i++) idAt(long, at);
});
time('completionContext ×20 on a 1.2 MB line', () => {
  for (let i = 0; i < 20; i++) completionContext(completionLine);
});
time(`parseSdrsBlocks + sdrsIdReferences: 2,500 blocks (${(tf.length / 1e6).toFixed(1)} MB)`, () => sdrsIdReferences(parseSdrsBlocks(tf)));
time('seedData: 50,000 drills in 40 groups', () => seedData({ seed: 9, groups: 40, drills: 50_000 }));
