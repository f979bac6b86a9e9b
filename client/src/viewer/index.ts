// The AuthLog Viewer: a read-only custom editor for log files (`authlog.logViewer`, opt-in via
// "Open With..." or the commands below) and panels over several files merged into one session.
// Called once from client/src/extension.ts: `registerViewer(context, api)`.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  LogNotifications,
  type ChangedParams,
  type IndexProgress,
  type MessageParams,
} from '../../../shared/protocol';
import { disabledHtml } from './html';
import { restoredPaths, type SessionRelay } from './relay';
import { ViewerSession, titleFor, type SessionRouter, type ViewerApi } from './session';

export type { ViewerApi } from './session';

export const VIEW_TYPE = 'authlog.logViewer';
/** Panels over several files merged into one timeline (restored after a reload by their serializer). */
export const MERGED_VIEW_TYPE = 'authlog.logViewer.merged';
export const UNTRUSTED_TEXT =
  'The AuthLog Viewer is turned off in an untrusted workspace, because it reads files and follows them as they grow. ' +
  'Trust this workspace (command "Workspaces: Manage Workspace Trust") to view these logs, or open them as plain text.';

/** File names the viewer offers itself for: `x.log`, rotated `x.log.3`, gzipped `x.log.gz`. */
export const LOG_FILE = /\.log(\.\d+)?(\.gz)?$/i;

class Router implements SessionRouter {
  private readonly sessions = new Map<string, SessionRelay>();
  /** Notifications for sessions whose `open` reply has not arrived yet. */
  private readonly early = new Map<string, ((s: SessionRelay) => void)[]>();
  private attached: LanguageClient | undefined;
  private readonly handlers: vscode.Disposable[] = [];

  add(id: string, s: SessionRelay): void {
    this.sessions.set(id, s);
    for (const f of this.early.get(id) ?? []) f(s);
    this.early.delete(id);
  }
  remove(id: string): void {
    this.sessions.delete(id);
    this.early.delete(id);
  }
  private route(id: string, f: (s: SessionRelay) => void): void {
    const s = this.sessions.get(id);
    if (s) return f(s);
    const list = this.early.get(id) ?? [];
    if (list.length < 1000) list.push(f);
    this.early.set(id, list);
    // Sessions that never show up (closed already) must not leak: keep only a few.
    if (this.early.size > 32) {
      const oldest = this.early.keys().next().value;
      if (oldest !== undefined) this.early.delete(oldest);
    }
  }
  attach(client: LanguageClient): void {
    if (this.attached === client) return;
    for (const d of this.handlers.splice(0)) d.dispose();
    this.attached = client;
    this.handlers.push(
      client.onNotification(LogNotifications.progress, (p: IndexProgress) => this.route(p.sessionId, (s) => s.onProgress(p))),
      client.onNotification(LogNotifications.changed, (p: ChangedParams) => this.route(p.sessionId, (s) => s.onChanged(p))),
      client.onNotification(LogNotifications.message, (p: MessageParams) => this.route(p.sessionId, (s) => s.onServerMessage(p))),
    );
  }
  dispose(): void {
    for (const d of this.handlers.splice(0)) d.dispose();
    for (const s of [...this.sessions.values()]) s.dispose();
  }
}

class LogDocument implements vscode.CustomDocument {
  constructor(readonly uri: vscode.Uri) {}
  dispose(): void {}
}

function fileUris(uris: readonly vscode.Uri[]): vscode.Uri[] {
  const seen = new Set<string>();
  return uris.filter((u) => u.scheme === 'file' && !seen.has(u.fsPath) && seen.add(u.fsPath));
}

