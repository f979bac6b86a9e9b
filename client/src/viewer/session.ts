// One viewer panel: a WebviewPanel wired to a SessionRelay (relay.ts) and the language client.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { WebviewToHost } from '../../../shared/protocol';
import { viewerHtml } from './html';
import { SessionRelay, titleFor } from './relay';

export { titleFor } from './relay';

export interface ViewerApi {
  getClient(): LanguageClient | undefined;
  ready: Promise<void>;
}

/** Routes server notifications (keyed by session id) to the relay that owns the session. */
export interface SessionRouter {
  add(sessionId: string, s: SessionRelay): void;
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

export class ViewerSession implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  readonly relay: SessionRelay;
  private disposed = false;

  constructor(panel: vscode.WebviewPanel, files: string[], api: ViewerApi, router: SessionRouter, extensionUri: vscode.Uri, follow = false) {
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = panelHtml(panel.webview, extensionUri, titleFor(files));
    const client = async (): Promise<LanguageClient> => {
      await api.ready;
      const c = api.getClient();
      if (!c) throw new Error('the AuthLog language server is not running, so logs cannot be opened (see the "AuthLog" output).');
      router.attach(c);
      return c;
    };
    this.relay = new SessionRelay(
      files,
      {
        request: async <R>(method: string, params: unknown) => (await client()).sendRequest<R>(method, params),
        post: (m) => {
          if (!this.disposed) void panel.webview.postMessage(m);
        },
        saveTarget: async (format, suggested) => {
          const uri = await vscode.window.showSaveDialog({
            defaultUri: suggested ? vscode.Uri.file(suggested) : undefined,
            saveLabel: 'Export',
            title: `Export the filtered entries as ${format === 'csv' ? 'CSV' : 'JSON lines'}`,
            filters: format === 'csv' ? { CSV: ['csv'] } : { 'JSON lines': ['jsonl', 'ndjson'] },
          });
          return uri?.fsPath;
        },
        copy: async (text) => {
          await vscode.env.clipboard.writeText(text);
          vscode.window.setStatusBarMessage('AuthLog: entry copied to the clipboard', 3000);
        },
        notify: (severity, text, target) => {
          if (severity === 'error') void vscode.window.showErrorMessage(text);
          else
            void vscode.window.showInformationMessage(text, ...(target ? ['Open'] : [])).then((pick) => {
              if (pick && target) void vscode.commands.executeCommand('vscode.open', vscode.Uri.file(target));
            });
        },
        openFiles: async () => {
          await vscode.commands.executeCommand('authlog.openLogsInViewer');
        },
        opened: (id) => router.add(id, this.relay),
        closed: (id) => router.remove(id),
      },
      follow,
    );
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: WebviewToHost) => void this.relay.onWebview(m)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.relay.dispose();
  }
}
