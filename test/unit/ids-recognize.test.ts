// ID-shaped tokens are found wherever they are written, never inside longer tokens, and fast on large files.
import * as assert from 'node:assert/strict';
import { findIds, idAt, isIdShaped, normalizeId } from '../../src/ids/recognize';

const UUID = '1b7c8e2a-3f4d-4c5e-9a6b-7c8d9e0f1a2b';
const UUID2 = 'a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d';
const HEX32 = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';

/** The tokens found in `text`, as written. */
function texts(text: string): string[] {
  return findIds(text).map((m) => m.text);
}

describe('ids: recognize', () => {
  describe('findIds', () => {
    it('finds a UUID and a 32-hex ID with offsets, text as written and a lowercase key', () => {
      const text = `drill ${UUID} in project ${HEX32}`;
      const found = findIds(text);
      assert.equal(found.length, 2);
      for (const m of found) assert.equal(text.slice(m.start, m.end), m.text);
      assert.deepEqual(found[0], { text: UUID, key: UUID, start: 6, end: 6 + 36 });
      assert.equal(found[1].text, HEX32);
    });

    it('accepts upper and mixed case and keys them lowercase', () => {
      const upper = UUID.toUpperCase();
      const mixed = 'A0b1C2d3-E4f5-4A6b-8C7d-9E0f1A2b3C4d';
      const found = findIds(`${upper} ${mixed} ${HEX32.toUpperCase()}`);
      assert.deepEqual(
        found.map((m) => [m.text, m.key]),
        [
          [upper, UUID],
          [mixed, mixed.toLowerCase()],
          [HEX32.toUpperCase(), HEX32],
        ],
      );
    });

    it('matches at the very start and end of the text', () => {
      assert.deepEqual(texts(UUID), [UUID]);
      assert.deepEqual(texts(HEX32), [HEX32]);
    });

    it('refuses tokens glued to word characters', () => {
      for (const text of [`x${UUID}`, `${UUID}x`, `_${UUID}`, `${UUID}_`, `9${UUID}`, `${UUID}0`, `g${HEX32}`, `${HEX32}z`]) {
        assert.deepEqual(texts(text), [], text);
      }
    });

    it('refuses a hyphen that continues a hex run, accepts one that joins a real word', () => {
      assert.deepEqual(texts(`abc-${UUID}`), []);
      assert.deepEqual(texts(`${UUID}-1f`), []);
      assert.deepEqual(texts(`${UUID}-1f-prod`), []);
      assert.deepEqual(texts(`a-${HEX32}`), []);
      assert.deepEqual(texts(`drill-${UUID}`), [UUID]);
      assert.deepEqual(texts(`${UUID}-prod`), [UUID]);
      assert.deepEqual(texts(`${UUID}-dev`), [UUID], 'dev starts with hex digits but is a word');
      assert.deepEqual(texts(`code-${UUID}`), [UUID]);
      assert.deepEqual(texts(`-${UUID}-`), [UUID], 'a lone hyphen joins nothing');
      assert.deepEqual(texts(`--drill-id=${UUID}`), [UUID]);
    });

    it('finds nothing inside a longer hex-and-hyphen token', () => {
      assert.deepEqual(texts(`${UUID}-${UUID2}`), [], 'two UUIDs joined by a hyphen are one token');
      assert.deepEqual(texts(`1b7c8e2a1-3f4d-4c5e-9a6b-7c8d9e0f1a2b`), [], '9-4-4-4-12');
      assert.deepEqual(texts(`1b7c8e2a-3f4d-4c5e-9a6b-7c8d9e0f1a2b3`), [], '8-4-4-4-13');
    });

    it('finds no 32-hex ID inside a SHA-256 or any longer hex run', () => {
      const sha256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
      assert.deepEqual(texts(sha256), []);
      assert.deepEqual(texts(`sha256:${sha256}`), []);
      assert.deepEqual(texts(`${HEX32}0`), [], '33 hex digits');
    });

    it('finds no 32-hex ID inside a UUID', () => {
      const found = findIds(`${UUID} ${UUID.toUpperCase()}`);
      assert.deepEqual(
        found.map((m) => m.end - m.start),
        [36, 36],
      );
    });

    it('treats CJK and other non-ASCII characters as boundaries', () => {
      assert.deepEqual(texts(`演练${UUID}已完成`), [UUID]);
      assert.deepEqual(texts(`é${HEX32}ü`), [HEX32]);
      assert.deepEqual(texts(`「${UUID}」`), [UUID]);
    });

    it('finds IDs in quotes, brackets, URLs, query strings, JSON, YAML and HCL', () => {
      const url = `https://sdrs.cn-north-4.myhuaweicloud.com/v1/${HEX32}/disaster-recovery-drills/${UUID}?offset=0`;
      assert.deepEqual(texts(url), [HEX32, UUID]);
      assert.deepEqual(texts(`?server_group_id=${UUID}&drill_vpc_id=${UUID2}`), [UUID, UUID2]);
      assert.deepEqual(texts(`{"drill_id":"${UUID}","ids":["${UUID2}"]}`), [UUID, UUID2]);
      assert.deepEqual(texts(`drill_id: '${UUID}'\ngroup_id: ${UUID2}\n`), [UUID, UUID2]);
      assert.deepEqual(texts(`group_id = "\${lookup(var.m, "${UUID}")}"`), [UUID]);
      assert.deepEqual(texts(`(${UUID})[${UUID2}]<${HEX32}>`), [UUID, UUID2, HEX32]);
      assert.deepEqual(texts(`DRILL_ID=${UUID} ./run.sh`), [UUID]);
    });

    it('finds only tokens wholly inside the range, judging boundaries against the whole text', () => {
      const text = `a ${UUID} b ${UUID2} c`;
      const second = text.indexOf(UUID2);
      assert.deepEqual(
        findIds(text, second, second + 36).map((m) => m.start),
        [second],
      );
      assert.deepEqual(findIds(text, second, second + 35), [], 'the range cuts the token');
      assert.deepEqual(findIds(text, second + 1, text.length), [], 'the range starts inside the token');
      const glued = `xx${UUID}`;
      assert.deepEqual(findIds(glued, 2), [], 'the character before the range still counts');
      assert.deepEqual(findIds(text, -10, 1000).length, 2, 'out-of-range bounds are clamped');
    });
  });

  describe('idAt', () => {
    const line = `  drill_id: "${UUID}"  # ${HEX32}`;
    const start = line.indexOf(UUID);
    const end = start + UUID.length;

    it('finds the ID with the cursor on its first or last character, or just after it', () => {
      for (const character of [start, start + 10, end - 1, end]) {
        assert.equal(idAt(line, character)?.text, UUID, `at ${character}`);
        assert.equal(idAt(line, character)?.start, start);
      }
    });

    it('misses with the cursor just before the ID, or past the line', () => {
      assert.equal(idAt(line, start - 1), undefined);
      assert.equal(idAt(line, end + 1), undefined);
      assert.equal(idAt(line, -1), undefined);
      assert.equal(idAt(line, line.length + 1), undefined);
    });

    it('finds the 32-hex ID at the end of the line', () => {
      assert.equal(idAt(line, line.length)?.text, HEX32);
    });

    it('between two IDs separated by a comma, a cursor on the comma is after the first', () => {
      const pair = `${UUID},${UUID2}`;
      assert.equal(idAt(pair, 36)?.text, UUID);
      assert.equal(idAt(pair, 37)?.text, UUID2);
      assert.equal(idAt(pair, 0)?.text, UUID);
      assert.equal(idAt(pair, pair.length)?.text, UUID2);
    });

    it('does not find an ID inside a longer token under the cursor', () => {
      const sha = `${HEX32}${HEX32}`;
      assert.equal(idAt(sha, 10), undefined);
      assert.equal(idAt(`abc-${UUID}`, 10), undefined);
    });

    // A scan of the whole line per call (1000 × 2 MB) would run into mocha's timeout; the figure is in bench/text.ts.
    it('finds the ID under the cursor on a very long line', () => {
      const long = `${'x '.repeat(500_000)}${UUID}${' y'.repeat(500_000)}`;
      const at = long.indexOf(UUID) + 5;
      for (let i = 0; i < 1000; i++) assert.equal(idAt(long, at)?.text, UUID);
    });
  });

  describe('helpers', () => {
    it('isIdShaped accepts a whole UUID or 32-hex ID in any case and nothing else', () => {
      assert.ok(isIdShaped(UUID));
      assert.ok(isIdShaped(UUID.toUpperCase()));
      assert.ok(isIdShaped(HEX32));
      for (const value of ['', ` ${UUID}`, `${UUID} `, `${UUID}0`, UUID.slice(1), UUID.replace(/-/g, '_'), `${HEX32}0`, HEX32.slice(1), 'g'.repeat(32)]) {
        assert.equal(isIdShaped(value), false, JSON.stringify(value));
      }
    });

    it('normalizeId lowercases', () => {
      assert.equal(normalizeId(UUID.toUpperCase()), UUID);
      assert.equal(normalizeId(HEX32), HEX32);
    });
  });

  // Inputs where a quadratic or backtracking scan would run into mocha's timeout; the times are in bench/text.ts.
  describe('large inputs', () => {
    it('finds all 10,000 IDs on a 1 MB line', () => {
      const parts: string[] = [];
      for (let i = 0; i < 10_000; i++) {
        const id = i % 2 ? UUID : HEX32;
        parts.push(`{"n":${i},"id":"${id}","pad":"${'z'.repeat(50)}"}`);
      }
      const line = parts.join(',');
      assert.ok(line.length > 1_000_000, `${line.length}`);
      assert.equal(findIds(line).length, 10_000);
    });

    it('finds nothing in a megabyte of hex digits and hyphens', () => {
      const noise = `${'0123456789abcdef'.repeat(32_768)}-${'abcdef01-'.repeat(100_000)}`;
      assert.deepEqual(findIds(noise), []);
    });
  });
});
