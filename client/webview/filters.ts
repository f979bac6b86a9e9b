// The filter bar: text (substring or regex), user, IP, kind/outcome/level/file chips and the
// one-click "Failures only". Emits a LogFilter; an invalid regex shows a message and emits nothing.
import type { EntryKind, LogFileInfo, LogFilter, Outcome } from '../../shared/protocol';
import { h } from './dom';

export const KINDS: EntryKind[] = ['audit', 'diagnostics', 'login', 'apitoken', 'other'];
export const OUTCOMES: Outcome[] = ['passed', 'failed', 'denied', 'limited', 'info'];
export const LEVELS = ['FATAL', 'ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE'];
const KIND_LABEL: Record<EntryKind, string> = { audit: 'Audit', diagnostics: 'Diagnostics', login: 'Login', apitoken: 'API token', other: 'Other' };

/**
 * Checks a regular expression the way the server compiles it (server/src/logs/filter.ts: a bare
 * pattern, or `/pattern/flags`; g and y dropped); returns why it is invalid, or undefined.
 */
export function regexError(text: string): string | undefined {
  const slashed = /^\/(.*)\/([a-z]*)$/s.exec(text);
  const pattern = slashed ? slashed[1]! : text;
  const flags = slashed ? slashed[2]!.replace(/[gy]/g, '') : '';
  try {
    new RegExp(pattern, flags);
    return undefined;
  } catch (e) {
    return (e instanceof Error ? e.message : String(e)).replace(/^Invalid regular expression: /, '');
  }
}

type ChipGroup<T extends string | number> = { el: HTMLElement; set: Set<T>; buttons: Map<T, HTMLButtonElement> };

export class FilterBar {
  readonly root: HTMLElement;
  readonly text: HTMLInputElement;
  private readonly regex: HTMLInputElement;
  private readonly user: HTMLInputElement;
  private readonly ip: HTMLInputElement;
  private readonly failures: HTMLButtonElement;
  private readonly regexMsg: HTMLElement;
  private readonly kinds: ChipGroup<EntryKind>;
  private readonly outcomes: ChipGroup<Outcome>;
  private readonly levels: ChipGroup<string>;
  private files: ChipGroup<number>;
  private readonly filesSlot: HTMLElement;
  private timer = 0;

