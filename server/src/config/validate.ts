// Validation: every rule of rules.ts over the one model. Each mistake gives exactly one finding,
// on the line to fix, with a message that says what log4j will actually do and how to fix it.
// Linear in the file: maps built once, no rescans per entry.
//
// Decisions worth knowing:
//  - `ON` (shipped by some Jira versions for LoggingSQLInterceptor) is reported under invalid-level
//    as a HINT whatever the rule's configured severity (unless `off`): log4j 1 runs it as DEBUG, so
//    a shipped file is never called broken.
//  - One mistake, one finding: a near-miss logger name gets unknown-logger only; a wrong-product
//    appender is not also an undefined appender; an appender Threshold that drops the entries is
//    not also an undefined appender; a reference to a nameless log4j2 appender is only the
//    log4j2-incomplete finding; a misspelled additivity line does not make its correctly spelled
//    logger "missing additivity".
//  - additivity is checked only on a documented logger that has appenders of its own (without
//    them, its lines go only to the root's appenders, which is not a duplicate).
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import type { ConfigSettings, RuleSeverity } from './api';
import type { AppenderRef, ConfigModel, LoggerDecl, PropertyEntry, Span } from './model';
import { rules, type DiagnosticData, type Rule } from './rules';
import { documentedLogger, documentedLoggers, routeFor, type DocumentedLogger } from './knowledge/loggers';
import { isUnsetWord, levelInfo, levels, unknownLevelBehaviour, writes, type LevelInfo } from './knowledge/levels';
import { productAppender } from './knowledge/appenders';
import { isJndiLookup, jndiLookup, vulnerableClass, vulnerableClasses } from './knowledge/vulnerable';
import { COMPLEX, keyLengthOf, trimmedValue, verbatimValueEnd, verbatimValueStart } from './properties';
import { appenderNamesOf, isLog4j1CustomLevel, K_ADDITIVITY, K_ROOT_LOGGER, levelRawOf, levelSpanOf, log4j1IndexOf, log4j1LevelVerdict, type Log4j1Index } from './build';
import type { PropertiesTable } from './properties';
import { attr, walk } from './xml';
import { lowerBound } from '../util/search';

const severityOf: Record<Exclude<RuleSeverity, 'off'>, DiagnosticSeverity> = {
  error: 1,
  warning: 2,
  information: 3,
  hint: 4,
};
const HINT: DiagnosticSeverity = 4;
/** push()'s options for a finding capped at a hint (one object for all of them). */
const HINT_CAP = Object.freeze({ severity: HINT });
/** severityOf[s], in a switch (a keyed load specialised on the first rule's severity name went back to the interpreter at the next one). */
function severityNumber(s: Exclude<RuleSeverity, 'off'>): DiagnosticSeverity {
  switch (s) {
    case 'error':
      return 1;
    case 'warning':
      return 2;
    case 'information':
      return 3;
    case 'hint':
      return 4;
    default:
      return severityOf[s]; // (a setting of no known name: what the table says of it, as before)
  }
}
/** What every vulnerable class name starts with: a value without it names none of them. */
const vulnerablePrefix = vulnerableClasses.reduce<string | undefined>((p, v) => {
  if (p === undefined) return v.className;
  let i = 0;
  while (i < p.length && i < v.className.length && p[i] === v.className[i]) i++;
  return p.slice(0, i);
}, undefined) ?? '';
const UNNECESSARY = 1; // DiagnosticTag.Unnecessary
/** The rest of a line (sticky: lastIndex = where to start, then the line break or the end of the text). */
const lineRestRe = /[^\r\n]*/y;

/** The lengths of the documented names (a cheap test before the map lookup). */
const documentedLengths = new Set(documentedLoggers.map((d) => d.name.length));
/** By name length: 1 when a documented name has that length. */
const documentedLengthOf = new Uint8Array(Math.max(...documentedLengths) + 1);
/** documentedLengthOf.length (a name this long or longer is no documented one). */
const documentedLengthEnd = documentedLengthOf.length;
for (const n of documentedLengths) documentedLengthOf[n] = 1;
/** Documented names with what the near-miss test needs, computed once. */
const nearMissTargets = documentedLoggers.map((d) => ({ d, lower: d.name.toLowerCase(), limit: d.name.length >= 20 ? 3 : 2, under: d.name + '.' }));
/** Only names within a target's limit of its length can be near misses (a case-only difference keeps the length of these ASCII names). */
const nearMissMinLength = Math.min(...nearMissTargets.map((t) => t.d.name.length - t.limit));
const nearMissMaxLength = Math.max(...nearMissTargets.map((t) => t.d.name.length + t.limit));
/** By name length: 1 when some documented name is within its limit of that length (else no near miss, and no documented name, has it). */
const nearMissLengths = new Uint8Array(nearMissMaxLength + 1);
for (const t of nearMissTargets) for (let n = t.d.name.length - t.limit; n <= t.d.name.length + t.limit; n++) if (n >= 0) nearMissLengths[n] = 1;

/**
 * The near-miss of a documented logger name that `name` is, if any: a case-only difference, or
 * an edit distance of at most 2 (3 for names of 20 characters or more). Unrelated names (other
 * packages, other classes of the apps) are never near misses.
 */
export function nearMissLogger(name: string): DocumentedLogger | undefined {
  const n = name.length;
  if (n < nearMissMinLength || n > nearMissMaxLength || nearMissLengths[n] === 0) return undefined;
  if (documentedLogger(name)) return undefined;
  let lower: string | undefined;
  let best: DocumentedLogger | undefined;
  let bestD = Infinity;
  for (const t of nearMissTargets) {
    if (Math.abs(t.d.name.length - n) > t.limit) continue;
    if (t.lower === (lower ??= name.toLowerCase())) return t.d;
    // A longer, legitimate name under a documented one (de.resolution.apitokenauth.rest) is not a typo.
    if (name.startsWith(t.under)) continue;
    const dist = boundedDistance(name, t.d.name, t.limit);
    if (dist <= t.limit && dist < bestD) {
      best = t.d;
      bestD = dist;
    }
  }
  return best;
}

let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

/**
 * The Levenshtein distance of a and b (UTF-16 code units) when it is at most k, else k + 1:
 * only the diagonal band of width 2k + 1 is computed, and it stops as soon as a row exceeds k.
 */
