// How busy the cores are while AuthLog indexes a file: `perf sched record` around one run of the
// bench's adapter (bench/data/.build/authlog.cjs, which `npm run bench` builds), then the idle time
// of all cores together in steps of --step ms, from the process's first scheduling event to its
// last, with the threads that ran most in each step. When every step shows (almost) no idle
// time, the run's wall time is its total CPU over the number of cores: only less CPU, wherever it
// is spent, shortens it.
//
//   node bench/idle.mjs [--file bench/data/jira-1GiB-s1.log] [--step 25]
//
// Needs `perf` (Debian: linux-perf) and the right to trace scheduling (root, or
// kernel.perf_event_paranoid <= 1). Linux only.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    file: { type: 'string', default: 'bench/data/jira-1GiB-s1.log' },
    step: { type: 'string', default: '25' },
  },
});
const adapter = 'bench/data/.build/authlog.cjs';
for (const [path, hint] of [[adapter, 'npm run bench builds it'], [args.file, 'npm run bench generates it'], ['dist/logWorker.js', 'npm run build']]) {
  if (!existsSync(path)) {
    console.error(`${path} not found: ${hint}`);
    process.exit(2);
  }
}
if (spawnSync('perf', ['--version']).status !== 0) {
  console.error('perf not found (Debian: apt-get install linux-perf)');
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'authlog-idle-'));
try {
  const data = join(dir, 'sched.data');
  const env = { ...process.env, AUTHLOG_LOG_WORKER: resolve('dist/logWorker.js') };
  delete env.NODE_EXTRA_CA_CERTS; // as the bench measures (BENCHMARKS.md, Timing)
  const rec = spawnSync('perf', ['sched', 'record', '-o', data, '--', process.execPath, adapter, 'index', args.file], { env, encoding: 'utf8' });
  if (rec.status !== 0) throw new Error(`perf sched record failed: ${rec.stderr.trim().split('\n').slice(-2).join(' | ')}`);
  const text = execFileSync('perf', ['sched', 'timehist', '-i', data], { encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
  // Lines: time  [cpu]  task[tid/pid]  wait  sch-delay  run (ms); the run ended at `time`.
  const events = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 6 || !/^\d+\.\d+$/.test(f[0])) continue;
    const run = Number(f[f.length - 1]);
    const task = f.slice(2, f.length - 3).join(' ');
    events.push({ end: Number(f[0]) * 1000, run, task: task.replace(/\[\d+(?:\/\d+)?\]$/, '') });
  }
  const ours = events.filter((e) => e.task.startsWith('node'));
  if (!ours.length) throw new Error('no scheduling events of the node process');
  const t0 = Math.min(...ours.map((e) => e.end - e.run));
  const t1 = Math.max(...ours.map((e) => e.end));
  const step = Number(args.step);
  const steps = Math.ceil((t1 - t0) / step);
  const idle = new Array(steps).fill(0);
  const busy = Array.from({ length: steps }, () => new Map());
  for (const e of events) {
    const end = e.end - t0;
    const start = end - e.run;
    for (let b = Math.max(0, Math.floor(start / step)); b <= Math.min(steps - 1, Math.floor(end / step)); b++) {
      const overlap = Math.min(end, (b + 1) * step) - Math.max(start, b * step);
      if (overlap <= 0) continue;
      if (e.task.startsWith('<idle>')) idle[b] += overlap;
      else busy[b].set(e.task, (busy[b].get(e.task) ?? 0) + overlap);
    }
  }
  console.log(`${args.file}: ${(t1 - t0).toFixed(1)} ms from the process's first to its last scheduling event; idle time of all cores per ${step} ms`);
  for (let b = 0; b < steps; b++) {
    const top = [...busy[b]].sort((x, y) => y[1] - x[1]).slice(0, 3).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ');
    console.log(`${String(b * step).padStart(5)} ms  idle ${idle[b].toFixed(1).padStart(5)} ms   ${top}`);
  }
  console.log(`idle in all: ${idle.reduce((s, x) => s + x, 0).toFixed(1)} ms`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
