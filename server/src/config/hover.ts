// Hover: on a documented logger name (what it writes, app and version, where its output goes for
// this product, the level it needs, the vendor's source), on a level (its meaning; for a word
// log4j does not know, what log4j does instead), on an appender name (its class/type, file,
// layout pattern), on a key (its documentation). Markdown; text from the file is shown in code
// spans, never as markup.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import type { AppenderDecl, ConfigModel, LoggerDecl, PropertyEntry, Span, Syntax } from './model';
import { contains, rangeOf } from './cursor';
import { appenderNameAt } from './navigation';
import { documentedLogger, routeFor, type DocumentedLogger, type KnownProduct } from './knowledge/loggers';
import { isCustomLevel, isUnsetWord, levelInfo, unknownLevelBehaviour, unsetWords } from './knowledge/levels';
import { attr, localName } from './xml';
import { log4j1AppenderClasses, log4j1LayoutClasses, log4j2Layouts, log4j2PluginTypes, productAppender, type ClassDoc } from './knowledge/appenders';
import { vulnerableClass } from './knowledge/vulnerable';
import { keyDoc, xmlElements, type ElementDoc } from './knowledge/keys';

/** Text from the file inside a markdown code span: backticks cannot break out of it. */
export function code(s: string): string {
  const clean = s.replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}

/**
 * Markdown safe for VS Code's renderer: `<` and `>` outside code spans and fences are escaped, so
 * prose such as `<jira-home>/log` is shown instead of being taken for an HTML tag.
 */
