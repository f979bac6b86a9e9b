// The byte scanner under the indexer: finds line and entry boundaries in a byte range of a file,
// reading it in chunks, without ever holding more than one chunk (plus a short carry).
//
// Cheap work on every byte: Buffer.indexOf for '\n', a byte test that a line starts with a
// timestamp (the test of formats.isEntryStartBytes, `yyyy-MM-dd HH:mm:ss,SSS`: a new entry; anything else continues the entry: stack traces, wrapped
// JSON), a keyword prefilter (Buffer.indexOf of each keyword over the whole chunk) that marks
// candidate auth entries. Costly work (decoding, parsing, classifying) only for candidates, through
// the `onCandidate` callback, when the entry is complete.
//
// Pure over its `read` function: the worker, the in-process fallback, follow mode and the tests
// all run this same code.

import { BatchBuilder, FLAG_CANDIDATE, FLAG_NO_TS, type EntryBatch } from './store';
import { decodeUtf8, entryBytes, entryBytesAt, entryTextAt, stripEol } from './text';
import { scanRangeWasm } from './scanWasm';

/** Reads up to `length` bytes at file position `position` into `buf[offset..]`; returns the count (0 = end). */
export type ReadFn = (buf: Buffer, offset: number, length: number, position: number) => number;

export interface ScanOptions {
  chunkSize?: number;
  /** Prefilter keywords (exact bytes). An entry containing none of them is not a candidate. */
  keywords?: readonly string[];
  /**
   * Prefilter anchors (see chooseAnchors), searched instead of `keywords`: a hit of an anchor counts
   * only where one of its `verify` keywords occurs around it (checked byte by byte at the hit).
   */
  anchors?: readonly Anchor[];
  /**
   * Called once per complete candidate entry with its text (cut at `textCap` bytes), line count,
   * byte size and its index in the batch that onBatch will hand over next; returns [kindCode, outcomeCode].
   */
  onCandidate?: (text: string, lines: number, bytes: number, entry: number) => readonly [number, number];
  /**
   * Instead of onCandidate (the entry is left unclassified, kind and outcome 0): the bytes of the
   * text onCandidate would get, src[start, end) (valid during the call only), for a receiver that
   * decodes it elsewhere (CandidateSink).
   */
  onCandidateBytes?: (src: Uint8Array, start: number, end: number, lines: number, bytes: number, entry: number) => void;
  /** Do not classify the range's last entry (follow mode: it may still grow; the index classifies it when asked). */
  skipLastCandidate?: boolean;
  /** Entries are handed out in batches: the first after the first chunk, then every `batchBytes` of input. */
  onBatch?: (batch: EntryBatch, bytesDone: number) => void;
  batchBytes?: number;
  textCap?: number;
  /** Line number (0-based count of lines before `start`) and last timestamp carried in from before the range. */
  lineBase?: number;
  lastTs?: number;
  /** Treat `start` as the middle of an entry (follow mode appending after a partial entry): leading continuation lines are not an entry of their own. */
  continuesEntry?: boolean;
  /**
   * Buffers of batches the consumer is done with, for the next batches (`bytes` at least): a
   * transferred buffer comes back instead of a fresh one being allocated (page faults, zero-fill)
   * and freed. Undefined when none is at hand: a new one is allocated.
   */
  reuseBuffer?: (bytes: number) => ArrayBuffer | undefined;
  /** Stop early (cancellation); checked between chunks. */
  cancelled?: () => boolean;
  /**
   * `wasm` (the default, `auto`): the WebAssembly scanner (scanWasm.ts) when it loads and the
   * keywords fit it, else this file's JavaScript scanner; `js`: always the JavaScript scanner (the
   * reference the tests compare with).
   */
  engine?: 'auto' | 'js';
}

export interface ScanResult {
  entries: number;
  /** Lines in the range (a last line without '\n' counts). */
  lines: number;
  /** Bytes actually scanned (the file may have shrunk). */
  bytes: number;
  /** Lines before the first entry start when `continuesEntry` (they belong to the previous entry). */
  leadLines: number;
  /** The range ends without a final newline (an entry may still be growing, in follow mode). */
  partialLastLine: boolean;
  lastTs: number;
  /** File position where the range's last line starts. */
  lastLineStart: number;
  cancelled: boolean;
}

