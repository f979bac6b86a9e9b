// The columns of the index and the main thread's append path (issue 8): random batches appended as
// the indexer does (appendCounted) must read back exactly what a straightforward reference keeps:
// every get(), every readBlock(), the summary counts, the times carried into entries without one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COLUMN_BLOCK, DeltaColumn, EntryColumns, FLAG_CANDIDATE, FLAG_NO_TS, LEVEL_CODES, newBatch, type EntryBatch } from '../../../server/src/logs/store';
import { ColumnCounts, appendCounted, joinColumns } from '../../../server/src/logs/indexer';
import { rng } from './rng';

const batch = newBatch;

interface Ref {
  offset: number[];
  ts: number[];
  line: number[];
  level: number[];
  kind: number[];
  outcome: number[];
  flags: number[];
}

/** Batches of random sizes (some empty, some longer than a block) with every odd value the columns must keep. */
function randomBatches(seed: number, total: number): EntryBatch[] {
  const r = rng(seed);
  const out: EntryBatch[] = [];
  let off = Math.floor(r() * 1e6);
  let ts = r() < 0.5 ? 1.7e12 : NaN; // a file may start without a time
  let line = 1;
  let made = 0;
  while (made < total) {
    const pick = r();
    const n = Math.min(total - made, pick < 0.05 ? 0 : pick < 0.15 ? Math.floor(r() * 90_000) : Math.floor(r() * 7000));
    const b = batch(n);
    for (let i = 0; i < n; i++) {
      const u = r();
      // Offsets: mostly small steps; now and then an entry of more than 2 GB (the block widens).
      off += u < 0.0002 ? 2 ** 31 + Math.floor(r() * 1e6) : 50 + Math.floor(r() * 400);
      b.offset[i] = off;
      // Times: mostly small steps; NaN runs; a jump back or ahead beyond int32 ms; a fractional ms; now and then exactly base - 2^31 territory.
      const v = r();
      let t: number;
      if (v < 0.03) t = NaN;
      else if (v < 0.0302) t = (Number.isNaN(ts) ? 1.7e12 : ts) - 2 ** 31;
      else if (v < 0.0304) t = (Number.isNaN(ts) ? 1.7e12 : ts) + 40 * 86_400_000;
      else if (v < 0.0305) t = (Number.isNaN(ts) ? 1.7e12 : ts) + 0.5;
      else t = (Number.isNaN(ts) ? 1.7e12 : ts) + Math.floor(r() * 50);
      if (!Number.isNaN(t)) ts = t;
      b.ts[i] = t;
      b.line[i] = line;
      line += 1 + (r() < 0.1 ? Math.floor(r() * 30) : 0);
      b.level[i] = Math.floor(r() * LEVEL_CODES.length);
      b.kind[i] = Math.floor(r() * 5);
      b.outcome[i] = Math.floor(r() * 6);
      b.flags[i] = (Number.isNaN(t) || r() < 0.01 ? FLAG_NO_TS : 0) | (r() < 0.05 ? FLAG_CANDIDATE : 0);
    }
    out.push(b);
    made += n;
  }
  return out;
}

/** What the columns must hold: the batch values, NaN times replaced by the time before (`lastTs` first), line bases added. */
function reference(batches: EntryBatch[], lineBases: number[]): { ref: Ref; carried: number[][] } {
  const ref: Ref = { offset: [], ts: [], line: [], level: [], kind: [], outcome: [], flags: [] };
  const carried: number[][] = [];
  let last = NaN;
  batches.forEach((b, k) => {
    const c: number[] = [];
    for (let i = 0; i < b.count; i++) {
      let t = b.ts[i]!;
      if (Number.isNaN(t)) t = last;
      else last = t;
      c.push(t);
      ref.offset.push(b.offset[i]!);
      ref.ts.push(t);
      ref.line.push((b.line[i]! + lineBases[k]!) >>> 0);
      ref.level.push(b.level[i]!);
      ref.kind.push(b.kind[i]!);
      ref.outcome.push(b.outcome[i]!);
      ref.flags.push(b.flags[i]!);
    }
    carried.push(c);
  });
  return { ref, carried };
}

