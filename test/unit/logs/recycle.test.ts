// Batch buffers handed back for reuse (ScanOptions.reuseBuffer, jobs.ts portBuffers, the indexer's
// recycling): a reused buffer still holds an earlier batch's bytes, and none of them may show in
// the entries of the batches written into it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { scanRange, type ScanOptions } from '../../../server/src/logs/scan';
import { sizeClass, wasmScanStatus } from '../../../server/src/logs/scanWasm';
import { MAX_FREE_BUFFERS, portBuffers } from '../../../server/src/logs/jobs';
import { prefilterKeywords } from '../../../server/src/logs/rows';
import { WorkerPool, indexFiles } from '../../../server/src/logs/indexer';
import type { EntryBatch } from '../../../server/src/logs/store';

const fixture = readFileSync(join(__dirname, '..', '..', 'fixtures', 'logs', 'jira', 'atlassian-jira.log'));
// Enough entries for many batches at a small chunk size.
const bytes = Buffer.concat(Array.from({ length: 4 }, () => fixture));

function entriesOf(o: ScanOptions): number[][] {
  const out: number[][] = [];
  const read = (buf: Buffer, off: number, n: number, pos: number): number => bytes.copy(buf, off, pos, Math.min(pos + n, bytes.length));
  let k = 0;
  scanRange(read, 0, bytes.length, {
    keywords: prefilterKeywords,
    chunkSize: 4096,
    batchBytes: 8192,
    ...o,
    onCandidate: () => {
      k++;
      return [1 + (k % 4), 1 + (k % 5)];
    },
    onBatch: (b: EntryBatch) => {
      for (let i = 0; i < b.count; i++) out.push([b.offset[i]!, b.line[i]!, b.ts[i]!, b.level[i]!, b.flags[i]!, b.kind[i]!, b.outcome[i]!]);
      o.onBatch?.(b, 0);
    },
  });
  return out;
}

test('a reused batch buffer full of stale bytes gives the same entries as fresh buffers', { skip: !wasmScanStatus().available && 'no WebAssembly scanner' }, () => {
  const fresh = entriesOf({});
  assert.ok(fresh.length > 200, `entries: ${fresh.length}`);
  assert.ok(fresh.some((e) => e[5] === 0) && fresh.some((e) => e[5]! > 0), 'candidates and other entries');
  let reused = 0;
  const got = entriesOf({
    reuseBuffer: (n) => {
      reused++;
      // Every byte set: stale kinds, outcomes, flags and levels would show.
      const ab = new ArrayBuffer(sizeClass(Math.ceil(n / 24)) * 24 + 24 * 7);
      new Uint8Array(ab).fill(0xff);
      return ab;
    },
  });
  assert.ok(reused > 5, `buffers reused: ${reused}`);
  assert.deepEqual(got, fresh);
});

test('buffers handed back over a port: the first big enough is taken, smaller ones are let go', async () => {
  const { port1, port2 } = new MessageChannel();
  try {
    const take = portBuffers(port2).batch;
    assert.equal(take(100), undefined, 'nothing handed back yet');
    const small = new ArrayBuffer(64);
    const big = new ArrayBuffer(4096);
    port1.postMessage(small, [small]);
    port1.postMessage(big, [big]);
    // Delivery is asynchronous: wait until the port has both (receiveMessageOnPort reads them then).
    await new Promise<void>((res) => setImmediate(res));
    assert.equal(take(1000)?.byteLength, 4096);
    assert.equal(take(5000), undefined, 'none big enough');
    assert.equal(take(10), undefined, 'the small one was let go when it could not serve 5000 bytes');
  } finally {
    port1.close();
    port2.close();
  }
});

test('a burst of buffers handed back at once: only the newest few are kept', async () => {
  const { port1, port2 } = new MessageChannel();
  try {
    const take = portBuffers(port2).batch;
    for (let i = 0; i < MAX_FREE_BUFFERS + 6; i++) {
      const ab = new ArrayBuffer(1024 + i);
      port1.postMessage(ab, [ab]);
    }
    await new Promise<void>((res) => setImmediate(res));
    const got: number[] = [];
    for (let b = take(1); b; b = take(1)) got.push(b.byteLength);
    assert.deepEqual(got, Array.from({ length: MAX_FREE_BUFFERS }, (_, i) => 1024 + 6 + i));
  } finally {
    port1.close();
    port2.close();
  }
});

test('size classes: at most a quarter above the request, few distinct sizes', () => {
  const seen = new Set<number>();
  for (let n = 1; n < 100_000; n += 37) {
    const c = sizeClass(n);
    assert.ok(c >= n && c <= Math.max(8, n * 1.25 + 1), `${n} -> ${c}`);
    seen.add(c);
  }
  assert.ok(seen.size < 80, `distinct sizes: ${seen.size}`);
});

test('indexing with worker threads that reuse handed-back buffers equals indexing in-process', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'authlog-recycle-'));
  const pool = new WorkerPool(2);
  try {
    const p = join(dir, 'big.log');
    writeFileSync(p, Buffer.concat(Array.from({ length: 60 }, () => fixture)));
    const here = await indexFiles([p], { pool, inProcessBelow: Number.MAX_SAFE_INTEGER });
    const workers = await indexFiles([p], { pool, inProcessBelow: 0, chunkSize: 16 * 1024 });
    assert.equal(workers.entries, here.entries);
    assert.equal(workers.lines, here.lines);
    assert.equal(workers.candidates, here.candidates);
    assert.deepEqual(workers.summary, here.summary);
  } finally {
    pool.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('candidate buffers and batch buffers handed back over one port are kept apart', async () => {
  const { port1, port2 } = new MessageChannel();
  try {
    const free = portBuffers(port2);
    const batch = new ArrayBuffer(2048);
    const cand = new ArrayBuffer(4096);
    port1.postMessage(batch, [batch]);
    port1.postMessage({ candidates: cand }, [cand]);
    await new Promise<void>((res) => setImmediate(res));
    assert.equal(free.candidates(3000)?.byteLength, 4096, 'the candidate buffer, not taken for a batch');
    assert.equal(free.candidates(10), undefined, 'the batch buffer is not a candidate one');
    assert.equal(free.batch(10)?.byteLength, 2048);
  } finally {
    port1.close();
    port2.close();
  }
});
