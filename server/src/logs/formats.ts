// Which layout a log file was written with, and where its entries start.
// Pure and synchronous: no Node, no DOM; never throws.
//
// Layouts (see /work/shared/docs/domain.md, "Log lines"):
//   jira            %d %t %p %X{jira.username} %X{jira.request.id} %X{jira.request.assession.id} %X{jira.request.ipaddr} %X{jira.request.url} [%q{2}] %m%n
//   jira-security   %d %t %X{jira.username} %X{jira.request.id} %X{jira.request.assession.id} %X{jira.request.ipaddr} %X{jira.request.url} %m%n
//   confluence      %d %p [%t] [%c{4}] %M %m%n   (message sometimes followed by ` -- url: ... | userName: ... | action: ...`)
//   apitokenservice %d{yyyy-MM-dd HH:mm:ss,SSSZ} %t %p %X{jira.username} %X{} %X{} %X{jira.request.ipaddr} %X{jira.request.url} [%q{2}] %m%n
//   bitbucket       Logback: %d %-5p [%t] %X{request-id} %X{ip chain} "%X{request}" %c{abbrev} %m%n
//
// `%X{}` (an empty MDC key) prints as an empty string in log4j 1.2 (PatternParser.extractOption
// returns "" and MDC.get("") is null), so an apitokenservice line normally carries three spaces
// between the user and the IP. Some setups collapse whitespace, and log4j 2 may print the whole
// context map (`{k=v, ...}`) for an option-less %X: the field parser accepts all three.

import type { LogFormat } from '../../../shared/protocol';

/** Levels as the layouts print them (log4j 1/2 and Logback). */
export const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
const LEVEL_SET: ReadonlySet<string> = new Set<string>(LEVELS);

export function isLevel(word: string): boolean {
  return LEVEL_SET.has(word);
}

const D0 = 48;
const D9 = 57;

function isDigitCode(c: number): boolean {
  return c >= D0 && c <= D9;
}

