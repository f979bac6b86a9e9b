// LogFilter -> a predicate over rows (and, for text searches, the entry's text).
// The regular expression is compiled once; an invalid one gives a clear error instead of a predicate.
// Pure; the predicate never throws.

import type { LogFilter, LogRow, Outcome } from '../../../shared/protocol';

export type RowPredicate = (row: LogRow, text?: string) => boolean;

export type CompiledFilter =
  | {
      ok: true;
      test: RowPredicate;
      /** True when the predicate needs the entry's full text (a text or regex search); without it, it searches the row message. */
      needsText: boolean;
      /** True when the filter lets every row through. */
      all: boolean;
    }
  | { ok: false; error: string };

/** Outcomes the one-click "failures" filter (and the summary's failure counts) mean. */
export const FAILURE_OUTCOMES: readonly Outcome[] = ['failed', 'denied', 'limited'];

export function isFailure(outcome: Outcome | undefined): boolean {
  return outcome === 'failed' || outcome === 'denied' || outcome === 'limited';
}

/** Entry text searched at most (a regex over a huge stack trace stays bounded). */
export const TEXT_SEARCH_LIMIT = 65_536;

/** Compiles `/pattern/flags` or a bare pattern. */
export function compileRegex(source: string): { ok: true; re: RegExp } | { ok: false; error: string } {
  const slashed = /^\/(.*)\/([a-z]*)$/s.exec(source);
  const pattern = slashed ? slashed[1]! : source;
  // g and y make test() stateful: drop them.
  const flags = slashed ? slashed[2]!.replace(/[gy]/g, '') : '';
  try {
    return { ok: true, re: new RegExp(pattern, flags) };
  } catch (e) {
    const why = e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : String(e);
    return { ok: false, error: `Invalid regular expression: ${why}` };
  }
}

export function compileFilter(filter: LogFilter | undefined): CompiledFilter {
  const f = filter ?? {};
  const checks: RowPredicate[] = [];
  if (f.kinds && f.kinds.length) {
    const kinds = new Set(f.kinds);
    checks.push((r) => kinds.has(r.kind));
  }
  if (f.outcomes && f.outcomes.length) {
    const outcomes = new Set<string>(f.outcomes);
    checks.push((r) => r.outcome !== undefined && outcomes.has(r.outcome));
  }
  if (f.failuresOnly) checks.push((r) => isFailure(r.outcome));
  if (f.levels && f.levels.length) {
    const levels = new Set(f.levels.map((l) => l.toUpperCase()));
    checks.push((r) => r.level !== undefined && levels.has(r.level.toUpperCase()));
  }
  if (f.files && f.files.length) {
    const files = new Set(f.files);
    checks.push((r) => files.has(r.file));
  }
  if (f.user) {
    const u = f.user.toLowerCase();
    checks.push((r) => (r.user !== undefined && r.user.toLowerCase().includes(u)) || (r.subject !== undefined && r.subject.toLowerCase().includes(u)));
  }
  if (f.ip) {
    const ip = f.ip;
    checks.push((r) => r.ip !== undefined && r.ip.includes(ip));
  }
  let needsText = false;
  if (f.text) {
    needsText = true;
    if (f.regex) {
      const c = compileRegex(f.text);
      if (!c.ok) return c;
      const re = c.re;
      checks.push((r, text) => re.test(bounded(text ?? r.message)));
    } else {
      const needle = f.text.toLowerCase();
      checks.push((r, text) => bounded(text ?? r.message).toLowerCase().includes(needle));
    }
  }
  const all = checks.length === 0;
  const test: RowPredicate = (row, text) => {
    try {
      for (const c of checks) if (!c(row, text)) return false;
      return true;
    } catch {
      return false;
    }
  };
  return { ok: true, test, needsText, all };
}

function bounded(s: string): string {
  return s.length > TEXT_SEARCH_LIMIT ? s.slice(0, TEXT_SEARCH_LIMIT) : s;
}