export function boundedDistance(a: string, b: string, k: number): number {
  const n = a.length;
  const m = b.length;
  const big = k + 1;
  if (n - m > k || m - n > k) return big;
  if (rowA.length < m + 2) {
    rowA = new Int32Array(m + 2);
    rowB = new Int32Array(m + 2);
  }
  let prev = rowA;
  let cur = rowB;
  for (let j = 0; j <= m; j++) prev[j] = j <= k ? j : big;
  prev[m + 1] = big;
  for (let i = 1; i <= n; i++) {
    const lo = i - k > 1 ? i - k : 1;
    const hi = i + k < m ? i + k : m;
    // The cell left of the band: column 0 (= i), or outside the band (> k).
    let rowMin = lo === 1 ? (i <= k ? i : big) : big;
    cur[lo - 1] = rowMin;
    const ca = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      let v = prev[j - 1] + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const del = prev[j] + 1;
      const ins = cur[j - 1] + 1;
      if (del < v) v = del;
      if (ins < v) v = ins;
      if (v > big) v = big;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    // The cell right of the band, read by the next row.
    if (hi < m) cur[hi + 1] = big;
    if (rowMin > k) return big;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[m] <= k ? prev[m] : big;
}

/** The closest level word to a mistyped one (`INOF` -> INFO), when there is one. */
function closestLevel(word: string): string | undefined {
  const w = word.trim().toUpperCase();
  if (w === 'ON') return 'DEBUG';
  let best: string | undefined;
  let bestD = 3;
  for (const l of levels) {
    const d = boundedDistance(w, l.name, 2);
    if (d < bestD) {
      best = l.name;
      bestD = d;
    }
  }
  if (!best && (w.startsWith('WARNING') || w === 'WARNINGS')) return 'WARN';
  if (!best && (w === 'SEVERE' || w === 'CRITICAL')) return 'ERROR';
  if (!best && w === 'FINE') return 'DEBUG';
  return best;
}

function isLog4j1(model: ConfigModel): boolean {
  return model.syntax === 'log4j1-properties' || model.syntax === 'log4j1-xml';
}

/** The level a logger really runs at: its own, else its nearest configured ancestor's, else the root's (or log4j's default). */
function effectiveLevel(decl: LoggerDecl, byName: Map<string, LoggerDecl>, model: ConfigModel): { level: string; from: string } {
  let name = decl.name;
  for (;;) {
    const dot = name.lastIndexOf('.');
    if (dot < 0) break;
    name = name.slice(0, dot);
    const p = byName.get(name);
    if (p?.level && levelInfo(p.level.raw)) return { level: levelInfo(p.level.raw)!.name, from: `its parent logger ${name}` };
  }
  const root = byName.get('');
  if (root?.level && levelInfo(root.level.raw)) return { level: levelInfo(root.level.raw)!.name, from: 'the root logger' };
  return isLog4j1(model) ? { level: 'DEBUG', from: 'log4j 1\'s default root level' } : { level: 'ERROR', from: 'log4j 2\'s default root level' };
}

/** The invalid-level finding of one level word (its data object is shared by the findings of that word: they are read, never written). */
type LevelFinding = { message: string; suggestion: string | undefined; hint: boolean; data?: DiagnosticData };

/**
 * The state of one validation and its per-finding steps, as methods: one function each for the
 * whole process (closures made anew per validation are new call targets each time, and the
 * optimised code that inlined the previous ones was thrown away at every analysis).
 */
/**
 * The range of [from, to) on one line. Made of flat object literals: a nested literal is copied
 * from its boilerplate by a runtime call in the interpreter and baseline code (a fresh process
 * makes thousands of findings so), each flat one by a builtin.
 */
function lineRange(line: number, from: number, to: number): Diagnostic['range'] {
  const start = { line, character: from };
  const end = { line, character: to };
  return { start, end };
}

class Validation {
  readonly out: Diagnostic[] = [];
  private readonly docText: string;
  /** levelInfo per distinct level string (a big file repeats a few level words thousands of times). */
  private readonly levelCache = new Map<string, LevelInfo | null>();
  /** Per distinct level word, 0: a level (or a custom one), 1: INHERITED / NULL, 2: not a level. */
  private readonly levelVerdicts = new Map<string, number>();
  /** The invalid-level finding of each distinct level word (the making of one, with its messages, stays out of the lookup). */
  private readonly levelFindings = new Map<string, LevelFinding>();
  /** Custom levels, read only when a level is not a standard one. */
  private customLevelSet: Set<string> | undefined = undefined;
  /** What checkLevel said of the documented logger loggerChecks stopped at. */
  levelOk = true;
  readonly log4j1: boolean;
  /** The model's properties table when the document is the model's text: a position on an entry's line is counted from the line's start in it. */
  private readonly lines: PropertiesTable | undefined;
  constructor(
    private readonly document: TextDocument,
    private readonly model: ConfigModel,
    private readonly settings: ConfigSettings | undefined,
    index: Log4j1Index | undefined,
  ) {
    this.docText = document.getText();
    this.log4j1 = isLog4j1(model);
    this.lines = index && this.docText === model.text ? index.props : undefined;
  }

  /**
   * document.positionAt: read in the model's properties table when the document is its text (a
   * cold document's table of every line's start is not made for a few findings off the rows).
   */
  positionAt(offset: number): Diagnostic['range']['start'] {
    return this.lines ? this.lines.positionAt(offset) : this.document.positionAt(offset);
  }

  /** document.positionAt of both ends; the end is counted from the start when no line break lies between. */
  rangeOf(start: number, end: number): Diagnostic['range'] {
    const docText = this.docText;
    const s = this.positionAt(start);
    let oneLine = end > start && end <= docText.length;
    if (oneLine) {
      lineRestRe.lastIndex = start;
      lineRestRe.test(docText);
      oneLine = lineRestRe.lastIndex >= end; // no line break in [start, end)
    }
    return { start: s, end: oneLine ? { line: s.line, character: s.character + (end - start) } : this.positionAt(end) };
  }

  push(rule: Rule, span: Span, message: string, data?: DiagnosticData, opts?: { severity?: DiagnosticSeverity; unnecessary?: boolean }): void {
    this.pushAt(rule, -1, span.start, span.end, message, data, opts);
  }

  /**
   * push() of [start, end), which lies within the line of entry row `row` of the properties
   * table (its range counted from the line's start), or anywhere when row is -1.
   */
  pushAt(rule: Rule, row: number, start: number, end: number, message: string, data?: DiagnosticData, opts?: { severity?: DiagnosticSeverity; unnecessary?: boolean }): void {
    const configured = this.settings?.rules?.[rule.id] ?? rule.defaultSeverity;
    if (configured === 'off') return;
    let severity = severityNumber(configured);
    // A lower cap (e.g. Jira's shipped `ON`) applies unless the user asked for less.
    if (opts?.severity !== undefined && opts.severity > severity) severity = opts.severity;
    if (end < start) end = start;
    const lines = this.lines;
    let range: Diagnostic['range'];
    if (row >= 0 && lines) {
      const line = lines.line[row];
      const c = start - lines.lineStart[row];
      range = lineRange(line, c, c + (end - start));
    } else range = this.rangeOf(start, end);
    const d: Diagnostic = {
      range,
      severity,
      code: rule.id,
      source: 'authlog',
      message,
    };
    if (data !== undefined) d.data = data;
    if (opts?.unnecessary) d.tags = [UNNECESSARY];
    this.out.push(d);
  }

  /** invalid-level's configured severity (0: off), read from the settings once. */
  private invalidLevelSeverity = -1;

  /**
   * push() of an invalid-level finding on the line of entry row `row` (a simple line of the
   * document's own table): the same diagnostic, made in one step (the most repeated finding).
   */
  pushLevelAt(row: number, start: number, end: number, f: LevelFinding): void {
    const lines = this.lines;
    if (!lines || f.data === undefined) {
      this.pushAt(rules.invalidLevel, row, start, end, f.message, f.data, f.hint ? HINT_CAP : undefined);
      return;
    }
    let configured = this.invalidLevelSeverity;
    if (configured < 0) {
      const c = this.settings?.rules?.[rules.invalidLevel.id] ?? rules.invalidLevel.defaultSeverity;
      configured = this.invalidLevelSeverity = c === 'off' ? 0 : severityNumber(c);
    }
    if (configured === 0) return;
    // A lower cap (e.g. Jira's shipped `ON`) applies unless the user asked for less.
    const severity = f.hint && HINT > configured ? HINT : configured;
    const line = lines.line[row];
    const c = start - lines.lineStart[row];
    this.out.push({
      range: lineRange(line, c, c + (end - start)),
      severity: severity as DiagnosticSeverity,
      code: rules.invalidLevel.id,
      source: 'authlog',
      message: f.message,
      data: f.data,
    });
  }

  levelOf(word: string): LevelInfo | undefined {
    let v = this.levelCache.get(word);
    if (v === undefined) {
      v = levelInfo(word) ?? null;
      if (this.levelCache.size < 256) this.levelCache.set(word, v);
    }
    return v ?? undefined;
  }

  private customLevels(): Set<string> {
    return (this.customLevelSet ??= collectCustomLevels(this.model));
  }

  /** 0: a level (or a custom one), 1: INHERITED / NULL, 2: not a level, of a level as written (trimmed as log4j does). */
  private verdictOf(levelRaw: string): number {
    let verdict = this.levelVerdicts.get(levelRaw);
    if (verdict === undefined) {
      const raw = levelRaw.trim();
      verdict = this.log4j1 ? log4j1LevelVerdict(levelRaw) : this.levelOf(raw) || isCustom(raw, this.model, () => this.customLevels()) ? 0 : isUnsetWord(raw) ? 1 : 2;
      if (this.levelVerdicts.size < 256) this.levelVerdicts.set(levelRaw, verdict);
    }
    return verdict;
  }

  /** The invalid-level finding of a level as written. */
  private levelFinding(levelRaw: string): LevelFinding {
    const raw = levelRaw.trim();
    return this.levelFindings.get(raw) ?? this.newLevelFinding(raw);
  }

  /** Level checks of any logger; false when its level is not a valid one. */
  checkLevel(l: LoggerDecl): boolean {
    const levelRaw = levelRawOf(l);
    if (levelRaw === undefined) return true;
    const verdict = this.verdictOf(levelRaw);
    if (verdict === 0 || (verdict === 1 && this.log4j1 && !l.isRoot)) return true;
    const f = this.levelFinding(levelRaw);
    const levelSpan = levelSpanOf(l);
    if (f.hint) this.push(rules.invalidLevel, levelSpan, f.message, f.data, { severity: HINT });
    else this.push(rules.invalidLevel, levelSpan, f.message, f.data);
    return false;
  }

  /** The invalid-level finding of logger row li of a log4j 1 properties index, whose level (read from entry row le) is not a level (the logger object is not made). */
  invalidLevelRow(x: Log4j1Index, li: number, le: number): void {
    const lines = x.lines;
    const f = this.levelFinding(lines.level[le]!);
    const t = x.props;
    if ((t.flags[le] & COMPLEX) !== 0) {
      const levelSpan = x.logger(li).levelSpan(); // (escapes or continuations: the value's offsets differ from the text's)
      if (f.hint) this.push(rules.invalidLevel, levelSpan, f.message, f.data, { severity: HINT });
      else this.push(rules.invalidLevel, levelSpan, f.message, f.data);
      return;
    }
    const base = t.valueStart[le];
    const from = lines.levelFrom[le];
    const to = lines.levelTo[le];
    this.pushLevelAt(le, base + from, base + (to > from ? to : from), f);
  }

  private newLevelFinding(raw: string): LevelFinding {
    const model = this.model;
    let f: LevelFinding;
    const suggestion = closestLevel(raw);
    const words = raw.indexOf(' ') < 0 && raw.indexOf('\t') < 0 ? [raw] : raw.split(/[ \t]+/);
    if (words.length > 1 && this.levelOf(words[0]) && isLog4j1(model)) {
      // `INFO securitylog`: a missing comma makes the whole text one unknown level.
      const fixed = `${words[0]}, ${words.slice(1).join(', ')}`;
      f = {
        message: `A comma is missing: log4j 1 reads "${raw}" as one unknown level, so the logger runs at DEBUG and ${words.slice(1).join(', ')} is not an appender of it. Write ${fixed}.`,
        suggestion: fixed,
        hint: false,
      };
    } else if (raw.toUpperCase() === 'ON') {
      f = {
        message: `ON is not a log4j level: ${isLog4j1(model) ? 'log4j 1 reads it as DEBUG (Jira ships such lines; they work as DEBUG)' : unknownLevelBehaviour[model.syntax]}. Write DEBUG (or OFF) to say what you mean.`,
        suggestion: 'DEBUG',
        hint: true,
      };
    } else {
      f = {
        message:
          raw === ''
            ? `No level given: ${isLog4j1(model) ? 'log4j 1 keeps the logger\'s inherited level' : 'log4j 2 keeps the parent\'s level'}. Write a level (OFF, FATAL, ERROR, WARN, INFO, DEBUG, TRACE, ALL).`
            : `${raw} is not a log4j level: ${unknownLevelBehaviour[model.syntax]}.${suggestion ? ` Did you mean ${suggestion}?` : ' Use OFF, FATAL, ERROR, WARN, INFO, DEBUG, TRACE or ALL.'}`,
        suggestion,
        hint: false,
      };
    }
    f.data = f.hint ? { suggestion: f.suggestion! } : f.suggestion ? { suggestion: f.suggestion } : {};
    if (this.levelFindings.size < 256) this.levelFindings.set(raw, f);
    return f;
  }
}

export function validate(document: TextDocument, model: ConfigModel, settings?: ConfigSettings): Diagnostic[] {
  // A log4j 1 properties model made by buildModel: the loggers and entries are read in its columns (their objects are made only where a finding needs them).
  const x = log4j1IndexOf(model);
  const run = new Validation(document, model, settings, x);
  const out = run.out;
  const text = model.text;
  const line = (off: number) => run.positionAt(off).line + 1;
  const push = (
    rule: Rule,
    span: Span,
    message: string,
    data?: DiagnosticData,
    opts?: { severity?: DiagnosticSeverity; unnecessary?: boolean },
  ): void => run.push(rule, span, message, data, opts);

  // --- Syntax-level problems -------------------------------------------------------------
  if (model.xml) {
    for (const e of model.errors) push(rules.xmlSyntax, e.span, e.message);
  }
  // The entries by key start, made for the first log4j 1 line found in a log4j 2 properties file.
  let entryAtMap: Map<number, PropertyEntry> | undefined;
  const entryAt = (off: number): PropertyEntry | undefined => {
    if (!entryAtMap) {
      entryAtMap = new Map<number, PropertyEntry>();
      for (const e of model.properties ?? []) entryAtMap.set(e.keySpan.start, e);
    }
    return entryAtMap.get(off);
  };
  for (const f of model.foreign) {
    const element = f.text.startsWith('<');
    let msg: string;
    if (f.kind === 'log4j1-in-log4j2') {
      const what = element
        ? `${f.text} is a log4j 1 element in a log4j 2 file: log4j 2 reports it as unknown and ignores it`
        : `${f.text} is log4j 1 syntax in a log4j 2 file: log4j 2 ignores it${model.syntax === 'log4j2-xml' ? ' (text between elements means nothing to it)' : ''}`;
      const form = model.syntax === 'log4j2-xml'
        ? '<Logger name=".." level=".." additivity="false"><AppenderRef ref=".."/></Logger> inside <Loggers>'
        : translateToLog4j2(entryAt(f.span.start)) ?? 'logger.<id>.name / .level / .additivity / .appenderRef.<rid>.ref';
      msg = `${what}. Write it in the log4j 2 form: ${form}.`;
    } else {
      const form = model.syntax === 'log4j1-xml'
        ? '<logger name=".." additivity="false"><level value=".."/><appender-ref ref=".."/></logger>'
        : f.text.startsWith('rootLogger')
          ? 'log4j.rootLogger = LEVEL, appender1, appender2'
          : f.text.startsWith('appender.')
            ? 'log4j.appender.<name> = <class>, then log4j.appender.<name>.File, .layout, ...'
            : 'log4j.logger.<name> = LEVEL, appender and log4j.additivity.<name> = false';
      msg = `${f.text} is log4j 2 ${element ? 'element' : 'syntax'} in a log4j 1 file: log4j 1 ignores it. Write it in the log4j 1 form: ${form}.`;
    }
    push(rules.foreignSyntax, f.span, msg);
  }
  for (const inc of model.incomplete) push(rules.log4j2Incomplete, inc.span, inc.message);

  // --- Duplicate keys -----------------------------------------------------------------------
  if (x ? x.props.duplicates : model.properties) duplicateKeys(run, model.properties!, line);

  // --- Loggers ---------------------------------------------------------------------------------
  // By name (the root as ''; the last declaration wins), built only when an inherited level is needed.
  let byNameMap: Map<string, LoggerDecl> | undefined;
  const byName = (): Map<string, LoggerDecl> => {
    if (!byNameMap) {
      byNameMap = new Map<string, LoggerDecl>();
      for (const l of model.loggers) byNameMap.set(l.isRoot ? '' : l.name, l);
    }
    return byNameMap;
  };
  // (The rows' scan for the root also finds the near misses, used below.)
  const coveredByNearMiss = new Set<string>();
  const nearMissByRow = new Map<number, DocumentedLogger>();
  const rootRow = x ? scanRows(x, nearMissByRow, coveredByNearMiss) : -1;
  const root = x ? (rootRow < 0 ? undefined : x.logger(rootRow)) : rootOf(model.loggers);
  const appenderNames = new Set(model.appenders.map((a) => a.name));
  const appendersByName = new Map(model.appenders.map((a) => [a.name, a]));
  const definesAppenders = model.appenders.length > 0;
  const rootAppenders = root?.appenderRefs.map((r) => r.name) ?? [];
  const product = model.product;

  // Documented names that a misspelled declaration stands in for (its finding covers them): coveredByNearMiss.
  const levelOf = (word: string): LevelInfo | undefined => run.levelOf(word);
  // By the declaration's index in model.loggers (cheaper than keying by the object).
  const nearMiss = x ? nearMissByRow : nearMisses(model.loggers, coveredByNearMiss);
  // The near misses' rows in order: the loops over the rows compare each row with the next one (no map lookup per row).
  const missRows = x ? Int32Array.from(nearMissByRow.keys()).sort() : undefined;

  /** References already explained by wrong-product-appender (not reported again as undefined). */
  const handled = new Set<AppenderRef>();

  // The per-logger checks are small functions of their own (the JIT compiles and optimises each
  // on its own, quickly; the documented-logger checks run for a few loggers only).

  /** What a documented logger needs: a level that lets its entries through, its appenders, additivity. */
  const checkDocumented = (l: LoggerDecl, doc: DocumentedLogger, levelOk: boolean): void => {
    const nameSpan = l.nameSpan ?? l.span;

    // Level that hides the entries.
    if (levelOk) {
      const own = l.level ? levelOf(l.level.raw)?.name : undefined;
      if (l.level && own) {
        const lv = own;
        if (!writes(lv, doc.entryLevel)) {
          push(
            rules.levelSuppresses,
            l.level.span,
            `${doc.name} at ${lv} hides its entries: ${doc.appName} writes them at ${doc.entryLevel}, so nothing reaches the log. Set ${doc.neededLevel}${doc.entryLevel === 'WARN' ? ' (WARN works too)' : ''}.`,
            { logger: doc.name, needed: doc.neededLevel },
          );
        }
      } else if (!own && l.appenderRefs.length > 0) {
        // No level of its own (or INHERITED/NULL): the inherited one decides.
        const eff = effectiveLevel(l, byName(), model);
        if (!writes(eff.level, doc.entryLevel)) {
          push(
            rules.levelSuppresses,
            nameSpan,
            `${doc.name} has no level of its own: it inherits ${eff.level} from ${eff.from}, which hides its ${doc.entryLevel} entries. Set ${doc.neededLevel}.`,
            { logger: doc.name, needed: doc.neededLevel },
          );
        }
      }
    }

    // An appender whose Threshold (log4j 1) drops the entries before they are written.
    if (levelOk && (!l.level || levelOf(l.level.raw)) && isLog4j1(model)) {
      for (const r of l.appenderRefs) {
        const th = appendersByName.get(r.name)?.settings.get('threshold');
        const tl = th ? levelInfo(th.value)?.name : undefined;
        if (tl && !writes(tl, doc.entryLevel)) {
          push(
            rules.levelSuppresses,
            r.span,
            `The appender ${r.name} has Threshold ${tl}: it drops ${doc.name}'s ${doc.entryLevel} entries before they reach its file. Route the logger to another appender or lower that Threshold.`,
            { logger: doc.name },
          );
          handled.add(r);
        }
      }
    }

    // Appenders: wrong product first (it explains an undefined name better).
    const expected = product === 'jira' || product === 'confluence' ? routeFor(doc, product, model.syntax) : undefined;
    for (const r of l.appenderRefs) {
      const pa = productAppender(r.name);
      if (
        expected &&
        pa &&
        pa.owner !== 'app' &&
        pa.owner !== product &&
        !appenderNames.has(r.name)
      ) {
        push(
          rules.wrongProductAppender,
          r.span,
          `${r.name} is ${pa.owner === 'jira' ? 'Jira' : 'Confluence'}'s appender, not ${product === 'jira' ? 'Jira' : 'Confluence'}'s: ${definesAppenders ? 'this file does not define it, so log4j drops the lines' : 'it does not exist here'}. Use ${expected.appender} (writes ${expected.file}).`,
          { logger: doc.name, appender: r.name, expected: expected.appender },
        );
        handled.add(r);
      }
    }

    // additivity=false and no appender of its own: the entries reach no appender at all (log4j 1
    // prints one "No appenders could be found for logger" warning per JVM, log4j 2 nothing).
    // A level of OFF says it is meant to be off (level-suppresses speaks of that); a value that is
    // not a level (`INFO securitylog`, the comma missing) is one mistake, told by invalid-level.
    if (levelOk && l.appenderRefs.length === 0 && l.additivity?.value.trim().toLowerCase() === 'false' && l.level?.raw.trim().toUpperCase() !== 'OFF') {
      const target = expected && appenderNames.has(expected.appender) ? expected : undefined;
      push(
        rules.writesNowhere,
        nameSpan,
        `${doc.name} has additivity=false and no appender of its own: log4j writes its entries nowhere${isLog4j1(model) ? ' (log4j 1 prints at most one "No appenders could be found" warning on the console)' : ''}, so ${doc.appName}'s entries from it never reach a file. ${target ? `Send it to ${target.appender} (writes ${target.file}).` : 'Add an appender to it.'}`,
        { logger: doc.name, ...(target ? { appender: target.appender } : {}) },
      );
    }

    // Additivity (only meaningful when the logger has appenders of its own).
    if (l.appenderRefs.length > 0) {
      const a = l.additivity;
      const dup = rootAppenders.length ? ` (${rootAppenders.join(', ')})` : '';
      if (!a) {
        if (!coveredByNearMiss.has(doc.name)) {
          push(
            rules.additivity,
            nameSpan,
            `${doc.name} has no additivity=false: every line is also written to the root logger's appenders${dup}, duplicating the entries into the main log. Add ${additivityHint(model, doc.name, l.id)}.`,
            { logger: doc.name },
          );
        }
      } else {
        const v = a.value.trim().toLowerCase();
        if (v === 'true') {
          push(rules.additivity, a.span, `additivity is true: ${doc.name}'s lines are also written to the root logger's appenders${dup}, duplicating the entries. Set it to false.`, { logger: doc.name });
        } else if (v !== 'false') {
          push(
            rules.additivity,
            a.span,
            `${a.value.trim() || 'An empty value'} is not true or false: ${isLog4j1(model) ? 'log4j 1 treats it as true, so the lines are duplicated into the root logger\'s appenders' : 'log4j 2 reads anything but "true" as false, so it works by accident'}. Write false.`,
            { logger: doc.name },
          );
        }
      }
    }

    // The reminder only where the logger would really write (no reminder on a broken line).
    const runs = levelOk && (l.level && levelOf(l.level.raw) ? writes(levelOf(l.level.raw)!.name, doc.entryLevel) : writes(effectiveLevel(l, byName(), model).level, doc.entryLevel));
    if (doc.name === 'com.kantegasso.DiagnosticsLog' && runs) {
      push(rules.failureCollection, nameSpan, doc.note ?? rules.failureCollection.description);
    }
  };

  // The loop over every logger runs in loggerChecks; it stops at each documented logger, whose checks run here.
  if (x) {
    for (let li = loggerRowChecks(run, x, 0, nearMiss, missRows!); li < x.count; li = loggerRowChecks(run, x, li + 1, nearMiss, missRows!)) {
      const l = x.logger(li);
      checkDocumented(l, documentedLogger(l.name)!, run.levelOk);
    }
  } else {
    const loggers = model.loggers;
    for (let li = loggerChecks(run, loggers, 0, nearMiss); li < loggers.length; li = loggerChecks(run, loggers, li + 1, nearMiss)) {
      const l = loggers[li];
      checkDocumented(l, documentedLogger(l.name)!, run.levelOk);
    }
  }

  // --- Undefined appenders -------------------------------------------------------------------
  // log4j2 properties: an appender whose name is missing is reported as incomplete; a reference
  // to its id is the same mistake, not a second one.
  const namelessIds = new Set<string>();
  if (model.syntax === 'log4j2-properties' && model.incomplete.some((i) => i.what === 'appender')) {
    const named = new Set<string>();
    for (const e of model.properties ?? []) {
      const m = /^appender\.([^.]+)\.(.+)$/.exec(e.key);
      if (!m) continue;
      namelessIds.add(m[1]);
      if (m[2] === 'name' && e.value.trim() !== '') named.add(m[1]);
    }
    for (const id of named) namelessIds.delete(id);
  }
  if (definesAppenders || namelessIds.size > 0) {
    if (x) undefinedAppenderRows(run, x, missRows!, appenderNames, namelessIds, handled);
    else undefinedAppenders(run, model.loggers, nearMiss, appenderNames, namelessIds, handled);
  }

  // --- Vulnerable classes ------------------------------------------------------------------------
  if (x) {
    vulnerableRows(run, text, x.props);
  } else if (model.properties) {
    vulnerableValues(run, text, model.properties);
  } else if (model.xml && (text.indexOf(vulnerablePrefix) >= 0 || text.indexOf('&') >= 0)) {
    // (An entity could spell the class name: without any `&`, the text must hold it as written.)
    for (const el of walk(model.xml.roots)) {
      const c = attr(el, 'class');
      const v = c?.value ? vulnerableClass(c.value) : undefined;
      if (v && c?.valueSpan) push(rules.vulnerableClass, c.valueSpan, `${c.value} has a known vulnerability (${v.cve}): ${v.explanation} Remove it or replace it.`);
    }
  }

  // --- JNDI lookups ---------------------------------------------------------------------------------
  for (const lk of model.lookups) {
    if (!isJndiLookup(lk.expression)) continue;
    push(
      rules.jndiLookup,
      lk.span,
      isLog4j1(model)
        ? `A \${jndi:...} lookup (the Log4Shell pattern, ${jndiLookup.cves.join(', ')}): log4j 1 does not resolve it here, but it has no place in a configuration and marks a tampered file. Remove it.`
        : `\${jndi:...} lookup, the Log4Shell pattern (${jndiLookup.cves.join(', ')}). ${jndiLookup.explanation}`,
    );
  }

  out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return out;
}

// The loops over every entry or logger are small functions of their own, outside validate: each
// is compiled and optimised on its own, and validate (run once per analysis) is never hot.

/** duplicate-key: every overridden entry, with the line of the entry that wins. */
function duplicateKeys(run: Validation, entries: PropertyEntry[], line: (off: number) => number): void {
  let lastOf: Map<string, number> | undefined; // built at the first overridden entry (most files have none)
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (!e.overridden) continue;
    if (!lastOf) {
      // The last entry of each overridden key (only keys of those lengths are read: keys are made when read).
      const lengths = new Set<number>();
      for (let k = 0; k < entries.length; k++) if (entries[k].overridden) lengths.add(keyLengthOf(entries[k]));
      lastOf = new Map<string, number>();
      for (let k = 0; k < entries.length; k++) if (lengths.has(keyLengthOf(entries[k]))) lastOf.set(entries[k].key, k);
    }
    const later = entries[lastOf.get(e.key)!];
    run.push(
      rules.duplicateKey,
      e.keySpan,
      `${e.key} is set again on line ${line(later.span.start)}: log4j keeps only the last value (${later.value.trim() || 'empty'}), so this line is ignored. Delete one of them.`,
      undefined,
      { unnecessary: true },
    );
  }
}

