// Property-based tests of the incremental config analysis (fast-check): a log4j 1 properties file
// edited step by step, each version parsed with the previous version's model (as the language
// server does), gives exactly what a fresh parse of that version gives: the properties table, the
// diagnostics at every step, and the model, code actions and hovers at the end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { scanProperties, type PropertiesTable } from '../../server/src/config/properties';
import { createConfigService } from '../../server/src/config/service';
import type { ConfigModel } from '../../server/src/config/model';
import { ServerTextDocument } from '../../server/src/lsp/textDocument';
import { ModelCache } from '../../server/src/lsp/modelCache';
import { casesTried, filesUnder, propRuns } from './setup';

const RUNS = propRuns(300, 20261123);
const count = casesTried('incremental');

// The log4j 1 properties files of the fixtures (real shipped configs and the team's realistic ones).
const bases = filesUnder(join(__dirname, '..', 'fixtures'))
  .filter((p) => /(real-)?configs\//.test(p) && /\.properties$/.test(p) && !/log4j2/.test(p))
  .map((p) => readFileSync(p, 'utf8'));

const names = ['com.kantegasso.AuditLog', 'com.kantegasso.Auditlog', 'com.kantegasso.DiagnosticsLog', 'de.resolution.apitokenauth', 'com.atlassian.jira.web', 'x.Y', '', 'a\\:b'];
const levels = ['INFO', 'WARN', 'ON', 'WARNING', 'inherited', 'INFO securitylog', 'INFO, securitylog', 'WARN, filelog, nope', ', filelog', '', 'LEVEL#x.Y', 'INFO,\\\n  filelog'];
/** A line an admin may write in a log4j.properties (or a fragment of one). */
const line = fc.oneof(
  fc.record({ p: fc.constantFrom('log4j.logger.', 'log4j.category.', 'log4j.additivity.'), n: fc.constantFrom(...names), s: fc.constantFrom('=', ' = ', ':', ' '), v: fc.constantFrom(...levels, 'false', 'true') }).map(({ p, n, s, v }) => `${p}${n}${s}${v}`),
  fc.record({ k: fc.constantFrom('log4j.rootLogger', 'log4j.rootCategory'), v: fc.constantFrom(...levels) }).map(({ k, v }) => `${k}=${v}`),
  fc.record({ a: fc.constantFrom('securitylog', 'filelog', 'x'), s: fc.constantFrom('', '.File', '.Threshold', '.layout'), v: fc.constantFrom('org.apache.log4j.FileAppender', 'ERROR', 'a.log', '${jndi:ldap://x}', 'org.apache.log4j.net.SocketServer') }).map(({ a, s, v }) => `log4j.appender.${a}${s}=${v}`),
  fc.constantFrom('# Security logs', '# x', '! y', '', '   ', 'a\\', '  continued', 'k\\u0041=1', 'k\\u00=1', 'appender.x.type=File', 'log4j.logger.x=INFO'),
);
const edit = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  remove: fc.oneof(fc.nat(6), fc.nat(300)),
  insert: fc.oneof(
    fc.tuple(line, fc.constantFrom('\n', '\r\n', '\r')).map(([l, eol]) => l + eol),
    fc.constantFrom('', '\n', '\r', '\r\n', '\\', '#', '=', ',', ' ', 'x', 'log4j.'),
    fc.string({ maxLength: 8 }),
  ),
});
const start = fc.oneof(
  fc.constantFrom(...bases),
  fc.array(fc.tuple(line, fc.constantFrom('\n', '\r\n')), { maxLength: 40 }).map((ls) => ls.map(([l, eol]) => l + eol).join('')),
);

function apply(text: string, e: { at: number; remove: number; insert: string }): string {
  const a = Math.floor(e.at * (text.length + 1));
  return text.slice(0, a) + e.insert + text.slice(Math.min(text.length, a + e.remove));
}

/** Every row of a table, as values. */
function rows(t: PropertiesTable): unknown {
  const entries: unknown[] = [];
  for (let i = 0; i < t.count; i++) entries.push([t.lineStart[i], t.start[i], t.keyEnd[i], t.valueStart[i], t.end[i], t.line[i], t.overridden(i), JSON.stringify(t.entry(i))]);
  const comments: unknown[] = [];
  for (let k = 0; k < t.commentCount; k++) comments.push([t.commentLineStart[k], t.commentStart[k], t.commentEnd[k], t.commentLine[k]]);
  return { entries, comments, errors: t.errors, duplicates: t.duplicates, keys: [...(t.keys ?? [])].sort(), repeats: [...(t.repeats ?? [])].sort() };
}

