// The WebAssembly scanner (server/wasm/scan.ts via scanWasm.ts) against the JavaScript one
// (scan.ts, the reference): the same entries, line numbers, times, levels, candidate flags,
// classifications, batch boundaries and results, on the log fixtures, the bench's generated logs,
// hand-made edge cases and random bytes, with chunk sizes small enough to cut every line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { scanRange, type ScanOptions, type ScanResult } from '../../../server/src/logs/scan';
import { scanRangeWasm, wasmScanStatus } from '../../../server/src/logs/scanWasm';
import { prefilterKeywords } from '../../../server/src/logs/rows';
import { FLAG_CANDIDATE, FLAG_NO_TS, LEVEL_CODES, type BatchCounts, type EntryBatch } from '../../../server/src/logs/store';

interface Run {
  result: ScanResult;
  entries: number[][];
  /** Text, lines, size and the entry's ordinal in the range (the batch's index onCandidate gave, plus the entries before that batch). */
  candidates: [string, number, number, number][];
  batches: [number, number][];
}

function scan(bytes: Buffer, engine: 'auto' | 'js', o: ScanOptions = {}, start = 0, end = bytes.length): Run {
  const entries: number[][] = [];
  const candidates: [string, number, number, number][] = [];
  const batches: [number, number][] = [];
  let unbatched = 0; // candidates[unbatched..] are not in a handed-over batch yet
  const read = (buf: Buffer, off: number, n: number, pos: number): number => bytes.copy(buf, off, pos, Math.min(pos + n, bytes.length));
  const result = scanRange(read, start, end, {
    keywords: prefilterKeywords,
    ...o,
    engine,
    onCandidate: (text, lines, size, entry) => {
      candidates.push([text, lines, size, entry]);
      return [candidates.length % 5, candidates.length % 3];
    },
    onBatch: (b: EntryBatch, done) => {
      batches.push([b.count, done]);
      for (; unbatched < candidates.length; unbatched++) {
        const c = candidates[unbatched]!;
        assert.ok(c[3] < b.count && b.flags[c[3]]! & FLAG_CANDIDATE, 'a candidate\'s index names a candidate entry of the next batch');
        c[3] += entries.length;
      }
      if (b.counts) assert.deepEqual(b.counts, countsOf(b), 'the counts a batch carries are those of its entries');
      for (let i = 0; i < b.count; i++) entries.push([b.offset[i]!, b.line[i]!, b.ts[i]!, b.level[i]!, b.flags[i]!, b.kind[i]!, b.outcome[i]!]);
    },
  });
  return { result, entries, candidates, batches };
}

/** What ColumnCounts takes from a batch's entries, counted one by one. */
function countsOf(b: EntryBatch): BatchCounts {
  const c: BatchCounts = { candidates: 0, levels: new Array<number>(LEVEL_CODES.length).fill(0), minTs: Infinity, minI: -1, maxTs: -Infinity, maxI: -1 };
  let nanPrefix = true;
  for (let i = 0; i < b.count; i++) {
    const t = b.ts[i]!;
    if (t === t) nanPrefix = false;
    else assert.ok(nanPrefix, 'a batch with counts has NaN times only before its first time');
    if (b.flags[i]! & FLAG_CANDIDATE) c.candidates++;
    else c.levels[b.level[i]!]!++;
    if (b.flags[i]! & FLAG_NO_TS) continue;
    if (t < c.minTs) [c.minTs, c.minI] = [t, i];
    if (t >= c.maxTs) [c.maxTs, c.maxI] = [t, i];
  }
  return c;
}

function same(bytes: Buffer, o: ScanOptions = {}, label = '', start?: number, end?: number): Run {
  const js = scan(bytes, 'js', o, start, end);
  const wasm = scan(bytes, 'auto', o, start, end);
  assert.deepEqual(wasm.result, js.result, `${label}: result`);
  assert.equal(wasm.entries.length, js.entries.length, `${label}: entry count`);
  for (let i = 0; i < js.entries.length; i++) assert.deepEqual(wasm.entries[i], js.entries[i], `${label}: entry ${i}`);
  assert.deepEqual(wasm.candidates, js.candidates, `${label}: candidates`);
  assert.deepEqual(wasm.batches, js.batches, `${label}: batches`);
  return wasm;
}

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.log(\.\d+)?$/.test(n) ? [p] : [];
  });
}

