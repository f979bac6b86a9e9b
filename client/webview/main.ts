// The AuthLog Viewer webview: a virtualized table over a log session held by the language server.
// It asks the extension host for pages of ~200 rows around the viewport (typed messages from
// shared/protocol.ts), keeps an LRU of pages, and re-asks when the session changes. DOM only: it
// never imports `vscode`; log text is only ever placed with textContent.
import type { ChangedParams, HostToWebview, IndexProgress, LogEntryDetail, LogFileInfo, LogFilter, LogRow, LogSummary, PageResult } from '../../shared/protocol';
import { Host, isHostMessage } from './api';
import { DetailPane } from './detail';
import { h, num } from './dom';
import { FilterBar } from './filters';
import { Grid, type Column } from './grid';
import { PAGE_SIZE, PageCache } from './pages';
import { renderSummary } from './summary';

type Tab = 'entries' | 'summary';
interface SavedState {
  sessionId?: string;
  /** The session's files: what a merged panel reopens after a reload (client/src/viewer/index.ts). */
  paths?: string[];
  filter?: LogFilter;
  row?: number;
  selected?: number;
  tab?: Tab;
  detail?: number;
}

const host = new Host();
const saved: SavedState = (host.api.getState() as SavedState | undefined) ?? {};
const cache = new PageCache();

let files: LogFileInfo[] = [];
let sessionId: string | undefined;
let filter: LogFilter = saved.filter ?? {};
let follow = false;
let tab: Tab = saved.tab === 'summary' ? 'summary' : 'entries';
let total = 0;
let entries = 0;
let indexing = false;
let known = false;
let restoreRow: number | undefined = saved.row;
let pendingOpen: number | undefined;
let stick = false;
/** Follow was on when the panel opened: show the end once the first page arrives. */
let endOnLoad = false;
let detailSeq = 0;

// ------------------------------------------------------------------------------------------ DOM
const app = document.getElementById('app') ?? document.body.appendChild(h('div', { id: 'app', class: 'app' }));

