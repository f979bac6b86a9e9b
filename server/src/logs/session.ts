// A LogSession: several log files (a Data Center cluster's nodes, or a log and its rotated .1 ... .5)
// read as one list of entries merged by time, served in pages.
//
// - Each file has its own FileIndex (indexer.ts), built by the worker pool; the first page is there
//   after the first chunk, while the rest is still being indexed.
// - Merged order: one file = the file's order. Several files = a stable k-way merge by timestamp
//   (equal times keep file order; an entry without a time of its own keeps the time before it).
//   The order only grows, so ids are stable even while indexing: an entry joins once no file still
//   being indexed can produce an earlier one. Follow mode appends new entries at the end. Only a
//   truncation starts it over (a `changed` event with reason `truncated`).
// - Filters: kinds/outcomes/levels/files/failures are answered from the index's columns on the main
//   thread (a tight loop over bytes); text, regex, user and ip filters run in the workers over the
//   entries' bytes, slice by slice, both cores; a page shows what is matched so far (`indexing`).
// - Rows, details, summaries and exports use log-analysis's functions (through rows.ts).

import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { basename, dirname } from 'node:path';
import type {
  ChangedParams, IndexProgress, LogEntryDetail, LogFileInfo, LogFilter, LogFormat, LogRow, LogSummary, MessageParams, PageResult,
} from '../../../shared/protocol';
import { LogFileError, openLogSource, type LogSource, type Segment } from './fileAccess';
import { FileIndex, defaultPool, fileSummaryState, type WorkerPool } from './indexer';
import { runFilterWith, type FilterJob, type JobMessage } from './jobs';
import { analyzeEntry, compileTextFilter, detailOf, newSummary } from './rows';
import { stripEol } from './scan';
import { Column, FLAG_CANDIDATE, kindCode, levelCode, outcomeCode, LEVEL_CODES } from './store';
import { csvHeader, csvLine, jsonLine } from './export';
import { Follower } from './follow';
import type { SummaryState } from './summary';

export interface SessionOptions {
  pool?: WorkerPool;
  chunkSize?: number;
  inProcessBelow?: number;
  /** See IndexOptions.headRange (default true: the viewer wants its first rows at once). */
  headRange?: boolean;
  /** Poll interval of follow mode (default 500 ms). */
  followIntervalMs?: number;
  /** Characters of an entry's raw text in `entry()` (default 1 MiB). */
  rawLimit?: number;
  onProgress?: (p: IndexProgress) => void;
  onChanged?: (c: ChangedParams) => void;
  onMessage?: (m: MessageParams) => void;
}

/** Bytes of an entry read to make its row (the message is cut at 2,000 characters anyway). */
const ROW_BYTES = 64 * 1024;
/** Merged positions handed to the workers per filter slice. */
const SLICE = 1 << 18;

/** Entries of one (file, segment) for one filter job, in typed arrays grown by doubling. */
class JobGroup {
  n = 0;
  ids = new Float64Array(1024);
  starts = new Float64Array(1024);
  ends = new Float64Array(1024);
  flags = new Uint8Array(1024);
  lines = new Float64Array(1024);
  constructor(readonly f: number, readonly seg: Segment) {}

  push(id: number, start: number, end: number, flags: number, lines: number): void {
    if (this.n === this.ids.length) this.grow();
    const i = this.n++;
    this.ids[i] = id;
    this.starts[i] = start;
    this.ends[i] = end;
    this.flags[i] = flags;
    this.lines[i] = lines;
  }

