// Builds the one ConfigModel from any of the four log4j syntaxes. Pure and linear in the size of
// the file: one pass over the entries / elements, maps for joins, no per-entry rescans.
import type {
  AppenderDecl,
  AppenderRef,
  Comment,
  ConfigModel,
  LevelRef,
  Located,
  LoggerDecl,
  Product,
  PropertyEntry,
  Span,
  Syntax,
  XmlDocument,
  XmlElement,
} from './model';
import { COMPLEX, commentEndOf, commentStartOf, OVERRIDDEN, parseProperties, scanProperties, trimmedValue, valueRange, verbatimValueEnd, verbatimValueStart, type PropertiesTable } from './properties';
import { buildLog4j2Properties, isLog4j2Key } from './properties2';
import { attr, localName, parseXml, valueEndOf, valueStartOf, walk } from './xml';
import { isUnsetWord, levelInfo } from './knowledge/levels';
import { lowerBound } from '../util/search';

export interface BuildOptions {
  /** Product to assume when the content does not tell (`auto` or undefined: content only). */
  product?: Product | 'auto';
}

// ---------------------------------------------------------------------------------------------
// Syntax detection

// Matched at the start of each line (sticky, lastIndex = the line's start: no line string is made);
// whitespace that may follow a key never crosses the line's end.
const log4j1KeyRe = /[ \t\f]*log4j\.(rootLogger|rootCategory|logger\.|category\.|appender\.|additivity\.|threshold|debug|reset|renderer\.|loggerFactory)/y;
const log4j2KeyRe = /[ \t\f]*(appender\.[^.=:\s]+\.(type|name)|rootLogger(\.level|\.appenderRef|[^\S\r\n]*[=:])|logger\.[^.=:\s]+\.(name|level)|appenders[^\S\r\n]*[=:]|loggers[^\S\r\n]*[=:])/y;

