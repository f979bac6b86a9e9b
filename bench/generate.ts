// Deterministic generator of realistic Atlassian logs, with their ground truth.
//
//   node --import tsx bench/generate.ts --format jira --size 100MB --seed 1 --out bench/data/x.log
//   node --import tsx bench/generate.ts --samples DIR [--size 2MB] [--nodes 2]
//
// Every file is written streaming (an 8 MiB buffer at a time, never the whole file in memory) from a
// seeded PRNG, so the same options always give the same bytes. While writing, the generator counts
// what it wrote: entries, lines, levels and every authentication event by kind, outcome and method.
// That count (the "truth") is written next to the file as `<file>.manifest.json`, and a later call
// with the same options reuses the file instead of writing it again.
//
// Layouts and line wordings come from /work/shared/docs/domain.md and the two vendor documents
// (Kantega SSO "Audit and Diagnostics logging", resolution "API Token Authentication"). Wordings the
// public material does not show (IP restriction, permission denied, rate limit, Kantega FAILED
// sentences) are marked below as made up; they carry the logger and the keywords a reader would use.
import { openSync, writeSync, closeSync, existsSync, readFileSync, writeFileSync, statSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

/** Bumped whenever the bytes produced for the same options change: old manifests are then stale. */
export const GENERATOR_VERSION = 7;

export type GenFormat = 'jira' | 'jira-security' | 'confluence' | 'apitokenservice';
export type Kind = 'audit' | 'diagnostics' | 'login' | 'apitoken' | 'other';
export type Outcome = 'passed' | 'failed' | 'denied' | 'limited' | 'info';

/**
 * The authentication events the generator writes, with what a classifier should call them. Ids and
 * outcomes follow server/src/logs/events.ts (`apitoken.passed.scoped` is its `apitoken.passed` with
 * a token description and scope); bench/generate.test.ts checks that classify.ts agrees.
 */
export const EVENTS = {
  'kantega.audit.passed': { kind: 'audit', outcome: 'passed', source: 'Kantega seed: "The user \'johndoe\' has PASSED authentication using Kerberos"' },
  'kantega.audit.failed': { kind: 'audit', outcome: 'failed', source: 'Kantega seed: failures say FAILED plus a sentence explaining why (sentence made up)' },
  'kantega.diagnostics.failed': { kind: 'diagnostics', outcome: 'failed', source: 'Kantega seed: DiagnosticsLog JSON example, Kerberos failures only' },
  'jira.login.passed': { kind: 'login', outcome: 'passed', source: 'domain.md: Jira security log "The user \'admin\' has PASSED authentication."' },
  'jira.login.failed': { kind: 'login', outcome: 'failed', source: 'domain.md: Jira security log "... has FAILED authentication.  Failure count equals 1"' },
  'apitoken.passed': { kind: 'apitoken', outcome: 'passed', source: 'domain.md: "Found a matching token for authenticating user admin, created on ..."' },
  'apitoken.passed.scoped': { kind: 'apitoken', outcome: 'passed', source: 'domain.md (Bitbucket line): "Found a matching token \\"...\\" with Read Only scope and authenticated user ..."' },
  'apitoken.invalid-or-password': { kind: 'apitoken', outcome: 'info', source: 'domain.md: "User admin tried to authenticate with an invalid token or a regular password. Passing the request further ..."; seed 001: it may still be a valid password, so not a failure by itself' },
  'apitoken.verification-failed': { kind: 'apitoken', outcome: 'failed', source: 'domain.md (Bitbucket line): "Token verification for user ... failed: ..."' },
  'apitoken.ip-restricted': { kind: 'apitoken', outcome: 'failed', source: 'API token seed: "Another reason for a failed authentication attempt might be an IP restriction" (wording made up)' },
  'apitoken.permission-denied': { kind: 'apitoken', outcome: 'denied', source: 'API token seed: 403 for a Read Only token on a write (wording made up)' },
  'apitoken.ratelimited': { kind: 'apitoken', outcome: 'limited', source: 'API token seed: ApiTokenRateLimiter since 1.9.4 (wording made up)' },
} as const satisfies Record<string, { kind: Kind; outcome: Outcome; source: string }>;
export type EventId = keyof typeof EVENTS;

export interface GenOptions {
  format: GenFormat;
  /** Target size in bytes: writing stops at the first entry boundary at or past it. */
  bytes: number;
  seed: number;
  /** Data Center node name (thread names, cluster messages). */
  node?: string;
  /** Timestamps with a zone (`+0000`)? Default: jira/apitokenservice yes on odd seeds, others no. */
  zone?: boolean;
  /** First timestamp, ISO (UTC). */
  start?: string;
  /** Share of entries that are authentication events (0..1). Default per format. */
  authShare?: number;
}

export interface Truth {
  generator: number;
  options: Required<GenOptions>;
  path: string;
  bytes: number;
  lines: number;
  /** Entries: a line starting with a timestamp plus the lines that continue it. */
  entries: number;
  firstTime: string;
  lastTime: string;
  byLevel: Record<string, number>;
  byKind: Partial<Record<Kind, number>>;
  /** Outcomes of authentication events only (noise has none). */
  byOutcome: Partial<Record<Outcome, number>>;
  /** Per auth method: passed, and failed counting every failure outcome (failed, denied, limited). */
  byMethod: Record<string, { passed: number; failed: number }>;
  events: Partial<Record<EventId, number>>;
  /** Entries spanning more than one line (stack traces, wrapped JSON). */
  multiline: number;
  /** Seconds spent writing (0 when reused). */
  seconds: number;
}

// ------------------------------------------------------------------------------------------------
// PRNG: sfc32 seeded through splitmix32 (fast, 32-bit, good enough for test data).

class Rng {
  private a: number; private b: number; private c: number; private d: number;
  constructor(seed: number) {
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next(); this.b = next(); this.c = next(); this.d = next();
    for (let i = 0; i < 12; i++) this.u32();
  }
  u32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }
  /** Float in [0, 1). */
  f(): number { return this.u32() / 4294967296; }
  /** Integer in [0, n). */
  int(n: number): number { return Math.floor(this.f() * n); }
  range(lo: number, hi: number): number { return lo + this.int(hi - lo + 1); }
  pick<T>(a: readonly T[]): T { return a[this.int(a.length)]!; }
  chance(p: number): boolean { return this.f() < p; }
  base36(len: number): string {
    let s = '';
    for (let i = 0; i < len; i++) s += '0123456789abcdefghijklmnopqrstuvwxyz'[this.int(36)];
    return s;
  }
}

