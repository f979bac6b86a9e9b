// The viewer's text filter over a whole log, timed (issue 8 work on filters): a LogSession is opened
// on the file as the viewer's `open` does, indexed, and then asked for the summary of the entries
// matching the filter (which waits until every entry has been matched). Prints the time from the
// request to the complete answer (wall) and the process's CPU time over it (every thread: the
// worker threads do the searching), the best of --reps runs (a new session each) in one process.
//
//   node --import tsx bench/filter.ts FILE TEXT [--regex] [--reps 3] [--check]
//   e.g. node --import tsx bench/filter.ts bench/data/jira-1GiB-s1.log lockout --check
//        node --import tsx bench/filter.ts bench/data/jira-1GiB-s1.log '/verification failed|denied|lockout/i' --regex
//
// --check also counts the matching entries independently (the file read line by line, an entry
// being a line that starts with a timestamp plus the lines up to the next one; a plain text matched
// case-insensitively, a regex as the viewer compiles it) and fails when the counts differ.
// The worker threads are dist/logWorker.js: run `npm run build` first.

import { createReadStream, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { compileRegex } from '../server/src/logs/filter';
import { isEntryStart } from '../server/src/logs/formats';
import { disposeDefaultPool } from '../server/src/logs/indexer';
import { LogSession } from '../server/src/logs/session';
import type { LogFilter } from '../shared/protocol';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { regex: { type: 'boolean', default: false }, reps: { type: 'string', default: '3' }, check: { type: 'boolean', default: false } },
});
const [file, text] = positionals;
if (!file || !text) {
  console.error('usage: node --import tsx bench/filter.ts FILE TEXT [--regex] [--reps 3] [--check]');
  process.exit(2);
}
process.env.AUTHLOG_LOG_WORKER ??= resolve(__dirname, '..', 'dist', 'logWorker.js');
if (!existsSync(process.env.AUTHLOG_LOG_WORKER)) {
  console.error(`${process.env.AUTHLOG_LOG_WORKER} not found: run npm run build`);
  process.exit(2);
}

/** Entries of `path` whose text matches (see --check above). */
async function countByReading(path: string, test: (entry: string) => boolean): Promise<number> {
  let n = 0;
  let entry: string[] | undefined;
  const done = (): void => {
    if (entry && test(entry.join('\n'))) n++;
  };
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    if (isEntryStart(line)) {
      done();
      entry = [line];
    } else entry?.push(line);
  }
  done();
  return n;
}

async function main(): Promise<void> {
  const filter: LogFilter = { text: text!, ...(args.regex ? { regex: true } : {}) };
  let matched = 0;
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let r = 0; r < Number(args.reps); r++) {
    // A session per run (it keeps the matches of a filter it has answered); its indexing is not timed.
    const session = await LogSession.open([file!], {});
    await session.ready;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const summary = await session.summary(filter);
    walls.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1000);
    matched = summary.entries;
    session.close();
  }
  disposeDefaultPool();
  console.log(`${JSON.stringify(filter)} over ${file}: ${matched} entries match; best of ${walls.length}: ${Math.min(...walls).toFixed(0)} ms wall, ${Math.min(...cpus).toFixed(0)} ms CPU (all threads); runs: ${walls.map((w) => w.toFixed(0)).join(' ')} ms`);
  if (args.check) {
    let test: (entry: string) => boolean;
    if (args.regex) {
      const c = compileRegex(text!);
      if (!c.ok) throw new Error(c.error);
      test = (e) => c.re.test(e);
    } else {
      const needle = text!.toLowerCase();
      test = (e) => e.toLowerCase().includes(needle);
    }
    const expected = await countByReading(file!, test);
    console.log(`check: ${expected} entries match when the file is read line by line: ${expected === matched ? 'equal' : 'DIFFERENT'}`);
    if (expected !== matched) process.exit(1);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