  /**
   * Entries [l, e) of `x` (merged positions id, id + 1, ...), all in this group's segment: the
   * columns read a block at a time (the same values push would be given one entry at a time).
   */
  pushRun(x: FileIndex, l: number, e: number, id: number): void {
    const m = e - l;
    if (m <= 0) return;
    while (this.n + m > this.ids.length) this.grow();
    const n = this.n;
    const { base, size } = this.seg;
    const starts = this.starts.subarray(n, n + m);
    x.cols.offset.read(l, m, starts);
    x.cols.flags.read(l, m, this.flags.subarray(n, n + m));
    const line = new Uint32Array(m + 1);
    const withNext = e < x.cols.length;
    x.cols.line.read(l, withNext ? m + 1 : m, line);
    const ends = this.ends;
    const lines = this.lines;
    const ids = this.ids;
    const limit = base + size;
    for (let k = 0; k < m; k++) {
      const next = k + 1 < m ? starts[k + 1]! : x.entryEnd(e - 1);
      ends[n + k] = (next < limit ? next : limit) - base;
      lines[n + k] = k + 1 < m || withNext ? line[k + 1]! - line[k]! : x.entryLines(e - 1);
      ids[n + k] = id + k;
    }
    for (let k = 0; k < m; k++) starts[k] = starts[k]! - base;
    this.n = n + m;
  }

  private grow(): void {
    const cap = this.ids.length * 2;
    const g = <T extends Float64Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this.ids = g(this.ids, (n) => new Float64Array(n));
    this.starts = g(this.starts, (n) => new Float64Array(n));
    this.ends = g(this.ends, (n) => new Float64Array(n));
    this.flags = g(this.flags, (n) => new Uint8Array(n));
    this.lines = g(this.lines, (n) => new Float64Array(n));
  }

  job(format: LogFormat, filter: LogFilter): FilterJob {
    const n = this.n;
    return {
      kind: 'filter', readPath: this.seg.readPath, format, filter, parts: true,
      ids: this.ids.slice(0, n), starts: this.starts.slice(0, n), ends: this.ends.slice(0, n), flags: this.flags.slice(0, n), lines: this.lines.slice(0, n),
    };
  }
}

/**
 * Entries grouped by (file, segment, share of the pool) for filter jobs. Entries come in order, so
 * a run of them goes to the same group: the group is looked up only when one of the three changes
 * (no string, tuple or array made per entry: a text filter over a 1 GiB log hands 4.8M entries over).
 */
class JobGroups {
  private readonly byKey = new Map<string, JobGroup>();
  private readonly segs: Segment[][];
  private last: JobGroup | undefined;
  private lastF = -1;
  private lastS = -1;
  private lastPart = -1;

  constructor(private readonly idx: readonly (FileIndex | undefined)[]) {
    this.segs = idx.map((x) => x?.source.segments() ?? []);
  }

  /** Entry `l` of file `f` (merged position `id`), for the `part`-th share of the pool. */
  add(f: number, l: number, part: number, id: number): void {
    const x = this.idx[f]!;
    const off = x.cols.offset.get(l);
    const g = this.group(f, this.segmentOf(f, off), part);
    const seg = g.seg;
    g.push(id, off - seg.base, Math.min(x.entryEnd(l), seg.base + seg.size) - seg.base, x.cols.flags.get(l), x.entryLines(l));
  }

  /**
   * Entries [l0, l1) of file `f` (merged positions id0, id0 + 1, ...), for the `part`-th share of
   * the pool: add() for each, made with block reads (cut where a segment of the file begins).
   */
  addRun(f: number, l0: number, l1: number, part: number, id0: number): void {
    const x = this.idx[f]!;
    const segs = this.segs[f]!;
    let l = l0;
    while (l < l1) {
      const s = this.segmentOf(f, x.cols.offset.get(l));
      // The run's first entry in the next segment (entry offsets ascend).
      const e = s + 1 < segs.length ? x.cols.offset.lowerBound(segs[s + 1]!.base, l + 1, l1) : l1;
      this.group(f, s, part).pushRun(x, l, e, id0 + (l - l0));
      l = e;
    }
  }

  /** The segment of file `f` that holds offset `off`. */
  private segmentOf(f: number, off: number): number {
    const segs = this.segs[f]!;
    let s = 0;
    while (s + 1 < segs.length && off >= segs[s + 1]!.base) s++;
    return s;
  }

  private group(f: number, s: number, part: number): JobGroup {
    let g = this.last;
    if (!g || f !== this.lastF || s !== this.lastS || part !== this.lastPart) {
      const key = `${f}:${s}:${part}`;
      g = this.byKey.get(key);
      if (!g) this.byKey.set(key, (g = new JobGroup(f, this.segs[f]![s]!)));
      this.last = g;
      this.lastF = f;
      this.lastS = s;
      this.lastPart = part;
    }
    return g;
  }

