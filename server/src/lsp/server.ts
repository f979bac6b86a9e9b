// The LSP glue: wires a connection to the config analysis library. No analysis here: every answer
// comes from ConfigLanguageService (server/src/config/api.ts); this file only manages documents,
// the model cache, settings, diagnostics scheduling, cancellation and error containment.
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  type CancellationToken,
  type ClientCapabilities,
  type CodeAction,
  type CompletionList,
  type Connection,
  type Diagnostic,
  type DocumentDiagnosticParams,
  type DocumentDiagnosticReport,
  type DocumentSymbol,
  type Hover,
  type InitializeResult,
  type Location,
  type SymbolInformation,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { serverTextDocuments } from './textDocument';
import type { ConfigLanguageService, ConfigSettings } from '../config/api';
import type { ConfigModel, Product } from '../config/model';
import { ServerNotifications, type ServerStatus } from '../../../shared/protocol';
import { ModelCache, type Analysis } from './modelCache';
import { normalizeSettings } from './settings';

/** Commands the server executes (workspace/executeCommand). */
export const ServerCommands = {
  /** arguments: [uri: string, appId: string]; applies the edit through workspace/applyEdit. */
  enableLogging: 'authlog.enableLogging',
} as const;

/** What `authlog.enableLogging` returns to the client. */
export interface EnableLoggingResult {
  applied: boolean;
  message: string;
}

export interface ServerOptions {
  /**
   * The service to use when the user sets `authlog.product` (jira/confluence): the product to assume
   * when a file's content does not tell is applied when parsing. Without it, the setting is ignored.
   */
  serviceForProduct?: (product: Product) => ConfigLanguageService;
  /** Delay before push diagnostics are computed after a change (clients without pull support). */
  pushDelayMs?: number;
  /** Extra handlers (the log handlers) registered on the same connection. */
  extensions?: ((connection: Connection) => { dispose(): void })[];
}

const completionTriggers = ['.', '=', ',', '"', '<', ' '];

/** Lets queued messages ($/cancelRequest, didChange) be read between two phases of a request. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

function flattenSymbols(uri: string, symbols: DocumentSymbol[], container?: string, out: SymbolInformation[] = []): SymbolInformation[] {
  for (const s of symbols) {
    const info: SymbolInformation = { name: s.name, kind: s.kind, location: { uri, range: s.range } };
    if (container !== undefined) info.containerName = container;
    out.push(info);
    if (s.children?.length) flattenSymbols(uri, s.children, s.name, out);
  }
  return out;
}

/**
 * A file with thousands of loggers offers thousands of names: past this many items the list is cut
 * (best ranked first) and marked incomplete, so the editor asks again as the user types.
 */
export const MAX_COMPLETION_ITEMS = 500;

export function capCompletion(list: CompletionList): CompletionList {
  if (list.items.length <= MAX_COMPLETION_ITEMS) return list;
  const rank = (i: CompletionList['items'][number]) => i.sortText ?? i.label;
  const items = [...list.items].sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0)).slice(0, MAX_COMPLETION_ITEMS);
  return { ...list, isIncomplete: true, items };
}

function kindMatches(kind: string | undefined, only: string[] | undefined): boolean {
  if (!only || only.length === 0) return true;
  if (!kind) return false;
  return only.some((o) => kind === o || kind.startsWith(o + '.'));
}