export const DEFAULT_CHUNK = 1 << 20;
const HEAD = 128;
export { decodeUtf8, stripEol };

function digit(c: number | undefined): boolean {
  return c !== undefined && c >= 48 && c <= 57;
}

/** The line at `p` starts with `dddd-dd-dd`. */
export function startsWithDate(b: Uint8Array, p: number, end: number): boolean {
  return (
    end - p >= 10 &&
    digit(b[p]) && digit(b[p + 1]) && digit(b[p + 2]) && digit(b[p + 3]) && b[p + 4] === 45 &&
    digit(b[p + 5]) && digit(b[p + 6]) && b[p + 7] === 45 && digit(b[p + 8]) && digit(b[p + 9])
  );
}

/** Days since 1970-01-01 of a civil date (proleptic Gregorian). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Where the last timestamp parsed by entryTs ended (module state: the hot path allocates nothing). */
let tsEndPos = 0;
let cacheYmd = -1;
/**
 * Doubles of the hot path live in a typed array: [0] the epoch ms parsed by entryTsInto, [1] the cached
 * day's epoch ms. A double kept in a closure or module variable, or returned from a call that is
 * not inlined, is a new heap number each time (millions per GiB, a fifth of the scan's CPU in GC).
 */
const TS = new Float64Array(2);


/**
 * The hot-path test and parse in one: -1 when the line at `p` does not start an entry (the same test
 * as formats.isEntryStartBytes: `yyyy-MM-dd HH:mm:ss,SSS`, `T` or space, `,` or `.`), else its epoch
 * ms (zone `+0000`, `+00:00`, `Z`; none = UTC), NaN when the date is not real. Sets tsEndPos.
 */
export function entryTs(b: Uint8Array, p: number, end: number): number {
  const r = entryTsInto(b, p, end);
  return r < 0 ? -1 : r === 0 ? NaN : TS[0]!;
}

/** The test and parse of entryTs, the result in TS[0]: 1 a timestamp, 0 not a real date (NaN), -1 not an entry start. */
function entryTsInto(b: Uint8Array, p: number, end: number): number {
  if (end - p < 23) return -1;
  const c0 = b[p]! - 48, c1 = b[p + 1]! - 48, c2 = b[p + 2]! - 48, c3 = b[p + 3]! - 48;
  const c5 = b[p + 5]! - 48, c6 = b[p + 6]! - 48, c8 = b[p + 8]! - 48, c9 = b[p + 9]! - 48;
  const h0 = b[p + 11]! - 48, h1 = b[p + 12]! - 48, m0 = b[p + 14]! - 48, m1 = b[p + 15]! - 48;
  const s0 = b[p + 17]! - 48, s1 = b[p + 18]! - 48, f0 = b[p + 20]! - 48, f1 = b[p + 21]! - 48, f2 = b[p + 22]! - 48;
  // Unsigned compare: every digit minus 48 must be in 0..9.
  if (c0 >>> 0 > 9 || c1 >>> 0 > 9 || c2 >>> 0 > 9 || c3 >>> 0 > 9 || c5 >>> 0 > 9 || c6 >>> 0 > 9 || c8 >>> 0 > 9 || c9 >>> 0 > 9 ||
      h0 >>> 0 > 9 || h1 >>> 0 > 9 || m0 >>> 0 > 9 || m1 >>> 0 > 9 || s0 >>> 0 > 9 || s1 >>> 0 > 9 || f0 >>> 0 > 9 || f1 >>> 0 > 9 || f2 >>> 0 > 9) return -1;
  if (b[p + 4] !== 45 || b[p + 7] !== 45 || b[p + 13] !== 58 || b[p + 16] !== 58) return -1;
  const sep = b[p + 10];
  if (sep !== 32 && sep !== 84) return -1;
  const fs = b[p + 19];
  if (fs !== 44 && fs !== 46) return -1;
  let q = p + 23;
  while (q < end && b[q]! >= 48 && b[q]! <= 57) q++; // more fraction digits
  const ymd = ((c0 * 10 + c1) * 100 + c2 * 10 + c3) * 10000 + (c5 * 10 + c6) * 100 + c8 * 10 + c9;
  if (ymd !== cacheYmd) {
    const y = Math.floor(ymd / 10000), mo = Math.floor(ymd / 100) % 100, d = ymd % 100;
    if (mo < 1 || mo > 12 || d < 1 || d > 31) {
      tsEndPos = q;
      return 0;
    }
    cacheYmd = ymd;
    TS[1] = daysFromCivil(y, mo, d) * 86400000;
  }
  const h = h0 * 10 + h1, mi = m0 * 10 + m1, s = s0 * 10 + s1;
  if (h > 24 || mi > 59 || s > 60) {
    tsEndPos = q;
    return 0;
  }
  // Milliseconds into the day fit a small integer; the day's epoch ms is added in the typed array.
  let dayMs = h * 3600000 + mi * 60000 + s * 1000 + f0 * 100 + f1 * 10 + f2;
  const z = b[q];
  if (z === 90) q++;
  else if ((z === 43 || z === 45) && q + 2 < end && digit(b[q + 1]) && digit(b[q + 2])) {
    const zh = (b[q + 1]! - 48) * 10 + (b[q + 2]! - 48);
    let r = q + 3;
    if (b[r] === 58) r++;
    let zm = 0;
    if (r + 1 < end && digit(b[r]) && digit(b[r + 1])) {
      zm = (b[r]! - 48) * 10 + (b[r + 1]! - 48);
      r += 2;
    }
    dayMs -= (z === 45 ? -1 : 1) * (zh * 60 + zm) * 60000;
    q = r;
  }
  tsEndPos = q;
  TS[0] = TS[1]! + dayMs;
  return 1;
}

