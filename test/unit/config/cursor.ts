// Test helpers for the config editor features: text with a `|` cursor in, text out.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { InsertTextFormat, type CodeAction, type CompletionItem, type CompletionList, type Position } from 'vscode-languageserver-types';
import { applyEdits, applyWorkspaceEdit, withCursor } from '../../../server/src/config/cursor';
import { createConfigService } from '../../../server/src/config/service';
import type { ConfigModel } from '../../../server/src/config/model';

export { applyEdits, applyWorkspaceEdit, withCursor };

export const service = createConfigService();

export interface Fixture {
  document: TextDocument;
  model: ConfigModel;
  position: Position;
  offset: number;
}

/** A file name decides the syntax as in the editor: `log4j.properties`, `log4j2.xml`, ... */
export function open(textWithCursor: string, fileName = 'log4j.properties', marker = '|'): Fixture {
  const { document, position, offset } = withCursor(textWithCursor, `file:///work/${fileName}`, marker);
  const model = service.parse(document);
  if (!model) throw new Error(`${fileName} was not recognised as a log4j file`);
  return { document, model, position, offset };
}

/** A document without a cursor. */
export function openText(text: string, fileName = 'log4j.properties'): Omit<Fixture, 'position' | 'offset'> {
  const document = TextDocument.create(`file:///work/${fileName}`, /\.xml$/.test(fileName) ? 'xml' : 'properties', 1, text);
  const model = service.parse(document);
  if (!model) throw new Error(`${fileName} was not recognised as a log4j file`);
  return { document, model };
}

export function fixture(name: string): string {
  return readFileSync(join(import.meta.dirname, '../../fixtures', name), 'utf8');
}

/** Completion at the `|`. */
export function completeAt(textWithCursor: string, fileName = 'log4j.properties'): { list: CompletionList; f: Fixture } {
  const f = open(textWithCursor, fileName);
  return { list: service.complete(f.document, f.model, f.position), f };
}

export function labels(list: CompletionList): string[] {
  return list.items.map((i) => i.label);
}

export function item(list: CompletionList, label: string): CompletionItem {
  const it = list.items.find((i) => i.label === label);
  if (!it) throw new Error(`no completion item ${label}; got: ${labels(list).join(', ')}`);
  return it;
}

/** The text after accepting an item (snippet placeholders `$1`/`${1:x}` resolved to their defaults). */
export function accept(f: Fixture, it: CompletionItem): string {
  const edit = it.textEdit;
  if (!edit || !('range' in edit)) throw new Error(`item ${it.label} has no textEdit with a range`);
  let newText = edit.newText;
  if (it.insertTextFormat === InsertTextFormat.Snippet) newText = newText.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '');
  // The range must hold the cursor (VS Code refuses items whose range does not).
  const s = f.document.offsetAt(edit.range.start);
  const e = f.document.offsetAt(edit.range.end);
  if (f.offset < s || f.offset > e) throw new Error(`item ${it.label}: range ${s}-${e} does not contain the cursor ${f.offset}`);
  if (edit.range.start.line !== edit.range.end.line) throw new Error(`item ${it.label}: the range spans lines`);
  return applyEdits(f.document.getText(), [{ range: edit.range, newText }]);
}

/** The text after applying a code action's edit. */
export function applyAction(document: TextDocument, action: CodeAction | undefined): string {
  if (!action) throw new Error('no action');
  return applyWorkspaceEdit(document.getText(), action.edit, document.uri);
}
