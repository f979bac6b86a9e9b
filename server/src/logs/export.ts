// Rows -> CSV (RFC 4180 quoting; spreadsheet formulas neutralised) or JSON lines.
// Streamable: write csvHeader() once, then one csvLine(row) per row.

import type { LogRow } from '../../../shared/protocol';

export const CSV_COLUMNS = [
  'file', 'line', 'lines', 'time', 'level', 'thread', 'user', 'requestId', 'session', 'ip', 'url',
  'category', 'logger', 'kind', 'event', 'outcome', 'subject', 'method', 'reason', 'message',
] as const;

export interface CsvOptions {
  /** Shown in the `file` column instead of the file index (the node/file label). */
  fileLabel?: (file: number) => string;
  /** Line break between records (RFC 4180 says CRLF; default `\r\n`). */
  eol?: string;
}

/**
 * One CSV cell. Text starting with = + - @ (or a tab / carriage return) would run as a formula in
 * a spreadsheet: it gets a leading `'`. Cells with a comma, quote, line break or edge whitespace are
 * quoted, quotes doubled.
 */
export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let s = value;
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
  if (/[",\r\n]/.test(s) || /^\s|\s$/.test(s)) s = '"' + s.replace(/"/g, '""') + '"';
  return s;
}

export function csvHeader(eol = '\r\n'): string {
  return CSV_COLUMNS.join(',') + eol;
}

export function csvLine(row: LogRow, options: CsvOptions = {}): string {
  const cells = CSV_COLUMNS.map((c) => {
    if (c === 'file') return csvCell(options.fileLabel ? options.fileLabel(row.file) : row.file);
    const v = row[c];
    return csvCell(typeof v === 'number' || typeof v === 'string' ? v : undefined);
  });
  return cells.join(',') + (options.eol ?? '\r\n');
}

export function rowsToCsv(rows: Iterable<LogRow>, options: CsvOptions = {}): string {
  let out = csvHeader(options.eol);
  for (const r of rows) out += csvLine(r, options);
  return out;
}

/** One JSON object per line (JSON.stringify escapes line breaks inside values). */
export function jsonLine(row: LogRow): string {
  return JSON.stringify(row) + '\n';
}

export function rowsToJsonLines(rows: Iterable<LogRow>): string {
  let out = '';
  for (const r of rows) out += jsonLine(r);
  return out;
}