/** The root logger (the last one), if any. */
function rootOf(loggers: LoggerDecl[]): LoggerDecl | undefined {
  let root: LoggerDecl | undefined;
  for (let i = 0; i < loggers.length; i++) if (loggers[i].isRoot || loggers[i].name === '') root = loggers[i];
  return root;
}

/** The documented logger each misspelled declaration stands in for, by its index; `covered` gets their names. */
function nearMisses(loggers: LoggerDecl[], covered: Set<string>): Map<number, DocumentedLogger> {
  // By the declaration's index in model.loggers (cheaper than keying by the object).
  const nearMiss = new Map<number, DocumentedLogger>();
  for (let li = 0; li < loggers.length; li++) {
    const l = loggers[li];
    if (l.isRoot) continue;
    const d = nearMissLogger(l.name);
    if (d) {
      nearMiss.set(li, d);
      covered.add(d.name);
    }
  }
  return nearMiss;
}

/**
 * The checks of every logger from index `from` on (unknown-logger, invalid-level), up to a
 * documented logger whose own checks the caller runs: its index is returned (run.levelOk says
 * whether its level is valid); loggers.length at the end.
 */
function loggerChecks(run: Validation, loggers: LoggerDecl[], from: number, nearMiss: Map<number, DocumentedLogger>): number {
  for (let li = from; li < loggers.length; li++) {
    const l = loggers[li];
    const miss = nearMiss.size ? nearMiss.get(li) : undefined;
    if (miss) {
      unknownLogger(run, l, miss);
      continue; // one mistake, one finding: no level/additivity findings on a misspelled name
    }

    const levelOk = run.checkLevel(l);

    if (l.isRoot) continue;
    if (!documentedLengths.has(l.name.length) || !documentedLogger(l.name)) continue;
    if (l.prefix === 'log4j.additivity.') continue; // an additivity line alone enables nothing; nothing more to say
    run.levelOk = levelOk;
    return li;
  }
  return loggers.length;
}

