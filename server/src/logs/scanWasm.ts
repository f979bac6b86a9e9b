// The byte scanner in WebAssembly (server/wasm/scan.ts, compiled by build.mjs to dist/scan.wasm):
// the same results as scan.ts's JavaScript scanRange, the per-byte and per-line work done with
// 128-bit SIMD and no call back into JavaScript per line. This file only drives it: reads each
// chunk of the file straight into the module's memory, copies the entry records it writes into an
// EntryBatch (block copies), and classifies the candidate entries it reports (onCandidate).
//
// scan.ts's scanRange uses it when the module loads and the keywords fit (at most 8 distinct byte
// pairs, 2 to 64 bytes each); otherwise the JavaScript scanner runs. test/unit/logs/scan-wasm.test.ts
// checks that both give the same entries, lines, candidates and batches.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BATCH_ENTRY_BYTES, FLAG_CANDIDATE, LEVEL_CODES, batchColumns, copyEntries, type BatchColumns, type BatchCounts, type EntryBatch } from './store';
import { entryBytes, entryBytesAt, entryTextAt } from './text';
import type { ReadFn, ScanOptions, ScanResult } from './scan';

// The WebAssembly JavaScript API, typed here: the server's tsconfig has no DOM library, and
// @types/node declares only part of the namespace.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmModule {
  readonly __wasmModule: true;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (mod: WasmModule, imports: object) => { exports: unknown };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface ScanExports {
  memory: WasmMemory;
  configure(buf: number, eOff: number, eLine: number, eTs: number, eLevel: number, eFlags: number, cEntry: number, cStart: number, cEnd: number, cLines: number, hits: number, pairs: number, kw: number, lut: number): void;
  setKeywords(entriesPerPair: number, pairs: number, hash: number): void;
  heapBase(): number;
  reset(lineBase: number, ts: number, continuesEntry: boolean, startAbs: number): void;
  scanChunk(i: number, len: number, from: number, shift: number, bufPos: number, eof: boolean): void;
  finish(endRel: number, bufPos: number): void;
  countPairs(len: number, out: number): void;
  countTriples(len: number, out: number): void;
  getEntries(): number;
  getClosed(): number;
  getI(): number;
  getLineNo(): number;
  getLastTs(): number;
  getEntryCount(): number;
  getLeadLines(): number;
  /** i32 0/1 (WebAssembly has no booleans). */
  getPartial(): number;
  getLastLineStart(): number;
  isOpen(): number;
  findLowered(at: number, len: number, needle: number, n: number, out: number, max: number): number;
  findLoweredAny(at: number, len: number, needles: number, count: number, out: number, max: number): number;
  setStats(levels: number): void;
  statsReset(keepPending: boolean): void;
  statsFold(): void;
  statsMinTs(): number;
  statsMinI(): number;
  statsMaxTs(): number;
  statsMaxI(): number;
}

const HEAD = 128;
const MAX_PAIRS = 8;
/** SIMD pair slots (the unused ones repeat a used pair), [first byte, second byte] each. */
const PAIR_SLOTS = MAX_PAIRS;
/** The slots, then three 16-byte tables by nibble (the module's hashMask, tripleMask): each pair's or fingerprint's first bytes, second bytes, third bytes. */
const PAIR_TABLE_BYTES = 2 * PAIR_SLOTS + 48;
const MAX_KEYWORDS = 64;
const MAX_KEYWORD_BYTES = 64;
/** The keyword entries (KW_ENTRY each, the same number per pair), then the keywords' bytes (MAX_KEYWORD_BYTES each): the module's KW_ENTRY_BYTES. */
const KW_ENTRY = 8;
const KW_ENTRY_BYTES = KW_ENTRY * MAX_KEYWORDS * MAX_PAIRS;
/** The prefilter's cost model (setKeywords): ms per MiB for one SIMD operation per 16 bytes, and per match verified (measured with bench/scan.ts on the bench's Jira log). */
const SIMD_OP_MS = 0.008;
const MATCH_MS = 0.00002;
/** The module's countTriples hash of a 3-byte sequence (b0 << 16 | b1 << 8 | b2). */
function tripleHash(t: number): number {
  return Math.imul(t, 0x9e3779b1) >>> 16;
}
/** Bytes read past `len` by a 16-byte load, zeroed by the module (and a margin). */
const PAD = 64;

