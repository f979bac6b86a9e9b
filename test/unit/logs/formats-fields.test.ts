// Field parsing per format, on the documented lines: the values a user reads in the table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { countTimeEnd, leanUserIp, parseFields, parseFieldsForCount, parseFieldsForSummary, MESSAGE_LIMIT } from '../../../server/src/logs/fields';
import type { LogFormat } from '../../../shared/protocol';

const ex = (name: string): string[] => readFileSync(join(__dirname, '../../fixtures/logs/examples', name), 'utf8').split('\n').filter(Boolean);

test('Jira main log: the seed diagnostics line', () => {
  const f = parseFields('jira', ex('jira-main.log')[0]!);
  assert.equal(f.time, '2019-11-11 15:23:07,231');
  assert.equal(f.ts, Date.UTC(2019, 10, 11, 15, 23, 7, 231));
  assert.equal(f.thread, 'https-jsse-nio-8443-exec-7');
  assert.equal(f.level, 'WARN');
  assert.equal(f.user, 'anonymous');
  assert.equal(f.requestId, '923x9201x1');
  assert.equal(f.session, 'bm4kxx');
  assert.equal(f.ip, '127.0.0.1');
  assert.equal(f.url, '/rest/analytics/1.0/publish/bulk');
  assert.equal(f.category, 'com.kantegasso.DiagnosticsLog');
  assert.equal(f.logger, 'com.kantegasso.DiagnosticsLog');
  assert.ok(f.message.startsWith('{"timestamp":"2019-11-11 15:23:07,230"'));
  assert.ok(f.message.endsWith('"} }'));
});

test('Jira main log: zone, session "-" means none, proxy chain kept as written, %q{2} category matched', () => {
  const f = parseFields('jira', ex('jira-main.log')[1]!);
  assert.equal(f.time, '2020-02-20 12:20:13,418+0000');
  assert.equal(f.ts, Date.UTC(2020, 1, 20, 12, 20, 13, 418));
  assert.equal(f.session, undefined);
  assert.equal(f.ip, '91.41.231.119,100.100.0.6');
  assert.equal(f.category, 'd.resolution.apitokenauth.ApiTokenAuthenticationService');
  assert.equal(f.logger, 'de.resolution.apitokenauth.ApiTokenAuthenticationService');
  assert.equal(f.message, 'Found a matching token for authenticating user admin, created on 1582191421157. REST endpoint: /rest/api/2/myself');
});

test('the seed\'s wrapped diagnostics example is joined back: category and JSON found', () => {
  const text = ex('seed-diagnostics-wrapped.log').join('\n');
  const f = parseFields('jira', text);
  assert.equal(f.url, '/rest/analytics/1.0/publish/bulk');
  assert.equal(f.category, 'com.kantegasso.DiagnosticsLog');
  assert.ok(f.message.startsWith('{"timestamp"'));
});

test('Jira security log: no level, no category', () => {
  const [passed, failed] = ex('jira-security.log');
  const p = parseFields('jira-security', passed!);
  assert.deepEqual(
    [p.thread, p.user, p.requestId, p.session, p.ip, p.url, p.level, p.category],
    ['http-nio-8080-exec-14', 'admin', '310x2803x1', 'zokxj2', '10.1.2.3', '/rest/gadget/1.0/login', undefined, undefined],
  );
  assert.equal(p.message, "The user 'admin' has PASSED authentication.");
  const f = parseFields('jira-security', failed!);
  assert.equal(f.user, 'anonymous');
  assert.equal(f.message, "The user 'admin' has FAILED authentication.  Failure count equals 1");
});