// ------------------------------------------------------------------------------------------------
// Vocabulary

const FIRST = ['john', 'anna', 'lars', 'maria', 'peter', 'olga', 'kari', 'jonas', 'emma', 'noah', 'sofia', 'liam', 'ingrid', 'mateo', 'yuki', 'ahmed', 'chen', 'priya', 'lucas', 'ella', 'jörg', 'zoë'];
const LAST = ['doe', 'smith', 'hansen', 'berg', 'garcia', 'novak', 'tanaka', 'olsen', 'müller', 'kumar', 'li', 'rossi', 'dubois', 'nilsen', 'schmidt', 'silva'];
const SERVICE_USERS = ['admin', 'automation-user', 'jira-bot', 'ci-runner', 'backup-svc', 'reporting'];
const TOKEN_DESCRIPTIONS = ['API Token from 2021-01-06', 'CI pipeline', 'backup script', 'Grafana dashboard', 'nightly export', 'release bot', 'Zapier'];
const REST_READ = ['/rest/api/2/myself', '/rest/api/2/search', '/rest/api/2/issue/PROJ-1234', '/rest/agile/1.0/board/12/sprint', '/rest/api/2/project', '/rest/ssh/1.0/keys', '/rest/api/2/field', '/rest/api/latest/serverInfo'];
const REST_WRITE = ['/rest/api/2/issue', '/rest/api/2/issue/PROJ-77/comment', '/rest/api/2/issue/OPS-9/transitions', '/rest/api/2/version'];
const WEB_URLS = ['/secure/Dashboard.jspa', '/browse/PROJ-1234', '/secure/RapidBoard.jspa', '/rest/analytics/1.0/publish/bulk', '/rest/gadget/1.0/login', '/login.jsp', '/secure/CreateIssue.jspa', '/rest/webResources/1.0/resources', '/issues/', '/secure/QuickSearch.jspa', '/rest/quickreload/latest/12345', '/plugins/servlet/samlsso', '/plugins/servlet/no.kantega.saml/sso/callback'];
const BG_THREADS = ['Caesium-1-1', 'Caesium-1-3', 'Caesium-1-4', 'localq-reader-12', 'scheduler_Worker-3', 'ClusterMessageHandlerServiceThread:thread-1', 'pool-9-thread-1', 'NodeReindexServiceThread:thread-1', 'index-writer-stats-ISSUE-0', 'dbcp-evictor-1', 'UpgradeIndexManager:thread-1'];
const KERBEROS_EXCEPTIONS = [
  'GSSException: Failure unspecified at GSS-API level (Mechanism level: Invalid argument (400) - Cannot find key of appropriate type to decrypt AP REP - AES256 CTS mode with HMAC SHA1-96)',
  'GSSException: Defective token detected (Mechanism level: GSSHeader did not find the right tag)',
  'GSSException: Failure unspecified at GSS-API level (Mechanism level: Clock skew too great (37))',
  'GSSException: Failure unspecified at GSS-API level (Mechanism level: Checksum failed)',
];
const KERBEROS_REASONS = ['Failed to validate client token', 'User not found in JIRA', 'User lacks log in / use permission for JIRA', 'Client session in temporary Kerberos lockout'];
/** Made-up failure sentences for Kantega's audit log (the seed says only "a sentence explaining why"). */
const KANTEGA_FAIL_SENTENCES: Record<string, readonly string[]> = {
  Kerberos: ['The Kerberos ticket could not be validated.', 'The user was not found in the user directory.'],
  SAML: ['The SAML response signature could not be validated.', 'The SAML assertion has expired.', 'The user is not a member of a configured required group.'],
  OIDC: ['The ID token could not be verified.', 'The user was not found in the user directory.'],
};
const METHODS = ['Kerberos', 'SAML', 'OIDC'] as const;

