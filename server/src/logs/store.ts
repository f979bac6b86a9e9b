// Compact per-entry storage: one column per field, each a list of fixed-size typed-array blocks.
// Growing never copies what is stored (no doubling spikes), access is two shifts and a mask (and a
// compare: columns joined whole keep their blocks, see Segments).
// A 1 GiB Jira log (~5-7 million entries) costs about 22 bytes per entry here.

const BLOCK_BITS = 16;
const BLOCK = 1 << BLOCK_BITS;
/** Entries per block of a column (whole-column passes go block by block: see Column.block, DeltaColumn.readBlock). */
export const COLUMN_BLOCK = BLOCK;
const MASK = BLOCK - 1;

type Typed = Float64Array | Uint32Array | Uint8Array;
type TypedCtor<T extends Typed> = { new (n: number): T };

/**
 * Where a column's entries are stored. Entry i sits at position i + delta in the blocks (block
 * position >>> BLOCK_BITS, index position & MASK), delta being 0 up to the first joined segment.
 * A column joined at the end of another (concat) whose last block is partly filled keeps its own
 * blocks, so its entries start a segment: their delta is the room left in that block. Appends go to
 * the last segment; a truncation drops the segments it empties.
 */
class Segments {
  /** First entry of each segment after the first, ascending; their deltas. */
  readonly start: number[] = [];
  readonly delta: number[] = [];
  /** start[0], or Infinity: entries below it have delta 0 (the fast path of every read). */
  split = Infinity;
  /** The last segment's delta: where the next appended entry goes is length + end. */
  end = 0;

  /** Position of entry i (i >= split). */
  position(i: number): number {
    let s = this.start.length - 1;
    while (this.start[s]! > i) s--;
    return i + this.delta[s]!;
  }
  /** A segment starting at entry `start` with `delta`. */
  add(start: number, delta: number): void {
    if (delta === this.end) return; // the entries go on where the last segment ends
    this.start.push(start);
    this.delta.push(delta);
    this.end = delta;
    this.split = this.start[0]!;
  }
  /** Only entries [0, n) are kept: segments starting at n or later go. */
  truncate(n: number): void {
    let s = this.start.length;
    while (s > 0 && this.start[s - 1]! >= n) s--;
    this.start.length = s;
    this.delta.length = s;
    this.end = s > 0 ? this.delta[s - 1]! : 0;
    this.split = s > 0 ? this.start[0]! : Infinity;
  }
}

export class Column<T extends Typed> {
  private blocks: T[] = [];
  private readonly seg = new Segments();
  length = 0;
  constructor(private readonly ctor: TypedCtor<T>) {}

  get(i: number): number {
    const p = i < this.seg.split ? i : this.seg.position(i);
    return this.blocks[p >>> BLOCK_BITS]![p & MASK]!;
  }
  /** Storage block `b` itself (COLUMN_BLOCK entries; entries b * COLUMN_BLOCK on while the column has one segment). */
  block(b: number): T | undefined {
    return this.blocks[b];
  }
  set(i: number, v: number): void {
    const p = i < this.seg.split ? i : this.seg.position(i);
    this.blocks[p >>> BLOCK_BITS]![p & MASK] = v;
  }
  push(v: number): void {
    const p = this.length + this.seg.end;
    const b = p >>> BLOCK_BITS;
    if (b === this.blocks.length) this.blocks.push(new this.ctor(BLOCK));
    this.blocks[b]![p & MASK] = v;
    this.length++;
  }
  /**
   * Appends `n` values of `src` starting at `from`, adding `add` to each (for line bases). Block
   * copies; with `add`, one loop that stores the sums (`| 0` wraps as the typed store does).
   */
  append(src: Typed, from = 0, n = src.length - from, add = 0): void {
    let k = 0;
    while (k < n) {
      const p = this.length + this.seg.end;
      const b = p >>> BLOCK_BITS;
      if (b === this.blocks.length) this.blocks.push(new this.ctor(BLOCK));
      const at = p & MASK;
      const m = Math.min(n - k, BLOCK - at);
      const block = this.blocks[b]!;
      const s = from + k;
      if (add === 0) block.set(src.subarray(s, s + m), at);
      else {
        const d = s - at;
        const end = at + m;
        for (let j = at; j < end; j++) block[j] = (src[d + j]! + add) | 0;
      }
      this.length += m;
      k += m;
    }
  }
  /** Adds `add` to every value (`| 0` wraps as append's does): a line base learnt after the entries were stored. */
  addToAll(add: number): void {
    if (add === 0) return;
    for (let b = 0; b < this.blocks.length; b++) {
      const block = this.blocks[b]!;
      for (let j = 0; j < BLOCK; j++) block[j] = (block[j]! + add) | 0;
    }
  }
  /**
   * Appends the values of `other` by taking over its blocks (no copy: a joined range's entries);
   * `other` is left empty.
   */
  concat(other: Column<T>): void {
    joinSegments(this.seg, this.length, this.blocks.length, other.seg, other.length);
    for (const b of other.blocks) this.blocks.push(b);
    this.length += other.length;
    other.blocks = [];
    other.seg.truncate(0);
    other.length = 0;
  }
  /** Copies entries [from, from + n) into out[0, n). */
  read(from: number, n: number, out: Typed): void {
    for (let k = 0; k < n; ) {
      const p = from + k < this.seg.split ? from + k : this.seg.position(from + k);
      const at = p & MASK;
      // Up to the block's end, or the next segment's start.
      let m = Math.min(n - k, BLOCK - at);
      for (const st of this.seg.start) if (st > from + k && st < from + k + m) m = st - from - k;
      out.set(this.blocks[p >>> BLOCK_BITS]!.subarray(at, at + m), k);
      k += m;
    }
  }
  /** Forgets values from `n` on (truncation, re-index). */
  truncate(n: number): void {
    if (n >= this.length) return;
    this.length = n;
    this.seg.truncate(n);
    this.blocks.length = Math.ceil((n + this.seg.end) / BLOCK);
  }
  bytes(): number {
    return this.blocks.reduce((s, b) => s + b.byteLength, 0);
  }
}

