// detectSyntax and buildModel for the four syntaxes, insertion points, and the knowledge blocks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildModel, detectSyntax } from '../../../server/src/config/build';
import type { ConfigModel, LoggerDecl } from '../../../server/src/config/model';
import { insertionBlock } from '../../../server/src/config/knowledge/apps';
import { abbreviateQ2, documentedLoggers } from '../../../server/src/config/knowledge/loggers';
import { productAppender } from '../../../server/src/config/knowledge/appenders';

const fixtures = join(__dirname, '..', '..', 'fixtures');
const read = (p: string) => readFileSync(join(fixtures, p), 'utf8');
const slice = (t: string, s: { start: number; end: number } | undefined) => (s ? t.slice(s.start, s.end) : undefined);
const logger = (m: ConfigModel, name: string): LoggerDecl => {
  const l = m.loggers.find((x) => (name === '' ? x.isRoot : x.name === name));
  assert.ok(l, `logger ${name || '(root)'} in model`);
  return l!;
};

test('detectSyntax: by name, and content wins over a misleading name', () => {
  const v1 = 'log4j.rootLogger=WARN, filelog\n';
  const v2 = 'appender.f.type = File\nappender.f.name = f\nrootLogger.level = info\n';
  assert.equal(detectSyntax('log4j.properties', v1), 'log4j1-properties');
  assert.equal(detectSyntax('/opt/jira/atlassian-jira/WEB-INF/classes/log4j.properties', ''), 'log4j1-properties');
  assert.equal(detectSyntax('C:\\jira\\log4j2.properties', ''), 'log4j2-properties');
  assert.equal(detectSyntax('log4j2.properties', v2), 'log4j2-properties');
  assert.equal(detectSyntax('app.properties', v1), 'log4j1-properties');
  assert.equal(detectSyntax('app.properties', v2), 'log4j2-properties');
  assert.equal(detectSyntax('app.properties', 'logger.x.name = a\nlogger.x.level = INFO\n'), 'log4j2-properties');
  assert.equal(detectSyntax('app.properties', 'db.url = jdbc:x\n'), undefined);
  assert.equal(detectSyntax('log4j2.properties', v1), 'log4j1-properties'); // content wins
  assert.equal(detectSyntax('log4j.properties', v2), 'log4j2-properties');
  // A mixed file: the name decides, the pasted lines of the other generation are foreign.
  assert.equal(detectSyntax('log4j2.properties', v2 + v1 + v1 + v1), 'log4j2-properties');
  assert.equal(detectSyntax('log4j.properties', v1 + v2), 'log4j1-properties');
  assert.equal(detectSyntax('log4j.xml', '<log4j:configuration xmlns:log4j="x"/>'), 'log4j1-xml');
  assert.equal(detectSyntax('log4j.xml', ''), 'log4j1-xml');
  assert.equal(detectSyntax('log4j2.xml', ''), 'log4j2-xml');
  assert.equal(detectSyntax('log4j2.xml', '<?xml version="1.0"?>\n<Configuration status="WARN"/>'), 'log4j2-xml');
  assert.equal(detectSyntax('custom.xml', '<Configuration>\n</Configuration>'), 'log4j2-xml');
  assert.equal(detectSyntax('log4j2.xml', '<log4j:configuration/>'), 'log4j1-xml'); // content wins
  assert.equal(detectSyntax('log4j.xml', '<Configuration/>'), 'log4j2-xml');
  assert.equal(detectSyntax('pom.xml', '<project/>'), undefined);
  assert.equal(detectSyntax('logback.xml', '<configuration><appender/></configuration>'), undefined);
  assert.equal(detectSyntax('log4j.properties.j2', v1), 'log4j1-properties');
});

