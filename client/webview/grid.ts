// A virtualized, keyboard-navigable table over millions of rows.
// Native scroll height tops out near 2^25 px, so the scrollbar is scaled: the spacer is at most
// MAX_PX tall and a scroll position maps linearly onto the virtual position (row * row height). The
// virtual position is the source of truth; the wheel and the keyboard move it in real pixels and
// the scrollbar follows, so a wheel tick always moves a few rows even with a 2,000,000-row total.
import type { LogRow } from '../../shared/protocol';
import { h, setAttrs } from './dom';

/** Row height when it cannot be measured; the real one follows the editor font size (main.css --row-h). */
export const ROW_H = 22;
const MAX_PX = 8_000_000;

export interface Column {
  id: string;
  label: string;
  value(r: LogRow): string;
}

export interface GridHost {
  row(index: number): LogRow | undefined;
  /** The rows [first, last] are on screen (or about to be): fetch what is missing. */
  need(first: number, last: number): void;
  selected(index: number): void;
  open(index: number): void;
  moved(): void;
}

const KINDS = new Set(['audit', 'diagnostics', 'login', 'apitoken', 'other']);
const OUTCOMES = new Set(['passed', 'failed', 'denied', 'limited', 'info']);
const LEVELS = new Set(['FATAL', 'ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE']);

export class Grid {
  readonly root: HTMLElement;
  private readonly headerRow: HTMLElement;
  private readonly viewport: HTMLElement;
  private readonly layer: HTMLElement;
  private readonly rowsEl: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly empty: HTMLElement;
  private pool: HTMLElement[] = [];
  private columns: Column[] = [];
  private count = 0;
  private top = 0;
  private viewH = 0;
  private lastScrollTop = -1;
  private rowH = ROW_H;
  private readonly probe: HTMLElement;
  private frame = 0;
  private emptyText = 'No entries.';
  selectedIndex = -1;

  constructor(private readonly host: GridHost, label: string) {
    this.headerRow = h('div', { class: 'row header', role: 'row', attrs: { 'aria-rowindex': 1 } });
    this.rowsEl = h('div', { class: 'rows', role: 'rowgroup' });
    this.empty = h('div', { class: 'empty', attrs: { 'aria-live': 'polite' } });
    this.probe = h('div', { class: 'row probe', attrs: { 'aria-hidden': 'true' } }, 'X');
    this.layer = h('div', { class: 'layer' }, this.rowsEl, this.empty, this.probe);
    this.spacer = h('div', { class: 'spacer', attrs: { 'aria-hidden': 'true' } });
    this.viewport = h('div', { class: 'viewport' }, this.layer, this.spacer);
    this.root = h(
      'div',
      { class: 'grid', role: 'grid', attrs: { tabindex: 0, 'aria-label': label, 'aria-rowcount': 1, 'aria-readonly': 'true', 'aria-multiselectable': 'false' } },
      h('div', { class: 'head', role: 'rowgroup' }, this.headerRow),
      this.viewport,
    );
    this.viewport.addEventListener('scroll', () => this.onScroll(), { passive: true });
    this.viewport.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    this.root.addEventListener('keydown', (e) => this.onKey(e));
    this.rowsEl.addEventListener('click', (e) => this.onClick(e));
    const ro = new ResizeObserver(() => this.measure());
    ro.observe(this.viewport);
    ro.observe(this.probe); // the editor font size changed

  }

  setColumns(cols: Column[], className: string): void {
    this.columns = cols;
    this.root.classList.remove('cols-single', 'cols-multi');
    this.root.classList.add(className);
    this.headerRow.replaceChildren(
      ...cols.map((c, i) => h('div', { class: `cell c-${c.id}`, role: 'columnheader', attrs: { 'aria-colindex': i + 1 } }, c.label)),
    );
    this.pool = [];
    this.rowsEl.replaceChildren();
    this.schedule();
  }

