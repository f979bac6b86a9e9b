// The loggers the authentication apps document, as data with their sources. Validation, hover,
// completion and the "enable logging" action all read this; a new logger is one entry here.
import type { Syntax } from '../model';
import { SRC } from './sources';

export type AppId = 'kantega-sso' | 'api-token-auth';
export type KnownProduct = 'jira' | 'confluence';

/** Where a documented logger's lines should go, per product (and syntax when it differs). */
export interface Route {
  product: KnownProduct;
  /** Only for these syntaxes (undefined: all). */
  syntaxes?: readonly Syntax[];
  appender: string;
  /** The file the lines end up in. */
  file: string;
  source: string;
}

export interface DocumentedLogger {
  name: string;
  appId: AppId;
  appName: string;
  /** The level the vendor documents. */
  neededLevel: 'INFO';
  /** Levels at which the logger's entries still appear (most verbose levels work too). */
  workingLevels: readonly string[];
  /** The level of the entries the logger writes. */
  entryLevel: 'INFO' | 'WARN';
  /** Recommended routes, first match wins (more specific first). */
  routes: readonly Route[];
  sinceVersion?: string;
  /** What the logger writes. */
  writes: string;
  /** The category as Jira's `[%q{2}]` prints it (see abbreviateQ2). */
  abbreviated: string;
  /** A parent logger whose configuration also covers this one. */
  coveredBy?: string;
  /** Reminder shown with the logger (e.g. a step in the app's admin UI). */
  note?: string;
  source: string;
}

/**
 * Jira's `%q{2}` converter (Atlassian layout): the class and the last two package segments stay,
 * earlier segments shrink to their first letter: `com.atlassian.jira.web.Foo` -> `c.a.jira.web.Foo`,
 * `de.resolution.apitokenauth.ApiTokenAuthenticationService` -> `d.resolution.apitokenauth.ApiTokenAuthenticationService`
 * (as in the vendor's log lines). Source: domain.md "Log lines"; seed 001 log examples.
 */
export function abbreviateQ2(name: string): string {
  const parts = name.split('.');
  const keep = 3; // two package segments + the class
  return parts.map((p, i) => (i < parts.length - keep && p.length > 0 ? p[0] : p)).join('.');
}

const kantegaRoutes: readonly Route[] = [
  { product: 'jira', appender: 'securitylog', file: 'atlassian-jira-security.log', source: `${SRC.kantega}, "Enabling in Jira"` },
  { product: 'confluence', appender: 'confluencelog', file: 'atlassian-confluence.log', source: `${SRC.kantega}, "Enabling in Confluence"` },
];

const apiTokenRoutes: readonly Route[] = [
  {
    product: 'jira',
    syntaxes: ['log4j2-xml', 'log4j2-properties'],
    appender: 'filelog',
    file: 'atlassian-jira.log',
    source: `${SRC.apiToken}, "Log4j version 2" (Jira 9.5 and newer)`,
  },
  {
    product: 'jira',
    syntaxes: ['log4j1-properties', 'log4j1-xml'],
    appender: 'apitokenservice',
    file: 'apitokenservice.log',
    source: `${SRC.apiToken}, "Log4j version 1" (example appender apitokenservice writing apitokenservice.log)`,
  },
  {
    product: 'confluence',
    appender: 'confluencelog',
    file: 'atlassian-confluence.log',
    source: `${SRC.apiToken}, "Log4j version 1" ("You'll then see the authentication-related entries below in the Jira or Confluence log file"); appender: Confluence's main log appender (${SRC.confluenceShipped})`,
  },
];

const ABOVE_INFO = ['ALL', 'TRACE', 'DEBUG', 'INFO'] as const;

