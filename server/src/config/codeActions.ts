// Quick fixes keyed on the diagnostic code (rule ids in rules.ts, data as documented there) and
// the "Add audit logging for <app>" actions. Every edit is computed against the current model,
// never blindly from the diagnostic's range, so a stale diagnostic or a fix applied twice yields
// no edit the second time. Edits touch only the lines they add or the words they change: every
// other line stays byte-for-byte, line endings (CRLF stays CRLF) and the file's `key = value`
// spacing are respected.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { distance } from 'fastest-levenshtein';
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionContext,
  type Diagnostic,
  type Range,
  type TextEdit,
} from 'vscode-languageserver-types';
import type { ConfigSettings } from './api';
import type { ConfigModel, LoggerDecl, PropertyEntry, Span, XmlElement } from './model';
import { rules } from './rules';
import { eolOf, indentAt, lineStartAt, nextLineStart, rangeOf, separatorStyle, spanOf } from './cursor';
import { attr, elementAt, localName, walk } from './xml';
import { insertionBlock } from './knowledge/apps';
import { documentedLogger, type KnownProduct } from './knowledge/loggers';
import { vulnerableClass } from './knowledge/vulnerable';
import { CONFLUENCE_HOME_APPENDER, JIRA_HOME_APPENDER, JIRA_LAYOUT, productAppender } from './knowledge/appenders';

// ---------------------------------------------------------------------------------------------
// What can be enabled

export interface LoggingFeature {
  /** The id the palette command passes (client/src/commands.ts auditApps). */
  id: string;
  /** Other ids accepted: the app id of knowledge/apps.ts, the logger name. */
  aliases: readonly string[];
  logger: string;
  /** Completion label stem: "Kantega SSO audit logging" (+ " (Jira)"). */
  label: string;
  /** Code action title. */
  title: string;
}

export const loggingFeatures: readonly LoggingFeature[] = [
  {
    id: 'kantega-audit',
    aliases: ['kantega-sso', 'com.kantegasso.AuditLog'],
    logger: 'com.kantegasso.AuditLog',
    label: 'Kantega SSO audit logging',
    title: 'Add audit logging for Kantega SSO (com.kantegasso.AuditLog)',
  },
  {
    id: 'kantega-diagnostics',
    aliases: ['com.kantegasso.DiagnosticsLog'],
    logger: 'com.kantegasso.DiagnosticsLog',
    label: 'Kantega SSO diagnostics logging',
    title: 'Add audit logging for Kantega SSO diagnostics (com.kantegasso.DiagnosticsLog)',
  },
  {
    id: 'apitoken',
    aliases: ['api-token-auth', 'de.resolution.apitokenauth'],
    logger: 'de.resolution.apitokenauth',
    label: 'API Token Authentication logging',
    title: 'Add audit logging for API Token Authentication (de.resolution.apitokenauth)',
  },
];

export function loggingFeature(id: string): LoggingFeature | undefined {
  return loggingFeatures.find((f) => f.id === id || f.aliases.includes(id));
}

const LOGGER_PREFIXES = ['log4j.logger.', 'log4j.category.'];
const ADDITIVITY_PREFIX = 'log4j.additivity.';
/** Keys whose `key = value` style new logger / appender lines follow. */
const LOGGER_KEYS = ['log4j.logger.', 'log4j.category.', 'log4j.additivity.', 'logger.'];
const APPENDER_KEYS = ['log4j.appender.', 'appender.'];

function isLoggerEntry(e: PropertyEntry): boolean {
  return LOGGER_PREFIXES.some((p) => e.key.startsWith(p));
}

/** True when the file declares the logger (an additivity line alone does not declare it). */
export function loggerDeclared(model: ConfigModel, name: string): boolean {
  for (const l of model.loggers) {
    if (l.name === name && !l.isRoot && (model.syntax !== 'log4j1-properties' || (l.entries ?? []).some(isLoggerEntry))) return true;
  }
  return false;
}

/** The product to write for: the file's, else Jira (the product with the most documented routes). */
export function targetProduct(model: ConfigModel): KnownProduct {
  return model.product === 'unknown' ? 'jira' : model.product;
}

// ---------------------------------------------------------------------------------------------
// Style of the file (computed once per model: a model is one version of one document)

interface Derived {
  loggerSep?: string;
  appenderSep?: string;
  unit?: string;
  usedIds: Map<string, Set<string>>;
}

const derivedCache = new WeakMap<ConfigModel, Derived>();

function derived(model: ConfigModel): Derived {
  let d = derivedCache.get(model);
  if (!d) {
    d = { usedIds: new Map() };
    derivedCache.set(model, d);
  }
  return d;
}

/** Up to `max` property entries of the given declarations (their own lines, not a scan of the file). */
function entriesOf(decls: readonly { entries?: PropertyEntry[] }[], max: number): PropertyEntry[] {
  const out: PropertyEntry[] = [];
  for (const d of decls) {
    for (const e of d.entries ?? []) {
      out.push(e);
      if (out.length >= max) return out;
    }
  }
  return out;
}

/** The separator of the file's logger lines (` = ` as the vendors write when the file has none). */
function loggerSep(model: ConfigModel): string {
  const d = derived(model);
  return (d.loggerSep ??= separatorStyle(model.text, [...entriesOf(model.loggers, 50), ...(model.properties ?? []).slice(0, 200)], LOGGER_KEYS));
}

function appenderSep(model: ConfigModel): string {
  const d = derived(model);
  return (d.appenderSep ??= separatorStyle(model.text, [...entriesOf(model.appenders, 50), ...(model.properties ?? []).slice(0, 200)], APPENDER_KEYS));
}

