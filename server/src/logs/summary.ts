// An incremental summary of rows: add(row) ... build() -> LogSummary. Mergeable: each worker or
// file keeps its own builder, sends `state()` (plain data, structured-clone and JSON safe), and
// the session merges them (`merge(a, b)`), exactly, in any order. The timeline keeps per-minute
// counts and picks its bucket size from the time span only when built.
// Pure; attacker-controlled keys (user names, reasons) are kept in Maps, never as object keys
// that could reach a prototype.

import type { EntryKind, LogRow, LogSummary, Outcome } from '../../../shared/protocol';
import { isFailure } from './filter';

export interface SummaryState {
  entries: number;
  lines: number;
  bytes: number;
  first?: { ts: number; time: string };
  last?: { ts: number; time: string };
  /** Entries without a timestamp-derived time: their first/last stay by position. */
  firstUntimed?: string;
  byKind: [EntryKind, number][];
  byOutcome: [Outcome, number][];
  byLevel: [string, number][];
  byMethod: [string, number, number][];
  reasons: [string, number][];
  users: [string, number][];
  ips: [string, number][];
  /** [minute start (epoch ms), failed, passed] */
  minutes: [number, number, number][];
}

export const NO_REASON = '(no reason logged)';
export const TOP = 10;
const MINUTE = 60_000;
/** Bucket sizes the timeline chooses from: the smallest that gives at most MAX_BUCKETS buckets. */
export const BUCKET_STEPS = [1, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080, 43200].map((m) => m * MINUTE);
export const MAX_BUCKETS = 120;

function inc<K>(m: Map<K, number>, k: K, by = 1): void {
  m.set(k, (m.get(k) ?? 0) + by);
}

/** How many keys SmallCounts compares before a Map takes over. */
const SMALL = 16;

/**
 * Counts of a few keys (kinds, outcomes, levels: a handful of values, mostly the same string
 * constants), in the order first seen, like a Map's entries. A linear scan of a few keys compared
 * with === beats hashing each time; past 16 keys (never in practice) a Map takes over.
 * The keys are an array made full size with its final kind of elements (objects and strings), the
 * counts a Float64Array: an empty literal began as small integers and changed at the first key,
 * which discarded the optimised count() once or twice per index (--trace-deopt: "wrong map", "not a Smi").
 */
class SmallCounts<K> {
  private readonly keys: (K | undefined)[] = new Array<K | undefined>(SMALL).fill(undefined);
  // Doubles: a count merged from another thread's summary may arrive as a heap number, which an
  // array of small integers would change kind for (a deoptimisation of inc at the merge).
  private readonly counts = new Float64Array(SMALL);
  private size = 0;
  private map: Map<K, number> | undefined = undefined;

  inc(k: K, by = 1): void {
    if (this.map !== undefined) {
      inc(this.map, k, by);
      return;
    }
    const keys = this.keys;
    const n = this.size;
    for (let i = 0; i < n; i++) {
      if (keys[i] === k) {
        this.counts[i]! += by;
        return;
      }
    }
    if (n >= SMALL) {
      this.map = new Map(this.entries());
      inc(this.map, k, by);
      return;
    }
    keys[n] = k;
    this.counts[n] = by;
    this.size = n + 1;
  }

  entries(): [K, number][] {
    if (this.map !== undefined) return [...this.map];
    const out: [K, number][] = [];
    for (let i = 0; i < this.size; i++) out.push([this.keys[i] as K, this.counts[i]!]);
    return out;
  }
}

/**
 * A count that stays in its Map. Made with `new`, not as a literal: the boxes live long, and a
 * literal's allocation site switching to old-space allocation discarded the optimised count() and
 * Tally.inc once per run (V8 --trace-deopt: "code dependencies").
 */
class Box {
  constructor(public n: number) {}
}

/** Two counts (made with `new` for the same reason as Box). */
class Pair {
  constructor(
    public a: number,
    public b: number,
  ) {}
}

