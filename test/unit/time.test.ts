// Server timestamps read once, in a zone that is not UTC: SDRS's own zone-less times are UTC, ISO times keep their zone.
import * as assert from 'node:assert/strict';
import { hasZone, parseServerTime, utcText } from '../../src/model/time';

describe('model/time', () => {
  const savedTz = process.env.TZ;
  before(() => {
    // Node re-reads TZ when it changes: local time here is UTC+8, so a UTC slip would show.
    process.env.TZ = 'Asia/Shanghai';
  });
  after(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  it('reads SDRS\'s zone-less "yyyy-MM-dd HH:mm:ss.SSS" as UTC, whatever the local zone', () => {
    const date = parseServerTime('2019-05-07 03:21:49.000');
    assert.equal(date?.toISOString(), '2019-05-07T03:21:49.000Z');
    assert.equal(date?.getHours(), 11, 'local time in Asia/Shanghai');
  });

  it('reads ISO times with Z or an offset in their own zone (failed tasks, jobs)', () => {
    assert.equal(parseServerTime('2019-01-21T12:56:35.754Z')?.toISOString(), '2019-01-21T12:56:35.754Z');
    assert.equal(parseServerTime('2019-01-21T20:56:35+08:00')?.toISOString(), '2019-01-21T12:56:35.000Z');
    assert.equal(parseServerTime('2019-01-21T07:56:35.1-0500')?.toISOString(), '2019-01-21T12:56:35.100Z');
    assert.equal(hasZone('2019-01-21T12:56:35.754Z'), true);
    assert.equal(hasZone('2019-01-21 12:56:35.754'), false);
  });

  it('refuses what is not a time: words, impossible dates, trailing text', () => {
    for (const text of ['', 'yesterday', '2024-02-30 10:00:00', '2024-13-01 00:00:00', '2024-01-01 10:00:00 and more', '[x](command:evil)'])
      assert.equal(parseServerTime(text), undefined, text);
  });

  it('writes the UTC value in the shape SDRS sends', () => {
    assert.equal(utcText(new Date(Date.UTC(2025, 1, 1, 2, 15, 0, 7))), '2025-02-01 02:15:00.007');
  });
});
