// Candidate entries handed from a worker to the indexer's thread unclassified (IndexJob.candidateTexts):
// their texts travel as UTF-8 bytes in one transferred buffer, decoded by the receiver, instead of
// as strings. A string array crosses threads by being copied twice (serialised by the sender,
// rebuilt by the receiver) after the sender decoded each text: on the 1 GiB bench log the two
// workers spent some 45-60 ms each in postMessage and 30 ms each decoding (CPU profile), where
// the bytes cost one copy out of the chunk; the receiver's decode costs what rebuilding the
// strings did.
import { decodeRange } from './text';

/**
 * The candidate entries of a batch, unclassified, in order (`count` of them): candidate k is entry
 * `entries[k]` of the batch (one flagged FLAG_CANDIDATE), its text (as onCandidate gets it: cut at
 * the text cap, line end dropped) is `utf8[starts[k], starts[k + 1])` decoded (candidateText), with
 * `lines[k]` lines and `bytes[k]` bytes in the file. A range's last candidate may be missing from
 * its last batch (skipLastCandidate).
 */
export interface CandidateTexts {
  count: number;
  entries: Int32Array;
  starts: Int32Array;
  utf8: Uint8Array;
  lines: Float64Array;
  bytes: Float64Array;
}

/** Candidate k's text. */
export function candidateText(c: CandidateTexts, k: number): string {
  return decodeRange(c.utf8, c.starts[k]!, c.starts[k + 1]!);
}

/** The buffer to transfer with a hand-over (all of its arrays lie in it: see CandidateSink). */
export function candidateBuffer(c: CandidateTexts): ArrayBuffer {
  return c.utf8.buffer as ArrayBuffer;
}

const FIRST_COUNT = 256;
const FIRST_BYTES = 64 * 1024;

/** Bytes of a buffer for `count` candidates and `bytes` bytes of text (the layout of CandidateSink). */
function bufferBytes(count: number, bytes: number): number {
  return 24 * count + 4 + bytes;
}

/**
 * Gathers candidates (ScanOptions.onCandidateBytes) until `take` hands them over. All of a
 * hand-over's arrays are views on one ArrayBuffer (lines and bytes as doubles, then entries and
 * starts, then the texts' bytes), so that one buffer crosses threads and one comes back for reuse
 * (`reuse`: a buffer handed back, at least the bytes asked, or undefined). It grows by doubling; the
 * next hand-over starts with the room the last one reached, so that a steady stream reuses buffers
 * instead of allocating (fresh memory costs a page fault every 4 KiB).
 */
export class CandidateSink {
  count = 0;
  private used = 0;
  private cap = 0;
  private room = 0;
  private entries!: Int32Array;
  private starts!: Int32Array;
  private lines!: Float64Array;
  private bytes!: Float64Array;
  private utf8!: Uint8Array;

  constructor(private readonly reuse?: (bytes: number) => ArrayBuffer | undefined) {
    this.layout(this.buffer(FIRST_COUNT, FIRST_BYTES), FIRST_COUNT);
  }

  /** Candidate `entry` of the batch: its text's bytes src[start, end), its line count and size in the file. */
  add(src: Uint8Array, start: number, end: number, lines: number, size: number, entry: number): void {
    const k = this.count;
    const n = end - start;
    if (k === this.cap || this.used + n > this.room) this.grow(k === this.cap ? this.cap * 2 : this.cap, Math.max(this.room * 2, this.used + n));
    this.utf8.set(src.subarray(start, end), this.used);
    this.used += n;
    this.entries[k] = entry;
    this.lines[k] = lines;
    this.bytes[k] = size;
    this.starts[k + 1] = this.used;
    this.count = k + 1;
  }

  /** The candidates gathered since the last take (the sink starts empty again, in another buffer). */
  take(): CandidateTexts {
    const c: CandidateTexts = { count: this.count, entries: this.entries, starts: this.starts, utf8: this.utf8, lines: this.lines, bytes: this.bytes };
    this.layout(this.buffer(this.cap, this.room), this.cap);
    this.count = 0;
    this.used = 0;
    return c;
  }

  /** A buffer with room for `count` candidates and `bytes` bytes: a reused one, or a new one. */
  private buffer(count: number, bytes: number): ArrayBuffer {
    const want = bufferBytes(count, bytes);
    return this.reuse?.(want) ?? new ArrayBuffer(want);
  }

  /** The arrays on `ab` for `cap` candidates (the rest of it for text). */
  private layout(ab: ArrayBuffer, cap: number): void {
    this.cap = cap;
    this.lines = new Float64Array(ab, 0, cap);
    this.bytes = new Float64Array(ab, 8 * cap, cap);
    this.entries = new Int32Array(ab, 16 * cap, cap);
    this.starts = new Int32Array(ab, 20 * cap, cap + 1);
    this.starts[0] = 0;
    this.utf8 = new Uint8Array(ab, 24 * cap + 4);
    this.room = this.utf8.length;
  }

  private grow(cap: number, bytes: number): void {
    const { entries, starts, lines, bytes: sizes, utf8, count, used } = this;
    this.layout(this.buffer(cap, bytes), cap);
    this.entries.set(entries.subarray(0, count));
    this.starts.set(starts.subarray(0, count + 1));
    this.lines.set(lines.subarray(0, count));
    this.bytes.set(sizes.subarray(0, count));
    this.utf8.set(utf8.subarray(0, used));
  }
}
