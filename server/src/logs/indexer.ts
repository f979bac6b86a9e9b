// Indexes log files of any size: the file is split into ranges at entry boundaries, each range is
// scanned by a worker thread (jobs.ts / scan.ts), and the batches they post are joined in file
// order into compact columns (store.ts): a range's batches are appended as they come, to the
// file's columns or, while a range before it is still being scanned, to columns of its own that
// are joined without a copy once it is its turn. The main thread only coordinates: it appends
// typed arrays.
// First rows are available after the first chunk of the first range (well under 300 ms), while
// the rest is still being indexed.

import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { MessageChannel, Worker, type MessagePort, type TransferListItem } from 'node:worker_threads';
import type { LogSource } from './fileAccess';
import { openLogSource } from './fileAccess';
import { FreeBuffers, classifyCandidates, runIndexWith, runJob, type IndexJob, type Job, type JobMessage } from './jobs';
import { candidateBuffer } from './candidates';
import { scanRange, stripEol, DEFAULT_CHUNK } from './scan';
import { COLUMN_BLOCK, EntryColumns, FLAG_CANDIDATE, FLAG_NO_TS, LEVEL_CODES, kindCode, outcomeCode, type BatchCounts, type EntryBatch } from './store';
import { analyzeEntry, countEntry, newSummary, type RowFields } from './rows';
import type { SummaryBuilder, SummaryState } from './summary';
import { isEntryStartBytes, timestampLength } from './formats';
import type { LogSummary } from '../../../shared/protocol';

// ---------------------------------------------------------------------------------------------
// Worker pool

interface Slot {
  worker?: Worker;
  busy: boolean;
}

interface QueuedJob {
  job: Job;
  transfer: TransferListItem[];
  onMessage: (m: JobMessage) => void;
  resolve: () => void;
}

/** Where the worker script is: dist/logWorker.js beside the running bundle, or the TypeScript source through tsx. */
function workerSpec(script?: string): { file: string; evalCode?: string } {
  const override = script ?? process.env.AUTHLOG_LOG_WORKER;
  if (override) return { file: override };
  if (__filename.endsWith('.ts')) {
    const req = createRequire(__filename);
    const tsx = req.resolve('tsx/' + 'cjs');
    const src = join(__dirname, 'worker.ts');
    return { file: src, evalCode: `require(${JSON.stringify(tsx)}); require(${JSON.stringify(src)});` };
  }
  return { file: join(__dirname, 'logWorker.js') };
}

/** A small pool of worker threads (one per core, at most `size`); falls back to in-process jobs when workers cannot start. */
export class WorkerPool {
  private readonly slots: Slot[];
  private readonly queue: QueuedJob[] = [];
  private broken = false;
  private disposed = false;
  /** `script`: the worker file to run instead of dist/logWorker.js (tests). */
  constructor(readonly size = Math.max(1, Math.min(2, availableParallelism())), private readonly script?: string) {
    this.slots = Array.from({ length: size }, () => ({ busy: false }));
  }

  get inProcess(): boolean {
    return this.broken;
  }

  /** Some worker thread is running (booted or booting): a job does not pay for starting one. */
  get started(): boolean {
    return this.slots.some((s) => s.worker !== undefined);
  }

  /** A job that classifies entries in a worker was started: the workers run (and have optimised) the classification code. */
  private classified = false;
  get classifierWarm(): boolean {
    return this.classified;
  }

