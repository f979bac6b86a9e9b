// Micro-benchmark of the byte scanner alone (issue 8): scan.ts's scanRange over a generated Jira
// log held in memory, with the WebAssembly scanner (dist/scan.wasm) and with the JavaScript one it
// replaced, each with and without the keyword prefilter. Classification is left out (onCandidate
// only counts), so the figures are the per-byte and per-line work: line ends, timestamps, levels,
// keyword hits, batches. CPU time of the process (user + system), the minimum of several runs.
// Both scanners must find the same entries and candidates, or it exits 1.
//
//   npm run bench:scan                      (builds first)
//   node --import tsx bench/scan.ts [--file bench/data/jira-100MiB-s1.log] [--reps 7]
//
// Needs the generated data (npm run bench -- --quick generates it; bench/data is not committed).

import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chooseAnchors, scanRange } from '../server/src/logs/scan';
import { wasmScanStatus } from '../server/src/logs/scanWasm';
import { prefilterKeywords } from '../server/src/logs/rows';

const args = process.argv.slice(2);
function opt(name: string, dflt: string): string {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : dflt;
}
const file = resolve(__dirname, '..', opt('--file', 'bench/data/jira-100MiB-s1.log'));
const reps = Number(opt('--reps', '7'));
if (!existsSync(file)) {
  console.error(`${file} is missing: run \`npm run bench -- --quick\` once to generate it`);
  process.exit(2);
}
const status = wasmScanStatus();
if (!status.available) {
  console.error(`the WebAssembly scanner does not load: ${status.problem ?? 'unknown reason'} (npm run build)`);
  process.exit(2);
}

const bytes = readFileSync(file);
const mib = bytes.length / 2 ** 20;
const read = (b: Buffer, o: number, n: number, p: number): number => bytes.copy(b, o, p, Math.min(p + n, bytes.length));

function run(engine: 'auto' | 'js', keywords: readonly string[]): { ms: number; entries: number; candidates: number } {
  let best = Infinity;
  let entries = 0;
  let candidates = 0;
  for (let r = 0; r < reps; r++) {
    let cands = 0;
    const c0 = process.cpuUsage();
    // The JavaScript scanner searches anchors chosen on a sample, as jobs.ts gave it before.
    const anchors = engine === 'js' && keywords.length ? chooseAnchors(keywords, bytes.subarray(0, 256 * 1024)) : undefined;
    const res = scanRange(read, 0, bytes.length, { keywords, ...(anchors ? { anchors } : {}), engine, onCandidate: () => (cands++, [0, 0]), onBatch: () => undefined });
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) / 1000);
    entries = res.entries;
    candidates = cands;
  }
  return { ms: best, entries, candidates };
}

console.log(`scanner, ${mib.toFixed(0)} MiB (${file.replace(resolve(__dirname, '..') + '/', '')}), CPU ms, minimum of ${reps}\n`);
console.log('| scanner | keywords | CPU ms | MB/s | entries | candidates |');
console.log('| --- | --- | ---: | ---: | ---: | ---: |');
let ok = true;
const ms: Record<string, number[]> = { WebAssembly: [], JavaScript: [] };
for (const kws of [prefilterKeywords, []]) {
  const w = run('auto', kws);
  const j = run('js', kws);
  for (const [name, r] of [['WebAssembly', w], ['JavaScript', j]] as const) {
    console.log(`| ${name} | ${kws.length ? kws.length : 'none'} | ${r.ms.toFixed(0)} | ${(bytes.length / 1e6 / (r.ms / 1000)).toFixed(0)} | ${r.entries} | ${r.candidates} |`);
    ms[name]!.push(r.ms);
  }
  if (w.entries !== j.entries || w.candidates !== j.candidates) ok = false;
}
// The keyword prefilter's cost: with the keywords minus without (the search, the verification of
// its matches and the candidates' text handed to onCandidate).
console.log(`\nkeyword prefilter: ${Object.entries(ms).map(([name, [kw, none]]) => `${name} ${(kw! - none!).toFixed(0)} ms`).join(', ')} per ${mib.toFixed(0)} MiB`);
if (!ok) {
  console.error('\nthe two scanners disagree: see test/unit/logs/scan-wasm.test.ts');
  process.exit(1);
}
