// Completion: text with a `|` cursor in, the labels offered and the text after accepting one out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accept, completeAt, item, labels } from './cursor';

const JIRA_APPENDERS = [
  'log4j.rootLogger=WARN, filelog',
  'log4j.appender.filelog=com.atlassian.jira.logging.JiraHomeAppender',
  'log4j.appender.filelog.File=atlassian-jira.log',
  'log4j.appender.securitylog=com.atlassian.jira.logging.JiraHomeAppender',
  'log4j.appender.securitylog.File=atlassian-jira-security.log',
  '',
].join('\n');

const CONFLUENCE_APPENDERS = [
  'log4j.rootLogger=WARN, confluencelog, errorlog',
  'log4j.appender.confluencelog=com.atlassian.confluence.logging.ConfluenceHomeLogAppender',
  'log4j.appender.errorlog=com.atlassian.core.logging.ThreadLocalErrorLogAppender',
  '',
].join('\n');

/** Completes at `|`, checks `label` is offered and returns the text after accepting it. */
function pick(textWithCursor: string, label: string, fileName = 'log4j.properties'): string {
  const { list, f } = completeAt(textWithCursor, fileName);
  return accept(f, item(list, label));
}

// ---------------------------------------------------------------------------------------------
// log4j 1 properties

test('log4j1: logger names after log4j.logger., replacing the half-typed name', () => {
  const { list } = completeAt('log4j.logger.com.kan|');
  for (const l of ['com.kantegasso.AuditLog', 'com.kantegasso.DiagnosticsLog', 'de.resolution.apitokenauth']) assert.ok(labels(list).includes(l), l);
  assert.equal(pick('log4j.logger.com.kan|', 'com.kantegasso.AuditLog'), 'log4j.logger.com.kantegasso.AuditLog');
  // The rest of the mistyped name after the cursor is replaced too; the value stays.
  assert.equal(pick('log4j.logger.com.kan|tegaso.Audit = INFO, securitylog', 'com.kantegasso.AuditLog'), 'log4j.logger.com.kantegasso.AuditLog = INFO, securitylog');
});

test('log4j1: logger names after log4j.category. and log4j.additivity.', () => {
  assert.equal(pick('log4j.category.de.res|', 'de.resolution.apitokenauth'), 'log4j.category.de.resolution.apitokenauth');
  assert.equal(pick('log4j.additivity.|', 'com.kantegasso.DiagnosticsLog'), 'log4j.additivity.com.kantegasso.DiagnosticsLog');
  // Loggers declared in the file are offered for their additivity line.
  const { list } = completeAt('log4j.logger.com.example.Foo = INFO, filelog\nlog4j.additivity.|');
  assert.ok(labels(list).includes('com.example.Foo'));
});

test('log4j1: documented logger items carry markdown documentation from the knowledge data', () => {
  const { list } = completeAt(`${JIRA_APPENDERS}log4j.logger.|`);
  const doc = item(list, 'com.kantegasso.AuditLog').documentation;
  assert.ok(doc && typeof doc === 'object' && doc.kind === 'markdown');
  assert.match(doc.value, /3\.5\.15/);
  assert.match(doc.value, /securitylog/);
  assert.match(doc.value, /atlassian-jira-security\.log/);
});

test('log4j1: levels after the separator of a logger key', () => {
  const { list } = completeAt('log4j.logger.com.kantegasso.AuditLog = |');
  for (const l of ['OFF', 'FATAL', 'ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE', 'ALL', 'INHERITED']) assert.ok(labels(list).includes(l), l);
  assert.equal(pick('log4j.logger.com.kantegasso.AuditLog = in|', 'INFO'), 'log4j.logger.com.kantegasso.AuditLog = INFO');
  assert.equal(pick('log4j.logger.com.kantegasso.AuditLog=WA|RN, securitylog', 'INFO'), 'log4j.logger.com.kantegasso.AuditLog=INFO, securitylog');
  // The root logger cannot inherit.
  assert.ok(!labels(completeAt('log4j.rootLogger = |').list).includes('INHERITED'));
});

