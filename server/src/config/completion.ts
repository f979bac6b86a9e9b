// Completion for log4j configuration files, all four syntaxes. The cursor context is computed
// from the text around the cursor (the current line for properties, the enclosing tag for XML),
// so it works on half-typed and broken files and costs the same on a 20,000-line file as on a
// small one; the model (parsed once per version by the caller) only supplies the appender names
// defined in the file, the product and the XML element tree.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
  type Position,
} from 'vscode-languageserver-types';
import type { ConfigModel, Span, Syntax, XmlElement } from './model';
import { eolOf, indentAt, lineEndAt, lineStartAt, rangeOf } from './cursor';
import { attr, localName } from './xml';
import { documentedLoggers, documentedLogger, routeFor, type KnownProduct } from './knowledge/loggers';
import { levels, unsetWords } from './knowledge/levels';
import {
  log4j1AppenderClasses,
  log4j1LayoutClasses,
  log4j2Layouts,
  log4j2PluginTypes,
  productAppenders,
  type ClassDoc,
} from './knowledge/appenders';
import { log4j1Keys, log4j2Keys, xmlElements, type KeyDoc } from './knowledge/keys';
import { vulnerableClass } from './knowledge/vulnerable';
import { appenderDocumentation, code, elementDoc, levelDocumentation, loggerDocumentation, safeMarkdown } from './hover';
import { loggerDeclared, loggingFeatures, renderedBlock } from './codeActions';


// ---------------------------------------------------------------------------------------------
// Cursor context

export type CompletionContext =
  | { kind: 'none' }
  | { kind: 'key'; range: Span; typed: string; lineRange: Span }
  | { kind: 'loggerName'; range: Span; lineRange?: Span; typedKey?: string }
  | { kind: 'level'; range: Span; inherited: boolean }
  | { kind: 'appenderRef'; range: Span; leadingSpace: boolean; logger?: string }
  | { kind: 'boolean'; range: Span; additivity: boolean }
  | { kind: 'appenderClass'; range: Span }
  | { kind: 'layoutClass'; range: Span }
  | { kind: 'appenderName'; range: Span }
  | { kind: 'pluginType'; range: Span }
  | { kind: 'layoutType'; range: Span }
  | { kind: 'appenderSetting'; range: Span; log4j2: boolean }
  | { kind: 'loggerSetting'; range: Span; root: boolean }
  | { kind: 'xmlElement'; range: Span; parent: XmlElement | undefined; withLt: boolean }
  | { kind: 'xmlAttribute'; range: Span; element: string; present: string[] };

const isKeyEnd = (c: string) => c === '=' || c === ':' || c === ' ' || c === '\t' || c === '\f';

/** From `from`, the end of the token (stops at a separator, whitespace, comma or line end). */
function tokenEnd(text: string, from: number, stops: string): number {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === '\n' || c === '\r' || stops.includes(c)) break;
    i++;
  }
  return i;
}

/** A value part [from, ...) up to the next comma or line end, trailing whitespace trimmed. */
function partEnd(text: string, from: number): number {
  let e = tokenEnd(text, from, ',');
  while (e > from && (text[e - 1] === ' ' || text[e - 1] === '\t')) e--;
  return e;
}

function skipBlank(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && (text[i] === ' ' || text[i] === '\t' || text[i] === '\f')) i++;
  return i;
}

