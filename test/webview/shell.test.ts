// The viewer's HTML shell and its package.json contributions: what VS Code reads before any script runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { viewerHtml, viewerCsp, disabledHtml } from '../../client/src/viewer/html';
import { ROOT } from './harness';

test('the panel HTML carries the strict CSP, nonce\'d scripts only, and no data', () => {
  const html = viewerHtml({ cspSource: 'https://x.vscode-cdn.net', nonce: 'bm9uY2U+Jy8=', scripts: ['https://x.vscode-cdn.net/dist/webview.js'], style: 'https://x.vscode-cdn.net/dist/webview.css' });
  const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1];
  assert.equal(
    csp,
    "default-src &#39;none&#39;; script-src &#39;nonce-bm9uY2U+Jy8=&#39;; style-src https://x.vscode-cdn.net; font-src https://x.vscode-cdn.net; img-src https://x.vscode-cdn.net data:",
  );
  assert.equal(viewerCsp('S', 'N'), "default-src 'none'; script-src 'nonce-N'; style-src S; font-src S; img-src S data:");
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  assert.deepEqual(scripts, ['<script nonce="bm9uY2U+Jy8=" src="https://x.vscode-cdn.net/dist/webview.js">']);
  assert.doesNotMatch(html, /<script[^>]*>[^<]/, 'no inline script body');
  assert.doesNotMatch(html, /\sstyle=|\son\w+=/i, 'no inline style or handler attributes');
});

test('the disabled page (untrusted workspace) runs no script and escapes its text', () => {
  const html = disabledHtml('S', 'S/webview.css', 'Off', 'Trust <this> workspace');
  assert.match(html, /content="default-src 'none'; style-src S"/);
  assert.doesNotMatch(html, /<script/);
  assert.match(html, /Trust &lt;this&gt; workspace/);
});

test('package.json: the viewer is an opt-in editor for *.log, rotated and gzipped logs, with its commands in the menus', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    contributes: {
      customEditors: { viewType: string; selector: { filenamePattern: string }[]; priority: string }[];
      commands: { command: string; title: string; category?: string }[];
      menus: Record<string, { command: string; when?: string }[]>;
    };
  };
  const ed = pkg.contributes.customEditors.find((e) => e.viewType === 'authlog.logViewer');
  assert.ok(ed);
  assert.deepEqual(ed.selector.map((s) => s.filenamePattern), ['*.log', '*.log.[0-9]*', '*.log.gz']);
  assert.equal(ed.priority, 'option', 'plain text stays the default editor');
  const cmd = pkg.contributes.commands.find((c) => c.command === 'authlog.openInViewer');
  assert.deepEqual([cmd?.title, cmd?.category], ['Open in AuthLog Viewer', 'AuthLog']);
  assert.ok(pkg.contributes.commands.some((c) => c.command === 'authlog.openLogsInViewer' && c.category === 'AuthLog'));
  for (const menu of ['explorer/context', 'editor/title']) {
    const item = pkg.contributes.menus[menu]?.find((m) => m.command === 'authlog.openInViewer');
    assert.ok(item, menu);
    // The `when` regex must accept what the selector accepts, and not other files.
    const re = /resourceFilename =~ \/(.*)\/i/.exec(item.when ?? '')?.[1];
    assert.ok(re, `${menu}: ${item.when}`);
    const rx = new RegExp(re, 'i');
    for (const f of ['atlassian-jira.log', 'atlassian-jira.log.3', 'atlassian-jira.log.gz', 'apitokenservice.log.12']) assert.ok(rx.test(f), `${menu} offers ${f}`);
    for (const f of ['log4j.properties', 'catalog', 'x.log.bak']) assert.ok(!rx.test(f), `${menu} does not offer ${f}`);
  }
  // Every command the viewer registers is contributed, and the other way round.
  const src = readFileSync(join(ROOT, 'client', 'src', 'viewer', 'index.ts'), 'utf8');
  const registered = [...src.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]).sort();
  assert.deepEqual(registered, ['authlog.openInViewer', 'authlog.openLogsInViewer']);
});
