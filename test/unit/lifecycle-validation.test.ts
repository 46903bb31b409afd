// The pure input checks the drill name box and the lifecycle calls share: drill names, UUIDs, job IDs, the create body.
import * as assert from 'node:assert/strict';
import { SdrsError } from '../../src/sdrs/errors';
import type { CreateDrillInput } from '../../src/sdrs/model';
import { checkDrillName, checkJobId, checkUuid, MAX_DRILL_NAME_BYTES, normalizeCreateDrill } from '../../src/sdrs/validation';

const GROUP = 'C2AEE29A-1111-4000-8000-000000000001';

describe('lifecycle validation', () => {
  describe('checkDrillName', () => {
    it('takes 1 to 64 ASCII letters, digits, ".", "_" and "-"', () => {
      for (const name of ['a', 'Z', '0', '.', '_', '-', 'drill-2024.q1_A', 'x'.repeat(MAX_DRILL_NAME_BYTES)]) {
        assert.equal(checkDrillName(name), undefined, name);
      }
    });

    it('says what is wrong, naming the first character refused', () => {
      assert.equal(checkDrillName(''), 'must not be empty');
      assert.equal(checkDrillName('a b'), 'may contain only letters A-Z and a-z, digits, ".", "_" and "-" (not a space)');
      assert.match(checkDrillName(' lead') ?? '', /not a space/);
      assert.match(checkDrillName('演练') ?? '', /\(not "演"\)$/);
      assert.match(checkDrillName('drill/1') ?? '', /\(not "\/"\)$/);
      assert.match(checkDrillName('tab\there') ?? '', /\(not U\+0009\)$/);
      assert.match(checkDrillName('x\u202ey') ?? '', /\(not U\+202E\)$/);
      assert.match(checkDrillName('😀') ?? '', /\(not "😀"\)$/);
      assert.equal(checkDrillName('x'.repeat(65)), 'must be at most 64 characters (it has 65)');
      assert.equal(checkDrillName(undefined as unknown as string), 'must be a string');
    });

    it('does not trim: what is checked is what is sent', () => {
      assert.ok(checkDrillName('name '));
    });
  });

  it('checkUuid takes a UUID in either case, with blanks around it', () => {
    assert.equal(checkUuid(GROUP), undefined);
    assert.equal(checkUuid(` ${GROUP.toLowerCase()}\n`), undefined);
    assert.equal(checkUuid(''), 'must not be empty');
    for (const bad of ['c2aee29a', `${GROUP}0`, GROUP.replace(/-/g, ''), `{${GROUP}}`]) assert.match(checkUuid(bad) ?? '', /must be a UUID/, bad);
  });

  it('checkJobId takes an opaque single path segment of at most 128 characters', () => {
    for (const id of ['2c9eb2c1661d2c3201661d33d8990ghz', 'a', '-x', 'a.b_c-d', 'j'.repeat(128)]) assert.equal(checkJobId(id), undefined, id);
    for (const id of ['', '.', '..', '.a', 'a/b', 'a%2Fb', 'a b', 'j'.repeat(129)]) assert.ok(checkJobId(id), id);
  });

  describe('normalizeCreateDrill', () => {
    it('trims the IDs, keeps the name as typed and leaves out an empty VPC', () => {
      assert.deepEqual(normalizeCreateDrill({ server_group_id: ` ${GROUP} `, name: 'n', drill_vpc_id: '' }), { server_group_id: GROUP, name: 'n' });
      assert.deepEqual(normalizeCreateDrill({ server_group_id: GROUP, name: 'n', drill_vpc_id: ` ${GROUP} ` }), {
        server_group_id: GROUP,
        name: 'n',
        drill_vpc_id: GROUP,
      });
    });

    it('throws a validation error naming the field', () => {
      const field = (input: unknown): string | undefined => {
        try {
          normalizeCreateDrill(input as CreateDrillInput);
        } catch (e) {
          assert.ok(e instanceof SdrsError && e.kind === 'validation');
          return e.field;
        }
        return undefined;
      };
      assert.equal(field({ server_group_id: GROUP, name: 'bad name' }), 'name');
      assert.equal(field({ server_group_id: 'g', name: 'n' }), 'server_group_id');
      assert.equal(field({ server_group_id: GROUP, name: 'n', drill_vpc_id: 'v' }), 'drill_vpc_id');
      assert.equal(field({ server_group_id: GROUP, name: 'n', vpc_id: GROUP }), 'vpc_id');
      assert.equal(field({ server_group_id: GROUP, name: 'n' }), undefined);
    });
  });
});