  groups(): JobGroup[] {
    return [...this.byKey.values()];
  }
}

interface View {
  key: string;
  filter: LogFilter;
  colPred?: (f: number, l: number) => boolean;
  text: boolean;
  ids: Column<Float64Array>;
  scanned: number;
  running?: Promise<void>;
  error?: string;
  /** Summary state of matched candidates (text views only; built as they are matched). */
  state: SummaryState | undefined;
  gen: number;
}

function isEmptyFilter(f: LogFilter | undefined): boolean {
  if (!f) return true;
  return !(
    (f.kinds && f.kinds.length) || (f.outcomes && f.outcomes.length) || (f.levels && f.levels.length) ||
    f.user || f.ip || f.text || f.failuresOnly || (f.files && f.files.length)
  );
}

function filterKey(f: LogFilter): string {
  return JSON.stringify([f.kinds ?? [], f.outcomes ?? [], f.levels ?? [], f.user ?? '', f.ip ?? '', f.text ?? '', !!f.regex, !!f.failuresOnly, f.files ?? []]);
}

/** Short labels: file names when they differ, else `node-dir/name`. */
export function fileLabels(paths: string[]): string[] {
  const names = paths.map((p) => basename(p));
  if (new Set(names).size === names.length) return names;
  return paths.map((p) => `${basename(dirname(p))}/${basename(p)}`);
}

export class LogSession {
  readonly id = randomUUID();
  readonly files: LogFileInfo[] = [];
  private readonly idx: (FileIndex | undefined)[] = [];
  private readonly followers: (Follower | undefined)[] = [];
  private readonly pool: WorkerPool;
  /** Merged order (several files): file and local entry of each position. */
  private readonly orderFile = new Column(Uint8Array);
  private readonly orderLocal = new Column(Uint32Array);
  private merged: number[] = [];
  private gen = 0;
  private views = new Map<string, View>();
  private lastProgress = 0;
  private closed = false;
  ready: Promise<void> = Promise.resolve();

  private constructor(private readonly opts: SessionOptions) {
    this.pool = opts.pool ?? defaultPool();
  }

  /** Opens the files and starts indexing; unreadable files are listed with their `problem`. */
  static async open(paths: string[], opts: SessionOptions = {}): Promise<LogSession> {
    const s = new LogSession(opts);
    const labels = fileLabels(paths);
    for (let i = 0; i < paths.length; i++) {
      const path = paths[i]!;
      try {
        const src = await openLogSource(path);
        const info: LogFileInfo = { index: i, path, label: labels[i]!, format: src.format, size: src.size, gzip: src.gzip };
        if (src.problem) {
          info.problem = src.problem;
          s.message('warning', src.problem);
        }
        s.files.push(info);
        s.idx.push(s.makeIndex(src, i));
      } catch (err) {
        const text = err instanceof LogFileError ? err.message : `${path}: ${err instanceof Error ? err.message : String(err)}`;
        s.files.push({ index: i, path, label: labels[i]!, format: 'unknown', size: 0, gzip: false, problem: text });
        s.idx.push(undefined);
        s.message('error', text);
      }
      s.followers.push(undefined);
      s.merged.push(0);
    }
    s.ready = Promise.all(
      s.idx.map((x, i) =>
        x?.build().catch((err: unknown) => {
          // Keep what was indexed; say why the rest is missing.
          s.message('error', `${s.files[i]!.label}: indexing stopped: ${err instanceof Error ? err.message : String(err)}`);
          x.done = true;
        }),
      ),
    ).then(() => {
      if (s.closed) return;
      s.syncOrder(false);
      s.emitProgress(true);
      s.opts.onChanged?.({ sessionId: s.id, entries: s.entries, reason: 'indexed' });
    });
    return s;
  }

