// Realistic files: the good fixtures give no warning or error; each mistake of the mistakes
// fixtures gives exactly one finding on its line; the real shipped configs give no error and no
// crash; a 20,000-line file parses and validates fast.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { buildModel, detectSyntax } from '../../../server/src/config/build';
import { validate } from '../../../server/src/config/validate';

const fixtures = join(__dirname, '..', '..', 'fixtures');

function lintFile(path: string): { text: string; diagnostics: Diagnostic[]; syntax: string; product: string } {
  const text = readFileSync(path, 'utf8');
  const syntax = detectSyntax(path, text);
  assert.ok(syntax, `${path} is recognised as a log4j file`);
  const doc = TextDocument.create(`file://${path}`, syntax!.endsWith('xml') ? 'xml' : 'properties', 1, text);
  const model = buildModel(text, syntax!);
  return { text, diagnostics: validate(doc, model), syntax: syntax!, product: model.product };
}

const msg = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);
const describe = (d: Diagnostic) => `line ${d.range.start.line + 1} ${d.code} (${d.severity}): ${msg(d)}`;

for (const [file, syntax, product] of [
  ['configs/jira-log4j.properties', 'log4j1-properties', 'jira'],
  ['configs/confluence-log4j.properties', 'log4j1-properties', 'confluence'],
  ['configs/jira-log4j2.xml', 'log4j2-xml', 'jira'],
  ['configs/log4j2.properties', 'log4j2-properties', 'jira'],
  ['configs/log4j.xml', 'log4j1-xml', 'jira'],
] as const) {
  test(`good fixture ${file}: no warning, no error`, () => {
    const r = lintFile(join(fixtures, file));
    assert.equal(r.syntax, syntax);
    assert.equal(r.product, product);
    const bad = r.diagnostics.filter((d) => (d.severity ?? 1) <= 2);
    assert.deepEqual(bad.map(describe), []);
  });
}

test('good fixtures: the Kantega DiagnosticsLog reminder is the only information; Jira\'s ON is a hint', () => {
  const r = lintFile(join(fixtures, 'configs/jira-log4j.properties'));
  assert.deepEqual(
    r.diagnostics.map((d) => `${d.code}:${d.severity}`).sort(),
    ['diagnostics-failure-collection:3', 'invalid-level:4'],
  );
});

/** `# expect: rule` / `<!-- expect: rule -->` comments name the one finding of the next line. */
function expectations(text: string): string[] {
  const lines = text.split(/\r?\n/);
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /(?:#|<!--)\s*expect:\s*([a-z0-9-]+)/.exec(lines[i]);
    if (!m) continue;
    let j = i + 1;
    while (j < lines.length && /(?:#|<!--)\s*expect:/.test(lines[j])) j++;
    out.push(`${j + 1}:${m[1]}`);
  }
  return out.sort();
}

for (const file of ['configs/jira-mistakes.properties', 'configs/confluence-mistakes.properties', 'configs/jira-mistakes-log4j2.xml']) {
  test(`mistakes fixture ${file}: each mistake gives exactly one finding, on its line`, () => {
    const r = lintFile(join(fixtures, file));
    const expected = expectations(r.text);
    assert.ok(expected.length >= 9, `${file} has its expectations (${expected.length})`);
    const got = r.diagnostics.map((d) => `${d.range.start.line + 1}:${d.code}`).sort();
    assert.deepEqual(got, expected, r.diagnostics.map(describe).join('\n'));
    // Messages say what log4j does; every finding carries source and code.
    for (const d of r.diagnostics) {
      assert.equal(d.source, 'authlog');
      assert.ok(msg(d).length > 30, msg(d));
    }
  });
}

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (!name.endsWith('.md')) yield p;
  }
}

const realDir = join(fixtures, 'real-configs');
for (const path of files(realDir)) {
  test(`real shipped config ${relative(realDir, path)}: no crash, no error, no warning`, () => {
    // A shipped file is not broken. Findings that do remain on them are hints (e.g. Jira's `ON`):
    // none of the five files here has a warning-worthy problem (the Jinja `{{ confluence_home }}`
    // File is a literal file name to log4j; `nowarnconsole` defined but unused is fine).
    const r = lintFile(path);
    assert.equal(r.syntax, 'log4j1-properties');
    assert.ok(r.product === 'jira' || r.product === 'confluence', r.product);
    assert.deepEqual(r.diagnostics.filter((d) => (d.severity ?? 1) <= 2).map(describe), []);
  });
}

