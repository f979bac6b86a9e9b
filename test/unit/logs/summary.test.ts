// The summary builder: counts, failure reasons and top lists, merging across workers/files,
// timeline buckets chosen from the span.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { merge, summarise, SummaryBuilder, BUCKET_STEPS, MAX_BUCKETS, NO_REASON, clientIp } from '../../../server/src/logs/summary';
import type { EntryKind, LogRow, Outcome } from '../../../shared/protocol';

type R = Pick<LogRow, 'kind' | 'lines'> & Partial<LogRow>;
const T0 = Date.UTC(2024, 2, 4, 8, 0, 0);

const rows: R[] = [
  { kind: 'audit', lines: 1, outcome: 'passed', method: 'SAML', subject: 'jdoe', ts: T0, time: '2024-03-04 08:00:00,000', level: 'INFO' },
  { kind: 'audit', lines: 1, outcome: 'failed', method: 'SAML', subject: 'jdoe', reason: 'User not found in JIRA', ip: '203.0.113.7,10.0.0.5', ts: T0 + 60_000, time: '2024-03-04 08:01:00,000', level: 'INFO' },
  { kind: 'login', lines: 1, outcome: 'failed', method: 'Jira login', subject: 'admin', user: 'anonymous', ip: '10.1.2.3', ts: T0 + 120_000, time: '2024-03-04 08:02:00,000' },
  { kind: 'apitoken', lines: 1, outcome: 'denied', method: 'API token', user: 'report-bot', reason: 'Permission denied (403)', ip: '10.1.2.3', ts: T0 + 125_000, time: '2024-03-04 08:02:05,000' },
  { kind: 'diagnostics', lines: 3, outcome: 'failed', method: 'Kerberos', user: 'anonymous', reason: 'Failed to validate client token', ip: '127.0.0.1', ts: T0 - 60_000, time: '2024-03-04 07:59:00,000', level: 'WARN' },
  { kind: 'other', lines: 7, level: 'ERROR', ts: T0 + 30_000, time: '2024-03-04 08:00:30,000' },
  { kind: 'other', lines: 1 },
];

test('counts, first/last time, per method, reasons, top failing users and IPs', () => {
  const s = summarise(rows);
  assert.equal(s.entries, 7);
  assert.equal(s.lines, 15);
  assert.deepEqual(s.byKind, { apitoken: 1, audit: 2, diagnostics: 1, login: 1, other: 2 });
  assert.deepEqual(s.byOutcome, { denied: 1, failed: 3, passed: 1 });
  assert.deepEqual(s.byLevel, { ERROR: 1, INFO: 2, WARN: 1 });
  assert.deepEqual(s.byMethod, {
    'API token': { passed: 0, failed: 1 },
    'Jira login': { passed: 0, failed: 1 },
    Kerberos: { passed: 0, failed: 1 },
    SAML: { passed: 1, failed: 1 },
  });
  assert.equal(s.firstTime, '2024-03-04 07:59:00,000');
  assert.equal(s.lastTime, '2024-03-04 08:02:05,000');
  assert.deepEqual(s.failureReasons, [
    [NO_REASON, 1],
    ['Failed to validate client token', 1],
    ['Permission denied (403)', 1],
    ['User not found in JIRA', 1],
  ]);
  // The subject when there is one, else the request user unless anonymous.
  assert.deepEqual(s.topFailingUsers, [['admin', 1], ['jdoe', 1], ['report-bot', 1]]);
  // The client address of a proxy chain.
  assert.deepEqual(s.topFailingIps, [['10.1.2.3', 2], ['127.0.0.1', 1], ['203.0.113.7', 1]]);
});

test('timeline: one-minute buckets for a short span, failures and passes apart', () => {
  const s = summarise(rows);
  assert.equal(s.timeline.bucketMs, 60_000);
  assert.equal(s.timeline.start, T0 - 60_000);
  assert.deepEqual(s.timeline.failed, [1, 0, 1, 2]);
  assert.deepEqual(s.timeline.passed, [0, 1, 0, 0]);
});

