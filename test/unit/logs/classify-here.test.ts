// Candidate entries classified on the indexer's thread (IndexOptions.classifyHere, IndexJob.candidateTexts):
// the workers hand over the texts of their batches' candidate entries and the indexer classifies
// them. The index (every column) and the summary must be exactly those of workers classifying
// themselves, and the choice follows the caller: fresh workers and a caller that waits for the
// whole index (the CLI, indexFiles) classify here; the viewer's thread stays free.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TransferListItem } from 'node:worker_threads';
import { generateLog } from '../../../bench/generate';
import { openLogSource } from '../../../server/src/logs/fileAccess';
import { FileIndex, WorkerPool, fileSummaryState, indexFiles } from '../../../server/src/logs/indexer';
import { HANDOVER_LIMIT, classifyCandidates, runIndexWith, type IndexJob, type Job, type JobMessage } from '../../../server/src/logs/jobs';
import { newSummary, prefilterKeywords } from '../../../server/src/logs/rows';
import { scanRange, type ReadFn } from '../../../server/src/logs/scan';
import { FLAG_CANDIDATE, type EntryBatch } from '../../../server/src/logs/store';
import type { SummaryState } from '../../../server/src/logs/summary';
import { LogSession } from '../../../server/src/logs/session';
import type { LogFormat } from '../../../shared/protocol';

const dir = mkdtempSync(join(tmpdir(), 'authlog-classify-here-'));
const pool = new WorkerPool(2);
after(() => {
  pool.dispose();
  rmSync(dir, { recursive: true, force: true });
});

// A generated Jira main log where a fifth of the entries are authentication events of every kind
// the generator writes (API tokens, Kantega diagnostics and audit lines, wrapped JSON, failures).
const jiraLog = join(dir, 'atlassian-jira.log');
const truth = generateLog(jiraLog, { format: 'jira', bytes: 3_000_000, seed: 5, authShare: 0.2 });
const fixtures: [string, LogFormat][] = [
  ['test/fixtures/logs/jira/atlassian-jira.log', 'jira'],
  ['test/fixtures/logs/jira/atlassian-jira-security.log', 'jira-security'],
  ['test/fixtures/logs/confluence/atlassian-confluence.log', 'confluence'],
  ['test/fixtures/logs/apitokenservice.log', 'apitokenservice'],
];

/** The summary a user sees (lists sorted: states list values in the order they were first counted). */
function built(st: SummaryState): ReturnType<ReturnType<typeof newSummary>['build']> {
  return newSummary().merge(st).build();
}

function reader(bytes: Buffer): ReadFn {
  return (buf, off, n, pos) => bytes.copy(buf, off, pos, Math.min(pos + n, bytes.length));
}

/** Every entry of the batches: offset, line, ts, level, flags, kind, outcome. */
function rowsOf(batches: EntryBatch[]): number[][] {
  const out: number[][] = [];
  for (const b of batches) for (let i = 0; i < b.count; i++) out.push([b.offset[i]!, b.line[i]!, b.ts[i]!, b.level[i]!, b.flags[i]!, b.kind[i]!, b.outcome[i]!]);
  return out;
}

/** An index job run here, its candidates classified by the job itself or (`defer`) from the texts it hands over. */
function job(bytes: Buffer, j: Omit<IndexJob, 'kind' | 'readPath' | 'recycle'>, defer: boolean): { rows: number[][]; state: SummaryState; texts: number } {
  const batches: EntryBatch[] = [];
  const here = newSummary();
  let state: SummaryState | undefined;
  let texts = 0;
  runIndexWith(reader(bytes), { ...j, ...(defer ? { candidateTexts: true } : {}) }, (m: JobMessage) => {
    if (m.type === 'batch') {
      if (m.candidates) {
        texts += m.candidates.count;
        classifyCandidates(m.batch, m.candidates, j.format, here);
      }
      batches.push(m.batch);
    } else if (m.type === 'indexed') state = newSummary().merge(m.parts).merge(here).state();
  });
  return { rows: rowsOf(batches), state: state!, texts };
}