/**
 * One pass over the rows of a log4j 1 properties index (by the names' lengths: a name is made only
 * when its length can be a near miss): the near misses (nearMisses: by row into `nearMiss`,
 * `covered` gets their names); returns the row of the root logger (rootOf: the last root row or
 * logger named ''), -1 when none. (Its loop returns its one variable: nothing after it to send an
 * optimised loop back to the interpreter.)
 */
function scanRows(x: Log4j1Index, nearMiss: Map<number, DocumentedLogger>, covered: Set<string>): number {
  const nameLen = x.nameLen;
  const count = x.count;
  let root = -1;
  for (let li = 0; li < count; li++) {
    const n = nameLen[li];
    if (n === 0) {
      if (x.isRoot(li) || x.isLogger(li)) root = li;
      continue;
    }
    if (n < nearMissMinLength || n > nearMissMaxLength || nearMissLengths[n] === 0) continue;
    const d = nearMissLogger(x.name(li));
    if (d && x.isLogger(li)) {
      nearMiss.set(li, d);
      covered.add(d.name);
    }
  }
  return root;
}

/**
 * loggerChecks over the rows of a log4j 1 properties index: the level's verdict and the name's
 * length are read in the rows; a logger object is made for a near miss or a documented logger only.
 */
function loggerRowChecks(run: Validation, x: Log4j1Index, from: number, nearMiss: Map<number, DocumentedLogger>, missRows: Int32Array): number {
  const main = x.main;
  const levelEntry = x.levelEntry;
  const kind = x.lines.kind;
  const verdict = x.lines.verdict;
  const nameLen = x.nameLen;
  const n = x.count;
  let mi = lowerBound(missRows, missRows.length, from);
  let nextMiss = mi < missRows.length ? missRows[mi] : -1;
  for (let li = from; li < n; li++) {
    if (li === nextMiss) {
      nextMiss = ++mi < missRows.length ? missRows[mi] : -1;
      unknownLogger(run, x.logger(li), nearMiss.get(li)!);
      continue; // one mistake, one finding: no level/additivity findings on a misspelled name
    }
    const m = main[li];
    const k = kind[m];
    // An additivity line alone (or joined to its logger's line) has no level and enables nothing: nothing more to say.
    if (k === K_ADDITIVITY) continue;
    const root = k >= K_ROOT_LOGGER; // (K_ROOT_LOGGER or K_ROOT_CATEGORY: K_ADDITIVITY is past)

    // The level: 0 a level, 1 INHERITED / NULL (fine but on the root), 2 not a level.
    const le = levelEntry[li];
    const v = le < 0 ? 0 : verdict[le];
    const levelOk = v === 0 || (v === 1 && !root);
    if (!levelOk) run.invalidLevelRow(x, li, le);

    if (root) continue;
    const len = nameLen[li];
    if (len >= documentedLengthEnd || documentedLengthOf[len] === 0 || !documentedLogger(x.name(li))) continue;
    run.levelOk = levelOk;
    return li;
  }
  return n;
}

