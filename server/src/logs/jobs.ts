// The work a worker thread does, as plain functions over a message: index a byte range of a file,
// or test a list of entries against a text filter. worker.ts runs them in a worker; the indexer
// runs them in-process when a worker cannot start (and for small files, where starting one costs
// more than the work).

import { closeSync, openSync, readSync } from 'node:fs';
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { LogFilter, LogFormat } from '../../../shared/protocol';
import { chooseAnchors, scanRange, decodeUtf8, type Anchor, type ReadFn, type ScanResult } from './scan';
import { entryText } from './text';
import { CandidateSink, candidateBuffer, candidateText, type CandidateTexts } from './candidates';
import { LoweredFinder, wasmScanStatus } from './scanWasm';
import { FLAG_CANDIDATE, batchTransferables, kindCode, outcomeCode, type EntryBatch } from './store';
import { analyzeEntry, compileTextFilter, countEntry, newSummary, prefilterKeywords, type SummaryParts } from './rows';
import type { SummaryBuilder } from './summary';

export interface IndexJob {
  kind: 'index';
  readPath: string;
  start: number;
  end: number;
  format: LogFormat;
  chunkSize?: number;
  /** Prefilter and classify candidate entries (default true). */
  classify?: boolean;
  /**
   * Hand each candidate entry's text over with its batch (`candidates` of the batch message)
   * instead of classifying it here: the indexer classifies them on its own thread. A fresh worker
   * isolate runs the classification code cold and has it optimised again (CandidateTexts).
   */
  candidateTexts?: boolean;
  /**
   * With candidateTexts: the candidates handed over and not classified yet (slot 0, shared memory;
   * the job adds, the receiver subtracts). While it is above HANDOVER_LIMIT the job classifies a
   * batch's candidates itself: a receiver that does not keep up (a busy machine) never holds the
   * end of the indexing back by more than that.
   */
  backlog?: Int32Array;
  /** The range ends at the end of the file: leave its last entry unclassified (it may still grow). */
  skipLastCandidate?: boolean;
  /** Where the indexer hands back the buffers of batches it has stored, for reuse (a worker's job). */
  recycle?: MessagePort;
}

export interface FilterJob {
  kind: 'filter';
  readPath: string;
  format: LogFormat;
  filter: LogFilter;
  /** Entries to test: an opaque id each (returned when it matches), start and end offsets, flags, line counts. */
  ids: Float64Array;
  starts: Float64Array;
  ends: Float64Array;
  flags: Uint8Array;
  lines: Float64Array;
  /** Also compute the summary parts of the matching candidate entries. */
  parts?: boolean;
  /** Search in JavaScript even where the WebAssembly module runs (tests compare the two). */
  noWasm?: boolean;
  chunkSize?: number;
}

export type Job = IndexJob | FilterJob;

export type { CandidateTexts };

export type JobMessage =
  | { type: 'batch'; batch: EntryBatch; bytesDone: number; candidates?: CandidateTexts }
  | { type: 'indexed'; result: ScanResult; parts: SummaryParts }
  | { type: 'matched'; ids: Float64Array; parts?: SummaryParts }
  | { type: 'error'; message: string };

export type Post = (m: JobMessage, transfer?: ArrayBuffer[]) => void;

function fdReader(fd: number) {
  return (buf: Buffer, offset: number, length: number, position: number): number => readSync(fd, buf, offset, length, position);
}

export function runIndexJob(job: IndexJob, post: Post): void {
  const fd = openSync(job.readPath, 'r');
  const port = job.recycle;
  try {
    const free = port ? portBuffers(port) : undefined;
    runIndexWith(fdReader(fd), job, post, free?.batch, free?.candidates);
  } finally {
    closeSync(fd);
    port?.close();
  }
}

/** Buffers kept for reuse: a burst handed back at once (a whole range's batches, stored when the range before it ended) would otherwise be held to the job's end. */
export const MAX_FREE_BUFFERS = 4;

/**
 * Batch buffers handed back for reuse (ScanOptions.reuseBuffer): the newest MAX_FREE_BUFFERS are
 * kept, the others left to the garbage collector. `take` gives the first large enough for `bytes`;
 * when none is, all are let go (batches grow to their largest size and stay there: a smaller
 * buffer would not serve again).
 */
