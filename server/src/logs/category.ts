// Matches a category as a layout printed it to the documented logger it belongs to.
//   %q{2} (Atlassian): leading segments shrink to one letter, the last two packages and the class stay
//                      (`de.resolution.apitokenauth.ApiTokenAuthenticationService` -> `d.resolution.apitokenauth.ApiTokenAuthenticationService`).
//   %c{4} (Confluence): only the last four segments (`apitokenauth.platform.auth.ApiTokenRateLimiter`).
//   Logback %logger{36} (Bitbucket): leading segments shrink to one letter until it fits (`d.r.a.p.auth.ApiTokenAuthSharedBase`).
// Pure; never throws.

import { knownLoggers, type KnownLogger } from './knowledge/loggers';

export interface CategoryMatch {
  /** The most specific known logger (documented or seen in logs) the category is, or descends from. */
  known: KnownLogger;
  /** The most specific documented logger the category is or descends from (what a config must name). */
  logger: string;
  /** The category's full name when it could be recovered (the known logger itself, or a child with the abbreviated prefix expanded). */
  expanded: string;
}

const split = knownLoggers.map((l) => ({ l, segs: l.name.split('.') }));
const cache = new Map<string, CategoryMatch | null>();

/** Does `seg` (as printed) stand for `full`: equal, or abbreviated to its first letter (%q, Logback)? */
function segMatches(seg: string, full: string): boolean {
  return seg === full || (seg.length === 1 && full.length > 1 && full.charCodeAt(0) === seg.charCodeAt(0));
}

/**
 * How many leading segments of the full name `full` the category drops (0 for %q / Logback
 * abbreviations), or -1 when the category is not `full` or one of its descendants.
 */
function alignment(cat: readonly string[], full: readonly string[]): number {
  // Abbreviated or complete from the start.
  if (cat.length >= full.length) {
    let ok = true;
    for (let i = 0; i < full.length; i++) {
      // Abbreviation may only shrink segments that are not the class (the last printed segment).
      if (!(i < cat.length - 1 ? segMatches(cat[i]!, full[i]!) : cat[i] === full[i])) {
        ok = false;
        break;
      }
    }
    if (ok) return 0;
  }
  // Truncated from the left (%c{n}): the category starts inside the full name; the part of the
  // full name it covers must be written out in full.
  for (let skip = 1; skip < full.length; skip++) {
    const covered = full.length - skip;
    if (cat.length < covered) continue;
    let ok = true;
    for (let i = 0; i < covered; i++) {
      if (cat[i] !== full[skip + i]) {
        ok = false;
        break;
      }
    }
    if (ok) return skip;
  }
  return -1;
}

/** The known logger a category belongs to, or undefined. Results are cached (categories repeat). */
export function matchCategory(category: string | undefined): CategoryMatch | undefined {
  if (!category) return undefined;
  // A log has few categories among its candidate entries: the last four answer most calls without hashing.
  for (let i = 0; i < RECENT; i++) {
    if (recentKeys[i] === category) {
      lastKey = recentKeys[i]!;
      return recentResults[i];
    }
  }
  const r = lookup(category);
  recentKeys[recentNext] = category;
  recentResults[recentNext] = r;
  recentNext = (recentNext + 1) % RECENT;
  lastKey = category;
  return r;
}

let lastKey = '';

/**
 * The category the last matchCategory call was given, as the string it remembers (equal to it):
 * one object per recent category, so later comparisons with it are comparisons of references.
 */
export function lastCategoryKey(): string {
  return lastKey;
}

const RECENT = 4;
const recentKeys: (string | undefined)[] = new Array<string | undefined>(RECENT).fill(undefined);
const recentResults: (CategoryMatch | undefined)[] = new Array<CategoryMatch | undefined>(RECENT).fill(undefined);
let recentNext = 0;

function lookup(category: string): CategoryMatch | undefined {
  const hit = cache.get(category);
  if (hit !== undefined) return hit ?? undefined;
  let result: CategoryMatch | null = null;
  try {
    const cat = category.split('.');
    let best: { l: KnownLogger; segs: string[]; skip: number } | undefined;
    let bestDoc: { l: KnownLogger; segs: string[] } | undefined;
    for (const { l, segs } of split) {
      const skip = alignment(cat, segs);
      if (skip < 0) continue;
      // A truncated match of a bare class name (`AuditLog` alone) is too weak.
      if (skip > 0 && cat.length < 2) continue;
      if (!best || segs.length > best.segs.length) best = { l, segs, skip };
      if (l.documented && (!bestDoc || segs.length > bestDoc.segs.length)) bestDoc = { l, segs };
    }
    if (best && bestDoc) {
      const prefix = best.segs.slice(0, best.skip);
      const expandedSegs = best.skip > 0 ? [...prefix, ...cat] : cat.map((s, i) => (i < best!.segs.length ? best!.segs[i]! : s));
      result = { known: best.l, logger: bestDoc.l.name, expanded: expandedSegs.join('.') };
    }
  } catch {
    result = null;
  }
  if (cache.size > 5000) cache.clear();
  cache.set(category, result);
  return result ?? undefined;
}

/** Abbreviates a logger name the way Atlassian's `%q{n}` converter prints it. */
export function abbreviateQ(name: string, keep = 2): string {
  const segs = name.split('.');
  const n = segs.length - 1 - keep; // segments to shrink (all but `keep` packages and the class)
  return segs.map((s, i) => (i < n && s.length > 0 ? s[0] : s)).join('.');
}
