// The config language service: one object of pure methods over (document, model, settings),
// tying syntax detection, the model builder and validation (build.ts, validate.ts) to the editor
// features (completion, hover, code actions, navigation, symbols). Callers parse once per
// (uri, version) with `parse` and pass the model to the other methods.
//
//   const service = createConfigService({ product: 'auto' });
//   const doc = TextDocument.create('file:///srv/jira/log4j.properties', 'properties', 1, text);
//   const model = service.parse(doc);                 // undefined: not a log4j file
//   if (model) {
//     const problems = service.validate(doc, model);   // diagnostics, code = rule id (rules.ts)
//     const fixes = service.codeActions(doc, model, problems[0].range, { diagnostics: [problems[0]] });
//     const items = service.complete(doc, model, { line: 3, character: 14 });
//     const add = service.enableLogging(doc, model, 'kantega-audit'); // or 'kantega-diagnostics', 'apitoken'
//   }
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ConfigLanguageService, ConfigSettings } from './api';
import type { ConfigModel, Product, Syntax } from './model';
import { buildModel, detectSyntax } from './build';
import { validate } from './validate';
import { complete } from './completion';
import { hover } from './hover';
import { codeActions, enableLogging } from './codeActions';
import { definition, references } from './navigation';
import { symbols } from './symbols';

/** The file name (last path segment, decoded) of a document URI. */
export function fileNameOf(uri: string): string {
  const path = uri.replace(/[?#].*$/, '');
  const last = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

export interface ConfigServiceOptions {
  /** Product to assume when a file's content does not tell (setting `authlog.product`). */
  product?: Product | 'auto';
}

/**
 * Parses a document as the log4j syntax its name and content say (or as `known`); undefined when
 * it is not a log4j file. `previous`: the model of an earlier version of the document (see buildModel).
 */
export function parse(document: TextDocument, options: ConfigServiceOptions = {}, known?: Syntax, previous?: ConfigModel): ConfigModel | undefined {
  const text = document.getText();
  const syntax: Syntax | undefined = known ?? detectSyntax(fileNameOf(document.uri), text);
  if (!syntax) return undefined;
  return buildModel(text, syntax, { product: options.product }, previous);
}

export function createConfigService(options: ConfigServiceOptions = {}): ConfigLanguageService {
  return {
    detectSyntax,
    parse: (document, syntax, previous) => parse(document, options, syntax, previous),
    validate: (document, model, settings?: ConfigSettings) => validate(document, model, settings),
    complete,
    hover,
    codeActions,
    enableLogging,
    definition,
    references,
    symbols,
  };
}
