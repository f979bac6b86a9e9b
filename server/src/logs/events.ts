// The authentication events AuthLog recognises, as DATA: one entry per event with its source.
// A new log line wording is one entry here, not new code. classify.ts applies them in order:
// the first entry whose logger condition and pattern match wins.
//
// Pattern groups (all optional): subject (the user the event is about), method, reason,
// description / scope / endpoint / created (API token details).

import type { EntryKind, Outcome } from '../../../shared/protocol';

export interface EventDef {
  /** Event id shown to users and used by filters (`kantega.audit.failed`). */
  id: string;
  kind: EntryKind;
  outcome: Outcome;
  /** Fixed method, unless the pattern captures `method`. */
  method?: string;
  /** Fixed reason, unless the pattern captures a non-empty `reason`. */
  reason?: string;
  /**
   * Loggers the entry must come from: a documented logger name (its descendants match too), or ''
   * for entries without a category (Jira's security log has none). Undefined: any entry.
   */
  loggers?: readonly string[];
  /** Matched against the entry's message (first line and continuation lines; `.` stops at line ends). */
  pattern: RegExp;
  /** Special extraction after the match. */
  extract?: 'diagnostics';
  /** Where the wording comes from: a seed document and section, domain.md, or `inferred: ...`. */
  source: string;
}

const KANTEGA_AUDIT = 'com.kantegasso.AuditLog';
const KANTEGA_DIAG = 'com.kantegasso.DiagnosticsLog';
const APITOKEN = 'de.resolution.apitokenauth';
const RATE_LIMITER = 'de.resolution.apitokenauth.platform.auth.ApiTokenRateLimiter';

const INFERRED = 'inferred: wording not public, recognised by logger + keywords';

