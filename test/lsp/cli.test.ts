// `node dist/cli.js lint`: the same findings as the editor, for shells and CI.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliJs, ensureBuilt, root } from './harness';
import { brokenConfig } from './fixtures';

let dir: string;
let good: string;
let bad: string;

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliJs, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

before(async () => {
  await ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'authlog-cli-'));
  mkdirSync(join(dir, 'good'));
  mkdirSync(join(dir, 'bad'));
  good = join(dir, 'good', 'log4j.properties');
  bad = join(dir, 'bad', 'log4j.properties');
  writeFileSync(
    good,
    [
      'log4j.rootLogger=WARN, confluencelog',
      'log4j.appender.confluencelog=com.atlassian.confluence.logging.ConfluenceHomeLogAppender',
      'log4j.appender.confluencelog.layout=com.atlassian.confluence.util.PatternLayoutWithContext',
      'log4j.appender.confluencelog.layout.ConversionPattern=%d %p [%t] [%c{4}] %M %m%n',
      'log4j.logger.com.kantegasso.AuditLog = INFO, confluencelog',
      'log4j.additivity.com.kantegasso.AuditLog = false',
      '',
    ].join('\n'),
  );
  writeFileSync(bad, brokenConfig);
  writeFileSync(join(dir, 'messages.properties'), 'greeting=Hello\n');
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a clean file: exit 0 and no error findings', async () => {
  const r = await run(['lint', good]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.doesNotMatch(r.stdout, / error /);
});

test('a broken file: exit 1 and file:line:col severity code message lines', async () => {
  const r = await run(['lint', bad]);
  assert.equal(r.code, 1, r.stderr);
  const col = brokenConfig.split('\n')[10]!.indexOf('tokenlog') + 1;
  assert.ok(r.stdout.split('\n').some((l) => l.startsWith(`${bad}:11:${col} error undefined-appender `)), r.stdout);
  assert.match(r.stdout, new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:8:\\d+ warning unknown-logger `, 'm'));
});

test('--format json prints an array of findings', async () => {
  const r = await run(['lint', '--format', 'json', bad, good]);
  assert.equal(r.code, 1, r.stderr);
  const findings = JSON.parse(r.stdout) as Record<string, unknown>[];
  assert.ok(Array.isArray(findings) && findings.length >= 2);
  const f = findings.find((x) => x.code === 'undefined-appender')!;
  assert.deepEqual(Object.keys(f).sort(), ['code', 'column', 'endColumn', 'endLine', 'file', 'line', 'message', 'severity']);
  assert.equal(f.file, bad);
  assert.equal(f.line, 11);
  assert.equal(f.severity, 'error');
  assert.equal(typeof f.message, 'string');
});

test('--rule changes a severity, as the editor setting does', async () => {
  const off = await run(['lint', '--format', 'json', '--rule', 'undefined-appender=off', bad]);
  const codes = (JSON.parse(off.stdout) as { code: string; severity: string }[]).map((f) => f.code);
  assert.ok(!codes.includes('undefined-appender'));
  assert.equal(off.code, codes.length && (JSON.parse(off.stdout) as { severity: string }[]).some((f) => f.severity === 'error') ? 1 : 0);
  const raised = await run(['lint', '--rule', 'unknown-logger=error', '--rule', 'undefined-appender=hint', bad]);
  assert.match(raised.stdout, /:8:\d+ error unknown-logger /);
  assert.match(raised.stdout, /:11:\d+ hint undefined-appender /);
});

test('usage errors and unreadable files exit 2 with a clear message', async () => {
  const missing = await run(['lint', join(dir, 'nope.properties')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read .*nope\.properties: no such file/);

  const directory = await run(['lint', dir]);
  assert.equal(directory.code, 2);
  assert.match(directory.stderr, /is a directory/);

  const noFiles = await run(['lint']);
  assert.equal(noFiles.code, 2);
  assert.match(noFiles.stderr, /no file given/);

  const badRule = await run(['lint', '--rule', 'no-such-rule=off', good]);
  assert.equal(badRule.code, 2);
  assert.match(badRule.stderr, /unknown rule "no-such-rule"/);

  const badSeverity = await run(['lint', '--rule', 'additivity=loud', good]);
  assert.equal(badSeverity.code, 2);

  const badFlag = await run(['lint', '--colour', good]);
  assert.equal(badFlag.code, 2);

  const badFormat = await run(['lint', '--format', 'xml', good]);
  assert.equal(badFormat.code, 2);
  assert.match(badFormat.stderr, /unknown format/);

  const badCommand = await run(['frobnicate']);
  assert.equal(badCommand.code, 2);
  assert.match(badCommand.stderr, /unknown command/);
});

test('a file that is not a log4j configuration is skipped with a note', async () => {
  const r = await run(['lint', join(dir, 'messages.properties'), good]);
  assert.equal(r.code, 0);
  assert.match(r.stderr, /messages\.properties: not a log4j configuration, skipped/);
});

test('--help and --version', async () => {
  const help = await run(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /authlog lint <file\.\.\.>/);
  const lintHelp = await run(['lint', '--help']);
  assert.equal(lintHelp.code, 0);
  assert.match(lintHelp.stdout, /undefined-appender/);
  const version = await run(['--version']);
  assert.equal(version.code, 0);
  assert.match(version.stdout.trim(), /^\d+\.\d+\.\d+$/);
});

test('authlog logs is dispatched to the log commands', async () => {
  const help = await run(['logs', '--help']);
  assert.equal(help.code, 0, help.stderr);
  assert.match(help.stdout, /authlog logs summary/);
  const log = join(dir, 'atlassian-jira-security.log');
  writeFileSync(
    log,
    "2023-06-09 05:11:11,681+0000 http-nio-8080-exec-17 anonymous 311x2831x1 1qvu69a 10.1.2.3 /login.jsp The user 'admin' has FAILED authentication.  Failure count equals 1\n",
  );
  const summary = await run(['logs', 'summary', log]);
  assert.equal(summary.code, 0, summary.stderr);
  assert.match(summary.stdout, /Entries: 1/);
  const bad = await run(['logs', 'frobnicate']);
  assert.equal(bad.code, 2);
});

test('--product is assumed when the file does not tell', async () => {
  const snippet = join(dir, 'snippet', 'log4j.properties');
  mkdirSync(join(dir, 'snippet'));
  writeFileSync(snippet, 'log4j.logger.com.kantegasso.AuditLog = INFO, securitylog\nlog4j.additivity.com.kantegasso.AuditLog = false\n');
  const auto = await run(['lint', snippet]);
  assert.doesNotMatch(auto.stdout, /wrong-product-appender/);
  const confluence = await run(['lint', '--product', 'confluence', snippet]);
  assert.match(confluence.stdout, /:1:\d+ warning wrong-product-appender .*confluencelog/);
  const bad = await run(['lint', '--product', 'bitbucket', snippet]);
  assert.equal(bad.code, 2);
});