function unknownLogger(run: Validation, l: LoggerDecl, miss: DocumentedLogger): void {
  const caseOnly = miss.name.toLowerCase() === l.name.toLowerCase();
  run.push(
    rules.unknownLogger,
    l.nameSpan ?? l.span,
    `${l.name} is not a logger ${miss.appName} writes to${caseOnly ? ' (logger names are case-sensitive)' : ''}: log4j creates an unused logger and ${miss.appName}'s entries never appear. Did you mean ${miss.name}?`,
    { suggestion: miss.name },
  );
}

/** undefined-appender: references to an appender the file does not define. */
function undefinedAppenders(
  run: Validation,
  loggers: LoggerDecl[],
  nearMiss: Map<number, DocumentedLogger>,
  appenderNames: Set<string>,
  namelessIds: Set<string>,
  handled: Set<AppenderRef>,
): void {
  for (let li = 0; li < loggers.length; li++) {
    const l = loggers[li];
    if (nearMiss.size && nearMiss.has(li)) continue;
    // The names first (kept as strings by the log4j 1 properties builder): the reference objects
    // are read only for a name that is not defined.
    const names = appenderNamesOf(l);
    const count = names ? names.length : l.appenderRefs.length;
    for (let ri = 0; ri < count; ri++) {
      const name = names ? names[ri] : l.appenderRefs[ri].name;
      if (appenderNames.has(name) || name.includes('${') || namelessIds.has(name)) continue;
      undefinedRef(run, l.appenderRefs[ri], appenderNames, handled);
    }
  }
}

