// The floor: the least any Node program must do to see every line of a file.
// One fs.readSync loop over 1 MiB chunks, counting '\n' with Buffer.indexOf.
//   node bench/floor.mjs FILE   -> prints {"lines":N,"bytes":N,"seconds":S,"maxRssMB":M}
import { openSync, readSync, closeSync } from 'node:fs';

const file = process.argv[2];
if (!file) { console.error('usage: node bench/floor.mjs FILE'); process.exit(2); }
const t0 = process.hrtime.bigint();
const fd = openSync(file, 'r');
const buf = Buffer.allocUnsafe(1 << 20);
let lines = 0, bytes = 0, n;
while ((n = readSync(fd, buf, 0, buf.length, null)) > 0) {
  bytes += n;
  const view = n === buf.length ? buf : buf.subarray(0, n);
  let i = -1;
  while ((i = view.indexOf(10, i + 1)) !== -1) lines++;
}
closeSync(fd);
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(JSON.stringify({ lines, bytes, seconds, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
