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

export class SummaryBuilder {
  entries = 0;
  lines = 0;
  bytes = 0;
  private first?: { ts: number; time: string };
  private last?: { ts: number; time: string };
  private readonly byKind = new Map<EntryKind, number>();
  private readonly byOutcome = new Map<Outcome, number>();
  private readonly byLevel = new Map<string, number>();
  private readonly byMethod = new Map<string, [number, number]>();
  private readonly reasons = new Map<string, number>();
  private readonly users = new Map<string, number>();
  private readonly ips = new Map<string, number>();
  private readonly minutes = new Map<number, [number, number]>();

  /** Adds one entry; `bytes` is its size in the file when known. */
  add(row: Pick<LogRow, 'kind' | 'lines'> & Partial<LogRow>, bytes = 0): void {
    this.entries++;
    this.lines += row.lines > 0 ? row.lines : 1;
    this.bytes += bytes;
    inc(this.byKind, row.kind);
    if (row.outcome) inc(this.byOutcome, row.outcome);
    if (row.level) inc(this.byLevel, row.level);
    if (row.ts !== undefined && Number.isFinite(row.ts)) {
      const time = row.time ?? new Date(row.ts).toISOString();
      if (!this.first || row.ts < this.first.ts) this.first = { ts: row.ts, time };
      if (!this.last || row.ts >= this.last.ts) this.last = { ts: row.ts, time };
    }
    const failed = isFailure(row.outcome);
    const passed = row.outcome === 'passed';
    if (!failed && !passed) return;
    if (row.method) {
      const m = this.byMethod.get(row.method) ?? [0, 0];
      if (passed) m[0]++;
      else m[1]++;
      this.byMethod.set(row.method, m);
    }
    if (row.ts !== undefined && Number.isFinite(row.ts)) {
      const minute = Math.floor(row.ts / MINUTE) * MINUTE;
      const b = this.minutes.get(minute) ?? [0, 0];
      if (failed) b[0]++;
      else b[1]++;
      this.minutes.set(minute, b);
    }
    if (!failed) return;
    inc(this.reasons, row.reason || NO_REASON);
    const who = failingUser(row);
    if (who) inc(this.users, who);
    const ip = clientIp(row.ip);
    if (ip) inc(this.ips, ip);
  }

  /** Plain data to send between threads or store; `SummaryBuilder.from(state)` reads it back. */
  state(): SummaryState {
    const s: SummaryState = {
      entries: this.entries,
      lines: this.lines,
      bytes: this.bytes,
      byKind: [...this.byKind],
      byOutcome: [...this.byOutcome],
      byLevel: [...this.byLevel],
      byMethod: [...this.byMethod].map(([k, [p, f]]) => [k, p, f]),
      reasons: [...this.reasons],
      users: [...this.users],
      ips: [...this.ips],
      minutes: [...this.minutes].map(([k, [f, p]]) => [k, f, p]),
    };
    if (this.first) s.first = { ...this.first };
    if (this.last) s.last = { ...this.last };
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
    if (s.first && (!this.first || s.first.ts < this.first.ts)) this.first = { ...s.first };
    if (s.last && (!this.last || s.last.ts >= this.last.ts)) this.last = { ...s.last };
    for (const [k, n] of s.byKind) inc(this.byKind, k, n);
    for (const [k, n] of s.byOutcome) inc(this.byOutcome, k, n);
    for (const [k, n] of s.byLevel) inc(this.byLevel, k, n);
    for (const [k, p, f] of s.byMethod) {
      const m = this.byMethod.get(k) ?? [0, 0];
      m[0] += p;
      m[1] += f;
      this.byMethod.set(k, m);
    }
    for (const [k, n] of s.reasons) inc(this.reasons, k, n);
    for (const [k, n] of s.users) inc(this.users, k, n);
    for (const [k, n] of s.ips) inc(this.ips, k, n);
    for (const [k, f, p] of s.minutes) {
      const b = this.minutes.get(k) ?? [0, 0];
      b[0] += f;
      b[1] += p;
      this.minutes.set(k, b);
    }
  }

  build(top = TOP): LogSummary {
    const out: LogSummary = {
      entries: this.entries,
      lines: this.lines,
      bytes: this.bytes,
      byKind: Object.fromEntries([...this.byKind].sort(byKey)),
      byOutcome: Object.fromEntries([...this.byOutcome].sort(byKey)),
      byLevel: Object.fromEntries([...this.byLevel].sort(byKey)),
      byMethod: Object.fromEntries([...this.byMethod].sort(byKey).map(([k, [p, f]]) => [k, { passed: p, failed: f }])),
      failureReasons: topOf(this.reasons, top),
      topFailingUsers: topOf(this.users, top),
      topFailingIps: topOf(this.ips, top),
      timeline: timeline(this.minutes),
    };
    if (this.first) out.firstTime = this.first.time;
    if (this.last) out.lastTime = this.last.time;
    return out;
  }
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

function topOf(m: Map<string, number>, n: number): [string, number][] {
  return [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, n);
}

/** Chooses the bucket size from the span and folds the minute counts into buckets. */
export function timeline(minutes: Map<number, [number, number]>): LogSummary['timeline'] {
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
  for (const [k, [f, p]] of minutes) {
    const i = Math.floor((k - start) / bucketMs);
    failed[i]! += f;
    passed[i]! += p;
  }
  return { start, bucketMs, failed, passed };
}
