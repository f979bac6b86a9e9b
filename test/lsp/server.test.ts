// Protocol tests against the real `node dist/server.js --stdio`, as an editor would drive it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CancellationTokenSource,
  createClientSocketTransport,
  createProtocolConnection,
  IPCMessageReader,
  IPCMessageWriter,
  type InitializeResult,
  LSPErrorCodes,
  ResponseError,
  type CodeAction,
  type CompletionList,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type DocumentSymbol,
  type Hover,
  type Location,
  type MarkupContent,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { brokenConfig } from './fixtures';
import { applyEdits, cursor, ensureBuilt, fullCapabilities, neovim07Capabilities, serverJs, startTestServer, type TestServer } from './harness';

const uri = 'file:///work/confluence/WEB-INF/classes/log4j.properties';

function codes(items: Diagnostic[]): string[] {
  return items.map((d) => `${d.range.start.line}:${String(d.code)}`).sort();
}

async function pull(server: TestServer, docUri = uri): Promise<Diagnostic[]> {
  const r = (await server.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: docUri } })) as DocumentDiagnosticReport;
  assert.equal(r.kind, 'full');
  return r.kind === 'full' ? r.items : [];
}

function markdown(h: Hover | null): string {
  if (!h) return '';
  const c = h.contents as MarkupContent | string | { value: string }[];
  if (typeof c === 'string') return c;
  if (Array.isArray(c)) return c.map((x) => (typeof x === 'string' ? x : x.value)).join('\n');
  return c.value;
}

function editsFor(edit: WorkspaceEdit | undefined, docUri: string): TextEdit[] {
  if (!edit) return [];
  const out: TextEdit[] = [...(edit.changes?.[docUri] ?? [])];
  for (const c of edit.documentChanges ?? []) if ('textDocument' in c && c.textDocument.uri === docUri) out.push(...(c.edits as TextEdit[]));
  return out;
}

