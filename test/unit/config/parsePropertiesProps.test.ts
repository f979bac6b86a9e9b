// Property-based checks of the properties reader: whatever Java's Properties.store would write for
// a key and value, we read the same key and value back; on any text we never throw and every span
// and offset stays inside the text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseProperties, scanProperties } from '../../../server/src/config/properties';

/** Properties.saveConvert: how java.util.Properties.store escapes a key or a value. */
function saveConvert(s: string, isKey: boolean): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    const code = s.charCodeAt(i);
    if (c === ' ') out += i === 0 || isKey ? '\\ ' : ' ';
    else if (c === '\t') out += '\\t';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\f') out += '\\f';
    else if ('=:#!\\'.includes(c)) out += '\\' + c;
    else if (code < 0x20 || code > 0x7e) out += '\\u' + code.toString(16).toUpperCase().padStart(4, '0');
    else out += c;
  }
  return out;
}

const chars = fc.string({ unit: fc.constantFrom('a', 'Z', '.', ' ', '\t', '=', ':', '#', '!', '\\', '\n', '\r', 'é', '$', '{', '}', ',', '\f'), maxLength: 20 });

test('what Properties.store writes, we read back: key and value (store escapes leading blanks, so they survive)', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(chars, chars), { maxLength: 8 }), fc.constantFrom('\n', '\r\n', '\r'), fc.constantFrom('=', ' = ', ':', ' '), (pairs, eol, sep) => {
      // Properties.store always writes `=`; with a bare space an empty key would make the value the key.
      fc.pre(sep !== ' ' || pairs.every(([k]) => k.length > 0));
      const text = pairs.map(([k, v]) => saveConvert(k, true) + sep + saveConvert(v, false)).join(eol) + eol;
      const r = parseProperties(text);
      assert.deepEqual(r.entries.map((e) => [e.key, e.value]), pairs.map(([k, v]) => [k, v]));
      // The last duplicate wins.
      const lastIndex = new Map(pairs.map(([k], i) => [k, i]));
      r.entries.forEach((e, i) => assert.equal(e.overridden, lastIndex.get(e.key) !== i));
    }),
    { numRuns: 300 },
  );
});

test('any text: never throws; spans inside the text; valueOffsets increasing and inside the value span', () => {
  const anyText = fc.string({ unit: fc.constantFrom('a', 'k', '.', ' ', '\t', '=', ':', '#', '!', '\\', 'u', '0', 'F', '\n', '\r', 'é'), maxLength: 80 });
  fc.assert(
    fc.property(anyText, (text) => {
      const r = parseProperties(text);
      for (const e of r.entries) {
        for (const s of [e.keySpan, e.valueSpan, e.span, e.lineSpan]) {
          assert.ok(s.start >= 0 && s.start <= s.end && s.end <= text.length, JSON.stringify({ text, s }));
        }
        assert.ok(e.lineSpan.start <= e.span.start && e.span.end <= e.lineSpan.end);
        const o = e.valueOffsets;
        assert.equal(o.length, e.value.length + 1);
        for (let i = 0; i < e.value.length; i++) {
          assert.ok(o[i] >= e.valueSpan.start && o[i] < Math.max(e.valueSpan.end, e.valueSpan.start + 1), JSON.stringify({ text, i }));
          if (i > 0) assert.ok(o[i] > o[i - 1]);
        }
      }
      for (const c of r.comments) assert.ok(c.span.end <= text.length && text.slice(c.span.start, c.span.end) === c.text);
    }),
    { numRuns: 500 },
  );
});

test('any text: the table\'s positionAt is TextDocument.positionAt at every offset (also for a table read from the previous version)', () => {
  const piece = fc.constantFrom('a=b', 'k', '# c', '!z', ' ', '\t', '\f', '\n', '\r', '\r\n', '\\', 'k\\', ' x : y', 'k\\u0041=v', 'log4j.logger.a=INFO');
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 30 }), fc.nat(), fc.constantFrom('', 'q=1\n', '\r', '# x\r\n'), (pieces, at, inserted) => {
      const before = pieces.join('');
      const cut = before.length ? at % (before.length + 1) : 0;
      const text = before.slice(0, cut) + inserted + before.slice(cut);
      for (const t of [scanProperties(text), scanProperties(text, scanProperties(before))]) {
        const doc = TextDocument.create('file:///x/log4j.properties', 'properties', 1, text);
        for (let o = -1; o <= text.length + 1; o++) assert.deepEqual(t.positionAt(o), doc.positionAt(o), `offset ${o} of ${JSON.stringify(text)}`);
      }
    }),
  );
});
