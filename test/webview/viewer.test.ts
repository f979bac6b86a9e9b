// The log viewer's webview in a real Chromium, under the panel's own Content-Security-Policy, with
// the extension host stubbed by the typed messages of shared/protocol.ts (stubHost.ts).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { LogFilter, LogRow, WebviewToHost } from '../../shared/protocol';
import { ROOT, startHarness, openScenario, sent, violations, type Harness, type Opened } from './harness';
import { basicScenario, basicRows, hostileScenario, PAYLOADS, oneFile } from './fixtures';

// Callbacks passed to page.evaluate/waitForFunction run in Chromium. The root tsconfig (Node) has no
// DOM library, so the few page globals they touch are declared here.
interface PageNode {
  id: string;
  textContent: string | null;
  rel: string;
  href: string;
  getAttribute(name: string): string | null;
  appendChild(n: PageNode): PageNode;
  getBoundingClientRect(): { bottom: number; height: number };
  style: { setProperty(name: string, value: string): void };
}
declare const document: {
  querySelector(sel: string): PageNode | null;
  querySelectorAll(sel: string): Iterable<PageNode>;
  activeElement: PageNode | null;
  body: PageNode;
  head: PageNode;
  createElement(tag: string): PageNode;
  documentElement: PageNode;
};
declare function getComputedStyle(e: PageNode): { color: string };

const RESULTS = join(ROOT, 'test-results');
type PageReq = Extract<WebviewToHost, { type: 'page' }>;

let h: Harness;
before(async () => {
  h = await startHarness();
  mkdirSync(RESULTS, { recursive: true });
});
after(async () => {
  await h?.close();
});

/** Opens a scenario, runs the body, then checks that nothing went wrong on the page. */
async function withPage(name: string, sc: Parameters<typeof openScenario>[2], body: (o: Opened) => Promise<void>, size?: { width: number; height: number }): Promise<void> {
  const o = await openScenario(h, name, sc, size);
  try {
    await body(o);
    assert.deepEqual(await violations(o.page), [], 'no CSP violations');
    assert.deepEqual(o.problems, [], 'no console errors or page errors');
  } finally {
    await o.page.close();
  }
}

async function pageRequests(page: Page): Promise<PageReq[]> {
  return (await sent<WebviewToHost>(page)).filter((m): m is PageReq => m.type === 'page');
}

/** Waits until a page request with this filter was sent. */
async function waitForPageRequest(page: Page, want: LogFilter): Promise<PageReq> {
  // (No named helpers inside page callbacks: the test transpiler would wrap them in `__name`.)
  const handle = await page.waitForFunction((w) => {
    const all = (globalThis as unknown as { __sent: { type: string; filter?: object }[] }).__sent;
    const key = JSON.stringify(Object.entries(w).sort());
    return all.find((m) => m.type === 'page' && JSON.stringify(Object.entries(m.filter ?? {}).sort()) === key) ?? false;
  }, want);
  return (await handle.jsonValue()) as PageReq;
}

async function renderedRows(page: Page): Promise<{ index: number; cls: string; cells: string[] }[]> {
  return page.$$eval('.rows .row', (els) =>
    els.map((e) => ({
      index: Number(e.getAttribute('aria-rowindex')) - 2,
      cls: e.className,
      cells: [...e.querySelectorAll('[role=gridcell]')].map((c) => c.textContent ?? ''),
    })),
  );
}

async function waitForRows(page: Page, pred: string): Promise<void> {
  await page.waitForFunction((p) => [...document.querySelectorAll('.rows .row:not(.loading) .c-message')].some((e) => (e.textContent ?? '').includes(p)), pred);
}

async function counts(page: Page): Promise<string> {
  return (await page.textContent('#counts')) ?? '';
}

