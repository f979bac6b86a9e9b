// Splits one entry (its first line plus continuation lines) into the LogRow fields of its format.
// Pure and synchronous; never throws; every value stays a plain string as written (log lines are
// attacker-controlled text, nothing here interprets them).

import type { LogFormat, LogRow } from '../../../shared/protocol';
import { isJsSpace, isLevel, scanned, scanTimestamp } from './formats';
import { lastCategoryKey, matchCategory } from './category';

/** The row message is the message part of the first line, cut to this many characters. */
export const MESSAGE_LIMIT = 2000;

export type EntryFields = Pick<
  LogRow,
  'time' | 'ts' | 'level' | 'thread' | 'user' | 'requestId' | 'session' | 'ip' | 'url' | 'category' | 'logger' | 'message'
> & {
  /** The whole message: the first line's message and the continuation lines (uncut). */
  body: string;
  /** Confluence's ` -- url: ... | userName: ... | action: ...` suffix, or Bitbucket's request line, as pairs. */
  context?: [string, string][];
};

const REQUEST_ID = /^\d+x\d+x\d+$/;
const IP_CHAIN = /^(?=[^,]*[.:])[0-9A-Fa-f:.,[\]%]+$/;
const CATEGORY = /(?:^| )\[([^\]\s]*)\](?= |$)/;

function opt(s: string | undefined): string | undefined {
  return s === undefined || s === '' ? undefined : s;
}
function optSession(s: string | undefined): string | undefined {
  return s === undefined || s === '' || s === '-' ? undefined : s;
}
function cut(s: string): string {
  return s.length > MESSAGE_LIMIT ? s.slice(0, MESSAGE_LIMIT) : s;
}

/**
 * Fields with every key present (undefined until found), in one order: all field objects share one
 * shape, so the code reading them stays monomorphic (the indexer calls it for every candidate).
 */
function newFields(): EntryFields {
  return {
    time: undefined, ts: undefined, level: undefined, thread: undefined, user: undefined, requestId: undefined,
    session: undefined, ip: undefined, url: undefined, category: undefined, logger: undefined,
    message: '', body: '', context: undefined,
  };
}

/**
 * Parses an entry; `text` is the entry's lines joined with `\n` (a `\r` before it is tolerated).
 * Absent fields are undefined. `lean`: only what classification and the summary read (time, ts,
 * level, user, ip, category, logger, body) need be there; the indexer's summary-only path skips
 * the rest where that saves work (thread, request id, session, url, message).
 */
export function parseFields(format: LogFormat, text: string, lean = false): EntryFields {
  return parseFieldsAs(format, text, lean, false);
}

/**
 * parseFields(format, text, true) for the summary, whose counts read user and ip of failures only:
 * for the Jira layouts' common shape, user and ip are left unset and leanUserIp(f, text) finds them
 * when asked (the same values). Other entries get them at once, as parseFields gives them.
 */
export function parseFieldsForSummary(format: LogFormat, text: string): EntryFields {
  return parseFieldsAs(format, text, true, true);
}

/** The length of the time at the start of the text parseFieldsForCount parsed last, when it left f.time unset; else -1. */
let countTime = -1;

/**
 * parseFieldsForSummary(format, text) for the indexer's summary-only path: for the Jira layouts'
 * common shape the time is left unset and countTimeEnd() gives its length (the time is
 * text.slice(0, countTimeEnd())): no string is made for it.
 */
export function parseFieldsForCount(format: LogFormat, text: string): EntryFields {
  countTime = -1;
  return parseFieldsAs(format, text, true, true, true);
}

/** See parseFieldsForCount: the time's length in the text it parsed last, or -1 when f.time holds the time (or there is none). */
export function countTimeEnd(): number {
  return countTime;
}

function parseFieldsAs(format: LogFormat, text: string, lean: boolean, deferUserIp: boolean, lazyTime = false): EntryFields {
  // Only the entry parsed now may be asked for its user and ip (another of equal text but another format may not).
  if (deferUserIp) deferredText = undefined;
  try {
    if (lean && (format === 'jira' || format === 'apitokenservice')) {
      const f = parseJiraLean(text, format, deferUserIp, lazyTime);
      if (f !== undefined) return f;
    }
    return parse(format, text, lean);
  } catch {
    const f = newFields();
    f.message = cut(firstLine(text));
    f.body = text;
    return f;
  }
}

function firstLine(text: string): string {
  const nl = text.indexOf('\n');
  const line = nl < 0 ? text : text.slice(0, nl);
  return line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
}