test('log4j 1 properties: one logger per name whatever lines name it (logger, category, additivity, a repeated key), the later line shown', () => {
  for (const [first, second] of [
    ['log4j.logger.a.b = INFO, x', 'log4j.category.a.b = WARN, y'],
    ['log4j.category.a.b = INFO, x', 'log4j.logger.a.b = WARN, y'],
    ['log4j.logger.a.b = INFO, x', 'log4j.logger.a.b = WARN, y'], // the first is overridden
    ['log4j.logger.a\\u002eb = INFO, x', 'log4j.logger.a.b = WARN, y'], // the same key, escaped
  ]) {
    const t = ['log4j.additivity.a.b = false', first, 'log4j.logger.other = DEBUG', second, 'log4j.additivity.other = true', 'log4j.additivity.alone = false'].join('\n');
    const m = buildModel(t, 'log4j1-properties');
    assert.deepEqual(m.loggers.map((l) => l.name).sort(), ['a.b', 'alone', 'other'], t);
    const ab = logger(m, 'a.b');
    assert.equal(ab.level?.raw, 'WARN', t);
    assert.deepEqual(ab.appenderRefs.map((r) => r.name), ['y'], t);
    assert.equal(ab.additivity?.value, 'false', t);
    assert.equal(slice(t, ab.span), second, t);
    assert.equal(logger(m, 'other').additivity?.value, 'true', t);
    assert.equal(logger(m, 'alone').prefix, 'log4j.additivity.', t);
  }
});

test('log4j 1 properties: root, loggers, categories, additivity joined, appenders and settings', () => {
  const t = [
    'log4j.rootLogger = WARN, filelog , console',
    'log4j.appender.filelog=com.atlassian.jira.logging.JiraHomeAppender',
    'log4j.appender.filelog.File=atlassian-jira.log',
    'log4j.appender.filelog.MaxFileSize=20480KB',
    'log4j.appender.filelog.layout=com.atlassian.logging.log4j.NewLineIndentingFilteringPatternLayout',
    'log4j.appender.filelog.layout.ConversionPattern=%d %m%n',
    'log4j.additivity.com.kantegasso.AuditLog = false', // before its logger: still joined
    'log4j.logger.com.kantegasso.AuditLog = INFO, securitylog',
    'log4j.category.com.atlassian.confluence.util.AccessLogFilter=INFO, accesslog',
    'log4j.logger.keep.level = , filelog',
    'log4j.logger.inherit = INHERITED',
    'log4j.logger.empty =',
    'log4j.appender.console=org.apache.log4j.ConsoleAppender',
  ].join('\n');
  const m = buildModel(t, 'log4j1-properties');
  const root = logger(m, '');
  assert.equal(root.level?.raw, 'WARN');
  assert.equal(slice(t, root.level?.span), 'WARN');
  assert.deepEqual(root.appenderRefs.map((r) => [r.name, slice(t, r.span)]), [['filelog', 'filelog'], ['console', 'console']]);
  assert.equal(root.prefix, 'log4j.rootLogger');

  const audit = logger(m, 'com.kantegasso.AuditLog');
  assert.equal(slice(t, audit.nameSpan), 'com.kantegasso.AuditLog');
  assert.equal(audit.level?.raw, 'INFO');
  assert.equal(audit.additivity?.value, 'false');
  assert.equal(slice(t, audit.additivity?.span), 'false');
  assert.equal(audit.entries?.length, 2);
  assert.equal(audit.prefix, 'log4j.logger.');
  assert.ok(slice(t, audit.span)!.startsWith('log4j.logger.com.kantegasso.AuditLog'));

  const access = logger(m, 'com.atlassian.confluence.util.AccessLogFilter');
  assert.equal(access.prefix, 'log4j.category.');
  assert.deepEqual(access.appenderRefs.map((r) => r.name), ['accesslog']);

  const keep = logger(m, 'keep.level');
  assert.equal(keep.level, undefined, 'a value starting with , keeps the level');
  assert.deepEqual(keep.appenderRefs.map((r) => r.name), ['filelog']);
  assert.equal(logger(m, 'inherit').level?.raw, 'INHERITED');
  assert.equal(logger(m, 'empty').level, undefined);

  const fl = m.appenders.find((a) => a.name === 'filelog')!;
  assert.equal(fl.type?.value, 'com.atlassian.jira.logging.JiraHomeAppender');
  assert.equal(slice(t, fl.nameSpan), 'filelog');
  assert.equal(fl.file?.value, 'atlassian-jira.log');
  assert.equal(fl.layout?.value, 'com.atlassian.logging.log4j.NewLineIndentingFilteringPatternLayout');
  assert.equal(fl.pattern?.value, '%d %m%n');
  assert.equal(fl.settings.get('maxfilesize')?.value, '20480KB');
  assert.equal(fl.entries?.length, 5);
  assert.deepEqual(m.appenders.map((a) => a.name), ['filelog', 'console']);
  assert.equal(m.product, 'jira');
});