/** Which log4j syntax a file is, from its name and content; undefined when it is not a log4j file. */
export function detectSyntax(fileName: string, text: string): Syntax | undefined {
  const base = fileName.replace(/\\/g, '/').split('/').pop()!.toLowerCase();
  const head = text.slice(0, 200_000);
  const firstChar = /\S/.exec(head)?.[0];
  const nameXml = base.endsWith('.xml');
  if (firstChar === '<' || nameXml) {
    // Content first: the root element tells the generation whatever the file is called.
    if (/<log4j:configuration[\s>/]/.test(head)) return 'log4j1-xml';
    if (/<Configuration[\s>/]/.test(head)) return 'log4j2-xml';
    if (/^log4j2[^/]*\.xml$/.test(base)) return 'log4j2-xml';
    // log4j.xml with another root (DOMConfigurator also accepts a plain <configuration>).
    if (/^log4j[^/]*\.xml$/.test(base)) return 'log4j1-xml';
    return undefined;
  }
  // Properties: count the keys of each generation (first ~5000 lines are plenty).
  const v2Name = /^log4j2[^/]*\.properties(\.j2)?$/.test(base);
  const v1Name = !v2Name && /^log4j[^/]*\.properties(\.j2)?$/.test(base);
  let v1 = 0;
  let v2 = 0;
  let lines = 0;
  const n = head.length;
  let pos = 0;
  for (;;) {
    if (++lines > 5000) break;
    log4j1KeyRe.lastIndex = pos;
    if (log4j1KeyRe.test(head)) {
      v1++;
      if (v1Name) break; // named log4j*.properties: one log4j 1 key decides (see below)
    } else {
      log4j2KeyRe.lastIndex = pos;
      if (log4j2KeyRe.test(head)) {
        v2++;
        if (v2Name) break; // named log4j2*.properties: one log4j 2 key decides
      }
    }
    // The next line (after \r\n, \r or \n).
    let e = pos;
    let c = 0;
    while (e < n) {
      c = head.charCodeAt(e);
      if (c === 0x0a || c === 0x0d) break;
      e++;
    }
    if (e >= n) break;
    pos = e + (c === 0x0d && head.charCodeAt(e + 1) === 0x0a ? 2 : 1);
  }
  // The name decides a mixed file (lines pasted from the other generation are reported as foreign);
  // content decides when it is purely the other generation, or when the name says nothing.
  if (v2Name) return v2 > 0 || v1 === 0 ? 'log4j2-properties' : 'log4j1-properties';
  if (v1Name) return v1 > 0 || v2 === 0 ? 'log4j1-properties' : 'log4j2-properties';
  if (v1 > 0 && v1 >= v2) return 'log4j1-properties';
  if (v2 > 0) return 'log4j2-properties';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Model

function emptyModel(text: string, syntax: Syntax): ConfigModel {
  return {
    syntax,
    text,
    product: 'unknown',
    comments: [],
    loggers: [],
    appenders: [],
    incomplete: [],
    foreign: [],
    lookups: [],
    errors: [],
    insertion: { end: text.length },
  };
}

/**
 * Parses the text in the given syntax into the shared model. Never throws. `previous`: a model of
 * an earlier version of the same document, whose reading of the lines the edit left alone is
 * taken over (log4j 1 properties); the model is the same as without it.
 */
export function buildModel(text: string, syntax: Syntax, opts?: BuildOptions, previous?: ConfigModel): ConfigModel {
  let model = emptyModel(text, syntax);
  const prior = previous && previous.syntax === syntax ? log4j1IndexOf(previous) : undefined;
  if (prior && syntax === 'log4j1-properties') {
    try {
      buildLog4j1Properties(model, prior);
      return finishModel(model, opts);
    } catch {
      model = emptyModel(text, syntax); // (read it all again below: a bug in the incremental reading must not show)
    }
  }
  try {
    switch (syntax) {
      case 'log4j1-properties':
        buildLog4j1Properties(model);
        break;
      case 'log4j2-properties': {
        const parsed = parseProperties(text);
        model.properties = parsed.entries;
        model.comments = parsed.comments;
        model.errors.push(...parsed.errors);
        buildLog4j2Properties(model);
        propertyLookups(model);
        break;
      }
      case 'log4j1-xml':
      case 'log4j2-xml':
        buildXml(model);
        break;
    }
  } catch (e) {
    // A bug here must not take the editor down: keep what was built and say so.
    model.errors.push({ message: `AuthLog could not fully analyse this file: ${String(e)}`, span: { start: 0, end: 0 } });
  }
  return finishModel(model, opts);
}

/** The product and insertion points of a built model. */
function finishModel(model: ConfigModel, opts: BuildOptions | undefined): ConfigModel {
  model.product = detectProduct(model);
  if (model.product === 'unknown' && opts?.product && opts.product !== 'auto') model.product = opts.product;
  model.insertion = computeInsertion(model);
  return model;
}

// ---------------------------------------------------------------------------------------------
// log4j 1 properties (PropertyConfigurator)
//
// Three layers of columns, no object per line: the properties table (properties.ts), per entry
// what log4j reads of it (Log4j1Lines: kind of key, level, appender names), per logger a row
// (Log4j1Index). Validation reads the rows; model.properties, comments and loggers are made from
// them when first read. An edit's model takes the rows of the lines it left alone over from the
// previous version's model (buildModel's `previous`).

function span(start: number, end: number): Span {
  return { start, end };
}

/** The shared list of a logger without appender references (never written to). */
const NO_NAMES: readonly string[] = Object.freeze([] as string[]);
const NO_REFS: AppenderRef[] = Object.freeze([] as AppenderRef[]) as AppenderRef[];

/**
 * v.slice(a, b), the same string object for a repeat of a short one (levels and appender names
 * repeat thousands of times in a big file): a small table by length and end characters, a hit
 * confirmed in place without a copy.
 */
const shared: (string | undefined)[] = new Array<string | undefined>(256).fill(undefined);
/** Per slot of `shared`: log4j1LevelVerdict of its string, -1 until asked. */
const sharedVerdicts = new Int8Array(256).fill(-1);
/** The slot of the string sliceShared returned last, -1 for one not kept. */
let sharedAt = -1;
function sliceShared(v: string, a: number, b: number): string {
  const n = b - a;
  if (n > 16 || n <= 0) {
    sharedAt = -1;
    return v.slice(a, b);
  }
  const h = (n * 31 + v.charCodeAt(a) * 7 + v.charCodeAt(a + (n >> 1)) * 3 + v.charCodeAt(b - 1)) & 255; // (INFO and info differ)
  sharedAt = h;
  const known = shared[h];
  if (known !== undefined && known.length === n && v.startsWith(known, a)) return known;
  const s = v.slice(a, b);
  shared[h] = s;
  sharedVerdicts[h] = -1;
  return s;
}

/** log4j1LevelVerdict of the string sliceShared returned last (kept with it). */
function sharedVerdict(s: string): number {
  const h = sharedAt;
  if (h < 0) return log4j1LevelVerdict(s);
  let v = sharedVerdicts[h];
  if (v < 0) v = sharedVerdicts[h] = log4j1LevelVerdict(s);
  return v;
}

/** A log4j 1 custom level, `LEVEL#fully.qualified.Class` (trimmed). */
export function isLog4j1CustomLevel(raw: string): boolean {
  return /^[A-Za-z]+#[\w.$]+$/.test(raw);
}

/**
 * What log4j 1 makes of a level as written (trimmed as PropertyConfigurator does): 0 a level (or
 * a custom one), 1 INHERITED / NULL (the logger inherits), 2 not a level.
 */
export function log4j1LevelVerdict(levelRaw: string): number {
  const raw = levelRaw.trim();
  return levelInfo(raw) || isLog4j1CustomLevel(raw) ? 0 : isUnsetWord(raw) ? 1 : 2;
}

/** One-name appender lists, shared by every logger routed to that one appender (never written to). */
const singleNames = new Map<string, readonly string[]>();
function singleName(name: string): readonly string[] {
  let one = singleNames.get(name);
  if (!one) {
    one = Object.freeze([name]);
    if (singleNames.size < 64) singleNames.set(name, one);
  }
  return one;
}

/**
 * `[level], app1, app2` as PropertyConfigurator.parseCategory reads it: split on commas, each part
 * trimmed (Java's trim: every char <= U+0020); an empty first part leaves the level alone, empty
 * appender parts are skipped. Calls `part(index in value, a, b)` for each non-empty part, the level
 * first (index 0 when there is one, -1 never).
 */
function splitLoggerValue(v: string, part: (first: boolean, a: number, b: number) => void): void {
  let from = 0;
  let first = true;
  for (;;) {
    let to = v.indexOf(',', from);
    const last = to < 0;
    if (last) to = v.length;
    let a = from;
    let b = to;
    while (a < b && v.charCodeAt(a) <= 0x20) a++;
    while (b > a && v.charCodeAt(b - 1) <= 0x20) b--;
    if (a < b) part(first, a, b);
    first = false;
    if (last) break;
    from = to + 1;
  }
}

/**
 * A logger of a log4j 1 properties file: a view of its row of the Log4j1Index, every field read
 * from the row when first asked for (and kept). Making model.loggers makes one small object per
 * logger; its name, entries, spans, LevelRef, AppenderRefs and additivity only when read.
 */
export class Log4j1Logger implements LoggerDecl {
  declare readonly isRoot: boolean;
  declare private readonly x: Log4j1Index;
  declare private readonly row: number;
  /** The name once read (or set). */
  declare private n: string | undefined;
  /** What else was read (or set) so far. */
  declare private made: {
    main?: PropertyEntry;
    prefix?: string;
    refNames?: readonly string[];
    additivityEntry?: PropertyEntry | null;
    level?: LevelRef;
    refs?: AppenderRef[];
    additivity?: Located;
    entries?: PropertyEntry[];
    nameSpan?: Span;
  } | undefined;
  constructor(x: Log4j1Index, row: number) {
    this.isRoot = x.isRoot(row);
    this.x = x;
    this.row = row;
    this.n = undefined;
    this.made = undefined;
  }
  private get cache(): NonNullable<Log4j1Logger['made']> {
    return (this.made ??= {});
  }
  get name(): string {
    return (this.n ??= this.x.name(this.row));
  }
  set name(v: string) {
    this.n = v;
  }
  /** The logger line (the additivity line for an additivity-only logger): span, level and appenders come from it. */
  get main(): PropertyEntry {
    return (this.cache.main ??= this.x.props.entry(this.x.main[this.row]));
  }
  set main(v: PropertyEntry) {
    this.cache.main = v;
  }
  get prefix(): string {
    return (this.cache.prefix ??= KIND_PREFIX[this.x.kind(this.row)]);
  }
  set prefix(v: string) {
    this.cache.prefix = v;
  }
  /** The level as written (trimmed); undefined when the value gives none. */
  get levelRaw(): string | undefined {
    const le = this.x.levelEntry[this.row];
    return le < 0 ? undefined : this.x.lines.level[le];
  }
  /** The appender names in order (a shared list: never written to). */
  get refNames(): readonly string[] {
    let names = this.made?.refNames;
    if (!names) {
      const lines = this.x.lines;
      const m = this.x.main[this.row];
      const first = lines.refFirst[m];
      const n = lines.refCount[m];
      names = this.cache.refNames = n === 0 ? NO_NAMES : n === 1 ? singleName(lines.refName[first]) : lines.refName.slice(first, first + n);
    }
    return names;
  }
  /** The additivity line joined to this logger (or the logger's own line for an additivity-only logger). */
  get additivityEntry(): PropertyEntry | undefined {
    const c = this.cache;
    if (c.additivityEntry === undefined) {
      const a = this.x.additivityEntryOf(this.row);
      c.additivityEntry = a < 0 ? null : this.x.props.entry(a);
    }
    return c.additivityEntry ?? undefined;
  }
  get nameSpan(): Span {
    return (this.cache.nameSpan ??= { start: this.x.nameFrom(this.row), end: this.x.nameTo(this.row) });
  }
  get span(): Span {
    return this.main.span;
  }
  get entries(): PropertyEntry[] {
    const c = this.cache;
    if (!c.entries) {
      const a = this.additivityEntry;
      c.entries = a && a !== this.main ? [this.main, a] : [this.main];
    }
    return c.entries;
  }
  get level(): LevelRef | undefined {
    const raw = this.levelRaw;
    if (raw === undefined) return undefined;
    return (this.cache.level ??= { raw, span: this.levelSpan() });
  }
  /** The span of `level` (a new object; the LevelRef is not made). Only for a logger with a level. */
  levelSpan(): Span {
    const made = this.made?.level;
    if (made) return made.span;
    const le = this.x.levelEntry[this.row];
    const lines = this.x.lines;
    return valueRange(this.x.text, this.x.props.entry(le), lines.levelFrom[le], lines.levelTo[le]);
  }
  get appenderRefs(): AppenderRef[] {
    const c = this.cache;
    if (!c.refs) {
      if (this.refNames.length === 0) c.refs = NO_REFS;
      else {
        const refs: AppenderRef[] = [];
        const e = this.main;
        const text = this.x.text;
        splitLoggerValue(e.value, (first, a, b) => {
          if (!first) refs.push({ name: sliceShared(e.value, a, b), span: valueRange(text, e, a, b) });
        });
        c.refs = refs;
      }
    }
    return c.refs;
  }
  get additivity(): Located | undefined {
    const c = this.made;
    if (c?.additivity) return c.additivity;
    const a = this.additivityEntry;
    if (!a) return undefined;
    const tv = trimmedValue(this.x.text, a);
    return (this.cache.additivity = { value: tv.text, span: tv.span });
  }
  /** The plain LoggerDecl (for JSON and structural comparison: the fields are accessors here). */
  toJSON(): LoggerDecl {
    const out: LoggerDecl = { name: this.name, isRoot: this.isRoot, nameSpan: this.nameSpan, appenderRefs: this.appenderRefs, span: this.span, entries: this.entries, prefix: this.prefix };
    if (this.level) out.level = this.level;
    if (this.additivity) out.additivity = this.additivity;
    return out;
  }
}

/** The level as written of a logger, without making its LevelRef when the builder kept it as a string. */
export function levelRawOf(l: LoggerDecl): string | undefined {
  return l instanceof Log4j1Logger ? l.levelRaw : l.level?.raw;
}

/**
 * Where the level of a logger with a level is written, without making (and keeping) its LevelRef
 * when the builder kept the level as a string.
 */
export function levelSpanOf(l: LoggerDecl): Span {
  return l instanceof Log4j1Logger ? l.levelSpan() : l.level!.span;
}

/** The appender names of a logger when the builder kept them as strings (else undefined: read appenderRefs). */
export function appenderNamesOf(l: LoggerDecl): readonly string[] | undefined {
  return l instanceof Log4j1Logger ? l.refNames : undefined;
}

// Kinds of key (a logger's main line is one of the first five: KIND_PREFIX[kind] is its prefix).
export const K_LOGGER = 0;
export const K_CATEGORY = 1;
export const K_ROOT_LOGGER = 2;
export const K_ROOT_CATEGORY = 3;
export const K_ADDITIVITY = 4;
const K_APPENDER = 5;
const K_LOG4J_OTHER = 6;
const K_OTHER = 7;
export const KIND_PREFIX = ['log4j.logger.', 'log4j.category.', 'log4j.rootLogger', 'log4j.rootCategory', 'log4j.additivity.'];
const KIND_PREFIX_LENGTH = new Int32Array(KIND_PREFIX.map((p) => p.length));
const APPENDER_PREFIX = 'log4j.appender.';

/**
 * What a key is: `str.slice(s, keyEnd)` is the key (the document text at the entry for a
 * simple line: the prefixes hold no character that ends a key, so a match at the key's start lies
 * within the key).
 */
function keyKind(str: string, s: number, keyEnd: number): number {
  // The character after `log4j.` tells which prefix to test (one startsWith for a logger line: a
  // fresh process runs this per entry as interpreted code).
  switch (str.charCodeAt(s + 6)) {
    case 0x6c: // l
      if (str.startsWith('log4j.logger.', s)) return K_LOGGER;
      break;
    case 0x61: // a
      if (str.startsWith('log4j.additivity.', s)) return K_ADDITIVITY;
      if (str.startsWith('log4j.appender.', s)) return K_APPENDER;
      break;
    case 0x63: // c
      if (str.startsWith('log4j.category.', s)) return K_CATEGORY;
      break;
    case 0x72: // r
      if (keyEnd - s === 16 && str.startsWith('log4j.rootLogger', s)) return K_ROOT_LOGGER;
      if (keyEnd - s === 18 && str.startsWith('log4j.rootCategory', s)) return K_ROOT_CATEGORY;
      break;
  }
  return str.startsWith('log4j.', s) ? K_LOG4J_OTHER : K_OTHER;
}

/**
 * Per entry row of a properties table, what the log4j 1 builder reads of it: the kind of its key
 * and, for a logger, category or root line, the level and appender names of its value
 * (PropertyConfigurator.parseCategory). Each row is a function of its entry's own text, with
 * offsets relative to the value.
 */
export class Log4j1Lines {
  declare kind: Uint8Array;
  /** Per entry: where the level is in the value (indexes into the value); levelFrom -1 when the first part is empty. */
  declare levelFrom: Int32Array;
  declare levelTo: Int32Array;
  /** Per entry: the level as written (a shared string), undefined without one. */
  declare level: (string | undefined)[];
  /** Per entry with a level: log4j1LevelVerdict of it. */
  declare verdict: Uint8Array;
  /** Per entry: its appender names, refName[refFirst] .. refName[refFirst + refCount - 1] (shared strings). */
  declare refFirst: Int32Array;
  declare refCount: Int32Array;
  declare refName: string[];
  constructor(n: number) {
    this.kind = new Uint8Array(n);
    this.levelFrom = new Int32Array(n).fill(-1);
    this.levelTo = new Int32Array(n);
    this.level = new Array<string | undefined>(n);
    this.verdict = new Uint8Array(n);
    this.refFirst = new Int32Array(n);
    this.refCount = new Int32Array(n);
    this.refName = [];
  }
}

/**
 * The Log4j1Lines of every entry of a table. With `previous`, the lines of the table an
 * incremental scan took rows over from (t.reuse): those rows are copied, not read again.
 */
function readLines(t: PropertiesTable, previous?: Log4j1Lines): Log4j1Lines {
  const n = t.count;
  const lines = new Log4j1Lines(n);
  const r = t.reuse;
  if (!previous || !r) {
    readRows(t, lines, 0, n);
    return lines;
  }
  // (Copied with native array copies: the first edits run this before the JIT has compiled it.)
  const keep = r.keep;
  const tail = n - r.from;
  copyLines(lines, previous, 0, keep, 0);
  lines.level = previous.level.slice(0, keep);
  lines.refName = previous.refName.slice(0, refsBefore(previous, keep));
  readRows(t, lines, keep, r.from);
  copyLines(lines, previous, r.oldFrom, r.oldFrom + tail, r.from);
  lines.level.length = r.from;
  lines.level = lines.level.concat(previous.level.slice(r.oldFrom, r.oldFrom + tail));
  // The appender names of the rows taken over after the change: their indexes move with them.
  const a = refsBefore(previous, r.oldFrom);
  const shift = lines.refName.length - a;
  if (shift !== 0) for (let i = r.from; i < n; i++) lines.refFirst[i] += shift;
  lines.refName = lines.refName.concat(previous.refName.slice(a, refsBefore(previous, r.oldFrom + tail)));
  return lines;
}

/** Copies rows [a, b) of `from` to rows at `to` of `lines` (the typed columns; their appender names' indexes as they were). */
function copyLines(lines: Log4j1Lines, from: Log4j1Lines, a: number, b: number, to: number): void {
  if (b <= a) return;
  lines.kind.set(from.kind.subarray(a, b), to);
  lines.levelFrom.set(from.levelFrom.subarray(a, b), to);
  lines.levelTo.set(from.levelTo.subarray(a, b), to);
  lines.verdict.set(from.verdict.subarray(a, b), to);
  lines.refFirst.set(from.refFirst.subarray(a, b), to);
  lines.refCount.set(from.refCount.subarray(a, b), to);
}

/** The number of appender names of rows [0, row) of `lines` (where row's names start in refName). */
function refsBefore(lines: Log4j1Lines, row: number): number {
  // The last logger, category or root line before `row` (only those read appender names).
  for (let i = row - 1; i >= 0; i--) if (lines.kind[i] <= K_ROOT_CATEGORY) return lines.refFirst[i] + lines.refCount[i];
  return 0;
}

/** What readValue made of a value (its level as offsets into the value): the same for every line with that value. */
interface ValueRead {
  levelFrom: number;
  levelTo: number;
  level: string | undefined;
  verdict: number;
  names: string[];
}

/** Values longer than this are read each time (a value that repeats is short: `INFO, filelog`). */
const MAX_KNOWN_VALUE = 64;
/** At most this many distinct values are kept per read (a big file has a few dozen); past them, every value is read (a file of diverse values pays the lookups of these rows only). */
const MAX_KNOWN_VALUES = 256;

/**
 * Reads rows [a, b) of the table into `lines`. A logger line's value is read once per distinct
 * value: a big file gives thousands of loggers the same few values (`INFO, filelog`), and a line
 * whose value was read before copies what was read (one native hash of the value instead of the
 * per-part scans, which a fresh process runs as interpreted code).
 */
function readRows(t: PropertiesTable, lines: Log4j1Lines, a: number, b: number): void {
  const text = t.text;
  const start = t.start;
  const keyEnd = t.keyEnd;
  const valueStart = t.valueStart;
  const end = t.end;
  const kind = lines.kind;
  const refName = lines.refName;
  const level = lines.level;
  const verdict = lines.verdict;
  const levelFrom = lines.levelFrom;
  const levelTo = lines.levelTo;
  const refFirst = lines.refFirst;
  const refCount = lines.refCount;
  // The next comma at or after the current value (found with indexOf in the text and reused by the following lines), text.length when none.
  let nextComma = -1;
  const flags = t.flags;
  const known = new Map<string, ValueRead>();
  let diverse = false; // (MAX_KNOWN_VALUES values known: the rest are read each time)
  for (let i = a; i < b; i++) {
    const c = (flags[i] & COMPLEX) !== 0 ? t.complexAt(i) : undefined;
    if (c) {
      const k = keyKind(c.key, 0, c.key.length);
      kind[i] = k;
      if (k <= K_ROOT_CATEGORY) readValue(lines, i, c.value, 0, c.value.length, -1);
      continue;
    }
    const k = keyKind(text, start[i], keyEnd[i]);
    kind[i] = k;
    if (k > K_ROOT_CATEGORY) continue;
    const vs = valueStart[i];
    const ve = end[i];
    if (ve - vs > MAX_KNOWN_VALUE || diverse) {
      nextComma = readValue(lines, i, text, vs, ve, nextComma);
      continue;
    }
    const v = text.slice(vs, ve);
    const r = known.get(v);
    if (r === undefined) {
      nextComma = readValue(lines, i, text, vs, ve, nextComma);
      known.set(v, valueRead(lines, i));
      diverse = known.size >= MAX_KNOWN_VALUES;
      continue;
    }
    if (r.level !== undefined) {
      level[i] = r.level;
      verdict[i] = r.verdict;
      levelFrom[i] = r.levelFrom;
      levelTo[i] = r.levelTo;
    }
    const names = r.names;
    const m = names.length;
    refFirst[i] = refName.length;
    refCount[i] = m;
    if (m === 1) refName.push(names[0]);
    else for (let q = 0; q < m; q++) refName.push(names[q]);
  }
}

/** What readValue wrote of row i. */
function valueRead(lines: Log4j1Lines, i: number): ValueRead {
  const first = lines.refFirst[i];
  return {
    levelFrom: lines.levelFrom[i],
    levelTo: lines.levelTo[i],
    level: lines.level[i],
    verdict: lines.verdict[i],
    names: lines.refName.slice(first, first + lines.refCount[i]),
  };
}

/**
 * Reads `[level], app1, app2` of entry row i, the value being v[base, stop) (the document text for
 * a simple line, no value string made; else the value string): split on commas, each part trimmed
 * (Java's trim: every char <= U+0020), empty appender parts skipped. `nextComma` is the next comma
 * at or after `base` already found in v (or less: none looked for); returned for the next line.
 */
function readValue(lines: Log4j1Lines, i: number, v: string, base: number, stop: number, nextComma: number): number {
  let from = base;
  let first = true;
  const refFirst = lines.refName.length;
  for (;;) {
    if (nextComma < from && (nextComma = v.indexOf(',', from)) < 0) nextComma = v.length;
    const to = nextComma < stop ? nextComma : stop;
    let a = from;
    let e = to;
    while (a < e && v.charCodeAt(a) <= 0x20) a++;
    while (e > a && v.charCodeAt(e - 1) <= 0x20) e--;
    if (a < e) {
      // (One call site: the compiled function inlines it once.)
      const part = sliceShared(v, a, e);
      if (first) {
        lines.level[i] = part;
        lines.verdict[i] = sharedVerdict(part);
        lines.levelFrom[i] = a - base;
        lines.levelTo[i] = e - base;
      } else lines.refName.push(part);
    }
    first = false;
    if (to >= stop) break;
    from = to + 1;
  }
  lines.refFirst[i] = refFirst;
  lines.refCount[i] = lines.refName.length - refFirst;
  return nextComma;
}

/**
 * The loggers of a log4j 1 properties file as rows, in the order of their main entries
 * (model.loggers order), made from the Log4j1Lines of the entries log4j reads. Every additivity
 * line has a row: whether it joins a logger line of its name or is a logger of its own is looked
 * up when something asks (`additivityOwn`, `loggers`); what validation needs of the others is
 * in the rows. model.loggers is made from the rows when first read.
 */
export class Log4j1Index {
  declare readonly props: PropertiesTable;
  declare readonly lines: Log4j1Lines;
  declare readonly text: string;
  /** Number of rows. */
  declare count: number;
  /** Per row: the entry row of its main line (the logger line; an additivity row's additivity line): its kind, name and appenders. */
  declare main: Int32Array;
  /** Per row: the entry row its level is read from (-1: no level; another than main when a later line of the logger gave none). */
  declare levelEntry: Int32Array;
  /** Per row: the entry row of the additivity line joined to it, -1 when none (or not looked up: see looked). */
  declare additivity: Int32Array;
  /** Per row: the length of its name (0 for the root). */
  declare nameLen: Int32Array;
  /** Per row: an additivity row: 0 not looked up, 1 a logger of its own, 2 joined to a logger line; another row: 1 when `additivity` is looked up. */
  declare looked: Uint8Array;
  /** Where the root's name is (the key of the first root line: a later one takes the root over but not its name), -1 without a root. */
  declare rootNameFrom: number;
  declare rootNameTo: number;
  /** The entry rows of the appender lines and of the keys outside `log4j.` that log4j reads (not overridden), in file order (found by build). */
  declare appenderAndOtherRows: number[];
  /** Every additivity row is looked up. */
  declare private joined: boolean;
  declare private made: (Log4j1Logger | undefined)[] | undefined;
  declare private all: Log4j1Logger[] | undefined;
  constructor(props: PropertiesTable, lines: Log4j1Lines) {
    this.props = props;
    this.lines = lines;
    this.text = props.text;
    this.count = 0;
    // (No more rows than entries.)
    const cap = props.count;
    this.main = new Int32Array(cap);
    // (-1 until build gives a row a level or additivity line: most rows have one of the two only.)
    this.levelEntry = new Int32Array(cap).fill(-1);
    this.additivity = new Int32Array(cap).fill(-1);
    this.nameLen = new Int32Array(cap);
    this.looked = new Uint8Array(cap);
    this.rootNameFrom = -1;
    this.rootNameTo = -1;
    this.appenderAndOtherRows = [];
    this.joined = false;
    this.made = undefined;
    this.all = undefined;
  }

  /**
   * The rows of the entries log4j reads, in file order: a logger or category line makes a logger
   * (both for one name make one, shown at the later line), the first root line the root (a later
   * rootLogger line takes it over, a later rootCategory line is ignored), an additivity line a row.
   * A line takes over its logger's level when its first part is not empty, and its appenders
   * (PropertyConfigurator.parseCategory).
   */
  build(): void {
    const t = this.props;
    const lines = this.lines;
    const kind = lines.kind;
    const levelFrom = lines.levelFrom;
    const flags = t.flags;
    const start = t.start;
    const keyEnd = t.keyEnd;
    const prefixLen = KIND_PREFIX_LENGTH;
    const main = this.main;
    const levelEntry = this.levelEntry;
    const additivity = this.additivity;
    const nameLen = this.nameLen;
    const n = t.count;
    // Loggers by name, only when the file may give a name on both a logger and a category line.
    const byName = this.text.indexOf('log4j.category.') >= 0 || complexCategoryKey(t) ? new Map<string, number>() : undefined;
    let root = -1;
    let li = 0;
    let moved = false; // a later line took a logger over (the rows may be out of order)
    let complex = false; // a row's main line has escapes or continuations (its name's length is the unescaped one's)
    const others = this.appenderAndOtherRows;
    for (let i = 0; i < n; i++) {
      const k = kind[i];
      const f = flags[i];
      if ((f & OVERRIDDEN) !== 0) continue; // (an overridden line: log4j never sees it, duplicate-key reports it)
      if (k > K_ADDITIVITY) {
        if (k !== K_LOG4J_OTHER) others.push(i);
        continue;
      }
      if (k === K_ADDITIVITY || (k <= K_CATEGORY && byName === undefined)) {
        main[li] = i;
        if (k === K_ADDITIVITY) additivity[li] = i;
        else if (levelFrom[i] >= 0) levelEntry[li] = i;
        const len = keyEnd[i] - start[i] - prefixLen[k];
        nameLen[li] = len > 0 ? len : 0;
        if (f !== 0) complex = true; // (COMPLEX: not OVERRIDDEN here)
        li++;
      } else if (k <= K_CATEGORY) {
        const name = keySlice(t, i, prefixLen[k]);
        const other = byName!.get(name);
        if (other === undefined) {
          byName!.set(name, li);
          main[li] = i;
          if (levelFrom[i] >= 0) levelEntry[li] = i;
          nameLen[li] = name.length;
          li++;
        } else {
          // log4j.logger.x and log4j.category.x both given: PropertyConfigurator applies both (in
          // Hashtable order, i.e. unpredictably); keep the later line as the one shown.
          main[other] = i;
          if (levelFrom[i] >= 0) levelEntry[other] = i;
          moved = true;
        }
      } else if (root < 0) {
        root = li;
        this.rootNameFrom = start[i];
        this.rootNameTo = keyEnd[i];
        main[li] = i;
        if (levelFrom[i] >= 0) levelEntry[li] = i;
        li++;
      } else if (k === K_ROOT_LOGGER) {
        // Both rootLogger and rootCategory: log4j reads rootLogger first, then rootCategory only when rootLogger is absent.
        main[root] = i;
        if (levelFrom[i] >= 0) levelEntry[root] = i;
        moved = true;
      }
    }
    this.count = li;
    if (complex) for (let r = 0; r < li; r++) if ((flags[main[r]] & COMPLEX) !== 0 && !this.isRoot(r)) nameLen[r] = this.name(r).length;
    if (moved) this.sortByMain();
  }

  /** Puts the rows in the order of their main entries (after a later line took a logger over). */
  private sortByMain(): void {
    const n = this.count;
    const main = this.main;
    let sorted = true;
    for (let i = 1; i < n && sorted; i++) sorted = main[i - 1] < main[i];
    if (sorted) return;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => main[a] - main[b]);
    const perm = <T extends Int32Array | Uint8Array>(col: T): T => {
      const c = col.slice() as T;
      for (let i = 0; i < n; i++) c[i] = col[order[i]];
      return c;
    };
    this.main = perm(this.main);
    this.levelEntry = perm(this.levelEntry);
    this.additivity = perm(this.additivity);
    this.nameLen = perm(this.nameLen);
  }

  /** The kind of row li's main line (K_LOGGER ... K_ADDITIVITY). */
  kind(li: number): number {
    return this.lines.kind[this.main[li]];
  }

  isRoot(li: number): boolean {
    const k = this.lines.kind[this.main[li]];
    return k === K_ROOT_LOGGER || k === K_ROOT_CATEGORY;
  }

  /** Row li is an additivity line (a logger of its own, or joined to a logger line: see additivityOwn). */
  isAdditivity(li: number): boolean {
    return this.lines.kind[this.main[li]] === K_ADDITIVITY;
  }

  /** Additivity row li is a logger of its own: no logger or category line has its name (looked up once). */
  additivityOwn(li: number): boolean {
    if (this.looked[li] === 0) {
      const name = this.name(li);
      const keys = this.props.keys;
      if (keys) this.looked[li] = keys.has(KIND_PREFIX[K_LOGGER] + name) || keys.has(KIND_PREFIX[K_CATEGORY] + name) ? 2 : 1;
      else this.join(); // (the keys went to the table of a later version)
    }
    return this.looked[li] === 1;
  }

  /** Row li is a logger of model.loggers (every row but an additivity line joined to a logger line). */
  isLogger(li: number): boolean {
    return !this.isAdditivity(li) || this.additivityOwn(li);
  }

  /** The entry row of the additivity line of logger row li (a logger or category line), -1 when none: the additivity row of its name. */
  private additivityOf(li: number): number {
    if (this.looked[li] !== 0) return this.additivity[li];
    this.looked[li] = 1;
    const name = this.name(li);
    const t = this.props;
    const key = KIND_PREFIX[K_ADDITIVITY] + name;
    if (t.keys && !t.keys.has(key)) return -1; // (no line has that key)
    let r = -1;
    if (t.complex.size === 0) {
      // Every key is written as it is: the additivity line is where the text holds its key (the one line log4j reads).
      const text = this.text;
      for (let at = text.indexOf(key); at >= 0 && r < 0; at = text.indexOf(key, at + 1)) {
        const i = t.rowAt(at);
        if (i >= 0 && t.start[i] === at && t.keyEnd[i] - at === key.length && this.lines.kind[i] === K_ADDITIVITY) r = this.rowOf(i);
      }
    } else {
      const len = name.length;
      const main = this.main;
      const kind = this.lines.kind;
      const nameLen = this.nameLen;
      for (let q = 0; q < this.count && r < 0; q++) if (nameLen[q] === len && kind[main[q]] === K_ADDITIVITY && this.name(q) === name) r = q;
    }
    if (r >= 0) {
      this.additivity[li] = this.main[r];
      this.looked[r] = 2;
    }
    return this.additivity[li];
  }

  /** The row whose main line is entry row i, -1 when none (an overridden line; the rows are in the order of their main lines). */
  rowOf(i: number): number {
    const lo = lowerBound(this.main, this.count, i);
    return lo < this.count && this.main[lo] === i ? lo : -1;
  }

  /**
   * Looks every additivity row up: joined to the logger of its name, or a logger of its own. The
   * key set tells which (no name is made for a logger line); the logger rows of the joined ones are
   * found by name among the logger rows of those names' lengths.
   */
  private join(): void {
    if (this.joined) return;
    this.joined = true;
    const keys = this.props.keys;
    const main = this.main;
    const kind = this.lines.kind;
    const nameLen = this.nameLen;
    // The lengths of the joined additivity rows' names (only loggers of those lengths are named).
    let lengths: Set<number> | undefined;
    for (let r = 0; r < this.count; r++) {
      if (kind[main[r]] !== K_ADDITIVITY || this.looked[r] === 1) continue;
      if (this.looked[r] === 0 && keys) {
        const name = this.name(r);
        this.looked[r] = keys.has(KIND_PREFIX[K_LOGGER] + name) || keys.has(KIND_PREFIX[K_CATEGORY] + name) ? 2 : 1;
        if (this.looked[r] === 1) continue;
      }
      (lengths ??= new Set()).add(nameLen[r]);
    }
    if (!lengths) return;
    const byName = new Map<string, number>();
    for (let li = 0; li < this.count; li++) {
      const k = kind[main[li]];
      if ((k === K_LOGGER || k === K_CATEGORY) && lengths.has(nameLen[li])) byName.set(this.name(li), li);
    }
    for (let r = 0; r < this.count; r++) {
      if (kind[main[r]] !== K_ADDITIVITY || this.looked[r] === 1) continue;
      const li = byName.get(this.name(r));
      if (li === undefined) this.looked[r] = 1;
      else {
        this.looked[r] = 2;
        this.additivity[li] = main[r];
        this.looked[li] = 1;
      }
    }
    // Every other logger row has no additivity line.
    for (let li = 0; li < this.count; li++) {
      const k = kind[main[li]];
      if (k !== K_ADDITIVITY && this.looked[li] === 0) this.looked[li] = 1;
    }
  }

  /** Where logger li's name is written. */
  nameFrom(li: number): number {
    if (this.isRoot(li)) return this.rootNameFrom;
    const m = this.main[li];
    const s = this.props.start[m];
    return s + Math.min(KIND_PREFIX[this.lines.kind[m]].length, this.props.keyEnd[m] - s);
  }

  nameTo(li: number): number {
    return this.isRoot(li) ? this.rootNameTo : this.props.keyEnd[this.main[li]];
  }

  /** Logger li's name ('' for the root). */
  name(li: number): string {
    if (this.isRoot(li)) return '';
    const m = this.main[li];
    const c = this.props.complexAt(m);
    return c ? c.key.slice(Math.min(KIND_PREFIX[this.lines.kind[m]].length, c.key.length)) : this.text.slice(this.nameFrom(li), this.nameTo(li));
  }

  /** The length of logger li's name, without making the name. */
  nameLength(li: number): number {
    return this.nameLen[li];
  }

  /** The LoggerDecl of row li (the same object every time). */
  logger(li: number): Log4j1Logger {
    const made = (this.made ??= new Array<Log4j1Logger | undefined>(this.count));
    return (made[li] ??= new Log4j1Logger(this, li));
  }

  /** The entry row of row li's additivity line (its own for an additivity row, the joined one for a logger or category line), -1 when none. */
  additivityEntryOf(li: number): number {
    const k = this.kind(li);
    return k === K_LOGGER || k === K_CATEGORY ? this.additivityOf(li) : this.additivity[li];
  }

  /** model.loggers: every row but the additivity lines joined to a logger line, in order (one array, made once). */
  loggers(): Log4j1Logger[] {
    let all = this.all;
    if (!all) {
      this.join();
      all = [];
      const main = this.main;
      const kind = this.lines.kind;
      for (let li = 0; li < this.count; li++) if (kind[main[li]] !== K_ADDITIVITY || this.looked[li] === 1) all.push(this.logger(li));
      this.all = all;
    }
    return all;
  }
}