describe('language server over stdio (pull diagnostics client)', () => {
  let server: TestServer;
  let version = 1;
  let text = brokenConfig;

  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server?.stop();
  });

  test('initialize announces the features, incremental sync and pull diagnostics', async () => {
    const caps = server.initializeResult.capabilities;
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2 });
    assert.deepEqual(caps.diagnosticProvider, { identifier: 'authlog', interFileDependencies: false, workspaceDiagnostics: false });
    for (const ch of ['.', '=', ',', '"', '<', ' ']) assert.ok(caps.completionProvider?.triggerCharacters?.includes(ch), ch);
    assert.ok(caps.hoverProvider && caps.definitionProvider && caps.referencesProvider && caps.documentSymbolProvider);
    assert.deepEqual(caps.executeCommandProvider?.commands, ['authlog.enableLogging']);
    await server.status.next((s) => s.state === 'ready', 5000, 'authlog/status ready');
  });

  test('a broken log4j.properties gets diagnostics with rule codes on the right lines', async () => {
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'properties', version, text } });
    const items = await pull(server);
    const found = codes(items);
    assert.ok(found.includes('7:unknown-logger'), `near-miss logger reported on line 8: ${found.join(', ')}`);
    assert.ok(found.includes('10:undefined-appender'), `undefined appender reported on line 11: ${found.join(', ')}`);
    const undefinedAppender = items.find((d) => d.code === 'undefined-appender')!;
    assert.equal(undefinedAppender.severity, 1);
    assert.equal(text.split('\n')[10]!.slice(undefinedAppender.range.start.character, undefinedAppender.range.end.character), 'tokenlog');
  });

  test('asking again for the same version answers "unchanged" with the same resultId', async () => {
    const first = (await server.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as DocumentDiagnosticReport;
    assert.equal(first.kind, 'full');
    const resultId = first.kind === 'full' ? first.resultId : undefined;
    assert.ok(resultId);
    const again = (await server.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri }, previousResultId: resultId })) as DocumentDiagnosticReport;
    assert.deepEqual(again, { kind: 'unchanged', resultId });
  });

  test('hover on a documented logger explains it', async () => {
    const line = text.split('\n')[10]!;
    const h = (await server.connection.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line: 10, character: line.indexOf('apitokenauth') + 3 },
    })) as Hover | null;
    assert.match(markdown(h), /API Token/i);
  });

  test('the quick fix for the near-miss logger name renames it', async () => {
    const items = await pull(server);
    const diag = items.find((d) => d.code === 'unknown-logger')!;
    const actions = (await server.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diag.range,
      context: { diagnostics: [diag], only: ['quickfix'] },
    })) as CodeAction[];
    const fix = actions.find((a) => a.kind === 'quickfix' && a.edit);
    assert.ok(fix, `a quick fix with an edit among ${actions.map((a) => a.title).join(' | ')}`);
    const fixed = applyEdits(text, editsFor(fix.edit, uri));
    assert.equal(fixed.split('\n')[7], 'log4j.logger.com.kantegasso.AuditLog = INFO, confluencelog');
  });

  test('incremental edits that fix the file clear the diagnostics', async () => {
    // Two incremental changes: fix the logger name (line 8) and point the API token logger at an existing appender (line 11).
    const lines = text.split('\n');
    const l7 = lines[7]!;
    const l10 = lines[10]!;
    const changes = [
      { range: { start: { line: 7, character: l7.indexOf('Auditlog') }, end: { line: 7, character: l7.indexOf('Auditlog') + 8 } }, text: 'AuditLog' },
      { range: { start: { line: 8, character: lines[8]!.indexOf('Auditlog') }, end: { line: 8, character: lines[8]!.indexOf('Auditlog') + 8 } }, text: 'AuditLog' },
      { range: { start: { line: 10, character: l10.indexOf('tokenlog') }, end: { line: 10, character: l10.length } }, text: 'confluencelog' },
    ];
    for (const c of changes) text = applyEdits(text, [{ range: c.range, newText: c.text }]);
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: changes });
    const items = await pull(server);
    assert.deepEqual(
      items.filter((d) => d.severity === 1 || d.code === 'unknown-logger' || d.code === 'undefined-appender').map((d) => `${d.range.start.line}:${String(d.code)}`),
      [],
    );
  });

  test('completion after log4j.logger.com.kan offers the Kantega SSO loggers', async () => {
    const { text: withCursor, position } = cursor(text + 'log4j.logger.com.kan|');
    const end = { line: position.line, character: 0 };
    text = withCursor;
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: ++version },
      contentChanges: [{ range: { start: end, end }, text: 'log4j.logger.com.kan' }],
    });
    const list = (await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position })) as CompletionList;
    const labels = list.items.map((i) => i.label);
    assert.ok(labels.some((l) => l.includes('com.kantegasso.AuditLog')), labels.join(', '));
    assert.ok(labels.some((l) => l.includes('com.kantegasso.DiagnosticsLog')), labels.join(', '));
  });

  test('definition and references of an appender name', async () => {
    const lines = text.split('\n');
    const at = { line: 0, character: lines[0]!.indexOf('confluencelog') + 2 };
    const defs = (await server.connection.sendRequest('textDocument/definition', { textDocument: { uri }, position: at })) as Location[];
    assert.equal(defs.length, 1);
    assert.equal(defs[0]!.range.start.line, 1);
    const refs = (await server.connection.sendRequest('textDocument/references', {
      textDocument: { uri },
      position: at,
      context: { includeDeclaration: false },
    })) as Location[];
    const refLines = refs.map((r) => r.range.start.line).sort((a, b) => a - b);
    assert.ok(refLines.includes(0) && refLines.includes(7), `references on lines ${refLines.join(', ')}`);
  });

  test('document symbols list loggers and appenders', async () => {
    const symbols = (await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as DocumentSymbol[];
    const names = JSON.stringify(symbols.map((s) => [s.name, ...(s.children ?? []).map((c) => c.name)]));
    assert.match(names, /confluencelog/);
    assert.match(names, /com\.kantegasso\.AuditLog/);
  });

  test('authlog.enableLogging asks the editor to apply the vendor lines', async () => {
    const plain = 'file:///work/jira/log4j.properties';
    const jira = [
      'log4j.rootLogger=WARN, filelog',
      'log4j.appender.filelog=com.atlassian.jira.logging.JiraHomeAppender',
      'log4j.appender.filelog.File=atlassian-jira.log',
      '# Security logs',
      'log4j.appender.securitylog=com.atlassian.jira.logging.JiraHomeAppender',
      'log4j.appender.securitylog.File=atlassian-jira-security.log',
      '',
    ].join('\n');
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: plain, languageId: 'properties', version: 1, text: jira } });
    const before = server.applyEdits.seen.length;
    const result = (await server.connection.sendRequest('workspace/executeCommand', {
      command: 'authlog.enableLogging',
      arguments: [plain, 'kantega-audit'],
    })) as { applied: boolean; message: string };
    // The server asked for the edit (workspace/applyEdit) before answering the command.
    assert.equal(result.applied, true, result.message);
    assert.equal(server.applyEdits.seen.length, before + 1);
    const params = server.applyEdits.seen.at(-1)!;
    const after = applyEdits(jira, editsFor(params.edit, plain));
    assert.match(after, /^log4j\.logger\.com\.kantegasso\.AuditLog\s*=\s*INFO,\s*securitylog$/m);
    assert.match(after, /^log4j\.additivity\.com\.kantegasso\.AuditLog\s*=\s*false$/m);
  });

  test('a rule turned off in the settings disappears', async () => {
    const other = 'file:///work/settings/log4j.properties';
    const content = 'log4j.rootLogger=WARN, filelog\nlog4j.appender.filelog=org.apache.log4j.FileAppender\nlog4j.logger.de.resolution.apitokenauth = INFO, nowhere\n';
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: other, languageId: 'properties', version: 1, text: content } });
    assert.ok(codes(await pull(server, other)).includes('2:undefined-appender'));
    server.settings = { rules: { 'undefined-appender': 'off' } };
    const refreshed = server.refreshes.next(() => true, 5000, 'workspace/diagnostic/refresh');
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await refreshed;
    assert.ok(!codes(await pull(server, other)).includes('2:undefined-appender'));
    server.settings = {};
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  });

  test('the product setting is assumed for files that do not tell', async () => {
    const snippet = 'file:///work/snippet/log4j.properties';
    const content = 'log4j.logger.com.kantegasso.AuditLog = INFO, securitylog\nlog4j.additivity.com.kantegasso.AuditLog = false\n';
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: snippet, languageId: 'properties', version: 1, text: content } });
    assert.ok(!codes(await pull(server, snippet)).includes('0:wrong-product-appender'));
    server.settings = { product: 'confluence' };
    const refreshed = server.refreshes.next(() => true, 5000, 'workspace/diagnostic/refresh');
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await refreshed;
    assert.ok(codes(await pull(server, snippet)).includes('0:wrong-product-appender'));
    server.settings = {};
    const back = server.refreshes.next(() => true, 5000, 'workspace/diagnostic/refresh');
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await back;
  });

  test('a document opened under another product than the last settings answered is checked under its own', async () => {
    // The server parses a document when it is opened, under the product of the settings it knows
    // so far ({} here: auto); this document's own settings, answered after, name Confluence.
    const snippet = 'file:///work/snippet2/log4j.properties';
    const content = 'log4j.logger.com.kantegasso.AuditLog = INFO, securitylog\nlog4j.additivity.com.kantegasso.AuditLog = false\n';
    server.settings = { product: 'confluence' };
    try {
      await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: snippet, languageId: 'properties', version: 1, text: content } });
      assert.ok(codes(await pull(server, snippet)).includes('0:wrong-product-appender'));
    } finally {
      server.settings = {};
    }
  });

  test('a .properties file that is not a log4j configuration gets nothing', async () => {
    const i18n = 'file:///work/src/messages.properties';
    await server.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: i18n, languageId: 'properties', version: 1, text: 'greeting=Hello\nfarewell = Bye, ${name}\nlog4j.logger = oops\n' },
    });
    assert.deepEqual(await pull(server, i18n), []);
    const list = (await server.connection.sendRequest('textDocument/completion', { textDocument: { uri: i18n }, position: { line: 0, character: 3 } })) as CompletionList | null;
    assert.deepEqual(list?.items ?? [], []);
  });

  test('bad input: binary junk and a 1 MB line get answers and the server stays alive', async () => {
    const junkUri = 'file:///work/junk/log4j.properties';
    let junk = '';
    for (let i = 0; i < 20_000; i++) junk += String.fromCharCode((i * 7919) % 65_536);
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: junkUri, languageId: 'properties', version: 1, text: junk } });
    await pull(server, junkUri);
    await server.connection.sendRequest('textDocument/completion', { textDocument: { uri: junkUri }, position: { line: 3, character: 5 } });
    await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: junkUri }, position: { line: 99, character: 99 } });

    const longUri = 'file:///work/long/log4j.properties';
    const long = 'log4j.logger.com.kantegasso.AuditLog = INFO, ' + 'x'.repeat(1024 * 1024) + '\nlog4j.rootLogger=' + '='.repeat(1000) + '\n';
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: longUri, languageId: 'properties', version: 1, text: long } });
    await pull(server, longUri);
    await server.connection.sendRequest('textDocument/completion', { textDocument: { uri: longUri }, position: { line: 0, character: 500_000 } });
    await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: longUri } });

    // Positions and arguments that make no sense.
    await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///never/opened.properties' }, position: { line: 0, character: 0 } });
    await assert.rejects(server.connection.sendRequest('workspace/executeCommand', { command: 'authlog.enableLogging', arguments: [42] }));
    await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: -1, character: 1e9 } });
    // Malformed messages: missing parameters, changes to documents never opened, out-of-range edits.
    assert.equal(await server.connection.sendRequest('textDocument/hover', {}), null);
    assert.deepEqual(await server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri } }), []);
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: 'file:///never/opened/log4j.properties', version: 3 }, contentChanges: [{ text: 'x' }] });
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: longUri, version: 2 },
      contentChanges: [{ range: { start: { line: 999, character: 5 }, end: { line: 1999, character: 0 } }, text: '\u0000\uffff' }],
    });
    await pull(server, longUri);

    assert.equal(server.process.exitCode, null, 'still running');
    assert.ok((await pull(server)).length >= 0);
  });

  test('a document over 5 MB is not analysed, and the log says why', async () => {
    const hugeUri = 'file:///work/huge/log4j.properties';
    const line = 'log4j.logger.com.example.Foo = INFO, nowhere\n';
    const huge = line.repeat(Math.ceil((5 * 1024 * 1024 + 1) / line.length));
    const told = server.logs.next((m) => m.message.includes(hugeUri) && /not checked/.test(m.message), 10_000, 'the log message');
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: hugeUri, languageId: 'properties', version: 1, text: huge } });
    const started = Date.now();
    assert.deepEqual(await pull(server, hugeUri), []);
    assert.ok(Date.now() - started < 5000);
    await told;
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: hugeUri } });
  });

  test('a cancelled request is answered promptly with RequestCancelled', async () => {
    const bigUri = 'file:///work/big/log4j.properties';
    const lines: string[] = ['log4j.rootLogger=WARN, filelog', 'log4j.appender.filelog=org.apache.log4j.FileAppender'];
    for (let i = 0; i < 20_000; i++) lines.push(`log4j.logger.com.example.p${i}.C${i} = INFO, filelog`);
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: bigUri, languageId: 'properties', version: 1, text: lines.join('\n') } });
    const source = new CancellationTokenSource();
    const started = Date.now();
    const request = server.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: bigUri } }, source.token);
    source.cancel();
    const error = await request.then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof ResponseError, 'rejected');
    assert.equal(error.code, LSPErrorCodes.RequestCancelled);
    assert.ok(Date.now() - started < 5000, 'answered promptly');
    // And the next request on the same document is served in full.
    const items = await pull(server, bigUri);
    assert.ok(Array.isArray(items));
  });
});

