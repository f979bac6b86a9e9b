// The webview's side of the host protocol (shared/protocol.ts): typed requests with reply ids.
import type { HostToWebview, LogEntryDetail, LogFilter, LogSummary, PageResult, WebviewToHost } from '../../shared/protocol';

/** What VS Code injects into a webview (declared here: webview code never imports `vscode`). */
export interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

type Pending = { resolve: (v: PageResult | LogEntryDetail | LogSummary) => void; reject: (e: Error) => void };

export class Host {
  readonly api: VsCodeApi = acquireVsCodeApi();
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  post(m: WebviewToHost): void {
    this.api.postMessage(m);
  }

  private request(make: (reqId: number) => WebviewToHost): Promise<PageResult | LogEntryDetail | LogSummary> {
    const reqId = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(reqId, { resolve, reject });
      this.api.postMessage(make(reqId));
    });
  }

  page(filter: LogFilter, start: number, count: number): Promise<PageResult> {
    return this.request((reqId) => ({ type: 'page', reqId, filter, start, count })) as Promise<PageResult>;
  }
  entry(id: number): Promise<LogEntryDetail> {
    return this.request((reqId) => ({ type: 'entry', reqId, id })) as Promise<LogEntryDetail>;
  }
  summary(filter?: LogFilter): Promise<LogSummary> {
    return this.request((reqId) => ({ type: 'summary', reqId, filter })) as Promise<LogSummary>;
  }

  /** Settles the request a reply answers; returns false for other messages. */
  settle(m: HostToWebview): boolean {
    if (m.type !== 'reply') return false;
    const p = this.pending.get(m.reqId);
    if (!p) return true;
    this.pending.delete(m.reqId);
    if (m.ok) p.resolve(m.result);
    else p.reject(new Error(m.error));
    return true;
  }
}

/** Accepts only well-formed messages from the host (anything else is ignored, never thrown on). */
export function isHostMessage(d: unknown): d is HostToWebview {
  if (typeof d !== 'object' || d === null) return false;
  const t = (d as { type?: unknown }).type;
  return t === 'init' || t === 'progress' || t === 'changed' || t === 'message' || t === 'reply';
}
