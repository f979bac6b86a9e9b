// The public face of the config analysis: what the LSP server, the CLI and the tests call.
// Every method is a pure function of (document, model, settings); LSP types only at this edge.
import type {
  CodeAction,
  CodeActionContext,
  CompletionList,
  Diagnostic,
  DocumentSymbol,
  Hover,
  Location,
  Position,
  Range,
} from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ConfigModel, Product, Syntax } from './model';

export type RuleSeverity = 'error' | 'warning' | 'information' | 'hint' | 'off';

export interface ConfigSettings {
  /** Per rule id (= diagnostic code), the user's severity (setting `authlog.rules.<id>`). */
  rules?: Record<string, RuleSeverity>;
  /** Product to assume when the content does not tell (setting `authlog.product`). */
  product?: Product | 'auto';
}

export interface ConfigLanguageService {
  /** Which syntax a file is, from its name and content; undefined when it is not a log4j file. */
  detectSyntax(fileName: string, text: string): Syntax | undefined;
  /**
   * Parse once per (uri, version): callers cache the result. `syntax`: what detectSyntax already
   * said of this document (it is not detected again); without it the document's name and content tell.
   * `previous`: the model of an earlier version of the same document (parsed with the same
   * options): what it read of the text the edits left alone is reused; the model is the same as without it.
   */
  parse(document: TextDocument, syntax?: Syntax, previous?: ConfigModel): ConfigModel | undefined;
  validate(document: TextDocument, model: ConfigModel, settings?: ConfigSettings): Diagnostic[];
  complete(document: TextDocument, model: ConfigModel, position: Position): CompletionList;
  hover(document: TextDocument, model: ConfigModel, position: Position): Hover | null;
  codeActions(document: TextDocument, model: ConfigModel, range: Range, context: CodeActionContext, settings?: ConfigSettings): CodeAction[];
  /** The "Add audit logging for <app>" edit for the palette command; undefined when already present. */
  enableLogging(document: TextDocument, model: ConfigModel, appId: string): CodeAction | undefined;
  definition(document: TextDocument, model: ConfigModel, position: Position): Location[];
  references(document: TextDocument, model: ConfigModel, position: Position, includeDeclaration: boolean): Location[];
  symbols(document: TextDocument, model: ConfigModel): DocumentSymbol[];
}