/** The first address JavaScript may use: after the module's static data (its level-word table), 16-byte aligned. */
function firstFree(ex: ScanExports): number {
  return Math.max(1024, (ex.heapBase() + 15) & ~15);
}

let compiled: WasmModule | null | undefined;
let problem: string | undefined;

/** Where dist/scan.wasm is: AUTHLOG_SCAN_WASM, beside this bundle, or a dist/ folder above the source (tests through tsx). */
function wasmFile(): string | undefined {
  const env = process.env.AUTHLOG_SCAN_WASM;
  if (env) return env;
  const candidates = [join(__dirname, 'scan.wasm')];
  if (process.env.AUTHLOG_LOG_WORKER) candidates.push(join(dirname(process.env.AUTHLOG_LOG_WORKER), 'scan.wasm'));
  for (let d = __dirname, k = 0; k < 5; k++, d = dirname(d)) candidates.push(join(d, 'dist', 'scan.wasm'));
  return candidates.find((f) => existsSync(f));
}

function scanModule(): WasmModule | undefined {
  if (compiled !== undefined) return compiled ?? undefined;
  if (process.env.AUTHLOG_SCAN_ENGINE === 'js') {
    problem = 'AUTHLOG_SCAN_ENGINE=js';
    compiled = null;
    return undefined;
  }
  const file = wasmFile();
  try {
    if (!file) throw new Error('dist/scan.wasm not found (run npm run build)');
    compiled = new WA.Module(readFileSync(file));
  } catch (err) {
    problem = err instanceof Error ? err.message : String(err);
    compiled = null;
  }
  return compiled ?? undefined;
}

/** Whether the WebAssembly scanner can run here, and if not, why. */
export function wasmScanStatus(): { available: boolean; problem?: string } {
  const m = scanModule();
  return m ? { available: true } : { available: false, ...(problem ? { problem } : {}) };
}

/** One instance of the module with its memory laid out for chunks of up to `cap` bytes. */
class Instance {
  readonly ex: ScanExports;
  cap = 0;
  buf = 0;
  private eOff = 0;
  private eLine = 0;
  private eTs = 0;
  private eLevel = 0;
  private eFlags = 0;
  private cEntry = 0;
  private cStart = 0;
  private cEnd = 0;
  private cLines = 0;
  private pairs = 0;
  private kw = 0;
  private lut = 0;
  private freq = 0;
  private stats = 0;
  u8!: Uint8Array;
  mem!: Buffer;
  f64!: Float64Array;
  u32!: Uint32Array;

  constructor(mod: WasmModule) {
    this.ex = new WA.Instance(mod, {}).exports as ScanExports;
  }

  /** Lays the memory out for chunks of `cap` bytes (grows it when needed). */
  layout(cap: number): void {
    if (cap <= this.cap) return;
    const maxE = (cap >> 4) + 64;
    let at = firstFree(this.ex);
    const take = (bytes: number): number => {
      const p = at;
      at = (at + bytes + 15) & ~15;
      return p;
    };
    this.buf = take(cap + PAD);
    this.eOff = take(8 * maxE);
    this.eLine = take(8 * maxE);
    this.eTs = take(8 * maxE);
    this.cEntry = take(8 * maxE);
    this.cStart = take(8 * maxE);
    this.cEnd = take(8 * maxE);
    this.cLines = take(8 * maxE);
    this.eLevel = take(maxE);
    this.eFlags = take(maxE);
    const hits = take(4 * (cap + PAD));
    this.pairs = take(PAIR_TABLE_BYTES);
    this.kw = take(KW_ENTRY_BYTES + MAX_KEYWORDS * MAX_KEYWORD_BYTES);
    this.lut = take(65536);
    this.freq = take(65536 * 4);
    this.stats = take(64);
    const need = Math.ceil(at / 65536);
    const have = this.ex.memory.buffer.byteLength / 65536;
    if (need > have) this.ex.memory.grow(need - have);
    this.ex.configure(this.buf, this.eOff, this.eLine, this.eTs, this.eLevel, this.eFlags, this.cEntry, this.cStart, this.cEnd, this.cLines, hits, this.pairs, this.kw, this.lut);
    this.ex.setStats(this.stats);
    const ab = this.ex.memory.buffer;
    this.u8 = new Uint8Array(ab);
    this.mem = Buffer.from(ab);
    this.f64 = new Float64Array(ab);
    this.u32 = new Uint32Array(ab);
    this.cap = cap;
  }

