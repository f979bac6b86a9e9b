// Extension entry point: thin glue. Commands and the status bar first (they work while the server
// is down), then the language client.
import * as vscode from 'vscode';
import { registerCommands, isLog4jDocument } from './commands';
import { ServerController, type AuthLogApi } from './lsp';
import { StatusItem } from './status';
import { registerViewer } from './viewer';

export type { AuthLogApi } from './lsp';

let controller: ServerController | undefined;

export function activate(context: vscode.ExtensionContext): AuthLogApi {
  const output = vscode.window.createOutputChannel('AuthLog', { log: true });
  context.subscriptions.push(output);
  controller = new ServerController(context, output);
  const ctl = controller;
  context.subscriptions.push(ctl, new StatusItem(ctl));
  registerCommands(context, ctl);

  // Context key for menus: the active editor is a log4j configuration (by name or setting).
  const updateContext = (): void => {
    const document = vscode.window.activeTextEditor?.document;
    void vscode.commands.executeCommand('setContext', 'authlog.isLog4jFile', document ? isLog4jDocument(document) : false);
  };
  updateContext();
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(updateContext),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration('authlog.configFiles')) return;
      updateContext();
      // The document selector is fixed when the client starts: restart to apply new globs.
      output.info('authlog.configFiles changed: restarting the server.');
      try {
        await ctl.restart();
      } catch (error) {
        output.error(`Restart failed: ${String(error)}`);
      }
    }),
  );

  const ready = ctl.start();
  ready.catch((error: unknown) => {
    output.error(`AuthLog server failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  });
  const api: AuthLogApi = { getClient: () => ctl.getClient(), ready, state: () => ctl.state, onDidChangeState: ctl.onDidChangeState };
  try {
    registerViewer(context, api);
  } catch (error) {
    // The language features must survive a broken viewer.
    output.error(`Log viewer failed to register: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
  return api;
}

export async function deactivate(): Promise<void> {
  const c = controller;
  controller = undefined;
  if (c) await c.stop();
}