/**
 * parse(format, text, true) for the Jira main layout's common shape, by positions in `text`: no
 * line, body or `after` strings are made; only time, user, ip and category are sliced out, and the
 * body is one slice of `text` (the message and the continuation lines as they stand). Undefined
 * for any entry off that shape (parse handles those): a `\r` line end, a first line without a
 * timestamp, level or `[category]`, a continuation line starting with `[`, MDC fields that are not
 * five separated by single spaces.
 */
/**
 * Categories parseJiraLean found lately (checked: no whitespace in them, so CATEGORY takes them)
 * with the logger matchCategory gave for each: one comparison per known category instead of
 * the whitespace check and matchCategory's own lookup.
 */
const LEAN_RECENT = 4;
const leanKeys: (string | undefined)[] = new Array<string | undefined>(LEAN_RECENT).fill(undefined);
const leanLoggers: (string | undefined)[] = new Array<string | undefined>(LEAN_RECENT).fill(undefined);
let leanNext = 0;

/**
 * The MDC fields (`user reqid session ip url`, text[deferredStart, deferredEnd)) of the entry
 * parseJiraLean parsed last with deferUserIp: leanUserIp reads its user and ip on demand.
 */
let deferredText: string | undefined;
let deferredFormat: LogFormat = 'jira';
let deferredStart = 0;
let deferredEnd = 0;

/**
 * Sets f.user and f.ip of the entry parseFieldsForSummary(format, text) gave `f` for, when it left
 * them unset (only the last entry parsed can be asked: the indexer asks right after classifying it).
 */
export function leanUserIp(f: EntryFields, text: string): void {
  if (text !== deferredText) return;
  deferredText = undefined;
  mdcUserIp(text, deferredStart, deferredEnd, f, deferredFormat);
}

/**
 * User and ip from the MDC fields text[a, mdcEnd) as parseJiraMain reads them (lean): five fields
 * separated by single spaces, none a printed context map (the common case), else as parseJiraMain's
 * other shapes (mdcFields).
 */
function mdcUserIp(text: string, a: number, mdcEnd: number, out: EntryFields, format: LogFormat): void {
  const s1 = text.indexOf(' ', a);
  const s2 = s1 >= 0 && s1 < mdcEnd ? text.indexOf(' ', s1 + 1) : -1;
  const s3 = s2 >= 0 && s2 < mdcEnd ? text.indexOf(' ', s2 + 1) : -1;
  const s4 = s3 >= 0 && s3 < mdcEnd ? text.indexOf(' ', s3 + 1) : -1;
  if (
    s4 >= 0 && s4 < mdcEnd && text.indexOf(' ', s4 + 1) === mdcEnd &&
    text.charCodeAt(a) !== 123 && text.charCodeAt(s1 + 1) !== 123 && text.charCodeAt(s2 + 1) !== 123 &&
    text.charCodeAt(s3 + 1) !== 123 && text.charCodeAt(s4 + 1) !== 123
  ) {
    out.user = s1 > a ? text.slice(a, s1) : undefined;
    out.ip = s4 > s3 + 1 ? text.slice(s3 + 1, s4) : undefined;
    return;
  }
  mdcFields(text.slice(a, mdcEnd), out, format);
}

