// A Java properties reader that keeps exact offsets: it reads the text as java.util.Properties.load
// does (LineReader + loadConvert of the JDK), so the key and value it returns are what log4j sees.
//   - a natural line ends at \n, \r or \r\n; leading whitespace (space, tab, form feed) is skipped;
//   - a line whose first non-blank character is `#` or `!` is a comment (never continued);
//   - a line ending in an odd number of backslashes continues on the next one, whose leading
//     whitespace is dropped; at end of file the dangling backslash is dropped;
//   - the key ends at the first unescaped `=`, `:` or whitespace; whitespace and at most one
//     `=`/`:` after it are skipped; the rest is the value (trailing whitespace kept);
//   - escapes: \uXXXX, \t, \n, \r, \f; any other `\x` is `x`;
//   - a key given twice keeps the last value (earlier entries get `overridden`).
// Tolerant: never throws; a malformed \uXXXX (which makes Java refuse the whole file) is kept as
// written and reported in `errors`.
//
// scanProperties reads the text into columns (PropertiesTable: per entry and comment its offsets
// and line number), making entry objects only for lines with continuations or escapes; given the
// table of the document's previous version it reads only the lines an edit changed and takes the
// other rows over. parseProperties is that table made into objects.
import type { Comment, ParseError, PropertyEntry, Span } from './model';
import { upperBound } from '../util/search';

export interface PropertiesParseResult {
  entries: PropertyEntry[];
  comments: Comment[];
  /** Malformed `\uXXXX` escapes (java.util.Properties throws on them: the file is not loaded). */
  errors: ParseError[];
}

const SPACE = 0x20;
const TAB = 0x09;
const FF = 0x0c;
const LF = 0x0a;
const CR = 0x0d;
const BACKSLASH = 0x5c;
const HASH = 0x23;
const BANG = 0x21;
const EQ = 0x3d;
const COLON = 0x3a;

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === FF;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/**
 * Unescapes logical characters [from, to) (codes + document offsets) the way
 * Properties.loadConvert does. Returns the string and, per output char, its document offset.
 */
function convert(
  text: string,
  codes: number[],
  offs: number[],
  from: number,
  to: number,
  errors: ParseError[],
): { value: string; offsets: number[] } {
  let out = '';
  const offsets: number[] = [];
  let i = from;
  while (i < to) {
    const c = codes[i];
    if (c === BACKSLASH && i + 1 < to) {
      const n = codes[i + 1];
      if (n === 0x75 /* u */) {
        let ok = i + 5 < to;
        if (ok) {
          for (let k = 2; k <= 5; k++) {
            if (!isHex(codes[i + k])) {
              ok = false;
              break;
            }
          }
        }
        if (ok) {
          let hex = '';
          for (let k = 2; k <= 5; k++) hex += String.fromCharCode(codes[i + k]);
          out += String.fromCharCode(parseInt(hex, 16));
          offsets.push(offs[i]);
          i += 6;
          continue;
        }
        const end = Math.min(to, i + 6);
        errors.push({
          message: 'Malformed \\uxxxx encoding: Java refuses to load a properties file with this escape (log4j reads none of it).',
          span: { start: offs[i], end: offs[end - 1] + 1 },
        });
        // Keep it as written.
        out += text[offs[i]];
        offsets.push(offs[i]);
        i += 1;
        continue;
      }
      let ch: string;
      switch (n) {
        case 0x74: ch = '\t'; break; // t
        case 0x72: ch = '\r'; break; // r
        case 0x6e: ch = '\n'; break; // n
        case 0x66: ch = '\f'; break; // f
        default: ch = String.fromCharCode(n);
      }
      out += ch;
      offsets.push(offs[i]);
      i += 2;
      continue;
    }
    if (c === BACKSLASH) {
      // A lone trailing backslash (only possible at end of file): Java drops it.
      i += 1;
      continue;
    }
    out += String.fromCharCode(c);
    offsets.push(offs[i]);
    i += 1;
  }
  return { value: out, offsets };
}

/** The spans of a SimpleEntry, made when first read (one object for all of them). */
interface EntrySpans {
  key?: Span;
  value?: Span;
  span?: Span;
  line?: Span;
  offsets?: number[];
}

/**
 * An entry read from one physical line without escapes: value characters map 1:1 to the
 * document, so its value, spans and `valueOffsets` are made from offsets into the text only when
 * someone asks for them (most entries of a big file are never asked: no objects to allocate and
 * collect).
 */
