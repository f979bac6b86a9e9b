// The index workers yield to the thread that consumes their batches (worker.ts WORKER_NICE): on
// Linux each worker thread runs WORKER_NICE nice levels below the thread that started it, and that
// thread keeps its own priority.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { WorkerPool } from '../../../server/src/logs/indexer';
import { WORKER_NICE } from '../../../server/src/logs/worker';

const pool = new WorkerPool(2);
after(() => pool.dispose());

/** Nice value of each thread of this process (/proc/self/task/N/stat, field 19). */
function niceByThread(): number[] {
  return readdirSync('/proc/self/task').map((tid) => {
    const st = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    return Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[16]);
  });
}

test('on Linux the index workers run WORKER_NICE nice levels below the thread that started them', { skip: process.platform !== 'linux' }, async () => {
  const mine = getPriority();
  const job = { kind: 'filter' as const, readPath: 'test/fixtures/logs/apitokenservice.log', format: 'apitokenservice' as const, filter: {}, ids: new Float64Array(0), starts: new Float64Array(0), ends: new Float64Array(0), flags: new Uint8Array(0), lines: new Float64Array(0) };
  // Two jobs at once: both workers start and run one.
  await Promise.all([pool.run(job, () => undefined), pool.run(job, () => undefined)]);
  assert.equal(pool.inProcess, false, 'the workers started');
  const lowered = niceByThread().filter((n) => n === Math.min(19, mine + WORKER_NICE));
  assert.equal(lowered.length, 2, `threads at nice ${mine + WORKER_NICE}: ${niceByThread().join(' ')}`);
  assert.equal(getPriority(), mine, 'this thread keeps its priority');
});