/** `lazyTime`: leave the time unset; its length is left in countTime. */
function parseJiraLean(text: string, format: LogFormat, deferUserIp: boolean, lazyTime: boolean): EntryFields | undefined {
  const len = text.length;
  const nl = text.indexOf('\n');
  let end = len; // the first line's end
  if (nl < 0) {
    if (text.charCodeAt(len - 1) === 13) return undefined;
  } else {
    if (nl === len - 1 || text.charCodeAt(nl - 1) === 13 || text.charCodeAt(nl + 1) === 91) return undefined;
    end = nl;
  }
  // The same result as on the first line alone: a position past its end reads `\n`, which is no digit, sign, `Z` or `:`.
  const n = scanTimestamp(text);
  if (n <= 0) return undefined;
  const ts = scanned.ts;
  const b = text.charCodeAt(n) === 32 ? n + 1 : n;
  // The first ` LEVEL ` of the line (levelAt reads `\n` past the end: no letter, no space).
  let sp = text.indexOf(' ', b);
  let level: string | undefined;
  while (sp >= 0 && sp < end) {
    level = levelAt(text, sp + 1);
    if (level !== undefined) break;
    sp = text.indexOf(' ', sp + 1);
  }
  if (sp < 0 || sp >= end || level === undefined) return undefined;
  const a = sp + level.length + 2; // where parseJiraMain's `after` starts
  // categoryOpen on [a, end): CATEGORY_AT there is `no whitespace up to the first ]` (checked below).
  let open = -1;
  let close = -1;
  let cat = '';
  let hit = -1;
  for (let i = text.indexOf('[', a); i >= 0 && i < end; i = text.indexOf('[', i + 1)) {
    if (i > a && text.charCodeAt(i - 1) !== 32) continue;
    close = text.indexOf(']', i + 1);
    if (close < 0 || close >= end) return undefined;
    if (close + 1 < end && text.charCodeAt(close + 1) !== 32) continue;
    cat = text.slice(i + 1, close);
    hit = -1;
    for (let k = 0; k < LEAN_RECENT; k++) {
      if (leanKeys[k] === cat) {
        hit = k;
        break;
      }
    }
    if (hit < 0) {
      let space = false;
      for (let k = i + 1; k < close; k++) {
        if (isJsSpace(text.charCodeAt(k))) {
          space = true;
          break;
        }
      }
      if (space) continue;
    }
    open = i;
    break;
  }
  // No category, an empty one, or nothing after it on the line (the body is then not a slice of text).
  if (open < 0 || close === open + 1 || close + 1 >= end) return undefined;
  const mdcEnd = open > a ? open - 1 : a;
  const out = newFields();
  if (lazyTime) countTime = n;
  else out.time = text.slice(0, n);
  if (!Number.isNaN(ts)) out.ts = ts;
  out.level = level;
  if (deferUserIp) {
    deferredText = text;
    deferredFormat = format;
    deferredStart = a;
    deferredEnd = mdcEnd;
  } else mdcUserIp(text, a, mdcEnd, out, format);
  if (hit >= 0) {
    out.category = leanKeys[hit]!;
    out.logger = leanLoggers[hit];
  } else {
    const m = matchCategory(cat);
    out.category = lastCategoryKey();
    if (m) out.logger = m.logger;
    leanKeys[leanNext] = out.category;
    leanLoggers[leanNext] = out.logger;
    leanNext = (leanNext + 1) % LEAN_RECENT;
  }
  // message + '\n' + the continuation lines (or the message alone): what parse joins.
  out.body = text.slice(close + 2);
  return out;
}

function parse(format: LogFormat, text: string, lean: boolean): EntryFields {
  const nl = text.indexOf('\n');
  let line = nl < 0 ? text : text.slice(0, nl);
  if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
  // (A text of one line ending in `\r` has no `\n`: its "rest" is the whole text, as it always was.)
  let rest = nl >= 0 ? text.slice(nl + 1) : text.length > line.length ? text : '';
  const n = scanTimestamp(line);
  const out = newFields();
  let body = line;
  if (n > 0) {
    out.time = line.slice(0, n);
    const ts = scanned.ts;
    if (!Number.isNaN(ts)) out.ts = ts;
    body = line.charCodeAt(n) === 32 ? line.slice(n + 1) : line.slice(n);
  }
  if (n > 0) {
    switch (format) {
      case 'jira':
      case 'apitokenservice': {
        // The seed's diagnostics example is wrapped before `[category]`: join it back.
        // (The cheap test first: most entries have no continuation line starting with `[`.)
        if (rest.charCodeAt(0) === 91 && /^\[[^\]\s]+\] /.test(rest) && !CATEGORY.test(body)) {
          const nl = rest.indexOf('\n');
          body = body + ' ' + (nl < 0 ? rest : rest.slice(0, nl)).replace(/\r$/, '');
          rest = nl < 0 ? '' : rest.slice(nl + 1);
        }
        body = parseJiraMain(body, out, format, lean);
        break;
      }
      case 'jira-security':
        body = parseSecurity(body, out);
        break;
      case 'confluence':
        body = parseConfluence(body, out, rest);
        break;
      case 'bitbucket':
        body = parseBitbucket(body, out);
        break;
      default:
        break;
    }
  }
  if (out.category) {
    const m = matchCategory(out.category);
    // The same text as one string object per recent category (classification compares it by reference).
    out.category = lastCategoryKey();
    if (m) out.logger = m.logger;
  }
  if (!lean) out.message = cut(body);
  out.body = rest ? body + '\n' + rest : body;
  return out;
}

/**
 * The level word (TRACE ... FATAL) at `i` of `s` when a space follows it, else undefined. By
 * character codes: startsWith on a sliced string costs several times more.
 */