function refCounts(ref: Ref): ReturnType<ColumnCounts['totals']> {
  const levels = new Float64Array(LEVEL_CODES.length);
  let candidates = 0;
  let others = 0;
  let minTs = Infinity;
  let minI = -1;
  let maxTs = -Infinity;
  let maxI = -1;
  for (let i = 0; i < ref.flags.length; i++) {
    const f = ref.flags[i]!;
    if (f & FLAG_CANDIDATE) candidates++;
    else {
      others++;
      levels[ref.level[i]!]!++;
    }
    if (f & FLAG_NO_TS) continue;
    const t = ref.ts[i]!;
    if (t < minTs) [minTs, minI] = [t, i];
    if (t >= maxTs) [maxTs, maxI] = [t, i];
  }
  return { candidates, others, levels, minTs, minI, maxTs, maxI };
}

function same(a: number, b: number, what: string): void {
  if (!Object.is(a, b)) assert.fail(`${what}: ${a} !== ${b}`);
}

function checkColumns(cols: EntryColumns, ref: Ref): void {
  assert.equal(cols.length, ref.offset.length);
  for (let i = 0; i < ref.offset.length; i++) {
    same(cols.offset.get(i), ref.offset[i]!, `offset ${i}`);
    same(cols.ts.get(i), ref.ts[i]!, `ts ${i}`);
    same(cols.line.get(i), ref.line[i]!, `line ${i}`);
    same(cols.level.get(i), ref.level[i]!, `level ${i}`);
    same(cols.kind.get(i), ref.kind[i]!, `kind ${i}`);
    same(cols.outcome.get(i), ref.outcome[i]!, `outcome ${i}`);
    same(cols.flags.get(i), ref.flags[i]!, `flags ${i}`);
  }
  const out = new Float64Array(COLUMN_BLOCK);
  for (let b = 0; b * COLUMN_BLOCK < ref.offset.length; b++) {
    for (const [name, col, want] of [
      ['offset', cols.offset, ref.offset],
      ['ts', cols.ts, ref.ts],
    ] as const) {
      const n = col.readBlock(b, out);
      assert.equal(n, Math.min(COLUMN_BLOCK, ref.offset.length - b * COLUMN_BLOCK));
      for (let j = 0; j < n; j++) same(out[j]!, want[b * COLUMN_BLOCK + j]!, `${name} readBlock ${b}[${j}]`);
    }
    const lb = new Uint32Array(COLUMN_BLOCK);
    const n = Math.min(COLUMN_BLOCK, ref.offset.length - b * COLUMN_BLOCK);
    cols.line.read(b * COLUMN_BLOCK, n, lb);
    for (let j = 0; j < n; j++) same(lb[j]!, ref.line[b * COLUMN_BLOCK + j]!, `line read ${b}[${j}]`);
  }
  // Reads of any run (across blocks and joined segments).
  const r = rng(ref.offset.length);
  const ts = new Float64Array(3 * COLUMN_BLOCK);
  const flags = new Uint8Array(3 * COLUMN_BLOCK);
  for (let k = 0; k < 20 && ref.offset.length > 0; k++) {
    const from = Math.floor(r() * ref.offset.length);
    const n = Math.floor(r() * Math.min(ts.length, ref.offset.length - from));
    cols.ts.read(from, n, ts);
    cols.flags.read(from, n, flags);
    for (let j = 0; j < n; j++) {
      same(ts[j]!, ref.ts[from + j]!, `ts read ${from}+${j}`);
      same(flags[j]!, ref.flags[from + j]!, `flags read ${from}+${j}`);
    }
  }
}

