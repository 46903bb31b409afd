// Benchmark: the editor's ID index with 50,000 drills (and their drill servers, groups, protected instances and drill
// VPCs): rebuild after a refresh, hover lookup, completion list. Targets: rebuild ≤ 50 ms, hover ≤ 1 ms, completion ≤ 50 ms.
import { completionContext } from '../src/ids/completionContext';
import { IdIndex } from '../src/ids/idIndex';
import { idAt } from '../src/ids/recognize';
import type { Listing } from '../src/model/connectionModel';
import { groupDrills } from '../src/sdrs/grouping';
import type { ProtectedInstance } from '../src/sdrs/model';
import { seedData } from '../test/emulator/emulator';

const DRILLS = Number(process.env.BENCH_DRILLS ?? 50_000);
const RUNS = 7;

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

function time(run: () => unknown): number {
  const started = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function main(): void {
  const data = seedData({ seed: 7, groups: 200, drills: DRILLS });
  const seeded = (data as { instances?: ProtectedInstance[] }).instances;
  const instances = new Map<string, ProtectedInstance>();
  if (seeded) for (const i of seeded) instances.set(i.id, i);
  else
    for (const d of data.drills)
      for (const s of d.drill_servers)
        instances.set(s.protected_instance, { id: s.protected_instance, name: `ecs-${s.protected_instance.slice(0, 6)}`, server_group_id: d.server_group_id });
  const listing = (): Listing => ({
    groups: groupDrills(data.drills, data.groups, { includeEmpty: () => true }),
    drillCount: data.drills.length,
    filter: {},
    fetchedAt: new Date(),
    fromCache: false,
    knownGroups: data.groups,
    instances,
  });
  const servers = data.drills.reduce((n, d) => n + d.drill_servers.length, 0);

  // Rebuild: a refresh brings a new listing object, which is indexed from scratch (other connections are reused).
  const rebuilds: number[] = [];
  let index = IdIndex.empty;
  for (let run = 0; run < RUNS; run++) {
    const fresh = listing();
    rebuilds.push(time(() => (index = IdIndex.build([{ id: 'c1', label: 'Beijing', listing: fresh, complete: true }], index))));
  }
  const entries = [...index.entries(['drill', 'protectionGroup', 'drillServer', 'protectedInstance', 'drillVpc'])].length;
  console.log(`drills=${DRILLS} drill servers=${servers} groups=${data.groups.length} instances=${instances.size} · indexed IDs=${entries}`);
  const rebuild = median(rebuilds);
  console.log(`index rebuild: median ${rebuild.toFixed(1)} ms (runs ${rebuilds.map((t) => t.toFixed(0)).join(', ')})`);

  // Hover: find the ID under the cursor in a realistic line, then look it up; known and unknown IDs alike.
  const ids = data.drills.flatMap((d) => [d.id, d.server_group_id, ...d.drill_servers.map((s) => s.drill_server_id)]);
  const lines = ids.slice(0, 20_000).map((id, i) => (i % 4 === 3 ? `  group_id = "${id.replace(/^./, 'f')}" # unknown` : `  drill_id     = "${id}"`));
  const perHover: number[] = [];
  let found = 0;
  for (const line of lines) {
    perHover.push(
      time(() => {
        const match = idAt(line, line.indexOf('"') + 5);
        if (match && index.lookup(match.key).length) found++;
      }),
    );
  }
  const sortedHover = [...perHover].sort((a, b) => a - b);
  const hoverP99 = sortedHover[Math.floor(sortedHover.length * 0.99)];
  const hoverMax = sortedHover[sortedHover.length - 1];
  console.log(
    `hover lookup (${lines.length} hovers, ${found} known): median ${(median(perHover) * 1000).toFixed(1)} µs, p99 ${(hoverP99 * 1000).toFixed(1)} µs, max ${hoverMax.toFixed(3)} ms`,
  );

  // Completion: context from the line, candidates, and the strings each item carries; nothing typed (the largest
  // list), a name prefix, and text that matches nothing (a full scan).
  const cases: Array<[string, string]> = [
    ['empty', 'drill_id = "'],
    ['name prefix', 'drill_id = "drill-prod'],
    ['no match', 'drill_id = "zzzz'],
    ['groups', 'server_group_id: '],
  ];
  let worst = 0;
  for (const [label, prefix] of cases) {
    const runs: number[] = [];
    let count = 0;
    for (let run = 0; run < RUNS; run++) {
      runs.push(
        time(() => {
          const context = completionContext(prefix);
          if (!context) throw new Error(`no completion context for ${prefix}`);
          const { entries: list } = index.candidates(context.kinds, context.typed);
          count = list.map((e) => ({
            label: e.name || e.id,
            detail: e.status,
            description: e.groupName,
            insertText: e.id,
            filterText: `${e.name} ${e.id}`,
          })).length;
        }),
      );
    }
    const m = median(runs);
    worst = Math.max(worst, m);
    console.log(`completion (${label}): ${count} items, median ${m.toFixed(2)} ms`);
  }

  const pass = rebuild <= 50 && hoverP99 <= 1 && worst <= 50;
  console.log(
    `targets: rebuild ≤ 50 ms (${rebuild.toFixed(1)}), hover ≤ 1 ms (p99 ${hoverP99.toFixed(3)}, max ${hoverMax.toFixed(3)}), completion ≤ 50 ms (${worst.toFixed(2)}): ${pass ? 'met' : 'MISSED'}`,
  );
  process.exitCode = pass ? 0 : 1;
}

main();
