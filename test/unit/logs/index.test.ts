// The log indexer: entry boundaries, line ends, odd bytes, huge lines, gzip, chunk independence, workers.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { LogFileError, describeFsError, openLogSource } from '../../../server/src/logs/fileAccess';
import { COLD_IN_PROCESS_BELOW, FileIndex, IN_PROCESS_BELOW, WorkerPool, batchInProcessBelow, fileSummaryState, indexFiles, planRanges } from '../../../server/src/logs/indexer';
import { scanRange, entryTs, chooseAnchors } from '../../../server/src/logs/scan';
import { FLAG_CANDIDATE, type EntryBatch } from '../../../server/src/logs/store';
import { prefilterKeywords } from '../../../server/src/logs/rows';
import { LogSession } from '../../../server/src/logs/session';

const dir = mkdtempSync(join(tmpdir(), 'authlog-index-test-'));
const pool = new WorkerPool(2);
after(() => {
  pool.dispose();
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
function file(content: string | Buffer, name = `f${n++}.log`): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

const T = (s: number) => `2020-02-20 12:20:${String(s).padStart(2, '0')},418+0000`;
const JIRA = (s: number, msg: string, cat = 'c.a.jira.web.Foo') => `${T(s)} http-nio-8080-exec-15 INFO anonymous 740x3522x1 - 10.0.0.1 /rest/api/2/myself [${cat}] ${msg}`;

async function indexOf(path: string, opts: ConstructorParameters<typeof FileIndex>[1] = {}): Promise<FileIndex> {
  const src = await openLogSource(path);
  const idx = new FileIndex(src, { pool, ...opts });
  await idx.build();
  return idx;
}

function cols(idx: FileIndex) {
  const out: { offset: number; line: number; lines: number; ts: number; level: number; flags: number; kind: number; outcome: number }[] = [];
  for (let i = 0; i < idx.entries; i++) {
    const c = idx.cols;
    out.push({ offset: c.offset.get(i), line: c.line.get(i), lines: idx.entryLines(i), ts: c.ts.get(i), level: c.level.get(i), flags: c.flags.get(i), kind: c.kind.get(i), outcome: c.outcome.get(i) });
  }
  return out;
}

test('a line that does not start with a timestamp continues the entry: stack traces and wrapped JSON', async () => {
  const text = [
    JIRA(1, 'Something broke'),
    'java.lang.IllegalStateException: boom',
    '\tat com.atlassian.Foo.bar(Foo.java:12)',
    `${T(2)} https-jsse-nio-8443-exec-7 WARN anonymous 923x9201x1 bm4kxx 127.0.0.1 /jira/login.jsp [com.kantegasso.DiagnosticsLog] {"timestamp":"2019-11-11 15:23:07,230","context":"Kerberos",`,
    '"message":"Authentication has FAILED, RemoteIP: 127.0.0.1, Reason: Failed to validate client token"} }',
    JIRA(3, 'done'),
    '',
  ].join('\n');
  const idx = await indexOf(file(text));
  assert.equal(idx.entries, 3);
  assert.equal(idx.lines, 6);
  assert.deepEqual(cols(idx).map((c) => [c.line, c.lines]), [[1, 3], [4, 2], [6, 1]]);
  assert.equal(idx.cols.offset.get(1), text.indexOf(`${T(2)}`));
  // The diagnostics entry is a candidate and is classified from both of its lines.
  assert.ok(idx.cols.flags.get(1) & FLAG_CANDIDATE);
  const s = await LogSession.open([idx.source.path], { pool });
  await s.ready;
  const rows = (await s.page({}, 0, 10)).rows;
  assert.equal(rows[1]!.kind, 'diagnostics');
  assert.equal(rows[1]!.outcome, 'failed');
  assert.equal(rows[0]!.message, 'Something broke');
  const e = await s.entry(0);
  assert.match(e!.raw, /Foo\.java:12\)$/);
  s.close();
});

test('CRLF line ends and a missing final newline', async () => {
  const lines = [JIRA(1, 'one'), JIRA(2, 'two'), '\tcontinued', JIRA(3, 'three')];
  const idx = await indexOf(file(lines.join('\r\n')));
  assert.equal(idx.entries, 3);
  assert.equal(idx.lines, 4);
  assert.deepEqual(cols(idx).map((c) => c.lines), [1, 2, 1]);
  assert.equal(idx.partialLastLine, true);
  const s = await LogSession.open([idx.source.path], { pool });
  await s.ready;
  const rows = (await s.page({}, 0, 10)).rows;
  assert.deepEqual(rows.map((r) => r.message), ['one', 'two', 'three']);
  assert.equal((await s.entry(1))!.raw, `${JIRA(2, 'two')}\r\n\tcontinued`);
  s.close();
});

test('invalid UTF-8 shows replacement characters; NUL bytes are reported as binary but still indexed', async () => {
  const bad = Buffer.concat([Buffer.from(JIRA(1, 'caf')), Buffer.from([0xff, 0xfe]), Buffer.from('\n' + JIRA(2, 'ok') + '\n')]);
  const s = await LogSession.open([file(bad)], { pool });
  await s.ready;
  const rows = (await s.page({}, 0, 10)).rows;
  assert.equal(rows.length, 2);
  assert.equal(rows[0]!.message, 'caf\uFFFD\uFFFD');

  const nul = Buffer.concat([Buffer.from(JIRA(1, 'a')), Buffer.from([0, 0, 0]), Buffer.from('\n' + JIRA(2, 'b') + '\n')]);
  const messages: string[] = [];
  const s2 = await LogSession.open([file(nul)], { pool, onMessage: (m) => messages.push(m.text) });
  await s2.ready;
  assert.match(s2.files[0]!.problem ?? '', /looks binary \(3 NUL bytes/);
  assert.equal(messages.length, 1);
  assert.equal(s2.entries, 2);
  s.close();
  s2.close();
});

test('a 5 MB line: one entry, row message capped, detail cut with `truncated`', async () => {
  const huge = JIRA(1, 'x'.repeat(5 * 1024 * 1024));
  const p = file(`${huge}\n${JIRA(2, 'after')}\n`);
  const s = await LogSession.open([p], { pool, rawLimit: 100_000, inProcessBelow: 1 << 30 });
  await s.ready;
  assert.equal(s.entries, 2);
  const rows = (await s.page({}, 0, 10)).rows;
  assert.ok(rows[0]!.message.length <= 2000);
  assert.equal(rows[1]!.message, 'after');
  assert.equal(rows[1]!.line, 2);
  const e = await s.entry(0);
  assert.equal(e!.truncated, true);
  assert.ok(e!.raw.length <= 100_000);
  s.close();
});

test('an empty file: no entries, empty pages and summary', async () => {
  const s = await LogSession.open([file('')], { pool });
  await s.ready;
  assert.equal(s.entries, 0);
  assert.deepEqual((await s.page({}, 0, 50)).rows, []);
  const sum = await s.summary();
  assert.equal(sum.entries, 0);
  assert.equal(sum.lines, 0);
  s.close();
});

test('a gzipped log is read transparently; a gzip that is not a log is refused with a clear message', async () => {
  const text = [JIRA(1, 'one'), JIRA(2, 'two'), '\tat x', JIRA(3, 'three'), ''].join('\n');
  const plain = await LogSession.open([file(text)], { pool });
  const gz = await LogSession.open([file(gzipSync(Buffer.from(text)), 'atlassian-jira.log.1.gz')], { pool });
  await Promise.all([plain.ready, gz.ready]);
  assert.equal(gz.files[0]!.gzip, true);
  assert.equal(gz.files[0]!.format, 'jira');
  assert.deepEqual((await gz.page({}, 0, 10)).rows, (await plain.page({}, 0, 10)).rows);
  plain.close();
  gz.close();

  const junk = Buffer.alloc(200_000);
  for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919) % 251;
  await assert.rejects(openLogSource(file(gzipSync(junk), 'archive.gz')), (e: unknown) => e instanceof LogFileError && /is a gzip archive, but what it holds is not a text log/.test(e.message));
  const messages: string[] = [];
  const s = await LogSession.open([file(gzipSync(junk), 'other.gz')], { pool, onMessage: (m) => messages.push(m.text) });
  assert.match(s.files[0]!.problem!, /not a text log/);
  assert.equal(messages.length, 1);
  assert.equal(s.entries, 0);
  s.close();
});

test('permission denied gives a clear message', async (t) => {
  const p = file(JIRA(1, 'secret') + '\n');
  chmodSync(p, 0o000);
  try {
    let readable = true;
    try {
      readFileSync(p);
    } catch {
      readable = false;
    }
    if (readable) {
      t.skip('running as root: chmod 000 does not stop reads here');
      return;
    }
    await assert.rejects(openLogSource(p), /permission denied/);
  } finally {
    chmodSync(p, 0o644);
  }
});

test('file system errors become messages a user can act on', async () => {
  const err = (code: string) => Object.assign(new Error(`${code}: x`), { code });
  assert.match(describeFsError(err('EACCES'), '/var/log/a.log').message, /^\/var\/log\/a\.log: permission denied\. .*service user/);
  assert.match(describeFsError(err('EPERM'), 'a.log').message, /permission denied/);
  assert.match(describeFsError(err('ENOENT'), 'a.log').message, /no such file/);
  assert.match(describeFsError(err('EMFILE'), 'a.log').message, /too many open files/);
  await assert.rejects(openLogSource(dir), /is a folder, not a log file/);
  await assert.rejects(openLogSource(join(dir, 'nope.log')), /nope\.log: no such file/);
});

// ---------------------------------------------------------------------------------------------

function concat(batches: EntryBatch[]) {
  const out: number[][] = [];
  for (const b of batches) for (let i = 0; i < b.count; i++) out.push([b.offset[i]!, b.line[i]!, b.ts[i]!, b.level[i]!, b.flags[i]!, b.kind[i]!, b.outcome[i]!]);
  return out;
}

function scanAll(buf: Buffer, chunkSize: number) {
  const batches: EntryBatch[] = [];
  const seen: string[] = [];
  const r = scanRange((b, o, l, p) => buf.copy(b, o, p, Math.min(buf.length, p + l)), 0, buf.length, {
    chunkSize,
    keywords: prefilterKeywords,
    onCandidate: (text) => {
      seen.push(text);
      return [1, 2];
    },
    onBatch: (b) => batches.push(b),
  });
  return { entries: concat(batches), lines: r.lines, seen };
}

test('chunk boundaries do not change the index (tiny and big chunks give the same result)', () => {
  const line = fc.oneof(
    fc.constantFrom(JIRA(1, 'plain'), JIRA(2, 'x [de.resolution.apitokenauth.ApiTokenAuthenticationService] Found', 'd.resolution.apitokenauth.ApiTokenAuthenticationService'), `${T(3)} t admin 1x1x1 s 10.0.0.1 /login.jsp The user 'admin' has FAILED authentication.`),
    fc.constantFrom('\tat com.kantegasso.Foo(Foo.java:1)', 'Caused by: x', '', '{"timestamp":"x"}', '2020-02 not a timestamp', 'kantegasso'),
    fc.string({ maxLength: 40 }),
  );
  fc.assert(
    fc.property(fc.array(line, { maxLength: 30 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), fc.integer({ min: 1, max: 97 }), (ls, eol, finalEol, chunk) => {
      const buf = Buffer.from(ls.join(eol) + (finalEol && ls.length ? eol : ''));
      const big = scanAll(buf, 1 << 20);
      const small = scanAll(buf, chunk);
      assert.deepEqual(small.entries, big.entries);
      assert.equal(small.lines, big.lines);
      assert.deepEqual(small.seen, big.seen);
      // Every entry that contains a keyword was seen by the classifier.
      const text = buf.toString('utf8');
      const starts = big.entries.map((e) => e[0]!);
      starts.forEach((s, i) => {
        const body = buf.subarray(s, i + 1 < starts.length ? starts[i + 1] : buf.length).toString('utf8');
        const hit = prefilterKeywords.some((k) => body.includes(k));
        assert.equal(!!(big.entries[i]![4]! & FLAG_CANDIDATE), hit, `entry ${i} of ${JSON.stringify(text)}`);
      });
    }),
    { numRuns: 300 },
  );
});

test('prefilter anchors (short needles verified against their keywords) mark exactly the entries that contain a keyword', () => {
  // A sample where 'ken' and 'd.r' are frequent outside keywords: the anchors are short, shared needles.
  const sample = Buffer.from(`${JIRA(1, 'token broken d.r. ApiToken apitokenauth')}\n`.repeat(50));
  const anchors = chooseAnchors(prefilterKeywords, sample);
  assert.ok(anchors.some((a) => !prefilterKeywords.includes(a.needle)), JSON.stringify(anchors));
  const frag = fc.constantFrom('ken', 'Token', 'ApiToke', 'piToken', 'apitokenauth', 'd.r.a', 'd.r.a.', 'kantegass', 'kantegasso', '"context', '"context"', ' authentic', ' authentication', 'hent', '"con');
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.boolean(), fc.array(frag, { maxLength: 4 })), { maxLength: 20 }), fc.integer({ min: 1, max: 61 }), (spec, chunk) => {
      const text = spec.map(([start, fs], i) => (start ? `${T(i)} t INFO ${fs.join(' ')}` : `  ${fs.join('')}`)).join('\n');
      const buf = Buffer.from(text);
      const cands = (o: { keywords?: readonly string[]; anchors?: ReturnType<typeof chooseAnchors> }, chunkSize: number) => {
        const out: number[] = [];
        scanRange((b, off, l, p) => buf.copy(b, off, p, Math.min(buf.length, p + l)), 0, buf.length, {
          ...o,
          chunkSize,
          onBatch: (b) => {
            for (let i = 0; i < b.count; i++) out.push(b.flags[i]! & FLAG_CANDIDATE);
          },
        });
        return out;
      };
      const want = cands({ keywords: prefilterKeywords }, 1 << 20);
      assert.deepEqual(cands({ anchors }, chunk), want, JSON.stringify(text));
      assert.deepEqual(cands({ anchors: [{ needle: 'ken', verify: ['apitokenauth', 'ApiToken'] }, { needle: 'd.r', verify: ['d.r.a.'] }, { needle: 'gas', verify: ['kantegasso'] }, { needle: 'hen', verify: [' authentication'] }, { needle: '"con', verify: ['"context"'] }] }, chunk), want);
    }),
    { numRuns: 300 },
  );
});

