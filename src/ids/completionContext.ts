// Decides whether the text before the cursor is an unfinished value of a key that wants an SDRS ID, and which kind. Free of vscode.
import type { IdKind } from './kinds';

/** Where an ID completion applies: the kinds wanted, and the typed text it filters by and replaces. */
export interface CompletionContext {
  /** The kinds of ID the key wants (one today; a list so a generic key could want several). */
  kinds: IdKind[];
  /** The key as written, without quotes: `group_id`, `--drill-id`, `DRILL_VPC_ID`, `serverGroupId`. */
  key: string;
  /** What has been typed of the value: the filter text, replaced by the completion. */
  typed: string;
  /** Offset of `typed` in the line prefix: the completion replaces [typedStart, cursor). */
  typedStart: number;
  /** The quote the value was opened with, so the caller need not add one. */
  quote?: '"' | "'";
}

/** No ID or SDRS name is longer; a longer run before the cursor is not a value worth completing. */
const MAX_TYPED = 128;

const SPACE = 32;
const TAB = 9;
const DQUOTE = 34;
const SQUOTE = 39;
const BACKTICK = 96;
const BACKSLASH = 92;
const HASH = 35;
const SLASH = 47;
const COMMA = 44;
const LBRACKET = 91;
const RBRACKET = 93;
const EQUALS = 61;
const COLON = 58;
const BANG = 33;
const HYPHEN = 45;

function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * What `typed` may hold: ID characters, and what SDRS names are made of (letters, digits, `_`, `.`, `-` and any
 * non-ASCII character such as CJK, except spaces), so people can filter by a name. Anything else (`$`, `{`, `/`,
 * `@`, quotes, spaces, separators) ends the value; if it is not an opening quote or a separator, there is no
 * completion, which keeps `"${var.`, `$DRILL_ID` and paths from being offered IDs.
 */
function isTypedCode(c: number): boolean {
  if (c < 128) return isAsciiAlnum(c) || c === 95 || c === 46 || c === HYPHEN;
  return c !== 0xa0 && c !== 0x3000 && !(c >= 0x2000 && c <= 0x200b) && c !== 0x2028 && c !== 0x2029 && c !== 0xfeff;
}

/**
 * How far the value under the cursor runs on after it (`line` is the whole line, `from` the cursor's offset): the
 * characters a completion replaces, so accepting one inside `"pg-00|2"` replaces all of `pg-002`, not only `pg-00`.
 */
export function typedRunEnd(line: string, from: number): number {
  let i = from;
  while (i < line.length && i - from <= MAX_TYPED && isTypedCode(line.charCodeAt(i))) i++;
  return i;
}

/** Characters of a bare key: identifiers, kebab flags, dotted paths and `$`-prefixed variables. */
function isKeyCode(c: number): boolean {
  return isAsciiAlnum(c) || c === 95 || c === 46 || c === HYPHEN || c === 36;
}

function isSpaceCode(c: number): boolean {
  return c === SPACE || c === TAB;
}

/** The offset before the run of characters ending at `end` for which `test` holds, looking no further back than `floor`. */
function runStart(text: string, end: number, test: (c: number) => boolean, floor = 0): number {
  let i = end;
  while (i > floor && test(text.charCodeAt(i - 1))) i--;
  return i;
}

/** Where the typed value ending the line prefix starts, or -1 when the run is too long to be an ID or a name. */
function typedRunStart(linePrefix: string): number {
  const floor = Math.max(0, linePrefix.length - MAX_TYPED - 1);
  const start = runStart(linePrefix, linePrefix.length, isTypedCode, floor);
  return linePrefix.length - start > MAX_TYPED ? -1 : start;
}

function isQuoteCode(c: number): c is typeof DQUOTE | typeof SQUOTE {
  return c === DQUOTE || c === SQUOTE;
}

/**
 * Steps back over the complete items of a list being typed (`["abc", "`, `[abc, `) from just after a `,` or `[`;
 * the offset of the `[`, or -1 when this is not a list of plain values.
 */
function listStart(text: string, end: number): number {
  let i = end;
  for (;;) {
    const c = text.charCodeAt(i - 1);
    if (c === LBRACKET) return i - 1;
    if (c !== COMMA) return -1;
    i = runStart(text, i - 1, isSpaceCode);
    const q = text.charCodeAt(i - 1);
    if (isQuoteCode(q)) {
      i = text.lastIndexOf(text[i - 1], i - 2);
      if (i < 0) return -1;
    } else {
      const itemStart = runStart(text, i, isTypedCode);
      if (itemStart === i) return -1;
      i = itemStart;
    }
    i = runStart(text, i, isSpaceCode);
  }
}