class SimpleEntry implements PropertyEntry {
  // Fields declared, set in the constructor only (no class-field initializer run per entry).
  declare overridden: boolean;
  /** The document text the offsets point into. */
  declare readonly src: string;
  declare readonly start: number;
  declare readonly keyEnd: number;
  /** Document offset of value[0]. */
  declare readonly valueStart: number;
  /** Document offset just after the value. */
  declare readonly end: number;
  declare private k: string | undefined;
  declare private v: string | undefined;
  declare private x: EntrySpans | undefined;
  constructor(src: string, start: number, keyEnd: number, valueStart: number, end: number) {
    this.overridden = false;
    this.src = src;
    this.start = start;
    this.keyEnd = keyEnd;
    this.valueStart = valueStart;
    this.end = end;
    this.k = undefined;
    this.v = undefined;
    this.x = undefined;
  }
  get key(): string {
    return (this.k ??= this.src.slice(this.start, this.keyEnd));
  }
  set key(k: string) {
    this.k = k;
  }
  /** True while `key` is the text at [start, keyEnd) (it was not replaced). */
  get keyVerbatim(): boolean {
    return this.k === undefined || this.k.length === this.keyEnd - this.start;
  }
  get value(): string {
    return (this.v ??= this.src.slice(this.valueStart, this.end));
  }
  set value(v: string) {
    this.v = v;
  }
  /** True while `value` is the text at [valueStart, end) (it was not replaced). */
  get verbatim(): boolean {
    return this.v === undefined || this.v.length === this.end - this.valueStart;
  }
  private get spans(): EntrySpans {
    return (this.x ??= {});
  }
  get keySpan(): Span {
    return (this.spans.key ??= { start: this.start, end: this.keyEnd });
  }
  set keySpan(v: Span) {
    this.spans.key = v;
  }
  get valueSpan(): Span {
    return (this.spans.value ??= { start: this.valueStart, end: this.end });
  }
  set valueSpan(v: Span) {
    this.spans.value = v;
  }
  get span(): Span {
    return (this.spans.span ??= { start: this.start, end: this.end });
  }
  set span(v: Span) {
    this.spans.span = v;
  }
  get lineSpan(): Span {
    let line = this.spans.line;
    if (!line) {
      // The physical line: back over the blanks before the key, on past the line break after the value.
      const t = this.src;
      let a = this.start;
      while (a > 0 && isBlank(t.charCodeAt(a - 1))) a--;
      const e = this.end;
      const b = e < t.length ? e + (t.charCodeAt(e) === CR && t.charCodeAt(e + 1) === LF ? 2 : 1) : e;
      line = this.spans.line = { start: a, end: b };
    }
    return line;
  }
  set lineSpan(v: Span) {
    this.spans.line = v;
  }
  get valueOffsets(): number[] {
    const x = this.spans;
    if (!x.offsets) {
      const n = this.value.length;
      const o = new Array<number>(n + 1);
      const base = this.valueStart;
      for (let i = 0; i <= n; i++) o[i] = base + i;
      x.offsets = o;
    }
    return x.offsets;
  }
  set valueOffsets(v: number[]) {
    this.spans.offsets = v;
  }
  /** The plain PropertyEntry (for JSON and structural comparison: the spans are accessors here). */
  toJSON(): PropertyEntry {
    return {
      key: this.key,
      value: this.value,
      keySpan: this.keySpan,
      valueSpan: this.valueSpan,
      span: this.span,
      lineSpan: this.lineSpan,
      overridden: this.overridden,
      valueOffsets: this.valueOffsets,
    };
  }
}

/**
 * Where an entry's value lies verbatim in the text: its start offset, or -1 when escapes or
 * continuation lines make the value differ from the text (then read `value`).
 */
export function verbatimValueStart(e: PropertyEntry): number {
  return e instanceof SimpleEntry && e.verbatim ? e.valueStart : -1;
}

/** The end offset of a verbatim value (see verbatimValueStart); -1 otherwise. */
export function verbatimValueEnd(e: PropertyEntry): number {
  return e instanceof SimpleEntry && e.verbatim ? e.end : -1;
}

/** A comment line; its text and span are made when first read. */
class LineComment implements Comment {
  declare private readonly src: string;
  declare readonly start: number;
  declare readonly end: number;
  declare private t: string | undefined;
  declare private s: Span | undefined;
  constructor(src: string, start: number, end: number) {
    this.src = src;
    this.start = start;
    this.end = end;
    this.t = undefined;
    this.s = undefined;
  }
  get text(): string {
    return (this.t ??= this.src.slice(this.start, this.end));
  }
  set text(v: string) {
    this.t = v;
  }
  /** True while `text` is the document text at [start, end) (it was not replaced). */
  get verbatim(): boolean {
    return this.t === undefined || this.t.length === this.end - this.start;
  }
  get span(): Span {
    return (this.s ??= { start: this.start, end: this.end });
  }
  set span(v: Span) {
    this.s = v;
  }
  toJSON(): Comment {
    return { text: this.text, span: this.span };
  }
}

/** Where a comment lies in the document text when the parser kept it as offsets (its text unread and unchanged); else -1. */
export function commentStartOf(c: Comment): number {
  return c instanceof LineComment && c.verbatim ? c.start : -1;
}

/** The end offset of a comment kept as offsets (see commentStartOf); -1 otherwise. */
export function commentEndOf(c: Comment): number {
  return c instanceof LineComment && c.verbatim ? c.end : -1;
}

/** The length of e.key, without making the key string when the entry keeps it as offsets. */
export function keyLengthOf(e: PropertyEntry): number {
  return e instanceof SimpleEntry && e.keyVerbatim ? e.keyEnd - e.start : e.key.length;
}

// The scan of a simple line's key, in native code (sticky: lastIndex = where the scan starts, then
// where it stopped). It does not cross a line break. A fresh server process runs the parser as
// interpreted code at first: one call per line instead of a loop per character.
/** A key without escapes: up to `=`, `:`, a blank or the line's end. */
const keyEndRe = /[^=: \t\f\r\n]*/y;

/**
 * The entry of the logical line whose first character (after the line's leading blanks) is at
 * `p`: its physical lines joined (continuations), key and value split and unescaped as
 * Properties.load0 and loadConvert do. `codes` and `offs` are reused buffers. Kept apart from
 * the parser's loop (which handles the simple lines itself): a small loop compiles quickly.
 */
