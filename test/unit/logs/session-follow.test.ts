// Follow mode: a writer appends, completes a half-written line, rotates, truncates and deletes the
// file while the session follows; every entry appears exactly once. Waits on the session's events.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { pbkdf2 } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkerPool } from '../../../server/src/logs/indexer';
import { LogSession } from '../../../server/src/logs/session';
import type { ChangedParams, MessageParams } from '../../../shared/protocol';

const dir = mkdtempSync(join(tmpdir(), 'authlog-follow-test-'));
const pool = new WorkerPool(2);
after(() => {
  pool.dispose();
  rmSync(dir, { recursive: true, force: true });
});

let clock = 0;
const entry = (msg: string) => `2020-02-20 12:00:${String(clock++ % 60).padStart(2, '0')},000+0000 http-nio-8080-exec-1 INFO bob 1x1x1 - 10.0.0.9 /x [c.a.jira.web.Foo] ${msg}\n`;

test('follow mode: appends, a line written in two parts, rotation, truncation, deletion', async () => {
  const p = join(dir, 'atlassian-jira.log');
  writeFileSync(p, entry('e1') + entry('e2') + entry('e3'));
  const changes: ChangedParams[] = [];
  const messages: MessageParams[] = [];
  let wake: (() => void) | undefined;
  const s = await LogSession.open([p], {
    pool,
    followIntervalMs: 20,
    onChanged: (c) => {
      changes.push(c);
      wake?.();
    },
    onMessage: (m) => {
      messages.push(m);
      wake?.();
    },
  });
  await s.ready;
  // Waits until the condition holds, re-checking on every session event; fails at the deadline
  // (a change the session did not announce would show up here).
  const until = async (what: string, cond: () => boolean): Promise<void> => {
    const deadline = Date.now() + 15_000;
    while (!cond()) {
      if (Date.now() >= deadline) assert.fail(`timed out waiting for: ${what} (entries ${s.entries}; messages: ${messages.map((m) => m.text).join(" | ")})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now());
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    await s.settled();
  };
  const messagesOf = async () => (await s.page({}, 0, 1000)).rows.map((r) => r.message);

  s.follow(true);
  assert.equal(s.following, true);
  appendFileSync(p, entry('e4') + entry('e5'));
  await until('two appended entries', () => s.entries === 5);
  assert.ok(changes.some((c) => c.reason === 'appended' && c.entries === 5));

  // A line written in two parts, then a continuation line of the same entry.
  appendFileSync(p, entry('e6').slice(0, 70));
  await until('the partial line', () => s.entries === 6);
  appendFileSync(p, entry('e6').slice(70).replace('\n', ' and the rest\n'));
  await until('the completed line', () => s.row(5).message.endsWith('e6 and the rest'));
  appendFileSync(p, '\tat com.example.Trace(Trace.java:1)\n');
  await until('the continuation line', () => s.row(5).lines === 2);
  assert.equal(s.entries, 6);

  // Rotation: renamed to .1, one more line lands in the old file, then a new file appears.
  renameSync(p, p + '.1');
  appendFileSync(p + '.1', entry('e7'));
  writeFileSync(p, entry('n1') + entry('n2'));
  await until('the rotation', () => changes.some((c) => c.reason === 'rotated') && s.entries === 9);
  assert.deepEqual(await messagesOf(), ['e1', 'e2', 'e3', 'e4', 'e5', 'e6 and the rest', 'e7', 'n1', 'n2']);
  assert.ok(messages.some((m) => /was rotated/.test(m.text)));
  // Line numbers are per file: n1 is line 1 of the new file.
  assert.equal(s.row(7).line, 1);
  // Filters read the rotated-away file through its descriptor (its path now names the new file).
  assert.deepEqual((await s.page({ text: 'E7' }, 0, 10, 10_000)).rows.map((r) => r.id), [6]);
  assert.deepEqual((await s.page({ text: '\\] e\\d', regex: true }, 0, 20, 10_000)).rows.map((r) => r.message), ['e1', 'e2', 'e3', 'e4', 'e5', 'e6 and the rest', 'e7']);
  assert.equal((await s.summary({ text: 'n2' })).entries, 1);
  appendFileSync(p, entry('n3'));
  await until('an append after the rotation', () => s.entries === 10);

  // Truncation (copytruncate): the new file shrinks and gets one entry.
  writeFileSync(p, entry('t1'));
  await until('the truncation', () => changes.some((c) => c.reason === 'truncated') && s.entries === 8);
  assert.deepEqual(await messagesOf(), ['e1', 'e2', 'e3', 'e4', 'e5', 'e6 and the rest', 'e7', 't1']);
  assert.ok(messages.some((m) => m.severity === 'warning' && /shrank from \d+ to \d+ bytes \(truncated\)/.test(m.text)));
  appendFileSync(p, entry('t2'));
  await until('an append after the truncation', () => s.entries === 9);

  // Rewritten in place with more bytes than before (the size did not shrink): the first bytes tell.
  const truncations = changes.filter((c) => c.reason === 'truncated').length;
  writeFileSync(p, entry('r1') + entry('r2') + entry('r3') + entry('r4'));
  await until('the rewrite', () => changes.filter((c) => c.reason === 'truncated').length > truncations && s.entries === 11);
  assert.deepEqual(await messagesOf(), ['e1', 'e2', 'e3', 'e4', 'e5', 'e6 and the rest', 'e7', 'r1', 'r2', 'r3', 'r4']);
  assert.ok(messages.some((m) => /rewritten in place/.test(m.text)));

  // Deletion: a message, and what was read stays.
  unlinkSync(p);
  await until('the deletion message', () => messages.some((m) => /was deleted or moved away/.test(m.text)));
  assert.deepEqual(await messagesOf(), ['e1', 'e2', 'e3', 'e4', 'e5', 'e6 and the rest', 'e7', 'r1', 'r2', 'r3', 'r4']);
  const sum = await s.summary();
  assert.equal(sum.entries, 11);

  s.follow(false);
  assert.equal(s.following, false);
  s.close();
});

test('follow mode sees an append made just after it was turned on while the thread pool was busy', async () => {
  // fs.watchFile compared later stats with a first one it took on libuv's thread pool: when that
  // stat came after this append, the append was never reported (the timeout seen under load).
  const p = join(dir, 'busy-pool.log');
  writeFileSync(p, entry('b1'));
  let wake: (() => void) | undefined;
  const s = await LogSession.open([p], { pool, followIntervalMs: 20, onChanged: () => wake?.() });
  try {
    await s.ready;
    const threads = Number(process.env.UV_THREADPOOL_SIZE) || 4;
    const busy = Promise.all(Array.from({ length: threads }, () => new Promise<void>((resolve) => pbkdf2('x', 'y', 200_000, 64, 'sha512', () => resolve()))));
    s.follow(true);
    await s.settled();
    appendFileSync(p, entry('b2'));
    await busy;
    const deadline = Date.now() + 5000;
    while (s.entries < 2 && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, Math.max(0, deadline - Date.now())).unref();
      });
    }
    assert.equal(s.entries, 2, 'the append was not seen within 5 s');
  } finally {
    s.close();
  }
});
