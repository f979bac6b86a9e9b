// Appenders the products ship (and the API token app documents), appender classes of log4j 1
// and plugin types of log4j 2, as data with sources.
import { SRC } from './sources';

export type AppenderOwner = 'jira' | 'confluence' | 'app';

export interface ProductAppender {
  name: string;
  /** Which product ships it (`app`: an appender an app's documentation defines itself). */
  owner: AppenderOwner;
  /** The log4j 1 class (Jira / Confluence) or log4j 2 element. */
  className: string;
  /** The file it writes (in <home>/log or <home>/logs). */
  file?: string;
  description: string;
  /** Its ConversionPattern as shipped / documented. */
  pattern?: string;
  /** A complete log4j 1 definition to add when the file lacks it (properties lines, in order). */
  definition?: readonly string[];
  source: string;
}

export const JIRA_HOME_APPENDER = 'com.atlassian.jira.logging.JiraHomeAppender';
export const JIRA_LAYOUT = 'com.atlassian.logging.log4j.NewLineIndentingFilteringPatternLayout';
export const CONFLUENCE_HOME_APPENDER = 'com.atlassian.confluence.logging.ConfluenceHomeLogAppender';

/** The API token app's documented ConversionPattern (seed 001, "Log4j version 1"). */
export const APITOKENSERVICE_PATTERN =
  '%d{yyyy-MM-dd HH:mm:ss,SSSZ} %t %p %X{jira.username} %X{} %X{} %X{jira.request.ipaddr} %X{jira.request.url} [%q{2}] %m%n';

export const productAppenders: readonly ProductAppender[] = [
  {
    name: 'filelog',
    owner: 'jira',
    className: JIRA_HOME_APPENDER,
    file: 'atlassian-jira.log',
    description: "Jira's main log, <jira-home>/log/atlassian-jira.log.",
    pattern: '%d %t %p %X{jira.username} %X{jira.request.id} %X{jira.request.assession.id} %X{jira.request.ipaddr} %X{jira.request.url} [%q{2}] %m%n',
    source: `${SRC.jiraShipped}, log4j.appender.filelog`,
  },
  {
    name: 'securitylog',
    owner: 'jira',
    className: JIRA_HOME_APPENDER,
    file: 'atlassian-jira-security.log',
    description: "Jira's security log, <jira-home>/log/atlassian-jira-security.log: logins and Seraph; where Kantega SSO's audit lines go in Jira.",
    pattern: '%d %t %X{jira.username} %X{jira.request.id} %X{jira.request.assession.id} %X{jira.request.ipaddr} %X{jira.request.url} %m%n',
    source: `${SRC.jiraShipped}, log4j.appender.securitylog; ${SRC.kantega}, "Enabling in Jira"`,
  },
  {
    name: 'confluencelog',
    owner: 'confluence',
    className: CONFLUENCE_HOME_APPENDER,
    file: 'atlassian-confluence.log',
    description: "Confluence's main log, <confluence-home>/logs/atlassian-confluence.log (the appender picks the file itself).",
    pattern: '%d %p [%t] [%c{4}] %M %m%n',
    source: `${SRC.confluenceShipped}, log4j.appender.confluencelog; ${SRC.kantega}, "Enabling in Confluence"`,
  },
  {
    name: 'errorlog',
    owner: 'confluence',
    className: 'com.atlassian.core.logging.ThreadLocalErrorLogAppender',
    description: "Confluence's in-memory error collector (WARN and above) shown in the admin UI; it writes no file.",
    source: `${SRC.confluenceShipped}, log4j.appender.errorlog`,
  },
  {
    name: 'apitokenservice',
    owner: 'app',
    className: JIRA_HOME_APPENDER,
    file: 'apitokenservice.log',
    description: "The API Token Authentication app's example appender: all its INFO lines in their own file, <jira-home>/log/apitokenservice.log.",
    pattern: APITOKENSERVICE_PATTERN,
    definition: [
      `log4j.appender.apitokenservice=${JIRA_HOME_APPENDER}`,
      'log4j.appender.apitokenservice.File=apitokenservice.log',
      'log4j.appender.apitokenservice.MaxFileSize=20480KB',
      'log4j.appender.apitokenservice.MaxBackupIndex=5',
      `log4j.appender.apitokenservice.layout=${JIRA_LAYOUT}`,
      `log4j.appender.apitokenservice.layout.ConversionPattern=${APITOKENSERVICE_PATTERN}`,
    ],
    source: `${SRC.apiToken}, "Log4j version 1" (pattern); the rest of the vendor's example is cut off in the source, so class, File, MaxFileSize, MaxBackupIndex and layout follow Jira's own file appenders (${SRC.jiraShipped})`,
  },
];

const byName = new Map(productAppenders.map((a) => [a.name, a]));

export function productAppender(name: string): ProductAppender | undefined {
  return byName.get(name);
}

export interface ClassDoc {
  name: string;
  doc: string;
  source: string;
}