function propertiesContext(model: ConfigModel, text: string, offset: number, syntax: Syntax): CompletionContext {
  const ls = lineStartAt(text, offset);
  // A continuation line of a value (previous line ends with an odd number of backslashes): no help.
  if (ls > 0) {
    let p = ls - 1;
    if (text[p] === '\n' && p > 0 && text[p - 1] === '\r') p--;
    let bs = 0;
    for (let k = p - 1; k >= 0 && text[k] === '\\'; k--) bs++;
    const prevStart = lineStartAt(text, p);
    const prevFirst = text[skipBlank(text, prevStart, p)];
    // (A comment line is never continued.)
    if (bs % 2 === 1 && prevFirst !== '#' && prevFirst !== '!') return { kind: 'none' };
  }
  const le = lineEndAt(text, offset);
  const ks = skipBlank(text, ls, le);
  if (ks > offset) return { kind: 'none' };
  if (text[ks] === '#' || text[ks] === '!') return { kind: 'none' };
  // Key end: first unescaped separator or whitespace.
  let ke = ks;
  while (ke < le && !isKeyEnd(text[ke])) ke += text[ke] === '\\' ? 2 : 1;
  ke = Math.min(ke, le);
  if (offset <= ke) {
    const typed = text.slice(ks, offset);
    // Indentation being typed (space is a trigger character): nothing to offer yet.
    if (typed === '' && ks > ls) return { kind: 'none' };
    return keyContext(typed, ks, ke, le, syntax);
  }
  // Value: after whitespace, one separator, whitespace.
  const key = text.slice(ks, ke);
  let vs = skipBlank(text, ke, le);
  if (vs < le && (text[vs] === '=' || text[vs] === ':')) vs = skipBlank(text, vs + 1, le);
  if (offset < vs) {
    // Cursor between the key and the separator.
    if (!/[=:]/.test(text.slice(ke, offset))) return { kind: 'none' };
    vs = offset;
  }
  return valueContext(model, text, key, vs, offset, syntax);
}

function keyContext(typed: string, ks: number, ke: number, le: number, syntax: Syntax): CompletionContext {
  const lineRange = { start: ks, end: le };
  if (syntax === 'log4j1-properties') {
    for (const p of ['log4j.logger.', 'log4j.category.', 'log4j.additivity.']) {
      if (typed.startsWith(p)) return { kind: 'loggerName', range: { start: ks + p.length, end: ke }, lineRange, typedKey: typed };
    }
    const ap = 'log4j.appender.';
    if (typed.startsWith(ap)) {
      const rest = typed.slice(ap.length);
      const dot = rest.indexOf('.');
      if (dot < 0) return { kind: 'appenderName', range: { start: ks + ap.length, end: ke } };
      return { kind: 'appenderSetting', range: { start: ks + ap.length + dot + 1, end: ke }, log4j2: false };
    }
    return { kind: 'key', range: { start: ks, end: ke }, typed, lineRange };
  }
  // log4j2 properties
  let m = /^logger\.([^.=:\s]+)\./.exec(typed);
  if (m) return { kind: 'loggerSetting', range: { start: ks + m[0].length, end: ke }, root: false };
  m = /^rootLogger\./.exec(typed);
  if (m) return { kind: 'loggerSetting', range: { start: ks + m[0].length, end: ke }, root: true };
  m = /^appender\.([^.=:\s]+)\./.exec(typed);
  if (m) return { kind: 'appenderSetting', range: { start: ks + m[0].length, end: ke }, log4j2: true };
  return { kind: 'key', range: { start: ks, end: ke }, typed, lineRange };
}

/** log4j2 properties: the name given to `logger.<id>`. */
function loggerNameOfId(model: ConfigModel, id: string): string | undefined {
  for (const l of model.loggers) if (l.id === id && !l.isRoot) return l.name;
  return undefined;
}

