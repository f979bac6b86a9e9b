// Keys, prefixes, elements and attributes of the four syntaxes, with one-line docs. Completion
// offers them; hover explains them. `<name>`/`<id>` in a key stand for a user-chosen part.
import { SRC } from './sources';

export type ValueKind =
  | 'level-and-appenders' // `[level], appender1, appender2`
  | 'level'
  | 'boolean'
  | 'appender-class'
  | 'layout-class'
  | 'appender-type'
  | 'layout-type'
  | 'appender-name'
  | 'pattern'
  | 'file'
  | 'size'
  | 'int'
  | 'string';

export interface KeyDoc {
  /** The key, with `<name>`/`<id>`/`<rid>` placeholders, e.g. `log4j.logger.<name>`. */
  key: string;
  doc: string;
  value?: ValueKind;
  source: string;
}

/** log4j 1 properties (PropertyConfigurator). */
export const log4j1Keys: readonly KeyDoc[] = [
  { key: 'log4j.rootLogger', doc: 'The root logger: `level, appender1, appender2`. Every logger inherits its level and (with additivity) writes to its appenders.', value: 'level-and-appenders', source: SRC.log4j1Props },
  { key: 'log4j.rootCategory', doc: 'Old name of log4j.rootLogger (used only when log4j.rootLogger is absent).', value: 'level-and-appenders', source: SRC.log4j1Props },
  { key: 'log4j.logger.<name>', doc: 'A logger (case-sensitive Java class or package name): `[level], appender1, ...`. A value starting with `,` keeps the level; INHERITED or NULL unsets it.', value: 'level-and-appenders', source: SRC.log4j1Props },
  { key: 'log4j.category.<name>', doc: 'Old name of log4j.logger.<name>.', value: 'level-and-appenders', source: SRC.log4j1Props },
  { key: 'log4j.additivity.<name>', doc: 'false: the logger\'s lines go only to its own appenders, not also to its parents\' (the root\'s). Anything other than true/false means true.', value: 'boolean', source: SRC.log4j1Props },
  { key: 'log4j.appender.<name>', doc: 'Defines an appender: the value is its class.', value: 'appender-class', source: SRC.log4j1Props },
  { key: 'log4j.appender.<name>.layout', doc: 'The layout class that formats each line.', value: 'layout-class', source: SRC.log4j1Props },
  { key: 'log4j.appender.<name>.layout.ConversionPattern', doc: 'The line format: %d date, %t thread, %p level, %c category (%q{2}: Atlassian\'s abbreviated category), %X{key} request context, %m message, %n newline.', value: 'pattern', source: SRC.log4j1Props },
  { key: 'log4j.appender.<name>.File', doc: 'The file written (JiraHomeAppender: relative to <jira-home>/log).', value: 'file', source: SRC.log4j1Props },
  { key: 'log4j.appender.<name>.MaxFileSize', doc: 'Size at which a rolling file rolls over (e.g. 20480KB).', value: 'size', source: SRC.log4j1Props },
  { key: 'log4j.appender.<name>.MaxBackupIndex', doc: 'How many rolled files are kept (.1 ... .N).', value: 'int', source: SRC.log4j1Props },
  { key: 'log4j.appender.<name>.Threshold', doc: 'The appender drops events below this level.', value: 'level', source: SRC.log4j1Props },
  { key: 'log4j.appender.<name>.Append', doc: 'false: truncate the file at startup.', value: 'boolean', source: SRC.log4j1Props },
  { key: 'log4j.appender.<name>.Encoding', doc: 'Character encoding of the file.', value: 'string', source: SRC.log4j1Props },
  { key: 'log4j.appender.<name>.DatePattern', doc: 'DailyRollingFileAppender: roll-over schedule (e.g. \'.\'yyyy-MM-dd).', value: 'string', source: SRC.log4j1Props },
  { key: 'log4j.appender.<name>.Target', doc: 'ConsoleAppender: System.out or System.err.', value: 'string', source: SRC.log4j1Props },
  { key: 'log4j.appender.<name>.filter.<id>', doc: 'A filter class on the appender (then .filter.<id>.<option>).', value: 'string', source: SRC.log4j1Props },
  { key: 'log4j.threshold', doc: 'Repository-wide threshold: events below it are dropped everywhere.', value: 'level', source: SRC.log4j1Props },
  { key: 'log4j.debug', doc: 'true: log4j prints its own configuration messages (how to see an undefined appender).', value: 'boolean', source: SRC.log4j1Props },
  { key: 'log4j.reset', doc: 'true: reset the configuration before reading this file.', value: 'boolean', source: SRC.log4j1Props },
  { key: 'log4j.renderer.<class>', doc: 'An ObjectRenderer for messages of the given class.', value: 'string', source: SRC.log4j1Props },
  { key: 'log4j.loggerFactory', doc: 'A custom LoggerFactory class.', value: 'string', source: SRC.log4j1Props },
];

