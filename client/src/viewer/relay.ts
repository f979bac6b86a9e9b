// What one viewer panel does on the extension host, without `vscode`: opens a log session in the
// language server, relays the server's notifications to the webview and answers the webview's
// requests by forwarding them. The host never reads, parses or keeps log data; it passes pages on.
// session.ts plugs it into a WebviewPanel; tests plug it into a real server and a real Chromium.
import * as path from 'node:path';
import {
  LogRequests,
  type ChangedParams,
  type CloseParams,
  type EntryParams,
  type ExportParams,
  type ExportResult,
  type FollowParams,
  type HostToWebview,
  type IndexProgress,
  type LogEntryDetail,
  type LogFilter,
  type LogSummary,
  type MessageParams,
  type OpenParams,
  type OpenResult,
  type PageParams,
  type PageResult,
  type SummaryParams,
  type WebviewToHost,
} from '../../../shared/protocol';

export interface RelayDeps {
  /** Sends a request to the language server (waits for it to be ready; throws when it is not running). */
  request<R>(method: string, params: unknown): Promise<R>;
  /** Posts to the webview (dropped while it is hidden: it asks again when shown). */
  post(m: HostToWebview): void;
  /** Asks where to export; undefined when the user cancels. */
  saveTarget(format: 'csv' | 'jsonl', suggested: string | undefined): Promise<string | undefined>;
  copy(text: string): Promise<void>;
  /** Tells the user (outside the webview) what happened, e.g. after an export. */
  notify(severity: 'info' | 'error', text: string, target?: string): void;
  openFiles(): Promise<void>;
  /** The server gave the session its id: route its notifications here from now on. */
  opened(sessionId: string): void;
  closed(sessionId: string): void;
}

/** A short, human title for a set of files: `atlassian-jira.log` or `atlassian-jira.log +2`. */
export function titleFor(files: string[]): string {
  const first = files[0] ? path.basename(files[0]) : 'logs';
  return files.length > 1 ? `${first} +${files.length - 1}` : first;
}

/**
 * The files of a merged panel from the state its webview saved (`paths`), for restoring the panel
 * after a reload: absolute paths only, at most `max`, duplicates dropped. The state comes from the
 * webview, so nothing in it is trusted: anything else gives an empty list.
 */
export function restoredPaths(state: unknown, max = 64): string[] {
  if (!state || typeof state !== 'object' || !('paths' in state)) return [];
  const paths = (state as { paths: unknown }).paths;
  if (!Array.isArray(paths)) return [];
  const out: string[] = [];
  for (const p of paths) {
    if (typeof p !== 'string' || !path.isAbsolute(p) || p.includes('\0') || out.includes(p)) continue;
    out.push(p);
    if (out.length >= max) break;
  }
  return out;
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : typeof e === 'object' && e && 'message' in e ? String((e as { message: unknown }).message) : String(e);
}

export class SessionRelay {
  private sessionId: string | undefined;
  private readonly opening: Promise<OpenResult>;
  private follow: boolean;
  private disposed = false;

  constructor(private readonly files: string[], private readonly deps: RelayDeps, follow = false) {
    this.follow = follow;
    this.opening = this.open();
    // Reported to the webview on `ready`; not an unhandled rejection.
    this.opening.catch(() => undefined);
  }

  private async open(): Promise<OpenResult> {
    const result = await this.deps.request<OpenResult>(LogRequests.open, { files: this.files, follow: this.follow } satisfies OpenParams);
    if (this.disposed) {
      void this.deps.request(LogRequests.close, { sessionId: result.sessionId } satisfies CloseParams).catch(() => undefined);
      return result;
    }
    this.sessionId = result.sessionId;
    this.deps.opened(result.sessionId);
    return result;
  }

  /** Resolves with the session once the server opened it. */
  get ready(): Promise<OpenResult> {
    return this.opening;
  }