test('log4j1: appender names after the level and commas (defined + the product\'s)', () => {
  const jira = completeAt(`${JIRA_APPENDERS}log4j.logger.com.kantegasso.AuditLog = INFO, |`).list;
  assert.ok(labels(jira).includes('securitylog'));
  assert.ok(labels(jira).includes('filelog'));
  assert.ok(!labels(jira).includes('confluencelog'), 'a Jira file is not offered Confluence appenders');
  assert.equal(
    pick(`${JIRA_APPENDERS}log4j.logger.com.kantegasso.AuditLog = INFO, sec|`, 'securitylog'),
    `${JIRA_APPENDERS}log4j.logger.com.kantegasso.AuditLog = INFO, securitylog`,
  );
  assert.equal(
    pick(`${JIRA_APPENDERS}log4j.logger.x = INFO, filelog,sec|urity, other`, 'securitylog'),
    `${JIRA_APPENDERS}log4j.logger.x = INFO, filelog,securitylog, other`,
  );
  const confluence = completeAt(`${CONFLUENCE_APPENDERS}log4j.logger.com.kantegasso.AuditLog = INFO, |`).list;
  assert.ok(labels(confluence).includes('confluencelog'));
  assert.ok(labels(confluence).includes('errorlog'));
  assert.ok(!labels(confluence).includes('securitylog'));
  assert.equal(pick(`${JIRA_APPENDERS}log4j.rootLogger = WARN, |`, 'filelog'), `${JIRA_APPENDERS}log4j.rootLogger = WARN, filelog`);
});

test('log4j1: additivity values', () => {
  assert.equal(pick('log4j.additivity.com.kantegasso.AuditLog = f|', 'false'), 'log4j.additivity.com.kantegasso.AuditLog = false');
  assert.equal(pick('log4j.additivity.com.kantegasso.AuditLog = |true', 'false'), 'log4j.additivity.com.kantegasso.AuditLog = false');
});

test('log4j1: appender classes after log4j.appender.<name> = and layouts after .layout =', () => {
  const { list } = completeAt('log4j.appender.audit = |');
  assert.ok(labels(list).includes('com.atlassian.jira.logging.JiraHomeAppender'));
  assert.ok(labels(list).includes('org.apache.log4j.RollingFileAppender'));
  assert.equal(pick('log4j.appender.audit = org.apache.log4j.Roll|', 'org.apache.log4j.RollingFileAppender'), 'log4j.appender.audit = org.apache.log4j.RollingFileAppender');
  assert.equal(
    pick('log4j.appender.audit.layout=|', 'com.atlassian.logging.log4j.NewLineIndentingFilteringPatternLayout'),
    'log4j.appender.audit.layout=com.atlassian.logging.log4j.NewLineIndentingFilteringPatternLayout',
  );
});

test('log4j1: keys at the start of a line, appender names and appender settings', () => {
  const { list } = completeAt('log4j.rootLogger=WARN\n|');
  for (const l of ['log4j.rootLogger', 'log4j.logger.', 'log4j.additivity.', 'log4j.appender.']) assert.ok(labels(list).includes(l), l);
  assert.equal(pick('log4j.add|', 'log4j.additivity.'), 'log4j.additivity.');
  assert.equal(pick(`${JIRA_APPENDERS}log4j.appender.sec|`, 'securitylog'), `${JIRA_APPENDERS}log4j.appender.securitylog`);
  assert.equal(pick('log4j.appender.audit.Max|', 'MaxFileSize'), 'log4j.appender.audit.MaxFileSize');
  assert.equal(pick('log4j.appender.audit.layout.Con|', 'layout.ConversionPattern'), 'log4j.appender.audit.layout.ConversionPattern');
});

