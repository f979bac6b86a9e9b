// Text helpers shared by the scanners (scan.ts, scanWasm.ts) and their callers.

const decoder = new TextDecoder('utf-8', { fatal: false });

/**
 * Node's native UTF-8 slice (`Buffer.prototype.utf8Slice`), which takes any Uint8Array view (the
 * WebAssembly scanner's memory, a Buffer): the same conversion TextDecoder's UTF-8 path ends in
 * (Node's StringBytes::Encode: invalid bytes become U+FFFD alike), without TextDecoder's argument
 * and option handling around it (~100-150 ns a call; the indexer decodes every candidate entry).
 */
const utf8Slice = (Buffer.prototype as unknown as { utf8Slice?: (this: Uint8Array, start: number, end: number) => string }).utf8Slice;

/** Decodes bytes as UTF-8; invalid bytes become U+FFFD, never throws. A leading byte order mark is dropped (as TextDecoder does). */
export function decodeUtf8(buf: Uint8Array): string {
  return decodeRange(buf, 0, buf.length);
}

/** decodeUtf8 of buf[start, end), without a view unless a byte order mark starts it. */
export function decodeRange(buf: Uint8Array, start: number, end: number): string {
  if (utf8Slice === undefined || (end - start >= 3 && buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf)) return decoder.decode(buf.subarray(start, end));
  return utf8Slice.call(buf, start, end);
}

/** Removes one trailing line end (`\n` or `\r\n`) and a lone trailing `\r`. */
export function stripEol(s: string): string {
  let e = s.length;
  if (e && s.charCodeAt(e - 1) === 10) e--;
  if (e && s.charCodeAt(e - 1) === 13) e--;
  return e === s.length ? s : s.slice(0, e);
}

/**
 * stripEol(decodeUtf8(buf.subarray(start, end))) without the view and the sliced string: the line
 * end is dropped from the bytes before they are decoded (no other character's UTF-8 bytes are those
 * of \n or \r, and a broken sequence before them decodes the same without them). The scanners make
 * every candidate entry's text with it.
 */
export function entryText(buf: Uint8Array, start: number, end: number): string {
  return decodeRange(buf, start, entryEnd(buf, start, end));
}

/** Where buf[start, end) ends without its line end (one `\n` or `\r\n`, or a lone `\r`): what entryText decodes. */
function entryEnd(buf: Uint8Array, start: number, end: number): number {
  let e = end;
  if (e > start && buf[e - 1] === 10) e--;
  if (e > start && buf[e - 1] === 13) e--;
  return e;
}

/** The bytes entryBytesAt found: `entryBytes.buf[start, end)` (one object, overwritten by each call). */
export const entryBytes: { buf: Uint8Array; start: number; end: number } = { buf: new Uint8Array(0), start: 0, end: 0 };

/**
 * Where the bytes of the file's [start, start + n) are, line end dropped (the bytes entryText
 * decodes), in `entryBytes`: in the scanner's chunk `buf`, which holds the file from `bufPos` on at
 * index `bufAt`, `bufLen` bytes of it, when they all lie there; else read with `read` into a new
 * buffer (an entry that began in an earlier chunk).
 */
export function entryBytesAt(read: (b: Buffer, offset: number, length: number, position: number) => number, buf: Uint8Array, bufAt: number, bufPos: number, bufLen: number, start: number, n: number): void {
  let b = buf;
  let s = bufAt + start - bufPos;
  let e = s + n;
  if (start < bufPos || start + n > bufPos + bufLen) {
    const tmp = Buffer.allocUnsafe(n);
    let got = 0;
    while (got < n) {
      const r = read(tmp, got, n - got, start + got);
      if (r <= 0) break;
      got += r;
    }
    // A plain Uint8Array view, like the chunk: entryEnd and the sink then see one kind of array
    // (a Buffer here deoptimised them once per worker, "wrong map").
    b = new Uint8Array(tmp.buffer, tmp.byteOffset, got);
    s = 0;
    e = got;
  }
  entryBytes.buf = b;
  entryBytes.start = s;
  entryBytes.end = entryEnd(b, s, e);
}

/** The text (entryText) of the file's bytes [start, start + n): see entryBytesAt. */
export function entryTextAt(read: (b: Buffer, offset: number, length: number, position: number) => number, buf: Uint8Array, bufAt: number, bufPos: number, bufLen: number, start: number, n: number): string {
  entryBytesAt(read, buf, bufAt, bufPos, bufLen, start, n);
  return decodeRange(entryBytes.buf, entryBytes.start, entryBytes.end);
}
