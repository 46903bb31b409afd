// Filters and paging values are checked before any request, with the field and the allowed values named.
import * as assert from 'node:assert/strict';
import { SdrsError } from '../../src/sdrs/errors';
import type { DrillFilter } from '../../src/sdrs/model';
import { assertLimit, assertOffset, normalizeDrillFilter } from '../../src/sdrs/validation';

function rejects(fn: () => unknown, field: string, pattern: RegExp): void {
  assert.throws(fn, (e: SdrsError) => {
    assert.equal(e.kind, 'validation');
    assert.equal(e.field, field);
    assert.match(e.message, pattern);
    return true;
  });
}

describe('validation', () => {
  it('trims IDs and names', () => {
    assert.deepEqual(normalizeDrillFilter({ server_group_id: ' abc-1 ', name: ' prod ', drill_vpc_id: 'v1', status: 'error-deleting' }), {
      server_group_id: 'abc-1',
      name: 'prod',
      drill_vpc_id: 'v1',
      status: 'error-deleting',
    });
  });

  it('names the allowed statuses', () => {
    rejects(
      () => normalizeDrillFilter({ status: 'error_deleting' as DrillFilter['status'] }),
      'status',
      /creating, available, deleting, error, error-deleting/,
    );
  });

  it('refuses empty or malformed IDs and empty names', () => {
    rejects(() => normalizeDrillFilter({ server_group_id: '  ' }), 'server_group_id', /must not be empty/);
    rejects(() => normalizeDrillFilter({ drill_vpc_id: 'a/b' }), 'drill_vpc_id', /letters, digits/);
    rejects(() => normalizeDrillFilter({ name: '' }), 'name', /must not be empty/);
  });

  it('refuses unknown filter keys', () => {
    rejects(() => normalizeDrillFilter({ statuss: 'available' } as unknown as DrillFilter), 'statuss', /not a drill filter/);
  });

  it('checks limit 1..1000 and offset >= 0 as whole numbers', () => {
    for (const ok of [1, 500, 1000]) assertLimit(ok);
    for (const bad of [0, -1, 1001, 1.5, NaN, '10']) rejects(() => assertLimit(bad), 'limit', /1 to 1000/);
    for (const ok of [0, 1, 10_000]) assertOffset(ok);
    for (const bad of [-1, 0.5, Infinity, '0']) rejects(() => assertOffset(bad), 'offset', /0 or more/);
  });
});
