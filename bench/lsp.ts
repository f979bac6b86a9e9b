// Language server figures, measured against the real `node dist/server.js --stdio` over JSON-RPC:
//   ready         spawn -> initialize result
//   diagnostics   a generated 20,000-line log4j.properties: cold open, and after a one-line edit
//   completion    p50/p95 over 200 requests at varied positions
//                 (with, on Linux, the server process's CPU time for each: its own work, apart from transport)
//   floor         the same didOpen, edits and pulls against bench/lsp-floor-server.ts, a server on
//                 the same library that analyses nothing and answers each pull with the diagnostics
//                 AuthLog found: what the transport alone costs (median of 3 fresh servers)
//   cancellation  100 rapid edits, each followed by a diagnostics request that the next edit
//                 cancels (as VS Code does): every request answered, the final diagnostics equal
//                 those of a fresh open of the final text
// Prints a table and, last, one JSON line (read by bench/run.mjs).
//
//   node --import tsx bench/lsp.ts [--lines 20000] [--completions 200] [--edits 100]
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { buildSync } from 'esbuild';
import {
  CancellationTokenSource,
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  LSPErrorCodes,
  ResponseError,
  type Diagnostic,
  type DocumentDiagnosticReport,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createConfigService } from '../server/src/config/service';
import { ensureBuilt, startTestServer, type TestServer } from '../test/lsp/harness';

const { values: args } = parseArgs({
  options: {
    lines: { type: 'string', default: '20000' },
    completions: { type: 'string', default: '200' },
    edits: { type: 'string', default: '100' },
  },
});
const LINES = Number(args.lines);
const COMPLETIONS = Number(args.completions);
const EDITS = Number(args.edits);

/** A deterministic Jira-like log4j.properties of about `lines` lines, with a few findings in it. */
export function generateConfig(lines: number): string {
  const out: string[] = [
    '# Generated for bench/lsp.ts: a Jira log4j.properties grown to size',
    'log4j.rootLogger=WARN, console, filelog',
    'log4j.appender.console=com.atlassian.jira.logging.ConsoleAppender',
    'log4j.appender.console.layout=com.atlassian.logging.log4j.NewLineIndentingFilteringPatternLayout',
    'log4j.appender.console.layout.ConversionPattern=%d %t %p [%q{2}] %m%n',
    'log4j.appender.filelog=com.atlassian.jira.logging.JiraHomeAppender',
    'log4j.appender.filelog.File=atlassian-jira.log',
    'log4j.appender.filelog.MaxFileSize=20480KB',
    'log4j.appender.filelog.MaxBackupIndex=5',
    'log4j.appender.filelog.layout=com.atlassian.logging.log4j.NewLineIndentingFilteringPatternLayout',
    'log4j.appender.filelog.layout.ConversionPattern=%d %t %p %X{jira.username} %X{jira.request.id} %X{jira.request.assession.id} %X{jira.request.ipaddr} %X{jira.request.url} [%q{2}] %m%n',
    '# Security logs',
    'log4j.appender.securitylog=com.atlassian.jira.logging.JiraHomeAppender',
    'log4j.appender.securitylog.File=atlassian-jira-security.log',
    'log4j.appender.securitylog.layout=com.atlassian.logging.log4j.NewLineIndentingFilteringPatternLayout',
    'log4j.appender.securitylog.layout.ConversionPattern=%d %t %X{jira.username} %X{jira.request.id} %X{jira.request.assession.id} %X{jira.request.ipaddr} %X{jira.request.url} %m%n',
    'log4j.logger.com.kantegasso.AuditLog = INFO, securitylog',
    'log4j.additivity.com.kantegasso.AuditLog = false',
    'log4j.logger.com.kantegasso.Auditlog = INFO, securitylog',
    'log4j.logger.de.resolution.apitokenauth = INFO, tokenlog',
  ];
  const levels = ['INFO', 'WARN', 'ERROR', 'DEBUG', 'info', 'ON', 'WARNING'];
  let i = 0;
  while (out.length < lines) {
    const pkg = `com.example.module${i % 97}.sub${i % 13}.Component${i}`;
    switch (i % 5) {
      case 0:
        out.push(`# component ${i}`);
        break;
      case 1:
        out.push(`log4j.additivity.${pkg} = false`);
        break;
      default:
        out.push(`log4j.logger.${pkg} = ${levels[i % levels.length]}, ${i % 11 === 0 ? 'securitylog' : 'filelog'}`);
    }
    i++;
  }
  return out.join('\n') + '\n';
}

function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function key(d: Diagnostic): string {
  return `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${String(d.code)} ${d.severity}`;
}

