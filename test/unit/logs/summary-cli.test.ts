// `authlog logs summary|grep`: in-process and through the real bundle (node dist/cli.js), checked
// against the truth the fixture generator wrote.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runLogsCommand, safe, scanFiles } from '../../../server/src/cli/logs';
import { SummaryBuilder } from '../../../server/src/logs/summary';

const root = join(__dirname, '../../..');
const fixtures = join(root, 'test/fixtures/logs');
const cli = join(root, 'dist/cli.js');
const run = promisify(execFile);

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) }, out, err };
}

const truth = (name: string) => JSON.parse(readFileSync(join(fixtures, name + '.expected.json'), 'utf8'));

before(() => {
  // Build the bundle when it is missing or older than the sources it bundles from here.
  const newest = Math.max(
    ...['server/src/cli', 'server/src/logs', 'shared'].flatMap((d) =>
      readdirSync(join(root, d)).filter((f) => f.endsWith('.ts')).map((f) => statSync(join(root, d, f)).mtimeMs),
    ),
  );
  if (!existsSync(cli) || statSync(cli).mtimeMs < newest) {
    const r = spawnSync(process.execPath, ['build.mjs'], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  }
});

test('summary --json over two files adds their truths up', async () => {
  const c = capture();
  const code = await runLogsCommand(['summary', join(fixtures, 'jira/atlassian-jira-security.log'), join(fixtures, 'apitokenservice.log'), '--json'], c.io);
  assert.equal(code, 0);
  const { files, summary } = JSON.parse(c.out.join(''));
  const a = truth('jira/atlassian-jira-security');
  const b = truth('apitokenservice');
  assert.deepEqual(files.map((f: { format: string; entries: number }) => [f.format, f.entries]), [['jira-security', a.entries], ['apitokenservice', b.entries]]);
  assert.equal(summary.entries, a.entries + b.entries);
  assert.equal(summary.lines, a.lines + b.lines);
  assert.equal(summary.byKind.login, a.byKind.login);
  assert.equal(summary.byKind.apitoken, b.byKind.apitoken);
  assert.equal(summary.byOutcome.passed, a.byOutcome.passed + b.byOutcome.passed);
  assert.equal(summary.byOutcome.limited, b.byOutcome.limited);
  assert.deepEqual(summary.byMethod.SAML, a.methods.SAML);
  assert.equal(summary.firstTime, a.firstTime < b.firstTime ? a.firstTime : b.firstTime);
});

test('node dist/cli.js logs summary prints the panel\'s numbers as text', async () => {
  const { stdout } = await run(process.execPath, [cli, 'logs', 'summary', join(fixtures, 'jira/atlassian-jira.log')], { cwd: root });
  const t = truth('jira/atlassian-jira');
  assert.match(stdout, new RegExp(`^Entries: ${t.entries}$`, 'm'));
  assert.match(stdout, new RegExp(`^Lines: ${t.lines}$`, 'm'));
  assert.match(stdout, new RegExp(`^First: ${t.firstTime}$`, 'm'));
  assert.match(stdout, new RegExp(`diagnostics ${t.byKind.diagnostics}`));
  assert.match(stdout, new RegExp(`^  Kerberos: passed 0, failed ${t.methods.Kerberos.failed}$`, 'm'));
  assert.match(stdout, new RegExp(`^ +${t.failingUsers['ci-bot']}  ci-bot$`, 'm'));
  assert.match(stdout, /^Failure reasons:\n +\d+  User is not a member of a configured required group$/m);
});

test('node dist/cli.js logs summary --json matches the in-process result', async () => {
  const file = join(fixtures, 'confluence/atlassian-confluence.log');
  const { stdout } = await run(process.execPath, [cli, 'logs', 'summary', file, '--json'], { cwd: root });
  const c = capture();
  await runLogsCommand(['summary', file, '--json'], c.io);
  assert.deepEqual(JSON.parse(stdout), JSON.parse(c.out.join('')));
  const t = truth('confluence/atlassian-confluence');
  assert.equal(JSON.parse(stdout).summary.byOutcome.failed, t.byOutcome.failed);
});

test('grep --failures --kind audit lists the failed audit entries, one per line', async () => {
  const c = capture();
  const code = await runLogsCommand(['grep', join(fixtures, 'jira/atlassian-jira-security.log'), '--kind', 'audit', '--failures', '--json'], c.io);
  assert.equal(code, 0);
  const rows = c.out.join('').trim().split('\n').map((l) => JSON.parse(l));
  // Kantega audit failures the generator wrote: 26 drawn at random plus the hostile one.
  assert.equal(rows.length, 27);
  assert.ok(rows.every((r) => r.kind === 'audit' && r.outcome === 'failed' && typeof r.subject === 'string'));
});

test('a missing file is reported, the others still summarised, exit code 1; usage errors exit 2', async () => {
  const c = capture();
  const code = await runLogsCommand(['summary', join(fixtures, 'apitokenservice.log'), join(fixtures, 'nope.log')], c.io);
  assert.equal(code, 1);
  assert.match(c.err.join(''), /nope\.log: no such file/);
  assert.match(c.out.join(''), /^Entries: 80$/m);
  assert.equal(await runLogsCommand(['summary'], capture().io), 2);
  assert.equal(await runLogsCommand(['frobnicate', 'x'], capture().io), 2);
  const g = capture();
  assert.equal(await runLogsCommand(['grep', 'x.log', '--kind', 'nonsense'], g.io), 2);
  assert.match(g.err.join(''), /unknown kind "nonsense"/);
  const r = capture();
  assert.equal(await runLogsCommand(['grep', join(fixtures, 'apitokenservice.log'), '--text', '(', '--regex'], r.io), 2);
  assert.match(r.err.join(''), /Invalid regular expression/);
});

test('terminal escape sequences in log text are escaped in text output', () => {
  assert.equal(safe('user\u001b[31mred\u0007'), 'user\\u001b[31mred\\u0007');
  assert.equal(safe('tab\tkept'), 'tab\tkept');
});

test('the engine (LogSession) and the plain streaming reader give the same summary on every fixture', async () => {
  for (const name of ['jira/atlassian-jira.log', 'jira/atlassian-jira-security.log', 'confluence/atlassian-confluence.log', 'apitokenservice.log', 'examples/bitbucket.log', 'examples/seed-diagnostics-wrapped.log']) {
    const file = join(fixtures, name);
    const c = capture();
    assert.equal(await runLogsCommand(['summary', file, '--json'], c.io), 0);
    const engine = JSON.parse(c.out.join('')).summary;
    const b = new SummaryBuilder();
    await scanFiles([file], (row) => b.add(row));
    const simple = b.build();
    for (const k of ['entries', 'lines', 'byKind', 'byOutcome', 'byLevel', 'byMethod', 'failureReasons', 'topFailingUsers', 'topFailingIps', 'firstTime', 'lastTime', 'timeline'] as const) {
      assert.deepEqual(engine[k], simple[k], `${name}: ${k}`);
    }
  }
});

test('the plain reader: a byte order mark, CRLF line ends and gzip do not change the entries', async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { gzipSync } = await import('node:zlib');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'authlog-reader-'));
  try {
    const text = readFileSync(join(fixtures, 'jira/atlassian-jira-security.log'), 'utf8');
    const variants = { bom: '\ufeff' + text, crlf: text.replace(/\n/g, '\r\n') };
    const counts = async (p: string) => {
      const b = new SummaryBuilder();
      const files = await scanFiles([p], (row) => b.add(row));
      return { format: files[0]!.format, s: b.build() };
    };
    const base = await counts(join(fixtures, 'jira/atlassian-jira-security.log'));
    for (const [name, body] of Object.entries(variants)) {
      writeFileSync(join(dir, name + '.log'), body);
      const r = await counts(join(dir, name + '.log'));
      assert.equal(r.format, 'jira-security', name);
      assert.deepEqual(r.s, base.s, name);
    }
    writeFileSync(join(dir, 'atlassian-jira-security.log.1.gz'), gzipSync(text));
    assert.deepEqual((await counts(join(dir, 'atlassian-jira-security.log.1.gz'))).s, base.s);
    writeFileSync(join(dir, 'broken.log.gz'), 'not gzip at all');
    const broken = await scanFiles([join(dir, 'broken.log.gz')], () => undefined);
    assert.match(broken[0]!.error ?? '', /gzip|header/i);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
