// Finds literal string attributes of `huaweicloud_sdrs_*` blocks in Terraform files, for the ID check. Free of vscode.
import type { IdKind } from './kinds';

/** A top-level attribute of a block whose value is a plain `"…"` literal, without `${` or `%{`. */
export interface TfAttribute {
  key: string;
  /** The string's value, escapes resolved. */
  value: string;
  /** Offset of the first character inside the quotes, in the whole text. */
  valueStart: number;
  /** Offset of the closing quote: [valueStart, valueEnd) is the content as written. */
  valueEnd: number;
}

/** A `resource` or `data` block of a `huaweicloud_sdrs_*` type. */
export interface TfBlock {
  kind: 'resource' | 'data';
  type: string;
  name: string;
  /** Offset of the `resource`/`data` keyword. */
  start: number;
  /** Offset just past the closing `}`. */
  end: number;
  /** The literal attributes directly in the block body, in order. */
  attributes: TfAttribute[];
}

/** A literal attribute whose value should be an ID of the `expected` kind. */
export interface TfIdCheck {
  attribute: TfAttribute;
  expected: IdKind;
  block: TfBlock;
}

const SDRS_TYPE_PREFIX = 'huaweicloud_sdrs_';

/** The attributes of SDRS resources and data sources that take an SDRS ID, and which kind. */
const ID_ATTRIBUTES: ReadonlyMap<string, IdKind> = new Map<string, IdKind>([
  ['group_id', 'protectionGroup'],
  ['server_group_id', 'protectionGroup'],
  ['drill_vpc_id', 'drillVpc'],
]);

const enum Tok {
  End,
  Newline,
  Ident,
  String,
  /** A heredoc, whose content is skipped. */
  Heredoc,
  LBrace,
  RBrace,
  /** `(` or `[`. */
  Open,
  /** `)` or `]`. */
  Close,
  /** A lone `=` (not `==` or `=>`). */
  Equals,
  Other,
}

const NL = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const DQUOTE = 34;
const HASH = 35;
const DOLLAR = 36;
const PERCENT = 37;
const STAR = 42;
const HYPHEN = 45;
const SLASH = 47;
const LT = 60;
const EQ = 61;
const GT = 62;
const BACKSLASH = 92;
const LBRACE = 123;
const RBRACE = 125;

/** Markers in the string scanner's nesting stack, beside the brace depths (0 and up) of open `${`. */
const OUTER_STRING = -2;
const NESTED_STRING = -1;

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57) || c === HYPHEN;
}

/**
 * Splits HCL into the tokens the block structure needs, without allocating per token: the current token is
 * described by the scanner's fields. Comments are skipped; strings and heredocs are single tokens, so braces and
 * quotes inside them never count. Every step consumes at least one character, so scanning always ends.
 */
class Scanner {
  pos = 0;
  kind = Tok.End;
  start = 0;
  end = 0;
  /** For strings: whether closed on the same line, and whether they contain `${`/`%{` or escapes. */
  terminated = false;
  interpolated = false;
  escaped = false;
  /** While scanning a string: one entry per open `${`, its brace depth, or NESTED_STRING inside a string in it. */
  private readonly nesting: number[] = [];

  constructor(readonly text: string) {}

  next(): Tok {
    const text = this.text;
    const n = text.length;
    let i = this.skipBlanks(this.pos);
    this.start = i;
    if (i >= n) return this.finish(Tok.End, n);
    const c = text.charCodeAt(i);
    if (c === NL) return this.finish(Tok.Newline, i + 1);
    if (c === DQUOTE) return this.finish(Tok.String, this.scanString(i + 1));
    if (isIdentStart(c)) {
      i++;
      while (i < n && isIdentPart(text.charCodeAt(i))) i++;
      return this.finish(Tok.Ident, i);
    }
    if (c === LBRACE) return this.finish(Tok.LBrace, i + 1);
    if (c === RBRACE) return this.finish(Tok.RBrace, i + 1);
    if (c === 40 || c === 91) return this.finish(Tok.Open, i + 1);
    if (c === 41 || c === 93) return this.finish(Tok.Close, i + 1);
    if (c === EQ) {
      const after = text.charCodeAt(i + 1);
      return after === EQ || after === GT ? this.finish(Tok.Other, i + 2) : this.finish(Tok.Equals, i + 1);
    }
    if (c === LT && text.charCodeAt(i + 1) === LT) {
      const heredocEnd = this.scanHeredoc(i + 2);
      if (heredocEnd >= 0) return this.finish(Tok.Heredoc, heredocEnd);
    }
    return this.finish(Tok.Other, i + 1);
  }

