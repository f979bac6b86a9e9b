// The language client: starts dist/server.js and keeps it running. The server decides by content
// which documents are log4j configurations; the selector only says which ones it may see.
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  State,
  TransportKind,
  type DocumentSelector,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { ServerNotifications, type ServerStatus } from '../../shared/protocol';

/** What `activate` returns: the log viewer and the e2e tests use it. */
export interface AuthLogApi {
  /** The running client, undefined while the server is down. */
  getClient(): LanguageClient | undefined;
  /** Resolves once the server answered `initialize` the first time; rejects if it never started. */
  ready: Promise<void>;
  /** The server's state as the status bar shows it, and its changes (crashes and restarts included). */
  state(): StateChange;
  onDidChangeState: vscode.Event<StateChange>;
}

export type ServerState = 'starting' | 'ready' | 'busy' | 'error' | 'stopped';
export interface StateChange {
  state: ServerState;
  message?: string;
}

/** The narrow selectors: files that are log4j configurations by name or by the user's setting. */
export function log4jSelector(): { language?: string; pattern: string }[] {
  const selector: { language?: string; pattern: string }[] = [
    { language: 'properties', pattern: '**/log4j*.properties' },
    { language: 'xml', pattern: '**/log4j*.xml' },
  ];
  const globs = vscode.workspace.getConfiguration('authlog').get<unknown>('configFiles');
  if (Array.isArray(globs)) {
    // Any language: a user's `logging.conf` may open as plain text. The server checks the content.
    for (const glob of globs) if (typeof glob === 'string' && glob.trim()) selector.push({ pattern: glob.trim() });
  }
  return selector;
}

/** Everything the server may see: the narrow selectors plus every .properties file (the server checks content). */
export function documentSelector(): DocumentSelector {
  return [...log4jSelector(), { language: 'properties', pattern: '**/*.properties' }];
}

/**
 * Owns the LanguageClient: start, restart, stop, and a state stream for the status bar.
 * Restarts after crashes (up to 4 times in 3 minutes, then stays down with an error state).
 */
export class ServerController implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly stateEmitter = new vscode.EventEmitter<StateChange>();
  readonly onDidChangeState = this.stateEmitter.event;
  private current: StateChange = { state: 'stopped' };
  private readonly disposables: vscode.Disposable[] = [];
  private clientDisposables: vscode.Disposable[] = [];
  private stopping = false;
  private crashes: number[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly output: vscode.LogOutputChannel,
  ) {
    this.disposables.push(this.stateEmitter);
  }

  get state(): StateChange {
    return this.current;
  }

  getClient(): LanguageClient | undefined {
    return this.client && this.client.state === State.Running ? this.client : undefined;
  }

  private setState(change: StateChange): void {
    this.current = change;
    this.stateEmitter.fire(change);
  }

  private createClient(): LanguageClient {
    const module = this.context.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: documentSelector(),
      // vscode-languageclient 10+ defaults onChange to false: say what we want.
      diagnosticPullOptions: { onChange: true, onSave: true, onTabs: false },
      synchronize: { configurationSection: 'authlog' },
      outputChannel: this.output,
      errorHandler: this.errorHandler(),
      initializationFailedHandler: (error) => {
        this.output.error(`AuthLog server failed to initialize: ${String(error)}`);
        this.setState({ state: 'error', message: `The server failed to start: ${String(error)}` });
        return false;
      },
    };
    return new LanguageClient('authlog', 'AuthLog', serverOptions, clientOptions);
  }

  /** Restart after a crash, but not in a loop: at most 4 crashes in 3 minutes. */
  private errorHandler(): ErrorHandler {
    return {
      error: () => ({ action: ErrorAction.Continue, handled: true }),
      closed: () => {
        if (this.stopping) return { action: CloseAction.DoNotRestart, handled: true };
        const now = Date.now();
        this.crashes = this.crashes.filter((t) => now - t < 3 * 60_000);
        this.crashes.push(now);
        if (this.crashes.length > 4) {
          this.setState({ state: 'error', message: 'The server crashed 5 times in 3 minutes and will not be restarted. See the output.' });
          return { action: CloseAction.DoNotRestart, handled: true };
        }
        this.output.warn('AuthLog server stopped unexpectedly; restarting.');
        this.setState({ state: 'starting', message: 'The server stopped unexpectedly; restarting.' });
        return { action: CloseAction.Restart, handled: true };
      },
    };
  }

  async start(): Promise<void> {
    if (this.client) return;
    const client = this.createClient();
    this.client = client;
    this.clientDisposables.push(
      client.onDidChangeState((e) => {
        if (e.newState === State.Starting) this.setState({ state: 'starting' });
        else if (e.newState === State.Running) this.setState({ state: 'ready' });
        else if (e.newState === State.Stopped && this.current.state !== 'error') {
          this.setState({ state: this.stopping ? 'stopped' : 'error', message: this.stopping ? undefined : 'The server stopped.' });
        }
      }),
    );
    this.setState({ state: 'starting' });
    try {
      await client.start();
    } catch (error) {
      this.setState({ state: 'error', message: `The server failed to start: ${error instanceof Error ? error.message : String(error)}` });
      throw error;
    }
    this.clientDisposables.push(
      client.onNotification(ServerNotifications.status, (status: ServerStatus) => {
        this.setState(status.message === undefined ? { state: status.state } : { state: status.state, message: status.message });
      }),
    );
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    this.stopping = true;
    try {
      if (client.needsStop()) await client.stop(5000);
    } catch (error) {
      this.output.warn(`Stopping the server: ${String(error)}`);
    } finally {
      for (const d of this.clientDisposables.splice(0)) d.dispose();
      this.stopping = false;
      this.setState({ state: 'stopped' });
    }
  }

  async restart(): Promise<void> {
    this.crashes = [];
    await this.stop();
    await this.start();
  }

  dispose(): void {
    void this.stop();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
