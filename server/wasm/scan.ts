// AssemblyScript: the byte scanner's per-byte and per-line work in WebAssembly with 128-bit SIMD,
// compiled by build.mjs (asc) to dist/scan.wasm. server/src/logs/scan.ts drives it chunk by chunk
// and keeps the JavaScript scanner as the reference (test/unit/logs/scan-wasm.test.ts compares
// the two on every fixture and on random bytes).
//
// One call, scanChunk, does for a chunk what scan.ts's JavaScript loop does:
//  1. one pass over the bytes, 32 at a time (scanLines): each block's '\n' positions as a bit mask,
//     and the keyword prefilter, as scanWasm.ts chose it on a sample of the file: a 3-byte
//     fingerprint per keyword looked up by one nibble (tripleMask), or byte pairs (at most 8),
//     looked up by a nibble (hashMask) or compared one by one (pairMask); a block with a match has
//     each match checked against the keywords that hold its first pair (first 4 bytes, then the
//     whole keyword). Verified hit positions go to HITS, in order, before the block's lines.
//  2. lines: at every line start the timestamp test and parse (entryTs) and the level test run,
//     exactly as scan.ts's entryTsInto and levelAfter.
//     An entry start closes the open entry (a candidate if a hit lies inside it) and writes a
//     record: file offset, line number, epoch ms (NaN when not a real date, the previous one
//     carried), level code and flags, in the column layout of an EntryBatch.
// No allocation, no imports: JavaScript owns the memory layout and passes the addresses.

// ---- layout, set by configure() --------------------------------------------------------------
let BUF: usize = 0; // the chunk (JavaScript reads the file straight into it)
let E_OFF: usize = 0; // f64 per entry: file offset
let E_LINE: usize = 0; // u32 per entry: 1-based line number
let E_TS: usize = 0; // f64 per entry: epoch ms (the last real one carried)
let E_LEVEL: usize = 0; // u8 per entry
let E_FLAGS: usize = 0; // u8 per entry
let C_ENTRY: usize = 0; // f64 per closed candidate: its entry ordinal in the range
let C_START: usize = 0; // f64 per closed candidate: start offset
let C_END: usize = 0; // f64 per closed candidate: end offset (the next entry's start)
let C_LINES: usize = 0; // f64 per closed candidate: lines it spans
let HITS: usize = 0; // i32 per verified keyword hit (position in BUF)
let PAIRS: usize = 0; // 8 pair slots x [b0, b1] bytes (unused slots repeat a used pair); then, with pairHash, three 16-byte tables by nibble: each pair's (fingerprint's) first bytes, its second bytes, its third bytes (where none: a byte without that nibble)
let LUT: usize = 0; // u8 per byte pair (b1 << 8 | b0, the pair as a little-endian u16): 1 + its pair index, 0 for a pair not searched
let KW: usize = 0; // keyword entries, nKw per pair (KW_ENTRY bytes each, at (pair index * nKw + k) * KW_ENTRY): [the pair's offset in the keyword, keyword length (0: padding), keyword slot, 0] (u8 each), then the keyword's first 4 bytes as a u32 (fewer bytes zero-padded; 0xffffffff in padding); keyword bytes at KW_BYTES + 64 * slot
const KW_ENTRY: usize = 8;
const KW_ENTRY_BYTES: usize = KW_ENTRY * 64 * 8; // scanWasm.ts KW_ENTRY_BYTES
let KW_BYTES: usize = 0;
let nKw: i32 = 0; // keyword entries per pair (0: no keywords)
let nPairs: i32 = 0;
let pairHash: i32 = 0; // the nibble that tells the pairs apart (hashMask): 1 the first byte's low one, 2 the second byte's, 3 the first byte's high one, 4 the second byte's; 5 to 10: 3-byte fingerprints instead (tripleMask, mode 8 + pairHash); 0 none

// ---- results of the last call, read by JavaScript ---------------------------------------------
let outEntries: i32 = 0;
let outClosed: i32 = 0;
let outI: i32 = 0;

// ---- state carried from chunk to chunk ---------------------------------------------------------
let lineNo: f64 = 0; // lines before the current position (the record's line is lineNo + 1)
let lastTs: f64 = NaN;
let entryCount: f64 = 0; // entries started in the range so far
let open: bool = false;
let openStart: i32 = 0; // relative to BUF (negative when the entry began in an earlier chunk)
let openStartAbs: f64 = 0;
let openCand: bool = false;
let openLine: f64 = 0; // the open entry's 1-based line
let closingExtra: f64 = 0; // 1 while the final close counts a last line without '\n'
let sawEntry: bool = false;
let continues: bool = false;
let inLong: bool = false;
let leadLines: f64 = 0;
let partialLastLine: bool = false;
let lastLineStartAbs: f64 = 0;

const HEAD: i32 = 128;
const FLAG_CANDIDATE: u8 = 1;
const FLAG_NO_TS: u8 = 2;

// ---- counts of the records written since statsReset (what the index's summary needs of a batch),
// all but the last record, which is pending: JavaScript cuts a batch before the open entry's record
// (kept for the next batch) or after it (statsFold first). Read by JavaScript after each batch.
let S_LEVELS: usize = 0; // f64 x 8: records by level code
let sMinTs: f64 = Infinity; // earliest time (its first record) and latest (its last record), records with a time of their own
let sMinI: i32 = -1;
let sMaxTs: f64 = -Infinity;
let sMaxI: i32 = -1;
let sNext: i32 = 0; // index of the next record since statsReset
let pending: bool = false;
let pTs: f64 = 0;
let pLevel: i32 = 0;
let pFlags: u8 = 0;
let pI: i32 = 0;

/** Where the level counts go (8 f64); 0: no counts kept. */
export function setStats(levels: usize): void {
  S_LEVELS = levels;
  statsReset(false);
}

/** Counts start again; with `keepPending` the pending record is the first of the next batch. */
export function statsReset(keepPending: bool): void {
  if (S_LEVELS != 0) memory.fill(S_LEVELS, 0, 64);
  sMinTs = Infinity;
  sMinI = -1;
  sMaxTs = -Infinity;
  sMaxI = -1;
  pending = pending && keepPending;
  pI = 0;
  sNext = pending ? 1 : 0;
}