/** log4j 2 properties (PropertiesConfigurationBuilder). */
export const log4j2Keys: readonly KeyDoc[] = [
  { key: 'status', doc: 'Level of log4j\'s own status messages (e.g. warn).', value: 'level', source: SRC.log4j2Props },
  { key: 'name', doc: 'The configuration\'s name.', value: 'string', source: SRC.log4j2Props },
  { key: 'monitorInterval', doc: 'Seconds between checks for changes of this file (0: never).', value: 'int', source: SRC.log4j2Props },
  { key: 'dest', doc: 'Where status messages go: err, out or a file.', value: 'string', source: SRC.log4j2Props },
  { key: 'packages', doc: 'Comma-separated packages searched for plugins (Jira: com.atlassian.jira.logging for JiraHomeAppender).', value: 'string', source: SRC.log4j2Props },
  { key: 'property.<name>', doc: 'A property usable as ${name} in other values.', value: 'string', source: SRC.log4j2Props },
  { key: 'customLevel.<NAME>', doc: 'Declares a custom level with its intLevel (INFO = 400).', value: 'int', source: SRC.log4j2Levels },
  { key: 'appender.<id>.type', doc: 'The appender plugin (File, RollingFile, Console, JiraHomeAppender, ...). Required.', value: 'appender-type', source: SRC.log4j2Props },
  { key: 'appender.<id>.name', doc: 'The appender\'s name, what appenderRef .ref values point at. Required.', value: 'string', source: SRC.log4j2Props },
  { key: 'appender.<id>.fileName', doc: 'The file written.', value: 'file', source: SRC.log4j2Props },
  { key: 'appender.<id>.filePattern', doc: 'RollingFile: names of rolled files (e.g. app.log.%i).', value: 'file', source: SRC.log4j2Props },
  { key: 'appender.<id>.layout.type', doc: 'The layout plugin (PatternLayout, ...).', value: 'layout-type', source: SRC.log4j2Props },
  { key: 'appender.<id>.layout.pattern', doc: 'PatternLayout: the line format.', value: 'pattern', source: SRC.log4j2Props },
  { key: 'logger.<id>.name', doc: 'The logger name (case-sensitive Java class or package). Required.', value: 'string', source: SRC.log4j2Props },
  { key: 'logger.<id>.level', doc: 'The logger\'s level; absent: its parent\'s.', value: 'level', source: SRC.log4j2Props },
  { key: 'logger.<id>.additivity', doc: 'false: lines go only to this logger\'s appenders, not also to the root\'s.', value: 'boolean', source: SRC.log4j2Props },
  { key: 'logger.<id>.appenderRef.<rid>.ref', doc: 'An appender (by name) this logger writes to. Required for each appenderRef.', value: 'appender-name', source: SRC.log4j2Props },
  { key: 'logger.<id>', doc: 'Shorthand since 2.17.2: `LEVEL, appender1, ...` (the name is still logger.<id>.name).', value: 'level-and-appenders', source: SRC.log4j2Props },
  { key: 'rootLogger.level', doc: 'The root logger\'s level.', value: 'level', source: SRC.log4j2Props },
  { key: 'rootLogger.appenderRef.<rid>.ref', doc: 'An appender the root logger writes to.', value: 'appender-name', source: SRC.log4j2Props },
  { key: 'rootLogger', doc: 'Shorthand since 2.17.2: `LEVEL, appender1, ...`.', value: 'level-and-appenders', source: SRC.log4j2Props },
];

export interface AttrDoc {
  name: string;
  doc: string;
  value?: ValueKind;
  required?: boolean;
}

export interface ElementDoc {
  name: string;
  syntax: 'log4j1-xml' | 'log4j2-xml';
  /** Lower-case local names of the elements it may appear in ('' = document root). */
  parents: readonly string[];
  doc: string;
  attributes: readonly AttrDoc[];
  source: string;
}

