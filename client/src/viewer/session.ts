// One viewer panel on the extension host: opens a log session in the language server, relays its
// notifications to the webview and answers the webview's requests by forwarding them to the
// server. The host never reads, parses or holds log data itself; it only passes pages along.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { LanguageClient } from 'vscode-languageclient/node';
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
  type LogSummary,
  type MessageParams,
  type OpenParams,
  type OpenResult,
  type PageParams,
  type PageResult,
  type SummaryParams,
  type WebviewToHost,
} from '../../../shared/protocol';
import { viewerHtml } from './html';

export interface ViewerApi {
  getClient(): LanguageClient | undefined;
  ready: Promise<void>;
}

/** Routes server notifications (keyed by session id) to the panel that owns the session. */
export interface SessionRouter {
  add(sessionId: string, s: ViewerSession): void;
  remove(sessionId: string): void;
  /** Makes sure notification handlers are registered on the current client. */
  attach(client: LanguageClient): void;
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] };
}

export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  const dist = vscode.Uri.joinPath(extensionUri, 'dist');
  return viewerHtml({
    cspSource: webview.cspSource,
    nonce: randomBytes(16).toString('base64'),
    scripts: [webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString()],
    style: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
    title,
  });
}

/** A short, human title for a set of files: `atlassian-jira.log` or `atlassian-jira.log +2`. */
export function titleFor(files: string[]): string {
  const first = files[0] ? path.basename(files[0]) : 'logs';
  return files.length > 1 ? `${first} +${files.length - 1}` : first;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class ViewerSession implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private sessionId: string | undefined;
  private opened: Promise<OpenResult>;
  private follow: boolean;
  private disposed = false;

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly files: string[],
    private readonly api: ViewerApi,
    private readonly router: SessionRouter,
    extensionUri: vscode.Uri,
    follow = false,
  ) {
    this.follow = follow;
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = panelHtml(panel.webview, extensionUri, titleFor(files));
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: WebviewToHost) => void this.onMessage(m)),
      panel.onDidDispose(() => this.dispose()),
    );
    this.opened = this.open();
    // An unhandled rejection would be noise: the failure is reported to the webview on `ready`.
    this.opened.catch(() => undefined);
  }

  private async client(): Promise<LanguageClient> {
    await this.api.ready;
    const c = this.api.getClient();
    if (!c) throw new Error('The AuthLog language server is not running, so logs cannot be opened.');
    this.router.attach(c);
    return c;
  }

  private async open(): Promise<OpenResult> {
    const c = await this.client();
    const params: OpenParams = { files: this.files, follow: this.follow };
    const result = await c.sendRequest<OpenResult>(LogRequests.open, params);
    if (this.disposed) {
      void c.sendRequest(LogRequests.close, { sessionId: result.sessionId } satisfies CloseParams).then(undefined, () => undefined);
      return result;
    }
    this.sessionId = result.sessionId;
    this.router.add(result.sessionId, this);
    return result;
  }

  private post(m: HostToWebview): void {
    if (!this.disposed) void this.panel.webview.postMessage(m);
  }

  // --- server -> webview
  onProgress(progress: IndexProgress): void {
    this.post({ type: 'progress', progress });
  }
  onChanged(change: ChangedParams): void {
    this.post({ type: 'changed', change });
  }
  onMessage2(m: MessageParams): void {
    this.post({ type: 'message', severity: m.severity, text: m.text });
  }

  // --- webview -> host
  private async onMessage(m: WebviewToHost): Promise<void> {
    switch (m.type) {
      case 'ready': {
        // Sent on every (re)load of the webview: it is not kept alive while hidden.
        try {
          const r = await this.opened;
          this.post({ type: 'init', sessionId: r.sessionId, files: r.files, follow: this.follow });
          for (const f of r.files) if (f.problem) this.post({ type: 'message', severity: 'warning', text: `${f.label}: ${f.problem}` });
        } catch (e) {
          this.post({ type: 'message', severity: 'error', text: `Could not open ${titleFor(this.files)}: ${errorText(e)}` });
        }
        return;
      }
      case 'page':
        return this.forward(m.reqId, async (c, sessionId) =>
          c.sendRequest<PageResult>(LogRequests.page, { sessionId, filter: m.filter, start: m.start, count: m.count } satisfies PageParams),
        );
      case 'entry':
        return this.forward(m.reqId, async (c, sessionId) =>
          c.sendRequest<LogEntryDetail>(LogRequests.entry, { sessionId, id: m.id } satisfies EntryParams),
        );
      case 'summary':
        return this.forward(m.reqId, async (c, sessionId) =>
          c.sendRequest<LogSummary>(LogRequests.summary, { sessionId, filter: m.filter } satisfies SummaryParams),
        );
      case 'export':
        return this.export(m.filter, m.format);
      case 'copy':
        await vscode.env.clipboard.writeText(m.text);
        void vscode.window.setStatusBarMessage('AuthLog: entry copied to the clipboard', 3000);
        return;
      case 'follow':
        return this.setFollow(m.on);
      case 'openFiles':
        await vscode.commands.executeCommand('authlog.openLogsInViewer');
        return;
    }
  }

  private async forward(
    reqId: number,
    run: (c: LanguageClient, sessionId: string) => Promise<PageResult | LogEntryDetail | LogSummary>,
  ): Promise<void> {
    try {
      const r = await this.opened;
      const c = await this.client();
      const result = await run(c, r.sessionId);
      this.post({ type: 'reply', reqId, ok: true, result });
    } catch (e) {
      this.post({ type: 'reply', reqId, ok: false, error: errorText(e) });
    }
  }

  private async setFollow(on: boolean): Promise<void> {
    this.follow = on;
    try {
      const r = await this.opened;
      const c = await this.client();
      await c.sendRequest(LogRequests.follow, { sessionId: r.sessionId, on } satisfies FollowParams);
    } catch (e) {
      this.post({ type: 'message', severity: 'error', text: `Follow mode: ${errorText(e)}` });
    }
  }

  private async export(filter: ExportParams['filter'], format: 'csv' | 'jsonl'): Promise<void> {
    const first = this.files[0];
    const base = first ? path.basename(first).replace(/\.gz$/, '') : 'authlog';
    const dir = first ? path.dirname(first) : undefined;
    const defaultUri = dir ? vscode.Uri.file(path.join(dir, `${base}.${format}`)) : undefined;
    const target = await vscode.window.showSaveDialog({
      defaultUri,
      saveLabel: 'Export',
      title: `Export the filtered entries as ${format === 'csv' ? 'CSV' : 'JSON lines'}`,
      filters: format === 'csv' ? { CSV: ['csv'] } : { 'JSON lines': ['jsonl', 'ndjson'] },
    });
    if (!target) return;
    try {
      const r = await this.opened;
      const c = await this.client();
      const res = await c.sendRequest<ExportResult>(LogRequests.export, {
        sessionId: r.sessionId,
        filter,
        format,
        target: target.fsPath,
      } satisfies ExportParams);
      const text = `Exported ${res.written.toLocaleString('en-US')} entries to ${target.fsPath}`;
      this.post({ type: 'message', severity: 'info', text });
      const open = await vscode.window.showInformationMessage(text, 'Open');
      if (open) await vscode.commands.executeCommand('vscode.open', target);
    } catch (e) {
      const text = `Export failed: ${errorText(e)}`;
      this.post({ type: 'message', severity: 'error', text });
      void vscode.window.showErrorMessage(text);
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const d of this.disposables.splice(0)) d.dispose();
    const id = this.sessionId;
    if (id) {
      this.router.remove(id);
      const c = this.api.getClient();
      if (c) void c.sendRequest(LogRequests.close, { sessionId: id } satisfies CloseParams).then(undefined, () => undefined);
    }
  }
}
