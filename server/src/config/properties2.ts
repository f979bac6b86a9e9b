// log4j 2 properties (PropertiesConfigurationBuilder): keys are grouped by their first segments.
//   appender.<id>.type / .name / .fileName / .layout.type / .layout.pattern / ...
//   logger.<id>.name / .level / .additivity / .appenderRef.<rid>.ref     (name is required)
//   logger.<id> = LEVEL, ref1, ref2                                      (2.17.2 shorthand)
//   rootLogger.level / rootLogger.appenderRef.<rid>.ref / rootLogger = LEVEL, ref1
// The messages for what is missing mirror log4j's own ConfigurationException texts.
import type { AppenderDecl, ConfigModel, Located, LoggerDecl, PropertyEntry, Span } from './model';
import { splitValue, trimmedValue } from './properties';

const log4j2KeyRe =
  /^(?:(?:appender|logger)\.[^.]+\.(?:type|name|level|additivity|appenderRef|layout|fileName|filePattern|policies|strategy|filter)\b|rootLogger(?:\.(?:level|appenderRef|additivity)\b|$)|(?:appenders|loggers)$)/;

/** A key that only log4j 2's properties format uses (`logger.x.name`, `appender.x.type`, `rootLogger.level`, ...). */
export function isLog4j2Key(key: string): boolean {
  return log4j2KeyRe.test(key);
}

interface Group {
  id: string;
  entries: PropertyEntry[];
}

function cover(entries: PropertyEntry[]): Span {
  let s = Infinity;
  let e = -Infinity;
  for (const x of entries) {
    if (x.span.start < s) s = x.span.start;
    if (x.span.end > e) e = x.span.end;
  }
  return { start: s, end: e };
}

export function buildLog4j2Properties(model: ConfigModel): void {
  const text = model.text;
  const entries = model.properties ?? [];
  const appenders = new Map<string, Group>();
  const loggers = new Map<string, Group>();
  const root: PropertyEntry[] = [];

  for (const e of entries) {
    if (e.overridden) continue;
    const key = e.key;
    if (key.startsWith('log4j.')) {
      model.foreign.push({ kind: 'log4j1-in-log4j2', span: e.keySpan, text: key });
      continue;
    }
    if (key === 'rootLogger' || key.startsWith('rootLogger.')) {
      root.push(e);
      continue;
    }
    // `appender.<id>` / `logger.<id>`, optionally followed by `.` and more (the id has no dot).
    const from = key.startsWith('appender.') ? 9 : key.startsWith('logger.') ? 7 : 0;
    if (from === 0) continue;
    const dot = key.indexOf('.', from);
    const id = dot < 0 ? key.slice(from) : key.slice(from, dot);
    if (id === '') continue;
    const map = from === 9 ? appenders : loggers;
    let g = map.get(id);
    if (!g) {
      g = { id, entries: [] };
      map.set(id, g);
    }
    g.entries.push(e);
  }

  // Entry lists at their exact size (push leaves spare room): they stay in the model.
  for (const g of appenders.values()) {
    g.entries = g.entries.slice();
    buildAppender(model, text, g);
  }
  for (const g of loggers.values()) buildLogger(model, text, `logger.${g.id}`, g.id, g.entries.slice(), false);
  if (root.length) buildLogger(model, text, 'rootLogger', undefined, root, true);
  model.loggers.sort((a, b) => a.span.start - b.span.start);
  model.appenders.sort((a, b) => a.span.start - b.span.start);
  model.incomplete.sort((a, b) => a.span.start - b.span.start);
}

function loc(text: string, e: PropertyEntry): Located {
  const t = trimmedValue(text, e);
  return { value: t.text, span: t.span };
}

