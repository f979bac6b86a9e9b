// AuthLog's log indexer called as a library, one measurement per process (so the peak RSS is its own).
// bench/run.mjs bundles this file with esbuild into bench/data/.build/authlog.cjs and runs:
//   node authlog.cjs index FILE   -> {"seconds":..,"firstRowsMs":..,"summary":{entries,lines,bytes,byKind,byOutcome,byMethod,..},"maxRssMB":..}
//   node authlog.cjs first FILE   -> {"firstRowsMs":..,"rows":200,"maxRssMB":..}
// The worker threads are dist/logWorker.js (npm run build), found through AUTHLOG_LOG_WORKER.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { indexFiles, disposeDefaultPool, FileIndex } from '../server/src/logs/indexer';
import { openLogSource } from '../server/src/logs/fileAccess';
import { analyzeEntry } from '../server/src/logs/rows';

const PAGE = 200;

function workerFromDist(): void {
  if (process.env.AUTHLOG_LOG_WORKER) return;
  const w = resolve(__dirname, '..', '..', '..', 'dist', 'logWorker.js');
  if (existsSync(w)) process.env.AUTHLOG_LOG_WORKER = w;
}

function maxRssMB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

async function index(file: string): Promise<void> {
  const r = await indexFiles([file]);
  disposeDefaultPool();
  const summary = {
    entries: r.entries,
    lines: r.lines,
    bytes: r.bytes,
    candidates: r.candidates,
    byKind: r.byKind,
    byOutcome: r.byOutcome,
    byMethod: r.parts.byMethod,
  };
  console.log(JSON.stringify({ seconds: r.ms / 1000, firstRowsMs: r.firstRowsMs, summary, maxRssMB: maxRssMB() }));
}

/** Time from opening the file to the first page of rows (parsed and classified), as the viewer gets it. */
async function first(file: string): Promise<void> {
  const t0 = performance.now();
  const src = await openLogSource(file);
  let done = false;
  const idx: FileIndex = new FileIndex(src, {
    onEntries: (n) => {
      if (done || (n < PAGE && !idx.done)) return;
      done = true;
      const rows = [];
      const count = Math.min(PAGE, idx.cols.length);
      for (let i = 0; i < count; i++) {
        const start = idx.cols.offset.get(i);
        const end = i + 1 < idx.cols.length ? idx.cols.offset.get(i + 1) : Math.min(src.size, start + 64 * 1024);
        rows.push(analyzeEntry(src.read(start, Math.min(end - start, 64 * 1024)).toString('utf8'), src.format));
      }
      const ms = performance.now() - t0;
      console.log(JSON.stringify({ firstRowsMs: ms, rows: rows.length, maxRssMB: maxRssMB() }));
      process.exit(0);
    },
  });
  await idx.build();
  if (!done) {
    console.log(JSON.stringify({ firstRowsMs: performance.now() - t0, rows: idx.cols.length, maxRssMB: maxRssMB() }));
  }
  disposeDefaultPool();
  src.close();
}

async function main(): Promise<void> {
  const [mode, file] = process.argv.slice(2);
  if (!file || (mode !== 'index' && mode !== 'first')) {
    console.error('usage: node authlog.cjs index|first FILE');
    process.exit(2);
  }
  workerFromDist();
  if (mode === 'index') await index(file);
  else await first(file);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack ?? e.message : String(e));
  process.exit(1);
});
