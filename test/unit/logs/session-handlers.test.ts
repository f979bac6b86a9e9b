// The log viewer's LSP requests through a real protocol connection pair in one process.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'vscode-languageserver/node';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { registerLogHandlers } from '../../../server/src/lsp/logHandlers';
import { WorkerPool } from '../../../server/src/logs/indexer';
import {
  LogNotifications, LogRequests,
  type ChangedParams, type IndexProgress, type LogEntryDetail, type LogSummary, type MessageParams, type OpenResult, type PageResult,
} from '../../../shared/protocol';

const dir = mkdtempSync(join(tmpdir(), 'authlog-handlers-test-'));
const pool = new WorkerPool(2);

const up = new PassThrough();
const down = new PassThrough();
const server = createConnection(new StreamMessageReader(up), new StreamMessageWriter(down));
const handlers = registerLogHandlers(server, { session: { pool } });
server.listen();
const client = createMessageConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
const progress: IndexProgress[] = [];
const changed: ChangedParams[] = [];
const messages: MessageParams[] = [];
client.onNotification(LogNotifications.progress, (p: IndexProgress) => void progress.push(p));
client.onNotification(LogNotifications.changed, (c: ChangedParams) => void changed.push(c));
client.onNotification(LogNotifications.message, (m: MessageParams) => void messages.push(m));
client.listen();

after(() => {
  handlers.dispose();
  client.dispose();
  server.dispose();
  pool.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const line = (s: number, msg: string) => `2020-02-20 12:20:${String(s).padStart(2, '0')},418+0000 http-nio-8080-exec-15 INFO anonymous 740x3522x1 - 10.0.0.1 /rest/api/2/myself [d.resolution.apitokenauth.ApiTokenAuthenticationService] ${msg}`;

test('open, page, entry, summary, export, follow and close over the protocol', async () => {
  const p = join(dir, 'atlassian-jira.log');
  writeFileSync(p, [line(1, 'Found a matching token for authenticating user admin, created on 1582191421157. REST endpoint: /rest/api/2/myself'), line(2, 'something else'), ''].join('\n'));
  const opened = await client.sendRequest<OpenResult>(LogRequests.open, { files: [p, join(dir, 'missing.log')] });
  assert.equal(opened.files.length, 2);
  assert.equal(opened.files[0]!.format, 'jira');
  assert.match(opened.files[1]!.problem!, /missing\.log: no such file/);
  const sessionId = opened.sessionId;

  // The summary waits for indexing; by then the server has said so.
  const summary = await client.sendRequest<LogSummary>(LogRequests.summary, { sessionId });
  assert.equal(summary.entries, 2);
  assert.equal(summary.byOutcome.passed, 1);
  const page = await client.sendRequest<PageResult>(LogRequests.page, { sessionId, filter: { outcomes: ['passed'] }, start: 0, count: 10 });
  assert.equal(page.total, 1);
  assert.equal(page.rows[0]!.subject, 'admin');
  const entry = await client.sendRequest<LogEntryDetail>(LogRequests.entry, { sessionId, id: 1 });
  assert.equal(entry.message, 'something else');
  assert.equal(await client.sendRequest(LogRequests.entry, { sessionId, id: 42 }), null);

  const target = join(dir, 'out.jsonl');
  const exported = await client.sendRequest<{ written: number }>(LogRequests.export, { sessionId, filter: {}, format: 'jsonl', target });
  assert.equal(exported.written, 2);
  assert.equal(readFileSync(target, 'utf8').trimEnd().split('\n').length, 2);

  assert.ok(progress.some((x) => x.sessionId === sessionId && x.done && x.entries === 2));
  assert.ok(changed.some((c) => c.sessionId === sessionId && c.reason === 'indexed'));
  assert.ok(messages.some((m) => m.severity === 'error' && /missing\.log/.test(m.text)));

  assert.deepEqual(await client.sendRequest(LogRequests.follow, { sessionId, on: true }), { following: true });
  assert.deepEqual(await client.sendRequest(LogRequests.follow, { sessionId, on: false }), { following: false });
  await assert.rejects(client.sendRequest(LogRequests.page, { sessionId, filter: { text: '[', regex: true }, start: 0, count: 1 }), /Invalid regular expression/);
  await client.sendRequest(LogRequests.close, { sessionId });
  await assert.rejects(client.sendRequest(LogRequests.page, { sessionId, filter: {}, start: 0, count: 1 }), /Unknown log session/);
  await assert.rejects(client.sendRequest(LogRequests.open, { files: [] }), /list of log file paths/);
});
