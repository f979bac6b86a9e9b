// Test harness: runs the REAL `node dist/server.js --stdio` and speaks JSON-RPC to it, as an editor
// would. Waits on messages, never on fixed sleeps. Kills the process it started, by pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ApplyWorkspaceEditParams,
  type ClientCapabilities,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';

export const root = join(__dirname, '..', '..');
/** AUTHLOG_TEST_SERVER / AUTHLOG_TEST_CLI point the tests at another build (then nothing is rebuilt). */
export const serverJs = process.env.AUTHLOG_TEST_SERVER ?? join(root, 'dist', 'server.js');
export const cliJs = process.env.AUTHLOG_TEST_CLI ?? join(root, 'dist', 'cli.js');

function newestMtime(dir: string): number {
  let newest = 0;
  if (!existsSync(dir)) return 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    newest = Math.max(newest, st.isDirectory() ? newestMtime(p) : st.mtimeMs);
  }
  return newest;
}

/**
 * Makes sure dist/server.js and dist/cli.js are built from the current sources: `npm test` builds
 * first; running one test file alone runs the project's build (build.mjs) when they are stale.
 */
export async function ensureBuilt(): Promise<void> {
  if (process.env.AUTHLOG_TEST_SERVER || process.env.AUTHLOG_TEST_CLI) return;
  const sources = Math.max(newestMtime(join(root, 'server', 'src')), newestMtime(join(root, 'shared')));
  const stale = (f: string) => !existsSync(f) || statSync(f).mtimeMs < sources;
  if (!stale(serverJs) && !stale(cliJs)) return;
  const child = spawn(process.execPath, ['build.mjs'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`node build.mjs failed with status ${code}`);
}

export const fullCapabilities: ClientCapabilities = {
  workspace: {
    configuration: true,
    applyEdit: true,
    didChangeConfiguration: { dynamicRegistration: true },
    diagnostics: { refreshSupport: true },
    workspaceEdit: { documentChanges: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: false, didSave: true },
    diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'refactor'] } }, dataSupport: true },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    publishDiagnostics: { relatedInformation: true, versionSupport: true },
  },
};

/** Roughly what Neovim 0.7 declares: no pull diagnostics, push only. */
export const neovim07Capabilities: ClientCapabilities = {
  workspace: { configuration: true, applyEdit: true, workspaceEdit: { documentChanges: false } },
  textDocument: {
    synchronization: { didSave: true },
    completion: { completionItem: { snippetSupport: false } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source'] } } },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    publishDiagnostics: { relatedInformation: true },
  },
};

interface Waiter<T> {
  test: (value: T) => boolean;
  resolve: (value: T) => void;
}

/** A stream of values with "wait for the first one (already seen or future) that matches". */
class Inbox<T> {
  readonly seen: T[] = [];
  private waiters: Waiter<T>[] = [];
  push(value: T): void {
    this.seen.push(value);
    for (const w of [...this.waiters]) {
      if (w.test(value)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(value);
      }
    }
  }
  /** The first value seen so far that matches, else the next one. */
  find(test: (value: T) => boolean, timeoutMs = 10_000, what = 'message'): Promise<T> {
    const seen = this.seen.find(test);
    return seen !== undefined ? Promise.resolve(seen) : this.next(test, timeoutMs, what);
  }
  /** The next value (after the ones seen so far) that matches. */
  next(test: (value: T) => boolean = () => true, timeoutMs = 10_000, what = 'message'): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const waiter: Waiter<T> = {
        test,
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
      };
      this.waiters.push(waiter);
    });
  }
}

export interface TestServer {
  process: ChildProcess;
  connection: ProtocolConnection;
  initializeResult: InitializeResult;
  /** Settings answered to workspace/configuration for section `authlog`. */
  settings: Record<string, unknown>;
  diagnostics: Inbox<PublishDiagnosticsParams>;
  applyEdits: Inbox<ApplyWorkspaceEditParams>;
  status: Inbox<{ state: string; message?: string }>;
  logs: Inbox<{ type: number; message: string }>;
  refreshes: Inbox<null>;
  /** authlog/logs/progress notifications. */
  logProgress: Inbox<{ sessionId: string; done: boolean; entries: number }>;
  configurationRequests: number;
  stderr: string[];
  stop(): Promise<void>;
}

export async function startTestServer(options: {
  capabilities?: ClientCapabilities;
  settings?: Record<string, unknown>;
  initializationOptions?: unknown;
  /** Extra environment variables for the server process. */
  env?: Record<string, string>;
} = {}): Promise<TestServer> {
  await ensureBuilt();
  const child = spawn(process.execPath, [serverJs, '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'], ...(options.env ? { env: { ...process.env, ...options.env } } : {}) });
  const stderr: string[] = [];
  child.stderr!.setEncoding('utf8').on('data', (d: string) => stderr.push(d));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const server: TestServer = {
    process: child,
    connection,
    initializeResult: undefined as unknown as InitializeResult, // set below, before returning
    settings: options.settings ?? {},
    diagnostics: new Inbox(),
    applyEdits: new Inbox(),
    status: new Inbox(),
    logs: new Inbox(),
    refreshes: new Inbox(),
    logProgress: new Inbox(),
    configurationRequests: 0,
    stderr,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      try {
        await Promise.race([connection.sendRequest('shutdown'), exited]);
        await connection.sendNotification('exit');
      } catch {
        // the process may already be gone
      }
      const timer = setTimeout(() => {
        if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
      }, 3000);
      await exited;
      clearTimeout(timer);
      connection.dispose();
    },
  };
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => server.diagnostics.push(p));
  connection.onNotification('authlog/status', (p: { state: string; message?: string }) => server.status.push(p));
  connection.onNotification('authlog/logs/progress', (p: { sessionId: string; done: boolean; entries: number }) => server.logProgress.push(p));
  connection.onNotification('window/logMessage', (p: { type: number; message: string }) => server.logs.push(p));
  connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => {
    server.configurationRequests++;
    return p.items.map((i) => (i.section === 'authlog' ? server.settings : null));
  });
  connection.onRequest('workspace/applyEdit', (p: ApplyWorkspaceEditParams) => {
    server.applyEdits.push(p);
    return { applied: true };
  });
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('workspace/diagnostic/refresh', () => {
    server.refreshes.push(null);
    return null;
  });
  connection.listen();
  server.initializeResult = await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: options.capabilities ?? fullCapabilities,
    initializationOptions: options.initializationOptions,
    clientInfo: { name: 'authlog-test' },
  });
  await connection.sendNotification('initialized', {});
  return server;
}

/** Applies LSP text edits to a text (for asserting on the edited text, not on edit objects). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: { line: number; character: number }) =>
    p.line >= lineStarts.length ? text.length : Math.min(lineStarts[p.line]! + p.character, text.length);
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

/** Position of the `|` marker in a text, and the text without it. */
export function cursor(textWithBar: string): { text: string; position: { line: number; character: number } } {
  const i = textWithBar.indexOf('|');
  if (i < 0) throw new Error('no | in text');
  const before = textWithBar.slice(0, i);
  const line = before.split('\n').length - 1;
  const character = i - (before.lastIndexOf('\n') + 1);
  return { text: before + textWithBar.slice(i + 1), position: { line, character } };
}
