// `npm run bench`: runs every benchmark, each in its own process (so one's heap and JIT state never colours another's),
// prints all of them, then a summary; exits non-zero at the end when any missed its target or failed.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const BENCHES: Array<{ file: string; node?: string[] }> = [
  { file: 'paging.js' },
  { file: 'model.js', node: ['--expose-gc'] },
  { file: 'cache.js' },
  { file: 'ids.js' },
  { file: 'text.js' },
  { file: 'requests.js' },
];

const results = BENCHES.map(({ file, node = [] }) => {
  console.log(`\n== bench/${file.replace(/\.js$/, '.ts')}`);
  const started = Date.now();
  const run = spawnSync(process.execPath, [...node, path.join(__dirname, file)], { stdio: 'inherit' });
  const code = run.status ?? 1;
  return { file, code, seconds: (Date.now() - started) / 1000, signal: run.signal };
});

console.log('\n== summary');
for (const r of results) {
  const outcome = r.code === 0 ? 'met' : r.signal ? `killed by ${r.signal}` : 'MISSED a target (or failed): see above';
  console.log(`${r.file.replace(/\.js$/, '').padEnd(8)} ${outcome} (${r.seconds.toFixed(1)} s)`);
}
const missed = results.filter((r) => r.code !== 0).length;
console.log(missed ? `${missed} of ${results.length} benchmarks missed a target` : `all ${results.length} benchmarks met their targets`);
process.exitCode = missed ? 1 : 0;
