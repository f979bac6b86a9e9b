// Compact per-entry storage: one column per field, each a list of fixed-size typed-array blocks.
// Growing never copies what is stored (no doubling spikes), access is two shifts and a mask.
// A 1 GiB Jira log (~5-7 million entries) costs about 22 bytes per entry here.

const BLOCK_BITS = 16;
const BLOCK = 1 << BLOCK_BITS;
/** Entries per block of a column (whole-column passes go block by block: see Column.block, DeltaColumn.readBlock). */
export const COLUMN_BLOCK = BLOCK;
const MASK = BLOCK - 1;

type Typed = Float64Array | Uint32Array | Uint8Array;
type TypedCtor<T extends Typed> = { new (n: number): T };

export class Column<T extends Typed> {
  private readonly blocks: T[] = [];
  length = 0;
  constructor(private readonly ctor: TypedCtor<T>) {}

  get(i: number): number {
    return this.blocks[i >>> BLOCK_BITS]![i & MASK]!;
  }
  /** Block `b` itself (entries b * COLUMN_BLOCK on; only the first `length - b * COLUMN_BLOCK` are set). */
  block(b: number): T | undefined {
    return this.blocks[b];
  }
  set(i: number, v: number): void {
    this.blocks[i >>> BLOCK_BITS]![i & MASK] = v;
  }
  push(v: number): void {
    const b = this.length >>> BLOCK_BITS;
    if (b === this.blocks.length) this.blocks.push(new this.ctor(BLOCK));
    this.blocks[b]![this.length & MASK] = v;
    this.length++;
  }
  /**
   * Appends `n` values of `src` starting at `from`, adding `add` to each (for line bases). Block
   * copies; with `add`, one loop that stores the sums (`| 0` wraps as the typed store does).
   */
  append(src: Typed, from = 0, n = src.length - from, add = 0): void {
    let k = 0;
    while (k < n) {
      const b = this.length >>> BLOCK_BITS;
      if (b === this.blocks.length) this.blocks.push(new this.ctor(BLOCK));
      const at = this.length & MASK;
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
  /** Forgets values from `n` on (truncation, re-index). */
  truncate(n: number): void {
    if (n >= this.length) return;
    this.length = n;
    this.blocks.length = Math.ceil(n / BLOCK);
  }
  bytes(): number {
    return this.blocks.reduce((s, b) => s + b.byteLength, 0);
  }
}

const NAN32 = -0x80000000;

/**
 * A column of numbers that change little from one entry to the next (file offsets, epoch ms):
 * each block keeps a base and 32-bit signed deltas (4 bytes an entry instead of 8); a block where a
 * delta does not fit (an entry of more than 2 GB, times 25 days apart) switches to Float64.
 * NaN is kept as a sentinel.
 */
export class DeltaColumn {
  private readonly bases: number[] = [];
  private readonly small: (Int32Array | undefined)[] = [];
  private readonly wide: (Float64Array | undefined)[] = [];
  length = 0;

  get(i: number): number {
    const b = i >>> BLOCK_BITS;
    const w = this.wide[b];
    if (w) return w[i & MASK]!;
    const d = this.small[b]![i & MASK]!;
    return d === NAN32 ? NaN : this.bases[b]! + d;
  }
  set(i: number, v: number): void {
    const b = i >>> BLOCK_BITS;
    const at = i & MASK;
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
    const b = this.length >>> BLOCK_BITS;
    if (b === this.bases.length) {
      this.bases.push(v === v ? v : 0);
      this.small.push(new Int32Array(BLOCK));
      this.wide.push(undefined);
    }
    const i = this.length++;
    this.set(i, v);
  }
  /**
   * Appends `n` values of `src` starting at `from`. A small block takes a run of deltas in one tight
   * loop (one truncation and one compare an entry); a NaN, or a delta that does not fit, leaves it
   * to the per-entry path (the sentinel, or widening the block).
   */
  append(src: Float64Array, from = 0, n = src.length - from): void {
    let k = 0;
    while (k < n) {
      const b = this.length >>> BLOCK_BITS;
      if (b === this.bases.length) {
        const v0 = src[from + k]!;
        this.bases.push(v0 === v0 ? v0 : 0);
        this.small.push(new Int32Array(BLOCK));
        this.wide.push(undefined);
      }
      const at = this.length & MASK;
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
  /** The values of block `b` (entries b * COLUMN_BLOCK on) written to `out`; returns how many. */
  readBlock(b: number, out: Float64Array): number {
    const n = Math.min(BLOCK, this.length - b * BLOCK);
    if (n <= 0) return 0;
    const w = this.wide[b];
    if (w) {
      out.set(w.subarray(0, n));
      return n;
    }
    const sm = this.small[b]!;
    const base = this.bases[b]!;
    for (let j = 0; j < n; j++) {
      const d = sm[j]!;
      out[j] = d === NAN32 ? NaN : base + d;
    }
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
    const blocks = Math.ceil(n / BLOCK);
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
  bytes(): number {
    return [this.offset, this.line, this.ts, this.level, this.kind, this.outcome, this.flags].reduce((s, c) => s + c.bytes(), 0);
  }
}

/** What a scanner hands over: plain typed arrays (transferable between threads). */
export interface EntryBatch {
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