test('log4j1: snippets insert the documented block for the file\'s product', () => {
  const jira = pick(`${JIRA_APPENDERS}log4j.logger.com.kantegasso.A|`, 'Kantega SSO audit logging (Jira)');
  assert.equal(jira, `${JIRA_APPENDERS}log4j.logger.com.kantegasso.AuditLog=INFO, securitylog\nlog4j.additivity.com.kantegasso.AuditLog=false`);
  const confluence = pick(`${CONFLUENCE_APPENDERS}|`, 'Kantega SSO audit logging (Confluence)');
  assert.equal(confluence, `${CONFLUENCE_APPENDERS}log4j.logger.com.kantegasso.AuditLog=INFO, confluencelog\nlog4j.additivity.com.kantegasso.AuditLog=false`);
  // Only the file's product is offered; both when the file does not tell.
  assert.ok(!labels(completeAt(`${CONFLUENCE_APPENDERS}|`).list).includes('Kantega SSO audit logging (Jira)'));
  const unknown = labels(completeAt('|').list);
  assert.ok(unknown.includes('Kantega SSO audit logging (Jira)') && unknown.includes('Kantega SSO audit logging (Confluence)'));
  // The vendor's spacing when the file has no logger lines to copy: ` = `.
  assert.equal(pick('|', 'Kantega SSO diagnostics logging (Confluence)'), 'log4j.logger.com.kantegasso.DiagnosticsLog = INFO, confluencelog\nlog4j.additivity.com.kantegasso.DiagnosticsLog = false');
});

test('log4j1: the API token snippet on Jira brings its apitokenservice appender', () => {
  const out = pick(`${JIRA_APPENDERS}|`, 'API Token Authentication logging (Jira)');
  const added = out.slice(JIRA_APPENDERS.length).split('\n');
  assert.ok(added.includes('log4j.appender.apitokenservice=com.atlassian.jira.logging.JiraHomeAppender'), added.join('\n'));
  assert.ok(added.includes('log4j.appender.apitokenservice.layout.ConversionPattern=%d{yyyy-MM-dd HH:mm:ss,SSSZ} %t %p %X{jira.username} %X{} %X{} %X{jira.request.ipaddr} %X{jira.request.url} [%q{2}] %m%n'));
  assert.ok(added.includes('log4j.logger.de.resolution.apitokenauth=INFO, apitokenservice'));
  assert.ok(added.includes('log4j.additivity.de.resolution.apitokenauth=false'));
});

test('log4j1: no snippet for a logger the file already declares', () => {
  const { list } = completeAt(`${JIRA_APPENDERS}log4j.logger.com.kantegasso.AuditLog = INFO, securitylog\n|`);
  assert.ok(!labels(list).includes('Kantega SSO audit logging (Jira)'));
  assert.ok(labels(list).includes('Kantega SSO diagnostics logging (Jira)'));
});

test('log4j1: nothing in comments and continuation lines', () => {
  assert.deepEqual(labels(completeAt('# log4j.logger.|').list), []);
  assert.deepEqual(labels(completeAt('log4j.logger.x = INFO, \\\n   fi|').list), []);
  // A comment ending with a backslash does not continue onto the next line.
  assert.ok(labels(completeAt('# see C:\\\nlog4j.logger.com.kan|').list).includes('com.kantegasso.AuditLog'));
});

test('CRLF files: the snippet uses CRLF', () => {
  const text = JIRA_APPENDERS.replace(/\n/g, '\r\n');
  const out = pick(`${text}|`, 'Kantega SSO audit logging (Jira)');
  assert.equal(out, `${text}log4j.logger.com.kantegasso.AuditLog=INFO, securitylog\r\nlog4j.additivity.com.kantegasso.AuditLog=false`);
});

// ---------------------------------------------------------------------------------------------
// log4j 2 properties

const V2 = [
  'appender.filelog.type = RollingFile',
  'appender.filelog.name = filelog',
  'logger.kantegaAudit.name = com.example.Other',
  '',
].join('\n');

test('log4j2 properties: logger names, levels, additivity and appender refs by key', () => {
  assert.equal(pick(`${V2}logger.k.name = com.kantegasso.A|`, 'com.kantegasso.AuditLog', 'log4j2.properties'), `${V2}logger.k.name = com.kantegasso.AuditLog`);
  assert.equal(pick(`${V2}logger.k.level = |`, 'INFO', 'log4j2.properties'), `${V2}logger.k.level = INFO`);
  assert.equal(pick(`${V2}logger.k.additivity = |`, 'false', 'log4j2.properties'), `${V2}logger.k.additivity = false`);
  assert.equal(pick(`${V2}logger.k.appenderRef.a.ref = f|`, 'filelog', 'log4j2.properties'), `${V2}logger.k.appenderRef.a.ref = filelog`);
  assert.equal(pick(`${V2}rootLogger.appenderRef.a.ref = |`, 'filelog', 'log4j2.properties'), `${V2}rootLogger.appenderRef.a.ref = filelog`);
  // 2.17.2 shorthand: level, then appenders.
  assert.equal(pick(`${V2}logger.k = IN|`, 'INFO', 'log4j2.properties'), `${V2}logger.k = INFO`);
  assert.equal(pick(`${V2}rootLogger = WARN, |`, 'filelog', 'log4j2.properties'), `${V2}rootLogger = WARN, filelog`);
});

