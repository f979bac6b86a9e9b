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
import { commentEndOf, commentStartOf, keyEndOf, keySliceOf, keyStartOf, parseProperties, trimmedValue, valueRange, verbatimValueEnd, verbatimValueStart } from './properties';
import { buildLog4j2Properties, isLog4j2Key } from './properties2';
import { attr, localName, parseXml, valueEndOf, valueStartOf, walk } from './xml';

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

/** Parses the text in the given syntax into the shared model. Never throws. */
export function buildModel(text: string, syntax: Syntax, opts?: BuildOptions): ConfigModel {
  const model = emptyModel(text, syntax);
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
  model.product = detectProduct(model);
  if (model.product === 'unknown' && opts?.product && opts.product !== 'auto') model.product = opts.product;
  model.insertion = computeInsertion(model);
  return model;
}

// ---------------------------------------------------------------------------------------------
// log4j 1 properties (PropertyConfigurator)

const ROOT_KEYS = ['log4j.rootLogger', 'log4j.rootCategory'];
const LOGGER_PREFIXES = ['log4j.logger.', 'log4j.category.'];
const ADDITIVITY_PREFIX = 'log4j.additivity.';
const APPENDER_PREFIX = 'log4j.appender.';

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
function sliceShared(v: string, a: number, b: number): string {
  const n = b - a;
  if (n > 16 || n <= 0) return v.slice(a, b);
  const h = (n * 31 + v.charCodeAt(a) * 7 + v.charCodeAt(a + (n >> 1)) * 3 + v.charCodeAt(b - 1)) & 255; // (INFO and info differ)
  const known = shared[h];
  if (known !== undefined && known.length === n && v.startsWith(known, a)) return known;
  const s = v.slice(a, b);
  shared[h] = s;
  return s;
}

/** Up to the next comma or line break (sticky: lastIndex = where the scan starts, then where it stopped). */
const commaRe = /[^,\r\n]*/y;

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
 * A logger of a log4j 1 properties file. What validation reads of every logger is kept as plain
 * strings (name, level word, appender names); the spans, LevelRef, AppenderRef, additivity and
 * entry list objects are made when first read and kept (most loggers of a big file never have
 * them read: no objects to allocate and collect).
 */