function tokenEnd(c: number | undefined): boolean {
  return c === 32 || c === 13 || c === 10 || c === 9 || c === undefined;
}

/** Level code (see store.LEVEL_CODES) of the word at `p` (followed by a space or the line end), 0 if it is not a level. */
function levelAt(b: Uint8Array, p: number): number {
  switch (b[p]) {
    case 73: // INFO
      return b[p + 1] === 78 && b[p + 2] === 70 && b[p + 3] === 79 && tokenEnd(b[p + 4]) ? 3 : 0;
    case 87: // WARN, WARNING
      if (b[p + 1] !== 65 || b[p + 2] !== 82 || b[p + 3] !== 78) return 0;
      if (tokenEnd(b[p + 4])) return 4;
      return b[p + 4] === 73 && b[p + 5] === 78 && b[p + 6] === 71 && tokenEnd(b[p + 7]) ? 4 : 0;
    case 69: // ERROR
      return b[p + 1] === 82 && b[p + 2] === 82 && b[p + 3] === 79 && b[p + 4] === 82 && tokenEnd(b[p + 5]) ? 5 : 0;
    case 68: // DEBUG
      return b[p + 1] === 69 && b[p + 2] === 66 && b[p + 3] === 85 && b[p + 4] === 71 && tokenEnd(b[p + 5]) ? 2 : 0;
    case 84: // TRACE
      return b[p + 1] === 82 && b[p + 2] === 65 && b[p + 3] === 67 && b[p + 4] === 69 && tokenEnd(b[p + 5]) ? 1 : 0;
    case 70: // FATAL
      return b[p + 1] === 65 && b[p + 2] === 84 && b[p + 3] === 65 && b[p + 4] === 76 && tokenEnd(b[p + 5]) ? 6 : 0;
    default:
      return 0;
  }
}

/** The level is the first or second word after the timestamp (Confluence `%d %p`, Jira `%d %t %p`). */
export function levelAfter(b: Uint8Array, p: number, end: number): number {
  while (p < end && b[p] === 32) p++;
  if (p >= end || b[p] === 91) return 0; // `[thread]`
  const lv = levelAt(b, p);
  if (lv) return lv;
  // Skip the thread name (native search for the next space).
  const sp = (b as Buffer).indexOf(32, p);
  if (sp < 0 || sp >= end) return 0;
  p = sp + 1;
  while (p < end && b[p] === 32) p++;
  return p < end ? levelAt(b, p) : 0;
}

/** A needle searched in every chunk and the keywords that contain it (a hit counts only where one of them occurs). */
export interface Anchor {
  needle: string;
  verify: readonly string[];
}

