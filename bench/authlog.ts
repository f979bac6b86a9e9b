// AuthLog's log indexer called as a library, one measurement per process (so the peak RSS is its own).
// bench/run.mjs bundles this file with esbuild into bench/data/.build/authlog.cjs and runs:
//   node authlog.cjs index FILE   -> {"seconds":..,"firstRowsMs":..,"summary":{entries,lines,bytes,byKind,byOutcome,byMethod,..},"maxRssMB":..}
//   node authlog.cjs first FILE   -> {"firstRowsMs":..,"rows":200,"maxRssMB":..}
// The worker threads are dist/logWorker.js (npm run build), found through AUTHLOG_LOG_WORKER.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { indexFiles, disposeDefaultPool } from '../server/src/logs/indexer';
import { LogSession } from '../server/src/logs/session';

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
  const summary = { ...r.summary, candidates: r.candidates };
  console.log(JSON.stringify({ seconds: r.ms / 1000, firstRowsMs: r.firstRowsMs, summary, maxRssMB: maxRssMB() }));
}

/**
 * Time from opening a session on the file (LogSession.open, as the viewer's `open` request does) to
 * the first page of 200 rows it serves (`page({}, 0, 200)`: parsed, classified rows).
 */
async function first(file: string): Promise<void> {
  const t0 = performance.now();
  let session: LogSession | undefined;
  let served = false;
  const serve = async (): Promise<void> => {
    if (served || !session) return;
    if (session.entries < PAGE && session.indexing) return;
    served = true;
    const page = await session.page({}, 0, PAGE);
    const ms = performance.now() - t0;
    console.log(JSON.stringify({ firstRowsMs: ms, rows: page.rows.length, indexing: page.indexing, maxRssMB: maxRssMB() }));
    session.close();
    disposeDefaultPool();
    process.exit(0);
  };
  session = await LogSession.open([file], { onProgress: () => void serve() });
  void serve();
  await session.ready;
  await serve();
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
