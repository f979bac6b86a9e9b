// Lenient JSON for Kantega diagnostics entries (`{"timestamp":..,"context":..,"message":".."}`),
// with jsonc-parser: the object at the start of the message, text after it kept as `trailing`
// (the documented stray ` }`), JSON wrapped over lines, cut or invalid JSON reported with the raw
// text. Pure; never throws.

// The ESM build, by path: esbuild picks the package's `main` (UMD), whose internal `require('./impl/format')`
// calls cannot be bundled and fail at run time in dist/*.js ("Cannot find module './impl/format'").
import { applyEdits, createScanner, format, parse, printParseErrorCode, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import type { LogEntryDetail } from '../../../shared/protocol';

export interface DiagnosticsJson {
  json: NonNullable<LogEntryDetail['json']>;
  /** The parsed object when it parsed. */
  value?: Record<string, unknown>;
  /** The JSON text as found (from `{` to its matching `}`, or to the end when cut). */
  raw: string;
  /** `message`'s `Key: Value` details. */
  details?: [string, string][];
}

// jsonc-parser SyntaxKind values (a const enum in its typings; spelled out for isolatedModules).
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const EOF = 17;

/** Where the JSON value starting at `start` ends (exclusive), or -1 when it never closes. */
function endOfValue(text: string, start: number): number {
  const scanner = createScanner(text.slice(start), true);
  let depth = 0;
  for (;;) {
    const k = scanner.scan();
    if (k === EOF) return -1;
    if (k === OPEN_BRACE || k === OPEN_BRACKET) depth++;
    else if (k === CLOSE_BRACE || k === CLOSE_BRACKET) {
      depth--;
      if (depth <= 0) return start + scanner.getTokenOffset() + scanner.getTokenLength();
    }
  }
}

function errorText(errors: ParseError[], text: string): string {
  const e = errors[0]!;
  const near = text.slice(Math.max(0, e.offset - 20), e.offset + 20).replace(/\s+/g, ' ');
  return `${printParseErrorCode(e.error)} at character ${e.offset + 1} (near "${near}")`;
}

function tryParse(text: string): { value?: unknown; error?: string } {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length) return { error: errorText(errors, text) };
  return { value };
}

/**
 * Parses the JSON object at the start of a diagnostics message (leading whitespace allowed).
 * Returns undefined when the message does not start with `{`.
 */
export function parseDiagnosticsJson(message: string): DiagnosticsJson | undefined {
  try {
    const start = message.search(/\S/);
    if (start < 0 || message.charCodeAt(start) !== 123) return undefined;
    const end = endOfValue(message, start);
    if (end < 0) {
      const raw = message.slice(start);
      // Wrapped inside a string, the scanner may still run to the end: try the lines joined.
      const joined = joinWrapped(raw);
      if (joined !== raw) {
        const jEnd = endOfValue(joined, 0);
        if (jEnd > 0) return finish(joined.slice(0, jEnd), joined.slice(jEnd));
      }
      return {
        raw,
        json: { ok: false, error: 'The JSON is cut off: its closing } is missing.' },
      };
    }
    return finish(message.slice(start, end), message.slice(end));
  } catch (e) {
    return { raw: message, json: { ok: false, error: `Could not read the JSON: ${String(e)}` } };
  }
}

function finish(raw: string, after: string): DiagnosticsJson {
  const trailing = after.trim() ? after : undefined;
  let r = tryParse(raw);
  let text = raw;
  if (r.error && /[\r\n]/.test(raw)) {
    // JSON wrapped over lines inside a string value: a hard wrap splits words, so join without a space.
    const joined = joinWrapped(raw);
    const again = tryParse(joined);
    if (!again.error) {
      r = again;
      text = joined;
    }
  }
  const json: DiagnosticsJson['json'] = { ok: !r.error };
  if (trailing !== undefined) json.trailing = trailing;
  if (r.error) {
    json.error = r.error;
    return { raw, json };
  }
  json.pretty = pretty(text);
  const out: DiagnosticsJson = { raw, json };
  if (r.value && typeof r.value === 'object' && !Array.isArray(r.value)) {
    out.value = r.value as Record<string, unknown>;
    const msg = out.value['message'];
    if (typeof msg === 'string') out.details = splitDetails(msg);
  }
  return out;
}

function joinWrapped(s: string): string {
  return s.replace(/\r?\n[ \t]*/g, '');
}

/** Pretty-prints valid JSON text from its own tokens (keeps numbers and escapes exactly as written). */
export function pretty(text: string): string {
  try {
    return applyEdits(text, format(text, undefined, { tabSize: 2, insertSpaces: true, eol: '\n' }));
  } catch {
    return text;
  }
}

/**
 * Splits Kantega's `message` value into details:
 * `Authentication has FAILED, KerberosTicket: HTTP/x@Y, EncType: 18, ..., Exception: GSSException: ... (Mechanism level: ...)`
 * Splits only at `, Key: ` where Key is a capitalised word, outside parentheses, and never after
 * `Exception:` (an exception's text is the last detail and holds commas and colons of its own).
 * A first part without a key is returned as `Summary`.
 */
export function splitDetails(message: string): [string, string][] {
  const out: [string, string][] = [];
  try {
    walkDetails(message, out, undefined);
  } catch {
    return [['Summary', message]];
  }
  return out;
}

/**
 * The value of the first detail with key `wanted` (a key, not `Summary`): what
 * splitDetails(message) gives for it, without building the other details.
 */
export function detailValue(message: string, wanted: string): string | undefined {
  try {
    return KEY_NAME.test(wanted) && wanted.length < 60 ? findDetail(message, wanted) : walkDetails(message, undefined, wanted);
  } catch {
    return undefined;
  }
}