for (const seed of [1, 2, 3, 4]) {
  test(`appendCounted (seed ${seed}): columns, carried times and counts equal a straightforward reference`, () => {
    const batches = randomBatches(seed, 300_000);
    const r = rng(seed + 100);
    const lineBases = batches.map(() => (r() < 0.3 ? 0 : Math.floor(r() * 1e6)));
    const { ref, carried } = reference(batches, lineBases);
    const cols = new EntryColumns();
    const counts = new ColumnCounts();
    let last = NaN;
    let seen = 0;
    batches.forEach((b, k) => {
      last = appendCounted(cols, counts, b, lineBases[k]!, last);
      // The batch itself carries the times now (the indexer hands it on).
      for (let i = 0; i < b.count; i++) same(b.ts[i]!, carried[k]![i]!, `batch ${k} ts ${i}`);
      seen += b.count;
      same(last, seen ? ref.ts[seen - 1]! : NaN, `lastTs after batch ${k}`);
    });
    checkColumns(cols, ref);
    // The data widened at least one block of each delta column (the slow path was taken).
    const blocks = Math.ceil(ref.offset.length / COLUMN_BLOCK);
    assert.ok(cols.offset.bytes() > 4 * COLUMN_BLOCK * blocks, 'an offset block widened');
    assert.ok(cols.ts.bytes() > 4 * COLUMN_BLOCK * blocks, 'a ts block widened');
    assert.equal(counts.covered, ref.offset.length);
    assert.deepEqual(counts.totals(), refCounts(ref));
    // Counting again from the columns (a truncation forgets a block, catchUp recounts it) gives the same.
    counts.forget(Math.floor(ref.offset.length / 2));
    counts.catchUp(cols);
    assert.deepEqual(counts.totals(), refCounts(ref));
  });
}

for (const seed of [11, 12, 13, 14, 15, 16]) {
  test(`joinColumns (seed ${seed}): ranges stored apart and joined read back as if appended in order`, () => {
    const batches = randomBatches(seed, 250_000);
    const r = rng(seed + 200);
    // Ranges of consecutive batches; all batches of a range share its line base.
    const rangeOf: number[] = [];
    let range = 0;
    batches.forEach((_, k) => {
      if (k > 0 && r() < 0.15) range++;
      rangeOf.push(range);
    });
    const rangeBase = Array.from({ length: range + 1 }, () => (r() < 0.3 ? 0 : Math.floor(r() * 1e6)));
    const lineBases = batches.map((_, k) => rangeBase[rangeOf[k]!]!);
    const { ref } = reference(batches, lineBases);
    const cols = new EntryColumns();
    const counts = new ColumnCounts();
    let last = NaN;
    // A range is stored apart until it is joined, after a random number of its batches (or at its end);
    // its later batches are appended to the file's columns, as the indexer does once it is joined.
    let k = 0;
    while (k < batches.length) {
      const rg = rangeOf[k]!;
      let end = k;
      while (end < batches.length && rangeOf[end] === rg) end++;
      const apart = rg === 0 ? 0 : Math.floor(r() * (end - k + 1));
      const own = new EntryColumns();
      const ownCounts = new ColumnCounts();
      let ownLast = NaN;
      for (let j = k; j < k + apart; j++) ownLast = appendCounted(own, ownCounts, batches[j]!, 0, ownLast);
      last = joinColumns(cols, counts, own, ownCounts, rangeBase[rg]!, last);
      assert.equal(own.length, 0, 'joined columns are left empty');
      for (let j = k + apart; j < end; j++) last = appendCounted(cols, counts, batches[j]!, lineBases[j]!, last);
      same(last, cols.length ? ref.ts[cols.length - 1]! : NaN, `lastTs after range ${rg}`);
      k = end;
    }
    checkColumns(cols, ref);
    counts.catchUp(cols);
    assert.equal(counts.covered, ref.offset.length);
    assert.deepEqual(counts.totals(), refCounts(ref));
    // A truncation anywhere (inside a joined range or at its start), then more entries: still the same as the reference.
    for (const cut of [Math.floor(r() * ref.offset.length), Math.floor(ref.offset.length / 3)]) {
      cols.truncate(cut);
      counts.forget(cut);
      for (const key of Object.keys(ref) as (keyof Ref)[]) ref[key].length = cut;
      counts.catchUp(cols);
      assert.deepEqual(counts.totals(), refCounts(ref));
      const more = randomBatches(seed + 300, 70_000);
      const { ref: moreRef } = reference(more, more.map(() => 7));
      let lt = cut > 0 ? ref.ts[cut - 1]! : NaN;
      let carried = lt;
      for (const b of more) {
        for (let i = 0; i < b.count; i++) {
          const t = b.ts[i]!;
          if (t === t) lt = t;
          ref.ts.push(lt);
        }
        carried = appendCounted(cols, counts, b, 7, carried);
      }
      for (const key of Object.keys(ref) as (keyof Ref)[]) if (key !== 'ts') ref[key].push(...moreRef[key]);
      checkColumns(cols, ref);
      counts.catchUp(cols);
      assert.deepEqual(counts.totals(), refCounts(ref));
    }
  });
}