function levelAt(s: string, i: number): string | undefined {
  const c = s.charCodeAt(i);
  const c1 = s.charCodeAt(i + 1);
  const c2 = s.charCodeAt(i + 2);
  const c3 = s.charCodeAt(i + 3);
  const c4 = s.charCodeAt(i + 4);
  if (c4 === 32) {
    // INFO / WARN
    if (c === 73 && c1 === 78 && c2 === 70 && c3 === 79) return 'INFO';
    if (c === 87 && c1 === 65 && c2 === 82 && c3 === 78) return 'WARN';
    return undefined;
  }
  if (s.charCodeAt(i + 5) !== 32) return undefined;
  switch (c) {
    case 84: // TRACE
      return c1 === 82 && c2 === 65 && c3 === 67 && c4 === 69 ? 'TRACE' : undefined;
    case 68: // DEBUG
      return c1 === 69 && c2 === 66 && c3 === 85 && c4 === 71 ? 'DEBUG' : undefined;
    case 69: // ERROR
      return c1 === 82 && c2 === 82 && c3 === 79 && c4 === 82 ? 'ERROR' : undefined;
    case 70: // FATAL
      return c1 === 65 && c2 === 84 && c3 === 65 && c4 === 76 ? 'FATAL' : undefined;
    default:
      return undefined;
  }
}

/**
 * The first `[category]` of `s` as CATEGORY (`(?:^| )\[([^\]\s]*)\](?= |$)`) finds it: the index of
 * its `[`, or -1; then its `]` is at `categoryClose` and its text is `categoryText`.
 * CATEGORY from a `[` on is: the first `]` after it, no whitespace before that, a space or the end
 * after it. A category seen lately is known to hold no whitespace: equal to one, no regex runs.
 */
function categoryOpen(s: string): number {
  const len = s.length;
  for (let i = s.indexOf('['); i >= 0; i = s.indexOf('[', i + 1)) {
    if (i > 0 && s.charCodeAt(i - 1) !== 32) continue;
    const close = s.indexOf(']', i + 1);
    if (close < 0) return -1; // no `]` after this `[`, so none after a later one either
    if (close + 1 < len && s.charCodeAt(close + 1) !== 32) continue;
    const text = s.slice(i + 1, close);
    let clean = false;
    for (let k = 0; k < CLEAN; k++) {
      if (cleanCategories[k] === text) {
        clean = true;
        break;
      }
    }
    if (!clean) {
      CATEGORY_AT.lastIndex = i;
      if (!CATEGORY_AT.test(s)) continue;
      cleanCategories[cleanNext] = text;
      cleanNext = (cleanNext + 1) % CLEAN;
    }
    categoryClose = close;
    categoryText = text;
    return i;
  }
  return -1;
}

/** CATEGORY from its `[` on (sticky: only at lastIndex). */
const CATEGORY_AT = /\[[^\]\s]*\](?= |$)/y;
/** Categories CATEGORY_AT accepted lately (no whitespace in them). */
const CLEAN = 4;
const cleanCategories: (string | undefined)[] = new Array<string | undefined>(CLEAN).fill(undefined);
let cleanNext = 0;
/** categoryOpen's other results. */
let categoryClose = -1;
let categoryText = '';

