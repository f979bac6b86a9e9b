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
  const n = buf.length;
  if (utf8Slice === undefined || (n >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)) return decoder.decode(buf);
  return utf8Slice.call(buf, 0, n);
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
  let e = end;
  if (e > start && buf[e - 1] === 10) e--;
  if (e > start && buf[e - 1] === 13) e--;
  if (utf8Slice === undefined || (e - start >= 3 && buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf)) return decoder.decode(buf.subarray(start, e));
  return utf8Slice.call(buf, start, e);
}