/** The columns of a log4j 1 properties model (undefined for a model of another syntax, or one built otherwise). */
const log4j1Indexes = new WeakMap<ConfigModel, Log4j1Index>();

/** The logger index of a log4j 1 properties model made by buildModel, if any. */
export function log4j1IndexOf(model: ConfigModel): Log4j1Index | undefined {
  return log4j1Indexes.get(model);
}

/**
 * With `previous`, the index of a model of an earlier version of the same document: the rows of
 * the lines outside the changed text are taken over from it (the result is the same as without).
 */
function buildLog4j1Properties(model: ConfigModel, previous?: Log4j1Index): void {
  const text = model.text;
  const t = scanProperties(text, previous?.props);
  model.errors.push(...t.errors);
  const lines = readLines(t, previous?.lines);
  const x = new Log4j1Index(t, lines);
  x.build();
  log4j1Indexes.set(model, x);
  // Appenders and foreign keys from their lines (the other entries are not made; build found the rows).
  const appendersByName = new Map<string, AppenderDecl>();
  for (const i of x.appenderAndOtherRows) {
    if (lines.kind[i] === K_APPENDER) appenderLine(model, appendersByName, t.entry(i));
    else foreignLine(model, t, i);
  }
  // The entries, comments and loggers are made when first read.
  lazy(model, 'properties', () => t.entries());
  lazy(model, 'comments', () => t.comments());
  lazy(model, 'loggers', () => x.loggers());
  propertyLookups(model, t);
}