const JAVA_FRAMES = [
  'com.atlassian.jira.web.action.issue.ViewIssue.doExecute(ViewIssue.java:212)',
  'webwork.action.ActionSupport.execute(ActionSupport.java:165)',
  'com.atlassian.jira.action.JiraActionSupport.execute(JiraActionSupport.java:63)',
  'org.apache.catalina.core.ApplicationFilterChain.internalDoFilter(ApplicationFilterChain.java:193)',
  'org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:166)',
  'com.atlassian.plugin.servlet.filter.IteratingFilterChain.doFilter(IteratingFilterChain.java:43)',
  'com.atlassian.jira.issue.index.DefaultIssueIndexer.reIndexIssues(DefaultIssueIndexer.java:418)',
  'com.atlassian.jira.ofbiz.DefaultOfBizDelegator.findByAnd(DefaultOfBizDelegator.java:83)',
  'org.ofbiz.core.entity.GenericDAO.selectByAnd(GenericDAO.java:718)',
  'java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)',
  'java.base/java.lang.Thread.run(Thread.java:833)',
  'com.sun.jersey.server.impl.application.WebApplicationImpl._handleRequest(WebApplicationImpl.java:1542)',
  'org.apache.tomcat.util.net.NioEndpoint$SocketProcessor.doRun(NioEndpoint.java:1789)',
  'com.atlassian.cache.ehcache.DelegatingCache.get(DelegatingCache.java:97)',
];
const EXCEPTIONS = [
  'java.lang.NullPointerException: Cannot invoke "com.atlassian.jira.issue.Issue.getKey()" because "issue" is null',
  'java.lang.IllegalStateException: Index is not available',
  'org.ofbiz.core.entity.GenericDataSourceException: SQL Exception while executing the following: SELECT ID FROM jiraissue WHERE ID=?',
  'java.util.concurrent.TimeoutException: Timed out waiting for lock after 30000 ms',
  'org.apache.lucene.store.AlreadyClosedException: this IndexReader is closed',
];
const CAUSES = ['java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.', 'java.net.SocketTimeoutException: Read timed out', 'java.io.IOException: Broken pipe'];

// Jira main log noise: category as %q{2} prints it, level, whether it runs in a request, message.
type NoiseFn = (r: Rng, ctx: Gen) => string;
const JIRA_NOISE: readonly [category: string, level: string, request: boolean, weight: number, fn: NoiseFn][] = [
  ['c.a.jira.index.AccumulatingResultBuilder', 'INFO', false, 8, (r) => `Indexed ${r.range(1, 5000)} issues in ${r.range(2, 9000)} ms`],
  ['c.a.j.issue.index.DefaultIndexManager', 'INFO', false, 3, (r) => `Reindex of ${r.range(1, 300)} issues in project PROJ finished (${r.range(10, 4000)} ms)`],
  ['c.a.jira.cluster.DefaultClusterManager', 'INFO', false, 4, (_r, g) => `Checking cluster state: node ${g.node} is ACTIVE, ${g.nodes} nodes in the cluster`],
  ['c.a.j.index.ha.DefaultIndexCopyService', 'INFO', false, 2, (r) => `Index backup created in ${r.range(100, 90000)} ms, ${r.range(1, 900)} MB`],
  ['c.a.jira.mail.MailQueueImpl', 'INFO', false, 5, (r, g) => `Sending mailitem To='${g.userName(r)}@example.com' Subject='[JIRA] PROJ-${r.range(1, 9999)} Updated' Issue=PROJ-${r.range(1, 9999)} Template=issueupdated`],
  ['c.a.plugin.manager.DefaultPluginManager', 'INFO', false, 1, (r) => `Plugin system ${r.pick(['earlyStartup', 'lateStartup'])} ended`],
  ['c.a.jira.util.stats.JiraStats', 'INFO', false, 3, (r) => `JIRA STATS: {"name":"issue.search","_statsType":"total","_time":"${r.range(0, 23)}:00","_upTime":"${r.range(1, 200)} days","count":${r.range(1, 99999)},"avgMs":${r.range(1, 900)}}`],
  ['c.a.jira.issue.search.providers.LuceneSearchProvider', 'WARN', true, 6, (r) => `JQL query 'project = PROJ AND status = "In Progress" ORDER BY updated DESC' produced lucene query and took '${r.range(500, 20000)}' ms to run.`],
  ['c.a.j.web.dispatcher.JiraWebworkActionDispatcher', 'INFO', true, 5, (r) => `Action ${r.pick(['ViewIssue', 'Dashboard', 'CreateIssue', 'RapidBoard'])} executed in ${r.range(1, 3000)} ms`],
  ['c.a.jira.web.filters.ThreadLocalQueryProfiler', 'WARN', true, 3, (r) => `Slow request: ${r.range(2000, 60000)} ms, ${r.range(10, 4000)} queries`],
  ['c.a.r.j.s.a.p.s.ReindexService', 'DEBUG', false, 3, (r) => `Queue depth ${r.range(0, 500)}, batch size ${r.range(1, 200)}`],
  ['c.a.jira.cache.serialcheck.SerializationRecorder', 'WARN', false, 1, (r) => `Cache com.atlassian.jira.crowd.embedded.ofbiz.EagerOfBizUserCache.userCache wrote ${r.range(1, 500)} non-serializable values`],
  ['c.a.j.plugin.webhooks.WebHookListener', 'INFO', false, 3, (r) => `Webhook delivered to https://hooks.example.com/${r.base36(10)} in ${r.range(5, 900)} ms (status 200)`],
  ['c.a.greenhopper.service.sprint.SprintServiceImpl', 'INFO', true, 3, (r) => `Sprint ${r.range(1, 900)} on board ${r.range(1, 90)} started with ${r.range(1, 120)} issues`],
  ['o.a.c.c.C.[.[localhost].[/].[action]', 'WARN', true, 1, (r) => `Servlet.service() for servlet [action] threw exception (request took ${r.range(1, 900)} ms)`],
  ['c.a.jira.scheduler.ClusteredJobsService', 'INFO', false, 3, (r) => `Job com.atlassian.jira.service.JiraService:${r.range(10000, 99999)} ran in ${r.range(1, 5000)} ms`],
  ['c.a.j.p.a.a.service.AnalyticsPublisher', 'INFO', true, 2, (r) => `Published ${r.range(1, 50)} analytics events in ${r.range(1, 500)} ms; "quoted" and [bracketed] text, a \\ backslash, a { brace`],
];
const JIRA_ERRORS: readonly [category: string, fn: NoiseFn][] = [
  ['c.a.jira.web.servlet.InternalServerErrorServlet', (r) => `{errorId=${r.base36(8)}-${r.base36(4)}, interpretedMsg=, cause=${r.pick(EXCEPTIONS)}, stacktrace=...}`],
  ['c.a.j.issue.index.DefaultIssueIndexer', (r) => `Error indexing issue PROJ-${r.range(1, 9999)}`],
  ['c.a.r.restapi.util.RestExceptionMapper', () => 'Uncaught exception thrown by REST service'],
  ['c.a.jira.ofbiz.DefaultOfBizDelegator', () => 'Could not reach the database'],
];