const countsEl = h('span', { class: 'counts-text', id: 'counts', role: 'status', attrs: { 'aria-live': 'polite' } }, 'Opening…');
const progressFill = h('div', { class: 'progress-fill' });
const progress = h('div', { class: 'progress', role: 'progressbar', attrs: { 'aria-label': 'Indexing progress', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': 0, hidden: true } }, progressFill);
const followBtn = h('button', { class: 'btn toggle', id: 'follow', attrs: { type: 'button', 'aria-pressed': 'false', 'aria-label': 'Follow: keep showing new entries at the end' }, title: 'Follow the file as it grows' }, 'Follow');
const csvBtn = h('button', { class: 'btn', attrs: { type: 'button', 'aria-label': 'Export the filtered entries as CSV' } }, 'Export CSV');
const jsonlBtn = h('button', { class: 'btn', attrs: { type: 'button', 'aria-label': 'Export the filtered entries as JSON lines' } }, 'Export JSON lines');
const openBtn = h('button', { class: 'btn', attrs: { type: 'button', 'aria-label': 'Open more log files in a new viewer' } }, 'Open files…');
const tabEntries = h('button', { class: 'tab', id: 'tab-entries', role: 'tab', attrs: { type: 'button', 'aria-controls': 'panel-entries', 'aria-selected': 'true' } }, 'Entries');
const tabSummary = h('button', { class: 'tab', id: 'tab-summary', role: 'tab', attrs: { type: 'button', 'aria-controls': 'panel-summary', 'aria-selected': 'false', tabindex: -1 } }, 'Summary');
const messages = h('div', { class: 'messages', attrs: { 'aria-live': 'polite' } });

const filters = new FilterBar((f) => {
  filter = f;
  // Another set of rows: start at the top (or stay at the end when following).
  grid.clearSelection();
  if (follow) endOnLoad = true;
  else grid.scrollToRow(0);
  save();
  reload();
  if (tab === 'summary') void loadSummary();
});

const columns = (multi: boolean): Column[] => {
  const cols: Column[] = [
    { id: 'time', label: 'Time', value: (r) => r.time ?? '' },
    { id: 'level', label: 'Level', value: (r) => r.level ?? '' },
    { id: 'user', label: 'User', value: (r) => r.subject ?? r.user ?? '' },
    { id: 'ip', label: 'IP', value: (r) => r.ip ?? '' },
    { id: 'kind', label: 'Kind', value: (r) => (r.outcome && r.outcome !== 'info' ? `${r.kind} · ${r.outcome}` : r.kind) },
  ];
  if (multi) cols.push({ id: 'file', label: 'Node / file', value: (r: LogRow) => files[r.file]?.label ?? String(r.file) });
  cols.push({ id: 'message', label: 'Message', value: (r) => r.message });
  return cols;
};

const grid = new Grid(
  {
    row: (i) => cache.row(i),
    need: (first, last) => {
      if (last < first) return;
      const lo = Math.max(0, first - PAGE_SIZE / 2);
      const hi = Math.min(total - 1, last + PAGE_SIZE / 2);
      for (const p of cache.wanted(lo, hi)) void requestPage(p);
    },
    selected: (i) => {
      save();
      if (detail.open) openDetail(i);
    },
    open: (i) => openDetail(i),
    moved: () => save(),
  },
  'Log entries',
);

const detail = new DetailPane({
  copy: (text) => host.post({ type: 'copy', text }),
  close: () => {
    detail.hide();
    save();
    grid.focus();
  },
});

const summaryBody = h('div', { class: 'summary-content', attrs: { 'aria-live': 'polite' } });
const panelEntries = h('div', { class: 'panel entries', id: 'panel-entries', role: 'tabpanel', attrs: { 'aria-labelledby': 'tab-entries' } }, h('div', { class: 'split' }, grid.root, detail.root));
const panelSummary = h('div', { class: 'panel summary', id: 'panel-summary', role: 'tabpanel', attrs: { 'aria-labelledby': 'tab-summary', hidden: true, tabindex: 0 } }, summaryBody);

app.replaceChildren(
  h(
    'header',
    { class: 'toolbar' },
    h('div', { class: 'tabs', role: 'tablist', attrs: { 'aria-label': 'Views' } }, tabEntries, tabSummary),
    countsEl,
    h('div', { class: 'spacer-flex' }),
    followBtn,
    csvBtn,
    jsonlBtn,
    openBtn,
  ),
  progress,
  messages,
  filters.root,
  panelEntries,
  panelSummary,
);
app.removeAttribute('aria-busy');

// ------------------------------------------------------------------------------------------ data
async function requestPage(p: number): Promise<void> {
  const gen = cache.begin(p);
  const f = filter;
  try {
    const r = await host.page(f, p * PAGE_SIZE, PAGE_SIZE);
    if (!cache.put(p, gen, r.rows)) return;
    applyTotals(r);
    if (pendingOpen !== undefined && cache.row(pendingOpen)) {
      const i = pendingOpen;
      pendingOpen = undefined;
      openDetail(i);
    }
    grid.refresh();
  } catch (e) {
    cache.failed(p, gen);
    if (gen === cache.gen) showMessage('error', `Could not load entries: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function applyTotals(r: PageResult): void {
  total = r.total;
  entries = r.entries;
  indexing = r.indexing;
  known = true;
  grid.setCount(total, filterActive() ? 'No entries match the filter.' : indexing ? 'Indexing…' : 'No entries.');
  if (restoreRow !== undefined && total > 0) {
    grid.scrollToRow(Math.min(restoreRow, total - 1));
    if (saved.selected !== undefined && saved.selected < total) grid.select(saved.selected, false);
    restoreRow = undefined;
  }
  if (stick || (endOnLoad && total > 0)) {
    endOnLoad = false;
    grid.scrollToEnd();
  }
  updateCounts();
}

function filterActive(): boolean {
  return Object.keys(filter).length > 0;
}

function updateCounts(): void {
  if (!known) return;
  const what = filterActive() ? `${num(total)} of ${num(entries)} entries` : `${num(entries)} entries`;
  countsEl.textContent = indexing ? `${what} (indexing…)` : what;
}

/** Loads the pages on screen in the current generation. */
function kick(): Promise<void> {
  // After a reload, ask first for where the user was (restored once the total is known).
  const first = restoreRow ?? grid.firstVisible;
  const pages = cache.wanted(first, first + grid.pageRows);
  grid.refresh();
  return Promise.all(pages.map(requestPage)).then(() => undefined);
}

function reload(): void {
  cache.invalidate(true);
  known = false;
  void kick();
}

let refreshing = false;
let dirty = false;
/** The session changed (indexing went on, follow appended, a file rotated): fetch the visible pages again. */
function onChanged(change?: ChangedParams): void {
  if (change?.reason === 'truncated' || change?.reason === 'rotated') showMessage('info', change.reason === 'rotated' ? 'A log file was rotated; entries reloaded.' : 'A log file shrank; entries reloaded.');
  if (refreshing) {
    dirty = true;
    return;
  }
  refreshing = true;
  stick = follow && grid.atBottom() && grid.rowCount > 0;
  cache.invalidate(false);
  void kick().finally(() => {
    refreshing = false;
    stick = false;
    if (tab === 'summary') void loadSummary();
    if (dirty) {
      dirty = false;
      onChanged();
    }
  });
}

function openDetail(i: number): void {
  const r = cache.row(i);
  if (!r) {
    pendingOpen = i;
    return;
  }
  const seq = ++detailSeq;
  detail.loading(r.id);
  save();
  host.entry(r.id).then(
    (d: LogEntryDetail | null) => {
      if (seq !== detailSeq || detail.shownId !== r.id) return;
      // The server answers null for an entry that is gone (the file was truncated or rotated).
      if (d) detail.show(d, files);
      else detail.error(r.id, 'the entry is no longer in the file.');
    },
    (e: unknown) => detail.error(r.id, e instanceof Error ? e.message : String(e)),
  );
}

let summarySeq = 0;
async function loadSummary(): Promise<void> {
  const seq = ++summarySeq;
  if (!summaryBody.firstChild) summaryBody.replaceChildren(h('p', { class: 'muted' }, 'Loading the summary…'));
  try {
    const s: LogSummary = await host.summary(filterActive() ? filter : undefined);
    if (seq !== summarySeq) return;
    summaryBody.replaceChildren(renderSummary(s, filterActive()));
  } catch (e) {
    if (seq !== summarySeq) return;
    summaryBody.replaceChildren(h('p', { class: 'error', role: 'alert' }, `Could not compute the summary: ${e instanceof Error ? e.message : String(e)}`));
  }
}

// ------------------------------------------------------------------------------------------ UI
function showMessage(severity: 'info' | 'warning' | 'error', text: string): void {
  const close = h('button', { class: 'btn icon', attrs: { type: 'button', 'aria-label': 'Dismiss this message' } }, '×');
  const el = h('div', { class: `message ${severity}`, role: severity === 'error' ? 'alert' : 'status' }, h('span', { class: 'message-text' }, text), close);
  close.addEventListener('click', () => el.remove());
  messages.appendChild(el);
  while (messages.children.length > 5) messages.firstElementChild?.remove();
}

function setProgress(p: IndexProgress): void {
  const pct = p.bytesTotal > 0 ? Math.min(100, Math.round((p.bytesDone / p.bytesTotal) * 100)) : 0;
  progress.hidden = p.done;
  progress.setAttribute('aria-valuenow', String(pct));
  progress.setAttribute('aria-valuetext', `${pct}% indexed, ${num(p.entries)} entries`);
  progressFill.style.width = `${pct}%`;
  if (p.done) {
    indexing = false;
    onChanged();
  } else {
    indexing = true;
    if (!known) countsEl.textContent = `Indexing… ${pct}% (${num(p.entries)} entries)`;
    // New entries were indexed: show them (coalesced with any refresh in flight).
    if (p.entries !== entries) onChanged();
  }
}

function setTab(t: Tab): void {
  tab = t;
  const s = t === 'summary';
  tabEntries.setAttribute('aria-selected', String(!s));
  tabSummary.setAttribute('aria-selected', String(s));
  tabEntries.tabIndex = s ? -1 : 0;
  tabSummary.tabIndex = s ? 0 : -1;
  panelEntries.hidden = s;
  panelSummary.hidden = !s;
  save();
  if (s && sessionId) void loadSummary();
}

function setFollow(on: boolean, tell: boolean): void {
  follow = on;
  followBtn.setAttribute('aria-pressed', String(on));
  if (tell) host.post({ type: 'follow', on });
  if (on) grid.scrollToEnd();
}

function save(): void {
  const s: SavedState = { sessionId, paths: files.map((f) => f.path), filter, row: grid.firstVisible, selected: grid.selectedIndex >= 0 ? grid.selectedIndex : undefined, tab, detail: detail.shownId };
  host.api.setState(s);
}

tabEntries.addEventListener('click', () => setTab('entries'));
tabSummary.addEventListener('click', () => setTab('summary'));
for (const t of [tabEntries, tabSummary])
  t.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      const next = tab === 'entries' ? 'summary' : 'entries';
      setTab(next);
      (next === 'entries' ? tabEntries : tabSummary).focus();
      e.preventDefault();
    }
  });
followBtn.addEventListener('click', () => setFollow(!follow, true));
csvBtn.addEventListener('click', () => host.post({ type: 'export', filter, format: 'csv' }));
jsonlBtn.addEventListener('click', () => host.post({ type: 'export', filter, format: 'jsonl' }));
openBtn.addEventListener('click', () => host.post({ type: 'openFiles' }));

document.addEventListener('keydown', (e) => {
  const t = e.target as HTMLElement | null;
  const typing = !!t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable);
  if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
    e.preventDefault();
    if (tab !== 'entries') setTab('entries');
    filters.text.focus();
    filters.text.select();
  } else if (e.key === 'Escape' && detail.open && !typing) {
    detail.hide();
    save();
    grid.focus();
  }
});

window.addEventListener('message', (e: MessageEvent) => {
  const m: unknown = e.data;
  if (!isHostMessage(m)) return;
  onHost(m);
});

function onHost(m: HostToWebview): void {
  if (host.settle(m)) return;
  switch (m.type) {
    case 'init': {
      const sameSession = saved.sessionId === m.sessionId;
      sessionId = m.sessionId;
      files = m.files;
      grid.setColumns(columns(files.length > 1), files.length > 1 ? 'cols-multi' : 'cols-single');
      filters.setFiles(files);
      setFollow(m.follow, false);
      if (!sameSession || m.follow) restoreRow = undefined;
      endOnLoad = m.follow;
      filters.set(filter, false);
      setTab(tab);
      reload();
      if (sameSession && saved.detail !== undefined) {
        const id = saved.detail;
        const seq = ++detailSeq;
        detail.loading(id);
        host.entry(id).then(
          (d: LogEntryDetail | null) => {
            if (seq !== detailSeq) return;
            if (d) detail.show(d, files);
            else detail.hide();
          },
          () => detail.hide(),
        );
      }
      save();
      return;
    }
    case 'progress':
      setProgress(m.progress);
      return;
    case 'changed':
      onChanged(m.change);
      return;
    case 'message':
      showMessage(m.severity, m.text);
      return;
  }
}

host.post({ type: 'ready' });