/**
 * Counts per string key in a Map whose values are boxes: one lookup per count (a Map of numbers
 * needs a get and a set). The keys are mostly fresh slices of entry texts (users, addresses,
 * reasons): V8 compares such strings in a slow path, so comparing with a few recent keys before
 * the lookup cost more than it saved (issue 8's measurements on the generated Jira log).
 */
class Tally {
  private readonly map = new Map<string, Box>();

  inc(k: string, by = 1): void {
    const box = this.map.get(k);
    if (box === undefined) this.map.set(k, new Box(by));
    else box.n += by;
  }

  entries(): [string, number][] {
    const out: [string, number][] = [];
    for (const [k, b] of this.map) out.push([k, b.n]);
    return out;
  }
}

export class SummaryBuilder {
  entries = 0;
  lines = 0;
  bytes = 0;
  // first/last as plain fields (no object per entry); `firstTime === undefined` means none yet.
  // A time given as the start of an entry's text (count's timeEnd) is kept as that text and the
  // time's length (-1: the whole string is the time), and cut out only when read (timeOf).
  // NaN, a double like the times stored later (a field that began as a small integer changed its
  // representation at the first time, which discarded the optimised count() once).
  private firstTs = NaN;
  private firstTime: string | undefined = undefined;
  private firstEnd = -1;
  private lastTs = NaN;
  private lastTime: string | undefined = undefined;
  private lastEnd = -1;
  private readonly byKind = new SmallCounts<EntryKind>();
  private readonly byOutcome = new SmallCounts<Outcome>();
  private readonly byLevel = new SmallCounts<string>();
  /** Per method: a = passed, b = failed. */
  private readonly byMethod = new Map<string, Pair>();
  private readonly reasons = new Tally();
  private readonly users = new Tally();
  private readonly ips = new Tally();
  /** Per minute: a = failed, b = passed. */
  private readonly minutes = new Map<number, Pair>();
  /** The minute last counted and its counts (entries come in time order: most hit it). */
  private lastMinute = NaN;
  private lastBucket = new Pair(0, 0);

  /** Adds one entry; `bytes` is its size in the file when known. */
  add(row: Pick<LogRow, 'kind' | 'lines'> & Partial<LogRow>, bytes = 0): void {
    this.count(row.kind, row.outcome, row.level, row.ts, row.ts !== undefined && Number.isFinite(row.ts) ? (row.time ?? new Date(row.ts).toISOString()) : undefined,
      row.method, row.reason, row.subject, row.user, row.ip, row.lines, bytes);
  }

  /**
   * add() from the row's fields as arguments (the indexer's summary-only path calls it without
   * building a row): the same counts. `time` is the time string of a finite `ts`; with `timeEnd`
   * >= 0, `time` is a text that starts with it and timeEnd its length (it is cut out only if this
   * entry stays the first or last).
   */
  count(
    kind: EntryKind, outcome: Outcome | undefined, level: string | undefined, ts: number | undefined, time: string | undefined,
    method: string | undefined, reason: string | undefined, subject: string | undefined, user: string | undefined, ip: string | undefined,
    lines: number, bytes: number, timeEnd = -1,
  ): void {
    this.entries++;
    this.lines += lines > 0 ? lines : 1;
    this.bytes += bytes;
    this.byKind.inc(kind);
    if (outcome) this.byOutcome.inc(outcome);
    if (level) this.byLevel.inc(level);
    const timed = ts !== undefined && Number.isFinite(ts);
    if (timed) {
      // Stored on every call (the same value when it stays): a store that only a builder's first
      // entry makes has no type feedback (the first calls run before V8 keeps any), so a new
      // builder's first entry discarded the optimised count() of the previous one.
      const first = this.firstTime === undefined || ts < this.firstTs;
      this.firstTs = first ? ts : this.firstTs;
      this.firstTime = first ? time! : this.firstTime;
      this.firstEnd = first ? timeEnd : this.firstEnd;
      if (this.lastTime === undefined || ts >= this.lastTs) {
        this.lastTs = ts;
        this.lastTime = time!;
        this.lastEnd = timeEnd;
      }
    }
    const failed = isFailure(outcome);
    const passed = outcome === 'passed';
    if (!failed && !passed) return;
    if (method) {
      let m = this.byMethod.get(method);
      if (m === undefined) {
        m = new Pair(0, 0);
        this.byMethod.set(method, m);
      }
      if (passed) m.a++;
      else m.b++;
    }
    if (timed) {
      const minute = Math.floor(ts / MINUTE) * MINUTE;
      let b = this.lastBucket;
      if (minute !== this.lastMinute) {
        const got = this.minutes.get(minute);
        if (got === undefined) {
          b = new Pair(0, 0);
          this.minutes.set(minute, b);
        } else b = got;
        this.lastMinute = minute;
        this.lastBucket = b;
      }
      if (failed) b.a++;
      else b.b++;
    }
    if (!failed) return;
    this.reasons.inc(reason || NO_REASON);
    const who = subject ? subject : user && user !== 'anonymous' ? user : undefined; // failingUser
    if (who) this.users.inc(who);
    const ipc = clientIp(ip);
    if (ipc) this.ips.inc(ipc);
  }

