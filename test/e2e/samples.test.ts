// The sample workspace (samples/workspace) that `npm run try` opens and the e2e suites run in:
// generated, deterministic, and holding what its README promises.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(process.cwd(), 'samples', 'workspace');
const read = (rel: string): string => readFileSync(join(dir, rel), 'utf8');
const count = (text: string, re: RegExp): number => text.split('\n').filter((l) => re.test(l)).length;

test('the sample workspace is exactly what scripts/gen-samples.mjs writes (deterministic)', () => {
  const r = spawnSync(process.execPath, ['scripts/gen-samples.mjs', '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `samples/workspace differs from the generator: run \`npm run samples\`\n${r.stderr}`);
});

test('the sample configurations hold the mistakes the README describes', () => {
  const jira = read('jira/log4j.properties');
  assert.match(jira, /^log4j\.logger\.com\.kantegasso\.Auditlog = INFO, securitylog$/m);
  assert.match(jira, /^log4j\.logger\.com\.kantegasso\.DiagnosticsLog = INFO, filelog$/m);
  assert.doesNotMatch(jira, /^log4j\.additivity\.com\.kantegasso\.DiagnosticsLog/m);
  assert.match(jira, /, ratelimitlog$/m);
  assert.doesNotMatch(jira, /^log4j\.appender\.ratelimitlog/m);
  const confluence = read('confluence/log4j.properties');
  assert.match(confluence, /^log4j\.logger\.com\.kantegasso\.AuditLog = WARN, securitylog$/m);
  assert.doesNotMatch(confluence, /^log4j\.appender\.securitylog/m);
  const xml = read('jira-9.5/log4j2.xml');
  assert.match(xml, /<Logger name="com\.kantegasso\.AuditLog" level="INFO">/);
  assert.match(xml, /<Logger name="de\.resolution\.apitokenauth" level="INFO" additivity="false">/);
});

test('the sample logs of both nodes hold audit, diagnostics and API token entries in the documented layouts', () => {
  const ts = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}/;
  for (const node of ['node1', 'node2']) {
    const sec = read(`logs/${node}/atlassian-jira-security.log`);
    assert.ok(count(sec, /has PASSED authentication using (Kerberos|SAML)$/) >= 10, `${node}: Kantega PASSED lines`);
    assert.ok(count(sec, /has FAILED authentication using Kerberos\. /) >= 3, `${node}: Kantega FAILED lines with a reason`);
    assert.ok(sec.split('\n').filter(Boolean).every((l) => ts.test(l)), `${node}: every security line starts with a timestamp`);
    const main = read(`logs/${node}/atlassian-jira.log`);
    assert.ok(count(main, / WARN anonymous .* \[com\.kantegasso\.DiagnosticsLog\] \{"timestamp":/) >= 3, `${node}: diagnostics JSON entries`);
  }
  const n1 = read('logs/node1/atlassian-jira.log');
  assert.match(n1, /\[com\.kantegasso\.DiagnosticsLog\] \{.*"\} \}$/m, 'the stray " }" of the vendor example');
  assert.match(n1, /^RemoteIP: /m, 'a diagnostics JSON wrapped onto a second line');
  const tokens = read('logs/node1/apitokenservice.log') + read('logs/node2/atlassian-jira.log');
  for (const re of [/Found a matching token for authenticating user/, /tried to authenticate with an invalid token or a regular password/, /Permission denied \(403\)/, /\[d\.r\.a\.platform\.auth\.ApiTokenRateLimiter\] Rate limit exceeded/]) {
    assert.match(tokens, re);
  }
  // apitokenservice layout: `%X{}` twice prints two empty fields between the user and the IP.
  assert.match(read('logs/node1/apitokenservice.log'), /^\S+ \S+ \S+ INFO \S+ {3}\d+\.\d+\.\d+\.\d+,/m);
});