/** model[key] made by `make` when first read (an assignment replaces it). */
function lazy<K extends 'properties' | 'comments' | 'loggers'>(model: ConfigModel, key: K, make: () => NonNullable<ConfigModel[K]>): void {
  let value: ConfigModel[K] | undefined;
  Object.defineProperty(model, key, {
    get: () => (value ??= make()),
    set: (v: ConfigModel[K]) => void (value = v),
    enumerable: true,
    configurable: true,
  });
}

/** Some entry with escapes or continuations has a log4j.category key (the text need not hold one as written). */
function complexCategoryKey(t: PropertiesTable): boolean {
  for (const e of t.complex.values()) if (e.key.startsWith('log4j.category.')) return true;
  return false;
}

/** key.slice(from) of entry i, made from the text for a simple line. */
function keySlice(t: PropertiesTable, i: number, from: number): string {
  const c = t.complexAt(i);
  if (c) return c.key.slice(from);
  const s = t.start[i];
  return t.text.slice(s + Math.min(from, t.keyEnd[i] - s), t.keyEnd[i]);
}

/** A key outside `log4j.`: a log4j 2 key is foreign syntax. */
function foreignLine(model: ConfigModel, t: PropertiesTable, i: number): void {
  const key = t.key(i);
  if (isLog4j2Key(key)) model.foreign.push({ kind: 'log4j2-in-log4j1', span: t.entry(i).keySpan, text: key });
}

