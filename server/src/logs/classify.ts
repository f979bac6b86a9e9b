// Classifies one entry with the event data of events.ts: kind, event id, outcome, subject,
// method, reason, and the details an entry view shows. Pure (the small caches below only remember
// answers), synchronous, never throws.
//
//   analyseEntry(format, text)            -> a LogRow without its position fields (what the indexer stores)
//   describeEntry(format, text, rawLimit) -> the same plus raw text, JSON, details, token (the entry view)
//   countEntry(format, text, lines, bytes, parts) -> analyseEntry + parts.add without the row (the indexer's
//                                            summary-only path; bench/classify.ts times both)
//
// The indexer calls this for every candidate entry (~3% of a big log's entries), so it avoids what
// costs there: regular expressions where indexOf does (fields.ts), objects of many shapes (fields
// and classifications are created with every key), groups objects of named captures (patterns run
// without names), work the row does not need (token details, the details list).

import type { EntryKind, LogEntryDetail, LogFormat, LogRow, Outcome } from '../../../shared/protocol';
import { events, methodNames, prefilterKeywords, type EventDef } from './events';
import { countTimeEnd, leanUserIp, parseFields, parseFieldsForCount, type EntryFields } from './fields';
import { isJsSpace } from './formats';
import { detailValue, parseDiagnosticsJson, splitDetails } from './json';
import { isFailure } from './filter';
import type { SummaryBuilder } from './summary';

/** The value of a JSON string literal's body (escapes resolved; a line wrapped inside it joined). */
function jsonString(raw: string): string {
  // Nothing to resolve or join: JSON.parse would give the text back (or throw on a control character, which gives it back too).
  const escapes = raw.indexOf('\\') >= 0;
  if (!escapes && raw.indexOf('\n') < 0) return raw;
  const joined = raw.replace(/\r?\n[ \t]*/g, '');
  // Without a backslash there is no quote either (the value ends at one): JSON.parse gives the text back.
  if (!escapes) return joined;
  try {
    return JSON.parse('"' + joined + '"') as string;
  } catch {
    return joined;
  }
}

export type RowFields = Omit<LogRow, 'id' | 'file' | 'line' | 'lines'>;
export type DetailFields = Omit<LogEntryDetail, 'id' | 'file' | 'line' | 'lines'>;

export interface Classification {
  kind: EntryKind;
  event?: string;
  outcome?: Outcome;
  subject?: string;
  method?: string;
  reason?: string;
  token?: { description?: string; scope?: string; endpoint?: string; created?: string };
  details?: [string, string][];
}

/** Classification looks at this much of an entry's message at most (stack traces can be long). */
const CLASSIFY_LIMIT = 16_384;

/** Does the text contain one of the prefilter keywords? (The indexer does the same over bytes.) */
export function hasPrefilterKeyword(text: string): boolean {
  for (let i = 0; i < prefilterKeywords.length; i++) if (text.includes(prefilterKeywords[i]!)) return true;
  return false;
}

/** How many categories categoryHasKeyword remembers (a log's candidate entries come from a few loggers, interleaved). */
const RECENT_CATEGORIES = 4;
const recentCategories: (string | undefined)[] = new Array<string | undefined>(RECENT_CATEGORIES).fill(undefined);
const recentCategoryHas: boolean[] = new Array<boolean>(RECENT_CATEGORIES).fill(false);
let recentCategoryNext = 0;

/**
 * hasPrefilterKeyword(category), remembered for the last few categories (the field parser hands out
 * one string object per recent category, so most lookups are comparisons of references).
 */
function categoryHasKeyword(category: string): boolean {
  for (let i = 0; i < RECENT_CATEGORIES; i++) if (recentCategories[i] === category) return recentCategoryHas[i]!;
  const has = hasPrefilterKeyword(category);
  recentCategories[recentCategoryNext] = category;
  recentCategoryHas[recentCategoryNext] = has;
  recentCategoryNext = (recentCategoryNext + 1) % RECENT_CATEGORIES;
  return has;
}