describe('the log viewer requests on the same server', () => {
  let server: TestServer;
  let dir: string;
  before(async () => {
    server = await startTestServer();
    dir = mkdtempSync(join(tmpdir(), 'authlog-lsp-logs-'));
  });
  after(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('authlog/logs/open, page, summary and close answer for a Jira security log', async () => {
    const log = join(dir, 'atlassian-jira-security.log');
    writeFileSync(
      log,
      [
        "2023-06-09 05:10:21,968+0000 http-nio-8080-exec-14 admin 310x2803x1 zokxj2 10.1.2.3 /rest/gadget/1.0/login The user 'admin' has PASSED authentication.",
        "2023-06-09 05:11:11,681+0000 http-nio-8080-exec-17 anonymous 311x2831x1 1qvu69a 10.1.2.3 /login.jsp The user 'admin' has FAILED authentication.  Failure count equals 1",
        '',
      ].join('\n'),
    );
    const opened = (await server.connection.sendRequest('authlog/logs/open', { files: [log] })) as { sessionId: string; files: { path: string }[] };
    assert.equal(typeof opened.sessionId, 'string');
    assert.equal(opened.files[0]?.path, log);
    await server.logProgress.find((p) => p.sessionId === opened.sessionId && p.done, 20_000, 'indexing done (authlog/logs/progress)');
    const page = (await server.connection.sendRequest('authlog/logs/page', { sessionId: opened.sessionId, filter: {}, start: 0, count: 10 })) as {
      rows: { user?: string; message: string }[];
      indexing: boolean;
      total: number;
    };
    assert.equal(page.indexing, false);
    assert.equal(page.total, 2);
    assert.match(page.rows[1]!.message, /FAILED authentication/);
    await server.connection.sendRequest('authlog/logs/close', { sessionId: opened.sessionId });
    await assert.rejects(server.connection.sendRequest('authlog/logs/page', { sessionId: opened.sessionId, filter: {}, start: 0, count: 1 }));
  });
});

describe('log viewer requests without the WebAssembly scanner', () => {
  let server: TestServer;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'authlog-lsp-nowasm-'));
    server = await startTestServer({ env: { AUTHLOG_SCAN_WASM: join(dir, 'missing-scan.wasm') } });
  });
  after(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('a log still opens and is indexed (JavaScript scanner), and the server log says why it is slower', async () => {
    const log = join(dir, 'atlassian-jira-security.log');
    writeFileSync(log, "2023-06-09 05:11:11,681+0000 http-nio-8080-exec-17 anonymous 311x2831x1 1qvu69a 10.1.2.3 /login.jsp The user 'admin' has FAILED authentication.  Failure count equals 1\n");
    const opened = (await server.connection.sendRequest('authlog/logs/open', { files: [log] })) as { sessionId: string };
    await server.logProgress.find((p) => p.sessionId === opened.sessionId && p.done, 20_000, 'indexing done (authlog/logs/progress)');
    const page = (await server.connection.sendRequest('authlog/logs/page', { sessionId: opened.sessionId, filter: {}, start: 0, count: 10 })) as { total: number };
    assert.equal(page.total, 1);
    const warning = await server.logs.find((m) => /WebAssembly core did not load/.test(m.message), 5_000, 'the scanner warning');
    assert.match(warning.message, /missing-scan\.wasm/);
  });
});