function logicalLine(text: string, lineStart: number, p: number, codes: number[], offs: number[], errors: ParseError[]): PropertyEntry {
  const len = text.length;
  let c: number;
  // Collect one logical line.
  codes.length = 0;
  offs.length = 0;
  const entryStart = p;
  let lastLineEnd = p; // end of the last physical line's content (before its line break)
  let lineBreakEnd = p; // end including the line break
  for (;;) {
    let e = p;
    while (e < len) {
      const d = text.charCodeAt(e);
      if (d === LF || d === CR) break;
      e++;
    }
    // Count trailing backslashes of this natural line.
    let bs = 0;
    for (let k = e - 1; k >= p && text.charCodeAt(k) === BACKSLASH; k--) bs++;
    const continued = bs % 2 === 1;
    const contentEnd = continued ? e - 1 : e;
    for (let k = p; k < contentEnd; k++) {
      codes.push(text.charCodeAt(k));
      offs.push(k);
    }
    lastLineEnd = e;
    lineBreakEnd = e < len ? e + (text.charCodeAt(e) === CR && text.charCodeAt(e + 1) === LF ? 2 : 1) : e;
    if (!continued || lineBreakEnd >= len) break;
    // Next natural line: skip its leading whitespace. Java does not treat `#` there as a comment.
    p = lineBreakEnd;
    while (p < len && isBlank(text.charCodeAt(p))) p++;
    // A continuation into an empty last line or a blank line: Java joins nothing more from a
    // blank line (it ends the logical line there).
    if (p >= len) {
      lineBreakEnd = len;
      break;
    }
    c = text.charCodeAt(p);
    if (c === LF || c === CR) {
      // The continuation line is blank: the logical line ends here (Java: an empty
      // continuation line ends the logical line). Its line break belongs to the entry.
      lineBreakEnd = p + (c === CR && text.charCodeAt(p + 1) === LF ? 2 : 1);
      break;
    }
  }

  // Split key and value (Properties.load0).
  const n = codes.length;
  let keyLen = 0;
  let valueStart = n;
  let hasSep = false;
  let preceding = false;
  while (keyLen < n) {
    c = codes[keyLen];
    if ((c === EQ || c === COLON) && !preceding) {
      valueStart = keyLen + 1;
      hasSep = true;
      break;
    } else if (isBlank(c) && !preceding) {
      valueStart = keyLen + 1;
      break;
    }
    preceding = c === BACKSLASH ? !preceding : false;
    keyLen++;
  }
  while (valueStart < n) {
    c = codes[valueStart];
    if (!isBlank(c)) {
      if (!hasSep && (c === EQ || c === COLON)) hasSep = true;
      else break;
    }
    valueStart++;
  }
  const key = convert(text, codes, offs, 0, keyLen, errors);
  const value = convert(text, codes, offs, valueStart, n, errors);
  const keyEnd = keyLen > 0 ? offs[keyLen - 1] + 1 : entryStart;
  let valueSpanStart: number;
  if (valueStart < n) valueSpanStart = offs[valueStart];
  else {
    // No value: an empty span right after the separator (or after the key).
    valueSpanStart = n > 0 ? Math.min(offs[n - 1] + 1, lastLineEnd) : entryStart;
    if (text.charCodeAt(valueSpanStart) === BACKSLASH) valueSpanStart = lastLineEnd;
  }
  const valueSpanEnd = valueStart < n ? Math.max(lastLineEnd, valueSpanStart) : valueSpanStart;
  const valueOffsets = value.offsets;
  valueOffsets.push(valueSpanEnd);
  return {
    key: key.value,
    value: value.value,
    keySpan: { start: entryStart, end: keyEnd },
    valueSpan: { start: valueSpanStart, end: valueSpanEnd },
    span: { start: entryStart, end: lastLineEnd },
    lineSpan: { start: lineStart, end: lineBreakEnd },
    overridden: false,
    valueOffsets,
  };
}

/** Entry flags of a PropertiesTable: overridden by a later entry of its key; made by the parser (continuations, escapes: its value is not the text). */
export const OVERRIDDEN = 1;
export const COMPLEX = 2;

/**
 * About how many lines a text has (a little more): its length over the average length of the
 * lines in its first 16 KB. The table's columns are made that long once instead of doubling from
 * a few rows (each doubling a new buffer and a copy).
 */
function likelyLines(text: string): number {
  const len = text.length;
  if (len === 0) return 16;
  const sample = len < 16384 ? len : 16384;
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < sample; i = text.indexOf('\n', i + 1)) lines++;
  return Math.min(len + 1, Math.ceil((len / sample) * lines * 1.1) + 64);
}

/** A column twice as long, the first `n` values copied. */
export function grown(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a.subarray(0, n));
  return b;
}

/**
 * A properties text read into columns: one row per entry (and per comment) of offsets into the
 * text, in file order. The entry and comment objects (PropertyEntry, Comment) are made from a row
 * when first asked for (`entry`, `entries`, `comment`, `comments`): a reader that needs offsets
 * only (the log4j 1 builder, validation) makes none. Entries with continuation lines or escapes
 * are made by the parser (their value differs from the text) and kept.
 */