test('the WebAssembly scanner is built and loads (npm run build writes dist/scan.wasm)', () => {
  const s = wasmScanStatus();
  assert.equal(s.available, true, s.problem);
});

test('every log fixture: the same entries, candidates and batches as the JavaScript scanner, at several chunk sizes', () => {
  const all = files('test/fixtures/logs');
  assert.ok(all.length >= 5, `fixtures found: ${all.length}`);
  let candidates = 0;
  for (const f of all) {
    const bytes = readFileSync(f);
    for (const chunkSize of [bytes.length + 1, 4096, 257, 64]) {
      const r = same(bytes, { chunkSize, batchBytes: 8192 }, `${f} chunk ${chunkSize}`);
      if (chunkSize === 4096) candidates += r.candidates.length;
    }
  }
  assert.ok(candidates > 20, `fixtures hold auth entries: ${candidates}`);
});

test('a generated Jira log of 2 MB, whole and in ranges, follow-mode options included', () => {
  const f = ['bench/data/jira-300KB-s1.log', 'test/fixtures/logs/jira/atlassian-jira.log'].find((p) => existsSync(p));
  assert.ok(f, 'a generated or fixture Jira log');
  const one = readFileSync(f);
  const bytes = Buffer.concat(Array.from({ length: Math.ceil(2e6 / one.length) }, () => one));
  const r = same(bytes, {}, 'whole');
  assert.ok(r.result.entries > 1000 && r.candidates.length > 10);
  const mid = Math.floor(bytes.length / 2);
  same(bytes, { lineBase: 17, lastTs: 1.5e12, continuesEntry: true, skipLastCandidate: true }, 'range', mid, bytes.length);
  same(bytes, { skipLastCandidate: true, chunkSize: 1000 }, 'first half', 0, mid);
});

