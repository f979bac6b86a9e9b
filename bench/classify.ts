// Micro-benchmark of the per-candidate work of the indexer (issue 8): analyzeEntry(text, format) and
// SummaryBuilder.add(row, bytes), as jobs.ts runIndexWith calls them, over the candidate entries of
// the generated bench log. CPU time (process.cpuUsage, user + system) per entry, the minimum of
// several runs, and the top functions of a CPU profile of one more run.
//
// It also checks that the results are right: every row (of the candidates of the bench log, and of
// EVERY entry of the small sample and fixture logs, since the filter job analyses any entry) and the
// summary equal those of a reference implementation: server/src/logs and shared/ as they were at a
// git revision (default: before issue 8's optimisation), extracted under bench/data/.ref-<rev>/.
//
//   node --import tsx bench/classify.ts [--reps 20] [--ref <git rev>] [--file bench/data/jira-100MiB-s1.log]
//                                       [--no-check] [--no-profile] [--top 25] [--lines] [--only row|count|ref]
//                                       [--count-ref <git rev>] (that revision's countEntry timed alongside)
//
// Needs the generated data (npm run bench -- --quick generates it; bench/data is not committed).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { Session } from 'node:inspector';
import { basename, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { buildSync } from 'esbuild';
import type { LogFormat } from '../shared/protocol';
import { detectFormat, formatFromFileName, isEntryStart } from '../server/src/logs/formats';
import { hasPrefilterKeyword } from '../server/src/logs/classify';
import type * as RowsTs from '../server/src/logs/rows';
import type { SummaryState } from '../server/src/logs/summary';

/** Issue 8's starting point: the classification code before it was optimised. */
const BASELINE_REV = '6b84a58';

const root = resolve(__dirname, '..');
const args = process.argv.slice(2);
function opt(name: string, dflt: string): string {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : dflt;
}
const reps = Number(opt('--reps', '20'));
const refRev = opt('--ref', BASELINE_REV);
const benchFile = resolve(root, opt('--file', 'bench/data/jira-100MiB-s1.log'));
const top = Number(opt('--top', '25'));
const check = !args.includes('--no-check');
const profile = !args.includes('--no-profile');

interface Entry {
  text: string;
  format: LogFormat;
  lines: number;
  bytes: number;
}

const decoder = new TextDecoder('utf-8', { fatal: false });

/**
 * The entries of a file as the scanner hands them out: a line starting with a timestamp starts one;
 * the text is its bytes with their line end decoded, then the line end cut off (a fresh string per
 * entry, as scan.ts makes it, not a slice of the whole file).
 */
function entriesOf(path: string, format?: LogFormat): Entry[] {
  const s = readFileSync(path, 'utf8');
  const lines = s.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const fmt = format ?? pickFormat(path, lines);
  const out: Entry[] = [];
  let cur: string[] | undefined;
  let bytes = 0;
  const flush = (): void => {
    if (!cur) return;
    const text = stripEol(decoder.decode(Buffer.from(cur.join('\n') + '\n')));
    out.push({ text, format: fmt, lines: cur.length, bytes });
  };
  for (const line of lines) {
    const b = Buffer.byteLength(line) + 1;
    if (cur && !isEntryStart(line)) {
      cur.push(line);
      bytes += b;
      continue;
    }
    flush();
    cur = [line];
    bytes = b;
  }
  flush();
  return out;
}

/** scan.ts's stripEol: one trailing line end (`\n` or `\r\n`) and a lone trailing `\r` off. */
function stripEol(s: string): string {
  let e = s.length;
  if (e && s.charCodeAt(e - 1) === 10) e--;
  if (e && s.charCodeAt(e - 1) === 13) e--;
  return e === s.length ? s : s.slice(0, e);
}

/**
 * The timed input: the entries' bytes in one buffer, decoded entry by entry inside the timed loop
 * as the scanner does, so each text is fresh (in the CPU's cache) when it is analysed, as in the
 * indexer. The decoding alone is timed too and subtracted.
 */
interface Timed {
  buf: Buffer;
  starts: number[];
  ends: number[];
  entries: readonly Entry[];
  ref?: RowsModule;
  /** rows.ts of the --count-ref revision (its countEntry is timed as path `countref`). */
  countRef?: RowsModule;
}

function timedInput(entries: readonly Entry[]): Timed {
  const bufs = entries.map((e) => Buffer.from(e.text + '\n'));
  const starts: number[] = [];
  const ends: number[] = [];
  let p = 0;
  for (const b of bufs) {
    starts.push(p);
    p += b.length;
    ends.push(p);
  }
  return { buf: Buffer.concat(bufs), starts, ends, entries };
}

function pickFormat(path: string, lines: string[]): LogFormat {
  const byName = formatFromFileName(path);
  const detected = detectFormat(lines.slice(0, 200), basename(path));
  return detected !== 'unknown' ? detected : byName;
}

/** Small logs whose every entry is checked (all formats, odd shapes). */
function smallLogs(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(log|txt)$/.test(name) && statSync(p).size < 4 << 20) out.push(p);
    }
  };
  walk(join(root, 'bench/data/samples'));
  walk(join(root, 'test/fixtures/logs'));
  for (const n of ['confluence-300KB-s1.log', 'jira-300KB-s1.log']) {
    const p = join(root, 'bench/data', n);
    if (existsSync(p)) out.push(p);
  }
  return out;
}