test('appendCounted: batches carrying their scanner\'s counts (EntryBatch.counts) give the same columns and counts', () => {
  const batches = randomBatches(21, 200_000);
  // As a scanner that keeps counts hands them out: times carried within the range (NaN only before the first).
  let seen = NaN;
  for (const b of batches) {
    for (let i = 0; i < b.count; i++) {
      const t = b.ts[i]!;
      if (t === t) seen = t;
      else b.ts[i] = seen;
    }
  }
  const lineBases = batches.map(() => 5);
  const { ref } = reference(batches, lineBases);
  const cols = new EntryColumns();
  const counts = new ColumnCounts();
  let last = NaN;
  batches.forEach((b, k) => {
    const c = { candidates: 0, levels: new Array<number>(LEVEL_CODES.length).fill(0), minTs: Infinity, minI: -1, maxTs: -Infinity, maxI: -1 };
    for (let i = 0; i < b.count; i++) {
      if (b.flags[i]! & FLAG_CANDIDATE) c.candidates++;
      else c.levels[b.level[i]!]!++;
      if (b.flags[i]! & FLAG_NO_TS) continue;
      if (b.ts[i]! < c.minTs) [c.minTs, c.minI] = [b.ts[i]!, i];
      if (b.ts[i]! >= c.maxTs) [c.maxTs, c.maxI] = [b.ts[i]!, i];
    }
    // Some batches without counts (another scanner): both paths mix.
    if (k % 3 !== 1) b.counts = c;
    last = appendCounted(cols, counts, b, lineBases[k]!, last);
    same(last, cols.length ? ref.ts[cols.length - 1]! : NaN, `lastTs after batch ${k}`);
  });
  checkColumns(cols, ref);
  assert.equal(counts.covered, ref.offset.length);
  assert.deepEqual(counts.totals(), refCounts(ref));
  counts.forget(Math.floor(ref.offset.length / 3));
  counts.catchUp(cols);
  assert.deepEqual(counts.totals(), refCounts(ref));
});

test('appendCounted: counts kept behind the columns are caught up, times still carried', () => {
  const batches = randomBatches(7, 150_000);
  const lineBases = batches.map(() => 3);
  const { ref } = reference(batches, lineBases);
  const cols = new EntryColumns();
  const counts = new ColumnCounts();
  let last = NaN;
  batches.forEach((b, k) => {
    if (k === 2) counts.forget(0); // counts behind: appendCounted only carries times and appends
    last = appendCounted(cols, counts, b, lineBases[k]!, last);
  });
  checkColumns(cols, ref);
  counts.catchUp(cols);
  assert.deepEqual(counts.totals(), refCounts(ref));
});

