// Bad files through the viewer's server side: the REAL log handlers (registerLogHandlers) over an
// in-process protocol connection pair, as the extension talks to them. Random bytes, gzip (a log,
// non-log data, a truncated archive, one cut in the middle), invalid UTF-8, NUL bytes, a 100 MB
// single line, an empty file, a missing file, a folder, an unreadable file. Each case: open answers
// (never a protocol error), the file's problem is one clear line naming the file, the summary and
// the pages hold every entry (an independent count made here), every entry's detail loads.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { mkdtempSync, writeFileSync, readFileSync, mkdirSync, rmSync, openSync, writeSync, closeSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, basename } from 'node:path';
import { gzipSync, gunzipSync, constants as zc } from 'node:zlib';
import { createConnection, type Connection } from 'vscode-languageserver/node';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { registerLogHandlers } from '../../server/src/lsp/logHandlers';
import { MESSAGE_LIMIT } from '../../server/src/logs/fields';
import { LogNotifications, LogRequests, type LogEntryDetail, type LogSummary, type MessageParams, type OpenResult, type PageResult } from '../../shared/protocol';

let dir: string;
let server: Connection;
let client: MessageConnection;
let handlers: { dispose(): void };
const messages: MessageParams[] = [];

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'authlog-badfiles-viewer-'));
  const up = new PassThrough();
  const down = new PassThrough();
  server = createConnection(new StreamMessageReader(up), new StreamMessageWriter(down));
  handlers = registerLogHandlers(server);
  server.listen();
  client = createMessageConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
  client.onNotification(LogNotifications.message, (m: MessageParams) => void messages.push(m));
  client.listen();
});
after(() => {
  handlers?.dispose();
  client?.dispose();
  server?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const TS = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/;
/** The independent count: a line starting with a timestamp opens an entry; text before the first one is one more entry. */
function countEntries(buf: Buffer): number {
  const text = buf.toString('latin1');
  let n = 0;
  let leading = false;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (TS.test(text.slice(start, Math.min(end, start + 40)))) n++;
    else if (n === 0 && end > start) leading = true;
    start = end + 1;
  }
  return n + (leading ? 1 : 0);
}

const LINE = (i: number): string =>
  `2024-03-04 07:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')},052+0000 http-nio-8080-exec-22 INFO anonymous   192.168.5.23 /rest/api/2/search [d.resolution.apitokenauth.ApiTokenAuthenticationService] Found a matching token for authenticating user u${i}, created on 1709000000000. REST endpoint: /rest/api/2/search\n`;
function logText(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += LINE(i);
  return s;
}
function randomBytes(n: number, seed = 0x2545f491): Buffer {
  const b = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}
function put(name: string, data: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
}

interface Opened {
  result: OpenResult;
  summary: LogSummary;
  rows: PageResult;
  close(): Promise<void>;
}
async function open(file: string): Promise<Opened> {
  const result = await client.sendRequest<OpenResult>(LogRequests.open, { files: [file] });
  const sessionId = result.sessionId;
  // The summary waits for indexing.
  const summary = await client.sendRequest<LogSummary>(LogRequests.summary, { sessionId });
  const rows = await client.sendRequest<PageResult>(LogRequests.page, { sessionId, filter: {}, start: 0, count: 100_000 });
  return { result, summary, rows, close: async () => void (await client.sendRequest(LogRequests.close, { sessionId })) };
}

function oneLineNaming(text: string | undefined, file: string, what: string, pattern?: RegExp): void {
  assert.ok(text, `${what}: a problem is reported`);
  assert.ok(!text.includes('\n'), `${what}: one line: ${text}`);
  assert.doesNotMatch(text, /\bat .+:\d+:\d+|Error: /, `${what}: no stack trace or raw error: ${text}`);
  assert.ok(text.includes(basename(file)), `${what}: names the file: ${text}`);
  if (pattern) assert.match(text, pattern, what);
}

interface Case {
  name: string;
  file: () => string;
  /** The file's problem (one line naming the file); undefined: no problem. null: either. */
  problem?: RegExp | null;
  countFrom?: () => Buffer;
}

const CASES: Case[] = [
  { name: 'random bytes', file: () => put('random.log', randomBytes(64 * 1024)), problem: /binary/ },
  { name: 'a gzip that holds a log', file: () => put('atlassian-jira.log.2.gz', gzipSync(logText(400))), countFrom: () => Buffer.from(logText(400)) },
  { name: 'a gzip that holds non-log data', file: () => put('data.log.gz', gzipSync(randomBytes(50_000, 7))), problem: /gzip/, countFrom: () => Buffer.alloc(0) },
  { name: 'a truncated gzip (header only)', file: () => put('cut.log.gz', gzipSync(logText(100)).subarray(0, 12)), problem: /gzip|damaged|cut/, countFrom: () => Buffer.alloc(0) },
  {
    name: 'a gzip cut in the middle',
    file: () => {
      const gz = gzipSync(logText(10_000));
      return put('half.log.gz', gz.subarray(0, gz.length >> 1));
    },
    problem: /damaged|cut/,
    countFrom: () => gunzipSync(readFileSync(join(dir, 'half.log.gz')), { finishFlush: zc.Z_SYNC_FLUSH }),
  },
  {
    name: 'invalid UTF-8',
    file: () => put('bad-utf8.log', Buffer.concat([Buffer.from(LINE(1)), Buffer.from('2024-03-04 07:59:02,052+0000 exec-\xff INFO u\xfe\xc3   1.2.3.4 /x\xc3\x28 [c.\xe2\x82] bad \xc3\x28 \xed\xa0\x80 utf8\n', 'latin1'), Buffer.from(LINE(3))])),
    problem: null,
  },
  { name: 'NUL bytes inside entries', file: () => put('nul.log', logText(200) + '2024-03-04 08:00:00,000+0000 t INFO u   1.2.3.4 /x [c.d] nul \u0000 here\n' + logText(200)), problem: null },
  { name: 'an empty file', file: () => put('empty.log', '') },
  { name: 'a missing file', file: () => join(dir, 'missing.log'), problem: /no such file/, countFrom: () => Buffer.alloc(0) },
  {
    name: 'a folder',
    file: () => {
      mkdirSync(join(dir, 'folder.log'), { recursive: true });
      return join(dir, 'folder.log');
    },
    problem: /folder|directory/,
    countFrom: () => Buffer.alloc(0),
  },
];

describe('bad files through the log server handlers', () => {
  for (const c of CASES) {
    test(c.name, async () => {
      const file = c.file();
      const expected = countEntries(c.countFrom ? c.countFrom() : readFileSync(file));
      const o = await open(file);
      try {
        assert.equal(o.result.files.length, 1);
        const info = o.result.files[0]!;
        if (c.problem === undefined) assert.equal(info.problem, undefined, `no problem expected: ${info.problem}`);
        else if (c.problem === null) {
          if (info.problem) oneLineNaming(info.problem, file, c.name);
        } else oneLineNaming(info.problem, file, c.name, c.problem);
        assert.equal(o.summary.entries, expected, 'summary entries (independent count)');
        assert.equal(o.rows.entries, expected, 'page: entries');
        assert.equal(o.rows.rows.length, expected, 'page: rows');
        assert.deepEqual(o.rows.rows.map((r) => r.id), [...Array(expected).keys()], 'row ids 0..n-1');
        // Every entry's detail loads (first, last and a few between for the large cases).
        const ids = expected <= 50 ? [...Array(expected).keys()] : [0, 1, expected >> 1, expected - 2, expected - 1];
        for (const id of ids) {
          const d = await client.sendRequest<LogEntryDetail>(LogRequests.entry, { sessionId: o.result.sessionId, id });
          assert.ok(d && typeof d.raw === 'string', `entry ${id} loads`);
          assert.equal(d.id, id);
        }
      } finally {
        await o.close();
      }
    });
  }

  test('a 100 MB single line: one entry, the row message cut, the detail cut and marked, the server heap bounded', async () => {
    const file = join(dir, 'huge.log');
    const fd = openSync(file, 'w');
    try {
      writeSync(fd, LINE(0));
      writeSync(fd, '2024-03-04 07:59:01,052+0000 http-nio-8080-exec-22 INFO anonymous   192.168.5.23 /rest/api/2/search [d.resolution.apitokenauth.ApiTokenAuthenticationService] ');
      const chunk = Buffer.alloc(10 * 1024 * 1024, '<svg onload=alert(1)>');
      for (let i = 0; i < 10; i++) writeSync(fd, chunk);
      writeSync(fd, '\n');
      writeSync(fd, LINE(2));
    } finally {
      closeSync(fd);
    }
    const before = process.memoryUsage().rss;
    try {
      const o = await open(file);
      try {
        assert.equal(o.summary.entries, 3);
        assert.equal(o.rows.rows.length, 3);
        const big = o.rows.rows[1]!;
        assert.ok(big.message.length <= MESSAGE_LIMIT, `row message cut: ${big.message.length}`);
        const d = await client.sendRequest<LogEntryDetail>(LogRequests.entry, { sessionId: o.result.sessionId, id: 1 });
        assert.equal(d.truncated, true, 'the detail says it was cut');
        assert.ok(d.raw.length < 100 * 1024 * 1024, `detail raw cut: ${d.raw.length}`);
        assert.ok(d.raw.startsWith('2024-03-04 07:59:01,052+0000 http-nio-8080-exec-22'));
        const grown = (process.memoryUsage().rss - before) / 1024 / 1024;
        assert.ok(grown < 400, `RSS grew by ${Math.round(grown)} MB`);
        console.log(`# 100 MB line through the handlers: RSS grew by ${Math.round(grown)} MB, detail raw ${d.raw.length} chars`);
      } finally {
        await o.close();
      }
    } finally {
      rmSync(file, { force: true });
    }
  });

  test('a file without read permission', async (t) => {
    const file = put('secret.log', logText(3));
    chmodSync(file, 0o000);
    if (process.getuid?.() === 0) {
      t.skip('running as root: chmod 000 does not stop root from reading');
      console.log('# unreadable-file case skipped: running as root (chmod does not block reads)');
      return;
    }
    const o = await open(file);
    try {
      oneLineNaming(o.result.files[0]!.problem, file, 'unreadable', /permission/i);
      assert.equal(o.summary.entries, 0);
    } finally {
      await o.close();
    }
  });

  test('two good files and every bad one in one session: the good entries all there, one problem per bad file', async () => {
    const good1 = put('node1-atlassian-jira.log', logText(300));
    const good2 = put('node2-atlassian-jira.log', logText(200));
    const bad = [join(dir, 'random.log'), join(dir, 'data.log.gz'), join(dir, 'cut.log.gz'), join(dir, 'missing.log'), join(dir, 'folder.log'), join(dir, 'empty.log')];
    for (const b of bad.slice(0, 3)) readFileSync(b); // made by the cases above
    const result = await client.sendRequest<OpenResult>(LogRequests.open, { files: [good1, ...bad, good2] });
    const sessionId = result.sessionId;
    try {
      const summary = await client.sendRequest<LogSummary>(LogRequests.summary, { sessionId });
      assert.equal(summary.entries, 300 + 200 + countEntries(readFileSync(join(dir, 'random.log'))));
      assert.equal(summary.byOutcome.passed, 500);
      const problems = result.files.filter((f) => f.problem).map((f) => f.path);
      assert.deepEqual(problems.sort(), bad.filter((b) => !b.endsWith('empty.log')).sort());
    } finally {
      await client.sendRequest(LogRequests.close, { sessionId });
    }
  });
});
