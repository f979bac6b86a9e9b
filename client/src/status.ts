// The status bar item: the server's health at a glance, and its actions one click away.
import * as vscode from 'vscode';
import type { ServerController, StateChange } from './lsp';

export const statusActionsCommand = 'authlog.statusActions';

const icons: Record<StateChange['state'], string> = {
  starting: '$(sync~spin)',
  ready: '$(check)',
  busy: '$(loading~spin)',
  error: '$(error)',
  stopped: '$(circle-slash)',
};

const labels: Record<StateChange['state'], string> = {
  starting: 'starting',
  ready: 'ready',
  busy: 'working',
  error: 'error',
  stopped: 'stopped',
};

export class StatusItem implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly controller: ServerController) {
    this.item = vscode.window.createStatusBarItem('authlog.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'AuthLog';
    this.item.command = statusActionsCommand;
    this.disposables.push(
      this.item,
      controller.onDidChangeState((s) => this.render(s)),
      vscode.commands.registerCommand(statusActionsCommand, () => this.pickAction()),
    );
    this.render(controller.state);
    this.item.show();
  }

  /** Text shown, for tests. */
  get text(): string {
    return this.item.text;
  }

  private render(s: StateChange): void {
    this.item.text = `${icons[s.state]} AuthLog`;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.isTrusted = false;
    tooltip.appendText(`AuthLog language server: ${labels[s.state]}`);
    if (s.message) {
      tooltip.appendText('\n\n');
      tooltip.appendText(s.message);
    }
    tooltip.appendText('\n\nClick for actions.');
    this.item.tooltip = tooltip;
    this.item.backgroundColor = s.state === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.accessibilityInformation = { label: `AuthLog language server ${labels[s.state]}${s.message ? `: ${s.message}` : ''}` };
  }

  private async pickAction(): Promise<void> {
    const items: (vscode.QuickPickItem & { command: string; args?: unknown[] })[] = [
      { label: '$(debug-restart) Restart server', command: 'authlog.restartServer' },
      { label: '$(output) Show output', command: 'authlog.showOutput' },
      { label: '$(settings-gear) Open settings', command: 'workbench.action.openSettings', args: ['@ext:authlog.authlog authlog'] },
    ];
    const s = this.controller.state;
    const pick = await vscode.window.showQuickPick(items, {
      title: `AuthLog: server ${labels[s.state]}`,
      placeHolder: s.message ?? 'Choose an action',
    });
    if (pick) await vscode.commands.executeCommand(pick.command, ...(pick.args ?? []));
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