export class PropertiesTable {
  declare readonly text: string;
  /** Number of entries. */
  declare count: number;
  /** Per entry: start of its first physical line (lineSpan.start). */
  declare lineStart: Int32Array;
  /** Per entry: keySpan.start (the key's first character). */
  declare start: Int32Array;
  /** Per entry: keySpan.end. */
  declare keyEnd: Int32Array;
  /** Per entry: where the value starts (valueSpan.start; for a verbatim value, the offset of value[0]). */
  declare valueStart: Int32Array;
  /** Per entry: span.end (the end of its last physical line, before the line break). */
  declare end: Int32Array;
  /** Per entry: its line number (of lineStart, 0-based). */
  declare line: Int32Array;
  /** Per entry: OVERRIDDEN, COMPLEX. */
  declare flags: Uint8Array;
  /** The entries made by the parser (continuations, escapes), by row. */
  declare complex: Map<number, PropertyEntry>;
  /** Some key is given twice (the earlier entries are overridden). */
  declare duplicates: boolean;
  /**
   * Every key once, and how many entries have each key given more than once (an incremental
   * scan of the next version takes both over: undefined then, see keySet).
   */
  declare keys: Set<string> | undefined;
  declare repeats: Map<string, number> | undefined;
  /** Number of comments; per comment, the start of its line, its span (from `#`/`!` to the line's end) and line number. */
  declare commentCount: number;
  declare commentLineStart: Int32Array;
  declare commentStart: Int32Array;
  declare commentEnd: Int32Array;
  declare commentLine: Int32Array;
  /** What an incremental scan took over from the previous version's table (undefined: all rows read). */
  declare reuse: Reuse | undefined;
  /** Malformed `\uXXXX` escapes, in file order. */
  declare errors: ParseError[];
  declare private made: (PropertyEntry | undefined)[] | undefined;
  declare private all: PropertyEntry[] | undefined;
  declare private madeComments: Comment[] | undefined;
  declare private madeComment: (Comment | undefined)[] | undefined;
  constructor(text: string) {
    this.text = text;
    this.count = 0;
    // Room for the lines the text likely has (the columns grow when it has more).
    const cap = likelyLines(text);
    this.lineStart = new Int32Array(cap);
    this.start = new Int32Array(cap);
    this.keyEnd = new Int32Array(cap);
    this.valueStart = new Int32Array(cap);
    this.end = new Int32Array(cap);
    this.line = new Int32Array(cap);
    this.flags = new Uint8Array(cap);
    this.complex = new Map();
    this.duplicates = false;
    this.keys = new Set();
    this.repeats = new Map();
    this.commentCount = 0;
    const ccap = (cap >> 2) + 16;
    this.commentLineStart = new Int32Array(ccap);
    this.commentStart = new Int32Array(ccap);
    this.commentEnd = new Int32Array(ccap);
    this.commentLine = new Int32Array(ccap);
    this.reuse = undefined;
    this.errors = [];
    this.made = undefined;
    this.all = undefined;
    this.madeComments = undefined;
    this.madeComment = undefined;
  }

  /** Room for one more entry row. */
  growEntries(): void {
    const n = this.count;
    this.lineStart = grown(this.lineStart, n);
    this.start = grown(this.start, n);
    this.keyEnd = grown(this.keyEnd, n);
    this.valueStart = grown(this.valueStart, n);
    this.end = grown(this.end, n);
    this.line = grown(this.line, n);
    const f = new Uint8Array(this.flags.length * 2);
    f.set(this.flags.subarray(0, n));
    this.flags = f;
  }

  /** Room for one more comment row. */
  growComments(): void {
    this.commentLineStart = grown(this.commentLineStart, this.commentCount);
    this.commentStart = grown(this.commentStart, this.commentCount);
    this.commentEnd = grown(this.commentEnd, this.commentCount);
    this.commentLine = grown(this.commentLine, this.commentCount);
  }

  /** Room for `entries` entry rows and `comments` comment rows. */
  ensure(entries: number, comments: number): void {
    while (this.start.length < entries) this.growEntries();
    while (this.commentStart.length < comments) this.growComments();
  }

  /** True when entry i is overridden by a later entry of its key. */
  overridden(i: number): boolean {
    return (this.flags[i] & OVERRIDDEN) !== 0;
  }

  /** The entry made by the parser (continuation lines or escapes), or undefined when row i is a simple line read from its offsets. */
  complexAt(i: number): PropertyEntry | undefined {
    return (this.flags[i] & COMPLEX) !== 0 ? this.complex.get(i) : undefined;
  }

  /** The entry row whose lines hold offset `at` (the last row starting at or before it), -1 when none does. */
  rowAt(at: number): number {
    return upperBound(this.lineStart, this.count, at) - 1;
  }

  /**
   * TextDocument.positionAt of `offset` in this table's text, read from the rows (each knows its
   * line start and number) and the line breaks after the last row starting at or before it: no
   * table of every line's start is made. (Lines end at `\n`, `\r` or `\r\n`, as in TextDocument;
   * an offset between a `\r` and its `\n` is moved back to before the `\r`, as positionAt does.)
   */
  positionAt(offset: number): { line: number; character: number } {
    const text = this.text;
    const len = text.length;
    const off = offset < 0 ? 0 : offset > len ? len : offset;
    let from = 0;
    let line = 0;
    const e = this.rowAt(off);
    if (e >= 0) {
      from = this.lineStart[e];
      line = this.line[e];
    }
    const cs = this.commentLineStart;
    const lo = upperBound(cs, this.commentCount, off);
    if (lo > 0 && cs[lo - 1] > from) {
      from = cs[lo - 1];
      line = this.commentLine[lo - 1];
    }
    // The line breaks between that line start and the offset (blank lines, an entry's continuation lines).
    for (let k = from; k < off; k++) {
      const c = text.charCodeAt(k);
      if (c === LF || (c === CR && text.charCodeAt(k + 1) !== LF)) {
        line++;
        from = k + 1;
      }
    }
    let at = off;
    while (at > from && (text.charCodeAt(at - 1) === LF || text.charCodeAt(at - 1) === CR)) at--;
    return { line, character: at - from };
  }

