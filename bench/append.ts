// Micro-benchmark of the main thread's per-entry cost of appending index batches (issue 8): the NaN
// time carry, EntryColumns.appendBatch and ColumnCounts.add (indexer.ts appendCounted) over batches
// shaped like the workers' (about 4,700 entries a batch: 1 MiB chunks of a Jira log). Prints ns per
// entry (wall and process CPU time), min of the runs. Bundle it first (under tsx it runs ~3x slower):
//   node -e "require('esbuild').build({ entryPoints: ['bench/append.ts'], outfile: '/tmp/append.cjs', bundle: true, platform: 'node', format: 'cjs' })"
//   node /tmp/append.cjs [entries=2400000] [runs=7] [hot]
// The first run of a process also pays the first touch of the column blocks (page faults: on the
// 2-core dev VM, allocating and touching 4.8M entries' blocks alone took 9-11 ns an entry); later
// runs reuse freed memory. `runs=1` with 4800000 entries is the closest to one real 1 GiB index.
import { EntryColumns, type EntryBatch, FLAG_CANDIDATE, FLAG_NO_TS, batchColumns, newBatch } from '../server/src/logs/store';
import { ColumnCounts, appendCounted } from '../server/src/logs/indexer';

const N = Number(process.argv[2] ?? 2_400_000);
const RUNS = Number(process.argv[3] ?? 7);
/** `hot`: each batch is copied just before it is appended (in cache, as if just received); default: all copied first (most in RAM). */
const HOT = process.argv[4] === 'hot';
const PER = 4700;

let seed = 12345;
const rnd = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);

function template(): EntryBatch[] {
  const out: EntryBatch[] = [];
  let off = 0;
  let ts = 1.7e12;
  let line = 1;
  for (let at = 0; at < N; at += PER) {
    const n = Math.min(PER, N - at);
    const b = newBatch(n);
    for (let i = 0; i < n; i++) {
      b.offset[i] = off;
      off += 80 + Math.floor(rnd() * 300);
      const noTs = rnd() < 0.02;
      if (!noTs) ts += Math.floor(rnd() * 40);
      b.ts[i] = noTs ? NaN : ts;
      b.line[i] = line;
      line += 1 + (rnd() < 0.05 ? 20 : 0);
      b.level[i] = 1 + Math.floor(rnd() * 6);
      b.flags[i] = (noTs ? FLAG_NO_TS : 0) | (rnd() < 0.05 ? FLAG_CANDIDATE : 0);
    }
    out.push(b);
  }
  return out;
}

const tpl = template();
const copyOne = (t: EntryBatch): EntryBatch => ({ count: t.count, ...batchColumns((t.offset.buffer as ArrayBuffer).slice(0), t.count) });

const times: number[] = [];
const cpu: number[] = [];
for (let r = 0; r < RUNS; r++) {
  const batches = HOT ? tpl : tpl.map(copyOne);
  const cols = new EntryColumns();
  const counts = new ColumnCounts();
  let lastTs = NaN;
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  let ns = 0;
  if (HOT) {
    for (const t of batches) {
      const b = copyOne(t);
      const t1 = process.hrtime.bigint();
      lastTs = appendCounted(cols, counts, b, 1000, lastTs);
      ns += Number(process.hrtime.bigint() - t1);
    }
  } else {
    for (const b of batches) lastTs = appendCounted(cols, counts, b, 1000, lastTs);
    ns = Number(process.hrtime.bigint() - t0);
  }
  const c = process.cpuUsage(c0);
  times.push(ns / N);
  cpu.push(((c.user + c.system) * 1000) / N);
  if (cols.length !== N || counts.covered !== N) throw new Error('lost entries');
}
const show = (xs: number[]): string => `${Math.min(...xs).toFixed(2)} ns/entry (min of ${RUNS}; all: ${xs.map((t) => t.toFixed(1)).join(' ')})`;
console.log(`append path, wall: ${show(times)}`);
if (!HOT) console.log(`append path, process CPU: ${show(cpu)}`); // with HOT it would count the copies
