// Format detection, entry starts and timestamps over the documented lines and the fixture logs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  detectFormat,
  formatFromFileName,
  isEntryStart,
  isEntryStartBytes,
  parseTimestamp,
  timestampLength,
} from '../../../server/src/logs/formats';

const fixtures = join(__dirname, '../../fixtures/logs');
const lines = (rel: string): string[] => readFileSync(join(fixtures, rel), 'utf8').split('\n').filter((l) => l !== '');

test('every documented example file is detected as its layout', () => {
  assert.equal(detectFormat(lines('examples/jira-main.log')), 'jira');
  assert.equal(detectFormat(lines('examples/jira-security.log')), 'jira-security');
  assert.equal(detectFormat(lines('examples/confluence.log')), 'confluence');
  assert.equal(detectFormat(lines('examples/bitbucket.log')), 'bitbucket');
  assert.equal(detectFormat(lines('examples/seed-diagnostics-wrapped.log')), 'jira');
  assert.equal(detectFormat(lines('examples/apitokenservice-variants.log')), 'apitokenservice');
  assert.equal(detectFormat(lines('examples/kantega-audit-messages.txt')), 'unknown');
});

test('the realistic fixture logs are detected from their lines alone (no file name)', () => {
  assert.equal(detectFormat(lines('jira/atlassian-jira.log').slice(0, 200)), 'jira');
  assert.equal(detectFormat(lines('jira/atlassian-jira-security.log').slice(0, 200)), 'jira-security');
  assert.equal(detectFormat(lines('confluence/atlassian-confluence.log').slice(0, 200)), 'confluence');
  assert.equal(detectFormat(lines('apitokenservice.log').slice(0, 200)), 'apitokenservice');
});

test('apitokenservice: %X{} %X{} printed empty (three spaces) or collapsed (one space) are both recognised', () => {
  const three = '2020-02-20 12:20:13,418+0000 http-nio-8080-exec-15 INFO anonymous   91.41.231.119 /rest/api/2/myself [d.resolution.apitokenauth.ApiTokenAuthenticationService] Found a matching token for authenticating user admin, created on 1582191421157. REST endpoint: /rest/api/2/myself';
  const one = three.replace('anonymous   ', 'anonymous ');
  assert.equal(detectFormat([three]), 'apitokenservice');
  assert.equal(detectFormat([one]), 'apitokenservice');
});

test('Jira main log lines of background threads (empty MDC) do not turn a Jira log into apitokenservice', () => {
  const bg = '2024-03-04 07:58:12,345 Caesium-1-3 INFO ServiceRunner     [c.a.jira.service.ServiceRunner] Running service Backup Service';
  const req = '2024-03-04 07:58:13,001 http-nio-8080-exec-1 INFO admin 478x1201x1 1qvu69a 10.0.0.1 /secure/Dashboard.jspa [c.a.jira.web.Foo] x';
  assert.equal(detectFormat([bg, bg, req]), 'jira');
  assert.equal(detectFormat([bg]), 'jira');
  // The file name decides when the lines cannot.
  assert.equal(detectFormat([bg], '/var/atlassian/jira/log/apitokenservice.log.2'), 'apitokenservice');
});

test('file names hint at formats, rotation suffixes and directories included', () => {
  assert.equal(formatFromFileName('/x/log/atlassian-jira-security.log.3'), 'jira-security');
  assert.equal(formatFromFileName('C:\\jira\\log\\atlassian-jira.log'), 'jira');
  assert.equal(formatFromFileName('atlassian-confluence.log.gz'), 'confluence');
  assert.equal(formatFromFileName('apitokenservice.log'), 'apitokenservice');
  assert.equal(formatFromFileName('catalina.out'), 'unknown');
  assert.equal(formatFromFileName(undefined), 'unknown');
});

test('entry starts: a timestamp starts an entry; stack traces, Caused by and wrapped JSON continue it', () => {
  assert.ok(isEntryStart('2019-11-11 15:23:07,231 https-jsse-nio-8443-exec-7 WARN ...'));
  assert.ok(isEntryStart('2020-02-20 12:20:13,418+0000 http-nio-8080-exec-15 INFO'));
  assert.ok(isEntryStart('2021-01-07T08:52:38.540 INFO'));
  for (const l of ['\tat com.atlassian.jira.Foo(Foo.java:1)', 'Caused by: java.io.IOException', '"message":"x"}', '', ' 2019-11-11 15:23:07,231', '2019-11-11 15:23:07', '[com.kantegasso.DiagnosticsLog] {']) {
    assert.ok(!isEntryStart(l), l);
  }
});

test('isEntryStartBytes agrees with isEntryStart on any ASCII line', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string({ maxLength: 40 }),
        fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.string({ maxLength: 8 })).map(([n, s]) => `2024-03-0${n % 10} 1${n % 10}:0${n % 7}:59,${String(n).padStart(3, '0').slice(0, 3)}${s}`),
      ),
      (s) => {
        const ascii = s.replace(/[^\x20-\x7e\t]/g, 'x');
        const buf = Buffer.from('\n' + ascii + '\n', 'latin1');
        assert.equal(isEntryStartBytes(buf, 1, buf.length - 1), isEntryStart(ascii));
      },
    ),
    { numRuns: 500 },
  );
});

test('isEntryStartBytes looks only inside [offset, end)', () => {
  const buf = Buffer.from('xx2019-11-11 15:23:07,231 rest');
  assert.ok(isEntryStartBytes(buf, 2));
  assert.ok(!isEntryStartBytes(buf, 0));
  assert.ok(!isEntryStartBytes(buf, 2, 20));
});

test('timestamps: UTC when there is no zone, the zone applied when there is one', () => {
  assert.equal(parseTimestamp('2019-11-11 15:23:07,231'), Date.UTC(2019, 10, 11, 15, 23, 7, 231));
  assert.equal(parseTimestamp('2020-02-20 12:20:13,418+0000'), Date.UTC(2020, 1, 20, 12, 20, 13, 418));
  assert.equal(parseTimestamp('2020-02-20 12:20:13,418+0100'), Date.UTC(2020, 1, 20, 11, 20, 13, 418));
  assert.equal(parseTimestamp('2020-02-20 12:20:13,418-05:30'), Date.UTC(2020, 1, 20, 17, 50, 13, 418));
  assert.equal(parseTimestamp('2020-02-20T12:20:13.418Z'), Date.UTC(2020, 1, 20, 12, 20, 13, 418));
  assert.equal(timestampLength('2020-02-20 12:20:13,418+0000 x'), 28);
  assert.equal(timestampLength('2020-02-20 12:20:13,418 x'), 23);
  assert.ok(Number.isNaN(parseTimestamp('2020-13-20 12:20:13,418')));
  assert.ok(Number.isNaN(parseTimestamp('not a time')));
});

test('detection never throws and returns a known format on arbitrary input', () => {
  fc.assert(
    fc.property(fc.array(fc.string({ maxLength: 200 }), { maxLength: 20 }), fc.option(fc.string()), (ls, name) => {
      const f = detectFormat(ls, name ?? undefined);
      assert.ok(['jira', 'jira-security', 'confluence', 'apitokenservice', 'bitbucket', 'unknown'].includes(f));
    }),
    { numRuns: 300 },
  );
});