function appenderLine(model: ConfigModel, appendersByName: Map<string, AppenderDecl>, e: PropertyEntry): void {
  const text = model.text;
  const rest = e.key.slice(APPENDER_PREFIX.length);
  const dot = rest.indexOf('.');
  const name = dot < 0 ? rest : rest.slice(0, dot);
  const sub = dot < 0 ? '' : rest.slice(dot + 1);
  const nameStart = e.keySpan.start + APPENDER_PREFIX.length;
  const nameSpan = span(nameStart, Math.min(e.keySpan.end, nameStart + name.length));
  let decl = appendersByName.get(name);
  if (!decl) {
    decl = { name, nameSpan, settings: new Map(), span: span(e.span.start, e.span.end), entries: [] };
    appendersByName.set(name, decl);
    model.appenders.push(decl);
  }
  decl.entries!.push(e);
  // The appender's own span object (never an entry's): widened in place.
  if (e.span.start < decl.span.start) decl.span.start = e.span.start;
  if (e.span.end > decl.span.end) decl.span.end = e.span.end;
  const tv = trimmedValue(text, e);
  const located: Located = { value: tv.text, span: tv.span };
  const lsub = sub.toLowerCase();
  if (sub === '') {
    decl.type = located;
    decl.nameSpan = nameSpan;
  } else if (lsub === 'layout') decl.layout = located;
  else if (lsub === 'layout.conversionpattern') decl.pattern = located;
  else if (lsub === 'file') decl.file = located;
  if (sub !== '') decl.settings.set(lsub, located);
}