  /** Sets the number of rows; keeps the position (clamped). */
  setCount(n: number, emptyText?: string): void {
    if (emptyText !== undefined && emptyText !== this.emptyText) {
      this.emptyText = emptyText;
      this.schedule();
    }
    if (n === this.count) return;
    this.count = n;
    this.root.setAttribute('aria-rowcount', String(n + 1));
    if (this.selectedIndex >= n) this.selectedIndex = n - 1;
    this.layout();
    this.setTop(this.top);
  }

  get rowCount(): number {
    return this.count;
  }

  private metrics(): { spacerH: number; virtualRange: number; k: number } {
    const content = this.count * this.rowH;
    const spacerH = Math.min(content, MAX_PX);
    const scrollRange = Math.max(0, spacerH - this.viewH);
    const virtualRange = Math.max(0, content - this.viewH);
    return { spacerH, virtualRange, k: scrollRange > 0 ? virtualRange / scrollRange : 1 };
  }

  private layout(): void {
    const { spacerH } = this.metrics();
    this.layer.style.height = `${this.viewH}px`;
    this.spacer.style.height = `${Math.max(0, spacerH - this.viewH)}px`;
  }

  private measure(): void {
    const h2 = this.viewport.clientHeight;
    const rh = this.probe.getBoundingClientRect().height;
    const rowH = rh >= 8 && rh <= 200 ? rh : ROW_H;
    if (h2 === this.viewH && rowH === this.rowH) return;
    const firstRow = this.top / this.rowH;
    this.rowH = rowH;
    this.viewH = h2;
    this.top = firstRow * rowH;
    this.layout();
    this.setTop(this.top);
  }

  /** Rows that fit on screen. */
  get pageRows(): number {
    return Math.max(1, Math.floor(this.viewH / this.rowH));
  }

  get firstVisible(): number {
    return Math.floor(this.top / this.rowH);
  }

  atBottom(): boolean {
    return this.top >= this.metrics().virtualRange - 1;
  }

  setTop(v: number): void {
    const { virtualRange, k } = this.metrics();
    this.top = Math.max(0, Math.min(v, virtualRange));
    const st = this.top / k;
    if (Math.abs(this.viewport.scrollTop - st) >= 1) this.viewport.scrollTop = st;
    this.lastScrollTop = this.viewport.scrollTop;
    this.schedule();
  }

  /** Forgets the selection (the rows it pointed at are gone, e.g. after a filter change). */
  clearSelection(): void {
    this.selectedIndex = -1;
    this.schedule();
  }

  scrollToRow(i: number): void {
    this.setTop(i * this.rowH);
  }

  scrollToEnd(): void {
    this.setTop(Number.MAX_SAFE_INTEGER);
  }

  private onScroll(): void {
    const st = this.viewport.scrollTop;
    if (Math.abs(st - this.lastScrollTop) < 1) return;
    // The user dragged the scrollbar (or the browser scrolled natively): map back to rows.
    const { virtualRange, k } = this.metrics();
    this.lastScrollTop = st;
    this.top = Math.max(0, Math.min(st * k, virtualRange));
    this.schedule();
  }

  private onWheel(e: WheelEvent): void {
    if (this.metrics().k <= 1.0001) return; // unscaled: the browser's own scrolling is exact
    e.preventDefault();
    const unit = e.deltaMode === 1 ? this.rowH : e.deltaMode === 2 ? this.viewH : 1;
    this.setTop(this.top + e.deltaY * unit);
  }

  private onKey(e: KeyboardEvent): void {
    if (e.target !== this.root || e.altKey || e.ctrlKey || e.metaKey) return;
    let next = this.selectedIndex;
    const page = Math.max(1, this.pageRows - 1);
    switch (e.key) {
      case 'ArrowDown': next = next < 0 ? this.firstVisible : next + 1; break;
      case 'ArrowUp': next = next < 0 ? this.firstVisible : next - 1; break;
      case 'PageDown': next = (next < 0 ? this.firstVisible : next) + page; break;
      case 'PageUp': next = (next < 0 ? this.firstVisible : next) - page; break;
      case 'Home': next = 0; break;
      case 'End': next = this.count - 1; break;
      case 'Enter':
      case ' ':
        if (this.selectedIndex >= 0) this.host.open(this.selectedIndex);
        e.preventDefault();
        return;
      default:
        return;
    }
    e.preventDefault();
    if (this.count === 0) return;
    this.select(Math.max(0, Math.min(next, this.count - 1)), true);
  }