/** A key found before a value: where it starts, its text, and whether it was quoted (`"drill_id":`, `["drill_id"]`). */
interface KeyAt {
  start: number;
  text: string;
  quoted: boolean;
}

/** The key ending at `end` (spaces already skipped): bare, quoted, or a quoted subscript `["key"]`. */
function keyBefore(text: string, end: number): KeyAt | undefined {
  let i = end;
  const bracketed = text.charCodeAt(i - 1) === RBRACKET;
  if (bracketed) i--;
  const q = text.charCodeAt(i - 1);
  if (isQuoteCode(q)) {
    const open = text.lastIndexOf(text[i - 1], i - 2);
    if (open < 0 || open + 1 === i - 1 || runStart(text, i - 1, isKeyCode) !== open + 1) return undefined;
    return { start: open, text: text.slice(open + 1, i - 1), quoted: true };
  }
  if (bracketed) return undefined;
  const start = runStart(text, i, isKeyCode);
  return start === i ? undefined : { start, text: text.slice(start, i), quoted: false };
}

/**
 * True when `text` up to `end` has started a comment: a `#` or `//` at the start or after a space, outside quotes.
 * This covers whole-line comments in shell, YAML, HCL, Python and TS, and trailing ones such as
 * `group_id = "abc" # group_id = "`.
 */
function inComment(text: string, end: number): boolean {
  let quote = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === BACKSLASH) i++;
      else if (c === quote) quote = 0;
      continue;
    }
    if (c === DQUOTE || c === SQUOTE || c === BACKTICK) {
      quote = c;
      continue;
    }
    const atWordStart = i === 0 || isSpaceCode(text.charCodeAt(i - 1));
    if (atWordStart && (c === HASH || (c === SLASH && text.charCodeAt(i + 1) === SLASH))) return true;
  }
  return false;
}

/** The words of a key, lowercased: `drill_vpc_id`, `drill-vpc-id`, `drillVpcId`, `DRILL_VPC_ID`, `x.drillVPCId` all give drill vpc id. */
function keyWords(key: string): string[] {
  const words = key.replace(/IDs(?![a-z])/g, 'Ids').match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g);
  return words ? words.map((w) => w.toLowerCase()) : [];
}

/** Singular words, and whether the last was plural: only `ids` and `instances` matter here. */
function singular(words: string[]): { words: string[]; plural: boolean } {
  const last = words[words.length - 1];
  if (last === 'ids') return { words: [...words.slice(0, -1), 'id'], plural: true };
  if (last === 'instances') return { words: [...words.slice(0, -1), 'instance'], plural: true };
  return { words, plural: false };
}

function endsWith(words: string[], tail: string[]): boolean {
  if (tail.length > words.length) return false;
  const offset = words.length - tail.length;
  return tail.every((w, i) => words[offset + i] === w);
}

/**
 * The kinds of ID a key wants, and whether it names several (a plural key may hold a list). The key is split
 * into words (snake, kebab, camel and UPPER case, dots, `--` and `$` are all separators, so prefixes such as
 * `sdrs_`, `TF_VAR_`, `--` or `params.` are just more words) and plural `ids`/`instances` count as singular.
 * Then, by the last words:
 * - `drill vpc id` → drillVpc
 * - `drill server id` → drillServer
 * - `protected instance` or `protected instance id` → protectedInstance
 * - `drill id` (so `sdrs_drill_id`, `disaster_recovery_drill_id`) → drill
 * - `server group id` (the API's name), `protection group id`, `sdrs group id` → protectionGroup; also a bare
 *   `group id` when it is the whole key once a dotted path and a `TF_VAR_` prefix are dropped (`group_id`,
 *   `--group-id`, `groupId`, `var.group_id`, `TF_VAR_group_id`). Other `… group id` keys (`security_group_id`,
 *   `resource_group_id`, `user_group_id`) are some other service's groups and get nothing.
 * - anything else → undefined.
 */
export function kindsForKey(key: string): { kinds: IdKind[]; plural: boolean } | undefined {
  const { words, plural } = singular(keyWords(key));
  const kind = kindOfWords(words) ?? (isBareGroupKey(key) ? 'protectionGroup' : undefined);
  return kind ? { kinds: [kind], plural } : undefined;
}

