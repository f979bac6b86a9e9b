// Go to definition and find references for appender names: from a reference (a logger's
// appender list, `appender-ref ref=`, `AppenderRef ref=`, `appenderRef.<rid>.ref =`) to the
// definition, and from the definition to every reference (root included).
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Location, Position } from 'vscode-languageserver-types';
import type { ConfigModel, Span } from './model';
import { contains, rangeOf } from './cursor';
import { attr, elementAt, localName, walk } from './xml';

interface NamedSpan {
  name: string;
  span: Span;
}

/** Every appender reference of the file, in document order, each once. */
export function appenderReferences(model: ConfigModel): NamedSpan[] {
  const out: NamedSpan[] = [];
  const seen = new Set<number>();
  for (const l of model.loggers) {
    for (const r of l.appenderRefs) {
      if (seen.has(r.span.start)) continue;
      seen.add(r.span.start);
      out.push({ name: r.name, span: r.span });
    }
  }
  if (model.xml) {
    // References outside loggers too (an Async appender's AppenderRef, log4j 1 appender-ref in an appender).
    for (const el of walk(model.xml.roots)) {
      const n = localName(el);
      if (n !== 'appenderref' && n !== 'appender-ref') continue;
      const ref = attr(el, 'ref');
      if (!ref?.valueSpan || ref.value === undefined || seen.has(ref.valueSpan.start)) continue;
      seen.add(ref.valueSpan.start);
      out.push({ name: ref.value.trim(), span: ref.valueSpan });
    }
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

/** The appender name at an offset: a reference or a definition. */
export function appenderNameAt(model: ConfigModel, offset: number): { name: string; span: Span; isDefinition: boolean } | undefined {
  for (const a of model.appenders) {
    if (contains(a.nameSpan, offset)) return { name: a.name, span: a.nameSpan, isDefinition: true };
  }
  for (const l of model.loggers) {
    for (const r of l.appenderRefs) if (contains(r.span, offset)) return { name: r.name, span: r.span, isDefinition: false };
  }
  if (model.xml) {
    // A ref attribute outside loggers (an Async appender's AppenderRef): only the element under the cursor.
    const el = elementAt(model.xml, offset);
    if (el && (localName(el) === 'appenderref' || localName(el) === 'appender-ref')) {
      const ref = attr(el, 'ref');
      if (ref?.valueSpan && ref.value !== undefined && contains(ref.valueSpan, offset)) return { name: ref.value.trim(), span: ref.valueSpan, isDefinition: false };
    }
  }
  return undefined;
}

export function definition(document: TextDocument, model: ConfigModel, position: Position): Location[] {
  const at = appenderNameAt(model, document.offsetAt(position));
  if (!at) return [];
  return model.appenders
    .filter((a) => a.name === at.name)
    .map((a) => ({ uri: document.uri, range: rangeOf(document, a.nameSpan) }));
}

export function references(document: TextDocument, model: ConfigModel, position: Position, includeDeclaration: boolean): Location[] {
  const at = appenderNameAt(model, document.offsetAt(position));
  if (!at) return [];
  const spans: Span[] = [];
  if (includeDeclaration) for (const a of model.appenders) if (a.name === at.name) spans.push(a.nameSpan);
  for (const r of appenderReferences(model)) if (r.name === at.name) spans.push(r.span);
  spans.sort((a, b) => a.start - b.start);
  return spans.map((s) => ({ uri: document.uri, range: rangeOf(document, s) }));
}
