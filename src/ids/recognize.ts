// Finds ID-shaped tokens (UUIDs, 32-hex project and job IDs) in text for hovers, links and diagnostics. Free of vscode.

/** An ID-shaped token found in a string. */
export interface IdMatch {
  /** The token as written. */
  text: string;
  /** The token lowercased: SDRS returns IDs in lowercase, so this is what a cache is looked up by. */
  key: string;
  /** Offset of the first character in the string searched. */
  start: number;
  /** Offset just past the last character (exclusive). */
  end: number;
}

const HEX = '[0-9A-Fa-f]';
/** Drills, groups, servers, instances and VPCs have UUIDs; projects and jobs have 32 hex digits without hyphens. */
const ID_SHAPES = `${HEX}{8}-${HEX}{4}-${HEX}{4}-${HEX}{4}-${HEX}{12}|${HEX}{32}`;
/**
 * An ID shape not glued to a word character on either side. The UUID is tried first, so a UUID never yields a
 * 32-hex match, and the lookbehind rejects every start inside a longer hex run (a 64-hex SHA-256 yields nothing).
 * Hyphenated neighbours are judged in code by {@link joinedToHexWord}.
 */
const ID_PATTERN = new RegExp(`(?<![A-Za-z0-9_])(?:${ID_SHAPES})(?![A-Za-z0-9_])`, 'g');
const WHOLE_ID = new RegExp(`^(?:${ID_SHAPES})$`);

/** The longest ID shape: a cursor can only be on an ID that starts or ends this close to it. */
const MAX_ID_LENGTH = 36;

/** True for `[A-Za-z0-9_]`, the characters an ID may not touch. Anything else, CJK included, is a boundary. */
function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isHexCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/**
 * True when the word from `from` stepping by `step` (±1) is non-empty and made only of hex digits. Such a word
 * across a hyphen continues the ID's hex-and-hyphen run (`abc-<uuid>`, `<uuid>-1f`), so the ID is part of a longer
 * token; a real word (`drill-<uuid>`, `<uuid>-prod`, `<uuid>-dev`) is only a prefix or suffix, and the ID stands.
 */
function isHexWord(text: string, from: number, step: 1 | -1): boolean {
  let i = from;
  for (; i >= 0 && i < text.length; i += step) {
    const c = text.charCodeAt(i);
    if (!isWordCode(c)) break;
    if (!isHexCode(c)) return false;
  }
  return i !== from;
}

/** True when the token at [start, end) continues, across a hyphen, into a word of hex digits on either side. */
function joinedToHexWord(text: string, start: number, end: number): boolean {
  return (text.charCodeAt(start - 1) === 45 && isHexWord(text, start - 2, -1)) || (text.charCodeAt(end) === 45 && isHexWord(text, end + 1, 1));
}

/** True when [start, end) is a whole token of `text`: no word character or hex-joining hyphen on either side. */
function standsAlone(text: string, start: number, end: number): boolean {
  return (
    !(start > 0 && isWordCode(text.charCodeAt(start - 1))) && !(end < text.length && isWordCode(text.charCodeAt(end))) && !joinedToHexWord(text, start, end)
  );
}

/**
 * Every ID-shaped token lying wholly inside [start, end) of `text`, in order. Boundaries are judged against the
 * whole text, so a range that cuts a longer token finds nothing there. Linear in the size of the range, so a
 * provider can pass one line or a visible range of a large file.
 */
export function findIds(text: string, start = 0, end = text.length): IdMatch[] {
  const from = Math.max(0, start);
  const to = Math.min(text.length, end);
  const found: IdMatch[] = [];
  if (to - from < 32) return found;
  const window = from === 0 && to === text.length ? text : text.slice(from, to);
  ID_PATTERN.lastIndex = 0;
  for (let m = ID_PATTERN.exec(window); m; m = ID_PATTERN.exec(window)) {
    const s = from + m.index;
    const e = s + m[0].length;
    if (standsAlone(text, s, e)) found.push({ text: m[0], key: m[0].toLowerCase(), start: s, end: e });
  }
  return found;
}

/**
 * The ID under a cursor at `character` in `line`: the cursor may be on any of its characters or just after the
 * last one, as VS Code places it after a double-click or while typing. Only looks near the cursor, so a long
 * line costs no more than a short one.
 */
export function idAt(line: string, character: number): IdMatch | undefined {
  if (character < 0 || character > line.length) return undefined;
  const near = findIds(line, character - MAX_ID_LENGTH, character + MAX_ID_LENGTH);
  return near.find((m) => m.start <= character && character <= m.end);
}

/** True when the whole of `value` is one ID shape (any case, no surrounding space): worth a lookup or a check. */
export function isIdShaped(value: string): boolean {
  return WHOLE_ID.test(value);
}

/** The lookup key for an ID as written: SDRS returns IDs lowercased, while people paste them in any case. */
export function normalizeId(value: string): string {
  return value.toLowerCase();
}
