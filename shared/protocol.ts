// Every message AuthLog's parts exchange, in one place:
//  1. custom LSP requests/notifications between the extension host and the server (`authlog/...`);
//  2. messages between the extension host and the log viewer's webview.
// Type-only, no runtime imports: usable from the server, the client and the webview.

// ---------------------------------------------------------------------------------------------
// Log data

/** What an entry is about; the classifier's event data decides. */
export type EntryKind = 'audit' | 'diagnostics' | 'login' | 'apitoken' | 'other';
/** Outcome of an authentication event. */
export type Outcome = 'passed' | 'failed' | 'denied' | 'limited' | 'info';
/** Detected layout of a log file. */
export type LogFormat = 'jira' | 'jira-security' | 'confluence' | 'apitokenservice' | 'bitbucket' | 'unknown';

export interface LogFileInfo {
  /** Index of the file in the session. */
  index: number;
  path: string;
  /** Short label for the node/file column: the node directory or the file name with its rotation suffix. */
  label: string;
  format: LogFormat;
  size: number;
  gzip: boolean;
  /** A message for the user when the file cannot be read as a log (binary, permission, ...). */
  problem?: string;
}

/** One entry as a table row (cheap fields only; the message is the first line, cut to ~2,000 chars). */
export interface LogRow {
  /** Position of the entry in the session's merged order (0-based); stable while the session lives. */
  id: number;
  file: number;
  /** 1-based line of the entry's first line in its file, and the number of lines it spans. */
  line: number;
  lines: number;
  /** Timestamp as written, and as epoch milliseconds (UTC when the line has no zone). */
  time?: string;
  ts?: number;
  level?: string;
  thread?: string;
  /** The MDC user of the request (`anonymous` before authentication). */
  user?: string;
  requestId?: string;
  session?: string;
  /** Client IP or proxy chain as written (`91.41.231.119,100.100.0.6`). */
  ip?: string;
  url?: string;
  /** Category as written (`d.resolution.apitokenauth.ApiTokenAuthenticationService`) and the documented logger it matches. */
  category?: string;
  logger?: string;
  kind: EntryKind;
  /** Event id from the classifier's data (`kantega.audit.failed`, `apitoken.ratelimited`, ...). */
  event?: string;
  outcome?: Outcome;
  /** The user the event is about (may differ from `user`), the auth method (Kerberos, SAML, OIDC, API token...), failure reason. */
  subject?: string;
  method?: string;
  reason?: string;
  message: string;
}

export interface LogEntryDetail extends LogRow {
  /** The entry's full text, cut at `rawLimit` characters (then `truncated`). */
  raw: string;
  truncated: boolean;
  /** Diagnostics entries: the JSON object, parsed leniently. */
  json?: {
    ok: boolean;
    /** Pretty-printed JSON when it parsed (possibly after dropping trailing text). */
    pretty?: string;
    /** Text after the JSON (the documented stray ` }`). */
    trailing?: string;
    /** Why it did not parse; the raw text is then shown with a marker. */
    error?: string;
  };
  /** `Key: Value` details split out of the message (KerberosTicket, EncType, RemoteIP, Reason, ...). */
  details?: [string, string][];
  /** API token events: token description, scope, REST endpoint, created. */
  token?: { description?: string; scope?: string; endpoint?: string; created?: string };
}

export interface LogFilter {
  kinds?: EntryKind[];
  outcomes?: Outcome[];
  levels?: string[];
  /** Substring, case-insensitive, of `user` or `subject`. */
  user?: string;
  /** Substring of `ip`. */
  ip?: string;
  /** Substring (case-insensitive) or, with `regex`, a JavaScript regular expression over the entry text. */
  text?: string;
  regex?: boolean;
  /** One click: outcome failed, denied or limited. */
  failuresOnly?: boolean;
  files?: number[];
}

