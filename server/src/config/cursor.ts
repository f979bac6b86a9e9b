// Small text helpers shared by the editor features (completion, hover, code actions) and their
// tests: a `|` cursor marker, applying edits, line endings, the file's `key = value` style.
// Pure: no Node, no DOM, no vscode.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import type { Span } from './model';

/**
 * Text with a `|` marking the cursor -> the document (without the marker) and the position.
 * The LAST marker is the cursor; pass another marker when the text itself needs a `|`.
 */
export function withCursor(
  textWithCursor: string,
  uri = 'file:///test/log4j.properties',
  marker = '|',
): { document: TextDocument; position: Position; offset: number } {
  const offset = textWithCursor.lastIndexOf(marker);
  if (offset < 0) throw new Error(`no cursor marker ${marker} in the text`);
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + marker.length);
  const document = TextDocument.create(uri, languageIdFor(uri), 1, text);
  return { document, position: document.positionAt(offset), offset };
}

export function languageIdFor(uri: string): string {
  return /\.xml$/i.test(uri) ? 'xml' : 'properties';
}

/** Applies LSP text edits (non-overlapping, any order) to a text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const doc = TextDocument.create('file:///apply', 'plaintext', 0, text);
  return TextDocument.applyEdits(doc, [...edits]);
}

/** Applies the edits of a WorkspaceEdit that target `uri` (changes or documentChanges). */
export function applyWorkspaceEdit(text: string, edit: WorkspaceEdit | undefined, uri: string): string {
  if (!edit) return text;
  const edits: TextEdit[] = [];
  if (edit.changes?.[uri]) edits.push(...edit.changes[uri]);
  for (const change of edit.documentChanges ?? []) {
    if ('textDocument' in change && change.textDocument.uri === uri) {
      for (const e of change.edits) if ('range' in e && 'newText' in e) edits.push(e);
    }
  }
  return applyEdits(text, edits);
}

/** The file's line ending: CRLF when its first line break is one, else LF. */
export function eolOf(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text.charCodeAt(i - 1) === 0x0d ? '\r\n' : '\n';
}

export function rangeOf(document: TextDocument, span: Span): Range {
  return { start: document.positionAt(span.start), end: document.positionAt(span.end) };
}

export function spanOf(document: TextDocument, range: Range): Span {
  return { start: document.offsetAt(range.start), end: document.offsetAt(range.end) };
}

export function contains(span: Span, offset: number): boolean {
  return offset >= span.start && offset <= span.end;
}

/** Start of the line holding `offset`. */
export function lineStartAt(text: string, offset: number): number {
  let i = offset;
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (c === 0x0a || c === 0x0d) break;
    i--;
  }
  return i;
}

/** End of the line holding `offset` (before its line break). */
export function lineEndAt(text: string, offset: number): number {
  let i = offset;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) break;
    i++;
  }
  return i;
}

/** Offset just after the line break of the line holding `offset` (text length on the last line). */
export function nextLineStart(text: string, offset: number): number {
  const e = lineEndAt(text, offset);
  if (e >= text.length) return e;
  return e + (text.charCodeAt(e) === 0x0d && text.charCodeAt(e + 1) === 0x0a ? 2 : 1);
}

/** Leading whitespace of the line holding `offset`. */
export function indentAt(text: string, offset: number): string {
  const s = lineStartAt(text, offset);
  let e = s;
  while (e < text.length && (text[e] === ' ' || text[e] === '\t')) e++;
  return e > s ? text.slice(s, e) : '';
}

/**
 * The separator a properties file uses between key and value (` = `, `=`, `: `...), taken from the
 * entries that are written with one (those whose key starts with one of `keyPrefixes` when any
 * has a separator): the most common wins, ` = ` when there is none.
 */
export function separatorStyle(
  text: string,
  entries: readonly { key: string; keySpan: Span; valueSpan: Span }[] | undefined,
  keyPrefixes?: readonly string[],
): string {
  const count = (pick: (key: string) => boolean): string | undefined => {
    const counts = new Map<string, number>();
    let seen = 0;
    const list = entries ?? [];
    // A sample is enough: files keep one style (first 50 lines of the kind, within 5,000 entries).
    for (let i = 0; i < list.length && i < 5000 && seen < 50; i++) {
      const e = list[i];
      if (e.valueSpan.start <= e.keySpan.end || !pick(e.key)) continue;
      const sep = text.slice(e.keySpan.end, e.valueSpan.start);
      if (!/^[ \t]*[=:][ \t]*$/.test(sep)) continue;
      counts.set(sep, (counts.get(sep) ?? 0) + 1);
      seen++;
    }
    let best: string | undefined;
    let n = 0;
    for (const [sep, c] of counts) if (c > n) { best = sep; n = c; }
    return best;
  };
  // The style of the lines of the same kind (appender lines and logger lines often differ).
  const same = keyPrefixes ? count((k) => keyPrefixes.some((p) => k.startsWith(p))) : undefined;
  return same ?? count(() => true) ?? ' = ';
}