test('EntryColumns.appendBatch from an entry on; DeltaColumn keeps NaN, widens for deltas out of int32 or fractional', () => {
  const b = batch(5);
  b.offset.set([10, 20, 30, 40, 50]);
  b.ts.set([1, 2, 3, 4, 5]);
  b.line.set([1, 2, 3, 4, 5]);
  const cols = new EntryColumns();
  cols.appendBatch(b, 100, 2);
  assert.deepEqual([0, 1, 2].map((i) => cols.offset.get(i)), [30, 40, 50]);
  assert.deepEqual([0, 1, 2].map((i) => cols.line.get(i)), [103, 104, 105]);

  for (const odd of [2 ** 31, -(2 ** 31), 0.5, NaN]) {
    const d = new DeltaColumn();
    const src = new Float64Array([1000, 1001, 1000 + odd, 1002, NaN, 1003]);
    d.append(src.subarray(0, 3));
    d.append(src, 3);
    for (let i = 0; i < src.length; i++) same(d.get(i), src[i]!, `${odd}: get ${i}`);
    const out = new Float64Array(COLUMN_BLOCK);
    assert.equal(d.readBlock(0, out), src.length);
    for (let i = 0; i < src.length; i++) same(out[i]!, src[i]!, `${odd}: readBlock ${i}`);
    assert.equal(d.bytes(), (Number.isNaN(odd) ? 4 : 8) * COLUMN_BLOCK, `${odd}: widened only when a delta does not fit`);
  }
});

test('DeltaColumn over many blocks (more than its first table of block bases), joined with concat and truncated, reads back what was appended', () => {
  // 40 blocks: offsets that outgrow small integers, times in epoch ms, NaN and a wide block among them.
  const n = 40 * COLUMN_BLOCK + 123;
  const src = new Float64Array(n);
  for (let i = 0; i < n; i++) src[i] = i % 9973 === 5 ? NaN : 1.7e12 + i * 37;
  src[17 * COLUMN_BLOCK + 3] = 2 ** 45; // does not fit a delta: block 17 widens
  const a = new DeltaColumn();
  const cut = 21 * COLUMN_BLOCK + 999;
  a.append(src, 0, cut);
  const b = new DeltaColumn();
  b.append(src, cut);
  a.concat(b);
  assert.equal(a.length, n);
  assert.equal(b.length, 0);
  const out = new Float64Array(n);
  a.read(0, n, out);
  for (let i = 0; i < n; i++) if (!Object.is(out[i], src[i])) assert.fail(`entry ${i}: ${out[i]} != ${src[i]}`);
  for (const i of [0, 5, 17 * COLUMN_BLOCK + 3, cut - 1, cut, n - 1]) same(a.get(i), src[i]!, `get ${i}`);
  a.truncate(cut + 10);
  a.append(src, cut + 10);
  a.read(0, n, out);
  for (let i = 0; i < n; i++) if (!Object.is(out[i], src[i])) assert.fail(`after truncate, entry ${i}: ${out[i]} != ${src[i]}`);
});

test('DeltaColumn.lowerBound: the first entry at or after an offset, over blocks, equal values and a sub-range', () => {
  const r = rng(21);
  const c = new DeltaColumn();
  const values: number[] = [];
  let v = 0;
  for (let i = 0; i < 3 * COLUMN_BLOCK + 17; i++) {
    v += r() < 0.2 ? 0 : Math.floor(r() * 300);
    values.push(v);
    c.push(v);
  }
  const first = (x: number, lo: number, hi: number): number => {
    for (let i = lo; i < hi; i++) if (values[i]! >= x) return i;
    return hi;
  };
  for (let k = 0; k < 500; k++) {
    const x = Math.floor(r() * (v + 100)) - 50;
    assert.equal(c.lowerBound(x), first(x, 0, values.length), `offset ${x}`);
    const lo = Math.floor(r() * values.length);
    const hi = lo + Math.floor(r() * (values.length - lo));
    assert.equal(c.lowerBound(x, lo, hi), first(x, lo, hi), `offset ${x} in [${lo}, ${hi})`);
  }
});