test('log4j 1 properties: rootLogger wins over rootCategory; overridden entries are not loggers twice', () => {
  const t = 'log4j.rootCategory=DEBUG, a\nlog4j.rootLogger=WARN, b\nlog4j.logger.x=INFO\nlog4j.logger.x=ERROR\n';
  const m = buildModel(t, 'log4j1-properties');
  assert.equal(m.loggers.filter((l) => l.isRoot).length, 1);
  assert.equal(logger(m, '').level?.raw, 'WARN');
  assert.equal(m.loggers.filter((l) => l.name === 'x').length, 1);
  assert.equal(logger(m, 'x').level?.raw, 'ERROR');
  assert.equal(m.properties?.filter((e) => e.overridden).length, 1);
});

test('log4j 1 properties: log4j 2 keys are foreign; lookups found with spans', () => {
  const t = 'log4j.rootLogger=WARN, f\nlogger.a.name = com.x\nrootLogger.level = info\nlog4j.appender.f.File=${catalina.home}/logs/${jndi:ldap://x/a}.log\n';
  const m = buildModel(t, 'log4j1-properties');
  assert.deepEqual(m.foreign.map((f) => [f.kind, slice(t, f.span)]), [['log4j2-in-log4j1', 'logger.a.name'], ['log4j2-in-log4j1', 'rootLogger.level']]);
  assert.deepEqual(m.lookups.map((l) => [l.expression, slice(t, l.span)]), [['catalina.home', '${catalina.home}'], ['jndi:ldap://x/a', '${jndi:ldap://x/a}']]);
});

test('log4j 2 properties: loggers by id, shorthand, root, appenders, incomplete and foreign', () => {
  const t = read('configs/log4j2.properties');
  const m = buildModel(t, 'log4j2-properties');
  assert.deepEqual(m.incomplete, []);
  assert.deepEqual(m.foreign, []);
  const audit = logger(m, 'com.kantegasso.AuditLog');
  assert.equal(audit.id, 'kantegaAudit');
  assert.equal(audit.level?.raw, 'INFO');
  assert.equal(audit.additivity?.value, 'false');
  assert.deepEqual(audit.appenderRefs.map((r) => r.name), ['securitylog']);
  assert.equal(slice(t, audit.nameSpan), 'com.kantegasso.AuditLog');
  assert.equal(audit.entries?.length, 4);
  const api = logger(m, 'de.resolution.apitokenauth');
  assert.equal(api.level?.raw, 'INFO', 'shorthand level');
  assert.equal(slice(t, api.level?.span), 'INFO');
  assert.deepEqual(api.appenderRefs.map((r) => r.name), ['filelog']);
  const root = logger(m, '');
  assert.equal(root.level?.raw, 'WARN');
  assert.deepEqual(root.appenderRefs.map((r) => r.name), ['filelog']);
  assert.deepEqual(m.appenders.map((a) => [a.name, a.type?.value, a.id]), [['filelog', 'RollingFile', 'filelog'], ['securitylog', 'RollingFile', 'securitylog']]);
  assert.equal(m.appenders[0].file?.value, '${logdir}/atlassian-jira.log');
  assert.equal(m.appenders[0].layout?.value, 'PatternLayout');
  assert.ok(m.lookups.some((l) => l.expression === 'sys:jira.home'));

  const bad = [
    'logger.a.level = INFO', // no name
    'logger.b.name = x',
    'logger.b.appenderRef.r.level = INFO', // no ref
    'appender.c.name = c', // no type
    'appender.d.type = File', // no name
    'log4j.logger.com.kantegasso.AuditLog = INFO, securitylog',
  ].join('\n');
  const mb = buildModel(bad, 'log4j2-properties');
  assert.deepEqual(
    mb.incomplete.map((i) => [i.message.split(':')[0], slice(bad, i.span)]),
    [
      ['No name attribute provided for Logger a', 'logger.a.level'],
      ['No ref attribute provided for AppenderRef r', 'logger.b.appenderRef.r.level'],
      ['No type attribute provided for Appender c', 'appender.c.name'],
      ['No name attribute provided for Appender d', 'appender.d.type'],
    ],
  );
  assert.deepEqual(mb.foreign.map((f) => [f.kind, f.text]), [['log4j1-in-log4j2', 'log4j.logger.com.kantegasso.AuditLog']]);
});

