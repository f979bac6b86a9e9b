// Follow mode against a separate writer PROCESS (test/unit/logs/session-follow.test.ts writes from
// the test itself, one step at a time): the writer appends 2,000 entries with unique ids in pieces
// that split lines, rotates the file (rename, twice in a row, while appending) and truncates it,
// while a LogSession follows. Every snapshot holds each id at most once and in order; every id is
// seen; at the end the session holds exactly the ids that were not truncated away. The test waits
// on the session's events (onChanged / onMessage) with a deadline, never on fixed sleeps.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { WorkerPool } from '../../server/src/logs/indexer';
import { LogSession } from '../../server/src/logs/session';
import type { ChangedParams, MessageParams } from '../../shared/protocol';

const dir = mkdtempSync(join(tmpdir(), 'authlog-follow-props-'));
const pool = new WorkerPool(2);
let writer: ChildProcessWithoutNullStreams | undefined;
after(() => {
  stopWriter();
  pool.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function stopWriter(): void {
  try {
    if (writer?.pid !== undefined && writer.exitCode === null) process.kill(writer.pid, 'SIGKILL');
  } catch {
    // it exited meanwhile
  }
}

const TOTAL = 2000;
/** One entry per id; the time grows with the id (one second each), so merged order = id order. */
function entry(id: number): string {
  const s = id;
  const hh = String(10 + Math.floor(s / 3600)).padStart(2, '0');
  const mm = String(Math.floor(s / 60) % 60).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `2020-02-20 ${hh}:${mm}:${ss},000+0000 http-nio-8080-exec-1 INFO bob 1x1x1 - 10.0.0.9 /x [c.a.jira.web.Foo] id=${String(id).padStart(4, '0')} end\n`;
}

// The writer: commands on stdin, `ok <command>` on stdout once done. Lines are written in 1 to 3
// pieces (a deterministic split), so the session sees half-written lines.
const WRITER = `
const fs = require('fs');
const p = process.argv[1];
const entry = ${entry.toString()};
let x = 12345;
const rnd = (n) => { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; return (x >>> 0) % n; };
require('readline').createInterface({ input: process.stdin }).on('line', (cmd) => {
  const [op, a, b] = cmd.split(' ');
  if (op === 'append') {
    for (let id = Number(a); id < Number(b); id++) {
      const line = entry(id);
      const cut1 = rnd(line.length), cut2 = cut1 + rnd(line.length - cut1);
      for (const piece of [line.slice(0, cut1), line.slice(cut1, cut2), line.slice(cut2)]) if (piece) fs.appendFileSync(p, piece);
    }
  } else if (op === 'rotate') {
    if (fs.existsSync(p + '.1')) fs.renameSync(p + '.1', p + '.2');
    fs.renameSync(p, p + '.1');
  } else if (op === 'truncate') {
    fs.truncateSync(p, 0);
  }
  process.stdout.write('ok ' + cmd + '\\n');
});
`;

test('follow mode with a writer process: appends in pieces, rotations, truncations; 2,000 unique ids, each once and in order', async () => {
  const p = join(dir, 'atlassian-jira.log');
  let initial = '';
  for (let id = 0; id < 100; id++) initial += entry(id);
  writeFileSync(p, initial);

  const changes: ChangedParams[] = [];
  const messages: MessageParams[] = [];
  let wake: (() => void) | undefined;
  const s = await LogSession.open([p], {
    pool,
    followIntervalMs: 15,
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
  s.follow(true);

  writer = spawn(process.execPath, ['-e', WRITER, p], { stdio: ['pipe', 'pipe', 'pipe'] });
  let writerErr = '';
  writer.stderr.setEncoding('utf8').on('data', (d: string) => (writerErr += d));
  const acks: string[] = [];
  const ackWaiters: (() => void)[] = [];
  createInterface({ input: writer.stdout }).on('line', (l) => {
    acks.push(l);
    ackWaiters.shift()?.();
  });
  let writerGone = false;
  writer.on('exit', () => {
    writerGone = true;
    for (const w of ackWaiters.splice(0)) w();
  });
  const step = (what: string): void => {
    if (process.env.FOLLOW_DEBUG) process.stderr.write(`step: ${what}\n`);
  };
  /** Sends a command; resolves when the writer has done it (fails when the writer died). */
  const send = async (cmd: string): Promise<void> => {
    step(cmd);
    await new Promise<void>((resolve) => {
      ackWaiters.push(resolve);
      writer!.stdin.write(cmd + '\n');
    });
    assert.ok(!writerGone, `the writer died: ${writerErr}`);
  };

  const seen = new Set<number>();
  let snapshots = 0;
  /** Reads every row; checks ids are unique and increasing; complete ids only (a half-written line is skipped). */
  const snapshot = async (): Promise<number[]> => {
    const rows = (await s.page({}, 0, TOTAL * 2)).rows;
    const ids: number[] = [];
    for (const r of rows) {
      const m = /^id=(\d{4}) end$/.exec(r.message);
      if (m) ids.push(Number(m[1]));
    }
    for (let i = 1; i < ids.length; i++) assert.ok(ids[i]! > ids[i - 1]!, `snapshot ${snapshots}: id ${ids[i]} after ${ids[i - 1]} (each id once, in order)`);
    for (const id of ids) seen.add(id);
    snapshots++;
    return ids;
  };
  /** Waits, event by event, until `cond` holds on a fresh snapshot (a deadline, not a sleep). */
  const until = async (what: string, cond: (ids: number[]) => boolean): Promise<number[]> => {
    const deadline = Date.now() + 20_000;
    step(`until ${what}`);
    for (;;) {
      const event = new Promise<void>((resolve) => (wake = resolve));
      step('settled?');
      await s.settled();
      step('snapshot');
      const ids = await snapshot();
      if (cond(ids)) return ids;
      if (Date.now() > deadline) assert.fail(`timed out waiting for: ${what} (last snapshot ${ids.length} ids, last ${ids[ids.length - 1]}; writer: ${writerErr})`);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([event, new Promise<void>((resolve) => (timer = setTimeout(resolve, deadline - Date.now())))]);
      clearTimeout(timer);
    }
  };
  /** `0-599,800-999`: ids as runs, for readable failures. */
  const runs = (xs: number[]): string => {
    const out: string[] = [];
    for (let i = 0; i < xs.length; ) {
      let j = i;
      while (j + 1 < xs.length && xs[j + 1] === xs[j]! + 1) j++;
      out.push(i === j ? `${xs[i]}` : `${xs[i]}-${xs[j]}`);
      i = j + 1;
    }
    return out.join(',');
  };
  const has = (ids: number[], last: number) => ids.includes(last);

  try {
    await until('the first 100', (ids) => has(ids, 99));
    await send('append 100 400');
    await until('appends up to 399', (ids) => has(ids, 399));

    // Append, rotate and append again without waiting for the session in between.
    await send('append 400 600');
    await send('rotate');
    await send('append 600 800');
    let ids = await until('appends across a rotation up to 799', (x) => has(x, 799));
    assert.equal(runs(ids), '0-799');

    // Truncation (copytruncate without the copy): 600..799 lived in the truncated file.
    const truncations = changes.filter((c) => c.reason === 'truncated').length;
    await send('truncate');
    await until('the truncation', (x) => changes.filter((c) => c.reason === 'truncated').length > truncations && has(x, 599));
    await send('append 800 1000');
    ids = await until('appends after the truncation', (x) => has(x, 999));
    assert.equal(runs(ids), '0-599,800-999');

    // A second rotation (.1 becomes .2, the live file becomes .1), each while appending. (Two
    // rotations between two polls: the test below.)
    await send('append 1000 1200');
    await send('rotate');
    await send('append 1200 1400');
    await until('appends across the second rotation up to 1399', (x) => has(x, 1399));
    await send('rotate');
    await send('append 1400 1600');
    ids = await until('appends across the third rotation up to 1599', (x) => has(x, 1599));
    assert.equal(runs(ids), '0-599,800-1599');

    const truncations2 = changes.filter((c) => c.reason === 'truncated').length;
    await send('truncate');
    await until('the second truncation', (x) => changes.filter((c) => c.reason === 'truncated').length > truncations2 && has(x, 1399));
    await send('append 1600 2000');
    ids = await until('the last appends', (x) => has(x, TOTAL - 1));

    assert.equal(runs(ids), '0-599,800-1399,1600-1999', 'the session holds exactly the ids not truncated away');
    assert.equal(seen.size, TOTAL, `every id was seen (${TOTAL - seen.size} never shown)`);
    assert.ok(messages.some((m) => /rotated/.test(m.text)), 'the rotation was reported');
    assert.ok(messages.some((m) => /truncated/.test(m.text)), 'the truncation was reported');
    assert.equal(writerErr, '');
    console.log(`# follow: ${TOTAL} ids, ${snapshots} snapshots, ${changes.length} change events, ${acks.length} writer commands`);
  } finally {
    s.follow(false);
    s.close();
    writer.stdin.end();
    stopWriter();
  }
});

test('a truncation the poll never saw (copytruncate, then refilled past the old size): the new content is read from its start', async () => {
  const p = join(dir, 'atlassian-jira-security.log');
  let text = '';
  for (let id = 0; id < 50; id++) text += entry(id);
  writeFileSync(p, text);
  let wake: (() => void) | undefined;
  const s = await LogSession.open([p], { pool, followIntervalMs: 15, onChanged: () => wake?.(), onMessage: () => wake?.() });
  await s.ready;
  assert.equal(s.entries, 50);
  // Follow is off (the panel paused it) while the file is truncated and refilled with more than before.
  let refill = '';
  for (let id = 1000; id < 1100; id++) refill += entry(id);
  writeFileSync(p, refill);
  s.follow(true);
  const deadline = Date.now() + 10_000;
  let ids: number[] = [];
  for (;;) {
    const event = new Promise<void>((resolve) => (wake = resolve));
    await s.settled();
    ids = (await s.page({}, 0, 1000)).rows.map((r) => /^id=(\d{4}) end$/.exec(r.message)?.[1]).filter((x): x is string => !!x).map(Number);
    if (ids.includes(1099) || Date.now() > deadline) break;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([event, new Promise<void>((resolve) => (timer = setTimeout(resolve, deadline - Date.now())))]);
    clearTimeout(timer);
  }
  s.follow(false);
  s.close();
  // Every refilled id is there, once and in order (whether the first 50 stay is the session's choice: they are gone from the file).
  const refilled = ids.filter((id) => id >= 1000);
  assert.deepEqual(refilled, [...Array(100).keys()].map((k) => 1000 + k));
});

test(
  'two rotations between two polls: the entries of the middle file (now .1) are not lost',
  async () => {
    const p = join(dir, 'atlassian-confluence.log');
    let text = '';
    for (let id = 0; id < 10; id++) text += entry(id);
    writeFileSync(p, text);
    let wake: (() => void) | undefined;
    const s = await LogSession.open([p], { pool, followIntervalMs: 15, onChanged: () => wake?.() });
    try {
      await s.ready;
      s.follow(true);
      await s.settled();
      // Follow paused (one poll interval, made deterministic): write, rotate, write, rotate, write.
      s.follow(false);
      const add = (a: number, b: number): void => {
        let t = '';
        for (let id = a; id < b; id++) t += entry(id);
        appendFileSync(p, t);
      };
      add(10, 20);
      renameSync(p, p + '.1');
      add(20, 30);
      renameSync(p + '.1', p + '.2');
      renameSync(p, p + '.1');
      add(30, 40);
      s.follow(true);
      const deadline = Date.now() + 5000;
      let ids: number[] = [];
      for (;;) {
        const event = new Promise<void>((resolve) => (wake = resolve));
        await s.settled();
        ids = (await s.page({}, 0, 1000)).rows.map((r) => Number(/^id=(\d{4}) end$/.exec(r.message)?.[1] ?? -1));
        if (ids.includes(39) || Date.now() > deadline) break;
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([event, new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now()))))]);
        clearTimeout(timer);
      }
      assert.deepEqual(ids, [...Array(40).keys()]);
    } finally {
      s.follow(false);
      s.close();
    }
  },
);