  constructor(private readonly onChange: (f: LogFilter) => void) {
    this.text = h('input', { class: 'input text', id: 'f-text', attrs: { type: 'search', placeholder: 'Filter text ( / )', 'aria-label': 'Filter by text', spellcheck: 'false' } });
    this.regex = h('input', { id: 'f-regex', attrs: { type: 'checkbox', 'aria-label': 'Use a regular expression for the text filter' } });
    this.user = h('input', { class: 'input', id: 'f-user', attrs: { type: 'search', placeholder: 'User', 'aria-label': 'Filter by user', spellcheck: 'false' } });
    this.ip = h('input', { class: 'input', id: 'f-ip', attrs: { type: 'search', placeholder: 'IP', 'aria-label': 'Filter by IP address', spellcheck: 'false' } });
    this.failures = h('button', { class: 'btn chip failures', attrs: { type: 'button', 'aria-pressed': 'false', 'aria-label': 'Failures only: failed, denied or rate-limited' } }, 'Failures only');
    const clearBtn = h('button', { class: 'btn', attrs: { type: 'button', 'aria-label': 'Clear all filters' } }, 'Clear');
    this.regexMsg = h('span', { class: 'regex-error', id: 'f-regex-error', role: 'alert', attrs: { 'aria-live': 'assertive' } });
    this.text.setAttribute('aria-describedby', 'f-regex-error');
    this.kinds = this.chips('Kind', KINDS, (k) => KIND_LABEL[k]);
    this.outcomes = this.chips('Outcome', OUTCOMES, (o) => o[0]!.toUpperCase() + o.slice(1), 'outcome');
    this.levels = this.chips('Level', LEVELS, (l) => l);
    this.files = this.chips<number>('File', [], String);
    this.filesSlot = h('span', { class: 'files-slot' });

    this.root = h(
      'div',
      { class: 'filters', role: 'search', attrs: { 'aria-label': 'Filters' } },
      h(
        'div',
        { class: 'filter-line' },
        this.text,
        h('label', { class: 'check', attrs: { for: 'f-regex' } }, this.regex, ' .* Regex'),
        this.user,
        this.ip,
        this.failures,
        clearBtn,
        this.regexMsg,
      ),
      h('div', { class: 'filter-line chips-line' }, this.kinds.el, this.outcomes.el, this.levels.el, this.filesSlot),
    );

    for (const inp of [this.text, this.user, this.ip]) inp.addEventListener('input', () => this.changed(true));
    this.regex.addEventListener('change', () => this.changed(false));
    this.failures.addEventListener('click', () => {
      this.failures.setAttribute('aria-pressed', this.failures.getAttribute('aria-pressed') === 'true' ? 'false' : 'true');
      this.changed(false);
    });
    clearBtn.addEventListener('click', () => this.set({}));
    this.text.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') this.changed(false);
    });
  }

  private chips<T extends string | number>(label: string, values: T[], name: (v: T) => string, cls = ''): ChipGroup<T> {
    const g: ChipGroup<T> = { el: h('span', { class: 'chips', role: 'group', attrs: { 'aria-label': `${label} filter` } }, h('span', { class: 'chips-label', attrs: { 'aria-hidden': 'true' } }, `${label}:`)), set: new Set(), buttons: new Map() };
    for (const v of values) this.addChip(g, v, name(v), label, cls);
    return g;
  }

  private addChip<T extends string | number>(g: ChipGroup<T>, v: T, text: string, group: string, cls: string): void {
    const b = h('button', { class: `btn chip${cls ? ` ${cls}-${v}` : ''}`, attrs: { type: 'button', 'aria-pressed': 'false', 'aria-label': `${group}: ${text}`, 'data-value': String(v) } }, text);
    b.addEventListener('click', () => {
      if (g.set.has(v)) g.set.delete(v);
      else g.set.add(v);
      b.setAttribute('aria-pressed', String(g.set.has(v)));
      this.changed(false);
    });
    g.buttons.set(v, b);
    g.el.appendChild(b);
  }

  setFiles(files: LogFileInfo[]): void {
    this.files = this.chips<number>('File', [], String);
    if (files.length > 1) for (const f of files) this.addChip(this.files, f.index, f.label, 'File', '');
    this.filesSlot.replaceChildren(...(files.length > 1 ? [this.files.el] : []));
  }

  private changed(debounce: boolean): void {
    clearTimeout(this.timer);
    if (debounce) this.timer = window.setTimeout(() => this.emit(), 250);
    else this.emit();
  }

  private emit(): void {
    const f = this.value();
    const err = f.regex && f.text ? regexError(f.text) : undefined;
    this.regexMsg.textContent = err ? `Invalid regular expression: ${err}` : '';
    this.text.setAttribute('aria-invalid', err ? 'true' : 'false');
    if (err) return;
    this.onChange(f);
  }

  value(): LogFilter {
    const f: LogFilter = {};
    if (this.kinds.set.size) f.kinds = [...this.kinds.set];
    if (this.outcomes.set.size) f.outcomes = [...this.outcomes.set];
    if (this.levels.set.size) f.levels = [...this.levels.set];
    if (this.files.set.size) f.files = [...this.files.set];
    const user = this.user.value.trim();
    const ip = this.ip.value.trim();
    if (user) f.user = user;
    if (ip) f.ip = ip;
    if (this.text.value) {
      f.text = this.text.value;
      if (this.regex.checked) f.regex = true;
    }
    if (this.failures.getAttribute('aria-pressed') === 'true') f.failuresOnly = true;
    return f;
  }

  /** Restores a filter (saved state) and emits it. */
  set(f: LogFilter, emit = true): void {
    this.text.value = f.text ?? '';
    this.regex.checked = !!f.regex;
    this.user.value = f.user ?? '';
    this.ip.value = f.ip ?? '';
    this.failures.setAttribute('aria-pressed', String(!!f.failuresOnly));
    const apply = <T extends string | number>(g: ChipGroup<T>, vals: T[] | undefined): void => {
      g.set = new Set((vals ?? []).filter((v) => g.buttons.has(v)));
      for (const [v, b] of g.buttons) b.setAttribute('aria-pressed', String(g.set.has(v)));
    };
    apply(this.kinds, f.kinds);
    apply(this.outcomes, f.outcomes);
    apply(this.levels, f.levels);
    apply(this.files, f.files);
    if (emit) this.changed(false);
  }
}