/** The events that can apply to an entry, by its matched logger ('' = no category, '?' = a category of no known logger). */
/**
 * An event's pattern without group names, and where each named group is: the same matches and
 * captures (a name only labels a group; numbering counts named and unnamed groups alike), without
 * the `groups` object a match of a named pattern allocates.
 */
export interface CompiledEvent {
  def: EventDef;
  re: RegExp;
  /** Group numbers (0: the pattern has no such group). */
  subject: number;
  method: number;
  reason: number;
  description: number;
  scope: number;
  created: number;
  /** The pattern is `^` (no flags that matter): it matches every body at 0, with no captures (not run). */
  always: boolean;
  /**
   * The summary reads nothing this event's match captures (its outcome is not a failure, its
   * method is fixed, no special extraction): the summary-only path tests the pattern without
   * building the match.
   */
  noCaptureNeeded: boolean;
  /**
   * The summary-only path's classification of a noCaptureNeeded event (its fixed fields only), made
   * on first use and shared by every entry it classifies: countEntry's callers only read it.
   */
  uncaptured: Classification | undefined;
}

/** A pattern source with `(?<name>` turned into `(`, and the number of each named group. */
export function withoutGroupNames(source: string): { source: string; names: Map<string, number> } {
  const names = new Map<string, number>();
  let out = '';
  let n = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      out += source.slice(i, i + 2);
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') inClass = true;
    else if (c === '(') {
      if (source[i + 1] !== '?') n++;
      else {
        const m = /^\(\?<([A-Za-z_$][\w$]*)>/.exec(source.slice(i, i + 64));
        if (m) {
          n++;
          names.set(m[1]!, n);
          out += '(';
          i += m[0].length - 1;
          continue;
        }
      }
    }
    out += c;
  }
  return { source: out, names };
}

function compileEvent(def: EventDef): CompiledEvent {
  const { source, names } = withoutGroupNames(def.pattern.source);
  const at = (name: string): number => names.get(name) ?? 0;
  return {
    def, re: new RegExp(source, def.pattern.flags), always: source === '^',
    subject: at('subject'), method: at('method'), reason: at('reason'), description: at('description'), scope: at('scope'), created: at('created'),
    noCaptureNeeded: !isFailure(def.outcome) && at('method') === 0 && def.extract === undefined,
    uncaptured: undefined,
  };
}

/** The events compiled once, in their order. */
export const compiledEvents: readonly CompiledEvent[] = events.map(compileEvent);

const defsByLogger = new Map<string, CompiledEvent[]>();
let lastDefsKey: string | undefined;
let lastDefs: CompiledEvent[] = [];
function defsFor(f: EntryFields): CompiledEvent[] {
  const key = !f.category ? '' : (f.logger ?? '?');
  // The keys are the known loggers' names (the same string objects each time): the last one answers most calls.
  if (key === lastDefsKey) return lastDefs;
  let defs = defsByLogger.get(key);
  if (!defs) {
    defs = compiledEvents.filter((d) => loggerAllowed(d.def, f));
    defsByLogger.set(key, defs);
  }
  lastDefsKey = key;
  lastDefs = defs;
  return defs;
}

function loggerAllowed(def: EventDef, f: EntryFields): boolean {
  if (!def.loggers) return true;
  for (const l of def.loggers) {
    if (l === '') {
      if (!f.category) return true;
    } else if (f.logger !== undefined && (f.logger === l || f.logger.startsWith(l + '.'))) return true;
  }
  return false;
}

/** Methods as written -> as counted (a handful of distinct values; bounded). */
const methodCache = new Map<string, string>();

function normaliseMethod(m: string | undefined): string | undefined {
  if (!m) return undefined;
  let out = methodCache.get(m);
  if (out === undefined) {
    const t = m.trim();
    out = methodNames[t.toLowerCase()] ?? t;
    if (methodCache.size > 1000) methodCache.clear();
    methodCache.set(m, out);
  }
  return out;
}

/** `.,:;-–` and whitespace: what cleanReason strips at the start. */
function isLeadStrip(c: number): boolean {
  return c === 46 || c === 44 || c === 58 || c === 59 || c === 45 || c === 0x2013 || isJsSpace(c);
}

