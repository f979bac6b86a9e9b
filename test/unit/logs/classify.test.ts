// Classification of every documented line and of the realistic fixture logs (against the truth the
// generator wrote), the prefilter keyword proof, and robustness on arbitrary text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyseEntry, describeEntry, hasPrefilterKeyword, type RowFields } from '../../../server/src/logs/classify';
import { events, prefilterKeywords } from '../../../server/src/logs/events';
import { readEntries } from '../../../server/src/logs/simpleReader';
import { SummaryBuilder } from '../../../server/src/logs/summary';
import type { LogFormat } from '../../../shared/protocol';

const fixtures = join(__dirname, '../../fixtures/logs');
const ex = (name: string): string[] => readFileSync(join(fixtures, 'examples', name), 'utf8').split('\n').filter(Boolean);

function pick(r: RowFields): Partial<RowFields> {
  const { kind, event, outcome, subject, method, reason } = r;
  return Object.fromEntries(Object.entries({ kind, event, outcome, subject, method, reason }).filter(([, v]) => v !== undefined));
}

test('Kantega diagnostics (seed line): failed Kerberos, reason from the JSON details', () => {
  const r = analyseEntry('jira', ex('jira-main.log')[0]!);
  assert.deepEqual(pick(r), { kind: 'diagnostics', event: 'kantega.diagnostics.failed', outcome: 'failed', method: 'Kerberos', reason: 'Failed to validate client token' });
});

test('API token, Jira wording: matching token passes, invalid token or password is information, not a failure', () => {
  const [, found, invalid] = ex('jira-main.log');
  assert.deepEqual(pick(analyseEntry('jira', found!)), { kind: 'apitoken', event: 'apitoken.passed', outcome: 'passed', subject: 'admin', method: 'API token' });
  const i = analyseEntry('jira', invalid!);
  assert.equal(i.event, 'apitoken.invalid-or-password');
  assert.equal(i.outcome, 'info');
  assert.equal(i.subject, 'admin');
  assert.match(i.reason!, /invalid token or regular password/i);
});

test('Jira security log: Jira\'s own logins, subject from the quotes (the MDC user may be anonymous)', () => {
  const [passed, failed] = ex('jira-security.log');
  assert.deepEqual(pick(analyseEntry('jira-security', passed!)), { kind: 'login', event: 'jira.login.passed', outcome: 'passed', subject: 'admin', method: 'Jira login' });
  const f = analyseEntry('jira-security', failed!);
  assert.deepEqual(pick(f), { kind: 'login', event: 'jira.login.failed', outcome: 'failed', subject: 'admin', method: 'Jira login' });
  assert.equal(f.user, 'anonymous');
});

test('Kantega audit: the seed\'s bare messages, and failures with their sentence as reason', () => {
  const [k, s] = ex('kantega-audit-messages.txt');
  assert.deepEqual(pick(analyseEntry('unknown', k!)), { kind: 'audit', event: 'kantega.audit.passed', outcome: 'passed', subject: 'johndoe', method: 'Kerberos' });
  assert.deepEqual(pick(analyseEntry('unknown', s!)), { kind: 'audit', event: 'kantega.audit.passed', outcome: 'passed', subject: 'john.doe@mycompany.com', method: 'SAML' });
  const line = "2024-03-04 08:00:00,000+0000 http-nio-8080-exec-1 anonymous 480x100x1 - 10.0.0.1 /plugins/servlet/no.kantega.oidc/callback The user 'k.nakamura' has FAILED authentication using OpenID Connect. User not found in JIRA.";
  assert.deepEqual(pick(analyseEntry('jira-security', line)), { kind: 'audit', event: 'kantega.audit.failed', outcome: 'failed', subject: 'k.nakamura', method: 'OIDC', reason: 'User not found in JIRA' });
});