type RowsModule = typeof RowsTs;

/**
 * rows.ts bundled by esbuild as the build does it (build.mjs: no keepNames, so no `__name` wrappers
 * that tsx would add to every closure), then required. Returns the module and the bundle's path.
 */
function bundled(entry: string, outfile: string): { m: RowsModule; file: string } {
  buildSync({ entryPoints: [entry], outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' });
  return { m: createRequire(__filename)(outfile) as RowsModule, file: outfile };
}

/** rows.ts of the reference revision (extracted once under bench/data/.ref-<sha>, then bundled). */
function referenceRows(rev: string): RowsModule {
  const sha = execFileSync('git', ['rev-parse', '--short=12', rev], { cwd: root, encoding: 'utf8' }).trim();
  const dir = join(root, 'bench/data', `.ref-${sha}`);
  if (!existsSync(join(dir, 'server/src/logs/rows.ts'))) {
    mkdirSync(dir, { recursive: true });
    const tar = execFileSync('git', ['archive', sha, 'server/src/logs', 'shared'], { cwd: root, maxBuffer: 1 << 28 });
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
  }
  return bundled(join(dir, 'server/src/logs/rows.ts'), join(dir, 'rows.cjs')).m;
}

const current = bundled(join(root, 'server/src/logs/rows.ts'), join(root, 'bench/data/.build/classify-rows.cjs'));
const rows = current.m;

/** Which source module each line of the bundle comes from (esbuild writes a `// path` comment before each). */
function moduleOfLine(bundle: string): (line: number) => string {
  const starts: [number, string][] = [];
  bundle.split('\n').forEach((l, i) => {
    const m = /^\/\/ (\S+\.ts)$/.exec(l);
    if (m) starts.push([i, basename(m[1]!)]);
  });
  return (line) => {
    let name = '';
    for (const [i, n] of starts) if (i <= line) name = n;
    return name;
  };
}

/** One pass of the indexer's per-candidate work; returns the summary state. */
function run(m: RowsModule, entries: readonly Entry[]): SummaryState {
  const parts = m.newSummary();
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const row = m.analyzeEntry(e.text, e.format) as ReturnType<RowsModule['analyzeEntry']> & { lines?: number };
    row.lines = e.lines;
    parts.add(row as typeof row & { lines: number }, e.bytes);
  }
  return parts.state();
}

/** The summary-only path (rows.countEntry): the same counts, no row. */
function runCount(entries: readonly Entry[]): SummaryState {
  const parts = rows.newSummary();
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    rows.countEntry(e.text, e.format, e.lines, e.bytes, parts);
  }
  return parts.state();
}