  /**
   * The rows, in order, of the entries whose value may hold `needle`: a simple line's value holds
   * it as written (found with indexOf in the text); an entry made by the parser, when its value
   * holds it. Overridden entries too.
   */
  rowsHolding(needle: string): number[] {
    const rows: number[] = [];
    const text = this.text;
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      const i = this.rowAt(at);
      if (i < 0 || (this.flags[i] & COMPLEX) !== 0 || at < this.valueStart[i] || at + needle.length > this.end[i]) continue;
      if (rows.length === 0 || rows[rows.length - 1] !== i) rows.push(i);
    }
    if (this.complex.size === 0) return rows;
    for (const [i, c] of this.complex) if (c.value.indexOf(needle) >= 0) rows.push(i);
    return [...new Set(rows)].sort((a, b) => a - b);
  }

  /** The key of entry i (made from the text for a simple line). */
  key(i: number): string {
    const c = this.complexAt(i);
    return c ? c.key : this.text.slice(this.start[i], this.keyEnd[i]);
  }

  /** The PropertyEntry of row i (the same object every time). */
  entry(i: number): PropertyEntry {
    const made = (this.made ??= new Array<PropertyEntry | undefined>(this.count));
    let e = made[i];
    if (e === undefined) {
      const c = this.complexAt(i);
      e = c ?? new SimpleEntry(this.text, this.start[i], this.keyEnd[i], this.valueStart[i], this.end[i]);
      if ((this.flags[i] & OVERRIDDEN) !== 0) e.overridden = true;
      made[i] = e;
    }
    return e;
  }

  /** Every entry, in file order (one array, made once). */
  entries(): PropertyEntry[] {
    let all = this.all;
    if (!all) {
      const n = this.count;
      all = new Array<PropertyEntry>(n);
      for (let i = 0; i < n; i++) all[i] = this.entry(i);
      this.all = all;
    }
    return all;
  }

  /** Comment k (the same object every time). */
  comment(k: number): Comment {
    const made = (this.madeComment ??= new Array<Comment | undefined>(this.commentCount));
    let c = made[k];
    if (c === undefined) made[k] = c = new LineComment(this.text, this.commentStart[k], this.commentEnd[k]);
    return c;
  }

  /** Every comment, in file order (one array, made once). */
  comments(): Comment[] {
    let all = this.madeComments;
    if (!all) {
      const n = this.commentCount;
      all = new Array<Comment>(n);
      for (let k = 0; k < n; k++) all[k] = this.comment(k);
      this.madeComments = all;
    }
    return all;
  }
}

/** Marks every entry but the last of its key overridden (log4j keeps the last value); `repeated` holds the keys given more than once. */
function markOverridden(t: PropertiesTable, repeated: ReadonlyMap<string, number>): void {
  // Only keys of a repeated key's length are made.
  const lengths = new Set<number>();
  for (const k of repeated.keys()) lengths.add(k.length);
  const lastOf = new Map<string, number>();
  const keyOf = new Array<string | undefined>(t.count);
  for (let i = 0; i < t.count; i++) {
    const c = t.complexAt(i);
    if (!lengths.has(c ? c.key.length : t.keyEnd[i] - t.start[i])) continue;
    const key = t.key(i);
    if (!repeated.has(key)) continue;
    keyOf[i] = key;
    lastOf.set(key, i);
  }
  for (let i = 0; i < t.count; i++) {
    const key = keyOf[i];
    if (key === undefined || lastOf.get(key) === i) continue;
    t.flags[i] |= OVERRIDDEN;
    const c = t.complexAt(i);
    if (c) c.overridden = true;
  }
}

/** The number of line breaks (`\r\n` one) in text[from, to). */
function lineBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === LF || (c === CR && text.charCodeAt(k + 1) !== LF)) n++;
  }
  return n;
}

/** Where an incremental scan took the entry rows of the previous version's table over. */
export interface Reuse {
  /** Rows [0, keep) are the previous table's rows [0, keep) (the same offsets). */
  keep: number;
  /** Rows [from, count) are the previous table's rows [oldFrom, oldFrom + count - from), moved with the text after the edit. */
  from: number;
  oldFrom: number;
}

/** An incremental scan's way back onto the previous table: the rows after the changed text. */
interface Sync {
  old: PropertiesTable;
  /** Length of the new text minus that of the old one. */
  delta: number;
  /** A line start at or after this offset of the new text may be where the old rows resume. */
  from: number;
  /** Cursors into the old entry and comment rows (the first whose line starts at or after the offset looked at). */
  ie: number;
  ic: number;
  /** Set when the scan stopped: the line start where it did, and its line number. */
  pos: number;
  line: number;
  done: boolean;
}

/** The line start `pos` of the new text is (moved) where an old entry or comment row starts: the rest of the old rows hold. */
function resumes(s: Sync, pos: number): boolean {
  const q = pos - s.delta;
  const old = s.old;
  let ie = s.ie;
  while (ie < old.count && old.lineStart[ie] < q) ie++;
  let ic = s.ic;
  while (ic < old.commentCount && old.commentLineStart[ic] < q) ic++;
  s.ie = ie;
  s.ic = ic;
  return (ie < old.count && old.lineStart[ie] === q) || (ic < old.commentCount && old.commentLineStart[ic] === q);
}

/**
 * Reads the lines of t.text from `pos` (a line start, line number `line`) into t's rows, after
 * those it has; with `sync`, stops at the first line start where the previous version's rows
 * resume (s.done, s.line).
 */