export function startServer(connection: Connection, service: ConfigLanguageService, options: ServerOptions = {}): void {
  const documents = new TextDocuments(serverTextDocuments);
  const cache = new ModelCache();
  const productServices = new Map<Product, ConfigLanguageService>();
  function serviceFor(product: ConfigSettings['product']): ConfigLanguageService {
    if (!product || product === 'auto' || !options.serviceForProduct) return service;
    let s = productServices.get(product);
    if (!s) productServices.set(product, (s = options.serviceForProduct(product)));
    return s;
  }
  const pushDelay = options.pushDelayMs ?? 150;

  let capabilities: ClientCapabilities = {};
  let pullDiagnostics = false;
  let configurationRequests = false;
  let refreshSupport = false;
  let hierarchicalSymbols = false;

  /** Settings pushed with didChangeConfiguration or initializationOptions (clients without workspace/configuration). */
  let pushedSettings: ConfigSettings = {};
  /** The settings of the last workspace/configuration answer (the product a newly opened document is parsed under until its own arrive). */
  let lastAnswered: ConfigSettings | undefined;
  /** Per-document settings asked with workspace/configuration; dropped on didChangeConfiguration. */
  const settingsCache = new Map<string, Promise<ConfigSettings>>();
  /** Bumped when settings change: part of the pull diagnostics resultId. */
  let settingsGeneration = 0;
  /** Distinguishes this server process in resultIds (a restarted server never answers "unchanged" to its predecessor's ids). */
  const instance = Date.now().toString(36);

  const toldTooLarge = new Set<string>();
  /** The last findings per document, with the model and settings they were computed from. */
  const validated = new Map<string, { model: ConfigModel; settings: ConfigSettings; items: Diagnostic[] }>();
  const pushTimers = new Map<string, NodeJS.Timeout>();
  let refreshTimer: NodeJS.Timeout | undefined;
  const extensions: { dispose(): void }[] = [];
  let status: ServerStatus['state'] = 'starting';
  let initialized = false;

  // ---------------------------------------------------------------------------------------------
  // Logging and status

  function log(message: string): void {
    connection.console.log(message);
  }

  function sendStatus(state: ServerStatus['state'], message?: string): void {
    status = state;
    if (!initialized) return;
    const params: ServerStatus = message === undefined ? { state } : { state, message };
    connection.sendNotification(ServerNotifications.status, params).catch(() => undefined);
  }

  function reportError(where: string, error: unknown): void {
    connection.console.error(`${where} failed: ${describe(error)}`);
    const first = error instanceof Error ? error.message : String(error);
    sendStatus('error', `${where} failed: ${first}`);
  }

  /**
   * Wraps a request handler: a cancellation answers RequestCancelled; any other exception is logged
   * and becomes the empty answer, so one bad document never takes the server down.
   */
  function guard<P, R>(where: string, empty: () => R, handler: (params: P, token: CancellationToken) => R | Promise<R>) {
    return async (params: P, token: CancellationToken): Promise<R> => {
      if (token.isCancellationRequested) throw cancelled();
      try {
        const result = await handler(params, token);
        if (status === 'error') sendStatus('ready');
        return result;
      } catch (error) {
        if (error instanceof ResponseError) throw error;
        reportError(where, error);
        return empty();
      }
    };
  }

  /** Same for notifications: log and go on. */
  function guardNotification<P>(where: string, handler: (params: P) => void | Promise<void>) {
    return (params: P): void => {
      try {
        const r = handler(params);
        if (r) r.catch((error: unknown) => reportError(where, error));
      } catch (error) {
        reportError(where, error);
      }
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Documents and models

  interface Analysed {
    document: TextDocument;
    analysis: Analysis;
    settings: ConfigSettings;
  }

  /** The open document with its (cached) analysis under the document's settings. */
  async function analysisOf(uri: string): Promise<Analysed | undefined> {
    if (!documents.get(uri)) return undefined;
    const settings = await settingsFor(uri);
    // The settings request may have let a change in: analyse the version that is current now.
    const document = documents.get(uri);
    if (!document) return undefined;
    const product = settings.product ?? 'auto';
    return { document, analysis: cache.get(document, serviceFor(product), product), settings };
  }

  /** Document, model and settings when the document is an open log4j file. */
  async function modelOf(uri: string): Promise<{ document: TextDocument; model: ConfigModel; settings: ConfigSettings; service: ConfigLanguageService } | undefined> {
    const found = await analysisOf(uri);
    if (!found || !found.analysis.model) return undefined;
    return { document: found.document, model: found.analysis.model, settings: found.settings, service: serviceFor(found.settings.product) };
  }

  async function settingsFor(uri: string): Promise<ConfigSettings> {
    if (!configurationRequests) return pushedSettings;
    let pending = settingsCache.get(uri);
    if (!pending) {
      pending = connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'authlog' })
        .then((raw: unknown) => (lastAnswered = normalizeSettings(raw)), (error: unknown) => {
          connection.console.warn(`workspace/configuration failed, using defaults: ${describe(error)}`);
          settingsCache.delete(uri);
          return pushedSettings;
        });
      settingsCache.set(uri, pending);
    }
    return pending;
  }

  /** Diagnostics of the document's current version; undefined when cancelled or overtaken by a newer version. */
  async function computeDiagnostics(document: TextDocument, token?: CancellationToken): Promise<Diagnostic[] | undefined> {
    const settings = await settingsFor(document.uri);
    // Before parsing (the long phase), read what is already queued: a newer edit or a cancellation
    // makes this version's diagnostics moot.
    if (!cache.has(document)) {
      // The findings of an older version (and the model they hold) are of no more use: let them go before the new model is built.
      validated.delete(document.uri);
      await yieldToEventLoop();
    }
    if (token?.isCancellationRequested) return undefined;
    const current = documents.get(document.uri);
    if (!current) return [];
    if (current.version !== document.version) return undefined;
    const product = settings.product ?? 'auto';
    const svc = serviceFor(product);
    const analysis = cache.get(document, svc, product);
    if (analysis.tooLarge && !toldTooLarge.has(document.uri)) {
      toldTooLarge.add(document.uri);
      connection.console.warn(`${document.uri} is not checked: ${analysis.skipped ?? 'too large'}.`);
    }
    if (!analysis.model) return [];
    // The same model under the same settings: the findings already computed (a repeated pull, a push after a pull).
    const known = validated.get(document.uri);
    if (known && known.model === analysis.model && known.settings === settings) return known.items;
    // Parsing is the long phase: let queued messages ($/cancelRequest, didChange) in before validating.
    await yieldToEventLoop();
    if (token?.isCancellationRequested) return undefined;
    if (documents.get(document.uri)?.version !== document.version) return undefined;
    const items = svc.validate(document, analysis.model, settings);
    validated.set(document.uri, { model: analysis.model, settings, items });
    return items;
  }

  // Push diagnostics (clients without textDocument/diagnostic, e.g. Neovim 0.7).
  function schedulePush(uri: string, delay = pushDelay): void {
    if (pullDiagnostics) return;
    const previous = pushTimers.get(uri);
    if (previous) clearTimeout(previous);
    pushTimers.set(
      uri,
      setTimeout(() => {
        pushTimers.delete(uri);
        void publish(uri);
      }, delay),
    );
  }

  async function publish(uri: string): Promise<void> {
    const document = documents.get(uri);
    if (!document) return;
    try {
      const diagnostics = await computeDiagnostics(document);
      if (diagnostics === undefined) return; // a newer version is scheduled
      await connection.sendDiagnostics({ uri, version: document.version, diagnostics });
    } catch (error) {
      reportError(`diagnostics of ${uri}`, error);
    }
  }

  // TextDocuments fires onDidOpen then onDidChangeContent for an open: diagnostics of a freshly
  // opened document are computed at once, later changes after the debounce delay.
  const justOpened = new Set<string>();
  documents.onDidOpen(
    guardNotification('didOpen', (e) => {
      justOpened.add(e.document.uri);
      // Ask for the document's settings now: the answer is on its way while the diagnostics request comes in.
      void settingsFor(e.document.uri);
      // The diagnostics that follow an open need its model: parse it now, while the settings
      // answer and the diagnostics request are on their way, under the product of the settings
      // known so far (the settings of the last answer: a workspace has one product). When the
      // document's own settings name another product, the model is made again from this one's
      // rows (the model cache passes it as the previous version).
      const product = (configurationRequests ? (lastAnswered ?? pushedSettings) : pushedSettings).product ?? 'auto';
      try {
        cache.get(e.document, serviceFor(product), product);
      } catch {
        // (the diagnostics request parses again and reports it)
      }
    }),
  );
  documents.onDidChangeContent(
    guardNotification('didChange', (e) => schedulePush(e.document.uri, justOpened.delete(e.document.uri) ? 0 : pushDelay)),
  );
  documents.onDidClose(
    guardNotification('didClose', (e) => {
      const uri = e.document.uri;
      cache.delete(uri);
      validated.delete(uri);
      settingsCache.delete(uri);
      toldTooLarge.delete(uri);
      const timer = pushTimers.get(uri);
      if (timer) clearTimeout(timer);
      pushTimers.delete(uri);
      if (!pullDiagnostics) connection.sendDiagnostics({ uri, diagnostics: [] }).catch(() => undefined);
    }),
  );

  // ---------------------------------------------------------------------------------------------
  // Lifecycle

  connection.onInitialize((params): InitializeResult => {
    capabilities = params.capabilities ?? {};
    pullDiagnostics = capabilities.textDocument?.diagnostic !== undefined;
    configurationRequests = capabilities.workspace?.configuration === true;
    refreshSupport = capabilities.workspace?.diagnostics?.refreshSupport === true;
    hierarchicalSymbols = capabilities.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport === true;
    const init = params.initializationOptions as { settings?: unknown; authlog?: unknown } | undefined;
    pushedSettings = normalizeSettings(init?.settings ?? init?.authlog);
    log(
      `AuthLog server ${process.version} pid ${process.pid}; client ${params.clientInfo?.name ?? 'unknown'}; ` +
        `diagnostics by ${pullDiagnostics ? 'pull' : 'push'}; settings by ${configurationRequests ? 'workspace/configuration' : 'didChangeConfiguration'}`,
    );
    const result: InitializeResult = {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: completionTriggers, resolveProvider: false },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.Source], resolveProvider: false },
        definitionProvider: true,
        referencesProvider: true,
        documentSymbolProvider: true,
        executeCommandProvider: { commands: [ServerCommands.enableLogging] },
      },
      serverInfo: { name: 'authlog', version: '0.1.0' },
    };
    if (pullDiagnostics) {
      result.capabilities.diagnosticProvider = { identifier: 'authlog', interFileDependencies: false, workspaceDiagnostics: false };
    }
    return result;
  });

  connection.onInitialized(() => {
    initialized = true;
    if (capabilities.workspace?.didChangeConfiguration?.dynamicRegistration && configurationRequests) {
      // Ask for didChangeConfiguration so settings changes re-validate (VS Code needs the registration).
      connection.client.register(DidChangeConfigurationNotification.type, { section: 'authlog' }).catch(() => undefined);
    }
    for (const register of options.extensions ?? []) {
      try {
        extensions.push(register(connection));
      } catch (error) {
        reportError('registering extension handlers', error);
      }
    }
    sendStatus('ready');
  });

  connection.onShutdown(() => {
    for (const timer of pushTimers.values()) clearTimeout(timer);
    pushTimers.clear();
    if (refreshTimer) clearTimeout(refreshTimer);
    for (const e of extensions.splice(0)) {
      try {
        e.dispose();
      } catch (error) {
        connection.console.error(`dispose failed: ${describe(error)}`);
      }
    }
    cache.clear();
    validated.clear();
  });

  connection.onDidChangeConfiguration(
    guardNotification('didChangeConfiguration', (params) => {
      const raw = (params?.settings as { authlog?: unknown } | undefined)?.authlog;
      if (raw !== undefined) pushedSettings = normalizeSettings(raw);
      settingsCache.clear();
      settingsGeneration++;
      // A client may send the change twice (static synchronize + our registration): one refresh.
      if (refreshTimer) return;
      refreshTimer = setTimeout(() => {
        refreshTimer = undefined;
        if (pullDiagnostics) {
          if (refreshSupport) connection.languages.diagnostics.refresh().catch(() => undefined);
        } else {
          for (const document of documents.all()) schedulePush(document.uri, 0);
        }
      }, 20);
    }),
  );

  // ---------------------------------------------------------------------------------------------
  // Requests

  connection.languages.diagnostics.on(
    guard<DocumentDiagnosticParams, DocumentDiagnosticReport>(
      'textDocument/diagnostic',
      () => ({ kind: DocumentDiagnosticReportKind.Full, items: [] }),
      async (params, token) => {
        const document = documents.get(params.textDocument.uri);
        if (!document) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
        const resultId = `${instance}:${document.version}/${settingsGeneration}`;
        if (params.previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
        const items = await computeDiagnostics(document, token);
        if (items === undefined) throw cancelled();
        return { kind: DocumentDiagnosticReportKind.Full, resultId, items };
      },
    ),
  );

  connection.onCompletion(
    guard('textDocument/completion', (): CompletionList => ({ isIncomplete: false, items: [] }), async (params, token) => {
      const found = await modelOf(params.textDocument.uri);
      if (!found) return { isIncomplete: false, items: [] };
      if (token.isCancellationRequested) throw cancelled();
      return capCompletion(found.service.complete(found.document, found.model, params.position));
    }),
  );

  connection.onHover(
    guard('textDocument/hover', (): Hover | null => null, async (params, token) => {
      const found = await modelOf(params.textDocument.uri);
      if (!found) return null;
      if (token.isCancellationRequested) throw cancelled();
      return found.service.hover(found.document, found.model, params.position);
    }),
  );

  connection.onCodeAction(
    guard('textDocument/codeAction', (): CodeAction[] => [], async (params, token) => {
      const found = await modelOf(params.textDocument.uri);
      if (!found) return [];
      if (token.isCancellationRequested) throw cancelled();
      const actions = found.service.codeActions(found.document, found.model, params.range, params.context, found.settings);
      return actions.filter((a) => kindMatches(a.kind, params.context.only));
    }),
  );

  connection.onDefinition(
    guard('textDocument/definition', (): Location[] => [], async (params, token) => {
      const found = await modelOf(params.textDocument.uri);
      if (!found) return [];
      if (token.isCancellationRequested) throw cancelled();
      return found.service.definition(found.document, found.model, params.position);
    }),
  );

  connection.onReferences(
    guard('textDocument/references', (): Location[] => [], async (params, token) => {
      const found = await modelOf(params.textDocument.uri);
      if (!found) return [];
      if (token.isCancellationRequested) throw cancelled();
      return found.service.references(found.document, found.model, params.position, params.context?.includeDeclaration ?? true);
    }),
  );

  connection.onDocumentSymbol(
    guard('textDocument/documentSymbol', (): DocumentSymbol[] | SymbolInformation[] => [], async (params, token) => {
      const found = await modelOf(params.textDocument.uri);
      if (!found) return [];
      if (token.isCancellationRequested) throw cancelled();
      const symbols = found.service.symbols(found.document, found.model);
      return hierarchicalSymbols ? symbols : flattenSymbols(params.textDocument.uri, symbols);
    }),
  );

  connection.onExecuteCommand(
    guard('workspace/executeCommand', (): EnableLoggingResult | null => null, async (params): Promise<EnableLoggingResult | null> => {
      if (params.command !== ServerCommands.enableLogging) {
        throw new ResponseError(LSPErrorCodes.RequestFailed, `Unknown command ${params.command}`);
      }
      const [uri, appId] = params.arguments ?? [];
      if (typeof uri !== 'string' || typeof appId !== 'string') {
        throw new ResponseError(LSPErrorCodes.RequestFailed, `${ServerCommands.enableLogging} expects the arguments (uri: string, appId: string)`);
      }
      const found = await analysisOf(uri);
      if (!found) return { applied: false, message: `${uri} is not open.` };
      if (!found.analysis.model) return { applied: false, message: `${found.document.uri} is not a log4j configuration file.` };
      const action = serviceFor(found.settings.product).enableLogging(found.document, found.analysis.model, appId);
      if (!action?.edit) return { applied: false, message: `Logging for ${appId} is already enabled in this file.` };
      const applied = await connection.workspace.applyEdit({ label: action.title, edit: action.edit });
      if (!applied.applied) return { applied: false, message: `The editor refused the edit${applied.failureReason ? `: ${applied.failureReason}` : '.'}` };
      return { applied: true, message: action.title };
    }),
  );

  documents.listen(connection);
  connection.listen();
}
