// Property-based tests of the config parsers (fast-check): random and mutated inputs, starting
// from the real configs Jira and Confluence ship. Every run prints how many cases it tried.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseProperties } from '../../server/src/config/properties';
import { detectSyntax } from '../../server/src/config/build';
import { parseXml, walk } from '../../server/src/config/xml';
import type { Span } from '../../server/src/config/model';
import { casesTried, filesUnder, propRuns } from './setup';

const RUNS = propRuns(300, 20261122);
const count = casesTried('property');

// Real shipped configs (test/fixtures/real-configs, copied from ../shared with their SOURCES.md) and the team's realistic ones.
const realConfigs = filesUnder(join(__dirname, '..', 'fixtures'))
  .filter((p) => /(real-)?configs\//.test(p))
  .filter((p) => /\.(properties|xml)$/.test(p));
const realTexts = [...new Set(realConfigs)].map((p) => readFileSync(p, 'utf8'));
const realProps = realTexts.filter((t) => !t.trimStart().startsWith('<'));
const realXml = realTexts.filter((t) => t.trimStart().startsWith('<'));

function assertSpan(span: Span, len: number, what: string): void {
  assert.ok(Number.isInteger(span.start) && Number.isInteger(span.end), `${what}: integer offsets`);
  assert.ok(span.start >= 0 && span.start <= span.end && span.end <= len, `${what}: ${span.start}..${span.end} inside 0..${len}`);
}

/** Text mutations an admin's editing produces: insert, delete, duplicate and cut at any point. */
const mutated = (bases: string[]) =>
  fc
    .tuple(
      fc.constantFrom(...bases),
      fc.array(
        fc.record({
          at: fc.double({ min: 0, max: 1, noNaN: true }),
          len: fc.nat(40),
          insert: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('\\', '\\\n', '\r\n', '=', ':', '#', '<', '>', '"', '</', '<!--', ']]>', '&amp;', '\u0000', '\uFFFD', '${jndi:ldap://x}')),
        }),
        { maxLength: 6 },
      ),
    )
    .map(([base, edits]) => {
      let t = base;
      for (const e of edits) {
        const at = Math.floor(e.at * t.length);
        t = t.slice(0, at) + e.insert + t.slice(Math.min(t.length, at + e.len));
      }
      return t;
    });

function checkProperties(text: string): void {
  const r = parseProperties(text);
  const n = text.length;
  let lastLineEnd = 0;
  for (const e of r.entries) {
    assertSpan(e.span, n, 'entry');
    assertSpan(e.keySpan, n, 'key');
    assertSpan(e.valueSpan, n, 'value');
    assertSpan(e.lineSpan, n, 'line');
    assert.ok(e.lineSpan.start >= lastLineEnd, 'entries in order, not overlapping');
    lastLineEnd = e.lineSpan.end;
    assert.ok(e.keySpan.start >= e.span.start && e.valueSpan.end <= e.span.end, 'key and value inside the entry');
    assert.equal(e.valueOffsets.length, e.value.length + 1, 'one offset per value character plus the end');
    for (let i = 1; i < e.valueOffsets.length; i++) assert.ok(e.valueOffsets[i]! >= e.valueOffsets[i - 1]!, 'value offsets never go back');
    for (const o of e.valueOffsets) assert.ok(o >= e.valueSpan.start && o <= e.valueSpan.end, 'value offsets inside the value');
  }
  for (const c of r.comments) assertSpan(c.span, n, 'comment');
  // Last duplicate wins: exactly one live entry per key.
  const live = new Map<string, number>();
  for (const e of r.entries) if (!e.overridden) live.set(e.key, (live.get(e.key) ?? 0) + 1);
  for (const [k, c] of live) assert.equal(c, 1, `one live entry for ${k}`);
  for (const e of r.entries) if (e.overridden) assert.ok(live.has(e.key), 'an overridden key has a live one');
}

test('properties: random text never throws and every span lies inside the document', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => {
      count('properties random');
      checkProperties(s);
    }),
    { numRuns: RUNS },
  );
});

test('properties: mutated real configs (Jira, Confluence) never throw and keep their spans inside', () => {
  assert.ok(realProps.length >= 3, `real properties configs found: ${realProps.length}`);
  fc.assert(
    fc.property(mutated(realProps), (s) => {
      count('properties mutated');
      checkProperties(s);
    }),
    { numRuns: Math.max(50, RUNS / 3) },
  );
});