  private onClick(e: MouseEvent): void {
    const rowEl = (e.target as Element).closest('.row');
    const idx = rowEl ? Number((rowEl as HTMLElement).dataset['index']) : NaN;
    if (!Number.isInteger(idx) || idx < 0 || idx >= this.count) return;
    this.select(idx, false);
    this.root.focus({ preventScroll: true });
    this.host.open(idx);
  }

  select(i: number, reveal: boolean): void {
    this.selectedIndex = i;
    if (reveal) this.reveal(i);
    this.host.selected(i);
    this.schedule();
  }

  reveal(i: number): void {
    const y = i * this.rowH;
    if (y < this.top) this.setTop(y);
    else if (y + this.rowH > this.top + this.viewH) this.setTop(y + this.rowH - this.viewH);
  }

  /** Re-renders the visible rows (after data arrived). */
  refresh(): void {
    this.schedule();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private render(): void {
    const first = Math.floor(this.top / this.rowH);
    const offset = this.top - first * this.rowH;
    const visible = Math.max(0, Math.min(this.count - first, Math.ceil((this.viewH + offset) / this.rowH)));
    while (this.pool.length < visible) {
      const cells = this.columns.map((c, j) => h('div', { class: `cell c-${c.id}`, role: 'gridcell', attrs: { 'aria-colindex': j + 1 } }));
      const el = h('div', { class: 'row', role: 'row' }, ...cells);
      this.pool.push(el);
      this.rowsEl.appendChild(el);
    }
    while (this.pool.length > visible) this.pool.pop()?.remove();
    this.rowsEl.style.transform = `translateY(${-offset}px)`;
    let active: string | undefined;
    for (let j = 0; j < visible; j++) {
      const i = first + j;
      const el = this.pool[j]!;
      this.fill(el, i, this.host.row(i));
      if (i === this.selectedIndex) active = el.id;
    }
    setAttrs(this.root, { 'aria-activedescendant': active });
    this.empty.textContent = this.count === 0 ? this.emptyText : '';
    if (visible > 0) this.host.need(first, first + visible - 1);
    else this.host.need(0, -1);
    this.host.moved();
  }

  private fill(el: HTMLElement, i: number, r: LogRow | undefined): void {
    el.id = `row-${i}`;
    el.dataset['index'] = String(i);
    const sel = i === this.selectedIndex;
    const cls = ['row'];
    if (!r) cls.push('loading');
    else {
      if (KINDS.has(r.kind)) cls.push(`kind-${r.kind}`);
      if (r.outcome && OUTCOMES.has(r.outcome)) cls.push(`outcome-${r.outcome}`);
      const lv = r.level?.toUpperCase();
      if (lv && LEVELS.has(lv)) cls.push(`level-${lv.toLowerCase()}`);
    }
    if (sel) cls.push('selected');
    el.className = cls.join(' ');
    setAttrs(el, { 'aria-rowindex': i + 2, 'aria-selected': sel ? 'true' : 'false', 'aria-busy': r ? undefined : 'true' });
    const cells = el.children;
    for (let j = 0; j < this.columns.length; j++) {
      const cell = cells[j] as HTMLElement;
      const text = r ? this.columns[j]!.value(r) : this.columns[j]!.id === 'message' ? '…' : '';
      if (cell.textContent !== text) cell.textContent = text;
      if (this.columns[j]!.id === 'message') cell.title = r ? r.message : '';
    }
  }

  focus(): void {
    this.root.focus({ preventScroll: true });
  }
}