/** A state with its lists sorted (their order is the order of first sight, which no user sees). */
function normalState(s: SummaryState): SummaryState {
  const byFirst = <T extends [string | number, ...unknown[]]>(a: T[]): T[] => [...a].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  return {
    ...s,
    byKind: byFirst(s.byKind),
    byOutcome: byFirst(s.byOutcome),
    byLevel: byFirst(s.byLevel),
    byMethod: byFirst(s.byMethod),
    reasons: byFirst(s.reasons),
    users: byFirst(s.users),
    ips: byFirst(s.ips),
    minutes: byFirst(s.minutes),
  };
}

function verify(entriesToCheck: readonly Entry[], ref: RowsModule): void {
  let n = 0;
  for (const e of entriesToCheck) {
    const got = rows.analyzeEntry(e.text, e.format);
    const want = ref.analyzeEntry(e.text, e.format);
    assert.deepStrictEqual(got, want, `row of a ${e.format} entry differs: ${e.text.slice(0, 300)}`);
    const c = rows.countEntry(e.text, e.format, e.lines, e.bytes, rows.newSummary());
    assert.deepStrictEqual([c.kind, c.outcome], [want.kind, want.outcome], `countEntry of a ${e.format} entry differs: ${e.text.slice(0, 300)}`);
    const gd = rows.detailOf(e.text, e.format, 1_000_000);
    const wd = ref.detailOf(e.text, e.format, 1_000_000);
    assert.deepStrictEqual(gd, wd, `detail of a ${e.format} entry differs: ${e.text.slice(0, 300)}`);
    n++;
  }
  const got = stateOf(rows, entriesToCheck);
  const want = stateOf(ref, entriesToCheck);
  assert.deepStrictEqual(normalState(got), normalState(want), 'summary state differs');
  assert.deepStrictEqual(normalState(runCount(entriesToCheck)), normalState(want), 'summary state of countEntry differs');
  assert.deepStrictEqual(rows.newSummary().merge(got).build(), ref.newSummary().merge(want).build(), 'built summary differs');
  console.log(`check: ${n} rows, details and the summary equal the reference`);
}

function stateOf(m: RowsModule, entries: readonly Entry[]): SummaryState {
  return run(m, entries);
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** One timed pass over the input: decode each entry, then the path's work. */
function pass(t: Timed, path: Path): number {
  const { buf, starts, ends, entries } = t;
  const m = path === 'ref' ? t.ref! : rows;
  const parts = m.newSummary();
  let sink = 0;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const text = stripEol(decoder.decode(buf.subarray(starts[i]!, ends[i]!)));
    if (path === 'decode') sink += text.length;
    else if (path === 'count') sink += rows.countEntry(text, e.format, e.lines, e.bytes, parts).kind.length;
    else if (path === 'countref') sink += t.countRef!.countEntry(text, e.format, e.lines, e.bytes, parts).kind.length;
    else {
      const row = m.analyzeEntry(text, e.format) as ReturnType<RowsModule['analyzeEntry']> & { lines?: number };
      row.lines = e.lines;
      parts.add(row as typeof row & { lines: number }, e.bytes);
      sink += row.kind.length;
    }
  }
  return sink + parts.entries;
}

function time(t: Timed, path: Path): number {
  const t0 = cpuMs();
  pass(t, path);
  return cpuMs() - t0;
}

/** decode: decoding only; row: analyzeEntry + add; count: countEntry; ref: analyzeEntry + add of the reference revision. */
type Path = 'decode' | 'row' | 'count' | 'ref' | 'countref';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  positionTicks?: { line: number; ticks: number }[];
}