/** `thread LEVEL user reqid session ip url [category] message` (apitokenservice: reqid/session empty). */
function parseJiraMain(body: string, out: EntryFields, format: LogFormat, lean: boolean): string {
  // The first ` LEVEL ` (what / (TRACE|DEBUG|INFO|WARN|ERROR|FATAL) / finds), by a scan of the spaces.
  let sp = body.indexOf(' ');
  let level: string | undefined;
  while (sp >= 0) {
    level = levelAt(body, sp + 1);
    if (level !== undefined) break;
    sp = body.indexOf(' ', sp + 1);
  }
  if (sp < 0 || level === undefined) return body;
  if (!lean) out.thread = opt(body.slice(0, sp));
  out.level = level;
  const after = body.slice(sp + level.length + 2);
  const open = categoryOpen(after);
  if (open < 0) return after;
  const close = categoryClose;
  out.category = opt(categoryText);
  const message = after.slice(close + 2);
  // The MDC fields before ` [category]`: five separated by single spaces, none a printed context map (the common case).
  const mdcEnd = open > 0 ? open - 1 : 0;
  const s1 = after.indexOf(' ');
  const s2 = s1 >= 0 && s1 < mdcEnd ? after.indexOf(' ', s1 + 1) : -1;
  const s3 = s2 >= 0 && s2 < mdcEnd ? after.indexOf(' ', s2 + 1) : -1;
  const s4 = s3 >= 0 && s3 < mdcEnd ? after.indexOf(' ', s3 + 1) : -1;
  if (
    s4 >= 0 && s4 < mdcEnd && after.indexOf(' ', s4 + 1) === mdcEnd &&
    after.charCodeAt(0) !== 123 && after.charCodeAt(s1 + 1) !== 123 && after.charCodeAt(s2 + 1) !== 123 &&
    after.charCodeAt(s3 + 1) !== 123 && after.charCodeAt(s4 + 1) !== 123
  ) {
    out.user = opt(after.slice(0, s1));
    if (lean) {
      out.ip = opt(after.slice(s3 + 1, s4));
      return message;
    }
    if (format === 'jira') {
      out.requestId = opt(after.slice(s1 + 1, s2));
      out.session = optSession(after.slice(s2 + 1, s3));
    } else {
      // apitokenservice prints `%X{}` here: normally empty; keep anything that is there.
      const id = after.slice(s1 + 1, s2);
      if (opt(id) && REQUEST_ID.test(id)) out.requestId = id;
      out.session = optSession(after.slice(s2 + 1, s3));
    }
    out.ip = opt(after.slice(s3 + 1, s4));
    out.url = opt(after.slice(s4 + 1, mdcEnd));
    return message;
  }
  mdcFields(after.slice(0, mdcEnd), out, format);
  return message;
}

/** The MDC fields `user reqid session ip url` of any other shape (parseJiraMain's common one aside). */
function mdcFields(mdc: string, out: EntryFields, format: LogFormat): void {
  const parts = mdc.split(' ');
  if (parts.length === 5 && !parts.some((p) => p.startsWith('{'))) {
    out.user = opt(parts[0]);
    if (format === 'jira') {
      out.requestId = opt(parts[1]);
      out.session = optSession(parts[2]);
    } else {
      if (opt(parts[1]) && REQUEST_ID.test(parts[1]!)) out.requestId = parts[1];
      out.session = optSession(parts[2]);
    }
    out.ip = opt(parts[3]);
    out.url = opt(parts[4]);
  } else if (format === 'jira' && parts.length > 5 && REQUEST_ID.test(parts[parts.length - 4]!)) {
    // A user name with spaces: the four fields after it are still in place, counted from the right.
    const n = parts.length;
    out.user = opt(parts.slice(0, n - 4).join(' '));
    out.requestId = parts[n - 4];
    out.session = optSession(parts[n - 3]);
    out.ip = opt(parts[n - 2]);
    out.url = opt(parts[n - 1]);
  } else {
    assignByShape(mdc, out);
  }
}

