// `authlog lint <files...>`: the same analysis, rule ids and codes as the editor, for CI and shells.
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { ConfigLanguageService, ConfigSettings, RuleSeverity } from '../config/api';
import type { Product, Syntax } from '../config/model';
import { allRules } from '../config/rules';
import { parseSeverity } from '../lsp/settings';

export type FindingSeverity = Exclude<RuleSeverity, 'off'>;

/** One finding; `--format json` prints an array of these. Lines and columns are 1-based. */
export interface LintFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: FindingSeverity;
  code: string;
  message: string;
}

export interface LintIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export const lintUsage = `Usage: authlog lint <file...> [--format text|json] [--rule <id>=<severity>]... [--product auto|jira|confluence]

Checks log4j configuration files (log4j.properties, log4j.xml, log4j2.xml, log4j2.properties)
with the rules of the AuthLog editor extension.

Options:
  --format text|json    text: one "file:line:col severity code message" line per finding (default);
                        json: an array of {file, line, column, endLine, endColumn, severity, code, message}
  --rule <id>=<sev>     change a rule's severity (error, warning, information, hint, off); repeatable
  --product <p>         product to assume when the file does not tell (auto, jira, confluence)
  -h, --help            this help

Exit status: 0 no error-severity finding, 1 at least one, 2 usage error or unreadable file.

Rules:
${allRules.map((r) => `  ${r.id.padEnd(32)} ${r.defaultSeverity}`).join('\n')}`;

const severityNames: Record<number, FindingSeverity> = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

export function toFinding(file: string, d: Diagnostic): LintFinding {
  return {
    file,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: severityNames[d.severity ?? 1] ?? 'error',
    code: d.code === undefined ? '' : String(d.code),
    message: typeof d.message === 'string' ? d.message : d.message.value,
  };
}

/**
 * Share of the first 64 KB that cannot be configuration text: C0 control characters other than
 * tab, line feed, form feed and carriage return, and U+FFFD from invalid UTF-8. A stray NUL in a
 * config stays far below the 5% at which the file is called binary.
 */
export function binaryShare(text: string): number {
  const n = Math.min(text.length, 65_536);
  if (n === 0) return 0;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) || c === 0xfffd) bad++;
  }
  return bad / n;
}

/** Lints one text. Undefined when the file is not a log4j configuration. */
export function lintText(
  service: ConfigLanguageService,
  file: string,
  text: string,
  settings: ConfigSettings,
): { syntax: Syntax; findings: LintFinding[] } | undefined {
  const syntax = service.detectSyntax(basename(file), text);
  if (!syntax) return undefined;
  const uri = pathToFileURL(resolve(file)).href;
  const document = TextDocument.create(uri, syntax.endsWith('xml') ? 'xml' : 'properties', 1, text);
  const model = service.parse(document);
  if (!model) return undefined;
  const findings = service.validate(document, model, settings).map((d) => toFinding(file, d));
  findings.sort((a, b) => a.line - b.line || a.column - b.column);
  return { syntax, findings };
}

function sanitize(text: string): string {
  // Messages may quote file content: keep one finding on one line, without control characters.
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
}

export function formatText(f: LintFinding): string {
  return `${f.file}:${f.line}:${f.column} ${f.severity} ${f.code} ${sanitize(f.message)}`;
}

/** Runs `authlog lint` with the arguments after `lint`; `serviceFor` makes the service for the `--product` assumed. */
export async function runLint(args: string[], serviceFor: (product: Product | 'auto') => ConfigLanguageService, io: LintIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', default: 'text' },
        rule: { type: 'string', multiple: true, default: [] },
        product: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    io.stderr(`authlog lint: ${(error as Error).message}\n\n${lintUsage}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(lintUsage + '\n');
    return 0;
  }
  const usageError = (message: string): number => {
    io.stderr(`authlog lint: ${message}\nRun "authlog lint --help" for usage.\n`);
    return 2;
  };
  if (values.format !== 'text' && values.format !== 'json') return usageError(`unknown format "${values.format}" (text or json)`);
  if (positionals.length === 0) return usageError('no file given');

  const settings: ConfigSettings = {};
  const known = new Set(allRules.map((r) => r.id));
  for (const spec of values.rule ?? []) {
    const eq = spec.indexOf('=');
    const id = eq < 0 ? spec : spec.slice(0, eq);
    const severity = eq < 0 ? undefined : parseSeverity(spec.slice(eq + 1));
    if (!known.has(id)) return usageError(`unknown rule "${id}" (known: ${[...known].join(', ')})`);
    if (!severity) return usageError(`--rule ${spec}: expected ${id}=error|warning|information|hint|off`);
    (settings.rules ??= {})[id] = severity;
  }
  if (values.product !== undefined) {
    if (!['auto', 'jira', 'confluence'].includes(values.product)) return usageError(`unknown product "${values.product}" (auto, jira or confluence)`);
    settings.product = values.product as 'auto' | 'jira' | 'confluence';
  }

  const service = serviceFor(settings.product ?? 'auto');
  let unreadable = false;
  let errors = 0;
  const all: LintFinding[] = [];
  for (const file of positionals) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'is a directory' : e.code === 'EACCES' ? 'permission denied' : e.message;
      io.stderr(`authlog lint: cannot read ${file}: ${why}\n`);
      unreadable = true;
      continue;
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const binary = binaryShare(text);
    if (binary > 0.05) {
      io.stderr(`authlog lint: ${file}: looks binary (${Math.round(binary * 100)}% control characters or invalid UTF-8), not a log4j configuration, skipped\n`);
      continue;
    }
    let result;
    try {
      result = lintText(service, file, text, settings);
    } catch (error) {
      io.stderr(`authlog lint: ${file}: internal error, file skipped: ${(error as Error).message}\n`);
      unreadable = true;
      continue;
    }
    if (!result) {
      io.stderr(`authlog lint: ${file}: not a log4j configuration, skipped\n`);
      continue;
    }
    for (const f of result.findings) {
      if (f.severity === 'error') errors++;
      all.push(f);
    }
    if (values.format === 'text') for (const f of result.findings) io.stdout(formatText(f) + '\n');
  }
  if (values.format === 'json') io.stdout(JSON.stringify(all, null, 2) + '\n');
  return unreadable ? 2 : errors > 0 ? 1 : 0;
}
