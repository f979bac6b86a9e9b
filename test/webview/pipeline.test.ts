// The whole viewer pipeline without VS Code: the webview in Chromium (same CSP as the panel) <->
// the host relay (client/src/viewer/relay.ts) <-> JSON-RPC <-> the log handlers and sessions of the
// server (server/src/lsp/logHandlers.ts) over a pair of in-process streams, on the generated
// fixture logs whose truth is known (test/fixtures/logs/*.expected.json).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { createConnection, type Connection } from 'vscode-languageserver/node';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { registerLogHandlers } from '../../server/src/lsp/logHandlers';
import { LogNotifications, LogRequests, type ChangedParams, type IndexProgress, type MessageParams, type WebviewToHost } from '../../shared/protocol';
import { SessionRelay } from '../../client/src/viewer/relay';
import { ROOT, startHarness, openBridge, type Harness } from './harness';

// Page callbacks run in Chromium; the root tsconfig has no DOM library.
interface PageNode {
  textContent: string | null;
}
declare const document: { querySelector(sel: string): PageNode | null; querySelectorAll(sel: string): Iterable<PageNode> };

const LOGS = join(ROOT, 'test', 'fixtures', 'logs', 'jira');
const truth = JSON.parse(readFileSync(join(LOGS, 'atlassian-jira-security.expected.json'), 'utf8')) as { entries: number; byOutcome: Record<string, number> };

let h: Harness;
let server: Connection;
let client: ProtocolConnection;
let handlers: { dispose(): void };

before(async () => {
  h = await startHarness();
  const up = new PassThrough();
  const down = new PassThrough();
  server = createConnection(new StreamMessageReader(up), new StreamMessageWriter(down));
  handlers = registerLogHandlers(server);
  server.listen();
  client = createProtocolConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
  client.listen();
});
after(async () => {
  handlers?.dispose();
  client?.dispose();
  server?.dispose();
  await h?.close();
});

/** Opens `files` in a viewer whose host is the real relay talking to the real handlers. */
async function openViewer(files: string[]) {
  const calls: string[] = [];
  let relay: SessionRelay | undefined;
  const pending: WebviewToHost[] = [];
  const o = await openBridge(h, (m) => {
    if (relay) void relay.onWebview(m);
    else pending.push(m);
  });
  relay = new SessionRelay(files, {
    request: async <R>(method: string, params: unknown) => {
      calls.push(method);
      return client.sendRequest(method, params) as Promise<R>;
    },
    post: (m) => o.deliver(m),
    saveTarget: async () => undefined,
    copy: async () => undefined,
    notify: () => undefined,
    openFiles: async () => undefined,
    opened: () => undefined,
    closed: () => undefined,
  });
  for (const m of pending.splice(0)) void relay.onWebview(m);
  const r = relay;
  const subs = [
    client.onNotification(LogNotifications.progress, (p: IndexProgress) => r.onProgress(p)),
    client.onNotification(LogNotifications.changed, (p: ChangedParams) => r.onChanged(p)),
    client.onNotification(LogNotifications.message, (p: MessageParams) => r.onServerMessage(p)),
  ];
  return {
    ...o,
    relay: r,
    calls,
    async close() {
      for (const s of subs) s.dispose();
      r.dispose();
      await o.page.close();
    },
  };
}

describe('viewer pipeline: Chromium webview, host relay, log server handlers', () => {
  test('a Jira security log: every entry counted, audit rows coloured, "Failures only" leaves the failures', async () => {
    const v = await openViewer([join(LOGS, 'atlassian-jira-security.log')]);
    try {
      const { page } = v;
      await page.waitForFunction((n) => document.querySelector('#counts')?.textContent === `${n} entries`, truth.entries.toLocaleString('en-US'), { timeout: 30_000 });
      await page.waitForSelector('.rows .row.outcome-passed');
      await page.waitForSelector('.rows .row.outcome-failed');
      await page.screenshot({ path: join(ROOT, 'test-results', 'pipeline-jira-security.png') });
      const failed = (truth.byOutcome['failed'] ?? 0) + (truth.byOutcome['denied'] ?? 0) + (truth.byOutcome['limited'] ?? 0);
      await page.click('button:text("Failures only")');
      await page.waitForFunction((t) => document.querySelector('#counts')?.textContent === t, `${failed} of ${truth.entries} entries`, { timeout: 30_000 });
      await page.waitForFunction(() => {
        const rows = [...document.querySelectorAll('.rows .row')];
        return rows.length > 0 && rows.every((r) => /outcome-(failed|denied|limited)/.test((r as unknown as { className: string }).className));
      });
      // The hostile user name of the fixture is shown as text.
      await page.fill('#f-user', '<img');
      await page.waitForFunction(() => [...document.querySelectorAll('.rows .c-user')].some((c) => c.textContent === '<img src=x onerror=alert(1)>'), undefined, { timeout: 30_000 });
      assert.equal(await page.$$eval('img', (e) => e.length), 0);
      // The summary comes from the server.
      await page.click('#tab-summary');
      await page.waitForSelector('table.methods');
      assert.deepEqual(v.problems, []);
    } finally {
      await v.close();
    }
    assert.ok(v.calls.includes(LogRequests.close), 'the session was closed with the panel');
  });

  test('a Jira main log: a Kantega diagnostics entry opens as pretty, coloured JSON with its details', async () => {
    const v = await openViewer([join(LOGS, 'atlassian-jira.log')]);
    try {
      const { page } = v;
      await page.waitForSelector('.rows .row.kind-diagnostics', { timeout: 30_000 });
      await page.click('.rows .row.kind-diagnostics .c-message');
      await page.waitForSelector('.detail pre.json .json-key', { timeout: 30_000 });
      const keys = await page.$$eval('.detail pre.json .json-key', (e) => e.map((x) => x.textContent));
      assert.ok(keys.includes('"context"') && keys.includes('"message"'), keys.join(' '));
      const details = await page.$$eval('.detail table.details tbody th', (e) => e.map((x) => x.textContent));
      assert.ok(details.length > 0, 'the Key: Value details are split out');
      await page.screenshot({ path: join(ROOT, 'test-results', 'pipeline-diagnostics.png') });
      assert.deepEqual(v.problems, []);
    } finally {
      await v.close();
    }
  });

  test('two nodes merged: a Node / file column with both files', async () => {
    const a = join(ROOT, 'samples', 'workspace', 'logs', 'node1', 'atlassian-jira-security.log');
    const b = join(ROOT, 'samples', 'workspace', 'logs', 'node2', 'atlassian-jira-security.log');
    const v = await openViewer([a, b]);
    try {
      const { page } = v;
      await page.waitForSelector('.rows .row:not(.loading) .c-file', { timeout: 30_000 });
      const labels = new Set(await page.$$eval('.rows .row .c-file', (e) => e.map((x) => x.textContent)));
      assert.equal(labels.size, 2, [...labels].join(', '));
      assert.deepEqual(v.problems, []);
    } finally {
      await v.close();
    }
  });
});
