// The indexer's summary-only path (rows.countEntry) against the full one (analyzeEntry, then
// SummaryBuilder.add of the row): the same kind and outcome per entry and the same summary, over
// every fixture and example log in every layout, generated logs of every format, and random or
// mutated entries. Also the one-pass timestamp reader against a plain reading of the layout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyzeEntry, countEntry, newSummary } from '../../../server/src/logs/rows';
import { parseTimestamp, scanned, scanTimestamp, timestampLength } from '../../../server/src/logs/formats';
import { isEntryStart } from '../../../server/src/logs/formats';
import type { SummaryState } from '../../../server/src/logs/summary';
import { compiledEvents, withoutGroupNames } from '../../../server/src/logs/classify';
import { detailValue, splitDetails } from '../../../server/src/logs/json';
import { generateLog, type GenFormat } from '../../../bench/generate';
import type { LogFormat } from '../../../shared/protocol';

const formats: LogFormat[] = ['jira', 'jira-security', 'confluence', 'apitokenservice', 'bitbucket', 'unknown'];

interface Entry {
  text: string;
  lines: number;
  bytes: number;
}

/** A file's entries as the scanner cuts them: a line starting with a timestamp starts one. */
function entriesOf(path: string): Entry[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const out: Entry[] = [];
  let cur: string[] | undefined;
  const flush = (): void => {
    if (cur) out.push({ text: cur.join('\n').replace(/\r$/, ''), lines: cur.length, bytes: Buffer.byteLength(cur.join('\n')) + 1 });
  };
  for (const line of lines) {
    if (cur && !isEntryStart(line)) cur.push(line);
    else {
      flush();
      cur = [line];
    }
  }
  flush();
  return out;
}

/** Lists in first-seen order (which no user sees) sorted, so two states compare by their counts. */
function normal(s: SummaryState): SummaryState {
  const sort = <T extends [string | number, ...unknown[]]>(a: T[]): T[] => [...a].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  return {
    ...s,
    byKind: sort(s.byKind), byOutcome: sort(s.byOutcome), byLevel: sort(s.byLevel), byMethod: sort(s.byMethod),
    reasons: sort(s.reasons), users: sort(s.users), ips: sort(s.ips), minutes: sort(s.minutes),
  };
}

/** Both paths over the entries: per entry kind/outcome, then the summaries. Returns how many were not `other`. */
function compare(entries: readonly Entry[], format: LogFormat, where: string): number {
  const full = newSummary();
  const fast = newSummary();
  let events = 0;
  for (const e of entries) {
    const row = analyzeEntry(e.text, format);
    full.add({ ...row, lines: e.lines }, e.bytes);
    const c = countEntry(e.text, format, e.lines, e.bytes, fast);
    assert.deepEqual([c.kind, c.outcome], [row.kind, row.outcome], `${where} (${format}): ${e.text.slice(0, 200)}`);
    if (row.kind !== 'other') events++;
  }
  assert.deepEqual(normal(fast.state()), normal(full.state()), `${where} (${format}): summary state`);
  assert.deepEqual(fast.build(), full.build(), `${where} (${format}): built summary`);
  return events;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : /\.(log|txt)$/.test(n) ? [p] : [];
  });
}

test('countEntry counts every fixture and example log like analyzeEntry + add, in every layout', () => {
  const files = filesUnder(join(__dirname, '../../fixtures/logs'));
  assert.ok(files.length >= 8, `fixture logs: ${files.length}`);
  let events = 0;
  for (const f of files) {
    const entries = entriesOf(f);
    for (const format of formats) events += compare(entries, format, f);
  }
  assert.ok(events > 1000, `auth events compared: ${events}`);
});