  /** Puts the current token back, to be read again by the next call. */
  unread(): void {
    this.pos = this.start;
  }

  private finish(kind: Tok, end: number): Tok {
    this.kind = kind;
    this.end = end;
    this.pos = end;
    return kind;
  }

  /** Skips spaces, tabs, carriage returns and comments; a line comment stops before its newline. */
  private skipBlanks(from: number): number {
    const text = this.text;
    const n = text.length;
    let i = from;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === SPACE || c === TAB || c === CR) i++;
      else if (c === HASH || (c === SLASH && text.charCodeAt(i + 1) === SLASH)) i = lineEnd(text, i);
      else if (c === SLASH && text.charCodeAt(i + 1) === STAR) {
        const close = text.indexOf('*/', i + 2);
        i = close < 0 ? n : close + 2;
      } else break;
    }
    return i;
  }

  /**
   * Scans a quoted template from just after its opening quote; returns the offset after the closing quote (or
   * where it broke off: a newline outside `${…}`, or the end of the text). Nested strings inside `${…}` and their
   * braces are followed with an explicit stack, so deep nesting cannot overflow the call stack.
   */
  private scanString(from: number): number {
    const text = this.text;
    const n = text.length;
    this.terminated = false;
    this.interpolated = false;
    this.escaped = false;
    const stack = this.nesting;
    stack.length = 0;
    let i = from;
    while (i < n) {
      const c = text.charCodeAt(i);
      const top = stack.length ? stack[stack.length - 1] : OUTER_STRING;
      if (top >= 0) {
        if (c === DQUOTE) stack.push(NESTED_STRING);
        else if (c === LBRACE) stack[stack.length - 1]++;
        else if (c === RBRACE) {
          if (top === 0) stack.pop();
          else stack[stack.length - 1]--;
        }
        i++;
        continue;
      }
      if (c === NL) break;
      if (c === DQUOTE) {
        if (top === NESTED_STRING) {
          stack.pop();
          i++;
          continue;
        }
        this.terminated = true;
        return i + 1;
      }
      if (c === BACKSLASH) {
        this.escaped = true;
        i += text.charCodeAt(i + 1) === NL ? 1 : 2;
        continue;
      }
      if ((c === DOLLAR || c === PERCENT) && text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === LBRACE) {
        this.escaped = true;
        i += 3;
        continue;
      }
      if ((c === DOLLAR || c === PERCENT) && text.charCodeAt(i + 1) === LBRACE) {
        this.interpolated = true;
        stack.push(0);
        i += 2;
        continue;
      }
      i++;
    }
    return Math.min(i, n);
  }

  /**
   * From just after `<<`: when a heredoc starts here (`EOF` or `-EOF`, then the end of the line), the offset of the
   * newline ending its closing marker line (or the end of the text); otherwise -1. The closing marker may be
   * indented and followed by spaces.
   */
  private scanHeredoc(from: number): number {
    const text = this.text;
    const n = text.length;
    let i = from;
    if (text.charCodeAt(i) === HYPHEN) i++;
    const markerStart = i;
    if (!isIdentStart(text.charCodeAt(i))) return -1;
    while (i < n && isIdentPart(text.charCodeAt(i))) i++;
    const marker = text.slice(markerStart, i);
    if (text.charCodeAt(i) === CR) i++;
    if (i < n && text.charCodeAt(i) !== NL) return -1;
    for (let line = i + 1; line < n;) {
      const end = lineEnd(text, line);
      if (isMarkerLine(text, line, end, marker)) return end;
      line = end + 1;
    }
    return n;
  }
}