function cleanReason(r: string | undefined): string | undefined {
  if (r === undefined) return undefined;
  const first = r.charCodeAt(0);
  const last = r.charCodeAt(r.length - 1);
  if (
    r.length > 0 && !isLeadStrip(first) && first !== 114 && first !== 82 && first !== 98 && first !== 66 && // r R b B: `reason:`, `because`
    last !== 46 && !isJsSpace(last)
  ) {
    // The common case: nothing to strip (the replaces below would change nothing).
    return r.length > 300 ? r.slice(0, 300) : r;
  }
  const t = r
    .replace(/^[\s.,:;\-–]+/, '')
    .replace(/^(?:reason|because)\s*[:=]?\s*/i, '')
    .replace(/\s+$/, '')
    .replace(/(?<!\.)\.$/, ''); // one closing full stop: `User not found in JIRA.` counts with `User not found in JIRA`
  return t ? (t.length > 300 ? t.slice(0, 300) : t) : undefined;
}

/** `user ci-bot`, `username=x`: the subject (group 1) of an API token failure whose wording names none. */
const SUBJECT_FALLBACK = /\buser(?:name)?\b[ :=]+['"]?([^\s'",;]+)/i;

/** `s` without the `.` `:` `)` `]` at its end (what .replace(/[.:)\]]+$/, '') gives). */
function trimClosing(s: string): string {
  let e = s.length;
  for (let c = s.charCodeAt(e - 1); c === 46 || c === 58 || c === 41 || c === 93; c = s.charCodeAt(e - 1)) e--;
  return e === s.length ? s : s.slice(0, e);
}
const ENDPOINT = /REST endpoint: (\S+)/;

/** Classifies parsed fields. `text` is the whole entry (for the prefilter check); defaults to the body. */
export function classify(f: EntryFields, text?: string): Classification {
  return classifyFor(f, text, true, false);
}

/**
 * `detail` false: only what a row holds (no token details, no JSON details list); the row fields are the same.
 * `summary`: only what SummaryBuilder.count reads (kind, event, outcome; method and reason of a
 * failure or a pass): an event whose captures it never reads leaves subject unset.
 */
function classifyFor(f: EntryFields, text: string | undefined, detail: boolean, summary: boolean): Classification {
  try {
    // The category is a part of the entry's text: a keyword in it is in the text (and it is short).
    if (!(f.category !== undefined && categoryHasKeyword(f.category))) {
      const probe = text ?? (f.category ? f.category + ' ' + f.body : f.body);
      if (!hasPrefilterKeyword(probe)) return summary ? OTHER : other();
    }
    const body = f.body.length > CLASSIFY_LIMIT ? f.body.slice(0, CLASSIFY_LIMIT) : f.body;
    // An index loop, not for-of: until the optimising compiler takes over (the first few thousand
    // candidates of a log), an array iterator costs a call and a result object per event tried.
    const defs = defsFor(f);
    for (let i = 0; i < defs.length; i++) {
      const ce = defs[i]!;
      if (summary && ce.noCaptureNeeded) {
        if (!ce.always && !ce.re.test(body)) continue;
        return ce.uncaptured ?? (ce.uncaptured = buildUncaptured(ce));
      }
      // `^` matches at 0 with no groups: build reads nothing of its match (no exec, no match array).
      const m = ce.always ? EMPTY_MATCH : ce.re.exec(body);
      if (!m) continue;
      return build(ce, m, body, detail);
    }
  } catch {
    // fall through
  }
  return summary ? OTHER : other();
}

/** The match of `^`: what build gets for an event that is `always` (it reads no group of it; shared, never changed). */
const EMPTY_MATCH: RegExpExecArray = /^/.exec('')!;

/** The summary-only path's `other` (shared: countEntry's callers only read it). */
const OTHER: Classification = other();

/** A classification with every key present (one shape for all, see fields.ts newFields). */
function newClassification(kind: EntryKind, event: string | undefined, outcome: Outcome | undefined): Classification {
  return { kind, event, outcome, subject: undefined, method: undefined, reason: undefined, token: undefined, details: undefined };
}

function other(): Classification {
  return newClassification('other', undefined, undefined);
}

/** Capture `n` of a match (undefined when the group did not take part, or the pattern has none). */
function cap(m: RegExpExecArray, n: number): string | undefined {
  return n > 0 ? m[n] : undefined;
}

/**
 * The raw body of the JSON string value of `key` (`"message"`, with its quotes) in `s`: what
 * /"message"\s*:\s*"((?:[^"\\]|\\.)*)/ captures, or with `closed` what /"context"\s*:\s*"((?:[^"\\]|\\.)*)"/
 * captures (the value must end with its quote). Undefined when there is none.
 */
function rawJsonValue(s: string, key: string, closed: boolean): string | undefined {
  const len = s.length;
  for (let k = s.indexOf(key); k >= 0; k = s.indexOf(key, k + 1)) {
    let i = k + key.length;
    while (i < len && isJsSpace(s.charCodeAt(i))) i++;
    if (s.charCodeAt(i) !== 58) continue; // ':'
    i++;
    while (i < len && isJsSpace(s.charCodeAt(i))) i++;
    if (s.charCodeAt(i) !== 34) continue; // '"'
    const start = ++i;
    // Most values hold no backslash before their closing quote: jump to the quote.
    const q = s.indexOf('"', i);
    const b = s.indexOf('\\', i);
    if (b < 0 || (q >= 0 && q < b)) {
      if (q >= 0) return s.slice(start, q);
      if (closed) continue;
      return s.slice(start);
    }
    i = b;
    while (i < len) {
      const c = s.charCodeAt(i);
      if (c === 34) break;
      if (c === 92) {
        // `\\.`: a backslash and any character but a line terminator.
        if (i + 1 >= len) break;
        const d = s.charCodeAt(i + 1);
        if (d === 10 || d === 13 || d === 0x2028 || d === 0x2029) break;
        i += 2;
      } else i++;
    }
    if (closed && (i >= len || s.charCodeAt(i) !== 34)) continue;
    return s.slice(start, i);
  }
  return undefined;
}

/** build() of an event without its match: the fixed method and reason (what the summary reads of it). */
function buildUncaptured(ce: CompiledEvent): Classification {
  const def = ce.def;
  const c = newClassification(def.kind, def.id, def.outcome);
  const method = normaliseMethod(def.method);
  if (method) c.method = method;
  if (def.reason) c.reason = def.reason;
  return c;
}

function build(ce: CompiledEvent, m: RegExpExecArray, body: string, detail: boolean): Classification {
  const def = ce.def;
  const c = newClassification(def.kind, def.id, def.outcome);
  let subject = cap(m, ce.subject);
  if (subject === undefined && def.kind === 'apitoken' && def.outcome !== 'info') {
    // `user ci-bot: 120 requests`, `user k.nakamura.`: the name without the punctuation after it.
    const found = SUBJECT_FALLBACK.exec(body)?.[1];
    subject = found !== undefined ? trimClosing(found) || undefined : undefined;
  }
  if (subject !== undefined) c.subject = subject;
  const method = normaliseMethod(cap(m, ce.method) ?? def.method);
  if (method) c.method = method;
  const reason = cleanReason(cap(m, ce.reason)) ?? def.reason;
  if (reason) c.reason = reason;
  if (def.kind === 'apitoken' && detail) {
    const token: NonNullable<Classification['token']> = {};
    const description = cap(m, ce.description);
    const scope = cap(m, ce.scope);
    const created = cap(m, ce.created);
    if (description !== undefined) token.description = description;
    if (scope !== undefined) token.scope = scope;
    if (created !== undefined) token.created = created;
    const ep = ENDPOINT.exec(body)?.[1];
    if (ep) token.endpoint = ep;
    if (Object.keys(token).length) c.token = token;
  }
  if (def.extract === 'diagnostics') {
    // Rows need only the message details and the context: read them straight from the text (fast,
    // and it works on cut or invalid JSON too). The entry view parses the whole object (json.ts).
    const msg = rawJsonValue(body, '"message"', false);
    const ctxRaw = rawJsonValue(body, '"context"', true);
    const context = ctxRaw !== undefined ? jsonString(ctxRaw) : undefined;
    if (msg !== undefined) {
      // A row needs only the Reason detail: found without building the list (the same value).
      let reason: string | undefined;
      if (detail) {
        const details = splitDetails(jsonString(msg));
        if (details.length) c.details = details;
        reason = firstDetail(details, 'Reason');
      } else reason = detailValue(jsonString(msg), 'Reason');
      const r = cleanReason(reason);
      if (r) c.reason = r;
    }
    const cm = normaliseMethod(context);
    if (cm) c.method = cm;
  }
  return c;
}

/** The first value of `key` in details (detailMap(details).get(key)). */
function firstDetail(details: readonly [string, string][], key: string): string | undefined {
  for (const [k, v] of details) if (k === key) return v;
  return undefined;
}

/** Fields and classification of one entry: what the indexer stores as a row (without id/file/line/lines). */
export function analyseEntry(format: LogFormat, text: string, options?: { classify?: boolean }): RowFields {
  const f = parseFields(format, text);
  const c: Classification = options?.classify === false ? other() : classifyFor(f, text, false, false);
  return toRow(f, c);
}

/**
 * The indexer's summary-only path: analyseEntry(format, text) then parts.add(row with `lines`, bytes),
 * without building the row (the same counts: tested against that pair). Returns the classification:
 * kind, event and outcome as analyseEntry gives them (the indexer stores kind and outcome per entry);
 * subject, method and reason only where the summary reads them (an entry that is no failure may
 * lack its subject). Read-only: entries of an event whose captures the summary never reads (and
 * entries of kind `other`) share one object.
 */
export function countEntry(format: LogFormat, text: string, lines: number, bytes: number, parts: SummaryBuilder): Readonly<Classification> {
  const f = parseFieldsForCount(format, text);
  const c = classifyFor(f, text, false, true);
  // The summary reads user and ip of failures only.
  if (isFailure(c.outcome)) leanUserIp(f, text);
  const timeEnd = countTimeEnd();
  parts.count(c.kind, c.outcome, f.level, f.ts, timeEnd >= 0 ? text : f.time, c.method, c.reason, c.subject, f.user, f.ip, lines, bytes, timeEnd);
  return c;
}

function toRow(f: EntryFields, c: Classification): RowFields {
  const row: RowFields = { kind: c.kind, message: f.message };
  if (f.time !== undefined) row.time = f.time;
  if (f.ts !== undefined) row.ts = f.ts;
  if (f.level !== undefined) row.level = f.level;
  if (f.thread !== undefined) row.thread = f.thread;
  if (f.user !== undefined) row.user = f.user;
  if (f.requestId !== undefined) row.requestId = f.requestId;
  if (f.session !== undefined) row.session = f.session;
  if (f.ip !== undefined) row.ip = f.ip;
  if (f.url !== undefined) row.url = f.url;
  if (f.category !== undefined) row.category = f.category;
  if (f.logger !== undefined) row.logger = f.logger;
  if (c.event !== undefined) row.event = c.event;
  if (c.outcome !== undefined) row.outcome = c.outcome;
  if (c.subject !== undefined) row.subject = c.subject;
  if (c.method !== undefined) row.method = c.method;
  if (c.reason !== undefined) row.reason = c.reason;
  return row;
}

/** Everything the entry view shows: row fields, raw text (cut at rawLimit), JSON, details, token. */
export function describeEntry(format: LogFormat, text: string, rawLimit = 1_000_000): DetailFields {
  const f = parseFields(format, text);
  const c = classify(f, text);
  const truncated = text.length > rawLimit;
  const d: DetailFields = { ...toRow(f, c), raw: truncated ? text.slice(0, rawLimit) : text, truncated };
  try {
    const parsed = c.kind === 'diagnostics' || /^\s*\{"/.test(f.body) ? parseDiagnosticsJson(f.body) : undefined;
    if (parsed) d.json = parsed.json;
    // Diagnostics details; else Confluence's ` -- url: | userName: | action:` suffix or Bitbucket's request line.
    const details = c.details ?? parsed?.details ?? f.context;
    if (details) d.details = details;
    if (c.token) d.token = c.token;
  } catch {
    // the row fields are still there
  }
  return d;
}