  run(job: Job, onMessage: (m: JobMessage) => void, transfer: TransferListItem[] = []): Promise<void> {
    return new Promise((resolve) => {
      this.queue.push({ job, transfer, onMessage, resolve });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length) {
      if (this.broken || this.disposed) {
        const q = this.queue.shift()!;
        setImmediate(() => this.runHere(q));
        continue;
      }
      const slot = this.slots.find((s) => !s.busy);
      if (!slot) return;
      const q = this.queue.shift()!;
      this.start(slot, q);
    }
  }

  private runHere(q: QueuedJob): void {
    runJob(q.job, (m) => q.onMessage(m));
    q.resolve();
  }

  /**
   * Starts the worker threads now, before there is work for them (a thread takes ~40 ms to boot and
   * load its script: the caller overlaps that with opening the file and scanning its head). Idle
   * workers are unref'd, so warming never keeps a process alive.
   */
  warm(): void {
    if (this.broken || this.disposed) return;
    for (const slot of this.slots) {
      if (slot.worker || slot.busy) continue;
      if (!this.spawn(slot)) return;
      slot.worker!.unref();
    }
  }

  /** Creates the slot's worker; false (and the pool runs jobs in-process from now on) when it cannot start. */
  private spawn(slot: Slot): boolean {
    try {
      const spec = workerSpec(this.script);
      const w = spec.evalCode ? new Worker(spec.evalCode, { eval: true }) : new Worker(spec.file);
      slot.worker = w;
      w.on('error', () => this.fail(slot));
      w.on('exit', () => {
        if (slot.worker === w) this.fail(slot);
      });
      return true;
    } catch {
      this.broken = true;
      return false;
    }
  }

  private start(slot: Slot, q: QueuedJob): void {
    slot.busy = true;
    const j = q.job;
    if (j.kind === 'filter' || (j.classify !== false && j.candidateTexts !== true)) this.classified = true;
    if (!slot.worker && !this.spawn(slot)) {
      slot.busy = false;
      setImmediate(() => this.runHere(q));
      return;
    }
    const w = slot.worker!;
    w.ref();
    const current = q;
    (slot as Slot & { current?: QueuedJob }).current = current;
    w.removeAllListeners('message');
    w.on('message', (m: JobMessage) => {
      current.onMessage(m);
      if (m.type === 'indexed' || m.type === 'matched' || m.type === 'error') {
        slot.busy = false;
        (slot as Slot & { current?: QueuedJob }).current = undefined;
        w.unref();
        current.resolve();
        this.pump();
      }
    });
    w.postMessage(q.job, q.transfer);
  }

  /** A worker died: its job runs again in-process; later jobs too. */
  private fail(slot: Slot): void {
    const s = slot as Slot & { current?: QueuedJob };
    slot.worker = undefined;
    slot.busy = false;
    if (this.disposed) return;
    this.broken = true;
    const q = s.current;
    s.current = undefined;
    if (q && q.job.kind === 'filter') this.queue.unshift(q); // nothing was delivered yet: run it again here
    else if (q) {
      // An index job may have delivered batches: the indexer re-scans the range itself.
      q.onMessage({ type: 'error', message: 'a log worker thread stopped; continuing in the main thread' });
      q.resolve();
    }
    this.pump();
  }

  dispose(): void {
    this.disposed = true;
    for (const s of this.slots) {
      const w = s.worker;
      s.worker = undefined;
      void w?.terminate();
    }
  }
}

let sharedPool: WorkerPool | undefined;
/** The process-wide pool (workers are unref'd while idle, so they never keep a CLI alive). */
export function defaultPool(): WorkerPool {
  return (sharedPool ??= new WorkerPool());
}
export function disposeDefaultPool(): void {
  sharedPool?.dispose();
  sharedPool = undefined;
}

/** Files below this size are indexed on the calling thread (FileIndex's default). */
export const IN_PROCESS_BELOW = 4 * 1024 * 1024;
/**
 * The same limit when the pool has no worker running yet, for a caller that only waits for the end
 * (no first rows to show early: indexFiles, a command line). A worker then costs its boot (~40 ms)
 * and its own warm-up (JIT of the JavaScript around the scanner, the WebAssembly module: ~70 ms of
 * CPU on its first 12 MiB), and the batches cross threads; one thread is as fast end to end up to
 * ~200 MiB on 2 cores. Measured with the WebAssembly scanner, min of 4-5 interleaved runs on a
 * shared machine, wall / CPU of all threads: 10 MiB 0.15 / 0.18 s in-process vs 0.19 / 0.27 s with
 * 2 workers; 100 MiB 0.30 / 0.40 vs 0.36 / 0.61; 200 MiB 0.44-0.47 / 0.56-0.58 vs 0.44-0.45 / 0.76.
 */
export const COLD_IN_PROCESS_BELOW = 128 * 1024 * 1024;

/** The in-process limit for a caller that waits only for the whole index (see COLD_IN_PROCESS_BELOW). */
export function batchInProcessBelow(pool: WorkerPool): number {
  return pool.started ? IN_PROCESS_BELOW : COLD_IN_PROCESS_BELOW;
}

// ---------------------------------------------------------------------------------------------
// One file's index

export interface IndexOptions {
  pool?: WorkerPool;
  chunkSize?: number;
  /** Number of equal ranges to split a big file into after its head (default: pool size). */
  ranges?: number;
  /**
   * Instead: ranges of `planRanges` (big first, small last, taken by whichever worker is free),
   * between these sizes. Not the default: a job costs more than the imbalance it removes. 1 GiB,
   * 2 workers, min of 4: JavaScript scanner, 13 ranges of 16-256 MiB 0.3-0.45 s more CPU than 2
   * ranges; WebAssembly scanner, 2 ranges 0.99 s wall / 1.84 s CPU, 16-256 MiB ranges 1.16 / 2.12,
   * 8-64 MiB ranges 1.23 / 2.24 (the time after the last worker finished: 11-78 ms vs 13-21 ms).
   * Letting this thread scan ranges too, with one worker, was no faster either (1.04 vs 0.96 s).
   */
  minRange?: number;
  maxRange?: number;
  /** Files smaller than this are indexed in-process (default IN_PROCESS_BELOW, 4 MiB). */
  inProcessBelow?: number;
  /**
   * Scan a head range on the calling thread while the workers boot, so that the first rows exist
   * at once (default true). A caller that waits for the whole index (the CLI, indexFiles) sets it
   * false: the head's cold scan and classification on this thread would only compete with the
   * workers' start (1 GiB: ~0.08 s less CPU without it).
   */
  headRange?: boolean;
  /**
   * Classify the candidate entries on the calling thread, the workers handing over their texts
   * (IndexJob.candidateTexts), instead of in each worker. Default: when the workers have not run
   * the classification code yet (WorkerPool.classifierWarm) and the caller waits for the whole
   * index (`headRange` false: the CLI, indexFiles). Each worker is a V8 isolate of its own that
   * runs the classification code cold and optimises it again; classified in one isolate, that is
   * paid once. Workers that classify already (the language server's pool, after the viewer's
   * first file or a filter) go on doing it, and the viewer's thread stays free. 1 GiB Jira log, per-thread CPU: the
   * main thread 210-230 -> 370-410 ms, each worker 470-510 -> 370-400 ms, V8's background threads
   * ~190 -> ~150 ms; the process (user + sys, paired runs against workers classifying, medians of
   * 10 and 12 pairs on a shared machine) 50-90 ms less CPU and 20-65 ms less wall time; peak RSS
   * ~25 MB more (the main thread's young generation).
   */
  classifyHere?: boolean;
  onProgress?: (bytesDone: number, bytesTotal: number, entries: number) => void;
  /** New entries were appended to the columns. */
  onEntries?: (entries: number) => void;
  onError?: (message: string) => void;
}

/** Bytes scanned on the calling thread before the workers take over (first rows at once). */
const HEAD_BYTES = 64 * 1024;
const MIB = 1024 * 1024;
/** Range sizes of the default plan: see planRanges. */
const MIN_RANGE = 8 * MIB;
const MAX_RANGE = 64 * MIB;

/**
 * Where to cut [start, end) for `workers` workers that each take the next range when they finish
 * one: each range is 1/(2 x workers) of what is left, within [min, max] (guided self-scheduling).
 * Big ranges first (few jobs: each one has a start-up cost in the worker), small
 * ones last, so the workers finish within a small range of each other; and since ranges are joined
 * in file order, the entries stored apart for ranges that finished before the one ahead of them
 * (RangeState.cols) are at most (workers - 1) ranges of at most `max` bytes. Returns the targets
 * (cut points are then moved to entry starts).
 */
export function planRanges(start: number, end: number, workers: number, min = MIN_RANGE, max = MAX_RANGE): number[] {
  const cuts: number[] = [];
  let pos = start;
  for (;;) {
    const left = end - pos;
    const size = Math.min(max, Math.max(min, Math.floor(left / (2 * Math.max(1, workers)))));
    // The last range takes the rest when cutting would leave less than half a range after it.
    if (left - size < min / 2) break;
    pos += size;
    cuts.push(pos);
  }
  return cuts;
}

/** Counts of a run of entries (at most COLUMN_BLOCK of them): what the file summary needs of non-candidates. */
interface ChunkCounts {
  /** The run's first entry and its length. */
  start: number;
  n: number;
  candidates: number;
  /** Entries that are not candidates, and their levels. */
  others: number;
  levels: Float64Array;
  /** Earliest time (first entry with it) and latest (last entry with it), entries with a timestamp only. */
  minTs: number;
  minI: number;
  maxTs: number;
  maxI: number;
}

/**
 * The summary counts of the columns' entries, kept while batches are appended (on the main thread
 * the work is then spread over the indexing, not done after the last worker finished). Kept per
 * run of at most COLUMN_BLOCK entries so that a truncation (follow mode re-scans the last entry on
 * every growth) recounts one run at most. Invariant: the runs cover entries [0, covered) as they
 * are in the columns, in order.
 */
export class ColumnCounts {
  private chunks: ChunkCounts[] = [];
  covered = 0;