function valueContext(model: ConfigModel, text: string, key: string, vs: number, offset: number, syntax: Syntax): CompletionContext {
  const before = text.slice(vs, offset);
  const levelsAndRefs = (inherited: boolean, logger?: string): CompletionContext => {
    const comma = before.lastIndexOf(',');
    // A blank after a finished word (`INFO |`): between two tokens, nothing to offer.
    if (/[^\s,]\s+$/.test(before.slice(comma + 1))) return { kind: 'none' };
    if (comma < 0) return { kind: 'level', range: { start: vs, end: Math.max(offset, partEnd(text, vs)) }, inherited };
    const ps = skipBlank(text, vs + comma + 1, offset);
    return { kind: 'appenderRef', range: { start: ps, end: Math.max(offset, partEnd(text, ps)) }, leadingSpace: ps === vs + comma + 1, logger };
  };
  const whole = (): Span => {
    // A single value: to the end of the line (trailing blanks excluded), never before the cursor.
    let e = lineEndAt(text, offset);
    while (e > offset && (text[e - 1] === ' ' || text[e - 1] === '\t')) e--;
    return { start: vs, end: Math.max(e, offset) };
  };
  if (syntax === 'log4j1-properties') {
    if (key === 'log4j.rootLogger' || key === 'log4j.rootCategory') return levelsAndRefs(false);
    if (key.startsWith('log4j.logger.')) return levelsAndRefs(true, key.slice('log4j.logger.'.length));
    if (key.startsWith('log4j.category.')) return levelsAndRefs(true, key.slice('log4j.category.'.length));
    if (key.startsWith('log4j.additivity.')) return { kind: 'boolean', range: whole(), additivity: true };
    if (key === 'log4j.debug' || key === 'log4j.reset') return { kind: 'boolean', range: whole(), additivity: false };
    if (key === 'log4j.threshold') return { kind: 'level', range: whole(), inherited: false };
    const m = /^log4j\.appender\.[^.]+(\..*)?$/.exec(key);
    if (m) {
      const sub = (m[1] ?? '').toLowerCase();
      if (sub === '') return { kind: 'appenderClass', range: whole() };
      if (sub === '.layout') return { kind: 'layoutClass', range: whole() };
      if (sub === '.threshold') return { kind: 'level', range: whole(), inherited: false };
      if (sub === '.append' || sub === '.immediateflush' || sub === '.bufferedio') return { kind: 'boolean', range: whole(), additivity: false };
    }
    return { kind: 'none' };
  }
  // log4j2 properties
  if (key === 'rootLogger') return levelsAndRefs(false);
  if (/^logger\.[^.]+$/.test(key)) return levelsAndRefs(false, loggerNameOfId(model, key.slice('logger.'.length)));
  if (/^logger\.[^.]+\.name$/.test(key)) return { kind: 'loggerName', range: whole() };
  if (/^(logger\.[^.]+|rootLogger)\.level$/.test(key) || key === 'status' || /\.filter\.[^.]+\.level$/.test(key)) {
    return { kind: 'level', range: whole(), inherited: false };
  }
  if (/^logger\.[^.]+\.additivity$/.test(key)) return { kind: 'boolean', range: whole(), additivity: true };
  if (/^(logger\.[^.]+|rootLogger)\.appenderRef\.[^.]+\.ref$/.test(key)) {
    return { kind: 'appenderRef', range: whole(), leadingSpace: false, logger: loggerNameOfId(model, key.split('.')[1]) };
  }
  if (/^appender\.[^.]+\.type$/.test(key)) return { kind: 'pluginType', range: whole() };
  if (/^appender\.[^.]+\.layout\.type$/.test(key)) return { kind: 'layoutType', range: whole() };
  return { kind: 'none' };
}

/** The innermost element whose content holds `offset` (not counting an element starting there). */
function enclosingElement(model: ConfigModel, offset: number): XmlElement | undefined {
  let found: XmlElement | undefined;
  let list: readonly XmlElement[] = model.xml?.roots ?? [];
  for (;;) {
    let next: XmlElement | undefined;
    for (const e of list) {
      const c = e.contentSpan;
      if (c && e.startTagSpan.end <= offset && offset <= c.end && e.span.start < offset) {
        next = e;
        break;
      }
      if (e.span.start > offset) break;
    }
    if (!next) return found;
    found = next;
    list = next.children;
  }
}

/** Inside an XML comment (binary search over the scanner's comments, in document order)? */
function inComment(model: ConfigModel, offset: number): boolean {
  const list = model.xml?.comments ?? [];
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = list[mid].span;
    if (offset <= c.start) hi = mid - 1;
    else if (offset > c.end || (offset === c.end && c.end < model.text.length)) lo = mid + 1;
    else return true;
  }
  return false;
}