test('the real Jira file: 111 loggers plus the root, 17 appenders, the Security logs section found', () => {
  const text = readFileSync(join(realDir, 'jira-7.13.2/log4j.properties'), 'utf8');
  const m = buildModel(text, 'log4j1-properties');
  assert.equal(m.loggers.filter((l) => !l.isRoot).length, 111);
  assert.equal(m.loggers.filter((l) => l.isRoot).length, 1);
  assert.equal(m.appenders.length, 17);
  assert.ok(m.insertion.securitySection! > text.indexOf('# Security logs'));
});

/** CPU time of this process in ms: unlike wall time it does not count waiting for a busy CPU. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * Times `small` and `big` (8x the lines), interleaved, best of `rounds` each, in CPU time. On a
 * shared, overloaded machine wall times swing by 5x; CPU time much less. Linear work gives about 8
 * (up to ~16 once the bigger model outgrows V8's young generation), a quadratic slip about 64.
 */
function scaling(small: () => unknown, big: () => unknown, rounds = 5): { small: number; big: number; ratio: number } {
  small();
  big();
  let bs = Infinity;
  let bb = Infinity;
  for (let k = 0; k < rounds; k++) {
    let t0 = cpuMs();
    small();
    bs = Math.min(bs, cpuMs() - t0);
    t0 = cpuMs();
    big();
    bb = Math.min(bb, cpuMs() - t0);
  }
  return { small: bs, big: bb, ratio: bb / Math.max(bs, 0.5) };
}

function propertiesOfLines(target: number): string {
  const base = readFileSync(join(fixtures, 'configs/jira-log4j.properties'), 'utf8');
  const lines: string[] = [base];
  let n = base.split('\n').length;
  let i = 0;
  while (n < target) {
    lines.push(`log4j.logger.com.example.generated.pkg${i}.Class${i} = INFO, filelog`, `log4j.additivity.com.example.generated.pkg${i}.Class${i} = false`, `log4j.appender.gen${i}.File=gen-${i}.log`, '');
    n += 4;
    i++;
  }
  return lines.join('\n');
}

function xmlOfLines(target: number): string {
  const parts = ['<Configuration><Appenders><File name="f" fileName="a.log"/></Appenders><Loggers>'];
  for (let i = 0; i < Math.floor(target / 3); i++) parts.push(`<Logger name="com.example.p${i}" level="INFO" additivity="false">`, `  <AppenderRef ref="f"/>`, '</Logger>');
  parts.push('<Root level="WARN"><AppenderRef ref="f"/></Root></Loggers></Configuration>');
  return parts.join('\n');
}

function lintRun(text: string, syntax: 'log4j1-properties' | 'log4j2-xml'): () => unknown {
  const doc = TextDocument.create('file:///big', syntax.endsWith('xml') ? 'xml' : 'properties', 1, text);
  return () => validate(doc, buildModel(text, syntax));
}

// Speed targets are measured by `npm run bench` (bench/lsp.ts); here only the shape of the cost:
// 8x the lines must not cost ~64x (a quadratic slip).
test('scaling: parse + validate of log4j.properties grows linearly with the file', () => {
  const run20k = lintRun(propertiesOfLines(20_000), 'log4j1-properties');
  const r = scaling(lintRun(propertiesOfLines(5_000), 'log4j1-properties'), lintRun(propertiesOfLines(40_000), 'log4j1-properties'));
  const t20k = scaling(run20k, run20k, 3).small;
  console.log(`# perf: log4j.properties 5,000 lines ${r.small.toFixed(1)} ms, 20,000 lines ${t20k.toFixed(1)} ms, 40,000 lines ${r.big.toFixed(1)} ms CPU (best of runs; target < 50 ms for 20,000)`);
  assert.ok(r.ratio < 32, `8x the lines took ${r.ratio.toFixed(1)}x the time: something is quadratic`);
});

test('scaling: the same for log4j2.xml', () => {
  const run20k = lintRun(xmlOfLines(20_000), 'log4j2-xml');
  const r = scaling(lintRun(xmlOfLines(5_000), 'log4j2-xml'), lintRun(xmlOfLines(40_000), 'log4j2-xml'));
  const t20k = scaling(run20k, run20k, 3).small;
  console.log(`# perf: log4j2.xml 5,000 lines ${r.small.toFixed(1)} ms, 20,000 lines ${t20k.toFixed(1)} ms, 40,000 lines ${r.big.toFixed(1)} ms CPU (best of runs)`);
  assert.ok(r.ratio < 32, `8x the lines took ${r.ratio.toFixed(1)}x the time: something is quadratic`);
});
