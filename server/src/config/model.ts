// The one model of a log4j configuration file, shared by every service (validation,
// completion, hover, code actions, navigation, symbols). Built by `buildModel` in build.ts
// from one of three syntax families (properties v1, properties v2, XML v1/v2).
//
// Offsets inside (Span: UTF-16 offsets into the document text, end exclusive);
// line/character positions only at the edge (services convert with TextDocument).
// Pure: no Node, no DOM, no vscode.

export interface Span {
  start: number;
  end: number;
}

/** A piece of text as written in the file, with where it is. */
export interface Located<T = string> {
  value: T;
  span: Span;
}

export type Syntax =
  | 'log4j1-properties' // log4j.properties (log4j 1.2 PropertyConfigurator)
  | 'log4j1-xml' //        log4j.xml (<log4j:configuration>, DOMConfigurator)
  | 'log4j2-xml' //        log4j2.xml (<Configuration>)
  | 'log4j2-properties'; // log4j2.properties (PropertiesConfigurationBuilder)

export type Product = 'jira' | 'confluence' | 'unknown';

/** One key/value line (or continued lines) of a Java properties file. */
export interface PropertyEntry {
  /** Key after unescaping. */
  key: string;
  /** Value after unescaping and joining continuation lines; leading whitespace removed, trailing kept. */
  value: string;
  /** The key as written (before unescaping). */
  keySpan: Span;
  /** The value as written, from its first character to the end of its last line (excluding the line break). Empty span right after the separator when there is no value. */
  valueSpan: Span;
  /** From the first character of the key to the end of the last physical line (excluding the line break). */
  span: Span;
  /** Offset of the start of the first physical line, and the end of the last one including its line break. */
  lineSpan: Span;
  /** True when a later entry has the same key: log4j never sees this one. */
  overridden: boolean;
  /**
   * Maps an offset in `value` to an offset in the document (escapes and continuations make
   * them differ). valueOffsets[i] is the document offset of value[i]; length value.length + 1.
   */
  valueOffsets: number[];
}

export interface Comment {
  text: string;
  span: Span;
}

export interface ParseError {
  message: string;
  span: Span;
}

/** XML node with exact offsets, from the tolerant scanner (works on half-typed documents). */
export interface XmlElement {
  /** Tag name as written, including any prefix (`log4j:configuration`). */
  name: string;
  nameSpan: Span;
  attributes: XmlAttribute[];
  children: XmlElement[];
  parent?: XmlElement;
  /** From `<` to the end of the closing tag (or of the start tag when self-closing / unclosed). */
  span: Span;
  /** The start tag `<name ...>` or `<name .../>`. */
  startTagSpan: Span;
  /** Where child content can be inserted: after the start tag's `>` up to the closing tag's `<`. Undefined when self-closing. */
  contentSpan?: Span;
  selfClosing: boolean;
  /** The start tag ended (`>` seen). */
  startTagClosed: boolean;
  /** A matching end tag was found. */
  closed: boolean;
}

export interface XmlAttribute {
  name: string;
  nameSpan: Span;
  /** Unquoted value with entities decoded; undefined when `name=` has no value yet. */
  value?: string;
  /** Span of the value between the quotes (excluding quotes). */
  valueSpan?: Span;
  /** Span from the name to the closing quote. */
  span: Span;
}

export interface XmlDocument {
  /** Top-level elements (normally exactly one root). */
  roots: XmlElement[];
  comments: Comment[];
  /** Well-formedness errors with positions (from the scanner and fast-xml-parser). */
  errors: ParseError[];
}

export interface LevelRef {
  /** As written, e.g. `info`, `ON`, `LEVEL#com.example.Custom`. */
  raw: string;
  span: Span;
}

export interface AppenderRef {
  name: string;
  span: Span;
}

export interface LoggerDecl {
  /** Logger name; '' for the root logger. */
  name: string;
  isRoot: boolean;
  /** Where the name is written (properties: the part of the key after the prefix; XML: the name attribute value). */
  nameSpan?: Span;
  level?: LevelRef;
  appenderRefs: AppenderRef[];
  /** The additivity as written: log4j 1 `log4j.additivity.<name>` line, XML/log4j2 `additivity` attribute or key. */
  additivity?: Located;
  /**
   * The whole declaration: properties: the logger's entry (and for log4j2 properties the first
   * through last `logger.<id>.*` entry); XML: the element.
   */
  span: Span;
  /** log4j2 properties: the `<id>` in `logger.<id>.name`; XML: undefined. */
  id?: string;
  /** The property entries / XML element this declaration was built from. */
  entries?: PropertyEntry[];
  element?: XmlElement;
  /** The key prefix used (`log4j.logger.`, `log4j.category.`, `log4j.rootLogger`, ...), properties only. */
  prefix?: string;
}

export interface AppenderDecl {
  /** Appender name: log4j 1 `log4j.appender.<name>`, XML `name` attribute, log4j2 properties `appender.<id>.name`. */
  name: string;
  nameSpan: Span;
  /** log4j 1: the class; log4j 2 XML: the element tag (plugin type); log4j2 properties: `type`. */
  type?: Located;
  /** File the appender writes to, when stated (`File`, `fileName`). */
  file?: Located;
  /** Layout class / type and its pattern when stated. */
  layout?: Located;
  pattern?: Located;
  /** Other settings, lower-cased key -> value (`maxfilesize`, `threshold`, ...). */
  settings: Map<string, Located>;
  span: Span;
  id?: string;
  entries?: PropertyEntry[];
  element?: XmlElement;
}

/** A construct of the other log4j generation found in the file (`log4j.logger.x=` in a log4j2 file, ...). */
export interface ForeignSyntax {
  kind: 'log4j1-in-log4j2' | 'log4j2-in-log4j1';
  span: Span;
  /** What was seen, e.g. the key `log4j.logger.com.kantegasso.AuditLog`. */
  text: string;
}

/** A `${...}` lookup or substitution in any value. */
export interface Lookup {
  /** Text inside `${` `}`, e.g. `jndi:ldap://x/a`, `catalina.home`. */
  expression: string;
  span: Span;
}

export interface ConfigModel {
  syntax: Syntax;
  text: string;
  /** Product guessed from content (appender names/classes), never from assumptions. */
  product: Product;
  /** Properties syntaxes: every entry in file order (including overridden ones). */
  properties?: PropertyEntry[];
  /** XML syntaxes. */
  xml?: XmlDocument;
  comments: Comment[];
  loggers: LoggerDecl[];
  appenders: AppenderDecl[];
  /** Logger-like or appender-like declarations that lack what log4j needs (log4j2 properties without name, ...). Reported by validation. */
  incomplete: { what: string; message: string; span: Span }[];
  foreign: ForeignSyntax[];
  lookups: Lookup[];
  /** Syntax errors (XML well-formedness). */
  errors: ParseError[];
  /** Where to insert a new logger block (see knowledge: vendor placement). */
  insertion: {
    /** Jira properties: end of the `# Security logs` section when present. */
    securitySection?: number;
    /** log4j2 XML: inside `<Loggers>` just before its closing tag; undefined when there is no <Loggers>. */
    xmlLoggers?: number;
    /** End of file (after a final newline is ensured by the edit). */
    end: number;
  };
}
