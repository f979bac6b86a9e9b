// A small streaming reader of log entries for the CLI: readline over a file stream (gzip when the
// name ends in .gz), never the whole file in memory. Groups lines into entries (a line that does not
// start with a timestamp continues the previous entry) and detects the format from the first lines.
// The viewer's engine (indexer/session) is the fast path; this is the simple, obviously right one.

import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import type { LogFormat } from '../../../shared/protocol';
import { detectFormat, isEntryStart } from './formats';

export interface ReadEntry {
  format: LogFormat;
  /** 1-based line of the entry's first line, and how many lines it spans. */
  line: number;
  lines: number;
  /** The entry's lines joined with `\n`. Very long entries are cut at `maxEntryChars`. */
  text: string;
  /** Bytes of the entry in the (uncompressed) file, line breaks included (counted as one byte each). */
  bytes: number;
}

export interface ReadOptions {
  /** Lines read before the format is decided (default 200). */
  detectLines?: number;
  /** Characters of one entry kept (default 1 MiB); the rest of a huge entry is counted, not kept. */
  maxEntryChars?: number;
  /** Format to use instead of detecting one. */
  format?: LogFormat;
}

function open(path: string): Readable {
  const file = createReadStream(path);
  return path.endsWith('.gz') ? file.pipe(createGunzip()) : file;
}

/** The entries of one file, in order. Rejects (through the iterator) when the file cannot be read. */
export async function* readEntries(path: string, options: ReadOptions = {}): AsyncGenerator<ReadEntry> {
  const detectLines = options.detectLines ?? 200;
  const maxChars = options.maxEntryChars ?? 1 << 20;
  const input = open(path);
  const rl = createInterface({ input, crlfDelay: Infinity });
  let format: LogFormat | undefined = options.format;
  const pending: string[] = [];
  let lineNo = 0;
  let cur: { line: number; lines: number; parts: string[]; chars: number; bytes: number } | undefined;

  const flush = (): ReadEntry | undefined => {
    if (!cur) return undefined;
    const e: ReadEntry = { format: format ?? 'unknown', line: cur.line, lines: cur.lines, text: cur.parts.join('\n'), bytes: cur.bytes };
    cur = undefined;
    return e;
  };
  const take = (line: string, no: number): ReadEntry | undefined => {
    const bytes = Buffer.byteLength(line) + 1;
    if (cur && !isEntryStart(line)) {
      cur.lines++;
      cur.bytes += bytes;
      if (cur.chars < maxChars) {
        const piece = line.length + cur.chars > maxChars ? line.slice(0, maxChars - cur.chars) : line;
        cur.parts.push(piece);
        cur.chars += piece.length + 1;
      }
      return undefined;
    }
    const done = flush();
    const piece = line.length > maxChars ? line.slice(0, maxChars) : line;
    cur = { line: no, lines: 1, parts: [piece], chars: piece.length, bytes };
    return done;
  };

  try {
    for await (const raw of rl) {
      lineNo++;
      // A byte order mark before the first timestamp would hide the first entry's start.
      const line = lineNo === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      if (format === undefined) {
        pending.push(line);
        if (pending.length < detectLines) continue;
        format = detectFormat(pending, path);
        for (let i = 0; i < pending.length; i++) {
          const e = take(pending[i]!, i + 1);
          if (e) yield e;
        }
        pending.length = 0;
        continue;
      }
      const e = take(line, lineNo);
      if (e) yield e;
    }
    if (format === undefined) {
      format = detectFormat(pending, path);
      for (let i = 0; i < pending.length; i++) {
        const e = take(pending[i]!, i + 1);
        if (e) yield e;
      }
    }
    const last = flush();
    if (last) yield last;
  } finally {
    rl.close();
    input.destroy();
  }
}
