// Serves the log viewer's webview to a real Chromium: the same HTML shell and Content-Security-
// Policy as the VS Code panel (client/src/viewer/html.ts), dist/webview.js + dist/webview.css, and a
// stub host (stubHost.ts) as a second nonce'd script. Scenarios are passed to the stub inside its
// own script file, never inlined into the HTML.
import * as http from 'node:http';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, readdirSync, copyFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { viewerHtml, viewerCsp } from '../../client/src/viewer/html';
import type { Scenario } from './stubHost';
import type { HostToWebview, WebviewToHost } from '../../shared/protocol';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST = join(ROOT, 'dist');

/** Builds dist/webview.js (+ css) when missing or older than its sources (`npm test` builds first anyway). */
export async function ensureWebviewBuilt(): Promise<void> {
  const src = join(ROOT, 'client', 'webview');
  const newest = Math.max(
    ...readdirSync(src).filter((f) => /\.(ts|css)$/.test(f)).map((f) => statSync(join(src, f)).mtimeMs),
    statSync(join(ROOT, 'shared', 'protocol.ts')).mtimeMs,
  );
  const out = join(DIST, 'webview.js');
  const css = join(DIST, 'webview.css');
  if (existsSync(out) && existsSync(css) && statSync(out).mtimeMs >= newest && statSync(css).mtimeMs >= newest) return;
  mkdirSync(DIST, { recursive: true });
  await esbuild.build({
    bundle: true, platform: 'browser', target: 'es2022', format: 'iife', sourcemap: true, logLevel: 'warning',
    entryPoints: [join(src, 'main.ts')], outfile: out,
  });
  copyFileSync(join(src, 'main.css'), css);
}

async function bundle(file: string): Promise<string> {
  const r = await esbuild.build({
    bundle: true, platform: 'browser', target: 'es2022', format: 'iife', write: false, logLevel: 'warning',
    entryPoints: [join(ROOT, 'test', 'webview', file)],
  });
  return r.outputFiles[0]!.text;
}

export interface Harness {
  browser: Browser;
  origin: string;
  scenarios: Map<string, Scenario>;
  /** The served page's CSP (the same string the panel gets). */
  csp(nonce: string): string;
  close(): Promise<void>;
}

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

export async function startHarness(): Promise<Harness> {
  await ensureWebviewBuilt();
  const [stub, bridge] = await Promise.all([bundle('stubHost.ts'), bundle('bridgeHost.ts')]);
  const scenarios = new Map<string, Scenario>();
  let origin = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    const send = (status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers });
      res.end(body);
    };
    if (url.pathname === '/') {
      const name = url.searchParams.get('s') ?? '';
      const isBridge = url.searchParams.has('bridge');
      if (!isBridge && !scenarios.has(name)) return send(404, 'text/plain', 'no scenario');
      const nonce = randomBytes(16).toString('base64');
      const html = viewerHtml({
        cspSource: origin,
        nonce,
        scripts: [isBridge ? '/bridge.js' : `/stub.js?s=${encodeURIComponent(name)}`, '/dist/webview.js'],
        style: '/dist/webview.css',
      });
      // The policy also as a header, so even a broken <meta> could not loosen it.
      return send(200, 'text/html; charset=utf-8', html, { 'Content-Security-Policy': viewerCsp(origin, nonce) });
    }
    if (url.pathname === '/bridge.js') return send(200, 'text/javascript; charset=utf-8', bridge);
    if (url.pathname === '/stub.js') {
      const sc = scenarios.get(url.searchParams.get('s') ?? '');
      if (!sc) return send(404, 'text/plain', 'no scenario');
      return send(200, 'text/javascript; charset=utf-8', `window.__SCENARIO__ = ${JSON.stringify(sc)};\n${stub}`);
    }
    if (url.pathname === '/dist/webview.js' || url.pathname === '/dist/webview.css' || url.pathname === '/dist/webview.js.map') {
      const file = join(DIST, url.pathname.slice('/dist/'.length));
      if (!existsSync(file)) return send(404, 'text/plain', 'not built');
      const type = file.endsWith('.css') ? 'text/css' : file.endsWith('.map') ? 'application/json' : 'text/javascript';
      return send(200, `${type}; charset=utf-8`, readFileSync(file));
    }
    if (url.pathname === '/favicon.ico') return send(204, 'image/x-icon', '');
    send(404, 'text/plain', 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  return {
    browser,
    origin,
    scenarios,
    csp: (nonce) => viewerCsp(origin, nonce),
    async close() {
      await browser.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface Opened {
  page: Page;
  /** Console errors, page errors and CSP complaints seen so far. */
  problems: string[];
  /** How often a payload called the exposed trap function. */
  trapCalls(): number;
}

async function newPage(h: Harness, size: { width: number; height: number }): Promise<Opened> {
  const page = await h.browser.newPage({ viewport: size });
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  let trap = 0;
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning' || /Content Security Policy/i.test(m.text())) problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.exposeFunction('__trap', () => {
    trap++;
  });
  return { page, problems, trapCalls: () => trap };
}

async function handshake(page: Page): Promise<void> {
  // The webview said ready and asked for its first rows.
  await page.waitForFunction(() => (globalThis as unknown as { __sent?: { type: string }[] }).__sent?.some((m) => m.type === 'page'));
}

/** A page whose host is the in-page stub answering from `sc`. */
export async function openScenario(h: Harness, name: string, sc: Scenario, size = { width: 1280, height: 720 }): Promise<Opened> {
  h.scenarios.set(name, sc);
  const o = await newPage(h, size);
  await o.page.goto(`${h.origin}/?s=${encodeURIComponent(name)}`);
  await handshake(o.page);
  return o;
}

/** A page whose messages go to `toHost` in Node (the real relay); answer with `deliver`. */
export async function openBridge(h: Harness, toHost: (m: WebviewToHost) => void, size = { width: 1280, height: 720 }): Promise<Opened & { deliver(m: HostToWebview): void }> {
  const o = await newPage(h, size);
  await o.page.exposeFunction('__toHost', (m: WebviewToHost) => toHost(m));
  await o.page.goto(`${h.origin}/?bridge=1`);
  const deliver = (m: HostToWebview): void => {
    o.page.evaluate((msg) => (globalThis as unknown as { postMessage(m: unknown, t: string): void }).postMessage(msg, '*'), m).catch(() => undefined);
  };
  return { ...o, deliver };
}

/** Messages the webview sent to the (stub) host. */
export async function sent<T = { type: string; [k: string]: unknown }>(page: Page): Promise<T[]> {
  return page.evaluate(() => (globalThis as unknown as { __sent: unknown[] }).__sent) as Promise<T[]>;
}

export async function violations(page: Page): Promise<string[]> {
  return page.evaluate(() => (globalThis as unknown as { __violations: string[] }).__violations);
}