export class Log4j1Logger implements LoggerDecl {
  // Fields declared, set in the constructor only (no class-field initializer run per logger).
  declare name: string;
  declare readonly isRoot: boolean;
  /** The logger line (the additivity line for an additivity-only logger): span, level and appenders come from it. */
  declare main: PropertyEntry;
  declare prefix: string;
  /** The level as written (trimmed); undefined when the value gives none. */
  declare levelRaw: string | undefined;
  /** The appender names in order (a shared, frozen list: never written to). */
  declare refNames: readonly string[];
  /** The additivity line joined to this logger (or the logger's own line for an additivity-only logger). */
  declare additivityEntry: PropertyEntry | undefined;
  declare private readonly src: string;
  declare private nameFrom: number;
  declare private nameTo: number;
  declare private levelEntry: PropertyEntry | undefined;
  declare private levelFrom: number;
  declare private levelTo: number;
  /** The objects made when first read (one object for all of them). */
  declare private made: { level?: LevelRef; refs?: AppenderRef[]; additivity?: Located; entries?: PropertyEntry[]; nameSpan?: Span } | undefined;
  constructor(src: string, name: string, isRoot: boolean, main: PropertyEntry, prefix: string, nameFrom: number, nameTo: number) {
    this.name = name;
    this.isRoot = isRoot;
    this.main = main;
    this.prefix = prefix;
    this.levelRaw = undefined;
    this.refNames = NO_NAMES;
    this.additivityEntry = undefined;
    this.src = src;
    this.nameFrom = nameFrom;
    this.nameTo = nameTo;
    this.levelEntry = undefined;
    this.levelFrom = 0;
    this.levelTo = 0;
    this.made = undefined;
  }
  private get cache(): NonNullable<Log4j1Logger['made']> {
    return (this.made ??= {});
  }
  get nameSpan(): Span {
    return (this.cache.nameSpan ??= { start: this.nameFrom, end: this.nameTo });
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
    if (this.levelRaw === undefined || !this.levelEntry) return undefined;
    return (this.cache.level ??= { raw: this.levelRaw, span: this.levelSpan() });
  }
  /** The span of `level` (a new object; the LevelRef is not made). Only for a logger with a level. */
  levelSpan(): Span {
    const made = this.made?.level;
    return made ? made.span : valueRange(this.src, this.levelEntry!, this.levelFrom, this.levelTo);
  }
  get appenderRefs(): AppenderRef[] {
    const c = this.cache;
    if (!c.refs) {
      if (this.refNames.length === 0) c.refs = NO_REFS;
      else {
        const refs: AppenderRef[] = [];
        const e = this.main;
        splitLoggerValue(e.value, (first, a, b) => {
          if (!first) refs.push({ name: sliceShared(e.value, a, b), span: valueRange(this.src, e, a, b) });
        });
        c.refs = refs;
      }
    }
    return c.refs;
  }
  get additivity(): Located | undefined {
    const c = this.made;
    if (c?.additivity) return c.additivity;
    if (!this.additivityEntry) return undefined;
    const tv = trimmedValue(this.src, this.additivityEntry);
    return (this.cache.additivity = { value: tv.text, span: tv.span });
  }
  /** The logger line changed (a later rootLogger / logger line of the same logger). */
  setMain(e: PropertyEntry, prefix: string, nameSpan?: { from: number; to: number }): void {
    this.main = e;
    this.prefix = prefix;
    if (this.made) this.made.entries = undefined;
    if (nameSpan) {
      this.nameFrom = nameSpan.from;
      this.nameTo = nameSpan.to;
      if (this.made) this.made.nameSpan = undefined;
    }
  }
  /**
   * Reads `[level], app1, app2` from the main entry (the loop of splitLoggerValue, inlined: no
   * closure per logger); from the document text when the value is written there verbatim (no
   * value string made).
   */
  readValue(): void {
    const e = this.main;
    let base = verbatimValueStart(e);
    let v: string;
    let stop: number;
    if (base >= 0) {
      v = this.src;
      stop = verbatimValueEnd(e);
    } else {
      v = e.value;
      base = 0;
      stop = v.length;
    }
    let from = base;
    let first = true;
    let one: string | undefined;
    let more: string[] | undefined;
    for (;;) {
      // The next comma: a native scan that stops at a comma or a line break (never past this
      // line: a verbatim value ends at one), then on by hand past a line break inside an unescaped value.
      commaRe.lastIndex = from;
      commaRe.test(v);
      let to = commaRe.lastIndex;
      while (to < stop && v.charCodeAt(to) !== 0x2c /* , */) to++;
      if (to > stop) to = stop;
      const last = to >= stop;
      let a = from;
      let b = to;
      while (a < b && v.charCodeAt(a) <= 0x20) a++;
      while (b > a && v.charCodeAt(b - 1) <= 0x20) b--;
      if (a < b) {
        // (One call site: the compiled function inlines it once.)
        const part = sliceShared(v, a, b);
        if (first) {
          this.levelRaw = part;
          this.levelEntry = e;
          this.levelFrom = a - base;
          this.levelTo = b - base;
          if (this.made) this.made.level = undefined;
        } else if (one === undefined) one = part;
        else (more ??= [one]).push(part);
      }
      first = false;
      if (last) break;
      from = to + 1;
    }
    this.refNames = more ?? (one === undefined ? NO_NAMES : singleName(one));
    if (this.made) this.made.refs = undefined;
  }
  /** The plain LoggerDecl (for JSON and structural comparison: most fields are accessors here). */
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

/** What the log4j 1 properties builder collects while it reads the entries. */
interface Log4j1Build {
  model: ConfigModel;
  text: string;
  /**
   * The loggers by `log4j.logger.<name>` (the root as '\u0000root'): a logger line's own key is
   * that string, its hash already computed by the parser's duplicate test (no second string to hash).
   */
  loggersByName: Map<string, Log4j1Logger>;
  /** A log4j.category.<name> line was read (until then a logger line's name is new: its key is unique). */
  categories: boolean;
  appendersByName: Map<string, AppenderDecl>;
  additivity: PropertyEntry[];
  loggers: Log4j1Logger[];
}

// The builder is a short loop calling one small function per kind of line: each is compiled
// (and optimised) on its own, quickly, instead of one big function the JIT recompiles whenever a
// branch first taken late (the additivity join, an appender line) lacks type feedback.

function buildLog4j1Properties(model: ConfigModel): void {
  const text = model.text;
  const parsed = parseProperties(text);
  model.properties = parsed.entries;
  model.comments = parsed.comments;
  model.errors.push(...parsed.errors);

  const b: Log4j1Build = { model, text, loggersByName: new Map(), categories: false, appendersByName: new Map(), additivity: [], loggers: [] };
  const entries = parsed.entries;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (e.overridden) continue; // log4j never sees it (duplicate-key reports it)
    // (The parser made every key string for its duplicate test: plain string tests, which compile small.)
    const key = e.key;
    if (!key.startsWith('log4j.')) foreignLine(b, e);
    else if (key.startsWith(LOGGER_PREFIXES[0])) loggerLine(b, e, LOGGER_PREFIXES[0]);
    else if (key.startsWith(ADDITIVITY_PREFIX)) b.additivity.push(e);
    else if (key.startsWith(LOGGER_PREFIXES[1])) loggerLine(b, e, LOGGER_PREFIXES[1]);
    else if (key === ROOT_KEYS[0] || key === ROOT_KEYS[1]) rootLine(b, e, key);
    else if (key.startsWith(APPENDER_PREFIX)) appenderLine(b, e);
  }
  joinAdditivity(b);
  sortBySpanStart(b.loggers);
  model.loggers = b.loggers;
  propertyLookups(model);
}