function xmlContext(text: string, offset: number, model: ConfigModel): CompletionContext {
  // Inside a comment?
  if (inComment(model, offset)) return { kind: 'none' };
  const lt = text.lastIndexOf('<', offset - 1);
  const gt = lt >= 0 ? text.indexOf('>', lt) : -1;
  // Scan the tag from `<` to the cursor, tracking quotes.
  let inTag = lt >= 0;
  let quote = '';
  let valueStart = -1;
  if (inTag) {
    for (let i = lt + 1; i < offset; i++) {
      const c = text[i];
      if (quote) {
        if (c === quote) quote = '';
        continue;
      }
      if (c === '"' || c === "'") {
        quote = c;
        valueStart = i + 1;
      } else if (c === '>' || c === '<') {
        inTag = false;
        break;
      }
    }
  }
  if (!inTag) {
    const parent = enclosingElement(model, offset);
    // Text content: offer elements with their `<`.
    let s = offset;
    while (s > 0 && /[\w:-]/.test(text[s - 1])) s--;
    // Only once a word is typed: indentation (space is a trigger character) must not pop a list.
    if (s === offset) return { kind: 'none' };
    return { kind: 'xmlElement', range: { start: s, end: tokenEnd(text, offset, ' \t<>/') }, parent, withLt: true };
  }
  const nameEnd = (() => {
    let i = lt + 1;
    while (i < text.length && /[\w:.-]/.test(text[i])) i++;
    return i;
  })();
  const tag = text.slice(lt + 1, nameEnd);
  if (tag.startsWith('/') || text[lt + 1] === '/' || text[lt + 1] === '!' || text[lt + 1] === '?') return { kind: 'none' };
  if (offset <= nameEnd) {
    const parent = enclosingElement(model, lt);
    return { kind: 'xmlElement', range: { start: lt + 1, end: nameEnd }, parent, withLt: false };
  }
  const element = tag.toLowerCase().replace(/^.*:/, '');
  if (quote) {
    // In an attribute value: which attribute?
    const m = /([\w:.-]+)\s*=\s*$/.exec(text.slice(lt, valueStart - 1));
    if (!m) return { kind: 'none' };
    const an = m[1].toLowerCase();
    let ve = offset;
    while (ve < text.length && text[ve] !== quote && text[ve] !== '<' && text[ve] !== '\n' && text[ve] !== '\r') ve++;
    const range = { start: valueStart, end: ve };
    const isLogger = element === 'logger' || element === 'asynclogger' || element === 'category';
    const isRoot = element === 'root' || element === 'asyncroot';
    if (an === 'name' && isLogger) return { kind: 'loggerName', range };
    if (an === 'level' && (isLogger || isRoot || element === 'appenderref')) return { kind: 'level', range, inherited: false };
    if (an === 'value' && (element === 'level' || element === 'priority')) return { kind: 'level', range, inherited: model.syntax === 'log4j1-xml' };
    if (an === 'status' && element === 'configuration') return { kind: 'level', range, inherited: false };
    if (an === 'additivity') return { kind: 'boolean', range, additivity: true };
    if (an === 'ref' && (element === 'appenderref' || element === 'appender-ref')) {
      const owner = enclosingElement(model, lt);
      const name = owner && ['logger', 'asynclogger', 'category'].includes(localName(owner)) ? attr(owner, 'name')?.value : undefined;
      return { kind: 'appenderRef', range, leadingSpace: false, logger: name };
    }
    if (an === 'class' && element === 'appender') return { kind: 'appenderClass', range };
    if (an === 'class' && element === 'layout') return { kind: 'layoutClass', range };
    // Other attributes: by the value kind the knowledge data gives them.
    const kind = elementDoc(tag, model.syntax)?.attributes.find((a) => a.name.toLowerCase() === an)?.value;
    if (kind === 'boolean') return { kind: 'boolean', range, additivity: false };
    if (kind === 'level') return { kind: 'level', range, inherited: false };
    return { kind: 'none' };
  }
  // Attribute name position (after whitespace).
  if (!/\s/.test(text[offset - 1]) && !/[\w:.-]/.test(text[offset - 1])) return { kind: 'none' };
  let s = offset;
  while (s > lt && /[\w:.-]/.test(text[s - 1])) s--;
  if (!/\s/.test(text[s - 1])) return { kind: 'none' };
  let e = offset;
  while (e < text.length && /[\w:.-]/.test(text[e])) e++;
  const present: string[] = [];
  const tagText = text.slice(lt, gt >= 0 && gt < offset + 2000 ? gt : offset);
  for (const m of tagText.matchAll(/\s([\w:.-]+)\s*=/g)) present.push(m[1].toLowerCase());
  return { kind: 'xmlAttribute', range: { start: s, end: e }, element, present };
}