function unitOf(model: ConfigModel): string {
  const d = derived(model);
  return (d.unit ??= indentUnit(model.text));
}

/** `key = value` in the file's separator style. */
function restyle(line: string, sep: string): string {
  const m = /^([^=:\s]+)[ \t]*[=:][ \t]*(.*)$/.exec(line);
  return m ? `${m[1]}${sep}${m[2]}` : line;
}

/** The XML file's indentation unit (tab or N spaces; two spaces when it does not tell). */
export function indentUnit(text: string): string {
  let min = Infinity;
  let lines = 0;
  const re = /(?:^|\n)([ \t]+)</g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) && lines++ < 500) {
    const ws = m[1].replace(/^\r/, '');
    if (ws.startsWith('\t')) return '\t';
    if (ws.length > 0 && ws.length < min) min = ws.length;
  }
  return Number.isFinite(min) ? ' '.repeat(min) : '  ';
}

/** Two-space indentation of a knowledge block -> the file's unit. */
function reindent(line: string, unit: string): string {
  const m = /^((?: {2})*)([\s\S]*)$/.exec(line)!;
  return unit.repeat(m[1].length / 2) + m[2];
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

function atLineStart(text: string, offset: number): boolean {
  return offset === 0 || text[offset - 1] === '\n' || text[offset - 1] === '\r';
}

interface Edit {
  span: Span;
  text: string;
}

/** Inserts whole lines at `offset` (a line start, or the end of a file without final newline). */
function insertLines(text: string, offset: number, lines: readonly string[], indent = ''): Edit {
  const eol = eolOf(text);
  const body = lines.map((l) => (l ? indent + l : l)).join(eol) + eol;
  return { span: { start: offset, end: offset }, text: atLineStart(text, offset) ? body : eol + body };
}

function replace(span: Span, text: string): Edit {
  return { span, text };
}

// ---------------------------------------------------------------------------------------------
// Blocks

export interface RenderedBlock {
  logger: string;
  appender: string;
  /** Lines in the file's style (XML lines indented relative to the first one). */
  lines: string[];
  /** Appender definition lines to add when the file does not define the appender (log4j 1 properties). */
  definition?: string[];
  source: string;
}

/** The `logger.<id>` / `appender.<id>` ids in use: the declarations' ids and those of incomplete groups. */
function idsInUse(model: ConfigModel, kind: 'logger' | 'appender'): Set<string> {
  const d = derived(model);
  let used = d.usedIds.get(kind);
  if (!used) {
    used = new Set<string>();
    for (const x of kind === 'logger' ? model.loggers : model.appenders) if (x.id !== undefined) used.add(x.id);
    const re = new RegExp(`^\\s*${kind}\\.([^.=:\\s]+)`);
    for (const inc of model.incomplete) {
      const m = re.exec(model.text.slice(inc.span.start, inc.span.start + 300));
      if (m) used.add(m[1]);
    }
    d.usedIds.set(kind, used);
  }
  return used;
}

/** An id for `logger.<id>` / `appender.<id>` that no group of the file uses (`base`, `base2`, ...). */
function freeId(model: ConfigModel, kind: 'logger' | 'appender', base: string): string {
  const used = idsInUse(model, kind);
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}${n}`;
  return id;
}

/** The vendor's block for a documented logger, rendered in the file's style. */
export function renderedBlock(model: ConfigModel, loggerName: string, product: KnownProduct): RenderedBlock | undefined {
  const b = insertionBlock(loggerName, product, model.syntax);
  if (!b) return undefined;
  let lines = [...b.lines];
  let definition: string[] | undefined;
  if (model.syntax === 'log4j1-properties' || model.syntax === 'log4j2-properties') {
    const sep = loggerSep(model);
    lines = lines.map((l) => restyle(l, sep));
    if (model.syntax === 'log4j2-properties') {
      const m = /^logger\.([^.]+)\./.exec(lines[0]);
      if (m) {
        const id = freeId(model, 'logger', m[1]);
        lines = lines.map((l) => l.replace(`logger.${m[1]}.`, `logger.${id}.`));
      }
    }
    if (b.appenderDefinition && !model.appenders.some((a) => a.name === b.appender)) {
      const asep = appenderSep(model);
      definition = b.appenderDefinition.map((l) => restyle(l, asep));
    }
  } else {
    const unit = unitOf(model);
    lines = lines.map((l) => reindent(l, unit));
  }
  return { logger: loggerName, appender: b.appender, lines, definition, source: b.source };
}

// ---------------------------------------------------------------------------------------------
// Where blocks go

function xmlRoot(model: ConfigModel): XmlElement | undefined {
  return model.xml?.roots.find((r) => r.startTagClosed) ?? model.xml?.roots[0];
}

function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => localName(c) === name);
}

/** Offset to insert before an element's closing tag: the start of its line when only blanks precede it. */
function beforeClosingTag(text: string, el: XmlElement): number | undefined {
  if (!el.contentSpan || !el.closed) return undefined;
  const close = el.contentSpan.end;
  let ls = close;
  while (ls > 0 && (text[ls - 1] === ' ' || text[ls - 1] === '\t')) ls--;
  return atLineStart(text, ls) ? ls : close;
}

/** Indentation for a new child of `el`: its children's, else its own plus one unit. */
function childIndent(text: string, el: XmlElement | undefined): string {
  if (!el) return '';
  const first = el.children[0];
  if (first && atLineStart(text, lineStartAt(text, first.span.start)) && text.slice(lineStartAt(text, first.span.start), first.span.start).trim() === '') {
    return indentAt(text, first.span.start);
  }
  return indentAt(text, el.span.start) + indentUnit(text);
}

/** Offset just after the line holding `offset`. */
function afterLine(text: string, offset: number): number {
  return nextLineStart(text, offset);
}

function lastAppenderEnd(model: ConfigModel): number | undefined {
  let end = -1;
  for (const a of model.appenders) {
    const e = Math.max(a.span.end, ...(a.entries ?? []).map((x) => x.span.end));
    if (e > end) end = e;
  }
  return end >= 0 ? end : undefined;
}

/** Edits that add a documented logger's block where its vendor says. */
function loggerBlockEdits(model: ConfigModel, block: RenderedBlock, product: KnownProduct): Edit[] {
  const text = model.text;
  const edits: Edit[] = [];
  switch (model.syntax) {
    case 'log4j1-properties': {
      let lines = block.lines;
      // An additivity line without its logger line: add only the logger line, just above it.
      const orphan = model.loggers.find((l) => l.name === block.logger && !(l.entries ?? []).some(isLoggerEntry) && l.additivity);
      let at: number;
      if (orphan) {
        lines = lines.filter((l) => !l.startsWith(ADDITIVITY_PREFIX));
        at = lineStartAt(text, orphan.span.start);
      } else {
        at = product === 'jira' && block.logger.startsWith('com.kantegasso.') && model.insertion.securitySection !== undefined
          ? model.insertion.securitySection
          : model.insertion.end;
      }
      if (block.definition) {
        const after = lastAppenderEnd(model);
        if (after !== undefined && afterLine(text, after) !== at) edits.push(insertLines(text, afterLine(text, after), block.definition));
        else lines = [...block.definition, ...lines];
      }
      edits.push(insertLines(text, at, lines));
      break;
    }
    case 'log4j2-properties':
      edits.push(insertLines(text, model.insertion.end, block.lines));
      break;
    case 'log4j2-xml': {
      const root = xmlRoot(model);
      const loggers = child(root, 'loggers');
      if (loggers && model.insertion.xmlLoggers !== undefined) {
        edits.push(insertLines(text, model.insertion.xmlLoggers, block.lines, childIndent(text, loggers)));
      } else if (root && !loggers && beforeClosingTag(text, root) !== undefined) {
        const unit = unitOf(model);
        const ind = childIndent(text, root);
        edits.push(insertLines(text, beforeClosingTag(text, root)!, ['<Loggers>', ...block.lines.map((l) => unit + l), '</Loggers>'], ind));
      } else return [];
      break;
    }
    case 'log4j1-xml': {
      const root = xmlRoot(model);
      if (!root) return [];
      const ind = childIndent(text, root);
      const rootLogger = root.children.find((c) => ['root', 'categoryfactory', 'loggerfactory'].includes(localName(c)));
      if (rootLogger) {
        const ls = lineStartAt(text, rootLogger.span.start);
        const at = text.slice(ls, rootLogger.span.start).trim() === '' ? ls : rootLogger.span.start;
        edits.push(insertLines(text, at, block.lines, ind));
      } else {
        const at = beforeClosingTag(text, root);
        if (at === undefined) return [];
        edits.push(insertLines(text, at, block.lines, ind));
      }
      break;
    }
  }
  return edits;
}

// ---------------------------------------------------------------------------------------------
// Appender definitions

const DEFAULT_SIZE = '20480KB';
const DEFAULT_BACKUPS = '5';
const GENERIC_PATTERN = '%d %p [%t] [%c] %m%n';

function appenderDefinitionLines(model: ConfigModel, name: string): { lines: string[]; log4j2Type?: string } {
  const pa = productAppender(name);
  const product = model.product === 'unknown' ? (pa?.owner === 'confluence' ? 'confluence' : pa ? 'jira' : 'unknown') : model.product;
  const jiraPattern = productAppender('filelog')?.pattern ?? GENERIC_PATTERN;
  const confluencePattern = productAppender('confluencelog')?.pattern ?? GENERIC_PATTERN;
  const pattern = pa?.pattern ?? (product === 'jira' ? jiraPattern : product === 'confluence' ? confluencePattern : GENERIC_PATTERN);
  const file = pa?.file ?? `${name}.log`;
  switch (model.syntax) {
    case 'log4j1-properties': {
      if (pa?.definition) return { lines: [...pa.definition] };
      const cls = pa?.className ?? (product === 'jira' ? JIRA_HOME_APPENDER : 'org.apache.log4j.RollingFileAppender');
      const p = `log4j.appender.${name}`;
      if (!pa?.file && pa) {
        // Appenders that pick their own file (Confluence's) or write none (errorlog).
        const lines = [`${p}=${cls}`];
        if (cls === CONFLUENCE_HOME_APPENDER) {
          lines.push(`${p}.MaxFileSize=${DEFAULT_SIZE}`, `${p}.MaxBackupIndex=${DEFAULT_BACKUPS}`, `${p}.layout=com.atlassian.confluence.util.PatternLayoutWithContext`, `${p}.layout.ConversionPattern=${pattern}`);
        } else lines.push(`${p}.Threshold=WARN`);
        return { lines };
      }
      if (cls === CONFLUENCE_HOME_APPENDER) {
        return { lines: [`${p}=${cls}`, `${p}.MaxFileSize=${DEFAULT_SIZE}`, `${p}.MaxBackupIndex=${DEFAULT_BACKUPS}`, `${p}.layout=com.atlassian.confluence.util.PatternLayoutWithContext`, `${p}.layout.ConversionPattern=${pattern}`] };
      }
      const layout = cls === JIRA_HOME_APPENDER ? JIRA_LAYOUT : 'org.apache.log4j.PatternLayout';
      return {
        lines: [`${p}=${cls}`, `${p}.File=${file}`, `${p}.MaxFileSize=${DEFAULT_SIZE}`, `${p}.MaxBackupIndex=${DEFAULT_BACKUPS}`, `${p}.layout=${layout}`, `${p}.layout.ConversionPattern=${pattern}`],
      };
    }
    case 'log4j2-properties': {
      const id = freeId(model, 'appender', name.replace(/[^\w-]/g, '_'));
      const type = product === 'jira' ? 'JiraHomeAppender' : 'RollingFile';
      const dir = product === 'jira' ? '' : 'logs/';
      const p = `appender.${id}`;
      return {
        lines: [
          `${p}.type=${type}`, `${p}.name=${name}`, `${p}.fileName=${dir}${file}`, `${p}.filePattern=${dir}${file}.%i`,
          `${p}.layout.type=PatternLayout`, `${p}.layout.pattern=${pattern}`,
          `${p}.policies.type=Policies`, `${p}.policies.size.type=SizeBasedTriggeringPolicy`, `${p}.policies.size.size=20MB`,
          `${p}.strategy.type=DefaultRolloverStrategy`, `${p}.strategy.max=${DEFAULT_BACKUPS}`,
        ],
      };
    }
    case 'log4j2-xml': {
      const jira = product === 'jira' || model.appenders.some((a) => a.type?.value === 'JiraHomeAppender');
      const tag = jira ? 'JiraHomeAppender' : 'RollingFile';
      const dir = jira ? '' : 'logs/';
      return {
        log4j2Type: tag,
        lines: [
          `<${tag} name="${xmlEscape(name)}" fileName="${xmlEscape(dir + file)}" filePattern="${xmlEscape(`${dir}${file}.%i`)}">`,
          `  <PatternLayout pattern="${xmlEscape(pattern)}"/>`,
          '  <Policies>',
          '    <SizeBasedTriggeringPolicy size="20480 KB"/>',
          '  </Policies>',
          `  <DefaultRolloverStrategy max="${DEFAULT_BACKUPS}"/>`,
          `</${tag}>`,
        ],
      };
    }
    case 'log4j1-xml': {
      const cls = pa?.className ?? (product === 'jira' ? JIRA_HOME_APPENDER : 'org.apache.log4j.RollingFileAppender');
      const layout = cls === JIRA_HOME_APPENDER ? JIRA_LAYOUT : 'org.apache.log4j.PatternLayout';
      return {
        lines: [
          `<appender name="${xmlEscape(name)}" class="${xmlEscape(cls)}">`,
          `  <param name="File" value="${xmlEscape(file)}"/>`,
          `  <param name="MaxFileSize" value="${DEFAULT_SIZE}"/>`,
          `  <param name="MaxBackupIndex" value="${DEFAULT_BACKUPS}"/>`,
          `  <layout class="${xmlEscape(layout)}">`,
          `    <param name="ConversionPattern" value="${xmlEscape(pattern)}"/>`,
          '  </layout>',
          '</appender>',
        ],
      };
    }
  }
}

/** Edits that define a missing appender with a complete, product-correct definition. */
export function defineAppenderEdits(model: ConfigModel, name: string): Edit[] {
  if (model.appenders.some((a) => a.name === name)) return [];
  const text = model.text;
  const def = appenderDefinitionLines(model, name);
  switch (model.syntax) {
    case 'log4j1-properties':
    case 'log4j2-properties': {
      const sep = appenderSep(model);
      const lines = def.lines.map((l) => restyle(l, sep));
      const after = lastAppenderEnd(model);
      if (after !== undefined) return [insertLines(text, afterLine(text, after), lines)];
      const firstLogger = model.loggers.reduce<LoggerDecl | undefined>((m, l) => (!m || l.span.start < m.span.start ? l : m), undefined);
      if (firstLogger) return [insertLines(text, lineStartAt(text, firstLogger.span.start), lines)];
      return [insertLines(text, text.length, lines)];
    }
    case 'log4j2-xml': {
      const unit = unitOf(model);
      const lines = def.lines.map((l) => reindent(l, unit));
      const root = xmlRoot(model);
      const appenders = child(root, 'appenders');
      if (appenders) {
        const at = beforeClosingTag(text, appenders);
        return at === undefined ? [] : [insertLines(text, at, lines, childIndent(text, appenders))];
      }
      if (!root) return [];
      const loggers = child(root, 'loggers');
      const ind = childIndent(text, root);
      const block = ['<Appenders>', ...lines.map((l) => unit + l), '</Appenders>'];
      if (loggers) {
        const ls = lineStartAt(text, loggers.span.start);
        return [insertLines(text, text.slice(ls, loggers.span.start).trim() === '' ? ls : loggers.span.start, block, ind)];
      }
      const at = beforeClosingTag(text, root);
      return at === undefined ? [] : [insertLines(text, at, block, ind)];
    }
    case 'log4j1-xml': {
      const unit = unitOf(model);
      const lines = def.lines.map((l) => reindent(l, unit));
      const root = xmlRoot(model);
      if (!root) return [];
      const ind = childIndent(text, root);
      const lastAppender = [...root.children].reverse().find((c) => localName(c) === 'appender');
      if (lastAppender) return [insertLines(text, afterLine(text, lastAppender.span.end), lines, ind)];
      const first = root.children[0];
      if (first) {
        const ls = lineStartAt(text, first.span.start);
        return [insertLines(text, text.slice(ls, first.span.start).trim() === '' ? ls : first.span.start, lines, ind)];
      }
      const at = beforeClosingTag(text, root);
      return at === undefined ? [] : [insertLines(text, at, lines, ind)];
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Fixes

function overlaps(a: Span, b: Span): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** The logger a diagnostic is about: by name from its data, preferring the one under its range. */
function loggerFor(model: ConfigModel, name: string | undefined, at: Span): LoggerDecl | undefined {
  const parts = (l: LoggerDecl): Span[] => [l.span, ...(l.nameSpan ? [l.nameSpan] : []), ...(l.level ? [l.level.span] : []), ...(l.additivity ? [l.additivity.span] : []), ...(l.entries ?? []).map((e) => e.span)];
  const candidates = model.loggers.filter((l) => (name === undefined || l.name === name) && (name !== undefined || !l.isRoot));
  return candidates.find((l) => parts(l).some((s) => overlaps(s, at))) ?? (name !== undefined ? candidates[0] : undefined);
}

export function additivityEdits(model: ConfigModel, decl: LoggerDecl): Edit[] {
  const text = model.text;
  if (decl.additivity) {
    return decl.additivity.value.trim().toLowerCase() === 'false' ? [] : [replace(decl.additivity.span, 'false')];
  }
  switch (model.syntax) {
    case 'log4j1-properties': {
      const entry = (decl.entries ?? []).find(isLoggerEntry);
      if (!entry) return [];
      const sep = loggerSep(model);
      return [insertLines(text, afterLine(text, entry.span.end), [`${ADDITIVITY_PREFIX}${decl.name}${sep}false`])];
    }
    case 'log4j2-properties': {
      if (!decl.id) return [];
      const sep = loggerSep(model);
      const last = Math.max(decl.span.end, ...(decl.entries ?? []).map((e) => e.span.end));
      return [insertLines(text, afterLine(text, last), [`logger.${decl.id}.additivity${sep}false`])];
    }
    default: {
      const el = decl.element;
      if (!el) return [];
      const lastAttr = el.attributes[el.attributes.length - 1];
      const at = lastAttr ? lastAttr.span.end : el.nameSpan.end;
      return [{ span: { start: at, end: at }, text: ' additivity="false"' }];
    }
  }
}

function renameLoggerEdits(model: ConfigModel, decl: LoggerDecl, to: string): Edit[] {
  if (decl.name === to) return [];
  const text = model.text;
  if (model.syntax === 'log4j1-properties') {
    const edits: Edit[] = [];
    for (const e of decl.entries ?? []) {
      const prefix = [...LOGGER_PREFIXES, ADDITIVITY_PREFIX].find((p) => e.key.startsWith(p));
      if (!prefix || text.slice(e.keySpan.start, e.keySpan.end) !== e.key) continue; // escapes: leave it to the user
      edits.push(replace({ start: e.keySpan.start + prefix.length, end: e.keySpan.end }, to));
    }
    return edits;
  }
  return decl.nameSpan ? [replace(decl.nameSpan, model.xml ? xmlEscape(to) : to)] : [];
}

function levelEdits(model: ConfigModel, decl: LoggerDecl, needed: string): Edit[] {
  const text = model.text;
  if (decl.level) return decl.level.raw === needed ? [] : [replace(decl.level.span, needed)];
  switch (model.syntax) {
    case 'log4j1-properties': {
      const entry = (decl.entries ?? []).find((e) => isLoggerEntry(e) || e.key === 'log4j.rootLogger' || e.key === 'log4j.rootCategory');
      if (!entry) return [];
      const v = entry.valueSpan.start;
      const raw = text.slice(v, entry.valueSpan.end);
      const lead = raw.length - raw.trimStart().length;
      return [{ span: { start: v + lead, end: v + lead }, text: needed }];
    }
    case 'log4j2-properties': {
      if (!decl.id) return [];
      const sep = loggerSep(model);
      const last = Math.max(decl.span.end, ...(decl.entries ?? []).map((e) => e.span.end));
      return [insertLines(text, afterLine(text, last), [`logger.${decl.id}.level${sep}${needed}`])];
    }
    case 'log4j2-xml': {
      const el = decl.element;
      if (!el) return [];
      const nameAttr = attr(el, 'name');
      const at = nameAttr ? nameAttr.span.end : el.nameSpan.end;
      return [{ span: { start: at, end: at }, text: ` level="${needed}"` }];
    }
    case 'log4j1-xml': {
      const el = decl.element;
      if (!el || el.selfClosing || !el.startTagClosed) return [];
      const eol = eolOf(text);
      return [{ span: { start: el.startTagSpan.end, end: el.startTagSpan.end }, text: `${eol}${childIndent(text, el)}<level value="${needed}"/>` }];
    }
  }
}

/** Edits that give a logger one more appender reference, in the file's syntax. */
export function addRefEdits(model: ConfigModel, decl: LoggerDecl, name: string): Edit[] {
  const text = model.text;
  switch (model.syntax) {
    case 'log4j1-properties': {
      // `[level], appender1, ...`: the name goes after what the value holds (an empty level stays empty).
      const entry = (decl.entries ?? []).find(isLoggerEntry);
      if (!entry) return [];
      const raw = text.slice(entry.valueSpan.start, entry.valueSpan.end);
      const at = entry.valueSpan.start + raw.trimEnd().length;
      return [{ span: { start: at, end: at }, text: `, ${name}` }];
    }
    case 'log4j2-properties': {
      if (!decl.id) return [];
      const sep = loggerSep(model);
      const rid = name.replace(/[^A-Za-z0-9_-]/g, '') || 'ref';
      const last = Math.max(decl.span.end, ...(decl.entries ?? []).map((e) => e.span.end));
      return [insertLines(text, afterLine(text, last), [`logger.${decl.id}.appenderRef.${rid}.ref${sep}${name}`])];
    }
    case 'log4j2-xml':
    case 'log4j1-xml': {
      const el = decl.element;
      if (!el || !el.startTagClosed) return [];
      const ref = model.syntax === 'log4j2-xml' ? `<AppenderRef ref="${xmlEscape(name)}"/>` : `<appender-ref ref="${xmlEscape(name)}"/>`;
      const eol = eolOf(text);
      const indent = childIndent(text, el);
      if (el.selfClosing) {
        // `<Logger .../>` becomes `<Logger ...>`, the reference, and its closing tag.
        const slash = text.lastIndexOf('/', el.startTagSpan.end - 1);
        if (slash < el.startTagSpan.start) return [];
        return [replace({ start: slash, end: el.startTagSpan.end }, `>${eol}${indent}${ref}${eol}${indentAt(text, el.span.start)}</${el.name}>`)];
      }
      const at = beforeClosingTag(text, el);
      if (at === undefined) return [];
      return [atLineStart(text, at) ? insertLines(text, at, [ref], indent) : { span: { start: at, end: at }, text: `${eol}${indent}${ref}${eol}${indentAt(text, el.span.start)}` }];
    }
  }
}

/** The whole lines `span` covers (line break included) when nothing else is on them; else the span itself. */
function wholeLines(text: string, span: Span): Span {
  const ls = lineStartAt(text, span.start);
  const le = nextLineStart(text, span.end);
  const before = text.slice(ls, span.start);
  const after = text.slice(span.end, le);
  return before.trim() === '' && after.trim() === '' ? { start: ls, end: le } : span;
}

/**
 * Edits that remove a log4j 1 appender: its lines (properties) or element (XML), and every
 * reference to it (`, name` in a logger's value; `<appender-ref ref="name"/>`). Empty when the file
 * is not log4j 1 or the appender is not found.
 */
export function removeAppenderEdits(model: ConfigModel, name: string): Edit[] {
  const text = model.text;
  const decl = model.appenders.find((a) => a.name === name);
  if (!decl) return [];
  const edits: Edit[] = [];
  if (model.syntax === 'log4j1-properties') {
    for (const e of decl.entries ?? []) edits.push(replace(e.lineSpan, ''));
    for (const l of model.loggers) {
      for (const r of l.appenderRefs) {
        if (r.name !== name) continue;
        // An appender always follows the level's slot: the name goes with the comma before it and
        // the blanks around that comma (`level, a, name, b` -> `level, a, b`). Each reference's
        // removal ends at its name and the next one starts after it, so the same name twice in a
        // list goes twice.
        const blank = (c: string | undefined): boolean => c === ' ' || c === '\t';
        let from = r.span.start;
        while (from > 0 && blank(text[from - 1])) from--;
        if (text[from - 1] === ',') {
          from--;
          while (from > 0 && blank(text[from - 1])) from--;
          edits.push(replace({ start: from, end: r.span.end }, ''));
          continue;
        }
        // (No comma before it, which log4j would not read as an appender: the name and the comma after it.)
        let to = r.span.end;
        while (blank(text[to])) to++;
        if (text[to] === ',') to++;
        while (blank(text[to])) to++;
        edits.push(replace({ start: r.span.start, end: to }, ''));
      }
    }
  } else if (model.syntax === 'log4j1-xml') {
    if (!decl.element) return [];
    edits.push(replace(wholeLines(text, decl.element.span), ''));
    // Loggers', the root's and other appenders' (AsyncAppender) references.
    for (const c of walk(model.xml?.roots ?? [])) {
      if (localName(c) === 'appender-ref' && attr(c, 'ref')?.value === name && !(c.span.start >= decl.element.span.start && c.span.end <= decl.element.span.end)) {
        edits.push(replace(wholeLines(text, c.span), ''));
      }
    }
  } else {
    return [];
  }
  // No two overlap: the appender's own lines hold no logger value, and references inside its
  // element go with it.
  return edits;
}

function refEdits(decl: LoggerDecl, from: string, to: string): Edit[] {
  return decl.appenderRefs.filter((r) => r.name === from && from !== to).map((r) => replace(r.span, to));
}

// ---------------------------------------------------------------------------------------------
// log4j 1 lines pasted into a log4j 2 file (the vendors' log4j 1 lines in Jira 9.5+'s log4j2.xml)

interface PastedLine {
  kind: 'logger' | 'additivity';
  name: string;
  value: string;
  /** The whole physical line, line break included. */
  line: Span;
}

/** log4j 1 logger/additivity lines of a log4j 2 file (from the model's foreign constructs). */
function pastedLines(model: ConfigModel): PastedLine[] {
  const text = model.text;
  const out: PastedLine[] = [];
  for (const f of model.foreign) {
    if (f.kind !== 'log4j1-in-log4j2') continue;
    const ls = lineStartAt(text, f.span.start);
    const le = nextLineStart(text, f.span.start);
    const m = /^[ \t]*log4j\.(logger|category|additivity)\.([^\s=:]+)[ \t]*[=:][ \t]*(.*?)[ \t]*$/.exec(text.slice(ls, le).replace(/\r?\n$/, ''));
    if (!m) continue;
    out.push({ kind: m[1] === 'additivity' ? 'additivity' : 'logger', name: m[2], value: m[3], line: { start: ls, end: le } });
  }
  return out;
}

/** Converts a pasted log4j 1 logger (and its additivity line) into the file's log4j 2 form. */
function convertPastedEdits(model: ConfigModel, at: Span): { edits: Edit[]; name?: string } {
  const text = model.text;
  const pasted = pastedLines(model);
  const hit = pasted.find((p) => overlaps(p.line, at));
  if (!hit) return { edits: [] };
  const loggerLine = pasted.find((p) => p.kind === 'logger' && p.name === hit.name);
  const addLine = pasted.find((p) => p.kind === 'additivity' && p.name === hit.name);
  const additivity = addLine ? (addLine.value.trim().toLowerCase() === 'false' ? 'false' : 'true') : undefined;
  if (!loggerLine) {
    // Only the additivity line: set it on the existing log4j 2 logger of that name.
    const decl = model.loggers.find((l) => l.name === hit.name && !l.isRoot);
    if (!decl || !addLine) return { edits: [] };
    const fix = additivity === 'false' ? additivityEdits(model, decl) : [];
    return { edits: [...fix, replace(addLine.line, '')], name: hit.name };
  }
  const parts = loggerLine.value.split(',').map((x) => x.trim());
  const level = parts[0];
  const refs = parts.slice(1).filter((x) => x !== '');
  const edits: Edit[] = [];
  if (addLine) edits.push(replace(addLine.line, ''));
  if (model.syntax === 'log4j2-xml') {
    const unit = unitOf(model);
    const open = `<Logger name="${xmlEscape(hit.name)}"${level ? ` level="${xmlEscape(level)}"` : ''}${additivity ? ` additivity="${additivity}"` : ''}`;
    const block = refs.length ? [`${open}>`, ...refs.map((r) => `${unit}<AppenderRef ref="${xmlEscape(r)}"/>`), '</Logger>'] : [`${open}/>`];
    const holder = model.xml ? elementAt(model.xml, loggerLine.line.start + 1) : undefined;
    const inLoggers = holder !== undefined && localName(holder) === 'loggers' && holder.startTagSpan.end <= loggerLine.line.start;
    if (inLoggers) {
      // Pasted inside <Loggers>: replace it in place, at its indentation.
      const edit = insertLines(text, loggerLine.line.start, block, indentAt(text, loggerLine.line.start));
      edits.push({ span: loggerLine.line, text: edit.text });
    } else {
      const loggers = child(xmlRoot(model), 'loggers');
      if (!loggers || model.insertion.xmlLoggers === undefined) return { edits: [] };
      edits.push(replace(loggerLine.line, ''));
      edits.push(insertLines(text, model.insertion.xmlLoggers, block, childIndent(text, loggers)));
    }
  } else if (model.syntax === 'log4j2-properties') {
    const sep = loggerSep(model);
    const id = freeId(model, 'logger', hit.name.split('.').pop()!.replace(/[^\w-]/g, '_') || 'logger');
    const lines = [`logger.${id}.name${sep}${hit.name}`];
    if (level) lines.push(`logger.${id}.level${sep}${level}`);
    if (additivity) lines.push(`logger.${id}.additivity${sep}${additivity}`);
    refs.forEach((r) => lines.push(`logger.${id}.appenderRef.${r.replace(/[^\w-]/g, '_')}.ref${sep}${r}`));
    const edit = insertLines(text, loggerLine.line.start, lines);
    edits.push({ span: loggerLine.line, text: edit.text });
  } else return { edits: [] };
  return { edits, name: hit.name };
}

// ---------------------------------------------------------------------------------------------
// Code actions

function toTextEdits(document: TextDocument, edits: readonly Edit[]): TextEdit[] {
  return edits.map((e) => ({ range: rangeOf(document, e.span), newText: e.text }));
}

function action(document: TextDocument, title: string, kind: string, edits: readonly Edit[], diagnostic?: Diagnostic, isPreferred = false): CodeAction | undefined {
  if (!edits.length) return undefined;
  const a: CodeAction = { title, kind, edit: { changes: { [document.uri]: toTextEdits(document, edits) } } };
  if (diagnostic) a.diagnostics = [diagnostic];
  if (isPreferred) a.isPreferred = true;
  return a;
}

interface Data {
  suggestion?: string;
  logger?: string;
  needed?: string;
  appender?: string;
  expected?: string;
}

function dataOf(d: Diagnostic): Data {
  const x: unknown = d.data;
  return x && typeof x === 'object' ? (x as Data) : {};
}

function quickFixes(document: TextDocument, model: ConfigModel, d: Diagnostic): CodeAction[] {
  const data = dataOf(d);
  const at = spanOf(document, d.range);
  const out: (CodeAction | undefined)[] = [];
  switch (d.code) {
    case rules.additivity.id: {
      const decl = loggerFor(model, data.logger, at);
      if (decl) out.push(action(document, `Set additivity of ${decl.name} to false`, CodeActionKind.QuickFix, additivityEdits(model, decl), d, true));
      break;
    }
    case rules.unknownLogger.id: {
      if (!data.suggestion) break;
      const decl = model.loggers.find((l) => !l.isRoot && l.nameSpan && overlaps(l.nameSpan, at) && l.name !== data.suggestion);
      if (decl) out.push(action(document, `Change to ${data.suggestion}`, CodeActionKind.QuickFix, renameLoggerEdits(model, decl, data.suggestion), d, true));
      break;
    }
    case rules.levelSuppresses.id: {
      if (!data.needed) break;
      const decl = loggerFor(model, data.logger, at);
      if (decl) out.push(action(document, `Set the level of ${decl.name} to ${data.needed}`, CodeActionKind.QuickFix, levelEdits(model, decl, data.needed), d, true));
      break;
    }
    case rules.invalidLevel.id: {
      if (!data.suggestion) break;
      const decl = model.loggers.find((l) => l.level && overlaps(l.level.span, at));
      if (decl?.level && decl.level.raw !== data.suggestion) {
        out.push(action(document, `Change the level to ${data.suggestion}`, CodeActionKind.QuickFix, [replace(decl.level.span, data.suggestion)], d, true));
      }
      break;
    }
    case rules.undefinedAppender.id: {
      const name = data.appender;
      if (!name || model.appenders.some((a) => a.name === name)) break;
      // Only names log4j could define (a half-typed value may hold quotes or line breaks).
      const definable = /^[^\s"'<>&=:,\\]+$/.test(name);
      // A near miss of a defined appender: the typo fix comes first.
      const near = model.appenders
        .map((a) => ({ a, dist: a.name.toLowerCase() === name.toLowerCase() ? 0 : distance(a.name.toLowerCase(), name.toLowerCase()) }))
        .filter((x) => x.dist <= 2)
        .sort((x, y) => x.dist - y.dist)[0];
      if (near) {
        const edits = model.loggers.flatMap((l) => l.appenderRefs.filter((r) => r.name === name && overlaps(r.span, at)).map((r) => replace(r.span, near.a.name)));
        out.push(action(document, `Change to ${near.a.name}`, CodeActionKind.QuickFix, edits, d, true));
      }
      if (definable) out.push(action(document, `Define appender ${name}`, CodeActionKind.QuickFix, defineAppenderEdits(model, name), d, !near));
      break;
    }
    case rules.foreignSyntax.id: {
      const { edits, name } = convertPastedEdits(model, at);
      if (name) out.push(action(document, `Convert ${name} to the log4j 2 form`, CodeActionKind.QuickFix, edits, d, true));
      break;
    }
    case rules.duplicateKey.id: {
      // The earlier line is dead (log4j keeps the last value): delete it, line break included.
      const e = (model.properties ?? []).find((x) => x.overridden && overlaps(x.keySpan, at));
      if (e) out.push(action(document, `Delete this ignored line (${e.key} is set again later)`, CodeActionKind.QuickFix, [replace(e.lineSpan, '')], d, true));
      break;
    }
    case rules.writesNowhere.id: {
      const decl = loggerFor(model, data.logger, at);
      if (!decl || decl.appenderRefs.length > 0) break; // (a stale finding: it has one now)
      // The documented route first (preferred); else the file's appenders, a few.
      const names = data.appender ? [data.appender] : model.appenders.map((a) => a.name).filter((n, i, all) => n && all.indexOf(n) === i).slice(0, 3);
      for (const [i, name] of names.entries()) {
        out.push(action(document, `Send ${decl.name} to ${name}`, CodeActionKind.QuickFix, addRefEdits(model, decl, name), d, i === 0 && data.appender !== undefined));
      }
      break;
    }
    case rules.vulnerableClass.id: {
      // The appender whose class it is (log4j 1): remove it with its references.
      const decl = model.appenders.find((a) => (a.type && overlaps(a.type.span, at)) || (a.element && overlaps(a.element.startTagSpan, at)));
      // (A stale finding's range may now lie on another appender: only a vulnerable one is removed.)
      const cls = decl?.type?.value ?? (decl?.element ? attr(decl.element, 'class')?.value : undefined);
      if (!decl || !cls || !vulnerableClass(cls)) break;
      const edits = removeAppenderEdits(model, decl.name);
      const refs = model.loggers.reduce((n, l) => n + l.appenderRefs.filter((r) => r.name === decl.name).length, 0);
      if (edits.length) out.push(action(document, `Remove appender ${decl.name}${refs ? ` and its ${refs === 1 ? 'reference' : `${refs} references`}` : ''}`, CodeActionKind.QuickFix, edits, d, true));
      break;
    }
    case rules.jndiLookup.id: {
      const lk = model.lookups.find((x) => overlaps(x.span, at));
      if (lk) out.push(action(document, 'Remove the ${jndi:...} lookup', CodeActionKind.QuickFix, [replace(lk.span, '')], d, true));
      break;
    }
    case rules.wrongProductAppender.id: {
      if (!data.expected || !data.appender) break;
      const decl = loggerFor(model, data.logger, at);
      if (decl) out.push(action(document, `Send ${decl.name} to ${data.expected}`, CodeActionKind.QuickFix, refEdits(decl, data.appender, data.expected), d, true));
      break;
    }
  }
  return out.filter((a): a is CodeAction => a !== undefined);
}

/** Kind of the "Add audit logging for <app>" actions (a source action: VS Code lists it under "Source Action..."). */
export const ADD_LOGGING_KIND = `${CodeActionKind.Source}.authlog.addLogging`;

/** The "Add audit logging for <app>" edit; undefined when the logger is already declared. */
export function enableLogging(document: TextDocument, model: ConfigModel, appId: string): CodeAction | undefined {
  const f = loggingFeature(appId);
  if (!f || loggerDeclared(model, f.logger) || !documentedLogger(f.logger)) return undefined;
  const product = targetProduct(model);
  const block = renderedBlock(model, f.logger, product);
  if (!block) return undefined;
  return action(document, f.title, ADD_LOGGING_KIND, loggerBlockEdits(model, block, product));
}

function wants(context: CodeActionContext, kind: string): boolean {
  return !context.only || context.only.some((k) => kind === k || kind.startsWith(`${k}.`));
}

export function codeActions(document: TextDocument, model: ConfigModel, range: Range, context: CodeActionContext, settings?: ConfigSettings): CodeAction[] {
  void range;
  const out: CodeAction[] = [];
  if (wants(context, CodeActionKind.QuickFix)) {
    for (const d of context.diagnostics) {
      if (typeof d.code === 'string' && settings?.rules?.[d.code] === 'off') continue;
      out.push(...quickFixes(document, model, d));
    }
  }
  if (wants(context, ADD_LOGGING_KIND)) {
    for (const f of loggingFeatures) {
      const a = enableLogging(document, model, f.id);
      if (a) out.push(a);
    }
  }
  return out;
}