test('timestamps: zones, no zone as UTC, and what is not an entry start', () => {
  const b = (s: string) => Buffer.from(s);
  assert.equal(entryTs(b('2020-02-20 12:20:13,418+0000 x'), 0, 31), Date.UTC(2020, 1, 20, 12, 20, 13, 418));
  assert.equal(entryTs(b('2020-02-20 12:20:13,418 x'), 0, 25), Date.UTC(2020, 1, 20, 12, 20, 13, 418));
  assert.equal(entryTs(b('2020-02-20T12:20:13.418-05:30 x'), 0, 31), Date.UTC(2020, 1, 20, 17, 50, 13, 418));
  assert.equal(entryTs(b('2020-02-20 12:20:13 no millis'), 0, 29), -1);
  assert.equal(entryTs(b('\tat 2020-02-20 12:20:13,418'), 0, 27), -1);
  assert.ok(Number.isNaN(entryTs(b('2020-13-40 12:20:13,418 bad date'), 0, 32)));
});

test('workers splitting a file give the same index as one thread', async () => {
  const lines: string[] = [];
  for (let i = 0; i < 40_000; i++) {
    lines.push(JIRA(i % 60, `message ${i}`));
    if (i % 97 === 0) lines.push('\tat com.example.Trace(Trace.java:1)');
    if (i % 50 === 0) lines.push(`${T(i % 60)} http-nio-8080-exec-13 INFO anonymous 741x3529x1 - 91.41.231.119 /rest/api/2/myself [d.resolution.apitokenauth.ApiTokenAuthenticationService] Found a matching token for authenticating user u${i}, created on 1582191421157. REST endpoint: /rest/api/2/myself`);
  }
  const p = file(lines.join('\n') + '\n');
  const one = await indexOf(p, { inProcessBelow: 1 << 30 });
  const two = await indexOf(p, { inProcessBelow: 0, ranges: 2, chunkSize: 64 * 1024 });
  assert.equal(two.entries, one.entries);
  assert.equal(two.lines, one.lines);
  assert.deepEqual(cols(two), cols(one));
  assert.equal(one.entries, 40_000 + 800);
  const r = await indexFiles([p], { pool, inProcessBelow: 0 });
  assert.equal(r.entries, one.entries);
  assert.equal(r.summary.byKind.apitoken, 800);
  assert.equal(r.summary.byOutcome.passed, 800);
  assert.equal(r.summary.byMethod['API token']!.passed, 800);
  assert.equal(r.summary.byLevel.INFO, 40_800);
  assert.equal(r.summary.lines, one.lines);
});