  /** Plain data to send between threads or store; `SummaryBuilder.from(state)` reads it back. */
  state(): SummaryState {
    const s: SummaryState = {
      entries: this.entries,
      lines: this.lines,
      bytes: this.bytes,
      byKind: this.byKind.entries(),
      byOutcome: this.byOutcome.entries(),
      byLevel: this.byLevel.entries(),
      byMethod: [...this.byMethod].map(([k, m]) => [k, m.a, m.b]),
      reasons: this.reasons.entries(),
      users: this.users.entries(),
      ips: this.ips.entries(),
      minutes: [...this.minutes].map(([k, b]) => [k, b.a, b.b]),
    };
    if (this.firstTime !== undefined) s.first = { ts: this.firstTs, time: timeOf(this.firstTime, this.firstEnd) };
    if (this.lastTime !== undefined) s.last = { ts: this.lastTs, time: timeOf(this.lastTime, this.lastEnd) };
    return s;
  }

  static from(state: SummaryState): SummaryBuilder {
    const b = new SummaryBuilder();
    b.mergeState(state);
    return b;
  }

  /** Adds another builder's counts (or its state) to this one. */
  merge(other: SummaryBuilder | SummaryState): this {
    this.mergeState(other instanceof SummaryBuilder ? other.state() : other);
    return this;
  }

  private mergeState(s: SummaryState): void {
    this.entries += s.entries;
    this.lines += s.lines;
    this.bytes += s.bytes;
    if (s.first && (this.firstTime === undefined || s.first.ts < this.firstTs)) {
      this.firstTs = s.first.ts;
      this.firstTime = s.first.time;
      this.firstEnd = -1;
    }
    if (s.last && (this.lastTime === undefined || s.last.ts >= this.lastTs)) {
      this.lastTs = s.last.ts;
      this.lastTime = s.last.time;
      this.lastEnd = -1;
    }
    for (const [k, n] of s.byKind) this.byKind.inc(k, n);
    for (const [k, n] of s.byOutcome) this.byOutcome.inc(k, n);
    for (const [k, n] of s.byLevel) this.byLevel.inc(k, n);
    for (const [k, p, f] of s.byMethod) {
      const m = this.byMethod.get(k) ?? new Pair(0, 0);
      m.a += p;
      m.b += f;
      this.byMethod.set(k, m);
    }
    for (const [k, n] of s.reasons) this.reasons.inc(k, n);
    for (const [k, n] of s.users) this.users.inc(k, n);
    for (const [k, n] of s.ips) this.ips.inc(k, n);
    for (const [k, f, p] of s.minutes) {
      const b = this.minutes.get(k) ?? new Pair(0, 0);
      b.a += f;
      b.b += p;
      this.minutes.set(k, b);
    }
  }