  /**
   * Writes the keyword table; false when the keywords do not fit the module's limits. The
   * module's SIMD filter looks for adjacent byte pairs (a pair found in several keywords serves
   * them all) or for one 3-byte fingerprint per keyword, whichever the cost model prefers on the
   * sample. The pairs are chosen greedily by keywords covered per cost: a pair costs about
   * 0.05 ms per MiB to compare and each match about 20 ns to verify (matches counted in the
   * sample; measured on the bench's Jira log with a CPU profile).
   */
  setKeywords(kws: readonly Uint8Array[], sampleLength: number): boolean {
    if (kws.length > MAX_KEYWORDS || kws.some((w) => w.length < 2 || w.length > MAX_KEYWORD_BYTES)) return false;
    // Pair counts of the sample (the chunk's first bytes), counted by the module.
    this.ex.countPairs(sampleLength, this.freq);
    const freq = new Uint32Array(this.ex.memory.buffer, this.freq, 65536);
    const perMiB = (1 << 20) / Math.max(1, sampleLength);
    const covers = new Map<number, Set<number>>();
    kws.forEach((w, k) => {
      for (let o = 0; o + 1 < w.length; o++) {
        const key = (w[o]! << 8) | w[o + 1]!;
        if (!covers.has(key)) covers.set(key, new Set());
        covers.get(key)!.add(k);
      }
    });
    // Greedy: the pair with the best score for the keywords it covers that no chosen pair covers.
    const choose = (score: (n: number, key: number) => number): number[] | undefined => {
      const left = new Set(kws.keys());
      const keys: number[] = [];
      while (left.size) {
        let best = -1;
        let bestScore = -1;
        for (const [key, ks] of covers) {
          let n = 0;
          for (const k of ks) if (left.has(k)) n++;
          const sc = n ? score(n, key) : -1;
          if (sc > bestScore) {
            bestScore = sc;
            best = key;
          }
        }
        if (keys.length === MAX_PAIRS) return undefined;
        keys.push(best);
        for (const k of covers.get(best)!) left.delete(k);
      }
      return keys;
    };
    // By cost; when that needs more than MAX_PAIRS pairs (many keywords, a small sample), by
    // keywords covered (the rarer pair first among equals).
    const chosen = choose((n, key) => n / (0.05 + 0.00002 * freq[key]! * perMiB)) ?? choose((n, key) => n - freq[key]! / (freq[key]! + 1));
    if (!chosen) return false;
    let pairKeys = chosen;
    // Keyword entries by pair: [the pair's offset in the keyword, keyword index].
    let groups = pairKeys.map((key) => {
      const group: [number, number][] = [];
      kws.forEach((w, k) => {
        for (let o = 0; o + 1 < w.length; o++) if (((w[o]! << 8) | w[o + 1]!) === key) group.push([o, k]);
      });
      return group;
    });
    // From three pairs on, when one nibble of their bytes tells them apart (the first byte's low
    // nibble, the second's, the first's high nibble, the second's), the module looks each
    // position's pair up by that nibble instead of comparing every pair (hashMask).
    const nibbles = [(key: number) => (key >> 8) & 15, (key: number) => key & 15, (key: number) => key >> 12, (key: number) => (key >> 4) & 15];
    let hash = pairKeys.length >= 3 ? nibbles.findIndex((nib) => new Set(pairKeys.map(nib)).size === pairKeys.length) + 1 : 0;
    // The byte tables by nibble: [nibble, first byte, second byte, third byte].
    let table: [number, number, number, number][] = hash ? pairKeys.map((key) => [nibbles[hash - 1]!(key), key >> 8, key & 255, 0]) : [];
    // Or 3-byte fingerprints, one per keyword, told apart by one nibble (tripleMask): about half as
    // many operations again as the pair lookup, for far fewer matches to verify. Each costs
    // SIMD_OP_MS per operation and 16 bytes and MATCH_MS per match (per MiB; matches counted in
    // the sample), the pairs as many operations as the loop they take.
    const pairCost = SIMD_OP_MS * (hash ? 8 : 4 * pairKeys.length - 1) + MATCH_MS * perMiB * pairKeys.reduce((n, key) => n + freq[key]!, 0);
    // (AUTHLOG_SCAN_PREFILTER=pairs or =triples forces the choice where it can: the tests run both)
    const force = process.env.AUTHLOG_SCAN_PREFILTER;
    const triples = force !== 'pairs' && kws.every((w) => w.length >= 3) ? this.chooseTriples(kws, sampleLength) : undefined;
    if (triples && (force === 'triples' || SIMD_OP_MS * 12 + MATCH_MS * perMiB * triples.count < pairCost)) {
      pairKeys = [...new Set(triples.pick.map((c) => c.t >> 8))];
      groups = pairKeys.map((key) => triples.pick.filter((c) => c.t >> 8 === key).map((c): [number, number] => [c.o, c.k]));
      hash = 5 + triples.mode;
      table = [...new Set(triples.pick.map((c) => c.t))].map((t) => [triples.nib(t), t >> 16, (t >> 8) & 255, t & 255]);
    }
    // Keyword entries grouped by pair, the same number for each pair (the longest group; the
    // others padded with entries of length 0, which never match): the module checks a matched
    // pair's entries without a branch per entry. The lookup table maps a byte pair to 1 + its index.
    const perPair = Math.max(0, ...groups.map((g) => g.length));
    if (groups.reduce((n, g) => n + g.length, 0) > MAX_KEYWORDS || pairKeys.length * perPair * KW_ENTRY > KW_ENTRY_BYTES) return false;
    this.u8.fill(0, this.lut, this.lut + 65536);
    // padding: length 0, and a first word no masked load equals
    for (let e = this.kw; e < this.kw + pairKeys.length * perPair * KW_ENTRY; e += KW_ENTRY) this.u8.fill(0, e, e + 4).fill(255, e + 4, e + 8);
    kws.forEach((w, k) => this.u8.set(w, this.kw + KW_ENTRY_BYTES + MAX_KEYWORD_BYTES * k));
    groups.forEach((group, pi) => {
      const key = pairKeys[pi]!;
      // indexed by the pair as the module's little-endian u16 load sees it: second byte high
      this.u8[this.lut + (((key & 255) << 8) | (key >> 8))] = pi + 1;
      group.forEach(([o, k], j) => {
        // [the pair's offset in the keyword, length, keyword slot, 0, the keyword's first (up to) 4 bytes]
        const e = this.kw + KW_ENTRY * (pi * perPair + j);
        const w = kws[k]!;
        this.u8[e] = o;
        this.u8[e + 1] = w.length;
        this.u8[e + 2] = k;
        this.u8.fill(0, e + 4, e + 8).set(w.subarray(0, 4), e + 4);
      });
    });
    // Unused SIMD slots repeat a used pair (a repeated match is verified once).
    for (let pi = 0; pi < PAIR_SLOTS; pi++) {
      const key = pairKeys[pi] ?? pairKeys[0] ?? 0;
      this.u8[this.pairs + 2 * pi] = key >> 8;
      this.u8[this.pairs + 2 * pi + 1] = key & 255;
    }
    // Where no pair or fingerprint: a byte whose looked-up nibble is not i (so no byte looked up by i equals it).
    const high = hash === 3 || hash === 4 || hash >= 8;
    for (let i = 0; i < 16; i++) for (let t = 0; t < 3; t++) this.u8[this.pairs + 16 * (t + 1) + i] = high ? ((i + 1) & 15) << 4 : (i + 1) & 15;
    for (const [i, b0, b1, b2] of table) {
      this.u8[this.pairs + 16 + i] = b0;
      this.u8[this.pairs + 32 + i] = b1;
      this.u8[this.pairs + 48 + i] = b2;
    }
    this.ex.setKeywords(perPair, pairKeys.length, hash);
    return true;
  }