test('Confluence: level, [thread], [%c{4}], method left out of the message, context suffix split', () => {
  const f = parseFields('confluence', ex('confluence.log')[0]!);
  assert.equal(f.level, 'INFO');
  assert.equal(f.thread, 'Catalina-utility-1');
  assert.equal(f.category, 'confluence.cluster.hazelcast.HazelcastClusterManager');
  assert.equal(f.message, 'Starting the cluster.');
  const g = parseFields('confluence', "2024-03-04 08:00:01,000 INFO [http-nio-8090-exec-3] [com.kantegasso.AuditLog] log The user 'jdoe' has PASSED authentication using Kerberos -- url: /login.action | traceId: 9a2e | userName: jdoe | action: login");
  assert.equal(g.message, "The user 'jdoe' has PASSED authentication using Kerberos");
  assert.equal(g.url, '/login.action');
  assert.equal(g.user, 'jdoe');
  assert.deepEqual(g.context, [['url', '/login.action'], ['traceId', '9a2e'], ['userName', 'jdoe'], ['action', 'login']]);
  assert.equal(g.logger, 'com.kantegasso.AuditLog');
});

test('Bitbucket: request id, proxy chain, request line, Logback-abbreviated logger', () => {
  const f = parseFields('bitbucket', ex('bitbucket.log')[0]!);
  assert.equal(f.level, 'INFO');
  assert.equal(f.thread, 'http-nio-8080-exec-2');
  assert.equal(f.requestId, '@A6X2OXx532x2669x0');
  assert.equal(f.ip, '79.209.73.23,100.120.0.11');
  assert.equal(f.url, '/rest/ssh/1.0/keys');
  assert.equal(f.category, 'd.r.a.p.auth.ApiTokenAuthSharedBase');
  assert.equal(f.logger, 'de.resolution.apitokenauth');
  assert.ok(f.message.startsWith('Found a matching token "API Token from 2021-01-06"'));
});

test('apitokenservice: user, IP and URL found with empty, collapsed or map-printed %X{} fields', () => {
  const ls = ex('apitokenservice-variants.log');
  for (const l of ls.slice(0, 3)) {
    const f = parseFields('apitokenservice', l);
    assert.equal(f.user, 'anonymous', l);
    assert.equal(f.ip, '91.41.231.119,100.100.0.6', l);
    assert.equal(f.url, '/rest/api/2/myself', l);
    assert.equal(f.requestId, undefined);
    assert.equal(f.category, 'd.resolution.apitokenauth.ApiTokenAuthenticationService');
    assert.ok(f.message.startsWith('Found a matching token'));
  }
  const bg = parseFields('apitokenservice', ls[3]!);
  assert.deepEqual([bg.thread, bg.user, bg.ip, bg.url], ['Caesium-1-2', undefined, undefined, undefined]);
  assert.equal(bg.message, 'Cleaning up expired token usage statistics');
});

test('continuation lines stay in the body, not in the row message', () => {
  const text = [
    '2024-03-04 08:10:00,000 Caesium-1-1 ERROR ServiceRunner     [c.a.jira.index.AccumulatingResultBuilder] Indexing failed for 3 issues',
    'java.lang.IllegalStateException: Reindex could not be completed',
    '\tat com.atlassian.jira.issue.index.DefaultIndexManager.reIndex(DefaultIndexManager.java:712)',
  ].join('\n');
  const f = parseFields('jira', text);
  assert.equal(f.message, 'Indexing failed for 3 issues');
  assert.equal(f.user, 'ServiceRunner');
  assert.equal(f.requestId, undefined);
  assert.ok(f.body.includes('\tat com.atlassian.jira.issue.index.DefaultIndexManager'));
});

test('hostile text stays plain strings in user, url and message', () => {
  const l = '2024-03-04 18:03:00,000 http-nio-8080-exec-4 INFO <svg/onload=alert(1)> 1082x9303x1 - 10.20.30.43 javascript:alert(1) [c.a.jira.web.filters.steps.security.XsrfFilter] </script><script>alert(1)</script> <img src=x onerror=alert(1)>';
  const f = parseFields('jira', l);
  assert.equal(f.user, '<svg/onload=alert(1)>');
  assert.equal(f.url, 'javascript:alert(1)');
  assert.equal(f.message, '</script><script>alert(1)</script> <img src=x onerror=alert(1)>');
});

test('the row message is cut at the limit; the body keeps everything', () => {
  const long = 'x'.repeat(MESSAGE_LIMIT + 500);
  const f = parseFields('jira-security', `2023-06-09 05:10:21,968+0000 t u 1x2x3 s 1.2.3.4 /u ${long}`);
  assert.equal(f.message.length, MESSAGE_LIMIT);
  assert.equal(f.body.length, long.length);
});

