// The Summary tab: what passed and failed, why, who and from where, and when (an SVG timeline
// built with createElementNS). All values are text nodes.
import type { LogSummary } from '../../shared/protocol';
import { h, svg, num, bytes } from './dom';

function countTable(label: string, head: string, rows: [string, number][], cls: string): HTMLElement {
  if (!rows.length) return h('p', { class: 'muted' }, 'None.');
  const max = rows.reduce((m, r) => Math.max(m, r[1]), 1);
  return h(
    'table',
    { class: `counts ${cls}`, attrs: { 'aria-label': label } },
    h('thead', {}, h('tr', {}, h('th', { attrs: { scope: 'col' } }, head), h('th', { attrs: { scope: 'col' } }, 'Count'), h('th', { attrs: { scope: 'col', 'aria-hidden': 'true' } }))),
    h(
      'tbody',
      {},
      ...rows.map(([k, n]) => {
        const bar = h('div', { class: 'bar failed' });
        bar.style.width = `${Math.max(1, Math.round((n / max) * 100))}%`;
        return h('tr', {}, h('td', { class: 'key' }, k), h('td', { class: 'n' }, num(n)), h('td', { class: 'barcell', attrs: { 'aria-hidden': 'true' } }, bar));
      }),
    ),
  );
}

function methodTable(s: LogSummary): HTMLElement {
  const rows = Object.entries(s.byMethod).sort((a, b) => b[1].failed + b[1].passed - (a[1].failed + a[1].passed));
  if (!rows.length) return h('p', { class: 'muted' }, 'No authentication events.');
  return h(
    'table',
    { class: 'counts methods', attrs: { 'aria-label': 'Passed and failed per authentication method' } },
    h(
      'thead',
      {},
      h('tr', {}, h('th', { attrs: { scope: 'col' } }, 'Method'), h('th', { attrs: { scope: 'col' } }, 'Passed'), h('th', { attrs: { scope: 'col' } }, 'Failed'), h('th', { attrs: { scope: 'col', 'aria-hidden': 'true' } })),
    ),
    h(
      'tbody',
      {},
      ...rows.map(([m, c]) => {
        const total = Math.max(1, c.passed + c.failed);
        const p = h('div', { class: 'bar passed' });
        const f = h('div', { class: 'bar failed' });
        p.style.width = `${(c.passed / total) * 100}%`;
        f.style.width = `${(c.failed / total) * 100}%`;
        return h('tr', {}, h('td', { class: 'key' }, m), h('td', { class: 'n passed' }, num(c.passed)), h('td', { class: 'n failed' }, num(c.failed)), h('td', { class: 'barcell', attrs: { 'aria-hidden': 'true' } }, h('div', { class: 'stack' }, p, f)));
      }),
    ),
  );
}

function fmtTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

function timeline(s: LogSummary): HTMLElement {
  const t = s.timeline;
  const n = Math.max(t.failed.length, t.passed.length);
  if (!n) return h('p', { class: 'muted' }, 'No timestamps.');
  let max = 1;
  for (const v of t.failed) if (v > max) max = v;
  for (const v of t.passed) if (v > max) max = v;
  const W = 600;
  const H = 120;
  const bw = W / n;
  const totalFailed = t.failed.reduce((a, b) => a + b, 0);
  const label = `Failures over time: ${num(totalFailed)} failures in ${n} buckets of ${Math.round(t.bucketMs / 60000)} minutes from ${fmtTime(t.start)}`;
  const chart = svg('svg', { class: 'timeline', viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': label }, svg('title', {}, label));
  for (let i = 0; i < n; i++) {
    const p = t.passed[i] ?? 0;
    const f = t.failed[i] ?? 0;
    const hp = (p / max) * (H - 2);
    const hf = (f / max) * (H - 2);
    if (p) chart.appendChild(svg('rect', { class: 'tl-passed', x: i * bw, y: H - hp, width: Math.max(0.5, bw * 0.45), height: hp }, svg('title', {}, `${fmtTime(t.start + i * t.bucketMs)}: ${num(p)} passed`)));
    if (f) chart.appendChild(svg('rect', { class: 'tl-failed', x: i * bw + bw * 0.5, y: H - hf, width: Math.max(0.5, bw * 0.45), height: hf }, svg('title', {}, `${fmtTime(t.start + i * t.bucketMs)}: ${num(f)} failed`)));
  }
  return h(
    'figure',
    { class: 'timeline-fig' },
    chart,
    h('figcaption', { class: 'muted' }, h('span', { class: 'legend passed' }, 'passed'), ' ', h('span', { class: 'legend failed' }, 'failed'), ` · ${fmtTime(t.start)} – ${fmtTime(t.start + n * t.bucketMs)}`),
  );
}

export function renderSummary(s: LogSummary, filtered: boolean): HTMLElement {
  const chips = (o: Record<string, number | undefined>, cls: string): HTMLElement =>
    h('p', { class: 'chips-static' }, ...Object.entries(o).filter((e): e is [string, number] => !!e[1]).map(([k, v]) => h('span', { class: `pill ${cls}-${k}` }, `${k}: ${num(v)}`)));
  return h(
    'div',
    { class: 'summary-body' },
    h(
      'p',
      { class: 'totals' },
      `${num(s.entries)} entries${filtered ? ' matching the filter' : ''} · ${num(s.lines)} lines · ${bytes(s.bytes)}`,
      s.firstTime ? ` · ${s.firstTime} – ${s.lastTime ?? ''}` : '',
    ),
    chips(s.byOutcome, 'outcome'),
    chips(s.byKind, 'kind'),
    chips(s.byLevel, 'level'),
    h('h3', {}, 'Per authentication method'),
    methodTable(s),
    h('h3', {}, 'Failures over time'),
    timeline(s),
    h('div', { class: 'cols3' },
      h('section', {}, h('h3', {}, 'Failure reasons'), countTable('Failure reasons', 'Reason', s.failureReasons, 'reasons')),
      h('section', {}, h('h3', {}, 'Top failing users'), countTable('Top failing users', 'User', s.topFailingUsers, 'users')),
      h('section', {}, h('h3', {}, 'Top failing IPs'), countTable('Top failing IP addresses', 'IP', s.topFailingIps, 'ips')),
    ),
  );
}
