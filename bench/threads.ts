// Where the CPU of the index goes, per thread: `indexFiles([file])` in a fresh process (as the
// bench's AuthLog row runs it, without the process's start and end), and the CPU time each of the
// process's threads used during it, from /proc (Linux only; in ticks of 10 ms, so a run's figures
// are +-10 ms). Threads are told apart by how busy they were: the indexer's thread is the process's
// own id, the two busiest others are the index workers, the rest V8's background threads
// (TurboFan, the collector's helpers) and Node's own.
//
//   node --import tsx bench/threads.ts [--file bench/data/jira-1GiB-s1.log] [--runs 10]
//
// The measured runs are this file bundled by esbuild into bench/data/.build/threads.cjs, run by
// plain node. Prints one line per run and the medians: wall (ms), CPU of all threads, the
// indexer's thread, the workers, the others, and the minor page faults of the indexer's thread.
// Needs `npm run build` (the workers are dist/logWorker.js) and the generated data (`npm run bench`
// writes it).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildSync } from 'esbuild';
import { disposeDefaultPool, indexFiles } from '../server/src/logs/indexer';

interface Run {
  wall: number;
  total: number;
  main: number;
  workers: number;
  other: number;
  mainFaults: number;
  entries: number;
}

/** CPU ms (user + system) and minor faults of each thread of this process. */
function threads(): { tid: number; cpu: number; faults: number }[] {
  const tick = 10; // USER_HZ is 100 on Linux: one tick is 10 ms
  const out: { tid: number; cpu: number; faults: number }[] = [];
  for (const tid of readdirSync('/proc/self/task')) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // a thread that ended meanwhile
    }
    // After the command name (which may hold spaces) in parentheses: state is field 3 (index 0 here).
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out.push({ tid: Number(tid), cpu: (Number(f[11]) + Number(f[12])) * tick, faults: Number(f[7]) });
  }
  return out;
}

async function child(file: string): Promise<void> {
  // What the threads used before the index (Node's start, loading the bundle) is not counted.
  const before = new Map(threads().map((t) => [t.tid, t]));
  const t0 = performance.now();
  const r = await indexFiles([file]);
  const wall = performance.now() - t0;
  const th = threads().map((t) => {
    const b = before.get(t.tid);
    return b ? { tid: t.tid, cpu: t.cpu - b.cpu, faults: t.faults - b.faults } : t;
  });
  disposeDefaultPool();
  const main = th.find((t) => t.tid === process.pid)!;
  const rest = th.filter((t) => t !== main).sort((a, b) => b.cpu - a.cpu);
  const total = th.reduce((s, t) => s + t.cpu, 0);
  const workers = (rest[0]?.cpu ?? 0) + (rest[1]?.cpu ?? 0);
  const run: Run = { wall: Math.round(wall), total, main: main.cpu, workers, other: total - main.cpu - workers, mainFaults: main.faults, entries: r.summary.entries };
  console.log(JSON.stringify(run));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function parent(file: string, runs: number): void {
  const env: NodeJS.ProcessEnv = { ...process.env, AUTHLOG_LOG_WORKER: process.env.AUTHLOG_LOG_WORKER ?? resolve('dist/logWorker.js') };
  // Every Node process would read the whole certificate bundle first (see BENCHMARKS.md, Timing).
  delete env.NODE_EXTRA_CA_CERTS;
  // The measured process runs this file bundled, under plain node, as the bench's adapter does:
  // under tsx every worker would load tsx too (and its loader thread would run beside them).
  const bundle = resolve('bench/data/.build/threads.cjs');
  buildSync({ entryPoints: [__filename], outfile: bundle, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error', external: ['vscode', 'esbuild'] });
  const all: Run[] = [];
  for (let k = 0; k < runs; k++) {
    const r = spawnSync(process.execPath, [bundle, '--child', '--file', file], { env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`run ${k + 1} failed: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    const run = JSON.parse(r.stdout.trim().split('\n').pop()!) as Run;
    all.push(run);
    console.log(`run ${k + 1}: ${JSON.stringify(run)}`);
  }
  const keys: (keyof Run)[] = ['wall', 'total', 'main', 'workers', 'other', 'mainFaults'];
  console.log(`medians of ${runs}: ` + keys.map((k) => `${k} ${median(all.map((r) => r[k]))}`).join(', '));
}

const { values: args } = parseArgs({
  options: {
    file: { type: 'string', default: 'bench/data/jira-1GiB-s1.log' },
    runs: { type: 'string', default: '10' },
    child: { type: 'boolean', default: false },
  },
});
if (!existsSync('/proc/self/task')) {
  console.error('bench/threads.ts reads /proc: Linux only');
  process.exit(2);
}
if (!existsSync(args.file!)) {
  console.error(`${args.file!} not found: npm run bench generates it`);
  process.exit(2);
}
if (args.child) void child(args.file!);
else parent(args.file!, Number(args.runs));
