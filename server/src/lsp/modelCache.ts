// Parse once per (uri, version), like vscode's languageModelCache: every request on the same
// document version (diagnostics, completion, hover...) shares one model.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ConfigLanguageService } from '../config/api';
import type { ConfigModel, Syntax } from '../config/model';

/**
 * Documents larger than this are not analysed: a real log4j configuration is a few hundred KB at
 * most, and parsing blocks the server (a 1.2 MB, 20,000-line file takes about 0.2 s).
 */
export const MAX_ANALYSED_CHARS = 5 * 1024 * 1024;

export interface Analysis {
  version: number;
  /** What else the model depends on (the product setting), as a string. */
  tag: string;
  /** Undefined when the document is not a log4j configuration (or too large). */
  syntax?: Syntax;
  model?: ConfigModel;
  /** Why the document is not analysed, for the log. */
  skipped?: string;
  /** Not analysed because of its size (the user is told once). */
  tooLarge?: boolean;
}

/** The file name part of a document URI (`file:///a/b/log4j.properties` -> `log4j.properties`). */
export function fileNameOf(uri: string): string {
  let path = uri;
  try {
    path = decodeURIComponent(new URL(uri).pathname);
  } catch {
    // not a URL: use it as written
  }
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return slash >= 0 ? path.slice(slash + 1) : path;
}

export class ModelCache {
  private readonly entries = new Map<string, Analysis>();
  /** Parse count, for tests and the log. */
  parses = 0;

  /** `service` parses; `tag` names what else the model depends on (a changed tag re-parses). */
  get(document: TextDocument, service: ConfigLanguageService, tag = ''): Analysis {
    const cached = this.entries.get(document.uri);
    if (cached && cached.version === document.version && cached.tag === tag) return cached;
    // The previous version's model is read by the next one's parse for the lines the edit left
    // alone (also the same version's model under another tag: the lines it read do not depend on
    // the product); the cache lets it go before.
    const previous = cached?.model;
    if (cached) this.entries.delete(document.uri);
    const analysis = this.analyse(document, service, tag, previous);
    this.entries.set(document.uri, analysis);
    return analysis;
  }

  /** True when this document version is already analysed (under any settings). */
  has(document: TextDocument): boolean {
    return this.entries.get(document.uri)?.version === document.version;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }

  clear(): void {
    this.entries.clear();
  }

  private analyse(document: TextDocument, service: ConfigLanguageService, tag: string, previous: ConfigModel | undefined): Analysis {
    const version = document.version;
    const text = document.getText();
    if (text.length > MAX_ANALYSED_CHARS) {
      return { version, tag, tooLarge: true, skipped: `${text.length} characters is more than the ${MAX_ANALYSED_CHARS} analysed` };
    }
    const syntax = service.detectSyntax(fileNameOf(document.uri), text);
    if (!syntax) return { version, tag, skipped: 'not a log4j configuration' };
    this.parses++;
    const model = service.parse(document, syntax, previous); // (not detected a second time)
    if (!model) return { version, tag, skipped: 'the parser returned no model' };
    return { version, tag, syntax, model };
  }
}
