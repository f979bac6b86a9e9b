// The outline: properties files show "Appenders" (each with its settings) and "Loggers" (each
// with its level, appenders and additivity, root first); XML files show the element tree under
// <Appenders>/<Loggers> (log4j 1: <appender>, <logger>, <category>, <root>).
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import type { AppenderDecl, ConfigModel, LoggerDecl, Span, XmlElement } from './model';
import { rangeOf } from './cursor';
import { attr, localName } from './xml';

function sym(document: TextDocument, name: string, kind: SymbolKind, span: Span, selection: Span, detail?: string, children?: DocumentSymbol[]): DocumentSymbol {
  const range = rangeOf(document, span);
  // The selection must lie inside the range.
  const sel = selection.start >= span.start && selection.end <= span.end ? rangeOf(document, selection) : range;
  const s: DocumentSymbol = { name: name || '(empty)', kind, range, selectionRange: sel };
  if (detail) s.detail = detail;
  if (children?.length) s.children = children;
  return s;
}

function union(spans: readonly Span[]): Span {
  let start = Infinity;
  let end = -Infinity;
  for (const s of spans) {
    if (s.start < start) start = s.start;
    if (s.end > end) end = s.end;
  }
  return { start, end };
}

function loggerDetail(l: LoggerDecl): string {
  const parts: string[] = [];
  if (l.level) parts.push(l.level.raw);
  if (l.appenderRefs.length) parts.push(l.appenderRefs.map((r) => r.name).join(', '));
  if (l.additivity) parts.push(`additivity=${l.additivity.value}`);
  return parts.join(' · ');
}

function loggerSymbol(document: TextDocument, l: LoggerDecl): DocumentSymbol {
  const children: DocumentSymbol[] = [];
  if (l.level) children.push(sym(document, 'level', SymbolKind.Property, l.level.span, l.level.span, l.level.raw));
  for (const r of l.appenderRefs) children.push(sym(document, r.name, SymbolKind.Field, r.span, r.span, 'appender'));
  if (l.additivity) children.push(sym(document, 'additivity', SymbolKind.Property, l.additivity.span, l.additivity.span, l.additivity.value));
  const spans = [l.span, ...children.map((c) => spanOfSymbol(document, c))];
  const span = union(spans);
  return sym(document, l.isRoot ? 'root' : l.name, l.isRoot ? SymbolKind.Module : SymbolKind.Class, span, l.nameSpan ?? l.span, loggerDetail(l), children);
}

function spanOfSymbol(document: TextDocument, s: DocumentSymbol): Span {
  return { start: document.offsetAt(s.range.start), end: document.offsetAt(s.range.end) };
}

function appenderSymbol(document: TextDocument, a: AppenderDecl): DocumentSymbol {
  const children: DocumentSymbol[] = [];
  if (a.type) children.push(sym(document, 'type', SymbolKind.Property, a.type.span, a.type.span, a.type.value));
  if (a.file) children.push(sym(document, 'file', SymbolKind.Property, a.file.span, a.file.span, a.file.value));
  if (a.layout) children.push(sym(document, 'layout', SymbolKind.Property, a.layout.span, a.layout.span, a.layout.value));
  if (a.pattern) children.push(sym(document, 'pattern', SymbolKind.Property, a.pattern.span, a.pattern.span, a.pattern.value));
  const shown = new Set([a.type, a.file, a.layout, a.pattern].filter((x) => x).map((x) => x!.span.start));
  for (const [key, v] of a.settings) {
    if (shown.has(v.span.start)) continue;
    children.push(sym(document, key, SymbolKind.Property, v.span, v.span, v.value));
  }
  children.sort((x, y) => document.offsetAt(x.range.start) - document.offsetAt(y.range.start));
  const span = union([a.span, ...children.map((c) => spanOfSymbol(document, c))]);
  return sym(document, a.name, SymbolKind.Object, span, a.nameSpan, a.type?.value, children);
}

const xmlGroups = new Set(['appenders', 'loggers', 'properties', 'customlevels']);
const xmlTop = new Set(['appender', 'logger', 'category', 'root', 'renderer']);

function xmlSymbol(document: TextDocument, el: XmlElement): DocumentSymbol {
  const name = attr(el, 'name')?.value;
  const label = name !== undefined && name !== '' ? `${el.name} ${name}` : el.name;
  const details: string[] = [];
  for (const a of el.attributes) {
    if (a.name.toLowerCase() === 'name' || a.value === undefined) continue;
    details.push(`${a.name}=${a.value}`);
  }
  const n = localName(el);
  const kind =
    n === 'loggers' || n === 'appenders' ? SymbolKind.Namespace
      : n === 'logger' || n === 'asynclogger' || n === 'category' ? SymbolKind.Class
        : n === 'root' || n === 'asyncroot' ? SymbolKind.Module
          : n === 'appenderref' || n === 'appender-ref' ? SymbolKind.Field
            : el.parent && localName(el.parent) === 'appenders' ? SymbolKind.Object
              : SymbolKind.Property;
  const children = el.children.map((c) => xmlSymbol(document, c));
  return sym(document, label, kind, el.span, el.nameSpan, details.join(' ') || undefined, children);
}

export function symbols(document: TextDocument, model: ConfigModel): DocumentSymbol[] {
  if (model.xml) {
    const out: DocumentSymbol[] = [];
    for (const root of model.xml.roots) {
      for (const el of root.children) {
        const n = localName(el);
        if (xmlGroups.has(n) || xmlTop.has(n)) out.push(xmlSymbol(document, el));
      }
    }
    return out;
  }
  const out: DocumentSymbol[] = [];
  if (model.appenders.length) {
    const children = model.appenders.map((a) => appenderSymbol(document, a));
    const span = union(children.map((c) => spanOfSymbol(document, c)));
    out.push(sym(document, 'Appenders', SymbolKind.Namespace, span, span, `${children.length}`, children));
  }
  if (model.loggers.length) {
    const sorted = [...model.loggers].sort((a, b) => (a.isRoot === b.isRoot ? a.span.start - b.span.start : a.isRoot ? -1 : 1));
    const children = sorted.map((l) => loggerSymbol(document, l));
    const span = union(children.map((c) => spanOfSymbol(document, c)));
    out.push(sym(document, 'Loggers', SymbolKind.Namespace, span, span, `${children.length}`, children));
  }
  return out;
}
