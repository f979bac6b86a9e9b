// LogSession: files merged by time, pages, filters (columns and workers), summary, export.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkerPool } from '../../../server/src/logs/indexer';
import { LogSession, fileLabels } from '../../../server/src/logs/session';

const dir = mkdtempSync(join(tmpdir(), 'authlog-session-test-'));
const pool = new WorkerPool(2);
after(() => {
  pool.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const T = (s: number) => `2020-02-20 12:${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')},000+0000`;
const plain = (s: number, msg: string) => `${T(s)} http-nio-8080-exec-1 INFO bob 1x1x1 - 10.0.0.9 /secure/Dashboard.jspa [c.a.jira.web.Foo] ${msg}`;
const invalid = (s: number, user: string, ip: string) =>
  `${T(s)} http-nio-8080-exec-13 INFO anonymous 741x3529x1 - ${ip} /rest/api/2/myself [d.resolution.apitokenauth.ApiTokenAuthenticationService] User ${user} tried to authenticate with an invalid token or a regular password. Passing the request further to the default authenticator. REST endpoint: /rest/api/2/myself`;
const found = (s: number, user: string) =>
  `${T(s)} http-nio-8080-exec-15 INFO anonymous 740x3522x1 - 91.41.231.119,100.100.0.6 /rest/api/2/myself [d.resolution.apitokenauth.ApiTokenAuthenticationService] Found a matching token for authenticating user ${user}, created on 1582191421157. REST endpoint: /rest/api/2/myself`;
const kerberos = (s: number) =>
  `${T(s)} https-jsse-nio-8443-exec-7 WARN anonymous 923x9201x1 bm4kxx 127.0.0.1 /jira/login.jsp [com.kantegasso.DiagnosticsLog] {"timestamp":"2019-11-11 15:23:07,230","context":"Kerberos","message":"Authentication has FAILED, KerberosTicket: HTTP/x@EXAMPLE.LOCAL, EncType: 18, RequestUri: /jira/login.jsp, RemoteIP: 127.0.0.1, Reason: Failed to validate client token"} }`;

function write(name: string, lines: string[]): string {
  const p = join(dir, name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, lines.join('\n') + '\n');
  return p;
}

test('several files merge by time; equal times keep file order; ids are positions in that order', async () => {
  const a = write('node1/atlassian-jira.log', [plain(1, 'a1'), plain(3, 'a3'), '\tat trace', plain(5, 'a5'), plain(5, 'a5b')]);
  const b = write('node2/atlassian-jira.log', [plain(0, 'b0'), plain(3, 'b3'), plain(5, 'b5'), plain(9, 'b9')]);
  const s = await LogSession.open([a, b], { pool });
  await s.ready;
  assert.deepEqual(s.files.map((f) => f.label), ['node1/atlassian-jira.log', 'node2/atlassian-jira.log']);
  const page = await s.page({}, 0, 100);
  assert.deepEqual(page.rows.map((r) => r.message), ['b0', 'a1', 'a3', 'b3', 'a5', 'a5b', 'b5', 'b9']);
  assert.deepEqual(page.rows.map((r) => r.id), [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(page.rows.map((r) => [r.file, r.line, r.lines]), [[1, 1, 1], [0, 1, 1], [0, 2, 2], [1, 2, 1], [0, 4, 1], [0, 5, 1], [1, 3, 1], [1, 4, 1]]);
  assert.equal(page.total, 8);
  assert.equal(page.indexing, false);
  // Paging: any window of the merged order.
  assert.deepEqual((await s.page({}, 3, 2)).rows.map((r) => r.message), ['b3', 'a5']);
  assert.deepEqual((await s.page({}, 7, 10)).rows.map((r) => r.message), ['b9']);
  assert.deepEqual((await s.page({}, 50, 10)).rows, []);
  assert.equal((await s.entry(2))!.raw, `${plain(3, 'a3')}\n\tat trace`);
  assert.equal(await s.entry(99), undefined);
  // Only the second file.
  assert.deepEqual((await s.page({ files: [1] }, 0, 10)).rows.map((r) => r.message), ['b0', 'b3', 'b5', 'b9']);
  s.close();
});

test('a rotated log and its .1 read as one list in time order', async () => {
  const cur = write('rot/atlassian-jira.log', [plain(20, 'new1'), plain(21, 'new2')]);
  const old = write('rot/atlassian-jira.log.1', [plain(10, 'old1'), plain(11, 'old2')]);
  const s = await LogSession.open([cur, old], { pool });
  await s.ready;
  assert.deepEqual((await s.page({}, 0, 10)).rows.map((r) => r.message), ['old1', 'old2', 'new1', 'new2']);
  assert.deepEqual(fileLabels([cur, old]), ['atlassian-jira.log', 'atlassian-jira.log.1']);
  s.close();
});

function authLog(): string[] {
  const lines: string[] = [];
  for (let i = 0; i < 300; i++) {
    lines.push(plain(i, `plain ${i}`));
    if (i % 10 === 0) lines.push(invalid(i, `user${i % 3}`, i % 2 ? '10.1.1.1' : '10.2.2.2'));
    if (i % 15 === 0) lines.push(found(i, 'admin'));
    if (i % 50 === 0) lines.push(kerberos(i));
  }
  return lines;
}

test('filters: kinds/outcomes from the index, text/regex/user/ip in the workers; totals and pages', async () => {
  const p = write('auth/atlassian-jira.log', authLog());
  const s = await LogSession.open([p], { pool });
  await s.ready;
  assert.equal(s.entries, 300 + 30 + 20 + 6);
  const api = await s.page({ kinds: ['apitoken'] }, 0, 1000);
  assert.equal(api.total, 50);
  assert.ok(api.rows.every((r) => r.kind === 'apitoken'));
  const passed = await s.page({ outcomes: ['passed'] }, 0, 1000);
  assert.equal(passed.total, 20);
  assert.ok(passed.rows.every((r) => r.subject === 'admin'));
  const failures = await s.page({ failuresOnly: true }, 0, 1000);
  assert.equal(failures.total, 6);
  assert.ok(failures.rows.every((r) => r.kind === 'diagnostics' && r.method === 'Kerberos'));
  const warn = await s.page({ levels: ['WARN'] }, 0, 1000);
  assert.equal(warn.total, 6);

  const text = await s.page({ text: 'PLAIN 29' }, 0, 100, 10_000);
  assert.deepEqual(text.rows.map((r) => r.message), ['plain 29', ...Array.from({ length: 10 }, (_, k) => `plain ${290 + k}`)]);
  assert.equal(text.total, 11);
  const re = await s.page({ text: '^\\S+ \\S+ \\S+ WARN', regex: true }, 0, 100, 10_000);
  assert.equal(re.total, 6);
  const user = await s.page({ user: 'USER1' }, 0, 100, 10_000);
  assert.equal(user.total, 10);
  assert.ok(user.rows.every((r) => r.subject === 'user1'));
  const ipAndKind = await s.page({ ip: '10.2.2.2', kinds: ['apitoken'] }, 0, 100, 10_000);
  assert.equal(ipAndKind.total, 30);
  assert.ok(ipAndKind.rows.every((r) => r.ip === '10.2.2.2' && r.kind === 'apitoken'));
  assert.equal((await s.page({ ip: '10.1.1.1' }, 0, 100, 10_000)).total, 0);
  // Paging inside a filtered list.
  const second = await s.page({ ip: '10.2.2.2', kinds: ['apitoken'] }, 10, 3, 10_000);
  assert.deepEqual(second.rows.map((r) => r.id), ipAndKind.rows.slice(10, 13).map((r) => r.id));
  await assert.rejects(s.page({ text: '(', regex: true }, 0, 10), /Invalid regular expression/);
  s.close();
});

test('summary of the whole session and of a filter; export as CSV and JSON lines', async () => {
  const p = write('sum/atlassian-jira.log', authLog());
  const s = await LogSession.open([p], { pool });
  await s.ready;
  const all = await s.summary();
  assert.equal(all.entries, 356);
  assert.equal(all.lines, 356);
  assert.equal(all.bytes, readFileSync(p).length);
  assert.deepEqual(all.byKind, { apitoken: 50, diagnostics: 6, other: 300 });
  assert.equal(all.byOutcome.passed, 20);
  assert.equal(all.byOutcome.failed, 6);
  assert.deepEqual(all.byLevel, { INFO: 350, WARN: 6 });
  assert.deepEqual(all.byMethod['Kerberos'], { passed: 0, failed: 6 });
  assert.equal(all.firstTime, T(0));
  assert.equal(all.lastTime, T(299));
  const f = await s.summary({ text: 'admin' });
  assert.equal(f.entries, 20);
  assert.deepEqual(f.byKind, { apitoken: 20 });
  const k = await s.summary({ kinds: ['diagnostics'] });
  assert.equal(k.entries, 6);
  assert.deepEqual(k.failureReasons, [['Failed to validate client token', 6]]);

  const csv = join(dir, 'out.csv');
  const r1 = await s.export({ kinds: ['apitoken'] }, 'csv', csv);
  assert.equal(r1.written, 50);
  const csvLines = readFileSync(csv, 'utf8').trimEnd().split('\r\n');
  assert.equal(csvLines.length, 51);
  assert.match(csvLines[0]!, /^file,line,/);
  assert.match(csvLines[1]!, /^atlassian-jira\.log,/);
  const jl = join(dir, 'out.jsonl');
  const r2 = await s.export({ text: 'plain 1' }, 'jsonl', jl);
  const objs = readFileSync(jl, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { message: string });
  assert.equal(r2.written, objs.length);
  assert.ok(objs.every((o) => o.message.startsWith('plain 1')));
  await assert.rejects(s.export({}, 'csv', join(dir, 'no/such/dir/out.csv')), /Cannot write/);
  s.close();
});

test('the first rows are served while a big file is still being indexed', async () => {
  const lines: string[] = [];
  for (let i = 0; i < 120_000; i++) lines.push(plain(i % 3600, `row ${i} ${'x'.repeat(60)}`));
  const p = write('big/atlassian-jira.log', lines);
  const t0 = performance.now();
  const s = await LogSession.open([p], { pool, inProcessBelow: 0 });
  const first = await s.page({}, 0, 50);
  const ms = performance.now() - t0;
  assert.equal(first.rows.length, 50);
  assert.equal(first.rows[0]!.message.slice(0, 5), 'row 0');
  assert.ok(ms < 300, `first rows after ${ms.toFixed(0)} ms`);
  await s.ready;
  assert.equal(s.entries, 120_000);
  s.close();
});

test('text filters are case-insensitive for ASCII and non-ASCII needles, and find words across the whole entry', async () => {
  const p = write('text/atlassian-jira.log', [
    plain(1, 'Login by Zoë'),
    plain(2, 'login by zoe'),
    plain(3, 'Something broke'),
    '\tat com.Example.LoginFilter(LoginFilter.java:1)',
    plain(4, 'nothing'),
  ]);
  const s = await LogSession.open([p], { pool });
  await s.ready;
  assert.deepEqual((await s.page({ text: 'ZOË' }, 0, 10, 10_000)).rows.map((r) => r.message), ['Login by Zoë']);
  assert.deepEqual((await s.page({ text: 'LOGIN' }, 0, 10, 10_000)).rows.map((r) => r.message), ['Login by Zoë', 'login by zoe', 'Something broke']);
  assert.deepEqual((await s.page({ text: 'loginfilter.java' }, 0, 10, 10_000)).rows.map((r) => r.id), [2]);
  s.close();
});

test('ids stay stable while several big files are still being indexed', async () => {
  const a: string[] = [];
  const b: string[] = [];
  // Times up to 33 hours: 2020-02-20 00:00:00 plus s seconds.
  const at = (s: number, msg: string) => plain(0, msg).replace(T(0), new Date(Date.UTC(2020, 1, 20) + s * 1000).toISOString().replace('T', ' ').replace('.', ',').replace('Z', '+0000'));
  for (let i = 0; i < 60_000; i++) {
    a.push(at(i * 2, `a${i} ${'x'.repeat(40)}`));
    b.push(at(i * 2 + 1, `b${i} ${'y'.repeat(40)}`));
  }
  const pa = write('stable/node1/atlassian-jira.log', a);
  const pb = write('stable/node2/atlassian-jira.log', b);
  const s = await LogSession.open([pa, pb], { pool, inProcessBelow: 0 });
  const early = await s.page({}, 0, 100);
  assert.ok(early.rows.length > 0);
  const seen = early.rows.map((r) => [r.id, r.message] as const);
  await s.ready;
  assert.equal(s.entries, 120_000);
  const late = await s.page({}, 0, 100);
  for (const [id, message] of seen) assert.equal(late.rows[id]!.message, message);
  assert.deepEqual(late.rows.slice(0, 4).map((r) => r.message.split(' ')[0]), ['a0', 'b0', 'a1', 'b1']);
  const last = await s.page({}, 119_998, 2);
  assert.deepEqual(last.rows.map((r) => r.message.split(' ')[0]), ['a59999', 'b59999']);
  s.close();
});

test('a text filter over one file finds exactly the entries holding the text, with their lines and bytes (entries of several lines, the text on any of them)', async () => {
  let seed = 42;
  const rnd = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const entries: string[][] = [];
  for (let i = 0; i < 30_000; i++) {
    const s = Math.floor(i / 10);
    const mark = rnd() < 0.05;
    const head = i % 7 === 0 ? found(s, mark && rnd() < 0.5 ? 'marker.user' : 'alice') : plain(s, mark && rnd() < 0.3 ? `e${i} Marker` : `e${i}`);
    const trace: string[] = [];
    for (let k = Math.floor(rnd() * 4); k > 0; k--) trace.push(`\tat com.example.C${k}(C.java:${k})`);
    if (mark && trace.length && rnd() < 0.7) trace[trace.length - 1] += ' MARKER';
    entries.push([head, ...trace]);
  }
  const p = write('filter-runs/atlassian-jira.log', entries.flat());
  const expected = entries.flatMap((e, i) => (e.join('\n').toLowerCase().includes('marker') ? [i] : []));
  assert.ok(expected.length > 500 && expected.length < 3000, `matches: ${expected.length}`);
  const s = await LogSession.open([p], { pool, inProcessBelow: 0 });
  await s.ready;
  assert.equal(s.entries, entries.length);
  const page = await s.page({ text: 'marker' }, 0, 10_000, 60_000);
  assert.deepEqual(page.rows.map((r) => r.id), expected);
  const sum = await s.summary({ text: 'marker' });
  assert.equal(sum.entries, expected.length);
  assert.equal(sum.lines, expected.reduce((n, i) => n + entries[i]!.length, 0), 'lines of the matching entries');
  assert.equal(sum.bytes, expected.reduce((n, i) => n + Buffer.byteLength(entries[i]!.join('\n') + '\n'), 0), 'bytes of the matching entries');
  s.close();
});