  /**
   * Counts entries covered, covered + 1, ... from arrays (a batch, or entries read from the columns).
   * With `carry`, an entry whose time is NaN first gets the time before it (`lastTs` before the
   * first) written into `ts`, as the indexer does to a batch; returns the time to carry on with.
   */
  add(flags: Uint8Array, level: Uint8Array, ts: Float64Array, from: number, n: number, lastTs = NaN, carry = false): number {
    let k = 0;
    while (k < n) {
      const i0 = this.covered;
      let bc = this.chunks[this.chunks.length - 1];
      if (bc === undefined || bc.n >= COLUMN_BLOCK) {
        bc = { start: i0, n: 0, candidates: 0, others: 0, levels: new Float64Array(LEVEL_CODES.length), minTs: Infinity, minI: -1, maxTs: -Infinity, maxI: -1 };
        this.chunks.push(bc);
      }
      const m = Math.min(n - k, COLUMN_BLOCK - bc.n);
      let cand = 0;
      let minTs = bc.minTs;
      let minI = bc.minI;
      let maxTs = bc.maxTs;
      let maxI = bc.maxI;
      const lv = bc.levels;
      const d = i0 - (from + k); // entry number of ts[x]
      const end = from + k + m;
      for (let x = from + k; x < end; x++) {
        const f = flags[x]!;
        let t = ts[x]!;
        if (t !== t && carry) {
          // The time before (no loop-carried variable: ts[x - 1] is it, carried already).
          t = x > from ? ts[x - 1]! : lastTs;
          ts[x] = t;
        }
        if (f & FLAG_CANDIDATE) cand++;
        else lv[level[x]!]!++;
        if (f & FLAG_NO_TS) continue;
        if (t < minTs) {
          minTs = t;
          minI = d + x;
        }
        if (t >= maxTs) {
          maxTs = t;
          maxI = d + x;
        }
      }
      bc.n += m;
      bc.candidates += cand;
      bc.others += m - cand;
      bc.minTs = minTs;
      bc.minI = minI;
      bc.maxTs = maxTs;
      bc.maxI = maxI;
      this.covered += m;
      k += m;
    }
    return carry && n > 0 ? ts[from + n - 1]! : lastTs;
  }