/**
 * CPU time (ms) the server process has used so far: its main thread, and all its threads (the
 * JIT compiler and GC helpers run beside the main thread), from /proc (Linux; undefined elsewhere).
 * Read outside the timed sections: it tells the server's own work from transport and waiting.
 */
function serverCpu(pid: number | undefined): { main: number; all: number } | undefined {
  if (pid === undefined || !existsSync(`/proc/${pid}/task`)) return undefined;
  const ns = (tid: string): number => {
    try {
      return Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      return 0; // a thread that ended meanwhile
    }
  };
  let all = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) all += ns(tid);
  return { main: ns(String(pid)) / 1e6, all: all / 1e6 };
}

function cpuSince(pid: number | undefined, before: { main: number; all: number } | undefined): { main: number; all: number } | undefined {
  const now = serverCpu(pid);
  return now && before ? { main: now.main - before.main, all: now.all - before.all } : undefined;
}

async function pull(server: TestServer, uri: string, token?: CancellationTokenSource): Promise<Diagnostic[]> {
  const params = { textDocument: { uri } };
  const r = (await (token
    ? server.connection.sendRequest('textDocument/diagnostic', params, token.token)
    : server.connection.sendRequest('textDocument/diagnostic', params))) as DocumentDiagnosticReport;
  if (r.kind !== 'full') throw new Error('expected a full report');
  return r.items;
}

/**
 * didOpen + pull, then `edits` one-line edits (a comment line inserted in the middle), each followed
 * by a pull; wall times in ms. `hooks` run around each step, outside its timed part.
 */
async function openAndEdit(
  connection: ProtocolConnection,
  uri: string,
  text: string,
  edits: number,
  pullOnce: () => Promise<unknown>,
  hooks: { before?: () => void; after?: () => void } = {},
): Promise<{ cold: number; edits: number[] }> {
  hooks.before?.();
  let t0 = performance.now();
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'properties', version: 1, text } });
  await pullOnce();
  const cold = performance.now() - t0;
  hooks.after?.();
  const editLine = Math.floor((text.split('\n').length - 1) / 2);
  const times: number[] = [];
  for (let k = 0; k < edits; k++) {
    hooks.before?.();
    t0 = performance.now();
    await connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: k + 2 },
      contentChanges: [{ range: { start: { line: editLine, character: 0 }, end: { line: editLine, character: 0 } }, text: `# edit ${k}\n` }],
    });
    await pullOnce();
    times.push(performance.now() - t0);
    hooks.after?.();
  }
  return { cold, edits: times };
}

/**
 * The transport floor: bench/lsp-floor-server.ts (bundled like dist/server.js, run by plain node)
 * answering every pull with `diagnostics`; the same open, edits and pulls as AuthLog's server gets.
 * Median over `rounds` fresh servers of the cold figure, and of all the edits' figures.
 */