export const xmlElements: readonly ElementDoc[] = [
  // log4j 2
  { name: 'Configuration', syntax: 'log4j2-xml', parents: [''], doc: 'The root of a log4j 2 configuration.', attributes: [
    { name: 'status', doc: 'Level of log4j\'s own status messages.', value: 'level' },
    { name: 'monitorInterval', doc: 'Seconds between checks for changes (0: never).', value: 'int' },
    { name: 'packages', doc: 'Plugin packages (Jira: com.atlassian.jira.logging).', value: 'string' },
    { name: 'name', doc: 'The configuration\'s name.', value: 'string' },
    { name: 'dest', doc: 'Where status messages go.', value: 'string' },
  ], source: SRC.log4j2Config },
  { name: 'Properties', syntax: 'log4j2-xml', parents: ['configuration'], doc: 'Properties usable as ${name}.', attributes: [], source: SRC.log4j2Config },
  { name: 'Property', syntax: 'log4j2-xml', parents: ['properties'], doc: 'One property: name attribute, value as text.', attributes: [{ name: 'name', doc: 'The property name.', required: true }], source: SRC.log4j2Config },
  { name: 'Appenders', syntax: 'log4j2-xml', parents: ['configuration'], doc: 'The appenders: each child\'s tag is its plugin type, its name attribute what AppenderRef points at.', attributes: [], source: SRC.log4j2Config },
  { name: 'JiraHomeAppender', syntax: 'log4j2-xml', parents: ['appenders'], doc: 'Jira 9.5+\'s rolling file appender in <jira-home>/log.', attributes: [
    { name: 'name', doc: 'The appender name.', required: true },
    { name: 'fileName', doc: 'File name in <jira-home>/log.', value: 'file' },
    { name: 'filePattern', doc: 'Rolled file names (e.g. atlassian-jira.log.%i).', value: 'file' },
  ], source: SRC.jiraLog4j2 },
  { name: 'RollingFile', syntax: 'log4j2-xml', parents: ['appenders'], doc: 'Rolling file appender.', attributes: [
    { name: 'name', doc: 'The appender name.', required: true },
    { name: 'fileName', doc: 'The file written.', value: 'file' },
    { name: 'filePattern', doc: 'Rolled file names.', value: 'file' },
  ], source: SRC.log4j2Appenders },
  { name: 'File', syntax: 'log4j2-xml', parents: ['appenders'], doc: 'File appender.', attributes: [
    { name: 'name', doc: 'The appender name.', required: true },
    { name: 'fileName', doc: 'The file written.', value: 'file' },
  ], source: SRC.log4j2Appenders },
  { name: 'Console', syntax: 'log4j2-xml', parents: ['appenders'], doc: 'Console appender.', attributes: [
    { name: 'name', doc: 'The appender name.', required: true },
    { name: 'target', doc: 'SYSTEM_OUT or SYSTEM_ERR.', value: 'string' },
  ], source: SRC.log4j2Appenders },
  { name: 'PatternLayout', syntax: 'log4j2-xml', parents: [], doc: 'Formats lines with a pattern.', attributes: [{ name: 'pattern', doc: 'The line format.', value: 'pattern' }], source: SRC.log4j2Appenders },
  { name: 'Loggers', syntax: 'log4j2-xml', parents: ['configuration'], doc: 'The loggers: <Logger> elements and one <Root>.', attributes: [], source: SRC.log4j2Config },
  { name: 'Logger', syntax: 'log4j2-xml', parents: ['loggers'], doc: 'A logger (case-sensitive Java class or package name).', attributes: [
    { name: 'name', doc: 'The logger name.', required: true },
    { name: 'level', doc: 'Its level; absent: its parent\'s.', value: 'level' },
    { name: 'additivity', doc: 'false: lines go only to its own AppenderRefs, not also to the root\'s appenders.', value: 'boolean' },
    { name: 'includeLocation', doc: 'Capture caller location (costly).', value: 'boolean' },
  ], source: SRC.log4j2Config },
  { name: 'AsyncLogger', syntax: 'log4j2-xml', parents: ['loggers'], doc: 'A logger that hands events to a background thread.', attributes: [
    { name: 'name', doc: 'The logger name.', required: true },
    { name: 'level', doc: 'Its level.', value: 'level' },
    { name: 'additivity', doc: 'false: only its own AppenderRefs.', value: 'boolean' },
  ], source: SRC.log4j2Config },
  { name: 'Root', syntax: 'log4j2-xml', parents: ['loggers'], doc: 'The root logger.', attributes: [{ name: 'level', doc: 'Its level (default ERROR).', value: 'level' }], source: SRC.log4j2Config },
  { name: 'AppenderRef', syntax: 'log4j2-xml', parents: ['logger', 'asynclogger', 'root', 'asyncroot', 'async'], doc: 'Sends the logger\'s lines to the appender named by ref.', attributes: [
    { name: 'ref', doc: 'The appender name.', value: 'appender-name', required: true },
    { name: 'level', doc: 'Only events at this level or above go to this appender.', value: 'level' },
  ], source: SRC.log4j2Config },
  { name: 'CustomLevel', syntax: 'log4j2-xml', parents: ['customlevels', 'configuration'], doc: 'Declares a custom level.', attributes: [
    { name: 'name', doc: 'Level name.', required: true },
    { name: 'intLevel', doc: 'Its number (INFO = 400).', value: 'int', required: true },
  ], source: SRC.log4j2Levels },
  // log4j 1
  { name: 'log4j:configuration', syntax: 'log4j1-xml', parents: [''], doc: 'The root of a log4j 1 XML configuration (DOMConfigurator).', attributes: [
    { name: 'xmlns:log4j', doc: 'http://jakarta.apache.org/log4j/' },
    { name: 'threshold', doc: 'Repository-wide threshold.', value: 'level' },
    { name: 'debug', doc: 'true: print log4j\'s own configuration messages.', value: 'boolean' },
  ], source: SRC.log4j1Dom },
  { name: 'appender', syntax: 'log4j1-xml', parents: ['configuration'], doc: 'Defines an appender.', attributes: [
    { name: 'name', doc: 'The appender name (what appender-ref points at).', required: true },
    { name: 'class', doc: 'The appender class.', value: 'appender-class', required: true },
  ], source: SRC.log4j1Dom },
  { name: 'param', syntax: 'log4j1-xml', parents: ['appender', 'layout', 'filter'], doc: 'A setting of its parent: name and value (File, MaxFileSize, ConversionPattern, ...).', attributes: [
    { name: 'name', doc: 'The setting.', required: true },
    { name: 'value', doc: 'Its value.', required: true },
  ], source: SRC.log4j1Dom },
  { name: 'layout', syntax: 'log4j1-xml', parents: ['appender'], doc: 'The layout of an appender.', attributes: [{ name: 'class', doc: 'The layout class.', value: 'layout-class', required: true }], source: SRC.log4j1Dom },
  { name: 'logger', syntax: 'log4j1-xml', parents: ['configuration'], doc: 'A logger.', attributes: [
    { name: 'name', doc: 'The logger name (case-sensitive).', required: true },
    { name: 'additivity', doc: 'false: only its own appenders.', value: 'boolean' },
  ], source: SRC.log4j1Dom },
  { name: 'category', syntax: 'log4j1-xml', parents: ['configuration'], doc: 'Old name of <logger>.', attributes: [
    { name: 'name', doc: 'The logger name.', required: true },
    { name: 'additivity', doc: 'false: only its own appenders.', value: 'boolean' },
  ], source: SRC.log4j1Dom },
  { name: 'level', syntax: 'log4j1-xml', parents: ['logger', 'category', 'root'], doc: 'The logger\'s level.', attributes: [{ name: 'value', doc: 'The level.', value: 'level', required: true }], source: SRC.log4j1Dom },
  { name: 'priority', syntax: 'log4j1-xml', parents: ['logger', 'category', 'root'], doc: 'Old name of <level>.', attributes: [{ name: 'value', doc: 'The level.', value: 'level', required: true }], source: SRC.log4j1Dom },
  { name: 'appender-ref', syntax: 'log4j1-xml', parents: ['logger', 'category', 'root', 'appender'], doc: 'Sends the logger\'s lines to the named appender.', attributes: [{ name: 'ref', doc: 'The appender name.', value: 'appender-name', required: true }], source: SRC.log4j1Dom },
  { name: 'root', syntax: 'log4j1-xml', parents: ['configuration'], doc: 'The root logger.', attributes: [], source: SRC.log4j1Dom },
];

