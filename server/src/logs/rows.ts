// The per-entry work the indexer calls, in one place: the prefilter keywords, turning one entry's
// text into a LogRow (fields + classification), the detail view, filter matching and the summary
// parts that need strings. The knowledge lives in log-analysis's modules (formats, fields,
// classify, events, json, summary, filter); this file only adapts their functions to the engine.
// Everything here is pure and synchronous over strings and runs in the workers too.

import type { LogEntryDetail, LogFilter, LogFormat, LogRow } from '../../../shared/protocol';
import { analyseEntry, countEntry as countOne, describeEntry } from './classify';
import { prefilterKeywords as analysisKeywords } from './events';
import { compileFilter, requiredAlternatives, requiredLiteral } from './filter';
import { SummaryBuilder, type SummaryState } from './summary';

/** Row fields that come from the text (the engine adds id, file, line, lines). */
export type RowFields = Omit<LogRow, 'id' | 'file' | 'line' | 'lines'>;

/**
 * Keywords of the prefilter (log-analysis's events.ts): an entry that contains none of them is never
 * an auth event (classify() returns kind `other` for it). Exact bytes; the scanner searches anchors
 * chosen from them (scan.chooseAnchors).
 */
export const prefilterKeywords: readonly string[] = analysisKeywords;

/** The row of one entry's text (fields, then classification). */
export function analyzeEntry(text: string, format: LogFormat): RowFields {
  return analyseEntry(format, text);
}

/**
 * The indexer's per-candidate work in one call, without a row: the same counts in `parts` as
 * `parts.add({ ...analyzeEntry(text, format), lines }, bytes)`, and the entry's kind and outcome
 * (what the index stores). Less CPU than that pair: no row to build and read back (bench/classify.ts).
 */
export function countEntry(text: string, format: LogFormat, lines: number, bytes: number, parts: SummaryBuilder): Pick<LogRow, 'kind' | 'outcome'> {
  return countOne(format, text, lines, bytes, parts);
}

/** Everything the entry view shows; `raw` cut at `rawLimit` characters. */
export function detailOf(text: string, format: LogFormat, rawLimit: number): Omit<LogEntryDetail, 'id' | 'file' | 'line' | 'lines'> {
  return describeEntry(format, text, rawLimit);
}

/** The text part of a filter (text/regex, user, ip), tested in the workers over entry texts. */
export interface TextMatcher {
  /** Lower-cased needles that must all occur in a group of entries for any of them to match (prefilter over whole chunks). */
  needles: string[];
  /** Lower-cased pieces of text of which every matching entry holds one (a regex's top-level alternatives: requiredAlternatives), when there are two or more. */
  anyOf?: string[];
  /** Does the entry (its text, and its row parsed on demand) match? */
  test(text: string, row: () => RowFields): boolean;
}

/** Undefined when the filter has no text part; throws an Error with a clear message for a bad regular expression. */
export function compileTextFilter(f: LogFilter): TextMatcher | undefined {
  const sub: LogFilter = {};
  const needles: string[] = [];
  let anyOf: string[] | undefined;
  if (f.text) {
    sub.text = f.text;
    if (f.regex) {
      sub.regex = true;
      // What every match holds: searched first, the regex run only where it occurs.
      const lit = requiredLiteral(f.text);
      if (lit) needles.push(lit);
      else {
        const alternatives = requiredAlternatives(f.text);
        if (alternatives && alternatives.length > 1) anyOf = alternatives;
      }
    } else needles.push(f.text.toLowerCase());
  }
  if (f.user) {
    sub.user = f.user;
    needles.push(f.user.toLowerCase());
  }
  if (f.ip) {
    sub.ip = f.ip;
    needles.push(f.ip.toLowerCase());
  }
  if (!sub.text && !sub.user && !sub.ip) return undefined;
  const c = compileFilter(sub);
  if (!c.ok) throw new Error(c.error);
  const needsRow = !!(sub.user || sub.ip);
  const blank: LogRow = { id: 0, file: 0, line: 0, lines: 0, kind: 'other', message: '' };
  return {
    needles,
    ...(anyOf ? { anyOf } : {}),
    test(text, row) {
      const r: LogRow = needsRow ? { ...row(), id: 0, file: 0, line: 0, lines: 0 } : blank;
      return c.test(r, text);
    },
  };
}

/** Summary counts of candidate entries, as log-analysis's mergeable SummaryBuilder state. */
export type SummaryParts = SummaryState;

export function newSummary(): SummaryBuilder {
  return new SummaryBuilder();
}