test("a batch's candidate entries are all reported before the batch is handed out (both scanners, any chunk size)", () => {
  const bytes = readFileSync(jiraLog);
  for (const engine of ['auto', 'js'] as const) {
    for (const chunkSize of [4096, 64 * 1024, 256 * 1024]) {
      const seen: [number, number][] = [];
      let reported = 0;
      scanRange(reader(bytes), 0, bytes.length, {
        engine,
        chunkSize,
        batchBytes: 16 * 1024,
        keywords: prefilterKeywords,
        skipLastCandidate: true,
        onCandidate: () => {
          reported++;
          return [0, 0];
        },
        onBatch: (b) => {
          let flagged = 0;
          for (let i = 0; i < b.count; i++) if (b.flags[i]! & FLAG_CANDIDATE) flagged++;
          seen.push([reported, flagged]);
          reported = 0;
        },
      });
      const what = `${engine}, chunks of ${chunkSize}`;
      assert.ok(seen.length >= 5, `${what}: batches ${seen.length}`);
      // The last batch may hold the range's last candidate, left unclassified (skipLastCandidate).
      const last = seen.pop()!;
      assert.ok(last[0] === last[1] || last[0] === last[1] - 1, `${what}: last batch ${last}`);
      for (const [k, [r, f]] of seen.entries()) assert.equal(r, f, `${what}: batch ${k} reported ${r} of ${f} candidates`);
    }
  }
});

test('candidates classified from the texts a job hands over: the same batches and summary as the job classifying them', () => {
  const cases: [string, LogFormat][] = [[jiraLog, 'jira'], ...fixtures];
  let texts = 0;
  for (const [path, format] of cases) {
    const bytes = readFileSync(path);
    const mid = Math.floor(bytes.length / 2);
    for (const [start, end, skipLastCandidate] of [
      [0, bytes.length, false],
      [0, mid, false],
      [mid, bytes.length, true],
    ] as const) {
      for (const chunkSize of [16 * 1024, 1 << 20]) {
        const j = { start, end, format, chunkSize, ...(skipLastCandidate ? { skipLastCandidate } : {}) };
        const self = job(bytes, j, false);
        const deferred = job(bytes, j, true);
        const what = `${path} [${start}, ${end}) chunks of ${chunkSize}`;
        assert.equal(self.texts, 0, what);
        assert.deepEqual(deferred.rows, self.rows, what);
        assert.deepEqual(built(deferred.state), built(self.state), what);
        texts += deferred.texts;
      }
    }
  }
  assert.ok(texts > 5000, `candidate texts handed over: ${texts}`);
});

test('a receiver that does not keep up: past the backlog limit the job classifies its batches itself, with the same results', () => {
  const bytes = readFileSync(jiraLog);
  const j = { start: 0, end: bytes.length, format: 'jira' as const, chunkSize: 16 * 1024 };
  const self = job(bytes, j, false);
  // Nothing taken off the backlog (500 short of the limit at first): batches' texts are handed over
  // until it is past the limit, then the job classifies the rest itself.
  const backlog = new Int32Array(new SharedArrayBuffer(4));
  backlog[0] = HANDOVER_LIMIT - 500;
  const some = job(bytes, { ...j, backlog }, true);
  assert.equal(backlog[0], HANDOVER_LIMIT - 500 + some.texts);
  assert.ok(some.texts > 500 && some.texts < 1000, `handed over: ${some.texts}`);
  assert.deepEqual(some.rows, self.rows);
  assert.deepEqual(built(some.state), built(self.state));
  // A backlog above the limit from the start: nothing is handed over.
  backlog[0] = HANDOVER_LIMIT + 1;
  const none = job(bytes, { ...j, backlog }, true);
  assert.equal(none.texts, 0);
  assert.deepEqual(none.rows, self.rows);
  assert.deepEqual(built(none.state), built(self.state));
});

async function indexed(path: string, opts: ConstructorParameters<typeof FileIndex>[1]): Promise<FileIndex> {
  const src = await openLogSource(path);
  const idx = new FileIndex(src, { pool, ...opts });
  await idx.build();
  src.close();
  return idx;
}