/** What the cursor is on, from the text around it (exported for tests and hover). */
export function completionContext(model: ConfigModel, offset: number): CompletionContext {
  const text = model.text;
  if (model.syntax === 'log4j1-properties' || model.syntax === 'log4j2-properties') return propertiesContext(model, text, offset, model.syntax);
  return xmlContext(text, offset, model);
}

// ---------------------------------------------------------------------------------------------
// Items

const productLabel: Record<KnownProduct, string> = { jira: 'Jira', confluence: 'Confluence' };

class Items {
  readonly items: CompletionItem[] = [];
  private readonly seen = new Set<string>();
  constructor(private readonly document: TextDocument) {}

  add(label: string, kind: CompletionItemKind, range: Span, opts: {
    insert?: string;
    doc?: string;
    detail?: string;
    sort?: string;
    filter?: string;
    snippet?: boolean;
    preselect?: boolean;
    retrigger?: boolean;
  } = {}): void {
    if (this.seen.has(label)) return;
    this.seen.add(label);
    const it: CompletionItem = {
      label,
      kind,
      textEdit: { range: rangeOf(this.document, range), newText: opts.insert ?? label },
    };
    if (opts.detail) it.detail = opts.detail;
    if (opts.doc) it.documentation = { kind: MarkupKind.Markdown, value: safeMarkdown(opts.doc) };
    if (opts.sort) it.sortText = opts.sort;
    if (opts.filter) it.filterText = opts.filter;
    if (opts.snippet) it.insertTextFormat = InsertTextFormat.Snippet;
    if (opts.preselect) it.preselect = true;
    if (opts.retrigger) it.command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };
    this.items.push(it);
  }
}

function loggerNames(out: Items, model: ConfigModel, range: Span, declared: boolean): void {
  documentedLoggers.forEach((l, i) => {
    out.add(l.name, CompletionItemKind.Module, range, {
      detail: `${l.appName}${l.sinceVersion ? ` ${l.sinceVersion}+` : ''}`,
      doc: loggerDocumentation(l, model.product, model.syntax),
      sort: `0${i}`,
    });
  });
  if (!declared) return;
  // For an additivity line: the loggers of the file that have none yet (a bounded list).
  let n = 0;
  for (const l of model.loggers) {
    if (l.isRoot || !l.name || l.additivity || (l.nameSpan && l.nameSpan.start <= range.start && range.start <= l.nameSpan.end)) continue;
    out.add(l.name, CompletionItemKind.Reference, range, { detail: 'logger declared in this file', sort: `1${l.name}` });
    if (++n >= 100) break;
  }
}

function levelItems(out: Items, model: ConfigModel, range: Span, inherited: boolean): void {
  levels.forEach((l, i) => {
    out.add(l.name, CompletionItemKind.EnumMember, range, {
      doc: levelDocumentation(l.name, model.syntax),
      sort: `${i}`,
      preselect: l.name === 'INFO',
    });
  });
  if (inherited) {
    for (const u of unsetWords) out.add(u.name, CompletionItemKind.Keyword, range, { doc: `${u.meaning}\n\nSource: ${u.source}`, sort: `9${u.name}` });
  }
}

/** The products whose appenders make sense here: the file's, or both when it does not tell. */
function productsOf(model: ConfigModel): KnownProduct[] {
  return model.product === 'unknown' ? ['jira', 'confluence'] : [model.product];
}

