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

interface StubApi {
  postMessage(m: WebviewToHost): void;
  getState(): unknown;
  setState(s: unknown): void;
}
interface StubWindow {
  __SCENARIO__: Scenario;
  __sent: WebviewToHost[];
  __violations: string[];
  __state: unknown;
  __stub: { emit(m: HostToWebview): void; append(rows: LogRow[]): void };
  acquireVsCodeApi(): StubApi;
  postMessage(m: unknown, target: string): void;
}
interface ViolationEvent {
  violatedDirective: string;
  blockedURI: string;
}
interface StubDocument {
  addEventListener(type: 'securitypolicyviolation', f: (e: ViolationEvent) => void): void;
  documentElement: { style: { setProperty(name: string, value: string): void } };
}
declare const window: StubWindow;
declare const sessionStorage: { getItem(k: string): string | null; setItem(k: string, v: string): void };
declare const document: StubDocument;

const sc = window.__SCENARIO__;
const rows: LogRow[] = sc.rows ?? [];
window.__sent = [];
window.__violations = [];
// VS Code keeps a webview's state across reloads (the panel is not retained while hidden).
window.__state = JSON.parse(sessionStorage.getItem('vscode-state') ?? 'null') ?? undefined;
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
});

// VS Code injects the theme as --vscode-* custom properties on <html> (through the CSSOM, which the
// CSP allows); a dark theme's values, so screenshots look like the real panel.
const THEME: Record<string, string> = {
  foreground: '#cccccc', 'editor-background': '#1e1e1e', 'font-family': 'system-ui, sans-serif', 'font-size': '13px',
  'editor-font-family': 'monospace', 'editor-font-size': '13px', errorForeground: '#f48771', 'testing-iconPassed': '#73c991',
  'editorWarning-foreground': '#cca700', 'editorInfo-foreground': '#3794ff', descriptionForeground: '#a0a0a0',
  'panel-border': '#80808059', 'button-background': '#0e639c', 'button-foreground': '#ffffff', 'button-secondaryBackground': '#3a3d41',
  'button-secondaryForeground': '#ffffff', 'button-secondaryHoverBackground': '#45494e', 'input-background': '#3c3c3c', 'input-foreground': '#cccccc',
  'input-placeholderForeground': '#a6a6a6', focusBorder: '#007fd4', 'list-activeSelectionBackground': '#04395e', 'list-activeSelectionForeground': '#ffffff',
  'list-inactiveSelectionBackground': '#37373d', 'list-hoverBackground': '#2a2d2e', 'textCodeBlock-background': '#0a0a0a66',
  'debugTokenExpression-name': '#c586c0', 'debugTokenExpression-string': '#ce9178', 'debugTokenExpression-number': '#b5cea8',
  'debugTokenExpression-boolean': '#4e94ce', 'debugTokenExpression-value': '#cccccc99', 'progressBar-background': '#0e70c0',
  'badge-background': '#4d4d4d', 'badge-foreground': '#ffffff', 'sideBar-background': '#252526', 'editorWidget-background': '#252526',
  'inputValidation-errorBorder': '#be1100', 'inputValidation-errorBackground': '#5a1d1d', 'icon-foreground': '#c5c5c5', 'panelTitle-activeBorder': '#e7e7e7',
  'editorGroupHeader-tabsBackground': '#252526', disabledForeground: '#cccccc80',
};
for (const [k, v] of Object.entries(THEME)) document.documentElement.style.setProperty(`--vscode-${k}`, v);

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

window.acquireVsCodeApi = () => ({
  postMessage(m: WebviewToHost) {
    window.__sent.push(JSON.parse(JSON.stringify(m)) as WebviewToHost);
    // Answer asynchronously, as the real host does.
    setTimeout(() => handle(m), 0);
  },
  getState: () => window.__state,
  setState: (s: unknown) => {
    window.__state = s;
    sessionStorage.setItem('vscode-state', JSON.stringify(s));
  },
});