  /**
   * One 3-byte fingerprint per keyword (a keyword may share one), the rarest in the sample such
   * that one nibble of one byte tells the distinct fingerprints apart (mode: 0 to 2 the low nibble
   * of byte 0 to 2, 3 to 5 the high one; the mode with the fewest matches), their first pairs at
   * most MAX_PAIRS; undefined when no nibble does. `count`: their matches in the sample.
   */
  private chooseTriples(kws: readonly Uint8Array[], sampleLength: number): { mode: number; nib: (t: number) => number; pick: { k: number; o: number; t: number }[]; count: number } | undefined {
    this.ex.countTriples(sampleLength, this.freq);
    const f3 = new Uint32Array(this.ex.memory.buffer, this.freq, 65536);
    const count = (t: number): number => f3[tripleHash(t)]!;
    const cands = kws.map((w, k) => {
      const c: { k: number; o: number; t: number }[] = [];
      for (let o = 0; o + 2 < w.length; o++) c.push({ k, o, t: (w[o]! << 16) | (w[o + 1]! << 8) | w[o + 2]! });
      return c.sort((a, b) => count(a.t) - count(b.t));
    });
    // the keywords with the fewest fingerprints first
    const order = [...cands.keys()].sort((a, b) => cands[a]!.length - cands[b]!.length);
    let best: { mode: number; nib: (t: number) => number; pick: { k: number; o: number; t: number }[]; count: number } | undefined;
    for (let mode = 0; mode < 6; mode++) {
      const nib = (t: number): number => ((t >> (8 * (2 - (mode % 3)))) >> (mode >= 3 ? 4 : 0)) & 15;
      const used = new Map<number, number>();
      const pick: { k: number; o: number; t: number }[] = [];
      for (const k of order) {
        const c = cands[k]!.find((c) => (used.get(nib(c.t)) ?? c.t) === c.t);
        if (!c) break;
        used.set(nib(c.t), c.t);
        pick.push(c);
      }
      if (pick.length < kws.length || new Set(pick.map((c) => c.t >> 8)).size > MAX_PAIRS) continue;
      let n = 0;
      for (const t of used.values()) n += count(t);
      if (!best || n < best.count) best = { mode, nib, pick, count: n };
    }
    return best;
  }