const CONFLUENCE_NOISE: readonly [category: string, method: string, level: string, fn: NoiseFn][] = [
  ['confluence.cluster.hazelcast.HazelcastClusterManager', 'startCluster', 'INFO', () => 'Starting the cluster.'],
  ['confluence.search.v2.AbstractLuceneSearchManager', 'search', 'WARN', (r) => `Search took ${r.range(500, 9000)} ms for query siteSearch:"release notes"`],
  ['atlassian.confluence.pages.DefaultPageManager', 'saveContentEntity', 'INFO', (r) => `Saved page ${r.range(100000, 999999)} version ${r.range(1, 40)}`],
  ['confluence.util.profiling.DefaultActivityMonitor', 'close', 'INFO', (r) => `Activity took ${r.range(100, 30000)} ms: rest request /rest/api/content/${r.range(1000, 99999)}`],
  ['atlassian.confluence.event.ConfluenceEventDispatcher', 'dispatch', 'DEBUG', (r) => `Dispatched ${r.range(1, 30)} events`],
  ['confluence.impl.schedule.caesium.JobRunnerWrapper', 'runJob', 'INFO', (r) => `Scheduled job ${r.pick(['IndexQueueFlusher', 'TrashCleanup', 'SynchronyHeartbeat'])} completed in ${r.range(1, 900)} ms`],
];

// ------------------------------------------------------------------------------------------------

const DAY = 86_400_000;

class Gen {
  readonly r: Rng;
  readonly o: Required<GenOptions>;
  readonly node: string;
  readonly nodes = 3;
  t: number;
  private sec = -1;
  private secText = '';
  private reqCounter = 1000;
  readonly users: string[] = [];
  readonly emails: string[] = [];
  readonly sessions: string[] = [];
  readonly clientIps: string[] = [];
  readonly proxies = ['100.100.0.6', '10.0.0.5', '100.120.0.11'];
  // truth
  entries = 0; lines = 0; multiline = 0;
  byLevel: Record<string, number> = {};
  byKind: Partial<Record<Kind, number>> = {};
  byOutcome: Partial<Record<Outcome, number>> = {};
  byMethod: Record<string, { passed: number; failed: number }> = {};
  events: Partial<Record<EventId, number>> = {};
  firstTime = '';
  lastTime = '';

  constructor(o: Required<GenOptions>) {
    this.o = o;
    this.r = new Rng(o.seed ^ hash(o.format) ^ hash(o.node));
    this.node = o.node;
    this.t = Date.parse(o.start);
    const r = this.r;
    for (let i = 0; i < 400; i++) {
      const f = r.pick(FIRST), l = r.pick(LAST);
      this.users.push(r.chance(0.5) ? `${f}.${l}` : `${f[0]}${l}${r.chance(0.3) ? r.range(1, 99) : ''}`);
      this.emails.push(`${f}.${l}@mycompany.com`);
    }
    for (let i = 0; i < 600; i++) this.sessions.push(r.base36(r.range(6, 7)));
    for (let i = 0; i < 300; i++) {
      this.clientIps.push(r.chance(0.6) ? `10.${r.int(256)}.${r.int(256)}.${r.range(1, 254)}` : `${r.range(11, 223)}.${r.int(256)}.${r.int(256)}.${r.range(1, 254)}`);
    }
  }

  userName(r: Rng): string { return r.chance(0.1) ? r.pick(SERVICE_USERS) : r.pick(this.users); }
  ip(): string {
    const c = this.r.pick(this.clientIps);
    return this.r.chance(0.35) ? `${c},${this.r.pick(this.proxies)}` : c;
  }
  session(): string { return this.r.chance(0.2) ? '-' : this.r.pick(this.sessions); }