/** The offset of the newline ending the line at `from`, or the end of the text. */
function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl;
}

/** True when the line [start, end) holds only `marker`, give or take surrounding blanks. */
function isMarkerLine(text: string, start: number, end: number, marker: string): boolean {
  let s = start;
  let e = end;
  while (s < e && isBlank(text.charCodeAt(s))) s++;
  while (e > s && isBlank(text.charCodeAt(e - 1))) e--;
  return e - s === marker.length && text.startsWith(marker, s);
}

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === CR;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** The value of a quoted literal's content as written: `\n`, `\"`, `\uXXXX`… resolved, `$${` and `%%{` halved. */
function unescape(raw: string): string {
  return raw.replace(/\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|([\s\S]))|([$%])\4\{/g, (all, u4?: string, u8?: string, ch?: string, mark?: string) => {
    if (mark) return `${mark}{`;
    const code = u4 ?? u8;
    if (code) {
      const point = parseInt(code, 16);
      return point <= 0x10ffff ? String.fromCodePoint(point) : all;
    }
    return ch !== undefined ? (ESCAPES[ch] ?? all) : all;
  });
}

/** Reads the Terraform structure: top-level blocks, their labels, and literal attributes of SDRS blocks. */
class SdrsBlockParser {
  private readonly scanner: Scanner;
  readonly blocks: TfBlock[] = [];

  constructor(private readonly text: string) {
    this.scanner = new Scanner(text);
  }

  parse(): TfBlock[] {
    const s = this.scanner;
    for (let tok = s.next(); tok !== Tok.End; tok = s.next()) {
      if (tok === Tok.Ident) this.topLevelItem();
      else if (tok === Tok.LBrace) this.skipBlock();
      else if (tok !== Tok.Newline && tok !== Tok.RBrace) this.skipExpression();
    }
    return this.blocks;
  }

  /** A top-level item starting at the current identifier: a block (kept if SDRS), an attribute, or junk. */
  private topLevelItem(): void {
    const s = this.scanner;
    const start = s.start;
    const keyword = this.tokenText();
    const labels: string[] = [];
    let tok = s.next();
    for (; tok === Tok.String || tok === Tok.Ident; tok = s.next()) labels.push(this.labelText());
    if (tok === Tok.LBrace) {
      const kind = keyword === 'resource' || keyword === 'data' ? keyword : undefined;
      if (kind && labels.length === 2 && labels[0].startsWith(SDRS_TYPE_PREFIX)) this.sdrsBlock(kind, labels[0], labels[1], start);
      else this.skipBlock();
    } else if (tok === Tok.Equals) {
      s.next();
      this.skipExpression();
    } else if (tok !== Tok.Newline && tok !== Tok.End) {
      this.skipExpression();
    }
  }

  /** A label as Terraform means it: a quoted label's value (a broken or interpolated one never matches), or a bare word. */
  private labelText(): string {
    const s = this.scanner;
    if (s.kind === Tok.Ident) return this.tokenText();
    if (!s.terminated || s.interpolated) return '';
    return this.stringValue();
  }

  /** The body of an SDRS block, from just after its `{`; the block is kept only when its `}` is found. */
  private sdrsBlock(kind: 'resource' | 'data', type: string, name: string, start: number): void {
    const s = this.scanner;
    const attributes: TfAttribute[] = [];
    for (let tok = s.next(); tok !== Tok.End; tok = s.next()) {
      if (tok === Tok.RBrace) {
        this.blocks.push({ kind, type, name, start, end: s.end, attributes });
        return;
      }
      if (tok === Tok.Newline) continue;
      if (tok === Tok.Ident) {
        const attribute = this.bodyItem();
        if (attribute) attributes.push(attribute);
      } else if (tok === Tok.LBrace) this.skipBlock();
      else this.skipExpression();
    }
  }