function scanLines(t: PropertiesTable, pos: number, line: number, s: Sync | undefined): void {
  const text = t.text;
  const len = text.length;
  const keys = t.keys!;
  const repeats = t.repeats!;
  // The columns and counts in locals (written back at the end, and before a column grows): a
  // fresh process runs this loop as interpreted code, where each `t.x` is a property load.
  let n = t.count;
  let nc = t.commentCount;
  let lineStartCol = t.lineStart;
  let startCol = t.start;
  let keyEndCol = t.keyEnd;
  let valueStartCol = t.valueStart;
  let endCol = t.end;
  let lineCol = t.line;
  let cap = startCol.length;
  let cLineStart = t.commentLineStart;
  let cStart = t.commentStart;
  let cEnd = t.commentEnd;
  let cLine = t.commentLine;
  let ccap = cStart.length;
  let nextLF = -1;
  let nextCR = -1;
  let nextBS = -1;
  // Reused buffers for one logical line.
  const codes: number[] = [];
  const offs: number[] = [];

  while (pos < len) {
    if (s !== undefined && pos >= s.from && resumes(s, pos)) {
      s.done = true;
      s.pos = pos;
      s.line = line;
      break;
    }
    const lineStart = pos;
    // Skip leading whitespace of the natural line.
    let p = pos;
    // (Comparisons against the highest of the characters first: most lines start with a letter,
    // one comparison instead of two or three.)
    let c = text.charCodeAt(p);
    while (c <= SPACE && (c === SPACE || c === TAB || c === FF)) c = text.charCodeAt(++p);
    if (p >= len) break;
    if (c <= CR && (c === LF || c === CR)) {
      // Blank line.
      pos = p + (c === CR && text.charCodeAt(p + 1) === LF ? 2 : 1);
      line++;
      continue;
    }
    // The line's end and the end of its line break (line breaks found with indexOf and reused
    // across lines: which of \n and \r comes first tells the break without reading it).
    if (nextLF < p && (nextLF = text.indexOf('\n', p)) < 0) nextLF = len;
    if (nextCR < p && (nextCR = text.indexOf('\r', p)) < 0) nextCR = len;
    let e: number;
    let lbEnd: number;
    if (nextLF < nextCR) {
      e = nextLF;
      lbEnd = e + 1;
    } else if (nextCR < len) {
      e = nextCR;
      lbEnd = nextLF === e + 1 && nextLF < len ? e + 2 : e + 1; // (nextLF is len when no \n follows)
    } else {
      e = len;
      lbEnd = len;
    }
    if (c <= HASH && (c === HASH || c === BANG)) {
      if (nc === ccap) {
        t.commentCount = nc;
        t.growComments();
        cLineStart = t.commentLineStart;
        cStart = t.commentStart;
        cEnd = t.commentEnd;
        cLine = t.commentLine;
        ccap = cStart.length;
      }
      cLineStart[nc] = lineStart;
      cStart[nc] = p;
      cEnd[nc] = e;
      cLine[nc] = line;
      nc++;
      pos = lbEnd;
      line++;
      continue;
    }
    if (n === cap) {
      t.count = n;
      t.growEntries();
      lineStartCol = t.lineStart;
      startCol = t.start;
      keyEndCol = t.keyEnd;
      valueStartCol = t.valueStart;
      endCol = t.end;
      lineCol = t.line;
      cap = startCol.length;
    }
    if (nextBS < p && (nextBS = text.indexOf('\\', p)) < 0) nextBS = len;
    let key: string;
    if (nextBS >= e) {
      // A single physical line without any backslash (most lines of real files).
      keyEndRe.lastIndex = p;
      keyEndRe.test(text);
      const k = keyEndRe.lastIndex;
      // After the key: blanks, at most one `=` or `:`, blanks (Properties.load0 with no backslash in the line).
      let v = k;
      let d = text.charCodeAt(v);
      while (d <= SPACE && (d === SPACE || d === TAB || d === FF)) d = text.charCodeAt(++v);
      if (d === EQ || d === COLON) {
        d = text.charCodeAt(++v);
        while (d <= SPACE && (d === SPACE || d === TAB || d === FF)) d = text.charCodeAt(++v);
      }
      lineStartCol[n] = lineStart;
      startCol[n] = p;
      keyEndCol[n] = k;
      valueStartCol[n] = v;
      endCol[n] = e;
      lineCol[n] = line;
      key = text.slice(p, k);
      pos = lbEnd;
      line++;
    } else {
      // Continuations, escapes: the entry is made now.
      const entry = logicalLine(text, lineStart, p, codes, offs, t.errors);
      setComplex(t, n, lineStart, line, entry);
      key = entry.key;
      pos = entry.lineSpan.end;
      line += lineBreaks(text, lineStart, pos);
    }
    // Every key once (the count of a key given more than once in repeats).
    if (keys.has(key)) repeats.set(key, (repeats.get(key) ?? 1) + 1);
    else keys.add(key);
    n++;
  }
  t.count = n;
  t.commentCount = nc;
}

/** Row n is the entry made by the parser (continuation lines or escapes). */
function setComplex(t: PropertiesTable, n: number, lineStart: number, line: number, entry: PropertyEntry): void {
  t.lineStart[n] = lineStart;
  t.start[n] = entry.keySpan.start;
  t.keyEnd[n] = entry.keySpan.end;
  t.valueStart[n] = entry.valueSpan.start;
  t.end[n] = entry.span.end;
  t.line[n] = line;
  t.flags[n] = COMPLEX;
  t.complex.set(n, entry);
}

