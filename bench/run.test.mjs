// The bench itself: a tiny end-to-end run, and the chart.
//   node --test bench/run.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { throughputSvg } from './svg.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = mkdtempSync(join(tmpdir(), 'authlog-bench-'));
test.after(() => rmSync(out, { recursive: true, force: true }));

const haveLnav = spawnSync('lnav', ['-V']).status === 0;

test('a small run checks every tool against the truth and writes its results, not the docs', () => {
  const docBefore = readFileSync(join(root, 'BENCHMARKS.md'), 'utf8');
  const tools = ['floor', 'wc', ...(haveLnav ? ['lnav'] : [])];
  const r = spawnSync(process.execPath, ['bench/run.mjs', '--sizes', '300KB', '--reps', '2', '--tools', tools.join(','), '--no-lsp', '--results', out], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8'));
  assert.equal(j.rows.length, tools.length);
  for (const row of j.rows) {
    assert.equal(row.ok, true, `${row.tool}: ${row.problems.join('; ')}`);
    assert.equal(row.secondsAll.length, 2, 'two rounds');
    assert.ok(row.seconds > 0 && row.peakMB > 0);
  }
  assert.equal(j.data[0].entries, JSON.parse(readFileSync(join(root, j.data[0].path + '.manifest.json'), 'utf8')).entries);
  if (haveLnav) assert.equal(j.rows.find((x) => x.tool === 'lnav').entries, j.data[0].entries, 'lnav saw every entry');
  assert.match(r.stdout, /\| tool \| size \|/);
  assert.match(r.stdout, /not measured/, 'targets without AuthLog rows say so');
  assert.ok(existsSync(join(out, 'throughput.svg')));
  assert.equal(readFileSync(join(root, 'BENCHMARKS.md'), 'utf8'), docBefore, 'a small run leaves BENCHMARKS.md alone');
});

test('bench/threads.ts: per-thread CPU of the index in fresh processes, every entry counted', { skip: !existsSync('/proc/self/task') && 'Linux only' }, () => {
  // The 300KB log and its manifest come from the first test's run (generated on demand).
  const file = 'bench/data/jira-300KB-s1.log';
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/threads.ts', '--runs', '2', '--file', file], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const truth = JSON.parse(readFileSync(join(root, file + '.manifest.json'), 'utf8'));
  const runs = r.stdout.split('\n').filter((l) => l.startsWith('run ')).map((l) => JSON.parse(l.slice(l.indexOf('{'))));
  assert.equal(runs.length, 2);
  for (const run of runs) {
    assert.equal(run.entries, truth.entries);
    assert.ok(run.wall > 0 && run.total >= run.main && run.main >= 0, JSON.stringify(run));
  }
  assert.match(r.stdout, /^medians of 2: wall [\d.]+, total [\d.]+, main [\d.]+, workers [\d.]+, other [\d.]+, mainFaults [\d.]+$/m);
});

test('a tool that does not see every entry fails the run loudly (lnav on a layout it has no format for)', { skip: !haveLnav && 'lnav not installed' }, () => {
  const r = spawnSync(process.execPath, ['bench/run.mjs', '--sizes', '200KB', '--reps', '1', '--tools', 'lnav', '--format', 'confluence', '--no-lsp', '--results', out], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stdout, /\| NO: lnav counted 0 entries, the file has \d+/);
  assert.match(r.stderr, /counts differ from the generator's truth/);
});

test('unknown options and tools are refused with a message', () => {
  const a = spawnSync(process.execPath, ['bench/run.mjs', '--bogus'], { cwd: root, encoding: 'utf8' });
  assert.equal(a.status, 2);
  assert.match(a.stderr, /Unknown option '--bogus'/);
  const b = spawnSync(process.execPath, ['bench/run.mjs', '--tools', 'grep'], { cwd: root, encoding: 'utf8' });
  assert.equal(b.status, 1);
  assert.match(b.stderr, /unknown tool grep/);
});

test('the chart: one line per tool, escaped labels, log axes, nothing for missing figures', () => {
  const svg = throughputSvg([
    { series: 'authlog', label: 'AuthLog <fast> & "safe"', bytes: 10 * 2 ** 20, size: '10MiB', mbPerSec: 300 },
    { series: 'authlog', label: 'AuthLog <fast> & "safe"', bytes: 2 ** 30, size: '1GiB', mbPerSec: 1500 },
    { series: 'lnav', label: 'lnav', bytes: 10 * 2 ** 20, size: '10MiB', mbPerSec: 60 },
    { series: 'lnav', label: 'lnav', bytes: 2 ** 30, size: '1GiB', mbPerSec: NaN },
  ], { title: 'T <1>' });
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.ok(svg.includes('AuthLog &lt;fast&gt; &amp; &quot;safe&quot;'));
  assert.ok(svg.includes('T &lt;1&gt;'));
  assert.ok(!svg.includes('<fast>'));
  assert.equal((svg.match(/<polyline /g) ?? []).length, 1, 'lnav has one finite point: no line');
  assert.equal((svg.match(/<circle /g) ?? []).length, 3);
  assert.ok(!/NaN|Infinity/.test(svg));
  assert.ok(svg.includes('10 MiB') && svg.includes('1 GiB'));
  assert.ok(svg.includes('1 GB/s'), 'decade ticks');
  assert.ok(throughputSvg([]).includes('no measurements'));
});
