// Bad input never crashes the editor features: half-typed and random files, any cursor position.
// Completion items always replace a one-line range that holds the cursor (VS Code drops others),
// hovers cover the cursor, quick fixes apply cleanly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver-types';
import { applyAction, fixture, service } from './cursor';

const FILES = [
  ['configs/jira-mistakes.properties', 'log4j.properties'],
  ['configs/confluence-mistakes.properties', 'log4j.properties'],
  ['configs/jira-mistakes-log4j2.xml', 'log4j2.xml'],
  ['configs/log4j2.properties', 'log4j2.properties'],
] as const;

function holds(range: Range, doc: TextDocument, offset: number): boolean {
  return doc.offsetAt(range.start) <= offset && offset <= doc.offsetAt(range.end);
}

function exercise(text: string, fileName: string, offsets: number[]): void {
  const doc = TextDocument.create(`file:///work/${fileName}`, fileName.endsWith('.xml') ? 'xml' : 'properties', 1, text);
  const model = service.parse(doc);
  if (!model) return;
  for (const raw of offsets) {
    const offset = Math.min(raw, text.length);
    const position = doc.positionAt(offset);
    const at = doc.offsetAt(position); // a position inside a CRLF maps back before it
    const list = service.complete(doc, model, position);
    for (const it of list.items) {
      assert.ok(it.textEdit && 'range' in it.textEdit, `${it.label}: no textEdit`);
      const r = it.textEdit.range;
      assert.equal(r.start.line, r.end.line, `${it.label}: range spans lines`);
      assert.ok(holds(r, doc, at), `${it.label}: range does not hold the cursor`);
    }
    const h = service.hover(doc, model, position);
    if (h?.range) assert.ok(holds(h.range, doc, at), 'hover range does not hold the cursor');
    service.definition(doc, model, position);
    service.references(doc, model, position, true);
  }
  service.symbols(doc, model);
  const diagnostics = service.validate(doc, model);
  for (const d of diagnostics) {
    for (const a of service.codeActions(doc, model, d.range, { diagnostics: [d] })) applyAction(doc, a);
  }
  for (const id of ['kantega-audit', 'kantega-diagnostics', 'apitoken']) {
    const a = service.enableLogging(doc, model, id);
    if (a) applyAction(doc, a);
  }
}

test('every prefix of the fixtures (typing them from the start), cursor at the end and inside', () => {
  for (const [name, fileName] of FILES) {
    const text = fixture(name);
    for (let end = 0; end <= text.length; end += 37) {
      const prefix = text.slice(0, end);
      exercise(prefix, fileName, [prefix.length, Math.floor(prefix.length / 2)]);
    }
  }
});

test('random edits of the fixtures at random positions (fast-check)', () => {
  const noise = fc.constantFrom('<', '>', '"', "'", '=', ':', ',', '\\', '\n', '\r\n', '#', '!', ' ', '/>', '</', '<!--', '${', 'log4j.logger.', '<Logger name="', 'AppenderRef ref="', '\u00e9', '\t');
  fc.assert(
    fc.property(
      fc.constantFrom(...FILES),
      fc.array(fc.tuple(fc.nat(), fc.nat(40), fc.array(noise, { maxLength: 4 })), { maxLength: 6 }),
      fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
      ([name, fileName], edits, cursors) => {
        let text = fixture(name);
        for (const [at, del, ins] of edits) {
          const p = at % (text.length + 1);
          text = text.slice(0, p) + ins.join('') + text.slice(p + del);
        }
        exercise(text, fileName, cursors.map((c) => c % (text.length + 1)));
      },
    ),
    { seed: 20261122, numRuns: 60 },
  );
});

test('regressions found by the random edits', () => {
  // An unterminated ref="filelogg... running into the next lines: no definition for such a name, no crash.
  const xml = fixture('configs/jira-mistakes-log4j2.xml');
  const at = xml.indexOf('filelogg"/>') + 1;
  exercise(xml.slice(0, at) + xml.slice(at + 30), 'log4j2.xml', [0, at]);
  // A value with commas before the cursor: the single-value range still holds the cursor.
  exercise('log4j.appender.filelog=,log4j.logger.x\n', 'log4j.properties', [23, 25, 38]);
});
