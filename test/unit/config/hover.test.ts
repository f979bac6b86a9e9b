// Hover: text with a `|` cursor in, the markdown and the hovered range out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MarkupContent } from 'vscode-languageserver-types';
import { open, service } from './cursor';

function hoverAt(textWithCursor: string, fileName = 'log4j.properties'): { value: string; hovered: string } | null {
  const f = open(textWithCursor, fileName);
  const h = service.hover(f.document, f.model, f.position);
  if (!h) return null;
  const c = h.contents as MarkupContent;
  assert.equal(c.kind, 'markdown');
  assert.ok(h.range, 'hover has a range');
  return { value: c.value, hovered: f.document.getText(h.range) };
}

const JIRA = 'log4j.rootLogger=WARN, filelog\nlog4j.appender.securitylog=com.atlassian.jira.logging.JiraHomeAppender\nlog4j.appender.securitylog.File=atlassian-jira-security.log\nlog4j.appender.securitylog.layout.ConversionPattern=%d %t %m%n\n';
const CONFLUENCE = 'log4j.appender.confluencelog=com.atlassian.confluence.logging.ConfluenceHomeLogAppender\n';

test('documented logger: what it writes, app and version, where it goes for this product, level, source', () => {
  const h = hoverAt(`${JIRA}log4j.logger.com.kanteg|asso.AuditLog = INFO, securitylog\n`)!;
  assert.equal(h.hovered, 'com.kantegasso.AuditLog');
  assert.match(h.value, /Kantega SSO, since 3\.5\.15/);
  assert.match(h.value, /PASSED authentication/);
  assert.match(h.value, /Jira\*\*: appender `securitylog` → `atlassian-jira-security\.log`/);
  assert.doesNotMatch(h.value, /Confluence\*\*/, 'a Jira file shows the Jira route only');
  assert.match(h.value, /Level\*\*: INFO/);
  assert.match(h.value, /Source: Kantega SSO/);
  const c = hoverAt(`${CONFLUENCE}log4j.logger.com.kantegasso.Diagnos|ticsLog = INFO, confluencelog\n`)!;
  assert.match(c.value, /Confluence\*\*: appender `confluencelog` → `atlassian-confluence\.log`/);
  assert.match(c.value, /Enable failure collection/);
  assert.match(c.value, /since 3\.6\.13/);
});

test('documented logger on its additivity line', () => {
  const h = hoverAt(`${JIRA}log4j.logger.com.kantegasso.AuditLog = INFO, securitylog\nlog4j.additivity.com.kantegasso.Audi|tLog = false\n`)!;
  assert.equal(h.hovered, 'com.kantegasso.AuditLog');
  assert.match(h.value, /3\.5\.15/);
  // On the prefix: the key's documentation.
  const k = hoverAt(`${JIRA}log4j.additi|vity.com.kantegasso.AuditLog = false\n`)!;
  assert.match(k.value, /log4j\.additivity\.<name>/);
});

test('documented logger in log4j2 XML and log4j2 properties', () => {
  const x = hoverAt('<Configuration><Loggers><Logger name="de.resolution.api|tokenauth" level="INFO"/></Loggers></Configuration>', 'log4j2.xml')!;
  assert.equal(x.hovered, 'de.resolution.apitokenauth');
  assert.match(x.value, /API Token Authentication/);
  const p = hoverAt('logger.a.name = com.kantegasso.Audit|Log\nlogger.a.level = INFO\n', 'log4j2.properties')!;
  assert.equal(p.hovered, 'com.kantegasso.AuditLog');
  assert.match(p.value, /3\.5\.15/);
});

test('level: meaning; an invalid one says what log4j does instead', () => {
  const ok = hoverAt('log4j.logger.com.kantegasso.AuditLog = IN|FO, securitylog')!;
  assert.equal(ok.hovered, 'INFO');
  assert.match(ok.value, /\*\*INFO\*\* — Informational/);
  const bad = hoverAt('log4j.logger.com.kantegasso.AuditLog = INF|OO, securitylog')!;
  assert.equal(bad.hovered, 'INFOO');
  assert.match(bad.value, /not a log4j level: log4j 1 silently uses DEBUG/);
  const bad2 = hoverAt('<Configuration><Loggers><Logger name="x" level="VERB|OSE"/></Loggers></Configuration>', 'log4j2.xml')!;
  assert.match(bad2.value, /log4j 2 cannot convert it/);
  const on = hoverAt('log4j.logger.com.atlassian.jira.ofbiz.LoggingSQLInterceptor = O|N, sqllog')!;
  assert.match(on.value, /DEBUG/);
});