test('log4j 2 XML: appenders are the children of <Appenders>, loggers case-insensitive, insertion before </Loggers>', () => {
  const t = read('configs/jira-log4j2.xml');
  const m = buildModel(t, 'log4j2-xml');
  assert.deepEqual(m.errors, []);
  assert.equal(m.product, 'jira');
  assert.deepEqual(m.appenders.map((a) => [a.name, a.type?.value, a.file?.value]), [
    ['console', 'Console', undefined],
    ['filelog', 'JiraHomeAppender', 'atlassian-jira.log'],
    ['securitylog', 'JiraHomeAppender', 'atlassian-jira-security.log'],
  ]);
  assert.equal(m.appenders[1].pattern?.value, '${jira.pattern}');
  const api = logger(m, 'de.resolution.apitokenauth');
  assert.equal(api.level?.raw, 'INFO');
  assert.equal(api.additivity?.value, 'false');
  assert.deepEqual(api.appenderRefs.map((r) => [r.name, slice(t, r.span)]), [['filelog', 'filelog']]);
  assert.equal(slice(t, api.nameSpan), 'de.resolution.apitokenauth');
  assert.equal(api.element?.name, 'Logger');
  assert.equal(logger(m, '').level?.raw, 'WARN');
  // Insertion: at the start of the line holding </Loggers>.
  assert.ok(m.insertion.xmlLoggers !== undefined);
  assert.ok(t.slice(m.insertion.xmlLoggers).startsWith('  </Loggers>'));
  assert.equal(t[m.insertion.xmlLoggers! - 1], '\n');

  const lower = '<configuration><appenders><file name="f" fileName="a.log"/></appenders><loggers><asyncLogger name="x" level="info"><appenderRef ref="f"/></asyncLogger><logger/><root level="warn"><appenderref/></root></loggers></configuration>';
  const ml = buildModel(lower, 'log4j2-xml');
  assert.deepEqual(ml.appenders.map((a) => a.name), ['f']);
  assert.deepEqual(logger(ml, 'x').appenderRefs.map((r) => r.name), ['f']);
  assert.deepEqual(ml.incomplete.map((i) => i.message.split(':')[0]), ['No name attribute provided for Logger', 'No ref attribute provided for AppenderRef']);
  assert.equal(ml.insertion.xmlLoggers, lower.indexOf('</loggers>'));
});

test('log4j 2 XML: log4j 1 lines pasted as text and log4j 1 elements are foreign; lookups outside comments', () => {
  const t = '<Configuration>\n<!-- ${jndi:in.comment} -->\n<Loggers>\n  log4j.logger.com.kantegasso.AuditLog = INFO, securitylog\n  <Logger name="a"><appender-ref ref="x"/></Logger>\n</Loggers>\n<Properties><Property name="p">${jndi:ldap://h/a}</Property></Properties>\n</Configuration>';
  const m = buildModel(t, 'log4j2-xml');
  assert.deepEqual(m.foreign.map((f) => slice(t, f.span)), ['log4j.logger.com.kantegasso.AuditLog = INFO, securitylog', 'appender-ref']);
  assert.deepEqual(m.lookups.map((l) => l.expression), ['jndi:ldap://h/a']);
  assert.equal(slice(t, m.lookups[0].span), '${jndi:ldap://h/a}');
});

test('log4j 1 XML: appenders with params and layout, loggers with <level>/<priority> and appender-ref', () => {
  const t = `<?xml version="1.0"?>
<!DOCTYPE log4j:configuration SYSTEM "log4j.dtd">
<log4j:configuration xmlns:log4j="http://jakarta.apache.org/log4j/">
  <appender name="securitylog" class="com.atlassian.jira.logging.JiraHomeAppender">
    <param name="File" value="atlassian-jira-security.log"/>
    <layout class="org.apache.log4j.PatternLayout"><param name="ConversionPattern" value="%d %m%n"/></layout>
  </appender>
  <logger name="com.kantegasso.AuditLog" additivity="false">
    <level value="INFO"/>
    <appender-ref ref="securitylog"/>
  </logger>
  <category name="old"><priority value="warn"/></category>
  <root><priority value="WARN"/><appender-ref ref="securitylog"/></root>
</log4j:configuration>`;
  const m = buildModel(t, 'log4j1-xml');
  assert.deepEqual(m.errors, []);
  const a = m.appenders[0];
  assert.deepEqual([a.name, a.type?.value, a.file?.value, a.layout?.value, a.pattern?.value], ['securitylog', 'com.atlassian.jira.logging.JiraHomeAppender', 'atlassian-jira-security.log', 'org.apache.log4j.PatternLayout', '%d %m%n']);
  const audit = logger(m, 'com.kantegasso.AuditLog');
  assert.equal(audit.level?.raw, 'INFO');
  assert.equal(slice(t, audit.level?.span), 'INFO');
  assert.equal(audit.additivity?.value, 'false');
  assert.deepEqual(audit.appenderRefs.map((r) => r.name), ['securitylog']);
  assert.equal(logger(m, 'old').level?.raw, 'warn');
  assert.equal(logger(m, '').level?.raw, 'WARN');
  assert.equal(m.product, 'jira');
});