/** Marks the overridden entries once the keys are all in. */
function finish(t: PropertiesTable): PropertiesTable {
  if (t.repeats!.size > 0) {
    t.duplicates = true;
    markOverridden(t, t.repeats!);
  }
  return t;
}

/**
 * Reads a Java properties text into a PropertiesTable. Never throws. With `previous`, the table of
 * an earlier version of the same document, the rows of the lines before and after the changed
 * text are taken over (moved) instead of read again, and its key set is taken over (updated by
 * the lines removed and added): the result is the table of a full read.
 */
export function scanProperties(text: string, previous?: PropertiesTable): PropertiesTable {
  if (previous && previous.keys && previous.repeats) {
    const t = rescan(text, previous);
    if (t) return t;
  }
  const t = new PropertiesTable(text);
  scanLines(t, 0, 0, undefined);
  return finish(t);
}

/** The length of the longest common prefix of a and b (compared a block at a time, then by character). */
function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  for (let block = 4096; block >= 16; block >>= 4) {
    while (i + block <= n && a.slice(i, i + block) === b.slice(i, i + block)) i += block;
  }
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** The length of the longest common suffix of a and b that does not reach back past `limit` characters of either. */
function commonSuffix(a: string, b: string, limit: number): number {
  const al = a.length;
  const bl = b.length;
  let i = 0;
  for (let block = 4096; block >= 16; block >>= 4) {
    while (i + block <= limit && a.slice(al - i - block, al - i) === b.slice(bl - i - block, bl - i)) i += block;
  }
  while (i < limit && a.charCodeAt(al - i - 1) === b.charCodeAt(bl - i - 1)) i++;
  return i;
}

/** The incremental scan of scanProperties; undefined when the change is too large for it to pay (read everything). */
function rescan(text: string, old: PropertiesTable): PropertiesTable | undefined {
  const oldText = old.text;
  const oldLen = oldText.length;
  const len = text.length;
  const p = commonPrefix(oldText, text);
  const s = commonSuffix(oldText, text, Math.min(oldLen, len) - p);
  if (len - s - p > len / 2) return undefined;
  const delta = len - oldLen;
  const t = new PropertiesTable(text);
  // The key set goes to the new table (the old table's readers no longer need it).
  t.keys = old.keys;
  t.repeats = old.repeats;
  old.keys = undefined;
  old.repeats = undefined;

  // The rows whose lines (and the character after them) lie before the change are the same.
  const keep = firstNot(old.count, (i) => breakEnd(old, i) < p);
  const keepC = firstNot(old.commentCount, (k) => commentBreakEnd(old, k) < p);
  t.ensure(keep, keepC);
  copyRows(t, old, 0, keep, 0, 0);
  copyComments(t, old, 0, keepC, 0, 0);
  for (const [i, e] of old.complex) if (i < keep) t.complex.set(i, copyEntry(e));
  // Read again from the end of the last kept row.
  let pos = 0;
  let line = 0;
  const lastE = keep - 1;
  const lastC = keepC - 1;
  if (lastE >= 0 && (lastC < 0 || old.lineStart[lastE] > old.commentLineStart[lastC])) {
    pos = breakEnd(old, lastE);
    line = old.line[lastE] + lineBreaks(oldText, old.lineStart[lastE], pos);
  } else if (lastC >= 0) {
    pos = commentBreakEnd(old, lastC);
    line = old.commentLine[lastC] + 1;
  }
  for (const e of old.errors) if (e.span.start < pos) t.errors.push(e);
  const sync: Sync = { old, delta, from: len - s, ie: keep, ic: keepC, pos: 0, line: 0, done: false };
  scanLines(t, pos, line, sync);
  const from = t.count;
  const removedTo = sync.done ? sync.ie : old.count;
  if (sync.done) {
    // The rest of the old rows, moved.
    const q = sync.pos - delta;
    const oldLine = sync.ie < old.count && old.lineStart[sync.ie] === q ? old.line[sync.ie] : old.commentLine[sync.ic];
    const lineDelta = sync.line - oldLine;
    const moved = old.count - sync.ie;
    t.ensure(from + moved, t.commentCount + old.commentCount - sync.ic);
    copyRows(t, old, sync.ie, old.count, delta, lineDelta);
    copyComments(t, old, sync.ic, old.commentCount, delta, lineDelta);
    // Entries with continuations or escapes are made again where they are now (their spans moved).
    const codes: number[] = [];
    const offs: number[] = [];
    for (let i = from; i < t.count; i++) {
      if ((t.flags[i] & COMPLEX) === 0) continue;
      const lineStart = t.lineStart[i];
      let a = lineStart;
      while (isBlank(text.charCodeAt(a))) a++;
      setComplex(t, i, lineStart, t.line[i], logicalLine(text, lineStart, a, codes, offs, t.errors));
    }
  }
  // The keys of the lines removed leave the key set (the added ones went in as they were read).
  const keys = t.keys!;
  const repeats = t.repeats!;
  for (let i = keep; i < removedTo; i++) {
    const key = old.key(i);
    const r = repeats.get(key);
    if (r === undefined) keys.delete(key);
    else if (r === 2) repeats.delete(key);
    else repeats.set(key, r - 1);
  }
  t.reuse = { keep, from: sync.done ? from : t.count, oldFrom: removedTo };
  return finish(t);
}