  build(top = TOP): LogSummary {
    const out: LogSummary = {
      entries: this.entries,
      lines: this.lines,
      bytes: this.bytes,
      byKind: Object.fromEntries(this.byKind.entries().sort(byKey)),
      byOutcome: Object.fromEntries(this.byOutcome.entries().sort(byKey)),
      byLevel: Object.fromEntries(this.byLevel.entries().sort(byKey)),
      byMethod: Object.fromEntries([...this.byMethod].sort(byKey).map(([k, m]) => [k, { passed: m.a, failed: m.b }])),
      failureReasons: topOf(this.reasons.entries(), top),
      topFailingUsers: topOf(this.users.entries(), top),
      topFailingIps: topOf(this.ips.entries(), top),
      timeline: timeline(this.minutes),
    };
    if (this.firstTime !== undefined) out.firstTime = timeOf(this.firstTime, this.firstEnd);
    if (this.lastTime !== undefined) out.lastTime = timeOf(this.lastTime, this.lastEnd);
    return out;
  }
}

/** A time kept as count() got it: the string, or its first `end` characters when end >= 0. */
function timeOf(time: string, end: number): string {
  return end < 0 ? time : time.slice(0, end);
}

/** Merges two states into a new one (neither is changed). */
export function merge(a: SummaryState, b: SummaryState): SummaryState {
  return SummaryBuilder.from(a).merge(b).state();
}

/** Summarises rows in one go. */
export function summarise(rows: Iterable<Pick<LogRow, 'kind' | 'lines'> & Partial<LogRow>>): LogSummary {
  const b = new SummaryBuilder();
  for (const r of rows) b.add(r);
  return b.build();
}

/** The user a failure is about: the event's subject, else the request's user unless anonymous. */
export function failingUser(row: Partial<LogRow>): string | undefined {
  if (row.subject) return row.subject;
  if (row.user && row.user !== 'anonymous') return row.user;
  return undefined;
}

/** The client address of an IP field: the first address of a proxy chain `client,proxy`. */
export function clientIp(ip: string | undefined): string | undefined {
  if (!ip) return undefined;
  const c = ip.indexOf(',');
  const first = (c < 0 ? ip : ip.slice(0, c)).trim();
  return first || undefined;
}

function byKey(a: [string, unknown], b: [string, unknown]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

function topOf(m: [string, number][], n: number): [string, number][] {
  return m.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, n);
}

/** Chooses the bucket size from the span and folds the minute counts (a: failed, b: passed) into buckets. */
export function timeline(minutes: ReadonlyMap<number, { readonly a: number; readonly b: number }>): LogSummary['timeline'] {
  if (minutes.size === 0) return { start: 0, bucketMs: MINUTE, failed: [], passed: [] };
  let min = Infinity;
  let max = -Infinity;
  for (const k of minutes.keys()) {
    if (k < min) min = k;
    if (k > max) max = k;
  }
  const span = max - min + MINUTE;
  let bucketMs = BUCKET_STEPS.find((s) => Math.ceil(span / s) <= MAX_BUCKETS);
  if (bucketMs === undefined) {
    const month = BUCKET_STEPS[BUCKET_STEPS.length - 1]!;
    bucketMs = Math.ceil(span / MAX_BUCKETS / month) * month;
  }
  const start = Math.floor(min / bucketMs) * bucketMs;
  const count = Math.floor((max - start) / bucketMs) + 1;
  const failed = new Array<number>(count).fill(0);
  const passed = new Array<number>(count).fill(0);
  for (const [k, { a: f, b: p }] of minutes) {
    const i = Math.floor((k - start) / bucketMs);
    failed[i]! += f;
    passed[i]! += p;
  }
  return { start, bucketMs, failed, passed };
}