// Java's Properties.store escaping: what a key/value must look like to be read back exactly.
function escapeKey(k: string): string {
  return k.replace(/[\\=: \t#!]/g, (c) => '\\' + (c === '\t' ? 't' : c)).replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}
function escapeValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/^[ \t=:]/, (c) => '\\' + (c === '\t' ? 't' : c)).replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
}
const keyChars = fc.string({ minLength: 1, maxLength: 12, unit: fc.constantFrom(...'abcXYZ.09_-=: #!\\'.split('')) });
const valueChars = fc.string({ maxLength: 20, unit: fc.constantFrom(...'aB9 ,.=:#!\\\t\n{}$'.split('')) });

test('properties: what Properties.store writes is read back to the same keys and values (last wins)', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(keyChars, valueChars, fc.constantFrom(' = ', '=', ':', ' : ', ' '), fc.constantFrom('\n', '\r\n', '\r')), { maxLength: 12 }),
      fc.boolean(),
      (pairs, continuation) => {
        count('properties round trip');
        let text = '';
        const expected = new Map<string, string>();
        for (const [k, v, sep, eol] of pairs) {
          let val = escapeValue(v);
          // Split a long value over a continuation line, as admins do (leading whitespace of the next line is dropped).
          // (Only where the continued part does not start with whitespace: Java drops that too.)
          if (continuation && val.length > 4 && !/^[ \t\f]/.test(val.slice(3)) && !val.slice(0, 3).endsWith('\\')) {
            const cut = 3;
            const head = val.slice(0, cut);
            if (!/\\$/.test(head.replace(/\\\\/g, ''))) val = head + '\\' + eol + '   ' + val.slice(cut);
          }
          // A bare separator ' ' with an empty value is still key + empty value.
          text += escapeKey(k) + sep + val + eol;
          expected.set(k, v);
        }
        const r = parseProperties(text);
        const got = new Map(r.entries.filter((e) => !e.overridden).map((e) => [e.key, e.value]));
        assert.deepEqual(got, expected, JSON.stringify(text));
        checkProperties(text);
      },
    ),
    { numRuns: RUNS },
  );
});

function checkXml(text: string): void {
  const doc = parseXml(text);
  const n = text.length;
  for (const el of walk(doc.roots)) {
    assertSpan(el.span, n, 'element');
    assertSpan(el.nameSpan, n, 'element name');
    assertSpan(el.startTagSpan, n, 'start tag');
    if (el.contentSpan) assertSpan(el.contentSpan, n, 'content');
    assert.equal(text.slice(el.nameSpan.start, el.nameSpan.end), el.name, 'name span holds the name');
    for (const a of el.attributes) {
      assertSpan(a.span, n, 'attribute');
      assertSpan(a.nameSpan, n, 'attribute name');
      if (a.valueSpan) assertSpan(a.valueSpan, n, 'attribute value');
      assert.equal(text.slice(a.nameSpan.start, a.nameSpan.end), a.name);
    }
    for (const c of el.children) assert.ok(c.span.start >= el.span.start && c.span.end <= el.span.end, 'children inside their parent');
  }
  for (const e of doc.errors) assertSpan(e.span, n, 'error');
  for (const c of doc.comments) assertSpan(c.span, n, 'comment');
}

