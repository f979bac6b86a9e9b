// Definition, references and document symbols.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DocumentSymbol, Location } from 'vscode-languageserver-types';
import { fixture, open, openText, service } from './cursor';

function texts(f: ReturnType<typeof open>, locs: Location[]): string[] {
  return locs.map((l) => {
    assert.equal(l.uri, f.document.uri);
    return `${l.range.start.line}:${f.document.getText(l.range)}`;
  });
}

const PROPS = [
  'log4j.rootLogger=WARN, filelog, securitylog',
  'log4j.appender.securitylog=com.atlassian.jira.logging.JiraHomeAppender',
  'log4j.appender.securitylog.File=atlassian-jira-security.log',
  'log4j.appender.filelog=com.atlassian.jira.logging.JiraHomeAppender',
  'log4j.logger.com.kantegasso.AuditLog = INFO, securitylog',
  'log4j.additivity.com.kantegasso.AuditLog = false',
  'log4j.logger.com.atlassian.seraph = WARN,securitylog',
].join('\n');

test('properties: definition from a reference, references from the definition (root included)', () => {
  const f = open(PROPS.replace('INFO, securitylog', 'INFO, secur|itylog'));
  assert.deepEqual(texts(f, service.definition(f.document, f.model, f.position)), ['1:securitylog']);
  const d = open(PROPS.replace('log4j.appender.securitylog=', 'log4j.appender.sec|uritylog='));
  assert.deepEqual(texts(d, service.references(d.document, d.model, d.position, true)), ['0:securitylog', '1:securitylog', '4:securitylog', '6:securitylog']);
  assert.deepEqual(texts(d, service.references(d.document, d.model, d.position, false)), ['0:securitylog', '4:securitylog', '6:securitylog']);
  // Not on an appender name: nothing.
  const n = open(PROPS.replace('INFO, securitylog', 'IN|FO, securitylog'));
  assert.deepEqual(service.definition(n.document, n.model, n.position), []);
});

test('log4j2 XML: ref attributes, including an Async appender\'s AppenderRef', () => {
  const xml = [
    '<Configuration>',
    '  <Appenders>',
    '    <JiraHomeAppender name="filelog" fileName="atlassian-jira.log"/>',
    '    <Async name="async"><AppenderRef ref="filelog"/></Async>',
    '  </Appenders>',
    '  <Loggers>',
    '    <Logger name="de.resolution.apitokenauth" level="INFO" additivity="false"><AppenderRef ref="file|log"/></Logger>',
    '    <Root level="WARN"><AppenderRef ref="filelog"/></Root>',
    '  </Loggers>',
    '</Configuration>',
  ].join('\n');
  const f = open(xml, 'log4j2.xml');
  assert.deepEqual(texts(f, service.definition(f.document, f.model, f.position)), ['2:filelog']);
  assert.deepEqual(texts(f, service.references(f.document, f.model, f.position, true)), ['2:filelog', '3:filelog', '6:filelog', '7:filelog']);
});

test('log4j2 properties: appenderRef values lead to appender.<id>.name', () => {
  const p = ['appender.f.type = RollingFile', 'appender.f.name = filelog', 'logger.a.name = x', 'logger.a.appenderRef.r.ref = file|log', 'rootLogger = WARN, filelog'].join('\n');
  const f = open(p, 'log4j2.properties');
  assert.deepEqual(texts(f, service.definition(f.document, f.model, f.position)), ['1:filelog']);
  assert.deepEqual(texts(f, service.references(f.document, f.model, f.position, false)), ['3:filelog', '4:filelog']);
});

function outline(symbols: DocumentSymbol[], depth = 0): string[] {
  return symbols.flatMap((s) => [`${'  '.repeat(depth)}${s.name}${s.detail ? ` (${s.detail})` : ''}`, ...outline(s.children ?? [], depth + 1)]);
}

function assertNested(symbols: DocumentSymbol[]): void {
  const within = (inner: { start: { line: number; character: number }; end: { line: number; character: number } }, outer: typeof inner) =>
    (inner.start.line > outer.start.line || (inner.start.line === outer.start.line && inner.start.character >= outer.start.character)) &&
    (inner.end.line < outer.end.line || (inner.end.line === outer.end.line && inner.end.character <= outer.end.character));
  for (const s of symbols) {
    assert.ok(within(s.selectionRange, s.range), `${s.name}: selection outside range`);
    for (const c of s.children ?? []) assert.ok(within(c.range, s.range), `${c.name} outside ${s.name}`);
    assertNested(s.children ?? []);
  }
}

test('symbols (properties): Appenders with settings, Loggers with level/appenders, root first', () => {
  const f = open(`${PROPS}|`);
  const symbols = service.symbols(f.document, f.model);
  assertNested(symbols);
  assert.deepEqual(outline(symbols), [
    'Appenders (2)',
    '  securitylog (com.atlassian.jira.logging.JiraHomeAppender)',
    '    type (com.atlassian.jira.logging.JiraHomeAppender)',
    '    file (atlassian-jira-security.log)',
    '  filelog (com.atlassian.jira.logging.JiraHomeAppender)',
    '    type (com.atlassian.jira.logging.JiraHomeAppender)',
    'Loggers (3)',
    '  root (WARN · filelog, securitylog)',
    '    level (WARN)',
    '    filelog (appender)',
    '    securitylog (appender)',
    '  com.kantegasso.AuditLog (INFO · securitylog · additivity=false)',
    '    level (INFO)',
    '    securitylog (appender)',
    '    additivity (false)',
    '  com.atlassian.seraph (WARN · securitylog)',
    '    level (WARN)',
    '    securitylog (appender)',
  ]);
});

test('symbols (XML): the element tree of appenders and loggers', () => {
  const { document, model } = openText(fixture('configs/jira-log4j2.xml'), 'log4j2.xml');
  const symbols = service.symbols(document, model);
  assertNested(symbols);
  const o = outline(symbols);
  assert.ok(o.includes('Appenders'));
  assert.ok(o.includes('  JiraHomeAppender securitylog (fileName=atlassian-jira-security.log filePattern=atlassian-jira-security.log.%i)'), o.join('\n'));
  assert.ok(o.includes('  Logger com.kantegasso.AuditLog (level=INFO additivity=false)'));
  assert.ok(o.includes('    AppenderRef (ref=securitylog)'));
  assert.ok(o.includes('  Root (level=WARN)'));
});