test('countEntry counts generated logs of every format like analyzeEntry + add', () => {
  const dir = mkdtempSync(join(tmpdir(), 'authlog-count-'));
  try {
    const gen: GenFormat[] = ['jira', 'jira-security', 'confluence', 'apitokenservice'];
    let events = 0;
    for (const [i, format] of gen.entries()) {
      const p = join(dir, `${format}.log`);
      // Two seeds: with and without a zone in the timestamps.
      for (const seed of [i * 2 + 1, i * 2 + 2]) {
        generateLog(p, { format, bytes: 150_000, seed, authShare: 0.5 });
        events += compare(entriesOf(p), format, `generated ${format} seed ${seed}`);
      }
    }
    assert.ok(events > 1000, `auth events compared: ${events}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('countEntry agrees with analyzeEntry + add on random and mutated entries', () => {
  const real = filesUnder(join(__dirname, '../../fixtures/logs')).flatMap((p) => readFileSync(p, 'utf8').split('\n')).filter(Boolean);
  const entry = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.tuple(fc.constantFrom(...real), fc.nat(400), fc.string({ unit: 'binary', maxLength: 30 }), fc.nat(20)).map(([line, at, ins, del]) => {
      const i = at % (line.length + 1);
      return line.slice(0, i) + ins + line.slice(i + del);
    }),
    fc.array(fc.constantFrom(...real), { minLength: 1, maxLength: 3 }).map((ls) => ls.join('\n')),
  );
  fc.assert(
    fc.property(fc.array(entry, { minLength: 1, maxLength: 5 }), fc.constantFrom(...formats), (texts, format) => {
      compare(texts.map((text) => ({ text, lines: text.split('\n').length, bytes: text.length + 1 })), format, 'random');
    }),
    { numRuns: 400, seed: 20261122 },
  );
});

/** The timestamp as the layout defines it, read plainly (regular expression and Date.UTC). */
function plainTimestamp(s: string): { n: number; ts: number } {
  const m = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)[,.](\d{3})/.exec(s);
  if (!m) return { n: 0, ts: NaN };
  const [y, mo, d, h, mi, se, ms] = m.slice(1).map(Number) as [number, number, number, number, number, number, number];
  const zone = /^(?:(Z)|([+-])(\d\d)(\d\d)|([+-])(\d\d):(\d\d))/.exec(s.slice(23));
  const n = !zone ? 23 : zone[1] ? 24 : zone[2] ? 28 : 29;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || se > 60) return { n, ts: NaN };
  let ts = Date.UTC(y, mo - 1, d, h, mi, se, ms);
  if (zone && !zone[1]) {
    const sign = (zone[2] ?? zone[5]) === '-' ? -1 : 1;
    ts -= sign * (Number(zone[3] ?? zone[6]) * 60 + Number(zone[4] ?? zone[7])) * 60_000;
  }
  return { n, ts };
}

test('scanTimestamp reads length and time like timestampLength + parseTimestamp and a plain reading', () => {
  const digit = fc.constantFrom(...'0123456789');
  const two = fc.tuple(digit, digit).map(([a, b]) => a + b);
  const stamp = fc
    .tuple(
      fc.tuple(digit, digit, digit, digit).map((d) => d.join('')), two, two, fc.constantFrom(' ', 'T', 'x'), two, two, two,
      fc.constantFrom(',', '.', ':'), fc.tuple(digit, digit, digit).map((d) => d.join('')),
      fc.constantFrom('', 'Z', '+0000', '-0530', '+05:30', '-05:3', '+05', '+1', 'X', ' '),
      fc.string({ maxLength: 3 }),
    )
    .map(([y, mo, d, sep, h, mi, se, msSep, ms, zone, tail]) => `${y}-${mo}-${d}${sep}${h}:${mi}:${se}${msSep}${ms}${zone}${tail}`);
  const input = fc.oneof(stamp, fc.string({ maxLength: 40 }), stamp.map((s) => s.slice(0, 22)));
  fc.assert(
    fc.property(input, (s) => {
      const n = scanTimestamp(s);
      const ts = scanned.ts;
      assert.equal(n, timestampLength(s), s);
      assert.ok(Object.is(ts, parseTimestamp(s)), `${s}: ${ts} vs ${parseTimestamp(s)}`);
      const plain = plainTimestamp(s);
      assert.equal(n, plain.n, s);
      assert.ok(Object.is(ts, plain.ts), `${s}: ${ts} vs plain ${plain.ts}`);
    }),
    { numRuns: 3000, seed: 20261122 },
  );
  // Day after day (the day is remembered between calls): each value is still its own.
  assert.equal(scanTimestamp('2024-02-28 23:59:59,999+0000'), 28);
  assert.equal(scanned.ts, Date.UTC(2024, 1, 28, 23, 59, 59, 999));
  assert.equal(scanTimestamp('2024-02-29 00:00:00,000-0100'), 28);
  assert.equal(scanned.ts, Date.UTC(2024, 1, 29, 1, 0, 0, 0));
  assert.equal(scanTimestamp('2024-02-31 00:00:00,000'), 23);
  assert.equal(scanned.ts, Date.UTC(2024, 2, 2));
  assert.equal(scanTimestamp('2024-13-01 00:00:00,000'), 23);
  assert.ok(Number.isNaN(scanned.ts));
  // Digits of other scripts are no digits; a separator out of place is no timestamp; each leaves no time.
  for (const s of ['2024-03-04 08:00:0\u0660,000', '\uff12024-03-04 08:00:00,000', '2024-03-04 08:00:00,00\u0669', '2024-03-04 08-00:00,000', '2024/03/04 08:00:00,000', '2024-03-04 08:00:00 000']) {
    assert.equal(scanTimestamp(s), 0, s);
    assert.ok(Number.isNaN(scanned.ts), s);
  }
});

test('event patterns without group names match and capture like the named ones', () => {
  assert.deepEqual(withoutGroupNames('a(?<x>b)(c)[(?<y>]\\((?:d)(?<=e)(?<z>f)'), {
    source: 'a(b)(c)[(?<y>]\\((?:d)(?<=e)(f)',
    names: new Map([['x', 1], ['z', 3]]),
  });
  const real = filesUnder(join(__dirname, '../../fixtures/logs')).flatMap((p) => readFileSync(p, 'utf8').split('\n')).filter(Boolean);
  const bodies = real.map((l) => l.replace(/^.*?\] /, ''));
  let matched = 0;
  const check = (body: string): void => {
    for (const ce of compiledEvents) {
      const named = ce.def.pattern.exec(body);
      const plain = ce.re.exec(body);
      assert.equal(plain?.index, named?.index, `${ce.def.id}: ${body}`);
      assert.equal(plain?.[0], named?.[0], `${ce.def.id}: ${body}`);
      // An event marked `always` is not tested on the summary path: its pattern matches every body, at 0.
      if (ce.always) assert.equal(named?.index, 0, `${ce.def.id} (always): ${body}`);
      if (!named || !plain) continue;
      matched++;
      const g = named.groups ?? {};
      for (const name of ['subject', 'method', 'reason', 'description', 'scope', 'created'] as const) {
        assert.equal(ce[name] > 0 ? plain[ce[name]] : undefined, g[name], `${ce.def.id} ${name}: ${body}`);
      }
    }
  };
  for (const b of [...real, ...bodies, '', '\n', 'x\ny']) check(b);
  assert.ok(compiledEvents.some((ce) => ce.always) && compiledEvents.every((ce) => ce.always === (ce.def.pattern.source === '^')));
  // Nor run at all (build gets a shared empty match): it has no group build could read.
  for (const ce of compiledEvents.filter((e) => e.always)) assert.deepEqual([ce.subject, ce.method, ce.reason, ce.description, ce.scope, ce.created], [0, 0, 0, 0, 0, 0]);
  assert.ok(matched > 500, `matches compared: ${matched}`);
  fc.assert(fc.property(fc.constantFrom(...bodies), fc.string({ maxLength: 20 }), fc.nat(300), (b, ins, at) => check(b.slice(0, at) + ins + b.slice(at))), { numRuns: 500, seed: 20261122 });
});

test('detailValue gives the first value of a key as splitDetails does', () => {
  const first = (m: string, k: string): string | undefined => splitDetails(m).find(([key]) => key === k)?.[1];
  const samples = [
    'Authentication has FAILED, KerberosTicket: HTTP/x@Y, EncType: 18, RemoteIP: 10.0.0.1, Reason: User not found in JIRA',
    'Reason: first, Reason: second',
    'Authentication has FAILED, Exception: GSSException: Failure (Mechanism level: Reason: x), Reason: not split',
    'A (b, Reason: inside), Reason: outside ',
    'no details at all',
    '',
  ];
  for (const m of samples) for (const k of ['Reason', 'Exception', 'KerberosTicket', 'Nope']) assert.equal(detailValue(m, k), first(m, k), `${k} in ${m}`);
  const piece = fc.constantFrom(', Reason: ', ', Exception: ', ', EncType: ', '(', ')', ', ', 'Reason: ', 'x', ' ', ':', 'Ab9');
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 14 }), fc.constantFrom('Reason', 'Exception', 'EncType'), (parts, k) => {
      const m = parts.join('');
      assert.equal(detailValue(m, k), first(m, k), `${k} in ${m}`);
    }),
    { numRuns: 2000, seed: 20261122 },
  );
});