test('edge cases: no final newline, CRLF, a last line ending in a level, zones, bad dates, long lines, keywords cut by chunks', () => {
  const T = '2024-03-01 10:11:12,345';
  const cases = [
    '',
    '\n\n\n',
    'no timestamp at all\nsecond line',
    `${T} INFO`,
    `${T} IN`,
    `${T} ERRO`,
    `${T} main WARNIN`,
    `${T} main WARN`,
    `${T} main WARNING x`,
    `${T}+0100 ERROR [c] apitokenauth ok\r\n${T}Z DEBUG x\r\n`,
    `${T}-05:30 TRACE y\n${T}+02 FATAL z`,
    // Every level word after the time and after a thread name, each with each token end, and
    // words that only begin like one.
    ...['INFO', 'WARN', 'WARNING', 'ERROR', 'DEBUG', 'TRACE', 'FATAL'].flatMap((w) =>
      [' ', '\t', '\r\n', '\n', ''].map((e) => `${T} ${w}${e}x\n${T} thread-9 ${w}${e}${'y'.repeat(40)}\n${T} ${w}`),
    ),
    `${T} INFOS a\n${T} t WARNINGS b\n${T} t WARNIN c\n${T} ERRORS d\n${T} t DEBUGGER e\n${T} TRACEY f\n${T} t FATALITY g\n${T} t info h\n${T} t Warn i\n${T} t ERRO j`,
    // `+hhmm` read at once, and what is almost one: a byte just outside '0'-'9' in each place, too
    // few digits, the zone ending the line or the view.
    `${T}-1230 INFO a\n${T}+01:0 INFO b\n${T}+0/00 INFO c\n${T}+00:00 INFO d\n${T}+010 INFO e\n${T}+0\u007f00 INFO f\n${T}+0100\n${T}-2359`,
    `${T}+0${'9'.repeat(3)}x INFO g\n${T}+1${'0'.repeat(2)}/ INFO h\n${T}+:000 INFO i\n${T}+0100`,
    `2024-13-01 10:11:12,345 INFO bad month\n2024-02-31 10:11:12,345 INFO ok day\n2024-02-01 25:11:12,345 INFO bad hour`,
    `${T} INFO ${'x'.repeat(5000)} kantegasso ${'y'.repeat(300)}\ncontinued d.r.a. line\n${T} INFO after`,
    `lead line\n${T} INFO first "context" here\n\tat stack ApiToken\n`,
    `${T} http-nio-8080-exec-1 INFO u 1x2x3 - 10.0.0.1 /x [c.k.Diag] {"context":"Kerberos"} authentication`,
    `${T}.123456 INFO fraction digits\n${T} [thread] INFO bracket`,
    // The level after the time or after a thread name, inside the 32 bytes after the time (the
    // module's one-load path) and at or past their end (its byte loop), with runs of spaces.
    `${T} [c.a.Foo] INFO a bracket first, no level ${'x'.repeat(40)}`,
    `${T}    spaced-thread     WARN  ${'x'.repeat(40)}`,
    ...[28, 29, 30, 31, 32].map((n) => `${T} ${'t'.repeat(n)} ERROR after a thread name of ${n} ${'x'.repeat(40)}`),
    `${T}${' '.repeat(33)}INFO after 33 spaces ${'x'.repeat(40)}`,
    `${T} thread${' '.repeat(26)}DEBUG after 26 spaces ${'x'.repeat(40)}`,
    `${T} INFOX not a level, then ${'x'.repeat(40)}\n${T} t WARNING ${'x'.repeat(40)}`,
    // The minute of the last time is remembered: the same minute again (valid and invalid seconds,
    // another separator, another zone), then the next minute, hour, day, and back.
    '2024-03-01 10:11:12,345 INFO a\n2024-03-01 10:11:59,999+0100 INFO b\n2024-03-01 10:11:60,000 INFO leap\n' +
      '2024-03-01 10:11:61,000 INFO bad second\n2024-03-01T10:11:13,000 INFO T\n2024-03-01 10:12:00,000 INFO next minute\n' +
      '2024-03-01 11:11:00,000 INFO next hour\n2024-03-02 10:11:00,000 INFO next day\n2024-03-01 10:11:14,000 INFO back\n' +
      '2024-03-01 24:11:00,000 INFO hour 24\n2024-03-01 10:60:00,000 INFO bad minute\n2024-03-01 10:11:15,000 INFO after',
  ];
  for (const c of cases) {
    const bytes = Buffer.from(c, 'utf8');
    for (const chunkSize of [1, 7, 16, 31, 200, 1 << 20]) {
      same(bytes, { chunkSize }, `${JSON.stringify(c.slice(0, 40))} chunk ${chunkSize}`);
      same(bytes, { chunkSize, continuesEntry: true, skipLastCandidate: true }, `continues ${JSON.stringify(c.slice(0, 40))} chunk ${chunkSize}`);
    }
  }
});

test('random text built from log pieces, keywords and odd bytes: the same as the JavaScript scanner', () => {
  const piece = fc.constantFrom(
    '2024-03-01 10:11:12,345 ', '2024-03-01T10:11:12.345Z ', '2099-99-99 99:99:99,999 ', 'INFO ', 'WARN ', 'ERROR ', 'thread-1 ', '[c.a.Foo] ',
    '\n', '\r\n', '\t', ' ', 'kantegasso', 'apitokenauth', 'ApiToken', 'd.r.a.', ' authentication', '"context"', 'kantega', 'apito', 'd.r.',
    '\u00e9\u4e2d', '\u0000', '\xff', 'x'.repeat(130),
  );
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 80 }), fc.integer({ min: 1, max: 300 }), fc.boolean(), (parts, chunkSize, cont) => {
      const bytes = Buffer.from(parts.join(''), 'utf8');
      same(bytes, { chunkSize, continuesEntry: cont, skipLastCandidate: cont, batchBytes: 64 }, 'random');
    }),
    { numRuns: 400, seed: 8 },
  );
});

