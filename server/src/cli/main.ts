// Entry point of dist/cli.js, the `authlog` command.
//   authlog lint <files...>    check log4j configuration files (same rules as the editor)
//   authlog logs ...           read Atlassian logs (server/src/cli/logs.ts)
import { createConfigService } from '../config/service';
import { runLint } from './lint';
import { version } from '../../../package.json';
// TODO(lsp): `authlog logs`. When server/src/cli/logs.ts (log-analysis) lands, replace this comment
// with `import { runLogsCommand } from './logs';` and dispatch to it below.

const usage = `authlog ${version}: audit and diagnostics logging of Jira and Confluence authentication apps.

Usage:
  authlog lint <file...> [--format text|json] [--rule <id>=<severity>]...
  authlog logs ...             (see "authlog logs --help")
  authlog --help | --version

Run "authlog lint --help" for the rules and exit codes.`;

const out = (text: string): void => void process.stdout.write(text);
const err = (text: string): void => void process.stderr.write(text);

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
      err(usage + '\n');
      return 2;
    case '-h':
    case '--help':
    case 'help':
      out(usage + '\n');
      return 0;
    case '-v':
    case '--version':
      out(version + '\n');
      return 0;
    case 'lint':
      return runLint(rest, createConfigService(), { stdout: out, stderr: err });
    case 'logs':
      err('authlog logs: not available in this build yet.\n');
      return 2;
    default:
      err(`authlog: unknown command "${command}"\n\n${usage}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    // Let stdout drain before leaving (large JSON through a pipe).
    process.exitCode = code;
  },
  (error: unknown) => {
    err(`authlog: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
