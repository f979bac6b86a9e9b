// The rule registry. A rule's id is the diagnostic `code`, the setting key (`authlog.rules.<id>`)
// and the key code actions use to find their fix. Severity is the user's to change.
import type { RuleSeverity } from './api';

export interface Rule {
  id: string;
  defaultSeverity: Exclude<RuleSeverity, 'off'>;
  /** One sentence for settings and docs. */
  description: string;
}

export const rules = {
  unknownLogger: {
    id: 'unknown-logger',
    defaultSeverity: 'warning',
    description: 'A logger name that is a near miss of a documented one (for example com.kantegasso.Auditlog): log4j silently creates an unused logger and the audit trail never exists.',
  },
  invalidLevel: {
    id: 'invalid-level',
    defaultSeverity: 'warning',
    description: 'A level log4j does not know: log4j 1 silently uses DEBUG instead, log4j 2 rejects it.',
  },
  levelSuppresses: {
    id: 'level-suppresses',
    defaultSeverity: 'warning',
    description: 'A documented logger at a level that hides the entries it is meant to write (AuditLog at WARN).',
  },
  additivity: {
    id: 'additivity',
    defaultSeverity: 'warning',
    description: 'A documented logger without additivity=false (or with true, or an invalid value): its lines are duplicated into the root logger\'s files.',
  },
  undefinedAppender: {
    id: 'undefined-appender',
    defaultSeverity: 'error',
    description: 'An appender referenced but not defined in a file that defines appenders: log4j silently drops the lines.',
  },
  writesNowhere: {
    id: 'writes-nowhere',
    defaultSeverity: 'error',
    description: 'A documented logger with additivity=false and no appender of its own: log4j writes its entries nowhere.',
  },
  wrongProductAppender: {
    id: 'wrong-product-appender',
    defaultSeverity: 'warning',
    description: 'A documented logger routed to another product\'s appender (securitylog in a Confluence file).',
  },
  duplicateKey: {
    id: 'duplicate-key',
    defaultSeverity: 'warning',
    description: 'A key given twice: the last one wins, the earlier line is dead.',
  },
  xmlSyntax: {
    id: 'xml-syntax',
    defaultSeverity: 'error',
    description: 'The XML is not well-formed: log4j will not read the file at all.',
  },
  foreignSyntax: {
    id: 'foreign-syntax',
    defaultSeverity: 'error',
    description: 'log4j 1 lines in a log4j 2 file, or the reverse: they are ignored.',
  },
  log4j2Incomplete: {
    id: 'log4j2-incomplete',
    defaultSeverity: 'error',
    description: 'A log4j 2 logger, appender or appender reference without the name, level, type or ref that log4j needs.',
  },
  failureCollection: {
    id: 'diagnostics-failure-collection',
    defaultSeverity: 'information',
    description: 'Reminder: com.kantegasso.DiagnosticsLog only receives Kerberos failures after "Enable failure collection" is pressed in Kantega SSO.',
  },
  vulnerableClass: {
    id: 'vulnerable-class',
    defaultSeverity: 'warning',
    description: 'A log4j 1 component with a known vulnerability (JMSAppender CVE-2021-4104, SocketServer CVE-2019-17571, JMSSink CVE-2022-23302, JDBCAppender CVE-2022-23305, Chainsaw CVE-2022-23307).',
  },
  jndiLookup: {
    id: 'jndi-lookup',
    defaultSeverity: 'warning',
    description: 'A ${jndi:...} lookup in the configuration: the Log4Shell family (CVE-2021-44228, CVE-2021-45046).',
  },
} as const satisfies Record<string, Rule>;

export type RuleId = (typeof rules)[keyof typeof rules]['id'];

export const allRules: readonly Rule[] = Object.values(rules);

/**
 * Conventions for `Diagnostic.data` (what the quick fixes read):
 *  unknown-logger:        { suggestion: string }            the documented name to use
 *  level-suppresses:      { logger: string; needed: string } the level to raise to
 *  additivity:            { logger: string }                 the logger whose additivity to set to false
 *  undefined-appender:    { appender: string }               the name to define
 *  wrong-product-appender:{ logger: string; appender: string; expected: string }
 *  invalid-level:         { suggestion?: string }            closest valid level, when there is one
 */
export type DiagnosticData =
  | { suggestion: string }
  | { logger: string; needed: string }
  | { logger: string }
  | { appender: string }
  | { logger: string; appender: string; expected: string }
  | { suggestion?: string };