export const documentedLoggers: readonly DocumentedLogger[] = [
  {
    name: 'com.kantegasso.AuditLog',
    appId: 'kantega-sso',
    appName: 'Kantega SSO',
    neededLevel: 'INFO',
    workingLevels: ABOVE_INFO,
    entryLevel: 'INFO',
    routes: kantegaRoutes,
    sinceVersion: '3.5.15',
    writes: "One line per Kerberos or SAML login: \"The user 'johndoe' has PASSED authentication using Kerberos\"; failures say FAILED plus a sentence explaining why.",
    abbreviated: abbreviateQ2('com.kantegasso.AuditLog'),
    source: `${SRC.kantega}, "Audit logging"`,
  },
  {
    name: 'com.kantegasso.DiagnosticsLog',
    appId: 'kantega-sso',
    appName: 'Kantega SSO',
    neededLevel: 'INFO',
    workingLevels: [...ABOVE_INFO, 'WARN'],
    entryLevel: 'WARN',
    routes: kantegaRoutes,
    sinceVersion: '3.6.13',
    writes: 'One JSON object per failure ({"timestamp", "context", "message"}; message holds KerberosTicket, EncType, RequestUri, RemoteIP, Reason, Exception). Only Kerberos failures so far.',
    abbreviated: abbreviateQ2('com.kantegasso.DiagnosticsLog'),
    note: 'Kerberos failures only reach this logger after an administrator presses "Enable failure collection" (Kantega SSO > Kerberos > Usage counters > Client failures).',
    source: `${SRC.kantega}, "Diagnostics logging" (entries are WARN: see the example line)`,
  },
  {
    name: 'de.resolution.apitokenauth',
    appId: 'api-token-auth',
    appName: 'API Token Authentication',
    neededLevel: 'INFO',
    workingLevels: ABOVE_INFO,
    entryLevel: 'INFO',
    routes: apiTokenRoutes,
    writes: 'Every REST authentication attempt with an API token: matching token found (user, token description, scope, REST endpoint), invalid token or regular password, token verification failed, IP restriction, permission denied (403).',
    abbreviated: abbreviateQ2('de.resolution.apitokenauth'),
    source: `${SRC.apiToken}, "Log4j version 2" and "Log4j version 1"`,
  },
  {
    name: 'de.resolution.apitokenauth.ApiTokenAuthenticationService',
    appId: 'api-token-auth',
    appName: 'API Token Authentication',
    neededLevel: 'INFO',
    workingLevels: ABOVE_INFO,
    entryLevel: 'INFO',
    routes: apiTokenRoutes,
    writes: 'The class that writes most authentication events (successful authentication, invalid token, permission denied).',
    abbreviated: abbreviateQ2('de.resolution.apitokenauth.ApiTokenAuthenticationService'),
    coveredBy: 'de.resolution.apitokenauth',
    source: `${SRC.apiToken}, "Permission Denied Events"; ${SRC.domain} "Log lines"`,
  },
  {
    name: 'de.resolution.apitokenauth.platform.auth.ApiTokenRateLimiter',
    appId: 'api-token-auth',
    appName: 'API Token Authentication',
    neededLevel: 'INFO',
    workingLevels: ABOVE_INFO,
    entryLevel: 'INFO',
    routes: apiTokenRoutes,
    sinceVersion: '1.9.4',
    writes: 'Requests refused by the rate limiter (when rate limiting is enabled).',
    abbreviated: abbreviateQ2('de.resolution.apitokenauth.platform.auth.ApiTokenRateLimiter'),
    coveredBy: 'de.resolution.apitokenauth',
    source: `${SRC.apiToken}, "Rate Limited Requests"`,
  },
];

const byName = new Map(documentedLoggers.map((l) => [l.name, l]));

export function documentedLogger(name: string): DocumentedLogger | undefined {
  return byName.get(name);
}

/** The recommended route of a documented logger for a product and syntax. */
export function routeFor(logger: DocumentedLogger, product: KnownProduct, syntax: Syntax): Route | undefined {
  return logger.routes.find((r) => r.product === product && (!r.syntaxes || r.syntaxes.includes(syntax)));
}

/** The logger-name prefixes the apps own: a name under one of them is worth a near-miss check. */
export const appNamespaces: readonly string[] = ['com.kantegasso', 'de.resolution.apitokenauth'];
