// The server's document (server/src/lsp/textDocument.ts) against vscode-languageserver-textdocument,
// whose behaviour it keeps: random texts mixing \n, \r and \r\n, random edits (incremental ones,
// reversed and out-of-range ranges, whole-text replacements), and after each edit every offset,
// position, line range and line count compared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { computeLineOffsets, serverTextDocuments } from '../../server/src/lsp/textDocument';

const RUNS = Number(process.env.AUTHLOG_PROP_RUNS ?? 300);
if (process.env.AUTHLOG_PROP_SEED !== 'random') fc.configureGlobal({ seed: Number(process.env.AUTHLOG_PROP_SEED ?? 20261122) });

/** Text made of pieces where line breaks of every kind are frequent. */
const text = fc
  .array(fc.constantFrom('a', 'bc', 'log4j.logger.x = INFO', ' ', '\n', '\r', '\r\n', '\n\r', '\r\r\n', '#'), { maxLength: 40 })
  .map((parts) => parts.join(''));

const position = fc.record({ line: fc.integer({ min: -1, max: 12 }), character: fc.integer({ min: -1, max: 25 }) });
const change: fc.Arbitrary<TextDocumentContentChangeEvent> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ range: fc.record({ start: position, end: position }), text }) },
  { weight: 1, arbitrary: fc.record({ text }) },
);

function same(label: string, ours: TextDocument, theirs: TextDocument): void {
  const t = theirs.getText();
  assert.equal(ours.getText(), t, `${label}: text`);
  assert.equal(ours.lineCount, theirs.lineCount, `${label}: lineCount`);
  for (let o = -1; o <= t.length + 1; o++) assert.deepEqual(ours.positionAt(o), theirs.positionAt(o), `${label}: positionAt(${o}) of ${JSON.stringify(t)}`);
  for (let line = -1; line <= theirs.lineCount; line++) {
    assert.deepEqual(ours.getLineRange(line), theirs.getLineRange(line), `${label}: getLineRange(${line}) of ${JSON.stringify(t)}`);
    assert.equal(ours.getEOLCharacters(line), theirs.getEOLCharacters(line), `${label}: getEOLCharacters(${line}) of ${JSON.stringify(t)}`);
    for (let character = -1; character <= 8; character++) {
      const p = { line, character };
      assert.equal(ours.offsetAt(p), theirs.offsetAt(p), `${label}: offsetAt(${line}:${character}) of ${JSON.stringify(t)}`);
    }
  }
}

test('line offsets: every kind of line break, at any shift', () => {
  fc.assert(
    fc.property(text, fc.boolean(), fc.integer({ min: 0, max: 100 }), (t, atStart, shift) => {
      const expected: number[] = atStart ? [shift] : [];
      for (let i = 0; i < t.length; i++) {
        const c = t.charCodeAt(i);
        if (c === 13 || c === 10) {
          if (c === 13 && t.charCodeAt(i + 1) === 10) i++;
          expected.push(shift + i + 1);
        }
      }
      assert.deepEqual(computeLineOffsets(t, atStart, shift), expected);
    }),
    { numRuns: RUNS * 3 },
  );
});

test('positions, offsets, text and line count equal the library document after random edits', () => {
  fc.assert(
    fc.property(text, fc.array(fc.array(change, { minLength: 1, maxLength: 3 }), { maxLength: 6 }), fc.boolean(), (initial, edits, readFirst) => {
      const ours = serverTextDocuments.create('file:///a/log4j.properties', 'properties', 1, initial);
      const theirs = TextDocument.create('file:///a/log4j.properties', 'properties', 1, initial);
      // Line starts computed before the first edit (kept up to date by it) or only after it.
      if (readFirst) same('initial', ours, theirs);
      let version = 1;
      for (const changes of edits) {
        version++;
        const updated = serverTextDocuments.update(ours, changes, version);
        TextDocument.update(theirs, changes, version);
        assert.equal(updated, ours);
        assert.equal(ours.version, version);
        same(`after ${JSON.stringify(changes)}`, ours, theirs);
      }
      assert.equal(ours.uri, theirs.uri);
      assert.equal(ours.languageId, theirs.languageId);
      const whole = { start: { line: 0, character: 0 }, end: { line: theirs.lineCount, character: 0 } };
      assert.equal(ours.getText(whole), theirs.getText(whole));
    }),
    { numRuns: RUNS },
  );
});

test('an edit that inserts or removes more than 10,000 lines (the other way of splicing the line starts) matches too', () => {
  const big = Array.from({ length: 12_000 }, (_, i) => `log4j.logger.x${i} = INFO${i % 3 === 0 ? '\r\n' : '\n'}`).join('');
  const ours = serverTextDocuments.create('file:///a/log4j.properties', 'properties', 1, 'a\nb\r\nc');
  const theirs = TextDocument.create('file:///a/log4j.properties', 'properties', 1, 'a\nb\r\nc');
  const edits: TextDocumentContentChangeEvent[][] = [
    [{ range: { start: { line: 1, character: 1 }, end: { line: 1, character: 1 } }, text: big }],
    [{ range: { start: { line: 5, character: 3 }, end: { line: 11_000, character: 2 } }, text: 'z\n' }],
    [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: big }],
  ];
  let version = 1;
  for (const changes of edits) {
    version++;
    serverTextDocuments.update(ours, changes, version);
    TextDocument.update(theirs, changes, version);
    assert.equal(ours.getText(), theirs.getText());
    assert.equal(ours.lineCount, theirs.lineCount);
    const t = theirs.getText();
    for (let o = 0; o <= t.length; o += 97) assert.deepEqual(ours.positionAt(o), theirs.positionAt(o), `positionAt(${o})`);
    for (let line = 0; line <= theirs.lineCount; line += 7) assert.equal(ours.offsetAt({ line, character: 4 }), theirs.offsetAt({ line, character: 4 }), `offsetAt(${line}:4)`);
  }
});