test('product from content: Jira and Confluence shipped files; unknown falls back to the setting', () => {
  const jira = read('real-configs/jira-7.13.2/log4j.properties');
  const conf = read('real-configs/confluence-5.10.2/log4j.properties');
  assert.equal(buildModel(jira, 'log4j1-properties').product, 'jira');
  assert.equal(buildModel(conf, 'log4j1-properties').product, 'confluence');
  const neutral = 'log4j.rootLogger=INFO, a\nlog4j.appender.a=org.apache.log4j.ConsoleAppender\n';
  assert.equal(buildModel(neutral, 'log4j1-properties').product, 'unknown');
  assert.equal(buildModel(neutral, 'log4j1-properties', { product: 'confluence' }).product, 'confluence');
  assert.equal(buildModel(neutral, 'log4j1-properties', { product: 'auto' }).product, 'unknown');
  // Content wins over the setting.
  assert.equal(buildModel(conf, 'log4j1-properties', { product: 'jira' }).product, 'confluence');
});

test('product from logger names: each logger named com.atlassian.jira... or com.atlassian.confluence... counts once, at most three of each', () => {
  const product = (lines: string[]) => buildModel(lines.join('\n') + '\n', 'log4j1-properties').product;
  assert.equal(product(['log4j.logger.com.atlassian.confluence.x=INFO']), 'confluence');
  // A name with an escape (the text does not hold it as written), an additivity line alone.
  assert.equal(product(['log4j.logger.com.atlassian.conf\\u006cuence.x=INFO']), 'confluence');
  assert.equal(product(['log4j.additivity.com.atlassian.jira.z=false']), 'jira');
  assert.equal(product(['log4j.logger.com.atlassian.jira.a=INFO, \\', '   x']), 'jira');
  // Not a logger's name: in a value, in the middle of a name, a shorter name, the root.
  assert.equal(product(['log4j.logger.x=INFO', 'foo=com.atlassian.jira.y', 'log4j.logger.x.y=com.atlassian.jira.z']), 'unknown');
  assert.equal(product(['log4j.logger.org.com.atlassian.jira.x=INFO']), 'unknown');
  assert.equal(product(['log4j.logger.com.atlassian.jir=INFO']), 'unknown');
  // An additivity line joined to its logger line, a key given twice, a logger and category line of one name: one logger each.
  assert.equal(product(['log4j.logger.com.atlassian.jira.a=INFO', 'log4j.additivity.com.atlassian.jira.a=false', 'log4j.logger.com.atlassian.confluence.b=INFO']), 'unknown');
  assert.equal(product(['log4j.logger.com.atlassian.jira.a=INFO', 'log4j.logger.com.atlassian.jira.a=WARN', 'log4j.logger.com.atlassian.confluence.b=INFO']), 'unknown');
  assert.equal(product(['log4j.category.com.atlassian.jira.a=INFO', 'log4j.logger.com.atlassian.jira.a=WARN', 'log4j.logger.com.atlassian.confluence.b=INFO']), 'unknown');
  assert.equal(product(['log4j.logger.com.atlassian.jira.a=INFO', 'log4j.logger.com.atlassian.jira.b=WARN', 'log4j.logger.com.atlassian.confluence.b=INFO']), 'jira');
  // Capped: four Jira loggers weigh as much as three Confluence ones.
  const jira4 = ['a', 'b', 'c', 'd'].map((n) => `log4j.logger.com.atlassian.jira.${n}=INFO`);
  const conf3 = ['a', 'b', 'c'].map((n) => `log4j.logger.com.atlassian.confluence.${n}=INFO`);
  assert.equal(product([...jira4, ...conf3]), 'unknown');
  assert.equal(product([...jira4, ...conf3.slice(1)]), 'jira');
});

