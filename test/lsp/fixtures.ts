// Shared fixtures of the lsp suite.

/** A Confluence log4j.properties with three mistakes an admin makes when following the vendor docs. */
export const brokenConfig = [
  'log4j.rootLogger=WARN, confluencelog', //                                          0
  'log4j.appender.confluencelog=com.atlassian.confluence.logging.ConfluenceHomeLogAppender',
  'log4j.appender.confluencelog.Threshold=DEBUG',
  'log4j.appender.confluencelog.layout=com.atlassian.confluence.util.PatternLayoutWithContext',
  'log4j.appender.confluencelog.layout.ConversionPattern=%d %p [%t] [%c{4}] %M %m%n',
  '', //                                                                                 5
  '# Kantega SSO audit logging',
  'log4j.logger.com.kantegasso.Auditlog = INFO, confluencelog', //                      7: near miss of AuditLog
  'log4j.additivity.com.kantegasso.Auditlog = false',
  '', //                                                                                 9
  'log4j.logger.de.resolution.apitokenauth = INFO, tokenlog', //                        10: tokenlog undefined
  'log4j.additivity.de.resolution.apitokenauth = false',
  '',
].join('\n');