/** undefinedAppenders over the rows of a log4j 1 properties index (a logger object is made for an undefined name only). */
function undefinedAppenderRows(
  run: Validation,
  x: Log4j1Index,
  missRows: Int32Array,
  appenderNames: Set<string>,
  namelessIds: Set<string>,
  handled: Set<AppenderRef>,
): void {
  const lines = x.lines;
  const refName = lines.refName;
  const refFirst = lines.refFirst;
  const refCount = lines.refCount;
  const main = x.main;
  let mi = 0;
  let nextMiss = missRows.length > 0 ? missRows[0] : -1;
  // The last name looked up, and whether it needs no finding (most references repeat a few names).
  let last: string | undefined;
  let lastFine = false;
  const rows = x.count;
  for (let li = 0; li < rows; li++) {
    const m = main[li];
    if (li === nextMiss) {
      nextMiss = ++mi < missRows.length ? missRows[mi] : -1;
      continue; // (a near miss: its one finding is unknown-logger)
    }
    const count = refCount[m]; // (none for an additivity line)
    if (count === 0) continue;
    const first = refFirst[m];
    for (let ri = 0; ri < count; ri++) {
      const name = refName[first + ri];
      if (name !== last) {
        last = name;
        lastFine = appenderNames.has(name) || name.includes('${') || namelessIds.has(name);
      }
      if (lastFine) continue;
      undefinedRef(run, x.logger(li).appenderRefs[ri], appenderNames, handled);
    }
  }
}