function appenderRefItems(out: Items, model: ConfigModel, range: Span, logger: string | undefined): void {
  // The vendor's appender for a documented logger comes first, preselected.
  const doc = logger ? documentedLogger(logger) : undefined;
  const route = doc && model.product !== 'unknown' ? routeFor(doc, model.product, model.syntax) : undefined;
  if (route) {
    const defined = model.appenders.find((a) => a.name === route.appender);
    out.add(route.appender, defined ? CompletionItemKind.Reference : CompletionItemKind.Value, range, {
      detail: `recommended for ${doc!.name} → ${route.file}`,
      doc: `${defined ? appenderDocumentation(defined) : ''}\n\nSource: ${route.source}`,
      sort: '00',
      preselect: true,
    });
  }
  for (const a of model.appenders) {
    out.add(a.name, CompletionItemKind.Reference, range, { detail: a.type?.value ?? 'appender', doc: appenderDocumentation(a), sort: `0${a.name}` });
  }
  const products = productsOf(model);
  for (const a of productAppenders) {
    if (a.owner !== 'app' && !products.includes(a.owner)) continue;
    if (a.owner === 'app' && !products.includes('jira')) continue;
    out.add(a.name, CompletionItemKind.Value, range, {
      detail: `${a.owner === 'app' ? 'API Token Authentication' : productLabel[a.owner]} appender (not defined in this file)`,
      doc: `${a.description}${a.file ? `\n\nWrites ${code(a.file)}.` : ''}\n\nSource: ${a.source}`,
      sort: `1${a.name}`,
    });
  }
}

function classItems(out: Items, list: readonly ClassDoc[], range: Span, kind: CompletionItemKind): void {
  list.forEach((c, i) => {
    const bad = vulnerableClass(c.name);
    out.add(c.name, kind, range, {
      doc: `${c.doc}${bad ? `\n\n**Vulnerable**: ${bad.cve}` : ''}\n\nSource: ${c.source}`,
      sort: `${bad ? 'z' : 'a'}${String(i).padStart(2, '0')}`,
    });
  });
}

/** Settings under a key prefix with a placeholder (`log4j.appender.<name>.` -> File, layout, ...). */
function subKeyItems(out: Items, keys: readonly KeyDoc[], prefix: string, range: Span, rid: string): void {
  keys.forEach((k, i) => {
    if (!k.key.startsWith(prefix) || k.key.length === prefix.length) return;
    const rest = k.key.slice(prefix.length);
    const ph = rest.indexOf('<');
    let insert = rest;
    let retrigger = false;
    if (ph >= 0) {
      // appenderRef.<rid>.ref: fill the id; filter.<id>: stop at the placeholder.
      if (/^appenderRef\.<rid>\.ref$/.test(rest)) insert = `appenderRef.${rid}.ref`;
      else {
        insert = rest.slice(0, ph);
        retrigger = true;
      }
    }
    out.add(insert, CompletionItemKind.Property, range, { detail: k.key, doc: `${k.doc}\n\nSource: ${k.source}`, sort: String(i).padStart(3, '0'), retrigger });
  });
}

function topKeyItems(out: Items, keys: readonly KeyDoc[], range: Span): void {
  keys.forEach((k, i) => {
    const ph = k.key.indexOf('<');
    const insert = ph >= 0 ? k.key.slice(0, ph) : k.key;
    out.add(insert, CompletionItemKind.Property, range, {
      detail: k.key,
      doc: `${k.doc}\n\nSource: ${k.source}`,
      sort: `1${String(i).padStart(3, '0')}`,
      retrigger: ph >= 0,
    });
  });
}