/** Fields whose spacing is not the expected one (collapsed spaces, a printed context map): assign by what they look like. */
function assignByShape(mdc: string, out: EntryFields): void {
  const tokens = mdc.replace(/\{[^{}]*\}/g, ' ').split(/\s+/).filter(Boolean);
  for (const t of tokens) {
    if (out.url === undefined && (t.charCodeAt(0) === 47 || /^https?:\/\//i.test(t))) out.url = t;
    else if (out.requestId === undefined && REQUEST_ID.test(t)) out.requestId = t;
    else if (out.ip === undefined && IP_CHAIN.test(t) && /\d/.test(t)) out.ip = t;
    else if (out.user === undefined && out.ip === undefined && out.url === undefined && out.requestId === undefined) out.user = t;
    else if (out.session === undefined) out.session = optSession(t);
  }
}

/** `thread user reqid session ip url message` (no level, no category). */
function parseSecurity(body: string, out: EntryFields): string {
  // The first few space-separated words only (the message may be long).
  const w: string[] = [];
  const starts: number[] = [];
  let p = 0;
  while (w.length < 10 && p <= body.length) {
    const sp = body.indexOf(' ', p);
    const end = sp < 0 ? body.length : sp;
    starts.push(p);
    w.push(body.slice(p, end));
    if (sp < 0) break;
    p = sp + 1;
  }
  // The request id sits third; a thread with spaces shifts it.
  let k = 2;
  for (let i = 2; i <= 4 && i < w.length; i++) {
    if (REQUEST_ID.test(w[i]!)) {
      k = i;
      break;
    }
  }
  if (w.length < k + 5) return body;
  out.thread = opt(w.slice(0, k - 1).join(' '));
  out.user = opt(w[k - 1]);
  out.requestId = opt(w[k]);
  out.session = optSession(w[k + 1]);
  out.ip = opt(w[k + 2]);
  out.url = opt(w[k + 3]);
  return body.slice(starts[k + 4]!);
}

const CONFLUENCE = /^(TRACE|DEBUG|INFO|WARN|ERROR|FATAL) +\[(.*?)\] \[([^\]]*)\] (\S*) ?/;
const CONTEXT_KEY = /^(url|referer|traceId|userName|action|page|space|spaceKey|pageId|user): /;

/** `LEVEL [thread] [category] method message[ -- url: ... | userName: ... | action: ...]`. */
function parseConfluence(body: string, out: EntryFields, rest: string): string {
  const m = CONFLUENCE.exec(body);
  if (!m) return body;
  out.level = m[1];
  out.thread = opt(m[2]);
  out.category = opt(m[3]);
  let message = body.slice(m[0].length);
  // The context suffix is on the first line, or at the end of a multi-line entry.
  let ctx = splitConfluenceContext(message);
  if (ctx) message = ctx.message;
  else if (rest) {
    const lastNl = rest.lastIndexOf('\n', rest.length - 2);
    ctx = splitConfluenceContext(rest.slice(lastNl + 1).replace(/\r?\n$/, ''));
  }
  if (ctx) {
    out.context = ctx.pairs;
    for (const [k, v] of ctx.pairs) {
      if (k === 'url' && out.url === undefined) out.url = opt(v);
      if (k === 'userName' && out.user === undefined) out.user = opt(v);
    }
  }
  // Method `%M` keeps no field of its own in LogRow: it is left out of the message.
  return message;
}

/** Splits ` -- url: /x | userName: admin | action: login` off a Confluence message. */
export function splitConfluenceContext(s: string): { message: string; pairs: [string, string][] } | undefined {
  const i = s.lastIndexOf(' -- ');
  if (i < 0) return undefined;
  const tail = s.slice(i + 4);
  if (!CONTEXT_KEY.test(tail)) return undefined;
  const pairs: [string, string][] = [];
  for (const part of tail.split(' | ')) {
    const c = part.indexOf(': ');
    if (c <= 0) {
      if (pairs.length) pairs[pairs.length - 1]![1] += ' | ' + part;
      continue;
    }
    pairs.push([part.slice(0, c), part.slice(c + 2)]);
  }
  return { message: s.slice(0, i), pairs };
}

/** `LEVEL [thread] @reqid [user] ip "METHOD /url HTTP/1.1" logger message` (Logback). */
function parseBitbucket(body: string, out: EntryFields): string {
  const m = /^(TRACE|DEBUG|INFO|WARN|ERROR|FATAL) +\[(.*?)\] +/.exec(body);
  if (!m) return body;
  out.level = m[1];
  out.thread = opt(m[2]);
  let after = body.slice(m[0].length);
  let before = after;
  const q = after.indexOf('"');
  if (q >= 0) {
    const q2 = after.indexOf('" ', q + 1);
    const endQ = q2 >= 0 ? q2 : after.endsWith('"') ? after.length - 1 : -1;
    if (endQ > q) {
      before = after.slice(0, q);
      const request = after.slice(q + 1, endQ);
      out.context = [['request', request]];
      const rw = request.split(' ');
      const u = rw.length >= 2 ? rw[1] : rw[0];
      out.url = opt(u);
      after = after.slice(endQ + 1).replace(/^ +/, '');
      for (const t of before.split(/ +/).filter(Boolean)) assignBitbucketToken(t, out);
      const sp = after.indexOf(' ');
      out.category = opt(sp < 0 ? after : after.slice(0, sp));
      return sp < 0 ? '' : after.slice(sp + 1);
    }
  }
  // No request details (background threads): tokens until the first logger-shaped one.
  const words = after.split(' ');
  for (let i = 0; i < words.length; i++) {
    const t = words[i]!;
    if (t === '') continue;
    if (/^[A-Za-z_$][\w$]*(\.[\w$]+)+$/.test(t) && !IP_CHAIN.test(t)) {
      out.category = t;
      return words.slice(i + 1).join(' ');
    }
    if (i > 3) break;
    assignBitbucketToken(t, out);
  }
  return after;
}

function assignBitbucketToken(t: string, out: EntryFields): void {
  if (out.requestId === undefined && (t.startsWith('@') || t.startsWith('*'))) out.requestId = t;
  else if (out.ip === undefined && IP_CHAIN.test(t) && /\d/.test(t)) out.ip = t;
  else if (out.user === undefined && !isLevel(t)) out.user = t;
}
