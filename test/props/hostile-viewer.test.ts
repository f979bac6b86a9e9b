// Hostile log content in REAL Chromium through the REAL pipeline: log files in the four layouts
// (Jira main with Kantega diagnostics JSON, Jira security, Confluence, apitokenservice) whose every
// field carries an XSS payload are opened through the server's log handlers (registerLogHandlers),
// the host relay and the webview served with the panel's CSP (test/webview/harness.ts). Every row is
// shown and every entry's detail pane and the summary are opened; each payload must show as literal
// text, nothing may run (payloads call window.__authlogPwned, a trap exposed by Playwright), no CSP
// violation, no console error, no navigation, no script/iframe/img/... element in rows or details.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createConnection, type Connection } from 'vscode-languageserver/node';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { registerLogHandlers } from '../../server/src/lsp/logHandlers';
import { MESSAGE_LIMIT } from '../../server/src/logs/fields';
import { LogNotifications, type ChangedParams, type IndexProgress, type MessageParams, type WebviewToHost } from '../../shared/protocol';
import { SessionRelay } from '../../client/src/viewer/relay';
import { startHarness, openBridge, violations, type Harness } from '../webview/harness';

// Page callbacks run in Chromium; the root tsconfig has no DOM library.
interface PageEl {
  textContent: string | null;
  tagName: string;
  className: string;
  querySelectorAll(sel: string): Iterable<PageEl>;
  querySelector(sel: string): PageEl | null;
  getAttribute(n: string): string | null;
}
declare function requestAnimationFrame(f: () => void): number;
declare const document: { querySelector(sel: string): PageEl | null; querySelectorAll(sel: string): Iterable<PageEl> };

const F = '__authlogPwned()';
/** Payloads that would run `__authlogPwned()` if any text were ever parsed as markup, evaluated or followed as a URL. */
export const PAYLOADS: string[] = [
  `<script>${F}</script>`,
  `</script><script>${F}</script>`,
  `<img src=x onerror=${F}>`,
  `<img/src/onerror=${F}>`,
  `<IMG SRC=x OnErRoR="${F}">`,
  `<svg onload=${F}>`,
  `<svg><script>${F}</script></svg>`,
  `<svg><animate onbegin=${F} attributeName=x dur=1s>`,
  `<body onload=${F}>`,
  `<iframe src="javascript:${F}"></iframe>`,
  `<iframe srcdoc="<script>parent.${F}</script>"></iframe>`,
  `<details open ontoggle=${F}>`,
  `<a href="javascript:${F}">click</a>`,
  `javascript:${F}`,
  `JaVaScRiPt:/**/${F}`,
  `data:text/html,<script>parent.${F}</script>`,
  'data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX19hdXRobG9nUHduZWQoKTwvc2NyaXB0Pg==',
  `<meta http-equiv="refresh" content="0;url=javascript:${F}">`,
  '<meta http-equiv=refresh content="0;url=http://127.0.0.1:9/away">',
  `<div style="width:expression(${F})">`,
  `<div style="background:url(javascript:${F})">x</div>`,
  `<style>@import 'javascript:${F}';body{background:url("javascript:${F}")}</style>`,
  `<link rel=stylesheet href="javascript:${F}">`,
  `\${${F}}`,
  `\`\${${F}}\``,
  `{{constructor.constructor('${F}')()}}`,
  `{{$on.constructor('${F}')()}}`,
  `<object data="javascript:${F}"></object>`,
  `<embed src="javascript:${F}">`,
  `<input autofocus onfocus=${F}>`,
  `<video><source onerror=${F}></video>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=${F}>`,
  `"><img src=x onerror=${F}>`,
  `'><svg/onload=${F}>`,
  `&lt;script&gt;${F}&lt;/script&gt;`,
  `&#60;img src=x onerror=${F}&#62;`,
  `%3Cscript%3E${F}%3C/script%3E`,
  `\\u003cscript\\u003e${F}\\u003c/script\\u003e`,
  `\uFF1Cscript\uFF1E${F}\uFF1C/script\uFF1E`,
  `<scr\u200Bipt>${F}</scr\u200Bipt>`,
  `\u202Egnp.exe<img src=x onerror=${F}>`,
  `jaVasCript:/*-/*\`/*\\\`/*'/*"/**/(/* */oNcliCk=${F} )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=${F}//>\\x3e`,
  `<noscript><p title="</noscript><img src=x onerror=${F}>">`,
  `<template><img src=x onerror=${F}></template>`,
  `<x onclick=${F}>click me`,
  `<!--<img src="--><img src=x onerror=${F}//">`,
  `<scr\u0000ipt>${F}</scr\u0000ipt>`,
  `\u2028<script>${F}</script>\u2029`,
  `<base href="javascript:${F}//">`,
  `<form action=javascript:${F}><button>go</button></form>`,
  `\u0000<img src=x onerror=${F}>\u0000`,
  // 100 KB.
  `<img src=x onerror=${F}>`.repeat(Math.ceil(100_000 / 31)).slice(0, 100_000),
];

