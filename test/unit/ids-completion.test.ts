// The cursor is recognised inside a value that wants an SDRS ID in Terraform, YAML, JSON, shell and code, and nowhere else.
import * as assert from 'node:assert/strict';
import { completionContext, kindsForKey, type CompletionContext } from '../../src/ids/completionContext';
import type { IdKind } from '../../src/ids/kinds';

/** Asserts the context at the end of `prefix`: its kind, key, typed text (whose offset is checked) and quote. */
function expectContext(prefix: string, kind: IdKind, key: string, typed: string, quote?: '"' | "'"): CompletionContext {
  const context = completionContext(prefix);
  assert.ok(context, `expected a completion after ${JSON.stringify(prefix)}`);
  assert.deepEqual(context.kinds, [kind], prefix);
  assert.equal(context.key, key, prefix);
  assert.equal(context.typed, typed, prefix);
  assert.equal(context.typedStart, prefix.length - typed.length, prefix);
  assert.equal(prefix.slice(context.typedStart), typed);
  assert.equal(context.quote, quote, prefix);
  return context;
}

function expectNone(prefix: string): void {
  assert.equal(completionContext(prefix), undefined, `expected no completion after ${JSON.stringify(prefix)}`);
}

describe('ids: completion context', () => {
  describe('Terraform', () => {
    it('completes a quoted attribute value, empty or partly typed', () => {
      expectContext('  group_id = "', 'protectionGroup', 'group_id', '', '"');
      expectContext('  group_id = "1a2', 'protectionGroup', 'group_id', '1a2', '"');
      expectContext('drill_vpc_id="', 'drillVpc', 'drill_vpc_id', '', '"');
      expectContext('  server_group_id   =   "ABC-d', 'protectionGroup', 'server_group_id', 'ABC-d', '"');
    });

    it('completes items of a list after a plural key', () => {
      expectContext('  group_ids = ["', 'protectionGroup', 'group_ids', '', '"');
      expectContext('  group_ids = ["abc", "', 'protectionGroup', 'group_ids', '', '"');
      expectContext('  group_ids = ["abc", "def","1f', 'protectionGroup', 'group_ids', '1f', '"');
      expectContext('  protected_instances = ["', 'protectedInstance', 'protected_instances', '', '"');
    });

    it('does not complete a list after a singular key, or a malformed list', () => {
      expectNone('  group_id = ["');
      expectNone('  group_ids = [, "');
      expectNone('  group_ids = ["abc" "');
      expectNone('  group_ids = abc, "');
    });

    it('does not complete interpolations or references', () => {
      expectNone('  group_id = "${');
      expectNone('  group_id = "${var.');
      expectNone('  group_id = huaweicloud_sdrs_protection_group.pg.');
      expectNone('  group_id = var.');
      expectNone('  group_id = var.group');
      expectContext('  group_id = "prod.web', 'protectionGroup', 'group_id', 'prod.web', '"');
    });
  });

  describe('YAML', () => {
    it('completes plain, quoted and list-item values', () => {
      expectContext('drill_id: ', 'drill', 'drill_id', '');
      expectContext('drill_id: ab', 'drill', 'drill_id', 'ab');
      expectContext('  - drill_id: "ab', 'drill', 'drill_id', 'ab', '"');
      expectContext("drill_id: 'ab", 'drill', 'drill_id', 'ab', "'");
      expectContext('    drill-server-id: 9', 'drillServer', 'drill-server-id', '9');
    });

    it('completes a flow list after a plural key', () => {
      expectContext('group_ids: [abc, ', 'protectionGroup', 'group_ids', '');
      expectContext('drill_ids: [abc, de', 'drill', 'drill_ids', 'de');
    });

    it('lets a name be typed to filter by, CJK included', () => {
      expectContext('drill_id: nightly-drill_2', 'drill', 'drill_id', 'nightly-drill_2');
      expectContext('drill_id: "nightly-drill_2.1', 'drill', 'drill_id', 'nightly-drill_2.1', '"');
      expectContext('drill_id: "演练', 'drill', 'drill_id', '演练', '"');
    });
  });

  describe('JSON', () => {
    it('completes a value after a quoted key, with or without spaces', () => {
      expectContext('  "drill_id": "', 'drill', 'drill_id', '', '"');
      expectContext('{"server_group_id":"ab', 'protectionGroup', 'server_group_id', 'ab', '"');
      expectContext('{"a": 1, "drillVpcId": "', 'drillVpc', 'drillVpcId', '', '"');
    });

    it('completes an array after a plural quoted key', () => {
      expectContext('{"server_group_ids": ["x", "', 'protectionGroup', 'server_group_ids', '', '"');
    });

    it('does not complete the next key or a closed value', () => {
      expectNone('{"drill_id": "abc", "');
      expectNone('{"drill_id": "abc", "name": "');
      expectNone('{"drill_id": "abc"');
    });
  });

  describe('shell and environment', () => {
    it('completes variable assignments', () => {
      expectContext('DRILL_ID=', 'drill', 'DRILL_ID', '');
      expectContext('export DRILL_ID="ab', 'drill', 'DRILL_ID', 'ab', '"');
      expectContext('export TF_VAR_group_id=', 'protectionGroup', 'TF_VAR_group_id', '');
      expectContext('SDRS_DRILL_VPC_ID=1', 'drillVpc', 'SDRS_DRILL_VPC_ID', '1');
    });

    it('completes flags with = or a space', () => {
      expectContext('hcloud sdrs ShowDrill --drill-id ', 'drill', '--drill-id', '');
      expectContext('run --drill-id=ab', 'drill', '--drill-id', 'ab');
      expectContext('run --server-group-id "ab', 'protectionGroup', '--server-group-id', 'ab', '"');
      expectContext('hcloud sdrs ListDrills --cli-region=cn-north-4 --drill_id=', 'drill', '--drill_id', '');
      expectContext('run --group-id ', 'protectionGroup', '--group-id', '');
    });

    it('does not complete a space after a key that is not a flag, or a second word', () => {
      expectNone('echo drill_id ');
      expectNone('run --drill-id abc ');
      expectNone('run --drill-id abc d');
      expectNone('DRILL_ID=$DR');
      expectNone('DRILL_ID="${');
    });
  });

  describe('code', () => {
    it('completes TypeScript and Python values', () => {
      expectContext("const options = { drillId: '", 'drill', 'drillId', '', "'");
      expectContext("drill_id = '", 'drill', 'drill_id', '', "'");
      expectContext('const groupId = "', 'protectionGroup', 'groupId', '', '"');
      expectContext("client.show_drill(drill_id='ab", 'drill', 'drill_id', 'ab', "'");
      expectContext('this.drillServerId = "', 'drillServer', 'this.drillServerId', '', '"');
      expectContext('if (drillVpcID === "', 'drillVpc', 'drillVpcID', '', '"');
    });

    it('completes a quoted subscript assignment', () => {
      expectContext('params["drill_id"] = "', 'drill', 'drill_id', '', '"');
      expectContext("os.environ['PROTECTED_INSTANCE_ID'] = '", 'protectedInstance', 'PROTECTED_INSTANCE_ID', '', "'");
    });

    it('does not complete an unquoted subscript', () => {
      expectNone('params[drill_id] = "');
    });
  });

  describe('URL queries', () => {
    it('completes query parameters', () => {
      expectContext('GET /v1/p/disaster-recovery-drills?server_group_id=', 'protectionGroup', 'server_group_id', '');
      expectContext('https://sdrs.example.com/v1/p/disaster-recovery-drills?limit=10&drill_vpc_id=ab', 'drillVpc', 'drill_vpc_id', 'ab');
    });
  });

  describe('rejections', () => {
    it('rejects a value already closed', () => {
      expectNone('  group_id = "abc" ');
      expectNone('  group_id = "abc"');
      expectNone('  group_id = ""');
      expectNone("drill_id: 'ab' ");
      expectNone('drill_id: ab ');
    });

    it('rejects the cursor in the key', () => {
      expectNone('  group_i');
      expectNone('  group_id');
      expectNone('  group_id ');
      expectNone('--drill-id');
      expectNone('"drill_id');
      expectNone('"drill_id"');
    });

    it('rejects comments, whole-line and trailing', () => {
      expectNone('# group_id = "');
      expectNone('  # drill_id: ');
      expectNone('// drillId: "');
      expectNone('  group_id = "abc" # group_id = "');
      expectNone('x = 1 // drill_id = "');
      expectNone('drill_id: # ');
    });

    it('keeps # and // inside quotes or words from starting a comment', () => {
      expectContext('{"note": "see # and //", "drill_id": "', 'drill', 'drill_id', '', '"');
      expectContext('url: https://x/#a?drill_id=', 'drill', 'drill_id', '');
    });

    it('rejects unknown keys and other services\u2019 groups', () => {
      for (const key of [
        'security_group_id',
        'resource_group_id',
        'user_group_id',
        'securityGroupId',
        'SECURITY_GROUP_ID',
        'vpc_id',
        'id',
        'name',
        'drill',
        'server_id',
        'group',
        'my_group_id',
      ]) {
        expectNone(`${key} = "`);
      }
    });

    it('rejects an empty key and a bare value', () => {
      expectNone('');
      expectNone('"');
      expectNone(' = "');
      expectNone('abc');
    });

    it('rejects a value longer than any ID or name', () => {
      expectNone(`drill_id: ${'a'.repeat(200)}`);
      assert.ok(completionContext(`drill_id: ${'a'.repeat(100)}`));
    });
  });

  describe('kindsForKey', () => {
    const cases: [string, IdKind][] = [
      ['drill_vpc_id', 'drillVpc'],
      ['drillVpcId', 'drillVpc'],
      ['DRILL_VPC_ID', 'drillVpc'],
      ['drill-vpc-ids', 'drillVpc'],
      ['drill_server_id', 'drillServer'],
      ['drillServerIDs', 'drillServer'],
      ['protected_instance', 'protectedInstance'],
      ['protected_instance_id', 'protectedInstance'],
      ['protectedInstanceIds', 'protectedInstance'],
      ['drill_id', 'drill'],
      ['disaster_recovery_drill_id', 'drill'],
      ['sdrs_drill_id', 'drill'],
      ['sdrs.drill.id', 'drill'],
      ['group_id', 'protectionGroup'],
      ['groupIds', 'protectionGroup'],
      ['--group-id', 'protectionGroup'],
      ['$group_id', 'protectionGroup'],
      ['var.group_id', 'protectionGroup'],
      ['TF_VAR_group_id', 'protectionGroup'],
      ['server_group_id', 'protectionGroup'],
      ['serverGroupID', 'protectionGroup'],
      ['protection_group_id', 'protectionGroup'],
      ['sdrs_group_id', 'protectionGroup'],
      ['source_server_group_id', 'protectionGroup'],
    ];
    for (const [key, kind] of cases) {
      it(`${key} → ${kind}`, () => assert.deepEqual(kindsForKey(key)?.kinds, [kind]));
    }

    it('marks plural keys', () => {
      assert.equal(kindsForKey('group_ids')?.plural, true);
      assert.equal(kindsForKey('protected_instances')?.plural, true);
      assert.equal(kindsForKey('group_id')?.plural, false);
    });

    it('has nothing for other keys', () => {
      for (const key of [
        'security_group_id',
        'resource_group_id',
        'user_group_id',
        'group.id',
        'vpc_id',
        'drill_name',
        'drill',
        'instance_id',
        'protected',
        'server_id',
      ]) {
        assert.equal(kindsForKey(key), undefined, key);
      }
    });
  });

  // A quadratic scan would run into mocha's timeout here; the figure itself is in `npm run bench` (bench/text.ts).
  it('reads the key on a very long line', () => {
    const long = `${'{"x": "y"}, '.repeat(100_000)}{"drill_id": "ab`;
    for (let i = 0; i < 20; i++) assert.equal(completionContext(long)?.typed, 'ab');
    const letters = 'a'.repeat(1_000_000);
    assert.equal(completionContext(letters), undefined);
  });
});