test('ranges handed out one at a time (big first, small last) give the same index and summary as one thread', async () => {
  const lines: string[] = [];
  for (let i = 0; i < 20_000; i++) {
    lines.push(JIRA(i % 60, `message ${i}`));
    if (i % 89 === 0) lines.push('\tat com.example.Trace(Trace.java:1)');
    if (i % 40 === 0) lines.push(`${T((i * 7) % 60)} http-nio-8080-exec-13 WARN anonymous 741x3529x1 - 91.41.231.119 /rest/api/2/myself [d.resolution.apitokenauth.ApiTokenAuthenticationService] Found a matching token for authenticating user u${i}, created on 1582191421157. REST endpoint: /rest/api/2/myself`);
  }
  const p = file(lines.join('\n') + '\n');
  const one = await indexOf(p, { inProcessBelow: 1 << 30 });
  const many = await indexOf(p, { inProcessBelow: 0, minRange: 64 * 1024, maxRange: 256 * 1024, chunkSize: 16 * 1024 });
  assert.equal(many.entries, 20_500);
  assert.equal(many.lines, one.lines);
  assert.deepEqual(cols(many), cols(one));
  assert.deepEqual(fileSummaryState(many), fileSummaryState(one));
  assert.equal(many.columnCounts().candidates, 500);
});