/**
 * A payload as one space-free word (fields split on spaces): whitespace, commas, `|` and `]` become
 * `/`; never starts with `{`. Cut at 8 KB: a row's fields are read from the entry's first 64 KB
 * (server/src/logs/session.ts ROW_BYTES), so eight 100 KB fields before the message could not all
 * be columns; the 100 KB payload stays whole in the message, the JSON and the raw text.
 */
function tok(p: string): string {
  const t = p.replace(/[\s,\]|]/g, '/').slice(0, 8192);
  return t.startsWith('{') ? `x${t}` : t;
}

interface Expect {
  /** The entry text as written (lines joined with \n). */
  raw: string;
  cells: { user: string[]; ip: string; message: string };
  /** Detail fields table (th -> td) that must be shown exactly. */
  fields: Record<string, string>;
  token?: string;
  /** Strings the pretty JSON must contain. */
  json?: string[];
  /** Details table (th -> td). */
  details?: Record<string, string>;
  payload: number;
}

interface Layout {
  file: string;
  entries(p: string, i: number, ts: (k: number, zone: boolean) => string): Expect[];
}

function stamp(k: number, zone: boolean): string {
  const d = new Date(Date.UTC(2024, 2, 4, 0, 0, 0) + k * 1000);
  const iso = d.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)},${iso.slice(20, 23)}${zone ? '+0000' : ''}`;
}

const LAYOUTS: Layout[] = [
  {
    file: 'atlassian-jira.log',
    entries(p, i, ts) {
      const t = tok(p);
      const plain = `${ts(2 * i, false)} ${t} WARN ${t} ${i + 1}x2x3 ${t} ${t} ${t} [${t}] ${p}`;
      const q = tok(p);
      const inner = `Authentication has FAILED, KerberosTicket: ${q}, EncType: 18, RequestUri: ${q}, RemoteIP: 127.0.0.1, Reason: ${q}, Exception: ${q}`;
      const json = `{"timestamp":${JSON.stringify(p)},"context":${JSON.stringify(p)},"message":${JSON.stringify(inner)},${JSON.stringify(p)}:${JSON.stringify(p)}}`;
      const diag = `${ts(2 * i + 1, false)} ${t} WARN ${t} ${i + 1}x2x4 ${t} 127.0.0.1 ${t} [com.kantegasso.DiagnosticsLog] ${json}`;
      const fields = { Thread: t, User: t, IP: t, URL: t, Category: t, Session: t };
      return [
        { raw: plain, payload: i, cells: { user: [t], ip: t, message: p }, fields: { ...fields, 'Request id': `${i + 1}x2x3` } },
        {
          raw: diag,
          payload: i,
          cells: { user: [t], ip: '127.0.0.1', message: json },
          fields: { Thread: t, User: t, URL: t, Session: t, Category: 'com.kantegasso.DiagnosticsLog' },
          json: [JSON.stringify(p)],
          details: { KerberosTicket: q, RequestUri: q, Reason: q, Exception: q },
        },
      ];
    },
  },
  {
    file: 'atlassian-jira-security.log',
    entries(p, i, ts) {
      const t = tok(p);
      const subj = t.slice(0, 200);
      const raw = `${ts(i, true)} ${t} ${t} ${i + 1}x2x3 ${t} ${t} ${t} The user '${subj}' has FAILED authentication using SAML. ${p}`;
      return [{ raw, payload: i, cells: { user: [subj, t], ip: t, message: raw.slice(raw.indexOf('The user')) }, fields: { Thread: t, IP: t, URL: t, Session: t, 'Request id': `${i + 1}x2x3` } }];
    },
  },
  {
    file: 'atlassian-confluence.log',
    entries(p, i, ts) {
      const t = tok(p);
      const raw = `${ts(i, false)} ERROR [${t}] [${t}] ${t} ${p} -- url: ${t} | userName: ${t}`;
      // The ` -- url: | userName:` suffix of a line over 64 KB is past what a row reads (ROW_BYTES): the column may stay empty; the detail has it.
      return [{ raw, payload: i, cells: { user: raw.length > 65536 ? [t, ''] : [t], ip: '', message: p }, fields: { Thread: t, Category: t, URL: t, User: t, Level: 'ERROR' } }];
    },
  },
  {
    file: 'apitokenservice.log',
    entries(p, i, ts) {
      const t = tok(p);
      const desc = p.slice(0, 200).replace(/"/g, "'");
      const subj = t.slice(0, 200);
      const raw = `${ts(i, true)} ${t} INFO ${t}   ${t} ${t} [d.resolution.apitokenauth.ApiTokenAuthenticationService] Found a matching token "${desc}" with Read Only scope and authenticated user ${subj}. REST endpoint: ${t}`;
      return [
        {
          raw,
          payload: i,
          cells: { user: [subj, t], ip: t, message: raw.slice(raw.indexOf('Found a matching')) },
          fields: { Thread: t, IP: t, URL: t, Level: 'INFO' },
          token: desc,
        },
      ];
    },
  },
];

let h: Harness;
let server: Connection;
let client: ProtocolConnection;
let handlers: { dispose(): void };
let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'authlog-hostile-'));
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
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A viewer on `files` whose host is the real relay talking to the real handlers (as test/webview/pipeline.test.ts). */
async function openViewer(files: string[]) {
  let relay: SessionRelay | undefined;
  const pending: WebviewToHost[] = [];
  const o = await openBridge(h, (m) => {
    if (relay) void relay.onWebview(m);
    else pending.push(m);
  });
  const pwned: string[] = [];
  await o.page.exposeFunction('__authlogPwned', () => {
    pwned.push('called');
  });
  const navigations: string[] = [];
  const start = o.page.url();
  o.page.on('framenavigated', (f) => {
    if (f.url() !== start) navigations.push(f.url());
  });
  relay = new SessionRelay(files, {
    request: async <R>(method: string, params: unknown) => client.sendRequest(method, params) as Promise<R>,
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
    pwned,
    navigations,
    async close() {
      for (const s of subs) s.dispose();
      r.dispose();
      await o.page.close();
    },
  };
}

const FORBIDDEN = 'script, iframe, img, object, embed, link, meta, style, base, form, video, audio, source, svg, math, template, noscript, input, [onerror], [onload], [srcdoc], [style*="url("]';

/** The sanitised view of a text the server documents: NUL bytes in a file flagged binary are shown as U+FFFD or kept. */
function same(actual: string, expected: string): boolean {
  return actual === expected || actual === expected.replace(/\u0000/g, '\uFFFD');
}

let payloadsTried = 0;
const fieldsTried = new Set<string>();

describe('hostile log content in Chromium through the real pipeline', () => {
  for (const layout of LAYOUTS) {
    test(`${layout.file}: every payload in every field shows as text, nothing runs`, async () => {
      const expects: Expect[] = [];
      PAYLOADS.forEach((p, i) => expects.push(...layout.entries(p, i, stamp)));
      const file = join(dir, layout.file);
      writeFileSync(file, expects.map((e) => e.raw).join('\n') + '\n');
      const v = await openViewer([file]);
      const { page } = v;
      let at = 'opening';
      try {
        await page.waitForFunction((n) => document.querySelector('#counts')?.textContent === `${n} entries`, expects.length.toLocaleString('en-US'), { timeout: 30_000 });
        const rowH = await page.$eval('.rows .row', (e) => (e as unknown as { offsetHeight: number }).offsetHeight);
        const mismatches: string[] = [];
        for (let i = 0; i < expects.length; i++) {
          const e = expects[i]!;
          const where = `${layout.file} entry ${i} (payload ${e.payload}: ${JSON.stringify(PAYLOADS[e.payload]!.slice(0, 60))})`;
          at = where;
          // One page-side step: scroll the row into view, let the grid render (animation frames), read
          // its cells, click it. (No named helpers inside page callbacks: tsx would wrap them in __name.)
          const cells = await page.evaluate(
            async ([idx, top]) => {
              (document.querySelector('.viewport') as unknown as { scrollTop: number }).scrollTop = top;
              for (let k = 0; k < 600; k++) {
                await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
                const row = document.querySelector(`#row-${idx}`);
                if (k >= 1 && row && !row.className.includes('loading')) break;
              }
              const row = document.querySelector(`#row-${idx}`);
              if (!row) return null;
              const out: Record<string, string> = {};
              for (const c of row.querySelectorAll('[role=gridcell]')) out[c.className.replace(/^cell c-/, '')] = c.textContent ?? '';
              (row.querySelector('.c-time') as unknown as { click(): void }).click();
              return out;
            },
            [i, i * rowH] as const,
          );
          if (!cells) {
            mismatches.push(`${where}: row not rendered`);
            continue;
          }
          const cell = (id: string): string => cells[id] ?? '';
          if (!e.cells.user.some((u) => same(cell('user'), u))) mismatches.push(`${where}: user cell ${JSON.stringify(cell('user').slice(0, 80))}`);
          if (!same(cell('ip'), e.cells.ip)) mismatches.push(`${where}: ip cell ${JSON.stringify(cell('ip').slice(0, 80))}`);
          if (!same(cell('message'), e.cells.message.slice(0, MESSAGE_LIMIT))) mismatches.push(`${where}: message cell ${JSON.stringify(cell('message').slice(0, 80))}`);
          // The detail pane, read once it shows this entry.
          const handle = await page.waitForFunction(
            ([n, sel]) => {
              if (document.querySelector('.detail-title')?.textContent !== `Entry ${n}`) return false;
              const err = document.querySelector('.detail p.error');
              if (!err && !document.querySelector('.detail pre.raw')) return false;
              const tables: Record<string, Record<string, string>> = { fields: {}, token: {}, details: {} };
              for (const name of Object.keys(tables)) {
                for (const tr of document.querySelectorAll(`.detail table.${name} tbody tr`)) tables[name]![tr.querySelector('th')?.textContent ?? ''] = tr.querySelector('td')?.textContent ?? '';
              }
              const bad: string[] = [];
              for (const root of [document.querySelector('.rows'), document.querySelector('.detail')]) if (root) for (const x of root.querySelectorAll(sel)) bad.push(x.tagName);
              return {
                error: err?.textContent ?? null,
                raw: document.querySelector('.detail pre.raw')?.textContent ?? '',
                fields: tables['fields']!,
                token: tables['token']!,
                details: tables['details']!,
                json: document.querySelector('.detail pre.json')?.textContent ?? null,
                bad,
              };
            },
            [(i + 1).toLocaleString('en-US'), FORBIDDEN] as const,
          );
          const d = (await handle.jsonValue()) as { error: string | null; raw: string; fields: Record<string, string>; token: Record<string, string>; details: Record<string, string>; json: string | null; bad: string[] };
          await handle.dispose();
          if (d.error !== null) {
            mismatches.push(`${where}: ${d.error}`);
            continue;
          }
          if (d.bad.length) mismatches.push(`${where}: injected elements ${d.bad.join(',')}`);
          if (!same(d.raw, e.raw)) mismatches.push(`${where}: raw text differs (${d.raw.length} vs ${e.raw.length} chars)`);
          for (const [k, want] of Object.entries(e.fields)) {
            fieldsTried.add(`${layout.file}:${k}`);
            if (!same(d.fields[k] ?? '', want)) mismatches.push(`${where}: field ${k} = ${JSON.stringify((d.fields[k] ?? '<missing>').slice(0, 80))}`);
          }
          if (e.token !== undefined) {
            fieldsTried.add(`${layout.file}:token`);
            if (!same(d.token['Token'] ?? '', e.token)) mismatches.push(`${where}: token description ${JSON.stringify((d.token['Token'] ?? '<missing>').slice(0, 80))}`);
          }
          for (const j of e.json ?? []) {
            fieldsTried.add(`${layout.file}:json`);
            if (d.json === null || !(d.json.includes(j) || d.json.includes(j.replace(/\\u0000/g, '\uFFFD')))) mismatches.push(`${where}: JSON key/value not shown as written`);
          }
          for (const [k, want] of Object.entries(e.details ?? {})) {
            fieldsTried.add(`${layout.file}:details.${k}`);
            if (!same(d.details[k] ?? '', want)) mismatches.push(`${where}: detail ${k} = ${JSON.stringify((d.details[k] ?? '<missing>').slice(0, 80))}`);
          }
          if (mismatches.length > 20) break;
        }
        assert.deepEqual(mismatches, []);
        // The summary tab.
        await page.click('#tab-summary');
        await page.waitForSelector('#tab-summary[aria-selected=true]');
        await page.waitForFunction(() => !!document.querySelector('#panel-summary h3, #panel-summary table') && !(document.querySelector('#panel-summary')?.textContent ?? '').includes('Loading the summary'), undefined, { timeout: 30_000 });
        // The summary's own timeline is an <svg class="timeline">: the only svg allowed.
        const summaryInjected = await page.evaluate((sel) => [...document.querySelectorAll(sel.split(', ').map((x) => `#panel-summary ${x}`).join(', '))].filter((e) => !(e.tagName.toLowerCase() === 'svg' && (e.getAttribute('class') ?? '').includes('timeline'))).map((e) => e.tagName), FORBIDDEN);
        assert.match((await page.textContent('#panel-summary')) ?? '', /\d/, 'the summary shows its numbers');
        assert.deepEqual(summaryInjected, [], 'summary: injected elements');
        const keys = await page.$$eval('td.key', (els) => els.map((e) => e.textContent ?? ''));
        const allRaw = expects.map((e) => e.raw).join('\n');
        for (const k of keys) assert.ok(allRaw.includes(k) || allRaw.replace(/\u0000/g, '\uFFFD').includes(k) || /^[\w /()-]+$/.test(k), `summary key shown as written: ${JSON.stringify(k.slice(0, 80))}`);
        // Nothing ran, nothing was blocked, nothing complained, nothing navigated.
        assert.deepEqual(v.pwned, [], 'a payload ran');
        assert.equal(v.trapCalls(), 0);
        assert.deepEqual(await violations(page), [], 'CSP violations');
        assert.deepEqual(v.problems, [], 'console errors');
        assert.deepEqual(v.navigations, [], 'navigated away');
        assert.equal(await page.evaluate(() => (globalThis as unknown as { __pwned?: unknown }).__pwned), undefined);
        payloadsTried += expects.length;
      } catch (error) {
        if (error instanceof Error) error.message = `${at}: ${error.message}`;
        throw error;
      } finally {
        await v.close();
      }
    });
  }

  test('count', () => {
    assert.ok(PAYLOADS.length >= 40);
    console.log(`# hostile payloads tried: ${PAYLOADS.length} in ${fieldsTried.size} fields (${payloadsTried} entries over ${LAYOUTS.length} layouts)`);
  });
});