/** The documented blocks as completion items ("Kantega SSO audit logging (Jira)"). */
function snippetItems(out: Items, model: ConfigModel, range: Span, filterPrefix: string, indent: string): void {
  for (const f of loggingFeatures) {
    if (loggerDeclared(model, f.logger)) continue;
    for (const product of productsOf(model)) {
      const block = renderedBlock(model, f.logger, product);
      if (!block) continue;
      const eol = eolOf(model.text);
      const lines = [...(block.definition ?? []), ...block.lines];
      const firstLine = block.lines.find((l) => !l.startsWith('<!--')) ?? block.lines[0];
      const text = lines.join(eol + indent);
      const label = `${f.label} (${productLabel[product]})`;
      const d = documentedLogger(f.logger);
      out.add(label, CompletionItemKind.Snippet, range, {
        insert: text,
        detail: `${f.logger} → ${block.appender}`,
        doc: `Inserts the block the vendor documents:\n\n\`\`\`\n${lines.join('\n')}\n\`\`\`\n\n${d ? loggerDocumentation(d, product, model.syntax) : ''}`,
        // What the user types: the block's first line (`log4j.logger.com.k...`, `<Logger name=...`), or the app's name.
        filter: `${filterPrefix === '<' ? firstLine : firstLine.replace(/^</, '')} ${f.label}`,
        sort: `0${f.id}${product}`,
      });
    }
  }
}

function xmlElementItems(out: Items, model: ConfigModel, ctx: Extract<CompletionContext, { kind: 'xmlElement' }>, indent: string): void {
  const parent = ctx.parent ? localName(ctx.parent) : '';
  const grand = ctx.parent?.parent ? localName(ctx.parent.parent) : '';
  const lt = ctx.withLt ? '<' : '';
  const range = ctx.range;
  if ((model.syntax === 'log4j2-xml' && parent === 'loggers') || (model.syntax === 'log4j1-xml' && parent === 'configuration')) {
    const snippetRange = ctx.withLt ? range : { start: range.start - 1, end: range.end };
    snippetItems(out, model, snippetRange, ctx.withLt ? '' : '<', indent);
  }
  xmlElements.forEach((e, i) => {
    if (e.syntax !== model.syntax) return;
    const fits = e.parents.includes(parent) || (e.parents.length === 0 && grand === 'appenders');
    if (!fits) return;
    const required = e.attributes.filter((a) => a.required);
    out.add(e.name, CompletionItemKind.Class, range, {
      insert: `${lt}${e.name}`,
      filter: `${lt}${e.name}`,
      detail: required.length ? `${e.name} ${required.map((a) => `${a.name}=".."`).join(' ')}` : undefined,
      doc: `${e.doc}\n\nSource: ${e.source}`,
      sort: `1${String(i).padStart(3, '0')}`,
    });
  });
  if (model.syntax === 'log4j2-xml' && parent === 'appenders') {
    log4j2PluginTypes.forEach((p, i) => {
      out.add(p.name, CompletionItemKind.Class, range, { insert: `${lt}${p.name}`, filter: `${lt}${p.name}`, doc: `${p.doc}\n\nSource: ${p.source}`, sort: `2${String(i).padStart(3, '0')}` });
    });
  }
}

function xmlAttributeItems(out: Items, model: ConfigModel, ctx: Extract<CompletionContext, { kind: 'xmlAttribute' }>): void {
  const d = elementDoc(ctx.element, model.syntax);
  const attrs = d?.attributes ?? (model.syntax === 'log4j2-xml' ? [{ name: 'name', doc: 'The appender name.' }] : []);
  attrs.forEach((a, i) => {
    if (ctx.present.includes(a.name.toLowerCase())) return;
    out.add(a.name, CompletionItemKind.Property, ctx.range, {
      insert: `${a.name}="$1"`,
      snippet: true,
      doc: a.doc,
      sort: `${a.required ? 0 : 1}${String(i).padStart(3, '0')}`,
      retrigger: a.value === 'level' || a.value === 'boolean' || a.value === 'appender-name' || a.name === 'name',
    });
  });
}

