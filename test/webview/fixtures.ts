// Rows and details as the server would send them for the log lines of docs/domain.md (the
// classifier's output shape of shared/protocol.ts), plus hostile rows.
import type { EntryKind, LogEntryDetail, LogFileInfo, LogRow, LogSummary, Outcome } from '../../shared/protocol';
import type { Scenario } from './stubHost';

export const oneFile: LogFileInfo[] = [
  { index: 0, path: '/var/atlassian/jira/log/atlassian-jira-security.log', label: 'atlassian-jira-security.log', format: 'jira-security', size: 4096, gzip: false },
];

const diagJson = {
  timestamp: '2019-11-11 15:23:07,230',
  context: 'Kerberos',
  message:
    'Authentication has FAILED, KerberosTicket: HTTP/kerberos-dev-local.example.com@EXAMPLE.LOCAL, EncType: 18, RequestUri: /jira/login.jsp, RemoteIP: 127.0.0.1, Reason: Failed to validate client token, Exception: GSSException: Failure unspecified at GSS-API level',
  count: 3,
  enabled: true,
  extra: null,
};

function row(id: number, r: Partial<LogRow> & Pick<LogRow, 'message'>): LogRow {
  return { id, file: 0, line: id + 1, lines: 1, kind: 'other', ...r };
}

export const basicRows: LogRow[] = [
  row(0, { time: '2023-06-09 05:10:21,968+0000', user: 'admin', ip: '10.1.2.3', kind: 'audit', outcome: 'passed', event: 'jira.security.passed', subject: 'admin', message: "The user 'admin' has PASSED authentication." }),
  row(1, { time: '2023-06-09 05:11:11,681+0000', user: 'anonymous', ip: '10.1.2.3', kind: 'audit', outcome: 'failed', event: 'jira.security.failed', subject: 'admin', message: "The user 'admin' has FAILED authentication.  Failure count equals 1" }),
  row(2, { time: '2023-06-09 05:12:00,001+0000', user: 'anonymous', ip: '10.1.2.4', kind: 'audit', outcome: 'passed', method: 'SAML', subject: 'jdoe', message: "The user 'jdoe' has PASSED authentication using SAML" }),
  row(3, { time: '2019-11-11 15:23:07,231', level: 'WARN', user: 'anonymous', ip: '127.0.0.1', kind: 'diagnostics', outcome: 'failed', method: 'Kerberos', reason: 'Failed to validate client token', category: 'com.kantegasso.DiagnosticsLog', logger: 'com.kantegasso.DiagnosticsLog', message: `{"timestamp":"2019-11-11 15:23:07,230","context":"Kerberos","message":"Authentication has FAILED, KerberosTicket: ...` }),
  row(4, { time: '2020-02-20 12:20:13,418+0000', level: 'INFO', user: 'anonymous', ip: '91.41.231.119,100.100.0.6', kind: 'apitoken', outcome: 'passed', method: 'API token', subject: 'admin', url: '/rest/api/2/myself', message: 'Found a matching token for authenticating user admin, created on 1582191421157. REST endpoint: /rest/api/2/myself' }),
  row(5, { time: '2020-02-20 12:21:38,689+0000', level: 'INFO', user: 'anonymous', ip: '91.41.231.119,100.100.0.6', kind: 'apitoken', outcome: 'denied', method: 'API token', subject: 'admin', message: 'User admin tried to authenticate with an invalid token or a regular password. Passing the request further to the default authenticator.' }),
  row(6, { time: '2020-02-20 12:22:00,000+0000', level: 'INFO', user: 'anonymous', ip: '91.41.231.120', kind: 'apitoken', outcome: 'limited', method: 'API token', subject: 'bot', message: 'Request of user bot was rate limited.' }),
  row(7, { time: '2022-07-12 01:08:59,489', level: 'INFO', kind: 'other', category: 'confluence.cluster.hazelcast.HazelcastClusterManager', message: 'startCluster Starting the cluster.' }),
  row(8, { time: '2019-11-11 15:24:00,000', level: 'WARN', user: 'anonymous', ip: '127.0.0.1', kind: 'diagnostics', outcome: 'failed', method: 'Kerberos', message: '{"timestamp":"2019-11-11 15:24:00,000","context":"Kerberos","message":"Authentication has FAILED' }),
  row(9, { time: '2022-07-12 01:09:00,000', level: 'ERROR', kind: 'other', message: 'java.lang.IllegalStateException: token store unavailable' }),
  row(10, { time: '2022-07-12 01:09:01,000', level: 'DEBUG', kind: 'other', message: 'Polling for cluster changes' }),
  row(11, { time: '2023-06-09 05:13:00,000+0000', user: 'anonymous', ip: '10.9.9.9', kind: 'login', outcome: 'failed', subject: 'mallory', message: "The user 'mallory' has FAILED authentication.  Failure count equals 7" }),
];

