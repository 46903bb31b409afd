// Fixed SDRS data for the UI tests: small, every drill status present, and stable IDs so README screenshots do not churn.
import type { Emulator, EmulatorData } from '../emulator/emulator';
import { openSdrsSession, singleProjectSettings, type TreeRow, type UiSession } from './workbench';

export const GROUPS = {
  prodWeb: '57f7dc3f-2851-4e0c-9347-2f794bc56803',
  erpDb: '567ccdcc-9e11-49dd-9304-f8def8466b73',
  crmApp: '91224314-c85b-4469-9e2c-5595d6205639',
  /** Has no drills: offered by the filter prompt, absent from the tree. */
  hrPortal: '09728e04-2d2f-4e7a-a224-ec0553d6175c',
} as const;

export const VPCS = ['9c52d461-2f30-4adb-b097-6151dddf7155', 'c80e4979-af80-420a-b58b-cd00486e4ff3'] as const;

export const DRILLS = {
  quarterlyProd: { id: 'c7636629-8ead-4402-8443-5dc7a5bbb3ae', name: 'quarterly-prod-web' },
  switchoverProd: { id: '3de740ba-d440-43a8-860e-b559de7994ce', name: 'switchover-prod-web' },
  quarterlyProdRetry: { id: '9ba39605-cbd1-499a-ac3f-acb487ab40da', name: 'quarterly-prod-web-retry' },
  failoverProd: { id: 'b53cb802-d8f7-4ad2-b9d8-91f38a1141cb', name: 'failover-prod-web' },
  quarterlyErp: { id: '39022753-2ea1-419a-8f61-467f74cb426b', name: 'quarterly-erp-db' },
  annualErp: { id: '0541a490-3c3a-40db-8505-6ad9bbc8e407', name: 'annual-erp-db' },
  quarterlyCrm: { id: '96661507-86b1-4d4d-942e-ecbf7a7521b7', name: 'quarterly-crm-app' },
} as const;

/** Drill servers of `quarterly-prod-web`: [drill server ID, protected instance]. */
export const QUARTERLY_PROD_SERVERS = [
  ['edd3f8f0-6fc2-4431-bb2e-8d55fd34cf9d', 'ebf98de9-bc25-4284-b6bd-8909bd80b2cb'],
  ['eb8f7e49-79c7-4fb1-aaee-1d3aecc0e58e', '17027d9b-80b1-4f27-a4a4-870791604753'],
] as const;
/** Names of the protected instances the drill servers copy (by instance ID): drill server rows are named after them. */
export const INSTANCE_NAMES: Readonly<Record<string, string>> = {
  [QUARTERLY_PROD_SERVERS[0][1]]: 'ecs-web-01',
  [QUARTERLY_PROD_SERVERS[1][1]]: 'ecs-web-02',
  '3092741a-6049-4683-bda1-2da38c4ffb48': 'ecs-web-03',
  'e510ecf5-b20c-4a33-b908-5977adfe125b': 'erp-db-主库',
  '5de1bc1e-5158-45a1-8db4-c184fa95b7bc': 'crm-app-01',
};

const group = (id: string, name: string, status: string, created: string): EmulatorData['groups'][number] => ({
  id,
  name,
  description: `DR protection for ${name}`,
  status,
  source_availability_zone: 'cn-north-4a',
  target_availability_zone: 'cn-north-4b',
  protected_instance_num: 2,
  disaster_recovery_drill_num: 0,
  created_at: `${created} 08:00:00.000`,
  updated_at: `${created} 09:30:00.000`,
});

/** A fresh copy each call: the emulator keeps the arrays by reference. */
export function drillData(): EmulatorData {
  const drill = (
    d: { id: string; name: string },
    status: string,
    groupId: string,
    vpc: string,
    created: string,
    servers: ReadonlyArray<readonly [string, string]> = [],
  ): EmulatorData['drills'][number] => ({
    id: d.id,
    name: d.name,
    status,
    server_group_id: groupId,
    drill_vpc_id: vpc,
    created_at: `${created} 02:15:00.000`,
    updated_at: `${created} 03:40:00.000`,
    drill_servers: servers.map(([drillServer, instance]) => ({ drill_server_id: drillServer, protected_instance: instance })),
  });
  return {
    groups: [
      group(GROUPS.prodWeb, 'prod-web', 'protected', '2024-03-01'),
      group(GROUPS.erpDb, 'erp-db', 'protected', '2024-03-05'),
      group(GROUPS.crmApp, 'crm-app', 'protected', '2024-03-09'),
      group(GROUPS.hrPortal, 'hr-portal', 'available', '2024-03-12'),
    ],
    // In server order (created_at, id), as the service returns them.
    drills: [
      drill(DRILLS.quarterlyProd, 'available', GROUPS.prodWeb, VPCS[0], '2025-01-06', QUARTERLY_PROD_SERVERS),
      drill(DRILLS.switchoverProd, 'available', GROUPS.prodWeb, VPCS[1], '2025-02-03', [
        ['2eb25d61-5734-4858-b61b-ae7ec2aa12b0', '3092741a-6049-4683-bda1-2da38c4ffb48'],
      ]),
      drill(DRILLS.quarterlyProdRetry, 'creating', GROUPS.prodWeb, VPCS[0], '2025-04-07'),
      drill(DRILLS.failoverProd, 'error', GROUPS.prodWeb, VPCS[0], '2025-05-12'),
      drill(DRILLS.quarterlyErp, 'available', GROUPS.erpDb, VPCS[1], '2025-01-13', [
        ['82b4dca9-f99b-4b71-8c27-793998dada81', 'e510ecf5-b20c-4a33-b908-5977adfe125b'],
      ]),
      drill(DRILLS.annualErp, 'error-deleting', GROUPS.erpDb, VPCS[1], '2025-06-02'),
      drill(DRILLS.quarterlyCrm, 'deleting', GROUPS.crmApp, VPCS[0], '2025-01-20', [
        ['ea760f29-b7e5-43ef-8432-20fa1423778b', '5de1bc1e-5158-45a1-8db4-c184fa95b7bc'],
      ]),
    ].sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0)),
    instances: Object.entries(INSTANCE_NAMES).map(([id, name]) => ({
      id,
      name,
      server_group_id:
        id === 'e510ecf5-b20c-4a33-b908-5977adfe125b' ? GROUPS.erpDb : id === '5de1bc1e-5158-45a1-8db4-c184fa95b7bc' ? GROUPS.crmApp : GROUPS.prodWeb,
      status: 'protected',
      progress: 100,
    })),
  };
}

/** The protection groups of drillData(), in the order the tree lists them. */
export const ALL_GROUPS: readonly string[] = ['crm-app', 'erp-db', 'hr-portal', 'prod-web'];

/** The labels of the top-level rows (the protection groups of a single connection). */
export const groupLabels = (rows: TreeRow[]): string[] => rows.filter((r) => r.level === 1).map((r) => r.label);

export const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * A UI session on drillData() as `emulator` serves it: its one project through the settings (plus `settings`), its
 * credentials from the environment, ready once the tree shows the four protection groups.
 */
export function openDrillDataSession(suite: string, emulator: Emulator, settings: Record<string, unknown> = {}): Promise<UiSession> {
  const { accessKey, secretKey } = emulator.options.credentials;
  return openSdrsSession(
    suite,
    { settings: { ...singleProjectSettings(emulator), ...settings }, env: { HUAWEICLOUD_SDK_AK: accessKey, HUAWEICLOUD_SDK_SK: secretKey } },
    (rows) => sameList(groupLabels(rows), ALL_GROUPS),
    'the four protection groups',
  );
}
