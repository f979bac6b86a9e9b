// Property tests of the per-entry log analysis (issue 6): random bytes and mutated real lines never
// make format detection, field parsing, classification, the lenient JSON or the filter throw, and
// what they return stays plain text within its limits.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyseEntry, describeEntry } from '../../server/src/logs/classify';
import { detectFormat } from '../../server/src/logs/formats';
import { parseDiagnosticsJson, splitDetails } from '../../server/src/logs/json';
import { compileFilter } from '../../server/src/logs/filter';
import { MESSAGE_LIMIT } from '../../server/src/logs/fields';
import type { LogFormat } from '../../shared/protocol';
import { filesUnder, propRuns } from './setup';

const RUNS = propRuns(300, 20261122);
let cases = 0;
after(() => console.log(`# log analysis cases tried: ${cases}`));

const realLines = filesUnder(join(__dirname, '..', 'fixtures', 'logs'))
  .filter((p) => /\.log$/.test(p))
  .flatMap((p) => readFileSync(p, 'utf8').split('\n'))
  .filter((l) => l.length > 0);
const formats: LogFormat[] = ['jira', 'jira-security', 'confluence', 'apitokenservice', 'bitbucket', 'unknown'];

const entryText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.tuple(fc.constantFrom(...realLines), fc.nat(400), fc.string({ unit: 'binary', maxLength: 30 }), fc.nat(20)).map(([line, at, ins, del]) => {
    const i = at % (line.length + 1);
    return line.slice(0, i) + ins + line.slice(i + del);
  }),
  fc.array(fc.constantFrom(...realLines), { minLength: 1, maxLength: 4 }).map((ls) => ls.join('\n')),
);

test('format detection, fields, classification and details never throw on random or mutated entries', () => {
  assert.ok(realLines.length > 100, `real lines to mutate: ${realLines.length}`);
  fc.assert(
    fc.property(entryText, fc.constantFrom(...formats), (text, format) => {
      cases++;
      detectFormat(text.split('\n'));
      const row = analyseEntry(format, text);
      assert.equal(typeof row.message, 'string');
      assert.ok(row.message.length <= MESSAGE_LIMIT + 1, `message cut at ${MESSAGE_LIMIT}`);
      for (const v of Object.values(row)) assert.ok(['string', 'number'].includes(typeof v), 'row fields are plain strings and numbers');
      const d = describeEntry(format, text, 100);
      assert.ok(d.raw.length <= 100 && d.truncated === text.length > 100);
      for (const [k, v] of d.details ?? []) assert.ok(typeof k === 'string' && typeof v === 'string');
    }),
    { numRuns: RUNS },
  );
});

test('lenient JSON: any text after a diagnostics prefix parses or says why, and never throws', () => {
  const seedJson = '{"timestamp":"2019-11-11 15:23:07,230","context":"Kerberos","message":"Authentication has FAILED, KerberosTicket: HTTP/x@EXAMPLE.LOCAL, EncType: 18, Reason: Failed to validate client token, Exception: GSSException: (Mechanism level: x (400) - y)"} }';
  fc.assert(
    fc.property(fc.nat(seedJson.length), fc.string({ maxLength: 20 }), fc.nat(10), (at, ins, del) => {
      cases++;
      const text = seedJson.slice(0, at) + ins + seedJson.slice(at + del);
      const r = parseDiagnosticsJson(text);
      if (r) {
        assert.equal(typeof r.json.ok, 'boolean');
        if (r.json.ok) assert.doesNotThrow(() => JSON.parse(r.json.pretty!), 'pretty output is JSON');
        else assert.ok(r.json.error, 'a failed parse says why');
      }
      splitDetails(text);
    }),
    { numRuns: RUNS },
  );
});

test('filters: any user text or regex compiles to a predicate or a clear error, never an exception', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 30 }), fc.boolean(), (text, regex) => {
      cases++;
      let compiled: ReturnType<typeof compileFilter> | undefined;
      try {
        compiled = compileFilter({ text, regex, user: text, ip: text });
      } catch (e) {
        assert.fail(`compileFilter threw on ${JSON.stringify(text)}: ${String(e)}`);
      }
      assert.ok(compiled);
    }),
    { numRuns: RUNS },
  );
});