  /**
   * Counts a batch's entries (covered, covered + 1, ...) from the counts its scanner kept
   * (EntryBatch.counts), without reading its entries; its times before its first one get
   * `lastTs` (the only NaN times such a batch has), as add does with `carry`. Returns the time to
   * carry on with.
   */
  addCounted(b: EntryBatch, bc: BatchCounts, lastTs: number): number {
    const n = b.count;
    if (n === 0) return lastTs;
    const ts = b.ts;
    for (let x = 0; x < n && ts[x] !== ts[x]; x++) ts[x] = lastTs;
    const at = this.covered;
    this.chunks.push({
      start: at, n, candidates: bc.candidates, others: n - bc.candidates, levels: Float64Array.from(bc.levels),
      minTs: bc.minI >= 0 ? bc.minTs : Infinity, minI: bc.minI >= 0 ? at + bc.minI : -1,
      maxTs: bc.maxI >= 0 ? bc.maxTs : -Infinity, maxI: bc.maxI >= 0 ? at + bc.maxI : -1,
    });
    this.covered += n;
    return ts[n - 1]!;
  }

  /** The columns keep entries [0, n) only: counts of the run holding entry n and later ones are dropped (recounted by catchUp). */
  forget(n: number): void {
    if (n >= this.covered) return;
    let c = this.chunks.length;
    while (c > 0 && this.chunks[c - 1]!.start > n) c--;
    // chunks[c - 1] holds entry n (the runs start at 0 and cover [0, covered)).
    c = Math.max(0, c - 1);
    this.covered = c < this.chunks.length ? this.chunks[c]!.start : 0;
    this.chunks.length = c;
  }

  /**
   * Takes over the counts of `other`, which counted entries of columns joined at entry `at` of
   * these (EntryColumns.concat); `other` is left empty. Only when these cover exactly [0, at): else
   * the joined entries are left to catchUp.
   */
  concat(other: ColumnCounts, at: number): void {
    if (this.covered === at) {
      for (const c of other.chunks) {
        c.start += at;
        if (c.minI >= 0) c.minI += at;
        if (c.maxI >= 0) c.maxI += at;
        this.chunks.push(c);
      }
      this.covered += other.covered;
    }
    other.chunks = [];
    other.covered = 0;
  }

  /** Counts the entries of the columns not counted yet (appended by other paths, or after a truncation). */
  catchUp(c: EntryColumns): void {
    const n = c.length;
    if (this.covered > n) this.forget(n);
    const flags = new Uint8Array(COLUMN_BLOCK);
    const level = new Uint8Array(COLUMN_BLOCK);
    const ts = new Float64Array(COLUMN_BLOCK);
    while (this.covered < n) {
      const m = Math.min(COLUMN_BLOCK, n - this.covered);
      c.flags.read(this.covered, m, flags);
      c.level.read(this.covered, m, level);
      c.ts.read(this.covered, m, ts);
      this.add(flags, level, ts, 0, m);
    }
  }