test('timeline: the bucket grows with the span, never more than MAX_BUCKETS buckets', () => {
  for (const spanMin of [1, 119, 121, 600, 1440, 7 * 1440, 90 * 1440, 3 * 365 * 1440, 40 * 365 * 1440]) {
    const b = new SummaryBuilder();
    b.add({ kind: 'audit', lines: 1, outcome: 'failed', ts: T0 });
    b.add({ kind: 'audit', lines: 1, outcome: 'passed', ts: T0 + spanMin * 60_000 });
    const t = b.build().timeline;
    assert.ok(t.failed.length <= MAX_BUCKETS, `${spanMin} min -> ${t.failed.length} buckets`);
    assert.equal(t.failed.length, t.passed.length);
    assert.equal(t.failed.reduce((a, c) => a + c, 0), 1);
    assert.equal(t.passed.reduce((a, c) => a + c, 0), 1);
    if (spanMin <= 43200 * MAX_BUCKETS) assert.ok(BUCKET_STEPS.includes(t.bucketMs) || t.bucketMs % BUCKET_STEPS.at(-1)! === 0);
  }
  const empty = new SummaryBuilder().build();
  assert.deepEqual(empty.timeline, { start: 0, bucketMs: 60_000, failed: [], passed: [] });
  assert.equal(empty.firstTime, undefined);
});

const arbRow: fc.Arbitrary<R> = fc.record(
  {
    kind: fc.constantFrom<EntryKind>('audit', 'diagnostics', 'login', 'apitoken', 'other'),
    lines: fc.integer({ min: 1, max: 5 }),
    outcome: fc.constantFrom<Outcome>('passed', 'failed', 'denied', 'limited', 'info'),
    method: fc.constantFrom('SAML', 'Kerberos', 'API token'),
    subject: fc.constantFrom('jdoe', 'admin', '__proto__', 'constructor', 'toString'),
    reason: fc.constantFrom('a', 'b', '__proto__'),
    ip: fc.constantFrom('1.1.1.1', '2.2.2.2,10.0.0.1'),
    ts: fc.integer({ min: T0, max: T0 + 30 * 86_400_000 }),
    level: fc.constantFrom('INFO', 'WARN'),
  },
  { requiredKeys: ['kind', 'lines'] },
);

test('merging per-part states gives exactly the one-pass summary, in any split (workers, files)', () => {
  fc.assert(
    fc.property(fc.array(arbRow, { maxLength: 60 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), (rs, i, j) => {
      const [a, b] = [Math.min(i, j, rs.length), Math.min(Math.max(i, j), rs.length)];
      const parts = [rs.slice(0, a), rs.slice(a, b), rs.slice(b)].map((p) => {
        const sb = new SummaryBuilder();
        for (const r of p) sb.add(r, 10);
        // Through JSON, as a worker message or a stored state would go.
        return JSON.parse(JSON.stringify(sb.state()));
      });
      const merged = SummaryBuilder.from(merge(merge(parts[2], parts[0]), parts[1])).build();
      const one = new SummaryBuilder();
      for (const r of rs) one.add(r, 10);
      const expected = one.build();
      assert.deepEqual(merged, expected);
    }),
    { numRuns: 300 },
  );
});

test('user names like __proto__ are counted as data and never touch a prototype', () => {
  const b = new SummaryBuilder();
  b.add({ kind: 'audit', lines: 1, outcome: 'failed', subject: '__proto__', reason: '__proto__', method: '__proto__' });
  const s = b.build();
  assert.deepEqual(s.topFailingUsers, [['__proto__', 1]]);
  assert.deepEqual(s.failureReasons, [['__proto__', 1]]);
  assert.deepEqual(Object.keys(s.byMethod), ['__proto__']);
  assert.equal(Object.getPrototypeOf(s.byMethod), Object.prototype);
  assert.equal(({} as Record<string, unknown>)['passed'], undefined);
});

test('clientIp: first address of a chain', () => {
  assert.equal(clientIp('91.41.231.119,100.100.0.6'), '91.41.231.119');
  assert.equal(clientIp(' 10.0.0.1 '), '10.0.0.1');
  assert.equal(clientIp(''), undefined);
  assert.equal(clientIp(undefined), undefined);
});

test('failure reasons, users and IPs: counts and first-seen order as a plain count gives them, whatever the order of repeats', () => {
  // More distinct keys than the builder remembers, repeated in runs and interleaved.
  const key = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'bb', 'No valid API token', 'No valid API tokem');
  fc.assert(
    fc.property(fc.array(fc.tuple(key, key, key), { maxLength: 60 }), (triples) => {
      const b = new SummaryBuilder();
      const want = { reasons: new Map<string, number>(), users: new Map<string, number>(), ips: new Map<string, number>() };
      for (const [reason, user, ip] of triples) {
        // Fresh string objects, as the indexer's are.
        const r = (reason + '!').slice(0, -1);
        b.add({ kind: 'audit', lines: 1, outcome: 'failed', reason: r, subject: user, ip });
        want.reasons.set(reason, (want.reasons.get(reason) ?? 0) + 1);
        want.users.set(user, (want.users.get(user) ?? 0) + 1);
        want.ips.set(ip, (want.ips.get(ip) ?? 0) + 1);
      }
      const s = b.state();
      assert.deepEqual(s.reasons, [...want.reasons]);
      assert.deepEqual(s.users, [...want.users]);
      assert.deepEqual(s.ips, [...want.ips]);
    }),
    { numRuns: 300, seed: 20261122 },
  );
});