/** The undefined-appender finding of a reference to a name the file does not define (none when another finding explains it). */
function undefinedRef(run: Validation, r: AppenderRef, appenderNames: Set<string>, handled: Set<AppenderRef>): void {
  if (handled.size && handled.has(r)) return;
  const near = closestName(r.name, appenderNames);
  const pa = productAppender(r.name);
  const fix = near
    ? ` Did you mean ${near}?`
    : pa?.definition
      ? ` Define it (the ${r.name} appender of ${pa.owner === 'app' ? 'the app\'s documentation' : 'the product'}) or use an appender defined here.`
      : ` Define an appender named ${r.name} or use one defined here (${[...appenderNames].slice(0, 5).join(', ')}).`;
  run.push(
    rules.undefinedAppender,
    r.span,
    `No appender named ${r.name} is defined in this file: log4j ${run.log4j1 ? 'reports it only with log4j.debug=true and' : 'logs an error in its status output and'} silently drops these lines.${fix}`,
    { appender: r.name },
  );
}

/** vulnerable-class: values naming a class with a known vulnerability. */
function vulnerableValues(run: Validation, text: string, entries: PropertyEntry[]): void {
  let next = -1; // the first vulnerablePrefix at or after the current verbatim value (text.length when none)
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (e.overridden) continue;
    if (vulnerablePrefix) {
      // Cannot name one (cheap tests first): a value written verbatim is looked for in the text by one forward scan.
      const vs = verbatimValueStart(e);
      if (vs >= 0) {
        if (next < vs) {
          next = text.indexOf(vulnerablePrefix, vs);
          if (next < 0) next = text.length;
        }
        if (next + vulnerablePrefix.length > verbatimValueEnd(e)) continue;
      } else if (e.value.indexOf(vulnerablePrefix) < 0) continue;
    }
    vulnerableEntry(run, text, e);
  }
}