/**
 * `${...}` in every value of a properties file. A value written verbatim in the text is read only
 * when the text holds a `${` inside it (found by one forward scan of the text); the others always.
 */
function propertyLookups(model: ConfigModel, t?: PropertiesTable): void {
  const text = model.text;
  if (t) {
    // The entries whose value holds a `${` (found with indexOf in the text for simple lines).
    for (const k of t.rowsHolding('${')) lookupsIn(model, t.entry(k));
    return;
  }
  const entries = model.properties ?? [];
  let next = -1;
  for (let k = 0; k < entries.length; k++) {
    const e = entries[k];
    const vs = verbatimValueStart(e);
    if (vs >= 0) {
      if (next < vs) next = indexOr(text, '${', vs, text.length);
      if (next + 2 > verbatimValueEnd(e)) continue;
    }
    lookupsIn(model, e);
  }
}

/** The `${...}` lookups of one entry's value. */
function lookupsIn(model: ConfigModel, e: PropertyEntry): void {
  const v = e.value;
  let i = v.indexOf('${');
  while (i >= 0) {
    const end = matchLookupEnd(v, i);
    const stop = end < 0 ? v.length : end + 1;
    model.lookups.push({ expression: v.slice(i + 2, end < 0 ? v.length : end), span: valueRange(model.text, e, i, stop) });
    i = v.indexOf('${', stop);
  }
}