test('parseFields never throws, whatever the format and text', () => {
  const formats: LogFormat[] = ['jira', 'jira-security', 'confluence', 'apitokenservice', 'bitbucket', 'unknown'];
  fc.assert(
    fc.property(
      fc.constantFrom(...formats),
      fc.oneof(fc.string({ maxLength: 300 }), fc.string({ maxLength: 200 }).map((s) => '2024-03-04 08:10:00,000 ' + s)),
      (format, text) => {
        const f = parseFields(format, text);
        assert.equal(typeof f.message, 'string');
      },
    ),
    { numRuns: 1000 },
  );
});

// Round trip: lines written with a layout from random field values parse back to those values.
const word = fc.stringMatching(/^[A-Za-z0-9._@<>=/()-]{1,12}$/).filter((w) => !/^(TRACE|DEBUG|INFO|WARN|ERROR|FATAL)$/.test(w) && !w.startsWith('{') && !w.startsWith('['));
const ipw = fc.tuple(fc.integer({ min: 1, max: 254 }), fc.integer({ min: 0, max: 254 }), fc.option(fc.integer({ min: 1, max: 254 }))).map(([a, b, c]) => (c === null ? `10.${a}.${b}.1` : `10.${a}.${b}.1,100.${c}.0.6`));
const reqId = fc.tuple(fc.nat(1439), fc.nat(99999), fc.nat(9)).map(([a, b, c]) => `${a}x${b}x${c}`);
const level = fc.constantFrom('TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL');
const msg = fc.string({ maxLength: 80 }).map((s) => s.replace(/[\r\n]/g, ' '));
const stamp = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2030, 0, 1) }).map((t) => new Date(t).toISOString().replace('T', ' ').replace('.', ',').slice(0, 23));

test('round trip: Jira main log lines', () => {
  fc.assert(
    fc.property(stamp, word, level, word, reqId, fc.option(word), ipw, word, word, msg, (time, thread, lv, user, rid, sess, ip, url, cat, m) => {
      const line = `${time} ${thread} ${lv} ${user} ${rid} ${sess ?? '-'} ${ip} /${url} [${cat}] ${m}`;
      const f = parseFields('jira', line);
      assert.deepEqual(
        [f.time, f.thread, f.level, f.user, f.requestId, f.session, f.ip, f.url, f.category, f.message],
        [time, thread, lv, user, rid, sess === null || sess === '-' ? undefined : sess, ip, '/' + url, cat, m],
      );
    }),
    { numRuns: 500 },
  );
});

test('round trip: Jira security log lines', () => {
  fc.assert(
    fc.property(stamp, word, word, reqId, word, ipw, word, msg, (time, thread, user, rid, sess, ip, url, m) => {
      const f = parseFields('jira-security', `${time}+0000 ${thread} ${user} ${rid} ${sess} ${ip} /${url} ${m}`);
      assert.deepEqual([f.time, f.thread, f.user, f.requestId, f.session, f.ip, f.url, f.message], [time + '+0000', thread, user, rid, sess === '-' ? undefined : sess, ip, '/' + url, m]);
    }),
    { numRuns: 500 },
  );
});

test('round trip: apitokenservice lines with %X{} printed empty', () => {
  fc.assert(
    fc.property(stamp, word, level, word, ipw, word, word, msg, (time, thread, lv, user, ip, url, cat, m) => {
      const f = parseFields('apitokenservice', `${time}+0000 ${thread} ${lv} ${user}   ${ip} /${url} [${cat}] ${m}`);
      assert.deepEqual([f.thread, f.level, f.user, f.ip, f.url, f.category, f.message], [thread, lv, user, ip, '/' + url, cat, m]);
    }),
    { numRuns: 500 },
  );
});