/**
 * Search anchors for prefilter keywords: each Buffer.indexOf pass over a chunk costs about a memchr
 * of its first byte, so fewer passes with rarer first bytes are cheaper. An anchor is a substring
 * (at least 3 bytes) of one or more keywords; the scanner verifies the full keywords around each
 * hit, so the candidates are exactly the entries that contain a keyword, whatever the anchors.
 * Chosen greedily by keywords covered per cost, the cost measured on a sample of the file
 * (first-byte frequency and hits).
 */
export function chooseAnchors(keywords: readonly string[], sample?: Uint8Array): Anchor[] {
  const kws = [...new Set(keywords.filter((k) => k.length > 0))];
  if (!sample || sample.length === 0) return kws.map((k) => ({ needle: k, verify: [k] }));
  const freq = new Float64Array(256);
  for (let k = 0; k < sample.length; k++) freq[sample[k]!]!++;
  const sb = Buffer.from(sample.buffer, sample.byteOffset, sample.byteLength);
  /** Hits in the sample: each one is a return from Buffer.indexOf and a verification. */
  const hitCount = (a: string): number => {
    const nb = Buffer.from(a, 'utf8');
    let n = 0;
    for (let h = sb.indexOf(nb); h >= 0 && n < 100000; h = sb.indexOf(nb, h + 1)) n++;
    return n;
  };
  // Cost per MiB of input, in ms, measured on Node 20 (Buffer.indexOf over 1 MiB chunks of the
  // 100 MiB bench log): a needle of 2 to 7 bytes is a memchr of its first byte then a compare
  // (~0.06 ms + ~10 ms x that byte's frequency: '"' 0.6% -> 0.08, 'k' 0.5% -> 0.11, 'h' 1.3% ->
  // 0.21, 'd' 2.2% -> 0.28), a longer one a Boyer-Moore search (~0.35 ms); every hit costs a
  // return to JavaScript and a verification (~0.2 us). Short needles that several keywords share
  // ('ken' in `apitokenauth` and `ApiToken`) save whole passes.
  const perMiB = (1 << 20) / sample.length;
  const cands = new Map<string, { covers: Set<string>; cost: number }>();
  for (const k of kws) {
    const minLen = Math.min(3, k.length);
    // Start at one of the three rarest bytes of the keyword; lengths 3-7 (memchr) or the rest (Boyer-Moore).
    const starts = [...Array(Math.max(0, k.length - minLen + 1)).keys()]
      .sort((x, y) => freq[k.charCodeAt(x) & 255]! - freq[k.charCodeAt(y) & 255]!)
      .slice(0, 3);
    for (const a of starts) {
      const ends = new Set([a + 3, a + 4, a + 5, a + 6, a + 7, k.length].filter((e) => e - a >= minLen && e <= k.length));
      for (const e of ends) {
        const sub = k.slice(a, e);
        if (cands.has(sub)) continue;
        const covers = new Set(kws.filter((x) => x.includes(sub)));
        const bytes = Buffer.from(sub, 'utf8');
        const cost = (bytes.length > 7 ? 0.35 : 0.06 + 10 * (freq[bytes[0]!]! / sample.length)) + 0.0002 * hitCount(sub) * perMiB;
        cands.set(sub, { covers, cost });
      }
    }
  }
  const chosen: string[] = [];
  const left = new Set(kws);
  while (left.size) {
    let best: string | undefined;
    let bestScore = -1;
    for (const [sub, c] of cands) {
      let n = 0;
      for (const k of c.covers) if (left.has(k)) n++;
      if (n === 0) continue;
      const score = n / c.cost;
      if (score > bestScore) {
        bestScore = score;
        best = sub;
      }
    }
    if (!best) break;
    chosen.push(best);
    for (const k of cands.get(best)!.covers) left.delete(k);
  }
  return chosen.map((needle) => ({ needle, verify: [...cands.get(needle)!.covers] }));
}

/** A compiled anchor: the needle, then each keyword that contains it with the needle's offset in it. */
interface AnchorCheck {
  needle: Buffer;
  kw: Buffer[];
  off: number[];
}