  /** Advances the clock and returns the timestamp text. */
  tick(): string {
    this.t += this.r.int(24);
    const s = Math.floor(this.t / 1000);
    if (s !== this.sec) {
      this.sec = s;
      const d = new Date(s * 1000);
      this.secText = `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())},`;
    }
    const ms = this.t % 1000;
    const text = this.secText + (ms < 10 ? '00' + ms : ms < 100 ? '0' + ms : String(ms));
    if (!this.firstTime) this.firstTime = text;
    this.lastTime = text;
    return this.o.zone ? text + '+0000' : text;
  }
  requestId(): string {
    const minute = Math.floor((this.t % DAY) / 60000);
    return `${minute}x${this.reqCounter++}x${this.r.chance(0.9) ? 1 : this.r.range(2, 4)}`;
  }
  httpThread(): string {
    return this.o.format === 'confluence' ? `http-nio-8090-exec-${this.r.range(1, 200)}` : this.r.chance(0.8) ? `http-nio-8080-exec-${this.r.range(1, 200)}` : `https-jsse-nio-8443-exec-${this.r.range(1, 50)}`;
  }

  count(level: string | undefined, kind: Kind, lines: number, event?: EventId, method?: string): void {
    this.entries++;
    this.lines += lines;
    if (lines > 1) this.multiline++;
    if (level) this.byLevel[level] = (this.byLevel[level] ?? 0) + 1;
    this.byKind[kind] = (this.byKind[kind] ?? 0) + 1;
    if (event) {
      this.events[event] = (this.events[event] ?? 0) + 1;
      const outcome = EVENTS[event].outcome;
      this.byOutcome[outcome] = (this.byOutcome[outcome] ?? 0) + 1;
      // Per method, like the summary (summary.ts, filter.isFailure): denied and limited are failures too.
      if (method && outcome !== 'info') {
        const m = (this.byMethod[method] ??= { passed: 0, failed: 0 });
        m[outcome === 'passed' ? 'passed' : 'failed']++;
      }
    }
  }

  // --- entries: each returns the text including the final newline -------------------------------

  /** `%d %t %p %X{jira.username} %X{jira.request.id} %X{jira.request.assession.id} %X{jira.request.ipaddr} %X{jira.request.url} [%q{2}] %m%n` */
  jiraHead(level: string, request: boolean, category: string, url?: string, user?: string): string {
    const ts = this.tick();
    if (!request) {
      // Background threads have no request MDC: the empty fields leave runs of spaces.
      const u = this.r.chance(0.5) ? 'ServiceRunner' : '';
      return `${ts} ${this.r.pick(BG_THREADS)} ${level} ${u}     [${category}] `;
    }
    return `${ts} ${this.httpThread()} ${level} ${user ?? (this.r.chance(0.15) ? 'anonymous' : this.userName(this.r))} ${this.requestId()} ${this.session()} ${this.ip()} ${url ?? this.r.pick(WEB_URLS)} [${category}] `;
  }

  stackTrace(): { text: string; lines: number } {
    const r = this.r;
    let text = r.pick(EXCEPTIONS) + '\n';
    let lines = 1;
    const n = r.range(4, 24);
    for (let i = 0; i < n; i++) { text += `\tat ${r.pick(JAVA_FRAMES)}\n`; lines++; }
    if (r.chance(0.5)) {
      text += `Caused by: ${r.pick(CAUSES)}\n`; lines++;
      const m = r.range(2, 8);
      for (let i = 0; i < m; i++) { text += `\tat ${r.pick(JAVA_FRAMES)}\n`; lines++; }
      text += `\t... ${r.range(10, 90)} more\n`; lines++;
    }
    return { text, lines };
  }

  jiraNoise(): string {
    const r = this.r;
    if (r.chance(0.012)) {
      const [cat, fn] = r.pick(JIRA_ERRORS);
      const head = this.jiraHead('ERROR', r.chance(0.6), cat);
      const msg = fn(r, this);
      const st = this.stackTrace();
      this.count('ERROR', 'other', 1 + st.lines);
      return head + msg + '\n' + st.text;
    }
    const [cat, level, request, , fn] = pickWeighted(r, JIRA_NOISE, JIRA_NOISE_TOTAL);
    const text = this.jiraHead(level, request, cat) + fn(r, this) + '\n';
    this.count(level, 'other', 1);
    return text;
  }

  kantegaDiagnostics(): string {
    const r = this.r;
    const url = r.pick(['/jira/login.jsp', '/rest/analytics/1.0/publish/bulk', '/secure/Dashboard.jspa', '/plugins/servlet/kerberos']);
    const head = this.jiraHead('WARN', true, 'com.kantegasso.DiagnosticsLog', url, 'anonymous');
    const remote = this.r.pick(this.clientIps);
    const inner = this.lastTime;
    const reason = r.pick(KERBEROS_REASONS);
    const exc = reason === 'Failed to validate client token' ? `, Exception: ${r.pick(KERBEROS_EXCEPTIONS)}` : '';
    const sep = r.chance(0.15) ? '\n' : ' '; // the JSON wrapped over two lines
    const json = `{"timestamp":"${inner}","context":"Kerberos","message":"Authentication has FAILED, KerberosTicket: HTTP/jira-${this.node}.example.com@EXAMPLE.LOCAL, EncType: ${r.pick([17, 18, 23])}, RequestUri: ${url},${sep}RemoteIP: ${remote}, Reason: ${reason}${exc}"}`;
    const stray = r.chance(0.5) ? ' }' : '';
    this.count('WARN', 'diagnostics', sep === '\n' ? 2 : 1, 'kantega.diagnostics.failed', 'Kerberos');
    return head + json + stray + '\n';
  }

