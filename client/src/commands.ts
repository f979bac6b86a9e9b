// Commands. Registered at activation, before the server starts, so they work (and explain) while
// the server is down.
import * as vscode from 'vscode';
import { ExecuteCommandRequest } from 'vscode-languageclient/node';
import type { ServerController } from './lsp';
import { log4jSelector } from './lsp';

/** The apps whose logging the server can switch on (ids known to ConfigLanguageService.enableLogging). */
export const auditApps: { id: string; label: string; detail: string }[] = [
  { id: 'kantega-audit', label: 'Kantega SSO: audit log', detail: 'com.kantegasso.AuditLog at INFO: who PASSED or FAILED Kerberos/SAML authentication' },
  { id: 'kantega-diagnostics', label: 'Kantega SSO: diagnostics log', detail: 'com.kantegasso.DiagnosticsLog at INFO: Kerberos failures as JSON (needs "Enable failure collection")' },
  { id: 'apitoken', label: 'API Token Authentication', detail: 'de.resolution.apitokenauth at INFO: every REST authentication attempt' },
];

/** Server command and the shape of its answer (server/src/lsp/server.ts). */
const enableLoggingCommand = 'authlog.enableLogging';
interface EnableLoggingResult {
  applied: boolean;
  message: string;
}

/** True when the document is a log4j configuration by name or by the `authlog.configFiles` setting. */
export function isLog4jDocument(document: vscode.TextDocument): boolean {
  return vscode.languages.match(log4jSelector(), document) > 0;
}

/**
 * "AuthLog: Enable audit logging…" on the active editor, or on `target` (menus pass the file's URI).
 * `appId` (a keybinding's args, another extension) skips the quick pick: one of auditApps' ids.
 */
async function enableAuditLogging(controller: ServerController, target: vscode.Uri | undefined, appId?: unknown): Promise<void> {
  let document: vscode.TextDocument | undefined;
  try {
    document = target
      ? (vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString()) ?? (await vscode.workspace.openTextDocument(target)))
      : vscode.window.activeTextEditor?.document;
  } catch (error) {
    void vscode.window.showErrorMessage(`AuthLog: cannot open ${target?.fsPath ?? 'the file'}: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  if (!document) {
    void vscode.window.showWarningMessage('AuthLog: open a log4j configuration file (log4j.properties or log4j2.xml) first.');
    return;
  }
  const languageOk = document.languageId === 'properties' || document.languageId === 'xml';
  if (!languageOk) {
    void vscode.window.showWarningMessage(`AuthLog: ${vscode.workspace.asRelativePath(document.uri)} is not a log4j configuration file.`);
    return;
  }
  const client = controller.getClient();
  if (!client) {
    const restart = 'Restart server';
    const answer = await vscode.window.showErrorMessage('AuthLog: the language server is not running.', restart);
    if (answer === restart) await vscode.commands.executeCommand('authlog.restartServer');
    return;
  }
  let app: { id: string } | undefined = typeof appId === 'string' ? auditApps.find((a) => a.id === appId) : undefined;
  if (appId !== undefined && !app) {
    void vscode.window.showErrorMessage(`AuthLog: unknown app "${String(appId)}" (known: ${auditApps.map((a) => a.id).join(', ')}).`);
    return;
  }
  app ??= await vscode.window.showQuickPick(
    auditApps.map((a) => ({ label: a.label, detail: a.detail, id: a.id })),
    { title: 'AuthLog: Enable audit logging', placeHolder: 'Which app\'s logging to turn on in this file?' },
  );
  if (!app) return;
  let result: EnableLoggingResult | null;
  try {
    result = (await client.sendRequest(ExecuteCommandRequest.type, {
      command: enableLoggingCommand,
      arguments: [document.uri.toString(), app.id],
    })) as EnableLoggingResult | null;
  } catch (error) {
    void vscode.window.showErrorMessage(`AuthLog: could not enable logging: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  if (!result) {
    void vscode.window.showErrorMessage('AuthLog: the server could not compute the edit. See "AuthLog: Show Output".');
  } else if (result.applied) {
    void vscode.window.showInformationMessage(`AuthLog: ${result.message}. Save the file, apply it on every node and restart.`);
  } else {
    void vscode.window.showWarningMessage(`AuthLog: ${result.message}`);
  }
}

export function registerCommands(context: vscode.ExtensionContext, controller: ServerController): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('authlog.restartServer', async () => {
      try {
        await controller.restart();
      } catch (error) {
        void vscode.window.showErrorMessage(`AuthLog: the server did not start: ${error instanceof Error ? error.message : String(error)}`);
      }
    }),
    vscode.commands.registerCommand('authlog.showOutput', () => controller.output.show(true)),
    vscode.commands.registerCommand('authlog.enableAuditLogging', (first?: unknown, second?: unknown) =>
      first instanceof vscode.Uri ? enableAuditLogging(controller, first, second) : enableAuditLogging(controller, undefined, first),
    ),
  );
}