  entryViews(n: number): [Float64Array, Uint32Array, Float64Array, Uint8Array, Uint8Array] {
    return [
      this.f64.subarray(this.eOff >> 3, (this.eOff >> 3) + n),
      this.u32.subarray(this.eLine >> 2, (this.eLine >> 2) + n),
      this.f64.subarray(this.eTs >> 3, (this.eTs >> 3) + n),
      this.u8.subarray(this.eLevel, this.eLevel + n),
      this.u8.subarray(this.eFlags, this.eFlags + n),
    ];
  }
  /**
   * The counts of the records written since the last call (or the range's start), the pending
   * record included when `withLast` (the batch ends after it), else left for the next batch.
   * Levels of all records: the caller takes the candidates' out.
   */
  takeCounts(withLast: boolean): BatchCounts {
    if (withLast) this.ex.statsFold();
    const lv = this.f64.subarray(this.stats >> 3, (this.stats >> 3) + LEVEL_CODES.length);
    const c: BatchCounts = {
      candidates: 0,
      levels: Array.from(lv),
      minTs: this.ex.statsMinTs(),
      minI: this.ex.statsMinI(),
      maxTs: this.ex.statsMaxTs(),
      maxI: this.ex.statsMaxI(),
    };
    this.ex.statsReset(!withLast);
    return c;
  }
  closed(c: number): { entry: number; start: number; end: number; lines: number } {
    return {
      entry: this.f64[(this.cEntry >> 3) + c]!,
      start: this.f64[(this.cStart >> 3) + c]!,
      end: this.f64[(this.cEnd >> 3) + c]!,
      lines: this.f64[(this.cLines >> 3) + c]!,
    };
  }
}

/**
 * The batch being filled: its columns are views on the ArrayBuffer that will be transferred, so an
 * entry record is copied once, from the module's memory into it (store.ts's BatchBuilder, which
 * the JavaScript scanner uses, copies it twice). The buffer is sized from the previous batch's entries per input byte; it grows (a copy)
 * when a batch holds more, and the unused end travels with it.
 */
/**
 * `n` rounded up to 2^k, 1.25 x 2^k, 1.5 x 2^k or 1.75 x 2^k: batch buffers come in few sizes, so
 * that one handed back fits a later batch (at most a quarter more than asked for).
 */
export function sizeClass(n: number): number {
  if (n <= 8) return 8;
  const p = 2 ** Math.floor(Math.log2(n));
  const q = p / 4;
  return Math.ceil(n / q) * q;
}

class BatchSink {
  count = 0;
  private cap = 0;
  cols: BatchColumns = batchColumns(new ArrayBuffer(0), 0);
  /** Candidates flagged among the current entries, and their levels by code (taken out of the module's level counts). */
  private candidates = 0;
  private candidateLevels: number[] = new Array<number>(LEVEL_CODES.length).fill(0);

