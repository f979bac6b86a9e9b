// AuthLog's benchmark: every performance claim is a command.
//
//   npm run bench                      build, then 10 MiB, 100 MiB and 1 GiB Jira main logs, 3 rounds
//   npm run bench -- --quick           10 MiB and 100 MiB only
//   node bench/run.mjs --sizes 10MiB,1GiB --reps 5 --tools authlog,floor,lnav
//
// For each size: generate (or reuse) a deterministic Jira main log whose ground truth is known
// (bench/generate.ts), warm the page cache, then run every tool as its own process, round-robin
// (round 1: every tool on every size, then round 2, ...) so machine noise spreads over all of them,
// and report the median. Each run's entry count (and AuthLog's per-kind/outcome counts) is checked
// against the truth: a tool that did not see every entry is not a comparison and fails the run.
// Peak memory is the process's maximum RSS (GNU time's %M, or VmHWM polled from /proc).
//
// Writes bench/results/latest.json and bench/results/throughput.svg; after a run with a 1 GB file
// (or --update-doc) also BENCHMARKS.md's results section and docs/benchmarks-throughput.svg.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync, copyFileSync, openSync, readSync, closeSync, rmSync, statSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import os from 'node:os';
import { throughputSvg } from './svg.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const DATA = 'bench/data';
let RESULTS = 'bench/results';
const BUILD = join(DATA, '.build');