describe('language server for a client without pull diagnostics (Neovim 0.7)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ capabilities: neovim07Capabilities });
  });
  after(async () => {
    await server?.stop();
  });

  test('no diagnosticProvider, and diagnostics are pushed after open and after each change', async () => {
    assert.equal(server.initializeResult.capabilities.diagnosticProvider, undefined);
    const pushed = server.diagnostics.next((p) => p.uri === uri && p.diagnostics.length > 0, 10_000, 'publishDiagnostics');
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'properties', version: 1, text: brokenConfig } });
    const first = await pushed;
    assert.ok(codes(first.diagnostics).includes('10:undefined-appender'), codes(first.diagnostics).join(', '));
    assert.equal(first.version, 1);

    const cleared = server.diagnostics.next((p) => p.uri === uri && p.version === 2, 10_000, 'publishDiagnostics for version 2');
    const l10 = brokenConfig.split('\n')[10]!;
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 10, character: l10.indexOf('tokenlog') }, end: { line: 10, character: l10.length } }, text: 'confluencelog' }],
    });
    const second = await cleared;
    assert.ok(!codes(second.diagnostics).includes('10:undefined-appender'));
  });

  test('a settings change re-publishes without the rule turned off', async () => {
    const doc = 'file:///work/nvim-settings/log4j.properties';
    const first = server.diagnostics.next((p) => p.uri === doc && p.diagnostics.length > 0, 10_000, 'publishDiagnostics');
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: doc, languageId: 'properties', version: 1, text: brokenConfig } });
    assert.ok(codes((await first).diagnostics).includes('10:undefined-appender'));
    server.settings = { rules: { 'undefined-appender': 'off' } };
    const again = server.diagnostics.next((p) => p.uri === doc, 10_000, 'publishDiagnostics after the settings change');
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.ok(!codes((await again).diagnostics).includes('10:undefined-appender'));
    server.settings = {};
  });

  test('closing the document clears its diagnostics', async () => {
    const cleared = server.diagnostics.next((p) => p.uri === uri && p.diagnostics.length === 0, 10_000, 'empty publishDiagnostics');
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await cleared;
  });
});