  constructor(
    cap: number,
    private readonly w: Instance,
    private readonly reuse?: (bytes: number) => ArrayBuffer | undefined,
  ) {
    this.alloc(Math.max(64, cap));
  }

  /** Entry `idx` (of the current ones, closed) is a candidate. */
  flagCandidate(idx: number): void {
    const c = this.cols;
    if (c.flags[idx]! & FLAG_CANDIDATE) return;
    c.flags[idx]! |= FLAG_CANDIDATE;
    this.candidates++;
    this.candidateLevels[c.level[idx]!]!++;
  }

  /** A buffer for `cap` entries or more (a reused one if the consumer handed one back), holding the current ones. */
  private alloc(cap: number): void {
    const old = this.reuse?.(cap * BATCH_ENTRY_BYTES);
    const ab = old ?? new ArrayBuffer(sizeClass(cap) * BATCH_ENTRY_BYTES);
    const size = Math.floor(ab.byteLength / BATCH_ENTRY_BYTES);
    const cols = batchColumns(ab, size);
    // A new buffer is zero-filled; a reused one has a previous batch's kinds and outcomes.
    if (old) {
      cols.kind.fill(0);
      cols.outcome.fill(0);
    }
    if (this.count > 0) copyEntries(cols, 0, this.cols, 0, this.count);
    this.cols = cols;
    this.cap = size;
  }

  /** Appends the module's `n` new records (kind and outcome 0: a new buffer is zero-filled). */
  append(w: Instance, n: number): void {
    if (this.count + n > this.cap) this.alloc(Math.max(this.cap * 2, this.count + n));
    const [off, line, ts, level, flags] = w.entryViews(n);
    const c = this.cols;
    const at = this.count;
    c.offset.set(off, at);
    c.ts.set(ts, at);
    c.line.set(line, at);
    c.level.set(level, at);
    c.flags.set(flags, at);
    this.count += n;
  }

  /** The first `n` entries as a batch (views on this buffer, which is handed over); the rest start the next buffer of `nextCap`. */
  take(n: number, nextCap: number): EntryBatch {
    const c = this.cols;
    // The module counted every record but the last, which goes with this batch or stays (the open entry, not a candidate yet).
    const counts = this.w.takeCounts(n === this.count);
    counts.candidates = this.candidates;
    for (let l = 0; l < counts.levels.length; l++) counts.levels[l]! -= this.candidateLevels[l]!;
    this.candidates = 0;
    this.candidateLevels.fill(0);
    const batch: EntryBatch = {
      counts,
      count: n,
      offset: c.offset.subarray(0, n),
      ts: c.ts.subarray(0, n),
      line: c.line.subarray(0, n),
      level: c.level.subarray(0, n),
      kind: c.kind.subarray(0, n),
      outcome: c.outcome.subarray(0, n),
      flags: c.flags.subarray(0, n),
    };
    const rest = this.count - n;
    this.count = 0;
    this.alloc(Math.max(64, nextCap, rest));
    copyEntries(this.cols, 0, c, n, rest);
    this.count = rest;
    return batch;
  }
}

const idle: Instance[] = [];

/** The keywords a scan looks for: `keywords`, or every keyword the anchors verify. */
function keywordsOf(o: ScanOptions): Uint8Array[] {
  const list = o.keywords ?? (o.anchors ?? []).flatMap((a) => a.verify);
  return [...new Set(list.filter((k) => k.length > 0))].map((k) => Buffer.from(k, 'utf8'));
}

/**
 * scanRange in WebAssembly; undefined when it cannot run here (no module, keywords beyond its
 * limits): the caller then runs the JavaScript scanner.
 */
export function scanRangeWasm(read: ReadFn, start: number, end: number, o: ScanOptions, chunk: number): ScanResult | undefined {
  const mod = scanModule();
  if (!mod) return undefined;
  const kws = keywordsOf(o);
  if (kws.length > MAX_KEYWORDS || kws.some((k) => k.length < 2 || k.length > MAX_KEYWORD_BYTES)) return undefined;
  // A callback may start another scan on this thread: each running scan has its own instance.
  const w = idle.pop() ?? new Instance(mod);
  try {
    return run(w, read, start, end, o, chunk, kws);
  } finally {
    idle.push(w);
  }
}