test('round trip: Confluence lines', () => {
  fc.assert(
    fc.property(stamp, level, word, word, word, msg.filter((m) => !m.includes(' -- ')), (time, lv, thread, cat, method, m) => {
      const f = parseFields('confluence', `${time} ${lv} [${thread}] [${cat}] ${method} ${m}`);
      assert.deepEqual([f.level, f.thread, f.category, f.message], [lv, thread, cat, m]);
    }),
    { numRuns: 500 },
  );
});

test('Jira main log: a user name with spaces keeps the fields after it in place', () => {
  const f = parseFields('jira', '2024-03-04 08:00:00,000 http-nio-8080-exec-1 INFO John Smith 480x100x1 abc123 10.0.0.1 /secure/Dashboard.jspa [c.a.jira.web.Foo] hello');
  assert.deepEqual([f.user, f.requestId, f.session, f.ip, f.url, f.message], ['John Smith', '480x100x1', 'abc123', '10.0.0.1', '/secure/Dashboard.jspa', 'hello']);
});

/** What the summary-only path reads of a parse (parseFields' `lean` promise). */
function leanPart(f: ReturnType<typeof parseFields>): unknown {
  return { time: f.time, ts: f.ts, level: f.level, user: f.user, ip: f.ip, category: f.category, logger: f.logger, body: f.body };
}

test('Jira main log: the lean parse reads time, level, user, IP, category and body like the full one, in odd shapes too', () => {
  const line =
    '2026-03-02 07:58:00,052+0000 http-nio-8080-exec-180 INFO alice 478x1002x3 775e9f 129.173.242.104,10.0.0.5 /rest/api/2/myself ' +
    '[d.resolution.apitokenauth.ApiTokenAuthenticationService] Found a matching token for authenticating user pnilsen, created on 1626689755923.';
  const cases = [
    line,
    line + '\nat com.example.Foo(Foo.java:1)\n\tat bar',
    line + '\r\nsecond line', // a CR line end
    line + '\r',
    line + '\n', // an empty continuation
    line + '\n[com.kantegasso.AuditLog] joined back', // a continuation starting with `[`
    line.replace(' Found a matching', ''), // nothing after the category but its space
    line.slice(0, line.indexOf('] ') + 1), // nothing after the category
    line.slice(0, line.indexOf('] ') + 1) + '\nnext',
    line.slice(0, line.indexOf('] ') + 2) + '\nnext', // an empty message, then a line
    line.replace('[d.resolution', '[d. resolution'), // whitespace in the brackets: not a category
    line.replace('[d.resolution', '[d.\u00a0resolution'),
    line.replace('[d.resolution.apitokenauth.ApiTokenAuthenticationService]', '[]'),
    line.replace('alice 478x1002x3', 'alice  478x1002x3'), // collapsed / doubled spaces
    line.replace('alice', 'mary ann'), // a user name with a space
    line.replace('alice', '{a=b}'), // a printed context map
    line.replace(' INFO ', ' INFO'), // no level
    line.replace(' INFO ', ' NOTE '),
    line.replace('129.173.242.104,10.0.0.5', ''), // empty fields
    line.replace('alice', ''),
    line.replace(',052+0000', ',052'), // no zone
    line.replace('2026-03-02', '2026-13-02'), // an impossible date (no ts)
    line.slice(0, 20), // a timestamp cut short
    line.replace('http-nio-8080-exec-180 ', ''), // no thread
    line.replace('] Found', ']Found'), // no space after the category
    'x' + line, // no timestamp
  ];
  for (const format of ['jira', 'apitokenservice'] as const) {
    for (const text of cases) {
      assert.deepEqual(leanPart(parseFields(format, text, true)), leanPart(parseFields(format, text)), `${format}: ${JSON.stringify(text)}`);
      assert.deepEqual(leanPart(summaryFields(format, text)), leanPart(parseFields(format, text)), `summary, ${format}: ${JSON.stringify(text)}`);
      assert.deepEqual(leanPart(countFields(format, text)), leanPart(parseFields(format, text)), `count, ${format}: ${JSON.stringify(text)}`);
    }
  }
  // And mutated copies of the real lines of every example log.
  const real = ['jira-main.log', 'apitokenservice-variants.log', 'seed-diagnostics-wrapped.log'].flatMap(ex);
  fc.assert(
    fc.property(fc.constantFrom(...real), fc.nat(400), fc.string({ unit: 'binary', maxLength: 12 }), fc.nat(8), fc.constantFrom('', '\nmore', '\r\nmore', '\n[x.Y] z'), (l, at, ins, del, tail) => {
      const i = at % (l.length + 1);
      const text = l.slice(0, i) + ins + l.slice(i + del) + tail;
      for (const format of ['jira', 'apitokenservice'] as const) {
        assert.deepEqual(leanPart(parseFields(format, text, true)), leanPart(parseFields(format, text)), `${format}: ${JSON.stringify(text)}`);
        assert.deepEqual(leanPart(summaryFields(format, text)), leanPart(parseFields(format, text)), `summary, ${format}: ${JSON.stringify(text)}`);
        assert.deepEqual(leanPart(countFields(format, text)), leanPart(parseFields(format, text)), `count, ${format}: ${JSON.stringify(text)}`);
      }
    }),
    { numRuns: 2000, seed: 20261122 },
  );
});

