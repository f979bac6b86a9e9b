// The detail pane of one entry: fields, pretty JSON (diagnostics), `Key: Value` details, API token
// fields and the raw text. Everything from the log goes through textContent.
import type { LogEntryDetail, LogFileInfo } from '../../shared/protocol';
import { h, clear, num } from './dom';
import { tokenizeJson } from './json';

export interface DetailHost {
  copy(text: string): void;
  close(): void;
}

function table(label: string, rows: [string, string | undefined][], cls: string): HTMLElement | null {
  const present = rows.filter((r): r is [string, string] => r[1] !== undefined && r[1] !== '');
  if (!present.length) return null;
  return h(
    'table',
    { class: `kv ${cls}`, attrs: { 'aria-label': label } },
    h('thead', {}, h('tr', {}, h('th', { attrs: { scope: 'col' } }, 'Key'), h('th', { attrs: { scope: 'col' } }, 'Value'))),
    h('tbody', {}, ...present.map(([k, v]) => h('tr', {}, h('th', { attrs: { scope: 'row' } }, k), h('td', {}, v)))),
  );
}

export function prettyJson(text: string): HTMLElement {
  const pre = h('pre', { class: 'json', attrs: { 'aria-label': 'Entry JSON, pretty-printed' } });
  for (const t of tokenizeJson(text)) {
    if (t.cls === 'json-ws') pre.appendChild(document.createTextNode(t.text));
    else pre.appendChild(h('span', { class: t.cls }, t.text));
  }
  return pre;
}

export class DetailPane {
  readonly root: HTMLElement;
  private readonly body: HTMLElement;
  private readonly title: HTMLElement;
  private readonly copyBtn: HTMLButtonElement;
  private current: LogEntryDetail | undefined;
  shownId: number | undefined;

  constructor(private readonly host: DetailHost) {
    this.title = h('h2', { class: 'detail-title', id: 'detail-title' }, 'Entry');
    this.copyBtn = h('button', { class: 'btn', attrs: { type: 'button', 'aria-label': 'Copy the entry text to the clipboard' } }, 'Copy entry');
    const close = h('button', { class: 'btn icon', attrs: { type: 'button', 'aria-label': 'Close the entry details' }, title: 'Close (Escape)' }, '×');
    this.body = h('div', { class: 'detail-body' });
    this.root = h(
      'section',
      { class: 'detail', attrs: { 'aria-labelledby': 'detail-title', hidden: true, tabindex: -1 } },
      h('div', { class: 'detail-head' }, this.title, h('div', { class: 'spacer-flex' }), this.copyBtn, close),
      this.body,
    );
    this.copyBtn.addEventListener('click', () => {
      if (this.current) this.host.copy(this.current.raw);
    });
    close.addEventListener('click', () => this.host.close());
    this.root.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.host.close();
    });
  }

  get open(): boolean {
    return !this.root.hidden;
  }

  hide(): void {
    this.root.hidden = true;
    this.shownId = undefined;
    this.current = undefined;
  }

  loading(id: number): void {
    this.root.hidden = false;
    this.shownId = id;
    this.title.textContent = `Entry ${num(id + 1)}`;
    this.body.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
  }

  error(id: number, text: string): void {
    if (this.shownId !== id) return;
    this.body.replaceChildren(h('p', { class: 'error', role: 'alert' }, `Could not load the entry: ${text}`));
  }

  show(d: LogEntryDetail, files: LogFileInfo[]): void {
    this.root.hidden = false;
    this.current = d;
    this.shownId = d.id;
    const file = files[d.file];
    this.title.textContent = `Entry ${num(d.id + 1)}`;
    clear(this.body);
    const where = file ? `${file.label}:${d.line}${d.lines > 1 ? `–${d.line + d.lines - 1}` : ''}` : `line ${d.line}`;
    this.body.append(h('p', { class: 'where' }, where, file && file.path !== file.label ? h('span', { class: 'muted' }, ` (${file.path})`) : null));

    const fields = table(
      'Entry fields',
      [
        ['Time', d.time],
        ['Level', d.level],
        ['Kind', d.kind],
        ['Event', d.event],
        ['Outcome', d.outcome],
        ['Method', d.method],
        ['Subject', d.subject],
        ['Reason', d.reason],
        ['User', d.user],
        ['IP', d.ip],
        ['URL', d.url],
        ['Thread', d.thread],
        ['Request id', d.requestId],
        ['Session', d.session],
        ['Category', d.category],
        ['Logger', d.logger],
      ],
      'fields',
    );
    if (fields) this.body.append(h('h3', {}, 'Fields'), fields);

    if (d.token) {
      const t = table(
        'API token',
        [
          ['Token', d.token.description],
          ['Scope', d.token.scope],
          ['REST endpoint', d.token.endpoint],
          ['Created', d.token.created],
        ],
        'token',
      );
      if (t) this.body.append(h('h3', {}, 'API token'), t);
    }

    if (d.json) {
      this.body.append(h('h3', {}, 'JSON'));
      if (d.json.ok && d.json.pretty !== undefined) {
        this.body.append(prettyJson(d.json.pretty));
        if (d.json.trailing) this.body.append(h('p', { class: 'note' }, 'Text after the JSON: ', h('code', {}, d.json.trailing)));
      } else {
        this.body.append(
          h('p', { class: 'invalid-json', role: 'note' }, `Invalid JSON${d.json.error ? `: ${d.json.error}` : ''}. The raw text is shown below.`),
        );
      }
    }

    if (d.details?.length) {
      const t = table('Details', d.details.map(([k, v]) => [k, v]), 'details');
      if (t) this.body.append(h('h3', {}, 'Details'), t);
    }

    const rawHead = h('h3', {}, 'Raw text');
    const raw = h('pre', { class: `raw${d.json && !d.json.ok ? ' raw-invalid' : ''}`, attrs: { 'aria-label': 'Raw entry text' } }, d.raw);
    this.body.append(rawHead, raw);
    if (d.truncated) this.body.append(h('p', { class: 'note' }, 'The entry is longer than shown here; it was cut.'));
  }
}