  /** Totals over the runs (the same first/last entries a pass in entry order picks). */
  totals(): { candidates: number; others: number; levels: Float64Array; minTs: number; minI: number; maxTs: number; maxI: number } {
    const levels = new Float64Array(LEVEL_CODES.length);
    let candidates = 0;
    let others = 0;
    let minTs = Infinity;
    let minI = -1;
    let maxTs = -Infinity;
    let maxI = -1;
    for (const bc of this.chunks) {
      candidates += bc.candidates;
      others += bc.others;
      for (let l = 0; l < levels.length; l++) levels[l]! += bc.levels[l]!;
      if (bc.minI >= 0 && bc.minTs < minTs) {
        minTs = bc.minTs;
        minI = bc.minI;
      }
      if (bc.maxI >= 0 && bc.maxTs >= maxTs) {
        maxTs = bc.maxTs;
        maxI = bc.maxI;
      }
    }
    return { candidates, others, levels, minTs, minI, maxTs, maxI };
  }
}

/**
 * The main thread's part of indexing a batch: entries without a time of their own get the previous
 * entry's (`lastTs`, carried from batch to batch; written into the batch), the summary counts are
 * kept while the batch is at hand (the columns are the truth: catchUp recounts from them whatever
 * was not counted here), the batch goes into the columns. Returns the time to carry.
 */
export function appendCounted(cols: EntryColumns, counts: ColumnCounts, b: EntryBatch, lineBase: number, lastTs: number): number {
  let last = lastTs;
  if (counts.covered === cols.length) last = b.counts ? counts.addCounted(b, b.counts, last) : counts.add(b.flags, b.level, b.ts, 0, b.count, last, true);
  else {
    const ts = b.ts;
    for (let i = 0, n = b.count; i < n; i++) {
      const t = ts[i]!;
      if (t !== t) ts[i] = last;
      else last = t;
    }
  }
  cols.appendBatch(b, lineBase);
  return last;
}

/**
 * Joins columns of a later range (stored with appendCounted from line 0 and time NaN on, with their
 * counts) to the end of `cols` once the ranges before it are there: its line numbers get the lines
 * before it (`lineBase`), its entries before its first time get the time before it (`lastTs`), its
 * blocks and counts are taken over (no copy; `other` and `otherCounts` are left empty). Returns
 * the time to carry on with. The same columns and counts as appending its batches there.
 */
export function joinColumns(cols: EntryColumns, counts: ColumnCounts, other: EntryColumns, otherCounts: ColumnCounts, lineBase: number, lastTs: number): number {
  if (other.length === 0) return lastTs;
  other.line.addToAll(lineBase);
  // The scan carries times within its range: only the entries before its first time lack one.
  let recount = otherCounts.covered !== other.length;
  for (let i = 0; i < other.length; i++) {
    const t = other.ts.get(i);
    if (t === t) break;
    other.ts.set(i, lastTs);
    // Counted without a time (the scanners flag such entries FLAG_NO_TS, whose time counts nowhere).
    if (!(other.flags.get(i) & FLAG_NO_TS) && lastTs === lastTs) recount = true;
  }
  if (recount) otherCounts.forget(0);
  counts.concat(otherCounts, cols.length);
  cols.concat(other);
  return cols.ts.get(cols.length - 1);
}

interface RangeState {
  /** Entries in the columns when this range's batches started to be appended. */
  firstEntry?: number;
  start: number;
  end: number;
  done: number;
  /**
   * The entries of a range whose batches come before the ranges ahead of it are done: appended to
   * columns of its own as they come (line numbers counted from the range's start, times before its
   * first one NaN), with their counts; joined to the file's columns without a copy once the ranges
   * before it are (FileIndex.join). Undefined when none came yet.
   */
  cols?: EntryColumns;
  counts?: ColumnCounts;
  /** The last time of `cols` (carried into its next batch). */
  lastTs: number;
  /** Summary of the candidates classified here (classifyHere), merged when the range is finished. */
  parts?: SummaryBuilder;
  lines?: number;
  finished: boolean;
}

export class FileIndex {
  readonly cols = new EntryColumns();
  /** Lines seen (final once `done`). */
  lines = 0;
  /** Bytes of the file covered by the index (contiguous from 0). */
  indexedEnd = 0;
  /** Size being indexed. */
  total = 0;
  done = false;
  partialLastLine = false;
  /** Summary of the classified candidate entries, except the last entry (see `tail`). */
  parts = newSummary();
  /** The last entry's row when it is a candidate: classified when indexing stops, re-done when the file grows. */
  tail?: { row: RowFields; lines: number; bytes: number };
  /** Summary counts of the columns' entries, kept as batches are appended. */
  readonly counts = new ColumnCounts();
  private generation = 0;
  private lastTs = NaN;
  private running: Promise<void> = Promise.resolve();

  constructor(public source: LogSource, private readonly opts: IndexOptions = {}) {}

  get entries(): number {
    return this.cols.length;
  }
  get pool(): WorkerPool {
    return this.opts.pool ?? defaultPool();
  }

  /** Indexes the whole file; resolves when done. */
  build(): Promise<void> {
    this.total = this.source.size;
    const planned = this.opts.minRange !== undefined || this.opts.maxRange !== undefined;
    this.running = this.indexFrom(0, this.source.size, 0, planned ? undefined : (this.opts.ranges ?? this.pool.size));
    return this.running;
  }

  /** Resolves when the current indexing (build or extend) is finished. */
  whenIdle(): Promise<void> {
    return this.running.catch(() => undefined);
  }

  /** Forgets entries from `entry` on (truncation of a followed file). */
  truncateEntries(entry: number, atOffset: number): void {
    this.generation++;
    if (entry <= 0) {
      this.truncateCols(0);
      this.lines = 0;
      this.lastTs = NaN;
      this.parts = newSummary();
    } else {
      // Candidates among the dropped entries are still in `parts`: recount them from the kept ones is
      // not possible without their text, so the summary of the kept part is rebuilt by re-reading
      // the kept candidates (rare: truncation of a followed file).
      const keep = entry;
      this.lines = this.cols.line.get(keep) - 1;
      this.truncateCols(keep);
      this.lastTs = this.cols.ts.get(keep - 1);
      this.parts = newSummary();
      for (let i = 0; i + 1 < keep; i++) {
        if (!(this.cols.flags.get(i) & FLAG_CANDIDATE)) continue;
        const off = this.cols.offset.get(i);
        const end = this.cols.offset.get(i + 1);
        const text = this.source.read(off, Math.min(end - off, 64 * 1024)).toString('utf8');
        countEntry(stripEol(text), this.source.format, this.entryLines(i), end - off, this.parts);
      }
    }
    this.tail = undefined;
    this.indexedEnd = atOffset;
    this.done = true;
    this.running = Promise.resolve();
  }