export class FreeBuffers {
  private readonly free: ArrayBuffer[] = [];
  put(ab: ArrayBuffer): void {
    this.free.push(ab);
    if (this.free.length > MAX_FREE_BUFFERS) this.free.splice(0, this.free.length - MAX_FREE_BUFFERS);
  }
  take(bytes: number): ArrayBuffer | undefined {
    const k = this.free.findIndex((b) => b.byteLength >= bytes);
    if (k >= 0) return this.free.splice(k, 1)[0];
    this.free.length = 0;
    return undefined;
  }
  clear(): void {
    this.free.length = 0;
  }
}

/**
 * Buffers handed back over `port` (the job runs synchronously: they are read without the event
 * loop), kept as FreeBuffers: batch buffers (an ArrayBuffer) and candidate buffers (`{ candidates:
 * ArrayBuffer }`, see CandidateSink) apart.
 */
export function portBuffers(port: MessagePort): { batch: (bytes: number) => ArrayBuffer | undefined; candidates: (bytes: number) => ArrayBuffer | undefined } {
  const batches = new FreeBuffers();
  const candidates = new FreeBuffers();
  const drain = (): void => {
    for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
      const v: unknown = m.message;
      if (v instanceof ArrayBuffer) batches.put(v);
      else if (v && typeof v === 'object' && (v as { candidates?: unknown }).candidates instanceof ArrayBuffer) candidates.put((v as { candidates: ArrayBuffer }).candidates);
    }
  };
  return {
    batch: (bytes) => (drain(), batches.take(bytes)),
    candidates: (bytes) => (drain(), candidates.take(bytes)),
  };
}

/** The index job over any reader (the in-process path reads through a LogSource). `reuse`: see ScanOptions.reuseBuffer. */
export function runIndexWith(
  read: ReadFn,
  job: Omit<IndexJob, 'kind' | 'readPath' | 'recycle'>,
  post: Post,
  reuse?: (bytes: number) => ArrayBuffer | undefined,
  reuseCandidates?: (bytes: number) => ArrayBuffer | undefined,
): void {
  const parts = newSummary();
  const classify = job.classify !== false;
  let anchors: Anchor[] = [];
  // The WebAssembly scanner chooses its own byte pairs; anchors only serve the JavaScript scanner.
  if (classify && !wasmScanStatus().available) {
    const sample = Buffer.allocUnsafe(Math.min(256 * 1024, Math.max(0, job.end - job.start)));
    const got = sample.length ? read(sample, 0, sample.length, job.start) : 0;
    anchors = chooseAnchors(prefilterKeywords, sample.subarray(0, Math.max(0, got)));
  }
  const defer = classify && job.candidateTexts === true;
  const pending = defer ? new CandidateSink(reuseCandidates) : undefined;
  const result = scanRange(read, job.start, job.end, {
    ...(job.chunkSize ? { chunkSize: job.chunkSize } : {}),
    ...(classify ? { keywords: prefilterKeywords } : {}),
    anchors,
    onCandidate:
      !classify || pending
        ? undefined
        : (text, lines, bytes) => {
            // The summary-only path: the same counts as analyzeEntry + parts.add, without building a row.
            const c = countEntry(text, job.format, lines, bytes, parts);
            return [kindCode(c.kind), outcomeCode(c.outcome)] as const;
          },
    // Classified by the receiver (kind and outcome stay 0 here until then).
    onCandidateBytes: pending ? (src, s, e, lines, bytes, entry) => pending.add(src, s, e, lines, bytes, entry) : undefined,
    onBatch: (batch, bytesDone) => {
      if (!pending || pending.count === 0) return post({ type: 'batch', batch, bytesDone }, batchTransferables(batch));
      // A batch's candidates were all reported before it was handed out (an entry is in a batch once it is complete).
      const candidates = pending.take();
      if (job.backlog !== undefined && Atomics.load(job.backlog, 0) > HANDOVER_LIMIT) {
        classifyCandidates(batch, candidates, job.format, parts);
        return post({ type: 'batch', batch, bytesDone }, batchTransferables(batch));
      }
      if (job.backlog !== undefined) Atomics.add(job.backlog, 0, candidates.count);
      post({ type: 'batch', batch, bytesDone, candidates }, [...batchTransferables(batch), candidateBuffer(candidates)]);
    },
    ...(job.skipLastCandidate ? { skipLastCandidate: true } : {}),
    ...(reuse ? { reuseBuffer: reuse } : {}),
  });
  post({ type: 'indexed', result, parts: parts.state() });
}