  kantegaAuditText(): { msg: string; event: EventId; method: string; subject: string } {
    const r = this.r;
    const method = r.pick(METHODS);
    const subject = method === 'Kerberos' ? r.pick(this.users) : r.pick(this.emails);
    if (r.chance(0.8)) return { msg: `The user '${subject}' has PASSED authentication using ${method}`, event: 'kantega.audit.passed', method, subject };
    return { msg: `The user '${subject}' has FAILED authentication using ${method}. ${r.pick(KANTEGA_FAIL_SENTENCES[method]!)}`, event: 'kantega.audit.failed', method, subject };
  }

  /** Jira main log / apitokenservice.log: one API token event. */
  apiToken(layout: 'jira' | 'apitokenservice'): string {
    const r = this.r;
    const user = r.chance(0.5) ? r.pick(SERVICE_USERS) : r.pick(this.users);
    const write = r.chance(0.15);
    const endpoint = write ? r.pick(REST_WRITE) : r.pick(REST_READ);
    const created = 1_580_000_000_000 + r.int(150_000_000_000);
    const desc = r.pick(TOKEN_DESCRIPTIONS);
    const x = r.f();
    let event: EventId;
    let msg: string;
    let category = 'd.resolution.apitokenauth.ApiTokenAuthenticationService';
    if (x < 0.45) {
      event = 'apitoken.passed';
      msg = `Found a matching token for authenticating user ${user}, created on ${created}. REST endpoint: ${endpoint}`;
    } else if (x < 0.6) {
      event = 'apitoken.passed.scoped';
      const scope = write ? 'Read/Write' : r.pick(['Read Only', 'Read/Write']);
      msg = `Found a matching token "${desc}" with ${scope} scope and authenticated user ${user}. Token was created on ${new Date(created).toUTCString()}. REST endpoint: ${endpoint}`;
    } else if (x < 0.78) {
      event = 'apitoken.invalid-or-password';
      msg = `User ${user} tried to authenticate with an invalid token or a regular password. Passing the request further to the default authenticator. REST endpoint: ${endpoint}`;
    } else if (x < 0.86) {
      event = 'apitoken.verification-failed';
      msg = `Token verification for user ${user} failed: No valid API token was provided and basic auth with password or personal access token is disabled. REST endpoint: ${endpoint}`;
    } else if (x < 0.91) {
      event = 'apitoken.ip-restricted';
      msg = `Request from IP address ${r.pick(this.clientIps)} is not allowed by the IP restriction of token "${desc}" of user ${user}. Authentication denied. REST endpoint: ${endpoint}`;
    } else if (x < 0.96) {
      event = 'apitoken.permission-denied';
      msg = `Permission denied (403): token "${desc}" of user ${user} has Read Only scope and cannot be used for a write operation (${r.pick(['POST', 'PUT', 'DELETE'])}). REST endpoint: ${r.pick(REST_WRITE)}`;
    } else {
      event = 'apitoken.ratelimited';
      category = 'd.r.a.platform.auth.ApiTokenRateLimiter';
      msg = `Rate limit exceeded for user ${user}: ${r.range(60, 600)} requests in the last minute, request rejected with status 429. REST endpoint: ${endpoint}`;
    }
    const mdcUser = r.chance(0.7) ? 'anonymous' : user;
    let head: string;
    if (layout === 'jira') {
      head = this.jiraHead('INFO', true, category, endpoint, mdcUser);
    } else {
      // `%d{yyyy-MM-dd HH:mm:ss,SSSZ} %t %p %X{jira.username} %X{} %X{} %X{jira.request.ipaddr} %X{jira.request.url} [%q{2}] %m%n`
      // `%X{}` prints nothing: two empty fields.
      head = `${this.tick()} ${this.httpThread()} INFO ${mdcUser}   ${this.ip()} ${endpoint} [${category}] `;
    }
    this.count('INFO', 'apitoken', 1, event, 'API token');
    return head + msg + '\n';
  }

  // --- whole formats ------------------------------------------------------------------------------

  jiraEntry(): string {
    const r = this.r;
    if (!r.chance(this.o.authShare)) return this.jiraNoise();
    const x = r.f();
    if (x < 0.8) return this.apiToken('jira');
    if (x < 0.92) return this.kantegaDiagnostics();
    // Kantega audit lines in the main log (additivity left on).
    const a = this.kantegaAuditText();
    const head = this.jiraHead('INFO', true, 'com.kantegasso.AuditLog', r.pick(['/plugins/servlet/samlsso', '/login.jsp', '/plugins/servlet/no.kantega.saml/sso/callback']), 'anonymous');
    this.count('INFO', 'audit', 1, a.event, a.method);
    return head + a.msg + '\n';
  }

