// The tolerant XML scanner: well-formed, broken and half-typed documents; spans checked by slicing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attr, decodeEntities, elementAt, localName, parseXml, walk } from '../../../server/src/config/xml';
import type { XmlElement } from '../../../server/src/config/model';

const slice = (t: string, s: { start: number; end: number } | undefined) => (s ? t.slice(s.start, s.end) : undefined);
const names = (els: readonly XmlElement[]) => [...walk(els)].map((e) => e.name);

const wellFormed = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE log4j:configuration SYSTEM "log4j.dtd" [ <!ENTITY x "y"> ]>
<!-- Jira 9.5 -->
<Configuration status="WARN" packages='com.atlassian.jira.logging'>
  <Appenders>
    <JiraHomeAppender name="filelog" fileName="atlassian-jira.log">
      <PatternLayout pattern="%d %p &lt;%c&gt; &amp; %m%n"/>
    </JiraHomeAppender>
  </Appenders>
  <Loggers>
    <![CDATA[ <Logger name="not.an.element"/> ]]>
    <?pi ignored?>
    <Logger name="de.resolution.apitokenauth" level="INFO" additivity="false">
      <AppenderRef ref="filelog"/>
    </Logger>
  </Loggers>
</Configuration>
`;

test('well-formed: tree, names, attributes, values and their exact spans', () => {
  const doc = parseXml(wellFormed);
  assert.deepEqual(doc.errors, []);
  assert.equal(doc.roots.length, 1);
  assert.deepEqual(names(doc.roots), ['Configuration', 'Appenders', 'JiraHomeAppender', 'PatternLayout', 'Loggers', 'Logger', 'AppenderRef']);
  const root = doc.roots[0];
  assert.equal(slice(wellFormed, root.nameSpan), 'Configuration');
  assert.equal(attr(root, 'packages')?.value, 'com.atlassian.jira.logging');
  assert.equal(slice(wellFormed, attr(root, 'packages')?.valueSpan), 'com.atlassian.jira.logging');
  assert.equal(slice(wellFormed, attr(root, 'status')?.span), 'status="WARN"');
  assert.ok(slice(wellFormed, root.span)!.startsWith('<Configuration'));
  assert.ok(slice(wellFormed, root.span)!.endsWith('</Configuration>'));
  assert.equal(slice(wellFormed, root.startTagSpan), `<Configuration status="WARN" packages='com.atlassian.jira.logging'>`);
  assert.ok(root.closed && root.startTagClosed && !root.selfClosing);

  const logger = [...walk(doc.roots)].find((e) => e.name === 'Logger')!;
  assert.equal(slice(wellFormed, attr(logger, 'name')?.valueSpan), 'de.resolution.apitokenauth');
  const content = slice(wellFormed, logger.contentSpan)!;
  assert.equal(content.trim(), '<AppenderRef ref="filelog"/>');
  assert.equal(logger.parent?.name, 'Loggers');
  const ref = logger.children[0];
  assert.ok(ref.selfClosing);
  assert.equal(ref.contentSpan, undefined);
  assert.equal(slice(wellFormed, ref.span), '<AppenderRef ref="filelog"/>');

  // Comments kept, CDATA / PI / DOCTYPE skipped.
  assert.equal(doc.comments.length, 1);
  assert.equal(doc.comments[0].text, '<!-- Jira 9.5 -->');
});

test('entities are decoded in attribute values; the span stays on the raw text', () => {
  const doc = parseXml(wellFormed);
  const layout = [...walk(doc.roots)].find((e) => e.name === 'PatternLayout')!;
  const p = attr(layout, 'pattern')!;
  assert.equal(p.value, '%d %p <%c> & %m%n');
  assert.equal(slice(wellFormed, p.valueSpan), '%d %p &lt;%c&gt; &amp; %m%n');
  assert.equal(decodeEntities('&#65;&#x42;&quot;&apos;&unknown;'), 'AB"\'&unknown;');
});

test('log4j 1 XML with a prefixed root: localName and case-insensitive attr', () => {
  const t = '<log4j:configuration xmlns:log4j="http://jakarta.apache.org/log4j/"><Logger NAME="x"/></log4j:configuration>';
  const doc = parseXml(t);
  assert.deepEqual(doc.errors, []);
  assert.equal(localName(doc.roots[0]), 'configuration');
  assert.equal(attr(doc.roots[0].children[0], 'name')?.value, 'x');
});

test('half-typed: `<Logger name="` at end of file still gives the element and an empty value at the cursor', () => {
  const t = '<Configuration>\n  <Loggers>\n    <Logger name="';
  const doc = parseXml(t);
  const logger = [...walk(doc.roots)].find((e) => e.name === 'Logger')!;
  assert.ok(logger, 'Logger element exists');
  assert.equal(logger.parent?.name, 'Loggers');
  const name = attr(logger, 'name')!;
  assert.equal(name.value, '');
  assert.deepEqual(name.valueSpan, { start: t.length, end: t.length });
  assert.equal(logger.startTagClosed, false);
  assert.equal(elementAt(doc, t.length)?.name, 'Logger');
  // Reported, without throwing: the open value and the two unclosed parents.
  assert.ok(doc.errors.length >= 1);
  assert.ok(doc.errors.every((e) => e.span.start >= 0 && e.span.end <= t.length));
});