  // --- server -> webview
  onProgress(progress: IndexProgress): void {
    this.post({ type: 'progress', progress });
  }
  onChanged(change: ChangedParams): void {
    this.post({ type: 'changed', change });
  }
  onServerMessage(m: MessageParams): void {
    this.post({ type: 'message', severity: m.severity, text: m.text });
  }

  private post(m: HostToWebview): void {
    if (!this.disposed) this.deps.post(m);
  }

  // --- webview -> host
  async onWebview(m: WebviewToHost): Promise<void> {
    switch (m.type) {
      case 'ready': {
        // Sent on every (re)load of the webview: it is not kept alive while hidden.
        try {
          const r = await this.opening;
          this.post({ type: 'init', sessionId: r.sessionId, files: r.files, follow: this.follow });
          for (const f of r.files) if (f.problem) this.post({ type: 'message', severity: 'warning', text: `${f.label}: ${f.problem}` });
        } catch (e) {
          this.post({ type: 'message', severity: 'error', text: `Could not open ${titleFor(this.files)}: ${errorText(e)}` });
        }
        return;
      }
      case 'page':
        return this.forward(m.reqId, (sessionId) =>
          this.deps.request<PageResult>(LogRequests.page, { sessionId, filter: m.filter, start: m.start, count: m.count } satisfies PageParams),
        );
      case 'entry':
        return this.forward(m.reqId, (sessionId) => this.deps.request<LogEntryDetail>(LogRequests.entry, { sessionId, id: m.id } satisfies EntryParams));
      case 'summary':
        return this.forward(m.reqId, (sessionId) =>
          this.deps.request<LogSummary>(LogRequests.summary, { sessionId, filter: m.filter } satisfies SummaryParams),
        );
      case 'export':
        return this.export(m.filter, m.format);
      case 'copy':
        try {
          await this.deps.copy(m.text);
        } catch (e) {
          this.post({ type: 'message', severity: 'error', text: `Copy failed: ${errorText(e)}` });
        }
        return;
      case 'follow':
        return this.setFollow(m.on);
      case 'openFiles':
        return this.deps.openFiles();
      default:
        return; // an unknown message from a newer/older webview: ignored
    }
  }

  private async forward(reqId: number, run: (sessionId: string) => Promise<PageResult | LogEntryDetail | LogSummary>): Promise<void> {
    try {
      const r = await this.opening;
      const result = await run(r.sessionId);
      this.post({ type: 'reply', reqId, ok: true, result });
    } catch (e) {
      this.post({ type: 'reply', reqId, ok: false, error: errorText(e) });
    }
  }

  private async setFollow(on: boolean): Promise<void> {
    this.follow = on;
    try {
      const r = await this.opening;
      await this.deps.request(LogRequests.follow, { sessionId: r.sessionId, on } satisfies FollowParams);
    } catch (e) {
      this.post({ type: 'message', severity: 'error', text: `Follow mode: ${errorText(e)}` });
    }
  }

  private async export(filter: LogFilter, format: 'csv' | 'jsonl'): Promise<void> {
    const first = this.files[0];
    const suggested = first ? path.join(path.dirname(first), `${path.basename(first).replace(/\.gz$/, '')}.${format}`) : undefined;
    const target = await this.deps.saveTarget(format, suggested);
    if (!target) return;
    try {
      const r = await this.opening;
      const res = await this.deps.request<ExportResult>(LogRequests.export, { sessionId: r.sessionId, filter, format, target } satisfies ExportParams);
      const text = `Exported ${res.written.toLocaleString('en-US')} entries to ${target}`;
      this.post({ type: 'message', severity: 'info', text });
      this.deps.notify('info', text, target);
    } catch (e) {
      const text = `Export failed: ${errorText(e)}`;
      this.post({ type: 'message', severity: 'error', text });
      this.deps.notify('error', text);
    }
  }

  /** The panel closed: close the server session (once). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const id = this.sessionId;
    if (id) {
      this.deps.closed(id);
      void this.deps.request(LogRequests.close, { sessionId: id } satisfies CloseParams).catch(() => undefined);
    }
  }
}