  /** `%d %t %X{jira.username} %X{jira.request.id} %X{jira.request.assession.id} %X{jira.request.ipaddr} %X{jira.request.url} %m%n` */
  securityEntry(): string {
    const r = this.r;
    const ts = this.tick();
    const thread = this.httpThread();
    const ip = this.ip();
    if (r.chance(this.o.authShare)) {
      if (r.chance(0.5)) {
        const a = this.kantegaAuditText();
        this.count(undefined, 'audit', 1, a.event, a.method);
        return `${ts} ${thread} anonymous ${this.requestId()} ${this.session()} ${ip} /plugins/servlet/samlsso ${a.msg}\n`;
      }
      const u = this.userName(r);
      if (r.chance(0.75)) {
        this.count(undefined, 'login', 1, 'jira.login.passed', 'Jira login');
        return `${ts} ${thread} ${u} ${this.requestId()} ${this.session()} ${ip} ${r.pick(['/login.jsp', '/rest/gadget/1.0/login', '/rest/auth/1/session'])} The user '${u}' has PASSED authentication.\n`;
      }
      this.count(undefined, 'login', 1, 'jira.login.failed', 'Jira login');
      return `${ts} ${thread} anonymous ${this.requestId()} ${this.session()} ${ip} /login.jsp The user '${u}' has FAILED authentication.  Failure count equals ${r.range(1, 5)}\n`;
    }
    const s = r.pick(this.sessions);
    this.count(undefined, 'other', 1);
    if (r.chance(0.5)) return `${ts} ${thread} anonymous ${this.requestId()} - ${ip} ${r.pick(WEB_URLS)} HttpSession created [${s}]\n`;
    return `${ts} ${r.chance(0.5) ? thread : 'ContainerBackgroundProcessor[StandardEngine[Catalina]]'} ${this.userName(r)} - ${s} - - HttpSession [${s}] destroyed for '${this.userName(r)}'\n`;
  }

  /** `%d %p [%t] [%c{4}] %M %m%n`, sometimes ` -- url: ... | userName: ... | action: ...` */
  confluenceEntry(): string {
    const r = this.r;
    const ts = this.tick();
    if (r.chance(this.o.authShare)) {
      const a = this.kantegaAuditText();
      this.count('INFO', 'audit', 1, a.event, a.method);
      return `${ts} INFO [${this.httpThread()}] [com.kantegasso.AuditLog] log ${a.msg}\n`;
    }
    if (r.chance(0.01)) {
      const st = this.stackTrace();
      this.count('ERROR', 'other', 1 + st.lines);
      return `${ts} ERROR [${this.httpThread()}] [atlassian.confluence.servlet.ConfluenceServletDispatcher] serviceAction There was a problem evaluating the action\n${st.text}`;
    }
    const [cat, method, level, fn] = r.pick(CONFLUENCE_NOISE);
    const tail = r.chance(0.3) ? ` -- url: /display/SPACE/Page+${r.range(1, 999)} | userName: ${this.userName(r)} | action: viewpage` : '';
    this.count(level, 'other', 1);
    return `${ts} ${level} [${r.chance(0.5) ? this.httpThread() : r.pick(BG_THREADS)}] [${cat}] ${method} ${fn(r, this)}${tail}\n`;
  }

  entry(): string {
    switch (this.o.format) {
      case 'jira': return this.jiraEntry();
      case 'jira-security': return this.securityEntry();
      case 'confluence': return this.confluenceEntry();
      case 'apitokenservice': return this.apiToken('apitokenservice');
    }
  }
}

function p2(n: number): string { return n < 10 ? '0' + n : String(n); }
function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
const JIRA_NOISE_TOTAL = JIRA_NOISE.reduce((s, n) => s + n[3], 0);
function pickWeighted<T extends readonly [string, string, boolean, number, NoiseFn]>(r: Rng, items: readonly T[], total: number): T {
  let x = r.int(total);
  for (const it of items) { x -= it[3]; if (x < 0) return it; }
  return items[items.length - 1]!;
}

export function defaults(o: GenOptions): Required<GenOptions> {
  const authShare = o.authShare ?? (o.format === 'jira' ? 0.03 : o.format === 'jira-security' ? 0.5 : o.format === 'confluence' ? 0.05 : 1);
  return {
    format: o.format,
    bytes: Math.max(0, Math.floor(o.bytes)),
    seed: o.seed >>> 0,
    node: o.node ?? 'node1',
    zone: o.zone ?? ((o.format === 'jira' || o.format === 'apitokenservice') ? (o.seed & 1) === 1 : false),
    start: o.start ?? '2026-03-02T07:58:00.000Z',
    authShare,
  };
}