test('a one-shot index starts no worker thread for a file one thread indexes faster; once workers run, the limit is 4 MiB again', async () => {
  const lines: string[] = [];
  for (let i = 0; i < 5000; i++) lines.push(JIRA(i % 60, `m ${i}`));
  const p = file(lines.join('\n') + '\n');
  const fresh = new WorkerPool(2);
  try {
    assert.equal(batchInProcessBelow(fresh), COLD_IN_PROCESS_BELOW);
    const a = await indexFiles([p], { pool: fresh });
    assert.equal(a.entries, 5000);
    assert.equal(fresh.started, false);
    fresh.warm();
    assert.equal(fresh.started, true);
    assert.equal(batchInProcessBelow(fresh), IN_PROCESS_BELOW);
    const b = await indexFiles([p], { pool: fresh, inProcessBelow: 0 });
    assert.deepEqual(b.summary, a.summary);
  } finally {
    fresh.dispose();
  }
});

test('the range plan covers the file: cuts in order, sizes within bounds and never growing, no sliver at the end', () => {
  fc.assert(
    fc.property(fc.nat(1e9), fc.nat(4e9), fc.integer({ min: 1, max: 16 }), fc.integer({ min: 1, max: 1e8 }), fc.integer({ min: 1, max: 20 }), (start, size, workers, min, k) => {
      const max = Math.max(min * k, Math.ceil(size / 1000)); // at most ~1000 ranges to check
      const end = start + size;
      const cuts = planRanges(start, end, workers, min, max);
      const bounds = [start, ...cuts, end];
      const sizes = bounds.slice(1).map((b, i) => b - bounds[i]!);
      for (const s of sizes) assert.ok(s > 0 || size === 0);
      for (let i = 0; i + 1 < sizes.length; i++) {
        assert.ok(sizes[i]! >= min && sizes[i]! <= max, `range ${i} of ${sizes.length}: ${sizes[i]} not within [${min}, ${max}]`);
        if (i + 2 < sizes.length) assert.ok(sizes[i]! >= sizes[i + 1]!, `range ${i + 1} is bigger than range ${i}`);
      }
      if (cuts.length) assert.ok(sizes[sizes.length - 1]! >= min / 2);
    }),
  );
  // 1 GiB for 2 workers: a handful of jobs per worker, the last ones small.
  const gib = planRanges(0, 1 << 30, 2);
  assert.ok(gib.length >= 4 && gib.length <= 40, `${gib.length} ranges`);
  assert.ok((1 << 30) - gib[gib.length - 1]! <= 16 * 1024 * 1024);
});

