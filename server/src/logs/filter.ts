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

/** The pattern and flags of `/pattern/flags`, or a bare pattern with no flags. */
function splitRegex(source: string): { pattern: string; flags: string } {
  const slashed = /^\/(.*)\/([a-z]*)$/s.exec(source);
  return slashed ? { pattern: slashed[1]!, flags: slashed[2]! } : { pattern: source, flags: '' };
}

/** Compiles `/pattern/flags` or a bare pattern. */
export function compileRegex(source: string): { ok: true; re: RegExp } | { ok: false; error: string } {
  const { pattern, flags: given } = splitRegex(source);
  // g and y make test() stateful: drop them.
  const flags = given.replace(/[gy]/g, '');
  try {
    return { ok: true, re: new RegExp(pattern, flags) };
  } catch (e) {
    const why = e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : String(e);
    return { ok: false, error: `Invalid regular expression: ${why}` };
  }
}

/** Index after the `]` closing the class opened at p[k] (escapes inside skipped). */
function afterClass(p: string, k: number): number {
  const n = p.length;
  k++;
  if (p[k] === '^') k++;
  if (p[k] === ']') k++;
  while (k < n && p[k] !== ']') k += p[k] === '\\' ? 2 : 1;
  return k + 1;
}

/** Index after the `)` closing the group opened at p[k] (nested groups, classes and escapes skipped). */
function afterGroup(p: string, k: number): number {
  const n = p.length;
  let depth = 0;
  while (k < n) {
    const d = p[k]!;
    if (d === '\\') k += 2;
    else if (d === '[') k = afterClass(p, k);
    else {
      if (d === '(') depth++;
      else if (d === ')' && --depth === 0) break;
      k++;
    }
  }
  return k + 1;
}

/** The pattern's top-level alternatives (one when it has no top-level `|`). */
function topLevelAlternatives(p: string): string[] {
  const out: string[] = [];
  let from = 0;
  let i = 0;
  while (i < p.length) {
    const c = p[i]!;
    if (c === '\\') i += 2;
    else if (c === '[') i = afterClass(p, i);
    else if (c === '(') i = afterGroup(p, i);
    else {
      if (c === '|') {
        out.push(p.slice(from, i));
        from = i + 1;
      }
      i++;
    }
  }
  out.push(p.slice(from));
  return out;
}

/**
 * Pieces of text of which every match of the regular expression `source` holds at least one,
 * lowered, case aside: requiredLiteral's literal of each top-level alternative (`token|password`
 * gives both); undefined when an alternative has none. The filter searches them first and runs the
 * regex only on the entries that hold one.
 */
export function requiredAlternatives(source: string): string[] | undefined {
  const { pattern, flags } = splitRegex(source);
  if (flags.includes('v')) return undefined;
  const out = new Set<string>();
  for (const alt of topLevelAlternatives(pattern)) {
    const lit = requiredLiteral(`/${alt}/${flags}`);
    if (lit === undefined) return undefined;
    out.add(lit);
  }
  return [...out];
}

/**
 * A piece of text that every match of the regular expression `source` (`/pattern/flags` or a bare
 * pattern) contains, lowered, case aside: its longest run of plain ASCII characters outside groups,
 * classes and optional atoms; undefined when there is none of 3 characters or more, or when the
 * pattern has a top-level alternative. The filter searches it first and runs the regex only on the
 * entries that hold it.
 */
export function requiredLiteral(source: string): string | undefined {
  const { pattern: p, flags } = splitRegex(source);
  if (flags.includes('v')) return undefined; // (classes nest with the v flag)
  const runs: string[] = [];
  let run = '';
  const cut = (): void => {
    if (run) runs.push(run);
    run = '';
  };
  let i = 0;
  const n = p.length;
  while (i < n) {
    const c = p[i]!;
    if (c === '|') return undefined; // (groups are skipped whole: this one is at the top level)
    if (c === '(') {
      cut();
      i = afterGroup(p, i);
      continue;
    }
    if (c === '[') {
      cut();
      i = afterClass(p, i);
      continue;
    }
    if (c === '*' || c === '+' || c === '?' || c === '{') {
      // A quantifier on the character before it (a run's last): optional (*, ?, {0,...}) drops it.
      let min = c === '+' ? 1 : 0;
      let k = i + 1;
      if (c === '{') {
        const m = /^\{(\d+)(,\d*)?\}/.exec(p.slice(i));
        if (!m) {
          run += c; // a plain brace
          i++;
          continue;
        }
        min = Number(m[1]);
        k = i + m[0].length;
      }
      if (min === 0) run = run.slice(0, -1);
      cut();
      if (p[k] === '?') k++; // lazy
      i = k;
      continue;
    }
    if (c === '\\') {
      const e = p[i + 1] ?? '';
      if (/[A-Za-z0-9]/.test(e)) {
        // A class (\d \w \s \b ...), a control or code escape, a back reference: not plain text.
        cut();
        i += 2;
        if (e === 'x') i += 2;
        else if (e === 'c') i += 1;
        else if (e === 'u') i += p[i] === '{' ? p.indexOf('}', i) - i + 1 : 4;
        else if ((e === 'p' || e === 'P') && p[i] === '{') i = p.indexOf('}', i) + 1;
        else if (e === 'k' && p[i] === '<') i = p.indexOf('>', i) + 1;
        else if (/[0-9]/.test(e)) while (/[0-9]/.test(p[i] ?? '')) i++;
        if (i <= 0) return undefined; // an unclosed brace: the regex would not compile anyway
        continue;
      }
      if (e >= ' ' && e <= '~') run += e;
      else cut();
      i += 2;
      continue;
    }
    if (c === '.' || c === '^' || c === '$' || c < ' ' || c > '~') {
      cut();
      i++;
      continue;
    }
    run += c;
    i++;
  }
  cut();
  const best = runs.reduce((a, b) => (b.length > a.length ? b : a), '');
  return best.length >= 3 ? best.toLowerCase() : undefined;
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
