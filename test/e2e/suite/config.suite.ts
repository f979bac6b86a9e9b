// The log4j configuration features as a user meets them in the real VS Code, on the sample
// workspace (samples/workspace, copied fresh for each run): findings, fixes, completion, hover,
// the "Enable audit logging" command. Edits go through WorkspaceEdit and are never saved.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import {
  authlog, closeAll, codeOf, completionTexts, describeDiagnostics, file, metric, open, positionOf,
  readSample, scratch, waitForDiagnostics, waitForText,
} from './helpers';

/** A Command has a string `command`; a CodeAction has an optional Command object there. */
const isCodeAction = (a: vscode.CodeAction | vscode.Command): a is vscode.CodeAction => typeof (a as vscode.Command).command !== 'string';
async function apply(fix: vscode.CodeAction): Promise<void> {
  if (fix.edit) assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the edit applies');
  if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
}
const has = (code: string) => (ds: vscode.Diagnostic[]) => ds.some((d) => codeOf(d) === code);
const hasAll = (...codes: string[]) => (ds: vscode.Diagnostic[]) => codes.every((c) => ds.some((d) => codeOf(d) === c));

suite('log4j configuration files in VS Code', () => {
  suiteSetup(async function () {
    this.timeout(90_000);
    await authlog();
  });
  teardown(closeAll);

  test('opening a broken Jira log4j.properties shows AuthLog findings: misspelled logger, missing additivity, undefined appender', async () => {
    const uri = file('jira/log4j.properties');
    const t0 = Date.now();
    await open(uri);
    const first = await waitForDiagnostics(uri, (ds) => ds.length > 0, 'the first AuthLog diagnostic');
    metric('open-to-first-diagnostic', Date.now() - t0);
    const ds = await waitForDiagnostics(uri, hasAll('unknown-logger', 'additivity', 'undefined-appender'), 'unknown-logger, additivity and undefined-appender');
    assert.ok(first.length > 0);
    const unknown = ds.find((d) => codeOf(d) === 'unknown-logger')!;
    assert.match(unknown.message, /com\.kantegasso\.AuditLog/, `the message names the documented logger:\n${describeDiagnostics(ds)}`);
    const doc = vscode.window.activeTextEditor!.document;
    assert.equal(doc.getText(unknown.range).includes('Auditlog'), true, `the squiggle is on the misspelled name, not on "${doc.getText(unknown.range)}"`);
    const undefinedAppender = ds.find((d) => codeOf(d) === 'undefined-appender')!;
    assert.equal(doc.getText(undefinedAppender.range), 'ratelimitlog');
    assert.equal(undefinedAppender.severity, vscode.DiagnosticSeverity.Error);
    // Jira's own `ON` level on LoggingSQLInterceptor is not called an error.
    const sqlLine = positionOf(doc, 'LoggingSQLInterceptor = ON').line;
    assert.ok(!ds.some((d) => d.range.start.line === sqlLine && d.severity === vscode.DiagnosticSeverity.Error), `no error on Jira's own "= ON" line:\n${describeDiagnostics(ds)}`);
  });

  test('typing the right logger name (without saving) clears the misspelled-logger finding', async () => {
    const text = await readSample('jira/log4j.properties');
    const editor = await scratch('typing/log4j.properties', text);
    const doc = editor.document;
    await waitForDiagnostics(doc.uri, has('unknown-logger'), 'the unknown-logger finding');
    const edit = new vscode.WorkspaceEdit();
    for (let i = 0, at = text.indexOf('Auditlog'); at >= 0; at = text.indexOf('Auditlog', at + 1), i++) {
      edit.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + 'Auditlog'.length)), 'AuditLog');
    }
    assert.ok(await vscode.workspace.applyEdit(edit));
    const ds = await waitForDiagnostics(doc.uri, (d) => !has('unknown-logger')(d) && d.length > 0, 'the unknown-logger finding to go away');
    assert.equal(doc.isDirty, true, 'the fix was typed, not saved');
    assert.ok(has('additivity')(ds), `the other findings stay:\n${describeDiagnostics(ds)}`);
  });

  test('completion after "log4j.logger." offers the documented loggers', async () => {
    // The misspelt logger's finding tells that the server has read this document (completion asked
    // before that may be answered by VS Code's word completion alone).
    const editor = await scratch(
      'completion/log4j.properties',
      'log4j.rootLogger=WARN, filelog\nlog4j.appender.filelog=org.apache.log4j.ConsoleAppender\nlog4j.logger.com.kantegasso.Auditlog=INFO, filelog\nlog4j.logger.',
    );
    const doc = editor.document;
    await waitForDiagnostics(doc.uri, has('unknown-logger'), 'the server to read the document');
    const end = doc.lineAt(doc.lineCount - 1).range.end;
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, end);
    const texts = list.items.flatMap(completionTexts);
    for (const w of ['com.kantegasso.AuditLog', 'com.kantegasso.DiagnosticsLog', 'de.resolution.apitokenauth']) {
      assert.ok(texts.some((t) => t.includes(w)), `completion offers ${w}; it offered: ${[...new Set(texts)].slice(0, 40).join(', ')}`);
    }
  });

  test('the quick fix "additivity = false" for a documented logger applies and the file is right', async () => {
    const text = await readSample('jira/log4j.properties');
    const editor = await scratch('quickfix-additivity/log4j.properties', text);
    const doc = editor.document;
    const ds = await waitForDiagnostics(doc.uri, has('additivity'), 'the additivity finding');
    const diag = ds.find((d) => codeOf(d) === 'additivity')!;
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value, 10);
    const fix = actions.filter(isCodeAction).find((a) => (a.diagnostics ?? []).some((d) => codeOf(d) === 'additivity') || /additivity/i.test(a.title));
    assert.ok(fix, `a quick fix for the additivity finding; offered: ${actions.map((a) => a.title).join(' | ') || '(none)'}`);
    await apply(fix);
    const after = await waitForText(doc, (t) => /^log4j\.additivity\.com\.kantegasso\.DiagnosticsLog\s*=\s*false\s*$/m.test(t), 'the additivity line');
    // Nothing else changed: the new line is the only difference.
    const before = new Set(text.split('\n'));
    const added = after.split('\n').filter((l) => l.trim() && !before.has(l));
    assert.equal(added.length, 1, `one line added, got:\n${added.join('\n')}`);
    assert.equal(after.split('\n').filter((l) => l.trim()).length, text.split('\n').filter((l) => l.trim()).length + 1, 'no line removed');
    await waitForDiagnostics(doc.uri, (d) => !d.some((x) => codeOf(x) === 'additivity' && doc.getText(x.range).includes('DiagnosticsLog')), 'the additivity finding to go away');
  });

  test('the quick fix for com.kantegasso.Auditlog renames it to com.kantegasso.AuditLog', async () => {
    const text = await readSample('jira/log4j.properties');
    const editor = await scratch('quickfix-name/log4j.properties', text);
    const doc = editor.document;
    const ds = await waitForDiagnostics(doc.uri, has('unknown-logger'), 'the unknown-logger finding');
    const diag = ds.find((d) => codeOf(d) === 'unknown-logger')!;
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value, 10);
    const fix = actions.filter(isCodeAction).find((a) => /AuditLog/.test(a.title));
    assert.ok(fix, `a quick fix naming com.kantegasso.AuditLog; offered: ${actions.map((a) => a.title).join(' | ') || '(none)'}`);
    await apply(fix);
    await waitForText(doc, (t) => /^log4j\.logger\.com\.kantegasso\.AuditLog = INFO, securitylog$/m.test(t), 'the corrected logger line');
  });

  test('hovering over com.kantegasso.DiagnosticsLog explains what it writes', async () => {
    const editor = await open(file('jira/log4j.properties'));
    const pos = positionOf(editor.document, 'com.kantegasso.DiagnosticsLog').translate(0, 5);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, pos);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /Kantega/i, `the hover names the app; hover text:\n${text || '(no hover)'}`);
    assert.match(text, /JSON|Kerberos|failure/i, `the hover says what the logger writes; hover text:\n${text}`);
  });

  test('the Confluence file: AuditLog at WARN and Jira\'s securitylog appender are flagged', async () => {
    const uri = file('confluence/log4j.properties');
    await open(uri);
    const ds = await waitForDiagnostics(uri, hasAll('level-suppresses', 'wrong-product-appender'), 'level-suppresses and wrong-product-appender');
    const level = ds.find((d) => codeOf(d) === 'level-suppresses')!;
    assert.match(level.message, /INFO/, `the message says which level is needed:\n${describeDiagnostics(ds)}`);
  });

  test('the Jira 9.5 log4j2.xml: a documented logger without additivity="false" is flagged', async () => {
    const uri = file('jira-9.5/log4j2.xml');
    await open(uri);
    const ds = await waitForDiagnostics(uri, has('additivity'), 'the additivity finding');
    assert.ok(!ds.some((d) => d.severity === vscode.DiagnosticSeverity.Error), `no errors in a well-formed Jira 9.5 file:\n${describeDiagnostics(ds)}`);
  });

  test('"AuthLog: Enable audit logging" (server command) adds the Kantega lines to a file that has none', async () => {
    const jira = (await readSample('jira/log4j.properties')).split('\n').filter((l) => !/kantegasso|apitokenauth|ratelimitlog|Kantega/.test(l)).join('\n');
    const editor = await scratch('enable/log4j.properties', jira);
    const doc = editor.document;
    await waitForDiagnostics(doc.uri, () => true, 'the server to read the file', 30_000);
    const result = await vscode.commands.executeCommand<{ applied: boolean; message: string } | null>('authlog.enableLogging', doc.uri.toString(), 'kantega-audit');
    assert.ok(result?.applied, `the server applied the edit: ${JSON.stringify(result)}`);
    const after = await waitForText(doc, (t) => /^log4j\.logger\.com\.kantegasso\.AuditLog\s*=\s*INFO,\s*securitylog\s*$/m.test(t), 'the AuditLog logger line');
    assert.match(after, /^log4j\.additivity\.com\.kantegasso\.AuditLog\s*=\s*false\s*$/m);
    // It went into Jira's "# Security logs" section, as Kantega's documentation says.
    const security = after.indexOf('# Security logs');
    assert.ok(security >= 0 && after.indexOf('com.kantegasso.AuditLog') > security, 'inserted after "# Security logs"');
    const ds = await waitForDiagnostics(doc.uri, (d) => !d.some((x) => doc.getText(x.range).includes('kantegasso')), 'no finding on the inserted lines');
    assert.ok(!ds.some((d) => codeOf(d) === 'additivity' && /AuditLog/.test(d.message)));
  });
});