/** Does `c` (a UTF-16 code unit) count as `\s` in a JavaScript regular expression? */
export function isJsSpace(c: number): boolean {
  return (
    c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

const DIGIT_POSITIONS: readonly number[] = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22];

/**
 * Length of the timestamp prefix (`yyyy-MM-dd HH:mm:ss,SSS`, `T` or space between date and time,
 * `,` or `.` before the milliseconds, an optional zone `+0000`, `-05:00` or `Z`) at the start of
 * `s`, or 0 when the line does not start with one.
 */
export function timestampLength(s: string): number {
  if (s.length < 23) return 0;
  for (let k = 0; k < DIGIT_POSITIONS.length; k++) {
    if (!isDigitCode(s.charCodeAt(DIGIT_POSITIONS[k]!))) return 0;
  }
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return 0; // '-'
  const sep = s.charCodeAt(10);
  if (sep !== 32 && sep !== 84) return 0; // ' ' or 'T'
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return 0; // ':'
  const ms = s.charCodeAt(19);
  if (ms !== 44 && ms !== 46) return 0; // ',' or '.'
  let n = 23;
  const z = s.charCodeAt(23);
  if (z === 90) return 24; // 'Z'
  if (z === 43 || z === 45) {
    // +hhmm or +hh:mm
    if (isDigitCode(s.charCodeAt(24)) && isDigitCode(s.charCodeAt(25))) {
      if (isDigitCode(s.charCodeAt(26)) && isDigitCode(s.charCodeAt(27))) n = 28;
      else if (s.charCodeAt(26) === 58 && isDigitCode(s.charCodeAt(27)) && isDigitCode(s.charCodeAt(28))) n = 29;
    }
  }
  return n;
}

/**
 * Per character of `yyyy-MM-dd HH:mm:ss,SSS`: 0 a digit, else the separator; and the other separator
 * allowed there (` ` or `T`, `,` or `.`; the same one elsewhere).
 */
const TIMESTAMP_LAYOUT = new Int32Array([0, 0, 0, 0, 45, 0, 0, 45, 0, 0, 32, 0, 0, 58, 0, 0, 58, 0, 0, 44, 0, 0, 0]);
const TIMESTAMP_ALT = new Int32Array([0, 0, 0, 0, 45, 0, 0, 45, 0, 0, 84, 0, 0, 58, 0, 0, 58, 0, 0, 46, 0, 0, 0]);
/** The numbers before each separator scanTimestamp passed: year, month, day, hour, minute, second. */
const timestampFields = new Int32Array(6);

/** The value scanTimestamp found: epoch milliseconds, NaN when there was no timestamp or it is not a real date. */
export const scanned = { ts: NaN };

/**
 * timestampLength(s) and parseTimestampOf(s, n) in one pass over the characters (each read once):
 * returns the length, and leaves the value in `scanned.ts`.
 */
export function scanTimestamp(s: string): number {
  scanned.ts = NaN;
  if (s.length < 23) return 0;
  // One loop over `yyyy-MM-dd HH:mm:ss,SSS` (one charCodeAt site: the optimising compiler's work
  // grows with each site, and this runs cold on every candidate entry of a big log at first).
  const fields = timestampFields;
  let k = 0;
  let acc = 0;
  for (let i = 0; i < 23; i++) {
    const c = s.charCodeAt(i);
    const want = TIMESTAMP_LAYOUT[i]!;
    if (want === 0) {
      // A digit is 0..9 after the subtraction (`>>> 0` turns the negative ones into large numbers).
      const digit = c - D0;
      if ((digit >>> 0) > 9) return 0;
      acc = acc * 10 + digit;
      continue;
    }
    if (c !== want && c !== TIMESTAMP_ALT[i]) return 0;
    fields[k++] = acc;
    acc = 0;
  }
  const y = fields[0]!;
  const mo = fields[1]!;
  const d = fields[2]!;
  const h = fields[3]!;
  const mi = fields[4]!;
  const se = fields[5]!;
  const ms = acc;
  let n = 23;
  let offset = 0;
  const z = s.charCodeAt(23);
  if (z === 90) n = 24; // 'Z'
  else if (z === 43 || z === 45) {
    // +hhmm or +hh:mm
    const oh0 = s.charCodeAt(24);
    const oh1 = s.charCodeAt(25);
    if (isDigitCode(oh0) && isDigitCode(oh1)) {
      const c26 = s.charCodeAt(26);
      const c27 = s.charCodeAt(27);
      let om = -1;
      if (isDigitCode(c26) && isDigitCode(c27)) {
        n = 28;
        om = (c26 - D0) * 10 + (c27 - D0);
      } else if (c26 === 58 && isDigitCode(c27) && isDigitCode(s.charCodeAt(28))) {
        n = 29;
        om = (c27 - D0) * 10 + (s.charCodeAt(28) - D0);
      }
      if (om >= 0) offset = (z === 45 ? -1 : 1) * (((oh0 - D0) * 10 + (oh1 - D0)) * 60 + om) * 60_000;
    }
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || se > 60) return n;
  const dayKey = (y * 100 + mo) * 100 + d;
  if (dayKey !== lastDayKey) {
    lastDayMs = Date.UTC(y, mo - 1, d);
    lastDayKey = dayKey;
  }
  scanned.ts = lastDayMs + ((h * 60 + mi) * 60 + se) * 1000 + ms - offset;
  return n;
}

/** True when a line starts a new entry (it starts with a timestamp); other lines continue the previous entry. */
export function isEntryStart(line: string): boolean {
  return timestampLength(line) > 0;
}

/**
 * The same test over bytes, for the indexer's scanner: does the line starting at `offset` of `buf`
 * start with a timestamp? Works on any Uint8Array (a Node Buffer is one); reads at most 23 bytes.
 */
export function isEntryStartBytes(buf: Uint8Array, offset: number, end: number = buf.length): boolean {
  if (offset < 0 || end - offset < 23) return false;
  const b = buf;
  const o = offset;
  return (
    isDigitCode(b[o]!) && isDigitCode(b[o + 1]!) && isDigitCode(b[o + 2]!) && isDigitCode(b[o + 3]!) &&
    b[o + 4] === 45 && isDigitCode(b[o + 5]!) && isDigitCode(b[o + 6]!) &&
    b[o + 7] === 45 && isDigitCode(b[o + 8]!) && isDigitCode(b[o + 9]!) &&
    (b[o + 10] === 32 || b[o + 10] === 84) &&
    isDigitCode(b[o + 11]!) && isDigitCode(b[o + 12]!) && b[o + 13] === 58 &&
    isDigitCode(b[o + 14]!) && isDigitCode(b[o + 15]!) && b[o + 16] === 58 &&
    isDigitCode(b[o + 17]!) && isDigitCode(b[o + 18]!) &&
    (b[o + 19] === 44 || b[o + 19] === 46) &&
    isDigitCode(b[o + 20]!) && isDigitCode(b[o + 21]!) && isDigitCode(b[o + 22]!)
  );
}

/**
 * Epoch milliseconds of a timestamp as written (`2020-02-20 12:20:13,418+0000`); UTC when it has no
 * zone. NaN when it is not a timestamp or not a real date.
 */
export function parseTimestamp(s: string): number {
  return parseTimestampOf(s, timestampLength(s));
}

/** The day (`Date.UTC(y, mo - 1, d)`) of the last timestamp parsed: entries of a file come day by day. */
let lastDayKey = -1;
let lastDayMs = 0;

/**
 * parseTimestamp for a string known to start with a timestamp of `n` characters (timestampLength(s),
 * 0 when it has none). Date.UTC is linear in the hours, minutes, seconds and milliseconds (an hour 24
 * or a second 60 simply carries), so only the day goes through it, once per day.
 */
export function parseTimestampOf(s: string, n: number): number {
  if (n === 0) return NaN;
  const y = (s.charCodeAt(0) - D0) * 1000 + (s.charCodeAt(1) - D0) * 100 + (s.charCodeAt(2) - D0) * 10 + (s.charCodeAt(3) - D0);
  const mo = (s.charCodeAt(5) - D0) * 10 + (s.charCodeAt(6) - D0);
  const d = (s.charCodeAt(8) - D0) * 10 + (s.charCodeAt(9) - D0);
  const h = (s.charCodeAt(11) - D0) * 10 + (s.charCodeAt(12) - D0);
  const mi = (s.charCodeAt(14) - D0) * 10 + (s.charCodeAt(15) - D0);
  const se = (s.charCodeAt(17) - D0) * 10 + (s.charCodeAt(18) - D0);
  const ms = (s.charCodeAt(20) - D0) * 100 + (s.charCodeAt(21) - D0) * 10 + (s.charCodeAt(22) - D0);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || se > 60) return NaN;
  const dayKey = (y * 100 + mo) * 100 + d;
  if (dayKey !== lastDayKey) {
    lastDayMs = Date.UTC(y, mo - 1, d);
    lastDayKey = dayKey;
  }
  let t = lastDayMs + ((h * 60 + mi) * 60 + se) * 1000 + ms;
  if (n >= 28) {
    const sign = s.charCodeAt(23) === 45 ? -1 : 1;
    const oh = (s.charCodeAt(24) - D0) * 10 + (s.charCodeAt(25) - D0);
    const o = n === 28 ? 26 : 27;
    const om = (s.charCodeAt(o) - D0) * 10 + (s.charCodeAt(o + 1) - D0);
    t -= sign * (oh * 60 + om) * 60_000;
  }
  return t;
}

