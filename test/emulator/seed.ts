// Deterministic, realistic-looking SDRS data (protection groups, DR drills and protected instances) generated from a seed.
import { DRILL_STATUSES, type DisasterRecoveryDrill, type DrillServer, type ProtectedInstance, type ProtectionGroup } from '../../src/sdrs/model';

/** All protection-group statuses from the API reference. */
export const GROUP_STATUSES = [
  'creating',
  'available',
  'protected',
  'deleting',
  'error-deleting',
  'error',
  'starting',
  'error-starting',
  'reprotecting',
  'error-reprotecting',
  'stopping',
  'error-stopping',
  'reversing',
  'error-reversing',
  'failing-over',
  'failed-over',
  'error-failing-over',
] as const;

export interface SeedOptions {
  seed: number;
  groups: number;
  drills: number;
  /** Whose availability zones the groups replicate between (default cn-north-4): `<region>a` → `<region>b` … */
  region?: string;
}

/** All protected-instance statuses from the API reference (sdrs-lifecycle.md §5). */
export const INSTANCE_STATUSES = [
  'creating',
  'deleting',
  'available',
  'protected',
  'error',
  'error-deleting',
  'nic-creating',
  'nic-deleting',
  'starting',
  'stopping',
  'error-starting',
  'error-stopping',
  'reversing',
  'failing-over',
  'reprotecting',
  'failed-over',
  'error-reversing',
  'error-failing-over',
  'error-reprotecting',
  'resizing',
  'error-resizing',
  'invalid',
  'fault',
] as const;

export interface SeededData {
  groups: ProtectionGroup[];
  drills: DisasterRecoveryDrill[];
  /**
   * Every group's protected instances (1–6 each, as many as its protected_instance_num), in server order: exactly the IDs
   * the drills' `drill_servers[].protected_instance` copy, and more. Absent only when there are no groups (nothing to list).
   */
  instances?: ProtectedInstance[];
}

/** mulberry32: tiny, fast and good enough for test data; the same seed always gives the same stream. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GROUP_NAMES = [
  'prod-web',
  '订单系统-生产',
  'erp-db',
  'crm-app',
  '支付网关',
  'hr-portal',
  '数据仓库-灾备',
  'mes-line2',
  'OA-办公',
  'k8s-master',
  '会员中心',
  'billing-api',
];
const DRILL_PREFIXES = ['drill', 'dr_drill', 'DR-Test', '季度演练', 'failover.rehearsal', '年度容灾演练', 'switch-test', '切换演练'];
/** Server roles for instance names (`<role>-<nn>`, unique within a group by the number). */
const INSTANCE_ROLES = [
  'ecs-prod-web',
  '订单-db',
  'erp-app',
  '支付-api',
  'crm-db',
  'mes-plc-gw',
  '会员-cache',
  'billing-worker',
  'oa-file',
  '报表-srv',
  'k8s-node',
  'nginx-lb',
];
/** What an instance of a protected group shows when it is not protected itself: mostly a broken replication. */
const ABNORMAL_INSTANCE_STATUSES = ['fault', 'fault', 'fault', 'error-starting', 'invalid', 'resizing', 'error-resizing', 'nic-creating', 'available'];
/** Statuses of an instance whose data never started to replicate. */
const UNSYNCED = new Set(['available', 'creating', 'error', 'invalid']);
/** Zone pairs (source, target) by their letter; the region comes from the seed options. */
const AZ_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['a', 'b'],
  ['b', 'c'],
  ['a', 'g'],
];

const DAY = 86_400_000;
const GROUPS_FROM = Date.UTC(2023, 2, 1);
const DRILLS_FROM = Date.UTC(2024, 0, 8);
/** Drill creation times are spread over this span whatever the count, so timestamps stay plausible at 50,000 drills. */
const DRILL_SPAN = 540 * DAY;