  private waiters: (() => void)[] = [];
  /** Resolves when entries were added (or after `ms`). */
  private grown(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      t.unref();
      function done(): void {
        clearTimeout(t);
        resolve();
      }
      this.waiters.push(done);
    });
  }

  private makeIndex(src: LogSource, file: number): FileIndex {
    return new FileIndex(src, {
      onEntries: () => {
        const w = this.waiters;
        this.waiters = [];
        for (const f of w) f();
      },
      pool: this.pool,
      ...(this.opts.chunkSize ? { chunkSize: this.opts.chunkSize } : {}),
      ...(this.opts.inProcessBelow !== undefined ? { inProcessBelow: this.opts.inProcessBelow } : {}),
      ...(this.opts.headRange !== undefined ? { headRange: this.opts.headRange } : {}),
      onProgress: () => this.emitProgress(false),
      onError: (m) => this.message('warning', `${this.files[file]?.label ?? ''}: ${m}`),
    });
  }

  private message(severity: MessageParams['severity'], text: string): void {
    this.opts.onMessage?.({ sessionId: this.id, severity, text });
  }

  private emitProgress(force: boolean): void {
    const now = Date.now();
    if (!force && now - this.lastProgress < 50) return;
    this.lastProgress = now;
    let done = 0;
    let total = 0;
    let entries = 0;
    for (const x of this.idx) {
      if (!x) continue;
      done += x.done ? x.total : x.indexedEnd;
      total += x.total;
      entries += x.entries;
    }
    this.opts.onProgress?.({ sessionId: this.id, bytesDone: done, bytesTotal: total, entries, done: !this.indexing });
  }

  get indexing(): boolean {
    return this.idx.some((x) => x && !x.done);
  }

  private get multi(): boolean {
    return this.idx.length > 1;
  }

  /** Entries in the session (merged order). */
  get entries(): number {
    if (!this.multi) return this.idx[0]?.entries ?? 0;
    this.syncOrder(false);
    return this.orderFile.length;
  }

  /** File and local entry of merged position `p`. */
  private at(p: number): [number, number] {
    if (!this.multi) return [0, p];
    return [this.orderFile.get(p), this.orderLocal.get(p)];
  }

  /**
   * Brings the merged order up to date. It only ever grows (ids stay stable, also while indexing):
   * an entry joins it once no file still being indexed can produce an earlier one (each file's
   * index grows from its start, in time order). `rebuild` starts over (after a truncation).
   */
  private syncOrder(rebuild: boolean): void {
    if (!this.multi) return;
    if (rebuild) {
      this.orderFile.truncate(0);
      this.orderLocal.truncate(0);
      this.merged = this.idx.map(() => 0);
      this.gen++;
      this.views.clear();
    }
    const counts = this.idx.map((x) => x?.entries ?? 0);
    if (!rebuild && counts.every((c, f) => c === this.merged[f])) return;
    this.merged = this.mergeFrom(this.merged, counts);
  }

  /**
   * Stable k-way merge by time of each file's entries [head[f], to[f]), appended to the order;
   * returns the new heads. A file still being indexed whose indexed entries are all merged blocks
   * entries later than its last one. Equal times keep file order.
   */
  private mergeFrom(from: number[], to: number[]): number[] {
    const head = from.slice();
    const k = head.length;
    const open = this.idx.map((x) => !!x && !x.done);
    const tsAt = (f: number, i: number): number => {
      const ts = this.idx[f]!.cols.ts.get(i);
      return ts === ts ? ts : -Infinity; // no time at all (file start): first
    };
    for (;;) {
      let best = -1;
      let bestTs = Infinity;
      for (let f = 0; f < k; f++) {
        if (head[f]! >= to[f]!) continue;
        const t = tsAt(f, head[f]!);
        if (best < 0 || t < bestTs) {
          best = f;
          bestTs = t;
        }
      }
      if (best < 0) return head;
      // Limits from the other files: their next entry, or, for a file still being indexed whose
      // entries are all merged, its last time (what it indexes next comes at or after it).
      let loose = Infinity;
      let strict = Infinity;
      for (let f = 0; f < k; f++) {
        if (f === best) continue;
        let t: number;
        if (head[f]! < to[f]!) t = tsAt(f, head[f]!);
        else if (open[f]) t = to[f]! > 0 ? tsAt(f, to[f]! - 1) : -Infinity;
        else continue;
        if (f < best) strict = Math.min(strict, t);
        else loose = Math.min(loose, t);
      }
      if (!(bestTs <= loose && bestTs < strict)) return head; // blocked by a file still indexing
      const cols = this.idx[best]!.cols;
      let h = head[best]!;
      const end = to[best]!;
      for (;;) {
        this.orderFile.push(best);
        this.orderLocal.push(h);
        h++;
        if (h >= end) break;
        const ts = cols.ts.get(h);
        const t = ts === ts ? ts : -Infinity;
        if (!(t <= loose && t < strict)) break;
      }
      head[best] = h;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Rows

  private textOf(f: number, l: number, cap: number): { text: string; truncated: boolean } {
    const x = this.idx[f]!;
    const off = x.cols.offset.get(l);
    const end = x.entryEnd(l);
    const n = Math.min(end - off, cap);
    return { text: stripEol(x.source.read(off, n).toString('utf8')), truncated: end - off > cap };
  }

  private lineOf(f: number, l: number): number {
    const x = this.idx[f]!;
    const line = x.cols.line.get(l);
    const segs = x.source.segments();
    if (segs.length === 1) return line;
    const off = x.cols.offset.get(l);
    let base = 0;
    for (const s of segs) if (off >= s.base) base = s.lineBase;
    return line - base;
  }

  /** The row of merged position `p`. */
  row(p: number): LogRow {
    const [f, l] = this.at(p);
    const x = this.idx[f]!;
    const { text } = this.textOf(f, l, ROW_BYTES);
    const r = analyzeEntry(text, x.source.format);
    return { id: p, file: f, line: this.lineOf(f, l), lines: x.entryLines(l), ...r };
  }

  /** One entry with its full text (cut at rawLimit), JSON and details; undefined for an unknown id. */
  async entry(id: number): Promise<LogEntryDetail | undefined> {
    if (!Number.isInteger(id) || id < 0 || id >= this.entries) return undefined;
    const [f, l] = this.at(id);
    const x = this.idx[f]!;
    const limit = this.opts.rawLimit ?? 1 << 20;
    const { text, truncated } = this.textOf(f, l, limit);
    const d = detailOf(text, x.source.format, limit);
    return { ...d, id, file: f, line: this.lineOf(f, l), lines: x.entryLines(l), truncated: d.truncated || truncated };
  }

  // -------------------------------------------------------------------------------------------
  // Filters

  private view(filter: LogFilter): View {
    this.syncOrder(false);
    const key = filterKey(filter);
    let v = this.views.get(key);
    if (v && v.gen === this.gen) return v;
    const text = !!(filter.text || filter.user || filter.ip);
    if (text) compileTextFilter(filter); // throws a clear error for a bad regex, before any work
    v = { key, filter, text, ids: new Column(Float64Array), scanned: 0, gen: this.gen, state: text ? newSummary().state() : undefined };
    const pred = this.columnPredicate(filter);
    if (pred) v.colPred = pred;
    if (this.views.size > 16) this.views.delete(this.views.keys().next().value as string);
    this.views.set(key, v);
    return v;
  }

  private columnPredicate(f: LogFilter): ((file: number, l: number) => boolean) | undefined {
    const tests: ((file: number, l: number) => boolean)[] = [];
    const col = (file: number) => this.idx[file]!.cols;
    if (f.kinds && f.kinds.length) {
      const set = new Set(f.kinds.map((k) => kindCode(k)));
      tests.push((file, l) => set.has(col(file).kind.get(l)));
    }
    if (f.outcomes && f.outcomes.length) {
      const set = new Set(f.outcomes.map((o) => outcomeCode(o)));
      tests.push((file, l) => set.has(col(file).outcome.get(l)));
    }
    if (f.failuresOnly) {
      const set = new Set(['failed', 'denied', 'limited'].map((o) => outcomeCode(o)));
      tests.push((file, l) => set.has(col(file).outcome.get(l)));
    }
    if (f.levels && f.levels.length) {
      const set = new Set(f.levels.map((lv) => levelCode(lv)).filter((c) => c > 0));
      tests.push((file, l) => set.has(col(file).level.get(l)));
    }
    if (f.files && f.files.length) {
      const set = new Set(f.files);
      tests.push((file) => set.has(file));
    }
    if (!tests.length) return undefined;
    return (file, l) => {
      for (const t of tests) if (!t(file, l)) return false;
      return true;
    };
  }

  /** Runs the view up to the current entries; column views synchronously, text views in the workers. */
  private advance(v: View): Promise<void> {
    if (!v.running) {
      v.running = (v.text ? this.runText(v) : this.runColumns(v)).finally(() => {
        v.running = undefined;
      });
    }
    return v.running;
  }

  /** Column filters: a tight loop over the index's bytes, a million entries at a time between other requests. */
  private async runColumns(v: View): Promise<void> {
    const pred = v.colPred!;
    while (!this.closed && v.gen === this.gen && v.scanned < this.entries) {
      const n = Math.min(this.entries, v.scanned + (1 << 20));
      for (let p = v.scanned; p < n; p++) {
        const [f, l] = this.at(p);
        if (pred(f, l)) v.ids.push(p);
      }
      v.scanned = n;
      if (n < this.entries) await new Promise<void>((r) => setImmediate(r));
    }
  }

  private async runText(v: View): Promise<void> {
    // Two slices in flight: the next slice's jobs wait in the pool's queue while this one's run, so
    // no worker waits for the main thread between slices; results are taken in slice order.
    let current = v.scanned < this.entries ? this.textSlice(v, v.scanned) : undefined;
    while (current && !this.closed && v.gen === this.gen && !v.error) {
      const next = current.to < this.entries ? this.textSlice(v, current.to) : undefined;
      const { found, states } = await current.done;
      if (this.closed || v.gen !== this.gen || v.error) break;
      found.sort((a, b) => a - b);
      for (const id of found) v.ids.push(id);
      if (states.length) {
        const b = newSummary();
        if (v.state) b.merge(v.state);
        for (const s of states) b.merge(s);
        v.state = b.state();
      }
      v.scanned = current.to;
      current = next ?? (v.scanned < this.entries ? this.textSlice(v, v.scanned) : undefined);
    }
    if (v.error) this.message('error', `Filter: ${v.error}`);
    else if (!this.closed && v.gen === this.gen) this.opts.onChanged?.({ sessionId: this.id, entries: this.entries, reason: 'indexed' });
  }

  /** Starts the filter jobs of the entries from `from` (at most SLICE of them); `done` gives their matches and summary states. */
  private textSlice(v: View, from: number): { to: number; done: Promise<{ found: number[]; states: SummaryState[] }> } {
    const to = Math.min(this.entries, from + SLICE);
    // Entries passing the column part, grouped by (file, segment), split across the pool.
    const groups = new JobGroups(this.idx);
    const parts = this.pool.size;
    const span = to - from;
    if (!this.multi && !v.colPred) {
      // One file, every entry: each share is a run of entries (entry p goes to share floor((p - from) * parts / span)).
      for (let q = 0; q < parts; q++) {
        const a = from + Math.ceil((q * span) / parts);
        const b = from + Math.ceil(((q + 1) * span) / parts);
        groups.addRun(0, a, b, q, a);
      }
    } else {
      for (let p = from; p < to; p++) {
        const f = this.multi ? this.orderFile.get(p) : 0;
        const l = this.multi ? this.orderLocal.get(p) : p;
        if (v.colPred && !v.colPred(f, l)) continue;
        groups.add(f, l, Math.floor(((p - from) * parts) / span), p);
      }
    }
    const found: number[] = [];
    const states: SummaryState[] = [];
    const done = Promise.all(
      groups.groups().map((g) => {
        const job = g.job(this.idx[g.f]!.source.format, v.filter);
        const onMessage = (m: JobMessage): void => {
          if (m.type === 'matched') {
            for (const id of m.ids) found.push(id);
            if (m.parts) states.push(m.parts);
          } else if (m.type === 'error') v.error = m.message;
        };
        return this.runGroup(g, job, onMessage);
      }),
    ).then(() => ({ found, states }));
    return { to, done };
  }

  /**
   * A page of rows matching `filter`, from `start` (an index into the matching entries). Text
   * filters wait up to `waitMs` for enough matches, then answer with what is matched so far.
   */
  async page(filter: LogFilter, start: number, count: number, waitMs = 150): Promise<PageResult> {
    start = Math.max(0, Math.floor(start));
    count = Math.max(0, Math.min(10000, Math.floor(count)));
    if (this.indexing && this.entries < start + count) await this.grown(waitMs);
    if (isEmptyFilter(filter)) {
      const n = this.entries;
      const rows: LogRow[] = [];
      for (let p = start; p < Math.min(n, start + count); p++) rows.push(this.row(p));
      return { rows, total: n, entries: n, indexing: this.indexing };
    }
    const v = this.view(filter);
    const run = this.advance(v);
    if (!v.text) await run;
    else if (v.ids.length < start + count) {
      await Promise.race([run, new Promise<void>((r) => setTimeout(r, waitMs).unref())]);
    }
    const rows: LogRow[] = [];
    for (let k = start; k < Math.min(v.ids.length, start + count); k++) rows.push(this.row(v.ids.get(k)));
    const entries = this.entries;
    return { rows, total: v.ids.length, entries, indexing: this.indexing || v.scanned < entries };
  }

  /** Waits until indexing and the filter's matching are complete. */
  private async complete(filter: LogFilter | undefined): Promise<View | undefined> {
    await this.ready;
    if (isEmptyFilter(filter)) return undefined;
    const v = this.view(filter!);
    while (v.scanned < this.entries && !v.error && v.gen === this.gen) await this.advance(v);
    if (v.error) throw new Error(v.error);
    return v;
  }

  // -------------------------------------------------------------------------------------------
  // Summary and export

  /** Summary of the whole session or of the entries matching `filter` (waits for indexing to finish). */
  async summary(filter?: LogFilter): Promise<LogSummary> {
    const v = await this.complete(filter);
    const b = newSummary();
    if (!v) {
      for (const x of this.idx) if (x) b.merge(fileSummaryState(x));
      return b.build();
    }
    // Non-candidates from the columns; candidates from the workers (text views have them already).
    const levels = new Map<string, number>();
    let entries = 0;
    let lines = 0;
    let bytes = 0;
    let first: { ts: number; p: number } | undefined;
    let last: { ts: number; p: number } | undefined;
    const cand: number[] = [];
    for (let k = 0; k < v.ids.length; k++) {
      const p = v.ids.get(k);
      const [f, l] = this.at(p);
      const x = this.idx[f]!;
      const ts = x.cols.ts.get(l);
      if (ts === ts) {
        if (!first || ts < first.ts) first = { ts, p };
        if (!last || ts >= last.ts) last = { ts, p };
      }
      if (x.cols.flags.get(l) & FLAG_CANDIDATE) {
        cand.push(p);
        continue;
      }
      entries++;
      lines += x.entryLines(l);
      bytes += x.entryEnd(l) - x.cols.offset.get(l);
      const lv = LEVEL_CODES[x.cols.level.get(l)];
      if (lv) levels.set(lv, (levels.get(lv) ?? 0) + 1);
    }
    const st: SummaryState = {
      entries, lines, bytes, byKind: entries ? [['other', entries]] : [], byOutcome: [], byLevel: [...levels],
      byMethod: [], reasons: [], users: [], ips: [], minutes: [],
    };
    const timeOf = (p: number): string | undefined => this.row(p).time;
    if (first) {
      const t = timeOf(first.p);
      if (t) st.first = { ts: first.ts, time: t };
    }
    if (last) {
      const t = timeOf(last.p);
      if (t) st.last = { ts: last.ts, time: t };
    }
    b.merge(st);
    if (v.text) {
      if (v.state) b.merge(v.state);
    } else {
      for (const s of await this.candidateStates(cand)) b.merge(s);
    }
    return b.build();
  }

  /** Summary states of candidate entries (merged positions), classified in the workers. */
  private async candidateStates(positions: number[]): Promise<SummaryState[]> {
    const groups = new JobGroups(this.idx);
    const parts = this.pool.size;
    // A contiguous share of the positions per worker (a run of them shares a group).
    const n = positions.length;
    for (let k = 0; k < n; k++) {
      const p = positions[k]!;
      const [f, l] = this.at(p);
      groups.add(f, l, Math.floor((k * parts) / n), p);
    }
    const out: SummaryState[] = [];
    await Promise.all(
      groups.groups().map((g) =>
        this.runGroup(g, g.job(this.idx[g.f]!.source.format, {}), (m: JobMessage): void => {
          if (m.type === 'matched' && m.parts) out.push(m.parts);
        }),
      ),
    );
    return out;
  }

  /** Runs a filter job in the pool, or here for a rotated-away file (its path names another file now: read through the open descriptor). */
  private runGroup(g: JobGroup, job: FilterJob, onMessage: (m: JobMessage) => void): Promise<void> {
    if (g.seg.detached) {
      const src = this.idx[g.f]!.source;
      const base = g.seg.base;
      runFilterWith((b, o, l, pos) => src.readInto(b, o, l, pos + base), job, onMessage);
      return Promise.resolve();
    }
    return this.pool.run(job, onMessage);
  }

  /** Writes the entries matching `filter` to `target` as CSV or JSON lines; returns the count. */
  async export(filter: LogFilter, format: 'csv' | 'jsonl', target: string): Promise<{ written: number }> {
    const v = await this.complete(filter);
    const n = v ? v.ids.length : this.entries;
    const labels = this.files.map((f) => f.label);
    const out = createWriteStream(target);
    const failed = new Promise<never>((_, rej) =>
      out.on('error', (e: NodeJS.ErrnoException) => rej(new Error(`Cannot write ${target}: ${e.code === 'EACCES' ? 'permission denied' : e.message}`))),
    );
    failed.catch(() => undefined);
    const write = async (s: string): Promise<void> => {
      if (!out.write(s)) await Promise.race([new Promise<void>((r) => out.once('drain', () => r())), failed]);
    };
    let written = 0;
    if (format === 'csv') await write(csvHeader());
    for (let k = 0; k < n; k++) {
      const p = v ? v.ids.get(k) : k;
      const row = this.row(p);
      await write(format === 'csv' ? csvLine(row, { fileLabel: (i) => labels[i] ?? String(i) }) : jsonLine(row));
      written++;
      if (written % 2000 === 0) await new Promise<void>((r) => setImmediate(r));
    }
    await Promise.race([new Promise<void>((r) => out.end(() => r())), failed]);
    return { written };
  }

  // -------------------------------------------------------------------------------------------
  // Follow mode

  /** Turns follow mode on or off for every readable file. */
  follow(on: boolean): void {
    for (let f = 0; f < this.idx.length; f++) {
      const x = this.idx[f];
      if (!x) continue;
      if (on && this.files[f]!.gzip) {
        this.message('info', `${this.files[f]!.label} is compressed: follow mode watches plain log files only.`);
        continue;
      }
      if (on && !this.followers[f]) {
        this.followers[f] = new Follower(this.files[f]!.path, x, {
          intervalMs: this.opts.followIntervalMs ?? 500,
          onMessage: (severity, text) => this.message(severity, text),
          onChange: (reason) => this.afterFollow(f, reason),
        });
      } else if (!on && this.followers[f]) {
        this.followers[f]!.stop();
        this.followers[f] = undefined;
      }
    }
  }

  get following(): boolean {
    return this.followers.some((x) => x);
  }

  private afterFollow(f: number, reason: ChangedParams['reason']): void {
    if (this.closed) return;
    const info = this.files[f]!;
    const x = this.idx[f]!;
    info.size = x.indexedEnd;
    if (reason === 'truncated') {
      // Entries of the file were dropped: the merged order and every view start over.
      if (this.multi) this.syncOrder(true);
      else {
        this.gen++;
        this.views.clear();
      }
    } else this.syncOrder(false);
    this.opts.onChanged?.({ sessionId: this.id, entries: this.entries, reason });
  }

  /** Resolves when every follower has handled what it has seen so far (for tests and the CLI). */
  async settled(): Promise<void> {
    await this.ready;
    await Promise.all(this.followers.map((x) => x?.idle()));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const x of this.followers) x?.stop();
    for (const x of this.idx) x?.source.close();
    this.views.clear();
  }
}