/** vulnerableValues over the rows of a properties table: the entries whose value holds vulnerablePrefix (found with indexOf in the text). */
function vulnerableRows(run: Validation, text: string, t: PropertiesTable): void {
  if (!vulnerablePrefix) {
    for (let i = 0; i < t.count; i++) if (!t.overridden(i)) vulnerableEntry(run, text, t.entry(i));
    return;
  }
  for (const i of t.rowsHolding(vulnerablePrefix)) if (!t.overridden(i)) vulnerableEntry(run, text, t.entry(i));
}

/** The vulnerable-class finding of an entry whose value names such a class. */
function vulnerableEntry(run: Validation, text: string, e: PropertyEntry): void {
  const v = vulnerableClass(e.value);
  if (v) {
    const tv = trimmedValue(text, e);
    run.push(rules.vulnerableClass, tv.span, `${tv.text} has a known vulnerability (${v.cve}): ${v.explanation} Remove this appender or replace it.`);
  }
}

function additivityHint(model: ConfigModel, name: string, id?: string): string {
  switch (model.syntax) {
    case 'log4j1-properties':
      return `log4j.additivity.${name} = false`;
    case 'log4j2-properties':
      return `logger.${id ?? '<id>'}.additivity = false`;
    default:
      return 'additivity="false"';
  }
}

function closestName(name: string, names: ReadonlySet<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const lower = name.toLowerCase();
  for (const n of names) {
    if (n.toLowerCase() === lower) return n;
    if (Math.abs(n.length - name.length) > 2) continue;
    const d = boundedDistance(name, n, 2);
    if (d <= 2 && d < bestD) {
      best = n;
      bestD = d;
    }
  }
  return best;
}

/** Custom levels declared in the file: log4j2 `customLevel.NAME = int`, `<CustomLevel name=..>`. */
function collectCustomLevels(model: ConfigModel): Set<string> {
  const out = new Set<string>();
  if (model.syntax === 'log4j2-properties') {
    for (const e of model.properties ?? []) if (e.key.startsWith('customLevel.')) out.add(e.key.slice(12).toUpperCase());
  } else if (model.syntax === 'log4j2-xml' && model.xml) {
    for (const el of walk(model.xml.roots)) {
      if (el.name.length === 11 && el.name.toLowerCase() === 'customlevel') {
        const n = attr(el, 'name')?.value;
        if (n) out.add(n.toUpperCase());
      }
    }
  }
  return out;
}

function isCustom(raw: string, model: ConfigModel, custom: () => Set<string>): boolean {
  if (isLog4j1(model)) return isLog4j1CustomLevel(raw);
  return custom().has(raw.toUpperCase());
}

/** The log4j 2 properties lines for a log4j 1 logger line (`log4j.logger.x = INFO, a`), when it is one. */
function translateToLog4j2(e: PropertyEntry | undefined): string | undefined {
  if (!e) return undefined;
  const parts = e.value.split(',').map((p) => p.trim());
  const level = parts[0];
  const refs = parts.slice(1).filter((p) => p !== '');
  const refLines = (prefix: string) => refs.map((r) => `${prefix}.appenderRef.${r}.ref = ${r}`);
  if (e.key === 'log4j.rootLogger' || e.key === 'log4j.rootCategory') {
    return [...(level ? [`rootLogger.level = ${level}`] : []), ...refLines('rootLogger')].join(' / ');
  }
  const m = /^log4j\.(?:logger|category)\.(.+)$/.exec(e.key);
  if (m) {
    const name = m[1];
    const id = name.split('.').pop()!.replace(/[^A-Za-z0-9_-]/g, '') || 'x';
    return [`logger.${id}.name = ${name}`, ...(level ? [`logger.${id}.level = ${level}`] : []), ...refLines(`logger.${id}`)].join(' / ');
  }
  const a = /^log4j\.additivity\.(.+)$/.exec(e.key);
  if (a) {
    const id = a[1].split('.').pop()!.replace(/[^A-Za-z0-9_-]/g, '') || 'x';
    return `logger.${id}.additivity = ${e.value.trim()} (with logger.${id}.name = ${a[1]})`;
  }
  return undefined;
}
