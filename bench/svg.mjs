// A hand-written SVG line chart: throughput (MB/s, log scale) against file size (log scale).
// No library; every text is escaped.

const COLORS = {
  authlog: '#1f6feb',
  'authlog-cli': '#8ab4f8',
  lnav: '#d1242f',
  floor: '#1a7f37',
  wc: '#8c959f',
};
const DASH = { 'authlog-cli': '6 4', wc: '2 4' };

function esc(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

function niceSize(bytes) {
  const g = bytes / 1024 ** 3;
  if (g >= 0.95) return `${Math.abs(g - Math.round(g)) < 0.02 ? Math.round(g) : g.toFixed(1)} GiB`;
  if (bytes >= 1024 ** 2 * 0.95) return `${Math.round(bytes / 1024 ** 2)} MiB`;
  return `${Math.round(bytes / 1024)} KiB`;
}

/**
 * @param {{series: string, label: string, bytes: number, size: string, mbPerSec: number}[]} points
 * @param {{title?: string, width?: number, height?: number}} opts
 */
export function throughputSvg(points, opts = {}) {
  const W = opts.width ?? 866, H = opts.height ?? 440;
  const L = 96, R = 300, T = 50, B = 60;
  const pw = W - L - R, ph = H - T - B;
  const pts = points.filter((p) => Number.isFinite(p.mbPerSec) && p.mbPerSec > 0 && p.bytes > 0);
  const sizes = [...new Set(pts.map((p) => p.bytes))].sort((a, b) => a - b);
  const lx = (b) => Math.log10(b);
  let x0 = sizes.length ? lx(sizes[0]) : 7, x1 = sizes.length ? lx(sizes[sizes.length - 1]) : 9;
  if (x1 - x0 < 0.5) { x0 -= 0.5; x1 += 0.5; }
  const padX = (x1 - x0) * 0.08; x0 -= padX; x1 += padX;
  const vals = pts.map((p) => p.mbPerSec);
  let y0 = Math.floor(Math.log10(Math.min(...vals, 100)));
  let y1 = Math.ceil(Math.log10(Math.max(...vals, 1000)));
  if (y1 <= y0) y1 = y0 + 1;
  const X = (b) => L + ((lx(b) - x0) / (x1 - x0)) * pw;
  const Y = (v) => T + ph - ((Math.log10(v) - y0) / (y1 - y0)) * ph;

  const s = [];
  s.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">`);
  s.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  s.push(`<text x="${L}" y="24" font-size="15" font-weight="600" fill="#1f2328">${esc(opts.title ?? 'Throughput')}</text>`);
  // grid + y ticks (decades and 2x/5x)
  for (let d = y0; d <= y1; d++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** d;
      if (Math.log10(v) > y1 + 1e-9) continue;
      const y = Y(v);
      s.push(`<line x1="${L}" x2="${L + pw}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="${m === 1 ? '#d0d7de' : '#eef1f4'}"/>`);
      if (m === 1 || y1 - y0 <= 2) s.push(`<text x="${L - 8}" y="${(y + 4).toFixed(1)}" text-anchor="end" fill="#57606a">${v >= 1000 ? `${v / 1000} GB/s` : `${v} MB/s`}</text>`);
    }
  }
  // x ticks at the measured sizes
  for (const b of sizes) {
    const x = X(b);
    s.push(`<line x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="${T}" y2="${T + ph}" stroke="#eef1f4"/>`);
    s.push(`<text x="${x.toFixed(1)}" y="${T + ph + 18}" text-anchor="middle" fill="#57606a">${esc(niceSize(b))}</text>`);
  }
  s.push(`<rect x="${L}" y="${T}" width="${pw}" height="${ph}" fill="none" stroke="#8c959f"/>`);
  s.push(`<text x="${L + pw / 2}" y="${H - 16}" text-anchor="middle" fill="#1f2328">file size (log scale)</text>`);
  s.push(`<text transform="translate(16 ${T + ph / 2}) rotate(-90)" text-anchor="middle" fill="#1f2328">throughput, MB/s (log scale, higher is better)</text>`);

  // series
  const series = [...new Set(pts.map((p) => p.series))];
  let ly = T + 6;
  for (const name of series) {
    const ps = pts.filter((p) => p.series === name).sort((a, b) => a.bytes - b.bytes);
    const color = COLORS[name] ?? '#6e7781';
    const dash = DASH[name] ? ` stroke-dasharray="${DASH[name]}"` : '';
    if (ps.length > 1) s.push(`<polyline fill="none" stroke="${color}" stroke-width="2.5"${dash} points="${ps.map((p) => `${X(p.bytes).toFixed(1)},${Y(p.mbPerSec).toFixed(1)}`).join(' ')}"/>`);
    for (const p of ps) {
      s.push(`<circle cx="${X(p.bytes).toFixed(1)}" cy="${Y(p.mbPerSec).toFixed(1)}" r="4" fill="${color}"><title>${esc(`${p.label}, ${p.size}: ${Math.round(p.mbPerSec)} MB/s`)}</title></circle>`);
    }
    const last = ps[ps.length - 1];
    s.push(`<line x1="${L + pw + 16}" x2="${L + pw + 40}" y1="${ly + 10}" y2="${ly + 10}" stroke="${color}" stroke-width="2.5"${dash}/>`);
    s.push(`<text x="${L + pw + 46}" y="${ly + 14}" fill="#1f2328">${esc(ps[0].label)}</text>`);
    if (last) s.push(`<text x="${L + pw + 46}" y="${ly + 28}" fill="#57606a">${esc(`${Math.round(last.mbPerSec)} MB/s at ${niceSize(last.bytes)}`)}</text>`);
    ly += 40;
  }
  if (!series.length) s.push(`<text x="${L + pw / 2}" y="${T + ph / 2}" text-anchor="middle" fill="#57606a">no measurements</text>`);
  s.push('</svg>');
  return s.join('\n') + '\n';
}