/**
 * The segments of `other` (`otherLength` entries) joined after `length` entries stored in `blocks`
 * blocks: other's block 0 becomes block `blocks`.
 */
function joinSegments(seg: Segments, length: number, blocks: number, other: Segments, otherLength: number): void {
  if (otherLength === 0) return;
  // Entry length + j of other was at position j + delta there; here it is at blocks * BLOCK + j + delta.
  const shift = blocks * BLOCK - length;
  seg.add(length, shift);
  for (let s = 0; s < other.start.length; s++) seg.add(length + other.start[s]!, shift + other.delta[s]!);
}

const NAN32 = -0x80000000;

/**
 * An empty array whose elements are doubles from the start. A block's base (a file offset, an
 * epoch ms) is mostly not a small integer; an array that began with one changes its elements kind
 * at the first that is not, which discarded the optimised append (a "wrong map" deoptimisation on
 * the 1 GiB bench log with --trace-deopt).
 */
function doubleArray(): number[] {
  const a = [0.5];
  a.length = 0;
  return a;
}

/** An empty array whose elements are objects (or undefined) from the start, for the same reason. */
function objectArray<T extends object>(): (T | undefined)[] {
  const a: (T | undefined)[] = [undefined];
  a.length = 0;
  return a;
}

/**
 * A column of numbers that change little from one entry to the next (file offsets, epoch ms):
 * each block keeps a base and 32-bit signed deltas (4 bytes an entry instead of 8); a block where a
 * delta does not fit (an entry of more than 2 GB, times 25 days apart) switches to Float64.
 * NaN is kept as a sentinel.
 */
export class DeltaColumn {
  private bases: number[] = doubleArray();
  private small = objectArray<Int32Array>();
  private wide = objectArray<Float64Array>();
  private readonly seg = new Segments();
  length = 0;