/** The KeyDoc whose pattern matches a concrete key (`log4j.logger.com.x` -> `log4j.logger.<name>`). */
export function keyDoc(key: string, syntax: 'log4j1-properties' | 'log4j2-properties'): KeyDoc | undefined {
  const list = syntax === 'log4j1-properties' ? log4j1Keys : log4j2Keys;
  let best: KeyDoc | undefined;
  let bestFixed = -1;
  for (const k of list) {
    const re = patternOf(k.key);
    if (re.test(key)) {
      const fixed = k.key.replace(/<[^>]+>/g, '').length;
      if (fixed > bestFixed) {
        best = k;
        bestFixed = fixed;
      }
    }
  }
  return best;
}

const patternCache = new Map<string, RegExp>();
function patternOf(key: string): RegExp {
  let re = patternCache.get(key);
  if (!re) {
    const parts = key.split(/(<[^>]+>)/);
    const src = parts
      .map((p) => (p.startsWith('<') ? (dotted(key, p) ? '.+' : '[^.]+') : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    re = new RegExp(`^${src}$`, 'i');
    patternCache.set(key, re);
  }
  return re;
}

/** Logger names and class names contain dots; appender names and ids do not. */
function dotted(key: string, placeholder: string): boolean {
  return placeholder === '<class>' || (placeholder === '<name>' && !key.startsWith('log4j.appender.') && !key.startsWith('property.'));
}
