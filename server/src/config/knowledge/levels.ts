// The log4j levels: names, numbers and what log4j does with a word it does not know.
import type { Syntax } from '../model';
import { SRC } from './sources';

export interface LevelInfo {
  name: string;
  /** log4j 1 Level.toInt() (higher = more severe). */
  log4j1Int: number;
  /** log4j 2 intLevel (lower = more severe; OFF = 0). */
  log4j2Int: number;
  meaning: string;
  source: string;
}

/** Most severe first. A logger at level L writes the events of L and of every level above it in this list. */
export const levels: readonly LevelInfo[] = [
  { name: 'OFF', log4j1Int: 2147483647, log4j2Int: 0, meaning: 'Nothing is written.', source: SRC.log4j1Level },
  { name: 'FATAL', log4j1Int: 50000, log4j2Int: 100, meaning: 'Only fatal errors that stop the application.', source: SRC.log4j1Level },
  { name: 'ERROR', log4j1Int: 40000, log4j2Int: 200, meaning: 'Errors and fatal errors.', source: SRC.log4j1Level },
  { name: 'WARN', log4j1Int: 30000, log4j2Int: 300, meaning: 'Warnings and errors.', source: SRC.log4j1Level },
  { name: 'INFO', log4j1Int: 20000, log4j2Int: 400, meaning: 'Informational events (the audit lines of the authentication apps), warnings and errors.', source: SRC.log4j1Level },
  { name: 'DEBUG', log4j1Int: 10000, log4j2Int: 500, meaning: 'Debug detail and everything above: verbose.', source: SRC.log4j1Level },
  { name: 'TRACE', log4j1Int: 5000, log4j2Int: 600, meaning: 'Finest detail and everything above: very verbose.', source: SRC.log4j1Level },
  { name: 'ALL', log4j1Int: -2147483648, log4j2Int: 2147483647, meaning: 'Everything.', source: SRC.log4j1Level },
];

const byName = new Map(levels.map((l) => [l.name, l]));

/** log4j 1 words that unset a logger's level so it inherits its parent's (not allowed on the root). */
export const unsetWords: readonly { name: string; meaning: string; source: string }[] = [
  { name: 'INHERITED', meaning: 'No level of its own: the logger uses its parent\'s level.', source: SRC.log4j1Props },
  { name: 'NULL', meaning: 'Same as INHERITED: the logger uses its parent\'s level.', source: SRC.log4j1Props },
];

/** What log4j does with a level word it does not know, per syntax. */
export const unknownLevelBehaviour: Record<Syntax, string> = {
  'log4j1-properties': 'log4j 1 silently uses DEBUG instead (Level.toLevel falls back to DEBUG)',
  'log4j1-xml': 'log4j 1 silently uses DEBUG instead (Level.toLevel falls back to DEBUG)',
  'log4j2-xml': 'log4j 2 cannot convert it (an error in its status log) and the logger keeps its parent\'s level (the root falls back to ERROR)',
  'log4j2-properties': 'log4j 2 cannot convert it (an error in its status log) and the logger keeps its parent\'s level (the root falls back to ERROR)',
};

export function levelInfo(word: string): LevelInfo | undefined {
  return byName.get(word.trim().toUpperCase());
}

export function isUnsetWord(word: string): boolean {
  const w = word.trim().toUpperCase();
  return w === 'INHERITED' || w === 'NULL';
}

/**
 * Severity rank: 0 = OFF (most restrictive) ... 7 = ALL. A logger at rank r writes an event of
 * level e when rank(e) <= r.
 */
export function levelRank(word: string): number | undefined {
  const i = levels.findIndex((l) => l.name === word.trim().toUpperCase());
  return i < 0 ? undefined : i;
}

/** True when a logger at `loggerLevel` writes events of `eventLevel`. */
export function writes(loggerLevel: string, eventLevel: string): boolean {
  const a = levelRank(loggerLevel);
  const b = levelRank(eventLevel);
  return a !== undefined && b !== undefined && b <= a && b > 0;
}

/**
 * A custom level: log4j 1 `LEVEL#fully.qualified.Class`, log4j 2 names declared with
 * `<CustomLevel name=..>` / `customLevel.NAME = int` (passed in `custom`).
 */
export function isCustomLevel(word: string, syntax: Syntax, custom: ReadonlySet<string> = new Set()): boolean {
  const w = word.trim();
  if (syntax.startsWith('log4j1')) return /^[A-Za-z]+#[\w.$]+$/.test(w);
  return custom.has(w.toUpperCase());
}