// Random well-formed trees: the scanner must find every element and attribute exactly, with no error.
interface Tree {
  name: string;
  attrs: [string, string][];
  children: Tree[];
}
const xmlName = fc.constantFrom('Configuration', 'Loggers', 'Logger', 'AppenderRef', 'Root', 'Appenders', 'JiraHomeAppender', 'log4j:configuration', 'appender-ref', 'Properties');
const attrValue = fc.string({ maxLength: 12, unit: fc.constantFrom(...'ab Z9.<>&"\'/='.split('')) });
const attrs = fc.uniqueArray(fc.tuple(fc.constantFrom('name', 'level', 'ref', 'additivity', 'fileName', 'x:y'), attrValue), { maxLength: 3, selector: (a) => a[0] });
function treeOfDepth(depth: number): fc.Arbitrary<Tree> {
  return fc.record({ name: xmlName, attrs, children: depth <= 0 ? fc.constant([]) : fc.array(treeOfDepth(depth - 1), { maxLength: 3 }) });
}
const tree = treeOfDepth(4);
function escapeAttr(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
function render(t: Tree, indent: string): string {
  const attrs = t.attrs.map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join('');
  if (!t.children.length) return `${indent}<${t.name}${attrs}/>\n`;
  return `${indent}<${t.name}${attrs}>\n${t.children.map((c) => render(c, indent + '  ')).join('')}${indent}</${t.name}>\n`;
}
function flatten(t: Tree): [string, [string, string][]][] {
  return [[t.name, t.attrs], ...t.children.flatMap(flatten)];
}

test('xml: random well-formed documents are read exactly (names, decoded attribute values), with no error', () => {
  fc.assert(
    fc.property(tree, fc.boolean(), (t, withDecl) => {
      count('xml well-formed');
      const text = (withDecl ? '<?xml version="1.0" encoding="UTF-8"?>\n<!-- generated -->\n' : '') + render(t, '');
      const doc = parseXml(text);
      assert.deepEqual(doc.errors, [], text);
      const got = [...walk(doc.roots)].map((el) => [el.name, el.attributes.map((a) => [a.name, a.value ?? ''])]);
      assert.deepEqual(got, flatten(t));
      checkXml(text);
    }),
    { numRuns: RUNS },
  );
});

test('xml: random and mutated documents never throw; every span lies inside the document', () => {
  const bases = realXml.length ? realXml : [render({ name: 'Configuration', attrs: [], children: [] }, '')];
  fc.assert(
    fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), mutated(bases), tree.map((t) => render(t, '')).chain((s) => mutated([s]))), (s) => {
      count('xml random/mutated');
      checkXml(s);
    }),
    { numRuns: RUNS },
  );
});

/** detectSyntax for properties as first written: both generations counted over the first 5000 lines, then the name and the counts decide. */
function detectPropertiesByCounting(fileName: string, text: string): string | undefined {
  const base = fileName.replace(/\\/g, '/').split('/').pop()!.toLowerCase();
  const v1Re = /^[ \t\f]*log4j\.(rootLogger|rootCategory|logger\.|category\.|appender\.|additivity\.|threshold|debug|reset|renderer\.|loggerFactory)/;
  const v2Re = /^[ \t\f]*(appender\.[^.=:\s]+\.(type|name)|rootLogger(\.level|\.appenderRef|[^\S\r\n]*[=:])|logger\.[^.=:\s]+\.(name|level)|appenders[^\S\r\n]*[=:]|loggers[^\S\r\n]*[=:])/;
  let v1 = 0;
  let v2 = 0;
  const lines = text.slice(0, 200_000).split(/\r\n|\r|\n/).slice(0, 5000);
  for (const line of lines) {
    if (v1Re.test(line)) v1++;
    else if (v2Re.test(line)) v2++;
  }
  if (/^log4j2[^/]*\.properties(\.j2)?$/.test(base)) return v2 > 0 || v1 === 0 ? 'log4j2-properties' : 'log4j1-properties';
  if (/^log4j[^/]*\.properties(\.j2)?$/.test(base)) return v1 > 0 || v2 === 0 ? 'log4j1-properties' : 'log4j2-properties';
  if (v1 > 0 && v1 >= v2) return 'log4j1-properties';
  if (v2 > 0) return 'log4j2-properties';
  return undefined;
}

test('detectSyntax of properties: stopping at the first key that decides gives what counting every key gives', () => {
  const line = fc.constantFrom(
    'log4j.rootLogger=WARN, a',
    'log4j.logger.x = INFO, a',
    '  log4j.appender.a=org.apache.log4j.ConsoleAppender',
    'log4j.additivity.x=false',
    'appender.f.type = File',
    'appender.f.name = f',
    'rootLogger.level = info',
    'rootLogger = INFO, f',
    'logger.x.name = com.x',
    'loggers = x',
    '# log4j.logger.commented = INFO',
    'db.url = jdbc:x',
    '',
  );
  const name = fc.constantFrom('log4j.properties', 'log4j2.properties', 'log4j-test.properties', 'log4j2-test.properties.j2', 'app.properties', 'C:\\jira\\LOG4J.properties');
  fc.assert(
    fc.property(name, fc.array(line, { maxLength: 30 }), fc.constantFrom('\n', '\r\n', '\r'), (n, lines, eol) => {
      count('detectSyntax');
      const text = lines.join(eol);
      assert.equal(detectSyntax(n, text), detectPropertiesByCounting(n, text), JSON.stringify({ n, text }));
    }),
    { numRuns: RUNS },
  );
});