test('Kantega audit in Confluence (category com.kantegasso.AuditLog)', () => {
  const line = "2024-03-04 08:00:01,000 INFO [http-nio-8090-exec-3] [com.kantegasso.AuditLog] log The user 'jdoe@example.com' has FAILED authentication using SAML. User is not a member of a configured required group.";
  assert.deepEqual(pick(analyseEntry('confluence', line)), { kind: 'audit', event: 'kantega.audit.failed', outcome: 'failed', subject: 'jdoe@example.com', method: 'SAML', reason: 'User is not a member of a configured required group' });
});

test('Bitbucket API token lines: token description, scope, created and endpoint in the detail', () => {
  const [found, failed] = ex('bitbucket.log');
  const d = describeEntry('bitbucket', found!);
  assert.deepEqual(pick(d), { kind: 'apitoken', event: 'apitoken.passed', outcome: 'passed', subject: 'automation-user', method: 'API token' });
  assert.deepEqual(d.token, { description: 'API Token from 2021-01-06', scope: 'Read Only', created: 'Jan 6, 2021 2:14:46 PM', endpoint: '/rest/ssh/1.0/keys' });
  assert.deepEqual(pick(analyseEntry('bitbucket', failed!)), {
    kind: 'apitoken', event: 'apitoken.verification-failed', outcome: 'failed', subject: 'automation-user', method: 'API token',
    reason: 'No valid API token was provided and basic auth with password or personal access token is disabled',
  });
});

test('inferred API token wordings: rate limiter (by logger), IP restriction, 403 permission denied', () => {
  const head = '2024-03-04 09:00:00,000 http-nio-8080-exec-1 INFO anonymous 540x1x1 - 10.0.0.1 /rest/api/2/issue';
  const rl = analyseEntry('jira', `${head} [d.r.a.platform.auth.ApiTokenRateLimiter] Request of user ci-bot rejected. REST endpoint: /rest/api/2/issue`);
  assert.deepEqual(pick(rl), { kind: 'apitoken', event: 'apitoken.ratelimited', outcome: 'limited', subject: 'ci-bot', method: 'API token', reason: 'Rate limited' });
  const ip = analyseEntry('jira', `${head} [d.resolution.apitokenauth.ApiTokenAuthenticationService] Request from IP 198.18.0.99 is not allowed by the IP restriction of the token "CI" of user ci-bot. REST endpoint: /rest/api/2/myself`);
  assert.equal(ip.event, 'apitoken.ip-restricted');
  assert.equal(ip.outcome, 'failed');
  assert.equal(ip.subject, 'ci-bot');
  const denied = analyseEntry('jira', `${head} [d.resolution.apitokenauth.ApiTokenAuthenticationService] Permission denied (403): the token "Reporting" of user report-bot has Read Only scope and cannot be used for POST. REST endpoint: /rest/api/2/issue`);
  assert.deepEqual(pick(denied), { kind: 'apitoken', event: 'apitoken.permission-denied', outcome: 'denied', subject: 'report-bot', method: 'API token', reason: 'Permission denied (403)' });
  // The user named in the wording, without the punctuation after it; none when nothing else is left.
  const limiter = `${head} [d.r.a.platform.auth.ApiTokenRateLimiter]`;
  assert.equal(analyseEntry('jira', `${limiter} Too many requests of user k.nakamura.`).subject, 'k.nakamura');
  assert.equal(analyseEntry('jira', `${limiter} Limit reached (user ci-bot):`).subject, 'ci-bot');
  assert.equal(analyseEntry('jira', `${limiter} Limit reached for user=...`).subject, undefined);
  const housekeeping = analyseEntry('apitokenservice', ex('apitokenservice-variants.log')[3]!);
  assert.deepEqual(pick(housekeeping), { kind: 'apitoken', event: 'apitoken.other', outcome: 'info' });
});

test('ordinary lines are other, even when they mention authentication words without a keyword logger', () => {
  assert.equal(analyseEntry('confluence', ex('confluence.log')[0]!).kind, 'other');
  const l = '2024-03-04 09:00:00,000 http-nio-8080-exec-1 INFO admin 540x1x1 - 10.0.0.1 /secure/Dashboard.jspa [c.a.jira.web.Foo] The user admin has PASSED the wizard';
  assert.equal(analyseEntry('jira', l).kind, 'other');
});