/** Counts the pending record (the batch ends after it). */
export function statsFold(): void {
  if (!pending) return;
  pending = false;
  if (S_LEVELS == 0) return;
  const a = S_LEVELS + (<usize>pLevel << 3);
  store<f64>(a, load<f64>(a) + 1);
  if ((pFlags & FLAG_NO_TS) == 0) {
    if (pTs < sMinTs) {
      sMinTs = pTs;
      sMinI = pI;
    }
    if (pTs >= sMaxTs) {
      sMaxTs = pTs;
      sMaxI = pI;
    }
  }
}

/** Where the module's static data ends: JavaScript lays its memory out from here on. */
export function heapBase(): usize { return __heap_base; }

export function statsMinTs(): f64 { return sMinTs; }
export function statsMinI(): i32 { return sMinI; }
export function statsMaxTs(): f64 { return sMaxTs; }
export function statsMaxI(): i32 { return sMaxI; }

export function configure(buf: usize, eOff: usize, eLine: usize, eTs: usize, eLevel: usize, eFlags: usize, cEntry: usize, cStart: usize, cEnd: usize, cLines: usize, hits: usize, pairs: usize, kw: usize, lut: usize): void {
  BUF = buf;
  E_OFF = eOff;
  E_LINE = eLine;
  E_TS = eTs;
  E_LEVEL = eLevel;
  E_FLAGS = eFlags;
  C_ENTRY = cEntry;
  C_START = cStart;
  C_END = cEnd;
  C_LINES = cLines;
  HITS = hits;
  PAIRS = pairs;
  KW = kw;
  LUT = lut;
  KW_BYTES = kw + KW_ENTRY_BYTES;
}

/** The keyword table is written by JavaScript at KW (see above): `perPair` entries for each of `pairs` distinct pairs (at most 8). */
export function setKeywords(perPair: i32, pairs: i32, hash: i32): void {
  nKw = perPair;
  nPairs = pairs;
  pairHash = hash;
}

/** Starts a range: line base, the timestamp carried in, and whether the range starts inside an entry. */
export function reset(lineBase: f64, ts: f64, continuesEntry: bool, startAbs: f64): void {
  lineNo = lineBase;
  lastTs = ts;
  entryCount = 0;
  open = false;
  openStart = 0;
  openStartAbs = 0;
  openCand = false;
  sawEntry = false;
  continues = continuesEntry;
  inLong = false;
  leadLines = 0;
  partialLastLine = false;
  lastLineStartAbs = startAbs;
  cacheYmd = -1;
  cacheHead0 = 0;
  cacheHead1 = 0;
  pending = false;
  statsReset(false);
}

export function getEntries(): i32 { return outEntries; }
export function getClosed(): i32 { return outClosed; }
export function getI(): i32 { return outI; }
export function getLineNo(): f64 { return lineNo; }
export function getLastTs(): f64 { return lastTs; }
export function getEntryCount(): f64 { return entryCount; }
export function getLeadLines(): f64 { return leadLines; }
export function getPartial(): bool { return partialLastLine || inLong; }
export function getLastLineStart(): f64 { return lastLineStartAbs; }
export function isOpen(): bool { return open; }

// ---- timestamps (the same arithmetic as scan.ts entryTsInto) -----------------------------------
let cacheYmd: i32 = -1;
let cacheDayMs: f64 = 0;
// The last valid time's first 16 bytes (`yyyy-MM-dd HH:mm`, as two u64 loads) and that minute's
// start: consecutive entries mostly share their minute, which then is not parsed again.
let cacheHead0: u64 = 0;
let cacheHead1: u64 = 0;
let cacheMinuteMs: f64 = NaN;
let tsEnd: i32 = 0;
let tsValue: f64 = 0;