  /** An item in a block body at the current identifier: the attribute if its value is a plain literal, else skipped. */
  private bodyItem(): TfAttribute | undefined {
    const s = this.scanner;
    const keyStart = s.start;
    const keyEnd = s.end;
    let tok = s.next();
    if (tok !== Tok.Equals) {
      while (tok === Tok.String || tok === Tok.Ident) tok = s.next();
      if (tok === Tok.LBrace) this.skipBlock();
      else if (tok !== Tok.Newline && tok !== Tok.End) this.skipExpression();
      return undefined;
    }
    tok = s.next();
    if (tok !== Tok.String || !s.terminated || s.interpolated) {
      this.skipExpression();
      return undefined;
    }
    const valueStart = s.start + 1;
    const valueEnd = s.end - 1;
    const value = this.stringValue();
    tok = s.next();
    if (tok === Tok.RBrace) s.unread();
    else if (tok !== Tok.Newline && tok !== Tok.End) {
      this.skipExpression();
      return undefined;
    }
    return { key: this.text.slice(keyStart, keyEnd), value, valueStart, valueEnd };
  }

  /** Skips to the end of the expression at the current token: a newline outside brackets, or a `}` it did not open (left unread). */
  private skipExpression(): void {
    const s = this.scanner;
    let depth = 0;
    for (let tok = s.kind; tok !== Tok.End; tok = s.next()) {
      if (tok === Tok.Newline) {
        if (depth === 0) return;
      } else if (tok === Tok.Open || tok === Tok.LBrace) depth++;
      else if (tok === Tok.Close) depth = Math.max(0, depth - 1);
      else if (tok === Tok.RBrace) {
        if (depth === 0) {
          s.unread();
          return;
        }
        depth--;
      }
    }
  }

  /** Skips a block or object from just after its `{` to just after the matching `}`, or to the end of the text. */
  private skipBlock(): void {
    const s = this.scanner;
    let depth = 1;
    for (let tok = s.next(); tok !== Tok.End; tok = s.next()) {
      if (tok === Tok.LBrace) depth++;
      else if (tok === Tok.RBrace && --depth === 0) return;
    }
  }

  private tokenText(): string {
    return this.text.slice(this.scanner.start, this.scanner.end);
  }

  /** The value of the current (terminated) string token. */
  private stringValue(): string {
    const s = this.scanner;
    const raw = this.text.slice(s.start + 1, s.end - 1);
    return s.escaped ? unescape(raw) : raw;
  }
}

/**
 * The `resource` and `data` blocks of `huaweicloud_sdrs_*` types in a Terraform file, with the literal string
 * attributes directly in their bodies. Tolerant of anything a file being edited may hold: comments, heredocs,
 * interpolations, CRLF, other providers' blocks, unbalanced braces and unterminated strings (a string ends at its
 * line; a block whose `}` never comes is left out). Linear in the length of the text; never throws.
 */
export function parseSdrsBlocks(text: string): TfBlock[] {
  return new SdrsBlockParser(text).parse();
}

/**
 * The literal attributes that name an SDRS ID and so can be checked against what the connections list:
 * `group_id` and `server_group_id` (a protection group) and `drill_vpc_id` (a drill VPC), in any SDRS resource
 * or data source. Empty strings are left to Terraform's own validation.
 */
export function sdrsIdReferences(blocks: TfBlock[]): TfIdCheck[] {
  const checks: TfIdCheck[] = [];
  for (const block of blocks) {
    for (const attribute of block.attributes) {
      const expected = ID_ATTRIBUTES.get(attribute.key);
      if (expected && attribute.value !== '') checks.push({ attribute, expected, block });
    }
  }
  return checks;
}
