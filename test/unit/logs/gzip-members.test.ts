// A gzip archive of several members (`cat a.gz b.gz > c.gz`, which gunzip reads as one file) is
// read whole and not called damaged; a cut one still is.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openLogSource } from '../../../server/src/logs/fileAccess';

const dir = mkdtempSync(join(tmpdir(), 'authlog-gzip-members-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const line = (s: number) => `2024-03-01 10:11:${String(s).padStart(2, '0')},345 http-nio-8080-exec-1 INFO anonymous - - - - [c.a.j.Foo] entry ${s}\n`;
const part1 = Array.from({ length: 30 }, (_, k) => line(k)).join('');
const part2 = Array.from({ length: 29 }, (_, k) => line(30 + k)).join('');

test('an archive of two gzip members: every line of both, no damage note', async () => {
  const p = join(dir, 'atlassian-jira.log.2.gz');
  writeFileSync(p, Buffer.concat([gzipSync(part1), gzipSync(part2)]));
  const src = await openLogSource(p);
  try {
    assert.equal(src.problem, undefined);
    assert.equal(src.read(0, src.size).toString('utf8'), part1 + part2);
  } finally {
    src.close();
  }
});

test('the same archive cut inside its second member: what decompresses, and the damage note', async () => {
  const whole = Buffer.concat([gzipSync(part1), gzipSync(part2)]);
  const p = join(dir, 'atlassian-jira.log.3.gz');
  writeFileSync(p, whole.subarray(0, whole.length - 12));
  const src = await openLogSource(p);
  try {
    assert.match(src.problem ?? '', /damaged or cut/);
    assert.ok(src.read(0, src.size).toString('utf8').startsWith(part1));
  } finally {
    src.close();
  }
});
