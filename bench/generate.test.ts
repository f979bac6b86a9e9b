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

// The truth speaks the classifier's language: AuthLog's classifier (server/src/logs/classify.ts, the
// event data in events.ts), run entry by entry over the generated text, must find exactly the
// generator's kinds, outcomes, methods and events. When one side changes wording or outcome, this
// says so before the bench reports a false "NO".
test('classify.ts agrees with the truth, entry by entry, on every format', async () => {
  const { analyseEntry } = await import('../server/src/logs/classify');
  const { detectFormat } = await import('../server/src/logs/formats');
  for (const format of ['jira', 'jira-security', 'confluence', 'apitokenservice'] as GenFormat[]) {
    const p = join(dir, `agree-${format}.log`);
    const t = generateLog(p, { format, bytes: 600_000, seed: 11 });
    const lines = readFileSync(p, 'utf8').split('\n');
    lines.pop();
    const detected = detectFormat(lines.slice(0, 50), p);
    assert.equal(detected, format, `format detected for ${format}`);
    const entries: string[] = [];
    for (const l of lines) {
      if (TS.test(l)) entries.push(l);
      else entries[entries.length - 1] += '\n' + l;
    }
    assert.equal(entries.length, t.entries);
    const byKind: Record<string, number> = {}, byOutcome: Record<string, number> = {}, events: Record<string, number> = {};
    const byMethod: Record<string, { passed: number; failed: number }> = {};
    for (const e of entries) {
      const r = analyseEntry(detected, e);
      byKind[r.kind] = (byKind[r.kind] ?? 0) + 1;
      if (r.outcome) byOutcome[r.outcome] = (byOutcome[r.outcome] ?? 0) + 1;
      if (r.event) events[r.event] = (events[r.event] ?? 0) + 1;
      if (r.method && r.outcome && r.outcome !== 'info') (byMethod[r.method] ??= { passed: 0, failed: 0 })[r.outcome === 'passed' ? 'passed' : 'failed']++;
    }
    const sorted = (o: object): string => JSON.stringify(Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b))));
    assert.equal(sorted(byKind), sorted(t.byKind), `${format} byKind`);
    assert.equal(sorted(byOutcome), sorted(t.byOutcome), `${format} byOutcome`);
    assert.equal(sorted(byMethod), sorted(t.byMethod), `${format} byMethod`);
    const want: Record<string, number> = {};
    for (const [k, v] of Object.entries(t.events)) {
      const id = k === 'apitoken.passed.scoped' ? 'apitoken.passed' : k;
      want[id] = (want[id] ?? 0) + v;
    }
    assert.equal(sorted(events), sorted(want), `${format} events`);
  }
});