function daysFromCivil(y0: i32, m: i32, d: i32): f64 {
  const y = y0 - (m <= 2 ? 1 : 0);
  const era = <i32>Math.floor(<f64>y / 400);
  const yoe = y - era * 400;
  const doy = <i32>Math.floor(<f64>(153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + <i32>Math.floor(<f64>yoe / 4) - <i32>Math.floor(<f64>yoe / 100) + doy;
  return <f64>era * 146097 + <f64>doe - 719468;
}

@inline function at(p: i32): u32 {
  return <u32>load<u8>(BUF + <usize>p);
}
@inline function dig(p: i32): u32 {
  return at(p) - 48;
}
/** The byte at `p`, or 256 (equal to no byte) past the view. */
@inline function byteAt(p: i32, len: i32): u32 {
  return p < len ? at(p) : 256;
}

@inline function isDigit(p: i32, end: i32): bool {
  // scan.ts digit(): a byte past the view is undefined there, never a digit
  return p < end && dig(p) <= 9;
}

/** Digit positions of `yyyy-MM-dd HH:mm:ss,SSS` in bytes 0..15, and (as bytes 7..22) in the second load. */
const DIGITS_LO: i32 = 0xdb6f; // 0 1 2 3 5 6 8 9 11 12 14 15
const DIGITS_HI: i32 = 0xe800; // 17 18 20 21 22 -> 10 11 13 14 15 of the load at +7

/** 1 a timestamp (tsValue), 0 not a real date, -1 not an entry start; sets tsEnd. `len` bounds reads like the JavaScript view. */
@inline function entryTs(p: i32, end: i32, len: i32): i32 {
  if (end - p < 23) return -1;
  const a = BUF + <usize>p;
  // The 17 digits checked at once: two overlapping 16-byte loads cover the 23 bytes.
  const zero = i8x16.splat(48), nine = i8x16.splat(9);
  const lo = i8x16.bitmask(i8x16.le_u(i8x16.sub(v128.load(a), zero), nine));
  const hi = i8x16.bitmask(i8x16.le_u(i8x16.sub(v128.load(a, 7), zero), nine));
  if ((lo & DIGITS_LO) != DIGITS_LO || (hi & DIGITS_HI) != DIGITS_HI) return -1;
  if (load<u8>(a, 4) != 45 || load<u8>(a, 7) != 45 || load<u8>(a, 13) != 58 || load<u8>(a, 16) != 58) return -1;
  const sep = load<u8>(a, 10);
  if (sep != 32 && sep != 84) return -1;
  const fsep = load<u8>(a, 19);
  if (fsep != 44 && fsep != 46) return -1;
  let q = p + 23;
  while (q < end && dig(q) <= 9) q++;
  const s = <i32>load<u8>(a, 17) * 10 + <i32>load<u8>(a, 18) - 528;
  const head0 = load<u64>(a), head1 = load<u64>(a, 8);
  let minuteMs: f64;
  if (head0 == cacheHead0 && head1 == cacheHead1 && s <= 60) minuteMs = cacheMinuteMs;
  else {
    const ymd = ((<i32>load<u8>(a, 0) * 10 + <i32>load<u8>(a, 1)) * 100 + <i32>load<u8>(a, 2) * 10 + <i32>load<u8>(a, 3) - 53328) * 10000 +
      (<i32>load<u8>(a, 5) * 10 + <i32>load<u8>(a, 6) - 528) * 100 + <i32>load<u8>(a, 8) * 10 + <i32>load<u8>(a, 9) - 528;
    if (ymd != cacheYmd) {
      const y = ymd / 10000, mo = (ymd / 100) % 100, d = ymd % 100;
      if (mo < 1 || mo > 12 || d < 1 || d > 31) {
        tsEnd = q;
        return 0;
      }
      cacheYmd = ymd;
      cacheDayMs = daysFromCivil(y, mo, d) * 86400000;
    }
    const h = <i32>load<u8>(a, 11) * 10 + <i32>load<u8>(a, 12) - 528;
    const mi = <i32>load<u8>(a, 14) * 10 + <i32>load<u8>(a, 15) - 528;
    if (h > 24 || mi > 59 || s > 60) {
      tsEnd = q;
      return 0;
    }
    minuteMs = cacheDayMs + <f64>(h * 3600000 + mi * 60000);
    cacheHead0 = head0;
    cacheHead1 = head1;
    cacheMinuteMs = minuteMs;
  }
  let dayMs: i32 = s * 1000 + <i32>load<u8>(a, 20) * 100 + <i32>load<u8>(a, 21) * 10 + <i32>load<u8>(a, 22) - 5328;
  // Reads past the view are `undefined` in JavaScript: never equal to a byte.
  const z = byteAt(q, len);
  // The usual zone, `+hhmm` or `-hhmm` whole before `end`: its four digits checked and read at once
  // (what the general branch below makes of it).
  const zd = load<u32>(BUF + <usize>q, 1) - 0x30303030;
  if ((z == 43 || z == 45) && q + 5 <= end && ((zd | (zd + 0x76767676)) & 0x80808080) == 0) {
    const zh = <i32>(zd & 255) * 10 + <i32>((zd >> 8) & 255);
    const zm = <i32>((zd >> 16) & 255) * 10 + <i32>(zd >> 24);
    dayMs -= (z == 45 ? -1 : 1) * (zh * 60 + zm) * 60000;
    q += 5;
  } else if (z == 90) q++;
  else if ((z == 43 || z == 45) && q + 2 < end && isDigit(q + 1, len) && isDigit(q + 2, len)) {
    const zh = <i32>(dig(q + 1) * 10 + dig(q + 2));
    let r = q + 3;
    if (byteAt(r, len) == 58) r++;
    let zm: i32 = 0;
    if (r + 1 < end && isDigit(r, len) && isDigit(r + 1, len)) {
      zm = <i32>(dig(r) * 10 + dig(r + 1));
      r += 2;
    }
    dayMs -= (z == 45 ? -1 : 1) * (zh * 60 + zm) * 60000;
    q = r;
  }
  tsEnd = q;
  tsValue = minuteMs + <f64>dayMs;
  return 1;
}

@inline function endByte(c: u32): bool {
  return c == 32 || c == 13 || c == 10 || c == 9;
}

/** scan.ts tokenEnd: a read past the view is undefined there, which ends a token. */
@inline function tokenEnd(p: i32, len: i32): bool {
  return p >= len || endByte(at(p));
}

// The first four bytes of each level word, little-endian, as one u32 load sees them.
const W_INFO: u32 = 0x4f464e49, W_WARN: u32 = 0x4e524157, W_ERRO: u32 = 0x4f525245, W_DEBU: u32 = 0x55424544, W_TRAC: u32 = 0x43415254, W_FATA: u32 = 0x41544146;

// The six level words by a perfect hash of their first four bytes, (w * 67) >>> 29 (distinct for
// the six; found by trying odd multipliers): each slot's word, and its level code and fifth letter
// (0: a four-letter word). Slots 1 and 7 are empty (code 0).
const LEVEL_WORDS = memory.data<u32>([W_FATA, 0, W_DEBU, W_WARN, W_TRAC, W_INFO, W_ERRO, 0]);
const LEVEL_INFO = memory.data<u8>([6, 76, 0, 0, 2, 71, 4, 0, 1, 69, 3, 0, 5, 82, 0, 0]);

/** scan.ts levelAt: the level code of the word at `p` (followed by a token end), 0 if it is not a level. */
@inline function levelAt(p: i32, len: i32): i32 {
  if (p >= len) return 0;
  // The word's first four bytes as one u32; near the end of the view, bytes past it read as 0,
  // which no level word has.
  let w: u32;
  if (p + 4 <= len) w = load<u32>(BUF + <usize>p);
  else {
    w = at(p);
    if (p + 1 < len) w |= at(p + 1) << 8;
    if (p + 2 < len) w |= at(p + 2) << 16;
  }
  // One compare tells a level word from any other (a thread name, mostly): no chain of six.
  const h = <usize>((w * 67) >>> 29);
  if (w != load<u32>(LEVEL_WORDS + (h << 2))) return 0;
  const code = <i32>load<u8>(LEVEL_INFO + (h << 1));
  const fifth = <u32>load<u8>(LEVEL_INFO + (h << 1), 1);
  if (fifth != 0) return byteAt(p + 4, len) == fifth && tokenEnd(p + 5, len) ? code : 0; // ERROR, DEBUG, TRACE, FATAL
  if (tokenEnd(p + 4, len)) return code; // INFO, WARN
  return code == 4 && byteAt(p + 4, len) == 73 && byteAt(p + 5, len) == 78 && byteAt(p + 6, len) == 71 && tokenEnd(p + 7, len) ? 4 : 0; // WARNING
}

function levelAfter(p0: i32, end: i32, len: i32): i32 {
  // Mostly the word after the time, or the one after that (a thread name first) lies in the 32
  // bytes from p0: their spaces as one bit mask give both word starts without a byte loop.
  if (p0 + 32 <= end) {
    const space = i8x16.splat(32);
    const q = BUF + <usize>p0;
    const spaces = <u32>i8x16.bitmask(i8x16.eq(v128.load(q), space)) | (<u32>i8x16.bitmask(i8x16.eq(v128.load(q, 16), space)) << 16);
    const lead = <i32>ctz(~spaces); // spaces before the first word
    if (lead < 32) {
      const w = p0 + lead;
      if (at(w) == 91) return 0;
      const lv = levelAt(w, len);
      if (lv) return lv;
      // the first space after that word, then the first byte after it that is not a space
      const after = spaces & ~((<u32>2 << <u32>lead) - 1);
      if (after != 0) {
        const sp = <i32>ctz(after);
        const rest = ~spaces & ~((<u32>2 << <u32>sp) - 1);
        if (rest != 0) return levelAt(p0 + <i32>ctz(rest), len);
      }
    }
  }
  let p = p0;
  while (p < end && at(p) == 32) p++;
  if (p >= end || at(p) == 91) return 0;
  const lv = levelAt(p, len);
  if (lv) return lv;
  // the next space (scan.ts: Buffer.indexOf(32, p), which searches the whole view; a space at or past `end` means none)
  let sp = p;
  const space = i8x16.splat(32);
  for (;;) {
    if (sp + 16 > end) {
      while (sp < end && at(sp) != 32) sp++;
      break;
    }
    const bits = i8x16.bitmask(i8x16.eq(v128.load(BUF + <usize>sp), space));
    if (bits) {
      sp += ctz(bits);
      break;
    }
    sp += 16;
  }
  if (sp >= end) return 0;
  p = sp + 1;
  while (p < end && at(p) == 32) p++;
  return p < end ? levelAt(p, len) : 0;
}

// ---- the chunk ---------------------------------------------------------------------------------
let hitCount: i32 = 0;
let hitPos: i32 = 0;

/**
 * Checks the set bits of `bits` (pair matches at p + bit) against the keywords: the byte pair's
 * entry in the lookup table gives its pair index, whose keyword entries are compared: first each
 * one's first four bytes as one word, all of them without a branch, then a word that matches as a
 * whole keyword. A verified hit is recorded at the pair's position, not the keyword's start: hits
 * stay in ascending order, and every byte of a keyword lies on one line, so in one entry.
 */
function verifyBits(p: i32, bits0: u32, len: i32): void {
  let bits = bits0;
  const per = nKw;
  while (bits) {
    const pos = p + <i32>ctz(bits);
    bits &= bits - 1;
    // the pair as one little-endian u16 load: second byte high
    const pi = <i32>load<u8>(LUT + <usize>load<u16>(BUF + <usize>pos));
    if (pi == 0) continue;
    const e0 = KW + <usize>((pi - 1) * per) * KW_ENTRY;
    // The first words: s may lie up to 63 bytes before BUF, the word past len (memory either way);
    // a keyword of 2 or 3 bytes compares that many, padding (length 0) none against 0xffffffff.
    // (a pair may serve up to 64 entries: one bit each)
    let cand: u64 = 0;
    let e = e0;
    for (let k = 0; k < per; k++, e += KW_ENTRY) {
      const n = <u32>load<u8>(e, 1);
      const mask = n >= 4 ? <u32>0xffffffff : (<u32>1 << (n << 3)) - 1;
      cand |= <u64>((load<u32>(BUF + <usize>(pos - <i32>load<u8>(e))) & mask) == load<u32>(e, 4)) << <u64>k;
    }
    while (cand) {
      const k = <i32>ctz(cand);
      cand &= cand - 1;
      e = e0 + <usize>k * KW_ENTRY;
      const s = pos - <i32>load<u8>(e);
      const n = <i32>load<u8>(e, 1);
      if (s >= 0 && s + n <= len && keywordAt(BUF + <usize>s, KW_BYTES + <usize>(<i32>load<u8>(e, 2) * 64), n)) {
        store<i32>(HITS + (<usize>hitCount << 2), pos);
        hitCount++;
        break;
      }
    }
  }
}

/** Whether the `n` bytes at `at` are the keyword at `kb`: the first 16 bytes in one compare (bytes past `n` masked off), longer keywords 16 more at a time. */
@inline function keywordAt(at: usize, kb: usize, n: i32): bool {
  const mask = n < 16 ? (1 << n) - 1 : 0xffff;
  let ok = (i8x16.bitmask(i8x16.eq(v128.load(at), v128.load(kb))) & mask) == mask;
  if (n > 16 && ok) {
    for (let j = 16; j < n; j += 16) {
      const r = n - j;
      const m = r < 16 ? (1 << r) - 1 : 0xffff;
      if ((i8x16.bitmask(i8x16.eq(v128.load(at + <usize>j), v128.load(kb + <usize>j))) & m) != m) return false;
    }
  }
  return ok;
}

/** x (first bytes) and y (second bytes) at each position against the first `slots` pair slots (a constant at each call). */
@inline function pairMask(x: v128, y: v128, slots: i32, a0: v128, b0: v128, a1: v128, b1: v128, a2: v128, b2: v128, a3: v128, b3: v128, a4: v128, b4: v128, a5: v128, b5: v128, a6: v128, b6: v128, a7: v128, b7: v128): v128 {
  let m = v128.and(i8x16.eq(x, a0), i8x16.eq(y, b0));
  if (slots > 1) m = v128.or(m, v128.and(i8x16.eq(x, a1), i8x16.eq(y, b1)));
  if (slots > 2) m = v128.or(m, v128.and(i8x16.eq(x, a2), i8x16.eq(y, b2)));
  if (slots > 3) m = v128.or(m, v128.and(i8x16.eq(x, a3), i8x16.eq(y, b3)));
  if (slots > 4) m = v128.or(m, v128.and(i8x16.eq(x, a4), i8x16.eq(y, b4)));
  if (slots > 5) m = v128.or(m, v128.and(i8x16.eq(x, a5), i8x16.eq(y, b5)));
  if (slots > 6) m = v128.or(m, v128.and(i8x16.eq(x, a6), i8x16.eq(y, b6)));
  if (slots > 7) m = v128.or(m, v128.and(i8x16.eq(x, a7), i8x16.eq(y, b7)));
  return m;
}

/**
 * x (first bytes) and y (second bytes) at each position against every pair at once, when one
 * nibble of the pairs' bytes tells them apart (`mode`, a constant at each call: 9 the first byte's
 * low nibble, 10 the second byte's, 11 the first byte's high nibble, 12 the second byte's): that
 * nibble looks up the one pair it can be (ta: its first byte, tb: its second), and both bytes are
 * compared with it. Six operations for any number of pairs (eight or nine on x64, where a swizzle
 * is two), against four per pair (less one) compared one by one.
 */
@inline function hashMask(x: v128, y: v128, mode: i32, ta: v128, tb: v128, low: v128): v128 {
  const v = mode == 9 || mode == 11 ? x : y;
  const k = mode <= 10 ? v128.and(v, low) : i8x16.shr_u(v, 4);
  return v128.and(i8x16.eq(i8x16.swizzle(ta, k), x), i8x16.eq(i8x16.swizzle(tb, k), y));
}

/**
 * x, y, z (bytes 0, 1, 2) at each position against 3-byte fingerprints, one per nibble value of
 * one of their bytes (`mode`, a constant at each call: 13 + the byte for its low nibble, 16 + the
 * byte for its high one): that nibble looks up the one fingerprint it can be (ta, tb, tc: its
 * bytes), and the three bytes are compared with it. A match at p has the fingerprint's first two
 * bytes at p: the pair table's entries for that pair verify it.
 */
@inline function tripleMask(x: v128, y: v128, z: v128, mode: i32, ta: v128, tb: v128, tc: v128, low: v128): v128 {
  const j = (mode - 13) % 3;
  const v = j == 0 ? x : j == 1 ? y : z;
  const k = mode >= 16 ? i8x16.shr_u(v, 4) : v128.and(v, low);
  return v128.and(v128.and(i8x16.eq(i8x16.swizzle(ta, k), x), i8x16.eq(i8x16.swizzle(tb, k), y)), i8x16.eq(i8x16.swizzle(tc, k), z));
}

/** The splatted first (a) or second (b) byte of pair slot `k`. */
@inline function slot(k: i32, second: i32): v128 {
  return i8x16.splat(load<u8>(PAIRS + <usize>(k * 2 + second)));
}

/**
 * Appends the verified keyword hits at pair positions [from, last) to HITS (ascending; a match at
 * p needs p + 1 < len: `last` <= len - 1). Only for the few bytes the line pass does not read
 * (keywords cut by the previous chunk's end): 16 bytes a step, every slot compared.
 */
function findHits(from: i32, last: i32, len: i32): void {
  const a0 = slot(0, 0), b0 = slot(0, 1), a1 = slot(1, 0), b1 = slot(1, 1), a2 = slot(2, 0), b2 = slot(2, 1), a3 = slot(3, 0), b3 = slot(3, 1);
  const a4 = slot(4, 0), b4 = slot(4, 1), a5 = slot(5, 0), b5 = slot(5, 1), a6 = slot(6, 0), b6 = slot(6, 1), a7 = slot(7, 0), b7 = slot(7, 1);
  for (let p = from; p < last; p += 16) {
    const q = BUF + <usize>p;
    const x = v128.load(q), y = v128.load(q, 1);
    const m = pairMask(x, y, 8, a0, b0, a1, b1, a2, b2, a3, b3, a4, b4, a5, b5, a6, b6, a7, b7);
    if (!v128.any_true(m)) continue;
    let bits = <u32>i8x16.bitmask(m);
    if (p + 16 > last) bits &= (1 << (last - p)) - 1;
    verifyBits(p, bits, len);
  }
}

@inline function closeOpen(endRel: i32, bufPos: f64): void {
  if (!open) return;
  while (hitPos < hitCount && load<i32>(HITS + (<usize>hitPos << 2)) < endRel) {
    if (load<i32>(HITS + (<usize>hitPos << 2)) >= openStart) openCand = true;
    hitPos++;
  }
  if (openCand) {
    const c = <usize>outClosed << 3;
    store<f64>(C_ENTRY + c, entryCount - 1);
    store<f64>(C_START + c, openStartAbs);
    store<f64>(C_END + c, bufPos + <f64>endRel);
    const lines = lineNo + closingExtra - openLine + 1;
    store<f64>(C_LINES + c, lines > 1 ? lines : 1);
    outClosed++;
  }
  open = false;
  openCand = false;
}

@inline function pushEntry(abs: f64, ts: f64, level: i32, flags: u8): void {
  const e = <usize>outEntries;
  store<f64>(E_OFF + (e << 3), abs);
  store<u32>(E_LINE + (e << 2), <u32>(lineNo + 1));
  openLine = lineNo + 1;
  store<f64>(E_TS + (e << 3), ts);
  store<u8>(E_LEVEL + e, <u8>level);
  store<u8>(E_FLAGS + e, flags);
  outEntries++;
  entryCount += 1;
  statsFold();
  pending = true;
  pTs = ts;
  pLevel = level;
  pFlags = flags;
  pI = sNext++;
}

function lineStart(p: i32, lineEnd: i32, len: i32, bufPos: f64): void {
  const headEnd = lineEnd < p + HEAD ? lineEnd : p + HEAD;
  const abs = bufPos + <f64>p;
  lastLineStartAbs = abs;
  const t = entryTs(p, headEnd, len);
  if (t != -1) {
    closeOpen(p, bufPos);
    let flags: u8 = 0;
    if (t == 0) flags = FLAG_NO_TS;
    else lastTs = tsValue;
    pushEntry(abs, lastTs, t == 0 ? 0 : levelAfter(tsEnd, headEnd, len), flags);
    open = true;
    openStart = p;
    openStartAbs = abs;
    sawEntry = true;
    continues = false;
  } else if (!sawEntry && !continues) {
    pushEntry(abs, lastTs, 0, FLAG_NO_TS);
    open = true;
    openStart = p;
    openStartAbs = abs;
    sawEntry = true;
  } else if (!sawEntry) {
    leadLines += 1;
  }
}

/**
 * Scans BUF[i..len): `shift` bytes were dropped from the front since the last call (the open
 * entry's start moves with them), `from` is where the keyword search starts, `bufPos` the file
 * offset of BUF[0], `eof` whether no more bytes follow. Results: getEntries() records at E_*,
 * getClosed() candidates at C_*, getI() where the next call resumes.
 */
export function scanChunk(i0: i32, len: i32, from: i32, shift: i32, bufPos: f64, eof: bool): void {
  outEntries = 0;
  outClosed = 0;
  openStart -= shift;
  // The JavaScript scanner reads past the view as `undefined`; bytes past len are zeroed here and
  // every comparison that could see them is bounded by len, so padding never matches.
  memory.fill(BUF + <usize>len, 0, 32);
  hitCount = 0;
  hitPos = 0;
  // Keywords that start before the resume point (cut by the previous chunk's end): their pairs
  // are searched here; from i0 on the line pass searches each block it reads.
  const pre = i0 < len - 1 ? i0 : len - 1;
  if (nKw != 0 && from < pre) findHits(from, pre, len);
  // Hits before the resume point lie in processed bytes: they belong to the open entry, if any.
  while (hitPos < hitCount && load<i32>(HITS + (<usize>hitPos << 2)) < i0) {
    if (open && load<i32>(HITS + (<usize>hitPos << 2)) >= openStart) openCand = true;
    hitPos++;
  }
  let i: i32;
  if (nKw == 0) i = scanLines<Slots0>(i0, len, bufPos, eof);
  else if (pairHash == 1) i = scanLines<HashFirstLow>(i0, len, bufPos, eof);
  else if (pairHash == 2) i = scanLines<HashSecondLow>(i0, len, bufPos, eof);
  else if (pairHash == 3) i = scanLines<HashFirstHigh>(i0, len, bufPos, eof);
  else if (pairHash == 4) i = scanLines<HashSecondHigh>(i0, len, bufPos, eof);
  else if (pairHash == 5) i = scanLines<Triple0Low>(i0, len, bufPos, eof);
  else if (pairHash == 6) i = scanLines<Triple1Low>(i0, len, bufPos, eof);
  else if (pairHash == 7) i = scanLines<Triple2Low>(i0, len, bufPos, eof);
  else if (pairHash == 8) i = scanLines<Triple0High>(i0, len, bufPos, eof);
  else if (pairHash == 9) i = scanLines<Triple1High>(i0, len, bufPos, eof);
  else if (pairHash == 10) i = scanLines<Triple2High>(i0, len, bufPos, eof);
  else if (nPairs == 1) i = scanLines<Slots1>(i0, len, bufPos, eof);
  else if (nPairs == 2) i = scanLines<Slots2>(i0, len, bufPos, eof);
  else if (nPairs == 3) i = scanLines<Slots3>(i0, len, bufPos, eof);
  else if (nPairs == 4) i = scanLines<Slots4>(i0, len, bufPos, eof);
  else if (nPairs == 5) i = scanLines<Slots5>(i0, len, bufPos, eof);
  else if (nPairs == 6) i = scanLines<Slots6>(i0, len, bufPos, eof);
  else if (nPairs == 7) i = scanLines<Slots7>(i0, len, bufPos, eof);
  else i = scanLines<Slots8>(i0, len, bufPos, eof);
  // Hits in the processed bytes that the open entry has not taken yet: it owns them.
  while (hitPos < hitCount && load<i32>(HITS + (<usize>hitPos << 2)) < i) {
    if (open && load<i32>(HITS + (<usize>hitPos << 2)) >= openStart) openCand = true;
    hitPos++;
  }
  outI = i;
}

// The pair count as a type (its size in bytes), so that each count gets its own compiled copy of
// scanLines with the count a constant (an inlined copy per count would be folded back into one).
@unmanaged class Slots0 {}
@unmanaged class Slots1 { a: u8; }
@unmanaged class Slots2 { a: u8; b: u8; }
@unmanaged class Slots3 { a: u8; b: u8; c: u8; }
@unmanaged class Slots4 { a: u8; b: u8; c: u8; d: u8; }
@unmanaged class Slots5 { a: u8; b: u8; c: u8; d: u8; e: u8; }
@unmanaged class Slots6 { a: u8; b: u8; c: u8; d: u8; e: u8; f: u8; }
@unmanaged class Slots7 { a: u8; b: u8; c: u8; d: u8; e: u8; f: u8; g: u8; }
@unmanaged class Slots8 { a: u8; b: u8; c: u8; d: u8; e: u8; f: u8; g: u8; h: u8; }
// (9 to 12: every pair at once by nibble tables, hashMask keyed on one nibble of the pairs)
@unmanaged class HashFirstLow { a: u8; b: u8; c: u8; d: u8; e: u8; f: u8; g: u8; h: u8; i: u8; }
@unmanaged class HashSecondLow { a: u8; b: u8; c: u8; d: u8; e: u8; f: u8; g: u8; h: u8; i: u8; j: u8; }
@unmanaged class HashFirstHigh { a: u8; b: u8; c: u8; d: u8; e: u8; f: u8; g: u8; h: u8; i: u8; j: u8; k: u8; }
@unmanaged class HashSecondHigh { a: u8; b: u8; c: u8; d: u8; e: u8; f: u8; g: u8; h: u8; i: u8; j: u8; k: u8; l: u8; }
// (13 to 18: 3-byte fingerprints by nibble tables, tripleMask keyed on the low nibble of byte 0, 1, 2, then the high one)
@unmanaged class Triple0Low { a: u8; b: u8; c: u8; d: u8; e: u8; f: u8; g: u8; h: u8; i: u8; j: u8; k: u8; l: u8; m: u8; }
@unmanaged class Triple1Low { a: u8; b: u8; c: u8; d: u8; e: u8; f: u8; g: u8; h: u8; i: u8; j: u8; k: u8; l: u8; m: u8; n: u8; }
@unmanaged class Triple2Low { a: u8; b: u8; c: u8; d: u8; e: u8; f: u8; g: u8; h: u8; i: u8; j: u8; k: u8; l: u8; m: u8; n: u8; o: u8; }
@unmanaged class Triple0High { a: u8; b: u8; c: u8; d: u8; e: u8; f: u8; g: u8; h: u8; i: u8; j: u8; k: u8; l: u8; m: u8; n: u8; o: u8; p: u8; }
@unmanaged class Triple1High { a: u8; b: u8; c: u8; d: u8; e: u8; f: u8; g: u8; h: u8; i: u8; j: u8; k: u8; l: u8; m: u8; n: u8; o: u8; p: u8; q: u8; }
@unmanaged class Triple2High { a: u8; b: u8; c: u8; d: u8; e: u8; f: u8; g: u8; h: u8; i: u8; j: u8; k: u8; l: u8; m: u8; n: u8; o: u8; p: u8; q: u8; r: u8; }

/**
 * The line pass over BUF[i0..len), returning where the next call resumes. It reads the bytes once,
 * 32 at a time from i0: each block's '\n' positions (a bit mask, taken in order) and, with
 * keywords (`S`: the number of pairs, one compiled copy per number), its keyword pair matches,
 * verified into HITS before any line of the block is handled (a line start closes the open entry
 * with the hits before it). Every exit leaves the blocks up to len searched.
 */
function scanLines<S>(i0: i32, len: i32, bufPos: f64, eof: bool): i32 {
  const slots = <i32>offsetof<S>();
  const ta = v128.load(PAIRS, 16), tb = v128.load(PAIRS, 32), tc = v128.load(PAIRS, 48), low = i8x16.splat(15);
  const a0 = slot(0, 0), b0 = slot(0, 1), a1 = slot(1, 0), b1 = slot(1, 1), a2 = slot(2, 0), b2 = slot(2, 1), a3 = slot(3, 0), b3 = slot(3, 1);
  const a4 = slot(4, 0), b4 = slot(4, 1), a5 = slot(5, 0), b5 = slot(5, 1), a6 = slot(6, 0), b6 = slot(6, 1), a7 = slot(7, 0), b7 = slot(7, 1);
  const nlv = i8x16.splat(10);
  // a pair match at p needs p + 1 < len (a fingerprint's third byte at len reads the zero
  // padding: verifyBits bounds every keyword by len)
  const last = len - 1;
  let b = i0; // the next block to read
  let nlBits: u32 = 0; // '\n' bits not taken yet, of the block at nlBase
  let nlBase = 0;
  let i = i0;
  while (i < len) {
    // the next '\n' at or after i (the bits hold every '\n' after the last one taken)
    while (nlBits == 0 && b < len) {
      const q = BUF + <usize>b;
      const x = v128.load(q), x2 = v128.load(q, 16);
      if (slots > 0) {
        const y = v128.load(q, 1), y2 = v128.load(q, 17);
        let m: v128, m2: v128;
        if (slots >= 13) {
          const z = v128.load(q, 2), z2 = v128.load(q, 18);
          m = tripleMask(x, y, z, slots, ta, tb, tc, low);
          m2 = tripleMask(x2, y2, z2, slots, ta, tb, tc, low);
        } else if (slots > 8) {
          m = hashMask(x, y, slots, ta, tb, low);
          m2 = hashMask(x2, y2, slots, ta, tb, low);
        } else {
          m = pairMask(x, y, slots, a0, b0, a1, b1, a2, b2, a3, b3, a4, b4, a5, b5, a6, b6, a7, b7);
          m2 = pairMask(x2, y2, slots, a0, b0, a1, b1, a2, b2, a3, b3, a4, b4, a5, b5, a6, b6, a7, b7);
        }
        if (v128.any_true(v128.or(m, m2))) {
          let bits = i8x16.bitmask(m), bits2 = i8x16.bitmask(m2);
          if (b + 32 > last) {
            // positions at or past len - 1 (their pair reads the zero padding) are no match
            bits &= b + 16 <= last ? 0xffff : (1 << (last - b < 0 ? 0 : last - b)) - 1;
            bits2 &= b + 16 >= last ? 0 : (1 << (last - b - 16)) - 1;
          }
          verifyBits(b, <u32>bits | (<u32>bits2 << 16), len);
        }
      }
      // bytes past len are zero: never a '\n'
      nlBits = <u32>i8x16.bitmask(i8x16.eq(x, nlv)) | (<u32>i8x16.bitmask(i8x16.eq(x2, nlv)) << 16);
      nlBase = b;
      b += 32;
    }
    let nl = -1;
    if (nlBits != 0) {
      nl = nlBase + <i32>ctz(nlBits);
      nlBits &= nlBits - 1;
    }
    if (inLong) {
      if (nl < 0) {
        i = len;
        break;
      }
      lineNo += 1;
      inLong = false;
      i = nl + 1;
      continue;
    }
    if (nl < 0) {
      if (!eof && len - i < HEAD) break;
      lineStart(i, len, len, bufPos);
      if (eof) partialLastLine = true;
      else inLong = true;
      i = len;
      break;
    }
    lineStart(i, nl, len, bufPos);
    lineNo += 1;
    i = nl + 1;
  }
  // the loop ends at a '\n' in the last block or with every block read, except when it never ran
  if (slots > 0 && b < last) findHits(b, last, len);
  return i;
}

/** Closes the open entry at `endRel` (the end of the range); a candidate is reported at C_*. */
export function finish(endRel: i32, bufPos: f64): void {
  outEntries = 0;
  outClosed = 0;
  if (inLong) partialLastLine = true;
  closingExtra = partialLastLine ? 1 : 0;
  closeOpen(endRel, bufPos);
  closingExtra = 0;
}

/** Counts each adjacent byte pair of BUF[0..len) into the u32 table at `out` (65536 entries, zeroed here): the sample for choosing the keyword pairs. */
export function countPairs(len: i32, out: usize): void {
  memory.fill(out, 0, 65536 * 4);
  for (let k = 0; k + 1 < len; k++) {
    const key = (<usize>load<u8>(BUF + <usize>k) << 8) | <usize>load<u8>(BUF + <usize>k, 1);
    const at = out + (key << 2);
    store<u32>(at, load<u32>(at) + 1);
  }
}

/** Counts each 3-byte sequence of BUF[0..len) into the u32 table at `out` (65536 entries, zeroed here), by a 16-bit hash (scanWasm.ts tripleHash): the sample for choosing fingerprints. */
export function countTriples(len: i32, out: usize): void {
  memory.fill(out, 0, 65536 * 4);
  for (let k = 0; k + 2 < len; k++) {
    const t = (<u32>load<u8>(BUF + <usize>k) << 16) | (<u32>load<u8>(BUF + <usize>k, 1) << 8) | <u32>load<u8>(BUF + <usize>k, 2);
    const at = out + (<usize>((t * 0x9e3779b1) >>> 16) << 2);
    store<u32>(at, load<u32>(at) + 1);
  }
}

// ---- the viewer's text filter --------------------------------------------------------------------

/** `v` with the ASCII capitals A-Z lowered (a byte with its top bit set is never changed). */
@inline function lowerAscii(v: v128): v128 {
  const upper = v128.and(i8x16.ge_u(v, i8x16.splat(0x41)), i8x16.le_u(v, i8x16.splat(0x5a)));
  return v128.or(v, v128.and(upper, i8x16.splat(0x20)));
}

@inline function lowerByte(b: u32): u32 {
  return b - 0x41 <= 0x19 ? b | 0x20 : b;
}

/**
 * Finds an ASCII needle, given lowered, case-insensitively in [at, at + len): each place where it
 * starts goes to `out` (i32, ascending; overlapping places too) until `max` are written; returns how
 * many. The bytes after the haystack up to at + len + 16 must be readable (their values do not
 * matter). 16 places at a time: the lowered bytes equal to the needle's first byte and, n - 1 later,
 * to its last (SIMD), each such place then compared whole.
 */
export function findLowered(at: usize, len: i32, needle: usize, n: i32, out: usize, max: i32): i32 {
  if (n <= 0 || n > len) return 0;
  const first = i8x16.splat(<i8>load<u8>(needle));
  const last = i8x16.splat(<i8>load<u8>(needle + <usize>(n - 1)));
  const end = len - n; // the last place the needle can start
  let found = 0;
  let i = 0;
  for (; i + 15 <= end; i += 16) {
    const a = lowerAscii(v128.load(at + <usize>i));
    const b = lowerAscii(v128.load(at + <usize>(i + n - 1)));
    let m = i8x16.bitmask(v128.and(i8x16.eq(a, first), i8x16.eq(b, last)));
    while (m != 0) {
      const p = i + <i32>ctz(m);
      m &= m - 1;
      let j = 1;
      while (j < n - 1 && lowerByte(<u32>load<u8>(at + <usize>(p + j))) == <u32>load<u8>(needle + <usize>j)) j++;
      if (j >= n - 1) {
        store<i32>(out + (<usize>found << 2), p);
        if (++found >= max) return found;
      }
    }
  }
  for (; i <= end; i++) {
    let j = 0;
    while (j < n && lowerByte(<u32>load<u8>(at + <usize>(i + j))) == <u32>load<u8>(needle + <usize>j)) j++;
    if (j >= n) {
      store<i32>(out + (<usize>found << 2), i);
      if (++found >= max) return found;
    }
  }
  return found;
}

/** Bytes per needle of findLoweredAny: its length (u8), 15 unused, then up to 64 bytes. */
const ANY_STRIDE: usize = 80;

/** Whether one of the `count` needles at `needles` starts at `p` and ends by `len`, case aside. */
@inline function anyNeedleAt(at: usize, len: i32, needles: usize, count: i32, p: i32): bool {
  for (let k = 0; k < count; k++) {
    const e = needles + <usize>k * ANY_STRIDE;
    const n = <i32>load<u8>(e);
    if (p + n > len) continue;
    let j = 0;
    while (j < n && lowerByte(<u32>load<u8>(at + <usize>(p + j))) == <u32>load<u8>(e + 16 + <usize>j)) j++;
    if (j >= n) return true;
  }
  return false;
}

/**
 * findLowered for 2 to 4 needles at once (a regex filter's alternatives): `needles` holds `count`
 * entries of ANY_STRIDE bytes ([n][15 unused][n bytes, lowered ASCII, n <= 64]); each place where
 * one of them starts goes to `out` once, ascending, until `max` are written; returns how many. The
 * bytes after the haystack up to at + len + 80 must be readable (their values do not matter).
 */
export function findLoweredAny(at: usize, len: i32, needles: usize, count: i32, out: usize, max: i32): i32 {
  let nMin: i32 = 64;
  for (let k = 0; k < count; k++) {
    const n = <i32>load<u8>(needles + <usize>k * ANY_STRIDE);
    if (n < nMin) nMin = n;
  }
  if (count <= 0 || nMin <= 0 || nMin > len) return 0;
  const end = len - nMin; // the last place the shortest needle can start
  let found = 0;
  let i = 0;
  for (; i + 15 <= end; i += 16) {
    const a = lowerAscii(v128.load(at + <usize>i));
    let m: u32 = 0;
    for (let k = 0; k < count; k++) {
      const e = needles + <usize>k * ANY_STRIDE;
      const n = <i32>load<u8>(e);
      const b = lowerAscii(v128.load(at + <usize>(i + n - 1)));
      m |= <u32>i8x16.bitmask(v128.and(i8x16.eq(a, i8x16.splat(<i8>load<u8>(e, 16))), i8x16.eq(b, i8x16.splat(<i8>load<u8>(e + <usize>(n - 1), 16)))));
    }
    while (m != 0) {
      const p = i + <i32>ctz(m);
      m &= m - 1;
      if (anyNeedleAt(at, len, needles, count, p)) {
        store<i32>(out + (<usize>found << 2), p);
        if (++found >= max) return found;
      }
    }
  }
  for (; i <= end; i++) {
    if (anyNeedleAt(at, len, needles, count, i)) {
      store<i32>(out + (<usize>found << 2), i);
      if (++found >= max) return found;
    }
  }
  return found;
}