async function classifyFile(rel: string) {
  const b = new SummaryBuilder();
  const rows: RowFields[] = [];
  const texts: string[] = [];
  for await (const e of readEntries(join(fixtures, rel))) {
    const r = analyseEntry(e.format, e.text);
    rows.push(r);
    texts.push(e.text);
    b.add({ ...r, lines: e.lines });
  }
  return { summary: b.build(), rows, texts };
}

for (const name of ['jira/atlassian-jira', 'jira/atlassian-jira-security', 'confluence/atlassian-confluence', 'apitokenservice']) {
  test(`fixture ${name}.log: kinds, outcomes, methods and failing users match what the generator wrote`, async () => {
    const truth = JSON.parse(readFileSync(join(fixtures, name + '.expected.json'), 'utf8'));
    const { summary } = await classifyFile(name + '.log');
    assert.equal(summary.entries, truth.entries);
    assert.equal(summary.lines, truth.lines);
    assert.deepEqual(summary.byKind, sorted(truth.byKind));
    assert.deepEqual(summary.byOutcome, sorted(truth.byOutcome));
    assert.deepEqual(summary.byMethod, sorted(truth.methods));
    assert.equal(summary.firstTime, truth.firstTime);
    const topUsers = Object.entries(truth.failingUsers as Record<string, number>).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 10);
    assert.deepEqual(summary.topFailingUsers, topUsers);
  });
}

function sorted<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort((a, b) => (a[0] < b[0] ? -1 : 1)));
}

test('prefilter proof: every classified entry of every fixture and example contains a keyword', async () => {
  let classified = 0;
  for (const name of ['jira/atlassian-jira.log', 'jira/atlassian-jira-security.log', 'confluence/atlassian-confluence.log', 'apitokenservice.log', 'examples/jira-main.log', 'examples/jira-security.log', 'examples/bitbucket.log', 'examples/seed-diagnostics-wrapped.log', 'examples/kantega-audit-messages.txt', 'examples/apitokenservice-variants.log']) {
    const { rows, texts } = await classifyFile(name);
    rows.forEach((r, i) => {
      if (r.kind === 'other') return;
      classified++;
      assert.ok(prefilterKeywords.some((k) => texts[i]!.includes(k)), `${name}: no keyword in ${texts[i]}`);
    });
  }
  assert.ok(classified > 400, `only ${classified} classified entries`);
  // Small and ASCII, as the byte scanner needs.
  assert.ok(prefilterKeywords.length <= 6);
  for (const k of prefilterKeywords) assert.match(k, /^[\x20-\x7e]+$/);
});

test('classify agrees with the prefilter on arbitrary entries: no keyword, no event', () => {
  const formats: LogFormat[] = ['jira', 'jira-security', 'confluence', 'apitokenservice', 'bitbucket', 'unknown'];
  const pieces = ["The user 'x' has FAILED authentication using SAML", 'Found a matching token for authenticating user a, created on 1', '[d.r.a.p.auth.X] ', '[com.kantegasso.AuditLog] ', 'rate limit', '403', ' INFO ', 'authentication'];
  fc.assert(
    fc.property(fc.constantFrom(...formats), fc.array(fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom(...pieces)), { maxLength: 8 }), (format, parts) => {
      const text = '2024-03-04 08:10:00,000 ' + parts.join(' ');
      const r = analyseEntry(format, text);
      if (!hasPrefilterKeyword(text)) assert.equal(r.kind, 'other');
      if (r.kind === 'other') assert.equal(r.outcome, undefined);
    }),
    { numRuns: 1000 },
  );
});

test('hostile text in subjects, reasons and messages stays a plain string', () => {
  const line = "2024-03-04 10:01:21,223+0000 http-nio-8080-exec-9 anonymous 1x2x3 - 10.20.30.41 /plugins/servlet/no.kantega.saml/callback The user '<img src=x onerror=alert(1)>' has FAILED authentication using SAML. </script><script>alert(1)</script>";
  const r = analyseEntry('jira-security', line);
  assert.equal(r.subject, '<img src=x onerror=alert(1)>');
  assert.equal(r.reason, '</script><script>alert(1)</script>');
  const d = describeEntry('jira-security', line);
  assert.equal(d.raw, line);
  assert.equal(d.truncated, false);
});

