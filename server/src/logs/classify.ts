// Classifies one entry with the event data of events.ts: kind, event id, outcome, subject,
// method, reason, and the details an entry view shows. Pure, synchronous, never throws.
//
//   analyseEntry(format, text)            -> a LogRow without its position fields (what the indexer stores)
//   describeEntry(format, text, rawLimit) -> the same plus raw text, JSON, details, token (the entry view)

import type { EntryKind, LogEntryDetail, LogFormat, LogRow, Outcome } from '../../../shared/protocol';
import { events, methodNames, prefilterKeywords, type EventDef } from './events';
import { parseFields, type EntryFields } from './fields';
import { detailMap, parseDiagnosticsJson, splitDetails } from './json';

/** The value of a JSON string literal's body (escapes resolved; a line wrapped inside it joined). */
function jsonString(raw: string): string {
  const joined = raw.replace(/\r?\n[ \t]*/g, '');
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
  for (const k of prefilterKeywords) if (text.includes(k)) return true;
  return false;
}

/** The events that can apply to an entry, by its matched logger ('' = no category, '?' = a category of no known logger). */
const defsByLogger = new Map<string, EventDef[]>();
function defsFor(f: EntryFields): EventDef[] {
  const key = !f.category ? '' : (f.logger ?? '?');
  let defs = defsByLogger.get(key);
  if (!defs) {
    defs = events.filter((d) => loggerAllowed(d, f));
    defsByLogger.set(key, defs);
  }
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

function normaliseMethod(m: string | undefined): string | undefined {
  if (!m) return undefined;
  const t = m.trim();
  return methodNames[t.toLowerCase()] ?? t;
}

function cleanReason(r: string | undefined): string | undefined {
  if (r === undefined) return undefined;
  const t = r
    .replace(/^[\s.,:;\-–]+/, '')
    .replace(/^(?:reason|because)\s*[:=]?\s*/i, '')
    .replace(/\s+$/, '')
    .replace(/(?<!\.)\.$/, ''); // one closing full stop: `User not found in JIRA.` counts with `User not found in JIRA`
  return t ? (t.length > 300 ? t.slice(0, 300) : t) : undefined;
}

const SUBJECT_FALLBACK = /\buser(?:name)?\b[ :=]+['"]?(?<subject>[^\s'",;]+)/i;
const ENDPOINT = /REST endpoint: (\S+)/;

/** Classifies parsed fields. `text` is the whole entry (for the prefilter check); defaults to the body. */
export function classify(f: EntryFields, text?: string): Classification {
  try {
    const probe = text ?? (f.category ? f.category + ' ' + f.body : f.body);
    if (!hasPrefilterKeyword(probe)) return { kind: 'other' };
    const body = f.body.length > CLASSIFY_LIMIT ? f.body.slice(0, CLASSIFY_LIMIT) : f.body;
    for (const def of defsFor(f)) {
      const m = def.pattern.exec(body);
      if (!m) continue;
      return build(def, m.groups ?? {}, body);
    }
  } catch {
    // fall through
  }
  return { kind: 'other' };
}

function build(def: EventDef, g: Record<string, string | undefined>, body: string): Classification {
  const c: Classification = { kind: def.kind, event: def.id, outcome: def.outcome };
  let subject = g['subject'];
  if (subject === undefined && def.kind === 'apitoken' && def.outcome !== 'info') {
    // `user ci-bot: 120 requests`, `user k.nakamura.`: the name without the punctuation after it.
    subject = SUBJECT_FALLBACK.exec(body)?.groups?.['subject']?.replace(/[.:)\]]+$/, '') || undefined;
  }
  if (subject !== undefined) c.subject = subject;
  const method = normaliseMethod(g['method'] ?? def.method);
  if (method) c.method = method;
  const reason = cleanReason(g['reason']) ?? def.reason;
  if (reason) c.reason = reason;
  if (def.kind === 'apitoken') {
    const token: NonNullable<Classification['token']> = {};
    if (g['description'] !== undefined) token.description = g['description'];
    if (g['scope'] !== undefined) token.scope = g['scope'];
    if (g['created'] !== undefined) token.created = g['created'];
    const ep = ENDPOINT.exec(body)?.[1];
    if (ep) token.endpoint = ep;
    if (Object.keys(token).length) c.token = token;
  }
  if (def.extract === 'diagnostics') {
    // Rows need only the message details and the context: read them straight from the text (fast,
    // and it works on cut or invalid JSON too). The entry view parses the whole object (json.ts).
    const msg = /"message"\s*:\s*"((?:[^"\\]|\\.)*)/.exec(body)?.[1];
    const details = msg !== undefined ? splitDetails(jsonString(msg)) : undefined;
    const ctxRaw = /"context"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(body)?.[1];
    const context = ctxRaw !== undefined ? jsonString(ctxRaw) : undefined;
    if (details && details.length) {
      c.details = details;
      const d = detailMap(details);
      const r = cleanReason(d.get('Reason'));
      if (r) c.reason = r;
    }
    const m = normaliseMethod(context);
    if (m) c.method = m;
  }
  return c;
}

/** Fields and classification of one entry: what the indexer stores as a row (without id/file/line/lines). */
export function analyseEntry(format: LogFormat, text: string, options?: { classify?: boolean }): RowFields {
  const f = parseFields(format, text);
  const c: Classification = options?.classify === false ? { kind: 'other' } : classify(f, text);
  return toRow(f, c);
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