/**
 * Candidates handed over and not classified yet (IndexJob.backlog) above which a job classifies its
 * batches' candidates itself. About 50 ms of the receiver's classification once its code is
 * optimised (1.5 µs a candidate); room for its cold start (the first ~8,000 candidates at ~10 µs).
 */
export const HANDOVER_LIMIT = 32_768;

/**
 * Classifies a batch's candidates handed over as texts (IndexJob.candidateTexts): kind and outcome
 * written into the batch, the summary counts into `parts`, as the job would have done.
 */
export function classifyCandidates(batch: EntryBatch, c: CandidateTexts, format: LogFormat, parts: SummaryBuilder): void {
  // Straight to each candidate's entry: a loop over the batch's flags to find them took longer than
  // classifying them (some 40 ms of the main thread's CPU for the 1 GiB bench log's 4.8 M entries).
  const n = c.count;
  for (let k = 0; k < n; k++) {
    const i = c.entries[k]!;
    const r = countEntry(candidateText(c, k), format, c.lines[k]!, c.bytes[k]!, parts);
    batch.kind[i] = kindCode(r.kind);
    batch.outcome[i] = outcomeCode(r.outcome);
  }
}

export const ENTRY_TEXT_CAP = 64 * 1024;

export function runFilterJob(job: FilterJob, post: Post): void {
  const fd = openSync(job.readPath, 'r');
  try {
    runFilterWith(fdReader(fd), job, post);
  } finally {
    closeSync(fd);
  }
}

/**
 * Copies `n` bytes of `src` into `dst` with the ASCII capitals A-Z lowered, four bytes at a time
 * (SWAR on 32-bit words; a byte with its top bit set is never changed). An ASCII needle, lowered,
 * occurs in `dst` exactly where it occurs case-insensitively in `src`, at the same byte offsets.
 */
export function lowerAsciiInto(src: Uint8Array, n: number, dst: Uint8Array): void {
  let i = 0;
  if ((src.byteOffset & 3) === 0 && (dst.byteOffset & 3) === 0) {
    const w = n >>> 2;
    const s32 = new Int32Array(src.buffer, src.byteOffset, w);
    const d32 = new Int32Array(dst.buffer, dst.byteOffset, w);
    for (let k = 0; k < w; k++) {
      const x = s32[k]!;
      const t = x & 0x7f7f7f7f;
      // Top bit of each byte: >= 'A' (0x41 + 0x3f = 0x80), and not >= '[' (0x5b + 0x25 = 0x80), and ASCII.
      const upper = (t + 0x3f3f3f3f) & ~(t + 0x25252525) & ~x & 0x80808080;
      d32[k] = x | (upper >>> 2);
    }
    i = w << 2;
  }
  for (; i < n; i++) {
    const b = src[i]!;
    dst[i] = b >= 0x41 && b <= 0x5a ? b | 0x20 : b;
  }
}