function run(w: Instance, read: ReadFn, start: number, end: number, o: ScanOptions, chunk: number, kws: Uint8Array[]): ScanResult | undefined {
  const K = kws.reduce((m, k) => Math.max(m, k.length - 1), 0);
  const cap = chunk + Math.max(HEAD, K) + 1;
  w.layout(cap);
  const ex = w.ex;
  const B = w.buf;
  const textCap = o.textCap ?? 64 * 1024;
  let batchBytes = chunk;
  // Entries per input byte, from the last batch (a first guess: one per 200 bytes).
  let perByte = 1 / 200;
  const builder = new BatchSink(Math.ceil(batchBytes * perByte * 1.25) + 64, w, o.reuseBuffer);
  const maxBatchBytes = o.batchBytes ?? 8 * chunk;
  const lineBase = o.lineBase ?? 0;
  ex.reset(lineBase, o.lastTs ?? NaN, o.continuesEntry ?? false, start);

  let bufPos = start;
  let len = 0;
  let i = 0;
  let filePos = start;
  let lastFlush = start;
  let shift = 0;
  let taken = 0;
  let cancelled = false;
  let first = true;

  const consume = (final: boolean): void => {
    const ne = ex.getEntries();
    if (ne > 0) builder.append(w, ne);
    const nc = ex.getClosed();
    for (let c = 0; c < nc; c++) {
      const cl = w.closed(c);
      const idx = cl.entry - taken;
      builder.flagCandidate(idx);
      if ((final && o.skipLastCandidate) || !(o.onCandidate || o.onCandidateBytes)) continue;
      const n = Math.min(cl.end - cl.start, textCap);
      if (o.onCandidateBytes) {
        entryBytesAt(read, w.u8, B, bufPos, len, cl.start, n);
        o.onCandidateBytes(entryBytes.buf, entryBytes.start, entryBytes.end, cl.lines, cl.end - cl.start, idx);
        continue;
      }
      const text = entryTextAt(read, w.u8, B, bufPos, len, cl.start, n);
      const [k, oc] = o.onCandidate!(text, cl.lines, cl.end - cl.start, idx);
      builder.cols.kind[idx] = k;
      builder.cols.outcome[idx] = oc;
    }
  };
  const flush = (final: boolean): void => {
    const n = final || !ex.isOpen() ? builder.count : builder.count - 1;
    if (n > 0) {
      if (filePos > lastFlush) perByte = Math.max(perByte, builder.count / (filePos - lastFlush));
      // The next batch covers up to its batchBytes plus one chunk (the size is checked after each read).
      const nextCap = final ? 0 : Math.ceil((Math.min(maxBatchBytes, batchBytes * 2) + cap) * perByte * 1.25) + 64;
      const batch = builder.take(n, nextCap);
      taken += n;
      o.onBatch?.(batch, filePos - start);
    }
    lastFlush = filePos;
  };

  for (;;) {
    // Keep the unprocessed tail (a line head shorter than HEAD) and the last K bytes (keywords across chunks).
    const keep = Math.max(0, Math.min(i, len - K));
    if (keep > 0) {
      w.u8.copyWithin(B, B + keep, B + len);
      len -= keep;
      i -= keep;
      bufPos += keep;
      shift += keep;
    }
    const want = Math.min(cap - len, end - filePos);
    const n = want > 0 ? read(w.mem, B + len, want, filePos) : 0;
    filePos += Math.max(0, n);
    const newFrom = len;
    len += Math.max(0, n);
    const eof = n <= 0 || filePos >= end;
    if (first) {
      first = false;
      if (!w.setKeywords(kws, Math.min(len, 256 * 1024))) return undefined;
    }
    ex.scanChunk(i, len, Math.max(0, Math.min(newFrom - K, i)), shift, bufPos, eof);
    shift = 0;
    i = ex.getI();
    consume(false);
    if (eof) break;
    if (o.cancelled?.()) {
      cancelled = true;
      break;
    }
    if (filePos - lastFlush >= batchBytes) {
      flush(false);
      batchBytes = Math.min(maxBatchBytes, batchBytes * 2);
    }
  }
  const scannedEnd = bufPos + len;
  ex.finish(len, bufPos);
  consume(true);
  flush(true);
  const partial = ex.getPartial() !== 0;
  return {
    entries: ex.getEntryCount(),
    lines: ex.getLineNo() - lineBase + (partial ? 1 : 0),
    bytes: scannedEnd - start,
    leadLines: ex.getLeadLines(),
    partialLastLine: partial,
    lastTs: ex.getLastTs(),
    lastLineStart: ex.getLastLineStart(),
    cancelled,
  };
}

