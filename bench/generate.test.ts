// The generator's truth must be true: recount the written files independently.
//   node --import tsx --test bench/generate.test.ts
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { ensureLog, generateLog, generateSamples, parseSize, type GenFormat } from './generate';

const TS = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3}/;

function recount(path: string): { entries: number; lines: number; multiline: number; text: string } {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  assert.equal(lines.pop(), '', 'file ends with a newline');
  let entries = 0, multiline = 0, span = 0;
  for (const l of lines) {
    if (TS.test(l)) { if (span > 1) multiline++; entries++; span = 1; } else { assert.ok(entries > 0, 'first line is an entry'); span++; }
  }
  if (span > 1) multiline++;
  return { entries, lines: lines.length, multiline, text };
}

const dir = mkdtempSync(join(tmpdir(), 'authlog-gen-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

for (const format of ['jira', 'jira-security', 'confluence', 'apitokenservice'] as GenFormat[]) {
  test(`${format}: the manifest counts what the file holds`, () => {
    const p = join(dir, `${format}.log`);
    const t = generateLog(p, { format, bytes: 400_000, seed: 7 });
    const c = recount(p);
    assert.equal(t.bytes, statSync(p).size);
    assert.ok(t.bytes >= 400_000 && t.bytes < 420_000);
    assert.equal(t.entries, c.entries);
    assert.equal(t.lines, c.lines);
    assert.equal(t.multiline, c.multiline);
    const kinds = Object.values(t.byKind).reduce((a, b) => a + b, 0);
    assert.equal(kinds, t.entries, 'every entry has one kind');
    const events = Object.values(t.events).reduce((a, b) => a + b, 0);
    const outcomes = Object.values(t.byOutcome).reduce((a, b) => a + b, 0);
    assert.equal(events, outcomes);
    assert.equal(events, t.entries - (t.byKind.other ?? 0), 'every non-noise entry is one auth event');
    assert.ok(events > 0);
    // Keyword recount of a few event kinds straight from the text.
    const count = (re: RegExp): number => (c.text.match(re) ?? []).length;
    assert.equal(count(/has PASSED authentication using /g), t.events['kantega.audit.passed'] ?? 0);
    assert.equal(count(/has FAILED authentication using /g), t.events['kantega.audit.failed'] ?? 0);
    assert.equal(count(/\[com\.kantegasso\.DiagnosticsLog\] \{"timestamp"/g), t.events['kantega.diagnostics.failed'] ?? 0);
    assert.equal(count(/ApiTokenRateLimiter\] Rate limit exceeded/g), t.events['apitoken.ratelimited'] ?? 0);
  });
}

test('same options give the same bytes; another seed gives others', () => {
  const a = join(dir, 'a.log'), b = join(dir, 'b.log'), c = join(dir, 'c.log');
  generateLog(a, { format: 'jira', bytes: 200_000, seed: 3 });
  generateLog(b, { format: 'jira', bytes: 200_000, seed: 3 });
  generateLog(c, { format: 'jira', bytes: 200_000, seed: 4 });
  const h = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');
  assert.equal(h(a), h(b));
  assert.notEqual(h(a), h(c));
});

test('ensureLog reuses a file with the same options and rewrites on change', () => {
  const p = join(dir, 'e.log');
  const first = ensureLog(p, { format: 'jira', bytes: 100_000, seed: 1 });
  assert.equal(first.reused, false);
  const again = ensureLog(p, { format: 'jira', bytes: 100_000, seed: 1 });
  assert.equal(again.reused, true);
  assert.equal(again.entries, first.entries);
  const other = ensureLog(p, { format: 'jira', bytes: 100_000, seed: 2 });
  assert.equal(other.reused, false);
});

test('samples: every format on every node, with Kantega diagnostics (stray brace, wrapped) and stack traces', () => {
  const ts = generateSamples(join(dir, 'samples'), { bytes: 1_000_000, nodes: 2 });
  assert.equal(ts.length, 8);
  const jira = readFileSync(join(dir, 'samples', 'node1', 'atlassian-jira.log'), 'utf8');
  assert.match(jira, /"\} \}\n/);
  assert.match(jira, /,\nRemoteIP: /);
  assert.match(jira, /\n\tat /);
  assert.match(jira, /\nCaused by: /);
  assert.match(jira, / \d+\.\d+\.\d+\.\d+,\d+\.\d+\.\d+\.\d+ /, 'proxy chains');
});

test('parseSize', () => {
  assert.equal(parseSize('10MB'), 10_000_000);
  assert.equal(parseSize('1GiB'), 1024 ** 3);
  assert.equal(parseSize('512k'), 512_000);
  assert.throws(() => parseSize('ten'), /not a size/);
});