test('count with the time given as the start of the entry text: the same first/last times and state as with the time string', () => {
  // Each row's time as the indexer's summary path passes it: the whole entry text and the time's length.
  const texts = rows.map((r) => (r.time === undefined ? undefined : `${r.time} thread ${r.level ?? 'INFO'} [c] message`));
  const byString = new SummaryBuilder();
  const byText = new SummaryBuilder();
  rows.forEach((r, i) => {
    const time = r.ts !== undefined ? r.time : undefined;
    byString.count(r.kind, r.outcome, r.level, r.ts, time, r.method, r.reason, r.subject, r.user, r.ip, r.lines, 0);
    const text = texts[i];
    if (text !== undefined && r.ts !== undefined) byText.count(r.kind, r.outcome, r.level, r.ts, text, r.method, r.reason, r.subject, r.user, r.ip, r.lines, 0, r.time!.length);
    else byText.count(r.kind, r.outcome, r.level, r.ts, time, r.method, r.reason, r.subject, r.user, r.ip, r.lines, 0);
  });
  const built = byText.build();
  assert.equal(built.firstTime, '2024-03-04 07:59:00,000');
  assert.equal(built.lastTime, '2024-03-04 08:02:05,000');
  assert.deepEqual(built, byString.build());
  assert.deepEqual(byText.state(), byString.state());
  // Merged into another builder (a worker's state into the session's), the times stay the time strings alone.
  assert.deepEqual(new SummaryBuilder().merge(byText).build(), summarise(rows));
});

test('levels past 16 distinct values (a Map takes over): counted as a plain count gives them, in first-seen order', () => {
  const b = new SummaryBuilder();
  const levels = Array.from({ length: 20 }, (_, i) => `L${i}`);
  const want = new Map<string, number>();
  for (let k = 0; k < 3; k++) {
    for (const [i, level] of levels.entries()) {
      if (k > 0 && i % 3 === 0) continue;
      b.add({ kind: 'other', lines: 1, level });
      want.set(level, (want.get(level) ?? 0) + 1);
    }
  }
  assert.deepEqual(b.state().byLevel, [...want]);
  assert.deepEqual(SummaryBuilder.from(b.state()).state().byLevel, [...want]);
  assert.equal(b.build().byLevel['L19'], 3);
  assert.equal(b.build().byLevel['L18'], 1);
});
