// A sample configuration for warming up the JIT: the language server parses and validates it a
// few times while it is idle after start (config/service parse + validate, nothing kept), so the
// first file the user opens is analysed by compiled code instead of the interpreter. Every kind of
// line a Jira or Confluence log4j.properties holds, and the usual findings, appear in it, so the
// code paths of a real file have run. Pure: text out.

/** A Jira-like log4j.properties of about `lines` lines. */
export function warmUpProperties(lines: number): string {
  const out: string[] = [
    '# AuthLog warm-up sample (never shown)',
    'log4j.rootLogger=WARN, console, filelog',
    'log4j.appender.console=com.atlassian.jira.logging.ConsoleAppender',
    'log4j.appender.console.layout=com.atlassian.logging.log4j.NewLineIndentingFilteringPatternLayout',
    'log4j.appender.console.layout.ConversionPattern=%d %t %p [%q{2}] %m%n',
    'log4j.appender.filelog=com.atlassian.jira.logging.JiraHomeAppender',
    'log4j.appender.filelog.File=atlassian-jira.log',
    'log4j.appender.filelog.MaxFileSize=20480KB',
    'log4j.appender.filelog.layout=com.atlassian.logging.log4j.NewLineIndentingFilteringPatternLayout',
    'log4j.appender.filelog.layout.ConversionPattern=%d %t %p %X{jira.username} [%q{2}] %m%n',
    '',
    '#####################################################',
    '# Security logs',
    '#####################################################',
    'log4j.appender.securitylog=com.atlassian.jira.logging.JiraHomeAppender',
    'log4j.appender.securitylog.File=atlassian-jira-security.log',
    'log4j.appender.securitylog.layout=com.atlassian.logging.log4j.NewLineIndentingFilteringPatternLayout',
    'log4j.appender.securitylog.layout.ConversionPattern=%d %t %X{jira.username} %m%n',
    'log4j.logger.com.kantegasso.AuditLog = INFO, securitylog',
    'log4j.additivity.com.kantegasso.AuditLog = false',
    'log4j.logger.com.kantegasso.Auditlog = INFO, securitylog',
    'log4j.logger.de.resolution.apitokenauth = INFO, tokenlog',
    '',
  ];
  const levels = ['INFO', 'WARN', 'ERROR', 'DEBUG', 'info', 'ON', 'WARNING'];
  let i = 0;
  while (out.length < lines) {
    const name = `com.atlassian.jira.warm${i % 7}.Component${i}`;
    switch (i % 5) {
      case 0:
        out.push(`# component ${i}`);
        break;
      case 1:
        out.push(`log4j.additivity.${name} = false`);
        break;
      default:
        out.push(`log4j.logger.${name} = ${levels[i % levels.length]}, ${i % 11 === 0 ? 'securitylog' : 'filelog'}`);
    }
    i++;
  }
  return out.join('\n') + '\n';
}