/** log4j 1 appender classes (the value of `log4j.appender.<name>` / `<appender class>`). */
export const log4j1AppenderClasses: readonly ClassDoc[] = [
  { name: JIRA_HOME_APPENDER, doc: "Jira's rolling file appender: File is relative to <jira-home>/log; MaxFileSize, MaxBackupIndex.", source: SRC.jiraShipped },
  { name: CONFLUENCE_HOME_APPENDER, doc: "Confluence's rolling file appender writing <confluence-home>/logs/atlassian-confluence.log.", source: SRC.confluenceShipped },
  { name: 'com.atlassian.core.logging.ThreadLocalErrorLogAppender', doc: "Confluence's in-memory error collector (no file).", source: SRC.confluenceShipped },
  { name: 'org.apache.log4j.ConsoleAppender', doc: 'Writes to System.out (Target=System.err for stderr): in Tomcat, catalina.out.', source: SRC.log4j1Props },
  { name: 'org.apache.log4j.FileAppender', doc: 'Writes to one File that grows without limit.', source: SRC.log4j1Props },
  { name: 'org.apache.log4j.RollingFileAppender', doc: 'Writes to File and rolls over at MaxFileSize, keeping MaxBackupIndex old files.', source: SRC.log4j1Props },
  { name: 'org.apache.log4j.DailyRollingFileAppender', doc: 'Writes to File and rolls over on the DatePattern schedule (known to lose lines at rollover).', source: SRC.log4j1Props },
  { name: 'org.apache.log4j.net.SyslogAppender', doc: 'Sends to a syslog daemon (SyslogHost, Facility).', source: SRC.log4j1Props },
  { name: 'org.apache.log4j.net.SMTPAppender', doc: 'Sends e-mails with buffered events on ERROR.', source: SRC.log4j1Props },
  { name: 'org.apache.log4j.AsyncAppender', doc: 'Buffers events and hands them to other appenders on a thread (XML configuration only).', source: SRC.log4j1Dom },
  { name: 'org.apache.log4j.varia.NullAppender', doc: 'Discards everything.', source: SRC.log4j1Props },
  { name: 'org.apache.log4j.net.SocketAppender', doc: 'Sends serialized events to a remote SocketServer.', source: SRC.log4j1Props },
  { name: 'org.apache.log4j.net.JMSAppender', doc: 'Publishes events to JMS: vulnerable (CVE-2021-4104).', source: SRC.nvd('CVE-2021-4104') },
  { name: 'org.apache.log4j.jdbc.JDBCAppender', doc: 'Writes events to a database: vulnerable to SQL injection (CVE-2022-23305).', source: SRC.nvd('CVE-2022-23305') },
];

/** log4j 1 layout classes. */
export const log4j1LayoutClasses: readonly ClassDoc[] = [
  { name: 'com.atlassian.logging.log4j.NewLineIndentingFilteringPatternLayout', doc: "Atlassian's PatternLayout (indents continuation lines, filters stack frames); supports %q{2}.", source: SRC.jiraShipped },
  { name: 'com.atlassian.confluence.util.PatternLayoutWithContext', doc: "Confluence's PatternLayout that appends request context (url, userName, action).", source: SRC.confluenceShipped },
  { name: 'org.apache.log4j.PatternLayout', doc: 'Formats with ConversionPattern (%d date, %p level, %t thread, %c category, %m message, %n newline).', source: SRC.log4j1Props },
  { name: 'org.apache.log4j.EnhancedPatternLayout', doc: 'PatternLayout with more conversion options.', source: SRC.log4j1Props },
  { name: 'org.apache.log4j.SimpleLayout', doc: '"LEVEL - message".', source: SRC.log4j1Props },
  { name: 'org.apache.log4j.TTCCLayout', doc: 'Time, thread, category and context.', source: SRC.log4j1Props },
];

/** log4j 2 appender plugin types (the element tag inside <Appenders>, or `appender.<id>.type`). */
export const log4j2PluginTypes: readonly ClassDoc[] = [
  { name: 'JiraHomeAppender', doc: "Jira 9.5+'s own rolling file appender (fileName relative to <jira-home>/log, filePattern, policies): needs packages=\"com.atlassian.jira.logging\".", source: SRC.jiraLog4j2 },
  { name: 'Console', doc: 'Writes to SYSTEM_OUT or SYSTEM_ERR (target).', source: SRC.log4j2Appenders },
  { name: 'File', doc: 'Writes to fileName.', source: SRC.log4j2Appenders },
  { name: 'RollingFile', doc: 'Writes to fileName and rolls to filePattern by its policies.', source: SRC.log4j2Appenders },
  { name: 'RollingRandomAccessFile', doc: 'RollingFile with a buffered random access file.', source: SRC.log4j2Appenders },
  { name: 'RandomAccessFile', doc: 'File with a buffered random access file.', source: SRC.log4j2Appenders },
  { name: 'Async', doc: 'Hands events to other appenders (AppenderRef children) on a thread.', source: SRC.log4j2Appenders },
  { name: 'Syslog', doc: 'Sends to a syslog server.', source: SRC.log4j2Appenders },
  { name: 'Socket', doc: 'Sends to a remote host over TCP or UDP.', source: SRC.log4j2Appenders },
  { name: 'SMTP', doc: 'Sends e-mails.', source: SRC.log4j2Appenders },
  { name: 'Routing', doc: 'Routes events to appenders chosen at run time.', source: SRC.log4j2Appenders },
  { name: 'Null', doc: 'Discards everything.', source: SRC.log4j2Appenders },
  { name: 'JDBC', doc: 'Writes events to a database.', source: SRC.log4j2Appenders },
];

/** log4j 2 layout plugin types. */
export const log4j2Layouts: readonly ClassDoc[] = [
  { name: 'PatternLayout', doc: 'Formats with pattern (%d, %p, %t, %c, %m, %n, ...).', source: SRC.log4j2Appenders },
  { name: 'JsonTemplateLayout', doc: 'JSON lines from a template.', source: SRC.log4j2Appenders },
  { name: 'JsonLayout', doc: 'JSON (deprecated in favour of JsonTemplateLayout).', source: SRC.log4j2Appenders },
];