/**
 * The `, ` separators of a message that lie outside parentheses, in order: the detail walks'
 * cursor, which visits only the parentheses and commas (indexOf), not every character.
 */
class TopLevelCommas {
  private depth = 0;
  private open: number;
  private close: number;
  private comma: number;

  constructor(private readonly message: string) {
    this.open = message.indexOf('(');
    this.close = message.indexOf(')');
    this.comma = message.indexOf(',');
  }

  /** The next `, ` outside parentheses (the comma's index), or -1. */
  next(): number {
    const m = this.message;
    for (;;) {
      let q = this.comma;
      if (this.open >= 0 && (q < 0 || this.open < q)) q = this.open;
      if (this.close >= 0 && (q < 0 || this.close < q)) q = this.close;
      if (q < 0) return -1;
      if (q === this.open) {
        this.depth++;
        this.open = m.indexOf('(', q + 1);
      } else if (q === this.close) {
        this.depth = Math.max(0, this.depth - 1);
        this.close = m.indexOf(')', q + 1);
      } else {
        this.comma = m.indexOf(',', q + 1);
        if (this.depth === 0 && m.charCodeAt(q + 1) === 32) return q;
      }
    }
  }
}

/** A key as walkDetails splits at it (keyEnd): a capitalised word. */
const KEY_NAME = /^[A-Z][A-Za-z0-9]*$/;

/**
 * walkDetails(message, undefined, wanted) for a `wanted` of KEY_NAME's shape (shorter than keyEnd's
 * reach): until it is found, a place where a key may start holds `wanted: ` or `Exception: `
 * exactly when keyEnd finds that key there, so no other key is looked for; after it, the value
 * ends at the next key (keyEnd), or runs to the end.
 */
function findDetail(message: string, wanted: string): string | undefined {
  const first = wanted.charCodeAt(0);
  const wantedColon = wanted + ': ';
  const commas = new TopLevelCommas(message);
  // Where a key may start: 0, then after each `, ` outside parentheses. valueStart: after `wanted: `, once found.
  let at = 0;
  let valueStart = -1;
  for (;;) {
    if (valueStart < 0) {
      const c = message.charCodeAt(at);
      if (c === 69 && message.startsWith('Exception: ', at)) return wanted === 'Exception' ? message.slice(at + 11).trim() : undefined;
      if (c === first && message.startsWith(wantedColon, at)) valueStart = at + wantedColon.length;
    } else if (keyEnd(message, at, at + 64) > 0) return message.slice(valueStart, at - 2).trim();
    const next = commas.next();
    if (next < 0) break;
    at = next + 2;
  }
  return valueStart < 0 ? undefined : message.slice(valueStart).trim();
}

/** splitDetails' walk: pushes every detail to `out`, or returns the value of the first `wanted` one. */
function walkDetails(message: string, out: [string, string][] | undefined, wanted: string | undefined): string | undefined {
  let segStart = 0;
  // The current key is message[keyStart, keyStop) (empty: none yet); compared in place, sliced only for `out`.
  let keyStart = 0;
  let keyStop = 0;
  // The `, ` separators outside parentheses (after `Exception:` nothing splits any more).
  const commas = new TopLevelCommas(message);
  // p: where a key may start, less 2: first -2 (the first segment may itself be `Key: value`,
  // /^([A-Z][A-Za-z0-9]*): /), then each `, ` outside parentheses (a key within the next 64 characters).
  // One keyEnd call for both (the optimising compiler copies what it inlines).
  let p = -2;
  let limit = message.length;
  for (;;) {
    const colon = keyEnd(message, p + 2, limit);
    if (colon > 0) {
      if (p >= 0) {
        // The segment before this comma ends here.
        if (out) {
          const key = message.slice(keyStart, keyStop);
          const v = message.slice(segStart, p).trim();
          if (key || v) out.push([key || 'Summary', v]);
        } else if (isKey(message, keyStart, keyStop, wanted!)) return message.slice(segStart, p).trim();
      }
      keyStart = p + 2;
      keyStop = colon;
      segStart = colon + 2;
      if (isKey(message, keyStart, keyStop, 'Exception')) break;
    }
    const q = commas.next();
    if (q < 0) break;
    p = q;
    limit = q + 66;
  }
  if (out) {
    const key = message.slice(keyStart, keyStop);
    const v = message.slice(segStart).trim();
    if (key || v) out.push([key || 'Summary', v]);
    return undefined;
  }
  return isKey(message, keyStart, keyStop, wanted!) ? message.slice(segStart).trim() : undefined;
}

/** Is message[start, stop) the string `name`? (No slice.) */
function isKey(message: string, start: number, stop: number, name: string): boolean {
  return stop - start === name.length && message.startsWith(name, start);
}

/**
 * Where `: ` follows a key `[A-Z][A-Za-z0-9]*` starting at `from` (the index of the `:`), the key and
 * `: ` ending by `limit`; -1 when there is no such key.
 */
function keyEnd(s: string, from: number, limit: number): number {
  const end = Math.min(limit, s.length);
  let c = s.charCodeAt(from);
  if (!(c >= 65 && c <= 90) || from >= end) return -1;
  let j = from + 1;
  for (; j < end; j++) {
    c = s.charCodeAt(j);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57))) break;
  }
  return j + 1 < end && c === 58 && s.charCodeAt(j + 1) === 32 ? j : -1;
}

/** Details as an object (first value per key). */
export function detailMap(details: readonly [string, string][]): Map<string, string> {
  const m = new Map<string, string>();
  for (const [k, v] of details) if (!m.has(k)) m.set(k, v);
  return m;
}