test('the file summary kept while indexing equals a recount after the file grows and is rewritten (entries past one block)', async () => {
  // More than 65,536 entries (one block of the columns), levels and times in every order, a first
  // entry without a timestamp, an impossible date, candidates.
  const levels = ['INFO', 'WARN', 'ERROR', 'DEBUG', 'INFO', 'INFO', 'TRACE'];
  const line = (i: number): string => {
    if (i % 1000 === 999) return `${T(i % 60)} http-nio-8080-exec-1 INFO anonymous 1x1x1 - 10.0.0.1 /x [d.resolution.apitokenauth.ApiTokenAuthenticationService] Found a matching token for authenticating user u${i}, created on 1. REST endpoint: /x`;
    if (i % 5003 === 17) return `2020-13-40 12:20:00,000+0000 x ${levels[i % 7]} bad date ${i}`;
    // The earliest and the latest instant twice each, in two blocks, written in two zones: the
    // summary's first is the first of them, its last the last (told apart by the time as written).
    if (i === 100) return `2020-02-20 23:59:59,999+0000 t INFO a 1x1x1 - 10.0.0.1 /x [c.a.Foo] latest`;
    if (i === 69_000) return `2020-02-21 00:59:59,999+0100 t INFO a 1x1x1 - 10.0.0.1 /x [c.a.Foo] latest again`;
    if (i === 200) return `2020-02-20 01:00:00,000+0100 t INFO a 1x1x1 - 10.0.0.1 /x [c.a.Foo] earliest`;
    if (i === 69_001) return `2020-02-20 00:00:00,000+0000 t INFO a 1x1x1 - 10.0.0.1 /x [c.a.Foo] earliest again`;
    const zone = i % 2 ? '+0000' : '+0100';
    const hour = i % 2 ? 12 : 13;
    return `2020-02-20 ${hour}:${String((i * 13) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')},${String(i % 1000).padStart(3, '0')}${zone} t ${levels[i % 7]} a 1x1x1 - 10.0.0.1 /x [c.a.Foo] m${i}`;
  };
  const part = (from: number, to: number): string => {
    const out: string[] = [];
    for (let i = from; i < to; i++) out.push(line(i));
    return out.join('\n') + '\n';
  };
  const fresh = async (content: string) => indexOf(file(content), { inProcessBelow: 1 << 30 });
  const head = 'no timestamp on this first line\n';
  const p = file(head + part(0, 70_000));
  const idx = await indexOf(p, { inProcessBelow: 0, minRange: 512 * 1024, maxRange: 1 << 20 });
  const whole = fileSummaryState(idx);
  assert.deepEqual(whole, fileSummaryState(await fresh(head + part(0, 70_000))));
  assert.deepEqual([whole.first?.time, whole.last?.time], ['2020-02-20 01:00:00,000+0100', '2020-02-21 00:59:59,999+0100']);
  // Follow mode: the file grows (the last entry is scanned again and the rest appended).
  appendFileSync(p, part(70_000, 71_000));
  idx.source.size = Buffer.byteLength(head + part(0, 71_000));
  await idx.extend(idx.source.size);
  assert.deepEqual(fileSummaryState(idx), fileSummaryState(await fresh(head + part(0, 71_000))));
  // Rewritten from entry 66,000 on (in the second block): counts of the dropped entries go.
  const keep = 66_001; // the head line is entry 0
  const at = Buffer.byteLength(head + part(0, 66_000));
  assert.equal(idx.cols.offset.get(keep), at);
  const rewritten = head + part(0, 66_000) + part(80_000, 80_500);
  writeFileSync(p, rewritten);
  idx.truncateEntries(keep, at);
  idx.source.size = Buffer.byteLength(rewritten);
  await idx.extend(idx.source.size);
  const want = await fresh(rewritten);
  assert.equal(idx.entries, want.entries);
  assert.deepEqual(fileSummaryState(idx), fileSummaryState(want));
  assert.equal(idx.columnCounts().candidates, want.columnCounts().candidates);
});