export function registerViewer(context: vscode.ExtensionContext, api: ViewerApi): void {
  const router = new Router();
  context.subscriptions.push({ dispose: () => router.dispose() });
  const extensionUri = context.extensionUri;

  const styleUri = (panel: vscode.WebviewPanel): string => panel.webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.css')).toString();

  /** Starts the viewer in `panel` now, or once the workspace is trusted (the panel says why it waits). */
  const startWhenTrusted = (panel: vscode.WebviewPanel, files: string[]): void => {
    if (trusted(panel)) {
      // The session disposes itself with the panel.
      new ViewerSession(panel, files, api, router, extensionUri);
      return;
    }
    const grant = vscode.workspace.onDidGrantWorkspaceTrust(() => {
      grant.dispose();
      new ViewerSession(panel, files, api, router, extensionUri);
    });
    panel.onDidDispose(() => grant.dispose());
  };

  const trusted = (panel?: vscode.WebviewPanel): boolean => {
    if (vscode.workspace.isTrusted) return true;
    if (panel) {
      panel.webview.options = { enableScripts: false, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] };
      panel.webview.html = disabledHtml(panel.webview.cspSource, styleUri(panel), 'AuthLog Viewer is off in untrusted workspaces', UNTRUSTED_TEXT);
    } else {
      void vscode.window.showWarningMessage(UNTRUSTED_TEXT);
    }
    return false;
  };

  const provider: vscode.CustomReadonlyEditorProvider<LogDocument> = {
    openCustomDocument: (uri) => new LogDocument(uri),
    resolveCustomEditor: (doc, panel) => {
      if (doc.uri.scheme !== 'file') {
        panel.webview.html = disabledHtml(panel.webview.cspSource, styleUri(panel), 'AuthLog Viewer', `The AuthLog Viewer reads files on disk only (this one is ${doc.uri.scheme}:).`);
        return;
      }
      startWhenTrusted(panel, [doc.uri.fsPath]);
    },
  };

  /** Several files: one panel, one merged session (entries interleaved by time by the server). */
  const openMerged = (uris: vscode.Uri[]): void => {
    const files = uris.map((u) => u.fsPath);
    const panel = vscode.window.createWebviewPanel(MERGED_VIEW_TYPE, `AuthLog: ${titleFor(files)}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')],
      retainContextWhenHidden: false,
    });
    startWhenTrusted(panel, files);
  };

  /** A merged panel open when the window closed comes back after a reload, with its files (saved by its webview). */
  const serializer: vscode.WebviewPanelSerializer = {
    deserializeWebviewPanel: async (panel, state: unknown) => {
      const files = restoredPaths(state);
      if (!files.length) {
        panel.webview.html = disabledHtml(
          panel.webview.cspSource,
          styleUri(panel),
          'AuthLog Viewer',
          'This merged view could not be restored: it did not say which files it showed. Select the log files in the Explorer and choose "Open in AuthLog Viewer" again.',
        );
        return;
      }
      startWhenTrusted(panel, files);
    },
  };

  const open = async (uris: vscode.Uri[]): Promise<void> => {
    if (!trusted()) return;
    const files = fileUris(uris);
    if (!files.length) {
      void vscode.window.showWarningMessage('AuthLog: choose log files on disk to open in the AuthLog Viewer.');
      return;
    }
    if (files.length === 1) await vscode.commands.executeCommand('vscode.openWith', files[0], VIEW_TYPE);
    else openMerged(files);
  };

  const pick = async (): Promise<vscode.Uri[] | undefined> =>
    vscode.window.showOpenDialog({
      canSelectMany: true,
      openLabel: 'Open in AuthLog Viewer',
      title: 'Log files to open (several files are merged by time)',
      filters: { 'Log files': ['log', 'gz'], 'All files': ['*'] },
    });

  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(MERGED_VIEW_TYPE, serializer),
    vscode.window.registerCustomEditorProvider(VIEW_TYPE, provider, {
      webviewOptions: { retainContextWhenHidden: false },
      supportsMultipleEditorsPerDocument: true,
    }),
    // Explorer context (clicked uri, all selected uris), editor title (uri), palette (nothing).
    vscode.commands.registerCommand('authlog.openInViewer', async (uri?: vscode.Uri, selected?: vscode.Uri[]) => {
      let uris = selected?.length ? selected : uri instanceof vscode.Uri ? [uri] : [];
      if (!uris.length) {
        const active = vscode.window.activeTextEditor?.document.uri;
        uris = active && LOG_FILE.test(active.path) ? [active] : ((await pick()) ?? []);
        if (!uris.length) return;
      }
      await open(uris);
    }),
    vscode.commands.registerCommand('authlog.openLogsInViewer', async () => {
      if (!trusted()) return;
      const uris = await pick();
      if (uris?.length) await open(uris);
    }),
  );
}