async function profiled(t: Timed, times: number, path: Path): Promise<void> {
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params?: object): Promise<T> =>
    new Promise((res, rej) => session.post(method, params ?? {}, (err, r) => (err ? rej(err) : res(r as T))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 100 });
  await post('Profiler.start');
  for (let i = 0; i < times; i++) pass(t, path);
  const { profile: p } = await post<{ profile: { nodes: ProfileNode[] } }>('Profiler.stop');
  session.disconnect();
  const self = new Map<string, number>();
  const mod = moduleOfLine(readFileSync(current.file, 'utf8'));
  let total = 0;
  for (const node of p.nodes) {
    const hits = node.hitCount ?? 0;
    total += hits;
    const f = node.callFrame;
    const where = f.url.endsWith('classify-rows.cjs') ? mod(f.lineNumber) : f.url ? basename(f.url) : '';
    const key = `${f.functionName || '(anonymous)'} ${where}`.trim();
    self.set(key, (self.get(key) ?? 0) + hits);
  }
  console.log(`profile of the ${path} path (${times} passes, self time, top ${top}):`);
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`  ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
  }
  if (args.includes('--lines')) {
    // The hottest lines of the bundle (self time), to see inside a function.
    const src = readFileSync(current.file, 'utf8').split('\n');
    const byLine = new Map<number, number>();
    for (const node of p.nodes) {
      if (!node.callFrame.url.endsWith('classify-rows.cjs')) continue;
      for (const t of node.positionTicks ?? []) byLine.set(t.line, (byLine.get(t.line) ?? 0) + t.ticks);
    }
    console.log(`hottest lines of ${basename(current.file)}:`);
    for (const [l, v] of [...byLine].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`  ${((100 * v) / total).toFixed(1).padStart(5)}%  ${mod(l - 1)}: ${src[l - 1]!.trim().slice(0, 110)}`);
    }
  }
}

async function main(): Promise<void> {
  if (!existsSync(benchFile)) {
    console.error(`${benchFile} is missing: generate it with \`npm run bench -- --quick --tools authlog\``);
    process.exit(2);
  }
  const all = entriesOf(benchFile);
  const candidates = all.filter((e) => hasPrefilterKeyword(e.text));
  console.log(`${basename(benchFile)}: ${all.length} entries, ${candidates.length} candidates (format ${candidates[0]?.format})`);
  const ref = referenceRows(refRev);
  if (check) {
    const small = smallLogs().flatMap((p) => entriesOf(p));
    console.log(`checking against ${refRev}: the candidates + ${small.length} entries of ${smallLogs().length} small logs`);
    verify([...candidates, ...small], ref);
  }
  // Warm up, then the timed runs (the paths alternate, so all see the same machine load).
  // --count-ref <rev>: that revision's countEntry timed too, alternating with this one (a before/after under the same load).
  const countRefRev = opt('--count-ref', '');
  const countRef = countRefRev ? referenceRows(countRefRev) : undefined;
  const input = { ...timedInput(candidates), ref, countRef };
  const only = opt('--only', '');
  const paths: Path[] = only ? ['decode', only as Path] : ['decode', 'ref', 'row', 'count'];
  if (countRef) paths.push('countref');
  for (let i = 0; i < 3; i++) for (const p of paths) time(input, p);
  const ms = new Map<Path, number[]>(paths.map((p) => [p, []]));
  for (let i = 0; i < reps; i++) for (const p of paths) ms.get(p)!.push(time(input, p));
  const minNs = (p: Path): number => (Math.min(...ms.get(p)!) * 1e6) / candidates.length;
  const medNs = (p: Path): number => {
    const a = [...ms.get(p)!].sort((x, y) => x - y);
    return (a[a.length >> 1]! * 1e6) / candidates.length;
  };
  console.log(`CPU time (user+sys) per candidate, ${reps} runs of ${candidates.length}; each text decoded in the loop as the scanner does (that alone: min ${minNs('decode').toFixed(0)} ns, subtracted below)`);
  for (const p of paths) {
    if (p === 'decode') continue;
    const what =
      p === 'countref' ? `countEntry at ${countRefRev}`.padEnd(42) : p === 'count' ? 'countEntry (summary only)                 ' : p === 'ref' ? `analyzeEntry + SummaryBuilder.add at ${refRev}` : 'analyzeEntry + SummaryBuilder.add        ';
    console.log(`  ${what}: min ${(minNs(p) - minNs('decode')).toFixed(0)} ns/entry, median ${(medNs(p) - medNs('decode')).toFixed(0)} ns/entry`);
  }
  const lastPath = paths[paths.length - 1]!;
  if (profile) await profiled(input, Math.max(5, reps >> 1), args.includes('--profile-row') ? 'row' : lastPath === 'countref' ? 'count' : lastPath);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack ?? e.message : String(e));
  process.exit(1);
});