function columns(idx: FileIndex): number[][] {
  const c = idx.cols;
  const out: number[][] = [];
  for (let i = 0; i < idx.entries; i++) out.push([c.offset.get(i), c.line.get(i), c.ts.get(i), c.level.get(i), c.flags.get(i), c.kind.get(i), c.outcome.get(i)]);
  return out;
}

test('workers handing their candidates to the indexer give the same index and summary as workers classifying them, and the truth', async () => {
  const opts = { inProcessBelow: 0, ranges: 3, chunkSize: 32 * 1024, headRange: false } as const;
  const self = await indexed(jiraLog, { ...opts, classifyHere: false });
  const here = await indexed(jiraLog, { ...opts, classifyHere: true });
  const one = await indexed(jiraLog, { inProcessBelow: 1 << 30 });
  assert.equal(here.entries, truth.entries);
  assert.deepEqual(columns(here), columns(self));
  assert.deepEqual(columns(here), columns(one));
  const s = built(fileSummaryState(here));
  assert.deepEqual(s, built(fileSummaryState(self)));
  assert.deepEqual(s, built(fileSummaryState(one)));
  let events = 0;
  for (const kind of ['apitoken', 'audit', 'diagnostics', 'login'] as const) {
    assert.equal(s.byKind[kind] ?? 0, truth.byKind[kind] ?? 0, kind);
    events += truth.byKind[kind] ?? 0;
  }
  assert.ok(events > 2000, `authentication events: ${events}`);
  assert.equal(s.byKind.other, truth.entries - events);
  assert.deepEqual(s.byOutcome, truth.byOutcome);
});

/** A pool that records which index jobs asked for candidate texts. */
class Recording extends WorkerPool {
  readonly asked: boolean[] = [];
  override run(j: Job, onMessage: (m: JobMessage) => void, transfer: TransferListItem[] = []): Promise<void> {
    if (j.kind === 'index') this.asked.push(j.candidateTexts === true);
    return super.run(j, onMessage, transfer);
  }
}

test('who classifies: a caller waiting for the whole index hands the texts over until the workers classify anyway; the viewer never', async () => {
  const fresh = new Recording(2);
  try {
    const a = await indexFiles([jiraLog], { pool: fresh, inProcessBelow: 0 });
    assert.deepEqual(fresh.asked, [true, true]);
    // The same pool again (the CLI with several files): the workers have not classified yet.
    const b = await indexFiles([jiraLog], { pool: fresh, inProcessBelow: 0 });
    assert.deepEqual(fresh.asked, [true, true, true, true]);
    assert.equal(fresh.classifierWarm, false);
    // Once they have (a job classifying in a worker), they go on doing it.
    const c = await indexFiles([jiraLog], { pool: fresh, inProcessBelow: 0, classifyHere: false });
    assert.equal(fresh.classifierWarm, true);
    const d = await indexFiles([jiraLog], { pool: fresh, inProcessBelow: 0 });
    assert.deepEqual(fresh.asked, [true, true, true, true, false, false, false, false]);
    for (const r of [b, c, d]) assert.deepEqual(r.summary, a.summary);
    assert.equal(a.entries, truth.entries);
  } finally {
    fresh.dispose();
  }
  const viewer = new Recording(2);
  try {
    // The viewer (first rows at once: a head range on its thread) never takes the classification.
    const s = await LogSession.open([jiraLog], { pool: viewer, inProcessBelow: 0 });
    await s.ready;
    s.close();
    assert.ok(viewer.asked.length > 0 && viewer.asked.every((x) => !x), `${viewer.asked}`);
  } finally {
    viewer.dispose();
  }
  const cli = new Recording(2);
  try {
    // The CLI's session (headRange false) on fresh workers does.
    const s = await LogSession.open([jiraLog], { pool: cli, inProcessBelow: 0, headRange: false });
    await s.ready;
    s.close();
    assert.ok(cli.asked.length > 0 && cli.asked.every((x) => x), `${cli.asked}`);
  } finally {
    cli.dispose();
  }
});