/** Whether the WebAssembly scanner takes these keywords itself (rather than leaving them to the JavaScript one). */
function wasmTakes(keywords: readonly string[]): boolean {
  const bytes = Buffer.from('2024-03-01 10:11:12,345 INFO x\n');
  const read = (buf: Buffer, off: number, n: number, pos: number): number => bytes.copy(buf, off, pos, Math.min(pos + n, bytes.length));
  return scanRangeWasm(read, 0, bytes.length, { keywords }, 64) !== undefined;
}

// Keyword sets for the prefilter's edges: each set is searched by the WebAssembly scanner (checked),
// in text made of the keywords, their halves and neighbours, log lines and odd bytes, cut by
// chunks of every small size. The pair chooser then picks 1 to 8 pairs (one to three SIMD groups).
const keywordSets: [string, string[]][] = [
  ['one 2-byte keyword', ['ab']],
  ['a 3-byte keyword (a masked first word)', ['xyz']],
  ['keywords sharing pairs', ['nt', 'ntx', 'ant', 'entity', 'tent']],
  ['one keyword inside another', ['token', 'apitoken', 'ApiToken', 'oken']],
  ['5 keywords, no shared pair (two groups)', ['qz', 'jx', 'vk', 'wq', 'zj']],
  ['8 keywords, no shared pair (three groups)', ['qz1', 'jx2', 'vk3', 'wq4', 'zj5', 'xv6', 'kq7', 'fz8']],
  ['non-ASCII keyword bytes', ['\u00fc', '\u00e9\u4e2d', '\u03a9\u2248x', '\ufffd']],
  ['keywords of 16, 17 and 64 bytes', ['0123456789abcdef', '0123456789abcdefg', 'L'.repeat(30) + 'ong' + 'G'.repeat(31)]],
  ['a keyword with a line break and a repeated byte', ['a\nb', 'zz', 'zzz']],
  ['3 pairs told apart by their first byte\'s low nibble (one lookup for all)', ['ab', 'cd', 'ef']],
  ['3 pairs told apart by their second byte\'s low nibble', ['ab', 'qc', 'xd']],
  ['3 pairs told apart by their first byte\'s high nibble', ['Aa', 'Qq', '1!']],
  ['3 pairs told apart by their second byte\'s high nibble', ['aA', 'aQ', 'a1']],
  ['3 pairs no nibble tells apart (compared one by one)', ['ab', 'qb', 'ar']],
  ['fingerprints told apart by byte 1\'s low nibble', ['abc', 'ade', 'afg']],
  ['fingerprints told apart by byte 2\'s low nibble', ['abc', 'abd', 'abe']],
  ['fingerprints told apart by byte 0\'s high nibble', ['Aaa', 'Qqq', '1!!']],
  ['fingerprints told apart by byte 1\'s high nibble', ['aAa', 'aQq', 'a1!']],
  ['fingerprints told apart by byte 2\'s high nibble', ['aaA', 'aaQ', 'aa1']],
  ['a fingerprint shared by two keywords', ['kantegasso', 'xkantegassox', 'gassoline']],
  ['8 pairs told apart by nibble, NUL and high bytes among them', ['\u0000a', '\u00e9', 'bc', 'de', 'fg', 'hi', 'jk', 'lm']],
  ['40 keywords behind one pair (more entries than a 32-bit mask)', Array.from({ length: 40 }, (_, i) => `qj${String.fromCharCode(65 + i)}`)],
];