/**
 * The viewer's text filter: where an ASCII needle occurs, case-insensitively, in chunks of bytes
 * (the module's findLowered: SIMD compares of the lowered bytes with the needle's first and last
 * byte, then the whole needle), or where one of 2 to 4 needles does (findLoweredAny: a regex's
 * alternatives, in one pass). Undefined when the module cannot run here or a needle is not
 * lower-case ASCII (or, for several, longer than 64 bytes); the caller then searches in JavaScript.
 */
export class LoweredFinder {
  private cap = 0;
  private hay = 0;
  private out = 0;
  private u8!: Uint8Array;
  private i32!: Int32Array;
  /** The needles' bytes: one needle as it is, several in the module's findLoweredAny layout. */
  private readonly size: number;
  private readonly needle: number;

  /** How many needles (1: findLowered, more: findLoweredAny). */
  private readonly count: number;

  private constructor(
    private readonly ex: ScanExports,
    needles: Uint8Array[],
  ) {
    this.count = needles.length;
    this.size = this.count === 1 ? needles[0]!.length : this.count * ANY_STRIDE;
    this.needle = firstFree(ex);
    this.layout(1 << 16);
    if (this.count === 1) this.u8.set(needles[0]!, this.needle);
    else
      needles.forEach((nd, k) => {
        this.u8[this.needle + k * ANY_STRIDE] = nd.length;
        this.u8.set(nd, this.needle + k * ANY_STRIDE + 16);
      });
  }

  static create(needle: string): LoweredFinder | undefined {
    return LoweredFinder.createAny([needle]);
  }

  /** A finder of the places where any of `needles` starts (one needle: create). */
  static createAny(needles: string[]): LoweredFinder | undefined {
    if (needles.length < 1 || needles.length > MAX_ANY) return undefined;
    const max = needles.length === 1 ? 4096 : MAX_ANY_BYTES;
    if (!needles.every((nd) => nd.length >= 1 && nd.length <= max && /^[\x20-\x7e]+$/.test(nd) && nd === nd.toLowerCase())) return undefined;
    const mod = scanModule();
    if (!mod) return undefined;
    return new LoweredFinder(new WA.Instance(mod, {}).exports as ScanExports, needles.map((nd) => Buffer.from(nd, 'latin1')));
  }

  private layout(cap: number): void {
    this.hay = (this.needle + this.size + 15) & ~15;
    this.out = (this.hay + cap + ANY_STRIDE + 15) & ~15;
    const need = Math.ceil((this.out + 4 * cap) / 65536);
    const have = this.ex.memory.buffer.byteLength / 65536;
    if (need > have) this.ex.memory.grow(need - have);
    this.u8 = new Uint8Array(this.ex.memory.buffer);
    this.i32 = new Int32Array(this.ex.memory.buffer);
    this.cap = cap;
  }

  /** Where a needle starts in hay[0, len), ascending, each place once (a view, valid until the next call). */
  find(hay: Uint8Array, len: number): Int32Array {
    this.haystack(len).set(hay.subarray(0, len));
    return this.findInHaystack(len);
  }

  /**
   * The module's haystack, room for `len` bytes: bytes read into it are searched by
   * findInHaystack without a copy (a view, valid until the next haystack or find call).
   */
  haystack(len: number): Buffer {
    if (len > this.cap) this.layout(Math.max(len, this.cap * 2));
    return Buffer.from(this.ex.memory.buffer, this.hay, len);
  }

  /** find() of the first `len` bytes already in the haystack. */
  findInHaystack(len: number): Int32Array {
    const count =
      this.count === 1
        ? this.ex.findLowered(this.hay, len, this.needle, this.size, this.out, len)
        : this.ex.findLoweredAny(this.hay, len, this.needle, this.count, this.out, len);
    return this.i32.subarray(this.out >> 2, (this.out >> 2) + count);
  }
}

/** findLoweredAny's layout (server/wasm/scan.ts ANY_STRIDE) and limits. */
const ANY_STRIDE = 80;
const MAX_ANY = 4;
const MAX_ANY_BYTES = 64;