interface StateChange {
  state: string;
  message?: string;
}
interface ApiWithState {
  ready: Promise<void>;
  state(): StateChange;
  onDidChangeState: vscode.Event<StateChange>;
}

/** Pids of this extension host's children running AuthLog's server (dist/server.js). */
function serverPids(): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes('server.js')) pids.push(Number(name));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

suite('a crash of the language server', () => {
  teardown(closeAll);

  test('is recovered: the status goes to "restarting" and back to "ready", and findings come back', async function () {
    this.timeout(90_000);
    const ext = vscode.extensions.getExtension<ApiWithState>('authlog.authlog')!;
    const api = await ext.activate();
    await api.ready;
    const before = serverPids();
    assert.equal(before.length, 1, `one AuthLog server runs as a child of the extension host (found ${before.join(', ') || 'none'})`);
    const states: string[] = [];
    const backToReady = new Promise<void>((resolve) => {
      const sub = api.onDidChangeState((s) => {
        states.push(s.state + (s.message ? ` (${s.message})` : ''));
        if (s.state === 'ready' && states.some((x) => x.startsWith('starting'))) {
          sub.dispose();
          resolve();
        }
      });
    });
    process.kill(before[0]!, 'SIGKILL');
    await backToReady;
    assert.ok(states.some((s) => /restarting/.test(s)), `the status said the server is restarting: ${states.join(' -> ')}`);
    assert.equal(api.state().state, 'ready');
    const after = serverPids();
    assert.equal(after.length, 1, 'a new server runs');
    assert.notEqual(after[0], before[0], 'it is a new process');
    // The language features work again: a broken file gets its findings.
    const text = await readSample('jira/log4j.properties');
    const editor = await scratch('crash/log4j.properties', text);
    await waitForDiagnostics(editor.document.uri, has('unknown-logger'), 'the unknown-logger finding after the restart');
  });
});
