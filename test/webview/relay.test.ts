// The host side of a viewer panel (client/src/viewer/relay.ts) against a scripted server: what it
// sends to the language server and what the webview receives, for each webview message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LogRequests, type HostToWebview, type OpenResult } from '../../shared/protocol';
import { SessionRelay, restoredPaths, type RelayDeps } from '../../client/src/viewer/relay';

interface Call {
  method: string;
  params: unknown;
}

/** A fake server: answers by method; `open` can be held back to test early messages. */
function setup(opts: { answers?: Record<string, (p: unknown) => unknown>; holdOpen?: boolean; saveTarget?: string } = {}) {
  const calls: Call[] = [];
  const posted: HostToWebview[] = [];
  const notes: string[] = [];
  const routed: string[] = [];
  let releaseOpen: () => void = () => undefined;
  const openGate = new Promise<void>((r) => (releaseOpen = r));
  const openResult: OpenResult = { sessionId: 's-1', files: [{ index: 0, path: '/l/a.log', label: 'a.log', format: 'jira', size: 10, gzip: false }] };
  const deps: RelayDeps = {
    request: async <R>(method: string, params: unknown): Promise<R> => {
      calls.push({ method, params });
      if (method === LogRequests.open && opts.holdOpen) await openGate;
      const answer = opts.answers?.[method];
      const r = answer ? answer(params) : method === LogRequests.open ? openResult : { written: 7 };
      return r as R;
    },
    post: (m) => {
      posted.push(m);
    },
    saveTarget: async () => opts.saveTarget,
    copy: async (t) => {
      notes.push(`copy:${t}`);
    },
    notify: (sev, text) => notes.push(`${sev}:${text}`),
    openFiles: async () => {
      notes.push('openFiles');
    },
    opened: (id) => routed.push(`+${id}`),
    closed: (id) => routed.push(`-${id}`),
  };
  return { deps, calls, posted, notes, routed, releaseOpen };
}

test('ready before the server opened the session: init follows as soon as it is open', async () => {
  const s = setup({ holdOpen: true });
  const relay = new SessionRelay(['/l/a.log'], s.deps, true);
  const done = relay.onWebview({ type: 'ready' });
  assert.equal(s.posted.length, 0);
  s.releaseOpen();
  await done;
  assert.deepEqual(s.calls[0], { method: LogRequests.open, params: { files: ['/l/a.log'], follow: true } });
  assert.deepEqual(s.posted, [{ type: 'init', sessionId: 's-1', files: [{ index: 0, path: '/l/a.log', label: 'a.log', format: 'jira', size: 10, gzip: false }], follow: true }]);
  assert.deepEqual(s.routed, ['+s-1']);
});

test('page, entry and summary are forwarded with the session id and answered with the reqId', async () => {
  const page = { rows: [], total: 0, entries: 0, indexing: false };
  const s = setup({ answers: { [LogRequests.page]: () => page, [LogRequests.entry]: () => { throw new Error('no entry 9'); } } });
  const relay = new SessionRelay(['/l/a.log'], s.deps);
  await relay.onWebview({ type: 'page', reqId: 4, filter: { failuresOnly: true }, start: 200, count: 200 });
  await relay.onWebview({ type: 'entry', reqId: 5, id: 9 });
  await relay.onWebview({ type: 'summary', reqId: 6, filter: { user: 'x' } });
  assert.deepEqual(s.calls.slice(1), [
    { method: LogRequests.page, params: { sessionId: 's-1', filter: { failuresOnly: true }, start: 200, count: 200 } },
    { method: LogRequests.entry, params: { sessionId: 's-1', id: 9 } },
    { method: LogRequests.summary, params: { sessionId: 's-1', filter: { user: 'x' } } },
  ]);
  assert.deepEqual(s.posted[0], { type: 'reply', reqId: 4, ok: true, result: page });
  assert.deepEqual(s.posted[1], { type: 'reply', reqId: 5, ok: false, error: 'no entry 9' });
  assert.equal(s.posted[2]?.type === 'reply' && s.posted[2].reqId, 6);
});

test('a server that cannot open the files: the webview is told why, requests get error replies', async () => {
  const s = setup({ answers: { [LogRequests.open]: () => { throw new Error('ENOENT: /l/missing.log'); } } });
  const relay = new SessionRelay(['/l/missing.log'], s.deps);
  await relay.onWebview({ type: 'ready' });
  await relay.onWebview({ type: 'page', reqId: 1, filter: {}, start: 0, count: 200 });
  assert.deepEqual(s.posted, [
    { type: 'message', severity: 'error', text: 'Could not open missing.log: ENOENT: /l/missing.log' },
    { type: 'reply', reqId: 1, ok: false, error: 'ENOENT: /l/missing.log' },
  ]);
});