const ALL_TOOLS = ['authlog', 'authlog-cli', 'authlog-first', 'floor', 'lnav', 'wc'];
const { values: args } = parseArgsOrExit({
  options: {
    quick: { type: 'boolean', default: false },
    sizes: { type: 'string' },
    reps: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    // Another layout (jira-security, confluence, apitokenservice) for AuthLog's rows; lnav's format is
    // for the Jira main log only, so its row then fails its check, as it should.
    format: { type: 'string', default: 'jira' },
    tools: { type: 'string', default: ALL_TOOLS.join(',') },
    'no-lsp': { type: 'boolean', default: false },
    'update-doc': { type: 'boolean' },
    'no-update-doc': { type: 'boolean', default: false },
    results: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
function parseArgsOrExit(config) {
  try { return parseArgs(config); } catch (e) { console.error(`bench: ${e.message} (node bench/run.mjs --help)`); process.exit(2); }
}
if (args.help) {
  console.log('usage: node bench/run.mjs [--quick] [--sizes 10MiB,100MiB,1GiB] [--reps 3] [--seed 1] [--tools ' + ALL_TOOLS.join(',') + '] [--no-lsp] [--update-doc | --no-update-doc] [--results DIR] [--format jira|jira-security|confluence|apitokenservice]');
  console.log('BENCHMARKS.md\'s results section and docs/benchmarks-throughput.svg are rewritten after a run that includes a 1 GB file, or with --update-doc.');
  process.exit(0);
}
const sizes = (args.sizes ?? (args.quick ? '10MiB,100MiB' : '10MiB,100MiB,1GiB')).split(',').map((s) => s.trim()).filter(Boolean);
const reps = Math.max(1, Number(args.reps) || 3);
const seed = Number(args.seed) || 1;
const format = args.format;
if (!['jira', 'jira-security', 'confluence', 'apitokenservice'].includes(format)) fail(`unknown --format ${format}`);
if (args.results) RESULTS = args.results;
const tools = args.tools.split(',').map((s) => s.trim()).filter(Boolean);
for (const t of tools) if (!ALL_TOOLS.includes(t)) fail(`unknown tool ${t} (known: ${ALL_TOOLS.join(', ')})`);

function fail(msg) {
  console.error(`bench: ${msg}`);
  process.exit(1);
}
function log(msg) { process.stderr.write(msg + '\n'); }

// ------------------------------------------------------------------------------------------------
// Machine

function machine() {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  const lnav = spawnSync('lnav', ['-V'], { encoding: 'utf8' });
  return {
    cpus: os.availableParallelism?.() ?? os.cpus().length,
    cpuModel: model.trim(),
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    lnav: lnav.status === 0 ? lnav.stdout.trim() : null,
    os: `${os.type()} ${os.release()}`,
    loadAvgAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
    nodeExtraCaCertsRemoved: process.env.NODE_EXTRA_CA_CERTS ?? null,
    date: new Date().toISOString(),
  };
}

// ------------------------------------------------------------------------------------------------
// Running one measurement: wall time from spawn to exit, peak RSS of the process.

const GNU_TIME = !process.env.BENCH_NO_GNU_TIME && existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { encoding: 'utf8' }).status === 0 ? '/usr/bin/time' : null;

// NODE_EXTRA_CA_CERTS makes every Node process read and parse that certificate file before it runs
// a line of its program (these machines set it to the whole system bundle, 220 KB: `node -e 0`
// takes 0.06-0.08 s with it, 0.02-0.03 s without). No process measured here opens a TLS connection,
// so they all run without it: the AuthLog rows and the Node floor alike (lnav and wc never read it).
const MEASURED_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_EXTRA_CA_CERTS'));

/** Runs cmd, returns { seconds, peakMB, code, stdout, stderr }. */
function measure(cmd, argv, { env, cwd } = {}) {
  return new Promise((done) => {
    const timeOut = GNU_TIME ? join(BUILD, `time-${process.pid}.txt`) : null;
    const [c, a] = GNU_TIME ? [GNU_TIME, ['-f', '%e %M', '-o', timeOut, cmd, ...argv]] : [cmd, argv];
    const t0 = process.hrtime.bigint();
    const child = spawn(c, a, { env: env ?? MEASURED_ENV, cwd: cwd ?? root, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [], err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    let hwm = 0;
    let poll;
    if (!GNU_TIME) {
      poll = setInterval(() => {
        try {
          const m = /VmHWM:\s*(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
          if (m) hwm = Math.max(hwm, Number(m[1]));
        } catch { /* exited */ }
      }, 10);
    }
    child.on('error', (e) => { if (poll) clearInterval(poll); done({ seconds: NaN, peakMB: NaN, code: -1, stdout: '', stderr: String(e) }); });
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      if (poll) clearInterval(poll);
      let peakKB = hwm;
      if (timeOut && existsSync(timeOut)) {
        const last = readFileSync(timeOut, 'utf8').trim().split('\n').pop() ?? '';
        peakKB = Number(last.split(' ')[1]) || 0;
        rmSync(timeOut, { force: true });
      }
      done({ seconds, peakMB: peakKB / 1024, code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

/** The last line of stdout that parses as a JSON object. */
function lastJson(stdout) {
  const lines = stdout.trim().split('\n').reverse();
  for (const l of lines) {
    const s = l.trim();
    if (!s.startsWith('{')) continue;
    try { return JSON.parse(s); } catch { /* keep looking */ }
  }
  return undefined;
}

// ------------------------------------------------------------------------------------------------
// Data

function ensureData(size) {
  const out = join(DATA, `${format}-${size}-s${seed}.log`);
  log(`data: ${out} ...`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/generate.ts', '--format', format, '--size', size, '--seed', String(seed), '--out', out], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) fail(`generating ${size} failed`);
  const info = lastJson(r.stdout);
  const truth = JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8'));
  log(`data: ${out}: ${(truth.bytes / 1e6).toFixed(1)} MB, ${truth.entries} entries, ${truth.lines} lines${info?.reused ? ' (reused)' : ` (written in ${info?.seconds?.toFixed(1)} s)`}`);
  return { size, path: out, truth, generatedSeconds: info?.reused ? 0 : info?.seconds };
}

function warm(path) {
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(1 << 22);
  while (readSync(fd, buf, 0, buf.length, null) > 0) { /* read once */ }
  closeSync(fd);
}

// ------------------------------------------------------------------------------------------------
// Tools. Each: prepare() -> string | undefined (reason to skip), run(data) -> measurement + checks.

const lnavHome = resolve(BUILD, 'lnav-home');

/** AuthLog's counts against the generator's truth: entries, then each kind and outcome of auth events. */
function checkSummary(s, truth) {
  const problems = [];
  if (!s || typeof s !== 'object') return ['no summary in the output'];
  if (s.entries !== truth.entries) problems.push(`entries ${s.entries} != ${truth.entries}`);
  for (const k of ['audit', 'diagnostics', 'login', 'apitoken']) {
    const got = s.byKind?.[k] ?? 0, want = truth.byKind[k] ?? 0;
    if (got !== want) problems.push(`byKind.${k} ${got} != ${want}`);
  }
  for (const o of ['passed', 'failed', 'denied', 'limited', 'info']) {
    const got = s.byOutcome?.[o] ?? 0, want = truth.byOutcome[o] ?? 0;
    if (got !== want) problems.push(`byOutcome.${o} ${got} != ${want}`);
  }
  if (s.byMethod) {
    for (const m of new Set([...Object.keys(truth.byMethod), ...Object.keys(s.byMethod)])) {
      const got = s.byMethod[m] ?? { passed: 0, failed: 0 }, want = truth.byMethod[m] ?? { passed: 0, failed: 0 };
      if (got.passed !== want.passed || got.failed !== want.failed) problems.push(`byMethod.${m} ${got.passed}/${got.failed} != ${want.passed}/${want.failed} (passed/failed)`);
    }
  }
  return problems;
}

const TOOLS = {
  authlog: {
    label: 'AuthLog (index + summary)',
    prepare() {
      return buildAdapter();
    },
    async run(d) {
      const m = await measure(process.execPath, [join(BUILD, 'authlog.cjs'), 'index', d.path]);
      const j = lastJson(m.stdout);
      const problems = m.code !== 0 ? [`exit ${m.code}: ${m.stderr.trim().split('\n').slice(-3).join(' | ')}`] : checkSummary(j?.summary, d.truth);
      return { ...m, entries: j?.summary?.entries, inner: j?.seconds, problems };
    },
  },
  'authlog-cli': {
    label: 'AuthLog CLI (logs summary --json)',
    prepare() {
      if (!existsSync('dist/cli.js')) return 'dist/cli.js not built (npm run build)';
      staleWarning('dist/cli.js');
      const r = spawnSync(process.execPath, ['dist/cli.js', 'logs', 'summary', '--help'], { encoding: 'utf8' });
      if (/unknown command|usage: authlog lint/i.test(r.stdout + r.stderr) && r.status !== 0) return '`authlog logs summary` not available yet';
      return undefined;
    },
    async run(d) {
      const m = await measure(process.execPath, ['dist/cli.js', 'logs', 'summary', d.path, '--json']);
      const j = lastJsonDoc(m.stdout);
      const summary = j?.summary ?? j;
      const problems = m.code !== 0 ? [`exit ${m.code}: ${m.stderr.trim().split('\n').slice(-3).join(' | ')}`] : checkSummary(summary, d.truth);
      return { ...m, entries: summary?.entries, problems };
    },
  },
  'authlog-first': {
    label: 'AuthLog first 200 rows',
    prepare() {
      return buildAdapter();
    },
    async run(d) {
      const m = await measure(process.execPath, [join(BUILD, 'authlog.cjs'), 'first', d.path]);
      const j = lastJson(m.stdout);
      const problems = m.code !== 0 ? [`exit ${m.code}: ${m.stderr.trim().split('\n').slice(-3).join(' | ')}`] : [];
      if (j && j.rows !== Math.min(200, d.truth.entries)) problems.push(`first page has ${j.rows} rows, expected ${Math.min(200, d.truth.entries)}`);
      if (!j) problems.push('no JSON from the adapter');
      // The figure is the time from "open" to the first page inside the process (the server is
      // already running when a user opens a file); the process wall time is kept too.
      return { ...m, wall: m.seconds, seconds: j ? j.firstRowsMs / 1000 : NaN, entries: j?.rows, problems };
    },
  },
  floor: {
    label: 'Node floor (readSync 1 MiB + indexOf)',
    prepare() { return undefined; },
    async run(d) {
      const m = await measure(process.execPath, ['bench/floor.mjs', d.path]);
      const j = lastJson(m.stdout);
      const problems = j?.lines === d.truth.lines ? [] : [`lines ${j?.lines} != ${d.truth.lines}`];
      return { ...m, lines: j?.lines, problems };
    },
  },
  lnav: {
    label: 'lnav (jira_log format, full index)',
    prepare() {
      if (spawnSync('lnav', ['-V']).status !== 0) {
        if (process.getuid?.() === 0) {
          log('lnav: not installed; apt-get install -y lnav ...');
          spawnSync('apt-get', ['install', '-y', 'lnav'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
        }
        if (spawnSync('lnav', ['-V']).status !== 0) return 'lnav is not installed and could not be installed (apt-get install lnav needs root and Debian)';
      }
      // An isolated configuration: HOME and XDG_CONFIG_HOME point into bench/data, never at the user's.
      rmSync(lnavHome, { recursive: true, force: true });
      mkdirSync(lnavHome, { recursive: true });
      const r = spawnSync('lnav', ['-i', 'bench/lnav/jira_log.json'], { env: lnavEnv(), encoding: 'utf8' });
      if (r.status !== 0) return `lnav -i failed: ${(r.stderr || r.stdout).trim()}`;
      return undefined;
    },
    async run(d) {
      const m = await measure('lnav', ['-n', '-N', '-c', ';SELECT count(*) AS entries FROM jira_log', d.path], { env: lnavEnv() });
      // Output: a header line "entries", then the number.
      const nums = m.stdout.split('\n').map((l) => l.trim()).filter((l) => /^\d+$/.test(l));
      const entries = nums.length ? Number(nums[nums.length - 1]) : undefined;
      const problems = entries === d.truth.entries ? [] : [`lnav counted ${entries} entries, the file has ${d.truth.entries}: lnav did not parse the layout (stdout: ${m.stdout.trim().slice(0, 200)} stderr: ${m.stderr.trim().slice(0, 200)})`];
      return { ...m, entries, problems };
    },
  },
  wc: {
    label: 'wc -l',
    prepare() { return spawnSync('wc', ['--version']).status === 0 ? undefined : 'wc not found'; },
    async run(d) {
      const m = await measure('wc', ['-l', d.path]);
      const lines = Number(m.stdout.trim().split(/\s+/)[0]);
      return { ...m, lines, problems: lines === d.truth.lines ? [] : [`lines ${lines} != ${d.truth.lines}`] };
    },
  },
};

function lnavEnv() {
  return { ...MEASURED_ENV, HOME: lnavHome, XDG_CONFIG_HOME: join(lnavHome, '.config'), TERM: 'dumb' };
}

/** The CLI may pretty-print its JSON over several lines: take the whole stdout, else the last JSON line. */
function lastJsonDoc(stdout) {
  try { return JSON.parse(stdout); } catch { return lastJson(stdout); }
}

/** Warns when a dist/ bundle is older than the sources it is built from (node bench/run.mjs without npm run build). */
function staleWarning(bundle) {
  if (!existsSync(bundle)) return;
  const built = statSync(bundle).mtimeMs;
  const newer = [];
  for (const dir of ['server/src/logs', 'server/src/cli', 'shared']) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir, { recursive: true })) {
      const p = join(dir, String(f));
      if (p.endsWith('.ts') && statSync(p).mtimeMs > built) newer.push(p);
    }
  }
  if (newer.length) log(`warning: ${bundle} is older than ${newer.slice(0, 3).join(', ')}${newer.length > 3 ? ' ...' : ''}: run npm run build (npm run bench does)`);
}

let adapterState;
/** Bundles bench/authlog.ts (AuthLog's indexer and sessions, called as a library) with esbuild. */
function buildAdapter() {
  if (adapterState !== undefined) return adapterState || undefined;
  if (!existsSync('dist/logWorker.js')) return (adapterState = 'dist/logWorker.js not built (npm run build): without it the indexer would run without its worker threads');
  staleWarning('dist/logWorker.js');
  mkdirSync(BUILD, { recursive: true });
  const r = spawnSync(process.execPath, ['-e', `
    require('esbuild').build({ entryPoints: ['bench/authlog.ts'], outfile: ${JSON.stringify(join(BUILD, 'authlog.cjs'))}, bundle: true,
      platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error', external: ['vscode'] }).catch(() => process.exit(1));`], { encoding: 'utf8' });
  adapterState = r.status === 0 ? '' : `bench/authlog.ts does not build yet: ${(r.stderr || '').trim().split('\n').slice(0, 4).join(' | ')}`;
  return adapterState || undefined;
}

// ------------------------------------------------------------------------------------------------
// Other figures: the LSP bench (bench/lsp.ts, owned by the lsp teammate) and the e2e metrics.

function lspFigures() {
  if (args['no-lsp']) return { status: 'skipped (--no-lsp)' };
  if (!existsSync('bench/lsp.ts')) return { status: 'not measured in this run (bench/lsp.ts not present)' };
  log('lsp: node --import tsx bench/lsp.ts ...');
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/lsp.ts'], { encoding: 'utf8', timeout: 300_000, env: MEASURED_ENV });
  const j = lastJson(r.stdout ?? '');
  if (r.status !== 0 || !j) return { status: `failed (exit ${r.status}): ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}` };
  const text = (r.stdout ?? '').split('\n').filter((l) => !l.trim().startsWith('{')).join('\n').trim();
  return { status: 'measured', ...j, text };
}

function e2eFigures() {
  const p = 'test-results/e2e-metrics.json';
  if (!existsSync(p)) return { status: 'not measured in this run (test-results/e2e-metrics.json absent: run the e2e suite first)' };
  try {
    const j = JSON.parse(readFileSync(p, 'utf8'));
    return { status: `from ${p} (written ${statSync(p).mtime.toISOString()})`, ...j };
  } catch (e) {
    return { status: `unreadable ${p}: ${e.message}` };
  }
}

// ------------------------------------------------------------------------------------------------

function median(xs) {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

function fmt(x, digits = 2) { return Number.isFinite(x) ? x.toFixed(digits) : '-'; }
function pad(s, n, right = false) { s = String(s); return right ? s.padStart(n) : s.padEnd(n); }

async function main() {
  mkdirSync(BUILD, { recursive: true });
  mkdirSync(RESULTS, { recursive: true });
  const m = machine();
  log(`machine: ${m.cpus} x ${m.cpuModel}, ${m.memoryGiB} GiB, node ${m.node}, ${m.lnav ?? 'no lnav'}, load ${m.loadAvgAtStart.join(' ')}`);
  const started = Date.now();

  const data = sizes.map(ensureData);

  const skipped = {};
  const active = [];
  for (const t of tools) {
    const reason = TOOLS[t].prepare();
    if (reason) { skipped[t] = reason; log(`skip ${t}: ${reason}`); } else active.push(t);
  }

  log('warming the page cache ...');
  for (const d of data) warm(d.path);

  const runs = {}; // key tool|size -> [result]
  for (let rep = 1; rep <= reps; rep++) {
    for (const d of data) {
      for (const t of active) {
        const r = await TOOLS[t].run(d);
        (runs[`${t}|${d.size}`] ??= []).push(r);
        log(`round ${rep}/${reps} ${pad(t, 14)} ${pad(d.size, 7)} ${fmt(r.seconds, 3)} s  ${fmt(r.peakMB, 0)} MB${r.problems.length ? '  PROBLEM: ' + r.problems.join('; ') : ''}`);
      }
    }
  }

  // Aggregate: median time and median peak per tool and size.
  const rows = [];
  for (const d of data) {
    for (const t of active) {
      const rs = runs[`${t}|${d.size}`];
      const seconds = median(rs.map((r) => r.seconds));
      const problems = [...new Set(rs.flatMap((r) => r.problems))];
      rows.push({
        tool: t,
        label: TOOLS[t].label,
        size: d.size,
        bytes: d.truth.bytes,
        seconds,
        secondsAll: rs.map((r) => r.seconds),
        mbPerSec: t === 'authlog-first' ? NaN : d.truth.bytes / 1e6 / seconds,
        peakMB: median(rs.map((r) => r.peakMB)),
        peakMethod: GNU_TIME ? 'GNU time %M' : 'VmHWM polled every 10 ms',
        entries: rs[0].entries,
        lines: rs[0].lines,
        ...(t === 'authlog-first' ? { wallSeconds: median(rs.map((r) => r.wall)) } : {}),
        ...(t === 'authlog' ? { innerSeconds: median(rs.map((r) => r.inner)) } : {}),
        ok: problems.length === 0,
        problems,
      });
    }
  }

  const get = (t, size) => rows.find((r) => r.tool === t && r.size === size);
  const big = data[data.length - 1];
  const ratios = data.map((d) => {
    const a = get('authlog', d.size), l = get('lnav', d.size), f = get('floor', d.size);
    return {
      size: d.size,
      authlogVsLnav: a && l ? l.seconds / a.seconds : NaN,
      authlogVsFloor: a && f ? a.seconds / f.seconds : NaN,
    };
  });

  const isGiB = big.truth.bytes >= 1e9;
  const at = isGiB ? '' : ` (measured at ${big.size} only: the targets are for 1 GB; run without --quick)`;
  const bigA = get('authlog', big.size);
  const firsts = data.map((d) => get('authlog-first', d.size)).filter(Boolean);
  const targetOf = (name, value, met, text) => ({ name, value, status: !Number.isFinite(value) ? 'not measured' : met ? 'met' : 'missed', text });
  const bigR = ratios[ratios.length - 1];
  const targets = [
    targetOf('index + summary >= 10x faster than lnav', bigR.authlogVsLnav, bigR.authlogVsLnav >= 10, `speed-up ${fmt(bigR.authlogVsLnav, 1)}x over lnav at ${big.size}${at}`),
    targetOf('within 2x of the Node floor', bigR.authlogVsFloor, bigR.authlogVsFloor <= 2, `${fmt(bigR.authlogVsFloor, 2)}x the floor's time at ${big.size}${at}`),
    targetOf('first rows within 300 ms (every size)', Math.max(...firsts.map((f) => f.seconds)) * 1000, firsts.length > 0 && firsts.every((f) => f.seconds <= 0.3), firsts.length ? firsts.map((f) => `${f.size}: ${fmt(f.seconds * 1000, 0)} ms`).join(', ') : 'not measured'),
    targetOf('peak memory < 300 MB for 1 GB', bigA?.peakMB ?? NaN, (bigA?.peakMB ?? Infinity) < 300, `${fmt(bigA?.peakMB ?? NaN, 0)} MB at ${big.size}${at}`),
    targetOf('every entry and auth event counted exactly', rows.filter((r) => r.tool.startsWith('authlog')).length ? 1 : NaN, rows.filter((r) => r.tool.startsWith('authlog')).every((r) => r.ok), rows.filter((r) => r.tool.startsWith('authlog') && !r.ok).map((r) => `${r.tool} ${r.size}: ${r.problems.join('; ')}`).join(' / ') || 'all AuthLog counts equal the generator\'s truth'),
  ];
  if (!isGiB) for (const t of targets.slice(0, 4)) if (t.name !== 'first rows within 300 ms (every size)' && t.status !== 'not measured') t.status += ' (not at 1 GB)';

  const lsp = lspFigures();
  const e2e = e2eFigures();

  // ---- print
  const out = [];
  out.push('');
  out.push(`| tool | size | time (median of ${reps}) | MB/s | peak MB | entries / lines | ok? |`);
  out.push('| --- | --- | ---: | ---: | ---: | ---: | --- |');
  for (const r of rows) {
    const count = r.entries !== undefined ? `${r.entries} entries` : r.lines !== undefined ? `${r.lines} lines` : '-';
    const time = r.tool === 'authlog-first' ? `${fmt(r.seconds * 1000, 0)} ms to 200 rows` : `${fmt(r.seconds, 3)} s`;
    out.push(`| ${r.label} | ${r.size} | ${time} | ${fmt(r.mbPerSec, 0)} | ${fmt(r.peakMB, 0)} | ${count} | ${r.ok ? 'yes' : 'NO: ' + r.problems.join('; ')} |`);
  }
  out.push('');
  out.push('| size | speed-up over lnav (lnav time / AuthLog time) | AuthLog time / floor time |');
  out.push('| --- | ---: | ---: |');
  for (const r of ratios) out.push(`| ${r.size} | ${fmt(r.authlogVsLnav, 1)}x | ${fmt(r.authlogVsFloor, 2)}x |`);
  out.push('');
  out.push('| target | status | measured |');
  out.push('| --- | --- | --- |');
  for (const t of targets) out.push(`| ${t.name} | ${t.status} | ${t.text} |`);
  out.push('');
  if (lsp.status === 'measured' && lsp.text) {
    out.push('LSP (bench/lsp.ts, its own table):');
    out.push('');
    out.push('```');
    out.push(lsp.text);
    out.push('```');
  } else out.push(`LSP (bench/lsp.ts): ${lsp.status}`);
  out.push('');
  out.push(`Extension (e2e): ${e2e.status}`);
  const e2eFigs = Object.entries(e2e).filter(([k]) => k !== 'status');
  if (e2eFigs.length) {
    out.push('');
    for (const [k, v] of e2eFigs) out.push(`- ${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  }
  for (const [t, why] of Object.entries(skipped)) out.push(`skipped ${t}: ${why}`);
  console.log(out.join('\n'));

  // ---- write
  const result = {
    machine: m,
    options: { sizes, reps, seed, tools },
    data: data.map((d) => ({ size: d.size, path: d.path, bytes: d.truth.bytes, entries: d.truth.entries, lines: d.truth.lines, events: d.truth.events, byKind: d.truth.byKind, byOutcome: d.truth.byOutcome, generatedSeconds: d.generatedSeconds })),
    rows,
    ratios,
    targets,
    lsp,
    e2e,
    skipped,
    table: out.join('\n'),
    totalSeconds: (Date.now() - started) / 1000,
  };
  writeFileSync(join(RESULTS, 'latest.json'), JSON.stringify(result, null, 2) + '\n');
  const svg = throughputSvg(rows.filter((r) => ['authlog', 'lnav', 'floor', 'wc', 'authlog-cli'].includes(r.tool)).map((r) => ({ series: r.tool, label: r.label, bytes: r.bytes, size: r.size, mbPerSec: r.mbPerSec })), { title: `Throughput on Jira main logs (${m.cpus} x ${m.cpuModel}, median of ${reps})` });
  writeFileSync(join(RESULTS, 'throughput.svg'), svg);
  log(`wrote ${RESULTS}/latest.json, ${RESULTS}/throughput.svg (${result.totalSeconds.toFixed(0)} s in all)`);
  const updateDoc = !args['no-update-doc'] && (args['update-doc'] ?? isGiB);
  if (updateDoc) {
    mkdirSync('docs', { recursive: true });
    copyFileSync(join(RESULTS, 'throughput.svg'), 'docs/benchmarks-throughput.svg');
    updateBenchmarksMd(result);
  }
  else log(args['no-update-doc'] ? 'BENCHMARKS.md left as it is (--no-update-doc)' : 'BENCHMARKS.md left as it is (no 1 GB file in this run; --update-doc to write it anyway)');

  const authlogBad = rows.some((r) => !r.ok);
  if (authlogBad) {
    console.error('bench: some counts differ from the generator\'s truth (see the ok? column): these figures are not comparisons');
    process.exit(1);
  }
}

/** Rewrites the generated section of BENCHMARKS.md (between the two markers) from a run's result. */
function updateBenchmarksMd(result) {
  const file = 'BENCHMARKS.md';
  const begin = '<!-- bench:results:begin (written by bench/run.mjs) -->';
  const end = '<!-- bench:results:end -->';
  if (!existsSync(file)) { log(`${file} not found: not updated`); return; }
  const doc = readFileSync(file, 'utf8');
  const i = doc.indexOf(begin), j = doc.indexOf(end);
  if (i < 0 || j < i) { log(`${file} has no results markers: not updated`); return; }
  const m = result.machine;
  const cmd = `node bench/run.mjs --sizes ${result.options.sizes.join(',')} --reps ${result.options.reps} --seed ${result.options.seed}`;
  const body = [
    '',
    `Run of ${m.date.slice(0, 16).replace('T', ' ')} UTC: \`${cmd}\` (${Math.round(result.totalSeconds)} s in all, generation included).`,
    '',
    `Machine: ${m.cpus} cores (${m.cpuModel}), ${m.memoryGiB} GiB memory, ${m.os}, Node ${m.node}, ${m.lnav ?? 'no lnav'}; load average when the run started: ${m.loadAvgAtStart.join(', ')}.${m.nodeExtraCaCertsRemoved ? ` The measured processes ran without \`NODE_EXTRA_CA_CERTS\` (set here to ${m.nodeExtraCaCertsRemoved}; see Timing).` : ''}`,
    ...(m.loadAvgAtStart[0] > m.cpus * 0.5 ? ['', `**The machine was busy when this run started (load average ${m.loadAvgAtStart[0]} on ${m.cpus} cores): the figures are noisy. Rerun \`npm run bench\` on a quiet machine.**`] : []),
    '',
    'Data (generated, seed ' + result.options.seed + '): ' + result.data.map((d) => `${d.size}: ${(d.bytes / 1e6).toFixed(1)} MB, ${d.entries.toLocaleString('en')} entries, ${d.lines.toLocaleString('en')} lines, ${Object.entries(d.byKind).filter(([k]) => k !== 'other').reduce((a, [, v]) => a + v, 0).toLocaleString('en')} auth events`).join('; ') + '.',
    result.table,
    '',
    '![Throughput against file size: AuthLog, lnav, the Node floor and wc -l](docs/benchmarks-throughput.svg)',
    '',
  ].join('\n');
  writeFileSync(file, doc.slice(0, i + begin.length) + '\n' + body + '\n' + doc.slice(j));
  log(`updated ${file}`);
}

main().catch((e) => fail(e.stack ?? String(e)));
