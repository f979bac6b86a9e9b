// LogFilter predicates, regex errors, and the CSV / JSON lines export.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileFilter, compileRegex } from '../../../server/src/logs/filter';
import { csvCell, csvHeader, csvLine, rowsToCsv, rowsToJsonLines } from '../../../server/src/logs/export';
import type { LogFilter, LogRow } from '../../../shared/protocol';

const rows: LogRow[] = [
  { id: 0, file: 0, line: 1, lines: 1, kind: 'audit', outcome: 'failed', level: 'INFO', user: 'anonymous', subject: 'JDoe@example.com', ip: '203.0.113.7,10.0.0.5', message: "The user 'JDoe@example.com' has FAILED authentication using SAML" },
  { id: 1, file: 0, line: 2, lines: 4, kind: 'diagnostics', outcome: 'failed', level: 'WARN', user: 'anonymous', ip: '127.0.0.1', message: '{"context":"Kerberos"}' },
  { id: 2, file: 1, line: 1, lines: 1, kind: 'apitoken', outcome: 'passed', level: 'INFO', user: 'anonymous', subject: 'admin', ip: '91.41.231.119,100.100.0.6', message: 'Found a matching token for authenticating user admin' },
  { id: 3, file: 1, line: 2, lines: 1, kind: 'apitoken', outcome: 'limited', level: 'INFO', message: 'Rate limit exceeded' },
  { id: 4, file: 1, line: 3, lines: 1, kind: 'other', level: 'ERROR', user: 'admin', message: 'Indexing failed' },
];
const texts = ['', '{"context":"Kerberos"}\nReason: Failed to validate client token', '', '', 'Indexing failed\n\tat com.atlassian.Foo'];

function ids(filter: LogFilter, withText = true): number[] {
  const c = compileFilter(filter);
  assert.ok(c.ok);
  return rows.filter((r, i) => c.test(r, withText && texts[i] ? texts[i] : undefined)).map((r) => r.id);
}

test('an empty filter lets everything through', () => {
  const c = compileFilter({});
  assert.ok(c.ok && c.all && !c.needsText);
  assert.deepEqual(ids({}), [0, 1, 2, 3, 4]);
  assert.deepEqual(ids(undefined as unknown as LogFilter), [0, 1, 2, 3, 4]);
});

test('kinds, outcomes, levels, files', () => {
  assert.deepEqual(ids({ kinds: ['apitoken'] }), [2, 3]);
  assert.deepEqual(ids({ kinds: ['audit', 'diagnostics'], outcomes: ['failed'] }), [0, 1]);
  assert.deepEqual(ids({ levels: ['warn', 'ERROR'] }), [1, 4]);
  assert.deepEqual(ids({ files: [1] }), [2, 3, 4]);
  assert.deepEqual(ids({ kinds: [] }), [0, 1, 2, 3, 4]);
});

test('failures only: failed, denied and limited', () => {
  assert.deepEqual(ids({ failuresOnly: true }), [0, 1, 3]);
});

test('user: case-insensitive substring of the request user or the subject; ip: substring of the chain', () => {
  assert.deepEqual(ids({ user: 'jdoe' }), [0]);
  assert.deepEqual(ids({ user: 'ADMIN' }), [2, 4]);
  assert.deepEqual(ids({ ip: '100.100.0.6' }), [2]);
  assert.deepEqual(ids({ ip: '10.0.0' }), [0]);
});

test('text: case-insensitive substring of the entry text (continuation lines too), else of the message', () => {
  assert.deepEqual(ids({ text: 'failed to VALIDATE' }), [1]);
  assert.deepEqual(ids({ text: 'failed to VALIDATE' }, false), []);
  assert.deepEqual(ids({ text: 'com.atlassian' }), [4]);
  const c = compileFilter({ text: 'x' });
  assert.ok(c.ok && c.needsText && !c.all);
});

test('regex: compiled once, /pattern/flags accepted, stateful g flag dropped', () => {
  assert.deepEqual(ids({ text: 'FAILED auth\\w+ using (SAML|OIDC)', regex: true }), [0]);
  assert.deepEqual(ids({ text: '/rate LIMIT/i', regex: true }), [3]);
  const c = compileRegex('/a/gi');
  assert.ok(c.ok);
  assert.equal(c.re.flags, 'i');
  // Without g the same row matches twice in a row.
  const f = compileFilter({ text: '/limit/g', regex: true });
  assert.ok(f.ok);
  assert.ok(f.test(rows[3]!) && f.test(rows[3]!));
});

test('an invalid regex is a clear error, not a predicate', () => {
  const c = compileFilter({ text: '(unclosed', regex: true });
  assert.equal(c.ok, false);
  assert.match(!c.ok ? c.error : '', /^Invalid regular expression: .*Unterminated group/);
  // The same text without regex is a plain substring.
  assert.ok(compileFilter({ text: '(unclosed' }).ok);
});

test('CSV: RFC 4180 quoting, doubled quotes, line breaks kept inside quotes', () => {
  assert.equal(csvCell('plain'), 'plain');
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('two\nlines'), '"two\nlines"');
  assert.equal(csvCell(' padded'), '" padded"');
  assert.equal(csvCell(undefined), '');
  assert.equal(csvCell(42), '42');
});

test('CSV: cells that a spreadsheet would run as formulas get a leading quote', () => {
  assert.equal(csvCell('=HYPERLINK("http://evil","x")'), '"\'=HYPERLINK(""http://evil"",""x"")"');
  assert.equal(csvCell('+1+2'), "'+1+2");
  assert.equal(csvCell('-2+3'), "'-2+3");
  assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
  assert.equal(csvCell('\t=1'), "'\t=1");
  assert.equal(csvCell('a=1'), 'a=1');
});

test('CSV export of rows: header, file labels, one record per row', () => {
  const hostile: LogRow = { id: 9, file: 0, line: 7, lines: 1, kind: 'audit', outcome: 'failed', subject: '=cmd|\' /C calc\'!A0', message: '<img src=x onerror=alert(1)>, "quoted"', time: '2024-03-04 08:00:00,000' };
  const csv = rowsToCsv([rows[2]!, hostile], { fileLabel: (i) => ['node1/atlassian-jira.log', 'node2/atlassian-jira.log'][i]! });
  const lines = csv.split('\r\n');
  assert.equal(lines[0], csvHeader('').trimEnd());
  assert.ok(lines[0]!.startsWith('file,line,lines,time,level,thread,user'));
  assert.ok(lines[1]!.startsWith('node2/atlassian-jira.log,1,1,,INFO,,anonymous,,,"91.41.231.119,100.100.0.6",'));
  assert.ok(lines[2]!.includes(",'=cmd|' /C calc'!A0,"));
  assert.ok(lines[2]!.endsWith('"<img src=x onerror=alert(1)>, ""quoted"""'));
  assert.equal(lines[3], '');
  assert.equal(csvLine(rows[4]!, { eol: '\n' }).endsWith('Indexing failed\n'), true);
});

test('JSON lines: one parseable object per line, values unchanged', () => {
  const out = rowsToJsonLines([rows[0]!, { ...rows[4]!, message: 'two\nlines </script>' }]);
  const ls = out.split('\n');
  assert.equal(ls.length, 3);
  assert.deepEqual(JSON.parse(ls[0]!), rows[0]);
  assert.equal(JSON.parse(ls[1]!).message, 'two\nlines </script>');
});
