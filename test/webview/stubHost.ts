// Runs IN THE BROWSER before dist/webview.js (bundled by the harness with esbuild, served as a
// nonce'd script): a stand-in for the extension host. It provides `acquireVsCodeApi`, records every
// message the webview sends (window.__sent) and answers the typed requests of shared/protocol.ts
// from the scenario's in-memory rows (or generated rows for huge totals).
// DOM types are declared locally: the root tsconfig that checks test/ has no DOM library.
import type {
  HostToWebview,
  LogEntryDetail,
  LogFileInfo,
  LogFilter,
  LogRow,
  LogSummary,
  PageResult,
  WebviewToHost,
} from '../../shared/protocol';
import { installPage, type PageWindow } from './pageCommon';

export interface Scenario {
  files: LogFileInfo[];
  /** Explicit rows (filters apply). */
  rows?: LogRow[];
  /** Generated rows `0..synthetic-1` (filters ignored): for totals in the millions. */
  synthetic?: number;
  /** Extra detail fields per entry id (raw text, json, details, token). */
  details?: Record<string, Partial<LogEntryDetail>>;
  summary?: LogSummary;
  follow?: boolean;
}

interface StubWindow extends PageWindow {
  __SCENARIO__: Scenario;
  __stub: { emit(m: HostToWebview): void; append(rows: LogRow[]): void };
}
declare const window: StubWindow;

const sc = window.__SCENARIO__;
const rows: LogRow[] = sc.rows ?? [];

function synthetic(i: number): LogRow {
  const audit = i % 7 === 0;
  const sec = 1_600_000_000 + i;
  return {
    id: i,
    file: 0,
    line: i + 1,
    lines: 1,
    time: new Date(sec * 1000).toISOString().replace('T', ' ').replace('Z', ''),
    ts: sec * 1000,
    level: i % 10 === 0 ? 'WARN' : 'INFO',
    user: `user${i % 50}`,
    ip: `10.0.${(i >> 8) & 255}.${i & 255}`,
    kind: audit ? 'audit' : 'other',
    outcome: audit ? (i % 14 === 0 ? 'failed' : 'passed') : undefined,
    message: `Entry number ${i}`,
  };
}

function matches(r: LogRow, f: LogFilter): boolean {
  if (f.kinds?.length && !f.kinds.includes(r.kind)) return false;
  if (f.outcomes?.length && (!r.outcome || !f.outcomes.includes(r.outcome))) return false;
  if (f.failuresOnly && !['failed', 'denied', 'limited'].includes(r.outcome ?? '')) return false;
  if (f.levels?.length && !f.levels.includes((r.level ?? '').toUpperCase())) return false;
  if (f.user && !`${r.user ?? ''}\n${r.subject ?? ''}`.toLowerCase().includes(f.user.toLowerCase())) return false;
  if (f.ip && !(r.ip ?? '').includes(f.ip)) return false;
  if (f.files?.length && !f.files.includes(r.file)) return false;
  if (f.text) {
    if (f.regex) {
      const slashed = /^\/(.*)\/([a-z]*)$/s.exec(f.text);
      const re = slashed ? new RegExp(slashed[1]!, slashed[2]!.replace(/[gy]/g, '')) : new RegExp(f.text);
      if (!re.test(r.message)) return false;
    } else if (!r.message.toLowerCase().includes(f.text.toLowerCase())) return false;
  }
  return true;
}

function page(filter: LogFilter, start: number, count: number): PageResult {
  if (sc.synthetic !== undefined) {
    const total = sc.synthetic;
    const out: LogRow[] = [];
    for (let i = start; i < Math.min(total, start + count); i++) out.push(synthetic(i));
    return { rows: out, total, entries: total, indexing: false };
  }
  const hits = rows.filter((r) => matches(r, filter));
  return { rows: hits.slice(start, start + count), total: hits.length, entries: rows.length, indexing: false };
}

function entry(id: number): LogEntryDetail {
  const r = sc.synthetic !== undefined ? synthetic(id) : rows.find((x) => x.id === id);
  if (!r) throw new Error(`no entry ${id}`);
  return { ...r, raw: r.message, truncated: false, ...(sc.details?.[String(id)] ?? {}) };
}

function summary(): LogSummary {
  if (sc.summary) return sc.summary;
  return {
    entries: rows.length,
    lines: rows.length,
    bytes: 0,
    byKind: {},
    byOutcome: {},
    byLevel: {},
    byMethod: {},
    failureReasons: [],
    topFailingUsers: [],
    topFailingIps: [],
    timeline: { start: 0, bucketMs: 60_000, failed: [], passed: [] },
  };
}

function emit(m: HostToWebview): void {
  window.postMessage(m, '*');
}

function handle(m: WebviewToHost): void {
  switch (m.type) {
    case 'ready':
      emit({ type: 'init', sessionId: 'stub-session', files: sc.files, follow: !!sc.follow });
      return;
    case 'page':
    case 'entry':
    case 'summary':
      try {
        const result = m.type === 'page' ? page(m.filter, m.start, m.count) : m.type === 'entry' ? entry(m.id) : summary();
        emit({ type: 'reply', reqId: m.reqId, ok: true, result });
      } catch (e) {
        emit({ type: 'reply', reqId: m.reqId, ok: false, error: e instanceof Error ? e.message : String(e) });
      }
      return;
    default:
      return; // export, copy, follow, openFiles: recorded only
  }
}

window.__stub = {
  emit,
  append(more: LogRow[]) {
    rows.push(...more);
    emit({ type: 'changed', change: { sessionId: 'stub-session', entries: rows.length, reason: 'appended' } });
  },
};

installPage((m) => {
  // Answer asynchronously, as the real host does.
  setTimeout(() => handle(m), 0);
});