function kindOfWords(words: string[]): IdKind | undefined {
  if (endsWith(words, ['drill', 'vpc', 'id'])) return 'drillVpc';
  if (endsWith(words, ['drill', 'server', 'id'])) return 'drillServer';
  if (endsWith(words, ['protected', 'instance']) || endsWith(words, ['protected', 'instance', 'id'])) return 'protectedInstance';
  if (endsWith(words, ['drill', 'id'])) return 'drill';
  if (endsWith(words, ['server', 'group', 'id']) || endsWith(words, ['protection', 'group', 'id']) || endsWith(words, ['sdrs', 'group', 'id'])) {
    return 'protectionGroup';
  }
  return undefined;
}

/** True for a key that is just `group id` once a dotted path and a `TF_VAR_` prefix are dropped. */
function isBareGroupKey(key: string): boolean {
  const lastSegment = key.slice(key.lastIndexOf('.') + 1).replace(/^(?:\$|-+)?TF_VAR_/i, '');
  const { words } = singular(keyWords(lastSegment));
  return words.length === 2 && words[0] === 'group' && words[1] === 'id';
}

/**
 * The ID completion wanted at the end of `linePrefix` (the line up to the cursor), or undefined.
 *
 * Accepted: the cursor inside the value of a known key (see {@link kindsForKey}) after any of
 * - `=` or `:` with optional spaces, and an optional opening quote: HCL `group_id = "`, YAML `drill_id: ab`,
 *   JSON `{"server_group_id":"ab`, shell `DRILL_ID=` and `export DRILL_ID="ab`, URL queries `?drill_id=`,
 *   `&drill_vpc_id=ab`, code `drillId: '`, `const groupId = "`, keyword arguments `f(drill_id='`, and quoted
 *   subscripts `params["drill_id"] = "` (comparisons `==`, `!=`, `:=` count as well);
 * - a space after a `-`-led flag: `--drill-id ab`, `--server-group-id "ab`;
 * - a list after a plural key: `group_ids = ["abc", "`, `group_ids: [abc, `.
 *
 * Rejected: a value already closed (`group_id = "abc" `), the cursor in the key, a list after a singular key,
 * anything after a `#` or `//` comment (line or trailing, outside quotes), and unknown keys. `typed` holds
 * ID and name characters only (see {@link isTypedCode}); a value with spaces gets no completion, and neither does an
 * unquoted value with a dot, which is a reference (`var.x`, `huaweicloud_sdrs_protection_group.pg.id`, `this.x`).
 */
export function completionContext(linePrefix: string): CompletionContext | undefined {
  const typedStart = typedRunStart(linePrefix);
  if (typedStart < 0) return undefined;
  let i = typedStart;
  const quoteCode = linePrefix.charCodeAt(i - 1);
  const quote = isQuoteCode(quoteCode) ? (linePrefix[i - 1] as '"' | "'") : undefined;
  if (quote) i--;
  else if (linePrefix.indexOf('.', typedStart) >= 0) return undefined;

  let end = runStart(linePrefix, i, isSpaceCode);
  const spaced = end < i;
  const lastCode = linePrefix.charCodeAt(end - 1);
  const inList = lastCode === COMMA || lastCode === LBRACKET;
  if (inList) {
    const open = listStart(linePrefix, end);
    if (open < 0) return undefined;
    end = runStart(linePrefix, open, isSpaceCode);
  }

  const operatorStart = runStart(linePrefix, end, (c) => c === EQUALS || c === COLON || c === BANG);
  const opCode = linePrefix.charCodeAt(end - 1);
  const hasOperator = operatorStart < end && (opCode === EQUALS || opCode === COLON);
  if (!hasOperator && (inList || !spaced)) return undefined;

  const key = keyBefore(linePrefix, runStart(linePrefix, hasOperator ? operatorStart : end, isSpaceCode));
  if (!key) return undefined;
  if (!hasOperator && (key.quoted || key.text.charCodeAt(0) !== HYPHEN)) return undefined;
  if (inComment(linePrefix, key.start)) return undefined;

  const wanted = kindsForKey(key.text);
  if (!wanted || (inList && !wanted.plural)) return undefined;
  const context: CompletionContext = { kinds: wanted.kinds, key: key.text, typed: linePrefix.slice(typedStart), typedStart };
  if (quote) context.quote = quote;
  return context;
}
