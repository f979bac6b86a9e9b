// Text helpers shared by the scanners (scan.ts, scanWasm.ts) and their callers.

const decoder = new TextDecoder('utf-8', { fatal: false });

/** Decodes bytes as UTF-8; invalid bytes become U+FFFD, never throws. */
export function decodeUtf8(buf: Uint8Array): string {
  return decoder.decode(buf);
}

/** Removes one trailing line end (`\n` or `\r\n`) and a lone trailing `\r`. */
export function stripEol(s: string): string {
  let e = s.length;
  if (e && s.charCodeAt(e - 1) === 10) e--;
  if (e && s.charCodeAt(e - 1) === 13) e--;
  return e === s.length ? s : s.slice(0, e);
}
