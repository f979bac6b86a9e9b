// `authlog logs ...`: the log viewer's numbers on the command line.
//   authlog logs summary FILE... [--json]
//   authlog logs grep FILE... [--kind k]... [--outcome o]... [--failures] [--user u] [--ip a] [--text t [--regex]] [--json]
// Runs on the viewer's own engine (LogSession: the indexer, its workers, the same classification
// and summary), so the CLI prints exactly the summary panel's numbers. `scanFiles` (a plain
// streaming reader over the same per-entry analysis) is kept as an independent cross-check.
// Log text is attacker-controlled: control characters are escaped before they reach a terminal.

import { parseArgs } from 'node:util';
import type { EntryKind, LogFilter, LogFormat, LogRow, LogSummary, Outcome } from '../../../shared/protocol';
import { analyseEntry } from '../logs/classify';
import { compileFilter } from '../logs/filter';
import { readEntries } from '../logs/simpleReader';
import { LogSession } from '../logs/session';
import { batchInProcessBelow, defaultPool, disposeDefaultPool } from '../logs/indexer';

export interface LogsIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const defaultIO: LogsIO = {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
};

export const logsUsage = `Usage:
  authlog logs summary <file...> [--json]
      Entries, lines, kinds, outcomes, methods, failure reasons, top failing users and IPs,
      first and last time: the numbers of the viewer's summary panel.
  authlog logs grep <file...> [--kind k]... [--outcome o]... [--failures] [--user u] [--ip a]
                              [--text t [--regex]] [--json]
      The entries that match, one per line (JSON lines with --json).
      kinds: audit diagnostics login apitoken other; outcomes: passed failed denied limited info

Exit codes: 0 done, 1 a file could not be read (the others are still reported), 2 usage error.`;

const KINDS: readonly EntryKind[] = ['audit', 'diagnostics', 'login', 'apitoken', 'other'];
const OUTCOMES: readonly Outcome[] = ['passed', 'failed', 'denied', 'limited', 'info'];

export interface FileResult {
  path: string;
  format: LogFormat;
  entries: number;
  /** Why the file could not be read completely. */
  error?: string;
}

/** Reads files and calls `onRow` for every entry; the per-file results say what was read. */
export async function scanFiles(
  paths: readonly string[],
  onRow: (row: LogRow, file: number, text: string, bytes: number) => void,
): Promise<FileResult[]> {
  const results: FileResult[] = [];
  let id = 0;
  for (let file = 0; file < paths.length; file++) {
    const path = paths[file]!;
    const res: FileResult = { path, format: 'unknown', entries: 0 };
    results.push(res);
    try {
      for await (const e of readEntries(path)) {
        res.format = e.format;
        res.entries++;
        const row: LogRow = { id: id++, file, line: e.line, lines: e.lines, ...analyseEntry(e.format, e.text) };
        onRow(row, file, e.text, e.bytes);
      }
    } catch (err) {
      res.error = describeError(err);
    }
  }
  return results;
}

function describeError(err: unknown): string {
  const e = err as { code?: string; message?: string };
  if (e && e.code === 'ENOENT') return 'no such file';
  if (e && e.code === 'EACCES') return 'permission denied';
  if (e && e.code === 'EISDIR') return 'is a directory';
  if (e && (e.code === 'Z_DATA_ERROR' || e.code === 'Z_BUF_ERROR')) return 'not a valid gzip file';
  return e && e.message ? e.message : String(err);
}