/** Writes one log file and returns what it contains. Streaming: memory stays at a few MB. */
export function generateLog(path: string, options: GenOptions): Truth {
  const o = defaults(options);
  const started = process.hrtime.bigint();
  mkdirSync(dirname(path), { recursive: true });
  const tmp = path + '.tmp';
  const fd = openSync(tmp, 'w');
  const g = new Gen(o);
  let written = 0;
  // Entries are encoded straight into one 8 MiB buffer, written out when it is nearly full: no big
  // joined strings, little garbage.
  const buf = Buffer.allocUnsafe(8 << 20);
  let off = 0;
  const flush = (): void => {
    if (off) writeSync(fd, buf, 0, off);
    off = 0;
  };
  try {
    while (written < o.bytes) {
      const s = g.entry();
      if (off + s.length * 3 > buf.length) flush();
      if (s.length * 3 > buf.length) {
        const big = Buffer.from(s, 'utf8');
        writeSync(fd, big);
        written += big.length;
        continue;
      }
      const n = buf.write(s, off, 'utf8');
      off += n;
      written += n;
    }
    flush();
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  const truth: Truth = {
    generator: GENERATOR_VERSION,
    options: o,
    path,
    bytes: written,
    lines: g.lines,
    entries: g.entries,
    firstTime: g.firstTime,
    lastTime: g.lastTime,
    byLevel: g.byLevel,
    byKind: g.byKind,
    byOutcome: g.byOutcome,
    byMethod: g.byMethod,
    events: g.events,
    multiline: g.multiline,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
  return truth;
}

export function manifestPath(path: string): string { return path + '.manifest.json'; }

/** Like generateLog, but reuses the file when a manifest with the same generator version and options is beside it. */
export function ensureLog(path: string, options: GenOptions): Truth & { reused: boolean } {
  const o = defaults(options);
  const mf = manifestPath(path);
  if (existsSync(path) && existsSync(mf)) {
    try {
      const t = JSON.parse(readFileSync(mf, 'utf8')) as Truth;
      if (t.generator === GENERATOR_VERSION && JSON.stringify(t.options) === JSON.stringify(o) && statSync(path).size === t.bytes) {
        return { ...t, path, seconds: 0, reused: true };
      }
    } catch { /* stale or broken manifest: write again */ }
  }
  const t = generateLog(path, o);
  writeFileSync(mf, JSON.stringify(t, null, 2) + '\n');
  return { ...t, reused: false };
}

/** The files of a small Data Center: per node a Jira main log, a security log, apitokenservice.log and a Confluence log. */
export function generateSamples(dir: string, opts: { bytes?: number; nodes?: number; seed?: number } = {}): (Truth & { reused: boolean })[] {
  const bytes = opts.bytes ?? 2_000_000;
  const nodes = opts.nodes ?? 2;
  const seed = opts.seed ?? 42;
  const out: (Truth & { reused: boolean })[] = [];
  for (let n = 1; n <= nodes; n++) {
    const node = `node${n}`;
    const d = join(dir, node);
    const s = seed + n * 101;
    out.push(ensureLog(join(d, 'atlassian-jira.log'), { format: 'jira', bytes, seed: s, node, zone: n % 2 === 1 }));
    out.push(ensureLog(join(d, 'atlassian-jira-security.log'), { format: 'jira-security', bytes: Math.ceil(bytes / 4), seed: s, node, zone: n % 2 === 1 }));
    out.push(ensureLog(join(d, 'apitokenservice.log'), { format: 'apitokenservice', bytes: Math.ceil(bytes / 8), seed: s, node, zone: true }));
    out.push(ensureLog(join(d, 'atlassian-confluence.log'), { format: 'confluence', bytes: Math.ceil(bytes / 2), seed: s, node }));
  }
  return out;
}

/** "10MB", "1GB", "512KiB", "1000000" -> bytes (MB/GB are powers of 1000, MiB/GiB of 1024). */
export function parseSize(s: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?)?\s*$/i.exec(s);
  if (!m) throw new Error(`not a size: ${JSON.stringify(s)} (try 10MB, 1GB)`);
  const n = Number(m[1]);
  const u = (m[2] ?? '').toLowerCase();
  const base = u.includes('i') ? 1024 : 1000;
  const exp = u.startsWith('k') ? 1 : u.startsWith('m') ? 2 : u.startsWith('g') ? 3 : 0;
  return Math.round(n * base ** exp);
}

// ------------------------------------------------------------------------------------------------
// CLI

function main(): void {
  const { values } = parseArgs({
    options: {
      format: { type: 'string', default: 'jira' },
      size: { type: 'string', default: '10MB' },
      seed: { type: 'string', default: '1' },
      node: { type: 'string' },
      out: { type: 'string' },
      samples: { type: 'string' },
      nodes: { type: 'string' },
    },
  });
  if (values.samples) {
    const ts = generateSamples(values.samples, { bytes: parseSize(values.size ?? '2MB'), nodes: Number(values.nodes ?? 2), seed: Number(values.seed) });
    for (const t of ts) console.log(JSON.stringify({ path: t.path, bytes: t.bytes, entries: t.entries, reused: t.reused }));
    return;
  }
  const formats: GenFormat[] = ['jira', 'jira-security', 'confluence', 'apitokenservice'];
  const format = values.format as GenFormat;
  if (!formats.includes(format)) throw new Error(`--format must be one of ${formats.join(', ')}`);
  const bytes = parseSize(values.size ?? '10MB');
  const out = values.out ?? join('bench', 'data', `${format}-${values.size}-s${values.seed}.log`);
  const t = ensureLog(out, { format, bytes, seed: Number(values.seed), ...(values.node ? { node: values.node } : {}) });
  const { options: _o, byLevel: _l, ...rest } = t;
  console.log(JSON.stringify(rest));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try { main(); } catch (e) { console.error(`generate: ${(e as Error).message}`); process.exit(1); }
}