/** The filter job over any reader (offsets as the job gives them). */
export function runFilterWith(readFn: ReadFn, job: Omit<FilterJob, 'kind' | 'readPath'>, post: Post): void {
  const matcher = compileTextFilter(job.filter);
  const out: number[] = [];
  const parts = job.parts ? newSummary() : undefined;
  const chunk = job.chunkSize ?? 1 << 20;
  let buf = Buffer.alloc(0);
  const isAsciiLower = (nd: string): boolean => /^[\x20-\x7e]+$/.test(nd) && nd === nd.toLowerCase();
  // The anchors: every matching entry contains one of them (case-insensitively). The longest ASCII
  // needle (every matching entry contains it); else a regex's top-level alternatives, all ASCII.
  const asciiNeedles = (matcher?.needles ?? []).filter(isAsciiLower);
  const longest = asciiNeedles.sort((x, y) => y.length - x.length)[0];
  const anchors = longest !== undefined ? [longest] : matcher?.anyOf?.every(isAsciiLower) ? matcher.anyOf : [];
  const anchor = anchors.length > 0;
  // Where an anchor starts in a group's bytes, ascending, case aside: in WebAssembly when it runs
  // here (all the anchors in one pass when it takes them: up to 4 of up to 64 bytes; else one
  // finder each); else in a copy of the bytes with A-Z lowered, by Buffer.indexOf.
  const all = anchor && !job.noWasm ? LoweredFinder.createAny(anchors) : undefined;
  const finders = all ? [all] : anchor && !job.noWasm ? anchors.map((a) => LoweredFinder.create(a)) : [];
  const wasm = finders.length > 0 && finders.every((f) => f !== undefined);
  const anchorBytes = anchors.map((a) => Buffer.from(a, 'latin1'));
  let low = Buffer.alloc(0);
  const direct = wasm && finders.length === 1 ? finders[0] : undefined;
  const places = (bytes: Buffer, n: number): ArrayLike<number> => {
    let lower: Buffer | undefined;
    const at: number[] = [];
    for (let f = 0; f < anchors.length; f++) {
      if (wasm) {
        for (const h of finders[f]!.find(bytes, n)) at.push(h);
        continue;
      }
      if (!lower) {
        if (low.length < n) low = Buffer.from(new ArrayBuffer(Math.max(n, chunk)));
        lowerAsciiInto(bytes, n, low);
        lower = low.subarray(0, n);
      }
      const nd = anchorBytes[f]!;
      for (let h = lower.indexOf(nd); h >= 0; h = lower.indexOf(nd, h + 1)) at.push(h);
    }
    return anchors.length > 1 ? at.sort((x, y) => x - y) : at;
  };
  try {
    const n = job.ids.length;
    let a = 0;
    while (a < n) {
      // A group of entries whose bytes fit one chunk (at least one entry, cut at the text cap).
      const gStart = job.starts[a]!;
      let b = a + 1;
      while (b < n && job.ends[b]! - gStart <= chunk) b++;
      const gEnd = Math.min(job.ends[b - 1]!, gStart + Math.max(chunk, ENTRY_TEXT_CAP));
      const len = gEnd - gStart;
      // One WebAssembly needle: the bytes are read straight into its haystack (no copy).
      let bytes: Buffer;
      if (direct) bytes = direct.haystack(len);
      else {
        if (buf.length < len) buf = Buffer.allocUnsafe(len);
        bytes = buf;
      }
      let got = 0;
      while (got < len) {
        const r = readFn(bytes, got, len - got, gStart + got);
        if (r <= 0) break;
        got += r;
      }
      const test = (k: number): void => {
        const s = job.starts[k]! - gStart;
        const e = Math.min(job.ends[k]! - gStart, s + ENTRY_TEXT_CAP, got);
        if (s >= got) return;
        const text = entryText(bytes, s, e);
        let row: ReturnType<typeof analyzeEntry> | undefined;
        const rowOf = () => (row ??= analyzeEntry(text, job.format));
        if (!matcher || matcher.test(text, rowOf)) {
          out.push(job.ids[k]!);
          if (parts && job.flags[k]! & FLAG_CANDIDATE) parts.add({ ...rowOf(), lines: job.lines[k]! }, job.ends[k]! - job.starts[k]!);
        }
      };
      if (anchor) {
        // ASCII anchors: test only the entries holding a place where one starts (each once).
        const at = direct ? direct.findInHaystack(got) : places(bytes, got);
        let k = a;
        for (let q = 0; q < at.length && k < b; q++) {
          const h = at[q]!;
          while (k < b && job.ends[k]! - gStart <= h) k++;
          if (k < b && job.starts[k]! - gStart <= h) test(k++);
        }
      } else {
        // Prefilter: every needle must occur somewhere in the group.
        let maybe = true;
        if (matcher && matcher.needles.length) {
          const lower = decodeUtf8(bytes.subarray(0, got)).toLowerCase();
          maybe = matcher.needles.every((nd) => lower.includes(nd));
        }
        if (maybe) for (let k = a; k < b; k++) test(k);
      }
      a = b;
    }
  } finally {
    // nothing to release: the caller owns the reader
  }
  const ids = Float64Array.from(out);
  post(parts ? { type: 'matched', ids, parts: parts.state() } : { type: 'matched', ids }, [ids.buffer as ArrayBuffer]);
}

export function runJob(job: Job, post: Post): void {
  try {
    if (job.kind === 'index') runIndexJob(job, post);
    else runFilterJob(job, post);
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
}