/** Escapes control characters (terminal escape sequences in attacker-written log text). */
export function safe(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export async function runLogsCommand(argv: string[], io: LogsIO = defaultIO): Promise<number> {
  const args = argv[0] === 'logs' ? argv.slice(1) : argv;
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    (sub === undefined ? io.stderr : io.stdout)(logsUsage + '\n');
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'summary' && sub !== 'grep') {
    io.stderr(`authlog logs: unknown subcommand "${safe(sub)}"\n\n${logsUsage}\n`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        kind: { type: 'string', multiple: true },
        outcome: { type: 'string', multiple: true },
        failures: { type: 'boolean' },
        user: { type: 'string' },
        ip: { type: 'string' },
        text: { type: 'string' },
        regex: { type: 'boolean' },
      },
    });
  } catch (e) {
    io.stderr(`authlog logs ${sub}: ${e instanceof Error ? e.message : String(e)}\n\n${logsUsage}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(logsUsage + '\n');
    return 0;
  }
  if (positionals.length === 0) {
    io.stderr(`authlog logs ${sub}: no log file given\n\n${logsUsage}\n`);
    return 2;
  }
  if (sub === 'summary') return summaryCommand(positionals, !!values.json, io);

  const filter: LogFilter = {};
  for (const k of values.kind ?? []) {
    if (!KINDS.includes(k as EntryKind)) {
      io.stderr(`authlog logs grep: unknown kind "${safe(k)}" (kinds: ${KINDS.join(' ')})\n`);
      return 2;
    }
    (filter.kinds ??= []).push(k as EntryKind);
  }
  for (const o of values.outcome ?? []) {
    if (!OUTCOMES.includes(o as Outcome)) {
      io.stderr(`authlog logs grep: unknown outcome "${safe(o)}" (outcomes: ${OUTCOMES.join(' ')})\n`);
      return 2;
    }
    (filter.outcomes ??= []).push(o as Outcome);
  }
  if (values.failures) filter.failuresOnly = true;
  if (values.user) filter.user = values.user;
  if (values.ip) filter.ip = values.ip;
  if (values.text) filter.text = values.text;
  if (values.regex) filter.regex = true;
  return grepCommand(positionals, filter, !!values.json, io);
}

/** Opens a session over the files, runs `work`, closes everything (worker threads included). */
async function withSession<T>(paths: string[], io: LogsIO, work: (s: LogSession) => Promise<T>): Promise<{ result: T; files: FileResult[] }> {
  // The CLI waits for whole indexes, not first rows: files up to ~128 MiB are scanned in-process
  // (faster end to end than starting worker threads for them), and bigger ones have no head range
  // scanned here while the workers boot.
  const session = await LogSession.open(paths, { inProcessBelow: batchInProcessBelow(defaultPool()), headRange: false });
  try {
    await session.ready;
    const result = await work(session);
    const files: FileResult[] = [];
    for (const f of session.files) {
      const r: FileResult = { path: f.path, format: f.format, entries: 0 };
      if (f.problem) {
        r.error = f.problem;
        io.stderr(`authlog logs: ${safe(f.problem)}\n`);
      } else if (paths.length === 1) r.entries = session.entries;
      else r.entries = (await session.summary({ files: [f.index] })).entries;
      files.push(r);
    }
    return { result, files };
  } finally {
    session.close();
    disposeDefaultPool();
  }
}

/** An unreadable file is reported; a file that reads as a log with a warning (binary...) is still summarised. */
function failedFiles(files: FileResult[]): boolean {
  return files.some((f) => f.error && f.entries === 0);
}

async function summaryCommand(paths: string[], json: boolean, io: LogsIO): Promise<number> {
  const { result: summary, files } = await withSession(paths, io, (s) => s.summary());
  if (json) io.stdout(JSON.stringify({ files, summary }, null, 2) + '\n');
  else io.stdout(formatSummary(summary, files));
  return failedFiles(files) ? 1 : 0;
}

function counts(rec: Record<string, number | undefined>): string {
  const parts = Object.entries(rec)
    .filter(([, n]) => n)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0) || (a[0] < b[0] ? -1 : 1))
    .map(([k, n]) => `${safe(k)} ${n}`);
  return parts.length ? parts.join(', ') : '-';
}

/** The summary as text, in the order of the viewer's summary panel. */
export function formatSummary(s: LogSummary, files: readonly FileResult[]): string {
  const out: string[] = [];
  out.push('Files:');
  for (const f of files) {
    const problem = f.error?.startsWith(f.path + ': ') ? f.error.slice(f.path.length + 2) : f.error;
    out.push(`  ${safe(f.path)}  (${f.format}, ${f.entries} entries${problem ? `; ${safe(problem)}` : ''})`);
  }
  out.push(`Entries: ${s.entries}`);
  out.push(`Lines: ${s.lines}`);
  out.push(`First: ${s.firstTime ? safe(s.firstTime) : '-'}`);
  out.push(`Last: ${s.lastTime ? safe(s.lastTime) : '-'}`);
  out.push(`By kind: ${counts(s.byKind)}`);
  out.push(`By outcome: ${counts(s.byOutcome)}`);
  out.push(`By level: ${counts(s.byLevel)}`);
  const methods = Object.entries(s.byMethod);
  out.push('By method:' + (methods.length ? '' : ' -'));
  for (const [m, c] of methods.sort((a, b) => b[1].passed + b[1].failed - (a[1].passed + a[1].failed))) {
    out.push(`  ${safe(m)}: passed ${c.passed}, failed ${c.failed}`);
  }
  const list = (title: string, items: [string, number][]): void => {
    out.push(title + (items.length ? '' : ' -'));
    for (const [k, n] of items) out.push(`  ${String(n).padStart(6)}  ${safe(k)}`);
  };
  list('Failure reasons:', s.failureReasons);
  list('Top failing users:', s.topFailingUsers);
  list('Top failing IPs:', s.topFailingIps);
  return out.join('\n') + '\n';
}

async function grepCommand(paths: string[], filter: LogFilter, json: boolean, io: LogsIO): Promise<number> {
  const compiled = compileFilter(filter);
  if (!compiled.ok) {
    io.stderr(`authlog logs grep: ${compiled.error}\n`);
    return 2;
  }
  const { result: matched, files } = await withSession(paths, io, async (s) => {
    let start = 0;
    for (;;) {
      const page = await s.page(filter, start, 2000, 1000);
      for (const row of page.rows) {
        const path = paths[row.file] ?? String(row.file);
        if (json) io.stdout(JSON.stringify({ path, ...row }) + '\n');
        else io.stdout(grepLine(path, row));
      }
      start += page.rows.length;
      if (page.rows.length === 0 && !page.indexing && start >= page.total) return start;
    }
  });
  if (!json) io.stderr(`${matched} matching entr${matched === 1 ? 'y' : 'ies'}\n`);
  return failedFiles(files) ? 1 : 0;
}

function grepLine(path: string, r: LogRow): string {
  const parts = [
    `${path}:${r.line}`,
    r.time ?? '-',
    r.kind,
    r.event ?? '-',
    r.outcome ?? '-',
    r.method ?? '-',
    r.subject ?? r.user ?? '-',
    r.ip ?? '-',
  ];
  const tail = r.reason ? `${r.message}  [reason: ${r.reason}]` : r.message;
  return safe(parts.join(' ') + ' ' + tail) + '\n';
}