function compileAnchors(o: ScanOptions): AnchorCheck[] {
  const list: Anchor[] = o.anchors?.length ? [...o.anchors] : (o.keywords ?? []).map((k) => ({ needle: k, verify: [k] }));
  const out: AnchorCheck[] = [];
  for (const a of list) {
    if (!a.needle) continue;
    const needle = Buffer.from(a.needle, 'utf8');
    const c: AnchorCheck = { needle, kw: [], off: [] };
    for (const k of a.verify) {
      const kb = Buffer.from(k, 'utf8');
      for (let at = kb.indexOf(needle); at >= 0; at = kb.indexOf(needle, at + 1)) {
        c.kw.push(kb);
        c.off.push(at);
      }
    }
    if (c.kw.length) out.push(c);
  }
  return out;
}

/** One of the anchor's keywords occurs at `h - off` in b[0..len). */
function verifyAt(b: Uint8Array, len: number, h: number, c: AnchorCheck): boolean {
  for (let j = 0; j < c.kw.length; j++) {
    const kw = c.kw[j]!;
    const s = h - c.off[j]!;
    const n = kw.length;
    if (s < 0 || s + n > len) continue;
    let k = 0;
    while (k < n && b[s + k] === kw[k]) k++;
    if (k === n) return true;
  }
  return false;
}

/** Scans [start, end) of a file. Entry offsets are absolute; line numbers are 1-based including `lineBase`. */
export function scanRange(read: ReadFn, start: number, end: number, o: ScanOptions = {}): ScanResult {
  const chunk = Math.max(1, o.chunkSize ?? DEFAULT_CHUNK);
  if (o.engine !== 'js') {
    const r = scanRangeWasm(read, start, end, o, chunk);
    if (r) return r;
  }
  return scanRangeJs(read, start, end, o, chunk);
}