/** A key outside `log4j.`: a log4j 2 key is foreign syntax. */
function foreignLine(b: Log4j1Build, e: PropertyEntry): void {
  const key = e.key;
  if (isLog4j2Key(key)) b.model.foreign.push({ kind: 'log4j2-in-log4j1', span: e.keySpan, text: key });
}

function rootLine(b: Log4j1Build, e: PropertyEntry, key: string): void {
  let decl = b.loggersByName.get('\u0000root');
  if (!decl) {
    decl = new Log4j1Logger(b.text, '', true, e, key, keyStartOf(e), keyEndOf(e));
    b.loggersByName.set('\u0000root', decl);
    b.loggers.push(decl);
  } else {
    // Both rootLogger and rootCategory: log4j reads rootLogger first, then rootCategory only when rootLogger is absent.
    if (key === 'log4j.rootCategory') return;
    decl.setMain(e, key);
  }
  decl.readValue();
}

function loggerLine(b: Log4j1Build, e: PropertyEntry, lp: string): void {
  const name = keySliceOf(e, lp.length);
  const ks = keyStartOf(e);
  const ke = keyEndOf(e);
  const nameFrom = ks + Math.min(lp.length, ke - ks);
  const isLogger = lp === LOGGER_PREFIXES[0];
  const byName = isLogger ? e.key : LOGGER_PREFIXES[0] + name;
  if (!isLogger) b.categories = true;
  // A logger line's key is unique (duplicates are overridden, skipped): its name was seen before
  // only on a category line (the root and additivity lines are keyed otherwise or joined later).
  let decl = isLogger && !b.categories ? undefined : b.loggersByName.get(byName);
  if (decl) {
    // log4j.logger.x and log4j.category.x both given: PropertyConfigurator applies both (in
    // Hashtable order, i.e. unpredictably); keep the later line as the one shown.
    decl.setMain(e, lp, { from: nameFrom, to: ke });
  } else {
    decl = new Log4j1Logger(b.text, name, false, e, lp, nameFrom, ke);
    b.loggersByName.set(byName, decl);
    b.loggers.push(decl);
  }
  decl.readValue();
}