  /**
   * The file grew to `newSize` (follow mode): re-scans from the last entry's start (it may have
   * grown: more stack-trace lines, the rest of a line) and appends what follows. The last entry
   * keeps its position, so ids stay stable.
   */
  extend(newSize: number): Promise<void> {
    // A failed step must not stop every later one (follow mode goes on).
    this.running = this.running.catch(() => undefined).then(() => this.doExtend(newSize));
    return this.running;
  }

  private async doExtend(newSize: number): Promise<void> {
    if (newSize <= this.indexedEnd) return;
    const n = this.cols.length;
    let from = 0;
    let lineBase = 0;
    if (n > 0) {
      const last = n - 1;
      from = this.cols.offset.get(last);
      lineBase = this.cols.line.get(last) - 1;
      this.truncateCols(last);
      this.lastTs = last > 0 ? this.cols.ts.get(last - 1) : NaN;
    }
    this.tail = undefined;
    this.total = newSize;
    this.done = false;
    await this.indexFrom(from, newSize, lineBase, 1);
  }

  private truncateCols(n: number): void {
    this.cols.truncate(n);
    this.counts.forget(n);
  }

  /** Summary counts of every entry in the columns. */
  columnCounts(): ReturnType<ColumnCounts['totals']> {
    this.counts.catchUp(this.cols);
    return this.counts.totals();
  }

  /** Finds an entry start near `target` (a line after '\n' that starts with a timestamp), or -1. */
  private entryBoundaryNear(target: number, limit: number): number {
    // Windows of 16 KiB first (an entry start is usually a few hundred bytes away), growing to 1 MiB.
    for (let pos = target, win = 16 * 1024; pos < limit; pos += win, win = Math.min(win * 4, MIB)) {
      const b = this.source.read(pos, Math.min(win + 64, limit - pos));
      let nl = b.indexOf(10);
      while (nl >= 0 && nl < b.length - 1) {
        if (isEntryStartBytes(b, nl + 1, b.length)) return pos + nl + 1;
        nl = b.indexOf(10, nl + 1);
      }
      if (pos - target > 8 * MIB) break;
    }
    return -1;
  }