export function safeMarkdown(md: string): string {
  let out = '';
  let last = 0;
  for (const m of md.matchAll(/(`+)[\s\S]*?\1/g)) {
    out += md.slice(last, m.index).replace(/[<>]/g, (c) => `\\${c}`) + m[0];
    last = m.index + m[0].length;
  }
  return out + md.slice(last).replace(/[<>]/g, (c) => `\\${c}`);
}

function productName(p: KnownProduct): string {
  return p === 'jira' ? 'Jira' : 'Confluence';
}

/** Markdown documentation of a documented logger, for a product (both when unknown) and syntax. */
export function loggerDocumentation(logger: DocumentedLogger, product: ConfigModel['product'], syntax: Syntax): string {
  const lines: string[] = [];
  const since = logger.sinceVersion ? `, since ${logger.sinceVersion}` : '';
  lines.push(`**${logger.name}** — ${logger.appName}${since}`);
  lines.push('');
  lines.push(logger.writes);
  lines.push('');
  const products: KnownProduct[] = product === 'unknown' ? ['jira', 'confluence'] : [product];
  for (const p of products) {
    const r = routeFor(logger, p, syntax);
    if (r) lines.push(`- **${productName(p)}**: appender ${code(r.appender)} → ${code(r.file)}`);
  }
  const extra = logger.entryLevel !== logger.neededLevel ? ` (its entries are ${logger.entryLevel}, so ${logger.entryLevel} works too)` : '';
  lines.push(`- **Level**: ${logger.neededLevel}${extra}; any of ${logger.workingLevels.join(', ')} writes its entries`);
  lines.push('- **additivity**: `false`, or every line is copied into the root logger\'s files too');
  if (logger.coveredBy) lines.push(`- Also covered by a logger for ${code(logger.coveredBy)}`);
  lines.push(`- Appears in Jira logs as ${code(`[${logger.abbreviated}]`)}`);
  if (logger.note) {
    lines.push('');
    lines.push(logger.note);
  }
  lines.push('');
  lines.push(`Source: ${logger.source}`);
  return lines.join('\n');
}

/** Markdown documentation of a level word as written (valid, unset word, custom or unknown). */
export function levelDocumentation(raw: string, syntax: Syntax, custom?: ReadonlySet<string>): string {
  const word = raw.trim();
  const info = levelInfo(word);
  if (info) {
    return `**${info.name}** — ${info.meaning}\n\nlog4j 1 value ${info.log4j1Int}, log4j 2 intLevel ${info.log4j2Int}.\n\nSource: ${info.source}`;
  }
  if (isUnsetWord(word)) {
    const u = unsetWords.find((w) => w.name === word.toUpperCase());
    if (u && syntax.startsWith('log4j1')) return `**${u.name}** — ${u.meaning}\n\nSource: ${u.source}`;
  }
  if (isCustomLevel(word, syntax, custom)) return `${code(word)} — a custom level.`;
  return `${code(word)} is not a log4j level: ${unknownLevelBehaviour[syntax]}.\n\nValid levels: OFF, FATAL, ERROR, WARN, INFO, DEBUG, TRACE, ALL.`;
}

/** Markdown summary of an appender declared in the file. */
export function appenderDocumentation(a: AppenderDecl): string {
  const lines = [`**Appender ${code(a.name)}**`, ''];
  if (a.type) lines.push(`- **${a.element ? 'Type' : 'Class'}**: ${code(a.type.value)}`);
  if (a.file) lines.push(`- **File**: ${code(a.file.value)}`);
  if (a.layout) lines.push(`- **Layout**: ${code(a.layout.value)}`);
  if (a.pattern) lines.push(`- **Pattern**: ${code(a.pattern.value)}`);
  for (const key of ['maxfilesize', 'maxbackupindex', 'threshold']) {
    const v = a.settings.get(key);
    if (v) lines.push(`- **${key}**: ${code(v.value)}`);
  }
  return lines.join('\n');
}

function knownAppenderDocumentation(name: string): string | undefined {
  const a = productAppender(name);
  if (!a) return undefined;
  const owner = a.owner === 'jira' ? 'Jira' : a.owner === 'confluence' ? 'Confluence' : 'app';
  const lines = [`**Appender ${code(name)}** (${owner}) — ${a.description}`, '', `- **Class**: ${code(a.className)}`];
  if (a.file) lines.push(`- **File**: ${code(a.file)}`);
  if (a.pattern) lines.push(`- **Pattern**: ${code(a.pattern)}`);
  lines.push('', 'Not defined in this file.', '', `Source: ${a.source}`);
  return lines.join('\n');
}

/** Markdown documentation of an appender/layout class or plugin type, with its vulnerability if any. */
export function classDocumentation(name: string, list: readonly ClassDoc[]): string | undefined {
  const c = list.find((x) => x.name === name.trim());
  const bad = vulnerableClass(name.trim());
  if (!c && !bad) return undefined;
  const lines = [`${code(name.trim())}`, ''];
  if (c) lines.push(c.doc, '');
  if (bad) lines.push(`**Vulnerable (${bad.cve})**: ${bad.explanation}`, '');
  lines.push(`Source: ${bad ? bad.source : c!.source}`);
  return lines.join('\n');
}

/** Markdown documentation of a configuration key (from the knowledge data). */
export function keyDocumentation(key: string, syntax: Syntax): string | undefined {
  if (syntax !== 'log4j1-properties' && syntax !== 'log4j2-properties') return undefined;
  const d = keyDoc(key, syntax);
  return d ? `${code(d.key)}\n\n${d.doc}\n\nSource: ${d.source}` : undefined;
}

/** The documentation entry of an XML element (case-insensitive, without prefix). */
export function elementDoc(name: string, syntax: Syntax): ElementDoc | undefined {
  const n = name.toLowerCase();
  const local = n.replace(/^.*:/, '');
  return xmlElements.find((e) => e.syntax === syntax && (e.name.toLowerCase() === n || e.name.toLowerCase().replace(/^.*:/, '') === local));
}

function loggerHover(l: LoggerDecl, model: ConfigModel): string {
  const doc = documentedLogger(l.name);
  if (doc) return loggerDocumentation(doc, model.product, model.syntax);
  if (l.isRoot) return '**Root logger**: every logger with additivity (the default) also writes to its appenders.';
  return `**Logger ${code(l.name)}**${l.level ? ` at ${code(l.level.raw)}` : ''}${l.appenderRefs.length ? ` → ${l.appenderRefs.map((r) => code(r.name)).join(', ')}` : ''}`;
}

function customLevels(model: ConfigModel): Set<string> {
  const out = new Set<string>();
  for (const e of model.properties ?? []) {
    const m = /^customLevel\.(.+)$/.exec(e.key);
    if (m) out.add(m[1].trim().toUpperCase());
  }
  if (model.xml) {
    const stack = [...model.xml.roots];
    while (stack.length) {
      const el = stack.pop()!;
      if (localName(el) === 'customlevel') {
        const n = attr(el, 'name')?.value;
        if (n) out.add(n.trim().toUpperCase());
      }
      stack.push(...el.children);
    }
  }
  return out;
}

/** The properties entry holding the offset (binary search: entries are in file order). */
export function entryAt(model: ConfigModel, offset: number): PropertyEntry | undefined {
  const entries = model.properties;
  if (!entries) return undefined;
  let lo = 0;
  let hi = entries.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const e = entries[mid];
    if (offset < e.span.start) hi = mid - 1;
    else if (offset > e.span.end) lo = mid + 1;
    else return e;
  }
  return undefined;
}

function result(document: TextDocument, value: string, span: Span): Hover {
  return { contents: { kind: MarkupKind.Markdown, value: safeMarkdown(value) }, range: rangeOf(document, span) };
}

export function hover(document: TextDocument, model: ConfigModel, position: Position): Hover | null {
  const offset = document.offsetAt(position);
  // Loggers: name, level, additivity.
  for (const l of model.loggers) {
    if (!contains(l.span, offset) && !(l.nameSpan && contains(l.nameSpan, offset)) && !(l.additivity && contains(l.additivity.span, offset))) continue;
    if (l.nameSpan && contains(l.nameSpan, offset) && !(l.isRoot && model.properties)) return result(document, loggerHover(l, model), l.nameSpan);
    if (l.level && contains(l.level.span, offset)) return result(document, levelDocumentation(l.level.raw, model.syntax, customLevels(model)), l.level.span);
    if (l.additivity && contains(l.additivity.span, offset)) {
      const v = l.additivity.value.trim().toLowerCase();
      const meaning = v === 'false'
        ? 'The logger writes only to its own appenders.'
        : v === 'true' ? 'The logger also writes to the root logger\'s appenders: its lines are duplicated there.' : `${code(l.additivity.value)} is neither true nor false: log4j treats it as true (lines duplicated into the root logger's files).`;
      return result(document, `**additivity** — ${meaning}`, l.additivity.span);
    }
  }
  // Appender names (definitions and references).
  const ap = appenderNameAt(model, offset);
  if (ap) {
    const decl = model.appenders.find((a) => a.name === ap.name);
    const md = decl ? appenderDocumentation(decl) : knownAppenderDocumentation(ap.name) ?? `Appender ${code(ap.name)} is not defined in this file: log4j drops the lines sent to it.`;
    return result(document, md, ap.span);
  }
  // Properties keys and values.
  const e = entryAt(model, offset);
  if (e) {
    if (offset <= e.keySpan.end) {
      // The logger name inside a log4j 1 key (e.g. on an additivity line).
      const prefix = ['log4j.logger.', 'log4j.category.', 'log4j.additivity.'].find((p) => e.key.startsWith(p));
      const nameStart = e.keySpan.start + (prefix?.length ?? 0);
      const named = prefix && model.text.slice(e.keySpan.start, e.keySpan.end) === e.key ? documentedLogger(e.key.slice(prefix.length)) : undefined;
      if (named && offset >= nameStart) return result(document, loggerDocumentation(named, model.product, model.syntax), { start: nameStart, end: e.keySpan.end });
      const doc = keyDocumentation(e.key, model.syntax);
      if (doc) return result(document, doc, e.keySpan);
      return null;
    }
    if (offset < e.valueSpan.start) return null; // on the separator
    // A documented logger name as a value (log4j2 `logger.<id>.name = ...`).
    const v = e.value.trim();
    const d = documentedLogger(v);
    if (d && /\.name$/.test(e.key)) return result(document, loggerDocumentation(d, model.product, model.syntax), e.valueSpan);
    if (/(^|\.)level$|^status$|\.threshold$|^log4j\.threshold$/i.test(e.key)) return result(document, levelDocumentation(v, model.syntax, customLevels(model)), e.valueSpan);
    // Appender classes, layouts and plugin types.
    const list = /^log4j\.appender\.[^.]+$/.test(e.key)
      ? log4j1AppenderClasses
      : /^log4j\.appender\.[^.]+\.layout$/i.test(e.key)
        ? log4j1LayoutClasses
        : /^appender\.[^.]+\.type$/.test(e.key)
          ? log4j2PluginTypes
          : /^appender\.[^.]+\.layout\.type$/.test(e.key) ? log4j2Layouts : undefined;
    if (list) {
      const md = classDocumentation(v, list);
      return md ? result(document, md, e.valueSpan) : null;
    }
    return null;
  }
  // XML element names and level attributes outside loggers (log4j 1 <level value>).
  if (model.xml) {
    const stack = [...model.xml.roots];
    while (stack.length) {
      const el = stack.pop()!;
      if (!contains(el.span, offset)) continue;
      if (contains(el.nameSpan, offset)) {
        const d = elementDoc(el.name, model.syntax);
        if (d) return result(document, `${code(`<${d.name}>`)}\n\n${d.doc}\n\nSource: ${d.source}`, el.nameSpan);
        const plugin = el.parent && localName(el.parent) === 'appenders' ? classDocumentation(el.name, log4j2PluginTypes) : undefined;
        return plugin ? result(document, plugin, el.nameSpan) : null;
      }
      for (const a of el.attributes) {
        if (!contains(a.nameSpan, offset)) continue;
        const d = elementDoc(el.name, model.syntax)?.attributes.find((x) => x.name.toLowerCase() === a.name.toLowerCase());
        return d ? result(document, `${code(a.name)} of ${code(`<${el.name}>`)}\n\n${d.doc}`, a.nameSpan) : null;
      }
      const n = localName(el);
      if (n === 'level' || n === 'priority') {
        const v = attr(el, 'value');
        if (v?.valueSpan && v.value !== undefined && contains(v.valueSpan, offset)) return result(document, levelDocumentation(v.value, model.syntax), v.valueSpan);
      }
      stack.push(...el.children);
    }
  }
  return null;
}