describe('a client without workspace/configuration', () => {
  test('settings come from initializationOptions and didChangeConfiguration', async () => {
    const server = await startTestServer({
      capabilities: { textDocument: { publishDiagnostics: {} } },
      initializationOptions: { settings: { rules: { 'undefined-appender': 'hint' } } },
    });
    try {
      const doc = 'file:///work/plain/log4j.properties';
      const first = server.diagnostics.next((p) => p.uri === doc && p.diagnostics.length > 0, 10_000, 'publishDiagnostics');
      await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: doc, languageId: 'properties', version: 1, text: brokenConfig } });
      const hinted = (await first).diagnostics.find((d) => d.code === 'undefined-appender');
      assert.equal(hinted?.severity, 4, 'severity from initializationOptions');
      const again = server.diagnostics.next((p) => p.uri === doc, 10_000, 'publishDiagnostics after didChangeConfiguration');
      await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: { authlog: { rules: { 'undefined-appender': 'off' } } } });
      assert.ok(!codes((await again).diagnostics).includes('10:undefined-appender'));
      assert.equal(server.configurationRequests, 0);
    } finally {
      await server.stop();
    }
  });
});

describe('node IPC transport (what VS Code uses: TransportKind.ipc)', () => {
  test('initialize, diagnostics and shutdown over --node-ipc; the server leaves when the parent disconnects', async () => {
    await ensureBuilt();
    const child = fork(serverJs, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
    connection.onRequest('client/registerCapability', () => null);
    connection.listen();
    try {
      const init = (await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: fullCapabilities })) as InitializeResult;
      assert.ok(init.capabilities.diagnosticProvider);
      await connection.sendNotification('initialized', {});
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'properties', version: 1, text: brokenConfig } });
      const r = (await connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as DocumentDiagnosticReport;
      assert.ok(r.kind === 'full' && codes(r.items).includes('10:undefined-appender'));
    } finally {
      const exited = once(child, 'exit');
      connection.dispose();
      child.disconnect();
      const [code] = (await exited) as [number | null];
      assert.equal(code, 0);
    }
  });
});