function appenderLine(b: Log4j1Build, e: PropertyEntry): void {
  const text = b.text;
  const rest = e.key.slice(APPENDER_PREFIX.length);
  const dot = rest.indexOf('.');
  const name = dot < 0 ? rest : rest.slice(0, dot);
  const sub = dot < 0 ? '' : rest.slice(dot + 1);
  const nameStart = e.keySpan.start + APPENDER_PREFIX.length;
  const nameSpan = span(nameStart, Math.min(e.keySpan.end, nameStart + name.length));
  let decl = b.appendersByName.get(name);
  if (!decl) {
    decl = { name, nameSpan, settings: new Map(), span: span(e.span.start, e.span.end), entries: [] };
    b.appendersByName.set(name, decl);
    b.model.appenders.push(decl);
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

/** Joins additivity lines to their loggers (they may come before or after the logger line). */
function joinAdditivity(b: Log4j1Build): void {
  const additivity = b.additivity;
  for (let i = 0; i < additivity.length; i++) {
    const e = additivity[i];
    const name = keySliceOf(e, ADDITIVITY_PREFIX.length);
    const byName = LOGGER_PREFIXES[0] + name;
    let decl = b.loggersByName.get(byName);
    if (!decl) {
      const ks = keyStartOf(e);
      const ke = keyEndOf(e);
      decl = new Log4j1Logger(b.text, name, false, e, ADDITIVITY_PREFIX, Math.min(ks + ADDITIVITY_PREFIX.length, ke), ke);
      b.loggersByName.set(byName, decl);
      b.loggers.push(decl);
    }
    decl.additivityEntry = e;
  }
}

/**
 * Sorts by span start, stably (as Array.prototype.sort): declarations come in file order except
 * the loggers made from additivity lines, appended after them, so the common case is one linear
 * merge of two sorted runs; anything else goes to sort().
 */
function sortBySpanStart(list: Log4j1Logger[]): void {
  const n = list.length;
  // The starts read once (the loops below compare numbers only).
  const starts = new Float64Array(n);
  for (let i = 0; i < n; i++) starts[i] = keyStartOf(list[i].main);
  let r = 1;
  while (r < n && starts[r - 1] <= starts[r]) r++;
  if (r >= n) return; // already sorted
  let k = r + 1;
  while (k < n && starts[k - 1] <= starts[k]) k++;
  if (k < n) {
    list.sort((a, b) => keyStartOf(a.main) - keyStartOf(b.main));
    return;
  }
  const left = list.slice(0, r);
  const leftStarts = starts.slice(0, r);
  let i = 0;
  let j = r;
  let o = 0;
  // Stable: on equal starts the earlier (left) one first. (starts[j] is never overwritten: o <= j.)
  while (i < r && j < n) list[o++] = leftStarts[i] <= starts[j] ? left[i++] : list[j++];
  while (i < r) list[o++] = left[i++];
}

/**
 * `${...}` in every value of a properties file. A value written verbatim in the text is read only
 * when the text holds a `${` inside it (found by one forward scan of the text); the others always.
 */
function propertyLookups(model: ConfigModel): void {
  const text = model.text;
  const entries = model.properties ?? [];
  let next = -1; // the first `${` at or after the current entry's value, or text.length when none
  for (let k = 0; k < entries.length; k++) {
    const e = entries[k];
    const vs = verbatimValueStart(e);
    if (vs >= 0) {
      if (next < vs) next = indexOr(text, '${', vs, text.length);
      if (next + 2 > verbatimValueEnd(e)) continue; // no `${` inside this value
    }
    const v = e.value;
    let i = v.indexOf('${');
    while (i >= 0) {
      const end = matchLookupEnd(v, i);
      const stop = end < 0 ? v.length : end + 1;
      model.lookups.push({ expression: v.slice(i + 2, end < 0 ? v.length : end), span: valueRange(text, e, i, stop) });
      i = v.indexOf('${', stop);
    }
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
  const counts = atlassianLoggers(model.loggers);
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

// ---------------------------------------------------------------------------------------------
// Insertion points

const securityHeaderRe = /^#+[ \t]*Security logs[ \t]*#*[ \t]*$/i;
const sectionRuleRe = /^#{5,}[ \t]*$|^#[ \t]*-{3,}/;

function computeInsertion(model: ConfigModel): ConfigModel['insertion'] {
  const text = model.text;
  const out: ConfigModel['insertion'] = { end: text.length };
  if (model.syntax.endsWith('properties')) {
    const header = model.comments.find((c) => {
      // Comments kept as offsets are tested in the text (their text is made only for a likely header).
      const a = commentStartOf(c);
      const likely = a >= 0 ? mayBeSecurityHeader(text, a, commentEndOf(c)) : mayBeSecurityHeader(c.text, 0, c.text.length);
      return likely && securityHeaderRe.test(c.text);
    });
    if (header) {
      // The end of the section is found by reading the lines after the header (up to the whole rest
      // of a big file): only when an edit asks for it.
      let end: number | undefined;
      Object.defineProperty(out, 'securitySection', {
        get: () => (end ??= endOfSection(text, header)),
        set: (v: number) => void (end = v),
        enumerable: true,
        configurable: true,
      });
    }
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