test('when worker threads cannot start, indexing and filters run in the main thread with the same results', async () => {
  const lines: string[] = [];
  for (let i = 0; i < 3000; i++) lines.push(i % 10 ? JIRA(i % 60, `m ${i}`) : JIRA(i % 60, `Found a matching token for authenticating user u${i}, created on 1. REST endpoint: /x`, 'd.resolution.apitokenauth.ApiTokenAuthenticationService'));
  const p = file(lines.join('\n') + '\n');
  const broken = new WorkerPool(2, join(dir, 'no-such-worker.js'));
  try {
    const a = await indexOf(p, { inProcessBelow: 1 << 30 });
    const src = await openLogSource(p);
    const b = new FileIndex(src, { pool: broken, inProcessBelow: 0, ranges: 2 });
    await b.build();
    assert.deepEqual(cols(b), cols(a));
    assert.equal(broken.inProcess, true);
    const s = await LogSession.open([p], { pool: broken, inProcessBelow: 0 });
    const page = await s.page({ text: 'u2990' }, 0, 10, 10_000);
    assert.deepEqual(page.rows.map((r) => r.subject), ['u2990']);
    s.close();
  } finally {
    broken.dispose();
  }
});

test('compact columns give back every value: 32-bit deltas, NaN, and blocks that must widen', async () => {
  const { DeltaColumn } = await import('../../../server/src/logs/store');
  const vals: number[] = [];
  for (let i = 0; i < 200_000; i++) vals.push(i % 7777 === 0 ? NaN : i === 150_000 ? 1e13 : 1.6e12 + i * 37);
  for (const step of [1, 13, 65_536, 200_000]) {
    const c = new DeltaColumn();
    for (let k = 0; k < vals.length; k += step) c.append(Float64Array.from(vals.slice(k, k + step)));
    assert.equal(c.length, vals.length);
    for (let i = 0; i < vals.length; i++) if (!Object.is(c.get(i), vals[i])) assert.fail(`step ${step}: value ${i} is ${c.get(i)}, not ${vals[i]}`);
    c.truncate(70_000);
    c.push(5);
    assert.equal(c.get(70_000), 5);
    assert.equal(c.length, 70_001);
  }
});