test('an incremental scan of an edited properties text is the scan of the whole text', () => {
  fc.assert(
    fc.property(start, fc.array(edit, { minLength: 1, maxLength: 10 }), (text0, edits) => {
      count('table');
      let text = text0;
      let previous = scanProperties(text);
      for (const e of edits) {
        text = apply(text, e);
        const again = scanProperties(text, previous);
        assert.deepEqual(rows(again), rows(scanProperties(text)), JSON.stringify(text));
        previous = again;
      }
    }),
    { numRuns: RUNS },
  );
});

const service = createConfigService();
const withoutParents = (_key: string, v: unknown): unknown => (_key === 'parent' ? undefined : v);

test('a model parsed with the previous version\'s model gives the findings, model and quick fixes of a fresh parse', () => {
  fc.assert(
    fc.property(start, fc.array(edit, { minLength: 1, maxLength: 10 }), (text0, edits) => {
      count('model');
      let text = text0;
      let document = TextDocument.create('file:///srv/jira/log4j.properties', 'properties', 1, text);
      let model: ConfigModel = service.parse(document, 'log4j1-properties')!;
      service.validate(document, model);
      let version = 1;
      for (const e of edits) {
        text = apply(text, e);
        document = TextDocument.create(document.uri, 'properties', ++version, text);
        // As the server does: the previous model was only validated (nothing else of it read).
        const incremental = service.parse(document, 'log4j1-properties', model)!;
        const fresh = service.parse(document, 'log4j1-properties')!;
        const found = service.validate(document, incremental);
        assert.deepEqual(found, service.validate(document, fresh), JSON.stringify(text));
        model = incremental;
      }
      const fresh = service.parse(document, 'log4j1-properties')!;
      assert.equal(JSON.stringify(model, withoutParents), JSON.stringify(fresh, withoutParents), JSON.stringify(text));
      const fixes = (m: ConfigModel) => service.validate(document, m).map((d) => service.codeActions(document, m, d.range, { diagnostics: [d] }));
      assert.deepEqual(fixes(model), fixes(fresh));
      for (const at of [0, text.length >> 1, text.indexOf('log4j.logger.') + 14]) {
        if (at < 0 || at > text.length) continue;
        const position = document.positionAt(at);
        assert.deepEqual(service.hover(document, model, position), service.hover(document, fresh, position));
      }
    }),
    { numRuns: RUNS },
  );
});

test('the language server\'s documents and model cache (ranged edits, each model parsed from the previous one) give the findings of a fresh parse', () => {
  fc.assert(
    fc.property(start, fc.array(edit, { minLength: 1, maxLength: 10 }), (text0, edits) => {
      count('server');
      const document = new ServerTextDocument('file:///srv/jira/log4j.properties', 'properties', 1, text0);
      const cache = new ModelCache();
      service.validate(document, cache.get(document, service).model!);
      let version = 1;
      for (const e of edits) {
        // The edit as the client sends it: a range of the current text (line and character: an
        // offset inside a \r\n is the line's end) and its replacement.
        const text = document.getText();
        const range = { start: document.positionAt(Math.floor(e.at * (text.length + 1))), end: document.positionAt(Math.floor(e.at * (text.length + 1)) + e.remove) };
        const a = document.offsetAt(range.start);
        const b = document.offsetAt(range.end);
        document.update([{ range, text: e.insert }], ++version);
        const after = document.getText();
        assert.equal(after, text.slice(0, a) + e.insert + text.slice(b));
        const analysis = cache.get(document, service);
        const fresh = TextDocument.create(document.uri, 'properties', version, after);
        const expected = analysis.model ? service.validate(fresh, service.parse(fresh, analysis.syntax)!) : undefined;
        assert.deepEqual(analysis.model ? service.validate(document, analysis.model) : undefined, expected, JSON.stringify(after));
        if (e.at < 0.5) {
          // The same version under another tag (another product setting): made from this model's rows, the same model.
          const retagged = cache.get(document, service, `tag${version}`);
          assert.deepEqual(retagged.model ? service.validate(document, retagged.model) : undefined, expected, JSON.stringify(after));
          if (retagged.model) assert.equal(JSON.stringify(retagged.model, withoutParents), JSON.stringify(service.parse(fresh, analysis.syntax), withoutParents));
        }
      }
    }),
    { numRuns: RUNS },
  );
});
