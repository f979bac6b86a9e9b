#!/usr/bin/env node
// Draws AuthLog's icon (images/icon.png, 128x128 PNG): a log page with an audit check mark.
// No image library: shapes are rasterised with 4x4 supersampling and written with zlib.
//   node scripts/gen-icon.mjs
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const N = 128;
const SS = 4;

/** Signed-distance-ish shape tests in icon coordinates (0..128). */
const roundedRect = (x0, y0, x1, y1, r) => (x, y) => {
  const cx = Math.max(x0 + r, Math.min(x, x1 - r));
  const cy = Math.max(y0 + r, Math.min(y, y1 - r));
  return x >= x0 && x <= x1 && y >= y0 && y <= y1 && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const segment = (ax, ay, bx, by, w) => (x, y) => {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return (x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2 <= (w / 2) ** 2;
};

// Layers, bottom to top: [shape, [r, g, b]]
const layers = [
  [roundedRect(4, 4, 124, 124, 22), [0x1f, 0x3b, 0x5c]],          // background
  [roundedRect(24, 18, 92, 110, 8), [0xf4, 0xf6, 0xf8]],         // page
  [roundedRect(34, 32, 82, 38, 3), [0x8a, 0x9b, 0xad]],          // log lines
  [roundedRect(34, 46, 76, 52, 3), [0x8a, 0x9b, 0xad]],
  [roundedRect(34, 60, 82, 66, 3), [0xd9, 0x4f, 0x4f]],          // the failed login, in red
  [roundedRect(34, 74, 70, 80, 3), [0x8a, 0x9b, 0xad]],
  [circle(90, 92, 24), [0x1f, 0x3b, 0x5c]],                      // badge ring
  [circle(90, 92, 20), [0x2e, 0xa0, 0x5a]],                      // badge
  [segment(80, 92, 87, 100, 6), [0xff, 0xff, 0xff]],             // check mark
  [segment(87, 100, 101, 84, 6), [0xff, 0xff, 0xff]],
];

const rgba = Buffer.alloc(N * N * 4);
for (let py = 0; py < N; py++) {
  for (let px = 0; px < N; px++) {
    let r = 0, g = 0, b = 0, a = 0;
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const x = px + (sx + 0.5) / SS, y = py + (sy + 0.5) / SS;
        let c = null;
        for (const [inside, color] of layers) if (inside(x, y)) c = color;
        if (c) { r += c[0]; g += c[1]; b += c[2]; a += 1; }
      }
    }
    const o = (py * N + px) * 4;
    if (a) { rgba[o] = Math.round(r / a); rgba[o + 1] = Math.round(g / a); rgba[o + 2] = Math.round(b / a); }
    rgba[o + 3] = Math.round((255 * a) / (SS * SS));
  }
}

function crc32(buf) {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
const raw = Buffer.alloc(N * (N * 4 + 1));
for (let y = 0; y < N; y++) rgba.copy(raw, y * (N * 4 + 1) + 1, y * N * 4, (y + 1) * N * 4);
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0); ihdr.writeUInt32BE(N, 4); ihdr[8] = 8; ihdr[9] = 6; // 8-bit RGBA
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
const out = join(root, 'images', 'icon.png');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, png);
console.log(`gen-icon: ${out} (${png.length} bytes)`);