describe('log viewer webview (Chromium)', () => {
  test('renders the rows, colours audit rows by outcome, announces the counts', async () => {
    await withPage('basic', basicScenario(), async ({ page }) => {
      await waitForRows(page, 'mallory');
      const rows = await renderedRows(page);
      assert.equal(rows.length, basicRows.length);
      assert.deepEqual(rows[1]!.cells, ['2023-06-09 05:11:11,681+0000', '', 'admin', '10.1.2.3', 'audit · failed', "The user 'admin' has FAILED authentication.  Failure count equals 1"]);
      assert.match(rows[0]!.cls, /\boutcome-passed\b/);
      assert.match(rows[1]!.cls, /\boutcome-failed\b/);
      assert.match(rows[5]!.cls, /\boutcome-denied\b/);
      assert.match(rows[6]!.cls, /\boutcome-limited\b/);
      assert.doesNotMatch(rows[7]!.cls, /outcome-/);
      assert.match(rows[9]!.cls, /\blevel-error\b/);
      // Theme colours: a failed row's kind cell uses --vscode-errorForeground, a passed one the passed colour.
      const colours = await page.$$eval('.rows .row .c-kind', (els) => els.map((e) => getComputedStyle(e).color));
      assert.equal(colours[1], 'rgb(244, 135, 113)');
      assert.equal(colours[0], 'rgb(115, 201, 145)');
      assert.equal(await counts(page), '12 entries');
      assert.equal(await page.getAttribute('[role=grid]', 'aria-rowcount'), '13');
      assert.equal(await page.getAttribute('.head [role=row]', 'aria-rowindex'), '1');
      assert.deepEqual(await page.$$eval('.head [role=columnheader]', (e) => e.map((x) => x.textContent)), ['Time', 'Level', 'User', 'IP', 'Kind', 'Message']);
      // Every control is labelled.
      const unlabelled = await page.$$eval('button, input', (els) =>
        els.filter((e) => !e.getAttribute('aria-label') && !(e.textContent ?? '').trim() && !(e.id && document.querySelector(`label[for="${e.id}"]`))).map((e) => e.outerHTML),
      );
      assert.deepEqual(unlabelled, []);
      await page.screenshot({ path: join(RESULTS, 'viewer-table.png') });
    });
  });

  test('a diagnostics row opens pretty, coloured JSON, the details table and the raw text', async () => {
    await withPage('diag', basicScenario(), async ({ page }) => {
      await waitForRows(page, 'mallory');
      await page.click('#row-3 .c-message');
      await page.waitForSelector('.detail pre.json');
      const req = (await sent<WebviewToHost>(page)).filter((m) => m.type === 'entry');
      assert.deepEqual(req.map((m) => m.type === 'entry' && m.id), [3]);
      const keys = await page.$$eval('.detail pre.json .json-key', (e) => e.map((x) => x.textContent));
      assert.deepEqual(keys, ['"timestamp"', '"context"', '"message"', '"count"', '"enabled"', '"extra"']);
      assert.deepEqual(await page.$$eval('.detail pre.json .json-number', (e) => e.map((x) => x.textContent)), ['3']);
      assert.deepEqual(await page.$$eval('.detail pre.json .json-boolean', (e) => e.map((x) => x.textContent)), ['true']);
      assert.deepEqual(await page.$$eval('.detail pre.json .json-null', (e) => e.map((x) => x.textContent)), ['null']);
      // Pretty-printed: one key per line, indented.
      const text = (await page.textContent('.detail pre.json')) ?? '';
      assert.match(text, /^\{\n {2}"timestamp": "2019-11-11 15:23:07,230",\n {2}"context": "Kerberos",/);
      const [keyColour, stringColour] = await page.evaluate(() => [
        getComputedStyle(document.querySelector('.json-key')!).color,
        getComputedStyle(document.querySelector('.json-string')!).color,
      ]);
      assert.notEqual(keyColour, stringColour, 'keys and strings are coloured differently');
      const details = await page.$$eval('.detail table.details tbody tr', (trs) => trs.map((tr) => [tr.querySelector('th')?.textContent, tr.querySelector('td')?.textContent]));
      assert.deepEqual(details[1], ['EncType', '18']);
      assert.deepEqual(details[4], ['Reason', 'Failed to validate client token']);
      assert.match((await page.textContent('.detail pre.raw')) ?? '', /\[com\.kantegasso\.DiagnosticsLog\] \{"timestamp"/);
      assert.match((await page.textContent('.detail .note')) ?? '', /Text after the JSON: +\}/);
      await page.screenshot({ path: join(RESULTS, 'viewer-diagnostics-entry.png') });

      // Copy entry sends the raw text to the host.
      await page.click('.detail button:text("Copy entry")');
      await page.waitForFunction(() => (globalThis as unknown as { __sent: { type: string }[] }).__sent.some((m) => m.type === 'copy'));
      const copy = (await sent<WebviewToHost>(page)).find((m) => m.type === 'copy');
      assert.ok(copy && copy.type === 'copy' && copy.text.startsWith('2019-11-11 15:23:07,231 https-jsse-nio-8443-exec-7 WARN'));

      // Invalid JSON: a marker and the raw text.
      await page.click('#row-8 .c-message');
      await page.waitForSelector('.detail .invalid-json');
      assert.match((await page.textContent('.detail .invalid-json')) ?? '', /Invalid JSON: Unexpected end of JSON input/);
      assert.equal(await page.$$eval('.detail pre.json', (e) => e.length), 0);
      assert.ok(await page.$('.detail pre.raw.raw-invalid'));

      // API token fields.
      await page.click('#row-4 .c-message');
      await page.waitForSelector('.detail table.token');
      const token = await page.$$eval('.detail table.token tbody tr', (trs) => trs.map((tr) => [tr.querySelector('th')?.textContent, tr.querySelector('td')?.textContent]));
      assert.deepEqual(token, [['Token', 'API Token from 2021-01-06'], ['Scope', 'Read Only'], ['REST endpoint', '/rest/api/2/myself'], ['Created', '1582191421157']]);
    });
  });

  test('filters send the right page requests and update the counts; an invalid regex is reported inline', async () => {
    await withPage('filters', basicScenario(), async ({ page }) => {
      await waitForRows(page, 'mallory');
      await page.click('button[aria-label="Outcome: Failed"]');
      await waitForPageRequest(page, { outcomes: ['failed'] });
      await page.waitForFunction(() => document.querySelector('#counts')?.textContent === '4 of 12 entries');
      await page.waitForFunction(() => [...document.querySelectorAll('.rows .row:not(.loading)')].length === 4);
      let rows = await renderedRows(page);
      assert.equal(rows.length, 4);
      assert.ok(rows.every((r) => /outcome-failed/.test(r.cls)));
      assert.equal(await page.getAttribute('button[aria-label="Outcome: Failed"]', 'aria-pressed'), 'true');

      await page.click('button[aria-label="Kind: Diagnostics"]');
      await waitForPageRequest(page, { kinds: ['diagnostics'], outcomes: ['failed'] });
      await page.waitForFunction(() => document.querySelector('#counts')?.textContent === '2 of 12 entries');

      await page.click('button:text("Clear")');
      await page.click('button:text("Failures only")');
      await waitForPageRequest(page, { failuresOnly: true });
      await page.waitForFunction(() => document.querySelector('#counts')?.textContent === '6 of 12 entries');

      await page.click('button:text("Clear")');
      await page.fill('#f-user', 'mallory');
      await waitForPageRequest(page, { user: 'mallory' });
      await page.waitForFunction(() => document.querySelector('#counts')?.textContent === '1 of 12 entries');
      await page.fill('#f-user', '');
      await page.fill('#f-ip', '91.41.');
      await waitForPageRequest(page, { ip: '91.41.' });
      await page.waitForFunction(() => document.querySelector('#counts')?.textContent === '3 of 12 entries');
      await page.fill('#f-ip', '');

      await page.fill('#f-text', 'token');
      await waitForPageRequest(page, { text: 'token' });
      await page.waitForFunction(() => document.querySelector('#counts')?.textContent === '3 of 12 entries');

      // Regex: an invalid one is explained and never sent.
      await page.check('#f-regex');
      await page.fill('#f-text', 'FAILED (');
      await page.waitForFunction(() => /Invalid regular expression/.test(document.querySelector('#f-regex-error')?.textContent ?? ''));
      assert.equal(await page.getAttribute('#f-text', 'aria-invalid'), 'true');
      assert.equal((await pageRequests(page)).filter((r) => r.filter.text === 'FAILED (').length, 0);
      await page.fill('#f-text', 'FAILED \\(?authentication');
      await waitForPageRequest(page, { text: 'FAILED \\(?authentication', regex: true });
      await page.waitForFunction(() => document.querySelector('#counts')?.textContent === '2 of 12 entries');
      assert.equal(await page.textContent('#f-regex-error'), '');
      await page.waitForFunction(() => [...document.querySelectorAll('.rows .row:not(.loading)')].length === 2 && ![...document.querySelectorAll('.rows .row.loading')].length);
      rows = await renderedRows(page);
      assert.deepEqual(rows.map((r) => r.cells[2]), ['admin', 'mallory']);

      // The server's `/pattern/flags` form: flags are checked too.
      await page.fill('#f-text', '/has failed auth/q');
      await page.waitForFunction(() => /Invalid regular expression.*flags/i.test(document.querySelector('#f-regex-error')?.textContent ?? ''));
      await page.fill('#f-text', '/has failed auth/i');
      await waitForPageRequest(page, { text: '/has failed auth/i', regex: true });
      await page.waitForFunction(() => document.querySelector('#counts')?.textContent === '2 of 12 entries' && document.querySelector('#f-regex-error')?.textContent === '');

      // No match: an empty table says why.
      await page.fill('#f-text', 'nothing-matches-this');
      await page.waitForFunction(() => document.querySelector('.empty')?.textContent === 'No entries match the filter.');
      assert.equal(await counts(page), '0 of 12 entries');

      // Exports carry the current filter.
      await page.click('button:text("Export CSV")');
      await page.click('button:text("Export JSON lines")');
      const exports = (await sent<WebviewToHost>(page)).filter((m) => m.type === 'export');
      assert.deepEqual(exports, [
        { type: 'export', filter: { text: 'nothing-matches-this', regex: true }, format: 'csv' },
        { type: 'export', filter: { text: 'nothing-matches-this', regex: true }, format: 'jsonl' },
      ]);
    });
  });

  test('2,000,000 rows: pages are requested as you scroll, and the end shows the last rows', async () => {
    await withPage('huge', { files: oneFile, synthetic: 2_000_000 }, async ({ page }) => {
      await waitForRows(page, 'Entry number 0');
      assert.equal(await counts(page), '2,000,000 entries');
      assert.equal(await page.getAttribute('[role=grid]', 'aria-rowcount'), '2000001');
      const first = await pageRequests(page);
      assert.ok(first.every((r) => r.count === 200 && r.start < 1000), 'the first requests are for the top pages only');
      const scrollHeight = await page.$eval('.viewport', (e) => e.scrollHeight);
      assert.ok(scrollHeight > 1_000_000 && scrollHeight < 2 ** 25, `scaled scroll height ${scrollHeight}`);

      // The wheel moves a few rows, not thousands, even though the scrollbar is scaled.
      await page.hover('.rows');
      await page.mouse.wheel(0, 22 * 30);
      await page.waitForFunction(() => document.querySelector('.rows .row')?.getAttribute('aria-rowindex') === String(30 + 2));

      // Dragging the scrollbar to the middle.
      await page.$eval('.viewport', (e) => {
        e.scrollTop = (e.scrollHeight - e.clientHeight) / 2;
      });
      await page.waitForFunction(() => /Entry number 99\d{4}/.test(document.querySelector('.rows .row:not(.loading) .c-message')?.textContent ?? ''));
      const mid = (await pageRequests(page)).filter((r) => r.start > 900_000 && r.start < 1_100_000);
      assert.ok(mid.length >= 1 && mid.length <= 3, `middle pages requested: ${mid.map((r) => r.start)}`);
      assert.ok(mid.every((r) => r.start % 200 === 0));

      // To the end.
      await page.$eval('.viewport', (e) => {
        e.scrollTop = e.scrollHeight;
      });
      await waitForRows(page, 'Entry number 1999999');
      const rows = await renderedRows(page);
      const last = rows[rows.length - 1]!;
      assert.equal(last.index, 1_999_999);
      assert.equal(last.cells[5], 'Entry number 1999999');
      const lastBox = await page.$eval('#row-1999999', (e) => e.getBoundingClientRect().bottom);
      const viewBottom = await page.$eval('.viewport', (e) => e.getBoundingClientRect().bottom);
      assert.ok(Math.abs(lastBox - viewBottom) <= 1, `the last row sits at the bottom (${lastBox} vs ${viewBottom})`);
      const total = (await pageRequests(page)).length;
      assert.ok(total < 20, `${total} page requests in all`);
      await page.screenshot({ path: join(RESULTS, 'viewer-2m-end.png') });
    }, { width: 1100, height: 500 });
  });

  test('rows follow the editor font size (editor.fontSize, zoom), down to the last of 2,000,000', async () => {
    await withPage('font', { files: oneFile, synthetic: 2_000_000 }, async ({ page }) => {
      await waitForRows(page, 'Entry number 0');
      await page.evaluate(() => document.documentElement.style.setProperty('--vscode-editor-font-size', '20px'));
      await page.waitForFunction(() => document.querySelector('#row-0')?.getBoundingClientRect().height === 32);
      await page.focus('[role=grid]');
      await page.keyboard.press('End');
      await waitForRows(page, 'Entry number 1999999');
      const [rowBottom, viewBottom, rowHeight] = await page.evaluate(() => {
        const r = document.querySelector('#row-1999999')!.getBoundingClientRect();
        const v = document.querySelector('.viewport')!.getBoundingClientRect();
        return [r.bottom, v.bottom, r.height];
      });
      assert.equal(rowHeight, 32);
      assert.ok(Math.abs(rowBottom - viewBottom) <= 1, `last row at the bottom (${rowBottom} vs ${viewBottom})`);
    }, { width: 1000, height: 400 });
  });

  test('keyboard: arrows, PageDown, Home, End, Enter and / ; the selection is announced with ARIA', async () => {
    const sc = { files: oneFile, synthetic: 5_000 };
    await withPage('keys', sc, async ({ page }) => {
      await waitForRows(page, 'Entry number 0');
      await page.focus('[role=grid]');
      await page.keyboard.press('ArrowDown');
      await page.waitForSelector('#row-0[aria-selected=true]');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.waitForSelector('#row-2[aria-selected=true]');
      assert.equal(await page.getAttribute('[role=grid]', 'aria-activedescendant'), 'row-2');
      assert.equal(await page.$$eval('.rows [aria-selected=true]', (e) => e.length), 1);
      await page.keyboard.press('ArrowUp');
      await page.waitForSelector('#row-1[aria-selected=true]');
      await page.keyboard.press('PageDown');
      const afterPgDn = await page.waitForFunction(() => {
        const id = document.querySelector('[role=grid]')?.getAttribute('aria-activedescendant') ?? '';
        return Number(id.replace('row-', '')) > 10 ? id : false;
      });
      const pgIndex = Number(String(await afterPgDn.jsonValue()).replace('row-', ''));
      await page.keyboard.press('End');
      await page.waitForSelector('#row-4999[aria-selected=true]');
      await waitForRows(page, 'Entry number 4999');
      await page.keyboard.press('Home');
      await page.waitForSelector('#row-0[aria-selected=true]');
      await page.keyboard.press('PageDown');
      await page.waitForSelector(`#row-${pgIndex - 1}[aria-selected=true]`);
      await page.keyboard.press('Enter');
      await page.waitForSelector('.detail:not([hidden]) pre.raw');
      const entries = (await sent<WebviewToHost>(page)).filter((m) => m.type === 'entry');
      assert.deepEqual(entries.map((m) => m.type === 'entry' && m.id), [pgIndex - 1]);
      assert.equal(await page.textContent('.detail pre.raw'), `Entry number ${pgIndex - 1}`);
      // With the details open, the arrows update them.
      await page.focus('[role=grid]');
      await page.keyboard.press('ArrowDown');
      await page.waitForFunction((t) => document.querySelector('.detail pre.raw')?.textContent === t, `Entry number ${pgIndex}`);
      await page.keyboard.press('Escape');
      await page.waitForSelector('.detail', { state: 'hidden' });
      await page.keyboard.press('/');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-text');
      await page.keyboard.type('Entry');
      assert.equal(await page.inputValue('#f-text'), 'Entry', '"/" is not typed into the box');
    });
  });

  test('changed notifications re-request pages; follow keeps the end in view', async () => {
    await withPage('follow', basicScenario(), async ({ page }) => {
      await waitForRows(page, 'mallory');
      await page.click('button:text("Follow")');
      assert.equal(await page.getAttribute('#follow', 'aria-pressed'), 'true');
      assert.ok((await sent<WebviewToHost>(page)).some((m) => m.type === 'follow' && m.on));
      const before = (await pageRequests(page)).length;
      const more: LogRow[] = [];
      for (let i = 12; i < 212; i++) more.push({ id: i, file: 0, line: i + 1, lines: 1, kind: 'audit', outcome: i % 2 ? 'failed' : 'passed', message: `appended ${i}` });
      await page.evaluate((rows) => (globalThis as unknown as { __stub: { append(r: unknown[]): void } }).__stub.append(rows), more);
      await waitForRows(page, 'appended 211');
      assert.ok((await pageRequests(page)).length > before, 'pages were requested again');
      assert.equal(await counts(page), '212 entries');
      const rows = await renderedRows(page);
      assert.equal(rows[rows.length - 1]!.index, 211);

      // Progress: a bar while indexing, gone when done.
      await page.evaluate(() =>
        (globalThis as unknown as { __stub: { emit(m: unknown): void } }).__stub.emit({ type: 'progress', progress: { sessionId: 'stub-session', bytesDone: 50, bytesTotal: 100, entries: 212, done: false } }),
      );
      await page.waitForSelector('[role=progressbar][aria-valuenow="50"]:not([hidden])');
      await page.evaluate(() =>
        (globalThis as unknown as { __stub: { emit(m: unknown): void } }).__stub.emit({ type: 'progress', progress: { sessionId: 'stub-session', bytesDone: 100, bytesTotal: 100, entries: 212, done: true } }),
      );
      await page.waitForSelector('[role=progressbar]', { state: 'hidden' });
    });
  });

  test('the summary tab shows methods, reasons, users, IPs and an SVG timeline', async () => {
    await withPage('summary', basicScenario(), async ({ page }) => {
      await waitForRows(page, 'mallory');
      await page.click('#tab-summary');
      await page.waitForSelector('.summary-body');
      assert.ok((await sent<WebviewToHost>(page)).some((m) => m.type === 'summary'));
      const methods = await page.$$eval('table.methods tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent)));
      assert.deepEqual(methods, [['API token', '1', '2'], ['Kerberos', '0', '2'], ['SAML', '1', '0']]);
      assert.deepEqual(await page.$$eval('table.users tbody td.key', (e) => e.map((x) => x.textContent)), ['admin', 'mallory']);
      assert.deepEqual(await page.$$eval('table.ips tbody td.key', (e) => e.map((x) => x.textContent)), ['127.0.0.1', '10.9.9.9']);
      assert.equal(await page.$$eval('svg.timeline rect.tl-failed', (e) => e.length), 3);
      assert.equal(await page.$$eval('svg.timeline rect.tl-passed', (e) => e.length), 3);
      assert.match((await page.getAttribute('svg.timeline', 'aria-label')) ?? '', /4 failures/);
      await page.screenshot({ path: join(RESULTS, 'viewer-summary.png') });
    });
  });

  test('several files: a Node / file column and file chips that filter the merged session', async () => {
    const files = [
      { index: 0, path: '/logs/node1/atlassian-jira-security.log', label: 'node1/atlassian-jira-security.log', format: 'jira-security' as const, size: 10, gzip: false },
      { index: 1, path: '/logs/node2/atlassian-jira-security.log.1', label: 'node2/atlassian-jira-security.log.1', format: 'jira-security' as const, size: 10, gzip: false },
    ];
    const rows = basicRows.map((r, i) => ({ ...r, file: i % 2 }));
    await withPage('multi', { files, rows }, async ({ page }) => {
      await waitForRows(page, 'mallory');
      assert.deepEqual(await page.$$eval('.head [role=columnheader]', (e) => e.map((x) => x.textContent)), ['Time', 'Level', 'User', 'IP', 'Kind', 'Node / file', 'Message']);
      const shown = await renderedRows(page);
      assert.equal(shown[0]!.cells[5], 'node1/atlassian-jira-security.log');
      assert.equal(shown[1]!.cells[5], 'node2/atlassian-jira-security.log.1');
      await page.click('button[aria-label="File: node2/atlassian-jira-security.log.1"]');
      await waitForPageRequest(page, { files: [1] });
      await page.waitForFunction(() => document.querySelector('#counts')?.textContent === '6 of 12 entries');
    });
  });

  test('hostile text in every field renders as text and runs nothing', async () => {
    const sc = hostileScenario();
    await withPage('hostile', sc, async ({ page, trapCalls }) => {
      await page.waitForSelector('.rows .row:not(.loading)');
      const rows = await renderedRows(page);
      assert.equal(rows.length, PAYLOADS.length);
      rows.forEach((r, i) => {
        const p = PAYLOADS[i]!;
        const last = i === PAYLOADS.length - 1;
        assert.deepEqual(r.cells, [p, p, p, p, last ? `${p} · ${PAYLOADS[3]}` : 'audit · failed', PAYLOADS[i % 2]!, p], `row ${i}`);
        // Class names only ever take known words.
        assert.match(r.cls, last ? /^row$/ : /^row kind-audit outcome-failed$/, `row ${i}: ${r.cls}`);
      });
      for (let i = 0; i < PAYLOADS.length; i++) {
        await page.click(`#row-${i} .c-time`);
        await page.waitForFunction((t) => document.querySelector('.detail pre.raw')?.textContent === t, `${PAYLOADS[i]}\n${PAYLOADS[i]}`);
        const fields = await page.$$eval('.detail table.fields td', (tds) => tds.map((td) => td.textContent));
        assert.ok(fields.filter((f) => f === PAYLOADS[i]).length >= 10, `row ${i}: fields shown as text`);
        if (i % 2 === 0) assert.ok(((await page.textContent('.detail pre.json')) ?? '').includes(JSON.stringify(PAYLOADS[i])));
        else assert.ok(((await page.textContent('.detail .invalid-json')) ?? '').includes(PAYLOADS[i]!));
      }
      await page.evaluate((p) => (globalThis as unknown as { __stub: { emit(m: unknown): void } }).__stub.emit({ type: 'message', severity: 'error', text: p }), PAYLOADS.join(' '));
      await page.waitForSelector('.message.error');
      await page.fill('#f-text', PAYLOADS[1]!);
      await waitForPageRequest(page, { text: PAYLOADS[1]! });
      await page.click('#tab-summary');
      await page.waitForSelector('table.reasons');
      assert.deepEqual(await page.$$eval('table.reasons td.key', (e) => e.map((x) => x.textContent)), PAYLOADS);
      // Nothing was parsed as markup: no element a payload names exists, nothing ran.
      const injected = await page.$$eval('img, iframe, script:not([src]), a, [onerror], [onload], [srcdoc]', (e) => e.map((x) => x.outerHTML));
      assert.deepEqual(injected, []);
      assert.equal(await page.$$eval('svg:not(.timeline)', (e) => e.length), 0);
      assert.equal(await page.evaluate(() => (globalThis as unknown as { __pwned?: unknown }).__pwned), undefined);
      assert.equal(trapCalls(), 0);
      await page.screenshot({ path: join(RESULTS, 'viewer-hostile.png') });
    });
  });

  test('the CSP is really enforced (the violation listener is live)', async () => {
    const o = await openScenario(h, 'canary', basicScenario());
    try {
      await o.page.evaluate(() => {
        const s = document.createElement('script');
        s.textContent = '(globalThis).__pwned = 1';
        document.body.appendChild(s);
        const l = document.createElement('link');
        l.rel = 'stylesheet';
        l.href = 'http://localhost:9/evil.css';
        document.head.appendChild(l);
      });
      await o.page.waitForFunction(() => (globalThis as unknown as { __violations: string[] }).__violations.length >= 2);
      const v = await violations(o.page);
      assert.ok(v.some((x) => x.startsWith('script-src')), v.join('\n'));
      assert.ok(v.some((x) => x.startsWith('style-src')), v.join('\n'));
      assert.equal(await o.page.evaluate(() => (globalThis as unknown as { __pwned?: unknown }).__pwned), undefined);
    } finally {
      await o.page.close();
    }
  });

  test('the view is kept in vscode.setState and restored after the webview is reloaded', async () => {
    await withPage('state', { files: oneFile, synthetic: 10_000 }, async ({ page }) => {
      await waitForRows(page, 'Entry number 0');
      await page.click('button[aria-label="Level: WARN"]');
      await waitForPageRequest(page, { levels: ['WARN'] });
      await page.$eval('.viewport', (e) => {
        e.scrollTop = 22 * 500;
      });
      await waitForRows(page, 'Entry number 500');
      await page.waitForFunction(() => (globalThis as unknown as { __state?: { row?: number } }).__state?.row === 500);
      await page.click('#row-503 .c-message');
      await page.waitForSelector('.detail pre.raw');
      await page.waitForFunction(() => (globalThis as unknown as { __state?: { detail?: number } }).__state?.detail === 503);
      // The files go into the state too: a merged panel is reopened from them after a window reload.
      assert.deepEqual(await page.evaluate(() => (globalThis as unknown as { __state?: { paths?: string[] } }).__state?.paths), oneFile.map((f) => f.path));
      // Hidden and shown again: VS Code reloads the webview, which must come back where it was.
      await page.reload();
      await waitForRows(page, 'Entry number 500');
      assert.equal((await renderedRows(page))[0]!.index, 500);
      assert.equal(await page.getAttribute('button[aria-label="Level: WARN"]', 'aria-pressed'), 'true');
      await page.waitForSelector('#row-503[aria-selected=true]');
      await page.waitForFunction(() => document.querySelector('.detail pre.raw')?.textContent === 'Entry number 503');
      const reqs = await pageRequests(page);
      assert.deepEqual(reqs[0]!.filter, { levels: ['WARN'] });
      assert.equal(reqs[0]!.start, 400);
    });
  });
});