test('log4j2 properties: keys (top level, logger.<id>., appender.<id>.) and plugin types', () => {
  const top = labels(completeAt(`${V2}|`, 'log4j2.properties').list);
  for (const l of ['status', 'appender.', 'logger.', 'rootLogger.level', 'property.']) assert.ok(top.includes(l), l);
  assert.equal(pick(`${V2}logger.k.le|`, 'level', 'log4j2.properties'), `${V2}logger.k.level`);
  assert.equal(pick(`${V2}logger.k.appe|`, 'appenderRef.ref1.ref', 'log4j2.properties'), `${V2}logger.k.appenderRef.ref1.ref`);
  assert.equal(pick(`${V2}appender.x.file|`, 'fileName', 'log4j2.properties'), `${V2}appender.x.fileName`);
  assert.equal(pick(`${V2}appender.x.type = Roll|`, 'RollingFile', 'log4j2.properties'), `${V2}appender.x.type = RollingFile`);
  assert.equal(pick(`${V2}appender.x.layout.type = |`, 'PatternLayout', 'log4j2.properties'), `${V2}appender.x.layout.type = PatternLayout`);
});

test('log4j2 properties: the snippet uses logger ids not yet taken', () => {
  const out = pick(`${V2}|`, 'Kantega SSO audit logging (Jira)', 'log4j2.properties');
  assert.equal(
    out.slice(V2.length),
    [
      'logger.kantegaAudit2.name = com.kantegasso.AuditLog',
      'logger.kantegaAudit2.level = INFO',
      'logger.kantegaAudit2.additivity = false',
      'logger.kantegaAudit2.appenderRef.securitylog.ref = securitylog',
    ].join('\n'),
  );
});

// ---------------------------------------------------------------------------------------------
// log4j 2 XML

const X2 = (loggers: string) =>
  [
    '<Configuration status="WARN">',
    '  <Appenders>',
    '    <JiraHomeAppender name="filelog" fileName="atlassian-jira.log"/>',
    '    <JiraHomeAppender name="securitylog" fileName="atlassian-jira-security.log"/>',
    '  </Appenders>',
    '  <Loggers>',
    loggers,
    '    <Root level="WARN"><AppenderRef ref="filelog"/></Root>',
    '  </Loggers>',
    '</Configuration>',
  ].join('\n');

test('log4j2 XML: logger names in name=" inside <Logger', () => {
  assert.equal(
    pick(X2('    <Logger name="com.kantegasso.A|" level="INFO"/>'), 'com.kantegasso.AuditLog', 'log4j2.xml'),
    X2('    <Logger name="com.kantegasso.AuditLog" level="INFO"/>'),
  );
  // Half-typed: the attribute value not closed yet, at the end of a broken file.
  const broken = '<Configuration>\n  <Loggers>\n    <Logger name="de.res|';
  assert.equal(pick(broken, 'de.resolution.apitokenauth', 'log4j2.xml'), '<Configuration>\n  <Loggers>\n    <Logger name="de.resolution.apitokenauth');
});

test('log4j2 XML: levels after level=", booleans after additivity=", appenders after ref="', () => {
  assert.equal(pick(X2('    <Logger name="x" level="|"/>'), 'INFO', 'log4j2.xml'), X2('    <Logger name="x" level="INFO"/>'));
  assert.equal(pick(X2('    <Logger name="x" additivity="|"/>'), 'false', 'log4j2.xml'), X2('    <Logger name="x" additivity="false"/>'));
  const { list } = completeAt(X2('    <Logger name="x"><AppenderRef ref="|"/></Logger>'), 'log4j2.xml');
  assert.ok(labels(list).includes('filelog') && labels(list).includes('securitylog'));
  assert.equal(pick(X2('    <Logger name="x"><AppenderRef ref="sec|"/></Logger>'), 'securitylog', 'log4j2.xml'), X2('    <Logger name="x"><AppenderRef ref="securitylog"/></Logger>'));
});