// ---------------------------------------------------------------------------------------------
// Format detection

/** Shape of one entry's first line, as a vote for a format. */
export function lineShape(line: string): LogFormat {
  try {
    const n = timestampLength(line);
    if (n === 0 || line.charCodeAt(n) !== 32) return 'unknown';
    const rest = line.slice(n + 1);
    // Level right after the timestamp: Confluence or Bitbucket.
    const m = /^(TRACE|DEBUG|INFO|WARN|ERROR|FATAL) +\[/.exec(rest);
    if (m) {
      // Confluence: `[thread] [category] `. Bitbucket: `[thread] ` then request id / logger, no bracket.
      const close = rest.indexOf('] ', m[0].length);
      if (close < 0) return 'unknown';
      return rest.charCodeAt(close + 2) === 91 ? 'confluence' : 'bitbucket';
    }
    // Thread first, then level (Jira main or apitokenservice), or no level at all (security log).
    const words = rest.split(' ');
    // The thread may contain spaces in rare cases: find the level within the first few words.
    for (let i = 1; i < Math.min(words.length, 6); i++) {
      if (isLevel(words[i]!)) {
        const tail = words.slice(i + 1);
        // Five MDC fields then `[category]`.
        const cat = tail.findIndex((w) => w.length > 2 && w.charCodeAt(0) === 91 && w.charCodeAt(w.length - 1) === 93);
        // The seed's diagnostics example wraps before `[category]`: five MDC fields with a request id.
        if (cat < 0) return tail.length === 5 && /^\d+x\d+x\d+$/.test(tail[1]!) ? 'jira' : 'unknown';
        if (cat === 5) {
          // user, request id, session, ip, url: apitokenservice leaves the two middle ones empty.
          // (Jira's non-request threads leave all five empty or print only a user: those vote jira.)
          if (tail[1] === '' && tail[2] === '' && (tail[3] !== '' || tail[4] !== '')) return 'apitokenservice';
          return 'jira';
        }
        // Collapsed whitespace or a printed context map: only apitokenservice has such gaps.
        return cat < 5 ? 'apitokenservice' : 'jira';
      }
    }
    // Security log: thread user requestId session ip url message.
    if (words.length >= 7 && /^\d+x\d+x\d+$/.test(words[2]!)) return 'jira-security';
    if (words.length >= 7 && / has (PASSED|FAILED) authentication/.test(rest)) return 'jira-security';
    return 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Detects the layout of a file from its first lines (50 entries are plenty). Every entry's first
 * line votes; a file name (`atlassian-jira-security.log`, `apitokenservice.log.3`) breaks ties and
 * decides when the lines say nothing.
 */
export function detectFormat(lines: readonly string[], fileName?: string): LogFormat {
  try {
    const votes: Record<LogFormat, number> = {
      jira: 0, 'jira-security': 0, confluence: 0, apitokenservice: 0, bitbucket: 0, unknown: 0,
    };
    let jiraLike = 0;
    for (const line of lines) {
      const shape = lineShape(line);
      if (shape === 'unknown') continue;
      votes[shape]++;
      if (shape === 'jira' || shape === 'apitokenservice') jiraLike++;
    }
    const hint = formatFromFileName(fileName);
    // apitokenservice and jira share a shape; lines of non-request threads (empty MDC) vote jira.
    // A file with any request line carrying a request id is Jira's; otherwise apitokenservice wins
    // when it has votes.
    if (jiraLike > 0 && (votes.apitokenservice > 0 || hint === 'apitokenservice') && !hasRequestIds(lines)) {
      votes.apitokenservice += votes.jira;
      votes.jira = 0;
    }
    let best: LogFormat = 'unknown';
    let bestVotes = 0;
    for (const f of ['jira', 'jira-security', 'confluence', 'apitokenservice', 'bitbucket'] as const) {
      const v = votes[f] + (f === hint ? 0.5 : 0);
      if (v > bestVotes) {
        best = f;
        bestVotes = v;
      }
    }
    if (bestVotes < 1) return 'unknown';
    return best;
  } catch {
    return 'unknown';
  }
}

function hasRequestIds(lines: readonly string[]): boolean {
  for (const line of lines) {
    const n = timestampLength(line);
    if (n === 0) continue;
    if (/ (TRACE|DEBUG|INFO|WARN|ERROR|FATAL) \S* \d+x\d+x\d+ /.test(line.slice(n, n + 400))) return true;
  }
  return false;
}

/** What a file name suggests (`atlassian-jira.log.3`, `apitokenservice.log`, `atlassian-confluence.log.gz`). */
export function formatFromFileName(fileName: string | undefined): LogFormat {
  if (!fileName) return 'unknown';
  const base = fileName.replace(/^.*[\\/]/, '').toLowerCase();
  if (base.startsWith('atlassian-jira-security')) return 'jira-security';
  if (base.startsWith('atlassian-jira')) return 'jira';
  if (base.startsWith('atlassian-confluence')) return 'confluence';
  if (base.startsWith('apitokenservice')) return 'apitokenservice';
  if (base.startsWith('atlassian-bitbucket') || base.startsWith('bitbucket')) return 'bitbucket';
  return 'unknown';
}