function buildAppender(model: ConfigModel, text: string, g: Group): void {
  const prefix = `appender.${g.id}.`;
  const settings = new Map<string, Located>();
  let name: Located | undefined;
  let type: Located | undefined;
  for (const e of g.entries) {
    const sub = e.key.slice(prefix.length).toLowerCase();
    if (e.key.length <= prefix.length - 1) continue; // `appender.x` alone: nothing to read
    const l = loc(text, e);
    settings.set(sub, l);
    if (sub === 'name') name = l;
    else if (sub === 'type') type = l;
  }
  const first = g.entries[0];
  if (!type || type.value === '') {
    model.incomplete.push({
      what: 'appender',
      message: `No type attribute provided for Appender ${g.id}: log4j 2 rejects the whole file (and falls back to its default: errors only, on the console). Add ${prefix}type (File, RollingFile, Console, ...).`,
      span: type ? type.span : first.keySpan,
    });
  }
  if (!name || name.value === '') {
    model.incomplete.push({
      what: 'appender',
      message: `No name attribute provided for Appender ${g.id}: log4j 2 rejects the whole file (and falls back to its default: errors only, on the console). Add ${prefix}name: the name appender references use.`,
      span: name ? name.span : first.keySpan,
    });
    return;
  }
  const decl: AppenderDecl = {
    name: name.value,
    nameSpan: name.span,
    type,
    file: settings.get('filename'),
    layout: settings.get('layout.type'),
    pattern: settings.get('layout.pattern'),
    settings,
    span: cover(g.entries),
    id: g.id,
    entries: g.entries,
  };
  model.appenders.push(decl);
}

function buildLogger(
  model: ConfigModel,
  text: string,
  prefix: string,
  id: string | undefined,
  entries: PropertyEntry[],
  isRoot: boolean,
): void {
  const decl: LoggerDecl = {
    name: '',
    isRoot,
    appenderRefs: [],
    span: cover(entries),
    id,
    entries,
    prefix: isRoot ? 'rootLogger' : 'logger.',
  };
  const refs = new Map<string, PropertyEntry[]>();
  let nameEntry: PropertyEntry | undefined;
  for (const e of entries) {
    if (e.key === prefix) {
      // Shorthand `logger.<id> = LEVEL, ref1, ref2`.
      const items = splitValue(text, e);
      const lv = items[0];
      if (lv && lv.text !== '') decl.level = { raw: lv.text, span: lv.span };
      for (let i = 1; i < items.length; i++) {
        if (items[i].text !== '') decl.appenderRefs.push({ name: items[i].text, span: items[i].span });
      }
      continue;
    }
    const sub = e.key.slice(prefix.length + 1);
    const lsub = sub.toLowerCase();
    if (lsub === 'name') {
      nameEntry = e;
    } else if (lsub === 'level') {
      const l = loc(text, e);
      if (l.value === '') {
        model.incomplete.push({
          what: 'level',
          message: `${e.key} has no value: log4j 2 ignores it and the logger keeps its parent's level. Give a level (INFO, WARN, ...).`,
          span: e.keySpan,
        });
      } else decl.level = { raw: l.value, span: l.span };
    } else if (lsub === 'additivity') {
      decl.additivity = loc(text, e);
    } else {
      const m = /^appenderRef\.([^.]+)(?:\.(.*))?$/i.exec(sub);
      if (m) {
        let list = refs.get(m[1]);
        if (!list) refs.set(m[1], (list = []));
        list.push(e);
      }
    }
  }
  for (const [rid, list] of refs) {
    const refEntry = list.find((e) => e.key.toLowerCase().endsWith(`.appenderref.${rid.toLowerCase()}.ref`));
    const l = refEntry ? loc(text, refEntry) : undefined;
    if (!l || l.value === '') {
      model.incomplete.push({
        what: 'appender-ref',
        message: `No ref attribute provided for AppenderRef ${rid}: log4j 2 rejects the whole file (and falls back to its default: errors only, on the console). Add ${prefix}.appenderRef.${rid}.ref = <appender name>.`,
        span: refEntry ? refEntry.keySpan : list[0].keySpan,
      });
      continue;
    }
    decl.appenderRefs.push({ name: l.value, span: l.span });
  }
  decl.appenderRefs.sort((a, b) => a.span.start - b.span.start);
  if (decl.appenderRefs.length) decl.appenderRefs = decl.appenderRefs.slice();
  if (!isRoot) {
    const l = nameEntry ? loc(text, nameEntry) : undefined;
    if (!l || l.value === '') {
      model.incomplete.push({
        what: 'logger',
        message: `No name attribute provided for Logger ${id}: log4j 2 rejects the whole file (and falls back to its default: errors only, on the console). Add ${prefix}.name = <logger name>.`,
        span: nameEntry ? nameEntry.keySpan : entries[0].keySpan,
      });
      return;
    }
    decl.name = l.value;
    decl.nameSpan = l.span;
  } else {
    decl.nameSpan = entries[0].keySpan;
  }
  model.loggers.push(decl);
}