test('log4j2 XML: elements inside <Loggers>, <Logger> and <Appenders>; attributes of <Logger>', () => {
  const inLoggers = labels(completeAt(X2('    <|'), 'log4j2.xml').list);
  assert.ok(inLoggers.includes('Logger') && inLoggers.includes('Root'));
  assert.ok(!inLoggers.includes('AppenderRef'));
  assert.equal(pick(X2('    <Lo|'), 'Logger', 'log4j2.xml'), X2('    <Logger'));
  assert.equal(pick(X2('    <Logger name="x">\n      <|\n    </Logger>'), 'AppenderRef', 'log4j2.xml'), X2('    <Logger name="x">\n      <AppenderRef\n    </Logger>'));
  const appenders = '<Configuration>\n  <Appenders>\n    <|\n  </Appenders>\n</Configuration>';
  const inAppenders = labels(completeAt(appenders, 'log4j2.xml').list);
  assert.ok(inAppenders.includes('JiraHomeAppender') && inAppenders.includes('RollingFile'));
  assert.ok(!inAppenders.includes('Logger'));
  const attrs = labels(completeAt(X2('    <Logger name="x" |>'), 'log4j2.xml').list);
  assert.ok(attrs.includes('level') && attrs.includes('additivity'));
  assert.ok(!attrs.includes('name'), 'attributes already present are not offered');
  assert.equal(pick(X2('    <Logger name="x" add|>'), 'additivity', 'log4j2.xml'), X2('    <Logger name="x" additivity="">'));
});

test('log4j2 XML: the snippet inserts the <Logger> with its <AppenderRef>, indented like the file', () => {
  assert.equal(
    pick(X2('    <|'), 'Kantega SSO audit logging (Jira)', 'log4j2.xml'),
    X2('    <Logger name="com.kantegasso.AuditLog" level="INFO" additivity="false">\n      <AppenderRef ref="securitylog"/>\n    </Logger>'),
  );
  // In text content (no `<` typed yet), once a word is typed.
  assert.equal(
    pick(X2('    api|'), 'API Token Authentication logging (Jira)', 'log4j2.xml'),
    X2('    <!-- Logger for API Token Authentication -->\n    <Logger name="de.resolution.apitokenauth" level="INFO" additivity="false">\n      <AppenderRef ref="filelog"/>\n    </Logger>'),
  );
});

// ---------------------------------------------------------------------------------------------
// log4j 1 XML

const X1 = (body: string) =>
  [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<log4j:configuration xmlns:log4j="http://jakarta.apache.org/log4j/">',
    '  <appender name="securitylog" class="com.atlassian.jira.logging.JiraHomeAppender"/>',
    body,
    '</log4j:configuration>',
  ].join('\n');

test('log4j1 XML: logger names, levels, appender refs, classes, elements', () => {
  assert.equal(pick(X1('  <logger name="com.kantegasso.D|"/>'), 'com.kantegasso.DiagnosticsLog', 'log4j.xml'), X1('  <logger name="com.kantegasso.DiagnosticsLog"/>'));
  assert.equal(pick(X1('  <logger name="x">\n    <level value="|"/>\n  </logger>'), 'INFO', 'log4j.xml'), X1('  <logger name="x">\n    <level value="INFO"/>\n  </logger>'));
  assert.equal(pick(X1('  <logger name="x">\n    <appender-ref ref="|"/>\n  </logger>'), 'securitylog', 'log4j.xml'), X1('  <logger name="x">\n    <appender-ref ref="securitylog"/>\n  </logger>'));
  assert.equal(
    pick(X1('  <appender name="a" class="org.apache.log4j.Rol|"/>'), 'org.apache.log4j.RollingFileAppender', 'log4j.xml'),
    X1('  <appender name="a" class="org.apache.log4j.RollingFileAppender"/>'),
  );
  const top = labels(completeAt(X1('  <|'), 'log4j.xml').list);
  assert.ok(top.includes('logger') && top.includes('appender') && top.includes('root'));
  assert.equal(
    pick(X1('  <|'), 'Kantega SSO audit logging (Jira)', 'log4j.xml'),
    X1('  <logger name="com.kantegasso.AuditLog" additivity="false">\n    <level value="INFO"/>\n    <appender-ref ref="securitylog"/>\n  </logger>'),
  );
});

