// The loggers whose entries AuthLog explains, as data with their sources.
// A category in a log line (abbreviated by %q{2}, %c{4} or Logback) is matched against these.

import type { EntryKind } from '../../../../shared/protocol';

export interface KnownLogger {
  /** Full logger name (case-sensitive, like log4j). */
  name: string;
  /** What kind of entries it writes. */
  kind: EntryKind;
  app: string;
  /** True when the vendor documents this logger name for configuration; false for classes seen in log lines only. */
  documented: boolean;
  source: string;
}

export const knownLoggers: readonly KnownLogger[] = [
  {
    name: 'com.kantegasso.AuditLog',
    kind: 'audit',
    app: 'Kantega SSO',
    documented: true,
    source: 'seed 000 (Kantega SSO "Audit and Diagnostics logging"), "Audit logging"',
  },
  {
    name: 'com.kantegasso.DiagnosticsLog',
    kind: 'diagnostics',
    app: 'Kantega SSO',
    documented: true,
    source: 'seed 000, "Diagnostics logging"',
  },
  {
    name: 'de.resolution.apitokenauth',
    kind: 'apitoken',
    app: 'API Token Authentication',
    documented: true,
    source: 'seed 001 (resolution API Token Authentication), "Log4j version 2" / "Log4j version 1"',
  },
  {
    name: 'de.resolution.apitokenauth.ApiTokenAuthenticationService',
    kind: 'apitoken',
    app: 'API Token Authentication',
    documented: true,
    source: 'seed 001, "Permission Denied Events"; domain.md "Log lines" (Jira main log examples)',
  },
  {
    name: 'de.resolution.apitokenauth.platform.auth.ApiTokenRateLimiter',
    kind: 'apitoken',
    app: 'API Token Authentication',
    documented: true,
    source: 'seed 001, "Rate Limited Requests" (since 1.9.4)',
  },
  {
    name: 'de.resolution.apitokenauth.platform.auth.ApiTokenAuthSharedBase',
    kind: 'apitoken',
    app: 'API Token Authentication',
    documented: false,
    source: 'domain.md "Log lines", Bitbucket examples (`d.r.a.p.auth.ApiTokenAuthSharedBase`); full package inferred from the abbreviation and the rate limiter\'s package',
  },
];
