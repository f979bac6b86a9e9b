// The properties reader against the rules of java.util.Properties.load, spans checked by slicing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseProperties, splitValue, valueRange } from '../../../server/src/config/properties';
import type { PropertyEntry } from '../../../server/src/config/model';

const slice = (t: string, s: { start: number; end: number }) => t.slice(s.start, s.end);

function only(text: string): PropertyEntry {
  const r = parseProperties(text);
  assert.equal(r.entries.length, 1, `one entry in ${JSON.stringify(text)}`);
  return r.entries[0];
}

test('key ends at the first unescaped =, : or whitespace; whitespace and one separator skipped', () => {
  const cases: [string, string, string][] = [
    ['a=b', 'a', 'b'],
    ['a:b', 'a', 'b'],
    ['a b', 'a', 'b'],
    ['a = b', 'a', 'b'],
    ['a : b', 'a', 'b'],
    ['a \t= \tb', 'a', 'b'],
    ['a==b', 'a', '=b'], // only one separator is skipped
    ['a = = b', 'a', '= b'],
    ['a  b = c', 'a', 'b = c'], // whitespace ended the key; no separator seen before b
    ['   indented.key=v', 'indented.key', 'v'],
    ['log4j.logger.com.kantegasso.AuditLog = INFO, securitylog', 'log4j.logger.com.kantegasso.AuditLog', 'INFO, securitylog'],
  ];
  for (const [text, key, value] of cases) {
    const e = only(text);
    assert.equal(e.key, key, text);
    assert.equal(e.value, value, text);
  }
});

test('escaped separators stay in the key; keySpan is the key as written', () => {
  const t = 'my\\ key\\=x\\:y = v';
  const e = only(t);
  assert.equal(e.key, 'my key=x:y');
  assert.equal(slice(t, e.keySpan), 'my\\ key\\=x\\:y');
  assert.equal(e.value, 'v');
  assert.equal(slice(t, e.valueSpan), 'v');
});

test('trailing whitespace of a value is kept; leading is dropped', () => {
  const t = 'k =   v w  ';
  const e = only(t);
  assert.equal(e.value, 'v w  ');
  assert.equal(slice(t, e.valueSpan), 'v w  ');
  assert.equal(slice(t, e.span), t);
});

test('# and ! comment lines, also indented; a # later in a line is part of the value', () => {
  const t = '# one\n  ! two\nk = a # not a comment\n';
  const r = parseProperties(t);
  assert.deepEqual(r.comments.map((c) => c.text), ['# one', '! two']);
  assert.equal(slice(t, r.comments[1].span), '! two');
  assert.equal(r.entries.length, 1);
  assert.equal(r.entries[0].value, 'a # not a comment');
});

test('a comment line is never continued, even ending in a backslash', () => {
  const r = parseProperties('# comment \\\nk=v\n');
  assert.equal(r.comments.length, 1);
  assert.equal(r.entries.length, 1);
  assert.equal(r.entries[0].key, 'k');
});

test('odd trailing backslashes continue the line; leading whitespace of the next line dropped', () => {
  const t = 'k = one, \\\n     two, \\\n\tthree\nnext=1\n';
  const r = parseProperties(t);
  assert.equal(r.entries.length, 2);
  const e = r.entries[0];
  assert.equal(e.value, 'one, two, three');
  assert.equal(slice(t, e.span), 'k = one, \\\n     two, \\\n\tthree');
  assert.equal(slice(t, e.valueSpan), 'one, \\\n     two, \\\n\tthree');
  assert.equal(slice(t, e.lineSpan), 'k = one, \\\n     two, \\\n\tthree\n');
  // valueOffsets map every value character back to the document.
  for (let i = 0; i < e.value.length; i++) assert.equal(t[e.valueOffsets[i]], e.value[i], `char ${i}`);
  assert.equal(e.valueOffsets.length, e.value.length + 1);
  assert.equal(r.entries[1].key, 'next');
});

test('an even number of trailing backslashes is an escaped backslash, not a continuation', () => {
  const r = parseProperties('k = a\\\\\nj = b\n');
  assert.equal(r.entries.length, 2);
  assert.equal(r.entries[0].value, 'a\\');
  assert.equal(r.entries[1].key, 'j');
});

test('a # at the start of a continuation line is value text, not a comment', () => {
  const r = parseProperties('k = a\\\n  # b\n');
  assert.equal(r.entries[0].value, 'a# b');
  assert.equal(r.comments.length, 0);
});

test('escapes: \\uXXXX, \\t, \\n, \\r, \\f and any other escaped character', () => {
  const t = 'k\\u0041 = \\u00e9t\\u00E9\\t\\n\\r\\f\\x\\\\';
  const e = only(t);
  assert.equal(e.key, 'kA');
  assert.equal(e.value, 'été\t\n\r\fx\\');
  assert.equal(e.valueOffsets.length, e.value.length + 1);
  assert.equal(t.slice(e.valueOffsets[0], e.valueOffsets[0] + 6), '\\u00e9');
  // A range over "été" covers the three escapes as written.
  assert.equal(slice(t, valueRange(t, e, 0, 3)), '\\u00e9t\\u00E9');
});