test('XML: nothing inside comments', () => {
  assert.deepEqual(labels(completeAt(X2('    <!-- <Logger name="|" -->'), 'log4j2.xml').list), []);
});

test('the vendor\'s appender for a documented logger is preselected', () => {
  const props = completeAt(`${JIRA_APPENDERS}log4j.logger.com.kantegasso.AuditLog = INFO, |`).list;
  assert.deepEqual(props.items.filter((i) => i.preselect).map((i) => i.label), ['securitylog']);
  assert.match(String(item(props, 'securitylog').detail), /atlassian-jira-security\.log/);
  const xml = completeAt(X2('    <Logger name="de.resolution.apitokenauth" level="INFO"><AppenderRef ref="|"/></Logger>'), 'log4j2.xml').list;
  assert.deepEqual(xml.items.filter((i) => i.preselect).map((i) => i.label), ['filelog']);
  const v2 = completeAt(`${V2}logger.k.name = com.kantegasso.AuditLog\nlogger.k.appenderRef.a.ref = |`, 'log4j2.properties').list;
  assert.ok(labels(v2).includes('filelog'));
  // Another logger: no recommendation.
  const other = completeAt(`${JIRA_APPENDERS}log4j.logger.com.example = INFO, |`).list;
  assert.deepEqual(other.items.filter((i) => i.preselect), []);
});

test('XML attribute values by the kind the knowledge data gives them', () => {
  assert.equal(pick('<Configuration status="|">\n</Configuration>', 'WARN', 'log4j2.xml'), '<Configuration status="WARN">\n</Configuration>');
  assert.equal(pick(X2('    <Logger name="x" includeLocation="|"/>'), 'true', 'log4j2.xml'), X2('    <Logger name="x" includeLocation="true"/>'));
  assert.equal(pick('<log4j:configuration debug="|">\n</log4j:configuration>', 'true', 'log4j.xml'), '<log4j:configuration debug="true">\n</log4j:configuration>');
});

test('space is a trigger character: indentation and blanks between tokens offer nothing', () => {
  assert.deepEqual(labels(completeAt(X2('    |'), 'log4j2.xml').list), []);
  assert.deepEqual(labels(completeAt('log4j.rootLogger=WARN\n  |').list), []);
  assert.deepEqual(labels(completeAt(`${JIRA_APPENDERS}log4j.logger.x = INFO |`).list), []);
  assert.deepEqual(labels(completeAt(`${JIRA_APPENDERS}log4j.logger.x = INFO, filelog |`).list), []);
  // Right after the separator's blank and after a comma's blank: offered.
  assert.ok(labels(completeAt(`${JIRA_APPENDERS}log4j.logger.x = |`).list).includes('INFO'));
  assert.ok(labels(completeAt(`${JIRA_APPENDERS}log4j.logger.x = INFO, |`).list).includes('securitylog'));
});

test('snippet filter texts start like what the user types there', () => {
  const typedProps = 'log4j.logger.com.kantegasso.A';
  const p = completeAt(`${JIRA_APPENDERS}${typedProps}|`).list;
  assert.ok(String(item(p, 'Kantega SSO audit logging (Jira)').filterText).startsWith(typedProps));
  const v2 = completeAt(`${V2}logger.|`, 'log4j2.properties').list;
  assert.ok(String(item(v2, 'Kantega SSO audit logging (Jira)').filterText).startsWith('logger.'));
  const x = completeAt(X2('    <Lo|'), 'log4j2.xml').list;
  assert.ok(String(item(x, 'API Token Authentication logging (Jira)').filterText).startsWith('<Logger name="de.resolution.apitokenauth"'));
  const t = completeAt(X2('    api|'), 'log4j2.xml').list;
  assert.match(String(item(t, 'API Token Authentication logging (Jira)').filterText), /^Logger name=.*API Token/);
});

test('log4j2 properties: the next appenderRef id of a logger', () => {
  const text = `${V2}logger.k.name = x\nlogger.k.appenderRef.ref1.ref = filelog\nlogger.k.|`;
  assert.ok(labels(completeAt(text, 'log4j2.properties').list).includes('appenderRef.ref2.ref'));
});