  /** `wantRanges`: that many equal ranges after the head; undefined: the plan of planRanges. */
  private async indexFrom(start: number, end: number, lineBase: number, wantRanges: number | undefined): Promise<void> {
    const gen = this.generation;
    const workerPath = this.source.workerPath;
    const small = !workerPath || end - start < (this.opts.inProcessBelow ?? IN_PROCESS_BELOW);
    const classifyHere = this.opts.classifyHere ?? (this.opts.headRange === false && !this.pool.classifierWarm);
    // Candidates the workers handed over, not classified yet (see IndexJob.backlog).
    const backlog = classifyHere ? new Int32Array(new SharedArrayBuffer(4)) : undefined;
    // The workers boot while the head is scanned and the file is cut into ranges.
    if (!small) this.pool.warm();
    const bounds = [start];
    // A head range scanned right here, so the first rows exist before any worker has started.
    let head = false;
    if (!small && this.opts.headRange !== false) {
      const hb = this.entryBoundaryNear(start + HEAD_BYTES, Math.min(end, start + 4 * HEAD_BYTES));
      if (hb > start && hb < end) {
        bounds.push(hb);
        head = true;
      }
    }
    if (!small) {
      const from = bounds[bounds.length - 1]!;
      const targets =
        wantRanges === undefined
          ? planRanges(from, end, this.pool.size, this.opts.minRange, this.opts.maxRange)
          : Array.from({ length: Math.max(0, wantRanges - 1) }, (_, k) => start + Math.floor(((end - start) * (k + 1)) / wantRanges));
      for (const target of targets) {
        const b = this.entryBoundaryNear(Math.max(target, bounds[bounds.length - 1]! + 1), end);
        if (b > bounds[bounds.length - 1]! && b < end) bounds.push(b);
      }
    }
    bounds.push(end);
    const ranges: RangeState[] = [];
    for (let k = 0; k + 1 < bounds.length; k++) ranges.push({ start: bounds[k]!, end: bounds[k + 1]!, done: 0, lastTs: NaN, finished: false });
    let joined = 0;
    let base = lineBase;

    // A stored batch's buffer goes back to a range still being scanned (its worker, or the scan
    // running here), which fills it with later entries instead of allocating a new one.
    const ports: (MessagePort | undefined)[] = [];
    const local = new FreeBuffers();
    let turn = 0;
    let scanningHere = false;
    const recycle = (b: EntryBatch): void => {
      const ab = b.offset.buffer;
      if (!(ab instanceof ArrayBuffer)) return;
      for (let t = 0; t < ranges.length; t++) {
        const k = (turn + t) % ranges.length;
        const port = ports[k];
        if (port && !ranges[k]!.finished) {
          turn = k + 1;
          port.postMessage(ab, [ab]);
          return;
        }
      }
      if (scanningHere) local.put(ab);
    };
    const append = (b: EntryBatch, lb: number): void => {
      this.lastTs = appendCounted(this.cols, this.counts, b, lb, this.lastTs);
      recycle(b);
    };
    const progress = (): void => {
      const done = ranges.reduce((s, r) => s + r.done, 0);
      this.opts.onProgress?.(start + done, end, this.cols.length);
    };

    const onMessage = (k: number) => (m: JobMessage): void => {
      if (gen !== this.generation) return; // superseded (truncation)
      const r = ranges[k]!;
      if (m.type === 'batch') {
        if (m.candidates) {
          classifyCandidates(m.batch, m.candidates, this.source.format, (r.parts ??= newSummary()));
          if (backlog) Atomics.sub(backlog, 0, m.candidates.count);
          // The buffer goes back to the range's worker for its next hand-over.
          const ab = candidateBuffer(m.candidates);
          if (!r.finished && ports[k]) ports[k]!.postMessage({ candidates: ab }, [ab]);
        }
        r.done = m.bytesDone;
        if (k === joined) {
          r.firstEntry ??= this.cols.length;
          append(m.batch, base);
          this.indexedEnd = r.start + m.bytesDone;
          this.opts.onEntries?.(this.cols.length);
        } else {
          // Stored now (the work is spread over the indexing, and the buffer goes back at once), joined later.
          r.lastTs = appendCounted((r.cols ??= new EntryColumns()), (r.counts ??= new ColumnCounts()), m.batch, 0, r.lastTs);
          recycle(m.batch);
        }
        progress();
      } else if (m.type === 'indexed') {
        r.done = m.result.bytes;
        r.lines = m.result.lines;
        r.finished = true;
        this.parts.merge(m.parts);
        if (r.parts) this.parts.merge(r.parts);
        r.parts = undefined;
        if (k === ranges.length - 1) this.partialLastLine = m.result.partialLastLine;
        let grew = false;
        while (joined < ranges.length && ranges[joined]!.finished) {
          const cur = ranges[joined]!;
          base += cur.lines!;
          this.indexedEnd = cur.start + cur.done;
          joined++;
          const next = ranges[joined];
          if (next) {
            next.firstEntry ??= this.cols.length;
            grew = this.join(next, base) || grew;
            if (!next.finished) this.indexedEnd = next.start + next.done;
          }
        }
        this.lines = base;
        if (grew) this.opts.onEntries?.(this.cols.length);
        progress();
      } else if (m.type === 'error') {
        this.opts.onError?.(m.message);
      }
    };
    const jobOf = (r: RangeState, k: number): IndexJob => ({
      kind: 'index',
      readPath: workerPath ?? '',
      start: r.start,
      end: r.end,
      format: this.source.format,
      ...(this.opts.chunkSize ? { chunkSize: this.opts.chunkSize } : {}),
      ...(k === ranges.length - 1 ? { skipLastCandidate: true } : {}),
    });
    const here = (k: number): void => {
      const r = ranges[k]!;
      r.cols = undefined;
      r.counts = undefined;
      r.lastTs = NaN;
      r.parts = undefined;
      if (r.firstEntry !== undefined) {
        // Batches of a worker that died were appended already: drop them, scan the range again.
        this.truncateCols(r.firstEntry);
        this.lastTs = r.firstEntry > 0 ? this.cols.ts.get(r.firstEntry - 1) : NaN;
        r.firstEntry = undefined;
      }
      try {
        scanningHere = true;
        runIndexWith((b, o, l, p) => this.source.readInto(b, o, l, p), jobOf(r, k), onMessage(k), (bytes) => local.take(bytes));
      } catch (err) {
        this.opts.onError?.(err instanceof Error ? err.message : String(err));
        r.finished = true;
        r.lines = 0;
      } finally {
        scanningHere = false;
        local.clear();
      }
    };

    if (small) {
      await new Promise<void>((res) => setImmediate(res));
      if (gen !== this.generation) return;
      here(0);
    } else {
      if (head) here(0);
      await Promise.all(
        ranges.map((r, k) => {
          if (head && k === 0) return Promise.resolve();
          const { port1, port2 } = new MessageChannel();
          ports[k] = port1;
          return this.pool.run({ ...jobOf(r, k), recycle: port2, ...(backlog ? { candidateTexts: true, backlog } : {}) }, onMessage(k), [port2]);
        }),
      );
      for (const p of ports) p?.close();
    }
    if (gen !== this.generation) return;
    // A range whose worker died: scan it here (rare).
    for (let k = joined; k < ranges.length; k++) if (!ranges[k]!.finished) here(k);
    this.classifyTail();
    this.done = true;
    this.opts.onEntries?.(this.cols.length);
    progress();
  }

  /** Joins a range's own columns (RangeState.cols) to the file's (joinColumns); returns whether entries were joined. */
  private join(r: RangeState, lineBase: number): boolean {
    const c = r.cols;
    const counts = r.counts;
    r.cols = undefined;
    r.counts = undefined;
    if (!c || !counts || c.length === 0) return false;
    this.lastTs = joinColumns(this.cols, this.counts, c, counts, lineBase, this.lastTs);
    return true;
  }

