// The log viewer's custom LSP requests (shared/protocol.ts LogRequests) mapped to LogSessions, and
// the session events sent back as LogNotifications. The server's main thread only coordinates:
// indexing and text filters run in the worker pool, so the server stays responsive on a 1 GB log.

import { ResponseError, type Connection } from 'vscode-languageserver';
import {
  LogNotifications, LogRequests,
  type CloseParams, type EntryParams, type ExportParams, type ExportResult, type FollowParams, type LogEntryDetail,
  type LogSummary, type OpenParams, type OpenResult, type PageParams, type PageResult, type SummaryParams,
} from '../../../shared/protocol';
import { LogSession, type SessionOptions } from '../logs/session';
import { wasmScanStatus } from '../logs/scanWasm';

/** JSON-RPC "request failed" (LSP 3.17). */
const REQUEST_FAILED = -32803;
const INVALID_PARAMS = -32602;

export interface LogHandlerOptions {
  /** Passed to every session (worker pool, follow poll interval, ...). */
  session?: Omit<SessionOptions, 'onProgress' | 'onChanged' | 'onMessage'>;
}

export function registerLogHandlers(connection: Connection, options: LogHandlerOptions = {}): { dispose(): void } {
  const sessions = new Map<string, LogSession>();
  let scannerChecked = false;
  /** Says once, in the server's log, when logs are indexed without the WebAssembly scanner (dist/scan.wasm missing or refused). */
  const checkScanner = (): void => {
    if (scannerChecked) return;
    scannerChecked = true;
    const s = wasmScanStatus();
    if (!s.available) connection.console.warn(`The log scanner's WebAssembly core did not load (${s.problem ?? 'unknown reason'}): logs are indexed by the JavaScript scanner, about 2.5 times slower.`);
  };

  const get = (id: unknown): LogSession => {
    const s = typeof id === 'string' ? sessions.get(id) : undefined;
    if (!s) throw new ResponseError(INVALID_PARAMS, `Unknown log session ${String(id)} (it was closed, or the server restarted): open the files again.`);
    return s;
  };
  const failed = (err: unknown): ResponseError<void> =>
    err instanceof ResponseError ? err : new ResponseError(REQUEST_FAILED, err instanceof Error ? err.message : String(err));

  const disposables = [
    connection.onRequest(LogRequests.open, async (p: OpenParams): Promise<OpenResult> => {
      if (!p || !Array.isArray(p.files) || p.files.length === 0 || p.files.some((f) => typeof f !== 'string')) {
        throw new ResponseError(INVALID_PARAMS, 'Open needs a list of log file paths.');
      }
      checkScanner();
      try {
        const s = await LogSession.open(p.files, {
          ...options.session,
          onProgress: (progress) => void connection.sendNotification(LogNotifications.progress, progress),
          onChanged: (change) => void connection.sendNotification(LogNotifications.changed, change),
          onMessage: (message) => void connection.sendNotification(LogNotifications.message, message),
        });
        sessions.set(s.id, s);
        if (p.follow) s.follow(true);
        return { sessionId: s.id, files: s.files };
      } catch (err) {
        throw failed(err);
      }
    }),
    connection.onRequest(LogRequests.page, async (p: PageParams): Promise<PageResult> => {
      const s = get(p?.sessionId);
      try {
        return await s.page(p.filter ?? {}, p.start ?? 0, p.count ?? 100);
      } catch (err) {
        throw failed(err);
      }
    }),
    connection.onRequest(LogRequests.entry, async (p: EntryParams): Promise<LogEntryDetail | null> => {
      const s = get(p?.sessionId);
      try {
        return (await s.entry(p.id)) ?? null;
      } catch (err) {
        throw failed(err);
      }
    }),
    connection.onRequest(LogRequests.summary, async (p: SummaryParams): Promise<LogSummary> => {
      const s = get(p?.sessionId);
      try {
        return await s.summary(p.filter);
      } catch (err) {
        throw failed(err);
      }
    }),
    connection.onRequest(LogRequests.export, async (p: ExportParams): Promise<ExportResult> => {
      const s = get(p?.sessionId);
      if (p.format !== 'csv' && p.format !== 'jsonl') throw new ResponseError(INVALID_PARAMS, `Unknown export format ${String(p.format)} (csv or jsonl).`);
      if (typeof p.target !== 'string' || !p.target) throw new ResponseError(INVALID_PARAMS, 'Export needs a target file path.');
      try {
        return await s.export(p.filter ?? {}, p.format, p.target);
      } catch (err) {
        throw failed(err);
      }
    }),
    connection.onRequest(LogRequests.follow, (p: FollowParams): { following: boolean } => {
      const s = get(p?.sessionId);
      s.follow(!!p.on);
      return { following: s.following };
    }),
    connection.onRequest(LogRequests.close, (p: CloseParams): null => {
      const s = typeof p?.sessionId === 'string' ? sessions.get(p.sessionId) : undefined;
      s?.close();
      if (s) sessions.delete(s.id);
      return null;
    }),
  ];

  return {
    dispose() {
      for (const d of disposables) d.dispose();
      for (const s of sessions.values()) s.close();
      sessions.clear();
    },
  };
}