/** Index of the `}` closing the `${` at i (nested `${` counted), or -1. */
function matchLookupEnd(s: string, i: number): number {
  let depth = 0;
  for (let k = i; k < s.length; k++) {
    if (s.charCodeAt(k) === 0x24 && s.charCodeAt(k + 1) === 0x7b) {
      depth++;
      k++;
    } else if (s.charCodeAt(k) === 0x7d) {
      depth--;
      if (depth === 0) return k;
    }
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------
// XML (log4j 1 DOMConfigurator and log4j 2 XmlConfiguration)

function located(a: { value?: string; valueSpan?: Span } | undefined): Located | undefined {
  if (!a || a.value === undefined || !a.valueSpan) return undefined;
  return { value: a.value, span: a.valueSpan };
}

/** log4j 1 element names that mean nothing in a log4j2.xml, and the other way round (local names). */
const LOG4J1_ELEMENTS = new Set(['appender-ref', 'param', 'priority', 'category']);
const LOG4J2_ELEMENTS = new Set(['appenders', 'loggers', 'appenderref', 'asynclogger']);

function buildXml(model: ConfigModel): void {
  const text = model.text;
  const doc: XmlDocument = parseXml(text);
  model.xml = doc;
  model.comments = doc.comments;
  model.errors.push(...doc.errors);
  const v2 = model.syntax === 'log4j2-xml';
  // Start tags in document order, collected only when a log4j 1 line shows up in a log4j2.xml.
  let startTags: Span[] | undefined;

  for (const el of walk(doc.roots)) {
    const ln = localName(el);
    const parentName = el.parent ? localName(el.parent) : '';
    if (v2) {
      if (parentName === 'appenders') xmlAppender2(model, el);
      else if (parentName === 'loggers') xmlLogger(model, el, true);
      else if (LOG4J1_ELEMENTS.has(ln) || el.name === 'log4j:configuration') {
        model.foreign.push({ kind: 'log4j1-in-log4j2', span: el.nameSpan, text: `<${el.name}>` });
      }
    } else {
      if (ln === 'appender' && el.parent && !el.parent.parent) xmlAppender1(model, el);
      else if ((ln === 'logger' || ln === 'category' || ln === 'root') && el.parent && !el.parent.parent) xmlLogger(model, el, false);
      else if (LOG4J2_ELEMENTS.has(ln) || (ln === 'configuration' && !el.parent && el.name !== 'log4j:configuration' && el.name !== 'configuration')) {
        model.foreign.push({ kind: 'log4j2-in-log4j1', span: el.nameSpan, text: `<${el.name}>` });
      }
    }
  }

  // Lookups anywhere outside comments; log4j 1 properties lines pasted as XML text.
  const comments = doc.comments;
  let ci = 0;
  const inComment = (off: number): boolean => {
    while (ci < comments.length && comments[ci].span.end <= off) ci++;
    return ci < comments.length && comments[ci].span.start <= off;
  };
  // Attribute values in document order (the scanner makes elements and attributes in text order and
  // walk() lists them so), read through a cursor that only moves forward: no list of them is made.
  const all = walk(doc.roots);
  let ei = 0;
  let ai = 0;
  let i = text.indexOf('${');
  while (i >= 0) {
    if (inComment(i)) {
      i = text.indexOf('${', comments[ci].span.end);
      continue;
    }
    const end = matchLookupEnd(text, i);
    // A lookup never leaves its attribute value (stops at the value's closing quote, so the other
    // quote inside it is kept: `${date:'j'}` in `"..."`) nor spans a tag boundary or a line.
    let stop = end < 0 ? text.length : end + 1;
    // The first value (in document order) that does not end before the lookup: it holds it when it starts at or before it.
    let vStart = -1;
    let vEnd = -1;
    while (ei < all.length) {
      const attrs = all[ei].attributes;
      if (ai >= attrs.length) {
        ei++;
        ai = 0;
        continue;
      }
      const a = attrs[ai];
      const s = valueStartOf(a);
      if (s < 0 || valueEndOf(a) < i) {
        ai++;
        continue;
      }
      vStart = s;
      vEnd = valueEndOf(a);
      break;
    }
    if (vStart >= 0 && vStart <= i && vEnd < stop) stop = vEnd;
    const cut = text.slice(i, stop).search(/[<>\n]/);
    if (cut >= 0) stop = i + cut;
    const expr = text.slice(i + 2, end >= 0 && stop === end + 1 ? end : stop);
    model.lookups.push({ expression: decodeXml(expr), span: span(i, stop) });
    i = text.indexOf('${', Math.max(stop, i + 2));
  }
  if (v2) {
    ci = 0;
    let t = 0;
    const re = /^[ \t]*(log4j\.[A-Za-z0-9_.$-]+)[ \t]*[=:]/gm;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      const off = m.index + m[0].indexOf('log4j.');
      if (inComment(off)) continue;
      startTags ??= walk(doc.roots).map((el) => el.startTagSpan);
      while (t < startTags.length && startTags[t].end <= off) t++;
      if (t < startTags.length && startTags[t].start <= off) continue;
      const lineEnd = text.slice(off).search(/\r|\n|$/);
      model.foreign.push({ kind: 'log4j1-in-log4j2', span: span(off, off + lineEnd), text: m[1] });
    }
    model.foreign.sort((a, b) => a.span.start - b.span.start);
  }
}

function decodeXml(s: string): string {
  return s.indexOf('&') < 0 ? s : s.replace(/&(lt|gt|amp|quot|apos);/g, (_, n: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[n] ?? _);
}

function xmlLogger(model: ConfigModel, el: XmlElement, v2: boolean): void {
  const ln = localName(el);
  const isRoot = ln === 'root' || ln === 'asyncroot';
  const isLogger = ln === 'logger' || ln === 'asynclogger' || (!v2 && ln === 'category');
  if (!isRoot && !isLogger) return;
  const nameAttr = attr(el, 'name');
  if (!isRoot && (!nameAttr || nameAttr.value === undefined || nameAttr.value.trim() === '')) {
    model.incomplete.push({
      what: 'logger',
      message: v2
        ? `No name attribute provided for Logger: log4j 2 rejects this <${el.name}>. Add name="...".`
        : `<${el.name}> has no name attribute: log4j 1 cannot configure it. Add name="...".`,
      span: el.nameSpan,
    });
    if (!nameAttr?.valueSpan) return;
  }
  const decl: LoggerDecl = {
    name: isRoot ? '' : nameAttr?.value ?? '',
    isRoot,
    nameSpan: isRoot ? el.nameSpan : nameAttr?.valueSpan,
    appenderRefs: [],
    span: el.span,
    element: el,
  };
  const lvl = attr(el, 'level');
  if (lvl?.valueSpan && lvl.value !== undefined) decl.level = { raw: lvl.value, span: lvl.valueSpan };
  const add = located(attr(el, 'additivity'));
  if (add) decl.additivity = add;
  for (const c of el.children) {
    const cn = localName(c);
    if (v2 ? cn === 'appenderref' : cn === 'appender-ref') {
      const ref = attr(c, 'ref');
      if (!ref || ref.value === undefined || ref.value.trim() === '') {
        model.incomplete.push({
          what: 'appender-ref',
          message: v2
            ? `No ref attribute provided for AppenderRef: log4j 2 rejects it. Add ref="..." naming an appender.`
            : `<${c.name}> has no ref attribute: add ref="..." naming an appender.`,
          span: c.nameSpan,
        });
        continue;
      }
      decl.appenderRefs.push({ name: ref.value.trim(), span: ref.valueSpan! });
    } else if (!v2 && (cn === 'level' || cn === 'priority')) {
      const val = attr(c, 'value');
      if (val?.valueSpan && val.value !== undefined) decl.level = { raw: val.value, span: val.valueSpan };
    }
  }
  if (decl.appenderRefs.length) decl.appenderRefs = decl.appenderRefs.slice(); // exact size (push leaves spare room)
  model.loggers.push(decl);
}

function xmlAppender2(model: ConfigModel, el: XmlElement): void {
  const nameAttr = attr(el, 'name');
  const typeAttr = localName(el) === 'appender' ? attr(el, 'type') : undefined;
  if (!nameAttr || nameAttr.value === undefined || nameAttr.value.trim() === '') {
    model.incomplete.push({
      what: 'appender',
      message: `No name attribute provided for Appender <${el.name}>: log4j 2 cannot create it, and no AppenderRef can point at it. Add name="...".`,
      span: el.nameSpan,
    });
    return;
  }
  const decl: AppenderDecl = {
    name: nameAttr.value,
    nameSpan: nameAttr.valueSpan!,
    type: located(typeAttr) ?? { value: el.name, span: el.nameSpan },
    settings: new Map(),
    span: el.span,
    element: el,
  };
  for (const a of el.attributes) {
    const l = located(a);
    if (!l) continue;
    decl.settings.set(a.name.toLowerCase(), l);
  }
  decl.file = decl.settings.get('filename');
  for (const c of el.children) {
    const cn = localName(c);
    if (cn.endsWith('layout') || (cn === 'layout' && attr(c, 'type'))) {
      decl.layout = cn === 'layout' ? located(attr(c, 'type')) : { value: c.name, span: c.nameSpan };
      const p = located(attr(c, 'pattern'));
      if (p) decl.pattern = p;
    }
  }
  model.appenders.push(decl);
}

function xmlAppender1(model: ConfigModel, el: XmlElement): void {
  const nameAttr = attr(el, 'name');
  if (!nameAttr || nameAttr.value === undefined || nameAttr.value.trim() === '') {
    model.incomplete.push({
      what: 'appender',
      message: `<${el.name}> has no name attribute: no appender-ref can point at it. Add name="...".`,
      span: el.nameSpan,
    });
    return;
  }
  const decl: AppenderDecl = {
    name: nameAttr.value,
    nameSpan: nameAttr.valueSpan!,
    type: located(attr(el, 'class')),
    settings: new Map(),
    span: el.span,
    element: el,
  };
  for (const c of el.children) {
    const cn = localName(c);
    if (cn === 'param') {
      const n = attr(c, 'name')?.value;
      const v = located(attr(c, 'value'));
      if (n && v) {
        decl.settings.set(n.toLowerCase(), v);
        if (n.toLowerCase() === 'file') decl.file = v;
      }
    } else if (cn === 'layout') {
      decl.layout = located(attr(c, 'class'));
      for (const p of c.children) {
        if (localName(p) === 'param' && attr(p, 'name')?.value?.toLowerCase() === 'conversionpattern') {
          const v = located(attr(p, 'value'));
          if (v) decl.pattern = v;
        }
      }
    }
  }
  model.appenders.push(decl);
}

// ---------------------------------------------------------------------------------------------
// Product

/** Jira or Confluence, from appender names/classes and logger names in the file (never assumed). */
export function detectProduct(model: ConfigModel): Product {
  let jira = 0;
  let confluence = 0;
  for (const a of model.appenders) {
    const n = a.name.toLowerCase();
    const t = a.type?.value ?? '';
    if (n === 'securitylog') jira += 2;
    else if (n === 'filelog') jira += 1;
    if (t.includes('JiraHomeAppender') || t.startsWith('com.atlassian.jira.')) jira += 2;
    if (n === 'confluencelog') confluence += 2;
    if (t.includes('ConfluenceHomeLogAppender') || t.startsWith('com.atlassian.confluence.')) confluence += 2;
  }
  const x = log4j1IndexOf(model);
  const counts = x ? atlassianRows(x) : atlassianLoggers(model.loggers);
  jira += counts & 3;
  confluence += counts >> 2;
  if (jira > confluence) return 'jira';
  if (confluence > jira) return 'confluence';
  return 'unknown';
}

/**
 * How many loggers are named com.atlassian.jira... and com.atlassian.confluence..., each capped
 * at 3, as jira + 4 * confluence. A function of its own, whose loop returns its one variable: the
 * loop over every logger is optimised on stack while it runs the first time, and code after it
 * (compiled before it ever ran) would send every later analysis back to the interpreter there.
 */
function atlassianLoggers(loggers: LoggerDecl[]): number {
  let counts = 0;
  for (let i = 0; i < loggers.length; i++) {
    const n = loggers[i].name;
    if (n.length < 18 || n.charCodeAt(4) !== 0x61 /* a */ || !n.startsWith('com.atlassian.')) continue;
    if (n.startsWith('com.atlassian.jira')) {
      if ((counts & 3) < 3) counts += 1;
    } else if (n.startsWith('com.atlassian.confluence')) {
      if (counts < 12) counts += 4;
    }
    if (counts === 15) break; // both capped
  }
  return counts;
}

/**
 * atlassianLoggers over the rows of a logger index: for each of the two prefixes, the names of
 * simple lines are found where the text holds the prefix (indexOf over the text, each hit's row
 * found by binary search: no loop over every logger), those of lines with escapes or
 * continuations among those lines; each search stops at its third logger.
 */
function atlassianRows(x: Log4j1Index): number {
  return loggersNamed(x, 'com.atlassian.jira') + 4 * loggersNamed(x, 'com.atlassian.confluence');
}

/** How many loggers (at most 3) of a log4j 1 index have a name starting with `prefix` (which holds no character that ends a key). */
function loggersNamed(x: Log4j1Index, prefix: string): number {
  const t = x.props;
  const text = x.text;
  const kind = x.lines.kind;
  let n = 0;
  for (let at = text.indexOf(prefix); at >= 0 && n < 3; at = text.indexOf(prefix, at + 1)) {
    const i = t.rowAt(at);
    if (i < 0 || (t.flags[i] & COMPLEX) !== 0) continue;
    const k = kind[i];
    // A logger's name starts right after its key's prefix and ends the key.
    if (k > K_ADDITIVITY || k === K_ROOT_LOGGER || k === K_ROOT_CATEGORY || at !== t.start[i] + KIND_PREFIX_LENGTH[k] || t.keyEnd[i] - at < prefix.length) continue;
    const li = x.rowOf(i);
    if (li >= 0 && x.isLogger(li)) n++; // (an additivity line of a logger line's name is the same logger)
  }
  if (t.complex.size === 0) return n;
  for (const i of t.complex.keys()) {
    if (n >= 3) break;
    const li = x.rowOf(i);
    if (li >= 0 && !x.isRoot(li) && x.name(li).startsWith(prefix) && x.isLogger(li)) n++;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// Insertion points

const securityHeaderRe = /^#+[ \t]*Security logs[ \t]*#*[ \t]*$/i;
const sectionRuleRe = /^#{5,}[ \t]*$|^#[ \t]*-{3,}/;

function computeInsertion(model: ConfigModel): ConfigModel['insertion'] {
  const text = model.text;
  const out: ConfigModel['insertion'] = { end: text.length };
  const x = log4j1IndexOf(model);
  if (x) {
    // The comments' offsets in the table (a comment object is made for the header only).
    const t = x.props;
    let header: Comment | undefined;
    for (let k = 0; k < t.commentCount && !header; k++) {
      const a = t.commentStart[k];
      const e = t.commentEnd[k];
      if (mayBeSecurityHeader(text, a, e) && securityHeaderRe.test(text.slice(a, e))) header = t.comment(k);
    }
    if (header) sectionEnd(out, text, header);
  } else if (model.syntax.endsWith('properties')) {
    const header = model.comments.find((c) => {
      // Comments kept as offsets are tested in the text (their text is made only for a likely header).
      const a = commentStartOf(c);
      const likely = a >= 0 ? mayBeSecurityHeader(text, a, commentEndOf(c)) : mayBeSecurityHeader(c.text, 0, c.text.length);
      return likely && securityHeaderRe.test(c.text);
    });
    if (header) sectionEnd(out, text, header);
  }
  if (model.xml) {
    const root = model.xml.roots[0];
    const loggers = root?.children.find((c) => localName(c) === 'loggers');
    if (loggers && loggers.closed && loggers.contentSpan) {
      const close = loggers.contentSpan.end;
      let ls = close;
      while (ls > 0 && (text[ls - 1] === ' ' || text[ls - 1] === '\t')) ls--;
      out.xmlLoggers = ls === 0 || text[ls - 1] === '\n' || text[ls - 1] === '\r' ? ls : close;
    }
  }
  return out;
}

/**
 * out.securitySection: the end of the section the header opens, found by reading the lines after
 * the header (up to the whole rest of a big file) only when an edit asks for it.
 */
function sectionEnd(out: ConfigModel['insertion'], text: string, header: Comment): void {
  let end: number | undefined;
  Object.defineProperty(out, 'securitySection', {
    get: () => (end ??= endOfSection(text, header)),
    set: (v: number) => void (end = v),
    enumerable: true,
    configurable: true,
  });
}

/** A cheap test securityHeaderRe needs to pass: `#`s, blanks, then an `s` (the regex's /i folds only ASCII here). */
function mayBeSecurityHeader(t: string, from: number, to: number): boolean {
  let i = from;
  while (i < to && t.charCodeAt(i) === 0x23) i++;
  if (i === from) return false;
  while (i < to && (t.charCodeAt(i) === 0x20 || t.charCodeAt(i) === 0x09)) i++;
  const c = i < to ? t.charCodeAt(i) : -1;
  return c === 0x53 || c === 0x73;
}

/** What String.prototype.trim removes (WhiteSpace and LineTerminator of ECMAScript). */
function isJsSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** A trimmed comment line that sectionRuleRe may match: `##...` or `#` blanks `-` (the regex decides). */
function mayBeSectionRule(text: string, a: number, b: number): boolean {
  let j = a + 1;
  if (j < b && text.charCodeAt(j) === 0x23) return true;
  while (j < b && (text.charCodeAt(j) === 0x20 || text.charCodeAt(j) === 0x09)) j++;
  return j < b && text.charCodeAt(j) === 0x2d;
}

/**
 * The end of the section a `# Security logs` header opens: the offset just after the line break
 * of the last non-comment line before the next section rule (`#####`, `#----`) or a gap of two
 * blank lines. When the section has no entry yet: just after the header's decoration.
 * One pass over the lines after the header, no copies of them.
 */
function endOfSection(text: string, header: Comment): number {
  const len = text.length;
  let pos = lineEnd(text, header.span.end);
  // Skip the decoration right under the header (`#####...`).
  let after = pos;
  for (;;) {
    const e = lineEndNoBreak(text, after);
    const line = text.slice(after, e).trim();
    if (after < len && /^#{3,}$/.test(line)) {
      after = lineEnd(text, after);
      continue;
    }
    break;
  }
  pos = after;
  let last = -1;
  let blanks = 0;
  let nextLF = -1;
  let nextCR = -1;
  while (pos < len) {
    // The line [pos, e) and the start of the next one, from line breaks found with indexOf.
    if (nextLF < pos) nextLF = indexOr(text, '\n', pos, len);
    if (nextCR < pos) nextCR = indexOr(text, '\r', pos, len);
    const e = nextLF < nextCR ? nextLF : nextCR;
    const next = e >= len ? e : text.charCodeAt(e) === 0x0d && text.charCodeAt(e + 1) === 0x0a ? e + 2 : e + 1;
    let a = pos;
    let b = e;
    while (a < b && isJsSpace(text.charCodeAt(a))) a++;
    while (b > a && isJsSpace(text.charCodeAt(b - 1))) b--;
    if (a === b) {
      blanks++;
      if (blanks >= 2 && last >= 0) break;
    } else {
      blanks = 0;
      const c = text.charCodeAt(a);
      if (c === 0x23 || c === 0x21) {
        if (c === 0x23 && mayBeSectionRule(text, a, b) && sectionRuleRe.test(text.slice(a, b))) break;
      } else last = next;
    }
    pos = next;
  }
  return last >= 0 ? last : after;
}

/** text.indexOf(ch, from), or `none` when absent. */
function indexOr(text: string, ch: string, from: number, none: number): number {
  const i = text.indexOf(ch, from);
  return i < 0 ? none : i;
}

function lineEndNoBreak(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) break;
    i++;
  }
  return i;
}

/** Offset after the line break of the line containing `from`. */
function lineEnd(text: string, from: number): number {
  const i = lineEndNoBreak(text, from);
  if (i >= text.length) return i;
  return text.charCodeAt(i) === 0x0d && text.charCodeAt(i + 1) === 0x0a ? i + 2 : i + 1;
}