/** How many `logger.<id>.appenderRef.` keys the logger has (for the next ref id). */
function nextRefId(model: ConfigModel, offset: number): string {
  const ls = lineStartAt(model.text, offset);
  const m = /^\s*(logger\.[^.=:\s]+|rootLogger)\./.exec(model.text.slice(ls, offset));
  if (!m) return 'ref1';
  const prefix = `${m[1]}.appenderRef.`;
  const id = m[1] === 'rootLogger' ? undefined : m[1].slice('logger.'.length);
  const decl = model.loggers.find((l) => (id === undefined ? l.isRoot : l.id === id));
  const used = new Set<string>();
  for (const e of decl?.entries ?? []) if (e.key.startsWith(prefix)) used.add(e.key.slice(prefix.length).split('.')[0]);
  let n = 1;
  while (used.has(`ref${n}`)) n++;
  return `ref${n}`;
}

export function complete(document: TextDocument, model: ConfigModel, position: Position): CompletionList {
  const offset = document.offsetAt(position);
  const ctx = completionContext(model, offset);
  const out = new Items(document);
  const indent = indentAt(model.text, offset);
  switch (ctx.kind) {
    case 'none':
      break;
    case 'loggerName':
      loggerNames(out, model, ctx.range, !!ctx.typedKey?.startsWith('log4j.additivity.'));
      if (ctx.lineRange && ctx.typedKey?.startsWith('log4j.logger.')) snippetItems(out, model, ctx.lineRange, '', '');
      break;
    case 'level':
      levelItems(out, model, ctx.range, ctx.inherited);
      break;
    case 'appenderRef':
      appenderRefItems(out, model, ctx.range, ctx.logger);
      break;
    case 'boolean':
      if (ctx.additivity) {
        out.add('false', CompletionItemKind.Value, ctx.range, { preselect: true, sort: '0', doc: 'additivity false: the lines go only to this logger\'s own appenders (what the vendors document for audit loggers).' });
        out.add('true', CompletionItemKind.Value, ctx.range, { sort: '1', doc: 'additivity true (the default): the lines also go to the parent loggers\' (root) appenders, so audit lines are duplicated into the main log.' });
      } else {
        out.add('true', CompletionItemKind.Value, ctx.range, { sort: '0' });
        out.add('false', CompletionItemKind.Value, ctx.range, { sort: '1' });
      }
      break;
    case 'appenderClass':
      classItems(out, log4j1AppenderClasses, ctx.range, CompletionItemKind.Class);
      break;
    case 'layoutClass':
      classItems(out, log4j1LayoutClasses, ctx.range, CompletionItemKind.Class);
      break;
    case 'pluginType':
      classItems(out, log4j2PluginTypes, ctx.range, CompletionItemKind.Class);
      break;
    case 'layoutType':
      classItems(out, log4j2Layouts, ctx.range, CompletionItemKind.Class);
      break;
    case 'appenderName':
      for (const a of model.appenders) out.add(a.name, CompletionItemKind.Reference, ctx.range, { detail: a.type?.value, doc: appenderDocumentation(a), sort: `0${a.name}` });
      for (const a of productAppenders) {
        if (a.owner !== 'app' && !productsOf(model).includes(a.owner)) continue;
        out.add(a.name, CompletionItemKind.Value, ctx.range, { detail: a.className, doc: `${a.description}\n\nSource: ${a.source}`, sort: `1${a.name}` });
      }
      break;
    case 'appenderSetting':
      if (ctx.log4j2) subKeyItems(out, log4j2Keys, 'appender.<id>.', ctx.range, 'ref1');
      else subKeyItems(out, log4j1Keys, 'log4j.appender.<name>.', ctx.range, 'ref1');
      break;
    case 'loggerSetting':
      subKeyItems(out, log4j2Keys, ctx.root ? 'rootLogger.' : 'logger.<id>.', ctx.range, nextRefId(model, offset));
      break;
    case 'key':
      snippetItems(out, model, ctx.lineRange, '', '');
      topKeyItems(out, model.syntax === 'log4j1-properties' ? log4j1Keys : log4j2Keys, ctx.range);
      break;
    case 'xmlElement':
      xmlElementItems(out, model, ctx, indent);
      break;
    case 'xmlAttribute':
      xmlAttributeItems(out, model, ctx);
      break;
  }
  return { isIncomplete: false, items: out.items };
}