/** The JavaScript scanner: the reference for the WebAssembly one, and what runs when it cannot. */
function scanRangeJs(read: ReadFn, start: number, end: number, o: ScanOptions, chunk: number): ScanResult {
  const kws = compileAnchors(o);
  // Bytes kept from one chunk to the next: a keyword cut by the chunk's end is found whole in the next.
  const K = kws.reduce((m, c) => c.kw.reduce((mm, k) => Math.max(mm, k.length - 1), m), 0);

  const cap = chunk + Math.max(HEAD, K) + 1;
  const buf = Buffer.allocUnsafe(cap);
  const textCap = o.textCap ?? 64 * 1024;
  const builder = new BatchBuilder();
  let batchBytes = chunk;
  const maxBatchBytes = o.batchBytes ?? 8 * chunk;

  let bufPos = start;
  let len = 0;
  let i = 0;
  let inLong = false;
  let filePos = start;
  let lineNo = o.lineBase ?? 0;
  const lineBase = lineNo;
  // [0] the last real timestamp (carried to entries without one), in a typed array: no heap numbers per entry.
  const last = new Float64Array(1);
  last[0] = o.lastTs ?? NaN;
  let open = false;
  let openStart = 0;
  let openCandidate = false;
  let leadLines = 0;
  let sawEntry = false;
  let continues = o.continuesEntry ?? false;
  let hits: number[] = [];
  let hp = 0;
  let eof = false;
  let lastFlush = start;
  let entries = 0;
  let cancelled = false;
  let partialLastLine = false;
  let view = buf.subarray(0, 0);

  const closeOpen = (endPos: number, final = false): void => {
    if (!open) return;
    while (hp < hits.length && hits[hp]! < endPos) {
      if (hits[hp]! >= openStart) openCandidate = true;
      hp++;
    }
    const idx = builder.count - 1;
    if (openCandidate) {
      builder.flags[idx]! |= FLAG_CANDIDATE;
      if ((o.onCandidate || o.onCandidateBytes) && !(final && o.skipLastCandidate)) {
        const n = Math.min(endPos - openStart, textCap);
        const lines = Math.max(1, lineNo + (final && partialLastLine ? 1 : 0) - builder.line[idx]! + 1);
        if (o.onCandidateBytes) {
          entryBytesAt(read, buf, 0, bufPos, len, openStart, n);
          o.onCandidateBytes(entryBytes.buf, entryBytes.start, entryBytes.end, lines, endPos - openStart, idx);
        } else {
          const text = entryTextAt(read, buf, 0, bufPos, len, openStart, n);
          const [k, oc] = o.onCandidate!(text, lines, endPos - openStart, idx);
          builder.kind[idx] = k;
          builder.outcome[idx] = oc;
        }
      }
    }
    open = false;
    openCandidate = false;
  };

  let lastLineStart = start;
  const lineStart = (p: number, lineEnd: number): void => {
    const headEnd = Math.min(lineEnd, p + HEAD);
    const abs = bufPos + p;
    lastLineStart = abs;
    // `view`, not `buf`: a read past the chunk's bytes is undefined, never a stale byte.
    const t = entryTsInto(view, p, headEnd);
    if (t !== -1) {
      closeOpen(abs);
      let flags = 0;
      if (t === 0) flags |= FLAG_NO_TS; // not a real date
      else last[0] = TS[0]!;
      builder.push(abs, lineNo + 1, last[0]!, t === 0 ? 0 : levelAfter(view, tsEndPos, headEnd), flags);
      open = true;
      openStart = abs;
      sawEntry = true;
      entries++;
      continues = false;
    } else if (!sawEntry && !continues) {
      // The file starts without a timestamp: its first lines form an entry of their own.
      builder.push(abs, lineNo + 1, last[0]!, 0, FLAG_NO_TS);
      open = true;
      openStart = abs;
      sawEntry = true;
      entries++;
    } else if (!sawEntry) {
      leadLines++;
    }
  };

  const flush = (final: boolean): void => {
    const n = final || !open ? builder.count : builder.count - 1;
    if (n > 0 && o.onBatch) o.onBatch(builder.take(n), filePos - start);
    else if (n > 0) builder.take(n);
    lastFlush = filePos;
  };

  for (;;) {
    // Hits already found in processed bytes belong to the open entry; hits in bytes not yet
    // processed are found again below (the search restarts at the first unprocessed byte).
    if (open) {
      const processedAbs = bufPos + i;
      for (let k = hp; k < hits.length; k++) {
        const h = hits[k]!;
        if (h >= processedAbs) break;
        if (h >= openStart) openCandidate = true;
      }
    }
    // Keep the unprocessed tail (a line head shorter than HEAD) and the last K bytes (keywords across chunks).
    const keep = Math.max(0, Math.min(i, len - K));
    if (keep > 0) {
      buf.copy(buf, 0, keep, len);
      len -= keep;
      i -= keep;
      bufPos += keep;
    }
    const want = Math.min(cap - len, end - filePos);
    const n = want > 0 ? read(buf, len, want, filePos) : 0;
    filePos += n;
    const newFrom = len;
    len += n;
    eof = n <= 0 || filePos >= end;
    view = buf.subarray(0, len);

    if (kws.length) {
      hits.length = 0;
      hp = 0;
      const from = Math.max(0, Math.min(newFrom - K, i));
      // One Buffer.indexOf pass per anchor (no strings made: a latin1 copy of each chunk for one
      // regular expression pass measured slower and multiplied the workers' heaps).
      for (const c of kws) {
        const nd = c.needle;
        for (let h = view.indexOf(nd, from); h >= 0; h = view.indexOf(nd, h + 1)) if (verifyAt(view, len, h, c)) hits.push(bufPos + h);
      }
      if (kws.length > 1 && hits.length > 1) hits.sort((a, b) => a - b);
    }

    while (i < len) {
      const nl = view.indexOf(10, i);
      if (inLong) {
        if (nl < 0) {
          i = len;
          break;
        }
        lineNo++;
        inLong = false;
        i = nl + 1;
        continue;
      }
      if (nl < 0) {
        if (!eof && len - i < HEAD) break; // wait for the rest of the line head
        lineStart(i, len);
        if (eof) partialLastLine = true;
        else inLong = true;
        i = len;
        break;
      }
      lineStart(i, nl);
      lineNo++;
      i = nl + 1;
    }
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
  if (inLong) partialLastLine = true;
  const scannedEnd = bufPos + len;
  closeOpen(scannedEnd, true);
  flush(true);
  const lines = lineNo - lineBase + (partialLastLine ? 1 : 0);
  return { entries, lines, bytes: scannedEnd - start, leadLines, partialLastLine, lastTs: last[0]!, lastLineStart, cancelled };
}