/** Runs `f` with the WebAssembly prefilter left to its cost model, forced to byte pairs, and forced to 3-byte fingerprints. */
function eachPrefilter(f: (mode: string) => void): void {
  const saved = process.env.AUTHLOG_SCAN_PREFILTER;
  try {
    for (const mode of ['', 'pairs', 'triples']) {
      if (mode) process.env.AUTHLOG_SCAN_PREFILTER = mode;
      else delete process.env.AUTHLOG_SCAN_PREFILTER;
      f(mode || 'chosen');
    }
  } finally {
    if (saved === undefined) delete process.env.AUTHLOG_SCAN_PREFILTER;
    else process.env.AUTHLOG_SCAN_PREFILTER = saved;
  }
}

test('keyword sets at the prefilter\'s edges: the WebAssembly scanner takes them and finds the same candidates (pairs and 3-byte fingerprints)', () => {
  eachPrefilter((mode) => {
  for (const [label0, keywords] of keywordSets) {
    const label = `${label0} (${mode})`;
    assert.ok(wasmTakes(keywords), `${label}: the WebAssembly scanner takes the keywords`);
    const parts = [
      ...keywords,
      ...keywords.flatMap((k) => [k.slice(0, Math.ceil(k.length / 2)), k.slice(Math.ceil(k.length / 2)), k.slice(1), k.slice(0, -1)]),
      '2024-03-01 10:11:12,345 INFO ', '2024-03-01 10:11:12,345 ERROR x ', 'ant ', 'nt', 'x', '\n', '\r\n', ' ', '\u0000', '\u00c3', 'y'.repeat(40),
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...parts), { maxLength: 60 }), fc.integer({ min: 1, max: 90 }), fc.boolean(), (ps, chunkSize, cont) => {
        const bytes = Buffer.from(ps.join(''), 'utf8');
        const o: ScanOptions = { keywords, chunkSize, continuesEntry: cont, skipLastCandidate: cont, batchBytes: 64 };
        // (the pairs are chosen on the input itself: the WebAssembly scanner must still take it)
        const read = (buf: Buffer, off: number, n: number, pos: number): number => bytes.copy(buf, off, pos, Math.min(pos + n, bytes.length));
        assert.ok(scanRangeWasm(read, 0, bytes.length, o, chunkSize) !== undefined, `${label}: the WebAssembly scanner runs`);
        same(bytes, o, label);
      }),
      { numRuns: 120, seed: 11 },
    );
  }
  });
});

test('a keyword at the very start and the very end of the range, and cut by every chunk boundary (pairs and 3-byte fingerprints)', () => {
  eachPrefilter(() => edgeKeywords());
});

function edgeKeywords(): void {
  const T = '2024-03-01 10:11:12,345 INFO ';
  const forty = Array.from({ length: 40 }, (_, i) => `qj${String.fromCharCode(65 + i)}`);
  for (const [keywords, k] of [[['kantegasso'], 'kantegasso'], [['ab'], 'ab'], [['0123456789abcdefg'], '0123456789abcdefg'], [prefilterKeywords, ' authentication'], [forty, forty[39]!]] as const) {
    for (const text of [k, `${k}\n${T}x`, `${T}x\n${k}`, `${T}${k}`, `${T}x ${k}\n${T}y ${k}`, `${'y'.repeat(31)}${k}${'y'.repeat(33)}`]) {
      const bytes = Buffer.from(text, 'utf8');
      for (let chunkSize = 1; chunkSize <= bytes.length + 1; chunkSize++) {
        const r = same(bytes, { keywords, chunkSize }, `${JSON.stringify(text)} chunk ${chunkSize}`);
        assert.ok(r.candidates.length >= 1, `${JSON.stringify(text)} chunk ${chunkSize}: a candidate`);
      }
    }
  }
}

test('keywords beyond the module\'s limits (more than 8 pairs, a keyword of 1 or 65 bytes) are left to the JavaScript scanner', () => {
  assert.equal(wasmTakes(['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8', 'q9']), false);
  assert.equal(wasmTakes(['a']), false);
  assert.equal(wasmTakes(['x'.repeat(65)]), false);
  assert.equal(wasmTakes(['x'.repeat(64)]), true);
});