test('half-typed: a start tag without `>` followed by children and its end tag', () => {
  const t = '<Configuration><Loggers><Logger name="x" level="INFO"\n  <AppenderRef ref="a"/>\n</Logger></Loggers></Configuration>';
  const doc = parseXml(t);
  const logger = [...walk(doc.roots)].find((e) => e.name === 'Logger')!;
  assert.equal(logger.children[0]?.name, 'AppenderRef');
  assert.ok(logger.closed);
  assert.equal(doc.errors.length, 1, JSON.stringify(doc.errors));
  assert.equal(slice(t, doc.errors[0].span), 'Logger');
  assert.match(doc.errors[0].message, /not closed/);
});

test('broken: an unclosed child is reported once, at its name', () => {
  const t = '<Configuration>\n<Loggers>\n<Logger name="x"><AppenderRef ref="a"></Logger>\n</Loggers>\n</Configuration>';
  const doc = parseXml(t);
  assert.equal(doc.errors.length, 1, JSON.stringify(doc.errors));
  assert.equal(slice(t, doc.errors[0].span), 'AppenderRef');
  assert.match(doc.errors[0].message, /never closed/);
  // The tree is still right.
  assert.deepEqual(names(doc.roots), ['Configuration', 'Loggers', 'Logger', 'AppenderRef']);
});

test('broken: a stray end tag is reported at its name; nothing else', () => {
  const t = '<Configuration>\n  <Loggers>\n  </Logger>\n  </Loggers>\n</Configuration>';
  const doc = parseXml(t);
  assert.equal(doc.errors.length, 1);
  assert.equal(slice(t, doc.errors[0].span), 'Logger');
  assert.equal(t.slice(0, doc.errors[0].span.start).split('\n').length, 3);
});

test('broken: unterminated comment, bare `<`, unquoted value, missing end tags', () => {
  const cases: [string, RegExp, string][] = [
    ['<Configuration><!-- never closed', /Comment not closed/, '<!--'],
    ['<Configuration>a < b</Configuration>', /does not start a tag/, '<'],
    ['<Configuration status=warn></Configuration>', /quotes/, 'status='],
    ['<Configuration><Loggers>', /Loggers> is never closed/, 'Loggers'],
  ];
  for (const [t, re, at] of cases) {
    const doc = parseXml(t);
    const e = doc.errors.find((x) => re.test(x.message));
    assert.ok(e, `${t}: ${JSON.stringify(doc.errors)}`);
    assert.equal(slice(t, e!.span), at, t);
  }
});

test('a literal `<` inside a quoted value is reported at the `<`, and the value is still read', () => {
  const t = '<Configuration><Appenders><File name="f"><PatternLayout pattern="%d <%c> %m%n"/></File></Appenders></Configuration>';
  const doc = parseXml(t);
  assert.equal(doc.errors.length, 1, JSON.stringify(doc.errors));
  assert.equal(doc.errors[0].span.start, t.indexOf('<%c>'));
  assert.match(doc.errors[0].message, /&lt;/);
  const layout = [...walk(doc.roots)].find((e) => e.name === 'PatternLayout')!;
  assert.equal(attr(layout, 'pattern')?.value, '%d <%c> %m%n');
  assert.ok(layout.selfClosing);
});

test('fast-xml-parser second opinion: duplicate attribute, reported once at the right line', () => {
  const t = '<Configuration>\n  <Loggers>\n    <Logger name="a" name="b"/>\n  </Loggers>\n</Configuration>';
  const doc = parseXml(t);
  assert.equal(doc.errors.length, 1, JSON.stringify(doc.errors));
  assert.match(doc.errors[0].message, /repeated/);
  assert.equal(t.slice(0, doc.errors[0].span.start).split('\n').length, 3);
});

test('a second root element is an error (second opinion)', () => {
  const t = '<Configuration></Configuration>\n<Configuration></Configuration>';
  const doc = parseXml(t);
  assert.equal(doc.errors.length, 1);
  assert.equal(t.slice(0, doc.errors[0].span.start).split('\n').length, 2);
});

test('never throws, whatever the input', () => {
  const inputs = ['', '<', '</', '<!', '<!--', '<?', '<a', '<a b', '<a b=', '<a b="', "<a b='x", '<a/', '</a>', '&', '<a>&</a>', '<![CDATA[', '<!DOCTYPE [', '<a><b><c>', '\uffff<\u0000>'];
  for (const t of inputs) assert.doesNotThrow(() => parseXml(t), JSON.stringify(t));
});

test('spans are consistent on every element of a half-typed document', () => {
  const t = '<Configuration><Appenders><File name="f" fileName="x.log"><PatternLayout pattern="%m%n"/></File></Appenders><Loggers><Logger name="a" level="IN';
  const doc = parseXml(t);
  for (const el of walk(doc.roots)) {
    assert.equal(t[el.span.start], '<', el.name);
    assert.equal(slice(t, el.nameSpan), el.name);
    assert.ok(el.span.end <= t.length && el.span.start <= el.startTagSpan.end);
    for (const a of el.attributes) {
      assert.equal(slice(t, a.nameSpan), a.name);
      if (a.valueSpan) assert.equal(decodeEntities(slice(t, a.valueSpan)!), a.value);
    }
  }
  const logger = [...walk(doc.roots)].find((e) => e.name === 'Logger')!;
  assert.equal(attr(logger, 'level')?.value, 'IN');
});