test('export asks for a target, then the server writes it; cancelling sends nothing', async () => {
  const cancel = setup();
  const r1 = new SessionRelay(['/l/a.log'], cancel.deps);
  await r1.onWebview({ type: 'export', filter: {}, format: 'csv' });
  assert.deepEqual(cancel.calls.map((c) => c.method), [LogRequests.open]);

  const s = setup({ saveTarget: '/out/a.csv' });
  const r2 = new SessionRelay(['/l/a.log'], s.deps);
  await r2.onWebview({ type: 'export', filter: { outcomes: ['failed'] }, format: 'csv' });
  assert.deepEqual(s.calls[1], { method: LogRequests.export, params: { sessionId: 's-1', filter: { outcomes: ['failed'] }, format: 'csv', target: '/out/a.csv' } });
  assert.deepEqual(s.posted, [{ type: 'message', severity: 'info', text: 'Exported 7 entries to /out/a.csv' }]);
  assert.deepEqual(s.notes, ['info:Exported 7 entries to /out/a.csv']);
});

test('notifications reach the webview; follow and copy go where they belong; closing closes the session once', async () => {
  const s = setup();
  const relay = new SessionRelay(['/l/a.log'], s.deps);
  await relay.ready;
  relay.onProgress({ sessionId: 's-1', bytesDone: 5, bytesTotal: 10, entries: 3, done: false });
  relay.onChanged({ sessionId: 's-1', entries: 4, reason: 'appended' });
  relay.onServerMessage({ sessionId: 's-1', severity: 'warning', text: 'a.log shrank' });
  assert.deepEqual(s.posted.map((m) => m.type), ['progress', 'changed', 'message']);
  await relay.onWebview({ type: 'follow', on: true });
  await relay.onWebview({ type: 'copy', text: 'line' });
  await relay.onWebview({ type: 'openFiles' });
  assert.deepEqual(s.calls[1], { method: LogRequests.follow, params: { sessionId: 's-1', on: true } });
  assert.deepEqual(s.notes, ['copy:line', 'openFiles']);
  relay.dispose();
  relay.dispose();
  relay.onChanged({ sessionId: 's-1', entries: 5, reason: 'appended' });
  assert.deepEqual(s.calls.filter((c) => c.method === LogRequests.close), [{ method: LogRequests.close, params: { sessionId: 's-1' } }]);
  assert.deepEqual(s.routed, ['+s-1', '-s-1']);
  assert.equal(s.posted.length, 3, 'nothing is posted to a closed panel');
});

test('a panel closed before the server answered open still closes the session', async () => {
  const s = setup({ holdOpen: true });
  const relay = new SessionRelay(['/l/a.log'], s.deps);
  relay.dispose();
  s.releaseOpen();
  await relay.ready;
  await new Promise<void>((r) => setImmediate(r));
  assert.deepEqual(s.calls.map((c) => c.method), [LogRequests.open, LogRequests.close]);
  assert.deepEqual(s.routed, []);
});

test('a merged panel restored after a reload reopens the absolute paths its webview saved, and nothing else', () => {
  assert.deepEqual(restoredPaths({ sessionId: 's-9', paths: ['/n1/atlassian-jira-security.log', '/n2/atlassian-jira-security.log'], row: 4 }), [
    '/n1/atlassian-jira-security.log',
    '/n2/atlassian-jira-security.log',
  ]);
  // The state comes from the webview: wrong shapes, relative paths, NULs and repeats are dropped.
  for (const bad of [undefined, null, 'x', 3, {}, { paths: 'a.log' }, { paths: [1, {}, null] }, { paths: ['a.log', '../b.log'] }]) assert.deepEqual(restoredPaths(bad), [], JSON.stringify(bad));
  assert.deepEqual(restoredPaths({ paths: ['/a.log', 'rel.log', '/a.log', '/b\0.log', 7, '/c.log'] }), ['/a.log', '/c.log']);
  assert.equal(restoredPaths({ paths: Array.from({ length: 100 }, (_, i) => `/l/${i}.log`) }).length, 64, 'at most 64 files');
});