async function transportFloor(text: string, diagnostics: Diagnostic[], rounds: number): Promise<{ coldMs: number; editMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'authlog-lsp-floor-'));
  try {
    const bundle = join(dir, 'lsp-floor-server.cjs');
    buildSync({ entryPoints: [join(__dirname, 'lsp-floor-server.ts')], outfile: bundle, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error' });
    const file = join(dir, 'diagnostics.json');
    writeFileSync(file, JSON.stringify(diagnostics));
    const colds: number[] = [];
    const edits: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const child = spawn(process.execPath, [bundle, file, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
      const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
      connection.listen();
      try {
        await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
        await connection.sendNotification('initialized', {});
        const uri = 'file:///bench/floor/log4j.properties';
        const pullOnce = async (): Promise<unknown> => {
          const report = (await connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as DocumentDiagnosticReport;
          if (report.kind !== 'full' || report.items.length !== diagnostics.length) throw new Error('the floor server answered other diagnostics');
          return report;
        };
        const m = await openAndEdit(connection, uri, text, 5, pullOnce);
        colds.push(m.cold);
        edits.push(...m.edits);
      } finally {
        const exited = once(child, 'exit');
        child.stdin!.end();
        if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid);
        await exited;
        connection.dispose();
      }
    }
    return { coldMs: quantile(colds.sort((a, b) => a - b), 0.5), editMs: quantile(edits.sort((a, b) => a - b), 0.5) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  await ensureBuilt();
  const figures: Record<string, number | boolean | string> = {};

  // 1. Ready: spawn -> initialize result (median of 3 starts; the first keeps running).
  const readies: number[] = [];
  let server: TestServer | undefined;
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    const s = await startTestServer();
    readies.push(performance.now() - t0);
    if (k === 2) server = s;
    else await s.stop();
  }
  figures.readyMs = quantile([...readies].sort((a, b) => a - b), 0.5);
  const srv = server!;
  let floorInput: { text: string; diagnostics: Diagnostic[] } | undefined;
  try {
    // 2. Diagnostics on a big file.
    const text = generateConfig(LINES);
    const lineCount = text.split('\n').length - 1;
    figures.lines = lineCount;
    const uri = 'file:///bench/big/log4j.properties';
    const pid = srv.process.pid;
    // The server's CPU over each step (the open, then each edit), read outside the timed part.
    const stepCpu: { main: number; all: number }[] = [];
    let cpu0 = serverCpu(pid);
    let cold: Diagnostic[] | undefined;
    const pullOnce = async (): Promise<void> => {
      const items = await pull(srv, uri);
      cold ??= items;
    };
    const measured = await openAndEdit(srv.connection, uri, text, 5, pullOnce, {
      before: () => void (cpu0 = serverCpu(pid)),
      after: () => {
        const c = cpuSince(pid, cpu0);
        if (c) stepCpu.push(c);
      },
    });
    figures.diagnosticsColdMs = measured.cold;
    const edited = measured.edits;
    const [coldCpu, ...editCpu] = stepCpu;
    if (coldCpu) {
      figures.serverCpuColdMainMs = coldCpu.main;
      figures.serverCpuColdAllMs = coldCpu.all;
    }
    if (!cold) throw new Error('no diagnostics');
    figures.diagnosticsFound = cold.length;
    floorInput = { text, diagnostics: cold };

    if (editCpu.length) {
      figures.serverCpuEditMainEachMs = editCpu.map((c) => c.main.toFixed(0)).join(' ');
      figures.serverCpuEditAllEachMs = editCpu.map((c) => c.all.toFixed(0)).join(' ');
    }
    figures.diagnosticsEditMs = quantile([...edited].sort((a, b) => a - b), 0.5);
    // Each edit in order (the first ones run before the JIT has optimised the analysis): not a target, a hint of where the median comes from.
    figures.diagnosticsEditEachMs = edited.map((x) => x.toFixed(0)).join(' ');

    // 3. Completion at varied positions: logger names, levels, appender names.
    const lines = text.split('\n');
    const times: number[] = [];
    let items = 0;
    for (let k = 0; k < COMPLETIONS; k++) {
      const line = 20 + ((k * 7919) % (lineCount - 40));
      const content = lines[line] ?? '';
      const eq = content.indexOf('=');
      const comma = content.indexOf(',');
      const positions = [
        Math.min(content.length, 'log4j.logger.com.'.length), // in a logger name
        eq >= 0 ? eq + 2 : content.length, //                   at the level
        comma >= 0 ? comma + 2 : content.length, //             at an appender
        content.length,
      ];
      const character = positions[k % positions.length]!;
      const t = performance.now();
      const list = (await srv.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line, character } })) as {
        items: unknown[];
      } | null;
      times.push(performance.now() - t);
      items += list?.items.length ?? 0;
    }
    times.sort((a, b) => a - b);
    figures.completionP50Ms = quantile(times, 0.5);
    figures.completionP95Ms = quantile(times, 0.95);
    figures.completionItemsAvg = items / COMPLETIONS;

    // 4. Rapid edits with cancellation.
    const small = generateConfig(400);
    const uri2 = 'file:///bench/rapid/log4j.properties';
    await srv.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri2, languageId: 'properties', version: 1, text: small } });
    let current = small;
    let v = 2;
    let answered = 0;
    let cancelledCount = 0;
    let previous: CancellationTokenSource | undefined;
    const pending: Promise<void>[] = [];
    const t0 = performance.now();
    for (let k = 0; k < EDITS; k++) {
      // Typing at the end of line 17 (the AuditLog logger's value), one character at a time, then a fix.
      const ch = 'INFO, securitylog, filelog, tokenlog'[k % 36]!;
      const lineText = current.split('\n')[16]!;
      const edit = { range: { start: { line: 16, character: lineText.length }, end: { line: 16, character: lineText.length } }, text: ch };
      const ls = current.split('\n');
      ls[16] = lineText + ch;
      current = ls.join('\n');
      await srv.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uri2, version: v++ }, contentChanges: [edit] });
      previous?.cancel();
      const source = new CancellationTokenSource();
      previous = source;
      pending.push(
        pull(srv, uri2, source).then(
          () => void answered++,
          (e: unknown) => {
            if (e instanceof ResponseError && (e.code === LSPErrorCodes.RequestCancelled || e.code === LSPErrorCodes.ServerCancelled)) {
              answered++;
              cancelledCount++;
            } else throw e;
          },
        ),
      );
    }
    await Promise.all(pending);
    const finalDiagnostics = await pull(srv, uri2);
    figures.rapidEditsMs = performance.now() - t0;
    figures.rapidEditsAnswered = answered;
    figures.rapidEditsCancelled = cancelledCount;
    const fresh = 'file:///bench/fresh/log4j.properties';
    await srv.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: fresh, languageId: 'properties', version: 1, text: current } });
    const expected = await pull(srv, fresh);
    figures.rapidEditsFinalMatches = JSON.stringify(finalDiagnostics.map(key).sort()) === JSON.stringify(expected.map(key).sort());
  } finally {
    await srv.stop();
  }

  // 4b. The transport floor: the same payloads through a server that analyses nothing.
  if (floorInput) {
    const floor = await transportFloor(floorInput.text, floorInput.diagnostics, 3);
    figures.floorColdMs = floor.coldMs;
    figures.floorEditMs = floor.editMs;
  }

  // 5. Where the diagnostics time goes: the library alone, in this process (median of 5).
  {
    const service = createConfigService();
    const text = generateConfig(LINES);
    const parse: number[] = [];
    const validate: number[] = [];
    for (let k = 0; k < 5; k++) {
      const doc = TextDocument.create('file:///bench/lib/log4j.properties', 'properties', k, text);
      let t = performance.now();
      const model = service.parse(doc)!;
      parse.push(performance.now() - t);
      t = performance.now();
      service.validate(doc, model, {});
      validate.push(performance.now() - t);
    }
    figures.libraryParseMs = quantile(parse.sort((a, b) => a - b), 0.5);
    figures.libraryValidateMs = quantile(validate.sort((a, b) => a - b), 0.5);
  }

  const targets: [string, string, number, number][] = [
    ['ready', 'readyMs', figures.readyMs as number, 300],
    [`diagnostics, ${String(figures.lines)} lines, cold`, 'diagnosticsColdMs', figures.diagnosticsColdMs as number, 50],
    [`diagnostics, ${String(figures.lines)} lines, after edit`, 'diagnosticsEditMs', figures.diagnosticsEditMs as number, 50],
    [`completion p50 (${COMPLETIONS} requests)`, 'completionP50Ms', figures.completionP50Ms as number, 10],
    [`completion p95 (${COMPLETIONS} requests)`, 'completionP95Ms', figures.completionP95Ms as number, 10],
  ];
  console.log('\nAuthLog language server (node dist/server.js --stdio)\n');
  console.log('measure'.padEnd(40) + 'ms'.padStart(10) + 'target'.padStart(10) + '  ok');
  for (const [label, , value, target] of targets) {
    console.log(label.padEnd(40) + value.toFixed(1).padStart(10) + `< ${target}`.padStart(10) + (value < target ? '  yes' : '  NO'));
  }
  console.log(
    `${EDITS} rapid edits: ${String(figures.rapidEditsAnswered)} answered (${String(figures.rapidEditsCancelled)} cancelled) in ${(figures.rapidEditsMs as number).toFixed(0)} ms; final diagnostics match a fresh open: ${String(figures.rapidEditsFinalMatches)}`,
  );
  console.log(
    `of which the library alone (in-process, median of 5): parse ${(figures.libraryParseMs as number).toFixed(1)} ms, validate ${(figures.libraryValidateMs as number).toFixed(1)} ms`,
  );
  if (figures.floorColdMs !== undefined) {
    console.log(
      `transport floor (bench/lsp-floor-server.ts: same library, same payloads, no analysis; median of 3 servers): cold ${(figures.floorColdMs as number).toFixed(1)} ms, after edit ${(figures.floorEditMs as number).toFixed(1)} ms`,
    );
  }
  console.log(`after-edit diagnostics, each edit in order: ${String(figures.diagnosticsEditEachMs)} ms`);
  if (figures.serverCpuColdMainMs !== undefined) {
    // CPU time, not latency: what the server process itself spent (main thread; all threads with
    // the JIT compiler and GC helpers); the rest of a figure is transport, the client and waiting for a core.
    console.log(
      `server CPU (main thread / all threads): cold ${(figures.serverCpuColdMainMs as number).toFixed(0)} / ${(figures.serverCpuColdAllMs as number).toFixed(0)} ms; ` +
        `each edit ${String(figures.serverCpuEditMainEachMs)} / ${String(figures.serverCpuEditAllEachMs)} ms`,
    );
  }
  console.log(`diagnostics found in the big file: ${String(figures.diagnosticsFound)}; completion items per request: ${(figures.completionItemsAvg as number).toFixed(1)}\n`);
  const rounded = Object.fromEntries(Object.entries(figures).map(([k, x]) => [k, typeof x === 'number' ? Math.round(x * 100) / 100 : x]));
  console.log(JSON.stringify({ bench: 'lsp', node: process.version, ...rounded }));
  if (figures.rapidEditsAnswered !== EDITS || figures.rapidEditsFinalMatches !== true) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