/** The first index in [0, n) where `holds` (true up to some index, false from there on) is false; n when it holds throughout. */
function firstNot(n: number, holds: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (holds(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The end of entry row i's last line, after its line break. */
function breakEnd(t: PropertiesTable, i: number): number {
  const c = t.complexAt(i);
  if (c) return c.lineSpan.end;
  return lineBreakEnd(t.text, t.end[i]);
}

function commentBreakEnd(t: PropertiesTable, k: number): number {
  return lineBreakEnd(t.text, t.commentEnd[k]);
}

/** After the line break at e (e: the end of a line's content). */
function lineBreakEnd(text: string, e: number): number {
  return e < text.length ? e + (text.charCodeAt(e) === CR && text.charCodeAt(e + 1) === LF ? 2 : 1) : e;
}

/** An entry made by the parser, for another table (its `overridden` is the new table's to set). */
function copyEntry(e: PropertyEntry): PropertyEntry {
  return { ...e, overridden: false };
}

/** Appends old's entry rows [a, b) to t, their offsets moved by `delta` and line numbers by `lineDelta` (not overridden: finish marks them). */
function copyRows(t: PropertiesTable, old: PropertiesTable, a: number, b: number, delta: number, lineDelta: number): void {
  const n = t.count;
  const m = b - a;
  if (m <= 0) return;
  copyColumn(t.lineStart, old.lineStart, a, b, n, delta);
  copyColumn(t.start, old.start, a, b, n, delta);
  copyColumn(t.keyEnd, old.keyEnd, a, b, n, delta);
  copyColumn(t.valueStart, old.valueStart, a, b, n, delta);
  copyColumn(t.end, old.end, a, b, n, delta);
  copyColumn(t.line, old.line, a, b, n, lineDelta);
  t.flags.set(old.flags.subarray(a, b), n);
  if (old.duplicates) for (let i = n; i < n + m; i++) t.flags[i] &= COMPLEX;
  t.count = n + m;
}

/** to[at ..] = from[a, b) + delta. */
function copyColumn(to: Int32Array, from: Int32Array, a: number, b: number, at: number, delta: number): void {
  to.set(from.subarray(a, b), at);
  if (delta !== 0) for (let i = at, e = at + (b - a); i < e; i++) to[i] += delta;
}

/** Appends old's comment rows [a, b) to t, moved. */
function copyComments(t: PropertiesTable, old: PropertiesTable, a: number, b: number, delta: number, lineDelta: number): void {
  const n = t.commentCount;
  if (b <= a) return;
  copyColumn(t.commentLineStart, old.commentLineStart, a, b, n, delta);
  copyColumn(t.commentStart, old.commentStart, a, b, n, delta);
  copyColumn(t.commentEnd, old.commentEnd, a, b, n, delta);
  copyColumn(t.commentLine, old.commentLine, a, b, n, lineDelta);
  t.commentCount = n + (b - a);
}

/** Parses a Java properties text. Never throws. */
export function parseProperties(text: string): PropertiesParseResult {
  const t = scanProperties(text);
  return { entries: t.entries(), comments: t.comments(), errors: t.errors };
}

/**
 * The document span of value[from, to) of an entry (what a diagnostic on part of a value covers):
 * from the source of its first character to just after the source of its last one (an escape
 * like `\u0041` is six source characters).
 */
export function valueRange(text: string, entry: PropertyEntry, from: number, to: number): { start: number; end: number } {
  const verbatim = entry instanceof SimpleEntry && entry.verbatim;
  const n = verbatim ? entry.end - entry.valueStart : entry.value.length; // (a verbatim value is not made for its length)
  const a = Math.max(0, Math.min(from, n));
  const b = Math.max(a, Math.min(to, n));
  if (entry instanceof SimpleEntry) {
    const base = entry.valueStart;
    return { start: base + a, end: base + b };
  }
  const o = entry.valueOffsets;
  const start = o[a];
  if (b === a) return { start, end: start };
  const last = o[b - 1];
  let srcLen = 1;
  if (text.charCodeAt(last) === BACKSLASH) srcLen = text.charCodeAt(last + 1) === 0x75 && entry.value[b - 1] !== 'u' ? 6 : 2;
  return { start, end: Math.min(last + srcLen, entry.valueSpan.end) };
}

/** One comma-separated item of a value, trimmed, with its document span. */
export interface ValueItem {
  text: string;
  span: { start: number; end: number };
  /** Index of the item's first character in `entry.value`. */
  index: number;
}

/**
 * Splits an entry's value on commas the way log4j does (each part trimmed); empty parts are
 * returned too (with an empty span) so callers can tell `, a` (no level) from `a`.
 */
export function splitValue(text: string, entry: PropertyEntry): ValueItem[] {
  const v = entry.value;
  const out: ValueItem[] = [];
  let from = 0;
  for (;;) {
    let to = v.indexOf(',', from);
    const last = to < 0;
    if (last) to = v.length;
    let a = from;
    let b = to;
    while (a < b && isTrimmable(v.charCodeAt(a))) a++;
    while (b > a && isTrimmable(v.charCodeAt(b - 1))) b--;
    out.push({ text: v.slice(a, b), span: valueRange(text, entry, a, b), index: a });
    if (last) break;
    from = to + 1;
  }
  return out;
}

/** String.trim() as Java does it: every char <= U+0020. */
function isTrimmable(c: number): boolean {
  return c <= 0x20;
}

/** The value trimmed (as log4j reads it), with its document span. */
export function trimmedValue(text: string, entry: PropertyEntry): { text: string; span: { start: number; end: number } } {
  const v = entry.value;
  let a = 0;
  let b = v.length;
  while (a < b && isTrimmable(v.charCodeAt(a))) a++;
  while (b > a && isTrimmable(v.charCodeAt(b - 1))) b--;
  return { text: v.slice(a, b), span: valueRange(text, entry, a, b) };
}