test('appender: class, file and layout pattern, from a reference and from the definition', () => {
  const ref = hoverAt(`${JIRA}log4j.logger.com.kantegasso.AuditLog = INFO, secur|itylog\n`)!;
  assert.equal(ref.hovered, 'securitylog');
  assert.match(ref.value, /Class\*\*: `com\.atlassian\.jira\.logging\.JiraHomeAppender`/);
  assert.match(ref.value, /File\*\*: `atlassian-jira-security\.log`/);
  assert.match(ref.value, /Pattern\*\*: `%d %t %m%n`/);
  const def = hoverAt(JIRA.replace('log4j.appender.securitylog=', 'log4j.appender.secu|ritylog='))!;
  assert.equal(def.hovered, 'securitylog');
  assert.match(def.value, /JiraHomeAppender/);
  // A product appender the file references but does not define.
  const known = hoverAt('log4j.logger.x = INFO, confluen|celog')!;
  assert.match(known.value, /Not defined in this file/);
  assert.match(known.value, /atlassian-confluence\.log/);
  assert.ok(!known.value.includes('<confluence-home>'), 'angle brackets in prose are escaped');
  const x = hoverAt('<Configuration><Appenders><RollingFile name="audit" fileName="audit.log"><PatternLayout pattern="%m%n"/></RollingFile></Appenders><Loggers><Root><AppenderRef ref="au|dit"/></Root></Loggers></Configuration>', 'log4j2.xml')!;
  assert.equal(x.hovered, 'audit');
  assert.match(x.value, /Type\*\*: `RollingFile`/);
  assert.match(x.value, /File\*\*: `audit\.log`/);
  assert.match(x.value, /Pattern\*\*: `%m%n`/);
});

test('keys, additivity values and XML elements have documentation', () => {
  const k = hoverAt('log4j.addi|tivity.x = false')!;
  assert.equal(k.hovered, 'log4j.additivity.x');
  assert.match(k.value, /`log4j\.additivity\.<name>`/);
  const a = hoverAt('log4j.logger.com.kantegasso.AuditLog = INFO, securitylog\nlog4j.additivity.com.kantegasso.AuditLog = fl|ase')!;
  assert.match(a.value, /neither true nor false: log4j treats it as true/);
  const el = hoverAt('<Configuration><Lo|ggers></Loggers></Configuration>', 'log4j2.xml')!;
  assert.equal(el.hovered, 'Loggers');
  assert.match(el.value, /The loggers/);
  assert.equal(hoverAt('# a comm|ent\nlog4j.rootLogger=WARN'), null);
});

test('text from the file cannot break out of its code span', () => {
  const h = hoverAt('log4j.logger.x = IN`**b|old**`FO, a')!;
  assert.ok(h.value.startsWith('``IN`**bold**`FO``'), h.value);
});

test('appender classes, layouts and plugin types; vulnerable classes say so', () => {
  const c = hoverAt('log4j.appender.x=com.atlassian.jira.logging.Jira|HomeAppender')!;
  assert.match(c.value, /Jira's rolling file appender/);
  const bad = hoverAt('log4j.appender.x=org.apache.log4j.net.JMS|Appender')!;
  assert.match(bad.value, /Vulnerable \(CVE-2021-4104\)/);
  const l = hoverAt('log4j.appender.x.layout=org.apache.log4j.Pattern|Layout')!;
  assert.match(l.value, /ConversionPattern/);
  const t = hoverAt('appender.a.type = Rolling|File\nappender.a.name = a', 'log4j2.properties')!;
  assert.match(t.value, /rolls to filePattern/);
  const x = hoverAt('<Configuration><Appenders><Con|sole name="c"/></Appenders></Configuration>', 'log4j2.xml')!;
  assert.match(x.value, /Console/);
});