export interface LogSummary {
  entries: number;
  lines: number;
  bytes: number;
  firstTime?: string;
  lastTime?: string;
  byKind: Partial<Record<EntryKind, number>>;
  byOutcome: Partial<Record<Outcome, number>>;
  byLevel: Record<string, number>;
  /** Per auth method: passed and failed counts. */
  byMethod: Record<string, { passed: number; failed: number }>;
  failureReasons: [reason: string, count: number][];
  topFailingUsers: [user: string, count: number][];
  topFailingIps: [ip: string, count: number][];
  /** Failures (and passes) per time bucket. */
  timeline: { start: number; bucketMs: number; failed: number[]; passed: number[] };
}

export interface IndexProgress {
  sessionId: string;
  bytesDone: number;
  bytesTotal: number;
  entries: number;
  done: boolean;
}

// ---------------------------------------------------------------------------------------------
// 1. Custom LSP messages (extension host <-> server). Method names are the constants below.

export const LogRequests = {
  open: 'authlog/logs/open',
  page: 'authlog/logs/page',
  entry: 'authlog/logs/entry',
  summary: 'authlog/logs/summary',
  export: 'authlog/logs/export',
  follow: 'authlog/logs/follow',
  close: 'authlog/logs/close',
} as const;

export const LogNotifications = {
  /** server -> client: indexing progress. */
  progress: 'authlog/logs/progress',
  /** server -> client: the session's entries changed (follow mode appended, rotation, truncation). */
  changed: 'authlog/logs/changed',
  /** server -> client: something the user should read (a file is gzip/binary/unreadable, a file shrank...). */
  message: 'authlog/logs/message',
} as const;

export interface OpenParams {
  files: string[];
  follow?: boolean;
}
export interface OpenResult {
  sessionId: string;
  files: LogFileInfo[];
}
export interface PageParams {
  sessionId: string;
  filter: LogFilter;
  /** Index into the filtered entries. */
  start: number;
  count: number;
}
export interface PageResult {
  rows: LogRow[];
  /** Number of entries matching the filter so far (grows while indexing/following). */
  total: number;
  /** Number of entries in the session so far. */
  entries: number;
  indexing: boolean;
}
export interface EntryParams {
  sessionId: string;
  id: number;
}
export interface SummaryParams {
  sessionId: string;
  filter?: LogFilter;
}
export interface ExportParams {
  sessionId: string;
  filter: LogFilter;
  format: 'csv' | 'jsonl';
  /** Absolute path of the file to write. */
  target: string;
}
export interface ExportResult {
  written: number;
}
export interface FollowParams {
  sessionId: string;
  on: boolean;
}
export interface CloseParams {
  sessionId: string;
}
export interface ChangedParams {
  sessionId: string;
  entries: number;
  reason: 'appended' | 'rotated' | 'truncated' | 'indexed';
}
export interface MessageParams {
  sessionId: string;
  severity: 'info' | 'warning' | 'error';
  text: string;
}

/** Server -> client: server state for the status bar. */
export const ServerNotifications = {
  status: 'authlog/status',
} as const;
export interface ServerStatus {
  state: 'starting' | 'ready' | 'busy' | 'error';
  message?: string;
}

// ---------------------------------------------------------------------------------------------
// 2. Webview <-> extension host. Requests carry `reqId`; the host answers with `reply`.

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'page'; reqId: number; filter: LogFilter; start: number; count: number }
  | { type: 'entry'; reqId: number; id: number }
  | { type: 'summary'; reqId: number; filter?: LogFilter }
  | { type: 'export'; filter: LogFilter; format: 'csv' | 'jsonl' }
  | { type: 'copy'; text: string }
  | { type: 'follow'; on: boolean }
  | { type: 'openFiles' };

export type HostToWebview =
  | { type: 'init'; sessionId: string; files: LogFileInfo[]; follow: boolean }
  | { type: 'progress'; progress: IndexProgress }
  | { type: 'changed'; change: ChangedParams }
  | { type: 'message'; severity: 'info' | 'warning' | 'error'; text: string }
  | { type: 'reply'; reqId: number; ok: true; result: PageResult | LogEntryDetail | LogSummary }
  | { type: 'reply'; reqId: number; ok: false; error: string };
