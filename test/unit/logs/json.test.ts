// Lenient JSON of Kantega diagnostics entries: the seed's stray ` }`, wrapped, cut and invalid JSON,
// and the `Key: Value` details of its message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseDiagnosticsJson, pretty, splitDetails } from '../../../server/src/logs/json';
import { describeEntry } from '../../../server/src/logs/classify';
import { readEntries } from '../../../server/src/logs/simpleReader';

const fixtures = join(__dirname, '../../fixtures/logs');
const seedLine = readFileSync(join(fixtures, 'examples/jira-main.log'), 'utf8').split('\n')[0]!;
const seedJson = seedLine.slice(seedLine.indexOf('{'));

test('the seed\'s diagnostics JSON parses; the stray " }" is kept as trailing text', () => {
  const r = parseDiagnosticsJson(seedJson)!;
  assert.equal(r.json.ok, true);
  assert.equal(r.json.trailing, ' }');
  assert.equal(r.value?.['context'], 'Kerberos');
  assert.equal(r.value?.['timestamp'], '2019-11-11 15:23:07,230');
  assert.equal(r.json.pretty, [
    '{',
    '  "timestamp": "2019-11-11 15:23:07,230",',
    '  "context": "Kerberos",',
    `  "message": ${JSON.stringify(r.value?.['message'])}`,
    '}',
  ].join('\n'));
});

test('the message details split at ", Key: " only: the exception keeps its commas, colons and parentheses', () => {
  const r = parseDiagnosticsJson(seedJson)!;
  assert.deepEqual(r.details, [
    ['Summary', 'Authentication has FAILED'],
    ['KerberosTicket', 'HTTP/kerberos-dev-local.example.com@EXAMPLE.LOCAL'],
    ['EncType', '18'],
    ['RequestUri', '/jira/login.jsp'],
    ['RemoteIP', '127.0.0.1'],
    ['Reason', 'Failed to validate client token'],
    ['Exception', 'GSSException: Failure unspecified at GSS-API level (Mechanism level: Invalid argument (400) - Cannot find key of appropriate type to decrypt AP REP - AES256 CTS mode with HMAC SHA1-96)'],
  ]);
});

test('details: commas inside parentheses and after Exception do not split; lower-case words are not keys', () => {
  assert.deepEqual(splitDetails('Reason: a, b (c, Key: d), Exception: X: y, Z: w'), [
    ['Reason', 'a, b (c, Key: d)'],
    ['Exception', 'X: y, Z: w'],
  ]);
  assert.deepEqual(splitDetails('Authentication has FAILED, note: lower-case, RemoteIP: 1.2.3.4'), [
    ['Summary', 'Authentication has FAILED, note: lower-case'],
    ['RemoteIP', '1.2.3.4'],
  ]);
  assert.deepEqual(splitDetails(''), []);
});

test('details: a first segment that is Exception keeps every later comma; a key is at most 62 characters', () => {
  assert.deepEqual(splitDetails('Exception: X, Reason: y'), [['Exception', 'X, Reason: y']]);
  assert.deepEqual(splitDetails('Reason: first, Reason: second'), [
    ['Reason', 'first'],
    ['Reason', 'second'],
  ]);
  const long = 'K' + 'x'.repeat(61); // 62 characters: the longest key (its `: ` within 66 of the comma)
  assert.deepEqual(splitDetails(`a, ${long}: b, ${long}x: c`), [
    ['Summary', 'a'],
    [long, `b, ${long}x: c`],
  ]);
  // A closing parenthesis without its opening one does not go below depth 0.
  assert.deepEqual(splitDetails('a), B: c'), [
    ['Summary', 'a)'],
    ['B', 'c'],
  ]);
});

test('JSON wrapped over lines (between tokens or inside a string) still parses', () => {
  const between = '{"timestamp":"2024-03-04 18:00:40,001","context":"Kerberos",\n"message":"Authentication has FAILED, Reason: User not found in JIRA"}';
  const a = parseDiagnosticsJson(between)!;
  assert.equal(a.json.ok, true);
  assert.equal(a.details?.find(([k]) => k === 'Reason')?.[1], 'User not found in JIRA');
  const inside = '{"context":"Kerberos","message":"Authentication has FAILED, Reason: User not fou\nnd in JIRA"} }';
  const b = parseDiagnosticsJson(inside)!;
  assert.equal(b.json.ok, true);
  assert.equal(b.value?.['message'], 'Authentication has FAILED, Reason: User not found in JIRA');
  assert.equal(b.json.trailing, ' }');
});

test('cut JSON: ok false, a clear error, the raw text kept', () => {
  const cut = seedJson.slice(0, 120);
  const r = parseDiagnosticsJson(cut)!;
  assert.equal(r.json.ok, false);
  assert.match(r.json.error!, /cut off/);
  assert.equal(r.raw, cut);
  assert.equal(r.json.pretty, undefined);
});

test('invalid JSON: ok false with the parser\'s error and where', () => {
  const r = parseDiagnosticsJson('{"context": "Kerberos",, "message": "x"}')!;
  assert.equal(r.json.ok, false);
  assert.match(r.json.error!, /PropertyNameExpected at character 24/);
  const single = parseDiagnosticsJson("{'context': 'Kerberos'}")!;
  assert.equal(single.json.ok, false);
});

test('a message that is not JSON gives undefined', () => {
  assert.equal(parseDiagnosticsJson('Starting the cluster.'), undefined);
  assert.equal(parseDiagnosticsJson(''), undefined);
});

test('the fixture\'s diagnostics entries: seed line, wrapped JSON and cut JSON, as the entry view shows them', async () => {
  const diag = [];
  for await (const e of readEntries(join(fixtures, 'jira/atlassian-jira.log'))) {
    if (e.text.includes('[com.kantegasso.DiagnosticsLog]')) diag.push(describeEntry(e.format, e.text));
  }
  const ok = diag.filter((d) => d.json?.ok);
  const bad = diag.filter((d) => d.json && !d.json.ok);
  assert.equal(diag.length, 27);
  assert.equal(bad.length, 1);
  assert.match(bad[0]!.json!.error!, /cut off/);
  assert.equal(bad[0]!.reason, 'Failed to valid');
  assert.ok(ok.every((d) => d.details?.some(([k]) => k === 'Reason')));
  const wrapped = diag.find((d) => d.raw.includes('\n"message"'));
  assert.equal(wrapped?.json?.ok, true);
  assert.equal(wrapped?.reason, 'User not found in JIRA');
});

test('pretty() keeps numbers and escapes as written', () => {
  assert.equal(pretty('{"a":12345678901234567890,"b":"\\u003c"}'), '{\n  "a": 12345678901234567890,\n  "b": "\\u003c"\n}');
});

test('parseDiagnosticsJson never throws', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.json().map((j) => j + ' }'), fc.string().map((s) => '{"message":"' + s)), (s) => {
      const r = parseDiagnosticsJson(s);
      if (r) assert.equal(typeof r.json.ok, 'boolean');
    }),
    { numRuns: 1000 },
  );
});
