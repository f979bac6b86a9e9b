// The server glue in one process, over two streams, with a service that throws: an exception in
// the analysis becomes a logged error, an `error` status and an empty answer, and the server keeps
// answering. (The protocol tests in server.test.ts run the real process with the real service.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { createConnection } from 'vscode-languageserver/node';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type CompletionList,
  type DocumentDiagnosticReport,
} from 'vscode-languageserver-protocol/node';
import type { ConfigLanguageService } from '../../server/src/config/api';
import type { ConfigModel } from '../../server/src/config/model';
import { startServer } from '../../server/src/lsp/server';
import { fullCapabilities } from './harness';

function throwingService(): ConfigLanguageService & { parses: number } {
  const boom = (text: string) => {
    if (text.includes('BOOM')) throw new Error('boom in the analysis');
  };
  const svc = {
    parses: 0,
    detectSyntax: (name: string) => (name.startsWith('log4j') ? ('log4j1-properties' as const) : undefined),
    parse: (doc: { getText(): string }) => {
      svc.parses++;
      // A stand-in model: the fake features below never read it.
      return { text: doc.getText() } as unknown as ConfigModel;
    },
    validate: (_d: unknown, m: ConfigModel) => {
      boom(m.text);
      return [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'fake', code: 'fake', severity: 2 as const }];
    },
    complete: (_d: unknown, m: ConfigModel) => {
      boom(m.text);
      if (m.text.includes('MANY')) {
        // 3,000 logger names, ranked by sortText in reverse order of their labels.
        return { isIncomplete: false, items: Array.from({ length: 3000 }, (_, i) => ({ label: `com.example.L${i}`, sortText: String(9999 - i).padStart(4, '0') })) };
      }
      return { isIncomplete: false, items: [{ label: 'INFO' }] };
    },
    hover: (_d: unknown, m: ConfigModel) => {
      boom(m.text);
      return null;
    },
    codeActions: () => [],
    enableLogging: () => undefined,
    definition: () => [],
    references: () => [],
    symbols: () => [],
  };
  return svc as unknown as ConfigLanguageService & { parses: number };
}

async function pair(service: ConfigLanguageService) {
  const up = new PassThrough();
  const down = new PassThrough();
  // Message readers (not raw streams), so the library does not exit the process when they end.
  const serverConnection = createConnection(new StreamMessageReader(up), new StreamMessageWriter(down));
  startServer(serverConnection, service);
  const client = createProtocolConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
  const statuses: { state: string; message?: string }[] = [];
  const errors: string[] = [];
  let onStatus: (() => void) | undefined;
  client.onNotification('authlog/status', (s: { state: string; message?: string }) => {
    statuses.push(s);
    onStatus?.();
  });
  client.onNotification('window/logMessage', (m: { type: number; message: string }) => {
    if (m.type === 1) errors.push(m.message);
  });
  client.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
  client.onRequest('client/registerCapability', () => null);
  client.listen();
  await client.sendRequest('initialize', { processId: null, rootUri: null, capabilities: fullCapabilities });
  const ready = new Promise<void>((resolve) => (onStatus = () => statuses.some((s) => s.state === 'ready') && resolve()));
  await client.sendNotification('initialized', {});
  await ready;
  return {
    client,
    statuses,
    errors,
    waitStatus(state: string) {
      return new Promise<void>((resolve) => {
        const check = () => statuses.some((s) => s.state === state) && resolve();
        onStatus = check;
        check();
      });
    },
    close() {
      client.dispose();
      serverConnection.dispose();
      up.end();
      down.end();
    },
  };
}

test('an exception in the analysis becomes an empty answer, a logged error and an error status; the server goes on', async () => {
  const service = throwingService();
  const s = await pair(service);
  try {
    const uri = 'file:///w/log4j.properties';
    await s.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'properties', version: 1, text: 'BOOM\n' } });
    const list = (await s.client.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 1 } })) as CompletionList;
    assert.deepEqual(list.items, []);
    const report = (await s.client.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as DocumentDiagnosticReport;
    assert.equal(report.kind, 'full');
    assert.deepEqual(report.kind === 'full' ? report.items : undefined, []);
    await s.waitStatus('error');
    assert.ok(s.errors.some((e) => e.includes('boom in the analysis')), 'the error is logged with its message');

    // Fix the document: answers come back, the status returns to ready.
    await s.client.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } }, text: 'log4j.rootLogger=INFO' }],
    });
    const list2 = (await s.client.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 1 } })) as CompletionList;
    assert.deepEqual(list2.items.map((i) => i.label), ['INFO']);
    const last = s.statuses.at(-1);
    assert.equal(last?.state, 'ready');
  } finally {
    s.close();
  }
});

test('one parse per document version, shared by every request', async () => {
  const service = throwingService();
  const s = await pair(service);
  try {
    const uri = 'file:///w/log4j.properties';
    await s.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'properties', version: 1, text: 'log4j.rootLogger=INFO\n' } });
    for (let i = 0; i < 5; i++) {
      await s.client.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 1 } });
      await s.client.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } });
    }
    await s.client.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
    assert.equal(service.parses, 1);
    await s.client.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'log4j.rootLogger=WARN\n' }] });
    await s.client.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } });
    await s.client.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } });
    assert.equal(service.parses, 2);
  } finally {
    s.close();
  }
});

test('documents that are not log4j files get no analysis at all', async () => {
  const service = throwingService();
  const s = await pair(service);
  try {
    const uri = 'file:///w/messages.properties';
    await s.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'properties', version: 1, text: 'greeting=hello\n' } });
    const report = (await s.client.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as DocumentDiagnosticReport;
    assert.deepEqual(report.kind === 'full' ? report.items : undefined, []);
    const list = (await s.client.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 1 } })) as CompletionList;
    assert.deepEqual(list.items, []);
    assert.equal(service.parses, 0);
  } finally {
    s.close();
  }
});

test('a huge completion list is cut to the best ranked items and marked incomplete', async () => {
  const s = await pair(throwingService());
  try {
    const uri = 'file:///w/log4j.properties';
    await s.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'properties', version: 1, text: 'MANY\n' } });
    const list = (await s.client.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 1 } })) as CompletionList;
    assert.equal(list.isIncomplete, true);
    assert.equal(list.items.length, 500);
    assert.equal(list.items[0]!.label, 'com.example.L2999', 'best ranked (lowest sortText) first');
  } finally {
    s.close();
  }
});