export const events: readonly EventDef[] = [
  // --- Kantega SSO audit (com.kantegasso.AuditLog): security log on Jira (no category), atlassian-confluence.log on Confluence.
  {
    id: 'kantega.audit.passed',
    kind: 'audit',
    outcome: 'passed',
    loggers: [KANTEGA_AUDIT, ''],
    pattern: /The user '(?<subject>[^\n]{0,256}?)' has PASSED authentication using (?<method>[A-Za-z][\w/-]*(?: Connect)?)/,
    source: 'seed 000 (Kantega SSO "Audit and Diagnostics logging"), "Audit logging": `The user \'johndoe\' has PASSED authentication using Kerberos`, `... using SAML`',
  },
  {
    id: 'kantega.audit.failed',
    kind: 'audit',
    outcome: 'failed',
    loggers: [KANTEGA_AUDIT, ''],
    pattern: /The user '(?<subject>[^\n]{0,256}?)' has FAILED authentication using (?<method>[A-Za-z][\w/-]*(?: Connect)?)(?<reason>.*)/,
    source: 'seed 000, "Audit logging": "For failed logins, there will be an additional sentence explaining why it failed" (exact sentence wording not public: taken as the text after the method)',
  },
  {
    id: 'kantega.audit.other',
    kind: 'audit',
    outcome: 'info',
    loggers: [KANTEGA_AUDIT],
    pattern: /^/,
    source: 'seed 000: any other entry of com.kantegasso.AuditLog',
  },
  // --- Kantega SSO diagnostics (com.kantegasso.DiagnosticsLog): one JSON object per entry.
  {
    id: 'kantega.diagnostics.failed',
    kind: 'diagnostics',
    outcome: 'failed',
    loggers: [KANTEGA_DIAG],
    pattern: /has FAILED/,
    extract: 'diagnostics',
    source: 'seed 000, "Diagnostics logging": `{"timestamp":..,"context":"Kerberos","message":"Authentication has FAILED, KerberosTicket: .., Reason: .., Exception: .."}`',
  },
  {
    id: 'kantega.diagnostics',
    kind: 'diagnostics',
    outcome: 'info',
    loggers: [KANTEGA_DIAG],
    pattern: /^/,
    extract: 'diagnostics',
    source: 'seed 000, "Diagnostics logging" (entries that do not say FAILED)',
  },
  {
    // Jira: the seed says to enable DiagnosticsLog "the same way" as AuditLog, i.e. into securitylog,
    // whose layout has no category: recognised by the documented JSON keys instead.
    id: 'kantega.diagnostics.failed',
    kind: 'diagnostics',
    outcome: 'failed',
    loggers: [''],
    pattern: /^\s*\{\s*"timestamp"\s*:[^\n]{0,200}?"context"\s*:[^]*?has FAILED/,
    extract: 'diagnostics',
    source: 'seed 000, "Diagnostics logging": "Follow same way of setting up just replace \'com.kantegasso.AuditLog\' with \'com.kantegasso.DiagnosticsLog\'" (Jira: securitylog, no category in its layout)',
  },
  {
    id: 'kantega.diagnostics',
    kind: 'diagnostics',
    outcome: 'info',
    loggers: [''],
    pattern: /^\s*\{\s*"timestamp"\s*:[^\n]{0,200}?"context"\s*:[^\n]{0,200}?"message"\s*:/,
    extract: 'diagnostics',
    source: 'seed 000, "Diagnostics logging" (securitylog, no category; entries that do not say FAILED)',
  },
  // --- Jira's own logins, atlassian-jira-security.log (no category, no "using <method>").
  {
    id: 'jira.login.passed',
    kind: 'login',
    outcome: 'passed',
    method: 'Jira login',
    loggers: [''],
    pattern: /^The user '(?<subject>[^\n]{0,256}?)' has PASSED authentication\.?[ \t]*$/m,
    source: 'domain.md "Log lines", Jira security log: `The user \'admin\' has PASSED authentication.`',
  },
  {
    id: 'jira.login.failed',
    kind: 'login',
    outcome: 'failed',
    method: 'Jira login',
    loggers: [''],
    pattern: /^The user '(?<subject>[^\n]{0,256}?)' has FAILED authentication\.?(?!\s*using )/m,
    source: 'domain.md "Log lines", Jira security log: `The user \'admin\' has FAILED authentication.  Failure count equals 1`',
  },
  // --- resolution API Token Authentication (de.resolution.apitokenauth and its classes).
  {
    id: 'apitoken.passed',
    kind: 'apitoken',
    outcome: 'passed',
    method: 'API token',
    loggers: [APITOKEN],
    pattern: /Found a matching token for authenticating user (?<subject>[^\n]{1,256}?), created on (?<created>\d+)/,
    source: 'domain.md "Log lines", Jira main log: `Found a matching token for authenticating user admin, created on 1582191421157. REST endpoint: /rest/api/2/myself`',
  },
  {
    id: 'apitoken.passed',
    kind: 'apitoken',
    outcome: 'passed',
    method: 'API token',
    loggers: [APITOKEN],
    pattern: /Found a matching token "(?<description>[^\n]{0,256}?)" with (?<scope>[^\n]{1,64}?) scope and authenticated user (?<subject>[^\n]{1,256}?)\.(?: Token was created on (?<created>.+?)\.)?(?= REST endpoint: |$)/,
    source: 'domain.md "Log lines", Bitbucket: `Found a matching token "API Token from 2021-01-06" with Read Only scope and authenticated user automation-user. Token was created on ...`; seed 001 "Successful Authentication" (token description, scope, user)',
  },
  {
    id: 'apitoken.invalid-or-password',
    kind: 'apitoken',
    outcome: 'info',
    method: 'API token',
    reason: 'Invalid token or regular password (passed on to the default authenticator)',
    loggers: [APITOKEN],
    pattern: /User (?<subject>[^\n]{1,256}?) tried to authenticate with an invalid token or a regular password/,
    source: 'domain.md "Log lines", Jira main log; seed 001 "Failed Authentication Attempts": it "might still be a valid password that is accepted by the Jira- or Confluence password authenticator", so it is not a failure by itself',
  },
  {
    id: 'apitoken.verification-failed',
    kind: 'apitoken',
    outcome: 'failed',
    method: 'API token',
    loggers: [APITOKEN],
    pattern: /Token verification for user (?<subject>[^\n]{1,256}?) failed: (?<reason>.*?)\.?(?= REST endpoint: |$)/,
    source: 'domain.md "Log lines", Bitbucket: `Token verification for user automation-user failed: No valid API token was provided and basic auth with password or personal access token is disabled. REST endpoint: ...`',
  },
  {
    id: 'apitoken.ratelimited',
    kind: 'apitoken',
    outcome: 'limited',
    method: 'API token',
    reason: 'Rate limited',
    loggers: [RATE_LIMITER],
    pattern: /^/,
    source: 'seed 001 "Rate Limited Requests": logger de.resolution.apitokenauth.platform.auth.ApiTokenRateLimiter on INFO, since 1.9.4 (' + INFERRED + ')',
  },
  {
    id: 'apitoken.ratelimited',
    kind: 'apitoken',
    outcome: 'limited',
    method: 'API token',
    reason: 'Rate limited',
    loggers: [APITOKEN],
    pattern: /rate[ -]?limit|too many requests|\b429\b/i,
    source: 'seed 001 "Rate Limited Requests" (' + INFERRED + ')',
  },
  {
    id: 'apitoken.ip-restricted',
    kind: 'apitoken',
    outcome: 'failed',
    method: 'API token',
    reason: 'IP restriction',
    loggers: [APITOKEN],
    pattern: /\bIP\b[^\n]{0,160}?\b(?:restrict\w*|not allowed|blocked|denied|not permitted|whitelist\w*|allowlist\w*)|\b(?:restrict\w*|not allowed|blocked)\b[^\n]{0,160}?\bIP\b/i,
    source: 'seed 001 "Failed Authentication Attempts": "Another reason for a failed authentication attempt might be an IP restriction" (' + INFERRED + ')',
  },
  {
    id: 'apitoken.permission-denied',
    kind: 'apitoken',
    outcome: 'denied',
    method: 'API token',
    reason: 'Permission denied (403)',
    loggers: [APITOKEN],
    pattern: /\b403\b|permission denied|forbidden|not permitted|read[ -]only/i,
    source: 'seed 001 "Permission Denied Events": a Read Only token used for a write operation returns 403 and logs an entry (' + INFERRED + ')',
  },
  {
    id: 'apitoken.invalid-token',
    kind: 'apitoken',
    outcome: 'failed',
    method: 'API token',
    reason: 'Invalid API token',
    loggers: [APITOKEN],
    // A token that was presented and refused, not housekeeping (`Cleaning up expired token usage statistics`).
    pattern: /\b(?:invalid|wrong|unknown|expired|revoked)\s+(?:API\s+)?token\b(?!\s+(?:usage|statistic|cleanup|clean-up|cache|housekeeping))|\bno valid (?:API )?token\b|\btoken\b[^.]{0,80}?\b(?:is|was|has been)\s+(?:invalid|expired|revoked|not found)\b/i,
    source: 'seed 001 "Failed Authentication Attempts": "Only if basic authentication with a regular password is disabled ... it\'s safe to tell if a token provided was wrong" (' + INFERRED + ')',
  },
  {
    // Checked after the failure wordings: a failure line may also name an authenticated user.
    id: 'apitoken.passed',
    kind: 'apitoken',
    outcome: 'passed',
    method: 'API token',
    loggers: [APITOKEN],
    pattern: /\b(?:success(?:ful(?:ly)?)?|succeeded|authenticated)\b[^\n]{0,160}?\buser(?:name)?\b[ :=]+['"]?(?<subject>[^\s'",;]+?)['"]?(?=[\s,;.]|$)/i,
    source: 'seed 001 "Successful Authentication": "The second line was introduced with version 2.1 and it contains the username in a format that most log file analyzers can extract" (' + INFERRED + ')',
  },
  {
    id: 'apitoken.other',
    kind: 'apitoken',
    outcome: 'info',
    loggers: [APITOKEN],
    pattern: /^/,
    source: 'seed 001: any other entry of de.resolution.apitokenauth',
  },
];

/** Method names as written -> the name shown and counted. */
export const methodNames: Readonly<Record<string, string>> = {
  kerberos: 'Kerberos',
  spnego: 'Kerberos',
  saml: 'SAML',
  oidc: 'OIDC',
  'openid connect': 'OIDC',
  openid: 'OIDC',
  oauth: 'OAuth',
  'api token': 'API token',
  'jira login': 'Jira login',
};

/**
 * ASCII strings such that every entry an event above can match contains at least one (in its first
 * line or message). The indexer scans raw bytes for them (Buffer.indexOf) and classifies only those
 * entries; classify() itself returns `other` for an entry without one, so both agree by construction.
 *   kantegasso       com.kantegasso.AuditLog / DiagnosticsLog in any abbreviation (%q{2}, %c{4})
 *   apitokenauth     de.resolution.apitokenauth.* as %q{2} prints the service class
 *   ApiToken         classes deeper in the package (d.r.a.platform.auth.ApiTokenRateLimiter, Bitbucket's d.r.a.p.auth.ApiTokenAuthSharedBase)
 *   d.r.a.           any other class of the package as Logback or %q{2} abbreviate it (d.r.a.p.auth.Foo)
 *   " authentication" "has PASSED/FAILED authentication" in the security log (no category there)
 *   "context"        Kantega's diagnostics JSON where the layout prints no category (Jira's securitylog)
 */
export const prefilterKeywords: readonly string[] = ['kantegasso', 'apitokenauth', 'ApiToken', 'd.r.a.', ' authentication', '"context"'];
