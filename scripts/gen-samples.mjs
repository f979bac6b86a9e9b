#!/usr/bin/env node
// Writes samples/workspace/: the folder `npm run try` opens and the end-to-end suites run in.
//   - three log4j configurations with the mistakes admins really make (AuthLog flags them);
//   - small logs from two Jira Data Center nodes full of Kantega SSO audit and diagnostics entries
//     and API Token Authentication entries, in the layouts of docs (domain.md).
// Deterministic: a seeded generator and a fixed clock, so the files only change when this script does.
// Usage: node scripts/gen-samples.mjs [--check]   (--check: exit 1 if the files on disk differ)
//
// Wording sources: Kantega audit/diagnostics lines and the API token "Found a matching token",
// "invalid token or a regular password" and "Token verification ... failed" lines are the vendors'
// own examples (seeds). The Kantega FAILED sentences and the IP-restriction, 403 and rate-limit
// lines are not public: they are made up, with the logger and keywords a reader would look for
// (the same wording as bench/generate.ts).
import { mkdirSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const samplesDir = join(root, 'samples', 'workspace');

// ------------------------------------------------------------------------------------------------
// Deterministic randomness (mulberry32)
function rng(seed) {
  let a = seed >>> 0;
  const f = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    f,
    int: (n) => Math.floor(f() * n),
    pick: (xs) => xs[Math.floor(f() * xs.length)],
    chance: (p) => f() < p,
    id: (n) => Array.from({ length: n }, () => 'abcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(f() * 36)]).join(''),
  };
}

// ------------------------------------------------------------------------------------------------
// Configurations

const jiraProperties = `# Jira 9.4 (log4j 1.2): <jira-install>/atlassian-jira/WEB-INF/classes/log4j.properties
# Shortened copy of Jira's file with the lines an admin added to get audit logging.
# AuthLog sample: open the Problems view (Ctrl+Shift+M) to see what is wrong with it.

log4j.rootLogger=WARN, console, filelog

#####################################################
# Appenders
#####################################################

log4j.appender.console=org.apache.log4j.ConsoleAppender
log4j.appender.console.Threshold=ALL
log4j.appender.console.layout=com.atlassian.logging.log4j.NewLineIndentingFilteringPatternLayout
log4j.appender.console.layout.ConversionPattern=%d %t %p %X{jira.username} %X{jira.request.id} %X{jira.request.assession.id} %X{jira.request.ipaddr} %X{jira.request.url} [%q{2}] %m%n

log4j.appender.filelog=com.atlassian.jira.logging.JiraHomeAppender
log4j.appender.filelog.File=atlassian-jira.log
log4j.appender.filelog.MaxFileSize=20480KB
log4j.appender.filelog.MaxBackupIndex=5
log4j.appender.filelog.layout=com.atlassian.logging.log4j.NewLineIndentingFilteringPatternLayout
log4j.appender.filelog.layout.ConversionPattern=%d %t %p %X{jira.username} %X{jira.request.id} %X{jira.request.assession.id} %X{jira.request.ipaddr} %X{jira.request.url} [%q{2}] %m%n

log4j.appender.securitylog=com.atlassian.jira.logging.JiraHomeAppender
log4j.appender.securitylog.File=atlassian-jira-security.log
log4j.appender.securitylog.MaxFileSize=20480KB
log4j.appender.securitylog.MaxBackupIndex=5
log4j.appender.securitylog.layout=com.atlassian.logging.log4j.NewLineIndentingFilteringPatternLayout
log4j.appender.securitylog.layout.ConversionPattern=%d %t %X{jira.username} %X{jira.request.id} %X{jira.request.assession.id} %X{jira.request.ipaddr} %X{jira.request.url} %m%n

log4j.appender.sqllog=com.atlassian.jira.logging.JiraHomeAppender
log4j.appender.sqllog.File=atlassian-jira-sql.log
log4j.appender.sqllog.MaxFileSize=20480KB
log4j.appender.sqllog.MaxBackupIndex=5
log4j.appender.sqllog.layout=com.atlassian.logging.log4j.NewLineIndentingFilteringPatternLayout
log4j.appender.sqllog.layout.ConversionPattern=%d %t %p %X{jira.username} %X{jira.request.id} %X{jira.request.assession.id} %X{jira.request.ipaddr} %X{jira.request.url} %m%n

# API Token Authentication writes to a file of its own (the vendor's example layout)
log4j.appender.apitokenservice=com.atlassian.jira.logging.JiraHomeAppender
log4j.appender.apitokenservice.File=apitokenservice.log
log4j.appender.apitokenservice.MaxFileSize=20480KB
log4j.appender.apitokenservice.MaxBackupIndex=5
log4j.appender.apitokenservice.layout=com.atlassian.logging.log4j.NewLineIndentingFilteringPatternLayout
log4j.appender.apitokenservice.layout.ConversionPattern=%d{yyyy-MM-dd HH:mm:ss,SSSZ} %t %p %X{jira.username} %X{} %X{} %X{jira.request.ipaddr} %X{jira.request.url} [%q{2}] %m%n

#####################################################
# Jira's own loggers
#####################################################

log4j.logger.com.atlassian = WARN, console, filelog
log4j.additivity.com.atlassian = false

log4j.logger.com.atlassian.jira.ofbiz.LoggingSQLInterceptor = ON, sqllog
log4j.additivity.com.atlassian.jira.ofbiz.LoggingSQLInterceptor = false

#####################################################
# Security logs
#####################################################

log4j.logger.com.atlassian.jira.login = INFO, securitylog
log4j.additivity.com.atlassian.jira.login = false

log4j.logger.com.atlassian.jira.web.session.currentusers = INFO, securitylog
log4j.additivity.com.atlassian.jira.web.session.currentusers = false

# Kantega SSO audit log
log4j.logger.com.kantegasso.Auditlog = INFO, securitylog
log4j.additivity.com.kantegasso.Auditlog = false

# Kantega SSO diagnostics log (Kerberos failures as JSON)
log4j.logger.com.kantegasso.DiagnosticsLog = INFO, filelog

#####################################################
# API Token Authentication
#####################################################

log4j.logger.de.resolution.apitokenauth = INFO, apitokenservice
log4j.additivity.de.resolution.apitokenauth = false

log4j.logger.de.resolution.apitokenauth.platform.auth.ApiTokenRateLimiter = INFO, ratelimitlog
log4j.additivity.de.resolution.apitokenauth.platform.auth.ApiTokenRateLimiter = false
`;

const confluenceProperties = `# Confluence (log4j 1.2): <confluence-install>/confluence/WEB-INF/classes/log4j.properties
# Shortened copy with the lines an admin added at the bottom, copied from a Jira how-to.
# AuthLog sample: open the Problems view (Ctrl+Shift+M) to see what is wrong with it.

log4j.rootLogger=WARN, confluencelog, errorlog

log4j.appender.confluencelog=com.atlassian.confluence.logging.ConfluenceHomeLogAppender
log4j.appender.confluencelog.LogFileName=atlassian-confluence.log
log4j.appender.confluencelog.MaxFileSize=20480KB
log4j.appender.confluencelog.MaxBackupIndex=5
log4j.appender.confluencelog.layout=com.atlassian.confluence.util.PatternLayoutWithContext
log4j.appender.confluencelog.layout.ConversionPattern=%d %p [%t] [%c{4}] %M %m%n

log4j.appender.errorlog=com.atlassian.confluence.logging.ConfluenceHomeLogAppender
log4j.appender.errorlog.Threshold=ERROR
log4j.appender.errorlog.LogFileName=atlassian-confluence-errors.log
log4j.appender.errorlog.layout=com.atlassian.confluence.util.PatternLayoutWithContext
log4j.appender.errorlog.layout.ConversionPattern=%d %p [%t] [%c{4}] %M %m%n

log4j.logger.com.atlassian.confluence = WARN
log4j.logger.com.atlassian.confluence.cluster = INFO
log4j.logger.com.atlassian.confluence.upgrade = INFO

# Kantega SSO audit log
log4j.logger.com.kantegasso.AuditLog = WARN, securitylog
log4j.additivity.com.kantegasso.AuditLog = false
`;

const jiraLog4j2 = `<?xml version="1.0" encoding="UTF-8"?>
<!-- Jira 9.5 and later (log4j 2): <jira-install>/atlassian-jira/WEB-INF/classes/log4j2.xml
     Shortened copy with the loggers an admin added for Kantega SSO and API Token Authentication.
     AuthLog sample: open the Problems view (Ctrl+Shift+M) to see what is wrong with it. -->
<Configuration status="warn" monitorInterval="30" packages="com.atlassian.jira.logging.log4j2">
  <Appenders>
    <JiraHomeAppender name="filelog" fileName="atlassian-jira.log" filePattern="atlassian-jira.log.%i">
      <PatternLayout pattern="%d %t %p %X{jira.username} %X{jira.request.id} %X{jira.request.assession.id} %X{jira.request.ipaddr} %X{jira.request.url} [%q{2}] %m%n"/>
      <Policies>
        <SizeBasedTriggeringPolicy size="20480 KB"/>
      </Policies>
      <DefaultRolloverStrategy max="5" fileIndex="min"/>
    </JiraHomeAppender>
    <JiraHomeAppender name="securitylog" fileName="atlassian-jira-security.log" filePattern="atlassian-jira-security.log.%i">
      <PatternLayout pattern="%d %t %X{jira.username} %X{jira.request.id} %X{jira.request.assession.id} %X{jira.request.ipaddr} %X{jira.request.url} %m%n"/>
      <Policies>
        <SizeBasedTriggeringPolicy size="20480 KB"/>
      </Policies>
      <DefaultRolloverStrategy max="5" fileIndex="min"/>
    </JiraHomeAppender>
  </Appenders>
  <Loggers>
    <Logger name="com.atlassian.jira.login" level="INFO" additivity="false">
      <AppenderRef ref="securitylog"/>
    </Logger>

    <!-- Kantega SSO audit log -->
    <Logger name="com.kantegasso.AuditLog" level="INFO">
      <AppenderRef ref="securitylog"/>
    </Logger>

    <!-- Logger for API Token Authentication -->
    <Logger name="de.resolution.apitokenauth" level="INFO" additivity="false">
      <AppenderRef ref="filelog"/>
    </Logger>

    <Root level="WARN">
      <AppenderRef ref="filelog"/>
    </Root>
  </Loggers>
</Configuration>
`;

// ------------------------------------------------------------------------------------------------
// Logs

const USERS = ['anna.berg', 'lars.hansen', 'maria.garcia', 'peter.novak', 'olga.tanaka', 'jonas.olsen', 'priya.kumar', 'emma.rossi'];
const EMAIL = (u) => `${u}@example.com`;
const SERVICE_USERS = ['automation-user', 'ci-runner', 'backup-svc', 'reporting'];
const TOKENS = ['CI pipeline', 'backup script', 'Grafana dashboard', 'nightly export', 'API Token from 2026-10-01'];
const REST_READ = ['/rest/api/2/myself', '/rest/api/2/search', '/rest/api/2/issue/OPS-1234', '/rest/agile/1.0/board/12/sprint', '/rest/api/2/project'];
const REST_WRITE = ['/rest/api/2/issue', '/rest/api/2/issue/OPS-77/comment', '/rest/api/2/issue/OPS-9/transitions'];
const WEB = ['/secure/Dashboard.jspa', '/browse/OPS-1234', '/secure/RapidBoard.jspa', '/issues/', '/secure/CreateIssue.jspa'];
const OFFICE_IPS = ['10.20.1.14', '10.20.1.37', '10.20.2.8', '10.20.3.51'];
const PROXY = '10.0.0.2';
const ATTACKER = '203.0.113.45';
const KANTEGA_FAIL = {
  Kerberos: ['The Kerberos ticket could not be validated.', 'The user was not found in the user directory.'],
  SAML: ['The SAML response signature could not be validated.', 'The user is not a member of a configured required group.'],
};
const GSS = [
  'GSSException: Failure unspecified at GSS-API level (Mechanism level: Invalid argument (400) - Cannot find key of appropriate type to decrypt AP REP - AES256 CTS mode with HMAC SHA1-96)',
  'GSSException: Failure unspecified at GSS-API level (Mechanism level: Clock skew too great (37))',
];
const NOISE = [
  ['c.a.jira.index.ha.DefaultIndexCopyService', 'INFO', () => 'Index restore started. Total 0 issues on instance before loading Snapshot file: IndexSnapshot_10501.tar.sz'],
  ['c.a.j.cluster.distribution.localq.LocalQCacheManager', 'WARN', (r) => `[LOCALQ] [VIA-INVALIDATION] Abandoning sending: LocalQCacheOp{cacheName='com.atlassian.jira.crowd.embedded.ofbiz.OfBizUserDao.userCache', action=REMOVE} from cache replication queue: [queueId=queue_node2_${r.int(9)}]`],
  ['c.a.jira.plugin.PluginTransformationManager', 'INFO', (r) => `Spent ${r.int(400) + 20}ms to transform plugin com.atlassian.jira.plugins.jira-development-integration-plugin`],
  ['c.a.jira.servlet.QuickLinkServlet', 'WARN', () => 'Ignoring invalid quick link for anonymous user'],
  ['c.a.plugins.healthcheck.scheduler.HealthCheckWatchdog', 'INFO', () => 'Health check "Base URL accessibility" passed'],
  ['c.a.jira.issue.search.providers.LuceneSearchProvider', 'WARN', (r) => `Slow query: ${r.int(3000) + 1000}ms for JQL "project = OPS AND status != Done ORDER BY updated DESC"`],
];
const STACK = [
  'java.lang.IllegalStateException: Index is not available',
  '\tat com.atlassian.jira.issue.index.DefaultIssueIndexer.reIndexIssues(DefaultIssueIndexer.java:418)',
  '\tat com.atlassian.jira.ofbiz.DefaultOfBizDelegator.findByAnd(DefaultOfBizDelegator.java:83)',
  '\tat java.base/java.lang.Thread.run(Thread.java:833)',
];

/** The token date as the vendor's example prints it: \`Jan 6, 2021 2:14:46 PM\` (UTC here). */
function vendorDate(ms) {
  const d = new Date(ms);
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const h = d.getUTCHours();
  const pad = (n) => String(n).padStart(2, '0');
  return `${mon} ${d.getUTCDate()}, ${d.getUTCFullYear()} ${h % 12 || 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

/** A clock that only moves forward, in seconds and milliseconds. */
function clock(r, startIso, zone) {
  let t = Date.parse(startIso);
  return {
    tick(maxSeconds = 90) {
      t += 1000 + r.int(maxSeconds * 1000);
      return this.now();
    },
    now() {
      const s = new Date(t).toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');
      return zone ? `${s}+0000` : s;
    },
    plain() {
      return new Date(t).toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');
    },
    minute() {
      const d = new Date(t);
      return d.getUTCHours() * 60 + d.getUTCMinutes();
    },
  };
}

function node(name, seed, opts) {
  const r = rng(seed);
  const c = clock(r, '2026-11-20T08:00:00.000Z', opts.zone);
  let req = 100 + r.int(800);
  const reqId = () => `${c.minute()}x${req++}x${1 + r.int(3)}`;
  const session = () => (r.chance(0.2) ? '-' : r.id(6));
  const thread = () => `http-nio-8080-exec-${1 + r.int(25)}`;
  const ip = () => `${r.pick(OFFICE_IPS)},${PROXY}`;
  const security = [];
  const main = [];
  const apitoken = [];

  const secLine = (user, ipaddr, url, msg) => security.push(`${c.now()} ${thread()} ${user} ${reqId()} ${session()} ${ipaddr} ${url} ${msg}`);
  const mainLine = (level, user, ipaddr, url, category, msg, reqOverride) =>
    main.push(`${c.now()} ${thread()} ${level} ${user} ${reqOverride ?? reqId()} ${session()} ${ipaddr} ${url} [${category}] ${msg}`);
  const bgLine = (level, category, msg) => main.push(`${c.now()} ${r.pick(['Caesium-1-3', 'localq-reader-12', 'NodeReindexServiceThread:thread-1'])} ${level} ServiceRunner     [${category}] ${msg}`);

  const diagnostics = (user, style) => {
    const url = r.pick(['/jira/login.jsp', '/secure/Dashboard.jspa', '/plugins/servlet/kerberos']);
    const inner = c.plain();
    const reason = style === 'lockout' ? 'Client session in temporary Kerberos lockout' : 'Failed to validate client token';
    const exc = style === 'lockout' ? '' : `, Exception: ${r.pick(GSS)}`;
    let json = `{"timestamp":"${inner}","context":"Kerberos","message":"Authentication has FAILED, KerberosTicket: HTTP/jira-${name}.example.com@EXAMPLE.LOCAL, EncType: ${r.pick([17, 18, 23])}, RequestUri: ${url}, RemoteIP: ${r.pick(OFFICE_IPS)}, Reason: ${reason}${exc}"}`;
    if (style === 'stray') json += ' }'; // as in the vendor's own example
    if (style === 'wrapped') json = json.replace(', RemoteIP:', ',\nRemoteIP:');
    if (style === 'cut') json = json.slice(0, 140); // the line was cut: not valid JSON
    mainLine('WARN', 'anonymous', r.pick(OFFICE_IPS), url, 'com.kantegasso.DiagnosticsLog', json);
    void user;
  };

  const apiTokenEvent = (kind, into) => {
    const user = r.pick(SERVICE_USERS);
    const write = kind === 'denied';
    const endpoint = write ? r.pick(REST_WRITE) : r.pick(REST_READ);
    const desc = r.pick(TOKENS);
    const created = 1_760_000_000_000 + r.int(5_000_000_000);
    let category = 'd.resolution.apitokenauth.ApiTokenAuthenticationService';
    let msg;
    let addr = `${r.pick(OFFICE_IPS)},${PROXY}`;
    switch (kind) {
      case 'passed':
        msg = `Found a matching token for authenticating user ${user}, created on ${created}. REST endpoint: ${endpoint}`;
        break;
      case 'scoped':
        msg = `Found a matching token "${desc}" with Read Only scope and authenticated user ${user}. Token was created on ${vendorDate(created)}. REST endpoint: ${endpoint}`;
        break;
      case 'invalid':
        msg = `User ${user} tried to authenticate with an invalid token or a regular password. Passing the request further to the default authenticator. REST endpoint: ${endpoint}`;
        break;
      case 'verification':
        addr = `${ATTACKER},${PROXY}`;
        msg = `Token verification for user ${user} failed: No valid API token was provided and basic auth with password or personal access token is disabled. REST endpoint: ${endpoint}`;
        break;
      case 'ip':
        addr = `${ATTACKER},${PROXY}`;
        msg = `Request from IP address ${ATTACKER} is not allowed by the IP restriction of token "${desc}" of user ${user}. Authentication denied. REST endpoint: ${endpoint}`;
        break;
      case 'denied':
        msg = `Permission denied (403): token "${desc}" of user ${user} has Read Only scope and cannot be used for a write operation (POST). REST endpoint: ${endpoint}`;
        break;
      case 'limited':
        category = 'd.r.a.platform.auth.ApiTokenRateLimiter';
        msg = `Rate limit exceeded for user ${user}: ${200 + r.int(300)} requests in the last minute, request rejected with status 429. REST endpoint: ${endpoint}`;
        break;
    }
    const mdc = r.chance(0.7) ? 'anonymous' : user;
    if (into === 'apitokenservice') {
      // `%X{}` prints nothing: two empty fields between the user and the IP.
      apitoken.push(`${c.now()} ${thread()} INFO ${mdc}   ${addr} ${endpoint} [${category}] ${msg}`);
    } else {
      mainLine('INFO', mdc, addr, endpoint, category, msg);
    }
  };

  // The story of a morning, in order.
  c.tick(5);
  bgLine('INFO', 'c.a.jira.startup.JiraStartupLogger', `Jira node ${name} started; cluster of 2 nodes`);
  for (let i = 0; i < 90; i++) {
    c.tick(opts.pace);
    const x = r.f();
    const u = r.pick(USERS);
    if (x < 0.25) {
      secLine(u, ip(), '/plugins/servlet/kerberos', `The user '${u}' has PASSED authentication using Kerberos`);
    } else if (x < 0.4) {
      secLine(EMAIL(u), ip(), '/plugins/servlet/no.kantega.saml/sso/callback', `The user '${EMAIL(u)}' has PASSED authentication using SAML`);
    } else if (x < 0.47) {
      const method = r.pick(['Kerberos', 'SAML']);
      const subject = method === 'SAML' ? EMAIL(u) : u;
      secLine('anonymous', ip(), '/login.jsp', `The user '${subject}' has FAILED authentication using ${method}. ${r.pick(KANTEGA_FAIL[method])}`);
    } else if (x < 0.55) {
      secLine(u, ip(), '/rest/gadget/1.0/login', `The user '${u}' has PASSED authentication.`);
    } else if (x < 0.75) {
      const [cat, level, fn] = r.pick(NOISE);
      mainLine(level, r.chance(0.5) ? u : 'anonymous', ip(), r.pick(WEB), cat, fn(r));
    } else {
      apiTokenEvent(r.pick(['passed', 'passed', 'scoped', 'invalid']), opts.apiTokenInto);
    }
    // Scripted moments, the same on every run.
    if (i === 12) {
      // lars.hansen's Kerberos login keeps failing: audit says FAILED, diagnostics says why.
      for (const style of opts.diagnosticsStyles) {
        c.tick(20);
        secLine('anonymous', ip(), '/login.jsp', `The user 'lars.hansen' has FAILED authentication using Kerberos. The Kerberos ticket could not be validated.`);
        diagnostics('lars.hansen', style);
      }
    }
    if (i === 30 && opts.attack) {
      // Someone guesses passwords for admin from outside, through the proxy.
      for (let k = 1; k <= 5; k++) {
        c.tick(3);
        secLine('anonymous', `${ATTACKER},${PROXY}`, '/login.jsp', `The user 'admin' has FAILED authentication.  Failure count equals ${k}`);
      }
      c.tick(3);
      apiTokenEvent('verification', opts.apiTokenInto);
      c.tick(3);
      apiTokenEvent('ip', opts.apiTokenInto);
    }
    if (i === 45) {
      c.tick(10);
      apiTokenEvent('denied', opts.apiTokenInto);
      c.tick(2);
      apiTokenEvent('limited', opts.apiTokenInto);
      c.tick(5);
      mainLine('ERROR', 'anonymous', ip(), '/secure/Dashboard.jspa', 'c.a.jira.index.DefaultIndexManager', 'Error while reindexing issues');
      main[main.length - 1] += '\n' + STACK.join('\n');
    }
  }
  return { security, main, apitoken };
}

const readme = `# AuthLog sample workspace

Everything here is made up but shaped like the real thing: the configuration files of a Jira and a
Confluence server, with the mistakes admins really make when they turn on audit logging, and the
logs of a two-node Jira Data Center cluster after a morning of logins.

## 1. Fix the configurations

Open **jira/log4j.properties**. AuthLog underlines what would silently lose your audit trail
(the Problems view, Ctrl+Shift+M, lists everything):

- \`com.kantegasso.Auditlog\`: a misspelled logger name. log4j creates an unused logger and
  nothing is ever written. Put the cursor on it and press **Ctrl+.** for the quick fix.
- \`com.kantegasso.DiagnosticsLog\` has no \`additivity\` line: every entry is written twice.
- \`ratelimitlog\` is an appender nobody defined: log4j drops those lines without a word.
- Hover over a logger name to read what it writes and which app version added it.
- On an empty line, press **Ctrl+Space**: AuthLog offers the documented loggers.

Then **confluence/log4j.properties**: the audit logger at \`WARN\` (its entries are INFO, so
nothing appears) and routed to \`securitylog\`, which is Jira's appender, not Confluence's.

And **jira-9.5/log4j2.xml** (Jira 9.5 and later use log4j 2): the Kantega logger has no
\`additivity="false"\`.

To add the logging lines from scratch, open a configuration and run **AuthLog: Enable audit
logging…** from the Command Palette (Ctrl+Shift+P).

## 2. Read the logs

The \`logs/\` folder holds what two Jira nodes wrote:

| file | what is in it |
| --- | --- |
| \`node1/atlassian-jira-security.log\`, \`node2/...\` | Jira's logins and Kantega SSO's audit lines (\`PASSED\`/\`FAILED authentication using Kerberos\`/\`SAML\`) |
| \`node1/atlassian-jira.log\`, \`node2/...\` | Kantega diagnostics entries (JSON), node2 also API token entries, an error with a stack trace |
| \`node1/apitokenservice.log\` | node1's API token entries (its own file, as the vendor's example configures it) |

Right-click a log in the Explorer and choose **Open in AuthLog Viewer**. Select
\`node1/atlassian-jira-security.log\` and \`node2/atlassian-jira-security.log\` together (Ctrl+click)
before you right-click to see both nodes in one timeline. Then:

- filter on failures only: **lars.hansen** cannot log in with Kerberos, on both nodes;
- select one of his \`com.kantegasso.DiagnosticsLog\` entries: the JSON is pretty-printed and the
  reason (\`Failed to validate client token\`, the GSS exception) is spelled out;
- someone at \`203.0.113.45\` guessed \`admin\`'s password and then tried API tokens;
- a Read Only token was used for a write (403) and a script hit the rate limit.

Opened as plain text, the Atlassian logs are coloured by AuthLog's grammar (language
"Atlassian Log").

## 3. The walkthrough

Run **Welcome: Open Walkthrough...** and pick **Turn on audit logging** for the same steps on
your own files.

These files are generated by \`node scripts/gen-samples.mjs\` (deterministic).
`;

export function sampleFiles() {
  const n1 = node('node1', 11, { zone: true, pace: 150, apiTokenInto: 'apitokenservice', attack: true, diagnosticsStyles: ['plain', 'stray', 'wrapped'] });
  const n2 = node('node2', 22, { zone: false, pace: 170, apiTokenInto: 'main', attack: false, diagnosticsStyles: ['stray', 'lockout', 'cut'] });
  const lines = (xs) => (xs.length ? xs.join('\n') + '\n' : '');
  return {
    'README.md': readme,
    'jira/log4j.properties': jiraProperties,
    'confluence/log4j.properties': confluenceProperties,
    'jira-9.5/log4j2.xml': jiraLog4j2,
    'logs/node1/atlassian-jira-security.log': lines(n1.security),
    'logs/node1/atlassian-jira.log': lines(n1.main),
    'logs/node1/apitokenservice.log': lines(n1.apitoken),
    'logs/node2/atlassian-jira-security.log': lines(n2.security),
    'logs/node2/atlassian-jira.log': lines(n2.main),
  };
}

function main() {
  const check = process.argv.includes('--check');
  let differ = 0;
  for (const [rel, text] of Object.entries(sampleFiles())) {
    const file = join(samplesDir, rel);
    if (check) {
      if (!existsSync(file) || readFileSync(file, 'utf8') !== text) {
        console.error(`gen-samples: ${rel} differs from the generator's output`);
        differ++;
      }
      continue;
    }
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  if (check) process.exit(differ ? 1 : 0);
  console.log(`gen-samples: wrote ${Object.keys(sampleFiles()).length} files to ${samplesDir}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