test('insertion: end of the "# Security logs" section of the shipped Jira file', () => {
  const t = read('real-configs/jira-7.13.2/log4j.properties');
  const m = buildModel(t, 'log4j1-properties');
  const at = m.insertion.securitySection!;
  assert.ok(at !== undefined);
  const before = t.slice(0, at);
  assert.ok(before.endsWith('log4j.additivity.com.atlassian.seraph = false\n'), JSON.stringify(before.slice(-80)));
  assert.equal(m.insertion.end, t.length);
  // A section with only its header: right after the header decoration.
  const t2 = '#####\n# Security logs\n#####\n\n#####\n# Other\n#####\nlog4j.logger.a=INFO\n';
  const m2 = buildModel(t2, 'log4j1-properties');
  assert.equal(t2.slice(0, m2.insertion.securitySection), '#####\n# Security logs\n#####\n');
  // No section: undefined.
  assert.equal(buildModel('log4j.rootLogger=INFO\n', 'log4j1-properties').insertion.securitySection, undefined);
});

test('never throws on half-typed input in any syntax', () => {
  const inputs = ['', 'log4j.logger.', 'log4j.appender.', 'logger.', 'logger..name=', 'appender.x', '<Configuration><Loggers><Logger name="', '<log4j:configuration><logger name="x"><level', '<'];
  for (const t of inputs) {
    for (const s of ['log4j1-properties', 'log4j2-properties', 'log4j1-xml', 'log4j2-xml'] as const) {
      assert.doesNotThrow(() => buildModel(t, s), `${s}: ${JSON.stringify(t)}`);
    }
  }
});

test('knowledge: the vendors\' exact blocks per syntax and product', () => {
  assert.deepEqual(insertionBlock('com.kantegasso.AuditLog', 'jira', 'log4j1-properties')?.lines, [
    'log4j.logger.com.kantegasso.AuditLog = INFO, securitylog',
    'log4j.additivity.com.kantegasso.AuditLog = false',
  ]);
  assert.deepEqual(insertionBlock('com.kantegasso.AuditLog', 'confluence', 'log4j1-properties')?.lines, [
    'log4j.logger.com.kantegasso.AuditLog = INFO, confluencelog',
    'log4j.additivity.com.kantegasso.AuditLog = false',
  ]);
  assert.deepEqual(insertionBlock('de.resolution.apitokenauth', 'jira', 'log4j2-xml')?.lines, [
    '<!-- Logger for API Token Authentication -->',
    '<Logger name="de.resolution.apitokenauth" level="INFO" additivity="false">',
    '  <AppenderRef ref="filelog"/>',
    '</Logger>',
  ]);
  const v1 = insertionBlock('de.resolution.apitokenauth', 'jira', 'log4j1-properties')!;
  assert.equal(v1.appender, 'apitokenservice');
  assert.ok(v1.appenderDefinition?.some((l) => l.endsWith('[%q{2}] %m%n') && l.includes('ConversionPattern=%d{yyyy-MM-dd HH:mm:ss,SSSZ}')));
  assert.deepEqual(insertionBlock('com.kantegasso.DiagnosticsLog', 'jira', 'log4j2-properties')?.lines, [
    'logger.kantegaDiagnostics.name = com.kantegasso.DiagnosticsLog',
    'logger.kantegaDiagnostics.level = INFO',
    'logger.kantegaDiagnostics.additivity = false',
    'logger.kantegaDiagnostics.appenderRef.securitylog.ref = securitylog',
  ]);
  // Every documented logger cites a source; %q{2} as in the vendor's log lines.
  for (const l of documentedLoggers) assert.ok(l.source.length > 10, l.name);
  assert.equal(abbreviateQ2('de.resolution.apitokenauth.ApiTokenAuthenticationService'), 'd.resolution.apitokenauth.ApiTokenAuthenticationService');
  assert.equal(abbreviateQ2('com.atlassian.jira.web.Foo'), 'c.a.jira.web.Foo');
  assert.equal(abbreviateQ2('com.kantegasso.DiagnosticsLog'), 'com.kantegasso.DiagnosticsLog');
  assert.equal(productAppender('apitokenservice')?.definition?.[0], 'log4j.appender.apitokenservice=com.atlassian.jira.logging.JiraHomeAppender');
});