export const basicDetails: Record<string, Partial<LogEntryDetail>> = {
  '3': {
    raw: `2019-11-11 15:23:07,231 https-jsse-nio-8443-exec-7 WARN anonymous 923x9201x1 bm4kxx 127.0.0.1 /rest/analytics/1.0/publish/bulk [com.kantegasso.DiagnosticsLog] ${JSON.stringify(diagJson)} }`,
    json: { ok: true, pretty: JSON.stringify(diagJson, null, 2), trailing: ' }' },
    details: [
      ['KerberosTicket', 'HTTP/kerberos-dev-local.example.com@EXAMPLE.LOCAL'],
      ['EncType', '18'],
      ['RequestUri', '/jira/login.jsp'],
      ['RemoteIP', '127.0.0.1'],
      ['Reason', 'Failed to validate client token'],
    ],
  },
  '4': {
    token: { description: 'API Token from 2021-01-06', scope: 'Read Only', endpoint: '/rest/api/2/myself', created: '1582191421157' },
  },
  '8': {
    raw: '2019-11-11 15:24:00,000 exec-1 WARN anonymous - - 127.0.0.1 /login.jsp [com.kantegasso.DiagnosticsLog] {"timestamp":"2019-11-11 15:24:00,000","context":"Kerberos","message":"Authentication has FAILED',
    json: { ok: false, error: 'Unexpected end of JSON input at offset 94' },
  },
};

export const basicSummary: LogSummary = {
  entries: 12,
  lines: 14,
  bytes: 4096,
  firstTime: '2019-11-11 15:23:07,231',
  lastTime: '2023-06-09 05:13:00,000+0000',
  byKind: { audit: 3, diagnostics: 2, apitoken: 3, login: 1, other: 3 },
  byOutcome: { passed: 4, failed: 4, denied: 1, limited: 1 },
  byLevel: { INFO: 4, WARN: 2, ERROR: 1, DEBUG: 1 },
  byMethod: { SAML: { passed: 1, failed: 0 }, Kerberos: { passed: 0, failed: 2 }, 'API token': { passed: 1, failed: 2 } },
  failureReasons: [['Failed to validate client token', 2], ['invalid token or regular password', 1]],
  topFailingUsers: [['admin', 2], ['mallory', 1]],
  topFailingIps: [['127.0.0.1', 2], ['10.9.9.9', 1]],
  timeline: { start: Date.UTC(2023, 5, 9, 5, 0), bucketMs: 60_000, failed: [0, 1, 0, 2, 1, 0], passed: [1, 0, 1, 1, 0, 0] },
};

export function basicScenario(): Scenario {
  return { files: oneFile, rows: basicRows.map((r) => ({ ...r })), details: basicDetails, summary: basicSummary };
}

/** Payloads that would run script if any text were ever parsed as HTML (each also calls the exposed trap). */
export const PAYLOADS = [
  '<img src=x onerror="window.__pwned=1;window.__trap()">',
  '</script><script>window.__pwned=1;window.__trap()</script>',
  'javascript:window.__pwned=1;window.__trap()',
  '"><svg onload="window.__pwned=1;window.__trap()">',
  "'><iframe srcdoc=\"<script>parent.__pwned=1;parent.__trap()</script>\">",
  '{{constructor.constructor("window.__pwned=1")()}}',
];

export function hostileScenario(): Scenario {
  const files: LogFileInfo[] = PAYLOADS.slice(0, 2).map((p, i) => ({ index: i, path: `/logs/${p}`, label: p, format: 'unknown', size: 1, gzip: false }));
  const rows: LogRow[] = PAYLOADS.map((p, i) => ({
    id: i,
    file: i % 2,
    line: 1,
    lines: 1,
    time: p,
    level: p,
    thread: p,
    user: p,
    subject: undefined,
    ip: p,
    url: p,
    category: p,
    logger: p,
    // The last row even has values outside the enums where only known words are expected.
    kind: i === PAYLOADS.length - 1 ? (p as EntryKind) : 'audit',
    event: p,
    outcome: i === PAYLOADS.length - 1 ? (PAYLOADS[3] as Outcome) : 'failed',
    method: p,
    reason: p,
    requestId: p,
    session: p,
    message: p,
  }));
  const details: Record<string, Partial<LogEntryDetail>> = {};
  PAYLOADS.forEach((p, i) => {
    details[String(i)] = {
      raw: `${p}\n${p}`,
      json: i % 2 === 0 ? { ok: true, pretty: JSON.stringify({ [p]: p, list: [p, 1, true, null] }, null, 2), trailing: p } : { ok: false, error: p },
      details: [[p, p]],
      token: { description: p, scope: p, endpoint: p, created: p },
    };
  });
  const summary: LogSummary = {
    ...basicSummary,
    firstTime: PAYLOADS[0],
    lastTime: PAYLOADS[1],
    byLevel: { [PAYLOADS[0]!]: 1 },
    byMethod: Object.fromEntries(PAYLOADS.map((p) => [p, { passed: 1, failed: 2 }])),
    failureReasons: PAYLOADS.map((p) => [p, 1]),
    topFailingUsers: PAYLOADS.map((p) => [p, 2]),
    topFailingIps: PAYLOADS.map((p) => [p, 3]),
  };
  return { files, rows, details, summary };
}