test('describeEntry cuts the raw text at rawLimit and says so', () => {
  const text = ex('jira-main.log')[0]! + '\n' + '\tat x.Y(Y.java:1)\n'.repeat(100);
  const d = describeEntry('jira', text, 200);
  assert.equal(d.raw.length, 200);
  assert.equal(d.truncated, true);
  assert.equal(d.json?.ok, true);
});

test('every event names its source; inferred ones say so', () => {
  for (const e of events) {
    assert.ok(e.source.length > 10, e.id);
    assert.match(e.id, /^[a-z]+\.[a-z.-]+$/);
  }
  for (const id of ['apitoken.ip-restricted', 'apitoken.permission-denied', 'apitoken.ratelimited']) {
    assert.ok(events.filter((e) => e.id === id).every((e) => e.source.includes('inferred')), id);
  }
});

test('analyseEntry never throws', () => {
  fc.assert(
    fc.property(fc.constantFrom<LogFormat>('jira', 'jira-security', 'confluence', 'apitokenservice', 'bitbucket', 'unknown'), fc.string({ maxLength: 400 }), (f, s) => {
      analyseEntry(f, s);
      describeEntry(f, s, 100);
    }),
    { numRuns: 1000 },
  );
});

test('hostile repetitions do not make the patterns backtrack for long (each entry well under 150 ms)', () => {
  const head = '2024-03-04 09:00:00,000 http-nio-8080-exec-1 INFO anonymous 540x1x1 - 10.0.0.1 /x [d.resolution.apitokenauth.ApiTokenAuthenticationService] ';
  const cases: [LogFormat, string][] = [
    ['jira-security', "2024-03-04 09:00:00,000+0000 t u 1x2x3 s 1.2.3.4 /u " + "The user '".repeat(2000)],
    ['jira', head + 'IP '.repeat(6000)],
    ['jira', head + 'success user '.repeat(1500)],
    ['jira', head + 'Found a matching token "'.repeat(700)],
    ['jira', head + 'Token verification for user x failed: '.repeat(400)],
    ['jira', head.replace('d.resolution.apitokenauth.ApiTokenAuthenticationService', 'com.kantegasso.DiagnosticsLog') + '{"message":"has FAILED' + ', A: ('.repeat(3000)],
    ['confluence', '2024-03-04 09:00:00,000 INFO [' + '] ['.repeat(5000)],
  ];
  for (const [format, text] of cases) {
    const t0 = performance.now();
    analyseEntry(format, text);
    describeEntry(format, text);
    const ms = performance.now() - t0;
    assert.ok(ms < 150, `${format} ${text.slice(130, 160)}...: ${ms.toFixed(0)} ms`);
  }
});

test('Kantega diagnostics routed to Jira\'s securitylog (no category): recognised by the JSON keys', () => {
  const line = '2024-03-04 10:01:21,223+0000 https-jsse-nio-8443-exec-4 anonymous 601x765x2 - 10.20.30.41 /login.jsp {"timestamp":"2024-03-04 10:01:21,223","context":"Kerberos","message":"Authentication has FAILED, RemoteIP: 10.20.30.41, Reason: User not found in JIRA, Exception: none"} }';
  const d = describeEntry('jira-security', line);
  assert.deepEqual(pick(d), { kind: 'diagnostics', event: 'kantega.diagnostics.failed', outcome: 'failed', method: 'Kerberos', reason: 'User not found in JIRA' });
  assert.equal(d.json?.ok, true);
  assert.equal(d.json?.trailing, ' }');
  // Other JSON in a message without a category is not taken for diagnostics.
  const other = '2024-03-04 10:01:21,223+0000 t anonymous 601x765x2 - 10.20.30.41 /x {"context":"x","message":"has FAILED"}';
  assert.equal(analyseEntry('jira-security', other).kind, 'other');
});
