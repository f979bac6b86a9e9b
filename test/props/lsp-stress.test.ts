// The real language server under stress (issue 6): a burst of rapid incremental edits must end
// with exactly the diagnostics a fresh open of the final text gives; requests cancelled in the
// middle of the burst are answered promptly; memory stays flat over 10,000 edits.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CancellationTokenSource, type Diagnostic, type DocumentDiagnosticReport, type TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startTestServer, type TestServer } from '../lsp/harness';

const fixtures = join(__dirname, '..', 'fixtures', 'configs');
const seed = Number(process.env.AUTHLOG_STRESS_SEED ?? 20261122);

/** mulberry32: a small deterministic PRNG, so a failure can be replayed with its seed. */
function prng(s: number): () => number {
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const snippets = [
  'x', 'A', '\n', '\r\n', '=', ',', ' ', '#', '\\', '\\\n', ', securitylog', 'WARN', 'INFO',
  'log4j.logger.com.kantegasso.AuditLog = WARN, securitylog\n',
  'log4j.additivity.com.kantegasso.AuditLog = false\n',
  'log4j.logger.com.kantegasso.Auditlog = INFO, nosuchappender\n',
  '<Logger name="de.resolution.apitokenauth" level="INFO">', '${jndi:ldap://evil/a}', 'é', '\u0000',
];

/** Positions as LSP counts them (\r\n, \r and \n all end a line): the client side of the bookkeeping. */
function positionAt(text: string, offset: number): { line: number; character: number } {
  return TextDocument.create('file:///x', 'plaintext', 0, text).positionAt(offset);
}

function randomEdit(text: string, rnd: () => number): { change: TextDocumentContentChangeEvent; next: string } {
  // An LSP position cannot point between the \r and \n of a CRLF: editors never edit there.
  const notInCrlf = (o: number) => (o > 0 && text[o - 1] === '\r' && text[o] === '\n' ? o + 1 : o);
  const a = notInCrlf(Math.floor(rnd() * (text.length + 1)));
  const del = rnd() < 0.4 ? Math.floor(rnd() * 12) : 0;
  const b = notInCrlf(Math.min(text.length, a + del));
  const insert = rnd() < 0.8 ? snippets[Math.floor(rnd() * snippets.length)]! : '';
  return {
    change: { range: { start: positionAt(text, a), end: positionAt(text, b) }, text: insert },
    next: text.slice(0, a) + insert + text.slice(b),
  };
}

function normalise(items: Diagnostic[]): string[] {
  return items
    .map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${String(d.code)} ${d.severity} ${d.message}`)
    .sort();
}

async function pull(server: TestServer, uri: string): Promise<Diagnostic[]> {
  const r = (await server.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as DocumentDiagnosticReport;
  return r.kind === 'full' ? r.items : [];
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server?.stop();
});

for (const [name, file] of [
  ['Jira log4j.properties', 'jira-log4j.properties'],
  ['Jira 9.5 log4j2.xml', 'jira-log4j2.xml'],
] as const) {
  test(`${name}: 1,000 rapid edits end with the diagnostics of a fresh open of the final text; cancelled requests answer promptly`, async () => {
    const rnd = prng(seed + file.length);
    const uri = `file:///stress/jira/atlassian-jira/WEB-INF/classes/${file.replace(/^jira-/, '')}`;
    const languageId = file.endsWith('.xml') ? 'xml' : 'properties';
    let text = readFileSync(join(fixtures, file), 'utf8');
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    const pending: Promise<unknown>[] = [];
    let cancelled = 0;
    let answered = 0;
    const started = Date.now();
    for (let v = 2; v <= 1001; v++) {
      const { change, next } = randomEdit(text, rnd);
      text = next;
      void server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [change] });
      if (v % 50 === 0) {
        // An editor asks for completion and diagnostics while typing and cancels them at the next key.
        const source = new CancellationTokenSource();
        const pos = positionAt(text, Math.floor(rnd() * text.length));
        pending.push(
          server.connection
            .sendRequest('textDocument/completion', { textDocument: { uri }, position: pos }, source.token)
            .then(() => answered++, () => cancelled++),
        );
        pending.push(
          server.connection
            .sendRequest('textDocument/diagnostic', { textDocument: { uri } }, source.token)
            .then(() => answered++, () => cancelled++),
        );
        source.cancel();
      }
    }
    await Promise.all(pending);
    const burstMs = Date.now() - started;
    assert.equal(answered + cancelled, 40, 'every request got an answer (a result or a cancellation)');
    const afterEdits = normalise(await pull(server, uri));

    const freshUri = uri.replace('/stress/', '/stress-fresh/');
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: freshUri, languageId, version: 1, text } });
    const fresh = normalise(await pull(server, freshUri));
    assert.deepEqual(afterEdits, fresh, 'incremental edits give the same diagnostics as a fresh open');
    console.log(`# ${name}: 1000 edits + 40 cancelled requests in ${burstMs} ms (${answered} answered before the cancel, ${cancelled} cancelled); ${fresh.length} final findings; seed ${seed}`);
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: freshUri } });
    assert.ok(server.process.exitCode === null, 'the server is still running');
  });
}

test('memory stays flat over 10,000 edits', async () => {
  const pid = server.process.pid!;
  const uri = 'file:///stress/memory/log4j.properties';
  const base = readFileSync(join(fixtures, 'jira-log4j.properties'), 'utf8');
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'properties', version: 1, text: base } });
  // Type and delete a word at the end of the AuditLog line, over and over, pulling diagnostics now and then.
  const line = base.split('\n').findIndex((l) => l.includes('com.kantegasso.AuditLog'));
  const at = { line: line < 0 ? 0 : line, character: 0 };
  const samples: number[] = [];
  for (let v = 2; v <= 10_001; v++) {
    const insert = v % 2 === 0;
    const change = insert
      ? { range: { start: at, end: at }, text: '#' }
      : { range: { start: at, end: { line: at.line, character: 1 } }, text: '' };
    void server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [change] });
    if (v % 500 === 1) {
      await pull(server, uri); // lets the server catch up, as an editor's pull would
      samples.push(rssMb(pid));
    }
  }
  await pull(server, uri);
  samples.push(rssMb(pid));
  const warm = samples[2]!; // after the first 1,000 edits the caches are warm
  const end = samples.at(-1)!;
  console.log(`# server RSS over 10,000 edits (MB): ${samples.map((s) => s.toFixed(0)).join(' ')}; growth after warm-up ${(end - warm).toFixed(1)} MB`);
  assert.ok(end - warm < 40, `RSS grew ${(end - warm).toFixed(1)} MB after warm-up (from ${warm.toFixed(0)} to ${end.toFixed(0)} MB)`);
  await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
});