// Lookup tables and a per-day cache: Date and toString(16) dominated the profile at 50,000 drills.
const HEX = Buffer.from('0123456789abcdef');
const UUID_TEMPLATE = 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx';
const uuidBuf = Buffer.from(UUID_TEMPLATE, 'latin1');
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const dayCache = new Map<number, string>();

/** `yyyy-MM-dd HH:mm:ss.SSS`, UTC, no zone marker, as the service formats it. */
export function formatTimestamp(ms: number): string {
  const day = Math.floor(ms / DAY);
  let date = dayCache.get(day);
  if (date === undefined) dayCache.set(day, (date = new Date(day * DAY).toISOString().slice(0, 10)));
  const t = ms - day * DAY;
  const [h, m, s] = [Math.floor(t / 3_600_000), Math.floor(t / 60_000) % 60, Math.floor(t / 1000) % 60];
  return `${date} ${PAD3[h].slice(1)}:${PAD3[m].slice(1)}:${PAD3[s].slice(1)}.${PAD3[t % 1000]}`;
}

/** Draws from one PRNG stream: integers, picks and UUIDs. */
function drawsFrom(rand: () => number) {
  const int = (n: number): number => Math.floor(rand() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const u32 = (): number => (rand() * 0x100000000) >>> 0;
  /** Version-4 layout from the PRNG, written into one buffer: string concatenation left ~20 garbage strings per id. */
  const uuid = (): string => {
    let word = 0;
    let bits = 0;
    for (let i = 0; i < UUID_TEMPLATE.length; i++) {
      const ch = UUID_TEMPLATE[i];
      if (ch !== 'x' && ch !== 'y') continue;
      if (bits === 0) [word, bits] = [u32(), 32];
      const nibble = (word >>> (bits -= 4)) & 15;
      uuidBuf[i] = HEX[ch === 'y' ? 8 | (nibble & 3) : nibble];
    }
    return uuidBuf.toString('latin1');
  };
  return { int, pick, uuid };
}

export function seedData(opts: SeedOptions): SeededData {
  const rand = mulberry32(opts.seed);
  const { int, pick, uuid } = drawsFrom(rand);
  if (opts.drills > 0 && opts.groups < 1) throw new RangeError('seedData: drills need at least one protection group');

  const groups: ProtectionGroup[] = [];
  const instancesOf: string[][] = [];
  const groupTimes: number[] = [];
  let groupTime = GROUPS_FROM;
  for (let i = 0; i < opts.groups; i++) {
    const round = Math.floor(i / GROUP_NAMES.length);
    const name = GROUP_NAMES[i % GROUP_NAMES.length] + (round ? `-${round + 1}` : '');
    // Three in four groups are protected (the first always is, so drills have a home); the rest show other states.
    const status = i % 4 !== 3 ? 'protected' : pick(GROUP_STATUSES.filter((s) => s !== 'protected'));
    const [source, target] = pick(AZ_PAIRS).map((letter) => `${opts.region ?? 'cn-north-4'}${letter}`);
    const instances = Array.from({ length: 1 + int(6) }, uuid);
    instancesOf.push(instances);
    groupTime += DAY + int(20 * DAY);
    groupTimes.push(groupTime);
    groups.push({
      id: uuid(),
      name,
      description: rand() < 0.5 ? '' : `DR protection for ${name}`,
      status,
      source_availability_zone: source,
      target_availability_zone: target,
      source_vpc_id: uuid(),
      priority_station: status === 'failed-over' ? 'target' : 'source',
      protection_type: 'replication-pair',
      protected_instance_num: instances.length,
      disaster_recovery_drill_num: 0,
      created_at: formatTimestamp(groupTime),
      updated_at: formatTimestamp(groupTime + int(30 * DAY)),
    });
  }

  // Drills go to protected groups only (replication running), so every other group shows zero drills.
  const drillable = groups.map((_, i) => i).filter((i) => groups[i].status === 'protected');
  const vpcs = Array.from({ length: 6 }, uuid);
  // Five disjoint buckets, one forced position each, so every status appears whenever there are ≥ 5 drills.
  const bucket = Math.floor(opts.drills / 5);
  const forced = new Map<number, string>();
  if (bucket > 0) DRILL_STATUSES.forEach((s, j) => forced.set(j * bucket + int(bucket), s));

  const drills: DisasterRecoveryDrill[] = [];
  const step = DRILL_SPAN / Math.max(1, opts.drills);
  let time = DRILLS_FROM;
  for (let i = 0; i < opts.drills; i++) {
    // Strictly increasing creation times: the seed already comes out in server order (created_at, then id).
    time += Math.max(1, Math.floor(step * (0.5 + rand())));
    const g = drillable[Math.floor(rand() * rand() * drillable.length)]; // skewed: a few groups hold most drills
    const group = groups[g];
    const r = rand();
    const status = forced.get(i) ?? (r < 0.7 ? 'available' : r < 0.76 ? 'creating' : r < 0.82 ? 'deleting' : r < 0.91 ? 'error' : 'error-deleting');
    const instances = instancesOf[g];
    // A drill that failed to create has no servers; others copy 0–3 of the group's instances.
    const serverCount = status === 'error' ? 0 : Math.min(int(4), instances.length);
    const first = int(instances.length);
    const drillServers: DrillServer[] = [];
    for (let k = 0; k < serverCount; k++) {
      drillServers.push({ protected_instance: instances[(first + k) % instances.length], drill_server_id: uuid() });
    }
    group.disaster_recovery_drill_num = (group.disaster_recovery_drill_num ?? 0) + 1;
    drills.push({
      id: uuid(),
      name: `${pick(DRILL_PREFIXES)}-${group.name}-${i + 1}`,
      status,
      server_group_id: group.id,
      drill_vpc_id: pick(vpcs),
      created_at: formatTimestamp(time),
      updated_at: formatTimestamp(time + (status === 'creating' ? int(60_000) : int(3 * DAY))),
      drill_servers: drillServers,
    });
  }
  if (groups.length === 0) return { groups, drills };
  return { groups, drills, instances: seedInstances(opts.seed, groups, instancesOf, groupTimes) };
}

/**
 * The groups' protected instances, from a PRNG of their own: the main stream (and so every group, drill and ID seeded before
 * instances existed) stays as it was. Each group's instances are created within the hour after the group, one every few
 * minutes, so the list comes out in server order (created_at, then id) like the drills.
 */
function seedInstances(seed: number, groups: readonly ProtectionGroup[], instancesOf: readonly string[][], groupTimes: readonly number[]): ProtectedInstance[] {
  const rand = mulberry32(seed ^ 0x5eed1);
  const { int, pick, uuid } = drawsFrom(rand);
  const instances: ProtectedInstance[] = [];
  groups.forEach((group, g) => {
    let time = groupTimes[g];
    instancesOf[g].forEach((id, k) => {
      const name = `${pick(INSTANCE_ROLES)}-${PAD3[k + 1].slice(1)}`;
      // A protected group's instances are mostly protected too; any other group's are where the group's last operation left them.
      const status = group.status !== 'protected' ? (group.status ?? 'available') : rand() < 0.15 ? pick(ABNORMAL_INSTANCE_STATUSES) : 'protected';
      const progress = UNSYNCED.has(status) ? 0 : status === 'fault' || rand() < 0.1 ? 20 + int(80) : 100;
      time += 60_000 + int(9 * 60_000);
      instances.push({
        id,
        name,
        description: rand() < 0.6 ? '' : `${name} of ${group.name}`,
        server_group_id: group.id,
        status,
        progress,
        source_server: uuid(),
        target_server: uuid(),
        priority_station: group.priority_station,
        created_at: formatTimestamp(time),
        updated_at: formatTimestamp(time + int(30 * DAY)),
      });
    });
  });
  return instances;
}
