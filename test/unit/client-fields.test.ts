// Every documented response field survives the client with its documented type: the reference's examples over real HTTP.
import * as assert from 'node:assert/strict';
import { SdrsClient } from '../../src/sdrs/client';
import type { Job, ProtectedInstance, ProtectionGroup } from '../../src/sdrs/model';
import { startServer, transportFor, type TestServer } from './transport-servers';

const JOB_ID = '2c9eb2c1661d2c3201661d33d8990ghz';

describe('client fields: documented examples, field by field', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /** A client of a server that answers every request with `body`. */
  async function clientAnswering(body: unknown): Promise<SdrsClient> {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
    return new SdrsClient(transportFor(server, { kind: 'token', token: 't' }));
  }

  it('listProtectionGroups: the readiness §1 example, documented nulls kept as null', async () => {
    const group: ProtectionGroup = {
      id: '5b1c0000-0000-4000-8000-000000000001',
      name: 'pg-erp',
      description: null,
      status: 'protected',
      progress: 100,
      source_availability_zone: 'cn-north-4a',
      target_availability_zone: 'cn-north-4b',
      priority_station: 'source',
      domain_id: 'fb4b0000-0000-4000-8000-000000000002',
      domain_name: 'ActiveactiveDomain',
      protected_instance_num: 3,
      replication_num: 4,
      disaster_recovery_drill_num: 0,
      protected_status: null,
      replication_status: null,
      health_status: null,
      source_vpc_id: '04680000-0000-4000-8000-000000000003',
      target_vpc_id: '04680000-0000-4000-8000-000000000003',
      test_vpc_id: null,
      dr_type: 'migration',
      protection_type: 'replication-pair',
      replication_model: null,
      server_type: 'ECS',
      created_at: '2024-01-09 02:11:05.120',
      updated_at: '2024-03-01 10:00:41.007',
    };
    const client = await clientAnswering({ count: 1, server_groups: [group] });
    assert.deepEqual(await client.listProtectionGroups(), [group]);
  });

  it('listProtectedInstances: every documented field, attachment, tags and metadata typed', async () => {
    const instance: ProtectedInstance = {
      id: 'd08ca8d7-0000-4000-8000-000000000004',
      name: 'ecs-web-01',
      description: 'web',
      server_group_id: 'c2aee29a-0000-4000-8000-000000000001',
      status: 'protected',
      progress: 100,
      source_server: 'a1000000-0000-4000-8000-000000000005',
      target_server: 'a2000000-0000-4000-8000-000000000006',
      priority_station: 'source',
      created_at: '2019-05-22 08:16:54.413',
      updated_at: '2019-05-22 08:20:01.002',
      attachment: [{ replication: 'r1000000-0000-4000-8000-000000000007', device: '/dev/vda' }],
      tags: [{ key: 'env', value: 'prod' }],
      metadata: { __system__frozen: 'true' },
    };
    const client = await clientAnswering({ count: 1, protected_instances: [instance] });
    assert.deepEqual(await client.listProtectedInstances(), [instance]);
  });

  it('showJob: entities.sub_jobs, each read like a job', async () => {
    const sub = { status: 'SUCCESS', job_id: 'sub1', job_type: 'stopProtectionGroupRepNoCG', begin_time: '2019-06-13T09:40:53.930Z', entities: {} };
    const client = await clientAnswering({
      status: 'SUCCESS',
      job_id: JOB_ID,
      job_type: 'createProtectionGroupNoCG',
      error_code: null,
      entities: { sub_jobs: [sub] },
    });
    const expected: Job = { job_id: JOB_ID, status: 'SUCCESS', job_type: 'createProtectionGroupNoCG', entities: { sub_jobs: [sub] } };
    assert.deepEqual(await client.showJob(JOB_ID), expected);
  });
});