  /** Classifies the last entry (left out by the scan: in follow mode it may still grow). */
  private classifyTail(): void {
    this.tail = undefined;
    const n = this.cols.length;
    if (n === 0 || !(this.cols.flags.get(n - 1) & FLAG_CANDIDATE)) return;
    const off = this.cols.offset.get(n - 1);
    const end = Math.max(off, this.indexedEnd);
    const text = stripEol(this.source.read(off, Math.min(end - off, 64 * 1024)).toString('utf8'));
    const row = analyzeEntry(text, this.source.format);
    this.cols.kind.set(n - 1, kindCode(row.kind));
    this.cols.outcome.set(n - 1, outcomeCode(row.outcome));
    this.tail = { row, lines: this.entryLines(n - 1), bytes: end - off };
  }

  /** Summary state of the candidates (classified entries), the tail included. */
  candidateState(): SummaryState {
    const b = newSummary().merge(this.parts);
    if (this.tail) b.add({ ...this.tail.row, lines: this.tail.lines }, this.tail.bytes);
    return b.state();
  }

  /** Byte end of entry `i` (next entry's start, or the indexed end). */
  entryEnd(i: number): number {
    return i + 1 < this.cols.length ? this.cols.offset.get(i + 1) : Math.max(this.indexedEnd, this.cols.offset.get(i));
  }
  /** Number of lines entry `i` spans. */
  entryLines(i: number): number {
    if (i + 1 < this.cols.length) return this.cols.line.get(i + 1) - this.cols.line.get(i);
    return Math.max(1, this.lines - this.cols.line.get(i) + 1);
  }
}

// ---------------------------------------------------------------------------------------------
// One-call measurement entry for the bench and the CLI

/** The timestamp of entry `i` as written (its first characters). */
export function timeAsWritten(idx: FileIndex, i: number): string | undefined {
  const off = idx.cols.offset.get(i);
  const head = idx.source.read(off, 40).toString('latin1');
  const n = timestampLength(head);
  return n > 0 ? head.slice(0, n) : undefined;
}

/**
 * Summary state of a whole file: the non-candidate entries counted from the columns (entries,
 * lines, bytes, levels, first/last time; their kind is `other` by the prefilter's contract) merged
 * with the classified candidates' state.
 */
export function fileSummaryState(idx: FileIndex): SummaryState {
  const cand = idx.candidateState();
  // Counted while the batches were appended (ColumnCounts): only what was not is read here.
  const { others: entries, levels, minTs, minI, maxTs, maxI } = idx.columnCounts();
  const st: SummaryState = {
    entries,
    lines: Math.max(0, idx.lines - cand.lines),
    bytes: Math.max(0, idx.indexedEnd - cand.bytes),
    byKind: entries ? [['other', entries]] : [],
    byOutcome: [],
    byLevel: [],
    byMethod: [],
    reasons: [],
    users: [],
    ips: [],
    minutes: [],
  };
  for (let l = 1; l < LEVEL_CODES.length; l++) if (levels[l]) st.byLevel.push([LEVEL_CODES[l]!, levels[l]!]);
  if (minI >= 0) {
    const t = timeAsWritten(idx, minI);
    if (t) st.first = { ts: minTs, time: t };
  }
  if (maxI >= 0) {
    const t = timeAsWritten(idx, maxI);
    if (t) st.last = { ts: maxTs, time: t };
  }
  return newSummary().merge(st).merge(cand).state();
}

export interface IndexFilesResult {
  entries: number;
  lines: number;
  bytes: number;
  /** Entries the keyword prefilter marked and the classifier looked at. */
  candidates: number;
  summary: LogSummary;
  /** Wall time until every file is indexed and summarised. */
  ms: number;
  /** Wall time until the first entries were available. */
  firstRowsMs: number;
}

/**
 * Indexes files (in parallel ranges on the worker pool, or in-process up to `batchInProcessBelow`
 * when the caller does not say) and summarises them: what `npm run bench` measures.
 */
export async function indexFiles(paths: string[], opts: IndexOptions = {}): Promise<IndexFilesResult> {
  const t0 = performance.now();
  const pool = opts.pool ?? defaultPool();
  let firstRowsMs = -1;
  let candidates = 0;
  const total = newSummary();
  let entries = 0;
  let lines = 0;
  let bytes = 0;
  for (const p of paths) {
    const inProcessBelow = opts.inProcessBelow ?? batchInProcessBelow(pool);
    // Workers that will be needed boot while the file is opened and sniffed (for a gzip, whose
    // size on disk says little, FileIndex starts them once it is decompressed).
    try {
      if (statSync(p).size >= inProcessBelow) pool.warm();
    } catch {
      // openLogSource says what is wrong with the file
    }
    const src = await openLogSource(p);
    try {
      const idx = new FileIndex(src, {
        headRange: opts.onEntries !== undefined,
        ...opts,
        pool,
        inProcessBelow,
        onEntries: (n) => {
          if (firstRowsMs < 0 && n > 0) firstRowsMs = performance.now() - t0;
          opts.onEntries?.(n);
        },
      });
      await idx.build();
      entries += idx.entries;
      lines += idx.lines;
      bytes += src.size;
      total.merge(fileSummaryState(idx));
      candidates += idx.columnCounts().candidates;
    } finally {
      src.close();
    }
  }
  const summary = total.build();
  return { entries, lines, bytes, candidates, summary, ms: performance.now() - t0, firstRowsMs: Math.max(0, firstRowsMs) };
}

export { scanRange, DEFAULT_CHUNK };