test('a malformed \\u escape is kept as written and reported (Java refuses the file)', () => {
  const t = 'k = \\u12G4\n';
  const r = parseProperties(t);
  assert.equal(r.entries.length, 1);
  assert.equal(r.errors.length, 1);
  assert.match(r.errors[0].message, /Malformed/);
  assert.equal(slice(t, r.errors[0].span), '\\u12G4');
});

test('CRLF, CR and LF line ends', () => {
  for (const eol of ['\r\n', '\r', '\n']) {
    const t = `# c${eol}a=1${eol}b = 2 \\${eol}  3${eol}${eol}c:4`;
    const r = parseProperties(t);
    assert.deepEqual(r.entries.map((e) => [e.key, e.value]), [['a', '1'], ['b', '2 3'], ['c', '4']], JSON.stringify(eol));
    assert.equal(slice(t, r.entries[0].lineSpan), `a=1${eol}`);
    assert.equal(slice(t, r.entries[2].span), 'c:4');
  }
});

test('the last duplicate wins: earlier entries are marked overridden', () => {
  const r = parseProperties('a=1\nb=2\na=3\na = 4\n');
  assert.deepEqual(r.entries.map((e) => [e.key, e.overridden]), [['a', true], ['b', false], ['a', true], ['a', false]]);
});

test('duplicates are told by the key, also between keys of the same hash and between an escaped and a plain key', () => {
  // "Aa" and "BB" have the same 31-multiplier hash (as Java's String.hashCode): only equal keys override.
  const overridden = (t: string) => parseProperties(t).entries.map((e) => `${e.key}${e.overridden ? '*' : ''}`);
  assert.deepEqual(overridden('Aa=1\nBB=2\nAa=3\n'), ['Aa*', 'BB', 'Aa']);
  assert.deepEqual(overridden('BB=1\nAa=2\nBB=3\nAa=4\nC=5\n'), ['BB*', 'Aa*', 'BB', 'Aa', 'C']);
  assert.deepEqual(overridden('AaAa=1\nBBBB=2\nAaBB=3\nBBAa=4\nBBBB=5\n'), ['AaAa', 'BBBB*', 'AaBB', 'BBAa', 'BBBB']);
  // An escaped key equal to a plain one (a\u0062 is ab) overrides it, either way round.
  assert.deepEqual(overridden('ab=1\na\\u0062=2\n'), ['ab*', 'ab']);
  assert.deepEqual(overridden('a\\u0062=1\nab=2\n'), ['ab*', 'ab']);
});

test('half-typed input: a key without value, a trailing separator, a continuation at end of file', () => {
  const t1 = 'log4j.logger.com.kantegasso';
  const e1 = only(t1);
  assert.equal(e1.key, t1);
  assert.equal(e1.value, '');
  assert.deepEqual(e1.valueSpan, { start: t1.length, end: t1.length });

  const t2 = 'log4j.logger.x = ';
  const e2 = only(t2);
  assert.equal(e2.value, '');
  assert.equal(e2.valueSpan.start, e2.valueSpan.end);
  assert.equal(e2.valueSpan.start, t2.length); // where the value will be typed

  const t3 = 'k = INFO, \\';
  const e3 = only(t3);
  assert.equal(e3.value, 'INFO, ');
  const t4 = 'k = INFO, \\\n';
  assert.equal(only(t4).value, 'INFO, ');
  const t5 = 'k = a\\\n   \n';
  assert.equal(only(t5).value, 'a');
});

test('blank lines and a file of only whitespace give nothing; never throws on odd input', () => {
  assert.equal(parseProperties('').entries.length, 0);
  assert.equal(parseProperties('  \n\t\n\r\n').entries.length, 0);
  for (const t of ['\\', '=', ':', '\\u', '\\u12', '= v', '\u0000\uffff', 'a\\\r\n\\\r']) {
    assert.doesNotThrow(() => parseProperties(t), JSON.stringify(t));
  }
  const e = only('= v');
  assert.equal(e.key, '');
  assert.equal(e.value, 'v');
});

test('splitValue: comma items trimmed with their spans', () => {
  const t = 'log4j.rootLogger =  WARN ,filelog,  console ,';
  const e = only(t);
  const items = splitValue(t, e);
  assert.deepEqual(items.map((i) => i.text), ['WARN', 'filelog', 'console', '']);
  assert.deepEqual(items.map((i) => slice(t, i.span)), ['WARN', 'filelog', 'console', '']);
});

test('spans are exact on a real-looking Jira block', () => {
  const t = [
    '#####################################################',
    '# Security logs',
    '#####################################################',
    '',
    'log4j.logger.com.atlassian.jira.login.security = INFO, securitylog',
    'log4j.additivity.com.atlassian.jira.login.security = false',
  ].join('\n');
  const r = parseProperties(t);
  assert.equal(r.comments.length, 3);
  assert.equal(r.entries.length, 2);
  const [a, b] = r.entries;
  assert.equal(slice(t, a.keySpan), 'log4j.logger.com.atlassian.jira.login.security');
  assert.equal(slice(t, a.valueSpan), 'INFO, securitylog');
  assert.equal(slice(t, b.valueSpan), 'false');
  assert.equal(slice(t, b.lineSpan), 'log4j.additivity.com.atlassian.jira.login.security = false');
});