describe('socket transport', () => {
  test('--socket=<port>: the server connects to the editor on 127.0.0.1 and answers', async () => {
    await ensureBuilt();
    const transport = await createClientSocketTransport(0);
    const child = spawn(process.execPath, [serverJs, `--socket=${transport.port()}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    const exited = once(child, 'exit');
    try {
      const [reader, writer] = await transport.onConnected();
      const connection = createProtocolConnection(reader, writer);
      connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
      connection.onRequest('client/registerCapability', () => null);
      connection.listen();
      const init = (await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: fullCapabilities })) as InitializeResult;
      assert.ok(init.capabilities.completionProvider);
      await connection.sendNotification('initialized', {});
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'properties', version: 1, text: brokenConfig } });
      const r = (await connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as DocumentDiagnosticReport;
      assert.ok(r.kind === 'full' && codes(r.items).includes('10:undefined-appender'));
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      const [code] = (await exited) as [number | null];
      assert.equal(code, 0);
      connection.dispose();
    } finally {
      transport.close();
      if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    }
  });
});

describe('server lifecycle', () => {
  test('shutdown then exit ends the process with status 0', async () => {
    const server = await startTestServer();
    const exited = once(server.process, 'exit');
    await server.connection.sendRequest('shutdown');
    await server.connection.sendNotification('exit');
    const [code] = await exited;
    assert.equal(code, 0);
    server.connection.dispose();
  });

  test('the server ends when its parent closes stdin', async () => {
    const server = await startTestServer();
    const exited = once(server.process, 'exit');
    server.process.stdin!.end();
    const [code] = await exited;
    assert.notEqual(code, null);
    server.connection.dispose();
  });
});
