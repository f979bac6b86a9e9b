// Drives the real VS Code workbench (code-server) with Debian's Chromium through playwright-core.
//   launchBrowser()                      Chromium with flags that work on these machines
//   openWorkbench(browser, url, opts)    a page with the codeAutomationLog/codeAutomationExit hooks
//   runExtensionTests(opts)              code-server + Chromium + a mocha suite in the real extension host
// Never downloads a browser: Chromium comes from the Debian package.
import { chromium } from 'playwright-core';
import { existsSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { startCodeServer } from './code-server.mjs';

export const chromiumPath = process.env.AUTHLOG_CHROMIUM ?? '/usr/bin/chromium';

export async function launchBrowser() {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: install the Debian package "chromium" (scripts/setup.sh does it)`);
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
    ],
  });
}

/** Workbench chatter that says nothing about the extension under test (kept in the log file, not echoed). */
const noise = [
  /^Resolv(ing|ed) connection token/, /^Creating a socket/, /^Ignoring fetching additional builtin extensions/,
  /^\[Service Worker\]/, /^ChatSessionStore:/, /^Updating additional builtin extensions cache/, /^WARNING: IPC handle/,
];
export const isNoise = (line) => noise.some((re) => re.test(line));

/** Removes ANSI colour codes (mocha's reporter may colour its output). */
export const stripAnsi = (s) => s.replace(/\u001b\[[0-9;]*m/g, '');

/**
 * Opens the workbench at `url` in a new page. The extension host's log lines (mocha's reporter
 * among them) arrive through codeAutomationLog; a test run's exit code through codeAutomationExit.
 * Options: onLog(line), viewport {width,height}.
 * Returns { page, context, logs, exitCode } where exitCode resolves when a test run ends.
 */
export async function openWorkbench(browser, url, opts = {}) {
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1400, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const logs = [];
  let resolveExit;
  const exitCode = new Promise((r) => (resolveExit = r));
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = stripAnsi(Array.isArray(args) ? format(...args) : String(args));
    logs.push(line);
    opts.onLog?.(line, type);
  });
  await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
  page.on('pageerror', (e) => opts.onLog?.(`[page error] ${e.message}`, 'error'));
  await page.goto(url);
  // The workbench is up when its main parts are in the DOM.
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
  return { page, context, logs, exitCode };
}

/**
 * Runs a mocha suite inside the real extension host of code-server and returns
 * { code, output, ms }. Everything started here is stopped before it returns.
 *   extensionDevelopmentPath  the extension under test (folder with package.json)
 *   extensionTestsPath        a module exporting run(): Promise<void> (e.g. @vscode/test-cli's runner.cjs)
 *   folder                    workspace folder to open
 *   env                       extra environment for the extension host (VSCODE_TEST_OPTIONS...)
 *   timeoutMs                 whole-run limit (default 5 minutes)
 *   echo                      print the extension host's log lines as they come
 */
export async function runExtensionTests(opts) {
  const t0 = Date.now();
  const cs = await startCodeServer({ env: opts.env, runDir: opts.runDir });
  let browser;
  const output = [];
  try {
    browser = await launchBrowser();
    const url = cs.workbenchUrl({
      folder: opts.folder,
      extensionDevelopmentPath: opts.extensionDevelopmentPath,
      extensionTestsPath: opts.extensionTestsPath,
    });
    const wb = await openWorkbench(browser, url, {
      onLog: (line) => {
        output.push(line);
        appendFileSync(join(cs.runDir, 'exthost-automation.log'), `${line}\n`);
        if (opts.echo && !isNoise(line)) process.stdout.write(line.endsWith('\n') ? line : `${line}\n`);
      },
    });
    let timer;
    const timeout = new Promise((r) => (timer = setTimeout(() => r('timeout'), opts.timeoutMs ?? 300_000)));
    const died = cs.exited.then(() => 'died');
    const result = await Promise.race([wb.exitCode, timeout, died]);
    clearTimeout(timer);
    if (result === 'timeout') return { code: 124, output: [...output, `[e2e] the suite did not finish in ${(opts.timeoutMs ?? 300_000) / 1000} s`].join('\n'), ms: Date.now() - t0, logFile: cs.logFile };
    if (result === 'died') return { code: 125, output: [...output, `[e2e] code-server exited during the run; see ${cs.logFile}`].join('\n'), ms: Date.now() - t0, logFile: cs.logFile };
    return { code: result, output: output.filter((l) => !isNoise(l)).join('\n'), ms: Date.now() - t0, logFile: cs.logFile };
  } finally {
    await browser?.close().catch(() => {});
    await cs.stop();
  }
}