  get(i: number): number {
    const p = i < this.seg.split ? i : this.seg.position(i);
    const b = p >>> BLOCK_BITS;
    const w = this.wide[b];
    if (w) return w[p & MASK]!;
    const d = this.small[b]![p & MASK]!;
    return d === NAN32 ? NaN : this.bases[b]! + d;
  }
  set(i: number, v: number): void {
    this.setAt(i < this.seg.split ? i : this.seg.position(i), v);
  }
  private setAt(p: number, v: number): void {
    const b = p >>> BLOCK_BITS;
    const at = p & MASK;
    const w = this.wide[b];
    if (w) {
      w[at] = v;
      return;
    }
    if (v !== v) {
      this.small[b]![at] = NAN32;
      return;
    }
    const d = v - this.bases[b]!;
    if (d === (d | 0) && d !== NAN32) this.small[b]![at] = d;
    else this.widen(b)[at] = v;
  }
  push(v: number): void {
    const p = this.length + this.seg.end;
    const b = p >>> BLOCK_BITS;
    if (b === this.bases.length) {
      this.bases.push(v === v ? v : 0);
      this.small.push(new Int32Array(BLOCK));
      this.wide.push(undefined);
    }
    this.length++;
    this.setAt(p, v);
  }
  /**
   * Appends `n` values of `src` starting at `from`. A small block takes a run of deltas in one tight
   * loop (one truncation and one compare an entry); a NaN, or a delta that does not fit, leaves it
   * to the per-entry path (the sentinel, or widening the block).
   */
  append(src: Float64Array, from = 0, n = src.length - from): void {
    let k = 0;
    while (k < n) {
      const p = this.length + this.seg.end;
      const b = p >>> BLOCK_BITS;
      if (b === this.bases.length) {
        const v0 = src[from + k]!;
        this.bases.push(v0 === v0 ? v0 : 0);
        this.small.push(new Int32Array(BLOCK));
        this.wide.push(undefined);
      }
      const at = p & MASK;
      const m = Math.min(n - k, BLOCK - at);
      const sm = this.small[b];
      if (!sm) {
        this.wide[b]!.set(src.subarray(from + k, from + k + m), at);
        this.length += m;
        k += m;
        continue;
      }
      const base = this.bases[b]!;
      const s = from + k - at; // src[s + j] goes to sm[j]
      const end = at + m;
      let j = at;
      for (;;) {
        for (; j < end; j++) {
          const d = src[s + j]! - base;
          const di = d | 0;
          if (di !== d || di === NAN32) break;
          sm[j] = di;
        }
        if (j === end) break;
        const v = src[s + j]!;
        if (v !== v) sm[j++] = NAN32;
        else break; // does not fit: push widens the block
      }
      this.length += j - at;
      k += j - at;
      if (j < end) {
        this.push(src[s + j]!);
        k++;
      }
    }
  }
  /** Takes over the blocks of `other` (see Column.concat); `other` is left empty. */
  concat(other: DeltaColumn): void {
    joinSegments(this.seg, this.length, this.bases.length, other.seg, other.length);
    for (let b = 0; b < other.bases.length; b++) {
      this.bases.push(other.bases[b]!);
      this.small.push(other.small[b]);
      this.wide.push(other.wide[b]);
    }
    this.length += other.length;
    other.bases = doubleArray();
    other.small = objectArray<Int32Array>();
    other.wide = objectArray<Float64Array>();
    other.seg.truncate(0);
    other.length = 0;
  }
  /** Copies the values of entries [from, from + n) into out[0, n). */
  read(from: number, n: number, out: Float64Array): void {
    for (let k = 0; k < n; ) {
      const p = from + k < this.seg.split ? from + k : this.seg.position(from + k);
      const b = p >>> BLOCK_BITS;
      const at = p & MASK;
      let m = Math.min(n - k, BLOCK - at);
      for (const st of this.seg.start) if (st > from + k && st < from + k + m) m = st - from - k;
      const w = this.wide[b];
      if (w) out.set(w.subarray(at, at + m), k);
      else {
        const sm = this.small[b]!;
        const base = this.bases[b]!;
        const d = at - k;
        for (let j = k; j < k + m; j++) {
          const x = sm[j + d]!;
          out[j] = x === NAN32 ? NaN : base + x;
        }
      }
      k += m;
    }
  }
  /** For values ascending over [lo, hi) (entry offsets): the first index there whose value is >= v, hi when none. */
  lowerBound(v: number, lo = 0, hi = this.length): number {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.get(mid) < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  /** The values of entries b * COLUMN_BLOCK on (at most COLUMN_BLOCK) written to `out`; returns how many. */
  readBlock(b: number, out: Float64Array): number {
    const n = Math.min(BLOCK, this.length - b * BLOCK);
    if (n <= 0) return 0;
    this.read(b * BLOCK, n, out);
    return n;
  }
  private widen(b: number): Float64Array {
    const w = new Float64Array(BLOCK);
    const sm = this.small[b]!;
    const base = this.bases[b]!;
    for (let k = 0; k < BLOCK; k++) w[k] = sm[k] === NAN32 ? NaN : base + sm[k]!;
    this.wide[b] = w;
    this.small[b] = undefined;
    return w;
  }
  truncate(n: number): void {
    if (n >= this.length) return;
    this.length = n;
    this.seg.truncate(n);
    const blocks = Math.ceil((n + this.seg.end) / BLOCK);
    this.bases.length = blocks;
    this.small.length = blocks;
    this.wide.length = blocks;
  }
  bytes(): number {
    let s = 0;
    for (let b = 0; b < this.bases.length; b++) s += this.wide[b] ? this.wide[b]!.byteLength : this.small[b]!.byteLength;
    return s;
  }
}

/** Kinds and outcomes as bytes (0 = none). Order matters only inside this process. */
export const KIND_CODES = ['other', 'audit', 'diagnostics', 'login', 'apitoken'] as const;
export const OUTCOME_CODES = [undefined, 'passed', 'failed', 'denied', 'limited', 'info'] as const;
export const LEVEL_CODES = [undefined, 'TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;

export function kindCode(kind: string | undefined): number {
  const i = KIND_CODES.indexOf((kind ?? 'other') as (typeof KIND_CODES)[number]);
  return i < 0 ? 0 : i;
}
export function outcomeCode(outcome: string | undefined): number {
  const i = OUTCOME_CODES.indexOf(outcome as (typeof OUTCOME_CODES)[number]);
  return i < 0 ? 0 : i;
}
export function levelCode(level: string | undefined): number {
  if (!level) return 0;
  const i = LEVEL_CODES.indexOf(level.toUpperCase() as (typeof LEVEL_CODES)[number]);
  return i < 0 ? 0 : i;
}

/** Flags byte. */
export const FLAG_CANDIDATE = 1; // the keyword prefilter hit this entry
export const FLAG_NO_TS = 2; // the entry has no timestamp of its own (the ts column carries the previous one)

/** The index of one file: entry starts, first lines, times, levels, kinds, outcomes, flags. */
export class EntryColumns {
  readonly offset = new DeltaColumn();
  readonly line = new Column(Uint32Array);
  readonly ts = new DeltaColumn();
  readonly level = new Column(Uint8Array);
  readonly kind = new Column(Uint8Array);
  readonly outcome = new Column(Uint8Array);
  readonly flags = new Column(Uint8Array);

  get length(): number {
    return this.offset.length;
  }
  appendBatch(b: EntryBatch, lineBase: number, from = 0): void {
    const n = b.count - from;
    this.offset.append(b.offset, from, n);
    this.line.append(b.line, from, n, lineBase);
    this.ts.append(b.ts, from, n);
    this.level.append(b.level, from, n);
    this.kind.append(b.kind, from, n);
    this.outcome.append(b.outcome, from, n);
    this.flags.append(b.flags, from, n);
  }
  truncate(n: number): void {
    for (const c of [this.offset, this.line, this.ts, this.level, this.kind, this.outcome, this.flags]) c.truncate(n);
  }
  /** Appends the entries of `other` by taking over its blocks (no copy); `other` is left empty. */
  concat(other: EntryColumns): void {
    this.offset.concat(other.offset);
    this.line.concat(other.line);
    this.ts.concat(other.ts);
    this.level.concat(other.level);
    this.kind.concat(other.kind);
    this.outcome.concat(other.outcome);
    this.flags.concat(other.flags);
  }
  bytes(): number {
    return [this.offset, this.line, this.ts, this.level, this.kind, this.outcome, this.flags].reduce((s, c) => s + c.bytes(), 0);
  }
}

/**
 * What the index's summary needs of a batch's entries (ColumnCounts), counted by the scanner that
 * wrote them (the WebAssembly one counts as it writes each record): candidates, the levels of the
 * other entries, the earliest time (its first entry) and the latest (its last entry) among entries
 * with a time of their own, as indexes into the batch (-1: none).
 */
export interface BatchCounts {
  candidates: number;
  /** By level code (LEVEL_CODES), entries that are not candidates. */
  levels: number[];
  minTs: number;
  minI: number;
  maxTs: number;
  maxI: number;
}

/** What a scanner hands over: plain typed arrays (transferable between threads). */
export interface EntryBatch {
  /**
   * The batch's counts, when its scanner kept them. Such a batch has times that are NaN only
   * before its range's first time (the scanner carries the last time to entries without one).
   */
  counts?: BatchCounts;
  count: number;
  offset: Float64Array;
  /** 1-based line numbers (the scan's line base included), as the Uint32 column stores them. */
  line: Uint32Array;
  ts: Float64Array;
  level: Uint8Array;
  kind: Uint8Array;
  outcome: Uint8Array;
  flags: Uint8Array;
}

/** A growable batch (doubling: batches are small, a few MB of input at most). */
export class BatchBuilder {
  count = 0;
  private cap: number;
  offset: Float64Array;
  line: Uint32Array;
  ts: Float64Array;
  level: Uint8Array;
  kind: Uint8Array;
  outcome: Uint8Array;
  flags: Uint8Array;
  constructor(cap = 4096) {
    this.cap = cap;
    this.offset = new Float64Array(cap);
    this.line = new Uint32Array(cap);
    this.ts = new Float64Array(cap);
    this.level = new Uint8Array(cap);
    this.kind = new Uint8Array(cap);
    this.outcome = new Uint8Array(cap);
    this.flags = new Uint8Array(cap);
  }
  push(offset: number, line: number, ts: number, level: number, flags: number): number {
    if (this.count === this.cap) this.grow();
    const i = this.count++;
    this.offset[i] = offset;
    this.line[i] = line;
    this.ts[i] = ts;
    this.level[i] = level;
    this.kind[i] = 0;
    this.outcome[i] = 0;
    this.flags[i] = flags;
    return i;
  }
  private grow(): void {
    const cap = this.cap * 2;
    const g = <T extends Float64Array | Uint32Array | Uint8Array>(a: T, C: { new (n: number): T }): T => {
      const b = new C(cap);
      b.set(a);
      return b;
    };
    this.offset = g(this.offset, Float64Array);
    this.line = g(this.line, Uint32Array);
    this.ts = g(this.ts, Float64Array);
    this.level = g(this.level, Uint8Array);
    this.kind = g(this.kind, Uint8Array);
    this.outcome = g(this.outcome, Uint8Array);
    this.flags = g(this.flags, Uint8Array);
    this.cap = cap;
  }
  /**
   * Takes the first `n` entries out as a batch; the rest stay (moved to the front). The batch's
   * columns are views on one new ArrayBuffer (one allocation, one transfer between threads).
   */
  take(n: number): EntryBatch {
    const out = newBatch(n);
    copyEntries(out, 0, this, 0, n);
    const rest = this.count - n;
    if (rest > 0) for (const a of [this.offset, this.line, this.ts, this.level, this.kind, this.outcome, this.flags]) a.copyWithin(0, n, this.count);
    this.count = rest;
    return out;
  }
}

/** A batch's columns without its count. */
export type BatchColumns = Omit<EntryBatch, 'count'>;

/** Bytes an entry takes in a batch buffer. */
export const BATCH_ENTRY_BYTES = 24;

/**
 * Views for `cap` entries on one buffer, one column after the other (offset, ts, line, level, kind,
 * outcome, flags): the layout of every batch, so that one buffer is one transfer between threads.
 */
export function batchColumns(ab: ArrayBuffer, cap: number): BatchColumns {
  return {
    offset: new Float64Array(ab, 0, cap),
    ts: new Float64Array(ab, cap * 8, cap),
    line: new Uint32Array(ab, cap * 16, cap),
    level: new Uint8Array(ab, cap * 20, cap),
    kind: new Uint8Array(ab, cap * 21, cap),
    outcome: new Uint8Array(ab, cap * 22, cap),
    flags: new Uint8Array(ab, cap * 23, cap),
  };
}

/** A zero-filled batch of `n` entries on a buffer of its own. */
export function newBatch(n: number): EntryBatch {
  return { count: n, ...batchColumns(new ArrayBuffer(n * BATCH_ENTRY_BYTES), n) };
}

/** Copies entries [from, from + n) of `src` into `dst` at `at`, every column. */
export function copyEntries(dst: BatchColumns, at: number, src: BatchColumns, from: number, n: number): void {
  dst.offset.set(src.offset.subarray(from, from + n), at);
  dst.ts.set(src.ts.subarray(from, from + n), at);
  dst.line.set(src.line.subarray(from, from + n), at);
  dst.level.set(src.level.subarray(from, from + n), at);
  dst.kind.set(src.kind.subarray(from, from + n), at);
  dst.outcome.set(src.outcome.subarray(from, from + n), at);
  dst.flags.set(src.flags.subarray(from, from + n), at);
}

/** The batch's buffers, each once (a batch from take() has one). */
export function batchTransferables(b: EntryBatch): ArrayBuffer[] {
  return [...new Set([b.offset, b.line, b.ts, b.level, b.kind, b.outcome, b.flags].map((a) => a.buffer as ArrayBuffer))];
}