/** The summary's parse: user and ip asked for afterwards (as countEntry does for a failure). */
function summaryFields(format: LogFormat, text: string): ReturnType<typeof parseFields> {
  const f = parseFieldsForSummary(format, text);
  leanUserIp(f, text);
  return f;
}

/**
 * The indexer's count parse: the time, when left unset, is the first countTimeEnd() characters of
 * the text (a copy of the fields: the parse after it may reuse what it returned).
 */
function countFields(format: LogFormat, text: string): ReturnType<typeof parseFields> {
  const f = { ...parseFieldsForCount(format, text) };
  const end = countTimeEnd();
  if (end >= 0) {
    assert.equal(f.time, undefined, 'the time is either a string or a length, never both');
    f.time = text.slice(0, end);
  }
  leanUserIp(f, text);
  return f;
}

test('the count parse gives the time as a length into the text for the common Jira shape', () => {
  const line = '2024-03-04 08:00:01,000+0100 http-nio-8080-exec-3 INFO jdoe 480x1x1 s1 10.0.0.9 /login.jsp [com.kantegasso.AuditLog] The user \'jdoe\' has FAILED authentication using SAML';
  const f = parseFieldsForCount('jira', line);
  assert.equal(f.time, undefined);
  assert.equal(countTimeEnd(), '2024-03-04 08:00:01,000+0100'.length);
  assert.equal(f.ts, Date.UTC(2024, 2, 4, 7, 0, 1));
  // Off that shape (a Confluence entry), the time is a string again and the length -1.
  const c = parseFieldsForCount('confluence', '2024-03-04 08:00:01,000 INFO [http-nio-8090-exec-1] [com.kantegasso.AuditLog] log The user \'jdoe\' has PASSED authentication using SAML');
  assert.equal(c.time, '2024-03-04 08:00:01,000');
  assert.equal(countTimeEnd(), -1);
});

test('the summary parse leaves user and ip for later, and gives them only for the entry it parsed last', () => {
  const line = '2024-03-04 08:00:01,000 http-nio-8080-exec-3 INFO jdoe 480x1x1 s1 10.0.0.9 /login.jsp [com.kantegasso.AuditLog] The user \'jdoe\' has FAILED authentication using SAML';
  const jira = parseFieldsForSummary('jira', line);
  assert.equal(jira.user, undefined);
  assert.equal(jira.category, 'com.kantegasso.AuditLog');
  // The same text read in another layout next: asking for the first one's user and ip no longer changes anything.
  const other = parseFieldsForSummary('confluence', line);
  leanUserIp(other, line);
  assert.deepEqual([other.user, other.ip], [parseFields('confluence', line).user, parseFields('confluence', line).ip]);
  leanUserIp(jira, line);
  assert.deepEqual([jira.user, jira.ip], [undefined, undefined]);
  const again = parseFieldsForSummary('jira', line);
  leanUserIp(again, line);
  assert.deepEqual([again.user, again.ip], ['jdoe', '10.0.0.9']);
});
